"""PolNeAR-style brat scoring: exact numbers on a corpus built here, then the real extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from stancemap.evaluate.brat import STRIPPED_MARKS, BratAttribution, read_ann, read_brat_dir, score_brat_dir, strip_marks

TEXT = (
    "Lopez said the talks failed.\n\n"
    "According to the ministry, forty people died.\n\n"
    '"We will win," said Maria Chen, the party leader.\n'
)
ANN = """T1\tSource 0 5\tLopez
T2\tCue 6 10\tsaid
T3\tContent 11 27\tthe talks failed
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tCue 30 42\tAccording to
T6\tSource 43 55\tthe ministry
T7\tContent 57 75\tforty people died.
T8\tAttribution 30 42\tAccording to
E2\tAttribution:T8 Cue:T5 Source:T6 Content:T7
#1\tAnnotatorNotes T7\ta note
T9\tContent 77 91\t"We will win,"
T10\tCue 92 96\tsaid
T11\tSource 97 125\tMaria Chen, the party leader
T12\tAttribution 91 95\tsaid
E3\tAttribution:T12 Content:T9 Cue:T10 Source:T11
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "a_x1.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "a_z9.ann").write_text("", encoding="utf-8")  # a second annotator: ignored
    return tmp_path


def test_reader_ties_parts_together(corpus):
    atts = read_ann(corpus / "attributions" / "a_x1.ann")
    assert [(a.source, a.cue, a.content) for a in atts] == [
        (((0, 5),), ((6, 10),), ((11, 27),)),
        (((43, 55),), ((30, 42),), ((57, 75),)),
        (((97, 125),), ((92, 96),), ((77, 91),)),
    ]
    assert TEXT[97:125] == "Maria Chen, the party leader"


def test_exact_and_overlap_numbers(corpus):
    def predict(texts):
        assert texts == [TEXT]
        return [[
            # exact on every part (the trailing period of the gold content is ignored)
            BratAttribution(((43, 55),), ((30, 42),), ((57, 74),)),
            # source overlaps only ("Maria Chen" vs "Maria Chen, the party leader"), content without quote marks
            BratAttribution(((97, 107),), ((92, 96),), ((78, 89),)),
            # wrong cue, right source: a false cue and a false attribution
            BratAttribution(((0, 5),), ((11, 14),), ((15, 27),)),
            # spurious
            BratAttribution(((57, 62),), ((63, 69),), ((70, 74),)),
        ]]

    r = score_brat_dir(corpus, extract=predict)
    assert r["articles"] == 1
    # source: 3 gold, 4 predicted; exact: ministry, Lopez -> 2; overlap: + Maria Chen -> 3
    assert r["source"]["exact"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert r["source"]["overlap"] == {"precision": 0.75, "recall": 1.0, "f1": 0.8571}
    # cue: exact According to, said -> 2 of 3 gold, 4 predicted
    assert r["cue"]["exact"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert r["cue"]["overlap"] == r["cue"]["exact"]
    # content: exact ministry's content, the quote (marks ignored) -> 2; overlap: + "talks failed" -> 3
    assert r["content"]["exact"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert r["content"]["overlap"] == {"precision": 0.75, "recall": 1.0, "f1": 0.8571}
    # whole attribution: exact needs all three -> 1; overlap -> 2 (the third has a wrong cue)
    assert r["attribution"]["exact"] == {"precision": 0.25, "recall": 0.3333, "f1": 0.2857}
    assert r["attribution"]["overlap"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}


def test_overlap_is_one_to_one(corpus):
    # two predictions over one gold source: only one can match it
    r = score_brat_dir(corpus, extract=lambda texts: [[
        BratAttribution(((0, 3),), ((6, 10),), ((11, 27),)),
        BratAttribution(((2, 5),), ((6, 10),), ((11, 20),)),
    ]])
    assert r["source"]["overlap"]["precision"] == 0.5
    assert r["source"]["overlap"]["recall"] == 0.3333


def test_coordinated_speakers_merge_into_one_attribution(corpus, nlp):
    from stancemap.evaluate.brat import merge_coordinated

    a = BratAttribution(((0, 5),), ((6, 10),), ((11, 27),))
    b = BratAttribution(((12, 14),), ((6, 10),), ((11, 27),))
    (m,) = merge_coordinated([a, b])
    assert m.source == ((0, 5), (12, 14))


def test_real_extractor_on_the_tiny_corpus(corpus):
    r = score_brat_dir(corpus)
    assert r["articles"] == 1
    assert r["source"]["overlap"]["f1"] == 1.0
    assert r["cue"]["exact"]["f1"] == 1.0
    assert r["attribution"]["overlap"]["f1"] == 1.0


def test_missing_text_dir_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="text/"):
        score_brat_dir(tmp_path)


def test_polnear_dev_smoke():
    dev = shared_path("data", "polnear", "dev")
    r = score_brat_dir(dev, limit=4)
    assert r["articles"] == 4
    assert set(r) == {"source", "cue", "content", "attribution", "articles"}
    assert r["source"]["overlap"]["f1"] > 0.5
    assert r["attribution"]["overlap"]["f1"] > 0.4


def test_units_score_the_statements_a_user_gets_and_attributions_every_one_found():
    """Units (the default) are the statements `extract` stores, one per speaker and sentence;
    the PolNeAR mode keeps every attribution, so it finds at least as many cues."""
    dev = shared_path("data", "polnear", "dev")
    units = score_brat_dir(dev, limit=4)
    every = score_brat_dir(dev, limit=4, units=False)
    assert units != every
    assert every["cue"]["overlap"]["recall"] >= units["cue"]["overlap"]["recall"]
    assert units["source"]["overlap"]["f1"] > 0.5


def _letters(text: str, spans) -> str:
    return "".join(c for s, e in spans for c in text[s:e] if c.isalnum())


def test_stripping_marks_moves_every_span_to_the_same_letters(corpus):
    (doc,) = read_brat_dir(corpus)
    stripped = strip_marks(doc)
    assert "," not in stripped.text and stripped.text.startswith("Lopez said")
    assert len(stripped.attributions) == len(doc.attributions)
    for before, after in zip(doc.attributions, stripped.attributions):
        for part in ("source", "cue", "content"):
            assert _letters(stripped.text, getattr(after, part)) == _letters(doc.text, getattr(before, part))
    # "Maria Chen, the party leader": the comma inside the span goes, the words stay
    source = stripped.attributions[2].source
    assert [stripped.text[s:e] for s, e in source] == ["Maria Chen the party leader"]


def test_stripping_marks_keeps_the_letters_of_every_polnear_span():
    dev = read_brat_dir(shared_path("data", "polnear", "dev"))[:20]
    for doc in dev:
        stripped = strip_marks(doc)
        assert not set(STRIPPED_MARKS) & set(stripped.text)
        for before, after in zip(doc.attributions, stripped.attributions):
            for part in ("source", "cue", "content"):
                assert _letters(stripped.text, getattr(after, part)) == _letters(doc.text, getattr(before, part))


def test_the_eval_command_scores_a_corpus_with_its_marks_stripped(corpus):
    from typer.testing import CliRunner

    from stancemap.cli import app

    runner = CliRunner()
    plain = runner.invoke(app, ["eval", "--brat", str(corpus), "--json"])
    stripped = runner.invoke(app, ["eval", "--brat", str(corpus), "--brat-strip-marks", "--json"])
    assert plain.exit_code == 0 and stripped.exit_code == 0, stripped.output
    assert '"articles": 1' in stripped.output
    alone = runner.invoke(app, ["eval", "--brat-strip-marks", "gold.yaml"])
    assert alone.exit_code != 0 and "--brat DIR" in alone.output

"""Running the eval end to end: speaker matching through the actor KB, and the real CLI on a gold file of our own."""

from __future__ import annotations

import json

import pytest

from stancemap.evaluate.gold import load_gold
from stancemap.evaluate.run import speaker_matcher

BODY = (
    "Talks in Vienna stalled on Tuesday. Foreign Minister Mohammad Javad Zarif said the talks would resume "
    "next week. Rouhani told reporters in Tehran that Iran wanted a quick deal. Analysts were not convinced."
)

GOLD = """\
source: article.txt
conflict: {name: Talks, sides: [Iran, United States]}
statements:
  - speaker: Muhammad Javad Zarif
    aliases: [Zarif]
    kind: person
    sentence: Foreign Minister Mohammad Javad Zarif said the talks would resume next week.
    actions: [statement]
  - speaker: Hassan Rouhani
    kind: person
    sentence: Rouhani told reporters in Tehran that Iran wanted a quick deal.
    actions: [statement]
"""


@pytest.fixture
def gold_file(tmp_path):
    (tmp_path / "article.txt").write_text(BODY, encoding="utf-8")
    path = tmp_path / "gold.yaml"
    path.write_text(GOLD, encoding="utf-8")
    return path


def test_speaker_names_match_through_the_actor_kb_but_not_loosely(gold_file):
    same = speaker_matcher(load_gold(gold_file))
    assert same("Mohammad Javad Zarif", ["Muhammad Javad Zarif", "Zarif"])  # transliteration variant
    assert same("ZARIF", ["Muhammad Javad Zarif", "Zarif"])  # alias, any case
    assert same("Hassan Rohani", ["Hassan Rouhani"])  # another transliteration
    assert same("Rouhani", ["Hassan Rouhani"])  # surname of a known person
    assert not same("Hassan Rouhani", ["Muhammad Javad Zarif", "Zarif"])
    assert not same("Javad", ["Muhammad Javad Zarif", "Zarif"])  # a piece of the name is not the name
    assert not same("Mohammad", ["Muhammad Javad Zarif", "Zarif"])
    assert not same("he", ["Hassan Rouhani"])  # a pronoun matches only where the gold lists it


def test_eval_json_has_the_documented_shape(cli, gold_file):
    result = cli("eval", gold_file, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"files", "overall"}
    assert list(data["files"]) == [str(gold_file)]
    for scores in (data["files"][str(gold_file)], data["overall"]):
        assert set(scores) == {"article", "speakers", "dates", "stance", "stance_prior", "actions", "camps"}
        if scores["speakers"] is not None:
            assert set(scores["speakers"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
            assert scores["speakers"]["tp"] + scores["speakers"]["fn"] == 2  # two required gold units
        if scores["dates"] is not None:
            assert set(scores["dates"]) == {"accuracy", "n"}
        if scores["stance"] is not None:
            assert set(scores["stance"]) == {"accuracy", "macro_f1", "spurious", "agreement_all_pairs", "n"}
            assert scores["stance"]["n"] == 0  # this gold gives no stance labels
        if scores["article"] is not None:
            assert scores["article"] == {"passed": 0, "total": 0, "failed_fields": []}
        assert scores["camps"] is None  # this gold has no camps


def test_eval_table_and_explain(cli, gold_file):
    result = cli("eval", gold_file, "--explain")
    assert result.exit_code == 0, result.output
    assert "speaker F1" in result.output and "date accuracy" in result.output


def test_eval_names_the_bad_gold_file_and_field(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: a.txt\nstatements:\n  - {speaker: X, sentence: S, stance: {A: maybe}}\n", encoding="utf-8")
    result = cli("eval", bad)
    assert result.exit_code == 2
    assert str(bad) in result.output and "statements[0].stance.A" in result.output


def test_eval_names_a_missing_source(cli, tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("source: nowhere.txt\n", encoding="utf-8")
    result = cli("eval", gold)
    assert result.exit_code == 2 and "nowhere.txt" in result.output


def test_eval_needs_gold_or_brat(cli):
    result = cli("eval")
    assert result.exit_code == 2 and "--brat" in result.output


def test_eval_brat_rejects_a_directory_that_is_not_a_corpus(cli, tmp_path):
    result = cli("eval", "--brat", tmp_path)
    assert result.exit_code == 2 and "attributions" in result.output


def test_an_ambiguous_short_form_names_no_one(tmp_path):
    (tmp_path / "a.txt").write_text("Anna Lind said yes. Erik Lind said no.", encoding="utf-8")
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "source: a.txt\nstatements:\n"
        "  - {speaker: Anna Lind, kind: person, sentence: Anna Lind said yes.}\n"
        "  - {speaker: Erik Lind, kind: person, sentence: Erik Lind said no.}\n",
        encoding="utf-8",
    )
    same = speaker_matcher(load_gold(gold))
    assert not same("Lind", ["Anna Lind"]) and not same("Lind", ["Erik Lind"])
    assert same("Erik Lind", ["Erik Lind"]) and not same("Erik Lind", ["Anna Lind"])


def test_eval_brat_scores_a_corpus_written_here(cli, tmp_path):
    """--brat runs the real extractor and scorer on a brat directory: one article, one plain attribution."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Talks fail\nAnna Berg said the talks had failed.\n"
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    start = text.index("Anna")
    spans = {"Source": "Anna Berg", "Cue": "said", "Content": "the talks had failed."}
    lines = []
    for i, (label, part) in enumerate(spans.items(), 1):
        s = text.index(part)
        lines.append(f"T{i}\t{label} {s} {s + len(part)}\t{part}")
    lines.append(f"T4\tAttribution {start} {text.index('failed.') + 7}\tAnna Berg said the talks had failed.")
    lines.append("E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3")
    (tmp_path / "attributions" / "a_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("eval", "--brat", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"source", "cue", "content", "attribution", "articles"}
    assert scores["articles"] == 1
    assert scores["source"]["overlap"]["recall"] == 1.0 and scores["cue"]["exact"]["f1"] == 1.0
    table = cli("eval", "--brat", tmp_path)
    assert table.exit_code == 0 and "attribution" in table.output and "1 articles scored" in table.output


def test_a_source_the_pipeline_cannot_read_does_not_stop_the_other_files(cli, gold_file, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    broken = tmp_path / "broken.yaml"
    broken.write_text("source: empty.txt\nstatements:\n  - {speaker: X, sentence: Nothing here.}\n", encoding="utf-8")
    result = cli("eval", broken, gold_file, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"][str(broken)]["speakers"] is None
    assert data["files"][str(gold_file)]["speakers"] is not None
    assert str(broken) in result.stderr and "empty.txt" in result.stderr


def test_a_learned_coder_is_not_measured_on_its_own_training_file(cli, tmp_path):
    (tmp_path / "article.txt").write_text(BODY, encoding="utf-8")
    labelled = GOLD.replace("    actions: [statement]\n", "    actions: [statement]\n    stance: {Iran: support, United States: oppose}\n", 1)
    labelled = labelled.replace("    actions: [statement]\n  - speaker: Hassan", "    actions: [statement]\n    stance: {Iran: neutral}\n  - speaker: Hassan")
    gold_file = tmp_path / "train.yaml"
    gold_file.write_text(labelled, encoding="utf-8")
    assert load_gold(gold_file).units[0].stance == {"Iran": "support", "United States": "oppose"}
    # a second annotated article: folds are made of whole articles
    (tmp_path / "second.txt").write_text(BODY, encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text(labelled.replace("source: article.txt", "source: second.txt"), encoding="utf-8")
    model = tmp_path / "coder.json.gz"
    trained = cli("train", gold_file, second, "--out", model, "--folds", "2", "--no-search")
    assert trained.exit_code == 0, trained.output
    result = cli("eval", gold_file, "--coder", model)
    assert result.exit_code == 2
    assert str(gold_file) in result.output and "fitted on" in result.output
    # another annotation of a trained-on article is refused too: what counts is the text
    again = tmp_path / "again.yaml"
    again.write_text(GOLD, encoding="utf-8")
    assert cli("eval", again, "--coder", model).exit_code == 2
    (tmp_path / "other.txt").write_text(BODY, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(GOLD.replace("source: article.txt", "source: other.txt"), encoding="utf-8")
    assert cli("eval", other, "--coder", model, "--json").exit_code == 0


def test_a_state_or_its_capital_speaks_as_its_government(tmp_path):
    (tmp_path / "a.txt").write_text("Turkey said it backed the talks. Greece disagreed.", encoding="utf-8")
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "source: a.txt\nstatements:\n"
        "  - {speaker: Government of Turkey, kind: government, sentence: Turkey said it backed the talks.}\n",
        encoding="utf-8",
    )
    same = speaker_matcher(load_gold(gold))
    assert same("Turkey", ["Government of Turkey"]) and same("Ankara", ["Government of Turkey"])
    assert not same("Greece", ["Government of Turkey"]) and not same("Turkish", ["Government of Turkey"])


def test_eval_reports_the_speaker_side_prior_and_agreement_over_all_pairs(cli):
    from conftest import shared_path

    gold = shared_path("gold", "seed.yaml")
    result = cli("eval", gold, "--json")
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    coder, prior = overall["stance"], overall["stance_prior"]
    assert prior["n"] == coder["n"] > 0  # the same labelled pairs
    assert 0 <= prior["accuracy"] <= 1 and 0 <= coder["agreement_all_pairs"] <= 1
    assert coder["agreement_all_pairs"] != prior["agreement_all_pairs"]  # two answers, measured apart


def test_a_gold_name_the_kb_knows_is_that_actor(tmp_path):
    """The gold names an institution in its own words; the pipeline gives the KB's canonical
    name for it. Adding the gold speaker to the KB copy must not hide the actor it names."""
    (tmp_path / "a.txt").write_text(
        "The Armenian Ministry of Defense said the shelling went on. Azerbaijan's foreign ministry denied it.",
        encoding="utf-8")
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "source: a.txt\nstatements:\n"
        "  - {speaker: Armenian Ministry of Defense, aliases: [the Ministry of Defense in Yerevan], kind: government,"
        " sentence: The Armenian Ministry of Defense said the shelling went on.}\n"
        "  - {speaker: Azerbaijan's foreign ministry, kind: government, sentence: Azerbaijan's foreign ministry denied it.}\n",
        encoding="utf-8",
    )
    same = speaker_matcher(load_gold(gold))
    mod = ["Armenian Ministry of Defense", "the Ministry of Defense in Yerevan"]
    assert same("Ministry of Defence of Armenia", mod)
    assert same("Ministry of Foreign Affairs of Azerbaijan", ["Azerbaijan's foreign ministry"])
    assert not same("Ministry of Defence of Azerbaijan", mod)  # the other country's ministry
    assert not same("Government of Armenia", mod)  # the government is not its ministry
    assert not same("Ministry of Foreign Affairs of Armenia", mod)

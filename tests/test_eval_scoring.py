"""The gold README's scoring rules, on hand-built gold and predictions whose scores are worked out by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from stancemap.evaluate.gold import GoldError, load_gold
from stancemap.evaluate.scoring import (
    FilePrediction,
    Predicted,
    combine,
    date_correct,
    date_interval,
    locate,
    score_article,
    score_file,
)
from stancemap.records import Article

BODY = (
    "The Freedonian minister Anna Berg said on Monday that talks must resume. "
    "Sylvanian officials rejected the plan.\n\n"
    "Berg later told reporters that   Sylvania had broken the truce. "
    "The Daily Courier, a paper close to the palace, backed Freedonia. "
    "Analysts expect more fighting."
)

GOLD_YAML = """\
source: article.txt
article:
  title: Talks stall between Freedonia and Sylvania
  published: 2023-03-14T09:30
  publisher: Example Post
  views: 120
  tags: [Freedonia, Sylvania]
  body_starts_with: The Freedonian minister Anna Berg said
  body_ends_with: Analysts expect more fighting.
  boilerplate_absent: ["Subscribe", "share", "talks"]
conflict:
  name: Freedonia-Sylvania dispute
  sides: [Freedonia, Sylvania]
camps:
  - name: Freedonia / Government
    members: [Anna Berg, Freedonian government]
  - name: Freedonia / Palace circle
    members: [The Daily Courier, Palace spokesman]
statements:
  - speaker: Anna Berg
    aliases: [Berg, the minister]
    kind: person
    sentence: The Freedonian minister Anna Berg said on Monday that talks must resume.
    date: 2023-03-13
    actions: [appeal_deescalation]
    stance: {Freedonia: neutral, Sylvania: neutral}
  - speaker: Sylvanian government
    aliases: [Sylvanian officials]
    kind: government
    sentence: Sylvanian officials rejected the plan.
    date: 2023-03
    actions: [reject]
    stance: {Freedonia: oppose}
  - speaker: Anna Berg
    sentence: Berg later told reporters that Sylvania had broken the truce.
    actions: [accuse]
    stance: {Sylvania: oppose}
  - speaker: The Daily Courier
    kind: media
    sentence: The Daily Courier, a paper close to the palace, backed Freedonia.
    date: 2023-03-01/2023-03-14
    actions: [endorse]
    stance: {Freedonia: support}
    optional: true
"""


@pytest.fixture
def gold(tmp_path):
    (tmp_path / "article.txt").write_text(BODY, encoding="utf-8")
    path = tmp_path / "gold.yaml"
    path.write_text(GOLD_YAML, encoding="utf-8")
    return load_gold(path)


def span(sentence: str) -> tuple[int, int]:
    (found,) = locate(sentence, BODY)
    return found


def unit(speaker: str, sentence: str, **kw) -> Predicted:
    start, end = span(sentence)
    return Predicted(speaker=speaker, start=start, end=end, sentence=BODY[start:end], **kw)


S1 = "The Freedonian minister Anna Berg said on Monday that talks must resume."
S2 = "Sylvanian officials rejected the plan."
S3 = "Berg later told reporters that Sylvania had broken the truce."
S4 = "The Daily Courier, a paper close to the palace, backed Freedonia."
S5 = "Analysts expect more fighting."


def test_gold_file_loads_with_source_relative_to_it(gold, tmp_path):
    assert gold.source == (tmp_path / "article.txt").resolve()
    assert gold.sides == ["Freedonia", "Sylvania"]
    assert [u.optional for u in gold.units] == [False, False, False, True]
    assert gold.units[1].date == "2023-03"
    assert gold.units[2].date is None
    assert gold.aliases_of("Anna Berg") == ["Anna Berg", "Berg", "the minister"]


def test_locate_tolerates_whitespace_case_and_quote_style():
    # The body has three spaces inside this sentence; the gold has one.
    start, end = span(S3)
    assert BODY[start:end] == "Berg later told reporters that   Sylvania had broken the truce."
    assert locate("berg LATER told reporters that sylvania had broken the truce.", BODY) == [(start, end)]
    assert locate("He said \u201cno\u201d.", 'Then: He said "no". Twice: he said \u201cno\u201d.') == [(6, 19), (27, 40)]
    assert locate("Not in the body at all.", BODY) == []


@pytest.mark.parametrize(
    "gold_date, predicted, right",
    [
        ("1993", "1993", True),
        ("1993", "1993-05-02", True),  # finer than the gold: equal at the gold's precision
        ("1993", "1994", False),
        ("2020-10", "2020-10-31", True),
        ("2020-10-05", "2020-10", False),  # coarser than the gold: not fixed to the day
        ("2020-10-05", "2020-10-05", True),
        ("2020-10-05", "2020-10-06", False),
        ("2020-09-27/2020-10-18", "2020-10-05", True),  # a date inside the gold range
        ("2020-09-27/2020-10-18", "2020-10-10/2020-10-18", True),  # a range inside the gold range
        ("2020-09-27/2020-10-18", "2020-10-10/2020-10-19", False),  # sticks out by one day
        ("2020-09-27/2020-10-18", "2020-10", False),  # all of October is wider than the range
        ("2020-10-05", None, False),
        ("2020-10-05", "not a date", False),
    ],
)
def test_date_correct_at_gold_precision(gold_date, predicted, right):
    assert date_correct(gold_date, predicted) is right


def test_date_interval_covers_whole_month_and_leap_day():
    assert str(date_interval("2024-02")[1]) == "2024-02-29"
    assert [str(d) for d in date_interval("2020-09-27/2020-10")] == ["2020-09-27", "2020-10-31"]


def test_speaker_units_one_to_one_with_aliases_and_optional_units(gold):
    preds = [
        unit("anna berg", S1, date="2023-03-13"),  # canonical name, other case: tp
        unit("ANNA BERG", S1, date="2023-03-13"),  # the same unit again: one-to-one, so fp
        unit("Sylvanian officials", S2, date="2023-03-14"),  # an alias: tp
        unit("Anna Berg", S5),  # a sentence with no gold unit: fp
        unit("The Daily Courier", S4, date="2023-03-10"),  # optional unit: neither tp nor fp
        # S3 is not predicted: fn
    ]
    score = score_file(gold, FilePrediction(body=BODY, units=preds))
    assert score.speakers.json() == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714, "tp": 2, "fp": 2, "fn": 1}
    kinds = sorted((e["kind"], e["speaker"]) for e in score.explain if e["kind"] in ("missed", "spurious"))
    assert kinds == [("missed", "Anna Berg"), ("spurious", "ANNA BERG"), ("spurious", "Anna Berg")]
    missed = next(e for e in score.explain if e["kind"] == "missed")
    assert missed["sentence_start"] == span(S3)[0]


def test_wrong_speaker_on_right_sentence_is_both_a_miss_and_a_false_positive(gold):
    preds = [unit("Sylvania", S1), unit("Berg", S3)]
    s = score_file(gold, FilePrediction(body=BODY, units=preds)).speakers
    # "Sylvania" is not Anna Berg: fp, and S1 is missed; "Berg" is an alias given on another unit: tp.
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)


def test_a_substring_of_a_name_is_not_the_speaker(gold):
    s = score_file(gold, FilePrediction(body=BODY, units=[unit("Anna", S1), unit("Berg said", S1)])).speakers
    assert (s.tp, s.fp, s.fn) == (0, 2, 3)


def test_sentence_overlap_not_identity_decides(gold):
    # A predicted sentence that runs into the next one still overlaps the gold sentence.
    start, _ = span(S1)
    _, end = span(S2)
    s = score_file(gold, FilePrediction(body=BODY, units=[Predicted("Anna Berg", start, end)])).speakers
    assert (s.tp, s.fp, s.fn) == (1, 0, 2)


def test_dates_scored_on_matched_units_and_invented_dates_count_wrong(gold):
    preds = [
        unit("Anna Berg", S1, date="2023-03-13"),  # right
        unit("Sylvanian government", S2, date="2023-03-14"),  # inside the gold month: right
        unit("Anna Berg", S3, date="2023-03-14"),  # the gold gives no date: invented, wrong
        unit("The Daily Courier", S4, date="2023-02-28/2023-03-14"),  # starts before the gold range: wrong
    ]
    dates = score_file(gold, FilePrediction(body=BODY, units=preds)).dates
    assert dates.json() == {"accuracy": 0.5, "n": 4}
    # Saying "unknown" where the gold gives no date is not scored at all.
    preds[2] = unit("Anna Berg", S3, date=None)
    assert score_file(gold, FilePrediction(body=BODY, units=preds)).dates.json() == {"accuracy": 0.6667, "n": 3}


def test_stance_accuracy_macro_f1_and_spurious_by_hand(gold):
    preds = [
        unit("Anna Berg", S1, stance={"Freedonia": "neutral", "Sylvania": "oppose"}, actions=["appeal_deescalation"]),
        unit("Sylvanian government", S2, stance={"Freedonia": "oppose", "Sylvania": "support"}, actions=["reject", "criticize"]),
        unit("Anna Berg", S3, stance={}, actions=["accuse", "statement"]),
        unit("The Daily Courier", S4, stance={"Freedonia": "support"}, actions=[]),
    ]
    score = score_file(gold, FilePrediction(body=BODY, units=preds, coded=True))
    # Gold pairs (side, gold, predicted):
    #   Freedonia: neutral/neutral, oppose/oppose, support/support   -> 3 right
    #   Sylvania:  neutral/oppose, oppose/None                        -> 0 right
    # accuracy 3/5. Freedonia macro-F1 = 1.0 (three labels, all perfect).
    # Sylvania labels present: neutral (tp0 fp0 fn1 -> 0), oppose (tp0 fp1 fn1 -> 0) -> 0.0.
    # Mean over sides 0.5. Predicted labels 2 + 2 + 0 + 1 = 5; on a pair the gold leaves out: S2/Sylvania -> 1/5.
    # Over all 8 (unit, side) pairs, "no stance" an answer: the 3 right labels, plus the 2 pairs both
    # leave out (S2/Sylvania is the spurious one) -> 5/8.
    assert score.stance.json() == {"accuracy": 0.6, "macro_f1": 0.5, "spurious": 0.2, "agreement_all_pairs": 0.625, "n": 5}
    # Actions: tp = 1 + 1 + 1 + 0 = 3, fp = criticize + statement = 2, fn = endorse = 1 -> 6/9.
    assert score.actions.json() == {"f1": 0.6667}
    wrong = {(e["kind"], e.get("side"), e["sentence_start"]) for e in score.explain if e["kind"] in ("stance", "actions")}
    assert ("stance", "Sylvania", span(S2)[0]) in wrong and ("actions", None, span(S4)[0]) in wrong


def test_stance_and_actions_are_absent_when_nothing_was_coded(gold):
    score = score_file(gold, FilePrediction(body=BODY, units=[unit("Anna Berg", S1)]))
    assert score.stance is None and score.actions is None
    assert score.json()["stance"] is None


def test_camps_share_of_members_in_their_majority_camp(gold):
    g = score_file(gold, FilePrediction(body=BODY, units=[], camps=[
        ("Freedonia / Government", ["Berg", "Freedonian government", "Palace spokesman"]),
        ("Freedonia / Media", ["The Daily Courier"]),
    ])).camps
    # Government camp: both members together -> 2. Palace circle: Courier and spokesman apart;
    # its majority camp can only be "Media" (Government is taken) -> 1. Total 3 of 4.
    assert g.json() == {"score": 0.75}
    lumped = score_file(gold, FilePrediction(body=BODY, units=[], camps=[
        ("Freedonia", ["Anna Berg", "Freedonian government", "The Daily Courier", "Palace spokesman"]),
    ])).camps
    assert lumped.json() == {"score": 0.5}  # one camp for everyone is the majority camp of one gold camp only


def article(**kw) -> Article:
    fields = dict(
        body=BODY, title="Talks stall between Freedonia and Sylvania", published="2023-03-14T09:30:00+01:00",
        publisher="Example Post", views=120, tags=["Sylvania", "Freedonia"],
    )
    fields.update(kw)
    return Article(**fields)


def test_article_fields_exact_and_body_checks(gold):
    assert score_article(gold, article()).json() == {"passed": 8, "total": 8, "failed_fields": []}
    bad = score_article(gold, article(title="Talks Stall", published="2023-03-14T09:31", views=None,
                                      body=BODY + "\n\nSubscribe to our newsletter"))
    assert bad.json() == {
        "passed": 3, "total": 8,
        "failed_fields": ["title", "published", "views", "body_ends_with", "boilerplate_absent"],
    }


def test_boilerplate_words_inside_gold_sentences_are_article_text(gold):
    # "talks" is listed as boilerplate but occurs inside a gold sentence; "share" must not flag "shares".
    body = BODY.replace("Analysts expect", "Analysts who shares expect")
    assert "boilerplate_absent" not in score_article(gold, article(body=body)).failed_fields
    body = BODY + " Peace talks next week."
    assert "boilerplate_absent" in score_article(gold, article(body=body)).failed_fields


def test_published_compared_at_gold_precision(tmp_path, gold):
    gold.article = {"published": "2023-03-14"}
    assert score_article(gold, article(published="2023-03-14T23:59")).passed == 1
    assert score_article(gold, article(published="2023-03-15")).passed == 0
    assert score_article(gold, article(published="2023-03-141")).passed == 0


def test_overall_is_micro_averaged(gold):
    a = score_file(gold, FilePrediction(body=BODY, units=[unit("Anna Berg", S1)]))  # tp1 fn2
    b = score_file(gold, FilePrediction(body=BODY, units=[unit("Anna Berg", S1), unit("Berg", S3),
                                                          unit("Sylvanian government", S2), unit("X", S5)]))  # tp3 fp1
    overall = combine([a, b])
    assert overall.speakers.json()["tp"] == 4 and overall.speakers.json()["fp"] == 1
    assert overall.speakers.json()["f1"] == round(2 * 4 / (2 * 4 + 1 + 2), 4)  # not the mean of 0.5 and 0.857
    assert overall.dates.json()["n"] == 3


def write_gold(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, where",
    [
        ("article: {}\n", "source"),
        ("source: a.txt\nconflict: {sides: [A, B]}\nstatements:\n  - {speaker: X, sentence: S, stance: {A: favour}}\n",
         "statements[0].stance.A"),
        ("source: a.txt\nconflict: {sides: [A, B]}\nstatements:\n  - {speaker: X, sentence: S, stance: {C: support}}\n",
         "statements[0].stance.C"),
        ("source: a.txt\nstatements:\n  - {speaker: X, sentence: S, date: 2020-13-01}\n", "statements[0].date"),
        ("source: a.txt\nstatements:\n  - {speaker: X, sentence: S, date: 'Oct 5'}\n", "statements[0].date"),
        ("source: a.txt\nstatements:\n  - {sentence: S}\n", "statements[0].speaker"),
        ("source: a.txt\nstatements:\n  - {speaker: X, sentence: S, kind: politician}\n", "statements[0].kind"),
        ("source: a.txt\nstatements:\n  - {speaker: X, sentence: S, optional: maybe}\n", "statements[0].optional"),
        ("source: a.txt\narticle: {headline: X}\n", "article.headline"),
        ("source: a.txt\narticle: {views: many}\n", "article.views"),
        ("source: a.txt\ncamps: [{name: C, members: Alice}]\n", "camps[0].members"),
        ("source: a.txt\nstatements: [\n", "not valid YAML"),
    ],
)
def test_gold_errors_name_file_and_field(tmp_path, text, where):
    path = write_gold(tmp_path, text)
    with pytest.raises(GoldError) as err:
        load_gold(path)
    assert str(path) in str(err.value) and where in str(err.value)


def test_missing_gold_file_is_named(tmp_path):
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "gold_published, predicted, right",
    [
        ("2023-03-14T09:30", "2023-03-14T09:30:00+01:00", True),
        ("2023-03-14T09:30+01:00", "2023-03-14 09:30", True),  # time zones are not compared
        ("2023-03-14T09:30:15", "2023-03-14T09:30", False),  # the gold gives seconds: so must the prediction
        ("2023-03-14T09:30", "2023-03-14", False),
        ("2023-03", "2023-03-31T10:00", True),
        ("2023-03-14", None, False),
    ],
)
def test_published_precision_and_time_zones(gold, gold_published, predicted, right):
    gold.article = {"published": gold_published}
    assert score_article(gold, article(published=predicted)).passed == int(right)


def test_an_action_outside_the_action_list_is_a_gold_error(tmp_path):
    path = write_gold(tmp_path, "source: a.txt\nstatements:\n  - {speaker: X, sentence: S, actions: [apologise]}\n")
    with pytest.raises(GoldError, match=r"statements\[0\]\.actions.*'apologise' is not an action"):
        load_gold(path)


def test_figures_with_nothing_to_count_are_undefined_not_perfect(gold):
    # No prediction touches a gold unit: nothing is scored for actions or stance.
    score = score_file(gold, FilePrediction(body=BODY, units=[unit("Nobody", S5, stance={}, actions=[])], coded=True))
    assert score.actions.json() == {"f1": None}
    assert score.stance.json() == {"accuracy": None, "macro_f1": None, "spurious": 0.0, "agreement_all_pairs": None, "n": 0}
    assert score.speakers.json() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 3}
    # Agreeing that a matched unit has no actions is right, not undefined.
    gold.units[0].actions = []
    score = score_file(gold, FilePrediction(body=BODY, units=[unit("Anna Berg", S1, stance={}, actions=[])], coded=True))
    assert score.actions.json() == {"f1": 1.0}

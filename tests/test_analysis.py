"""Analysis logic on real annotated data (the seed gold) and on records of our own making."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import shared_path
from gold_records import CONFLICT, gold_records
from stancemap.analysis import analyze_records
from stancemap.analysis.camps import Camp, assign_camps, camp_for_name, derive_camp, load_kb_camps
from stancemap.analysis.dataset import ArticleRef, Row, date_bounds
from stancemap.analysis.timeline import UNDATED, period_of
from stancemap.records import Action, Actor, Coding, DateSaid, SideStance, Statement

CIRCLE = "Iran / Supreme Leader's circle"
GOVERNMENT = "Iran / Government"


@pytest.fixture(scope="module")
def seed():
    return gold_records(shared_path("gold", "seed.yaml"))


def analyse(records, period="week", drop_optional=False):
    statements, codings, actors, articles, sides = records
    return analyze_records(statements, codings, CONFLICT, sides, actors, articles, period)


# --- camps ---------------------------------------------------------------------------


def test_camps_are_derived_from_roles_alone_and_match_the_gold_affiliations(seed):
    statements, _, actors, _, _ = seed
    from stancemap.evaluate.gold import load_gold

    gold = load_gold(shared_path("gold", "seed.yaml"))
    expected = {u.speaker: " / ".join(u.affiliation) for u in gold.units if u.affiliation}
    camps = assign_camps({s.speaker for s in statements}, actors)  # actors carry roles, no affiliation
    for speaker, affiliation in expected.items():
        if affiliation.startswith("Iran"):
            assert camps[speaker].label == affiliation, speaker


def test_a_relation_puts_an_adviser_in_the_patrons_camp():
    leader = Actor("Queen Mab", "person", country="Ruritania", roles=[{"role": "King", "of": "Ruritania"}])
    aide = Actor("Pat Doe", "person", relations=[{"relation": "adviser to", "target": "Queen Mab"}])
    minister = Actor("Lee Roe", "person", roles=[{"role": "Defence Minister", "of": "Ruritania"}])
    known = {a.name.lower(): a for a in (leader, aide, minister)}
    assert derive_camp(leader, known) == Camp("Ruritania", "Head of state's circle")
    assert derive_camp(aide, known) == Camp("Ruritania", "Head of state's circle")
    assert derive_camp(minister, known) == Camp("Ruritania", "Government")


def test_role_words_place_military_parliament_clergy_media_and_analysts():
    def camp(role, kind="person"):
        return derive_camp(Actor("X Y", kind, country="Georgia", roles=[{"role": role}])).name

    assert camp("Chief of the General Staff") == "Military"
    assert camp("member of parliament") == "Parliament"
    assert camp("Friday prayer leader and cleric") == "Clergy"
    assert camp("state television", "media") == "State media"
    assert camp("daily newspaper", "media") == "Media"
    assert camp("political analyst") == "Analysts"
    assert camp("opposition leader") == "Opposition"
    assert camp("Foreign Minister") == "Government"


def test_a_speaker_known_only_by_name():
    assert camp_for_name("Turkey") == Camp("Turkey", "Government")
    assert camp_for_name("Azerbaijani Defence Ministry").state == "Azerbaijan"
    assert camp_for_name("OSCE Minsk Group").state is None
    assert camp_for_name("Jane Doe").name == "Unaffiliated"


def test_the_users_kb_overrides_the_derived_camp(tmp_path, seed):
    statements, _, actors, _, _ = seed
    kb = tmp_path / "kb.yaml"
    kb.write_text(
        "actors:\n  - name: Keyhan\n    affiliation: Iran / Hardline media\n"
        "camps:\n  - name: Iran / Diplomats\n    members: [Muhammad Javad Zarif]\n",
        encoding="utf-8",
    )
    camps = assign_camps({s.speaker for s in statements}, actors, load_kb_camps(kb))
    assert camps["Keyhan"].label == "Iran / Hardline media"
    assert camps["Muhammad Javad Zarif"].label == "Iran / Diplomats"
    assert camps["Hassan Rouhani"].label == GOVERNMENT


def test_a_broken_kb_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_kb_camps(bad)


# --- dates and periods ---------------------------------------------------------------


def test_date_bounds_follow_the_precision_said():
    assert date_bounds(DateSaid("2020-10-05", "day")) == (date(2020, 10, 5), date(2020, 10, 5))
    assert date_bounds(DateSaid("2020-02", "month")) == (date(2020, 2, 1), date(2020, 2, 29))
    assert date_bounds(DateSaid("1993", "year")) == (date(1993, 1, 1), date(1993, 12, 31))
    assert date_bounds(DateSaid("2020-09-27/2020-10-04", "range")) == (date(2020, 9, 27), date(2020, 10, 4))
    assert date_bounds(DateSaid(None)) is None
    assert date_bounds(DateSaid("sometime", "unknown")) is None


def _row(value, speaker="A", camp=Camp("S", "Government"), stance=None):
    s = Statement("art", speaker, speaker, "test", "said", "x", 0, 1, date=DateSaid(value))
    coding = Coding(s.id, "c", stance={k: SideStance(v, 1.0, "") for k, v in (stance or {}).items()})
    return Row(s, coding, ArticleRef("art"), camp, date_bounds(DateSaid(value)))


def test_periods_place_a_statement_by_the_middle_of_its_dates_and_never_invent_one():
    assert period_of(_row("2020-10-05"), "day") == "2020-10-05"
    assert period_of(_row("2020-10-05"), "week") == "2020-W41"
    assert period_of(_row("2020-10-05"), "month") == "2020-10"
    assert period_of(_row("2020-09-27/2020-10-04"), "week") == "2020-W40"
    assert period_of(_row(None), "week") == UNDATED
    assert period_of(_row("1993"), "week") == "1993"  # a year is too vague for a week
    with pytest.raises(ValueError, match="period"):
        period_of(_row("2020-10-05"), "fortnight")


# --- the seed's thesis from its annotated statements ----------------------------------


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_the_seed_divergence_government_neutral_circle_takes_azerbaijans_side(seed, period):
    result = analyse(seed, period)
    divergences = result.findings_of("divergence")
    assert len(divergences) == 1
    d = divergences[0]
    assert set(d.details["camps"]) == {GOVERNMENT, CIRCLE}
    assert d.details["stance"][GOVERNMENT] == {"Armenia": "neutral", "Azerbaijan": "neutral"}
    assert d.details["stance"][CIRCLE] == {"Armenia": "oppose", "Azerbaijan": "support"}
    speakers = {r.speaker for r in d.rows}
    assert {"Muhammad Javad Zarif", "Ali Akbar Velayati", "Khamenei's representatives in Iranian Azerbaijan"} <= speakers
    assert "diverge" in d.text and "Government" in d.text and "Supreme Leader's circle" in d.text


def test_the_seed_shift_of_keyhan_around_5_october(seed):
    result = analyse(seed, "week")
    shifts = {f.entity: f for f in result.findings_of("shift")}
    keyhan = shifts["Keyhan"]
    changes = {c["side"]: (c["from"], c["to"]) for c in keyhan.details["changes"]}
    assert changes == {"Azerbaijan": ("neutral", "support"), "Armenia": ("neutral", "oppose")}
    assert "around 5 Oct 2020" in keyhan.text  # the date as a reader writes it
    before = [r for r in keyhan.rows if r.label("Azerbaijan") == "neutral"]
    after = [r for r in keyhan.rows if r.label("Azerbaijan") == "support"]
    assert before and after
    assert all(r.bounds[1] <= date(2020, 10, 4) for r in before)
    assert all(r.bounds[0] >= date(2020, 10, 5) for r in after)


def test_without_the_optional_units_the_circle_still_shifts_into_support_on_5_october():
    records = gold_records(shared_path("gold", "seed.yaml"), optional=False)
    result = analyse(records, "week")
    circle = [f for f in result.findings_of("shift") if f.entity == CIRCLE]
    assert circle, [f.text for f in result.findings]
    assert {c["to"] for c in circle[0].details["changes"]} == {"support", "oppose"}
    assert "5 Oct 2020" in circle[0].text


def test_the_seed_background_is_1993_1994_and_2019_and_kept_out_of_the_camp_stance(seed):
    result = analyse(seed)
    assert result.window == (date(2020, 9, 27), date(2020, 10, 18))
    background = result.findings_of("background")
    assert sorted(f.period for f in background) == ["1993", "1994", "2019"]
    assert all(f.entity == "Ali Khamenei" for f in background)
    assert all(r.background for f in background for r in f.rows)
    khamenei = next(a for a in result.actors() if a.name == "Ali Khamenei")
    assert khamenei.background == 4
    timeline_rows = {id(r) for p in result.camp_points for r in p.rows}
    assert not any(id(r) in timeline_rows for f in background for r in f.rows)


def test_every_summary_sentence_cites_statements_that_exist(seed):
    result = analyse(seed)
    assert result.summary
    sentences = {s.sentence for s in seed[0]} | {s.quote for s in seed[0] if s.quote}
    for sentence in result.summary:
        assert sentence.citations, sentence.text
        for c in sentence.citations:
            assert c["article"] == seed[0][0].article_id
            assert any(c["quote"].rstrip("…") in text for text in sentences)


def test_the_json_has_the_documented_shape(seed):
    data = analyse(seed).to_json()
    assert data["conflict"] == CONFLICT and data["sides"] == ["Armenia", "Azerbaijan"]
    for actor in data["actors"]:
        assert isinstance(actor["actor"], str) and isinstance(actor["camp"], str)
        assert isinstance(actor["statements"], int)
        assert set(actor["stance"]) == {"Armenia", "Azerbaijan"}
        assert all(set(v) == {"support", "oppose", "neutral"} for v in actor["stance"].values())
    for camp in data["camps"]:
        assert isinstance(camp["members"], list) and set(camp["stance"]) == {"Armenia", "Azerbaijan"}
    kinds = {f["kind"] for f in data["findings"]}
    assert kinds == {"divergence", "shift", "background"}
    for f in data["findings"]:
        assert f["text"] and f["evidence"]
        for e in f["evidence"]:
            assert {"article", "sentence", "date"} <= set(e)


# --- records of our own making ---------------------------------------------------------


def _statement(speaker, when, text, stance, article="own-1", start=0):
    s = Statement(article, speaker, speaker, "test", "said", text, start, start + len(text), date=DateSaid(when))
    c = Coding(s.id, "north-south", actions=[Action("statement", "01", 0.0)],
               stance={side: SideStance(label, 0.9, "test") for side, label in stance.items()})
    return s, c


def _own(rows):
    statements, codings = zip(*[_statement(*r, start=i * 100) for i, r in enumerate(rows)])
    actors = [
        Actor("Anna Berg", "person", country="Ruritania", roles=[{"role": "Prime Minister", "of": "Ruritania"}]),
        Actor("Gen. Carl Dahl", "person", country="Ruritania", roles=[{"role": "Chief of the General Staff"}]),
        Actor("Eva Falk", "person", country="Ruritania", roles=[{"role": "Foreign Minister"}]),
    ]
    return list(statements), list(codings), actors


def test_a_camp_that_turns_against_a_side_is_a_shift_and_two_camps_that_agree_do_not_diverge():
    statements, codings, actors = _own([
        ("Anna Berg", "2021-03-02", "Berg said the North deserves our full backing.", {"North": "support"}),
        ("Eva Falk", "2021-03-10", "Falk said Ruritania stands with the North.", {"North": "support"}),
        ("Gen. Carl Dahl", "2021-03-11", "Dahl said the army backs the North.", {"North": "support"}),
        ("Anna Berg", "2021-05-04", "Berg condemned the North for the shelling.", {"North": "oppose"}),
        ("Eva Falk", "2021-05-06", "Falk accused the North of breaking the truce.", {"North": "oppose"}),
        ("Gen. Carl Dahl", "2021-05-20", "Dahl said the North had betrayed the truce.", {"North": "oppose"}),
    ])
    result = analyze_records(statements, codings, "north-south", ["North", "South"], actors, period="month")
    assert not result.findings_of("divergence")
    assert not result.findings_of("background")
    shifts = {f.entity: f for f in result.findings_of("shift")}
    assert shifts["Ruritania / Government"].details["changes"] == [{"side": "North", "from": "support", "to": "oppose"}]
    assert shifts["Anna Berg"].details["from_period"] == "2021-03"
    assert shifts["Anna Berg"].details["to_period"] == "2021-05"


def test_camps_of_one_state_that_differ_in_the_same_month_diverge():
    statements, codings, actors = _own([
        ("Anna Berg", "2021-03-02", "Berg urged both sides to talk.", {"North": "neutral", "South": "neutral"}),
        ("Eva Falk", "2021-03-03", "Falk called for a ceasefire.", {"North": "neutral", "South": "neutral"}),
        ("Gen. Carl Dahl", "2021-03-04", "Dahl said the South must be crushed.", {"North": "support", "South": "oppose"}),
    ])
    result = analyze_records(statements, codings, "north-south", ["North", "South"], actors, period="month")
    [d] = result.findings_of("divergence")
    assert set(d.details["camps"]) == {"Ruritania / Government", "Ruritania / Military"}
    assert d.details["stance"]["Ruritania / Military"] == {"North": "support", "South": "oppose"}


def test_undated_statements_are_grouped_as_undated_and_make_no_shift_or_divergence():
    statements, codings, actors = _own([
        ("Anna Berg", None, "Berg urged both sides to talk.", {"North": "neutral"}),
        ("Gen. Carl Dahl", None, "Dahl said the South must be crushed.", {"North": "support"}),
        ("Anna Berg", None, "Berg condemned the North.", {"North": "oppose"}),
        ("Anna Berg", None, "Berg condemned the North again.", {"North": "oppose"}),
    ])
    result = analyze_records(statements, codings, "north-south", ["North", "South"], actors)
    assert result.findings == []
    assert result.window is None
    assert {p.period for p in result.camp_points} == {UNDATED}
    camps = {c.name: c for c in result.camps()}
    assert camps["Ruritania / Government"].stance["North"]["oppose"] == 2
    assert camps["Ruritania / Military"].stance["North"]["support"] == 1


def test_a_split_camp_that_then_says_something_neutral_has_not_shifted():
    statements, codings, actors = _own([
        ("Anna Berg", "2021-03-02", "Berg said the North is right.", {"North": "support"}),
        ("Eva Falk", "2021-03-03", "Falk urged restraint.", {"North": "neutral"}),
        ("Eva Falk", "2021-05-03", "Falk urged restraint again.", {"North": "neutral"}),
    ])
    result = analyze_records(statements, codings, "north-south", ["North", "South"], actors, period="month")
    assert not [f for f in result.findings_of("shift") if f.entity == "Ruritania / Government"]


def test_the_summary_speaks_of_camps_not_of_the_unaffiliated_bucket():
    statements, codings, actors = _own([
        ("Anna Berg", "2021-03-02", "Berg said the North is right.", {"North": "support"}),
        ("Someone", "2021-03-03", "Someone said the North is wrong.", {"North": "oppose"}),
        ("Someone Else", "2021-03-04", "Someone else said the North is wrong.", {"North": "oppose"}),
    ])
    result = analyze_records(statements, codings, "north-south", ["North", "South"], actors)
    texts = [s.text for s in result.summary]
    assert any(t.startswith("Ruritania / Government") for t in texts)
    assert not any(t.startswith("Unaffiliated") for t in texts)


@pytest.mark.parametrize(
    "support, oppose, neutral, expected",
    [
        (7, 0, 3, "support"),  # takes a side most of the time
        (10, 70, 26, "oppose"),  # a belligerent: many appeals, but mostly against the other side
        (5, 0, 7, "neutral"),  # sympathy now and then among appeals is not a camp's position
        (3, 3, 2, "mixed"),
        (0, 0, 4, "neutral"),
        (0, 0, 0, None),
    ],
)
def test_the_overall_leaning_of_a_camp(support, oppose, neutral, expected):
    from collections import Counter

    from stancemap.analysis.timeline import leaning

    assert leaning(Counter(support=support, oppose=oppose, neutral=neutral)) == expected


# --- a multi-sentence quotation counts once ---------------------------------------------


def _quoted(speaker, start, reason, quote_start=None, stance=None):
    s = Statement("art", speaker, speaker, f"subject of said; {reason}", "said", "x", start, start + 10,
                  quote_start=quote_start, quote_end=None if quote_start is None else quote_start + 50)
    coding = Coding(s.id, "c", stance={k: SideStance(v, 1.0, "") for k, v in (stance or {}).items()})
    return s, coding


def test_a_quotation_over_several_sentences_counts_once_in_actor_and_camp_tallies():
    from stancemap.records import QUOTE_CLOSED_BY_TAG, QUOTE_CONTINUES_PREVIOUS

    pairs = [
        # "...," says Samir. "... . ... ." (the attribution and two quoted sentences that carry it on)
        _quoted("Samir", 0, "named 'Samir'", 1, {"Azerbaijan": "oppose"}),
        _quoted("Samir", 20, f"{QUOTE_CONTINUES_PREVIOUS}; named 'Samir'", 21, {"Azerbaijan": "oppose"}),
        _quoted("Samir", 40, f"{QUOTE_CONTINUES_PREVIOUS}; named 'Samir'", 21, {"Azerbaijan": "neutral"}),
        # another speaker ends the run
        _quoted("Ismael", 60, "named 'Ismael'", 61, {"Azerbaijan": "oppose"}),
        # "... . ...," says Samir: a quotation the speaker tag after it closes
        _quoted("Samir", 80, f"{QUOTE_CLOSED_BY_TAG}; named 'Samir'", 81, {"Azerbaijan": "support"}),
        _quoted("Samir", 100, "named 'Samir'", 81),
        # a new sentence of his, no quotation carried on: a statement of its own
        _quoted("Samir", 120, "named 'Samir'", None, {"Azerbaijan": "oppose"}),
    ]
    statements, codings = [s for s, _ in pairs], [c for _, c in pairs]
    camp = Actor("Samir", "person", country="Syria")
    result = analyze_records(statements, codings, "c", ["Armenia", "Azerbaijan"], [camp, Actor("Ismael", "person", country="Syria")])
    actors = {a.name: a for a in result.actors()}
    assert actors["Samir"].statements == 3  # six sentences, three statements
    assert actors["Samir"].coded == 3
    # each quotation takes the label most of its sentences carry
    assert dict(actors["Samir"].stance["Azerbaijan"]) == {"oppose": 2, "support": 1}
    syria = next(c for c in result.camps() if c.state == "Syria")
    assert syria.statements == 4 and syria.members == ["Samir", "Ismael"]
    assert sum(p.statements for p in result.camp_points) == 4
    assert len(result.rows) == 7  # every sentence is still a row, citable as evidence


def test_every_title_and_the_camp_words_name_the_same_camp():
    """titles.tsv and the words of camps.yaml are two readings of one camp model: where both read a phrase, they agree."""
    from stancemap.actors.affiliation import camp_model, camp_names, camp_of_words
    from stancemap.actors.kb import load_kb

    kb = load_kb()
    disagree = {phrase: (title.camp, camp_of_words(phrase, None)) for phrase, title in kb.titles.items()
                if title.camp and camp_of_words(phrase, None) not in (None, title.camp)}
    assert disagree == {}
    assert {t.camp for t in kb.titles.values() if t.camp} <= set(camp_names())
    assert {i.camp for i in kb.institutions.values()} <= set(camp_names())
    assert camp_model().domestic <= set(camp_names()) and {"Parliament", "Local government"} <= camp_model().domestic


def test_a_title_names_the_relation_its_holder_bears():
    """titles.tsv says how an adviser, a spokesperson or an envoy relates to whom they serve."""
    from stancemap.actors.kb import load_kb

    kb = load_kb()
    assert kb.title("spokeswoman").relation == "spokesman_of" and kb.title("aide").relation == "adviser_to"
    assert kb.title("special envoy").relation == "ambassador_of" and kb.title("lawmaker").relation == "member_of"
    assert kb.title("foreign minister").relation is None


def test_a_mayor_and_a_governor_are_local_government_in_both_stages():
    from stancemap.actors.affiliation import derive_affiliation
    from stancemap.actors.kb import load_kb

    for role in ("Mayor", "Governor"):
        actor = Actor("X Y", "person", country="Georgia", roles=[{"role": role}])
        assert derive_camp(actor) == Camp("Georgia", "Local government")
        assert derive_affiliation(actor, load_kb()) == ["Georgia", "Local government"]


def test_international_bodies_are_the_knowledge_bases():
    assert camp_for_name("UN envoy Geir Pedersen") == Camp(None, "International organisations")
    assert camp_for_name("IAEA") == Camp(None, "International organisations")
    assert camp_for_name("Armenian Security Council") == Camp("Armenia", "Government")


# --- unattributed statements -----------------------------------------------------------


def test_an_unattributed_statement_is_counted_for_no_actor_or_camp_but_reported(seed):
    """'It was reported that ...': a statement without a source keeps its record (empty speaker),
    stays out of the actors, camps and tallies, and the reports say how many there were."""
    from dataclasses import replace

    from stancemap.report.markdown import render_markdown

    statements, codings, actors, articles, sides = seed
    base = analyze_records(statements, codings, CONFLICT, sides, actors, articles)
    said = statements[0]
    unattributed = replace(said, speaker="", speaker_mention="", speaker_reason="learned; agentless: no source named",
                           source_spans=[], sent_start=said.sent_start + 1)
    assert unattributed.unattributed and not said.unattributed and unattributed.id != said.id
    coding = replace(next(c for c in codings if c.statement_id == said.id), statement_id=unattributed.id)
    result = analyze_records([*statements, unattributed], [*codings, coding], CONFLICT, sides, actors, articles)
    assert result.unattributed == 1 and base.unattributed == 0
    assert len(result.rows) == len(base.rows) and all(r.speaker for r in result.rows)
    assert [a.name for a in result.actors()] == [a.name for a in base.actors()]
    assert result.to_json()["camps"] == base.to_json()["camps"]
    assert result.to_json()["unattributed"] == 1
    assert "1 unattributed (no source the text identifies" in render_markdown(result)
    assert "unattributed" not in render_markdown(base)

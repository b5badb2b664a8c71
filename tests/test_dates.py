"""Date said: every form, through the real extractor and on its own."""

from __future__ import annotations

from datetime import date

from stancemap.records import Article
from stancemap.statements.date_mentions import find_dates
from stancemap.statements.extract import MentionResolver, extract_article


def dates_of(nlp, text: str, published: str | None):
    stmts = extract_article(Article(body=text, published=published), nlp, resolver_factory=lambda d, a: MentionResolver())
    return [(s.speaker, s.date.value, s.date.precision) for s in stmts]


def test_absolute_date_and_date_inside_content_is_ignored(nlp):
    text = "On March 3, 2019, the minister said that the dam had been finished on May 1, 2015."
    assert dates_of(nlp, text, "2019-03-05") == [("the minister", "2019-03-03", "day")]


def test_day_without_year_takes_publication_year_or_the_one_before():
    assert [m.value for m in find_dates("On October 5, he spoke.", date(2020, 10, 18))] == ["2020-10-05"]
    # December seen from a January publication is last December
    assert [m.value for m in find_dates("On 20 December he spoke.", date(2021, 1, 10))] == ["2020-12-20"]
    # no publication date: the latest year the article spells out
    assert [m.value for m in find_dates("Sept. 28 came.", None, ref_year=2020)] == ["2020-09-28"]
    assert find_dates("Sept. 28 came.", None) == []
    # a full date of the story beats the year the user's war gives
    story = "On April 2, 2016 the fighting began. On April 4 a truce was agreed."
    assert [m.value for m in find_dates(story, None, ref_year=2020)] == ["2016-04-02", "2016-04-04"]


def test_an_undated_article_takes_the_year_of_the_war_named(cli, tmp_path):
    """A conflict-news page has no date: naming the war ("44-day war") dates its "on 10 November";
    naming only the decades-long conflict leaves it unknown rather than guessed."""
    import json

    from conftest import shared_path

    page = shared_path("data", "conflict-news", "articles", "156.txt")
    dated = {}
    for name in ("44-day war", "armenia-azerbaijan"):
        db = tmp_path / f"{name}.duckdb"
        assert cli("analyze", page, "--conflict", name, "--db", db, "-q").exit_code == 0
        out = cli("statements", "--db", db, "--json")
        dated[name] = {s["date"]["value"] for s in json.loads(out.stdout) if s["date"]["value"]}
    assert "2020-11-10" in dated["44-day war"]
    assert not any(v.startswith("2020") for v in dated["armenia-azerbaijan"])


def test_year_month_and_anchored_phrase(nlp):
    text = (
        "In 1993, the cleric criticized the occupation.\n\n"
        "In March 2019, the council rejected the plan.\n\n"
        "The day the clashes started (September 27, 2020), the foreign minister tweeted that talks must begin."
    )
    assert dates_of(nlp, text, "2020-10-18") == [
        ("the cleric", "1993", "year"),
        ("the council", "2019-03", "month"),
        ("the foreign minister", "2020-09-27", "day"),
    ]


def test_carried_context(nlp):
    text = (
        "When the Armenian prime minister visited Tehran in 2019, Khamenei encouraged closer cooperation. "
        "During the visit, Khamenei emphasized that the two countries must negotiate."
    )
    assert dates_of(nlp, text, "2020-10-18") == [("Khamenei", "2019", "year"), ("Khamenei", "2019", "year")]
    # a pronoun speaker continues the dated statement before it
    text = "On October 5, Velayati gave an interview to Keyhan. He claimed that France was fuelling the war."
    assert dates_of(nlp, text, "2020-10-18")[-1] == ("He", "2020-10-05", "day")


def test_relative_dates_against_publication(nlp):
    # 2020-10-18 is a Sunday
    text = (
        "The mayor said yesterday that the roads were closed.\n\n"
        "The governor said on Monday that schools would reopen.\n\n"
        "Last week, the senator warned that the bill would fail."
    )
    assert dates_of(nlp, text, "2020-10-18") == [
        ("The mayor", "2020-10-17", "day"),
        ("The governor", "2020-10-12", "day"),
        ("the senator", "2020-10-05/2020-10-11", "range"),
    ]
    # without a publication date a relative date is unknown, never today's date
    assert dates_of(nlp, "The mayor said yesterday that the roads were closed.", None) == [("The mayor", None, "unknown")]


def test_range_ending_at_publication(nlp):
    text = (
        "The clashes began on September 27, 2020.\n\n"
        "The government has repeatedly urged both sides to stop the fighting. "
        "On October 10, the president supported the ceasefire. The opposition later rejected it as a trap."
    )
    got = dates_of(nlp, text, "2020-10-18")
    assert got[0] == ("The government", "2020-09-27/2020-10-18", "range")
    assert got[1] == ("the president", "2020-10-10", "day")
    # after a dated event in the paragraph, a new speaker's statement lies between it and publication
    assert got[2] == ("The opposition", "2020-10-10/2020-10-18", "range")


def test_narrative_order_bounds_an_earlier_statement(nlp):
    text = (
        "The war began on September 27, 2020.\n\n"
        "The newspaper initially refrained from taking sides. "
        "However, on October 5, the newspaper published an interview with a general."
    )
    got = dates_of(nlp, text, "2020-10-18")
    assert got[0][1] == "2020-09-27/2020-10-04"


def test_no_publication_and_no_date_is_unknown(nlp):
    assert dates_of(nlp, "The minister said the talks had failed.", None) == [("The minister", None, "unknown")]
    # an explicit date still counts without a publication date
    assert dates_of(nlp, "On 5 October 2020 the minister said the talks had failed.", None) == [
        ("the minister", "2020-10-05", "day")
    ]


def test_present_tense_is_as_of_publication(nlp):
    assert dates_of(nlp, "The Supreme Leader continues to believe the region belongs to Azerbaijan.", "2020-10-18") == [
        ("The Supreme Leader", "2020-10-18", "day")
    ]


def test_not_dates():
    text = "Turnout was 42 percent and 1,200 people voted; they may 5 times."
    assert find_dates(text, date(2020, 10, 18)) == []


def test_a_carried_date_goes_stale(nlp):
    text = (
        "On October 5, Lopez said the border was closed. The river rose. Trucks waited. "
        "Prices climbed. Shops shut early. Lopez later said the border would reopen."
    )
    got = dates_of(nlp, text, "2020-10-18")
    assert got[0] == ("Lopez", "2020-10-05", "day")
    assert got[-1] == ("Lopez", "2020-10-05/2020-10-18", "range")


def test_undated_article_takes_the_year_of_a_nearby_full_date_of_its_latest_year():
    def values(text):
        return [m.value for m in find_dates(text, None) if m.inferred_year]

    story = "Fighting broke out on September 27, 2020. On October 5, the minister spoke."
    assert values(story) == ["2020-10-05"]
    # a December seen from a January full date is the December before
    assert values("The talks of 5 January 2021 followed the meeting on 20 December.") == ["2020-12-20"]
    # full dates of history do not date the story: a later year is named
    history = "The treaty was signed on May 15, 1992 and renewed in 2010. On October 5, the minister spoke."
    assert values(history) == []
    # only history in the text, months away from the day: unknown rather than a guess
    assert values("In February 1988 the region voted. On November 9, the leaders signed a deal.") == []
    assert values("Recalling their statement of 9 March, 2019, on 30 June the envoys met.") == []


def test_every_stage_reads_a_date_into_the_same_days():
    """statements, analysis and evaluation read date strings through stancemap.timespans, open starts included."""
    from datetime import date

    from stancemap.analysis.dataset import date_bounds, readable_date
    from stancemap.statements.date_mentions import DateMention
    from stancemap.timespans import date_interval

    for value in ("1993", "2020-02", "2020-10-18", "2020-09-27/2020-10-03", "1993/1994"):
        mention = DateMention(0, 0, value, "range")
        assert (mention.first_day, mention.last_day) == date_interval(value) == date_bounds(value)
    assert DateMention(0, 0, "../2020-10-18", "range").first_day == date.min
    assert date_bounds("../2020-10-18") is None  # too little to place a statement by
    assert readable_date("../2020-10-18") == "on or before 18 Oct 2020"


def test_one_month_table_for_page_dates_and_statement_dates():
    from stancemap.ingest.page_dates import parse_date
    from stancemap.statements.date_mentions import find_dates

    assert parse_date("Sept. 4, 2020").iso() == "2020-09-04"
    assert [m.value for m in find_dates("on Sept. 4, 2020", None)] == ["2020-09-04"]


def test_an_abbreviated_month_whose_period_stands_for_the_space_before_the_year():
    from stancemap.statements import date_mentions as D

    assert [m.value for m in D.find_dates("Statement by the Minister (10 Nov.2020)", None)] == ["2020-11-10"]
    assert [m.value for m in D.find_dates("on 10 Nov. 2020 he said", None)] == ["2020-11-10"]


def test_a_timeline_entry_is_dated_by_its_heading(nlp):
    """"February 1988 - ...", "2007 - ...": the date heading an entry dates every statement of the entry,
    up to the next heading, though no sentence of it says when."""
    text = ("February 1988 - The regional council asks to join the region to Armenia. Moscow refuses. "
            "September 1991 - The regional parliament proclaims independence. "
            "2007 - The government is arming itself. The country's president threatens a new war.")
    got = dates_of(nlp, text, "2020-10-01")
    assert [(value, precision) for _, value, precision in got] == [
        ("1988-02", "month"), ("1988-02", "month"), ("1991-09", "month"), ("2007", "year")], got


def test_a_date_that_opens_running_text_heads_no_timeline(nlp):
    text = "In February 1988 the regional council asked to join Armenia. Moscow refused on Monday, officials said."
    got = dates_of(nlp, text, "2020-10-01")
    assert all(value != "1988-02" for who, value, _ in got if who != "the regional council"), got

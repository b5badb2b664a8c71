"""A date dates a statement only when it dates the saying, not another event the sentence
mentions. Sentences of our own, through the real extractor and parser."""

from __future__ import annotations

import pytest

from stancemap.records import Article
from stancemap.statements.extract import MentionResolver, extract_article

PUBLISHED = "2020-10-18"


def dates(nlp, text: str, published: str | None = PUBLISHED) -> dict[str, str | None]:
    stmts = extract_article(Article(body=text, published=published), nlp, resolver_factory=lambda d, a: MentionResolver())
    return {s.speaker: s.date.value for s in stmts}


@pytest.mark.parametrize(
    "text, speaker, expected",
    [
        # a time adjunct of the cue's own clause, before or after the verb
        ("In 2011, the foreign minister said that talks would resume.", "the foreign minister", "2011"),
        ("The foreign minister said in March 2011 that talks would resume.", "The foreign minister", "2011-03"),
        ("The mayor told reporters on October 3 that the bridge was unsafe.", "The mayor", "2020-10-03"),
        # through the occasion: a news conference, an interview published that day
        ("Speaking at a news conference on October 3, the mayor warned that the bridge was unsafe.", "the mayor", "2020-10-03"),
        ("In an interview published on 4 October, the general denied the reports.", "the general", "2020-10-04"),
        ("The ministry's statement, released on October 5, said the border was closed.", "The ministry", "2020-10-05"),
        ("On a visit to Baku on October 5, the envoy said the border was closed.", "the envoy", "2020-10-05"),
        ("After meeting his counterpart on October 9, the foreign minister said a truce was near.",
         "the foreign minister", "2020-10-09"),
        ("Aliyev, addressing the nation on October 4, said the army would advance.", "Aliyev", "2020-10-04"),
        ("The ministry said Sept. 28 that the border was closed.", "The ministry", "2020-09-28"),
        # a 'when' clause gives the time of the main clause
        ("When the envoy visited Paris in 2012, the president praised the agreement.", "the president", "2012"),
        ("While the talks were under way in May 2016, the opposition rejected the draft.", "the opposition", "2016-05"),
        # a date opening the sentence covers a past-tense clause inside it
        ("On October 6, the paper printed a letter in which the mayor criticized the ministry.", "the mayor", "2020-10-06"),
        ("In 2009, there were lawmakers who argued that the border should be closed.", "lawmakers", "2009"),
        # the date the 'when' clause after it describes
        ("The dispute flared in March 2008, when the opposition accused the government of fraud.", "the opposition", "2008-03"),
        ("The standoff lasted until 1997, when the two leaders agreed on a truce.", "the two leaders", "1997"),
        # a second verb sharing the subject shares the occasion
        ("In 2015, the minister visited Baku and said that the talks had failed.", "the minister", "2015"),
        # a participle without a subject says what its clause's subject did then
        ("The army launched an offensive on October 3, accusing the rebels of shelling the town.", "The army",
         "2020-10-03"),
    ],
)
def test_a_date_of_the_saying_dates_it(nlp, text, speaker, expected):
    assert dates(nlp, text)[speaker] == expected


@pytest.mark.parametrize(
    "text, speaker, event_year",
    [
        # inside a noun phrase: a relative or participial clause about another event
        ("The minister, who took office in 2015, said the talks had failed.", "The minister", "2015"),
        ("Members of the group, which has mediated since 2004, called for calm.", "Members of the group", "2004"),
        ("The governor criticized the agreement of 2016 as a mistake.", "The governor", "2016"),
        ("The opposition rejected resolutions adopted in 2006 and 2008.", "The opposition", "2006"),
        # a statement the sentence is about is not the one it reports
        ("In light of the statement signed in 2011, the minister said that calm was needed.", "the minister", "2011"),
        ("In line with the declaration adopted in 2011, the minister called for calm.", "the minister", "2011"),
        ("The spokeswoman, the ministry's envoy until 2018, said the deal was dead.", "The spokeswoman", "2018"),
        ("Aliyev, elected in 2003, said the army would advance.", "Aliyev", "2003"),
        # a clause of its own: concessive, or joined to the cue's with its own subject
        ("Although the two states signed a treaty in 1999, the president accuses the rebels of violations.",
         "the president", "1999"),
        ("The mediators criticized both sides, but the last round of talks collapsed in 2009.", "The mediators", "2009"),
        ("The ministry denied the report, and the talks collapsed in 2009.", "The ministry", "2009"),
        ("Roads were closed in 2017 and residents have said they fear another flood.", "residents", "2017"),
        # 'since' and 'until' mark the edge of a span, not a moment of saying
        ("Since May 1994, the government has insisted that the border stays closed.", "the government", "1994-05"),
        ("Until 2012 the ministry maintained that the mine was safe.", "the ministry", "2012"),
        # a present-tense clause under a dated one is not dated by it
        ("In 1995, rebels seized the valley, which they describe as their homeland.", "they", "1995"),
    ],
)
def test_a_date_of_another_event_does_not(nlp, text, speaker, event_year):
    got = dates(nlp, text)
    assert not (got[speaker] or "").startswith(event_year), got
    # without a publication date nothing else fixes the date: unknown, not the event's year
    assert dates(nlp, text, published=None)[speaker] is None


def test_seed_background_statements_keep_their_years(nlp):
    text = (
        "In 1993, Khamenei criticized Armenia for occupying Nagorno-Karabakh and claimed that Armenians "
        "oppressed the Muslims there. When Heydar Aliyev, the then leader of Azerbaijan, visited Iran in 1994, "
        "Khamenei claimed it was the religious duty of the Azerbaijani people to defend their country."
    )
    stmts = extract_article(Article(body=text, published=PUBLISHED), nlp, resolver_factory=lambda d, a: MentionResolver())
    assert [s.date.value for s in stmts] == ["1993", "1994"]


def test_an_event_named_in_a_quotation_is_not_the_occasion(nlp):
    text = (
        "The region declared independence in 1991. "
        '"At the time of the break-up, both states promised to respect the borders," says a professor of law.'
    )
    got = dates(nlp, text, published=None)
    assert got["The region"] == "1991"
    assert got["a professor of law"] is None


def test_present_tense_takes_no_date_from_an_earlier_statement(nlp):
    text = "On October 5, Lopez said the border was closed. Lopez says the border will reopen."
    got = extract_article(Article(body=text, published=PUBLISHED), nlp, resolver_factory=lambda d, a: MentionResolver())
    assert [s.date.value for s in got] == ["2020-10-05", PUBLISHED]


def test_a_speakers_date_carries_past_an_unattributed_statement(nlp):
    """"Officials said on Wednesday" between two statements of one speaker is dated, but the
    speaker's next statement still takes the day of that speaker's own dated one."""
    text = ("Army spokesman Karim Salah said on Monday that the town had fallen. Officials said on Wednesday that "
            "the roads were closed. Karim Salah added that the fighters had fled.")
    got = extract_article(Article(body=text, published="2021-03-12"), nlp)
    assert [(s.speaker, s.speaker_mention, s.date.value) for s in got] == [
        ("Karim Salah", "Army spokesman Karim Salah", "2021-03-08"), ("", "Officials", "2021-03-10"),
        ("Karim Salah", "Karim Salah", "2021-03-08")]

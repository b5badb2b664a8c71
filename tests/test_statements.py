"""Statement forms on sentences written for these tests and on the seed, with the real model."""

from __future__ import annotations

import pytest

from conftest import unreserved_conflict_news
from stancemap.records import Article
from stancemap.statements.extract import MentionResolver, extract_article


def mention_only(doc, article):
    return MentionResolver()


def extract(nlp, text: str, published: str | None = "2021-03-10", **kw):
    return extract_article(Article(body=text, published=published), nlp, resolver_factory=mention_only, **kw)


def spans_text(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def by_speaker(stmts) -> dict[str, object]:
    return {s.speaker: s for s in stmts}


def test_subject_of_cue_verb_with_content_and_spans(nlp):
    text = "The finance minister said the budget would be cut by ten percent."
    (st,) = extract(nlp, text)
    assert st.speaker == "The finance minister"
    assert st.cue == "said"
    assert spans_text(text, st.cue_spans) == ["said"]
    assert spans_text(text, st.source_spans) == ["The finance minister"]
    assert spans_text(text, st.content_spans) == ["the budget would be cut by ten percent"]
    assert (st.sent_start, st.sent_end) == (0, len(text))


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ("Senator Mary Walsh tweeted that the bill was dead.", "Senator Mary Walsh", "tweeted"),
        ("The ambassador declared that the border would stay closed.", "The ambassador", "declared"),
        ("The opposition leader claimed the vote had been rigged.", "The opposition leader", "claimed"),
        ("The mayor denied that any money had gone missing.", "The mayor", "denied"),
        ("The bishop criticized the government for its silence.", "The bishop", "criticized"),
        ("The union rejected the offer as an insult.", "The union", "rejected"),
        ("The council supported the plan to rebuild the bridge.", "The council", "supported"),
        ("The general warned that the ceasefire could collapse.", "The general", "warned"),
        ("The prosecutor accused the company of hiding losses.", "The prosecutor", "accused"),
        ("The prime minister emphasized that talks must continue.", "The prime minister", "emphasized"),
        ("The chancellor proposed a meeting of all parties.", "The chancellor", "proposed"),
        ("The president invited both leaders to Geneva.", "The president", "invited"),
        ("The committee encouraged closer cooperation between the banks.", "The committee", "encouraged"),
        ("Many economists believe the recession is over.", "Many economists", "believe"),
    ],
)
def test_cue_verbs(nlp, text, speaker, cue):
    stmts = extract(nlp, text)
    assert [(s.speaker, s.cue) for s in stmts] == [(speaker, cue)]
    assert stmts[0].content


def test_described_as_keeps_object_and_quote(nlp):
    text = 'Velayati described the region as "occupied territory" belonging to Azerbaijan.'
    (st,) = extract(nlp, text)
    assert st.cue == "described"
    assert st.quote == "occupied territory"
    assert "the region as" in st.content


def test_multiword_cues(nlp):
    cases = {
        "The union issued a statement in support of the strikers.": ("issued a statement", "in support of the strikers"),
        "The embassy refrained from taking sides in the dispute.": ("refrained from", "taking sides in the dispute"),
        "The senator called for an immediate ceasefire.": ("called for", "an immediate ceasefire"),
        "The United Nations expressed concern over the violence.": ("expressed concern", "over the violence"),
    }
    for text, (cue, content) in cases.items():
        (st,) = extract(nlp, text)
        assert st.cue == cue, text
        assert st.content == content, text


def test_silence_is_a_statement(nlp):
    (st,) = extract(nlp, "The king has not uttered a word about the dispute.")
    assert st.speaker == "The king"
    assert st.cue == "has not uttered a word"


def test_according_to(nlp):
    text = "According to the health ministry, forty people died in the floods."
    (st,) = extract(nlp, text)
    assert st.speaker == "the health ministry"
    assert st.cue == "According to"
    assert st.content == "forty people died in the floods"


def test_coordinated_speakers_are_one_unit_each(nlp):
    text = "On Friday, both Merkel and Macron criticized the decision."
    stmts = extract(nlp, text)
    assert [s.speaker for s in stmts] == ["Merkel", "Macron"]
    assert all(s.cue == "criticized" and s.content == "the decision" for s in stmts)


def test_passive_and_nominal_forms(nlp):
    (st,) = extract(nlp, "A statement issued by the Foreign Ministry condemned the attack.")
    assert st.speaker == "the Foreign Ministry"
    assert st.cue == "condemned" and st.content == "the attack"
    (st,) = extract(nlp, "The World Bank's criticism of the plan was sharp.")
    assert (st.speaker, st.cue, st.content) == ("The World Bank", "criticism", "of the plan")
    text = "Putin's claim that the war was over was met with disbelief."
    (st,) = extract(nlp, text)
    assert (st.speaker, st.cue) == ("Putin", "claim")
    assert st.content == "that the war was over"
    (st,) = extract(nlp, "The reform was criticized by the teachers' union.")
    assert st.speaker == "the teachers' union" and st.content == "The reform"


def test_statement_reported_through_a_medium(nlp):
    text = "The Guardian published an interview with Ana Silva, in which she criticized the new tax."
    stmts = extract(nlp, text)
    assert [(s.speaker_mention, s.cue) for s in stmts] == [("The Guardian", "published an interview"), ("she", "criticized")]


def test_direct_quotes_straight_curly_and_split(nlp):
    text = "“The talks have failed,” Lopez said. “We will try again next month.”\n\n\"It is over,\" said Maria Chen, the party leader."
    stmts = extract(nlp, text)
    assert [s.speaker for s in stmts] == ["Lopez", "Lopez", "Maria Chen"]
    first, cont, chen = stmts
    assert first.quote == "The talks have failed,"
    assert cont.quote == "We will try again next month."
    # a split quote is one content of two parts, shared by both sentences' units
    assert [t.strip("“”,.") for t in spans_text(text, first.content_spans)] == ["The talks have failed", "We will try again next month"]
    assert cont.content_spans == first.content_spans and cont.cue_spans == first.cue_spans
    assert chen.quote == "It is over,"
    assert spans_text(text, chen.source_spans) == ["Maria Chen, the party leader"]


def test_cues_inside_a_quote_are_not_new_statements(nlp):
    stmts = extract(nlp, '"I think we will win the election," Lopez said.')
    assert [(s.speaker, s.cue) for s in stmts] == [("Lopez", "said")]


def test_indirect_speech_nested_in_a_report_is_one_statement(nlp):
    stmts = extract(nlp, "The paper reported that the parties were blaming each other for the attack.")
    assert [(s.speaker, s.cue) for s in stmts] == [("The paper", "reported")]


def test_addressee_and_misattached_that_clause(nlp):
    text = "On Monday, Rouhani told Pashinyan in a phone call that foreign involvement would prolong the war."
    (st,) = extract(nlp, text)
    assert st.addressee == "Pashinyan"
    assert st.content == "that foreign involvement would prolong the war"


def test_shared_subject_participle_parenthetical_and_relative_clause(nlp):
    (st,) = extract(nlp, "Velayati described the region as occupied and said Iran would help Baku.")
    assert st.speaker == "Velayati"  # one unit for the speaker in this sentence
    stmts = extract(nlp, "The president spoke on Tuesday, saying the economy was strong.", one_per_sentence=False)
    assert [(s.speaker, s.cue) for s in stmts] == [("The president", "saying")]
    text = "The economy, the minister said, is recovering."
    (st,) = extract(nlp, text)
    assert st.speaker == "the minister"
    assert "economy" in st.content and "recovering" in st.content
    (st,) = extract(nlp, "Lopez, who said the vote was rigged, left the party.")
    assert st.speaker == "Lopez" and st.content == "the vote was rigged"


def test_name_and_colon(nlp):
    (st,) = extract(nlp, 'Rep. Trey Gowdy: "I have not heard anyone other than you cite that figure."')
    assert st.speaker == "Rep. Trey Gowdy" and st.cue == ":"
    assert st.quote == "I have not heard anyone other than you cite that figure."


def test_a_quotation_signed_with_a_dash_is_the_signers(nlp):
    """Pull quotes and readers' comments: '"..." ― Name'; the name is the speaker of the quotation
    before the dash, not of the next one."""
    text = ("The vote closed on Sunday.\n\n"
            "\u201cThe count was fair and quick.\u201d \u2015 Jane Doe \u201cI waited three hours to vote.\u201d\u00a0\u2015 Ravi K. Menon\n"
            "\u201cNobody asked us.\u201d \u2014 Ana Lopez.\n")
    got = [(st.speaker, st.cue, st.quote) for st in extract(nlp, text)]
    assert got == [("Jane Doe", "\u2015", "The count was fair and quick."),
                   ("Ravi K. Menon", "\u2015", "I waited three hours to vote."),
                   ("Ana Lopez", "\u2014", "Nobody asked us.")]
    # a dash that runs on into a sentence signs nothing
    assert [st.speaker for st in extract(nlp, 'The minister said \u201cno\u201d \u2013 Smith disagreed with him.')] == ["The minister"]


def test_author_analysis_is_not_a_statement(nlp):
    text = (
        "The regime's policy began to shift in the 1990s, as Azerbaijan became friendlier toward the West. "
        "Prices rose sharply after the drought. The bridge was closed for repairs."
    )
    assert extract(nlp, text) == []


def test_seed_with_actor_resolution(nlp):
    """Seed sentences through the project's own resolver (canonical names)."""
    from stancemap.statements.extract import extract_many

    text = (
        "President Hassan Rouhani has likewise urged both sides to stop the hostilities. "
        "On October 10, both Rouhani and Zarif supported the Russia-brokered ceasefire between the countries."
    )
    (stmts,) = extract_many([Article(body=text, published="2020-10-18")], nlp)
    names = [s.speaker for s in stmts]
    assert names[0] == "Hassan Rouhani"
    assert len(stmts) == 3 and stmts[1].speaker == "Hassan Rouhani" and "Zarif" in stmts[2].speaker
    assert stmts[1].date.value == "2020-10-10"


def test_transcript_turns_and_colon_headlines(nlp):
    text = (
        "Pence: Trump was mocking the Clinton camp\n\n"
        "TAPPER: Do you think he has campaigned as a healer?\n\n"
        "FALLIN: Well, I think the whole nation needs to work together. I think that is the message.\n\n"
        "Another problem for Sanders: there are more voters in the cities.\n\n"
        "Updated February 6, 2016 8:58PM: the count goes on."
    )
    stmts = extract(nlp, text, one_per_sentence=False)
    assert [(s.speaker, s.cue) for s in stmts if not s.speaker_reason.startswith("quotation")] == [
        ("Pence", ":"), ("TAPPER", ":"), ("FALLIN", ":")
    ]
    fallin = [s for s in stmts if s.speaker == "FALLIN"][0]
    assert fallin.content.endswith("I think that is the message.")


def test_a_verb_framing_a_quote_is_a_cue(nlp):
    (st,) = extract(nlp, '"This is fantastic!" beamed Donald Hartley of Madison.')
    assert (st.speaker, st.cue, st.quote) == ("Donald Hartley", "beamed", "This is fantastic!")


def test_a_named_source_inside_a_report_speaks_for_itself(nlp):
    text = "The Foreign Ministry describes the vote as illegal, the ministry's press service reported."
    stmts = extract(nlp, text)
    assert {(s.speaker, s.cue) for s in stmts} == {("The Foreign Ministry", "describes"), ("the ministry's press service", "reported")}
    # a pronoun inside a report stays part of what was reported
    stmts = extract(nlp, "The paper reported that he denied the charges.")
    assert [(s.speaker, s.cue) for s in stmts] == [("The paper", "reported")]


def _found(atts) -> list[tuple]:
    return [(a.sent.start, sorted(t.i for t in a.cue_tokens), a.cue_type, [s.full for s in a.sources], a.content, a.reason)
            for a in atts]


@pytest.mark.parametrize("units", [True, False])
def test_only_the_cue_candidates_are_tried_and_nothing_is_lost(nlp, units):
    """Extraction tries as cues only the positions read from arrays (cue lemmas, speech nouns,
    verbs that may frame a quotation); on real articles full of quotations that finds exactly
    what trying every token of every sentence finds."""
    from conftest import shared_path
    from stancemap.nlp.text import doc_text
    from stancemap.statements.attribution import AttributionFinder, _QuoteIndex
    from stancemap.nlp.quotes import find_quotes

    files = sorted(shared_path("data", "polnear", "dev", "text").glob("*.txt"))[:10]
    files += unreserved_conflict_news()[:6]
    texts = [p.read_text("utf-8") for p in files]
    finder = AttributionFinder(units=units)
    tried = 0
    for doc in nlp.pipe(texts):
        inside = _QuoteIndex(find_quotes(doc_text(doc)))
        candidates = finder._cue_candidates(doc, inside)
        for sent in doc.sents:
            mine = [i for i in candidates if sent.start <= i < sent.end]
            tried += len(mine)
            assert _found(finder._sentence(sent, inside, mine)) == _found(finder._sentence(sent, inside)), sent.text
    assert tried  # the shortcut was exercised

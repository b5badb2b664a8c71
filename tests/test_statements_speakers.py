"""Who can be a speaker: agents, not events, things, numbers or dates; the head of the subject,
not a word inside its clause; the issuer a document speaks for; the name a description gives.
Sentences written for these tests, each rule in several phrasings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancemap.records import Article
from stancemap.statements.agents import can_speak, names_the_pair
from stancemap.statements.extract import MentionResolver, extract_article
from stancemap.nlp.quotes import find_quotes


def mention_only(doc, article):
    return MentionResolver()


def extract(nlp, text: str, **kw):
    return extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=mention_only, **kw)


def speakers(nlp, text: str, **kw) -> list[str]:
    return [s.speaker for s in extract(nlp, text, **kw)]


# --- non-agents are no speakers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The truce, announced late on Monday, calls for the deployment of peacekeepers.",
        "The new accord calls for an exchange of prisoners within a week.",
        "The region broke away in a war that claimed 30,000 lives.",
        "Heavy clashes along the border claimed the lives of at least 17 soldiers.",
        "The talks concluded close to midnight with both delegations exhausted.",
        "The victory shows that Ankara has gained influence in the region.",
        "Renewed fighting vividly underscores the fragility of the truce.",
        "Such considerations would also suggest that the government is cautious.",
        "The skirmishes threatened to escalate into all-out war.",
        "Thousands watched a military parade that celebrated the victory.",
        "Its main city, also called Agdam, was thoroughly pillaged.",
    ],
)
def test_events_things_and_abstract_nouns_are_no_speakers(nlp, text):
    assert speakers(nlp, text) == []


def test_a_year_inside_the_subject_is_no_speaker_the_head_noun_is(nlp):
    for text, who in [
        ("Diplomats from the group that has mediated since 2004 called for calm.", "Diplomats from the group"),
        ("Observers from the mission that has worked there since 1995 urged restraint.", "Observers from the mission"),
    ]:
        got = extract(nlp, text)
        assert [s.speaker for s in got] == [who], text
        assert "2004" not in got[0].speaker and "1995" not in got[0].speaker


@pytest.mark.parametrize(
    "text, who",
    [
        ("Thousands of protesters gathered outside parliament, demanding the premier's resignation.", "Thousands of protesters"),
        ("A number of experts warned that the ceasefire would not hold.", "A number of experts"),
        ("Some of the residents said they would not leave.", "Some of the residents"),
        ("Sixty percent of respondents said the government should resign.", "Sixty percent of respondents"),
        ("Negotiators said the talks would resume on Monday.", "Negotiators"),
        ("The Nagorno-Karabakh region declared independence from Azerbaijan.", "The Nagorno-Karabakh region"),
        ("The campaign says the advertisement will air nationally.", "The campaign"),
    ],
)
def test_people_groups_bodies_and_polities_speak(nlp, text, who):
    assert speakers(nlp, text) == [who]


def test_speaker_test_reads_entity_types_and_the_counted_noun(nlp):
    doc = nlp("In 2004 the ministry, the Kremlin, thousands of refugees and the number of soldiers appeared.")
    by_text = {t.text: t for t in doc}
    assert not can_speak(by_text["2004"])
    assert can_speak(by_text["ministry"]) and can_speak(by_text["Kremlin"])
    assert can_speak(by_text["thousands"])  # counts refugees
    assert not can_speak(by_text["number"])  # "the number of soldiers" is a figure


# --- a document speaks for its issuer -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, who",
    [
        ('A foreign ministry statement accused the rebels of "deliberate shelling".', "foreign ministry"),
        ("A Kremlin statement said the two leaders had spoken by phone.", "Kremlin"),
        ("According to a note from the Defence Ministry, nine civilians were killed.", "the Defence Ministry"),
        ("According to a statement by the Russian government, the sides agreed to a truce.", "the Russian government"),
        ("The statement released by the Interior Ministry said 40 people were detained.", "the Interior Ministry"),
        ("The Azerbaijani defence ministry issued a statement on Sunday. The statement said two soldiers died.",
         "The Azerbaijani defence ministry"),
        ("The army said in a statement that it had repelled an attack. The statement added that no one was hurt.",
         "The army"),
    ],
)
def test_a_document_speaks_for_its_issuer(nlp, text, who):
    assert speakers(nlp, text)[-1] == who


@pytest.mark.parametrize(
    "text",
    [
        "The video shows soldiers desecrating the bodies.",
        "According to initial reports, 21 people lost their lives.",
        "Some reports suggest that foreign officers guided the drones.",
        "According to the map, the town will return to the government.",
        "A new study shows a sharp rise in casualties.",
    ],
)
def test_a_document_without_issuer_is_no_ones_statement(nlp, text):
    """What a document no one is named behind says stays in the record as no actor's statement
    (unattributed, as PolNeAR marks it a source), never as an actor called "the video"."""
    assert [(s.speaker, s.unattributed) for s in extract(nlp, text)] == [("", True)]
    assert speakers(nlp, text, one_per_sentence=False) != []  # PolNeAR marks it as a source


def test_a_documents_statement_never_takes_a_speakers_sentence(nlp):
    """No one's statement is a last resort: a quotation carried on from a speaker named before
    ("..., the statement added") stays the speaker's, with no statement of no one beside it."""
    text = ('The Swiss foreign ministry said on Monday that Switzerland was ready to host talks. '
            '"Negotiations must resume immediately," the statement added.')
    assert [(s.speaker, s.unattributed) for s in extract(nlp, text)] == [("The Swiss foreign ministry", False)] * 2


# --- the name a description gives ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, who",
    [
        ("The Chairman of the Presidency of Bosnia Sefik Dzaferovic sent a letter of condolence to the president.",
         ["Sefik Dzaferovic"]),
        ("The ministry's spokeswoman, Anna Novak, said the border was closed.", ["Anna Novak"]),
        ("Arch foes Armenia and Azerbaijan on Sunday accused each other of starting the clashes.", ["Armenia", "Azerbaijan"]),
        ("Trump's running mate, Indiana Gov. Mike Pence, plans to release his own returns soon.", ["Indiana Gov. Mike Pence"]),
        # a description that names its person with a participle
        ("A witness named Karim said the blast shook the whole street.", ["Karim"]),
        ("A resident identified as Omar Haddad said the shelling went on all night.", ["Omar Haddad"]),
        ("A man called Ali told reporters the town was empty.", ["Ali"]),
        # the name that closes a description with a clause, hung on the clause's last noun
        ("The offensive will stall, says the expert specializing in the former Soviet space Anna Novak.", ["Anna Novak"]),
    ],
)
def test_a_description_with_its_name_speaks_as_the_name(nlp, text, who):
    assert speakers(nlp, text) == who


def test_the_source_span_keeps_the_whole_description(nlp):
    text = "The ministry's spokeswoman, Anna Novak, said the border was closed."
    (st,) = extract(nlp, text)
    (start, end), = st.source_spans
    assert text[start:end] == "The ministry's spokeswoman, Anna Novak"


# --- cue verbs with a noun-phrase object ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        ("The foreign minister urged restraint.", "restraint"),
        ("The envoy urged calm on both sides.", "calm on both sides"),
        ("The UN chief called for calm.", "calm"),
        ("Pope Francis called for dialogue and an end to the fighting.", "dialogue … an end to the fighting"),
    ],
)
def test_a_cue_with_a_noun_object_is_a_statement(nlp, text, content):
    (st,) = extract(nlp, text)
    assert st.content == content and st.addressee is None


def test_an_addressee_is_someone_not_what_is_urged(nlp):
    (st,) = extract(nlp, "The foreign minister urged Baku to show restraint.")
    assert st.addressee == "Baku" and st.content == "to show restraint"


# --- the two parties, unnamed --------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, pair",
    [
        ("both sides", True), ("each side", True), ("the two sides", True), ("the parties", True),
        ("the warring countries", True), ("both governments", True), ("the two former Soviet republics", True),
        ("the longstanding rivals", True), ("Both parties to the conflict", True),
        ("the Armenian side", False), ("the three countries", False), ("all parties", False), ("one side", False),
        ("the countries", False), ("the officials", False),
    ],
)
def test_the_unnamed_pair(nlp, phrase, pair):
    doc = nlp(f"Then {phrase} accused each other of violations.")
    subject = next(t for t in doc if t.dep_ == "nsubj")
    mention = doc[subject.left_edge.i : subject.i + 1]
    assert names_the_pair(mention) is pair


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides accuse each other of breaking the truce.",
        "Each side accused the other of shelling villages.",
        "The warring parties have repeatedly blamed each other for the violations.",
        "Both governments accuse each other of targeting civilians.",
    ],
)
def test_the_unnamed_pair_is_the_pair_the_article_names(nlp, sentence):
    text = f"Fighting between Armenia and Azerbaijan resumed on Sunday. {sentence}"
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp)
    assert {s.speaker for s in stmts} == {"Government of Armenia", "Government of Azerbaijan"}


def test_with_the_conflict_known_both_sides_are_its_parties_not_the_brokers(nlp):
    """An article names Russia and Turkey as a pair and the belligerents only apart: alone, the pair
    it names is read as "both sides"; analysed for armenia-azerbaijan, they are that war's parties."""
    from stancemap.records import ConflictHints
    from stancemap.statements.extract import default_resolver_factory, statements_from_doc

    text = ("Russia and Turkey held talks in Moscow on Monday. Fighting went on in Nagorno-Karabakh, where "
            "Azerbaijani forces shelled Stepanakert. Both sides accused each other of violating the truce.")
    article = Article(body=text)
    doc = nlp(article.prose)

    def speakers(hints):
        return {s.speaker for s in statements_from_doc(doc, article, default_resolver_factory()(doc, article), hints=hints)}

    assert speakers(None) == {"Government of Russia", "Government of Turkey"}
    assert speakers(ConflictHints(parties=("Armenia", "Azerbaijan"))) == {"Government of Armenia", "Government of Azerbaijan"}
    # a civil war's sides are not states: the article's own pair stands
    assert speakers(ConflictHints(parties=("Syrian government", "Syrian opposition"))) == {"Government of Russia", "Government of Turkey"}


# --- quotations whose paragraph breaks the page lost ------------------------------------------------


def test_a_quotation_left_open_before_a_glued_sentence_ends_there():
    text = ('She said: "We will not leave. Our home is here.The family arrived in 2000. '
            'Its pseudonym was "Barcelona". Later he said "no".')
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ['"We will not leave. Our home is here.', '"Barcelona"', '"no"']


def test_a_quotation_open_at_a_glued_sentence_ends_there_without_a_later_mark():
    text = '"We will not leave. Our home is here.The family arrived in 2000 and stayed.'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"We will not leave. Our home is here.']


def test_a_low_opening_closed_by_two_right_single_quotes():
    text = "„We appreciate the cooperation,’’ the prime minister said. For his part, the ambassador thanked him."
    assert [text[s:e] for s, e in find_quotes(text)] == ["„We appreciate the cooperation,’’"]


def test_a_closing_mark_that_opens_a_line_is_a_mistyped_opening():
    text = 'The readers wrote back.\n\u201dFear. I am truly afraid.\u201d \u2015 Ana Lopez\nShe left.\u201d Then'
    assert [text[s:e] for s, e in find_quotes(text)] == ['\u201dFear. I am truly afraid.\u201d']


def test_a_reopened_quotation_ends_the_open_one():
    text = ('She added: "The news is misleading. Armenia is the victim. "We need observers," she said. '
            'The army claimed a "counter-offensive". Reuters reported new clashes.')
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ['"The news is misleading. Armenia is the victim.', '"We need observers,"', '"counter-offensive"']


def test_a_closing_mark_typed_with_a_space_still_closes():
    text = '"We hid in a church. The children kept crying, "he laments. Then they left.'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"We hid in a church. The children kept crying, "']


def test_sentences_after_a_lost_paragraph_break_are_not_the_quoted_speakers(nlp):
    text = ('She added: "The attacks are unprovoked. "We need international observers," she said. '
            'Armenia declared martial law. The army said 16 soldiers were killed. Reuters reported new clashes.')
    got = {(s.speaker, s.sentence.split()[0]) for s in extract(nlp, text)}
    assert ("Reuters", "Reuters") in got and ("The army", "The") in got
    assert not any(who == "She" and first in {"Armenia", "Reuters", "The"} for who, first in got)


# --- quantifiers, negation and the writer --------------------------------------------------------


@pytest.mark.parametrize(
    "text, who",
    [
        ("Armenia and Azerbaijan both make historic claims to the region.", ["Armenia", "Azerbaijan"]),
        ("The mayor and the governor all said the roads were closed.", ["The mayor", "the governor"]),
    ],
)
def test_a_floating_quantifier_is_no_third_speaker(nlp, text, who):
    assert speakers(nlp, text) == who


def test_trading_blame_is_a_statement_of_each_party(nlp):
    """'traded barbs', 'exchanged recriminations', 'have traded blame': each of them accuses."""
    for text in ("Turkey and Armenia traded barbs on Monday, each accusing the other of lying.",
                 "Chile and Peru have traded blame for breaking the truce.",
                 "Chile and Peru exchanged accusations over the shelling of the border posts."):
        got = extract(nlp, text)
        assert len(got) == 2 and all(s.cue.split()[-1] in {"barbs", "blame", "accusations"} for s in got), text


@pytest.mark.parametrize(
    "text",
    [
        "Turkey and Armenia clashed again on the border, each blaming the other for the crisis.",
        "Turkey and Armenia held talks on Monday, each accusing the other of lying.",
    ],
)
def test_each_of_a_coordinated_subject_speaks(nlp, text):
    got = extract(nlp, text)
    assert [s.speaker for s in got] == ["Turkey", "Armenia"]
    assert all(s.sentence[s.source_spans[0][0] - s.sent_start :].startswith("each") for s in got)  # the span is still "each"


@pytest.mark.parametrize(
    "text",
    [
        "No one can say that it was a pro-forma exercise.",
        "Neither country will admit the true extent of its casualties.",
        "Nobody claimed responsibility for the attack.",
        "None of the officials commented on the report.",
    ],
)
def test_a_negated_subject_says_nothing(nlp, text):
    assert speakers(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "My chief argument is that Moscow cares more about the north.",
        "Our view is that the truce will not hold.",
        "Let's hope the big powers are finally listening.",
    ],
)
def test_the_writers_own_view_is_no_reported_statement(nlp, text):
    assert speakers(nlp, text) == []


def test_hyphen_joined_words_are_one_speaker_name(nlp):
    text = '"The sides engaged in an open exchange of views," the Co-Chairs said.'
    (st,) = extract(nlp, text)
    assert st.speaker_mention.endswith("Co-Chairs") and "Co" not in st.content.split('"')[-1]


def test_a_one_letter_word_glued_after_a_date_opens_a_sentence(nlp):

    text = "They meet again on October 29.A senior official said the truce would hold."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == ["They meet again on October 29.", "A senior official said the truce would hold."]
    assert speakers(nlp, text) == ["A senior official"]


def test_an_interview_question_glued_to_the_answer_is_two_sentences(nlp):

    text = "Does the corridor threaten the country's transit status?I would doubt it, he said."
    doc = nlp(text)
    assert doc.text == text
    assert [s.text for s in doc.sents] == ["Does the corridor threaten the country's transit status?", "I would doubt it, he said."]


# --- names the parse hides ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, who",
    [
        ("Officials had earlier claimed that a drone shot down a plane, a claim Turkey and Azerbaijan have denied.",
         ["Officials", "Turkey", "Azerbaijan"]),
        ("The rebels said a village was shelled, an allegation Baku rejected.", ["The rebels", "Baku"]),
    ],
)
def test_a_claim_denied_by_a_name_is_the_names_statement(nlp, text, who):
    assert speakers(nlp, text) == who


@pytest.mark.parametrize(
    "text, who",
    [
        ("The presidents of Russia, Vladimir Putin, USA, Donald Trump, and France, Emmanuel Macron, on Thursday called for a ceasefire.",
         ["Vladimir Putin", "Donald Trump", "Emmanuel Macron"]),
        ("The foreign ministers of Russia, Sergei Lavrov, and Turkey, Mevlut Cavusoglu, discussed the conflict by phone.",
         ["Sergei Lavrov", "Mevlut Cavusoglu"]),
        ("Armenia and world leaders including Vladimir Putin and Emmanuel Macron have denounced the deployment.",
         ["Armenia", "Vladimir Putin", "Emmanuel Macron"]),
        # the group a conjunct of its own: each member it names speaks, not the group
        ("Russia and international organizations including NATO, the European Union and the OSCE called on both sides "
         "to stop fighting.", ["Russia", "NATO", "the European Union", "the OSCE"]),
    ],
)
def test_each_country_followed_by_its_holder_names_the_speakers(nlp, text, who):
    assert speakers(nlp, text) == who


def test_the_presidents_of_two_countries_without_names_stay_one_phrase(nlp):
    assert speakers(nlp, "The presidents of Russia and France called for an immediate ceasefire.") == [
        "The presidents of Russia and France"]


def test_one_title_in_two_countries_in_lower_case(nlp):
    from stancemap.statements.extract import default_resolver_factory

    text = "The Russian and Turkish defense ministers discussed the ceasefire on Wednesday."
    stmts = extract_article(Article(body=text, published="2020-11-11"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts) == ["Hulusi Akar", "Sergei Shoigu"]


# --- uses of cue verbs that report no speech --------------------------------------------------------


@pytest.mark.parametrize(
    "text, said",
    [
        ("The West will maintain a strong role in the region.", False),
        ("Two doctors volunteered to visit the shelters.", False),
        ("The ministry maintained that no civilians were hit.", True),
        ('"We did nothing wrong," the colonel maintained.', True),
    ],
)
def test_clause_only_verbs_need_what_was_said(nlp, text, said):
    assert bool(speakers(nlp, text)) is said


@pytest.mark.parametrize(
    "text, said",
    [
        ("Some refugees have found their way to makeshift centres.", False),
        ("Residents showed their passports at the checkpoint.", False),
        ("The commission found irregularities in the vote count.", True),
        ("Residents found that the water had been cut off.", True),
        ("He regularly finds his mother reading the news in tears.", False),
    ],
)
def test_people_finding_or_showing_things_report_nothing_without_a_clause(nlp, text, said):
    assert bool(speakers(nlp, text)) is said


@pytest.mark.parametrize(
    "text",
    [
        "Armenia and Azerbaijan must refrain from violent acts immediately.",
        "Both governments should call for calm.",
        "The rebels ought to accept the offer.",
    ],
)
def test_what_someone_must_say_is_not_what_they_said(nlp, text):
    assert speakers(nlp, text) == []


@pytest.mark.parametrize(
    "text, who",
    [
        ("When speaking about the future, one may want to recall that many families have not buried their dead.", []),
        ("One can only hope that the truce holds.", []),
        ("One of the officials may have said that the talks failed.", ["One of the officials"]),
    ],
)
def test_the_generic_one_is_no_speaker(nlp, text, who):
    assert speakers(nlp, text) == who


def test_the_speakers_own_clause_is_the_cue_not_the_relative_clause_on_the_speaker(nlp):
    for text in [
        "Aram Gregorjan, who volunteered to take refuge, said the shelters helped spread the virus.",
        "The envoy, who had earlier criticised both sides, said the talks would resume.",
    ]:
        (st,) = extract(nlp, text)
        assert st.cue == "said", text


def test_whose_aide_is_part_of_the_speaker(nlp):
    (st,) = extract(nlp, "An aide to the president said the border would stay closed.")
    assert st.speaker_mention == "An aide to the president"


# --- subjects the parser lost ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Meanwhile, on the ground Armenia and Azerbaijan have again accused each other of shelling villages.",
        "But minutes after it came into force, Armenia and Azerbaijan both accused each other of violating the truce.",
    ],
)
def test_names_right_before_a_subjectless_verb_are_its_subject(nlp, text):
    assert speakers(nlp, text) == ["Armenia", "Azerbaijan"]


def test_a_verb_read_as_a_plural_noun_keeps_its_subject_for_the_next_verb(nlp):
    assert speakers(nlp, "Iran neighbors both Armenia and Azerbaijan and is calling for calm.") == ["Iran"]




@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1])), max_size=6),
       st.integers(-5, 260))
def test_quote_interior_mask_agrees_with_its_definition(quotes, offset):
    from stancemap.statements.attribution import _QuoteIndex

    assert _QuoteIndex(quotes).interior(offset) == any(s < offset < e - 1 for s, e in quotes)


@pytest.mark.parametrize(
    "text, who",
    [
        ("Tarsunts says the shelling of the town is devastating.", "Tarsunts"),
        ("Gevorkunts, who grew up in the village, says the shelling is devastating.", "Gevorkunts"),
    ],
)
def test_a_name_no_dictionary_has_speaks_though_tagged_as_a_common_noun(nlp, text, who):
    # the tagger reads these unknown surnames at a sentence's start as plural nouns, and the
    # entity recogniser sees no person in them
    doc = nlp(text)
    assert doc[0].pos_ == "NOUN" and not doc[0].ent_type_
    assert speakers(nlp, text) == [who]


def test_the_tag_closing_a_long_quotation_is_not_someone_the_quotation_names(nlp):
    from stancemap.statements.extract import default_resolver_factory

    text = ('Analyst Omer Talvin said the talks had changed the region. "Now the two capitals lead the region. '
            "However, I would stress that Moscow is still a strong power. At a press conference this year, "
            "President Karel Dobrin stressed that the status should stay unchanged. This means that his country "
            'does not want any change. His troops may stay for years," he added.')
    got = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert {s.speaker for s in got} == {"Omer Talvin"}
    assert len(got) == 6  # the sentence before and the five the quotation spans

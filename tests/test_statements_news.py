"""Speaker attribution on wire-style news: run-together sentences, quotations closed by a tag,
relayed sources, paired parties, clauses that hide the subject. Sentences written for these tests."""

from __future__ import annotations

import pytest

from stancemap.records import Article
from stancemap.statements.extract import MentionResolver, default_resolver_factory, extract_article


def mention_only(doc, article):
    return MentionResolver()


def extract(nlp, text: str, **kw):
    return extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=mention_only, **kw)


def units(stmts) -> list[tuple[str, str]]:
    """(speaker, first words of the sentence) per statement."""
    return [(s.speaker, " ".join(s.sentence.split()[:2])) for s in stmts]


# --- run-together sentences ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("The port was shelled, the navy said.Fishing boats left the harbour.",
         ["The port was shelled, the navy said.", "Fishing boats left the harbour."]),
        ('"We will not retreat," the colonel said."The bridge stays ours."',
         ['"We will not retreat," the colonel said.', '"The bridge stays ours."']),
        ("“The vote is over.”The count starts at noon.", ["“The vote is over.”", "The count starts at noon."]),
        ("The talks ended, reports AFP.On Friday the envoys flew home.",
         ["The talks ended, reports AFP.", "On Friday the envoys flew home."]),
        ("Floods in the southThe river burst its banks on Monday.",
         ["Floods in the south", "The river burst its banks on Monday."]),
        # an interview's question ending in a number, glued to the answer's label
        ("Were the principles signed on December 3?Anna Petrova: They set out a settlement.",
         ["Were the principles signed on December 3?", "Anna Petrova: They set out a settlement."]),
    ],
)
def test_glued_sentences_are_split_and_offsets_kept(nlp, text, sentences):
    doc = nlp(text)
    assert doc.text == text
    assert [s.text.strip() for s in doc.sents] == sentences


def test_abbreviations_and_brand_names_are_not_sentence_ends(nlp):
    text = "He flew from St.Louis to the U.S.Navy base and posted on YouTube and LinkedIn."
    doc = nlp(text)
    assert len(list(doc.sents)) == 1


def test_speaker_is_not_taken_from_the_sentence_glued_before(nlp):
    text = "Two villages were hit overnight, the governor said.The defence ministry denied any shelling."
    assert units(extract(nlp, text)) == [("the governor", "Two villages"), ("The defence ministry", "The defence")]


# --- quotations -------------------------------------------------------------------------------


def test_quotation_of_several_sentences_belongs_to_the_tag_that_closes_it(nlp):
    text = (
        'The mayor said the market would reopen. "The roads are clear. Schools open on Monday. '
        'The curfew ends at midnight," the regional council announced.'
    )
    got = units(extract(nlp, text))
    assert got == [
        ("The mayor", "The mayor"),
        ("the regional council", '"The roads'),
        ("the regional council", "Schools open"),
        ("the regional council", "The curfew"),
    ]


def test_an_agency_quoting_someone_as_saying_gives_both_a_unit(nlp):
    for text, quoted in [
        ("Local news agencies quoted the defence ministry as saying 300 troops would be deployed.", "the defence ministry"),
        ("The agency quoted Hovan Lasar, the army chief, as telling reporters the town had fallen.", "Hovan Lasar"),
    ]:
        assert [s.speaker for s in extract(nlp, text)][1:] == [quoted], text
    assert [s.speaker for s in extract(nlp, "The paper quoted the report at length.")] == ["The paper"]


@pytest.mark.parametrize(
    "text", ["The bride hails from a family of teachers.", "Rescuers called in sniffer dogs.", "The mayor called off the visit."])
def test_a_cue_verb_in_another_sense_with_its_particle(nlp, text):
    assert extract(nlp, text) == []


def test_calling_in_some_terms_is_still_a_call(nlp):
    assert [s.cue for s in extract(nlp, "The council called in vague terms for clarity.")] == ["called for"]


def test_a_cue_verb_the_tagger_read_as_a_noun(nlp):
    """'accuse' after a plural subject, tagged as a noun, with that subject hanging on it."""
    text = "The leaders in East Timor accuse Indonesia of provoking the riots."
    assert [(s.speaker, s.cue) for s in extract(nlp, text)] == [("The leaders in East Timor", "accuse")]


@pytest.mark.parametrize("text", ["She underlined that the talks would go on.", "He assessed that the two cities have long ties."])
def test_underline_and_assess_report_what_follows(nlp, text):
    assert [s.content.split()[0] for s in extract(nlp, text)] == ["that"]


def test_quoted_as_saying(nlp):
    text = '"The embargo must stay," Senator Ruth Calder was quoted as saying.'
    (st,) = extract(nlp, text)
    assert st.speaker == "Senator Ruth Calder"
    assert st.quote == "The embargo must stay,"


# --- relayed sources --------------------------------------------------------------------------


def test_a_named_source_relayed_by_according_to_keeps_its_statement(nlp):
    text = "Forty soldiers were wounded, said Tomas Berg, a spokesman for the army, according to Radio North."
    speakers = {s.speaker for s in extract(nlp, text)}
    assert speakers == {"Tomas Berg", "Radio North"}


def test_a_pronoun_relayed_by_according_to_keeps_its_statement(nlp):
    text = '"We will not give up the valley," she said on Monday, according to the state news agency.'
    assert [s.speaker for s in extract(nlp, text)] == ["she", "the state news agency"]


@pytest.mark.parametrize(
    "text, bodies",
    [
        ("The war went on, with Chilean and Peruvian forces blaming each other for the shelling.",
         ["Armed Forces of Chile", "Armed Forces of Peru"]),
        ("Swiss and Austrian authorities reported that the border crossings had been closed.",
         ["Government of Switzerland", "Government of Austria"]),
    ],
)
def test_one_body_of_each_named_country(nlp, text, bodies):
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert [s.speaker for s in stmts] == bodies


def test_faceless_reports_yield_to_the_named_speaker(nlp):
    text = "Senator Ann Holt has filed a motion in parliament, calling for a halt to arms exports, reports say."
    assert [s.speaker for s in extract(nlp, text)] == ["Senator Ann Holt"]


def test_faceless_report_alone_is_an_attribution_but_no_ones_statement(nlp):
    text = "Reports say the airport was closed."
    assert [s.speaker for s in extract(nlp, text, one_per_sentence=False)] == ["Reports"]  # PolNeAR marks it
    assert [(s.speaker, s.unattributed) for s in extract(nlp, text)] == [("", True)]  # no actor said it


def test_office_of_a_person_speaks_for_that_person(nlp):
    text = "President Lena Ortiz's office said the visit was postponed."
    (st,) = extract(nlp, text)
    assert st.speaker == "President Lena Ortiz"


# --- paired parties ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between Armenia and Azerbaijan resumed on Sunday. Both sides accused each other of shelling villages.",
        "Armenian and Azerbaijani troops clashed again. The two sides blamed each other for the escalation.",
    ],
)
def test_both_sides_are_the_two_states_the_article_pairs(nlp, text):
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts) == ["Government of Armenia", "Government of Azerbaijan"]
    assert all("the two parties the article pairs" in s.speaker_reason for s in stmts)


def test_both_sides_before_the_pair_is_named_is_the_pair_named_after_when_one_of_them_is_near(nlp):
    text = ("Shelling hit Peruvian border posts overnight. Both sides deny targeting civilians but accuse the "
            "other of doing so. Talks between Chile and Peru are due on Friday.")
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts) == ["Government of Chile", "Government of Peru"]
    # a pair named only later, of which nothing near the sentence names either party, is no one's
    other = text.replace("Peruvian ", "").replace("Peru", "Bolivia")
    assert extract_article(Article(body=other, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory()) == []


def test_the_unnamed_pair_is_the_articles_own_parties_not_a_pair_named_in_passing(nlp):
    text = ("Fighting between Chile and Peru flared again on Monday. Chilean troops shelled Peruvian posts, and Peru "
            "said three soldiers died. Chile denied that. France and Spain have offered to host talks. "
            "The two countries later agreed to a truce.")
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts if s.sentence.startswith("The two countries")) == [
        "Government of Chile", "Government of Peru"]


def test_both_sides_without_a_pair_names_no_one(nlp):
    text = "Both sides accused each other of breaking the truce."
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert stmts == []
    spans = extract_article(Article(body=text), nlp, resolver_factory=default_resolver_factory(), one_per_sentence=False)
    assert [s.speaker_mention for s in spans] == ["sides"]  # still an attribution for span scoring


# --- clauses that hide the subject ------------------------------------------------------------


def test_subject_before_a_comma_closed_relative_clause(nlp):
    text = (
        "France and Germany, which co-chair the contact group of the regional security organisation "
        "that has tried to broker a settlement, have condemned the attack."
    )
    assert sorted(s.speaker for s in extract(nlp, text)) == ["France", "Germany"]


def test_purpose_infinitive_takes_the_subject_of_its_clause(nlp):
    text = "Foreign Minister Karl Weber held separate calls with his counterparts on Monday to call for a ceasefire."
    (st,) = extract(nlp, text)
    assert st.speaker == "Foreign Minister Karl Weber"
    assert st.cue.endswith("call for")


def test_participle_after_a_contrasting_clause_shares_its_subject(nlp):
    text = (
        "Georgia said it would accept a truce, while Moldova has made a truce conditional on a withdrawal, "
        "arguing that talks had failed."
    )
    got = {s.speaker: s.cue for s in extract(nlp, text)}
    assert got.get("Moldova") == "arguing"
    assert got.get("Georgia") == "said"


def test_reported_dead_is_not_a_statement_of_the_dead(nlp):
    text = "The storm was the worst in years, with more than 200 people reported dead across the coast."
    assert extract(nlp, text) == []


def test_a_claim_that_others_denied(nlp):
    text = "Officials in Lisbon had claimed that a foreign jet crossed the border, a claim Spain and Morocco have denied."
    assert sorted(s.speaker for s in extract(nlp, text)) == ["Morocco", "Officials in Lisbon", "Spain"]


def test_a_named_speakers_bare_speech_act_makes_them_the_one_who_speaks_next(nlp):
    text = "Anna Petrova, head of the Baltic Policy Institute, also tweeted. She believes the talks will fail."
    assert [s.speaker for s in extract(nlp, text)][0] == "Anna Petrova"


def test_standing_support_in_a_relative_clause_is_no_statement(nlp):
    text = "The war could draw in Turkey, which strongly backs Azerbaijan."
    assert extract(nlp, text) == []


def test_support_declared_in_the_past_is_a_statement(nlp):
    text = "Turkey, which backed the resolution last year, said it would vote again."
    assert [s.speaker for s in extract(nlp, text)][0] == "Turkey"


def test_a_person_reported_by_an_institution_gets_a_statement(nlp):
    text = "The presidential office said Chancellor Otto Brandt proposed a prisoner exchange."
    assert sorted(s.speaker for s in extract(nlp, text)) == ["Chancellor Otto Brandt", "The presidential office"]


def test_a_person_reporting_another_keeps_the_reported_speech_nested(nlp):
    text = "Minister Ida Lund said President Karl Moss proposed a prisoner exchange."
    assert [s.speaker for s in extract(nlp, text)] == ["Minister Ida Lund"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Prime Minister Tove Berg met on Sunday with the foreign ministers of Chile and Peru in Lima.", "Prime Minister Tove Berg"),
        ("Foreign Minister Jan Wirth greeted his Chilean and Peruvian counterparts at the ministry.", "Foreign Minister Jan Wirth"),
        ("President Ana Costa has tried to mediate between the two governments.", "President Ana Costa"),
    ],
)
def test_meetings_and_mediation_are_units(nlp, text, speaker):
    assert [s.speaker for s in extract(nlp, text)] == [speaker]


def test_meetings_are_no_attribution_for_polnear(nlp):
    text = "Prime Minister Tove Berg met on Sunday with the foreign ministers of Chile and Peru in Lima."
    assert extract(nlp, text, one_per_sentence=False) == []
    assert extract(nlp, "Chile and Peru signed an agreement to end the dispute.", one_per_sentence=False) == []


@pytest.mark.parametrize(
    "text, speakers",
    [
        ("Chile, Peru and Bolivia have signed an agreement to end the border dispute.", ["Chile", "Peru", "Bolivia"]),
        ("The two presidents signed a truce in Lima on Sunday.", ["The two presidents"]),
        ("Senator Ruth Lang brokered a deal between the unions and the mayor.", ["Senator Ruth Lang"]),
        ("The talks were brokered by Norway and Switzerland.", ["Norway", "Switzerland"]),
    ],
)
def test_signing_and_brokering_a_deal_are_units(nlp, text, speakers):
    assert [s.speaker for s in extract(nlp, text)] == speakers


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1921.",  # no one named
        "Norway and Switzerland, which brokered a truce in 2005, stayed away from the talks.",  # who they are
    ],
)
def test_deals_signed_or_brokered_without_an_act_of_the_subject(nlp, text):
    assert [s.speaker for s in extract(nlp, text) if s.cue.endswith(("brokered", "signed"))] == []


def test_when_a_deal_was_signed_is_not_what_was_signed(nlp):
    """The clause saying when keeps its own speaker, not nested inside the act."""
    text = "The premier signed a deal with the rebels after the regional authorities admitted that they had lost the city."
    assert [s.speaker for s in extract(nlp, text)] == ["The premier", "the regional authorities"]


def test_with_absolute_participle_takes_the_object_of_with(nlp):
    text = (
        "Talks appeared to gain pace as the storm passed, with Chancellor Otto Brandt on Friday "
        "speaking by phone to his Danish counterpart."
    )
    assert [s.speaker for s in extract(nlp, text)] == ["Chancellor Otto Brandt"]


def test_passive_multiword_cue_takes_its_agent(nlp):
    text = "Concern over the clashes was expressed in a separate post by the Ministry of Foreign Affairs."
    assert [s.speaker for s in extract(nlp, text)] == ["the Ministry of Foreign Affairs"]


@pytest.mark.parametrize(
    "text",
    [
        "“We want peace in the region . . . Our troops will stay in their barracks,” the general said.",
        "“Our aim is calm in the capital ... The police will not give in to provocations,” he added.",
        '"This is a new Waterloo [the battle that ended an empire] and we will win," he said.',
    ],
)
def test_ellipses_and_insertions_inside_a_quotation_keep_one_sentence(nlp, text):
    doc = nlp(text)
    assert len(list(doc.sents)) == 1
    assert len(extract(nlp, text)) == 1


def test_it_said_is_an_organisation_speaking(nlp):
    text = 'The Ministry of Defence reported heavy shelling. "The city withstands the blows of the enemy," it said.'
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert [s.speaker_mention for s in stmts] == ["The Ministry of Defence", "it"]
    assert stmts[1].speaker == stmts[0].speaker


@pytest.mark.parametrize("said", ["It accused the enemy of shelling villages.", "It urged both sides to stop the fighting.",
                                  "It demanded that the attacks stop at once.", "It denied that its troops had crossed the border."])
def test_it_accused_is_an_organisation_speaking_too(nlp, said):
    text = f"The Ministry of Defence reported heavy shelling overnight. {said}"
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert [s.speaker_mention for s in stmts] == ["The Ministry of Defence", "It"]
    assert stmts[1].speaker == stmts[0].speaker


def test_expletive_and_declared_independence_are_not_an_organisation_speaking(nlp):
    assert extract(nlp, "It is said that the bridge will reopen.") == []
    assert extract(nlp, "The enclave is small, although it has declared independence.") == []


def test_a_heading_glued_to_a_name_is_not_part_of_the_speaker(nlp):
    text = "Northern OffensiveMolina, backed by the army, vowed to retake the valley."
    (st,) = extract(nlp, text)
    assert st.speaker_mention == "Molina"


def test_a_heading_without_punctuation_is_no_statement(nlp):
    text = "Elites blamed\n\nThe president criticized the old elites for the defeat."
    assert [s.speaker for s in extract(nlp, text)] == ["The president"]


def test_documents_do_not_speak(nlp):
    assert extract(nlp, "The agreement reached by the three leaders does not mention foreign troops.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebel units pushed through the mountain passes.", []),
        ("The governors pushed for a new budget.", ["The governors"]),
    ],
)
def test_push_is_a_stance_only_as_push_for(nlp, text, expected):
    assert [s.speaker for s in extract(nlp, text)] == expected


def test_a_while_clause_with_its_own_source_is_a_second_statement(nlp):
    text = (
        "Army spokeswoman Lena Haas said there was fierce combat for the town, while the government said "
        "taking it was a pipe dream for the enemy."
    )
    assert [s.speaker for s in extract(nlp, text)] == ["Army spokeswoman Lena Haas", "the government"]


def test_a_quotation_equated_with_a_statement_from_an_office(nlp):
    text = '"The talks have failed because of the other side," was the statement from the Moreno office after the call.'
    (st,) = extract(nlp, text)
    assert st.speaker == "Moreno"
    assert st.content.startswith("The talks have failed")


def test_named_members_of_a_group_speak(nlp):
    text = "World leaders including Chancellor Otto Brandt and President Ana Costa have denounced the deployment."
    assert [s.speaker for s in extract(nlp, text)] == ["Chancellor Otto Brandt", "President Ana Costa"]


def test_a_quotation_glued_to_the_next_sentence_does_not_make_its_verb_a_cue(nlp):
    text = 'The president said: "We will win as our cause is just."Conflict over the valley has broken out repeatedly.'
    assert [s.speaker for s in extract(nlp, text)] == ["The president"]


def test_a_speech_verb_ending_the_sentence_takes_the_name_right_before_it(nlp):
    for text in (
        "Rebel forces hit two helicopters, three tanks and 14 drones, army spokeswoman Lena Haas said.",
        "Rebel forces hit two Azeri helicopters, three tanks and 14 drones, Defense Ministry spokeswoman Lena Haas said.",
    ):
        assert [s.speaker_mention.split()[-2:] for s in extract(nlp, text)] == [["Lena", "Haas"]]


def test_a_cleft_inside_reported_speech_is_no_statement_of_its_own(nlp):
    text = "According to the provincial authorities, it was rebel forces that attacked the villages."
    assert [s.speaker for s in extract(nlp, text)] == ["the provincial authorities"]


def test_a_relative_clause_on_a_medium_keeps_its_source(nlp):
    text = "The paper published an interview with Ruth Adler, in which she criticized the new tax."
    assert [s.speaker for s in extract(nlp, text)] == ["The paper", "she"]


def test_seeking_a_solution_is_no_statement(nlp):
    assert extract(nlp, "France and Italy have for decades sought a lasting solution to the dispute.") == []


@pytest.mark.parametrize(
    "text, speakers",
    [
        ("Spain called on both parties to stop the fighting, the Foreign Ministry in Madrid said in a statement.",
         ["Ministry of Foreign Affairs of Spain"]),
        ("Spain called on both parties to stop the fighting, the French Foreign Ministry said in a statement.",
         ["Government of Spain", "Ministry of Foreign Affairs of France"]),
    ],
)
def test_a_state_speaks_through_its_own_ministry(nlp, text, speakers):
    stmts = extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts) == speakers


def test_a_finished_quotation_glued_to_a_heading_is_not_its_content(nlp):
    text = 'The minister said: "We will get the country out of this."Elites blamedThe president criticized the old elites.'
    assert [s.speaker for s in extract(nlp, text)] == ["The minister", "The president"]


@pytest.mark.parametrize("text", [
    "The Azerbaijani and Turkish Foreign Ministers also spoke by phone on Saturday.",
    # the title's adjective parsed as such, not as a compound
    "The Azerbaijani and Turkish foreign ministers said on Saturday that the talks would go on.",
])
def test_one_title_in_two_countries_is_two_holders(nlp, text):
    stmts = extract_article(Article(body=text, published="2020-10-17"), nlp, resolver_factory=default_resolver_factory())
    assert sorted(s.speaker for s in stmts) == ["Jeyhun Bayramov", "Mevlut Cavusoglu"]


def test_comparing_is_a_statement_and_its_speaker_says_the_next_quote(nlp):
    text = (
        "Ortiz, in her television address, compared the crisis to the war of 1914. "
        '"This is our new Marne [the battle that saved the capital] and we must all fight," she said.'
    )
    stmts = extract(nlp, text)
    assert [(s.speaker, s.cue) for s in stmts] == [("Ortiz", "compared"), ("she", "said")]
    assert len(list(nlp(text).sents)) == 2


def test_a_name_after_its_common_noun_is_the_source(nlp):
    for agency in ("TASS", "Xinhua"):  # parsed as two subjects / as a compound
        text = f'"The memorandum has been signed following talks, the ministry reported Wednesday," news agency {agency} reports.'
        assert [s.speaker for s in extract(nlp, text)][-1].endswith(agency)

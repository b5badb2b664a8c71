"""Resolution families met in new text: described media, names holding place names, counted groups and
their synonyms, state/government equivalence for matching."""

from __future__ import annotations

import pytest

from stancemap.actors.kb import load_kb
from stancemap.actors.resolve import ActorResolver
from stancemap.records import Article


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def resolver_for(nlp, kb, text, title=None):
    doc = nlp(text)
    return ActorResolver(kb, doc, Article(body=text, title=title)), doc


def subject_of(doc, verb: str, nth: int = 0):
    """The subject phrase of the nth occurrence of `verb`, as a statements stage would pass it."""
    v = [t for t in doc if t.text == verb][nth]
    subj = next(c for c in v.children if c.dep_ in ("nsubj", "nsubjpass"))
    return doc[subj.left_edge.i : subj.i + 1]


def first_subject(doc, verb: str):
    """Only the first subject the parser hangs on `verb` (a misparse may give it two)."""
    v = [t for t in doc if t.text == verb][0]
    subj = next(c for c in v.children if c.dep_ in ("nsubj", "nsubjpass"))
    return doc[subj.left_edge.i : subj.i + 1]


@pytest.mark.parametrize("text, verb, name", [
    ("The conservative weekly Payam-e Shiraz urged both sides to stop. The weekly later wrote that peace was near.",
     "urged", "Payam-e Shiraz"),
    ("The pro-government daily Hayat-e Nou warned against foreign interference.", "warned", "Hayat-e Nou"),
    ("Ursula von der Leyen said the fighting must end.", "said", "Ursula von der Leyen"),
])
def test_a_name_keeps_its_lower_case_particles(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(first_subject(doc, verb))
    assert res is not None and res.name == name


def test_a_described_paper_is_media_and_the_paper_takes_it_up(nlp, kb):
    text = ("The hardline daily Sobh-e Ganja initially called for calm. The next day, Sobh-e Ganja took a side. "
            "The paper wrote that the war was just.")
    r, doc = resolver_for(nlp, kb, text)
    first = r.resolve(first_subject(doc, "called"))
    assert (first.name, first.kind) == ("Sobh-e Ganja", "media")
    again = r.resolve(subject_of(doc, "took"))
    assert again.name == "Sobh-e Ganja"
    paper = r.resolve(subject_of(doc, "wrote"))
    assert paper.name == "Sobh-e Ganja"
    assert "last media actor" in paper.reason


@pytest.mark.parametrize("text, verb, name, kind", [
    ("The Tehran Times said the border was calm.", "said", "Tehran Times", "media"),
    ("The Baku Herald reported that talks had resumed.", "reported", "Baku Herald", "media"),
    ("Radio Free Asia reported heavy shelling near the border.", "reported", "Radio Free Asia", "media"),
    ("Yerevan State University issued a statement on the war.", "issued", "Yerevan State University", None),
])
def test_a_capital_inside_a_longer_name_is_not_the_government(nlp, kb, text, verb, name, kind):
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(subject_of(doc, verb))
    assert res is not None and res.name == name
    assert not res.name.startswith("Government of")
    if kind:
        assert res.kind == kind


def test_a_capital_alone_still_speaks_for_its_government(nlp, kb):
    r, doc = resolver_for(nlp, kb, "Yerevan rejected the claim on Monday.")
    assert r.resolve(subject_of(doc, "rejected")).name == "Government of Armenia"


@pytest.mark.parametrize("text, verb", [
    ("Armenia's parliament met on Monday. On Tuesday, a group of lawmakers led by MP Aram Sargsyan issued a statement "
     "on the war. The deputies declared that the talks had failed.", "issued"),
    ("Armenia's parliament met on Monday. Dozens of MPs signed a letter on the war. The parliamentarians declared that "
     "the talks had failed.", "signed"),
    ("Armenia's parliament met on Monday. Several legislators condemned the shelling. The lawmakers declared that "
     "the talks had failed.", "condemned"),
])
def test_a_counted_group_of_lawmakers_is_its_countrys_lawmakers_and_synonyms_take_it_up(nlp, kb, text, verb):
    r, doc = resolver_for(nlp, kb, text)
    group = r.resolve(subject_of(doc, verb))
    assert (group.name, group.kind) == ("Armenian lawmakers", "group")
    assert group.affiliation == ["Armenia", "Parliament"]
    later = r.resolve(subject_of(doc, "declared"))
    assert later.name == "Armenian lawmakers"


def test_a_named_countrys_group_is_taken_up_by_a_synonym(nlp, kb):
    text = "Several Azerbaijani MPs praised the army. The deputies added that the offensive would go on."
    r, doc = resolver_for(nlp, kb, text)
    first = r.resolve(subject_of(doc, "praised"))
    assert first.name == "Azerbaijani MPs"
    assert first.affiliation == ["Azerbaijan", "Parliament"]
    assert r.resolve(subject_of(doc, "added")).name == "Azerbaijani MPs"


def test_an_mp_without_a_nationality_belongs_to_the_country_of_the_passage(nlp, kb):
    text = ("Tehran speaks with two voices on Karabakh. Iran's government urged calm. MP Reza Karimi, "
            "however, said that Iran should back Azerbaijan.")
    r, doc = resolver_for(nlp, kb, text, title="Tehran speaks with two voices on Karabakh")
    res = r.resolve(subject_of(doc, "said"))
    assert res.name == "Reza Karimi"
    assert res.affiliation == ["Iran", "Parliament"]


def test_bare_experts_are_still_no_group(nlp, kb):
    r, doc = resolver_for(nlp, kb, "Experts say the war could spread. Residents told reporters they were afraid.")
    assert r.resolve(subject_of(doc, "say")) is None


def test_a_state_and_its_government_are_one_speaker(kb):
    assert kb.same_speaker("Azerbaijan", "Government of Azerbaijan")
    assert kb.same_speaker("Baku", "Azerbaijan")
    assert not kb.same_speaker("Azerbaijan", "Government of Armenia")


def test_a_user_entry_named_anew_but_aliased_to_one_known_actor_joins_it(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- name: Karabakh separatist leadership\n  kind: group\n"
                    "  aliases: [Nagorno-Karabakh authorities]\n", encoding="utf-8")
    kb = load_kb([path])
    assert kb.same_speaker("Karabakh separatist leadership", "Government of Nagorno-Karabakh")


def test_a_state_given_another_kind_by_a_user_still_speaks_as_its_government(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- name: Azerbaijan\n  kind: government\n", encoding="utf-8")
    kb = load_kb([path])
    assert kb.same_speaker("Azerbaijan", "Government of Azerbaijan")


@pytest.mark.parametrize("text, verb, name", [
    ("The Armenian diplomacy said it was ready to join talks.", "said", "Ministry of Foreign Affairs of Armenia"),
    ("Turkish diplomacy welcomed the truce.", "welcomed", "Ministry of Foreign Affairs of Turkey"),
    ("The Azerbaijani military said two tanks were destroyed.", "said", "Armed Forces of Azerbaijan"),
    ("The Nagorno-Karabakh Defence Army said the attack was repelled.", "said", "Armed Forces of Nagorno-Karabakh"),
    ("The German Press Agency (dpa) reported that talks resumed.", "reported", "German Press Agency"),
    ("Georgia's health ministry said six people were injured.", "said", "Ministry of Health of Georgia"),
])
def test_bodies_named_by_their_usual_descriptions(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, verb)).name == name


def test_diplomacy_without_a_country_is_no_body(nlp, kb):
    r, doc = resolver_for(nlp, kb, "Armenia and Azerbaijan met in Geneva. Shuttle diplomacy failed.")
    assert r.resolve(subject_of(doc, "failed")) is None


def test_a_specific_ministry_is_not_the_last_ministry_seen(nlp, kb):
    text = "Georgia's defence ministry reported shelling. Georgia's health ministry said six people were injured."
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, "said")).name == "Ministry of Health of Georgia"


@pytest.mark.parametrize("text, verb, name", [
    ("Azerbaijan rejected the claim. The Aliyev office said the talks would go on.", "said", "Ilham Aliyev"),
    ("Emmanuel Macron spoke on Monday. The French leader's office voiced hope for a truce.", "voiced", "Emmanuel Macron"),
    ("The Kremlin press service said the call had been useful.", "said", "Government of Russia"),
])
def test_an_office_speaks_for_its_owner(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(subject_of(doc, verb))
    assert res.name == name
    assert res.reason.startswith("office of")


def test_the_government_there_is_the_government_of_the_place_last_named(nlp, kb):
    text = ("Shelling hit Stepanakert, the capital of Nagorno-Karabakh, overnight. The government there, backed by "
            "Armenia, warned that the town could fall.")
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(subject_of(doc, "warned"))
    assert res.name == "Government of Nagorno-Karabakh"


def test_a_title_of_something_that_is_no_state_names_no_office_holder(nlp, kb):
    text = "Armenia's president spoke on Monday. The president of the chess federation said the match was off."
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, "said")) is None


def test_undetermined_media_do_not_take_up_an_earlier_outlet(nlp, kb):
    text = "Zhamanak criticised the talks. Media in both countries reported heavy clashes."
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, "reported")) is None


def test_a_known_name_the_tagger_calls_a_common_noun_is_still_the_person(nlp, kb):
    text = "Ilham Aliyev spoke on Sunday. Aliyev met Sunday with the Turkish foreign and defence ministers in Baku."
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, "met")).name == "Ilham Aliyev"


def test_it_does_not_take_an_antecedent_inside_what_it_says(nlp, kb):
    text = ('The Georgian defence ministry reported shelling near the border. Claims that Armenian forces were '
            'responsible were "an absolute lie," it added.')
    r, doc = resolver_for(nlp, kb, text)
    r.resolve(subject_of(doc, "reported"))
    assert r.resolve(subject_of(doc, "added")).name == "Ministry of Defence of Georgia"


@pytest.mark.parametrize("text, verb, name", [
    ("Volodymyr Zelensky spoke on Monday. She said the war must end.", "said", None),
    ("Gohar Sargsyan spoke first. Ilham Aliyev answered. She said the attack was repelled.", "said", "Gohar Sargsyan"),
    ("Ilham Aliyev spoke. Later Lilit Hakobyan met reporters. He said the attack was repelled.", "said", "Ilham Aliyev"),
])
def test_pronouns_keep_to_the_gender_of_known_given_names(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(subject_of(doc, verb))
    assert (res.name if res else None) == name


@pytest.mark.parametrize("text, verb, name", [
    ("An Azerbaijani official said the talks had failed.", "said", "Government of Azerbaijan"),
    ("Shelling hit Nagorno-Karabakh overnight. A local separatist official said the town held.", "said",
     "Government of Nagorno-Karabakh"),
    ("Armenia's opposition parties demanded new elections.", "demanded", "Opposition of Armenia"),
])
def test_unnamed_officials_and_the_opposition_speak_for_their_side(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, verb)).name == name


def test_an_official_of_no_named_country_is_left_alone(nlp, kb):
    r, doc = resolver_for(nlp, kb, "An official told reporters that the talks had failed.")
    assert r.resolve(subject_of(doc, "told")) is None


@pytest.mark.parametrize("text, verb, name", [
    ("The Office of the UN High Commissioner for Refugees said 90,000 people had fled.", "said",
     "Office of the UN High Commissioner for Refugees"),
    ("The UK-based Syrian Observatory for Human Rights said 50 fighters had died.", "said",
     "Syrian Observatory for Human Rights"),
])
def test_a_bodys_name_goes_on_through_of_and_for(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    res = r.resolve(subject_of(doc, verb))
    assert (res.name, res.kind) == (name, "organisation")


@pytest.mark.parametrize("text, verb, name", [
    ("The President of Azerbaijan Ilham Aliyev said the war must stop.", "said", "Ilham Aliyev"),
    ("Russia's state-run Sputnik news service said talks had resumed.", "said", "Sputnik"),
    ("Jean-Yves Le Drian spoke on Monday. Le Drian said the war must stop.", "said", "Jean-Yves Le Drian"),
])
def test_owners_and_short_forms_are_not_mistaken(nlp, kb, text, verb, name):
    r, doc = resolver_for(nlp, kb, text)
    assert r.resolve(subject_of(doc, verb)).name == name


def test_plural_ministries_of_two_states_are_no_single_ministry(nlp, kb):
    r, doc = resolver_for(nlp, kb, "Armenia and Azerbaijan said their defense ministries would talk.")
    assert subject_of(doc, "talk").text == "their defense ministries"
    res = r.resolve(subject_of(doc, "talk"))
    assert res is None or not res.name.startswith("Ministry of Defense")


@pytest.mark.parametrize("title, first", [
    ("Tehran speaks with two voices on Karabakh", "Iran"),
    ("Missile kills 12 in Georgia town, escalating Karabakh conflict", "Georgia"),
    ("Erdogan to visit Baku as Karabakh war rages", None),
])
def test_the_headlines_subject_is_neither_its_topic_nor_its_theatre(kb, title, first):
    from stancemap.actors.focus import title_countries
    found = title_countries(kb, title)
    assert next(iter(found), None) == first


def test_pre_nominal_media_words_make_an_unknown_name_an_outlet_of_its_place(nlp, kb):
    text = "The hardline daily Sobh-e Tehran urged both sides to stop. The paper later wrote that the war was just."
    r, doc = resolver_for(nlp, kb, text)
    first = r.resolve(first_subject(doc, "urged"))
    assert (first.name, first.kind, first.affiliation) == ("Sobh-e Tehran", "media", ["Iran", "Media"])
    assert r.resolve(subject_of(doc, "wrote")).name == "Sobh-e Tehran"


def test_a_presenter_is_no_outlet_and_unplaced_diplomats_stay_unplaced(nlp, kb):
    r, doc = resolver_for(nlp, kb, "The TV presenter John Smith said the war must stop.")
    assert r.resolve(subject_of(doc, "said")).kind == "person"
    r, doc = resolver_for(nlp, kb, "Armenia's parliament met. Two diplomats told reporters the talks had failed.")
    assert r.resolve(subject_of(doc, "told")) is None

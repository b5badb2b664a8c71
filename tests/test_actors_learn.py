"""Actors learned from the text (real spaCy parses), with roles, relations, camps and evidence."""

from __future__ import annotations

import pytest

from stancemap.actors.kb import load_kb
from stancemap.actors.resolve import ActorResolver
from stancemap.records import Article


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def learned(nlp, kb, text):
    doc = nlp(text)
    resolver = ActorResolver(kb, doc, Article(body=text))
    return {a.name: a for a in resolver.learned_actors()}, resolver


def test_apposition_adviser_of_the_supreme_leader_from_the_seed(nlp, kb):
    text = ("However, on October 5, Keyhan published an interview with Ali Akbar Velayati, Khamenei's adviser on "
            "international matters, in which he took Azerbaijan's side in the conflict.")
    actors, _ = learned(nlp, kb, text)
    velayati = actors["Ali Akbar Velayati"]
    assert {"relation": "adviser_to", "target": "Ali Khamenei"} in velayati.relations
    assert velayati.affiliation == ["Iran", "Supreme Leader's circle"]
    assert any("adviser" in e["fact"] and e["sentence"] == text for e in velayati.evidence)


def test_apposition_of_an_unknown_person_derives_the_camp_from_the_relation(nlp, kb):
    text = "Dariush Kamali, an adviser to the Supreme Leader, told reporters that the talks had failed."
    actors, _ = learned(nlp, kb, text)
    kamali = actors["Dariush Kamali"]
    assert kamali.kind == "person"
    assert kamali.roles[0]["role"] == "Adviser"
    assert kamali.relations == [{"relation": "adviser_to", "target": "Ali Khamenei"}]
    assert kamali.affiliation == ["Iran", "Supreme Leader's circle"]


def test_reversed_apposition_names_the_title_holder(nlp, kb):
    text = "Georgia's foreign minister, Levan Tsiklauri, said Tbilisi would stay neutral."
    actors, _ = learned(nlp, kb, text)
    person = actors["Levan Tsiklauri"]
    assert {"role": "Foreign Minister", "of": "Georgia"} in person.roles
    assert person.affiliation == ["Georgia", "Government"]


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        ("Iranian FM Muhammad Javad Zarif tweeted that the regime calls for an end to hostilities.",
         "Mohammad Javad Zarif", {"role": "Foreign Minister", "of": "Iran"}, ["Iran", "Government"]),
        ("Moldovan PM Ion Chicu said the talks should go on.",
         "Ion Chicu", {"role": "Prime Minister", "of": "Moldova"}, ["Moldova", "Government"]),
        ("Belgian Defence Minister Ludo Peeters visited the base on Monday.",
         "Ludo Peeters", {"role": "Defence Minister", "of": "Belgium"}, ["Belgium", "Government"]),
        ("Armenian Defence Ministry spokeswoman Anahit Sargsyan said the front was quiet.",
         "Anahit Sargsyan", {"role": "Spokesperson", "of": "Ministry of Defence of Armenia"}, ["Armenia", "Government"]),
        ("Turkish lawmaker Ahmet Demir criticised the agreement.",
         "Ahmet Demir", {"role": "Member of Parliament", "of": "Turkey"}, ["Turkey", "Parliament"]),
    ],
)
def test_pre_nominal_titles(nlp, kb, text, name, role, affiliation):
    actors, _ = learned(nlp, kb, text)
    actor = actors[name]
    assert role in [{k: v for k, v in r.items() if k in ("role", "of")} for r in actor.roles]
    assert actor.affiliation == affiliation
    assert actor.evidence and actor.evidence[0]["sentence"] == text


def test_government_spokesman_takes_the_country_in_focus(nlp, kb):
    text = ("Iran has called for talks. On September 28, government spokesman Behzad Karimi said Iran could "
            "help the parties.")
    actors, _ = learned(nlp, kb, text)
    karimi = actors["Behzad Karimi"]
    assert karimi.affiliation[-1] == "Government"


def test_media_description_close_to_a_leader(nlp, kb):
    text = "Keyhan, a newspaper close to Iran's Supreme Leader Ali Khamenei, initially refrained from taking sides."
    actors, _ = learned(nlp, kb, text)
    keyhan = actors["Keyhan"]
    assert keyhan.kind == "media"
    assert {"relation": "close_to", "target": "Ali Khamenei"} in keyhan.relations
    assert keyhan.affiliation == ["Iran", "Supreme Leader's circle"]


def test_media_description_of_an_unknown_paper(nlp, kb):
    text = "Yeni Gunes, a Turkish daily close to President Recep Tayyip Erdogan, wrote that Ankara would not back down."
    actors, _ = learned(nlp, kb, text)
    paper = actors["Yeni Gunes"]
    assert paper.kind == "media" and paper.country == "Turkey"
    assert {"relation": "close_to", "target": "Recep Tayyip Erdogan"} in paper.relations
    assert paper.affiliation == ["Turkey", "Government"]


def test_group_of_representatives_from_the_seed(nlp, kb):
    text = "On September 30, four of Khamenei's representatives in Iranian Azerbaijan issued a statement in support of Azerbaijan."
    actors, _ = learned(nlp, kb, text)
    group = actors["Khamenei's representatives in Iranian Azerbaijan"]
    assert group.kind == "group" and group.country == "Iran"
    assert {"relation": "representative_of", "target": "Ali Khamenei"} in group.relations
    assert group.affiliation == ["Iran", "Supreme Leader's circle"]
    assert "four of Khamenei's representatives in Iranian Azerbaijan" in group.aliases


def test_group_of_advisers_of_a_president(nlp, kb):
    text = "Three of Aliyev's advisers in Nakhchivan signed an open letter."
    actors, _ = learned(nlp, kb, text)
    group = actors["Aliyev's advisers in Nakhchivan"]
    assert group.kind == "group"
    assert {"relation": "adviser_to", "target": "Ilham Aliyev"} in group.relations
    assert group.affiliation == ["Azerbaijan", "Government"]


def test_noisy_entity_labels_are_corrected_by_the_kb(nlp, kb):
    text = "Armenia said on Sunday that Velayati and Keyhan had misread the situation."
    _, resolver = learned(nlp, kb, text)
    kinds = {m.actor.name: m.actor.kind for m in resolver.mentions.values()}
    assert kinds["Armenia"] == "state"
    assert kinds["Keyhan"] == "media"


def test_title_with_of_before_a_name(nlp, kb):
    actors, _ = learned(nlp, kb, "Secretary of State Mike Pompeo urged both sides to stop fighting.")
    assert actors["Mike Pompeo"].affiliation == ["United States", "Government"]
    assert "Secretary" not in actors


def test_a_title_the_text_gives_beats_a_namesake_in_the_kb(nlp, kb):
    text = "Ambassador Hasanov said the embassy would help. Hasanov added that flights would resume."
    _, resolver = learned(nlp, kb, text)
    doc = resolver.doc
    second = [t for t in doc if t.text == "Hasanov"][1]
    res = resolver.resolve(doc[second.i : second.i + 1])
    assert res.name == "Hasanov"  # not the KB's defence minister Zakir Hasanov


def test_former_office_holders_leave_the_government_camp(nlp, kb):
    actors, _ = learned(nlp, kb, "Former prime minister Vazgen Manukyan said the deal was a betrayal.")
    manukyan = actors["Vazgen Manukyan"]
    assert manukyan.roles[0]["former"] is True
    assert "Government" not in manukyan.affiliation


def test_hyphenated_nationality_is_not_the_groups_country(nlp, kb):
    actors, _ = learned(nlp, kb, "Armenian-backed officials in Nagorno-Karabakh said 12 civilians were killed.")
    group = actors["Armenian-backed officials in Nagorno-Karabakh"]
    assert group.kind == "group" and group.country == "Nagorno-Karabakh"


def test_a_title_without_nationality_takes_the_country_of_the_article(nlp, kb):
    text = "The ministry condemned the shelling. Foreign Minister Joseph Vella urged restraint on both sides."
    doc = nlp(text)
    resolver = ActorResolver(kb, doc, Article(body=text, title="Malta condemns violence in Nagorno-Karabakh"))
    vella = {a.name: a for a in resolver.learned_actors()}["Joseph Vella"]
    assert vella.roles[0] == {"role": "Foreign Minister", "of": "Malta"}
    assert vella.affiliation == ["Malta", "Government"]
    assert any("country in focus" in e["fact"] for e in vella.evidence)


def test_a_misspelt_holder_of_a_one_holder_office_is_the_kb_person(nlp, kb):
    text = "Azerbaijani President Ilhan Aliyev denounced what he described as another provocation."
    doc = nlp(text)
    resolver = ActorResolver(kb, doc, Article(body=text, published="2020-07-14"))
    actors = {a.name: a for a in resolver.learned_actors()}
    assert "Ilham Aliyev" in actors and "Ilhan Aliyev" in actors["Ilham Aliyev"].aliases


def test_military_ranks_are_titles_not_countries(nlp, kb):
    text = "The ministry said two officers, Maj. Gen. Polad Hashimov and Col. Ilgar Mirzayev, were killed."
    actors, _ = learned(nlp, kb, text)
    assert actors["Ilgar Mirzayev"].country is None
    assert actors["Ilgar Mirzayev"].roles[0]["role"] == "Commander"
    assert kb.country("Col.") is None and kb.country("ARM") == "Armenia" and kb.country("arm") is None


@pytest.mark.parametrize(
    "text, name, relation, affiliation",
    [
        ("Ahmad Amirabadi, a member of the Iranian parliament, said Tehran should back Baku.",
         "Ahmad Amirabadi", {"relation": "member_of", "target": "Parliament of Iran"}, ["Iran", "Parliament"]),
        ("Mehdi Karbasi, spokesman of the Iranian government, said Iran was neutral.",
         "Mehdi Karbasi", {"relation": "spokesman_of", "target": "Government of Iran"}, ["Iran", "Government"]),
        ("Anna Hakobyan, a representative of the Armenian foreign ministry, said the talks were over.",
         "Anna Hakobyan", {"relation": "representative_of", "target": "Ministry of Foreign Affairs of Armenia"},
         ["Armenia", "Government"]),
    ],
)
def test_relations_to_state_bodies_place_people_in_their_camp(nlp, kb, text, name, relation, affiliation):
    actors, _ = learned(nlp, kb, text)
    person = actors[name]
    assert relation in person.relations
    assert person.affiliation == affiliation

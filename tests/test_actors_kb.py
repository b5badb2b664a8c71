"""The bundled knowledge base: countries, demonyms, capitals, titles, institutions, user YAML."""

from __future__ import annotations

import pycountry
import pytest

from stancemap.actors.kb import KnowledgeBaseError, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_every_pycountry_country_is_known_by_name_and_code(kb):
    for c in pycountry.countries:
        assert kb.country(c.name), c.name
        assert kb.lookup(c.alpha_3) is not None or kb.country(c.alpha_3), c.alpha_3


@pytest.mark.parametrize(
    "text, country",
    [
        ("Iran", "Iran"), ("Iran, Islamic Republic of", "Iran"), ("Iranian", "Iran"), ("Russia", "Russia"),
        ("Russian Federation", "Russia"), ("US", "United States"), ("U.S.", "United States"),
        ("America", "United States"), ("American", "United States"), ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"), ("British", "United Kingdom"), ("Türkiye", "Turkey"), ("Turkish", "Turkey"),
        ("Azeri", "Azerbaijan"), ("Azerbaijanis", "Azerbaijan"), ("Armenians", "Armenia"), ("Artsakh", "Nagorno-Karabakh"),
    ],
)
def test_country_names_adjectives_and_demonyms(kb, text, country):
    assert kb.country(text) == country


def test_country_codes_are_iso_alpha_3_as_cameo_writes_them(kb):
    for c in pycountry.countries:
        assert kb.country_code(c.name) == c.alpha_3, c.name
    assert [kb.country_code(t) for t in ("Turkey", "Türkiye", "Armenian", "Baku", "Iran, Islamic Republic of")] == [
        "TUR", "TUR", "ARM", "AZE", "IRN"]
    assert kb.country_code("Kosovo") == "XKX"  # not in ISO yet: the user-assigned code in common use
    assert kb.country_code("Nagorno-Karabakh") is None  # a de facto state has no code; nothing is made up
    assert kb.country_code("Pope Francis") is None and kb.country_code(None) is None


@pytest.mark.parametrize(
    "capital, government",
    [("Baku", "Government of Azerbaijan"), ("Tehran", "Government of Iran"), ("Washington", "Government of United States"),
     ("London", "Government of United Kingdom"), ("Ankara", "Government of Turkey"), ("the Kremlin", "Government of Russia"),
     ("Yerevan", "Government of Armenia")],
)
def test_capitals_stand_for_the_government(kb, capital, government):
    actor = kb.lookup(capital)
    assert actor.name == government and actor.kind == "government"
    assert actor.affiliation[1] == "Government"


def test_lookup_ignores_case_whitespace_possessives_and_diacritics(kb):
    assert kb.lookup("  iran's ").name == "Iran"
    assert kb.lookup("MEVLÜT ÇAVUŞOĞLU").name == kb.lookup("Mevlut Cavusoglu").name
    assert kb.lookup("the  OSCE   Minsk Group").name == "OSCE Minsk Group"


def test_short_acronyms_need_capitals(kb):
    assert kb.lookup("US").name == "United States"
    assert kb.lookup("us") is None
    assert kb.lookup("UN").kind == "organisation"
    assert kb.lookup("un") is None


def test_transliteration_variants_meet(kb):
    assert kb.lookup("Muhammad Javad Zarif").name == kb.lookup("Mohammed Javad Zarif").name
    assert kb.lookup("Hassan Rohani").name == "Hassan Rouhani"


@pytest.mark.parametrize(
    "title, role",
    [("FM", "Foreign Minister"), ("Foreign Minister", "Foreign Minister"), ("PM", "Prime Minister"),
     ("spokeswoman", "Spokesperson"), ("Supreme Leader", "Supreme Leader"), ("advisor", "Adviser"),
     ("defense minister", "Defence Minister"), ("lawmaker", "Member of Parliament"), ("Ayatollah", "Cleric"),
     ("envoy", "Ambassador"), ("representatives", "Representative"), ("the U.N.", None)],
)
def test_titles_map_to_roles(kb, title, role):
    assert kb.title_role(title) == role


@pytest.mark.parametrize(
    "text, name",
    [("Armenian Defence Ministry", "Ministry of Defence of Armenia"),
     ("the Ministry of Foreign Affairs of Azerbaijan", "Ministry of Foreign Affairs of Azerbaijan"),
     ("Azerbaijan's foreign ministry", "Ministry of Foreign Affairs of Azerbaijan"),
     ("the Iranian government", "Government of Iran"), ("Turkish parliament", "Parliament of Turkey"),
     ("State Department", "Ministry of Foreign Affairs of United States")],
)
def test_institutions_of_a_state(kb, text, name):
    assert kb.lookup(text).name == name


def test_people_and_organisations_carry_camps(kb):
    assert kb.lookup("Ilham Aliyev").affiliation == ["Azerbaijan", "Government"]
    assert kb.lookup("Ali Khamenei").affiliation == ["Iran", "Supreme Leader's circle"]
    assert kb.lookup("Ali Akbar Velayati").affiliation == ["Iran", "Supreme Leader's circle"]
    assert kb.lookup("ICRC").name == "International Committee of the Red Cross"


def test_user_yaml_adds_and_corrects_actors(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Nasimi Aghayev\n  aliases: [Aghayev]\n  kind: person\n  country: Azerbaijan\n"
        "  roles: [{role: Ambassador, of: Azerbaijan, since: '2018'}]\n"
        "- name: Keyhan\n  aliases: [Kayhan daily]\n  kind: media\n  affiliation: Iran / Supreme Leader's circle\n",
        encoding="utf-8",
    )
    kb = load_kb([path])
    new = kb.lookup("aghayev")
    assert new.name == "Nasimi Aghayev" and new.origin == "user"
    assert new.roles == [{"role": "Ambassador", "of": "Azerbaijan", "since": "2018"}]
    assert new.affiliation == ["Azerbaijan", "Government"]  # derived from the role
    keyhan = kb.lookup("Kayhan daily")
    assert keyhan.name == "Keyhan" and keyhan.affiliation == ["Iran", "Supreme Leader's circle"]
    assert load_kb().lookup("Nasimi Aghayev") is None  # the bundled KB is untouched


def test_bad_user_yaml_names_the_file_and_the_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: X\n  kind: spaceship\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"bad\.yaml.*spaceship"):
        load_kb([bad])
    with pytest.raises(KnowledgeBaseError, match=r"missing\.yaml"):
        load_kb([tmp_path / "missing.yaml"])


def test_speaker_names_meet_through_states_and_governments(kb):
    assert kb.speaker("Iran").name == "Government of Iran"
    assert kb.same_speaker("Azerbaijan", "the Azerbaijani government")
    assert kb.same_speaker("Baku", "Government of Azerbaijan")
    assert kb.same_speaker("Armenian Defence Ministry", "Ministry of Defense of Armenia")
    assert kb.same_speaker("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu")
    assert not kb.same_speaker("Armenia", "Azerbaijan")
    assert not kb.same_speaker("Armenia", "Ministry of Defence of Armenia")


def test_user_yaml_role_shapes(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("actors:\n  - name: Lilit Makunts\n    roles: Ambassador\n    country: Armenia\n", encoding="utf-8")
    assert load_kb([path]).lookup("Lilit Makunts").roles == [{"role": "Ambassador"}]
    bad = tmp_path / "bad-relations.yaml"
    bad.write_text("- name: X Y\n  relations: [adviser_to]\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="relations"):
        load_kb([bad])


@pytest.mark.parametrize("names, canonical", [
    (["Armenia’s health ministry", "Armenia's Health Ministry", "the Armenian Health Ministry",
      "Ministry of Health of Armenia"], "Ministry of Health of Armenia"),
    (["Turkeys justice ministry", "the Turkish Ministry of Justice"], "Ministry of Justice of Turkey"),
    (["Azerbaijan's Ministry of Emergency Situations", "the Azerbaijani emergencies ministry"],
     "Ministry of Emergency Situations of Azerbaijan"),
])
def test_a_countrys_ministry_is_one_actor_however_the_text_names_it(kb, names, canonical):
    """The ministries of `institutions.tsv`, written with the country's name, its possessive (with or
    without the apostrophe) or its adjective, and as "Ministry of X": one canonical actor, as the
    resolver names the ministry a text describes ("Armenia's health ministry")."""
    assert [kb.lookup(n).name if kb.lookup(n) else None for n in names] == [canonical] * len(names)

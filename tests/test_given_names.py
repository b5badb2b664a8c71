"""The world table of given names: rebuilt from its source data as shipped, and what it changes
for a pronoun on real news."""

from __future__ import annotations

from conftest import REPO, script_module, shared_path

from stancemap.actors.names import given_name_gender


def test_the_shipped_table_is_what_the_build_script_writes_from_the_pinned_package():
    build = script_module("build_given_names")
    rebuilt = build.render(build.table(build.name_data()))
    shipped = (REPO / "stancemap" / "actors" / "data" / "given_names_world.tsv").read_text(encoding="utf-8")
    assert rebuilt == shipped
    assert shipped.count("\tf\n") > 5000 and shipped.count("\tm\n") > 5000


def test_the_hand_list_wins_over_the_world_table():
    assert given_name_gender("Donna") == "f"  # the world table only
    assert given_name_gender("Mehdi") == "m"
    assert given_name_gender("Karen") == "m"  # a woman's name in the table; a man's in Armenia (the hand list)
    assert given_name_gender("Jean") is None  # borne by women and men alike: no guess


def test_a_country_is_no_given_name_that_makes_a_person():
    from stancemap.actors.kb import load_kb
    from stancemap.actors.learn import person_given_name

    kb = load_kb()
    assert given_name_gender("Syria") == "f" and not person_given_name(kb, "Syria")  # "Syria Today" stays an outlet
    assert person_given_name(kb, "Laila") and person_given_name(kb, "Shushan") and person_given_name(kb, "Mr.")
    # a title or a common noun at a name's start is no given name, whatever the world table says
    assert given_name_gender("Media") == "f" and given_name_gender("Media", world=False) is None
    assert not person_given_name(kb, "General") and not person_given_name(kb, "Colonel")


def test_a_title_before_the_name_does_not_decide_the_pronoun(nlp):
    """'... media activist Karim Nasser told reporters ... "..." he added': "Media" is a woman's
    name in the world table, but the mention's first word is a title, and "he" is Karim Nasser
    (it went to "Hizballah", the name the recogniser took for a person's)."""
    from stancemap.records import Article
    from stancemap.statements.extract import default_resolver_factory, extract_many

    text = ('Government forces and Hizballah shelled the market in the besieged town on Friday. "The shelling went '
            'on all night" media activist Karim Nasser told reporters adding that dozens were hurt. "Dozens of '
            'families fled to the mountains" he added.\n')
    article = Article(body=text, raw_text=text, body_offset=0, source="invented.txt", format="text")
    (statements,) = extract_many([article], nlp, resolver_factory=default_resolver_factory(), one_per_sentence=True)
    added = [s for s in statements if "families fled" in s.sentence]
    assert [(s.speaker, s.speaker_mention) for s in added] == [("Karim Nasser", "he")]


def test_she_after_a_woman_the_hand_list_does_not_know(nlp):
    """PolNeAR dev, a New York Times report: a woman whose given name only the world table knows is
    named and quoted, then speaks again as "she" over several paragraphs. Earlier the article names
    a woman the hand list knows, so "she" used to go to no one and those statements were dropped."""
    from stancemap.records import Article
    from stancemap.statements.extract import default_resolver_factory, extract_many

    path = shared_path("data", "polnear", "dev", "text", "nyt_2016-09-25_obama-says-african-american-muse.txt")
    text = path.read_text(encoding="utf-8")
    article = Article(body=text, raw_text=text, body_offset=0, source=str(path), format="text")
    (statements,) = extract_many([article], nlp, resolver_factory=default_resolver_factory(), one_per_sentence=True)
    by_pronoun = [s for s in statements if s.speaker == "Donna Sampson Rawlings" and s.speaker_mention.lower() == "she"]
    assert len(by_pronoun) >= 3

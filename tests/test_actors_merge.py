"""Merging name variants within and across articles."""

from __future__ import annotations

from stancemap.actors.merge import merge_actors, same_person
from stancemap.records import Actor


def ev(article: str, fact: str = "named") -> list[dict]:
    return [{"article": article, "sentence": f"sentence in {article}", "fact": fact}]


def test_transliteration_variants_of_a_full_name_merge_across_articles():
    merged = merge_actors([
        Actor("Muhammad Javad Zarif", evidence=ev("a1")),
        Actor("Mohammad Javad Zarif", evidence=ev("a2"), roles=[{"role": "Foreign Minister", "of": "Iran"}]),
        Actor("Mohammed Javad Zarif", evidence=ev("a3")),
    ])
    assert len(merged) == 1
    zarif = merged[0]
    assert {"Muhammad Javad Zarif", "Mohammad Javad Zarif", "Mohammed Javad Zarif"} == {zarif.name, *zarif.aliases}
    assert {e["article"] for e in zarif.evidence} == {"a1", "a2", "a3"}
    assert zarif.roles == [{"role": "Foreign Minister", "of": "Iran"}]


def test_surname_merges_into_the_full_name_of_the_same_article():
    merged = merge_actors([
        Actor("Velayati", evidence=ev("seed")),
        Actor("Ali Akbar Velayati", evidence=ev("seed"), affiliation=["Iran", "Supreme Leader's circle"]),
    ])
    assert [a.name for a in merged] == ["Ali Akbar Velayati"]
    assert merged[0].aliases == ["Velayati"]
    assert merged[0].affiliation == ["Iran", "Supreme Leader's circle"]


def test_ambiguous_surname_from_another_article_stays_apart():
    merged = merge_actors([
        Actor("Ilham Aliyev", evidence=ev("a1")),
        Actor("Heydar Aliyev", evidence=ev("a2")),
        Actor("Aliyev", evidence=ev("a3")),
    ])
    assert sorted(a.name for a in merged) == ["Aliyev", "Heydar Aliyev", "Ilham Aliyev"]


def test_surname_in_an_article_with_one_of_two_namesakes_picks_that_one():
    merged = merge_actors([
        Actor("Ilham Aliyev", evidence=ev("a1")),
        Actor("Heydar Aliyev", evidence=ev("a2")),
        Actor("Aliyev", evidence=ev("a2")),
    ])
    heydar = next(a for a in merged if a.name == "Heydar Aliyev")
    assert "Aliyev" in heydar.aliases and len(merged) == 2


def test_shared_alias_merges_and_kb_name_wins():
    merged = merge_actors([
        Actor("Keyhan", kind="media", aliases=["the paper"], origin="text", evidence=ev("a1")),
        Actor("Kayhan", kind="media", aliases=["Keyhan"], origin="kb"),
    ])
    assert len(merged) == 1 and merged[0].name == "Kayhan" and merged[0].origin == "kb"


def test_different_people_do_not_merge():
    merged = merge_actors([Actor("Ali Khamenei"), Actor("Ali Rabiei"), Actor("Ali Akbar Velayati")])
    assert len(merged) == 3
    assert not same_person("Rabiei", "Ali Khamenei")
    assert same_person("Javad Zarif", "Mohammad Javad Zarif")
    assert same_person("Pashinian", "Nikol Pashinyan")


def test_merge_into_store_keeps_one_row_per_actor_across_articles(db):
    from stancemap.actors.merge import merge_into_store
    from stancemap.store.db import Store

    with Store(db) as store:
        merge_into_store(store, [Actor("Muhammad Javad Zarif", evidence=ev("a1")), Actor("Zarif", evidence=ev("a1"))])
        merge_into_store(store, [Actor("Mohammad Javad Zarif", evidence=ev("a2"))])
        stored = store.actors()
    assert len(stored) == 1
    assert {e["article"] for e in stored[0].evidence} == {"a1", "a2"}
    assert "Zarif" in stored[0].aliases


def test_merged_records_get_their_camp_from_everything_learned(db):
    from stancemap.actors.kb import load_kb
    from stancemap.actors.merge import merge_into_store
    from stancemap.store.db import Store

    close = Actor("Keyhan", kind="media", country="Iran", relations=[{"relation": "close_to", "target": "Ali Khamenei"}],
                  affiliation=["Iran", "Supreme Leader's circle"], evidence=ev("a1"))
    named = Actor("Keyhan", kind="media", country="Iran", affiliation=["Iran", "Media"], evidence=ev("a2"))
    with Store(db) as store:
        merge_into_store(store, [close], load_kb())
        merge_into_store(store, [named], load_kb())
        (keyhan,) = store.actors()
    assert keyhan.affiliation == ["Iran", "Supreme Leader's circle"]
    assert {e["article"] for e in keyhan.evidence} == {"a1", "a2"}


def test_merge_order_does_not_decide_the_camp():
    from stancemap.actors.kb import load_kb

    close = Actor("Keyhan", kind="media", country="Iran", relations=[{"relation": "close_to", "target": "Ali Khamenei"}],
                  affiliation=["Iran", "Supreme Leader's circle"], evidence=ev("a1"))
    named = Actor("Keyhan", kind="media", country="Iran", affiliation=["Iran", "Media"], evidence=ev("a2"))
    for order in ([close, named], [named, close]):
        (keyhan,) = merge_actors([Actor(**vars(a)) for a in order], load_kb())
        assert keyhan.affiliation == ["Iran", "Supreme Leader's circle"]

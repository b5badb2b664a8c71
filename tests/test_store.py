"""The DuckDB store: versioned schema, idempotent articles, atomic statement swaps."""

from __future__ import annotations

import duckdb
import pytest

from stancemap.records import Action, Article, Coding, DateSaid, SideStance, Statement
from stancemap.store import SCHEMA_VERSION, Store


def _statement(article_id: str, speaker: str, start: int) -> Statement:
    return Statement(
        article_id=article_id, speaker=speaker, speaker_mention=speaker, speaker_reason="mention",
        cue="said", sentence="X said so.", sent_start=start, sent_end=start + 10,
        content_spans=[(start + 7, start + 9)], date=DateSaid("2020-10-05", "day", "explicit date"),
    )


def test_schema_version_is_recorded_and_newer_files_are_refused(db):
    with Store(db):
        pass
    con = duckdb.connect(str(db))
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    con.execute("UPDATE meta SET value = ? WHERE key='schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(RuntimeError, match="newer than this stancemap"):
        Store(db)


def test_same_body_from_two_locations_is_one_article_with_both_sources(db):
    with Store(db) as store:
        assert store.add_article(Article(body="Peace talks  resumed.", source="a.html")) is True
        assert store.add_article(Article(body="peace talks resumed.", source="b.txt")) is False
        [article] = store.articles()
        assert store.sources(article.id) == ["a.html", "b.txt"]


def test_reextraction_replaces_statements_and_their_codings(db):
    with Store(db) as store:
        store.add_article(Article(body="body", source="a"))
        aid = store.articles()[0].id
        first = _statement(aid, "Ali Rabiei", 0)
        store.replace_statements(aid, [first, _statement(aid, "Hassan Rouhani", 20)])
        store.replace_codings("armenia-azerbaijan", [Coding(
            first.id, "armenia-azerbaijan", [Action("appeal_deescalation", "02", 3.0)], ["Armenia"],
            {"Armenia": SideStance("neutral", 0.8, "urged both sides")},
        )])
        assert store.codings()[(first.id, "armenia-azerbaijan")].stance["Armenia"].label == "neutral"
        store.replace_statements(aid, [_statement(aid, "Ali Rabiei", 0)])
        assert [s.speaker for s in store.statements(aid)] == ["Ali Rabiei"]
        assert store.statements(aid)[0].content_spans == [(7, 9)]
        assert store.codings() == {}


def test_reading_a_missing_database_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.duckdb"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_a_batch_of_articles_keeps_reading_order_and_spots_duplicates_within_it(db):
    bodies = [f"Report number {n} on the talks." for n in (3, 1, 2)]
    with Store(db) as store:
        new = store.add_articles([Article(body=b, source=f"{i}.txt") for i, b in enumerate(bodies)]
                                 + [Article(body=bodies[0].upper(), source="copy.txt")])
        assert new == [True, True, True, False]
        assert [a.body for a in store.articles()] == bodies  # the order read, not the hash order
        assert store.sources(store.articles()[0].id) == ["0.txt", "copy.txt"]
        assert store.source_locations() == {"0.txt", "1.txt", "2.txt", "copy.txt"}


def test_statements_of_several_articles_are_swapped_together(db):
    with Store(db) as store:
        store.add_articles([Article(body="first body", source="a"), Article(body="second body", source="b")])
        first, second = (a.id for a in store.articles())
        store.replace_statements_of({first: [_statement(first, "Ali Rabiei", 0)], second: [_statement(second, "Jeyhun Bayramov", 0)]})
        store.replace_statements_of({first: [], second: [_statement(second, "Zohrab Mnatsakanyan", 30)]})
        assert store.statements(first) == []
        assert [s.speaker for s in store.statements(second)] == ["Zohrab Mnatsakanyan"]

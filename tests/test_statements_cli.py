"""The extract / statements commands end to end: real files, real DuckDB, real CLI."""

from __future__ import annotations

import json

from stancemap.records import Article
from stancemap.statements.extract import extract_articles
from stancemap.store.db import Store

TEXT = (
    "Talks collapse in Geneva\n\n"
    # whose minister the text says: a title of no named country names no one and makes no statement
    "The Swiss foreign minister said on 12 March 2021 that the talks had collapsed.\n\n"
    "“We are disappointed,” said Anna Berg, the spokeswoman. “We will try again.”\n"
)


def test_ingest_extract_and_statements_json_map_back_to_the_input(tmp_path, db, cli):
    src = tmp_path / "geneva.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert cli("ingest", src, "--db", db, "--quiet").exit_code == 0
    result = cli("extract", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["statements"] == 3
    rows = json.loads(cli("statements", "--db", db, "--json").stdout)
    raw = src.read_text(encoding="utf-8")
    assert [r["speaker"] for r in rows] == ["The Swiss foreign minister", "Anna Berg", "Anna Berg"]
    first = rows[0]
    assert first["input"] == str(src)
    assert first["date"] == {"value": "2021-03-12", "precision": "day", "reason": "date in the sentence"}
    spans = first["input_spans"]
    assert [raw[s:e] for s, e in spans["source"]] == ["The Swiss foreign minister"]
    assert [raw[s:e] for s, e in spans["cue"]] == ["said"]
    assert [raw[s:e] for s, e in spans["content"]] == ["that the talks had collapsed"]
    quote = rows[1]
    assert quote["quote"] == "We are disappointed,"
    assert [raw[s:e] for s, e in quote["input_spans"]["source"]] == ["Anna Berg, the spokeswoman"]
    assert raw[first["sent_start"] + (raw.index("The Swiss foreign") - first["sent_start"]):].startswith(first["sentence"][:20])
    for key in ("id", "article", "speaker_mention", "speaker_reason", "cue", "sentence", "sent_start", "sent_end",
                "content", "addressee"):
        assert key in first
    # --actor filters by speaker name
    only = json.loads(cli("statements", "--db", db, "--json", "--actor", "berg").stdout)
    assert {r["speaker"] for r in only} == {"Anna Berg"}
    table = cli("statements", "--db", db)
    assert "Anna Berg" in table.output


def test_a_source_the_text_does_not_identify_is_kept_unattributed(tmp_path, db, cli):
    """"Officials said": what was said stays in the record, with its source's words and spans,
    but no actor speaks it, so no camp counts it."""
    src = tmp_path / "border.txt"
    src.write_text("Border stays shut\n\nOfficials said on 3 May 2021 that the border would stay closed.\n"
                   "Maria Lind, the mayor, said trade had stopped.\n", encoding="utf-8")
    assert cli("ingest", src, "--db", db, "--extract", "--quiet").exit_code == 0
    rows = json.loads(cli("statements", "--db", db, "--json").stdout)
    assert [(r["speaker"], r["unattributed"], r["speaker_mention"]) for r in rows] == [
        ("", True, "Officials"), ("Maria Lind", False, "Maria Lind")]
    raw = src.read_text(encoding="utf-8")
    assert [raw[s:e] for s, e in rows[0]["input_spans"]["source"]] == ["Officials"]
    assert "(unattributed) Officials" in cli("statements", "--db", db).output
    actors = json.loads(cli("actors", "--db", db, "--json").stdout)
    assert "Officials" not in json.dumps(actors)


def test_a_document_with_no_issuer_keeps_its_statement_unattributed(tmp_path, db, cli):
    """"The report says": a claim the text gives a document no one is named behind; it stays in
    the record with no actor, while a document whose issuer is named speaks for its issuer."""
    src = tmp_path / "dam.txt"
    src.write_text("Dam report\n\nThe report says the dam lost half its capacity in 2021.\n"
                   "The ministry issued a statement on Monday. The statement said repairs would start soon.\n",
                   encoding="utf-8")
    assert cli("ingest", src, "--db", db, "--extract", "--quiet").exit_code == 0
    rows = json.loads(cli("statements", "--db", db, "--json").stdout)
    assert [(r["speaker"], r["unattributed"], r["speaker_mention"], r["cue"]) for r in rows] == [
        ("", True, "The report", "says"), ("The ministry", False, "The ministry", "said")]
    actors = json.loads(cli("actors", "--db", db, "--json").stdout)
    assert "report" not in json.dumps(actors).lower()


def test_ingest_with_extract_flag(tmp_path, db, cli):
    src = tmp_path / "geneva.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert cli("ingest", src, "--db", db, "--extract", "--quiet").exit_code == 0
    rows = json.loads(cli("statements", "--db", db, "--json").stdout)
    assert len(rows) == 3


def test_statements_on_a_missing_db_is_a_clear_error(tmp_path, cli):
    result = cli("statements", "--db", tmp_path / "nope.duckdb")
    assert result.exit_code != 0


def test_a_failing_article_is_recorded_and_the_batch_goes_on(db, nlp):
    class BrokenResolver:
        def resolve(self, span):
            return None

        def learned_actors(self):
            raise RuntimeError("resolver state lost")

    good = Article(body="The mayor said the bridge would reopen.", source="good.txt")
    with Store(db) as store:
        store.add_article(good)
        store.add_article(Article(body="The governor said taxes would rise.", source="bad.txt"))
    from stancemap.statements.extract import MentionResolver

    def factory(doc, article):
        return BrokenResolver() if "governor" in article.body else MentionResolver()

    with Store(db) as store:
        summary = extract_articles(store, batch_size=1, resolver_factory=factory)
        assert summary.articles == 1 and len(summary.failed) == 1
        assert "resolver state lost" in summary.failed[0][1]
        assert any(f["stage"] == "extract" for f in store.failures())
        assert [s.speaker for s in store.statements()] == ["The mayor"]

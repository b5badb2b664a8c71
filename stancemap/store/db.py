"""The embedded store: one DuckDB file, a versioned schema, one transaction per unit of work.

Lists and nested values are stored as JSON text so the schema stays plain SQL
that any DuckDB client can read.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import duckdb

from ..config import db_path
from ..records import Action, Actor, Article, Coding, DateSaid, SideStance, Statement

SCHEMA_VERSION = 3  # 3: the analysts' corrections table

# Columns added since version 1, in order (ALTER TABLE appends them after the first ones).
ARTICLE_COLUMNS_V2 = (("country", "VARCHAR"), ("published_from", "VARCHAR"), ("dateline", "VARCHAR"),
                      ("header_end", "BIGINT"))

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR, published VARCHAR, publisher VARCHAR, url VARCHAR,
    original_source VARCHAR, original_url VARCHAR,
    authors VARCHAR, cited_authors VARCHAR, tags VARCHAR, views BIGINT,
    language VARCHAR, body VARCHAR, links VARCHAR, format VARCHAR,
    raw_text VARCHAR, body_offset BIGINT,
    ingested_at TIMESTAMP,
    country VARCHAR, published_from VARCHAR, dateline VARCHAR, header_end BIGINT
);
CREATE TABLE IF NOT EXISTS article_sources (
    article_id VARCHAR, location VARCHAR, seen_at TIMESTAMP,
    PRIMARY KEY (article_id, location)
);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR, stage VARCHAR, reason VARCHAR, failed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, aliases VARCHAR, country VARCHAR,
    roles VARCHAR, relations VARCHAR, affiliation VARCHAR, evidence VARCHAR, origin VARCHAR
);
CREATE TABLE IF NOT EXISTS statements (
    id VARCHAR PRIMARY KEY, article_id VARCHAR, speaker VARCHAR, speaker_id VARCHAR,
    speaker_mention VARCHAR, speaker_reason VARCHAR, speaker_kind VARCHAR, cue VARCHAR,
    sentence VARCHAR, sent_start BIGINT, sent_end BIGINT,
    content VARCHAR, content_spans VARCHAR, cue_spans VARCHAR, source_spans VARCHAR,
    quote VARCHAR, quote_start BIGINT, quote_end BIGINT,
    date_value VARCHAR, date_precision VARCHAR, date_reason VARCHAR, addressee VARCHAR
);
CREATE TABLE IF NOT EXISTS codings (
    statement_id VARCHAR, conflict VARCHAR, actions VARCHAR, targets VARCHAR, stance VARCHAR,
    PRIMARY KEY (statement_id, conflict)
);
CREATE TABLE IF NOT EXISTS extracted (article_id VARCHAR PRIMARY KEY, extracted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS corrections (
    id BIGINT PRIMARY KEY, statement_id VARCHAR, conflict VARCHAR, made_at TIMESTAMP,
    author VARCHAR, note VARCHAR, changes VARCHAR
);
"""

# Only these tables, without the version row, is a store whose creation was cut short (by an
# older stancemap, which created them one statement at a time): stancemap's own, to finish.
_OWN_TABLES = set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))

_ARTICLE_LIST_FIELDS = ("authors", "cited_authors", "tags", "links")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _article_row(aid: str, article: Article, ingested_at: datetime) -> list[Any]:
    d = article.to_dict()
    for key in _ARTICLE_LIST_FIELDS:
        d[key] = json.dumps(d[key], ensure_ascii=False)
    return [
        aid, d["title"], d["published"], d["publisher"], d["url"], d["original_source"], d["original_url"],
        d["authors"], d["cited_authors"], d["tags"], d["views"], d["language"], d["body"], d["links"], d["format"],
        d["raw_text"], d["body_offset"], ingested_at,
        d["country"], d["published_from"], d["dateline"], d["header_end"],
    ]


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """Insert many rows with one statement: DuckDB spends milliseconds on each execute, so a
    row-per-execute insert of an article's statements cost more than the rest of storing it."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows)]
    con.execute(f"INSERT INTO {table} SELECT {', '.join('unnest(?)' for _ in columns)}", columns)


class StoreError(RuntimeError):
    """A store that cannot be used as it is: one line naming the file, the problem and what to do."""


# DuckDB tries to download and load extensions for files it does not know (a SQLite file makes
# it fetch sqlite_scanner): a store is only ever a DuckDB file, so never.
_CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_SIGNATURES = {b"SQLite format 3\x00": "a SQLite database", b"PAR1": "a Parquet file", b"PK\x03\x04": "a ZIP archive",
               b"\x1f\x8b": "a gzip file", b"%PDF": "a PDF document"}


def _file_problem(path: Path) -> str | None:
    """Why an existing file is not a DuckDB database, judged from its first bytes (None if it may be one)."""
    try:
        if not path.is_file():
            return "not a regular file"
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head:
        return "an empty file, not a DuckDB database"
    if head[8:12] == b"DUCK":
        return None
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic):
            return f"{what}, not a DuckDB database"
    return "not a DuckDB database"


def _open_problem(exc: Exception) -> str:
    """DuckDB's error on opening a file, in words a user can act on."""
    text = str(exc).replace("\n", " ")
    lock = re.search(r"Conflicting lock is held in (.*?) \(PID (\d+)\)", text)
    if lock or "Could not set lock" in text:
        holder = f" (PID {lock.group(2)})" if lock else ""
        return f"in use by another process{holder}: wait for it to finish, or give another --db"
    if "Corrupt database file" in text or "Could not read enough bytes" in text or "checksum" in text:
        return "damaged (DuckDB: " + text.removeprefix("IO Error: ")[:160] + "): restore it from a copy, or give another --db"
    if "not a valid DuckDB database file" in text:
        return "not a DuckDB database"
    if "Serialization" in type(exc).__name__ or "version" in text.lower():
        return "written by another DuckDB version stancemap cannot read (" + text[:160] + ")"
    return f"cannot be opened ({type(exc).__name__}: {text[:160]})"


class Store:
    """A DuckDB-backed store. Use as a context manager or call close().

    Opening checks the file before anything is written to it: another tool's DuckDB file,
    a SQLite file, a damaged or truncated file, a store written by a newer stancemap, or
    one that another process holds are each refused with a StoreError, and stancemap's
    tables are only ever created in a new file or in a DuckDB file without any table.
    """

    last_path: Path | None = None  # the store a command opened last, for error messages

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.path = db_path(path)
        Store.last_path = self.path
        exists = Path(self.path).exists()
        if read_only and not exists:
            raise FileNotFoundError(f"{self.path}: no stancemap database here (run `stancemap ingest` first)")
        if exists:
            problem = _file_problem(Path(self.path))
            if problem:
                raise StoreError(f"{self.path}: {problem}; give another --db (stancemap never writes into a file it did not create)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=_CONNECT_CONFIG)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {_open_problem(exc)}") from None
        try:
            self._check(read_only)
        except BaseException:
            self.con.close()
            raise

    def _check(self, read_only: bool) -> None:
        """Refuse what is not a stancemap store of a version this stancemap reads; set up a new one."""
        try:
            tables = {r[0] for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if "meta" in tables else None
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {_open_problem(exc)}") from None
        if row is None:
            if tables and not tables <= _OWN_TABLES:
                shown = ", ".join(sorted(tables)[:6]) + (" ..." if len(tables) > 6 else "")
                raise StoreError(f"{self.path}: a DuckDB database, but not a stancemap store (it holds the tables {shown}); "
                                 "give another --db (stancemap never writes into a file it did not create)")
            if read_only:
                raise StoreError(f"{self.path}: " + ("a store whose creation was cut short" if tables else "an empty DuckDB database")
                                 + ", not a stancemap store yet (run `stancemap ingest` first)")
            self._migrate()
            return
        try:
            version = int(str(row[0]).strip())
        except ValueError:
            raise StoreError(f"{self.path}: unreadable schema version {str(row[0])[:40]!r}: a damaged store, or not one "
                             "stancemap wrote; give another --db") from None
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this stancemap ({SCHEMA_VERSION}); upgrade stancemap")
        if not read_only:
            self._migrate()

    def _migrate(self) -> None:
        """Create what is missing, tables and version row in one transaction (a run killed while
        creating a store leaves all of it or none), and bring an older store up to this schema."""
        with self.transaction() as con:
            con.execute(SCHEMA)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            elif int(row[0]) < SCHEMA_VERSION:
                # version 1 -> 2: the outlet's country, datelines; 2 -> 3: the corrections table,
                # which CREATE ... IF NOT EXISTS above has just made
                for name, kind in ARTICLE_COLUMNS_V2:
                    con.execute(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {name} {kind}")
                con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- articles ---------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Store an article and its source location; False when it was already there (a duplicate)."""
        return self.add_articles([article])[0]

    def add_articles(self, articles: list[Article]) -> list[bool]:
        """Store many articles and their source locations in one transaction.

        For each article, False when it was already stored (or came earlier in the list): a
        duplicate, whose location is still recorded. One transaction for many articles,
        because DuckDB spends about a millisecond on each statement it executes.
        """
        if not articles:
            return []
        now = _now()
        with self.transaction() as con:
            ids = [a.id for a in articles]
            seen = {r[0] for r in con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
            rows, new = [], []
            for i, (aid, article) in enumerate(zip(ids, articles)):
                new.append(aid not in seen)
                if new[-1]:
                    seen.add(aid)
                    # distinct times keep the reading order (articles() sorts by ingested_at)
                    rows.append(_article_row(aid, article, now + timedelta(microseconds=i)))
            _insert_rows(con, "articles", rows)
            sources = list(dict.fromkeys((aid, a.source) for aid, a in zip(ids, articles) if a.source))
            if sources:
                con.execute(
                    "INSERT INTO article_sources SELECT unnest(?), unnest(?), ? ON CONFLICT DO NOTHING",
                    [[aid for aid, _ in sources], [loc for _, loc in sources], now],
                )
        return new

    _UPDATABLE = frozenset({"title", "published", "published_from", "publisher", "url", "country", "language"})

    def update_article(self, article_id: str, changes: dict[str, Any]) -> None:
        """Set metadata fields of a stored article (sidecar metadata); the body never changes."""
        unknown = set(changes) - self._UPDATABLE
        if unknown:
            raise ValueError(f"cannot update article fields {sorted(unknown)}")
        if not changes:
            return
        keys = sorted(changes)
        with self.transaction() as con:
            con.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in keys)} WHERE id = ?",
                        [changes[k] for k in keys] + [article_id])

    def source_locations(self) -> set[str]:
        """Every source location stored, for a run that skips what it has read before."""
        return {r[0] for r in self.con.execute("SELECT location FROM article_sources").fetchall()}

    def has_source(self, location: str) -> bool:
        return self.con.execute("SELECT 1 FROM article_sources WHERE location = ?", [location]).fetchone() is not None

    def _records(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        """The rows a query returns, each as a mapping of column name to value."""
        cur = self.con.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        sql = "SELECT * FROM articles"
        params: list[Any] = []
        if ids:
            sql += " WHERE id IN (SELECT unnest(?))"
            params.append(ids)
        sql += " ORDER BY ingested_at, id"
        out = []
        for d in self._records(sql, params):
            for key in _ARTICLE_LIST_FIELDS:
                d[key] = json.loads(d[key]) if d[key] else []
            for key in ("id", "ingested_at"):
                d.pop(key)
            out.append(Article(**d))
        return out

    def texts(self, ids: list[str]) -> list[tuple[str, str | None, str]]:
        """(id, title, body) of these articles, nothing else read: what a test of the words
        alone needs (analysis.relevance), without building whole articles."""
        if not ids:
            return []
        return self.con.execute("SELECT id, title, body FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()

    def sources(self, article_id: str) -> list[str]:
        rows = self.con.execute(
            "SELECT location FROM article_sources WHERE article_id = ? ORDER BY seen_at, location", [article_id]
        ).fetchall()
        return [r[0] for r in rows]

    def first_sources(self, article_ids: list[str]) -> dict[str, str]:
        """The first location each article was read from, for many articles in one query."""
        if not article_ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, arg_min(location, (seen_at, location)) FROM article_sources "
            "WHERE article_id IN (SELECT unnest(?)) GROUP BY article_id",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)

    def find_article(self, prefix: str) -> Article | None:
        """An article by id or unique id prefix."""
        rows = self.con.execute("SELECT id FROM articles WHERE id LIKE ? || '%'", [prefix]).fetchall()
        if len(rows) != 1:
            return None
        return self.articles([rows[0][0]])[0]

    # -- failures ---------------------------------------------------------------

    def add_failure(self, source: str, stage: str, reason: str) -> None:
        with self.transaction() as con:
            con.execute("INSERT INTO failures VALUES (?, ?, ?, ?)", [source, stage, reason, _now()])

    def failures(self) -> list[dict[str, Any]]:
        cur = self.con.execute("SELECT source, stage, reason, failed_at FROM failures ORDER BY failed_at")
        return [dict(source=s, stage=st, reason=r, at=str(a)) for s, st, r, a in cur.fetchall()]

    # -- actors -----------------------------------------------------------------

    def upsert_actors(self, actors: list[Actor]) -> None:
        """Insert or replace actors by id (of two with one id, the later wins), in one write."""
        latest = {a.id: a for a in actors}
        if not latest:
            return
        with self.transaction() as con:
            con.execute("DELETE FROM actors WHERE id IN (SELECT unnest(?))", [list(latest)])
            _insert_rows(con, "actors", [
                [
                    a.id, a.name, a.kind, json.dumps(a.aliases, ensure_ascii=False), a.country,
                    json.dumps(a.roles, ensure_ascii=False), json.dumps(a.relations, ensure_ascii=False),
                    json.dumps(a.affiliation, ensure_ascii=False), json.dumps(a.evidence, ensure_ascii=False),
                    a.origin,
                ]
                for a in latest.values()
            ])

    def actors(self) -> list[Actor]:
        cur = self.con.execute(
            "SELECT name, kind, aliases, country, roles, relations, affiliation, evidence, origin FROM actors ORDER BY name"
        )
        return [
            Actor(
                name=n, kind=k, aliases=json.loads(al), country=c, roles=json.loads(r),
                relations=json.loads(rel), affiliation=json.loads(af), evidence=json.loads(ev), origin=o,
            )
            for n, k, al, c, r, rel, af, ev, o in cur.fetchall()
        ]

    # -- statements -------------------------------------------------------------

    def replace_statements(self, article_id: str, statements: list[Statement]) -> None:
        """Swap an article's statements (and their codings) for a fresh extraction, atomically."""
        self.replace_statements_of({article_id: statements})

    def replace_statements_of(self, by_article: dict[str, list[Statement]]) -> None:
        """Swap the statements (and codings) of several articles in one transaction, and mark
        them extracted in the same transaction (an article may have no statement at all: the
        mark is what tells a resumed run it is done)."""
        if not by_article:
            return
        ids = list(by_article)
        with self.transaction() as con:
            con.execute(
                "INSERT INTO extracted SELECT unnest(?), ? ON CONFLICT (article_id) DO UPDATE SET extracted_at = excluded.extracted_at",
                [ids, _now()],
            )
            con.execute(
                "DELETE FROM codings WHERE statement_id IN "
                "(SELECT id FROM statements WHERE article_id IN (SELECT unnest(?)))",
                [ids],
            )
            con.execute("DELETE FROM statements WHERE article_id IN (SELECT unnest(?))", [ids])
            seen: set[str] = set()
            rows = []
            for s in (s for statements in by_article.values() for s in statements):
                if s.id in seen:
                    continue
                seen.add(s.id)
                rows.append(
                    [
                        s.id, s.article_id, s.speaker, None if s.unattributed else Actor(s.speaker).id, s.speaker_mention, s.speaker_reason,
                        s.speaker_kind, s.cue, s.sentence, s.sent_start, s.sent_end, s.content,
                        json.dumps(s.content_spans), json.dumps(s.cue_spans), json.dumps(s.source_spans),
                        s.quote, s.quote_start, s.quote_end, s.date.value, s.date.precision, s.date.reason,
                        s.addressee,
                    ]
                )
            _insert_rows(con, "statements", rows)

    def unextracted(self, ids: list[str]) -> list[str]:
        """Those of these articles that extraction has not finished: no mark and no statement
        (a store from before the mark counts an article with statements as done)."""
        if not ids:
            return []
        done = {
            r[0]
            for r in self.con.execute(
                "SELECT article_id FROM extracted WHERE article_id IN (SELECT unnest(?)) "
                "UNION SELECT DISTINCT article_id FROM statements WHERE article_id IN (SELECT unnest(?))",
                [ids, ids],
            ).fetchall()
        }
        return [i for i in ids if i not in done]

    def statements(
        self, article_id: str | None = None, actor: str | None = None, coded_for: str | None = None
    ) -> list[Statement]:
        """Stored statements, in article and sentence order; `coded_for` keeps those coded for that conflict."""
        sql = "SELECT * FROM statements WHERE 1=1"
        params: list[Any] = []
        if coded_for:
            sql += " AND id IN (SELECT statement_id FROM codings WHERE conflict = ?)"
            params.append(coded_for)
        if article_id:
            sql += " AND article_id = ?"
            params.append(article_id)
        if actor:
            sql += " AND (lower(speaker) LIKE '%' || lower(?) || '%')"
            params.append(actor)
        sql += " ORDER BY article_id, sent_start, speaker"
        out = []
        for d in self._records(sql, params):
            out.append(
                Statement(
                    article_id=d["article_id"], speaker=d["speaker"], speaker_mention=d["speaker_mention"],
                    speaker_reason=d["speaker_reason"], speaker_kind=d["speaker_kind"], cue=d["cue"],
                    sentence=d["sentence"], sent_start=d["sent_start"], sent_end=d["sent_end"],
                    content=d["content"] or "",
                    content_spans=[tuple(x) for x in json.loads(d["content_spans"] or "[]")],
                    cue_spans=[tuple(x) for x in json.loads(d["cue_spans"] or "[]")],
                    source_spans=[tuple(x) for x in json.loads(d["source_spans"] or "[]")],
                    quote=d["quote"], quote_start=d["quote_start"], quote_end=d["quote_end"],
                    date=DateSaid(d["date_value"], d["date_precision"] or "unknown", d["date_reason"] or ""),
                    addressee=d["addressee"],
                )
            )
        return out

    # -- codings ----------------------------------------------------------------

    def replace_codings(self, conflict: str, codings: list[Coding]) -> None:
        latest = {c.statement_id: c for c in codings}  # a statement coded twice: the last coding counts
        if not latest:
            return
        with self.transaction() as con:
            con.execute(
                "DELETE FROM codings WHERE conflict = ? AND statement_id IN (SELECT unnest(?))", [conflict, list(latest)]
            )
            _insert_rows(con, "codings", [
                [
                    c.statement_id, conflict,
                    json.dumps([a.__dict__ for a in c.actions]),
                    json.dumps(c.targets, ensure_ascii=False),
                    json.dumps({side: st.__dict__ for side, st in c.stance.items()}, ensure_ascii=False),
                ]
                for c in latest.values()
            ])

    def codings(self, conflict: str | None = None) -> dict[tuple[str, str], Coding]:
        sql = "SELECT statement_id, conflict, actions, targets, stance FROM codings"
        params: list[Any] = []
        if conflict:
            sql += " WHERE conflict = ?"
            params.append(conflict)
        out = {}
        for sid, conf, actions, targets, stance in self.con.execute(sql, params).fetchall():
            out[(sid, conf)] = Coding(
                statement_id=sid, conflict=conf,
                actions=[Action(**a) for a in json.loads(actions)],
                targets=json.loads(targets),
                stance={side: SideStance(**v) for side, v in json.loads(stance).items()},
            )
        return out

    # -- corrections ------------------------------------------------------------

    def has_corrections_table(self) -> bool:
        """False for a store of schema 2 or older opened read-only (nothing corrected there yet)."""
        return self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'corrections'"
        ).fetchone()[0] > 0

    def add_correction(self, statement_id: str, conflict: str | None, author: str, note: str,
                       changes: dict[str, Any]) -> dict[str, Any]:
        """Record an analyst's correction of a statement; the machine's values stay as they are."""
        made_at = _now()
        with self.transaction() as con:
            next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM corrections").fetchone()[0]
            con.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [next_id, statement_id, conflict, made_at, author, note, json.dumps(changes, ensure_ascii=False)])
        return {"id": next_id, "statement_id": statement_id, "conflict": conflict, "made_at": made_at.isoformat(),
                "author": author, "note": note, "changes": changes}

    def corrections(self, statement_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Every correction (or those of some statements), oldest first."""
        if not self.has_corrections_table():
            return []
        sql = "SELECT id, statement_id, conflict, made_at, author, note, changes FROM corrections"
        params: list[Any] = []
        if statement_ids is not None:
            sql += " WHERE statement_id IN (SELECT unnest(?))"
            params.append(list(statement_ids))
        rows = self.con.execute(sql + " ORDER BY id", params).fetchall()
        return [{"id": i, "statement_id": sid, "conflict": conf, "made_at": at.isoformat(), "author": author,
                 "note": note, "changes": json.loads(changes)} for i, sid, conf, at, author, note, changes in rows]

    def corrections_revision(self) -> int:
        """The id of the latest correction: what a cache of corrected values is valid for."""
        if not self.has_corrections_table():
            return 0
        return int(self.con.execute("SELECT coalesce(max(id), 0) FROM corrections").fetchone()[0])

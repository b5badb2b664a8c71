"""Walking what the user gave (files, directories, URLs, URL lists, feeds, WARCs) into stored articles.

Articles are written in small batches, one transaction each (DuckDB spends about a
millisecond per statement): a batch is written when it holds 32 articles, when its
oldest article has waited a second, and before every network fetch. So a run killed
half-way keeps everything fetched and all but the last second of local reading, and a
re-run skips source locations that are already stored. Every bad input becomes a row in the store's failures
table with its location and reason; nothing bad stops the batch.
"""

from __future__ import annotations

import io
import os
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable

import httpx
import yaml

from ..records import Article
from ..store.db import Store
from .dateline import apply_dateline
from .decode import decode
from .detect import describe, is_gzip, maybe_gunzip, sniff
from .downloads import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, check_url, client, fetch
from .errors import IngestError
from .feeds import FeedEntry, parse_feed
from .html import extract_html, html_to_text
from .language import detect_language
from .plaintext import extract_plaintext
from .textdump import extract_textdump, looks_like_textdump
from .warc import iter_pages

STAGE = "ingest"
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_HEAD_BYTES = 65536

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class IngestSummary:
    """What one run did: articles added, duplicates (with where they were seen), skips, failures."""

    added: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # locations already stored by an earlier run
    failures: list[dict[str, str]] = field(default_factory=list)
    not_articles: list[dict[str, str]] = field(default_factory=list)  # files a folder walk passed over, with why
    meta: dict[str, Any] | None = None  # what --meta joined and what it could not (see ingest.meta.apply)

    @property
    def found_nothing(self) -> bool:
        """No source led to an article or even a failure: an empty folder, or only non-article files."""
        return not (self.added or self.duplicates or self.skipped or self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "duplicates": len(self.duplicates),
            "skipped": len(self.skipped),
            "failed": len(self.failures),
            "articles": self.added,
            "duplicate_articles": self.duplicates,
            "skipped_sources": self.skipped,
            "failures": self.failures,
            "not_articles": self.not_articles,
            **({"meta": self.meta} if self.meta is not None else {}),
        }


@dataclass
class _Task:
    kind: str  # file | url | error | not_article
    location: str
    path: Path | None = None
    reason: str | None = None
    relative: str | None = None  # a file's path relative to the source given (its name for a file given)


def plan(sources: Iterable[str], urls_file: str | os.PathLike | None = None) -> list[_Task]:
    """The top-level work list: files (directories expanded, sorted), URLs, and unusable sources."""
    tasks: list[_Task] = []
    for source in sources:
        source = str(source)
        if _SCHEME_RE.match(source):
            tasks.append(_Task("url", source))
            continue
        path = Path(source)
        if path.is_dir():
            for file in sorted(_walk(path)):
                why = not_an_article(file)
                if why:
                    tasks.append(_Task("not_article", str(file.resolve()), file, reason=why))
                else:
                    tasks.append(_Task("file", str(file.resolve()), file, relative=file.relative_to(path).as_posix()))
        elif path.is_file():
            tasks.append(_Task("file", str(path.resolve()), path, relative=path.name))
        else:
            tasks.append(_Task("error", source, reason="no such file or directory"))
    if urls_file is not None:
        tasks.extend(_url_list(Path(urls_file)))
    return tasks


def _not_article_rules() -> tuple[dict[str, str], dict[str, str]]:
    """suffix -> kind and name -> kind, from data/not_articles.yaml (read once)."""
    global _NOT_ARTICLES
    if _NOT_ARTICLES is None:
        raw = yaml.safe_load((Path(__file__).parent / "data" / "not_articles.yaml").read_text(encoding="utf-8"))
        suffixes = {s: kind for kind, items in raw["suffixes"].items() for s in items}
        names = {n: kind for kind, items in raw["names"].items() for n in items}
        _NOT_ARTICLES = (suffixes, names)
    return _NOT_ARTICLES


_NOT_ARTICLES: tuple[dict[str, str], dict[str, str]] | None = None


def not_an_article(path: Path) -> str | None:
    """Why a file found in a folder is not an article ("a CSV table", "a README"), or None to read it."""
    suffixes, names = _not_article_rules()
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix in suffixes:
        return f"not an article: {suffixes[suffix]} ({suffix})"
    stem = Path(name).stem if suffix in ("", ".txt") else None
    if stem in names:
        return f"not an article: {names[stem]} ({path.name})"
    return None


def _walk(root: Path) -> Iterable[Path]:
    """Files under a directory, recursively, skipping hidden files and folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name


def _url_list(path: Path) -> list[_Task]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return [_Task("error", str(path), reason=f"cannot read URL list: {exc.strerror or exc}")]
    tasks = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _SCHEME_RE.match(line):
            tasks.append(_Task("url", line))
        else:
            tasks.append(_Task("error", f"{path}:{n}", reason=f"not a URL: {line[:80]!r}"))
    return tasks


class _Run:
    BATCH = 32  # articles per transaction
    WAIT = 1.0  # seconds an article may wait in a batch

    def __init__(self, store: Store, max_bytes: int, timeout: float):
        self.store = store
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.summary = IngestSummary()
        self._http: httpx.Client | None = None
        self.stored_locations = store.source_locations()
        self.pending: list[Article] = []
        self.pending_since = 0.0

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = client(self.timeout)
        return self._http

    def close(self) -> None:
        self.flush()
        if self._http is not None:
            self._http.close()

    # -- outcomes ---------------------------------------------------------------------

    def fail(self, location: str, reason: str) -> None:
        self.store.add_failure(location, STAGE, reason)
        self.summary.failures.append({"source": location, "reason": reason})

    def keep(self, article: Article) -> None:
        apply_dateline(article)
        if not article.language:
            article.language = detect_language(f"{article.title or ''}\n{article.body}")
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append(article)
        if article.source:
            self.stored_locations.add(article.source)
        if len(self.pending) >= self.BATCH or time.monotonic() - self.pending_since > self.WAIT:
            self.flush()

    def flush(self) -> None:
        """Write the pending articles; if the batch write fails, each is written (or recorded) alone."""
        batch, self.pending = self.pending, []
        try:
            outcomes = list(zip(batch, self.store.add_articles(batch)))
        except Exception:  # one bad row must not lose the others: retry one by one
            outcomes = []
            for article in batch:
                try:
                    outcomes.append((article, self.store.add_article(article)))
                except Exception as exc:
                    self.fail(article.source or article.id, f"cannot store the article: {type(exc).__name__}: {exc}")
        for article, new in outcomes:
            item = {"id": article.id, "title": article.title, "source": article.source}
            (self.summary.added if new else self.summary.duplicates).append(item)

    def already_stored(self, location: str) -> bool:
        if location in self.stored_locations:
            self.summary.skipped.append(location)
            return True
        return False

    def guarded(self, location: str, work: Callable[[], None]) -> None:
        """Run one unit of work; any failure is recorded against its location and the batch goes on."""
        try:
            work()
        except IngestError as exc:
            self.fail(location, str(exc))
        except (KeyboardInterrupt, SystemExit):
            raise
        except MemoryError:
            self.fail(location, "out of memory while reading this input")
        except Exception as exc:  # a bug must not stop a batch either; the reason says what broke
            self.fail(location, f"unexpected error: {type(exc).__name__}: {exc}")

    # -- inputs -----------------------------------------------------------------------

    def run_task(self, task: _Task) -> None:
        if task.kind == "error":
            self.fail(task.location, task.reason or "unusable source")
        elif task.kind == "not_article":
            self.summary.not_articles.append({"source": task.location, "reason": task.reason or "not an article"})
        elif task.kind == "url":
            self.guarded(task.location, lambda: self.url(task.location))
        else:
            self.guarded(task.location, lambda: self.file(task.location, task.path))

    def url(self, url: str) -> None:
        if self.already_stored(url):
            return
        check_url(url)
        self.flush()  # nothing read so far waits on the network
        fetched = fetch(url, timeout=self.timeout, max_bytes=self.max_bytes, http=self.http)
        self.payload(fetched.data, url, content_type=fetched.content_type, page_url=fetched.url)

    def file(self, location: str, path: Path | None) -> None:
        path = path or Path(location)
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(_HEAD_BYTES)
        except OSError as exc:
            raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
        if _is_warc(head):
            with path.open("rb") as fh:
                self.warc(fh, location)
            return
        if self.already_stored(location):
            return
        if size > self.max_bytes:
            raise IngestError(f"file is {size:,} bytes, over the size cap of {self.max_bytes:,} bytes (--max-bytes)")
        self.payload(path.read_bytes(), location, name=path.name)

    def payload(
        self, data: bytes, location: str, *, content_type: str | None = None, page_url: str | None = None, name: str = ""
    ) -> None:
        data = maybe_gunzip(data, self.max_bytes)
        kind = sniff(data, name or location)
        if kind == "empty":
            raise IngestError("empty input: no bytes" if not data else "empty input: only whitespace")
        if kind == "binary":
            raise IngestError(f"not a text or HTML page: looks like {describe(data)}")
        if kind == "warc":
            self.warc(io.BytesIO(data), location)
            return
        if kind == "feed":
            self.feed(data, location, base_url=page_url)
            return
        self.keep(read_document(data, location, kind=kind, content_type=content_type, page_url=page_url))

    def warc(self, stream: BinaryIO, location: str) -> None:
        try:
            for page in iter_pages(stream, self.max_bytes):
                record_location = f"{location}#{page.uri}"
                if page.data is None:
                    self.fail(record_location, page.reason or "unreadable WARC record")
                    continue
                if self.already_stored(record_location):
                    continue
                self.guarded(
                    record_location,
                    lambda p=page, loc=record_location: self.payload(p.data, loc, content_type=p.content_type, page_url=p.uri),
                )
        except IngestError as exc:
            self.fail(location, str(exc))

    def feed(self, data: bytes, location: str, base_url: str | None = None) -> None:
        entries = parse_feed(data, base_url)
        for i, entry in enumerate(entries):
            entry_location = entry.link or f"{location}#entry-{i + 1}"
            if self.already_stored(entry_location):
                continue
            self.guarded(entry_location, lambda e=entry, loc=entry_location: self.feed_entry(e, loc))

    def feed_entry(self, entry: FeedEntry, location: str) -> None:
        """The linked page when it can be fetched, else the feed's own content when it is a whole article."""
        problem = f"entry link {entry.link!r} is not an http(s) URL" if entry.link else "entry has no link"
        if entry.link and entry.link.startswith(("http://", "https://")):
            try:
                self.flush()
                fetched = fetch(entry.link, timeout=self.timeout, max_bytes=self.max_bytes, http=self.http)
                data = maybe_gunzip(fetched.data, self.max_bytes)
                kind = sniff(data, entry.link)
                if kind in ("html", "text"):
                    article = read_document(data, location, kind=kind, content_type=fetched.content_type, page_url=fetched.url)
                    self.keep(_with_feed_metadata(article, entry))
                    return
                problem = f"linked page is not a page ({kind})"
            except IngestError as exc:
                problem = str(exc)
        if entry.content:
            body = html_to_text(entry.content)
            if len(body) >= 200:
                article = Article(body=body, url=entry.link, source=location, format="feed-entry")
                self.keep(_with_feed_metadata(article, entry))
                return
        raise IngestError(f"{problem}, and the feed carries no full text for it")


def _is_warc(head: bytes) -> bool:
    if head.lstrip().startswith(b"WARC/"):
        return True
    if is_gzip(head):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
        return start.startswith(b"WARC/")
    return False


def _with_feed_metadata(article: Article, entry: FeedEntry) -> Article:
    article.title = article.title or entry.title
    article.published = article.published or entry.published
    if not article.authors and entry.author:
        article.authors = [entry.author]
    if not article.tags:
        article.tags = list(entry.tags)
    article.url = article.url or entry.link
    return article


def read_document(
    data: bytes,
    location: str,
    *,
    kind: str | None = None,
    content_type: str | None = None,
    page_url: str | None = None,
) -> Article:
    """One page's bytes (already decompressed) as an Article: HTML, text dump or plain text."""
    kind = kind or sniff(data, location)
    text, _ = decode(data, content_type)
    if kind == "html":
        return apply_dateline(extract_html(text, source=location, url=page_url))
    if kind != "text":
        raise IngestError(f"not an article page ({kind})")
    if looks_like_textdump(text):
        article = extract_textdump(text, source=location)
        if len(article.body) < 40:
            raise IngestError("no article text found in the text dump (only page furniture)")
        return apply_dateline(article)
    return apply_dateline(extract_plaintext(text, source=location))


def ingest_sources(
    sources: Iterable[str],
    store: Store,
    *,
    urls_file: str | os.PathLike | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    progress: ProgressCallback | None = None,
    quiet: bool = True,
    meta: "str | os.PathLike | MetaTable | None" = None,
) -> IngestSummary:
    """Read every source into the store; returns what happened (failures are also stored).

    `progress(done, total, location)` is called after each top-level source;
    `quiet` is accepted for callers that pass it (this function never prints).
    `meta`: a sidecar metadata table (CSV or JSON Lines, see `ingest.meta`) joined to the
    input files by its `file` column once they are stored; read before any input, so a
    table that cannot be used raises MetaError before any work.
    """
    from .meta import Input, MetaTable, apply, read_meta

    table = meta if isinstance(meta, MetaTable) or meta is None else read_meta(meta)
    tasks = plan(sources, urls_file)
    run = _Run(store, max_bytes, timeout)
    try:
        for done, task in enumerate(tasks, 1):
            run.run_task(task)
            if progress is not None:
                progress(done, len(tasks), task.location)
    finally:
        run.close()
    if table is not None:
        inputs = [Input(t.location, t.relative or Path(t.location).name, Path(t.location).name)
                  for t in tasks if t.kind == "file"]
        run.summary.meta = apply(store, table, inputs)
    return run.summary

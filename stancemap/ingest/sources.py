"""Walking what the user gave (files, directories, URLs, URL lists, feeds, WARCs) into stored articles.

Articles are written in batches, one transaction each (DuckDB spends about a
millisecond per statement): a batch is written when it holds 256 articles, when its
oldest article has waited a second, and before every network fetch. So a run killed
half-way keeps everything fetched and all but the last second of local reading, and a
re-run skips source locations that are already stored. Every bad input becomes a row in the store's failures
table with its location and reason; nothing bad stops the batch.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable

import yaml

from ..records import Article
from ..safety import http_url, safe_location
from ..store.db import Store
from .dateline import apply_dateline
from .decode import decode, wide_without_bom
from .detect import describe, is_gzip, maybe_gunzip, sniff
from .downloads import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Fetcher, check_url
from .errors import IngestError
from .feeds import FeedEntry, parse_feed
from .html import extract_html, html_to_text
from .language import detect_language
from .meta import Input, MetaTable, apply, read_meta
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
    warc_skipped: Counter = field(default_factory=Counter)  # WARC records that are not pages, by reason (ingest.warc)
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
            **({"warc_records_skipped": dict(self.warc_skipped)} if self.warc_skipped else {}),
            **({"meta": self.meta} if self.meta is not None else {}),
        }


@dataclass
class _Task:
    kind: str  # file | url | error | not_article
    location: str
    path: Path | None = None
    reason: str | None = None
    relative: str | None = None  # a file's path relative to the source given (its name for a file given)


def plan(
    sources: Iterable[str], urls_file: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[_Task]:
    """The top-level work list: files (directories expanded, sorted), URLs, and unusable sources.

    Only regular files are read: a FIFO would block forever and /dev/zero never ends, so
    devices, pipes and sockets met in a folder are listed as skipped, and named on the
    command line they are failures. Symlink loops, dangling links and unreadable folders
    are failures too; none of them stops the rest of the batch.
    """
    tasks: list[_Task] = []
    for source in sources:
        source = str(source)
        if _SCHEME_RE.match(source):
            tasks.append(_Task("url", safe_location(source)))
            continue
        path = Path(source)
        try:
            st = path.stat()
        except OSError as exc:
            tasks.append(_Task("error", safe_location(source), reason=_os_reason(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            for task in _walk(path):
                if task.kind == "file" and task.path is not None:
                    task.relative = task.path.relative_to(path).as_posix()  # what a --meta row names
                tasks.append(task)
        elif stat.S_ISREG(st.st_mode):
            tasks.append(_Task("file", _location(path), path, relative=path.name))
        else:
            tasks.append(_Task("error", _location(path), reason=f"{_special(st.st_mode)}, not a regular file: only files are read"))
    if urls_file is not None:
        tasks.extend(_url_list(Path(urls_file), max_bytes))
    return tasks


def _location(path: Path) -> str:
    """The absolute path as the stored location (valid Unicode even for a non-UTF-8 name)."""
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop on the way
        resolved = os.path.abspath(path)
    return safe_location(resolved)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link points back to itself"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read: {exc.strerror or exc}"


def _special(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


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


def _walk(root: Path) -> list[_Task]:
    """Tasks for what is under a directory, recursively and in path order, skipping hidden
    files and folders. Symlinked folders are not followed (no cycles); links to files are."""
    tasks: list[_Task] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            tasks.append(_Task("error", _location(folder), folder, reason=f"cannot read folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                    continue
                st = path.stat()
            except OSError as exc:
                reason = _os_reason(exc)
                if reason == "no such file or directory" and entry.is_symlink():
                    reason = f"dangling symlink: its target {os.readlink(path)!r} does not exist"
                tasks.append(_Task("error", safe_location(os.path.abspath(path)), path, reason=safe_location(reason)))
                continue
            if stat.S_ISDIR(st.st_mode):  # named by the link itself, not by where it leads
                tasks.append(_Task("not_article", safe_location(os.path.abspath(path)), path,
                                   reason="not a regular file: a link to a folder (not followed)"))
            elif not stat.S_ISREG(st.st_mode):
                tasks.append(_Task("not_article", safe_location(os.path.abspath(path)), path,
                                   reason=f"not a regular file: {_special(st.st_mode)}"))
            else:
                why = not_an_article(path)
                location = _location(path)
                tasks.append(_Task("not_article", location, path, reason=why) if why else _Task("file", location, path))
        stack.extend(subfolders)
    return sorted(tasks, key=lambda t: t.path)  # type: ignore[arg-type, return-value]


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """A whole regular file, at most max_bytes (IngestError otherwise); never blocks on a
    FIFO nor reads a device, even one swapped in after the folder was listed."""
    with _open_regular(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"file is over the size cap of {max_bytes:,} bytes (--max-bytes)")
    return data


def _open_regular(path: Path, max_bytes: int) -> BinaryIO:
    """The file open for reading; OSError when it cannot be opened, IngestError when it is
    not a regular file or is over the cap."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(f"{_special(st.st_mode)}, not a regular file: only files are read")
        if st.st_size > max_bytes:
            raise IngestError(f"file is {st.st_size:,} bytes, over the size cap of {max_bytes:,} bytes (--max-bytes)")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _url_list(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[_Task]:
    try:
        lines = _read_regular(path, max_bytes).decode("utf-8", errors="replace").splitlines()
    except OSError as exc:
        return [_Task("error", safe_location(path), reason=f"cannot read URL list: {exc.strerror or exc}")]
    except IngestError as exc:
        return [_Task("error", safe_location(path), reason=f"cannot read URL list: {exc}")]
    tasks = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _SCHEME_RE.match(line):
            tasks.append(_Task("url", line))
        else:
            tasks.append(_Task("error", safe_location(f"{path}:{n}"), reason=f"not a URL: {line[:80]!r}"))
    return tasks


@dataclass
class Page:
    """One source's bytes, for a worker to read into an article (`read_page`)."""

    data: bytes
    location: str
    content_type: str | None = None
    page_url: str | None = None
    name: str = ""


def failure_reason(exc: BaseException) -> str:
    """What a failed source records: the ingest's own reason, or what broke."""
    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory while reading this input"
    return f"unexpected error: {type(exc).__name__}: {exc}"  # a bug must not stop a batch either


def prepare(article: Article) -> Article:
    """The per-article part of storing an article: dateline, only http(s) links, language."""
    apply_dateline(article)
    # Only http(s) URLs are stored as links: a page or feed may claim `javascript:...`.
    article.url = http_url(article.url)
    article.original_url = http_url(article.original_url)
    article.links = [url for url in article.links if http_url(url)]
    if not article.language:
        article.language = detect_language(f"{article.title or ''}\n{article.body}")
    return article


def _sniffed(page: Page, max_bytes: int) -> tuple[str, bytes]:
    """(kind, bytes decompressed and decoded to one width) of a page; IngestError when it is
    empty or binary."""
    data = wide_without_bom(maybe_gunzip(page.data, max_bytes), page.content_type)
    kind = sniff(data, page.name or page.location)
    if kind == "empty":
        raise IngestError("empty input: no bytes" if not data else "empty input: only whitespace")
    if kind == "binary":
        raise IngestError(f"not a text or HTML page: looks like {describe(data)}")
    return kind, data


HERE = "here"  # read_page: a WARC or a feed inside the page, which the driver reads itself


def read_page(page: Page, max_bytes: int) -> tuple[str, Any]:
    """A source's bytes as a prepared article, on whichever process: ("article", Article),
    ("failure", reason), or (HERE, None) for a WARC or feed the driver must walk."""
    try:
        kind, data = _sniffed(page, max_bytes)
        if kind in ("warc", "feed"):
            return HERE, None
        return "article", prepare(read_document(data, page.location, kind=kind, content_type=page.content_type,
                                                page_url=page.page_url))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # MemoryError included
        return "failure", failure_reason(exc)


class _Run:
    BATCH = 256  # articles per transaction (DuckDB spends milliseconds on each commit)
    WAIT = 1.0  # seconds an article may wait in a batch
    PAGES = 16  # pages sent to a worker at a time
    PAGE_BYTES = 8 << 20  # ... or fewer, when they are large

    def __init__(self, store: Store, max_bytes: int, timeout: float, allow_private: bool = False,
                 allow_networks: Iterable[str] = (), workers: Any = None):
        self.store = store
        self.workers = workers  # analysis.parallel.Jobs: pages are read into articles there
        self.outbox: list[Page] = []
        self.outbox_bytes = 0
        self.in_flight: set[str] = set()  # locations sent to a worker whose article is not kept yet
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.allow_private = allow_private
        self.allow_networks = list(allow_networks)
        self.summary = IngestSummary()
        self._http: Fetcher | None = None
        self.stored_locations = store.source_locations()
        self.pending: list[Article] = []
        self.pending_since = 0.0

    @property
    def http(self) -> Fetcher:
        if self._http is None:
            self._http = Fetcher(self.timeout, allow_private=self.allow_private, allow_networks=self.allow_networks)
        return self._http

    def close(self) -> None:
        """Store what is kept; pages still with the workers (an interrupted run) are not, and a
        re-run reads them again."""
        self.flush()
        if self._http is not None:
            self._http.close()

    # -- outcomes ---------------------------------------------------------------------

    def fail(self, location: str, reason: str) -> None:
        location, reason = safe_location(location), safe_location(reason)
        self.store.add_failure(location, STAGE, reason)
        self.summary.failures.append({"source": location, "reason": reason})

    def keep(self, article: Article) -> None:
        self.keep_prepared(prepare(article))

    def keep_prepared(self, article: Article) -> None:
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
        if location in self.in_flight:  # read twice in one run: the first reading decides
            self.drain()
        if location in self.stored_locations:
            self.summary.skipped.append(location)
            return True
        return False

    def guarded(self, location: str, work: Callable[[], None]) -> None:
        """Run one unit of work; any failure is recorded against its location and the batch goes on."""
        try:
            work()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # MemoryError and bugs included: the reason says what broke
            self.fail(location, failure_reason(exc))

    # -- pages read on the workers ----------------------------------------------------

    def send(self, page: Page) -> None:
        """Queue a page for the workers; the articles come back and are kept in input order."""
        self.outbox.append(page)
        self.outbox_bytes += len(page.data)
        self.in_flight.add(page.location)
        if len(self.outbox) >= self.PAGES or self.outbox_bytes >= self.PAGE_BYTES:
            self._post()
        while self.workers.full:
            self._take()

    def _post(self) -> None:
        if self.outbox:
            self.workers.send("ingest", (self.outbox, self.max_bytes))
            self.outbox, self.outbox_bytes = [], 0

    def _take(self) -> None:
        """Keep (or record as failed) what the oldest batch of pages gave, in their order."""
        job, batch = self.workers.oldest()
        for page, (outcome, value) in zip(job.payload[0], batch.articles):
            self.in_flight.discard(page.location)
            if outcome == "article":
                self.keep_prepared(value)
            elif outcome == "failure":
                self.fail(page.location, value)
            else:  # a WARC or a feed inside: walked here, as in one process
                self.guarded(page.location, lambda p=page: self.payload_here(p))

    def drain(self) -> None:
        """Wait for every page sent and keep its article."""
        if self.workers is None:
            return
        self._post()
        while self.workers.queue:
            self._take()

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
        self.drain()
        self.flush()  # nothing read so far waits on the network
        fetched = self.http.get(url, self.max_bytes)
        self.payload(fetched.data, url, content_type=fetched.content_type, page_url=fetched.url)

    def file(self, location: str, path: Path | None) -> None:
        path = path or Path(location)
        try:
            fh = _open_regular(path, 1 << 62)  # a WARC may be larger than the cap: its records are capped
        except OSError as exc:
            raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
        with fh:
            try:
                head = fh.read(_HEAD_BYTES)
                if _is_warc(head):
                    fh.seek(0)
                    self.warc(fh, location)
                    return
                if self.already_stored(location):
                    return
                size = os.fstat(fh.fileno()).st_size
                if size > self.max_bytes:
                    raise IngestError(f"file is {size:,} bytes, over the size cap of {self.max_bytes:,} bytes (--max-bytes)")
                data = head + fh.read(max(0, self.max_bytes + 1 - len(head)))
            except OSError as exc:
                raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
        if len(data) > self.max_bytes:  # a file that grew, or one whose size the system does not know (/proc)
            raise IngestError(f"file is over the size cap of {self.max_bytes:,} bytes (--max-bytes)")
        self.payload(data, location, name=path.name)

    def payload(
        self, data: bytes, location: str, *, content_type: str | None = None, page_url: str | None = None, name: str = ""
    ) -> None:
        page = Page(data, location, content_type, page_url, name)
        if self.workers is not None:
            self.send(page)
        else:
            self.payload_here(page)

    def payload_here(self, page: Page) -> None:
        kind, data = _sniffed(page, self.max_bytes)
        if kind == "warc":
            self.warc(io.BytesIO(data), page.location)
            return
        if kind == "feed":
            self.feed(data, page.location, base_url=page.page_url)
            return
        self.keep(read_document(data, page.location, kind=kind, content_type=page.content_type, page_url=page.page_url))

    def warc(self, stream: BinaryIO, location: str) -> None:
        try:
            for page in iter_pages(stream, self.max_bytes, self.summary.warc_skipped):
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
            entry_location = safe_location(http_url(entry.link) or f"{location}#entry-{i + 1}")
            if self.already_stored(entry_location):
                continue
            self.guarded(entry_location, lambda e=entry, loc=entry_location: self.feed_entry(e, loc))

    def feed_entry(self, entry: FeedEntry, location: str) -> None:
        """The linked page when it can be fetched, else the feed's own content when it is a whole article."""
        problem = f"entry link {entry.link[:200]!r} is not an http(s) URL" if entry.link else "entry has no link"
        link = http_url(entry.link)
        if link:
            try:
                self.drain()
                self.flush()
                fetched = self.http.get(link, self.max_bytes)
                data = wide_without_bom(maybe_gunzip(fetched.data, self.max_bytes), fetched.content_type)
                kind = sniff(data, link)
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
                article = Article(body=body, url=link, source=location, format="feed-entry")
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
    article.url = article.url or http_url(entry.link)
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
    data = wide_without_bom(data, content_type)
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
    allow_private: bool = False,
    allow_networks: Iterable[str] = (),
    workers: Any = None,
) -> IngestSummary:
    """Read every source into the store; returns what happened (failures are also stored).

    `progress(done, total, location)` is called after each top-level source;
    `quiet` is accepted for callers that pass it (this function never prints).
    `meta`: a sidecar metadata table (CSV or JSON Lines, see `ingest.meta`) joined to the
    input files by its `file` column once they are stored; read before any input, so a
    table that cannot be used raises MetaError before any work.
    URLs on loopback, private, link-local and other non-public addresses are refused
    unless `allow_private`, or they fall in one of `allow_networks` (IP networks such as
    "10.1.2.0/24"; see docs/security.md).
    `workers`: an `analysis.parallel.Jobs` on which each page is read into an article (HTML
    extraction, language, dateline); this process lists the sources, walks WARC archives and
    feeds, fetches URLs and writes the store, in the same order as without.
    """
    table = meta if isinstance(meta, MetaTable) or meta is None else read_meta(meta)
    tasks = plan(sources, urls_file, max_bytes)
    run = _Run(store, max_bytes, timeout, allow_private, allow_networks, workers)
    try:
        for done, task in enumerate(tasks, 1):
            run.run_task(task)
            if progress is not None:
                progress(done, len(tasks), task.location)
        run.drain()
    finally:
        run.close()
    if table is not None:
        inputs = [Input(t.location, t.relative or Path(t.location).name, Path(t.location).name)
                  for t in tasks if t.kind == "file"]
        run.summary.meta = apply(store, table, inputs)
    return run.summary

"""Many parsing processes, one store: `--workers N` on this machine, `--cluster ADDRESS` on Dask.

The parse is nearly all the cost of a run and every article is parsed on its own, so the
articles go out in batches to worker processes that each load the spaCy model once
(`tools_for`, cached per process) and send back what the one-process path would have
stored: statements, the actors the text taught the resolver, and the codings made from the
article's parse (`work_on`, the same `extract_one` and `code_parsed` calls). The driver
stays the only writer of the DuckDB file and writes the batches in input order, so a run
gives the same rows as one process; each batch is written in one transaction keyed by
article id, so a batch written twice replaces itself, and a killed driver leaves a store
that a re-run resumes.

The workers do every per-article step, not only the parse: reading each source's bytes into
an article (HTML extraction, language, dateline: `ingest_batch`, which `ingest.sources` hands
them), and at the end the coding again of the statements whose speaker's country the run's
learned actors changed (`recode_batch`). The driver enumerates the sources, writes the store
and runs the whole-conflict analysis; it never loads the model.

Two backends behind `submit(kind, payload) -> future`, opened before the ingest so the
workers load the model while the driver lists the sources:
- `ProcessBackend` (`--workers N`): a pool of processes forked from a fork server that has
  imported spaCy and this module once (not from the driver: its DuckDB connection and threads
  stay out of the workers). A worker that dies breaks the pool; the
  pool is started again and the batches not yet written are sent again.
- `DaskBackend` (`--cluster ADDRESS`): a `distributed.Client` on a running scheduler; the
  settings are scattered to every worker once, and Dask itself re-runs the batches of a
  worker that dies.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import uuid
from collections import deque
from concurrent.futures import CancelledError, ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..actors.merge import merge_into_store
from ..nlp.model import fewer_collections, load
from ..records import Article
from ..stance import build_coder
from ..stance.coder import actors_country_lookup, country_by
from ..stance.article_coding import about_conflict, code_parsed, countries_from, recode
from ..statements.extract import ExtractSummary, _factory_with_kb, _store_statements, extract_one
from ..statements.learned_attribution import make_finder

BATCH = 16  # articles a worker takes at a time: about a second of work, small enough to balance
AUTO = "auto"


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parse_workers(value: str | int | None) -> int | None:
    """`--workers`: a count or `auto` (every available core); None and 1 mean one process."""
    if value is None:
        return None
    if str(value).strip().lower() == AUTO:
        n = available_cores()
    else:
        try:
            n = int(str(value))
        except ValueError:
            raise ValueError(f"--workers {value!r}: give a number of processes or 'auto'") from None
        if n < 1:
            raise ValueError(f"--workers {value!r}: give at least 1")
    return n if n > 1 else None


@dataclass(frozen=True)
class Parallel:
    """How to spread the parse: `workers` processes here, or the Dask scheduler at `cluster`."""

    workers: int | None = None
    cluster: str | None = None
    batch: int = BATCH

    def run(self, store: Any, ids: list[str] | None, **how: Any) -> "ParallelOutcome":
        """`run_parallel` with these settings (what `pipeline.run_analyze` calls)."""
        return run_parallel(store, ids, self, **how)

    @contextmanager
    def open(self, model: str | None = None) -> Iterator["Backend"]:
        """The workers, started now and stopped on leaving: one run's ingest and parse share them."""
        backend = open_backend(self, model)
        try:
            yield backend
        finally:
            backend.close()


# --- the worker's side -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkSettings:
    """Everything a worker needs to do what the driver would: sent once per run."""

    model: str | None
    kb: tuple[str, ...]
    conflict: Any = None  # the resolved stance.conflicts.Conflict, or None to extract only
    actors: tuple = ()  # the stored actors at the start of the run (the coder reads speakers' countries from them)
    attribution: str | None = None  # the attribution stage: rules, learned or combined (statements.learned_attribution)
    key: str = field(default_factory=lambda: uuid.uuid4().hex)


class Tools:
    """The model, resolver and coder of one worker process, loaded once per run's settings."""

    def __init__(self, settings: WorkSettings):
        self.nlp = model_for(settings.model)
        self.factory = _factory_with_kb(settings.kb)
        self.finder = make_finder(settings.attribution, True)
        self.spec = settings.conflict
        self.coder = None
        if settings.conflict is not None:
            self.coder = build_coder(None, self.nlp, list(settings.actors), list(settings.kb))


_MODELS: dict[str | None, Any] = {}
_TOOLS: dict[str, Tools] = {}


def model_for(model: str | None) -> Any:
    """This process's spaCy pipeline: loaded once for the process's life, whatever the run."""
    if model not in _MODELS:
        _MODELS.clear()
        _MODELS[model] = load(model)
    return _MODELS[model]


def tools_for(settings: WorkSettings) -> Tools:
    """This process's tools for these settings: the model is loaded on the first batch only."""
    tools = _TOOLS.get(settings.key)
    if tools is None:
        _TOOLS.clear()
        tools = _TOOLS[settings.key] = Tools(settings)
    return tools


@dataclass
class ArticleWork:
    """What one article gave: what the driver stores for it."""

    article_id: str
    statements: list | None = None  # None: extraction failed (see failure)
    actors: list = field(default_factory=list)
    failure: str | None = None
    on_topic: bool = True
    codings: list | None = None  # None: not coded here (off topic, or coding failed and is retried by the driver)
    countries: list = field(default_factory=list)  # the speaker country each statement was coded with


@dataclass
class BatchWork:
    articles: list[ArticleWork]
    pid: int
    peak_mb: float


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work_on(article: Article, doc: Any, tools: Tools) -> ArticleWork:
    """One parsed article: its statements and, for a conflict it names, their codings."""

    try:
        statements, actors = extract_one(article, doc, tools.factory, tools.finder,
                                         tools.spec.hints if tools.spec is not None else None)
    except Exception as exc:  # one bad article never stops the batch
        return ArticleWork(article.id, failure=f"{type(exc).__name__}: {exc}")
    work = ArticleWork(article.id, statements, actors)
    if tools.coder is not None:
        work.on_topic = about_conflict(tools.spec, article)
        if work.on_topic:
            try:
                work.codings, work.countries = code_parsed(doc, statements, tools.nlp, tools.coder, tools.spec, actors)
            except Exception:  # left uncoded here: the driver's code_articles retries and records it
                work.codings = None
    return work


def work_batch(settings: WorkSettings, articles: list[Article]) -> BatchWork:
    """The task a worker runs: parse a batch in one nlp.pipe and work on each article."""
    tools = tools_for(settings)
    docs = tools.nlp.pipe((a.prose for a in articles), batch_size=len(articles) or 1)
    with fewer_collections():
        out = [work_on(article, doc, tools) for article, doc in zip(articles, docs)]
    return BatchWork(out, os.getpid(), _peak_mb())


def recode_batch(settings: WorkSettings, statements: list, countries: list) -> BatchWork:
    """Code these statements again, each with its speaker's country as the run's final actors
    tell it (`countries`, worked out by the driver), as `ArticleCoder.recode_changed_speakers`
    does in one process: the same coder, its speaker countries read from the actors the whole
    run learnt. Only the countries travel, not the actors."""
    tools = tools_for(settings)
    by_id = {statement.id: country for statement, country in zip(statements, countries)}
    with countries_from(tools.coder, lambda statement: by_id.get(statement.id)):
        return BatchWork(recode(statements, tools.nlp, tools.coder, tools.spec), os.getpid(), _peak_mb())


def ingest_batch(pages: list, max_bytes: int) -> BatchWork:
    """Read a batch of sources' bytes into articles (`ingest.sources.read_page`, in order)."""
    from ..ingest.sources import read_page

    return BatchWork([read_page(page, max_bytes) for page in pages], os.getpid(), _peak_mb())


# --- backends ----------------------------------------------------------------------------

_POOL_SETTINGS: dict[str, WorkSettings] = {}


def _pool_init(model: str | None) -> None:
    model_for(model)  # load the model while the driver lists and reads the first sources


def _settings(blob: tuple[str, bytes]) -> WorkSettings:
    """The run's settings, unpickled once per process (every batch carries them: a pool has no
    way to send something to each of its processes once)."""
    key, data = blob
    if key not in _POOL_SETTINGS:
        _POOL_SETTINGS.clear()
        _POOL_SETTINGS[key] = pickle.loads(data)
    return _POOL_SETTINGS[key]


def _pool_task(kind: str, blob: tuple[str, bytes] | None, payload: Any) -> BatchWork:
    if kind == "ingest":
        return ingest_batch(*payload)
    settings = _settings(blob)  # type: ignore[arg-type]
    if kind == "recode":
        return recode_batch(settings, *payload)
    return work_batch(settings, payload)


def _started() -> int:
    return os.getpid()


def _start_method() -> Any:
    """How worker processes start: forked from a server process that has imported this module
    (spaCy and the pipeline's code) once, so each worker starts without importing them again.
    The server is a fresh process, not a fork of the driver, so the driver's DuckDB connection
    and threads stay out of the workers. Where there is no fork server (Windows), spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


class ProcessBackend:
    """`--workers N`: N processes on this machine."""

    RESTARTS = 3  # pools started again after a worker died, before the run gives up

    def __init__(self, workers: int, model: str | None):
        self.workers, self.model = workers, model
        self.blob: tuple[str, bytes] | None = None
        self.restarts = 0
        self.generation = 0  # which pool a future belongs to: those of a broken pool are sent again
        self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=_start_method(),
                                        initializer=_pool_init, initargs=(self.model,))
        for _ in range(self.workers):  # a pool starts a process per task submitted: start them all now
            self.pool.submit(_started)

    def _restart(self) -> None:
        """A worker died (killed, out of memory) and broke the pool: start another."""
        if self.restarts >= self.RESTARTS:
            raise BrokenProcessPool(f"worker processes died {self.restarts + 1} times: giving up")
        self.restarts += 1
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self._start()

    def configure(self, settings: WorkSettings) -> None:
        self.blob = (settings.key, pickle.dumps(settings))

    def submit(self, kind: str, payload: Any) -> Any:
        while True:
            try:
                future = self.pool.submit(_pool_task, kind, None if kind == "ingest" else self.blob, payload)
            except BrokenProcessPool:
                self._restart()
                continue
            future.generation = self.generation
            return future

    def result(self, job: "Job", outstanding: Iterator["Job"]) -> Any:
        while True:
            try:
                return job.future.result()
            except BrokenProcessPool:
                if job.future.generation == self.generation:
                    self._restart()
                # the batches not yet written go again
                for other in [job, *outstanding]:
                    if other.future.generation != self.generation:
                        other.future = self.submit(other.kind, other.payload)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskBackend:
    """`--cluster ADDRESS`: the workers of a running Dask scheduler."""

    def __init__(self, address: str):
        from distributed import Client  # Dask loads only for --cluster: a second of start-up otherwise

        try:
            self.client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ConnectionError(f"--cluster {address}: no Dask scheduler answers there ({exc})") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.work_settings: WorkSettings | None = None
        self.settings: Any = None  # their scattered copy on the workers

    RESUBMITS = 3  # times a batch is sent again after Dask cancelled it

    def configure(self, settings: WorkSettings) -> None:
        self.work_settings = settings
        self.settings = self.client.scatter(settings, broadcast=True, hash=False)

    def submit(self, kind: str, payload: Any) -> Any:
        if kind == "ingest":
            return self.client.submit(ingest_batch, *payload, pure=False)
        if kind == "recode":
            return self.client.submit(recode_batch, self.settings, *payload, pure=False)
        return self.client.submit(work_batch, self.settings, payload, pure=False)

    def result(self, job: "Job", outstanding: Iterator["Job"]) -> Any:
        """Dask re-runs a task elsewhere if its worker died; but when the scheduler loses a
        task's inputs with the worker (it then cancels the task: "already forgotten"), the
        settings are scattered again and the batches not yet written are sent again."""
        waiting = [job, *outstanding]
        for _ in range(self.RESUBMITS):
            try:
                return job.future.result()
            except CancelledError:
                if self.work_settings is not None:
                    self.configure(self.work_settings)
                for other in waiting:
                    if other.future.cancelled() or other.future.status == "lost":
                        other.future = self.submit(other.kind, other.payload)
        return job.future.result()

    def close(self) -> None:
        self.client.close()


@dataclass
class Job:
    kind: str  # ingest | parse | recode
    payload: Any
    future: Any = None


Backend = ProcessBackend | DaskBackend


class Jobs:
    """Tasks in flight on a backend, their results taken in the order they were sent: at most
    `depth` batches per worker wait, so memory stays bounded on any input size."""

    def __init__(self, backend: Backend, depth: int = 2):
        self.backend, self.depth = backend, depth
        self.queue: deque[Job] = deque()
        self.peak_mb: dict[int, float] = {}  # worker pid -> its peak resident memory

    def send(self, kind: str, payload: Any) -> Job:
        job = Job(kind, payload, self.backend.submit(kind, payload))
        self.queue.append(job)
        return job

    @property
    def full(self) -> bool:
        return len(self.queue) > self.depth * self.backend.workers

    def oldest(self) -> tuple[Job, Any]:
        """The oldest job and its result (waiting for it)."""
        job = self.queue.popleft()
        result = self.backend.result(job, iter(self.queue))
        if isinstance(result, BatchWork):
            self.peak_mb[result.pid] = max(self.peak_mb.get(result.pid, 0.0), result.peak_mb)
        return job, result


def open_backend(parallel: "Parallel", model: str | None = None) -> Backend:
    if parallel.cluster:
        return DaskBackend(parallel.cluster)
    return ProcessBackend(parallel.workers or available_cores(), model)


# --- the driver --------------------------------------------------------------------------


@dataclass
class ParallelOutcome:
    """An extraction summary, and what the coding did (as stance.article_coding.ArticleCoder tells it)."""

    summary: ExtractSummary = field(default_factory=ExtractSummary)
    coded: int = 0
    handled: set[str] = field(default_factory=set)  # coded, or found off topic: code_articles need not look again
    off_topic: set[str] = field(default_factory=set)
    workers: int = 0
    worker_peak_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> its peak resident memory


def in_store_order(store: Any, ids: list[str] | None) -> list[str]:
    """The articles in the order the one-process path reads them (`Store.articles`)."""
    if ids is None:
        return [r[0] for r in store.con.execute("SELECT id FROM articles ORDER BY ingested_at, id").fetchall()]
    rows = store.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY ingested_at, id", [ids])
    return [r[0] for r in rows.fetchall()]


def run_parallel(
    store: Any, ids: list[str] | None, parallel: Parallel, model: str | None = None, kb: list[str] | tuple = (),
    conflict: tuple[str, Any] | None = None, progress: Callable[[int, int, int], None] | None = None,
    attribution: str | None = None, backend: Backend | None = None,
) -> ParallelOutcome:
    """Extract (and, given `conflict` as (id, resolved Conflict), code) these stored articles
    on workers; the store ends as `extract_articles` with `stance.article_coding.ArticleCoder` leaves it.

    `progress(done, total, workers)`. Articles are read from the store a batch at a time and
    only a few batches per worker are in flight, so memory stays bounded on any input size.
    `backend`: workers already started (`Parallel.open`, so they ingested the sources too);
    without it they are started here and stopped at the end.
    """

    conflict_id, spec = conflict if conflict else (None, None)
    settings = WorkSettings(model, tuple(str(k) for k in kb), spec, tuple(store.actors()) if spec else (), attribution)
    order = in_store_order(store, ids)
    out = ParallelOutcome()
    if not order:
        return out
    own = backend is None
    backend = backend or open_backend(parallel, model)
    backend.configure(settings)
    out.workers = backend.workers
    learned: list = []
    countries: list[tuple[Any, Any]] = []
    jobs = Jobs(backend)
    batches = (order[i : i + parallel.batch] for i in range(0, len(order), parallel.batch))
    try:
        for batch in batches:
            jobs.send("parse", store.articles(batch))
            while jobs.full:
                _write(store, jobs, out, learned, countries, conflict_id)
                if progress:
                    progress(_done(out), len(order), out.workers)
        while jobs.queue:
            _write(store, jobs, out, learned, countries, conflict_id)
            if progress:
                progress(_done(out), len(order), out.workers)
        if learned:
            out.summary.actors = len(merge_into_store(store, learned))
        if spec is not None:
            recode_changed_speakers(store, conflict_id, jobs, list(settings.kb), countries)
    finally:
        out.worker_peak_mb = jobs.peak_mb
        if own:
            backend.close()
    return out


def _done(out: ParallelOutcome) -> int:
    return out.summary.articles + len(out.summary.failed)


def _write(store, jobs, out, learned, countries, conflict_id) -> None:
    """Store the oldest batch in flight: statements in one transaction, then its codings."""

    job, batch = jobs.oldest()
    by_id = {a.id: a for a in job.payload}
    parsed = []
    for work in batch.articles:
        article = by_id[work.article_id]
        if work.failure is not None:
            out.summary.failed.append((article.source or article.id, work.failure))
            store.add_failure(article.source or article.id, "extract", work.failure)
            continue
        parsed.append((article, work, work.statements, work.actors))
    codings = []
    for article, work, statements, actors in _store_statements(store, out.summary, parsed):
        learned.extend(actors)
        out.summary.statements += len(statements)
        out.summary.articles += 1
        if conflict_id is None:
            continue
        if not work.on_topic:
            out.handled.add(article.id)
            if statements:
                out.off_topic.add(article.id)
        elif work.codings is not None:
            out.handled.add(article.id)
            codings.extend(work.codings)
            countries.extend(zip(statements, work.countries))
    if codings:
        store.replace_codings(conflict_id, codings)
        out.coded += len(codings)


RECODE_BATCH = 64  # statements a worker codes again at a time


def recode_changed_speakers(store: Any, conflict_id: str, jobs: Jobs, kb: list[str],
                            countries: list[tuple[Any, Any]]) -> int:
    """As `ArticleCoder.recode_changed_speakers`: code again the statements whose speaker's
    country the actors learnt in this run tell differently, on the workers (which hold the
    model and the run's coder). The driver works out each speaker's new country and sends it
    with the statement: the run's actors (megabytes on a long run) stay here."""

    if not countries:
        return 0
    lookup = actors_country_lookup(store.actors(), kb)
    changed = [(s, now) for s, country in countries if (now := country_by(lookup, s)) != country]
    # a sentence is parsed once per batch however many statements share it (syndicated copies,
    # several speakers in one sentence): batches of sentences in order keep those together
    changed.sort(key=lambda pair: pair[0].sentence)
    for start in range(0, len(changed), RECODE_BATCH):
        batch = changed[start : start + RECODE_BATCH]
        jobs.send("recode", ([s for s, _ in batch], [now for _, now in batch]))
    while jobs.queue:
        _job, batch = jobs.oldest()
        store.replace_codings(conflict_id, batch.articles)
    return len(changed)

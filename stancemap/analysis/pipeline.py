"""The main job end to end: ingest -> extract -> code -> analyze, doing only the work not yet stored.

Sources already ingested are skipped, articles that already have statements
are not parsed again, statements already coded for the conflict are not
coded again; so re-running `stancemap analyze` on a grown folder only
processes what is new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy
from spacy.attrs import LENGTH, SPACY

from ..english import count
from ..store.db import Store
from .analyze import analyze_store, conflict_sides
from .relevance import about_conflict
from .result import AnalysisResult

# progress(stage, done, total): stage is "ingest" (sources), "extract" (articles) or "code" (articles)
Progress = Callable[[str, int, int], None]


@dataclass
class RunSummary:
    """What the run did before analysing, for the end-of-run line and --json."""

    sources: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    extracted: int = 0
    coded: int = 0
    off_topic: int = 0  # articles that never name the conflict: their statements are stored, not coded
    not_parsed: int = 0  # articles that never name the --conflict, left unparsed (relevance.split_by_relevance)
    workers: int = 1  # processes that parsed (analysis.parallel)
    worker_peak_mb: list[float] = field(default_factory=list)  # each worker's peak resident memory
    not_articles: int = 0  # files a folder walk passed over (tables, READMEs, images, ...)
    warc_skipped: int = 0  # WARC records that are not HTML or text responses (requests, metadata, images, ...)
    failures: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, Any] | None = None  # what --meta joined and what it could not (ingest.meta.apply)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class NothingRead(LookupError):
    """No article could be read from the sources given: there is nothing to report on."""

    def __init__(self, run: RunSummary):
        self.run = run
        why = []
        if run.failures:
            why.append(count(len(run.failures), "source") + " failed")
        if run.not_articles:
            why.append(count(run.not_articles, "file") + " are not articles")
        if not run.sources:
            why.append("no source was given")
        elif not why:
            why.append("no article found")
        super().__init__(f"nothing could be read from the sources given ({'; '.join(why)}): no report written")


def scope_ids(store: Store, ingest_summary: Any) -> list[str]:
    """The articles the given sources stand for: added, duplicates, and those stored by earlier runs."""
    ids = [a["id"] for a in ingest_summary.added] + [a["id"] for a in ingest_summary.duplicates]
    for location in ingest_summary.skipped:
        rows = store.con.execute("SELECT article_id FROM article_sources WHERE location = ?", [location]).fetchall()
        ids.extend(r[0] for r in rows)
    return list(dict.fromkeys(ids))


def _without_statements(store: Store, ids: list[str]) -> list[str]:
    """The articles extraction has not finished (never started, or a run killed half-way)."""
    return store.unextracted(ids)


def code_articles(
    store: Store, conflict_id: str, conflict: str, ids: list[str], model: str | None = None,
    progress: Progress | None = None, batch_size: int = 64, kb: Iterable[str] = (),
) -> tuple[int, int]:
    """Code, for one conflict, the statements of these articles that are not coded for it yet;
    returns (statements coded, articles left out as not about the conflict).

    Sentences are parsed in batches with nlp.pipe (one call per sentence
    costs about twice as much) and handed to the stance coder with the
    statement, so nothing is parsed twice.
    """
    from ..nlp.pipeline import load
    from ..stance import build_coder
    from ..stance.conflicts import resolve_conflict

    if not ids:
        return 0, 0
    coded = set(sid for (sid, _conf) in store.codings(conflict_id))
    wanted = set(ids)
    todo: dict[str, list] = {}
    for statement in store.statements():
        if statement.article_id in wanted and statement.id not in coded:
            todo.setdefault(statement.article_id, []).append(statement)
    if not todo:
        return 0, 0
    spec = resolve_conflict(conflict)
    off_topic = [a.id for a in store.articles(list(todo)) if not about_conflict(spec, a)]
    for aid in off_topic:
        del todo[aid]
    if not todo:
        return 0, len(off_topic)
    nlp = load(model)
    coder = build_coder(None, nlp, store.actors(), list(kb))
    done = 0
    batch: list[str] = []
    for n, aid in enumerate([a for a in ids if a in todo], 1):
        batch.append(aid)
        if len(batch) < batch_size // 4 and n < len(todo):
            continue
        statements = [s for a in batch for s in todo[a]]
        sentences = list(dict.fromkeys(s.sentence for s in statements))
        docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=batch_size)))
        for aid_in_batch in batch:
            try:
                codings = coder.code_many(todo[aid_in_batch], spec, [docs[s.sentence] for s in todo[aid_in_batch]])
                store.replace_codings(conflict_id, codings)
                done += len(codings)
            except Exception as exc:  # one article's coding failure never stops the batch
                store.add_failure(aid_in_batch, "code", f"{type(exc).__name__}: {exc}")
        batch = []
        if progress:
            progress("code", n, len(todo))
    return done, len(off_topic)


class ArticleCoder:
    """Codes each article's statements as extraction hands over its parse (`on_article`).

    The sentence docs are cut from the article's Doc, so no sentence is parsed a second
    time; a sentence the article's tokens do not reproduce exactly (text glued across a
    sentence end) is parsed on its own as before, the article's such sentences in one batch.
    Codings are stored every `flush_every` articles in one write. A failure leaves the
    article's statements uncoded, and `code_articles` then codes (and, if it fails again,
    records) them.
    """

    def __init__(self, store: Store, conflict_id: str, conflict: str, model: str | None = None, flush_every: int = 32,
                 kb: Iterable[str] = (), coder: str | None = None):
        from ..nlp.pipeline import load
        from ..stance import build_coder
        from ..stance.conflicts import resolve_conflict
        from ..statements.segmentation import prepare

        self.store, self.conflict_id = store, conflict_id
        self.kb = list(kb)
        self.nlp = prepare(load(model))
        self.coder = build_coder(coder, self.nlp, store.actors(), self.kb)
        self.countries: dict[str, tuple[Any, Any]] = {}  # statement id -> (statement, speaker country it was coded with)
        self.spec = resolve_conflict(conflict)
        self.flush_every = flush_every
        self.pending: list = []
        self.articles = 0
        self.done = 0
        self.handled: set[str] = set()  # coded here, or found off topic: code_articles need not look again
        self.off_topic: set[str] = set()  # off-topic articles that have statements (stored, not coded)

    def __call__(self, article: Any, doc: Any, statements: list) -> None:
        if not about_conflict(self.spec, article):
            if statements:  # stored, not coded
                self.off_topic.add(article.id)
            self.handled.add(article.id)
            return
        try:
            codings = self._code(doc, statements)
        except Exception:  # left uncoded here; code_articles retries and records a failure
            return
        self.handled.add(article.id)
        self.pending.extend(codings)
        self.articles += 1
        if self.articles % self.flush_every == 0:
            self.flush()

    def _code(self, doc: Any, statements: list) -> list:
        codings, countries = code_parsed(doc, statements, self.nlp, self.coder, self.spec)
        for s, country in zip(statements, countries):
            self.countries[s.id] = (s, country)
        return codings

    def recode_changed_speakers(self) -> int:
        """Code again the statements whose speaker's country is known differently now that
        extraction has stored what it learnt about every speaker: so `analyze` ends with the
        codings `stancemap code` would give the same store."""
        from ..stance.coder import actors_country_lookup

        self.coder.country_of = actors_country_lookup(self.store.actors(), self.kb)
        changed = [s for s, country in self.countries.values() if self.coder.speaker_country(s) != country]
        if changed:
            self.store.replace_codings(self.conflict_id, self.coder.code_many(changed, self.spec))
        self.countries = {}
        return len(changed)

    def flush(self) -> None:
        if self.pending:
            self.store.replace_codings(self.conflict_id, self.pending)
            self.done += len(self.pending)
            self.pending = []


def code_parsed(doc: Any, statements: list, nlp: Any, coder: Any, spec: Any) -> tuple[list, list]:
    """Code an article's statements for one conflict from the article's own parse: (codings,
    the speaker country each was coded with). The coding step of every path, one process or many.

    The sentence docs are cut from the article's Doc; a sentence its tokens do not reproduce
    is parsed on its own, the article's such sentences in one batch (a third faster than one
    call each)."""
    if not statements:
        return [], []
    from ..nlp.text import doc_text

    text = doc_text(doc)
    rows = ArticleRows(doc)
    cut: dict[tuple[int, str], Any] = {}  # speakers of one sentence share its Doc
    for s in statements:
        key = (s.sent_start, s.sentence)
        if key not in cut:
            cut[key] = sentence_doc(doc, text, s, nlp.tokenizer, rows)
    alone = [key for key, sentence_doc_or_none in cut.items() if sentence_doc_or_none is None]
    cut.update(zip(alone, nlp.pipe([sentence for _, sentence in alone])))
    countries = [coder.speaker_country(s) for s in statements]
    return coder.code_many(statements, spec, [cut[(s.sent_start, s.sentence)] for s in statements]), countries


class ArticleRows:
    """The article's annotation rows, and the columns `sentence_doc` reads for each of its
    sentences as plain lists, read once per article (a parse never changes once made)."""

    def __init__(self, doc: Any):
        from spacy.attrs import ENT_IOB, HEAD

        self.attrs = list(doc._get_array_attrs())
        self.array = doc.to_array(self.attrs)
        self.length = self.array[:, self.attrs.index(LENGTH)].tolist()
        self.space = [bool(x) for x in self.array[:, self.attrs.index(SPACY)].tolist()]
        self.head = (numpy.arange(len(doc)) + self.array[:, self.attrs.index(HEAD)].astype("int64")).tolist()
        self.ent_iob = self.array[:, self.attrs.index(ENT_IOB)].tolist()


def sentence_doc(doc: Any, text: str, statement: Any, tokenizer: Any, rows: ArticleRows | None = None) -> Any:
    """The statement's sentence as a Doc of its own, cut from the article's parse.

    None when the article's tokens for it differ from the sentence's own tokenization
    (the coder then parses the sentence itself, exactly as it would have). Words and
    spaces are read from the annotation rows (LENGTH, SPACY), not from Token objects.
    """
    from ..nlp.text import keep_text

    raw = text[statement.sent_start : statement.sent_end]
    start = statement.sent_start + len(raw) - len(raw.lstrip())
    end = start + len(statement.sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    rows = rows if rows is not None else ArticleRows(doc)
    a, b = span.start, span.end
    words = _words(text, span.start_char, rows.length[a:b], rows.space[a:b])
    spaces = rows.space[a:b]
    # The tokenizer splits at whitespace first: a sentence that begins and ends at whitespace
    # has the article's own tokens. Only one glued to its neighbours needs the check.
    whole_chunks = (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())
    if not (whole_chunks and span.start_char == start and span.end_char == end):
        own = tokenizer(statement.sentence)
        length, space = own.to_array([LENGTH, SPACY]).reshape(len(own), 2).T.tolist()
        if words != _words(statement.sentence, 0, length, space):
            return None
    if text[span.start_char : span.end_char] != statement.sentence:
        return None
    if _self_contained(a, b, rows):
        out = _copy_tokens(doc.vocab, words, spaces, rows.attrs, rows.array[a:b])
    else:
        out = span.as_doc(array_head=rows.attrs, array=rows.array)  # spaCy re-roots heads and trims entities cut off
        if spaces[-1]:
            out = _copy_tokens(doc.vocab, words, spaces, rows.attrs, out.to_array(rows.attrs))
    keep_text(out, statement.sentence)  # its words are the sentence's: no need to join them again
    return out


def _words(text: str, start: int, lengths: list[int], spaces: list) -> list[str]:
    """Each token's text, from its length and whether a space follows it: tokens sit one
    after another in the text, each followed by at most its one space."""
    words = []
    for n, space in zip(lengths, spaces):
        words.append(text[start : start + n])
        start += n + bool(space)
    return words


def _self_contained(start: int, end: int, rows: ArticleRows) -> bool:
    """No head outside the tokens start..end and no entity across their edges: copying
    their rows is all `Span.as_doc` would do."""
    heads = rows.head[start:end]
    inside = 1  # ENT_IOB 1: a token inside an entity, not opening it
    return (min(heads) >= start and max(heads) < end and rows.ent_iob[start] != inside
            and (end >= len(rows.ent_iob) or rows.ent_iob[end] != inside))


def _copy_tokens(vocab: Any, words: list[str], spaces: list[bool], attrs: list, rows: Any) -> Any:
    """A Doc of these words and their annotation rows; the last token keeps no trailing space."""
    from spacy.tokens import Doc

    out = Doc(vocab, words=words, spaces=spaces[:-1] + [False])
    keep = [i for i, a in enumerate(attrs) if a not in (SPACY, LENGTH)]
    out.from_array([attrs[i] for i in keep], rows[:, keep])
    return out


def detect_conflict(store: Store, ids: list[str] | None = None) -> str:
    """The catalogue conflict these articles are most about (summed match scores)."""
    from ..stance.conflicts import match_conflicts

    scores: dict[str, float] = {}
    for article in store.articles(ids) if ids or ids is None else []:
        for cid, score in match_conflicts(f"{article.title or ''}\n{article.body}"):
            scores[cid] = scores.get(cid, 0.0) + score
    if not scores:
        raise LookupError("no catalogue conflict matches these articles: pass --conflict NAME or a YAML file")
    return max(scores, key=scores.get)


def run_analyze(
    sources: Iterable[str],
    store: Store,
    conflict: str | None,
    period: str = "week",
    model: str | None = None,
    kb: Iterable[str | Path] = (),
    progress: Progress | None = None,
    meta: Any = None,
    by: str = "outlet",
    allow_private: bool = False,
    allow_networks: Iterable[str] = (),
    parse_all: bool = False,
    parallel: Any = None,
) -> tuple[AnalysisResult, RunSummary]:
    """Ingest the sources, extract and code what is new, and analyse those articles.

    Without a conflict, the catalogue conflict the articles match best is used. `meta`: a
    sidecar metadata table (path or `ingest.meta.MetaTable`) joined to the input files;
    articles whose publication date it changes are extracted again (their dates said
    resolve against it). With a conflict named, articles that never name it are not parsed
    (they stay stored for another conflict) unless `parse_all`. `parallel`: an
    `analysis.parallel.Parallel` to parse on worker processes or a Dask cluster.
    """
    from ..ingest.sources import ingest_sources
    from ..statements.extract import extract_articles

    kb = list(kb)
    run = RunSummary()
    sources = list(sources)
    run.sources = len(sources)
    ingested = ingest_sources(
        sources, store, progress=(lambda done, total, _loc: progress("ingest", done, total)) if progress else None,
        meta=meta,
        allow_private=allow_private, allow_networks=allow_networks,
    )
    run.meta = ingested.meta
    run.added, run.duplicates, run.skipped = len(ingested.added), len(ingested.duplicates), len(ingested.skipped)
    run.failures.extend({"stage": "ingest", **f} for f in ingested.failures)
    run.not_articles = len(ingested.not_articles)
    run.warc_skipped = sum(ingested.warc_skipped.values())
    ids = scope_ids(store, ingested)
    if not ids:
        raise NothingRead(run)
    named = conflict is not None
    conflict = conflict or detect_conflict(store, ids)
    conflict_id, sides = conflict_sides(conflict)
    redated = set((ingested.meta or {}).get("redated") or ())
    todo = list(dict.fromkeys(_without_statements(store, ids) + [i for i in ids if i in redated]))
    if named and not parse_all and todo:
        from ..stance.conflicts import resolve_conflict
        from .relevance import split_by_relevance

        todo, not_named = split_by_relevance(store, todo, resolve_conflict(conflict))
        run.not_parsed = len(not_named)
    handled: set[str] = set()
    if todo and parallel is not None:
        from ..stance.conflicts import resolve_conflict

        done = parallel.run(
            store, todo, model=model, kb=[str(k) for k in kb], conflict=(conflict_id, resolve_conflict(conflict)),
            progress=(lambda n, total, workers: progress(f"extract ×{workers}", n, total)) if progress else None,
        )
        run.extracted, run.coded, run.off_topic, handled = done.summary.articles, done.coded, len(done.off_topic), done.handled
        run.workers, run.worker_peak_mb = done.workers, sorted(done.worker_peak_mb.values())
        run.failures.extend({"stage": "extract", "source": s, "reason": r} for s, r in done.summary.failed)
    elif todo:
        # statements are coded as each article is extracted, from its parse (no second parse)
        coder = ArticleCoder(store, conflict_id, conflict, model, kb=[str(k) for k in kb])
        extracted = extract_articles(
            store, ids=todo, model=model, kb_files=[str(k) for k in kb],
            progress=(lambda done, total: progress("extract", done, total)) if progress else None,
            on_article=coder,
        )
        coder.flush()
        coder.recode_changed_speakers()
        run.extracted = extracted.articles
        run.coded = coder.done
        run.off_topic = len(coder.off_topic)
        handled = coder.handled
        run.failures.extend({"stage": "extract", "source": s, "reason": r} for s, r in extracted.failed)
    elif progress:
        progress("extract", 0, 0)
    # what the coder saw during extraction is done; the rest (stored earlier, or a failed coding) is coded now
    coded, off_topic = code_articles(store, conflict_id, conflict, [i for i in ids if i not in handled], model, progress,
                                     kb=[str(k) for k in kb])
    run.coded += coded
    run.off_topic += off_topic
    result = analyze_store(store, conflict_id, sides, period=period, kb=list(kb), article_ids=ids, by=by)
    result.articles = len(ids)
    return result, run

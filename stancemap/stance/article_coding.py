"""Coding a run's articles for one conflict: as extraction hands over each article's parse
(`ArticleCoder`), and afterwards whatever that left uncoded (`code_articles`)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from ..nlp.model import load
from ..nlp.text import doc_text
from ..store.db import Store
from . import build_coder
from .coder import actor_countries, actors_country_lookup
from .conflicts import resolve_conflict
from .sentence_docs import sentence_doc

# progress(stage, done, total): stage is "ingest" (sources), "extract" (articles) or "code" (articles)
Progress = Callable[[str, int, int], None]


def about_conflict(spec: Any, article: Any) -> bool:
    """Whether an article names the conflict at all: a side (any alias), a territory, a keyword
    (what stance.conflicts.match_conflicts scores above zero).

    Statements of an article that never does are stored but neither coded nor analysed for
    it, so a mixed crawl does not fill the camps with what was said about something else.
    """
    return spec.named_in(f"{article.title or ''}\n{article.body}")


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


def code_parsed(doc: Any, statements: list, nlp: Any, coder: Any, spec: Any, actors: Any = ()) -> tuple[list, list]:
    """Code an article's statements for one conflict from the article's own parse: (codings,
    the speaker country each was coded with). The coding step of every path, one process or many.

    `actors`: what extraction learnt from this article about its speakers. A speaker's country
    is read from them first, then from the coder's lookup (the actors stored before the run, the
    knowledge base): a speaker the article itself places ("Armenian Defence Ministry spokeswoman
    Jane Doe ... Doe said") is coded with that country now, not parsed and coded again once
    the run's actors are stored (`ArticleCoder.recode_changed_speakers`).

    The sentence docs are cut from the article's Doc; a sentence its tokens do not reproduce
    is parsed on its own, the article's such sentences in one batch (a third faster than one
    call each)."""
    if not statements:
        return [], []
    text = doc_text(doc)
    cut: dict[tuple[int, str], Any] = {}  # speakers of one sentence share its Doc
    for s in statements:
        key = (s.sent_start, s.sentence)
        if key not in cut:
            cut[key] = sentence_doc(doc, text, s, nlp.tokenizer)
    alone = [key for key, sentence_doc_or_none in cut.items() if sentence_doc_or_none is None]
    cut.update(zip(alone, nlp.pipe([sentence for _, sentence in alone])))
    with countries_from(coder, _placed_first(actor_countries(actors), getattr(coder, "country_of", None))):
        countries = [coder.speaker_country(s) for s in statements]
        codings = coder.code_many(statements, spec, [cut[(s.sent_start, s.sentence)] for s in statements])
    return codings, countries


def _placed_first(placed: dict[str, str], lookup: Any) -> Any:
    """A speaker-country lookup that reads `placed` (lower-case name -> country) before `lookup`."""
    if not placed:
        return lookup
    return lambda statement: placed.get((statement.speaker or "").lower()) or (lookup(statement) if lookup else None)


@contextmanager
def countries_from(coder: Any, lookup: Any) -> Iterator[None]:
    """The coder reads speakers' countries with `lookup` while the block runs, then with its own
    again (a coder without a country lookup is left as it is)."""
    if not hasattr(coder, "country_of"):
        yield
        return
    own, coder.country_of = coder.country_of, lookup
    try:
        yield
    finally:
        coder.country_of = own


def recode(statements: list, nlp: Any, coder: Any, spec: Any) -> list:
    """Code stored statements again (their speaker is known differently now): the article's parse is
    gone, so their sentences are parsed again, the distinct ones in one batch (a third faster than
    one call each). The recoding step of every path, one process or many."""
    sentences = list(dict.fromkeys(s.sentence for s in statements))
    docs = dict(zip(sentences, nlp.pipe(sentences)))
    return coder.code_many(statements, spec, [docs[s.sentence] for s in statements])


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
        self.store, self.conflict_id = store, conflict_id
        self.kb = list(kb)
        self.nlp = load(model)
        self.coder = build_coder(coder, self.nlp, store.actors(), self.kb)
        self.countries: dict[str, tuple[Any, Any]] = {}  # statement id -> (statement, speaker country it was coded with)
        self.spec = resolve_conflict(conflict)
        self.flush_every = flush_every
        self.pending: list = []
        self.articles = 0
        self.done = 0
        self.handled: set[str] = set()  # coded here, or found off topic: code_articles need not look again
        self.off_topic: set[str] = set()  # off-topic articles that have statements (stored, not coded)

    def __call__(self, article: Any, doc: Any, statements: list, actors: Any = ()) -> None:
        if not about_conflict(self.spec, article):
            if statements:  # stored, not coded
                self.off_topic.add(article.id)
            self.handled.add(article.id)
            return
        try:
            codings = self._code(doc, statements, actors)
        except Exception:  # left uncoded here; code_articles retries and records a failure
            return
        self.handled.add(article.id)
        self.pending.extend(codings)
        self.articles += 1
        if self.articles % self.flush_every == 0:
            self.flush()

    def _code(self, doc: Any, statements: list, actors: Any) -> list:
        codings, countries = code_parsed(doc, statements, self.nlp, self.coder, self.spec, actors)
        for s, country in zip(statements, countries):
            self.countries[s.id] = (s, country)
        return codings

    def recode_changed_speakers(self) -> int:
        """Code again the statements whose speaker's country is known differently now that
        extraction has stored what it learnt about every speaker: so `analyze` ends with the
        codings `stancemap code` would give the same store."""
        self.coder.country_of = actors_country_lookup(self.store.actors(), self.kb)
        changed = [s for s, country in self.countries.values() if self.coder.speaker_country(s) != country]
        if changed:
            self.store.replace_codings(self.conflict_id, recode(changed, self.nlp, self.coder, self.spec))
        self.countries = {}
        return len(changed)

    def flush(self) -> None:
        if self.pending:
            self.store.replace_codings(self.conflict_id, self.pending)
            self.done += len(self.pending)
            self.pending = []

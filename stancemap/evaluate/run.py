"""Running the real pipeline on a gold file's source and scoring what comes out.

The pipeline runs exactly as `stancemap analyze` runs it: ingest into a
throw-away store, extraction with each article's statements coded from its
own parse (`ArticleCoder`), camps from the analysis stage.
"""

from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..actors.kb import load_kb
from ..actors.merge import same_person
from ..analysis.camps import assign_camps, load_kb_camps
from ..ingest.sources import ingest_sources
from ..records import Actor, Article, Coding, Statement
from ..stance import default_coder
from ..stance.article_coding import ArticleCoder
from ..stance.conflicts import Conflict, conflict_for_sides
from ..stance.learned import ModelError, article_key, load_model, prior_label, relation
from ..statements.extract import extract_articles
from ..store.db import Store
from .gold import Gold, load_gold
from .scoring import ArticleTally, FilePrediction, FileScore, Predicted, SameSpeaker, combine, fold, same_speaker_by_name, score_file


def ingest_into(store: Any, source: Path) -> Article:
    """The article the ingest stage reads from `source`, stored in `store`."""
    ingest_sources([str(source)], store)
    articles = store.articles()
    if not articles:
        reasons = "; ".join(str(f.get("reason")) for f in store.failures()) or "no article recovered"
        raise RuntimeError(f"{source}: ingest produced no article ({reasons})")
    return articles[0]


def extract_and_code_into(store: Any, article: Article, model: str | None, kb: str | None, conflict: Conflict,
                          coder: str | None, attribution: str | None = None) -> tuple[list[Statement], list[Coding], Any]:
    """Statements and their codings exactly as `analyze` makes them: each sentence coded on
    the article's own parse while extraction hands it over, then re-coded where the actors
    extraction stored changed what is known of a speaker."""
    on_article = ArticleCoder(store, conflict.id, conflict, model=model, kb=[kb] if kb else [], coder=coder)
    extract_articles(store, ids=[article.id], model=model, kb_files=[kb] if kb else (), on_article=on_article,
                     attribution=attribution, hints=conflict.hints)
    on_article.flush()
    on_article.recode_changed_speakers()
    codings = [c for (_sid, _conf), c in store.codings(conflict.id).items()]
    return store.statements(article_id=article.id), codings, on_article.coder


def find_conflict(gold: Gold) -> Conflict:
    """The catalogue conflict whose sides are the gold's sides, or one made of the gold's side names."""
    return conflict_for_sides(list(gold.sides), gold.conflict_name)


def side_names(side: Any) -> set[str]:
    names = [getattr(side, "name", side), *(getattr(side, "aliases", None) or [])]
    return {fold(str(n)) for n in names}


def side_map(conflict: Any, gold: Gold) -> dict[str, str]:
    """Catalogue side name -> the gold file's name for that side."""
    out = {}
    for side in conflict.sides:
        names = side_names(side)
        for g in gold.sides:
            if fold(g) in names:
                out[str(getattr(side, "name", side))] = g
    return out


def predicted_camps(statements: list[Statement], actors: list[Any], kb: str | None) -> list[tuple[str, list[str]]]:
    """Speakers grouped by the analysis stage's camp assignment."""
    speakers = sorted({s.speaker for s in statements if not s.unattributed})
    overrides = load_kb_camps(kb) if kb else None
    camps: dict[str, list[str]] = {}
    for speaker, camp in assign_camps(speakers, actors, overrides).items():
        camps.setdefault(str(camp), []).append(speaker)
    return sorted(camps.items())


def speaker_matcher(gold: Gold, kb: str | None = None) -> SameSpeaker:
    """Name equality, widened by the project's own actor resolution when the actors stage is installed.

    The gold's speakers (with their aliases) are added to a copy of the
    project's knowledge base; a predicted name then matches when it resolves
    to the same actor as one of the gold names, by the KB's own alias, title
    and transliteration rules (Mohammad / Muhammad Javad Zarif). A name the
    KB cannot resolve matches a gold person it is a short form of ("Velayati"
    / "Ali Akbar Velayati") when it fits no other gold person.
    """
    resolve = _resolver(gold, kb)
    known = _resolver(None, kb)
    people = sorted({u.speaker for u in gold.units if u.kind in (None, "person")})

    def same(predicted: str, gold_names: list[str]) -> bool:
        if same_speaker_by_name(predicted, gold_names):
            return True
        p = resolve(predicted)
        if p is not None:
            if any(resolve(g) == p for g in gold_names):
                return True
            # A gold name the knowledge base already knows is that actor, whatever name the gold
            # gives it: "Armenian Ministry of Defense" is the KB's "Ministry of Defence of Armenia".
            # (Once added to the copy above, the gold's own name shadows the KB actor it stands for.)
            k = known(predicted)
            return k is not None and any(known(g) == k for g in gold_names)
        # A short form ("Rouhani") names a gold person only when it fits exactly one of them.
        fits = [g for g in people if same_person(predicted, g)]
        return fits == [gold_names[0]]

    return same


def _resolver(gold: Gold | None, kb: str | None) -> Callable[[str], str | None]:
    """Name -> the canonical name of the actor it resolves to, in the knowledge base (plus `kb`)
    with the gold's speakers added (without them when `gold` is None)."""
    base = load_kb([kb] if kb else [])
    if gold is not None:
        base = copy.deepcopy(base)
    seen: set[str] = set()
    for u in gold.units if gold is not None else ():
        if u.speaker in seen:
            continue
        seen.add(u.speaker)
        aliases = [a for a in gold.aliases_of(u.speaker)[1:] if a.casefold() not in _PRONOUNS]
        base.add(Actor(name=u.speaker, kind=u.kind or "person", aliases=aliases, origin="user"))
    # A state named as a speaker is its government ("Iran said"), where the actors stage says so.
    find = getattr(base, "speaker", base.lookup)
    cache: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in cache:
            actor = None if name.casefold() in _PRONOUNS else find(name)
            cache[name] = None if actor is None else actor.name
        return cache[name]

    return resolve


# Pronouns name no one by themselves: they match only where the gold lists them literally.
_PRONOUNS = frozenset("he she it they him her them i we you his its their".split())


# -- the run --------------------------------------------------------------------------


def predict(gold: Gold, model: str | None = None, kb: str | None = None, coder: str | None = None,
            attribution: str | None = None) -> FilePrediction:
    """Run the pipeline on the gold file's source, in a throw-away store."""
    if not gold.source.is_file():
        raise FileNotFoundError(f"{gold.path}: source: {gold.source} does not exist")
    conflict = find_conflict(gold)
    with tempfile.TemporaryDirectory(prefix="stancemap-eval-") as tmp, Store(Path(tmp) / "eval.duckdb") as store:
        article = ingest_into(store, gold.source)
        pred = FilePrediction(body=article.body, article=article)
        statements, codings, the_coder = extract_and_code_into(store, article, model, kb, conflict, coder, attribution)
        failures = [f for f in store.failures() if f.get("stage") == "extract"]
        if failures:
            pred.problems.append("extraction failed: " + "; ".join(str(f.get("reason")) for f in failures))
        actors = store.actors()
    names = side_map(conflict, gold)
    units = {s.id: Predicted(speaker=s.speaker, start=s.sent_start, end=s.sent_end, sentence=s.sentence,
                             date=s.date.value, stance={}, actions=[], prior=prior_stance(the_coder, s, conflict, names))
             for s in statements if not s.unattributed}  # the gold's units all have a speaker
    pred.units = list(units.values())
    for c in codings:
        unit = units.get(c.statement_id)
        if unit is not None:
            unit.stance = {names[side]: st.label for side, st in c.stance.items() if side in names}
            unit.actions = [a.name for a in c.actions]
    pred.coded = True
    pred.camps = predicted_camps(statements, actors, kb)
    return pred


def prior_stance(coder: Any, statement: Statement, conflict: Conflict, names: dict[str, str]) -> dict[str, str]:
    """The speaker-side prior's labels for a statement, with the coder's own speaker resolution:
    a belligerent supports its own side and opposes the other; anyone else is neutral."""
    country = coder.speaker_country(statement)
    own = coder.own_sides(statement, conflict, country)
    return {names[side]: prior_label(relation(side, own, country, conflict)) for side in conflict.side_names if side in names}


class EvalError(ValueError):
    """An evaluation that would not measure what it claims; the message says why."""


def check_not_trained_on(coder: str | None, golds: list[Gold]) -> None:
    """A learned coder is measured only on gold files it was not fitted on."""
    if (coder or default_coder()) == "rules":
        return
    try:
        model = load_model(None if coder in (None, "learned") else coder)
    except ModelError as exc:
        raise EvalError(str(exc)) from None
    trained = set(model.trained_on)
    seen = [str(g.path) for g in golds if article_key(g.source) in trained]
    if seen:
        raise EvalError(f"{', '.join(seen)}: the coder model {coder or '(the default, learned)'} was fitted on this "
                        "gold file's article; measure it on articles it was not trained on, with `--folds K`, "
                        "or pass `--coder rules`")


@dataclass
class Evaluation:
    files: dict[str, FileScore] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # gold file -> why the pipeline could not run on it

    @property
    def overall(self) -> FileScore:
        """Micro-averaged over files; failed article fields are named `PATH:field`."""
        scores = []
        for path, s in self.files.items():
            if s.article is not None:
                prefixed = ArticleTally(s.article.passed, s.article.total, [f"{path}:{f}" for f in s.article.failed_fields])
                s = replace(s, article=prefixed)
            scores.append(s)
        return combine(scores)

    def json(self) -> dict[str, Any]:
        return {"files": {p: s.json() for p, s in self.files.items()}, "overall": self.overall.json()}


def evaluate(paths: list[str | Path], model: str | None = None, kb: str | None = None,
             coder: str | None = None, attribution: str | None = None) -> Evaluation:
    """Score the pipeline on each gold file.

    Gold files are all read and checked first: a file that cannot be used
    raises GoldError, a missing source FileNotFoundError, before any slow
    work. A pipeline failure on one file is recorded in `failed` (its scores
    stay empty) and the other files are still scored.
    """
    golds = [load_gold(p) for p in paths]
    for gold in golds:
        if not gold.source.is_file():
            raise FileNotFoundError(f"{gold.path}: source: {gold.source} does not exist")
    check_not_trained_on(coder, golds)
    out = Evaluation()
    for path, gold in zip(paths, golds):
        try:
            pred = predict(gold, model=model, kb=kb, coder=coder, attribution=attribution)
        except Exception as exc:  # noqa: BLE001 - one broken input never stops the batch
            out.files[str(path)] = FileScore()
            out.failed[str(path)] = f"{type(exc).__name__}: {exc}"
            out.problems[str(path)] = [f"the pipeline failed on {gold.source}: {type(exc).__name__}: {exc}"]
            continue
        out.files[str(path)] = score_file(gold, pred, speaker_matcher(gold, kb))
        out.problems[str(path)] = pred.problems
    return out

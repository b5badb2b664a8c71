"""Running the real pipeline on a gold file's source and scoring what comes out.

Each stage is imported when it is needed: a stage that is not installed
leaves its parts of the score empty (None, printed "n/a") instead of failing
the whole evaluation, and `FilePrediction.problems` says why.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..records import Article, Coding, Statement
from .gold import Gold, load_gold
from .scoring import ArticleTally, FilePrediction, FileScore, Predicted, SameSpeaker, combine, fold, same_speaker_by_name, score_file


def _call(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a stage function with the keyword options it accepts (stages grow options over time)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **kwargs)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in params and v is not None})


# -- stages -------------------------------------------------------------------------


def optional_module(module: str) -> Any | None:
    """A stage module, or None when it is genuinely not installed (a broken stage still raises)."""
    full = importlib.util.resolve_name(module, __package__)
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name and (full == exc.name or full.startswith(exc.name + ".")):
            return None
        raise


def stage_function(name: str, *modules: str) -> Callable | None:
    """A stage's public function, wherever the stage exposes it; None when the stage is not installed."""
    for module in modules:
        mod = optional_module(module)
        fn = getattr(mod, name, None) if mod is not None else None
        if callable(fn):
            return fn
    return None


def ingest_into(store: Any, source: Path) -> tuple[Article, str | None]:
    """The article the ingest stage reads from `source`, stored in `store`."""
    ingest_sources = stage_function("ingest_sources", "..ingest", "..ingest.sources")
    if ingest_sources is None:
        text = source.read_text(encoding="utf-8", errors="replace")
        article = Article(body=text, raw_text=text, body_offset=0, source=str(source), format="text")
        store.add_article(article)
        return article, "ingest stage not available: the file was read as plain text and article fields are not scored"
    _call(ingest_sources, [str(source)], store, quiet=True)
    articles = store.articles()
    if not articles:
        reasons = "; ".join(str(f.get("reason")) for f in store.failures()) or "no article recovered"
        raise RuntimeError(f"{source}: ingest produced no article ({reasons})")
    return articles[0], None


def extract_into(store: Any, article: Article, model: str | None, kb: str | None) -> list[Statement] | None:
    """Statements the statements stage extracts from the stored article (None: stage not installed)."""
    extract_articles = stage_function("extract_articles", "..statements", "..statements.extract")
    if extract_articles is None:
        return None
    _call(extract_articles, store, ids=[article.id], model=model, kb_files=[kb] if kb else None)
    return store.statements(article_id=article.id)


def extract_and_code_into(store: Any, article: Article, model: str | None, kb: str | None, conflict: Any,
                          coder: str | None) -> tuple[list[Statement] | None, list[Coding] | None]:
    """Statements, and with the default coder their codings exactly as `analyze` makes them.

    `analyze` codes each sentence on the article's own parse while extraction hands it
    over; scoring the same path measures what users get. A learned coder (or a stage
    that is not installed) falls back to coding the stored statements afterwards.
    """
    if conflict is not None:
        try:
            from ..analysis.pipeline import ArticleCoder
        except ImportError:
            ArticleCoder = None
        if ArticleCoder is not None:
            from ..statements.extract import extract_articles

            on_article = ArticleCoder(store, conflict.id, conflict, model=model, kb=[kb] if kb else [], coder=coder)
            extract_articles(store, ids=[article.id], model=model, kb_files=[kb] if kb else (), on_article=on_article)
            on_article.flush()
            on_article.recode_changed_speakers()
            codings = [c for (_sid, _conf), c in store.codings(conflict.id).items()]
            return store.statements(article_id=article.id), codings
    return extract_into(store, article, model, kb), None


def find_conflict(gold: Gold) -> Any | None:
    """The catalogue conflict whose sides are the gold's sides, or one made of the gold's side names."""
    conflict_for_sides = stage_function("conflict_for_sides", "..stance.conflicts")
    if conflict_for_sides is None:
        return None
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


def code(statements: list[Statement], conflict: Any, coder: str | None, model: str | None) -> list[Coding] | None:
    code_statements = stage_function("code_statements", "..stance", "..stance.coder", "..stance.coding", "..stance.code")
    if code_statements is None:
        return None
    from ..nlp.pipeline import load

    return list(_call(code_statements, statements, conflict, coder=coder, nlp=load(model)))


def predicted_camps(statements: list[Statement], actors: list[Any], kb: str | None) -> list[tuple[str, list[str]]] | None:
    """Speakers grouped by the analysis stage's camp assignment (None: stage not installed)."""
    camps_module = optional_module("..analysis.camps")
    if camps_module is None:
        return None
    assign_camps, load_kb_camps = camps_module.assign_camps, camps_module.load_kb_camps
    speakers = sorted({s.speaker for s in statements})
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
    if resolve is None:
        return same_speaker_by_name
    known = _resolver(None, kb)
    merge = optional_module("..actors.merge")
    same_person = merge.same_person if merge is not None else (lambda short, full: False)

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


def _resolver(gold: Gold | None, kb: str | None) -> Callable[[str], str | None] | None:
    """Name -> the canonical name of the actor it resolves to, in the knowledge base (plus `kb`)
    with the gold's speakers added (without them when `gold` is None)."""
    kb_module = optional_module("..actors.kb")
    if kb_module is None:
        return None
    import copy

    load_kb = kb_module.load_kb

    from ..records import Actor

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


def predict(gold: Gold, model: str | None = None, kb: str | None = None, coder: str | None = None) -> FilePrediction:
    """Run every available stage on the gold file's source, in a throw-away store."""
    from ..store.db import Store

    if not gold.source.is_file():
        raise FileNotFoundError(f"{gold.path}: source: {gold.source} does not exist")
    with tempfile.TemporaryDirectory(prefix="stancemap-eval-") as tmp, Store(Path(tmp) / "eval.duckdb") as store:
        article, problem = ingest_into(store, gold.source)
        pred = FilePrediction(body=article.body, article=None if problem else article)
        if problem:
            pred.problems.append(problem)
        statements, analyze_codings = extract_and_code_into(store, article, model, kb, find_conflict(gold), coder)
        if statements is None:
            pred.problems.append("statements stage not available: speakers and dates are not scored")
            return pred
        failures = [f for f in store.failures() if f.get("stage") == "extract"]
        if failures:
            pred.problems.append("extraction failed: " + "; ".join(str(f.get("reason")) for f in failures))
        actors = store.actors()
    units = {s.id: Predicted(speaker=s.speaker, start=s.sent_start, end=s.sent_end, sentence=s.sentence,
                             date=s.date.value) for s in statements}
    pred.units = list(units.values())

    conflict = find_conflict(gold)
    codings = analyze_codings if analyze_codings is not None else (
        code(statements, conflict, coder, model) if conflict is not None else None
    )
    if codings is None:
        pred.problems.append("stance stage not available: stance and actions are not scored")
    else:
        names = side_map(conflict, gold)
        for c in codings:
            unit = units.get(c.statement_id)
            if unit is None:
                continue
            unit.stance = {names[side]: st.label for side, st in c.stance.items() if side in names}
            unit.actions = [a.name for a in c.actions]
        for unit in pred.units:
            if unit.stance is None:
                unit.stance, unit.actions = {}, []
        pred.coded = True

    pred.camps = predicted_camps(statements, actors, kb)
    if pred.camps is None:
        pred.problems.append("analysis stage not available: camps are not scored")
    return pred


class EvalError(ValueError):
    """An evaluation that would not measure what it claims; the message says why."""


def check_not_trained_on(coder: str | None, golds: list[Gold]) -> None:
    """A learned coder is measured only on gold files it was not fitted on."""
    if coder is None:
        from ..stance import default_coder

        coder = default_coder()
    if coder == "rules":
        return
    learned = optional_module("..stance.learned")
    if learned is None:
        return
    ModelError, load_model = learned.ModelError, learned.load_model  # noqa: N806
    try:
        model = load_model(None if coder == "learned" else coder)
    except ModelError as exc:
        raise EvalError(str(exc)) from None
    trained = set(model.trained_on)
    seen = [str(g.path) for g in golds if learned.article_key(g.source) in trained]
    if seen:
        raise EvalError(f"{', '.join(seen)}: the coder model {coder} was fitted on this gold file; "
                        "measure it on files it was not trained on")


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
             coder: str | None = None) -> Evaluation:
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
            pred = predict(gold, model=model, kb=kb, coder=coder)
        except Exception as exc:  # noqa: BLE001 - one broken input never stops the batch
            out.files[str(path)] = FileScore()
            out.failed[str(path)] = f"{type(exc).__name__}: {exc}"
            out.problems[str(path)] = [f"the pipeline failed on {gold.source}: {type(exc).__name__}: {exc}"]
            continue
        out.files[str(path)] = score_file(gold, pred, speaker_matcher(gold, kb))
        out.problems[str(path)] = pred.problems
    return out

"""Cross-validation of the stance and action coders on annotated articles.

Folds are made of whole articles (no article has units in both the training
and the test side), and every coder is scored on the same units with the
definitions of `stancemap eval` (the same tallies): the rules, the
speaker-side prior (a belligerent supports its own side and opposes the
other, anyone else is neutral), and the learned coder fitted on the other
folds. Model selection picks the settings on these folds; the figures a user
should trust are those on articles never used at all (`stancemap eval` on
held-out gold).
"""

from __future__ import annotations

import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy

from ..records import Coding, SideStance, Statement
from ..stance.actions import action
from ..stance.coder import RuleCoder
from ..stance.conflicts import conflict_for_sides
from ..stance.learned import (SHIPPED_MODEL, Example, InputCache, LearnedCoder, LearnedModel, ModelError, Settings, article_key,
                              fit, load_model, prior_label, relation, save_model)
from .gold import load_gold, read_source
from .run import Evaluation, evaluate
from .scoring import ActionTally, StanceTally

CODERS = ("rules", "prior", "learned")


# Near-copies: two texts sharing at least this share of the shorter one's word 8-grams (the same
# wire story under two outlets, a page saved twice) are one article for the folds.
COPY_SHARE = 0.5
_SHINGLE = 8
_COMMON_SHINGLE = 5  # an 8-gram in more texts than this is boilerplate (a site's footer), not shared news


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i : i + _SHINGLE])) for i in range(max(0, len(words) - _SHINGLE + 1))}


def copy_families(texts: dict[str, str]) -> dict[str, str]:
    """Each text's family: the first (in sorted order) of the texts it is a near-copy of, directly
    or through another copy. Cross-validation keeps a family in one fold, or a copy in the
    training folds would score its twin in the test fold."""
    keys = sorted(texts)
    grams = {k: _shingles(texts[k]) for k in keys}
    holders: dict[int, list[str]] = {}
    for k in keys:
        for g in grams[k]:
            holders.setdefault(g, []).append(k)
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    shared: dict[tuple[str, str], int] = {}
    for group in holders.values():
        if 1 < len(group) <= _COMMON_SHINGLE:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    for (a, b), n in shared.items():
        if n >= COPY_SHARE * max(1, min(len(grams[a]), len(grams[b]))):
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {k: root(k) for k in keys}


def gold_examples(paths: Iterable[str | Path]) -> list[Example]:
    """Annotated statements from gold files (either form of the gold README); near-copies of one
    text (`copy_families`) share a family, which the folds keep together."""
    out: list[Example] = []
    golds = [(str(path), load_gold(path)) for path in paths]
    family = copy_families({path: read_source(gold.source) for path, gold in golds if gold.source.is_file()})
    for path, gold in golds:
        conflict = conflict_for_sides(list(gold.sides), gold.conflict_name)
        for i, u in enumerate(gold.units):
            st = Statement(
                article_id=str(path), speaker=u.speaker, speaker_mention=u.speaker, speaker_reason="gold",
                cue="", sentence=u.sentence, sent_start=i, sent_end=i + 1, quote=u.quote, speaker_kind=u.kind,
            )
            out.append(Example(st, conflict, u.actions, dict(u.stance), u.optional, str(path), f"{path}:{u.sentence}",
                               article_key(gold.source), family.get(path, path)))
    return out


def article_folds(examples: list[Example], k: int = 5, seed: int = 0) -> list[list[int]]:
    """k folds of example indices, each a set of whole articles, near-copies together (shuffled
    with a fixed seed)."""
    families = sorted({e.family or e.source for e in examples})
    random.Random(seed).shuffle(families)
    fold_of = {s: i % k for i, s in enumerate(families)}
    return [[i for i, e in enumerate(examples) if fold_of[e.family or e.source] == f] for f in range(k)]


@dataclass
class Tallies:
    """Scores of one coder, in the tallies `stancemap eval` uses, and its confidences."""

    stance: StanceTally = field(default_factory=StanceTally)
    actions: ActionTally = field(default_factory=ActionTally)
    confidences: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right) of each label given

    def add(self, e: Example, coding: Coding) -> None:
        if e.optional:
            return
        for side in e.conflict.side_names:
            got = coding.stance.get(side)
            gold = e.stance.get(side)
            self.stance.add(side, gold, got.label if got else None)
            if got is not None:
                self.confidences.append((got.confidence, got.label == gold))
        if e.actions is not None:
            self.actions.units += 1
            g, p = set(e.actions), {a.name for a in coding.actions}
            self.actions.tp += len(g & p)
            self.actions.fp += len(p - g)
            self.actions.fn += len(g - p)

    def figures(self) -> dict[str, Any]:
        st, ac = self.stance.json(), self.actions.json()
        return {"stance_accuracy": st["accuracy"], "stance_macro_f1": st["macro_f1"], "spurious": st["spurious"],
                "stance_pairs": st["n"], "agreement_all_pairs": st["agreement_all_pairs"],
                "actions_f1": ac["f1"], "reliability": reliability(self.confidences)}


def reliability(confidences: list[tuple[float, bool]], bins: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)) -> list[dict[str, Any]]:
    """Share of labels right per confidence band: a calibrated coder's 0.8 is right 80% of the time."""
    out = []
    for lo, hi in zip(bins, bins[1:]):
        inside = [right for c, right in confidences if lo <= c < hi]
        if inside:
            out.append({"confidence": f"{lo:.1f}-{min(hi, 1.0):.1f}", "labels": len(inside),
                        "right": round(sum(inside) / len(inside), 3)})
    return out


def prior_coding(e: Example, own: list[str], country: str | None) -> Coding:
    """The speaker-side prior's answer for one unit (actions: a plain statement)."""
    stance = {side: SideStance(prior_label(relation(side, own, country, e.conflict)), 0.5, "speaker-side prior")
              for side in e.conflict.side_names}
    return Coding(e.statement.id, e.conflict.id, [action("statement")], [], stance)


def cross_validate(examples: list[Example], settings: Settings | None = None, k: int = 5, rules: RuleCoder | None = None,
                   by: Callable[[Example], str] | None = None, cache: InputCache | None = None) -> dict[str, Any]:
    """Rules, prior and the learned coder on article-grouped folds; figures overall and per group (`by`)."""
    rules = rules or RuleCoder()
    cache = cache or InputCache(rules)
    settings = settings or Settings()
    groups = sorted({by(e) for e in examples}) if by else []
    tallies = {(coder, g): Tallies() for coder in CODERS for g in ["all", *groups]}
    folds = article_folds(examples, k)
    for test in folds:
        test_set = set(test)
        train = [e for i, e in enumerate(examples) if i not in test_set]
        try:
            model = fit(train, settings, cache=cache)
        except ModelError:
            continue
        coder = LearnedCoder(model, rules=rules)
        for i in test:
            e = examples[i]
            inputs = cache(e)
            codings = {"rules": inputs.rule, "prior": prior_coding(e, inputs.own, inputs.country),
                       "learned": coder.code_with(e.statement, e.conflict, inputs)}
            for name, coding in codings.items():
                tallies[(name, "all")].add(e, coding)
                if by:
                    tallies[(name, by(e))].add(e, coding)
    out: dict[str, Any] = {"folds": len(folds), "articles": len({e.source for e in examples}),
                           "units": sum(1 for e in examples if not e.optional), "settings": settings.json()}
    for g in ["all", *groups]:
        out[g] = {coder: tallies[(coder, g)].figures() for coder in CODERS}
    return out


def corpus_of(e: Example) -> str:
    """The folder a gold file sits in (one per corpus)."""
    return Path(e.source).parent.name


def select(examples: list[Example], k: int = 5, rules: RuleCoder | None = None,
           grid: Iterable[Settings] | None = None, cache: InputCache | None = None) -> tuple[Settings, list[dict[str, Any]]]:
    """The settings with the best cross-validated agreement over all (unit, side) pairs ("no stance" an
    answer like the others, so a label given and one withheld weigh alike), plus actions F1."""
    rules = rules or RuleCoder()
    cache = cache or InputCache(rules)  # the rule coder reads each unit once, not once per setting tried
    grid = list(grid or [Settings(C, 2.0, 0.35, p, vectors) for C in (0.3, 1.0) for p in (0.3, 0.35, 0.45)
                         for vectors in (0.0, 2.0)])
    tried = []
    for s in grid:
        fig = cross_validate(examples, s, k, rules, cache=cache)["all"]["learned"]
        score = (fig["agreement_all_pairs"] or 0) + (fig["actions_f1"] or 0)
        tried.append({"settings": s.json(), "figures": fig, "score": round(score, 4)})
    best = max(range(len(grid)), key=lambda i: tried[i]["score"])
    return grid[best], tried


def train(gold_paths: list[str | Path], out: str | Path, k: int = 5, search: bool = True) -> dict[str, Any]:
    """Select settings on article-grouped folds, report every coder there, then fit on all and save."""
    examples = gold_examples(gold_paths)
    if len({e.source for e in examples}) < 2:
        raise ModelError("at least two annotated articles are needed: folds are made of whole articles")
    rules = RuleCoder()
    cache = InputCache(rules)
    settings, tried = select(examples, k, rules, cache=cache) if search else (Settings(), [])
    report = cross_validate(examples, settings, min(k, len({e.source for e in examples})), rules, by=corpus_of, cache=cache)
    model: LearnedModel = fit(examples, settings, rules=rules)
    path = save_model(model, out)
    report.update({"model": str(path), "trained_on": len(model.trained_on), "selection": tried})
    return report


def mean(values: list[float]) -> float:
    return float(numpy.mean(values)) if values else 0.0


def cross_evaluate(gold_paths: list[str | Path], k: int = 5, settings: Settings | None = None, model: str | None = None,
                   kb: str | None = None, attribution: str | None = None) -> Any:
    """`stancemap eval` end to end, each article coded by a learned coder fitted on the other folds.

    The whole pipeline runs on every article (ingest, statements, speakers,
    dates, coding, camps), so the figures are what a user gets on text the
    coder never saw; speakers and dates do not depend on the coder.
    """
    examples = gold_examples(gold_paths)
    if settings is None:  # the settings model selection chose for the shipped model
        settings = load_model(SHIPPED_MODEL).settings if SHIPPED_MODEL.exists() else Settings()
    out = Evaluation()
    rules = RuleCoder()
    cache = InputCache(rules)
    with tempfile.TemporaryDirectory(prefix="stancemap-folds-") as tmp:
        for n, test in enumerate(article_folds(examples, k)):
            test_files = sorted({examples[i].source for i in test})
            test_set = set(test)
            fitted = fit([e for i, e in enumerate(examples) if i not in test_set], settings, cache=cache)
            path = save_model(fitted, Path(tmp) / f"fold{n}.json.gz")
            part = evaluate(test_files, model=model, kb=kb, coder=str(path), attribution=attribution)
            out.files.update(part.files)
            out.problems.update(part.problems)
            out.failed.update(part.failed)
    return out

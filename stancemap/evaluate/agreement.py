"""Agreement between two annotators of the same articles.

Units are matched as `stancemap eval` matches predictions to gold (overlapping
sentence, same speaker by any name either annotator gives it), over the units
each annotator marks as required. Stance is compared on the (unit, side) pairs
of matched units: accuracy and Cohen's kappa where both gave a label, and the
same over every pair with "no stance" counted as an answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gold import Gold, load_gold, read_source
from .scoring import Predicted, fold, locate, match_units

NONE = "none"


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two annotators' labels on the same items."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


@dataclass
class Agreement:
    tp: int = 0
    only_a: int = 0
    only_b: int = 0
    labelled: list[tuple[str, str]] = field(default_factory=list)  # both gave a label
    all_pairs: list[tuple[str, str]] = field(default_factory=list)  # "none" counted
    actions: list[tuple[frozenset, frozenset]] = field(default_factory=list)
    articles: int = 0

    def add(self, other: "Agreement") -> None:
        self.tp += other.tp
        self.only_a += other.only_a
        self.only_b += other.only_b
        self.labelled += other.labelled
        self.all_pairs += other.all_pairs
        self.actions += other.actions
        self.articles += other.articles

    def json(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        f1 = 2 * self.tp / (2 * self.tp + self.only_a + self.only_b) if self.tp + self.only_a + self.only_b else None
        atp = sum(len(a & b) for a, b in self.actions)
        adenom = sum(len(a) + len(b) for a, b in self.actions)
        return {
            "articles": self.articles,
            "units": {"matched": self.tp, "only_first": self.only_a, "only_second": self.only_b, "f1": r(f1)},
            "stance_labelled": {"pairs": len(self.labelled),
                                "accuracy": r(sum(a == b for a, b in self.labelled) / len(self.labelled)) if self.labelled else None,
                                "kappa": r(cohen_kappa(self.labelled))},
            "stance_all_pairs": {"pairs": len(self.all_pairs),
                                 "accuracy": r(sum(a == b for a, b in self.all_pairs) / len(self.all_pairs)) if self.all_pairs else None,
                                 "kappa": r(cohen_kappa(self.all_pairs))},
            "actions_f1": r(2 * atp / adenom) if adenom else None,
        }


def _required(gold: Gold) -> Gold:
    return Gold(gold.path, gold.source, gold.article, gold.conflict_name, gold.sides, gold.camps,
                [u for u in gold.units if not u.optional])


def compare(first: Gold, second: Gold) -> Agreement:
    """Agreement of two annotations of one article (the same source text)."""
    text = read_source(first.source)
    a, b = _required(first), _required(second)
    preds = []
    for u in b.units:
        spans = locate(u.sentence, text)
        start, end = spans[0] if spans else (0, 0)
        preds.append(Predicted(u.speaker, start, end, u.sentence))
    names_b = {u.speaker: {fold(n) for n in second.aliases_of(u.speaker)} for u in b.units}

    def same(predicted: str, gold_names: list[str]) -> bool:
        return bool(names_b.get(predicted, {fold(predicted)}) & {fold(n) for n in gold_names})

    m = match_units(a, text, preds, same)
    out = Agreement(tp=len(m.pairs), only_a=len(m.missed), only_b=len(m.spurious), articles=1)
    for gi, pi in m.pairs:
        ua, ub = a.units[gi], b.units[pi]
        for side in first.sides:
            la, lb = ua.stance.get(side), ub.stance.get(side)
            if la and lb:
                out.labelled.append((la, lb))
            out.all_pairs.append((la or NONE, lb or NONE))
        if ua.actions is not None and ub.actions is not None:
            out.actions.append((frozenset(ua.actions), frozenset(ub.actions)))
    return out


def compare_folders(first_root: Path, second_root: Path) -> tuple[Agreement, dict[str, dict[str, Any]]]:
    """Every file under `second_root` compared with the file of the same relative path under `first_root`."""
    total, per_file = Agreement(), {}
    for path in sorted(second_root.rglob("*.yaml")):
        rel = path.relative_to(second_root)
        one = compare(load_gold(first_root / rel), load_gold(path))
        per_file[str(rel)] = one.json()
        total.add(one)
    return total, per_file

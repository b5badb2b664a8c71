"""The evaluation gate: stored baseline figures that a change may not lower.

`baseline.json` beside this file holds the figures measured on the shared
seed gold, on PolNeAR dev, and by cross-validation on the project's annotated
corpus (`corpus/`: the learned coder on article-grouped folds, the settings
of the shipped model). tests/test_eval_gate.py measures them again
and fails when one drops below its baseline by more than the tolerance.
When figures rise, raise the baseline:

    python -m stancemap.evaluate.gate            # measure and compare
    python -m stancemap.evaluate.gate --update   # store the figures that rose

`--update` never lowers a figure; `--reset` stores the measured figures as
they are (for a deliberate change of the scoring or the data).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any
from ..stance.learned import SHIPPED_MODEL, load_model
from .brat import score_brat_dir
from .folds import cross_validate, gold_examples
from .run import evaluate

BASELINE = Path(__file__).with_name("baseline.json")
REPO = Path(__file__).resolve().parents[2]
TOLERANCE = 0.005

SEED_FIGURES = ("speakers.f1", "dates.accuracy", "stance.accuracy", "actions.f1", "camps.score")
BRAT_FIGURES = ("attribution.overlap.f1", "source.overlap.f1")  # every attribution the finder finds
UNIT_FIGURES = ("units.attribution.overlap.f1", "units.source.overlap.f1")  # the statements a user gets
CORPUS_FIGURES = ("learned.stance_accuracy", "learned.spurious", "learned.agreement_all_pairs", "learned.actions_f1")
LOWER_IS_BETTER = ("spurious",)


def _lower_is_better(name: str) -> bool:
    return name.endswith(LOWER_IS_BETTER)


def shared_root() -> Path:
    """The shared data sets: $STANCEMAP_SHARED, or ../shared beside the repository."""
    return Path(os.environ.get("STANCEMAP_SHARED") or REPO.parent / "shared")


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _get(scores: dict[str, Any], dotted: str) -> float | None:
    value: Any = scores
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, (int, float)) else None


def measure_seed(baseline: dict[str, Any], root: Path | None = None) -> dict[str, float | None]:
    """The seed figures from a real `stancemap eval` of the seed gold file."""
    gold = (root or shared_root()) / baseline["seed"]["gold"]
    overall = evaluate([gold]).json()["overall"]
    return {name: _get(overall, name) for name in SEED_FIGURES}


def measure_brat(baseline: dict[str, Any], root: Path | None = None) -> dict[str, float | None]:
    """The PolNeAR dev figures (on the fixed subset the baseline names, if any)."""
    spec = baseline["polnear_dev"]
    folder = (root or shared_root()) / spec["dir"]
    scores = score_brat_dir(folder, limit=spec.get("limit"), units=False)
    scores["units"] = score_brat_dir(folder, limit=spec.get("limit"), units=True)
    return {name: _get(scores, name) for name in BRAT_FIGURES + UNIT_FIGURES}


def measure_corpus(baseline: dict[str, Any], root: Path | None = None) -> dict[str, float | None]:
    """The learned coder's figures on article-grouped folds of the annotated corpus (`root`: the repository)."""
    spec = baseline["corpus_cv"]
    files = sorted((root or REPO).glob(spec["files"]))
    report = cross_validate(gold_examples(files), load_model(SHIPPED_MODEL).settings, k=spec["folds"])
    return {name: _get(report["all"], name) for name in CORPUS_FIGURES}


def drops(measured: dict[str, float | None], stored: dict[str, float | None], tolerance: float = TOLERANCE) -> list[str]:
    """Each figure that fell below its stored baseline (a figure that vanished counts as a drop)."""
    out = []
    for name, base in stored.items():
        if base is None:
            continue
        got = measured.get(name)
        if got is None:
            out.append(f"{name}: no figure (baseline {base:.4f}); is its stage missing?")
        elif _lower_is_better(name) and got > base + tolerance:
            out.append(f"{name}: {got:.4f} > baseline {base:.4f} (lower is better)")
        elif not _lower_is_better(name) and got < base - tolerance:
            out.append(f"{name}: {got:.4f} < baseline {base:.4f}")
    return out


def raised(measured: dict[str, float | None], stored: dict[str, float | None], reset: bool = False) -> dict[str, float | None]:
    """The baseline to store: each figure raised to what was measured (never lowered unless reset)."""
    out = dict(stored)
    for name, got in measured.items():
        base = stored.get(name)
        better = got is not None and base is not None and (got < base if _lower_is_better(name) else got > base)
        if reset or base is None or better:
            out[name] = None if got is None else round(got, 4)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stancemap.evaluate.gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="store every figure that rose above its baseline")
    parser.add_argument("--reset", action="store_true", help="store the measured figures even where they fell")
    parser.add_argument("--only", choices=("seed", "polnear_dev", "corpus_cv"), help="measure one part only")
    args = parser.parse_args(argv)
    baseline = load_baseline()
    failed = []
    for part, measure in (("seed", measure_seed), ("polnear_dev", measure_brat), ("corpus_cv", measure_corpus)):
        if args.only and part != args.only:
            continue
        started = time.perf_counter()
        measured = measure(baseline)
        took = time.perf_counter() - started
        stored = baseline[part]["figures"]
        for name, got in measured.items():
            base = stored.get(name)
            print(f"{part:12} {name:24} {'n/a' if got is None else f'{got:.4f}':>8}   baseline "
                  f"{'n/a' if base is None else f'{base:.4f}':>8}")
        print(f"{part:12} measured in {took:.1f} s")
        failed += [f"{part} {d}" for d in drops(measured, stored, baseline.get("tolerance", TOLERANCE))]
        if args.update or args.reset:
            baseline[part]["figures"] = raised(measured, stored, reset=args.reset)
    if args.update or args.reset:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    for d in failed:
        print(f"DROP {d}", file=sys.stderr)
    return 1 if failed and not (args.update or args.reset) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The evaluation gate: the real eval on the seed gold and PolNeAR dev may not fall below the stored baseline.

Raise the baseline as figures rise: `.venv/bin/python -m stancemap.evaluate.gate --update`.
"""

from __future__ import annotations

import pytest

from conftest import SHARED, shared_path
from stancemap.evaluate import gate

UPDATE = "if the change is meant to lower it, say why and run `python -m stancemap.evaluate.gate --reset`"


@pytest.fixture(scope="module")
def baseline():
    return gate.load_baseline()


def test_baseline_names_every_gated_figure(baseline):
    assert set(baseline["seed"]["figures"]) == set(gate.SEED_FIGURES)
    assert set(baseline["polnear_dev"]["figures"]) == set(gate.BRAT_FIGURES + gate.UNIT_FIGURES)
    assert set(baseline["corpus_cv"]["figures"]) == set(gate.CORPUS_FIGURES)
    assert all(v is not None for v in baseline["corpus_cv"]["figures"].values())


def test_seed_figures_hold(baseline):
    shared_path(baseline["seed"]["gold"])
    measured = gate.measure_seed(baseline, SHARED)
    dropped = gate.drops(measured, baseline["seed"]["figures"], baseline["tolerance"])
    assert not dropped, f"seed figures fell: {'; '.join(dropped)} ({UPDATE})"


def test_polnear_dev_figures_hold(baseline):
    shared_path(baseline["polnear_dev"]["dir"])
    measured = gate.measure_brat(baseline, SHARED)
    dropped = gate.drops(measured, baseline["polnear_dev"]["figures"], baseline["tolerance"])
    assert not dropped, f"PolNeAR dev figures fell: {'; '.join(dropped)} ({UPDATE})"


def test_corpus_cross_validation_figures_hold(baseline):
    shared_path("data", "conflict-news")  # the annotations point into ../shared
    measured = gate.measure_corpus(baseline)
    dropped = gate.drops(measured, baseline["corpus_cv"]["figures"], baseline["tolerance"])
    assert not dropped, f"corpus figures fell: {'; '.join(dropped)} ({UPDATE})"


def test_gate_catches_a_drop_and_a_vanished_figure():
    stored = {"speakers.f1": 0.9, "dates.accuracy": 0.8, "stance.accuracy": None}
    assert gate.drops({"speakers.f1": 0.897, "dates.accuracy": 0.8, "stance.accuracy": 0.1}, stored) == []
    assert gate.drops({"speakers.f1": 0.89, "dates.accuracy": None, "stance.accuracy": None}, stored) == [
        "speakers.f1: 0.8900 < baseline 0.9000",
        "dates.accuracy: no figure (baseline 0.8000); is its stage missing?",
    ]


def test_update_only_raises_unless_reset():
    stored = {"speakers.f1": 0.9, "dates.accuracy": 0.8, "stance.accuracy": None}
    measured = {"speakers.f1": 0.95, "dates.accuracy": 0.7, "stance.accuracy": 0.6}
    assert gate.raised(measured, stored) == {"speakers.f1": 0.95, "dates.accuracy": 0.8, "stance.accuracy": 0.6}
    assert gate.raised(measured, stored, reset=True) == measured
    # spurious labels: lower is better, both ways
    assert gate.drops({"learned.spurious": 0.31}, {"learned.spurious": 0.28}) == [
        "learned.spurious: 0.3100 > baseline 0.2800 (lower is better)"]
    assert gate.raised({"learned.spurious": 0.25}, {"learned.spurious": 0.28}) == {"learned.spurious": 0.25}
    assert gate.raised({"learned.spurious": 0.31}, {"learned.spurious": 0.28}) == {"learned.spurious": 0.28}

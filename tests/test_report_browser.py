"""The HTML report in a real headless Chromium: the charts and the evidence list render, offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import shared_path
from gold_records import CONFLICT, gold_records
from stancemap.analysis import analyze_records
from stancemap.report import write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run installs it)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    statements, codings, actors, articles, sides = gold_records(shared_path("gold", "seed.yaml"))
    result = analyze_records(statements, codings, CONFLICT, sides, actors, articles)
    path = tmp_path_factory.mktemp("browser") / "report.html"
    write_html(result, path)
    path.with_suffix(".count").write_text(str(len(statements)))
    return path


def test_the_dom_after_scripts_holds_the_charts_and_the_evidence(report, tmp_path):
    run = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=3000", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    charts = re.findall(r'<svg class="timeline-chart"', dom)
    assert len(charts) >= 2
    assert len(re.findall(r'<circle class="point"', dom)) >= 4
    statements = re.findall(r'<li class="statement[^"]*" id="st-', dom)
    expected = int(report.with_suffix(".count").read_text())
    assert len(statements) == expected  # every annotated statement of the seed gold
    # the filter script ran and counted them
    assert f'<span id="shown">{expected} of {expected} statements</span>' in dom
    assert '<mark class="quote">calls for an immediate end to hostilities' in dom
    assert "Supreme Leader's circle" in dom and "diverge" in dom


def test_a_screenshot_of_the_report(report, tmp_path):
    shot = tmp_path / "report.png"
    run = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a rendered page, not a blank one
    kept = Path(__file__).resolve().parent.parent / ".pytest_cache" / "report-screenshot.png"
    kept.parent.mkdir(exist_ok=True)
    shutil.copyfile(shot, kept)

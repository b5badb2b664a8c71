"""The HTML report in a real headless Chromium: the charts and the evidence list render, offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
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


PROBE = """<script>
// Acts as a reader would, after the report's own script, and writes what it saw into the page.
(function () {
  function shown(box) { return Array.prototype.filter.call(box.querySelectorAll("tbody tr"), function (tr) { return !tr.hidden; }); }
  function names(box) { return shown(box).map(function (tr) { return tr.cells[1].textContent; }); }
  function values(box, col) { return shown(box).map(function (tr) { return +tr.cells[col].getAttribute("data-v"); }); }
  var out = {};
  var box = document.getElementById("actors-table");
  var more = box.querySelector("button.show-all");
  var main = document.querySelector("main");
  out.layout = {tableHeight: box.offsetHeight, tableWidth: box.querySelector("table").offsetWidth, mainWidth: main.clientWidth,
                pageHeight: document.documentElement.scrollHeight};
  out.first = names(box);
  out.count = box.querySelector(".table-count").textContent;
  out.button = more.textContent;
  more.click();
  out.all = names(box).length;
  out.layout.allHeight = box.offsetHeight;
  out.countAll = box.querySelector(".table-count").textContent;
  more.click();
  var statements = box.querySelector('th[data-col="4"] button');
  statements.click();
  out.mostStatements = values(box, 4);
  statements.click();
  out.fewestStatements = values(box, 4);
  box.querySelector('th[data-col="1"] button').click();
  out.byName = names(box);
  box.querySelector('th[data-col="0"] button').click();
  out.byRank = names(box);
  var input = box.querySelector("input.table-filter");
  input.value = "Government of";
  input.dispatchEvent(new Event("input"));
  out.filtered = shown(box).map(function (tr) { return tr.getAttribute("data-search"); });
  out.filteredCount = box.querySelector(".table-count").textContent;
  out.openGroups = document.querySelectorAll("details.camp-group[open]").length;
  var target = document.querySelector("li.statement");
  location.hash = "#" + target.id;
  setTimeout(function () {
    out.targetOpened = target.closest("details").open;
    var probe = document.createElement("pre");
    probe.id = "probe";
    probe.textContent = JSON.stringify(out);
    document.body.appendChild(probe);
  }, 200);
})();
</script>
"""


def test_a_reader_filters_sorts_and_shows_all_actors_of_a_large_report(conflict_news_db, tmp_path, cli):
    """The report of 60 conflict-news articles in Chromium: the 30 actors that matter first, then
    every one on demand; sorting and filtering work on all of them; a link opens a closed group."""
    page = tmp_path / "cn.html"
    assert cli("report", "--db", conflict_news_db, "--html", page, "--quiet").exit_code == 0
    actors = json.loads(cli("report", "--db", conflict_news_db, "--json").stdout)["actors"]
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text("utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    run = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=5000", "--window-size=1400,2000", probed.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stdout[-2000:]
    seen = json.loads(unescape(found.group(1)))
    total = len(actors)
    assert total > 30
    assert seen["first"] == [a["actor"] for a in actors[:30]]
    assert seen["count"] == f"showing 30 of {total} actors" and seen["button"] == f"Show all {total}"
    assert seen["all"] == total and seen["countAll"] == f"{total} actors"
    statements = sorted((a["statements"] for a in actors), reverse=True)
    assert seen["mostStatements"] == statements[:30]
    assert seen["fewestStatements"] == sorted(statements)[:30]
    assert seen["byName"] == sorted((a["actor"] for a in actors), key=str.lower)[:30]
    assert seen["byRank"] == seen["first"]
    expected = [a for a in actors if "government of" in f"{a['actor']} {a['camp']}".lower()]
    assert len(seen["filtered"]) == len(expected) > 0  # every match, not only the first 30
    assert all("government of" in s for s in seen["filtered"])
    assert seen["filteredCount"].startswith(f"{len(expected)} actor")
    assert seen["openGroups"] == 0 and seen["targetOpened"] is True
    layout = seen["layout"]
    assert layout["tableWidth"] <= layout["mainWidth"]  # the table fits the page's column
    assert layout["tableHeight"] < 1600 < layout["allHeight"]  # 30 rows, not all of them, until asked
    assert layout["pageHeight"] < 8000

"""The workbench in real headless Chromium (Debian's, driven by Playwright): filter, open a statement,
correct it through the form, and see the correction on the conflict page. Screenshots go to docs/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from serving import SECRET, Served

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parent.parent
# The screenshots of docs/serve.md: written there with STANCEMAP_SCREENSHOTS=docs, else kept out of the tree.
DOCS = REPO / ("docs" if os.environ.get("STANCEMAP_SCREENSHOTS") == "docs" else ".pytest_cache")
CAMP = "International / European Union"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not shutil.which("chromium"),
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def page(examples_db, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    DOCS.mkdir(exist_ok=True)
    served = Served(examples_db, tmp_path_factory.mktemp("browser") / "store.duckdb")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.base_url = served.url
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.errors = errors
        yield tab
        browser.close()
    served.stop()


def _matrix_cell(page, camp: str, side: str) -> str:
    row = page.locator("table.matrix tbody tr", has=page.locator("td a", has_text=camp))
    return row.locator(f'td[data-side="{side}"] .lean').inner_text()


def test_filter_open_correct_and_see_it_on_the_conflict_page(page):
    base = page.base_url
    page.goto(f"{base}/conflicts/armenia-azerbaijan")
    assert _matrix_cell(page, CAMP, "Armenia") == "neutral"
    page.wait_for_selector("svg.timeline-chart circle.point")  # the camp timelines were drawn
    charts_before = page.locator("svg.timeline-chart").count()
    page.fill("#zoom-from", "2020-10-08")
    page.dispatch_event("#zoom-from", "change")
    assert 1 <= page.locator("svg.timeline-chart").count() <= charts_before

    # filter on the search page
    page.goto(f"{base}/search")
    page.select_option("select[name=camp]", CAMP)
    page.fill("input[name=actor]", "Borrell")
    page.click("form#filters button[type=submit]")
    page.wait_for_url("**/search?**camp=**")
    assert page.inner_text("#total") == "2 statements"
    assert page.locator("tr.result").count() == 2
    page.screenshot(path=str(DOCS / "serve-search.png"), full_page=False)

    # open a statement
    page.locator("tr.result a.open").first.click()
    page.wait_for_selector("#sentence mark.cue")
    assert page.locator("#sentence mark.speaker").count() >= 1
    # correct it through the form
    page.fill("input[name=token]", SECRET)
    page.select_option('select[name=stance][data-side="Armenia"]', "oppose")
    page.fill("textarea[name=note]", "Borrell blames Yerevan here")
    page.click("form#correction button[type=submit]")
    page.wait_for_selector("ol.history .note")
    assert "Borrell blames Yerevan here" in page.inner_text("ol.history")
    assert "oppose" in page.inner_text('td.cur-stance[data-side="Armenia"]')
    page.screenshot(path=str(DOCS / "serve-statement.png"), full_page=True)

    # the conflict page counts the corrected value
    page.goto(f"{base}/conflicts/armenia-azerbaijan")
    assert _matrix_cell(page, CAMP, "Armenia") == "oppose"
    assert "1 corrected by analysts" in page.inner_text("p.meta")
    page.wait_for_selector("svg.timeline-chart circle.point")
    page.screenshot(path=str(DOCS / "serve-conflict.png"), full_page=False)
    assert page.errors == []


def test_a_wrong_token_is_refused_in_the_page(page):
    page.goto(f"{page.base_url}/search?actor=Lavrov")
    page.locator("tr.result a.open").first.click()
    page.fill("input[name=token]", "not-the-token")
    page.fill("input[name=speaker]", "Someone else")
    page.click("form#correction button[type=submit]")
    # a selector, not a JavaScript string: the page's CSP forbids eval, which wait_for_function needs when it polls
    page.wait_for_selector("#correction-status:has-text('refused')")
    assert "refused (403)" in page.inner_text("#correction-status")
    assert "None: these are the machine's values." in page.inner_text("ol.history")


def test_the_network_is_drawn(page):
    page.goto(f"{page.base_url}/network")
    page.wait_for_selector("#network svg path.edge")
    assert page.locator("#network svg g.node").count() >= 3
    page.screenshot(path=str(DOCS / "serve-network.png"), full_page=False)

"""Article text and file names that try to drive the terminal, the Markdown renderer or the
browser (issue 16): every command's output shows them as inert text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from stancemap.store.db import Store

CONFLICT = "armenia-azerbaijan"

# Escape sequences an attacker would put in a page: clear screen, clipboard write (OSC 52),
# window title, a hidden hyperlink (OSC 8), an 8-bit CSI, a bidi override and a bell.
NASTY = ("\x1b[2J\x1b[H" "\x1b]52;c;ZXZpbA==\x07" "\x1b]0;PWNED\x07" "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
         "\x9b31m" "\u202egnp.exe" "\x07")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKUP_NAME = "[link=evil.example]click.txt"


def _article(speaker: str, extra: str) -> str:
    sentences = [
        f"Foreign Minister {speaker} said on October 5, 2020 that Azerbaijan must stop the shelling {extra} and return to talks.",
        f"{speaker} told reporters that Armenia supports a ceasefire <script>alert('md')</script> mediated by Russia.",
        f"According to {speaker}, the attacks on Stepanakert [click](javascript:alert(1)) were a crime :warning: **bold**.",
    ]
    return " ".join(sentences * 2)


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / MARKUP_NAME).write_text(f"Title [bold]x[/bold] {NASTY}\n\n" + _article("Zohrab Mnatsakanyan", NASTY), encoding="utf-8")
    (folder / f"esc{NASTY[:8]}name.txt").write_text("Second title\n\n" + _article("Anna Naghdalyan", "[/]"), encoding="utf-8")
    return folder


def _clean(text: str) -> None:
    found = RAW_CONTROL.findall(text)
    assert not found, f"raw control characters reached the output: {found[:10]}"


def test_no_command_lets_input_drive_the_terminal(cli, db, hostile, tmp_path):
    md_file = tmp_path / "report.md"
    runs = {
        "analyze": cli("analyze", hostile, "--db", db, "--conflict", CONFLICT, "--md", md_file),
        "report": cli("report", "--db", db, "--conflict", CONFLICT),
        "report --md -": cli("report", "--db", db, "--conflict", CONFLICT, "--md", "-"),
        "report --json": cli("report", "--db", db, "--conflict", CONFLICT, "--json"),
        "articles": cli("articles", "--db", db),
        "articles --body": cli("articles", "--db", db, "--body"),
        "statements": cli("statements", "--db", db),
        "actors": cli("actors", "--db", db),
        "export": cli("export", "--db", db),
        "export jsonl": cli("export", "--db", db, "--format", "jsonl"),
        "export cameo": cli("export", "--db", db, "--format", "cameo"),
    }
    with Store(db, read_only=True) as store:
        first = store.articles()[0].id
        assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] > 0
    runs["show"] = cli("show", first, "--db", db)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(hostile / MARKUP_NAME, copy / MARKUP_NAME)
    runs["ingest"] = cli("ingest", copy / MARKUP_NAME, hostile / "nope[/x].txt", "--db", db)
    for name, result in runs.items():
        assert result.exit_code in (0, 1), (name, result.output)
        _clean(result.stdout + result.stderr)
    # the escapes are shown, not dropped: a reader sees that the text carried them
    assert "\\x1b[2J" in runs["articles --body"].stdout
    # rich markup and emoji codes from input stay text
    assert f"duplicate {first}: {copy / MARKUP_NAME}" in runs["ingest"].stderr  # the name as it is, no hidden link
    assert f"failed {hostile / 'nope[/x].txt'}: no such file or directory" in runs["ingest"].stderr
    assert "[bold]x[/bold]" in runs["show"].stdout
    assert ":warning:" in runs["statements"].stdout.replace("\n", " ") or ":warning:" in runs["articles --body"].stdout
    assert "\u26a0" not in "".join(r.stdout for r in runs.values())
    # JSON stays JSON, with the controls escaped
    json.loads(runs["report --json"].stdout)
    for line in runs["export jsonl"].stdout.splitlines():
        json.loads(line)


def test_markdown_report_is_inert_when_rendered(cli, db, tmp_path):
    live = "<script>alert('md')</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)> **bold**"
    (tmp_path / "news.txt").write_text("Ceasefire\n\n" + _article("Zohrab Mnatsakanyan", live), encoding="utf-8")
    md_file = tmp_path / "report.md"
    result = cli("analyze", tmp_path / "news.txt", "--db", db, "--conflict", CONFLICT, "--md", md_file, "--quiet")
    assert result.exit_code == 0, result.output
    markdown = md_file.read_text("utf-8")
    assert "Mnatsakanyan" in markdown
    _clean(markdown)
    rendered = MarkdownIt("commonmark").render(markdown)  # what a CommonMark renderer makes of it
    assert "<script" not in rendered.lower() and "<img" not in rendered.lower()
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered)).lower()
    assert "&lt;script&gt;" in rendered  # shown as text
    assert "<strong>bold</strong>" not in rendered  # article text makes no emphasis either


def test_a_failure_location_with_markup_characters_does_not_stop_analyze(cli, db, tmp_path):
    folder = tmp_path / "in"
    (folder / "bad[").mkdir(parents=True)
    (folder / "bad[" / "x].txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "news.txt").write_text("Ceasefire\n\n" + _article("Zohrab Mnatsakanyan", ""), encoding="utf-8")
    html = tmp_path / "r.html"
    result = cli("analyze", folder, "--db", db, "--conflict", CONFLICT, "--html", html)
    assert result.exit_code == 1  # the image failed; the rest is reported
    assert html.exists()
    assert "bad[/x].txt:notatextorHTMLpage" in "".join(result.stderr.split())  # printed as it is


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Clicks every link whose target would run script (a `javascript:` URL that evaluates to a
# string replaces the page with that string).
CLICKER = """<script>
window.addEventListener('load', () => {
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.protocol === 'javascript:' || a.protocol === 'data:' || a.protocol === 'vbscript:') a.click();
  }
});
</script>"""


def _page_after_clicks(tmp_path: Path, page: str) -> str:
    copy = tmp_path / "clicked.html"
    copy.write_text(page.replace("</body>", CLICKER + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom",
                          copy.as_uri()], capture_output=True, text=True, timeout=120)
    assert "<body" in out.stdout, out.stderr[-2000:]
    return out.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_clicking_every_link_of_the_html_report_runs_nothing(cli, db, tmp_path):
    # The harness sees a script link when there is one ...
    assert "PWNED" in _page_after_clicks(tmp_path, "<html><head><title>t</title></head><body>"
                                                   "<a href=\"javascript:document.title='PWNED'\">x</a></body></html>")
    # ... and the report made from a feed whose entry link is one has none.
    body = "".join(f"<p>Armenian Foreign Minister Zohrab Mnatsakanyan said on October {d}, 2020 that Azerbaijan "
                   f"had violated the ceasefire agreed in Moscow, and urged talks.</p>" for d in range(5, 11))
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<link>https://wire.example/</link><description>x</description>
<item><title>Clickable</title><link>javascript:document.title='PWNED'</link>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>""", encoding="utf-8")
    report = tmp_path / "r.html"
    assert cli("analyze", feed, "--db", db, "--conflict", CONFLICT, "--html", report, "--quiet").exit_code == 0
    page = report.read_text("utf-8")
    assert "Mnatsakanyan" in page and "PWNED" not in page
    after = _page_after_clicks(tmp_path, page)
    assert "Mnatsakanyan" in after and "PWNED" not in after

"""URLs, feeds and WARCs against a real HTTP server on 127.0.0.1 (so every run passes
--allow-private-addresses) and real files built in the test:
fetch limits (404, timeout, redirects, size cap, schemes), feed entries, WARC records, truncation,
and a run killed mid-way that loses nothing and resumes."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import EXAMPLE_FILES, EXAMPLES, REPO
from stancemap.ingest.downloads import USER_AGENT
from stancemap.store.db import Store

SPEAKERS = ["the foreign minister", "a government spokesman", "the opposition leader", "the ambassador", "the defence ministry"]


def article_html(title: str, n: int) -> bytes:
    """A small but complete news page whose body differs with n."""
    paragraphs = "".join(
        f"<p>On day {n}, {speaker} said that talks on the ceasefire would continue in city number {n + i}, "
        f"and that the delegation expected answers on the {i + 1}th point of the plan before the weekend.</p>"
        for i, speaker in enumerate(SPEAKERS)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='Local Test Wire'>"
        f"<meta property='article:published_time' content='2020-10-{n % 28 + 1:02d}T10:30:00Z'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>© Local Test Wire</footer></body></html>"
    ).encode("utf-8")


class Site:
    """Routes of the local server: path -> (status, headers, body, delay seconds)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, user agent)
        self.base = ""

    def add(self, path: str, body: bytes = b"", status: int = 200, headers: dict | None = None, delay: float = 0.0):
        self.routes[path] = (status, headers or {"Content-Type": "text/html; charset=utf-8"}, body, delay)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path.startswith("/redirect/"):
                hops = int(self.path.rsplit("/", 1)[1])
                self.send_response(302)
                self.send_header("Location", f"/redirect/{hops - 1}" if hops > 1 else "/page/1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, headers, body, delay = state.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not here", 0.0))
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    for n in range(1, 6):
        state.add(f"/page/{n}", article_html(f"Ceasefire talks, day {n}", n))
    yield state
    server.shutdown()
    server.server_close()


def _json(result):
    return json.loads(result.stdout)


def test_urls_from_arguments_and_url_file(cli, db, site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# morning list\n{site.url('/page/2')}\n\n{site.url('/page/3')}\nnot a url\n", encoding="utf-8")
    result = cli("ingest", "--allow-private-addresses", site.url("/page/1"), "--urls", urls, "--db", db, "--json")
    summary = _json(result)
    assert result.exit_code == 1  # the "not a url" line is a recorded failure
    assert summary["added"] == 3
    assert [f["reason"] for f in summary["failures"]] == ["not a URL: 'not a url'"]
    assert summary["failures"][0]["source"].endswith("urls.txt:5")
    with Store(db) as store:
        articles = store.articles()
        assert {a.title for a in articles} == {"Ceasefire talks, day 1", "Ceasefire talks, day 2", "Ceasefire talks, day 3"}
        assert all(a.publisher == "Local Test Wire" and a.format == "html" for a in articles)
        assert sorted(store.sources(a.id)[0] for a in articles) == [site.url(f"/page/{n}") for n in (1, 2, 3)]
    # Every request carried the stancemap user agent.
    assert {ua for _, ua in site.requests} == {USER_AGENT}


def test_fetch_failures_404_timeout_redirects_size_scheme(cli, db, site):
    site.add("/slow", article_html("Slow", 9), delay=3.0)
    site.add("/huge", b"<html><body>" + b"<p>padding</p>" * 20000 + b"</body></html>")
    site.add("/gone", b"removed", status=404, headers={"Content-Type": "text/plain"})
    result = cli(
        "ingest", "--allow-private-addresses", site.url("/gone"), site.url("/slow"), site.url("/redirect/9"), site.url("/huge"),
        "ftp://127.0.0.1/file.html", site.url("/redirect/3"),
        "--db", db, "--json", "--timeout", "0.5", "--max-bytes", "100000",
    )
    assert result.exit_code == 1
    summary = _json(result)
    reasons = {f["source"]: f["reason"] for f in summary["failures"]}
    assert reasons[site.url("/gone")] == "HTTP 404 Not Found"
    assert reasons[site.url("/slow")].startswith("timed out after 0.5 s")
    assert reasons[site.url("/redirect/9")] == "more than 5 redirects"
    assert "size cap of 100,000" in reasons[site.url("/huge")]
    assert "unsupported URL scheme 'ftp'" in reasons["ftp://127.0.0.1/file.html"]
    # Three redirects are followed to the page.
    assert summary["added"] == 1 and summary["articles"][0]["source"] == site.url("/redirect/3")


def test_content_encoding_and_gzip_bodies(cli, db, site):
    site.add("/encoded", gzip.compress(article_html("Encoded", 11)), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    site.add("/file.html.gz", gzip.compress(article_html("Gzip file", 12)), headers={"Content-Type": "application/gzip"})
    summary = _json(cli("ingest", "--allow-private-addresses", site.url("/encoded"), site.url("/file.html.gz"), "--db", db, "--json"))
    assert summary["added"] == 2 and summary["failed"] == 0


def _rss(site: Site) -> bytes:
    when = format_datetime(datetime(2020, 10, 12, 9, 0, tzinfo=timezone.utc))
    full_text = "".join(f"<p>Full feed text paragraph {i}: the envoy said the talks in Geneva would resume next week.</p>" for i in range(6))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Local Test Wire</title><link>{site.base}/</link><description>Test feed</description>
<item><title>Ceasefire talks, day 4</title><link>{site.url('/page/4')}</link><pubDate>{when}</pubDate></item>
<item><title>Envoy expects talks to resume</title><link>{site.url('/removed-but-full-text')}</link><pubDate>{when}</pubDate>
  <category>Diplomacy</category><content:encoded><![CDATA[{full_text}]]></content:encoded></item>
<item><title>Teaser only</title><link>{site.url('/removed-teaser')}</link><description>Short teaser.</description></item>
</channel></rss>""".encode("utf-8")


def test_feed_url_fetches_entries_and_falls_back_to_full_text(cli, db, site):
    site.add("/feed.xml", _rss(site), headers={"Content-Type": "application/rss+xml"})
    result = cli("ingest", "--allow-private-addresses", site.url("/feed.xml"), "--db", db, "--json")
    summary = _json(result)
    assert result.exit_code == 1 and summary["added"] == 2
    assert [f["source"] for f in summary["failures"]] == [site.url("/removed-teaser")]
    assert summary["failures"][0]["reason"] == "HTTP 404 Not Found, and the feed carries no full text for it"
    with Store(db) as store:
        by_title = {a.title: a for a in store.articles()}
    fetched = by_title["Ceasefire talks, day 4"]
    assert fetched.format == "html" and store_sources_ok(db, fetched.id, site.url("/page/4"))
    from_feed = by_title["Envoy expects talks to resume"]
    assert from_feed.format == "feed-entry"
    assert from_feed.published == "2020-10-12T09:00" and from_feed.tags == ["Diplomacy"]
    assert from_feed.body.startswith("Full feed text paragraph 0:")


def store_sources_ok(db, article_id, location) -> bool:
    with Store(db) as store:
        return store.sources(article_id) == [location]


def test_feed_file_and_atom(cli, db, site, tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:test</id><updated>2020-10-12T09:00:00Z</updated>
<entry><title>Day five</title><id>urn:5</id><updated>2020-10-12T09:00:00Z</updated><link href="{site.url('/page/5')}"/></entry>
</feed>"""
    (tmp_path / "wire.atom").write_text(atom, encoding="utf-8")
    (tmp_path / "news.rss.gz").write_bytes(gzip.compress(_rss(site)))
    summary = _json(cli("ingest", "--allow-private-addresses", tmp_path / "wire.atom", tmp_path / "news.rss.gz", "--db", db, "--json"))
    assert summary["added"] == 3 and summary["failed"] == 1
    titles = {a["title"] for a in summary["articles"]}
    assert titles == {"Ceasefire talks, day 5", "Ceasefire talks, day 4", "Envoy expects talks to resume"}


def _warc(pages: list[tuple[str, bytes]], gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for uri, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    not_found = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://wire.example/missing", "response", payload=io.BytesIO(b"<html>gone</html>"), http_headers=not_found))
    return buffer.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_files_and_truncated_warc(cli, db, tmp_path, gz):
    pages = [(f"http://wire.example/{n}", article_html(f"Archived day {n}", 20 + n)) for n in range(3)]
    suffix = ".warc.gz" if gz else ".warc"
    whole = _warc(pages, gz)
    (tmp_path / f"crawl{suffix}").write_bytes(whole)
    summary = _json(cli("ingest", "--allow-private-addresses", tmp_path / f"crawl{suffix}", "--db", db, "--json"))
    assert summary["added"] == 3 and summary["failed"] == 0  # the 404 record is skipped, not a failure
    sources = sorted(a["source"] for a in summary["articles"])
    assert sources == [f"{tmp_path / f'crawl{suffix}'}#http://wire.example/{n}" for n in range(3)]

    other = tmp_path / "other"
    other.mkdir()
    cut = _warc([(f"http://wire.example/cut/{n}", article_html(f"Cut day {n}", 40 + n)) for n in range(3)], gz)
    (other / f"cut{suffix}").write_bytes(cut[: int(len(cut) * 0.55)])
    result = cli("ingest", "--allow-private-addresses", other, "--db", db, "--json")
    summary = _json(result)
    assert result.exit_code == 1
    assert summary["added"] >= 1  # records before the damage are kept
    (failure,) = summary["failures"]
    assert "truncated WARC" in failure["reason"] and failure["source"].endswith(f"cut{suffix}")


def test_warc_served_over_http(cli, db, site):
    site.add("/crawl.warc.gz", _warc([("http://wire.example/x", article_html("Served archive", 60))], True), headers={"Content-Type": "application/warc"})
    summary = _json(cli("ingest", "--allow-private-addresses", site.url("/crawl.warc.gz"), "--db", db, "--json"))
    assert summary["added"] == 1
    assert summary["articles"][0]["source"] == site.url("/crawl.warc.gz") + "#http://wire.example/x"


def test_killed_run_keeps_what_was_stored_and_resumes(db, site, tmp_path):
    site.add("/hang", article_html("Hanging page", 70), delay=60.0)
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([site.url("/page/1"), site.url("/page/2"), site.url("/hang")]), encoding="utf-8")
    command = [sys.executable, "-c", "from stancemap.cli import app; app()", "ingest", "--allow-private-addresses", "--urls", str(urls), "--db", str(db), "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any(path == "/hang" for path, _ in site.requests):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the run never reached the third URL"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with Store(db) as store:
        assert sorted(a.title for a in store.articles()) == ["Ceasefire talks, day 1", "Ceasefire talks, day 2"]

    site.add("/hang", article_html("Hanging page", 70))  # the server answers now
    rerun = subprocess.run([*command[:-1], "--json"], env=env, capture_output=True, text=True, timeout=120)
    summary = json.loads(rerun.stdout)
    assert rerun.returncode == 0, rerun.stderr
    assert summary["skipped"] == 2 and summary["added"] == 1
    assert summary["articles"][0]["title"] == "Hanging page"


def test_bundled_examples_served_over_http(cli, db, site):
    site.add("/moscow", (EXAMPLES / "moscow-truce.html").read_bytes())
    site.add("/ceasefire.txt", (EXAMPLES / "ceasefire-calls.txt").read_bytes(), headers={"Content-Type": "text/plain; charset=utf-8"})
    summary = _json(cli("ingest", "--allow-private-addresses", site.url("/moscow"), site.url("/ceasefire.txt"), EXAMPLES, "--db", db, "--json"))
    # Two articles from two places each (URL first, then the folder): both duplicates keep every location.
    assert summary["added"] == len(EXAMPLE_FILES) and summary["duplicates"] == 2
    with Store(db) as store:
        counts = sorted(len(store.sources(a.id)) for a in store.articles())
        assert counts == [1] * (len(EXAMPLE_FILES) - 2) + [2, 2]


def test_ctrl_c_stops_cleanly_and_keeps_what_was_stored(db, site, tmp_path):
    site.add("/hang", article_html("Hanging page", 71), delay=60.0)
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([site.url("/page/3"), site.url("/hang")]), encoding="utf-8")
    command = [sys.executable, "-c", "from stancemap.cli import app; app()", "ingest", "--allow-private-addresses", "--urls", str(urls), "--db", str(db)]
    # Ctrl-C as a terminal sends it: a suite run in the background (a shell's "&") starts with SIGINT
    # ignored, which the child would inherit, and Python then never raises KeyboardInterrupt
    proc = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not any(path == "/hang" for path, _ in site.requests):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr[-3000:]
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    with Store(db) as store:
        assert [a.title for a in store.articles()] == ["Ceasefire talks, day 3"]

"""Hostile servers against the real CLI (issue 16): SSRF by URL, redirect and feed entry;
clickable `javascript:` links; slow headers; compression bombs in every layer.

Servers listen on 127.0.0.1 and 127.0.0.2 only: the address a test must never reach is
the second one, so a broken guard shows up as a request on it, never as traffic to
anywhere else.
"""

from __future__ import annotations

import gzip
import ipaddress
import io
import json
import time
import zlib

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hostile import LocalServer, gzip_of_spaces, page, run_measured, send
from stancemap.ingest.downloads import GuardedBackend, AddressRefused, address_problem
from stancemap.store.db import Store

BOMB = 1 << 30  # 1 GiB of spaces inside every bomb; the CLI runs with a far smaller --max-bytes
MEMORY_LIMIT_MB = 500


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    inner = gzip_of_spaces(BOMB)
    return {"gzip": inner, "double": gzip.compress(inner, 9)}


@pytest.fixture
def server():
    with LocalServer("127.0.0.1") as s:
        yield s


@pytest.fixture
def inside():
    """A server on a second loopback address: the "internal" host no fetch may reach."""
    with LocalServer("127.0.0.2") as s:
        s.routes["/secret"] = lambda h: send(h, 200, b"<html><body><p>internal admin panel</p>" * 50 + b"</body></html>")
        yield s


def _json(result) -> dict:
    return json.loads(result.stdout)


def _reasons(summary: dict) -> dict[str, str]:
    return {f["source"]: f["reason"] for f in summary["failures"]}


# --- SSRF ----------------------------------------------------------------------------


@pytest.mark.parametrize("ip, problem", [
    ("127.0.0.1", "loopback"), ("127.0.0.2", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("100.64.0.1", "not a public"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "link-local"), ("64:ff9b::a9fe:a9fe", "link-local"),
    ("2002:7f00:1::", "loopback"),
])
def test_non_public_addresses_are_named(ip, problem):
    assert problem in address_problem(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses_pass(ip):
    assert address_problem(ipaddress.ip_address(ip)) is None


def test_a_name_is_checked_on_the_address_it_resolves_to():
    # "localhost" is a name: the check is on what it resolves to, and nothing connects.
    with pytest.raises(AddressRefused, match="loopback"):
        GuardedBackend().connect_tcp("localhost", 9)
    for spelling in ("2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:7f00:1]"):  # 127.0.0.1 spelt otherwise
        with pytest.raises(AddressRefused, match="loopback"):
            GuardedBackend().connect_tcp(spelling, 9)


def test_loopback_urls_are_refused_by_default_and_recorded(cli, db, inside):
    urls = [inside.url("/secret"), inside.url("/secret").replace("127.0.0.2", "localhost"),
            f"http://[::1]:{inside.server.server_address[1]}/secret"]
    result = cli("ingest", *urls, "--db", db, "--json")
    summary = _json(result)
    assert result.exit_code == 1 and summary["added"] == 0
    reasons = _reasons(summary)
    assert set(reasons) == set(urls)
    for url in urls:
        assert "refused to connect" in reasons[url] and "loopback address" in reasons[url]
        assert "--allow-private-addresses" in reasons[url]
    assert inside.requests == []  # nothing ever reached the internal server
    with Store(db, read_only=True) as store:
        assert {f["source"] for f in store.failures()} == set(urls)
    # The user's own choice: the same URL with the option is fetched.
    allowed = _json(cli("ingest", inside.url("/secret"), "--db", db, "--json", "--allow-private-addresses"))
    assert allowed["added"] == 1 and inside.requests == ["/secret"]


def test_every_redirect_hop_is_checked(cli, db, server, inside):
    def to(location):
        return lambda h: send(h, 302, b"", headers={"Location": location})

    server.routes["/to-inside"] = to(inside.url("/secret"))
    server.routes["/to-inside-by-name"] = to(inside.url("/secret").replace("127.0.0.2", "localhost"))
    server.routes["/hop"] = to("/to-inside")  # a relative hop first, then out
    server.routes["/to-file"] = to("file:///etc/passwd")
    server.routes["/page"] = lambda h: send(h, 200, page("Allowed page", 1))
    server.routes["/to-page"] = to("/page")
    sources = [server.url(p) for p in ("/to-inside", "/to-inside-by-name", "/hop", "/to-file", "/to-page")]
    # 127.0.0.1 is allowed by the user; 127.0.0.2 is not, nor is localhost's other names.
    result = cli("ingest", *sources, "--db", db, "--json", "--allow-address", "127.0.0.1/32")
    summary = _json(result)
    reasons = _reasons(summary)
    assert summary["added"] == 1 and summary["articles"][0]["title"] == "Allowed page"
    assert "refused to connect to 127.0.0.2: a loopback address" in reasons[server.url("/to-inside")]
    assert "refused to connect" in reasons[server.url("/hop")]
    # localhost resolves to 127.0.0.1 (allowed) and possibly ::1 (not): either it is refused or it
    # reaches 127.0.0.1's port, which is not the internal server's; the internal server is never reached.
    assert "fetch failed" in reasons[server.url("/to-file")] or "non-http" in reasons[server.url("/to-file")]
    assert inside.requests == []


def test_feed_entries_on_internal_addresses_are_refused(cli, db, server, inside):
    long_text = "".join(f"<p>Paragraph {i}: the envoy said the talks in Geneva would resume next week.</p>" for i in range(6))
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<link>{server.base}/</link><description>x</description>
<item><title>Internal</title><link>{inside.url('/secret')}</link></item>
<item><title>Internal with text</title><link>{inside.url('/secret')}?2</link><content:encoded><![CDATA[{long_text}]]></content:encoded></item>
<item><title>Public page</title><link>{server.url('/page')}</link></item>
</channel></rss>""".encode()
    server.routes["/feed.xml"] = lambda h: send(h, 200, feed, "application/rss+xml")
    server.routes["/page"] = lambda h: send(h, 200, page("Public page", 2))
    result = cli("ingest", server.url("/feed.xml"), "--db", db, "--json", "--allow-address", "127.0.0.1")
    summary = _json(result)
    assert inside.requests == []
    reasons = _reasons(summary)
    assert "refused to connect to 127.0.0.2" in reasons[inside.url("/secret")]
    assert "and the feed carries no full text" in reasons[inside.url("/secret")]
    # the entry that carries its own full text is kept from the feed, without fetching
    titles = {a["title"] for a in summary["articles"]}
    assert titles == {"Public page", "Internal with text"}


# --- links ---------------------------------------------------------------------------


def test_javascript_links_are_not_stored_nor_clickable(cli, db, tmp_path):
    body = "".join(f"<p>Armenian Foreign Minister Zohrab Mnatsakanyan said on October {d}, 2020 that Azerbaijan "
                   f"had violated the ceasefire agreed in Moscow, and urged talks.</p>" for d in range(5, 11))
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<link>https://wire.example/</link><description>x</description>
<item><title>Clickable</title><link>javascript:document.title='PWNED'</link>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"""
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    page_html = ("<html><head><title>Canonical trick</title><link rel='canonical' href='javascript:alert(1)'>"
                 "<meta property='og:url' content='javascript:alert(2)'></head><body><article>"
                 + body.replace("Mnatsakanyan", "Mnatsakanyan (again)") + "</article></body></html>")
    (tmp_path / "page.html").write_text(page_html, encoding="utf-8")
    result = cli("analyze", tmp_path / "feed.xml", tmp_path / "page.html", "--db", db, "--conflict", "armenia-azerbaijan",
                 "--html", tmp_path / "r.html", "--md", tmp_path / "r.md", "--quiet")
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        articles = store.articles()
        assert {a.title for a in articles} == {"Clickable", "Canonical trick"}
        assert [a.url for a in articles] == [None, None]  # neither claimed URL is kept
    html = (tmp_path / "r.html").read_text("utf-8")
    md = (tmp_path / "r.md").read_text("utf-8")
    assert "Mnatsakanyan" in html and "Mnatsakanyan" in md
    assert "javascript:" not in html.lower() and "javascript:" not in md.lower()


# --- time ----------------------------------------------------------------------------


def test_slow_headers_hit_the_overall_deadline(cli, db, server):
    def drip(h):
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        h.wfile.flush()
        for _ in range(600):  # a minute of one byte every 0.1 s, never ending the headers
            h.wfile.write(b"a")
            h.wfile.flush()
            time.sleep(0.1)

    server.routes["/drip"] = drip
    result = cli("ingest", server.url("/drip"), "--db", db, "--json", "--timeout", "0.5", "--allow-private-addresses")
    (reason,) = _reasons(_json(result)).values()
    assert "took longer than 1.5 s for the whole exchange" in reason


# --- size ----------------------------------------------------------------------------


def _fine_record() -> bytes:
    """An ordinary gzipped WARC record after the bomb: reading must go on past it."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://wire.example/fine", "response",
                                                  payload=io.BytesIO(page("After the bomb", 3)), http_headers=http))
    return buffer.getvalue()


def _encoded_bomb_warc(gzipped_body: bytes) -> bytes:
    """A WARC whose record payload is sent with Content-Encoding: gzip (a bomb inside)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://wire.example/encoded-bomb", "response",
                                                  payload=io.BytesIO(gzipped_body), http_headers=http))
    return buffer.getvalue() + _fine_record()


def _member_bomb_warc() -> bytes:
    """A gzipped WARC whose first record (one gzip member) decompresses to 1 GiB; written by
    hand a MiB at a time, never whole in memory."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://wire.example/member-bomb\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2020-10-10T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {len(http) + BOMB}\r\n\r\n".encode() + http)
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = bytearray(comp.compress(head))
    block = b" " * (1 << 20)
    for _ in range(BOMB >> 20):
        out += comp.compress(block)
    out += comp.compress(b"\r\n\r\n") + comp.flush()
    return bytes(out) + _fine_record()


def test_compression_bombs_stop_at_the_cap_in_every_layer(db, server, bombs, tmp_path):
    server.routes["/double"] = lambda h: send(h, 200, bombs["double"], headers={"Content-Encoding": "gzip, gzip"})
    server.routes["/single"] = lambda h: send(h, 200, bombs["gzip"], headers={"Content-Encoding": "gzip"})
    server.routes["/file.gz"] = lambda h: send(h, 200, bombs["gzip"], "application/gzip")
    server.routes["/both"] = lambda h: send(h, 200, bombs["double"], "application/gzip", headers={"Content-Encoding": "gzip"})
    server.routes["/fine"] = lambda h: send(h, 200, page("Fine page", 4))
    (tmp_path / "bomb.html.gz").write_bytes(bombs["gzip"])
    (tmp_path / "member.warc.gz").write_bytes(_member_bomb_warc())
    (tmp_path / "encoded.warc.gz").write_bytes(_encoded_bomb_warc(bombs["gzip"]))
    urls = [server.url(p) for p in ("/double", "/single", "/file.gz", "/both", "/fine")]
    run = run_measured(
        "ingest", *urls, tmp_path / "bomb.html.gz", tmp_path / "member.warc.gz", tmp_path / "encoded.warc.gz",
        "--db", db, "--json", "--max-bytes", "5000000", "--allow-private-addresses",
    )
    summary = json.loads(run.stdout)
    reasons = _reasons(summary)
    bombs_at = urls[:4] + [str(tmp_path / "bomb.html.gz"), f"{tmp_path / 'member.warc.gz'}#http://wire.example/member-bomb",
                           f"{tmp_path / 'encoded.warc.gz'}#http://wire.example/encoded-bomb"]
    assert sorted(reasons) == sorted(bombs_at), reasons
    for where in bombs_at:
        assert "size cap of 5,000,000 bytes" in reasons[where], (where, reasons[where])
    assert "decompressed" in reasons[urls[0]]  # the double Content-Encoding stops while decompressing
    assert sorted(a["title"] for a in summary["articles"]) == ["After the bomb", "Fine page"]
    print(f"peak memory {run.peak_mb:.0f} MB")
    assert run.peak_mb < MEMORY_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"

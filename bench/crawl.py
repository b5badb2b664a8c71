"""Crawl-shaped inputs built from ../shared/data, for the scale benchmark (bench/scale.py).

- `mixed_texts`: a mixed crawl where at most a tenth of the articles are about the
  Karabakh war (the unreserved conflict-news articles among PolNeAR's US politics, the
  Syria corpus and the pages of the extraction benchmark);
- `write_warc`: those documents as WARC response records, repeated (each copy marked, so
  it is a new article) until the gzipped archive reaches a size, with the records a real
  crawl has around them: a request before each response, a metadata record, now and then
  a 404 and an image.

Run: .venv/bin/python bench/crawl.py OUT.warc.gz [MEGABYTES]   (default 1024)
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from shared_data import unreserved_articles  # bench/ is the scripts' folder

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
ON_TOPIC_SHARE = 0.10


def karabakh() -> list[tuple[str, str, bytes]]:
    """(name, content type, bytes) of the unreserved Karabakh articles."""
    files = unreserved_articles("conflict-news")
    return [(f"karabakh/{p.name}", "text/plain; charset=utf-8", p.read_bytes()) for p in files]


def off_topic() -> list[tuple[str, str, bytes]]:
    """PolNeAR's texts, the Syria corpus and the extraction benchmark's HTML pages."""
    out = []
    for split in ("train", "dev"):
        out += [(f"polnear/{p.name}", "text/plain; charset=utf-8", p.read_bytes())
                for p in sorted((SHARED / "polnear" / split / "text").glob("*.txt"))]
    out += [(f"syria/{p.name}", "text/plain; charset=utf-8", p.read_bytes())
            for p in sorted((SHARED / "syria-news" / "articles").glob("*.txt"))]
    out += [(f"pages/{p.name.removesuffix('.gz')}", "text/html; charset=utf-8", gzip.decompress(p.read_bytes()))
            for p in sorted((SHARED / "article-extraction-benchmark" / "html").glob("*.html.gz"))]
    if not out:
        raise SystemExit(f"no texts under {SHARED}: the shared data sets sit beside the repository")
    return out


def mixed_documents() -> list[tuple[str, str, bytes]]:
    """Every off-topic document and as many Karabakh articles as keep them at most ON_TOPIC_SHARE."""
    others = off_topic()
    keep = int(ON_TOPIC_SHARE * len(others) / (1 - ON_TOPIC_SHARE))
    on = karabakh()[:keep]
    # spread them through the crawl rather than in one run
    step = max(1, len(others) // max(1, len(on)))
    out: list[tuple[str, str, bytes]] = []
    for i, doc in enumerate(others):
        out.append(doc)
        if i % step == 0 and on:
            out.append(on.pop(0))
    return out + on


def marked(data: bytes, content_type: str, copy: int) -> bytes:
    """A copy of a document that is a new article: a line saying which copy, where the text ends."""
    if not copy:
        return data
    note = f"(copy {copy})".encode()
    if content_type.startswith("text/html"):
        at = data.lower().rfind(b"</body>")
        return data[:at] + b"<p>" + note + b"</p>" + data[at:] if at >= 0 else data + note
    return data + b"\n\n" + note


def write_warc(path: Path, min_bytes: int, documents: list[tuple[str, str, bytes]] | None = None) -> dict[str, int]:
    """Write the documents as a gzipped WARC of at least min_bytes (one round at least);
    returns what was written, by kind of record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    documents = documents if documents is not None else mixed_documents()
    written = {"responses": 0, "requests": 0, "not_found": 0, "images": 0, "metadata": 0}
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "stancemap bench/crawl.py"}))
        written["metadata"] += 1
        copy = 0
        while True:
            for n, (name, content_type, data) in enumerate(documents):
                uri = f"https://news.example/{copy}/{name}"
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request))
                body = marked(data, content_type, copy)
                headers = StatusAndHeaders("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
                written["requests"] += 1
                written["responses"] += 1
                if n % 10 == 0:
                    missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                    writer.write_record(writer.create_warc_record(uri + "/missing", "response",
                                                                  payload=io.BytesIO(b"<html>gone</html>"),
                                                                  http_headers=missing))
                    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                    writer.write_record(writer.create_warc_record(uri + "/logo.png", "response",
                                                                  payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(2048)),
                                                                  http_headers=image))
                    written["not_found"] += 1
                    written["images"] += 1
            copy += 1
            if fh.tell() >= min_bytes:
                break
    written["bytes"] = path.stat().st_size
    written["rounds"] = copy
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1])
    mb = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    print(write_warc(out, mb << 20))

"""WARC archives: every successful HTML/text response record is one page to ingest.

Crawls are stored as WARC; warcio reads plain and per-record-gzipped files as a
stream, so a large archive is never loaded whole. A truncated archive yields
the records before the damage and then one failure naming where it broke.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
import zlib
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator

from .errors import IngestError

_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "application/rss", "application/atom", "application/xml", "text/xml")


@dataclass
class WarcPage:
    uri: str
    content_type: str | None
    data: bytes | None  # None when the record was over the size cap
    reason: str | None = None  # why data is None


# why a record is passed over, as counted in `skipped`
NOT_RESPONSE, NOT_OK, NOT_PAGE = "not a response record", "not a 2xx response", "not an HTML or text response"


def iter_pages(stream: BinaryIO, max_bytes: int, skipped: Counter | None = None) -> Iterator[WarcPage]:
    """Response records with a 2xx status and a page-like content type; IngestError on damage (after the good ones).

    The records passed over (requests, metadata, redirects, images, ...) are counted in
    `skipped` by reason: a crawl holds more of them than pages, and a run says so."""
    skipped = skipped if skipped is not None else Counter()
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(0)
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                skipped[NOT_RESPONSE] += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or "(no target URI)"
            status = record.http_headers.get_statuscode() if record.http_headers else None
            if status and not status.startswith("2"):
                skipped[NOT_OK] += 1
                continue
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            if content_type and not content_type.lower().startswith(_PAGE_TYPES):
                skipped[NOT_PAGE] += 1
                continue
            stream_in = record.content_stream()
            data = stream_in.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield WarcPage(uri, content_type, None, f"WARC record exceeds the size cap of {max_bytes:,} bytes")
                continue
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:
                raise IngestError(f"truncated WARC: the record for {uri} ends {missing:,} bytes short")
            yield WarcPage(uri, content_type, data)
    except IngestError:
        raise
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib/EOF errors on damaged archives
        raise IngestError(f"damaged or truncated WARC ({type(exc).__name__}: {exc})") from None
    if gzipped and not _gzip_complete(stream):
        raise IngestError("truncated WARC: the archive's last gzip member is cut off")


def _gzip_complete(stream: BinaryIO) -> bool:
    """Whether a (multi-member) gzip stream ends cleanly; warcio stops silently at a cut-off member.

    Decompressed output is thrown away a small step at a time: a bomb in a record costs
    time here, never memory."""
    stream.seek(0)
    pending = b""
    while True:
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = pending
        while not dec.eof:
            if not data:
                data = stream.read(1 << 20)
                if not data:
                    return False
            try:
                dec.decompress(data, 1 << 16)
            except zlib.error:
                return False
            data = dec.unused_data if dec.eof else dec.unconsumed_tail
        pending = data
        if not pending:
            pending = stream.read(1 << 20)
            if not pending:
                return True

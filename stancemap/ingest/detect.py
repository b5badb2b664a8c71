"""What an input is, judged from its bytes (the extension is only a tie-breaker).

Scraped pages arrive with wrong or missing extensions, so the bytes decide:
gzip magic, WARC header, feed root element, HTML markup, text-dump furniture.
"""

from __future__ import annotations

import re
import zlib

from .errors import IngestError

GZIP_MAGIC = b"\x1f\x8b"

_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<article[\s>]|<div[\s>]|<p[\s>]", re.I)
_FEED_RE = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*?xmlns=[\"']http://www\.w3\.org/2005/Atom|<rdf:RDF[\s>]", re.I)
_XML_DECL_RE = re.compile(rb"^\s*(?:\xef\xbb\xbf)?<\?xml", re.I)


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip (possibly several members), refusing truncated streams and zip bombs."""
    out = bytearray()
    while data:
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while data:
                chunk = dec.decompress(data, 1 << 20)
                out += chunk
                if len(out) > max_bytes:
                    raise IngestError(f"gzip content exceeds the size cap of {max_bytes:,} bytes")
                data = dec.unconsumed_tail
                if dec.eof:
                    break
        except zlib.error as exc:
            raise IngestError(f"corrupt gzip data ({exc})") from None
        if not dec.eof:
            raise IngestError("truncated gzip data (the stream ends before the end-of-member marker)")
        data = dec.unused_data
        # Trailing zero padding after the last member is common and harmless.
        if data and not data.startswith(GZIP_MAGIC):
            break
    return bytes(out)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean it is not text."""
    head = data[:8192]
    if not head:
        return False
    # UTF-16/32 text carries NULs; a BOM says it is text.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))  # ESC (27) is not text
    return controls / len(head) > 0.05


def sniff(data: bytes, name: str = "") -> str:
    """Kind of a (decompressed) input: warc | feed | html | text | binary | empty."""
    if not data.strip():
        return "empty"
    head = data[:4096].lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_binary(data):
        return "binary"
    if _FEED_RE.search(data[:4096]) or (_XML_DECL_RE.match(data) and re.search(rb"<(rss|feed|rdf:RDF)[\s>]", data[:4096], re.I)):
        return "feed"
    if _HTML_RE.search(data[:65536]):
        return "html"
    lowered = name.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def describe(data: bytes) -> str:
    """A few words about unknown bytes, for failure reasons (\"PNG image\", \"PDF document\")."""
    signatures = {
        b"\x89PNG": "PNG image",
        b"\xff\xd8\xff": "JPEG image",
        b"GIF8": "GIF image",
        b"%PDF": "PDF document",
        b"PK\x03\x04": "ZIP archive (or Office document)",
        b"\x7fELF": "executable",
        b"BZh": "bzip2 archive",
        b"\xfd7zXZ": "xz archive",
    }
    for magic, label in signatures.items():
        if data.startswith(magic):
            return label
    return "binary data"


def maybe_gunzip(data: bytes, max_bytes: int) -> bytes:
    return gunzip(data, max_bytes) if is_gzip(data) else data


__all__ = ["describe", "gunzip", "is_gzip", "looks_binary", "maybe_gunzip", "sniff"]

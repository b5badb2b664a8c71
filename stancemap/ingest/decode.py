"""Bytes to text without guessing: BOM, then UTF-8, then the declared charset.

A page whose bytes match neither UTF-8 nor the charset it declares is refused
with a reason naming the first bad byte, rather than silently turned into
mojibake that would poison quotes and names downstream. A handful of stray
bytes in an otherwise valid page is tolerated (replaced by U+FFFD).
"""

from __future__ import annotations

import codecs
import re

from .errors import IngestError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""", re.I)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)

# Stray invalid bytes tolerated before an input counts as undecodable.
MAX_BAD_SEQUENCES = 8
MAX_BAD_RATIO = 0.001


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the input claims: HTTP header, then XML declaration, then <meta>."""
    candidates = []
    if content_type:
        m = _HEADER_CHARSET_RE.search(content_type)
        if m:
            candidates.append(m.group(1))
    m = _XML_ENCODING_RE.match(data[:1024])
    if m:
        candidates.append(m.group(1).decode("ascii"))
    m = _META_CHARSET_RE.search(data[:16384])
    if m:
        candidates.append(m.group(1).decode("ascii"))
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def _bad_sequences(data: bytes, encoding: str) -> tuple[int, int]:
    """(count, offset of the first) of undecodable sequences under an encoding."""
    count, first, pos = 0, -1, 0
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = data
    while pos < len(view):
        try:
            decoder.decode(view[pos:], final=True)
            break
        except UnicodeDecodeError as exc:
            count += 1
            if first < 0:
                first = pos + exc.start
            pos += exc.end
            decoder.reset()
            if count > MAX_BAD_SEQUENCES:
                break
    return count, first


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used) or IngestError saying which byte broke which charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                # Keep the BOM character: offsets into the file stay the offsets into the text.
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(f"byte order mark says {encoding} but byte {exc.start} is invalid") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    count, first = _bad_sequences(data, "utf-8")
    if count <= MAX_BAD_SEQUENCES and count <= max(1, len(data) * MAX_BAD_RATIO):
        return data.decode("utf-8", errors="replace"), "utf-8"
    where = f"invalid byte 0x{data[first]:02x} at offset {first}" + (f" and {count - 1}+ more" if count > 1 else "")
    if declared == "utf-8":
        raise IngestError(f"wrong declared charset: the page says utf-8 but the bytes are not valid UTF-8 ({where})")
    if declared:
        raise IngestError(
            f"wrong declared charset: the bytes are valid neither in the declared {declared} nor in UTF-8 ({where})"
        )
    raise IngestError(f"invalid UTF-8 and no charset declared ({where}); re-save the file as UTF-8 or declare its charset")

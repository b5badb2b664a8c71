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


_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DECLARED_WIDE_RE = re.compile(r"""(?:charset|encoding)\s*=\s*["']?\s*(utf-?16|utf-?32)(?:-?(le|be))?""", re.I)


def wide_without_bom(data: bytes, content_type: str | None = None) -> bytes:
    """UTF-16/32 text without a byte order mark, as UTF-8, when a charset says it is: the HTTP
    header, or the page's own <meta>/XML declaration read in that encoding. Otherwise the
    bytes unchanged (NUL bytes then mean binary data: charsets are never guessed)."""
    if not data or b"\x00" not in data[:4096] or any(data.startswith(bom) for bom, _ in _BOMS):
        return data
    candidates = []
    header = _DECLARED_WIDE_RE.search(content_type or "")
    for encoding in _WIDE:
        if len(data) % (2 if "16" in encoding else 4):
            continue
        try:
            head = data[:4096 - 4096 % 4].decode(encoding)
        except UnicodeDecodeError:
            continue
        declared = header or _DECLARED_WIDE_RE.search(head)
        if not declared:
            continue
        width = declared.group(1).replace("-", "").lower()[-2:]
        order = (declared.group(2) or encoding[-2:]).lower()
        if f"utf-{width}-{order}" == encoding:
            candidates.append(encoding)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text.encode("utf-8")
    return data


# Single-byte Cyrillic charsets decode any byte: a page in one declared as another is mojibake,
# and shows as text in CAPITALS (KOI8-R's small letters sit where cp1251 has capitals).
_CYRILLIC = ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic")


def _capitals(text: str) -> float | None:
    letters = [c for c in text if "\u0400" <= c <= "\u04ff" and c.isalpha()]
    if len(letters) < 40:
        return None
    return sum(c.isupper() for c in letters) / len(letters)


def _check_cyrillic(text: str, data: bytes, declared: str) -> None:
    share = _capitals(text)
    if share is None or share <= 0.5:
        return
    for other in _CYRILLIC:
        if other == declared:
            continue
        try:
            alternative = _capitals(data.decode(other))
        except UnicodeDecodeError:
            continue
        if alternative is not None and alternative < 0.25:
            raise IngestError(
                f"wrong declared charset: the page says {declared}, but its Cyrillic text then reads as "
                f"{share:.0%} capital letters (mojibake); it reads as {other}: declare that charset or re-save the file as UTF-8"
            )


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
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if declared in _CYRILLIC:
                _check_cyrillic(text, data, declared)
            return text, declared
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

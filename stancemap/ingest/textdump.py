"""Scraped text dumps: a page flattened to markdown-ish text, furniture and all.

Such dumps keep a page's metadata only as furniture: a dateline with an emoji,
share buttons whose URLs carry the canonical address and the site name, tag
links, a view counter, previous/next links, a social footer. This module reads
the format, not one site: each line is classified by what it looks like
(prose, link-only, image path, share button, counter, navigation), the body is
the run of prose between the header and the first footer furniture, and the
metadata comes from the furniture itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from ..records import Article
from ..wordlists import word_set, word_tuple
from .page_dates import PageDate, complete_year, evidence_dates, parse_date

# --- what furniture looks like -------------------------------------------------

_DATE_MARKS = "🕒🕐🕑🕓🕔🕕🕖🕗🕘🕙🕚🕛⏰⏱📅📆🗓⌚"
_VIEW_MARKS = "👁👀"
_LABEL_MARKS = "📌📍🏷🗂📁✍🖊📝👤"
_AUTHOR_MARKS = "✍🖊📝👤"
_ANY_MARK_RE = re.compile(f"[{_DATE_MARKS}{_VIEW_MARKS}{_LABEL_MARKS}]\ufe0f?")

_MD_LINK_RE = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\(([^()\s]*(?:\([^()]*\)[^()\s]*)*)\)")
_ANGLE_URL_RE = re.compile(r"\s*\(<([^<>\s]+)>?\)?")
_PAREN_URL_RE = re.compile(r"\s*\(((?:https?|viber|tg|whatsapp|mailto):[^\s()]*(?:\([^\s()]*\))?[^\s()]*)\)?")
_BARE_URL_RE = re.compile(r"<?(?:https?://|www\.)[^\s<>()]+>?")
_PAREN_PATH_RE = re.compile(r"\s*\((/[^\s()]*(?:\([^\s()]*\))?[^\s()]*)\)")
_LINK_CONSTRUCT_RE = re.compile(
    r"!?\[(?:\\.|[^\]\\])*\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*\)|\(<[^<>\s]+>?\)?|\((?:https?|viber|tg|whatsapp|mailto):[^\s)]*\)?"
    r"|<?(?:https?://|www\.)[^\s<>()]+>?|\(/[^\s()]*\)"
)
_IMAGE_PATH_RE = re.compile(r"^\(?!?(?:\[[^\]]*\]\()?<?[^\s()<>]+\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?[^\s)]*)?>?\)?\)?$", re.I)
_IMAGE_INLINE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\(<?[^\s()<>]+\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?[^\s)]*)?>?\)", re.I)
_ESCAPED_PAREN_PATH_RE = re.compile(r"\s*\\\((?:/|https?:)[^)]*?\\\)")
_VIEWS_RE = re.compile(
    rf"^[{_VIEW_MARKS}]?\ufe0f?\s*(?:views?\s*:?\s*)?(?P<n>\d[\d\s.,\u00a0\u202f]*\d|\d)\s*(?P<k>[kKmM]?)\s*(?:views?|reads?|просмотр\w*)?\s*$",
    re.I,
)
_NAV_RE = re.compile(
    r"^(?:[←→«»‹›<>]+\s*)?(?:previous|prev|next|later|earlier|older|newer|read (?:also|more)|see also|"
    r"related(?: (?:news|articles|stories))?|more (?:news|stories|on this topic)|also read)"
    r"(?:\s*(?:article|post|story|news))?\s*:?\s*(?:[←→«»‹›<>]+)?$",
    re.I,
)
_INLINE_NAV_RE = re.compile(r"^(?:read (?:also|more)|see also|also read|related)\s*:", re.I)
_CAPTION_RE = re.compile(r"^(?:photo|image|picture|video|illustration|credit|source of (?:the )?photo)s?\s*(?:by|:|©)", re.I)
_SHARE_HOSTS = word_tuple("stancemap.ingest", "share_hosts")
_SHARE_PATH_RE = re.compile(r"share|sharer|intent/tweet|offer\?|send\?|forward\?|submit\?|pin/create", re.I)
_TAG_PATH_RE = re.compile(r"/(?:tags?|topics?|keywords?|themes?|subjects?)/", re.I)
_FOOTER_WORDS_RE = re.compile(
    r"^(?:subscribe|follow us|share|tweet|print|comments?|all rights reserved|©|copyright|contact us|"
    r"advertis|privacy|terms of|cookie|newsletter|sign up|log ?in|join us|in (?:instagram|facebook|telegram|twitter))",
    re.I,
)
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]*_]*\s*$")
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")

# --- republished pieces and their authors -----------------------------------------

_REPUBLISH_CUE_RE = re.compile(
    r"(?:originally|first)\s+(?:published|appeared|ran)|published\s+(?:by|in|on)|wr(?:o|i)tes?\s+(?:in|for)|"
    r"wrote\s+(?:in|for)|reprinted\s+(?:from|with)|republished\s+(?:from|with)|courtesy\s+of|"
    r"\bsource\s*:|\bvia\b|article\s+(?:by|in|for)|paper\s+(?:by|in|for)",
    re.I,
)
_HONORIFIC = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Sir|Dame)\.?\s+)"
_NAME = r"[A-Z][a-zà-ÿ'’\-]+(?:\s+(?:[A-Z]\.\s*)?[A-Z][a-zà-ÿ'’\-]+){1,3}"
_AUTHORS_BEFORE_VERB_RE = re.compile(
    rf"(?P<names>{_HONORIFIC}?{_NAME}(?:\s*(?:,|,?\s+and)\s+{_HONORIFIC}?{_NAME})*)\s+"
    r"(?:wrote|write|writes|argued|argue|argues|noted|note|notes|explained|explain|explains|observed|observe)\b"
)
_AUTHORS_AFTER_BY_RE = re.compile(
    rf"\b(?:article|paper|piece|essay|analysis|report|op-ed|column)\s+(?:\w+\s+){{0,3}}?by\s+"
    rf"(?P<names>{_HONORIFIC}?{_NAME}(?:\s*(?:,|,?\s+and)\s+{_HONORIFIC}?{_NAME})*)"
)
_BYLINE_RE = re.compile(
    rf"^(?i:by|author\s*:|written by)\s+(?P<names>{_HONORIFIC}?{_NAME}(?:\s*(?:,|,?\s+and)\s+{_HONORIFIC}?{_NAME})*)"
    r"(?:\s*[,|–—-]\s*[a-z][\w ]{0,40})?\s*$"  # ", staff reporter"
)
_BOLD_ANCHOR_RE = re.compile(r"(?:\*\*|__)([^*_]+?)(?:\*\*|__)\s*\(<?(https?://[^\s<>()]+)>?\)")
_LEADING_WORDS = {"as", "in", "the", "according", "while", "when", "but", "and", "however", "also"}


@dataclass
class _Line:
    text: str
    kind: str  # blank | prose | short | link | image | share | views | date | nav | tags | caption | footer
    urls: list[str] = field(default_factory=list)


def _urls_in(line: str) -> list[str]:
    urls = [u for _, u in _MD_LINK_RE.findall(line)]
    urls += _ANGLE_URL_RE.findall(line)
    urls += [m for m in _PAREN_URL_RE.findall(line)]
    urls += [u.strip("<>") for u in _BARE_URL_RE.findall(line)]
    return [u.strip("<>") for u in urls if u]


def _strip_links(line: str) -> str:
    """Text with link markup, URLs and image references removed; link texts stay."""
    line = _IMAGE_INLINE_RE.sub("", line)
    line = _ESCAPED_PAREN_PATH_RE.sub("", line)
    line = _MD_LINK_RE.sub(lambda m: m.group(1), line)
    line = _ANGLE_URL_RE.sub("", line)
    line = _PAREN_URL_RE.sub("", line)
    line = _PAREN_PATH_RE.sub("", line)
    line = _BARE_URL_RE.sub("", line)
    return line


_EMPHASIS_RES = [
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"__(?=\S)(.+?)(?<=\S)__"),
    re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"),
]


_MARKUP_CHARS_RE = re.compile(r"[\[\]()<>*_\\#]|https?:|www\.")


@lru_cache(maxsize=8192)
def clean_inline(line: str) -> str:
    """A body line as plain text: emphasis, link markup, URLs and escapes removed."""
    if not _MARKUP_CHARS_RE.search(line):
        return re.sub(r"\s+([,.;:!?)\]])", r"\1", re.sub(r"[ \t\u00a0]{2,}", " ", line)).strip()
    line = _strip_links(line)
    for pattern in _EMPHASIS_RES:
        line = pattern.sub(r"\1", line)
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^>\s?", "", line)
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", line)
    line = line.replace("**", "")
    line = re.sub(r"[ \t\u00a0]{2,}", " ", line)
    line = re.sub(r"\s+([,.;:!?)\]])", r"\1", line)
    line = re.sub(r"([(\[])\s+", r"\1", line)
    return line.strip()


def _split(url: str) -> SplitResult:
    """urlsplit that never raises: text that only looks like a URL ("http://[x") splits to nothing."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", "", "", "")


def _is_share_url(url: str) -> bool:
    if url.startswith(("viber:", "whatsapp:", "tg:", "mailto:")):
        return True
    parts = _split(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path + ("?" + parts.query if parts.query else "")
    return any(host == h or host.endswith("." + h) for h in _SHARE_HOSTS) and bool(_SHARE_PATH_RE.search(path))


def _classify(raw: str) -> _Line:
    text = raw.strip()
    if not text:
        return _Line(text, "blank")
    urls = _urls_in(text)
    residue = clean_inline(text)
    words = _WORD_RE.findall(residue)
    if urls and all(_is_share_url(u) for u in urls) and len(words) <= 12 and not _SENTENCE_END_RE.search(residue):
        return _Line(text, "share", urls)
    if text.startswith(("(viber:", "(whatsapp:", "(tg:", "(https://api.whatsapp", "(<https://api.whatsapp")):
        return _Line(text, "share", urls)
    if _IMAGE_PATH_RE.match(text) or (not residue and _IMAGE_INLINE_RE.search(text)):
        return _Line(text, "image", urls)
    if re.match(f"^[{_VIEW_MARKS}]", text) or _VIEWS_RE.match(text) and re.search(r"views?|reads?|просмотр", text, re.I):
        return _Line(text, "views", urls)
    if re.search(f"[{_DATE_MARKS}]", text) and len(words) <= 14:
        return _Line(text, "date", urls)
    bare = _WORD_RE.findall(_LINK_CONSTRUCT_RE.sub(" ", _ESCAPED_PAREN_PATH_RE.sub("", text)))
    if urls and any(_TAG_PATH_RE.search(u) for u in urls) and len(bare) <= 2:
        return _Line(text, "tags", urls)
    if _NAV_RE.match(residue) or (_INLINE_NAV_RE.match(residue) and urls):
        return _Line(text, "nav", urls)
    if urls and len(words) <= 3 and not _SENTENCE_END_RE.search(residue):
        return _Line(text, "link", urls)
    if re.match(r"^\(/[^\s]*\)$", text):
        return _Line(text, "link", [text[1:-1]])
    if _CAPTION_RE.match(residue) and len(words) <= 20:
        return _Line(text, "caption", urls)
    if _FOOTER_WORDS_RE.match(residue) and len(words) <= 8:
        return _Line(text, "footer", urls)
    if len(words) >= 12 and _SENTENCE_END_RE.search(residue) or len(words) >= 25:
        return _Line(text, "prose", urls)
    return _Line(text, "short", urls)


_FURNITURE_KINDS = ("share", "image", "views", "date", "tags", "nav")


def _unwrap(raw_lines: list[str]) -> list[str]:
    """Re-join paragraphs that a dump hard-wrapped at a fixed width, so each paragraph is one line.

    A block (lines between blank lines) is re-joined when none of its lines is furniture, several
    are wordy, and no line would have had room for the next line's first word: how wrapped
    text looks.
    """
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if len(block) >= 2:
            # Wrapped: the next line's first word would not have fitted on the line before it.
            width = max((len(line.rstrip()) for line in block if len(line.split()) > 1), default=0)
            full = all(
                len(line.rstrip()) + 1 + len(following.split()[0]) > 0.9 * width
                for line, following in zip(block, block[1:])
            )
            plain = all(_classify(line).kind not in _FURNITURE_KINDS for line in block)
            wordy = sum(len(_WORD_RE.findall(line)) >= 5 for line in block) >= 2
            if 40 <= width <= 160 and full and plain and wordy:  # wrapping widths; longer lines are paragraphs
                out.append(" ".join(line.strip() for line in block))
                block.clear()
                return
        out.extend(block)
        block.clear()

    for line in raw_lines:
        if line.strip():
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


# --- recognising the format -----------------------------------------------------------


def looks_like_textdump(text: str) -> bool:
    """Furniture signals (emoji datelines, share URLs, markdown links, image paths, counters) in plain text."""
    head = text[:200_000]
    signals = 0
    signals += bool(re.search(f"[{_DATE_MARKS}{_VIEW_MARKS}]", head))
    signals += len(_MD_LINK_RE.findall(head)) >= 2
    signals += bool(re.search(r"\(<https?://", head))
    signals += bool(re.search(r"share\.php|sharer|intent/tweet|/share\?url=", head))
    signals += bool(re.search(r"^\(?[^\s()]+\.(?:jpe?g|png|gif|webp)\)?$", head, re.M | re.I))
    signals += bool(re.search(r"^\s*[←→]|[←→]\s*$", head, re.M))
    signals += bool(re.search(r"(?:\*\*|__)\S", head))
    return signals >= 2


# --- metadata from the furniture -------------------------------------------------------------


def _share_targets(lines: list[_Line]) -> list[str]:
    """Page URLs named by share buttons (url=, u=, or a URL inside text=)."""
    out = []
    for line in lines:
        if line.kind != "share":
            continue
        for url in line.urls:
            parts = _split(url)
            query = parse_qs(parts.query if parts.scheme not in ("viber", "whatsapp", "tg") else parts.path.partition("?")[2] or parts.query)
            found = None
            for key in ("url", "u", "link", "href"):
                if key in query:
                    found = query[key][0]
                    break
            if not found:
                for key in ("text", "body", "title"):
                    for value in query.get(key, []):
                        m = re.search(r"https?://\S+", value)
                        if m:
                            found = m.group(0)
                if not found:
                    m = re.search(r"https?(?:://|%3A%2F%2F)[^\s&]+", unquote(url) if "%3A%2F%2F" in url else url)
                    if m and "url=" not in url:
                        found = unquote(m.group(0))
            if found and found.startswith(("http://", "https://")):
                target = found.split("#")[0]
                host = _split(target).netloc.lower()
                if not any(h in host for h in _SHARE_HOSTS):
                    out.append(target)
    return out


def _share_texts(lines: list[_Line]) -> list[str]:
    texts = []
    for line in lines:
        if line.kind != "share":
            continue
        for url in line.urls:
            query = _split(url).query or url.partition("?")[2]
            for key in ("text", "title"):
                for value in parse_qs(query).get(key, []):
                    texts.append(re.sub(r"\s*https?://\S+", "", value).strip())
    return texts


def _host(url: str | None) -> str:
    return _split(url).netloc.lower().removeprefix("www.") if url else ""


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-zа-яё]", "", text.lower())


_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([^.|,;©]+)", re.I)


def _publisher(title: str | None, canonical: str | None, share_texts: list[str], tail: list[_Line]) -> str | None:
    """The site's own name: share texts "Title | Site", a footer line naming the domain, else the domain."""
    domain_label = _compact(_host(canonical).split(".")[0]) if canonical else ""
    names: Counter[str] = Counter()
    for text in share_texts:
        for sep in (" | ", " — ", " – ", " - ", " :: "):
            if sep in text:
                head, _, site = text.rpartition(sep)
                if title is None or _compact(head) == _compact(title) or _compact(title).startswith(_compact(head)):
                    names[site.strip()] += 1
    if names:
        return names.most_common(1)[0][0]
    for line in tail:
        if line.kind in ("short", "footer", "prose"):
            candidate = clean_inline(line.text)
            m = _COPYRIGHT_RE.match(candidate)
            if m:
                candidate = m.group(1).strip()
            elif line.urls:
                continue
            key = _compact(candidate)
            # "Vestnik Kavkaza" for vestnikkavkaza.net; "Example News Armenia" for examplenews.am
            if domain_label and 3 <= len(candidate) <= 60 and (key == domain_label or (len(domain_label) >= 6 and key.startswith(domain_label))):
                return candidate
    return _host(canonical) or None


def _count(text: str) -> int | None:
    """A counter as pages print it: "3690", "12,450", "12 450", "1.2K"."""
    m = re.search(r"(\d[\d\s.,\u00a0\u202f]*\d|\d)\s*([kKmM]?)\b", _ANY_MARK_RE.sub("", text))
    if not m:
        return None
    number, scale = m.group(1), m.group(2).lower()
    if scale:
        value = float(re.sub(r"\s", "", number).replace(",", "."))
        return int(value * (1000 if scale == "k" else 1_000_000))
    return int(re.sub(r"\D", "", number))


def _views(lines: list[_Line]) -> int | None:
    for line in lines:
        if line.kind == "views":
            value = _count(line.text)
            if value is not None:
                return value
        elif line.kind == "date":  # "🕒 18 Oct in 8:00 👁 3690" keeps the counter on the dateline
            m = re.search(f"[{_VIEW_MARKS}]\ufe0f?([^{_DATE_MARKS}{_LABEL_MARKS}]*)", line.text)
            if m and _count(m.group(1)) is not None:
                return _count(m.group(1))
    return None


def _tags(lines: list[_Line]) -> list[str]:
    tags: list[str] = []
    for line in lines:
        if line.kind != "tags":
            continue
        for text, url in _MD_LINK_RE.findall(line.text):
            if not _TAG_PATH_RE.search(url):
                continue
            name = clean_inline(_ESCAPED_PAREN_PATH_RE.sub("", text)).lstrip("#").strip()
            if name and name not in tags:
                tags.append(name)
    return tags


def _names(group: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", group)
    out = []
    for part in parts:
        part = re.sub(rf"^{_HONORIFIC}", "", part.strip())
        words = part.split()
        while words and words[0].lower() in _LEADING_WORDS:
            words.pop(0)
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


def _original(body_lines: list[str], label: str | None, publisher_host: str) -> tuple[str | None, str | None, list[str]]:
    """Whose work a repost republishes: an external link anchored on a name in a citing sentence."""
    for raw in body_lines:
        for m in _BOLD_ANCHOR_RE.finditer(raw):
            name, url = m.group(1).strip(), m.group(2)
            if _host(url) == publisher_host:
                continue
            sentence_start = _sentence_start(raw, m.start())
            context = clean_inline(raw[sentence_start : m.end() + 200])
            cited = bool(_REPUBLISH_CUE_RE.search(raw[sentence_start : m.start()]))
            if cited or (label and _compact(label) == _compact(name)):
                return name, url, _cited_authors(context)
        for text, url in _MD_LINK_RE.findall(raw):
            if not url.startswith("http") or _host(url) == publisher_host:
                continue
            if label and _compact(label) == _compact(text):
                return clean_inline(text), url, _cited_authors(clean_inline(raw))
    return None, None, []


_ABBREVIATIONS = word_set("stancemap.ingest", "abbreviations")


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding text[pos], not fooled by "Dr." or initials."""
    for m in reversed(list(re.finditer(r"[.!?][\"'”’*_]*\s+(?=[\"“*_]*[A-Z])", text[:pos]))):
        word = re.search(r"(\w+)$", text[: m.start()])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return m.end()
    return 0


def _cited_authors(sentence: str) -> list[str]:
    out: list[str] = []
    for pattern in (_AUTHORS_BEFORE_VERB_RE, _AUTHORS_AFTER_BY_RE):
        for m in pattern.finditer(sentence):
            for name in _names(m.group("names")):
                if name not in out:
                    out.append(name)
    return out


_HARD_END = ("views", "tags", "share")  # furniture that only ever follows the article
_SOFT_END = ("nav", "footer", "date")  # ends the article unless prose resumes right after it


def _body_lines(lines: list[_Line], first_prose: int | None) -> tuple[list[_Line], int]:
    """The article's lines: prose (and subheadings) from the first prose line to the first end marker."""
    if first_prose is None:
        return [], len(lines)
    kept: list[_Line] = []
    i = first_prose
    while i < len(lines):
        kind = lines[i].kind
        if kind in _HARD_END:
            break
        if kind in _SOFT_END:
            # An inline "Read also: ..." is skipped; a "Related" list or a footer ends the article.
            following = [line for line in lines[i + 1 :] if line.kind != "blank"]
            if not following or following[0].kind != "prose":
                break
        elif kind in ("prose", "short"):
            kept.append(lines[i])
        i += 1
    while kept and kept[-1].kind == "short" and not _SENTENCE_END_RE.search(clean_inline(kept[-1].text)):
        kept.pop()
    return kept, i


def _share_heads(share_texts: list[str]) -> list[str]:
    """Titles as share buttons spell them: the text before " | Site", or the whole text."""
    heads = []
    for text in share_texts:
        head = text
        for sep in (" | ", " — ", " – ", " - ", " :: "):
            if sep in text:
                head = text.rpartition(sep)[0]
                break
        if len(_compact(head)) >= 12:
            heads.append(_compact(head))
    return heads


def _title_index(lines: list[_Line], share_heads: list[str]) -> int | None:
    """The headline: the line share buttons name, else a markdown heading, else the line above the dateline."""
    first_prose = next((i for i, line in enumerate(lines) if line.kind == "prose"), len(lines))
    candidates = [
        i for i in range(min(first_prose + 1, len(lines)))
        if lines[i].kind in ("short", "prose") and _WORD_RE.search(clean_inline(lines[i].text))
    ]
    for i in candidates:
        key = _compact(clean_inline(lines[i].text))
        if key and any(key == head or (key.startswith(head) and len(head) >= 12) or head.startswith(key) and len(key) >= 12 for head in share_heads):
            return i
    before_body = [i for i in candidates if i < first_prose]
    for i in before_body:
        if re.match(r"^#{1,3}\s", lines[i].text.strip()):
            return i
    date_index = next((i for i in range(first_prose) if lines[i].kind == "date"), None)
    if date_index is not None:
        above = [i for i in before_body if i < date_index and len(_WORD_RE.findall(clean_inline(lines[i].text))) >= 3]
        if above:
            return above[-1]
    wordy = [i for i in before_body if len(_WORD_RE.findall(clean_inline(lines[i].text))) >= 3]
    if wordy:
        return wordy[0]
    return candidates[0] if candidates else None


# --- the extractor ----------------------------------------------------------------------------


def extract_textdump(text: str, source: str | None = None) -> Article:
    """An Article from a scraped text dump: clean body plus the metadata its furniture reveals."""
    lines = [_classify(raw) for raw in _unwrap(text.splitlines())]
    share_texts = _share_texts(lines)
    share_heads = _share_heads(share_texts)
    title_index = _title_index(lines, share_heads)
    title = clean_inline(lines[title_index].text) if title_index is not None else None
    start_search = (title_index + 1) if title_index is not None else 0

    first_prose = next((i for i in range(start_search, len(lines)) if lines[i].kind == "prose"), None)
    header = lines[start_search : first_prose if first_prose is not None else len(lines)]
    kept, tail_start = _body_lines(lines, first_prose)
    body_lines = [line.text for line in kept]
    paragraphs = [p for p in (clean_inline(b) for b in body_lines) if p]
    body = "\n\n".join(paragraphs)
    tail = lines[tail_start:]

    # Dateline, labels and bylines sit between the title and the body.
    date_line = next((line for line in header + tail if line.kind == "date"), None)
    found = None
    label = None
    authors: list[str] = []
    if date_line is not None:
        segments = re.split(f"([{_DATE_MARKS}{_LABEL_MARKS}{_VIEW_MARKS}])\ufe0f?", date_line.text)
        for mark, segment in zip(segments[1::2], segments[2::2]):
            segment = clean_inline(segment)
            if mark in _DATE_MARKS and found is None:
                found = parse_date(segment)
            elif mark in _AUTHOR_MARKS and segment:
                authors.append(segment)
            elif mark in _LABEL_MARKS and segment:
                label = segment
        if found is None:
            found = parse_date(clean_inline(date_line.text))
    if found is None:
        for line in header:
            if line.kind == "short" and len(_WORD_RE.findall(line.text)) <= 10:
                found = parse_date(clean_inline(line.text))
                if found:
                    break
    for line in header:
        m = _BYLINE_RE.match(clean_inline(line.text))
        if m:
            authors.extend(_names(m.group("names")))
    found = complete_year(found, text, body)

    targets = _share_targets(lines)
    canonical = Counter(targets).most_common(1)[0][0] if targets else None
    if found is None and canonical:
        # No dateline at all: a dated canonical URL (/2021/03/03/) still gives the day.
        dated = evidence_dates(canonical, months=False)
        if dated:
            found = PageDate(dated[0].year, dated[0].month, dated[0].day)
    publisher = _publisher(title, canonical, share_texts, tail)
    original_source, original_url, cited = _original(body_lines, label, _host(canonical))
    links = []
    for raw in body_lines:
        for url in _urls_in(raw):
            if url.startswith("http") and url not in links:
                links.append(url)

    return Article(
        body=body,
        title=title,
        published=found.iso() if found else None,
        publisher=publisher,
        url=canonical,
        original_source=original_source,
        original_url=original_url,
        authors=authors,
        cited_authors=cited,
        tags=_tags(lines),
        views=_views(lines),
        links=links,
        source=source,
        format="textdump",
        raw_text=text,
    )

"""HTML pages: main text and metadata via trafilatura, plus news-specific cleanup.

trafilatura finds the article and its metadata (title, date, authors, site,
canonical URL, categories/tags). News pages add furniture inside the article
container that generic extraction keeps; the cleanup here removes it by its
shape (the repeated headline and standfirst, photo and wire credits, "Read
more" teasers and headline lists, newsletter and app prompts, timestamps).
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import html as lxml_html

from ..records import Article
from .page_dates import parse_date
from .errors import IngestError
from .language import detect_language

MIN_BODY_CHARS = 200  # below this a page has no article worth keeping

_LANG_RE = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)


def _document(text: str, url: str | None):
    # Settings chosen on the extraction benchmark (bench/extraction.py): recall-leaning, no
    # readability/justext fallback, tables kept (news tables are content), then our own cleanup.
    return trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        fast=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )


_PUBLISHED_RES = [
    re.compile(r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|og:published_time|datePublished|pubdate|publishdate|date|dc\.date(?:\.issued)?|sailthru\.date|parsely-pub-date)["'][^>]*>""", re.I),
    re.compile(r""""datePublished"\s*:\s*"([^"]+)\""""),
    re.compile(r"""<time[^>]+datetime=["']([^"']+)["']""", re.I),
]
_CONTENT_RE = re.compile(r"""content=["']([^"']+)["']""", re.I)
_ISO_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?")


def published_datetime(text: str, date: str | None) -> str | None:
    """trafilatura's publication date, with the time of day when the page's own markup gives it for that date."""
    if not date:
        return None
    for pattern in _PUBLISHED_RES:
        for m in pattern.finditer(text[:300_000]):
            value = m.group(1) if m.groups() else (_CONTENT_RE.search(m.group(0)) or [None, None])[1]
            iso = _ISO_RE.match(value or "")
            if iso and iso.group(1) == date[:10] and iso.group(2):
                return f"{iso.group(1)}T{iso.group(2)}"
    return date


def _split_list(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        items = value
    else:
        items = re.split(r"\s*[;,]\s*", value)
    out = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [a for a in (x.strip() for x in re.split(r"\s*;\s*|\s+and\s+", value)) if a]


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
              # and those whose end tag may be left out: they do not nest without bound
              "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
              "caption", "rt", "rp", "html", "head", "body", "script", "style"}
_CONTAINER_TAGS_RE = re.compile(r"</?(?:div|span|section|font|center|b|i|u|em|strong|small|big|a|ul|ol|li|table|tbody|tr|td|th)\b[^>]*>", re.I)
MAX_DEPTH = 200  # libxml2, under trafilatura, stops parsing past 256 nested elements


def _depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest (stops counting past the limit)."""
    depth = deepest = 0
    for m in _TAG_RE.finditer(text):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID_TAGS or selfclosing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def flatten_deep(text: str) -> str:
    """A page nested deeper than the HTML parser goes (100,000 <div>s) loses its text there;
    its container tags are dropped so the text is found. Pages of normal depth are untouched."""
    if _depth(text) <= MAX_DEPTH:
        return text
    flat = _CONTAINER_TAGS_RE.sub(" ", text)
    if _depth(flat) > MAX_DEPTH:  # deep in other tags still: keep only paragraphs and headings
        flat = re.sub(r"<(?!/?(?:p|h[1-6]|br|title|head|body|html|meta)\b)[^>]*>", " ", flat, flags=re.I)
    return flat


def extract_html(text: str, source: str | None = None, url: str | None = None) -> Article:
    """An Article from an HTML page, or IngestError when it holds no article."""
    doc, body = _main_text(text, url)
    if len(body) < MIN_BODY_CHARS:
        flat = flatten_deep(text)  # a page nested past the parser's depth: its text is there, deeper down
        if flat is not text:
            doc, body = _main_text(flat, url)
    if len(body) < MIN_BODY_CHARS:
        raise IngestError(f"no article text found in the HTML ({len(body)} characters of main text)")
    declared = _LANG_RE.search(text[:4096])
    return Article(
        body=body,
        title=(doc.title or None),
        published=published_datetime(text, doc.date),
        publisher=doc.sitename or None,
        url=doc.url or url,
        authors=_authors(doc.author),
        tags=_split_list(list(doc.categories or []) + list(doc.tags or [])),
        language=detect_language(body, declared.group(1) if declared else None),
        source=source,
        format="html",
    )


def _main_text(text: str, url: str | None) -> tuple[Any, str]:
    try:
        doc = _document(text, url)
    except Exception as exc:  # lxml/trafilatura raise many types on broken markup
        raise IngestError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    body = (doc.text if doc is not None else "") or ""
    return doc, clean_body(news_cleanup(body, doc.title if doc is not None else None, doc.description if doc is not None else None))


def clean_body(body: str) -> str:
    """Normalise paragraph breaks and trim whitespace."""
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in body.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


# --- news furniture, recognised by its shape ----------------------------------------------------

_PROMO_RE = re.compile(
    r"^(?:(?:see|read|watch|click|tap) (?:more|also|here)\b|related(?: (?:articles?|stories|coverage|content|news))?\s*:|"
    r"also (?:on|read|see)\b|more (?:on|from|about) (?:this|[A-Z])|don[’']t miss|you (?:may|might) (?:also )?like|"
    r"recommended(?: for you)?\s*:?$|trending(?: now)?\s*:?$|most (?:read|popular)\s*:?$|"
    r"(?:get|download) the .{0,40}\bapp\b|(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|inbox|briefing|updates)|"
    r".{0,60}\bnewsletters?\s*$|thanks? (?:you )?for (?:signing up|subscribing)|keep an eye on your inbox|"
    r"there was an error processing|an error has occurred|sorry!?$|like this story\??|share (?:this|it) (?:story|article|with)|"
    r"(?:order|print) (?:reprints|article)|this copy is for your personal|copyright ©|© ?\d{4}|all rights reserved|"
    r"have a tip\?|write to .{0,60} at \S+@|follow (?:him|her|them|us|me) on (?:twitter|facebook|instagram)|"
    r"(?:updated|published|posted) (?:at|on)? ?[\w ,.:]{0,40}\d{1,2}(?::\d{2})? ?[ap]\.?m\.?\)?$|\((?:published|updated) [^)]{0,60}\)$|"
    r"(?:photo|image|picture|illustration)s?(?: credit)?\s*(?::|©|by)\s.{0,80}$)",
    re.I,
)
_LIST_HEADER_RE = re.compile(r"^(?:related|more|recommended|trending|most (?:read|popular)|you (?:may|might) (?:also )?like|don[’']t miss|see more|read more|also on)\b.{0,40}$", re.I)
_BARE_LINE_RE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)$")
_WORDS_RE = re.compile(r"[^\W\d_]+")
_PROMO_ANYWHERE_RE = re.compile(
    r"\bclick here\b|\bsign up (?:for|to)\b.{0,60}\b(?:free|newsletter|inbox|daily|weekly)\b|^join our\b|^tell us what you think|"
    r"^comments?$|^get .{0,60} delivered\b|^get access to\b|^start your day with\b",
    re.I,
)
_NEWS_DATELINE_RE = re.compile(r"^[A-Z][\w .,'’\-]{2,40}\([^)]{1,30}\)\s*[—–-]\s|^[A-Z][A-Z .,'’\-]{2,40}[—–-]\s")  # "HAYWARD, Calif. (AP) — "
_CREDITS_RE = re.compile(r"^(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b.{0,200}$", re.I)
_UI_TOKEN_RE = re.compile(r"^[-•*]\s*[a-z0-9]+(?:-[a-z0-9]+)+$")


def _norm(text: str) -> str:
    return " ".join(_WORDS_RE.findall(text.lower()))


def _is_teaser(line: str) -> bool:
    """A short line without sentence punctuation: a link in a list of headlines."""
    words = _WORDS_RE.findall(line)
    return len(words) <= 16 and not re.search(r"[.!?:;\"”’)]\s*$", line)


def _is_dateline(text: str) -> bool:
    """A line that is only a date/time stamp ("November 19, 2019 / 12:21 AM / Updated 14 hours ago")."""
    words = _WORDS_RE.findall(text)
    if len(words) > 12 or not re.search(r"\d", text):
        return False
    found = parse_date(text)
    if found is None or found.year is None:
        return False
    rest = _DATE_WORDS_RE.sub(" ", text.lower())
    return len(_WORDS_RE.findall(rest)) <= 1


_DATE_WORDS_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
    r"\b(?:am|pm|a\.m\.|p\.m\.|gmt|utc|est|edt|pst|pdt|bst|cet|cest|updated|published|posted|last|ago|hours?|minutes?|on|at)\b"
)


def _is_heading(key: str, heading_keys: set[str]) -> bool:
    """The line repeats the headline or standfirst (possibly without the site suffix, or with a short tail)."""
    for h in heading_keys:
        if key == h or (len(key) >= 20 and h.startswith(key)) or (key.startswith(h) and len(key) <= len(h) + 15):
            return True
    return False


def news_cleanup(
    body: str, title: str | None = None, description: str | None = None, trace: list[tuple[str, str]] | None = None
) -> str:
    """Drop headline, standfirst, promos, headline lists, captions, repeats and stray metadata lines.

    `trace`, when given, receives (rule, line) for every dropped line: the benchmark uses it to
    see which rule costs recall.
    """
    def drop(rule: str, line: str) -> None:
        if trace is not None:
            trace.append((rule, line))

    lines = [line.strip() for line in body.split("\n") if line.strip()]
    # The headline repeats the title at the top of the page. (A line equal to the description is
    # kept: on most pages that is the lede, part of the article.)
    heading_keys = {k for k in (_norm(title or ""),) if k}
    for _ in range(3):
        if lines and heading_keys and _is_heading(_norm(lines[0]), heading_keys):
            drop("heading", lines.pop(0))
            # Right under the headline, a line equal to the description is the standfirst.
            # (Only a short one: a long line there is the lede, which sites also use as description.)
            if lines and description and len(_norm(lines[0]).split()) <= 25 and not _NEWS_DATELINE_RE.match(lines[0]) and _is_heading(_norm(lines[0]), {_norm(description)}):
                drop("standfirst", lines.pop(0))
    out: list[str] = []
    in_list = False
    for line in lines:
        text = line.lstrip("-•*· ").strip()
        key = _norm(text)
        if not key or _BARE_LINE_RE.match(text):
            drop("bare", line)
            continue
        if _LIST_HEADER_RE.match(text) and _is_teaser(text):
            in_list = True
            drop("list-header", line)
            continue
        if in_list and _is_teaser(text):
            drop("list-item", line)
            continue
        in_list = False
        if _PROMO_RE.match(text) or (len(key.split()) <= 40 and _PROMO_ANYWHERE_RE.search(text)):
            drop("promo", line)
            continue
        if _CREDITS_RE.match(text):
            drop("credits", line)
            continue
        if _UI_TOKEN_RE.match(line):
            drop("ui-token", line)
            continue
        if _is_dateline(text):
            drop("dateline", line)
            continue
        out.append(line)
    return "\n".join(out)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph per block element."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return clean_body(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for block in root.xpath(".//p|.//div|.//br|.//li|.//h1|.//h2|.//h3|.//h4|.//blockquote"):
        block.tail = "\n" + (block.tail or "")
    return clean_body(root.text_content())

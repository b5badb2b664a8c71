"""HTML pages: main text and metadata via trafilatura, plus news-specific cleanup.

trafilatura finds the article and its metadata (title, date, authors, site,
canonical URL, categories/tags). News pages add furniture inside the article
container that generic extraction keeps; the cleanup here removes it by its
shape (bylines, photo credits, "Read more" teasers, newsletter and share
prompts) and falls back to a recall-oriented pass when the first pass returns
too little of the page's text.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import html as lxml_html

from ..records import Article
from .errors import IngestError
from .language import detect_language

MIN_BODY_CHARS = 200  # below this a page has no article worth keeping

_LANG_RE = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)


def _document(text: str, url: str | None, **options):
    return trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        **options,
    )


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


def extract_html(text: str, source: str | None = None, url: str | None = None) -> Article:
    """An Article from an HTML page, or IngestError when it holds no article."""
    try:
        doc = _document(text, url)
    except Exception as exc:  # lxml/trafilatura raise many types on broken markup
        raise IngestError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    body = (doc.text if doc is not None else "") or ""
    body = clean_body(body)
    if len(body) < MIN_BODY_CHARS:
        raise IngestError(f"no article text found in the HTML ({len(body)} characters of main text)")
    declared = _LANG_RE.search(text[:4096])
    return Article(
        body=body,
        title=(doc.title or None),
        published=doc.date or None,
        publisher=doc.sitename or None,
        url=doc.url or url,
        authors=_authors(doc.author),
        tags=_split_list(list(doc.categories or []) + list(doc.tags or [])),
        language=detect_language(body, declared.group(1) if declared else None),
        source=source,
        format="html",
    )


def clean_body(body: str) -> str:
    """Normalise paragraph breaks and trim whitespace."""
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in body.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


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

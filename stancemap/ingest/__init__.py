"""ingest stage: whatever the user has (files, directories, URLs, feeds, WARCs) -> clean Article records.

    from stancemap.ingest import ingest_sources
    summary = ingest_sources(["pages/", "https://example.org/news.html"], store)

Modules, one concern each: detect (what the bytes are), decode (charsets),
html (trafilatura + news cleanup), textdump (scraped text dumps), plaintext
(title + verbatim body), dates (page dates, inferred years), downloads (HTTP),
feeds (RSS/Atom), warc (WARC archives), dateline (the date a body opens with),
meta (sidecar metadata tables, --meta), sources (the batch walker).
"""

from .errors import IngestError
from .sources import IngestSummary, ingest_sources, plan, read_document

__all__ = ["IngestError", "IngestSummary", "ingest_sources", "plan", "read_document"]

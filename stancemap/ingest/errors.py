"""The one exception ingest raises for bad input: its message is the reason a user reads."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot become an article; str(err) says why, in plain words."""

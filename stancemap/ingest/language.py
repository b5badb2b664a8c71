"""Language of a body, from stop-word hits (spaCy's per-language stop-word lists).

Good enough to tell English from the other languages news arrives in, with
no model to download; a page's own lang attribute is preferred when present.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

# Languages most news in a conflict arrives in; each list ships with spaCy.
CANDIDATES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "tr", "pl", "sv", "da", "nb", "fi", "cs", "ro", "hu", "el", "az", "hy", "fa", "ar")
_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _spacy_lang_dir() -> Path | None:
    spec = importlib.util.find_spec("spacy")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lang"


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for a language, read from its data file (importing spaCy takes seconds)."""
    root = _spacy_lang_dir()
    path = root / lang / "stop_words.py" if root else None
    if path is None or not path.exists():
        return frozenset()
    # The file is `STOP_WORDS = set("""...""".split())`: read its string literals, run nothing.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    words = {
        w for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for w in node.value.split()
    }
    # Short, very common words only: long stop words overlap across languages less usefully.
    return frozenset(w.lower() for w in words if 1 < len(w) <= 6)


@lru_cache(maxsize=1)
def _stop_word_index() -> dict[str, tuple[str, ...]]:
    """Each stop word with the candidate languages that list it: one lookup per word of a text."""
    index: dict[str, list[str]] = {}
    for lang in CANDIDATES:
        for word in _stop_words(lang):
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _lower_words(text: str) -> list[str]:
    """The words of a text, lower-cased: the text lowered once, which splits it the same way
    except for the two letters whose lower case depends on what surrounds them or is two
    characters (Turkish dotted I, Greek capital sigma): those texts word by word."""
    if "\u0130" in text or "\u03a3" in text:
        return [w.lower() for w in _WORD_RE.findall(text)]
    return _WORD_RE.findall(text.lower())


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the text; a declared code (html lang) wins when the text agrees or is short."""
    words = _lower_words(text[:20000])[:3000]
    declared_code = (declared or "").split("-")[0].split("_")[0].lower() or None
    if len(words) < 8:
        return declared_code
    hits = dict.fromkeys(CANDIDATES, 0)
    index = _stop_word_index()
    for w, n in Counter(words).items():  # a word once, however often the text uses it
        for lang in index.get(w, ()):
            hits[lang] += n
    scores = {lang: n / len(words) for lang, n in hits.items()}
    best = max(scores, key=scores.get)
    if declared_code and scores.get(declared_code, 0) >= 0.6 * scores[best]:
        return declared_code
    return best if scores[best] >= 0.08 else declared_code

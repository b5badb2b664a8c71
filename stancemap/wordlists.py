"""Word lists kept as data: each stage's `data/words.yaml`, read once.

Rules are written in Python; the words they test are data beside the code that
reads them, so a list is changed (and reviewed) in one place.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def word_lists(package: str) -> dict[str, tuple[str, ...]]:
    """Every list in `package`'s data/words.yaml, by name, in the order written."""
    data = yaml.safe_load(resources.files(package).joinpath("data/words.yaml").read_text("utf-8")) or {}
    return {name: tuple(str(w) for w in words) for name, words in data.items()}


def word_tuple(package: str, name: str) -> tuple[str, ...]:
    """One list, in order (KeyError naming the list when words.yaml lacks it)."""
    lists = word_lists(package)
    if name not in lists:
        raise KeyError(f"{package}/data/words.yaml has no list {name!r}")
    return lists[name]


def word_set(package: str, name: str) -> frozenset[str]:
    """One list, for membership tests."""
    return frozenset(word_tuple(package, name))

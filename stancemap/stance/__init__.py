"""Stance stage: code statements for a conflict (actions with CAMEO/Goldstein, targets,
stance per side) with rules or a learned model behind one `Coder` interface."""

from __future__ import annotations

from typing import Any, Iterable

from ..records import Coding, Statement
from .coder import Coder, ParseCache, RuleCoder, coding_to_json
from .conflicts import Conflict, ConflictError, catalogue, match_conflicts, resolve_conflict


def get_coder(coder: Coder | str | None = None, nlp: Any = None) -> Coder:
    """A coder from a name: "rules" (default), "learned" (the default model file), or a model path."""
    if coder is None or coder == "rules":
        return RuleCoder(nlp)
    if isinstance(coder, str):
        from .learned import load_learned_coder

        return load_learned_coder(None if coder == "learned" else coder, nlp=nlp)
    return coder


def code_statements(
    statements: Iterable[Statement], conflict: Any, coder: Coder | str | None = None, nlp: Any = None, actors: Any = None
) -> list[Coding]:
    """Code each statement for one conflict (a Conflict, catalogue id/name, YAML path, or a
    gold-style {name, sides} mapping). One Coding per statement, in order. `actors` (e.g.
    store.actors()) tell whom each speaker speaks for, beyond the bundled knowledge base."""
    conf = resolve_conflict(conflict)
    if actors is not None and (coder is None or coder == "rules"):
        from .coder import actors_country_lookup

        c: Coder = RuleCoder(nlp, country_of=actors_country_lookup(actors))
    else:
        c = get_coder(coder, nlp)
    return [c.code(s, conf) for s in statements]


__all__ = [
    "Coder", "Conflict", "ConflictError", "ParseCache", "RuleCoder", "catalogue", "code_statements",
    "coding_to_json", "get_coder", "match_conflicts", "resolve_conflict",
]

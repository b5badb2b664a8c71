"""Stance stage: code statements for a conflict (actions with CAMEO/Goldstein, targets,
stance per side) with rules or a learned model behind one `Coder` interface."""

from __future__ import annotations

from typing import Any, Iterable

from ..records import Coding, Statement
from .coder import Coder, ParseCache, RuleCoder, actors_country_lookup, coding_to_json
from .conflicts import Conflict, ConflictError, catalogue, match_conflicts, resolve_conflict
from .learned import default_model_path, load_learned_coder


def default_coder() -> str:
    """The coder used when none is named: the learned one where its model is installed."""
    return "learned" if default_model_path().exists() else "rules"


def get_coder(coder: Coder | str | None = None, nlp: Any = None) -> Coder:
    """A coder from a name: "rules", "learned" (the shipped model, or $STANCEMAP_CODER_MODEL),
    or a model path; None is `default_coder()`."""
    if coder is None:
        coder = default_coder()
    if coder == "rules":
        return RuleCoder(nlp)
    if isinstance(coder, str):
        return load_learned_coder(None if coder == "learned" else coder, nlp=nlp)
    return coder


def build_coder(coder: Coder | str | None = None, nlp: Any = None, actors: Any = None, kb_files: Iterable[str] = ()) -> Coder:
    """The one way every command makes its coder: the coder by name (`get_coder`), reading each
    speaker's country from the stored actors (`actors`), the user's --kb files and the bundled
    knowledge base, so `code`, `analyze` and `eval` code a statement the same way."""
    c = get_coder(coder, nlp)
    if hasattr(c, "country_of"):
        c.country_of = actors_country_lookup(actors, kb_files)
    return c


def code_statements(
    statements: Iterable[Statement], conflict: Any, coder: Coder | str | None = None, nlp: Any = None, actors: Any = None
) -> list[Coding]:
    """Code each statement for one conflict (a Conflict, catalogue id/name, YAML path, or a
    gold-style {name, sides} mapping). One Coding per statement, in order. `actors` (e.g.
    store.actors()) tell whom each speaker speaks for, beyond the bundled knowledge base."""
    conf = resolve_conflict(conflict)
    c = build_coder(coder, nlp, actors) if actors is not None else get_coder(coder, nlp)
    return c.code_many(list(statements), conf)


__all__ = [
    "Coder", "Conflict", "ConflictError", "ParseCache", "RuleCoder", "catalogue", "code_statements",
    "build_coder", "coding_to_json", "default_coder", "get_coder", "match_conflicts", "resolve_conflict",
]

"""The rows `stancemap actors` prints: stored actors, optionally merged over a user KB."""

from __future__ import annotations

from typing import Any, Iterable

from ..records import Actor
from .kb import load_kb
from .merge import merge_actors


def _role_text(role: dict[str, Any]) -> str:
    text = role.get("role", "")
    if role.get("of"):
        text += f" of {role['of']}"
    dates = "–".join(str(role[k]) for k in ("since", "until") if role.get(k))
    if dates:
        text += f" ({dates})"
    return text


def actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "roles": actor.roles,
        "relations": actor.relations,
        "affiliation": [a for a in actor.affiliation if a],
        "aliases": actor.aliases,
        "evidence": actor.evidence,
        "origin": actor.origin,
    }


def actors_for_listing(stored: list[Actor], kb_files: Iterable[str] = (), name: str | None = None) -> list[Actor]:
    """Stored actors merged by name variant; user KB entries correct what the text said."""
    files = list(kb_files)
    kb = load_kb(files)
    actors = merge_actors(stored, kb)
    if files:
        for actor in actors:
            known = kb.lookup(actor.name)
            if known is not None and known.origin == "user":
                actor.name = known.name
                actor.kind = known.kind
                actor.aliases = list(dict.fromkeys(known.aliases + actor.aliases))
                actor.country = known.country or actor.country
                actor.roles = known.roles + [r for r in actor.roles if r not in known.roles]
                if known.affiliation:
                    actor.affiliation = list(known.affiliation)
                actor.origin = "user"
        actors = merge_actors(actors, kb)
    if name:
        needle = name.casefold()
        actors = [a for a in actors if needle in a.name.casefold() or any(needle in x.casefold() for x in a.aliases)]
    return actors


def roles_text(actor: Actor) -> str:
    return "; ".join(_role_text(r) for r in actor.roles)


def relations_text(actor: Actor) -> str:
    return "; ".join(f"{r.get('relation', '').replace('_', ' ')} {r.get('target', '')}" for r in actor.relations)


def evidence_text(actor: Actor) -> str:
    return "\n".join(f"{e.get('fact', '')}: “{e.get('sentence', '')}”" for e in actor.evidence)

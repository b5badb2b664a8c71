"""Affiliation paths (`Iran / Government`, `Iran / Supreme Leader's circle`) from roles and relations.

Nothing here names a person: the camp comes from the title table (a minister is in
the government; whoever advises, represents or stands close to a Supreme Leader is in
the Supreme Leader's circle) and from the actor a relation points at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..records import Actor

if TYPE_CHECKING:
    from .kb import KnowledgeBase

# Camps that say little about where an actor stands inside a state: a relation to a
# power holder overrides them ("a cleric who represents the Supreme Leader").
WEAK_CAMPS = frozenset({"Clergy", "Media", "Analysts", "Official"})
CIRCLE_RELATIONS = ("adviser_to", "representative_of", "close_to", "spokesman_of", "member_of", "aide_to")


def _role_country(role: dict, actor: Actor, kb: "KnowledgeBase") -> str | None:
    of = role.get("of")
    if of:
        country = kb.country(of)
        if country:
            return country
        body = kb.lookup(of)
        if body and body.country:
            return body.country
    return actor.country


def relation_camp(target: Actor, relation: str, kb: "KnowledgeBase") -> list[str] | None:
    """Where a relation to `target` places an actor: the circle of the target's role, or its body."""
    for role in target.roles:
        circle = kb.circle_of_role(role.get("role", ""))
        if circle:
            country = _role_country(role, target, kb)
            return [country, circle] if country else [circle]
    if target.kind in ("government", "organisation", "media", "group") and target.affiliation:
        return list(target.affiliation)
    if target.kind == "state" and target.country:
        return [target.country, "Government"]
    if target.affiliation and len(target.affiliation) > 1:
        return list(target.affiliation)
    return None


def derive_affiliation(
    actor: Actor, kb: "KnowledgeBase", find: Callable[[str], Actor | None] | None = None
) -> list[str]:
    """The affiliation path of an actor from its kind, roles and relations."""
    find = find or kb.lookup
    if actor.kind == "state":
        return [actor.country or actor.name]
    if actor.kind == "government":
        return [actor.country or actor.name, "Government"]
    strong: list[str] | None = None
    weak: list[str] | None = None
    # a role held now before one that ended ("until"): a former president who leads the opposition now
    for role in sorted(actor.roles, key=lambda r: bool(r.get("until"))):
        if role.get("former"):
            continue  # "former prime minister": no longer speaks for the government
        camp = kb.camp_of_role(role.get("role", "")) or role.get("camp")
        if not camp:
            continue
        country = _role_country(role, actor, kb)
        path = [country, camp] if country else [camp]
        if camp in WEAK_CAMPS:
            weak = weak or path
        else:
            strong = strong or path
    if strong:
        return strong
    for rel in actor.relations:
        if rel.get("relation") not in CIRCLE_RELATIONS:
            continue
        target = find(rel.get("target", ""))
        if target is None or target.name == actor.name:
            continue
        path = relation_camp(target, rel["relation"], kb)
        if path:
            return path
    if weak:
        return weak
    if len(actor.affiliation) > 1 or (actor.affiliation and not actor.country):
        return list(actor.affiliation)  # nothing here says otherwise: keep what the KB or the user gave
    if actor.kind == "media" and actor.country:
        return [actor.country, "Media"]
    return [actor.country] if actor.country else []

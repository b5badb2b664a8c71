"""Camps: which state an actor speaks for, and which camp inside that state.

A camp is an affiliation path `state / camp` ("Iran / Government",
"Iran / Supreme Leader's circle"). It comes, in order of trust, from the
user's KB, from the affiliation the actors stage stored, and otherwise from
the actor's own roles and relations (an adviser to someone is in that
someone's camp). Speakers the store knows nothing about are placed by name
alone: a state name speaks for its government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..actors.affiliation import camp_model, camp_names, camp_of_words, country_of, international_pattern, says_service
from ..actors.kb import KnowledgeBase, load_kb, read_user_kb
from ..records import Actor

__all__ = ["Camp", "assign_camps", "camp_for", "camp_for_name", "camp_names", "derive_camp", "load_kb_camps"]


@dataclass(frozen=True)
class Camp:
    """A group of actors: a sub-state camp of a state, or a group with no state."""

    state: str | None
    name: str

    @property
    def label(self) -> str:
        return f"{self.state} / {self.name}" if self.state else self.name

    def __str__(self) -> str:
        return self.label


def alias_free(text: str) -> str:
    """Letters only, lower-cased: "Iran," and "iran" compare equal."""
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def _describe(actor: Actor) -> str:
    """All the words that say what an actor is: roles, relations, kind."""
    parts = []
    for role in actor.roles:
        parts.append(" ".join(str(role.get(k) or "") for k in ("role", "of")))
    for rel in actor.relations:
        parts.append(" ".join(str(rel.get(k) or "") for k in ("relation", "target")))
    return " ; ".join(parts)


def _state_of(actor: Actor, kb: KnowledgeBase) -> str | None:
    if actor.affiliation:
        return actor.affiliation[0]
    if actor.country:
        return actor.country
    for role in actor.roles:
        state = country_of(str(role.get("of") or ""), kb) or country_of(str(role.get("role") or ""), kb)
        if state:
            return state
    for role in actor.roles:
        # "Defence Minister of Ruritania": a state the country table does not know, named as such
        of = str(role.get("of") or "").strip()
        serves = says_service(str(role.get("role") or ""))  # "adviser of <person>"
        if (of[:1].isupper() and len(of.split()) <= 3 and not serves and not camp_of_words(of, None)
                and not international_pattern(kb).search(of)):
            return of
    return country_of(actor.name, kb) if actor.kind in ("state", "government") else None


def _camp_of_roles(actor: Actor, kb: KnowledgeBase) -> str | None:
    """The narrowest camp the actor's titles (titles.tsv) or the words of its description name, else its kind's camp."""
    found = [t.camp for t in (kb.title(str(r.get("role") or "")) for r in actor.roles) if t and t.camp]
    found.append(camp_of_words(_describe(actor), None))
    order = {name: i for i, name in enumerate(camp_names())}
    named = sorted((c for c in found if c), key=lambda c: order.get(c, len(order)))
    return named[0] if named else camp_of_words("", actor.kind)


def derive_camp(actor: Actor, known: dict[str, Actor] | None = None, _seen: frozenset[str] = frozenset()) -> Camp:
    """The camp an actor's roles and relations put it in, ignoring any stored affiliation.

    A relation of service or closeness (adviser to, representative of, close to)
    puts an actor into its target's camp when the target is a known actor.
    """
    known = known or {}
    kb = load_kb()
    model = camp_model()
    state = _state_of(Actor(actor.name, actor.kind, country=actor.country, roles=actor.roles), kb)
    for rel in list(actor.relations) + [r for r in actor.roles if r.get("of")]:
        target = str(rel.get("target") or rel.get("of") or "")
        words = str(rel.get("relation") or rel.get("role") or "")
        if country_of(target, kb) and alias_free(target) == alias_free(country_of(target, kb) or ""):
            continue  # "Foreign Minister of Iran": the state, not a patron
        other = known.get(target.lower())
        if other is not None and other.name not in _seen and says_service(words):
            inherited = camp_for(other, known, _seen | {actor.name})
            if inherited.state:
                return inherited
    name = _camp_of_roles(actor, kb)
    if name is None and actor.kind == "state":
        name = "Government"
    if state is None:
        if actor.kind in ("organisation", "group") and name in (None, "Government"):
            return Camp(None, model.international)
        return Camp(None, name if name in ("Analysts", "Media") else model.unaffiliated)
    return Camp(state, name or "Other")


def camp_for(actor: Actor, known: dict[str, Actor] | None = None, _seen: frozenset[str] = frozenset()) -> Camp:
    """An actor's camp: its stored affiliation path when it has one, else derived."""
    if len(actor.affiliation) >= 2:
        return Camp(actor.affiliation[0], " / ".join(actor.affiliation[1:]))
    if len(actor.affiliation) == 1 and actor.affiliation[0]:
        only = actor.affiliation[0]
        derived = derive_camp(actor, known, _seen)
        model = camp_model()
        if only not in model.names and only not in (model.international, model.unaffiliated):
            return Camp(only, derived.name if derived.state in (None, only) else "Other")  # a state, camp unknown
        if derived.state:  # a camp, and the state comes from the actor's roles or name
            return Camp(derived.state, only)
        return Camp(None, only if only in model.stateless else f"{only} (state unknown)")
    return derive_camp(actor, known, _seen)


def camp_for_name(name: str) -> Camp:
    """The camp of a speaker with no actor record, from its name: "Turkey" or
    "Armenian Defence Ministry" speak for a state; anyone else is unaffiliated."""
    model = camp_model()
    kb = load_kb()
    if international_pattern(kb).search(name):
        return Camp(None, model.international)
    state = country_of(name, kb)
    named = camp_of_words(name, None)
    if state:
        return Camp(state, named or "Government")
    return Camp(None, named if named in ("Media", "Analysts") else model.unaffiliated)


def load_kb_camps(path: str | Path | None) -> dict[str, Camp]:
    """Camp overrides from a user KB YAML.

    Two forms are read: the actors KB format (a list of actors, or `actors:`,
    each `{name, aliases, affiliation: [State, Camp] or "State / Camp"}`) and
    `camps: [{name: "State / Camp", members: [...]}]`.
    """
    if not path:
        return {}
    data = read_user_kb(path)  # KnowledgeBaseError (a ValueError) names the file, field and problem
    out: dict[str, Camp] = {}
    for entry in data.actors:
        if entry.affiliation:
            aff = entry.affiliation
            camp = Camp(aff[0], " / ".join(aff[1:])) if len(aff) > 1 else Camp(aff[0], "Other")
            for name in [entry.name, *entry.aliases]:
                out[name.lower()] = camp
    for entry in data.camps:
        state, _, camp_name = entry.name.partition(" / ")
        camp = Camp(state, camp_name) if camp_name else Camp(None, state)
        for member in entry.members:
            out[member.lower()] = camp
    return out


def assign_camps(
    speakers: Iterable[str], actors: Iterable[Actor], overrides: dict[str, Camp] | None = None
) -> dict[str, Camp]:
    """Every speaker's camp: user KB first, then the actor record, then the name alone."""
    overrides = overrides or {}
    known: dict[str, Actor] = {}
    for actor in actors:
        known[actor.name.lower()] = actor
        for alias in actor.aliases:
            known.setdefault(alias.lower(), actor)
    out = {}
    for speaker in speakers:
        key = speaker.lower()
        if key in overrides:
            out[speaker] = overrides[key]
        elif key in known:
            out[speaker] = camp_for(known[key], known)
        else:
            out[speaker] = camp_for_name(speaker)
    return out

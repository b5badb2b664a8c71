"""The camp model: affiliation paths (`Iran / Government`, `Iran / Supreme Leader's circle`).

One engine for the actors stage and the analysis stage, read from one data set
beside it: `camps.yaml` (the camps, their order and description words, the weak
and stateless camps, the relations of service), `titles.tsv` (the camp of each
title), `organisations.yaml` (the international bodies) and the knowledge base's
country table. Nothing here names a person: the camp comes from the title table
(a minister is in the government; whoever advises, represents or stands close to
a Supreme Leader is in the Supreme Leader's circle), from the words of a
description, and from the actor a relation points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable

import yaml

from ..records import Actor

if TYPE_CHECKING:
    from .kb import KnowledgeBase


@dataclass(frozen=True)
class CampRule:
    """A sub-state camp, the words that place a description in it, and the actor kinds it takes."""

    name: str
    pattern: re.Pattern[str] | None
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CampModel:
    """Everything `camps.yaml` says, read once."""

    rules: tuple[CampRule, ...]
    international: str  # the camp of international bodies
    unaffiliated: str  # the camp of anyone else with no state
    stateless: frozenset[str]  # camps that make sense without a state
    weak: frozenset[str]  # camps a relation to a power holder overrides
    domestic: frozenset[str]  # camps of titles many hold whose holders belong to the country in question
    relations: dict[str, tuple[str, ...]]  # relation code -> the words that say it

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.rules]


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)


@lru_cache(maxsize=1)
def camp_model() -> CampModel:
    data = yaml.safe_load(resources.files(__package__).joinpath("data/camps.yaml").read_text("utf-8"))
    rules = tuple(CampRule(c["name"], _words_pattern(c.get("words") or []), tuple(c.get("kinds") or ()))
                  for c in data["camps"])
    return CampModel(rules=rules, international=data["international"], unaffiliated=data["unaffiliated"],
                     stateless=frozenset(data["stateless"]), weak=frozenset(data["weak"]), domestic=frozenset(data["domestic"]),
                     relations={code: tuple(words) for code, words in data["relations"].items()})


def camp_names() -> list[str]:
    """Sub-state camps in report order."""
    return camp_model().names


def circle_relations() -> tuple[str, ...]:
    """The relation codes that put an actor in its target's camp."""
    return tuple(camp_model().relations)


def says_service(text: str) -> bool:
    """Whether a relation or role ("adviser to", "close_to", "spokesman of") is one of service or closeness."""
    text = text.lower().replace("_", " ")
    return any(w in text for words in camp_model().relations.values() for w in words)


def camp_of_words(text: str, kind: str | None) -> str | None:
    """The first camp whose words occur in a description, else the first that takes the actor's kind."""
    rules = camp_model().rules
    for rule in rules:
        if rule.pattern is not None and text and rule.pattern.search(text):
            return rule.name
    for rule in rules:
        if kind and kind in rule.kinds:
            return rule.name
    return None


def country_of(text: str | None, kb: "KnowledgeBase") -> str | None:
    """The state a name, demonym or capital in `text` points to ("Iranian FM" -> "Iran"), by the KB's country table."""
    if not text:
        return None
    whole = kb.country(text.strip())
    if whole:
        return whole
    words = re.findall(r"[A-Za-zÀ-ɏ'-]+", text)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if not chunk[:1].isupper():
                continue
            found = kb.country(chunk)
            if found:
                return found
    return None


_INTERNATIONAL: dict[int, tuple["KnowledgeBase", re.Pattern[str]]] = {}  # id(kb) -> (kb, pattern), kept with its kb


def international_pattern(kb: "KnowledgeBase") -> re.Pattern[str]:
    """The names of the international bodies in the KB (affiliation `International / ...`), found in a longer name.

    Left out: an alias the institutions table reads as a state's own body ("Security
    Council"), one that names a country or capital ("Brussels"), and one that starts
    with "the" (the same name is there without it).
    """
    known = _INTERNATIONAL.get(id(kb))
    if known is not None and known[0] is kb:
        return known[1]
    names = set()
    for actor in kb.actors.values():
        if actor.kind != "organisation" or not actor.affiliation or actor.affiliation[0] != "International":
            continue
        for name in (actor.name, *actor.aliases):
            if name.lower().startswith("the ") or kb.institution(name) or kb.country(name):
                continue
            names.add(name)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    if len(_INTERNATIONAL) > 8:
        _INTERNATIONAL.clear()
    _INTERNATIONAL[id(kb)] = (kb, pattern)
    return pattern


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
    weak_camps = camp_model().weak
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
        if camp in weak_camps:
            weak = weak or path
        else:
            strong = strong or path
    if strong:
        return strong
    for rel in actor.relations:
        if rel.get("relation") not in circle_relations():
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

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
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml

from ..records import Actor

INTERNATIONAL = re.compile(
    r"\b(?:UN|U\.N\.|United Nations|OSCE|EU|European Union|NATO|Minsk Group|Red Cross|ICRC|Council of Europe|"
    r"European Parliament|European Commission|African Union|Arab League|WHO|IAEA|CSTO|Amnesty|Human Rights Watch)\b"
)
STATELESS_CAMPS = ("Analysts", "Media", "Opposition")  # camps that make sense without a state
RELATION_WORDS = ("adviser", "advisor", "representative", "close to", "spokes", "aide", "envoy", "member of")


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


@dataclass(frozen=True)
class CampRule:
    name: str
    pattern: re.Pattern[str] | None
    kinds: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[CampRule, ...], str, str]:
    data = yaml.safe_load(resources.files(__package__).joinpath("data/camps.yaml").read_text("utf-8"))
    rules = []
    for camp in data["camps"]:
        words = camp.get("words") or []
        pattern = (
            re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
            if words
            else None
        )
        rules.append(CampRule(camp["name"], pattern, tuple(camp.get("kinds") or ())))
    return tuple(rules), data["international"], data["unaffiliated"]


def camp_names() -> list[str]:
    """Sub-state camps in report order."""
    return [r.name for r in _rules()[0]]


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Lower-cased country names, demonyms and capitals -> canonical country name.

    Built from the actors stage's country table (one source of truth for
    demonyms and capitals) over pycountry's names.
    """
    import pycountry

    index: dict[str, str] = {}
    for c in pycountry.countries:
        short = getattr(c, "common_name", None) or c.name
        for n in (c.name, short, getattr(c, "official_name", None)):
            if n:
                index[n.lower()] = short
    table = resources.files("stancemap.actors").joinpath("data/countries.tsv")
    if table.is_file():
        for line in table.read_text("utf-8").splitlines():
            if not line or line.startswith("#") or line.startswith("code\t"):
                continue
            cols = (line.split("\t") + ["", "", "", "", ""])[:5]
            name = cols[1]
            for col in cols[1:5]:
                for n in col.split("|"):
                    if n.strip():
                        index[n.strip().lower()] = name
    return index


@lru_cache(maxsize=4096)
def country_of(text: str | None) -> str | None:
    """The state a name, demonym or capital in `text` points to ("Iranian FM" -> "Iran")."""
    if not text:
        return None
    index = _country_index()
    whole = text.strip().lower()
    if whole in index:
        return index[whole]
    words = re.findall(r"[A-Za-zÀ-ɏ'-]+", text)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if not chunk[:1].isupper():
                continue
            key = chunk.lower()
            if key in index:
                return index[key]
            if key.endswith("s") and key[:-1] in index:  # plural demonym: "Armenians"
                return index[key[:-1]]
    return None


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


def _state_of(actor: Actor) -> str | None:
    if actor.affiliation:
        return actor.affiliation[0]
    if actor.country:
        return actor.country
    for role in actor.roles:
        state = country_of(str(role.get("of") or "")) or country_of(str(role.get("role") or ""))
        if state:
            return state
    for role in actor.roles:
        # "Defence Minister of Ruritania": a state the country table does not know, named as such
        of = str(role.get("of") or "").strip()
        serves = any(w in str(role.get("role") or "").lower() for w in RELATION_WORDS)  # "adviser of <person>"
        if of[:1].isupper() and len(of.split()) <= 3 and not serves and not _match_rules(of, None) and not INTERNATIONAL.search(of):
            return of
    return country_of(actor.name) if actor.kind in ("state", "government") else None


def _match_rules(text: str, kind: str | None) -> str | None:
    rules = _rules()[0]
    for rule in rules:
        if rule.pattern is not None and text and rule.pattern.search(text):
            return rule.name
    for rule in rules:
        if kind and kind in rule.kinds:
            return rule.name
    return None


def derive_camp(actor: Actor, known: dict[str, Actor] | None = None, _seen: frozenset[str] = frozenset()) -> Camp:
    """The camp an actor's roles and relations put it in, ignoring any stored affiliation.

    A relation of service or closeness (adviser to, representative of, close to)
    puts an actor into its target's camp when the target is a known actor.
    """
    known = known or {}
    _, international, unaffiliated = _rules()
    state = _state_of(Actor(actor.name, actor.kind, country=actor.country, roles=actor.roles))
    for rel in list(actor.relations) + [r for r in actor.roles if r.get("of")]:
        target = str(rel.get("target") or rel.get("of") or "")
        words = str(rel.get("relation") or rel.get("role") or "").lower()
        if country_of(target) and alias_free(target) == alias_free(country_of(target) or ""):
            continue  # "Foreign Minister of Iran": the state, not a patron
        other = known.get(target.lower())
        if other is not None and other.name not in _seen and any(w in words for w in RELATION_WORDS):
            inherited = camp_for(other, known, _seen | {actor.name})
            if inherited.state:
                return inherited
    name = _match_rules(_describe(actor), actor.kind)
    if name is None and actor.kind == "state":
        name = "Government"
    if state is None:
        if actor.kind in ("organisation", "group") and name in (None, "Government"):
            return Camp(None, international)
        return Camp(None, name if name in ("Analysts", "Media") else unaffiliated)
    return Camp(state, name or "Other")


def camp_for(actor: Actor, known: dict[str, Actor] | None = None, _seen: frozenset[str] = frozenset()) -> Camp:
    """An actor's camp: its stored affiliation path when it has one, else derived."""
    if len(actor.affiliation) >= 2:
        return Camp(actor.affiliation[0], " / ".join(actor.affiliation[1:]))
    if len(actor.affiliation) == 1 and actor.affiliation[0]:
        only = actor.affiliation[0]
        derived = derive_camp(actor, known, _seen)
        if only not in camp_names() and only not in _rules()[1:]:
            return Camp(only, derived.name if derived.state in (None, only) else "Other")  # a state, camp unknown
        if derived.state:  # a camp, and the state comes from the actor's roles or name
            return Camp(derived.state, only)
        return Camp(None, only if only in STATELESS_CAMPS else f"{only} (state unknown)")
    return derive_camp(actor, known, _seen)


def camp_for_name(name: str) -> Camp:
    """The camp of a speaker with no actor record, from its name: "Turkey" or
    "Armenian Defence Ministry" speak for a state; anyone else is unaffiliated."""
    _, international, unaffiliated = _rules()
    if INTERNATIONAL.search(name):
        return Camp(None, international)
    state = country_of(name)
    if state:
        return Camp(state, _match_rules(name, None) or "Government")
    return Camp(None, _match_rules(name, None) if _match_rules(name, None) in ("Media", "Analysts") else unaffiliated)


def load_kb_camps(path: str | Path | None) -> dict[str, Camp]:
    """Camp overrides from a user KB YAML.

    Two forms are read: the actors KB format (a list of actors, or `actors:`,
    each `{name, aliases, affiliation: [State, Camp] or "State / Camp"}`) and
    `camps: [{name: "State / Camp", members: [...]}]`.
    """
    if not path:
        return {}
    from ..actors.kb import read_user_kb

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

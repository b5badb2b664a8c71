"""The actor knowledge base: countries, capitals, titles, institutions, organisations, people.

Bundled as data files beside this module (one source of truth each) and merged with
the user's own YAML files (`--kb FILE`). Answers alias lookups that ignore case,
whitespace, dots, diacritics and possessives, and maps titles to roles and camps.
"""

from __future__ import annotations

import copy
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import pycountry
import yaml

from ..records import Actor
from ..userfile import UserFileError, load_yaml, validate
from .affiliation import derive_affiliation
from .names import DATA, alias_key, given_name_gender, name_skeleton
from .schema import KB_FILE, entry_dict

KINDS = ("person", "organisation", "media", "government", "group", "state")
_SHORT_ACRONYM = re.compile(r"^[A-Z]{1,4}$")
_POSSESSIVE_END = re.compile(r"['’]s$")
_OF = re.compile(r" of (?:the )?")
_MAX_ANSWERS = 100_000  # remembered KB answers per question; a long-running process starts afresh past this
_UNASKED = object()
# Countries ISO 3166-1 has no code for yet, with the user-assigned alpha-3 code in common use (EU, IMF)
USER_ASSIGNED_ALPHA3 = {"XK": "XKX"}


class KnowledgeBaseError(ValueError):
    """A knowledge-base file that cannot be read, with the file and the reason."""


@dataclass
class Country:
    name: str
    code: str
    names: list[str]
    adjectives: list[str]
    capitals: list[str]


@dataclass
class Title:
    role: str
    camp: str | None  # None: inherited from the relation target
    circle: str | None
    single: bool = False  # one holder per state at a time ("the president" names someone)
    relation: str | None = None  # the holder's relation to whom they serve ("adviser_to"); None: none of its own


@dataclass
class Institution:
    pattern: str  # "Government of {country}"
    kind: str
    camp: str


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def government_name(country: str) -> str:
    return f"Government of {country}"


@dataclass
class KnowledgeBase:
    """Actors by alias, plus the country, title and institution tables used to read descriptions."""

    actors: dict[str, Actor] = field(default_factory=dict)  # canonical name -> Actor
    countries: dict[str, Country] = field(default_factory=dict)  # canonical country name -> Country
    titles: dict[str, Title] = field(default_factory=dict)  # alias_key(phrase) -> Title
    institutions: dict[str, Institution] = field(default_factory=dict)
    _alias: dict[str, str] = field(default_factory=dict)  # alias_key -> canonical actor name
    _acronym: dict[str, str] = field(default_factory=dict)  # exact upper-case acronym -> name
    _adjective: dict[str, str] = field(default_factory=dict)  # alias_key(adjective) -> country
    _country_alias: dict[str, str] = field(default_factory=dict)  # alias_key(name) -> country
    _capital: dict[str, str] = field(default_factory=dict)  # alias_key(capital) -> country
    _skeleton: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    _surname: dict[str, set[str]] = field(default_factory=dict)
    _code: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 code -> country (upper case only)  # last word of a person's name -> names
    _alpha3: dict[str, str] = field(default_factory=dict)  # canonical country -> ISO alpha-3 code
    explicit_affiliation: set[str] = field(default_factory=set)  # names whose affiliation was given, not derived
    # Answers already given, per question, by the text asked about: the actor rules ask about the same
    # words many times per article. Emptied by `forget()` whenever the tables change (every `add`, every loader).
    _lookup_answers: dict[tuple[str, bool], Actor | None] = field(default_factory=dict, repr=False, compare=False)
    _country_answers: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _title_answers: dict[str, Title | None] = field(default_factory=dict, repr=False, compare=False)
    _institution_answers: dict[str, Institution | None] = field(default_factory=dict, repr=False, compare=False)
    _role_answers: dict[str, list[Actor]] = field(default_factory=dict, repr=False, compare=False)
    _longest_title_answers: dict[tuple[str, ...], tuple[int, Title] | None] = field(
        default_factory=dict, repr=False, compare=False)

    def forget(self) -> None:
        """Drop remembered answers; call after changing any table directly."""
        for answers in (self._lookup_answers, self._country_answers, self._title_answers, self._institution_answers,
                        self._role_answers, self._longest_title_answers):
            answers.clear()

    @staticmethod
    def _keep(answers: dict, key: Any, found: Any) -> Any:
        if len(answers) >= _MAX_ANSWERS:
            answers.clear()
        answers[key] = found
        return found

    # -- building ----------------------------------------------------------------

    def add(self, actor: Actor, replace: bool = False) -> Actor:
        """Add an actor, or merge its aliases, roles and relations into the one already known."""
        self.forget()  # tables may have been filled directly since the last answer
        try:
            return self._add(actor, replace)
        finally:
            self.forget()

    def _add(self, actor: Actor, replace: bool) -> Actor:
        known_name = self._alias.get(alias_key(actor.name))
        if not known_name and actor.origin == "user" and not replace and self.lookup(actor.name, surname=False) is None:
            # a new name whose aliases all name one known actor is another name for it
            # ("Nagorno-Karabakh separatist authorities" with alias "Nagorno-Karabakh authorities")
            found = [self.lookup(a, surname=False) for a in actor.aliases]
            hits = {self.speaker_name(f.name) for f in found if f is not None and f.name in self.actors}
            if len(hits) == 1:
                known_name = next(iter(hits))
        if known_name and known_name in self.actors and not replace:
            known = self.actors[known_name]
            _merge_into(known, actor)
            actor = known
        else:
            if known_name and known_name in self.actors:
                old = self.actors.pop(known_name)
                actor.aliases = _unique(actor.aliases + [old.name] + old.aliases)
            self.actors[actor.name] = actor
        for alias in [actor.name, *actor.aliases]:
            self._index_alias(alias, actor.name)
        if actor.kind == "person":
            sk = name_skeleton(actor.name)
            if len(sk) >= 2:
                self._skeleton.setdefault(sk, set()).add(actor.name)
            for n in [actor.name, *actor.aliases]:
                last = alias_key(n).split()[-1:]
                if last:
                    self._surname.setdefault(last[0], set()).add(actor.name)
        return actor

    def _index_alias(self, alias: str, name: str) -> None:
        bare = re.sub(r"^(?:the|The) ", "", alias.strip()).replace(".", "")
        if _SHORT_ACRONYM.match(bare):
            self._acronym[bare] = name
        else:
            self._alias[alias_key(alias)] = name

    # -- questions ---------------------------------------------------------------

    def lookup(self, text: str, surname: bool = True) -> Actor | None:
        """The actor an alias names; capitals and seat metonyms give the government.

        With `surname`, a lone surname names the one KB person who bears it ("Velayati").
        """
        key = (text, surname)
        found = self._lookup_answers.get(key, _UNASKED)
        return found if found is not _UNASKED else self._keep(self._lookup_answers, key, self._lookup(text, surname))

    def _lookup(self, text: str, surname: bool) -> Actor | None:
        if not text or not text.strip():
            return None
        bare = _POSSESSIVE_END.sub("", text.strip()).replace(".", "")
        if bare.startswith(("the ", "The ")):
            bare = bare[4:]
        if _SHORT_ACRONYM.match(bare):
            name = self._acronym.get(bare)
            return self.actors.get(name) if name else None
        key = alias_key(text)
        name = self._alias.get(key)
        if name:
            return self.actors[name]
        country = self._capital.get(key)
        if country:
            return self.government(country)
        inst = self.institution_actor(text)
        if inst:
            return inst
        sk = name_skeleton(text)
        if len(sk) >= 2:
            names = self._skeleton.get(sk, set())
            if len(names) == 1:
                return self.actors[next(iter(names))]
        if surname and len(sk) == 1 and text.strip()[:1].isupper():
            people = self.people_with_surname(text)
            if len(people) == 1:  # "Velayati"; "Aliyev" is ambiguous and left to the article's context
                return people[0]
        return None

    def speaker(self, text: str) -> Actor | None:
        """The actor a name stands for as a speaker: a state speaks as its government ("Iran said")."""
        actor = self.lookup(text)
        if actor is not None and (actor.kind == "state" or actor.name in self.countries):
            return self.government(actor.country or actor.name)  # whatever kind a user file gave the state
        return actor

    def speaker_name(self, name: str) -> str:
        """The canonical name of the speaker an actor name stands for (a state: its government)."""
        actor = self.actors.get(name)
        if actor is not None and (actor.kind == "state" or actor.name in self.countries):
            return government_name(actor.country or actor.name)
        return name

    def same_speaker(self, a: str, b: str) -> bool:
        """Whether two speaker names resolve to one actor ("Iran" and "the Iranian government")."""
        if alias_key(a) == alias_key(b):
            return True
        x, y = self.speaker(a), self.speaker(b)
        return x is not None and y is not None and x.name == y.name

    def country(self, text: str) -> str | None:
        """The canonical country a name, short name, adjective, demonym or capital refers to."""
        found = self._country_answers.get(text, _UNASKED)
        return found if found is not _UNASKED else self._keep(self._country_answers, text, self._country(text))

    def _country(self, text: str) -> str | None:
        bare = text.strip().replace(".", "")
        if bare in self._code:  # "ARM", "AZE": codes count only in capitals ("Col." is a colonel)
            return self._code[bare]
        key = alias_key(text)
        if not key:
            return None
        for table in (self._country_alias, self._adjective, self._capital):
            if key in table:
                return table[key]
        m = re.match(r"^(?:republic|state|kingdom|federation|principality|commonwealth) of (?:the )?(.+)$", key)
        if m and m.group(1) in self._country_alias:  # "Republic of Nagorno-Karabakh"
            return self._country_alias[m.group(1)]
        if key.endswith("s") and key[:-1] in self._adjective:  # "Armenians", "Azeris"
            return self._adjective[key[:-1]]
        if (key.endswith("s") and len(key) > 4 and key[:-1] in self._country_alias and "'" not in text
                and "’" not in text and not given_name_gender(key)):
            return self._country_alias[key[:-1]]  # "Syrias army": a possessive whose apostrophe was lost ("Frances" is a name)
        if key.endswith("es") and key[:-2] in self._adjective:
            return self._adjective[key[:-2]]
        return None

    def country_code(self, text: str | None) -> str | None:
        """The ISO 3166-1 alpha-3 code (CAMEO's country code) of the country a name, adjective
        or capital refers to: "Turkey" -> "TUR". None for a text that names no country and for
        a de facto state ISO does not list (Nagorno-Karabakh)."""
        if not text:
            return None
        name = text if text in self.countries else self.country(text)
        return self._alpha3.get(name) if name else None

    def country_of_adjective(self, text: str) -> str | None:
        key = alias_key(text)
        if key in self._adjective:
            return self._adjective[key]
        if key.endswith("s") and key[:-1] in self._adjective:
            return self._adjective[key[:-1]]
        return None

    def is_capital(self, text: str) -> bool:
        return alias_key(text) in self._capital

    def title_role(self, text: str) -> str | None:
        """The role a title names ("FM" -> "Foreign Minister"), or None."""
        title = self.title(text)
        return title.role if title else None

    def title(self, text: str) -> Title | None:
        """The title a phrase names ("FM", "spokesmen"), or None."""
        found = self._title_answers.get(text, _UNASKED)
        return found if found is not _UNASKED else self._keep(self._title_answers, text, self._title(text))

    def _title(self, text: str) -> Title | None:
        key = alias_key(text)
        found = self.titles.get(key)
        if not found and key.endswith("s"):  # "advisers", "representatives"
            found = self.titles.get(key[:-1])
            key = key[:-1]
        if not found and key.endswith("men"):  # "spokesmen"
            key = key[:-3] + "man"
            found = self.titles.get(key)
        if found and found.role == "*":
            role = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in key.split())
            return Title(role=role, camp=found.camp, circle=found.circle, single=found.single, relation=found.relation)
        return found

    def longest_title(self, words: list[str]) -> tuple[int, Title] | None:
        """The longest title that ends the word list: (number of words, Title)."""
        key = tuple(words)
        found = self._longest_title_answers.get(key, _UNASKED)
        return found if found is not _UNASKED else self._keep(self._longest_title_answers, key, self._longest_title(key))

    def _longest_title(self, words: tuple[str, ...]) -> tuple[int, Title] | None:
        for n in range(min(len(words), 6), 0, -1):
            t = self.title(" ".join(words[-n:]))
            if t:
                return n, t
        return None

    def camp_of_role(self, role: str) -> str | None:
        for t in self.titles.values():
            if t.role == role:
                return t.camp
        return None

    def circle_of_role(self, role: str) -> str | None:
        for t in self.titles.values():
            if t.role == role:
                return t.circle or t.camp
        return None

    def institution(self, text: str) -> Institution | None:
        found = self._institution_answers.get(text, _UNASKED)
        return found if found is not _UNASKED else self._keep(self._institution_answers, text, self._institution(text))

    def _institution(self, text: str) -> Institution | None:
        key = alias_key(text)
        return self.institutions.get(key) or (self.institutions.get(key[:-1]) if key.endswith("s") else None)

    def institution_actor(self, text: str) -> Actor | None:
        """'Armenian defence ministry', "Iran's government", 'the foreign ministry of Turkey' as an actor."""
        key = alias_key(text)
        candidates = []
        for m in _OF.finditer(key) if " of " in key else ():
            candidates.append((key[: m.start()], key[m.end() :]))
        words = key.split()
        for i in range(1, min(len(words), 4)):
            candidates.append((" ".join(words[i:]), " ".join(words[:i])))
        for body, place in candidates:
            inst = self.institution(body)
            country = self.country(place) if inst else None
            if inst and country:
                return self.institution_for(inst, country)
        return None

    def institution_for(self, inst: Institution, country: str) -> Actor:
        name = inst.pattern.format(country=country)
        if name in self.actors:
            return self.actors[name]
        if inst.kind == "government":
            return self.government(country)
        return Actor(name=name, kind=inst.kind, country=country, affiliation=[country, inst.camp], origin="kb")

    def government(self, country: str) -> Actor:
        name = government_name(country)
        found = self.actors.get(name)
        if found:
            return found
        return Actor(name=name, kind="government", country=country, affiliation=[country, "Government"], origin="kb")

    def state(self, country: str) -> Actor | None:
        return self.actors.get(country)

    def holder(self, role: str, country: str | None, when: str | None = None) -> Actor | None:
        """The KB person holding `role` of `country` (at `when`, an ISO date prefix, if given)."""
        found = []
        for a in self.actors.values():
            for r in a.roles:
                if r.get("role") != role or (country and r.get("of") != country):
                    continue
                if when and ((r.get("since") and str(r["since"]) > when[: len(str(r["since"]))]) or (
                    r.get("until") and str(r["until"]) < when[: len(str(r["until"]))]
                )):
                    continue
                found.append((str(r.get("since") or ""), a))
        if not found:
            return None
        found.sort(key=lambda x: x[0])
        return found[-1][1]

    def people_in_role(self, role: str) -> list[Actor]:
        """The KB people who hold or held `role` (of any country, at any time), in KB order."""
        found = self._role_answers.get(role)
        if found is None:
            found = self._keep(self._role_answers, role, [
                a for a in self.actors.values() if a.kind == "person" and any(r.get("role") == role for r in a.roles)
            ])
        return found

    def people_with_surname(self, surname: str) -> list[Actor]:
        names = self._surname.get(alias_key(surname), set())
        return [self.actors[n] for n in sorted(names) if n in self.actors and self.actors[n].kind == "person"]


def copy_actor(actor: Actor) -> Actor:
    """An independent copy of an actor, as `copy.deepcopy` makes it, at a fraction of the cost:
    an actor holds plain data (strings, lists, dicts), and one is copied for every known name met."""
    fields = dict(vars(actor))
    for name in ("aliases", "roles", "relations", "affiliation", "evidence"):
        fields[name] = _plain_copy(fields[name])
    return type(actor)(**fields)


def _plain_copy(value: Any) -> Any:
    """Lists and dicts copied all the way down; strings, numbers and None shared; anything else deep-copied."""
    if isinstance(value, list):
        return [v if isinstance(v, str) else _plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: v if isinstance(v, str) else _plain_copy(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float)):
        return value
    return copy.deepcopy(value)


def _unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def _merge_into(known: Actor, new: Actor) -> None:
    known.aliases = _unique(known.aliases + [new.name] + new.aliases)
    if known.aliases and known.name in known.aliases:
        known.aliases.remove(known.name)
    known.roles = _unique(known.roles + new.roles)
    known.relations = _unique(known.relations + new.relations)
    known.evidence = _unique(known.evidence + new.evidence)
    if new.affiliation:
        known.affiliation = list(new.affiliation)
    if new.country:
        known.country = new.country
    if new.origin == "user":
        known.kind = new.kind or known.kind
        known.origin = "user"


# -- loading ---------------------------------------------------------------------


def _load_countries(kb: KnowledgeBase) -> None:
    rows = _rows(DATA / "countries.tsv")
    extras = {row["code"]: row for row in rows if row["code"] != "-"}
    unrecognised = [row for row in rows if row["code"] == "-"]  # de facto states: no ISO code
    seen_codes = set()
    entries = []
    for c in pycountry.countries:
        row = extras.get(c.alpha_2)
        name = row["name"] if row else getattr(c, "common_name", None) or c.name
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        entries.append((name, c.alpha_2, names, row))
        kb._code[c.alpha_3] = name
        kb._alpha3[name] = c.alpha_3
        seen_codes.add(c.alpha_2)
    for code, row in extras.items():
        if code not in seen_codes:
            entries.append((row["name"], code, [], row))
            if code in USER_ASSIGNED_ALPHA3:
                kb._alpha3[row["name"]] = USER_ASSIGNED_ALPHA3[code]
    for row in unrecognised:
        entries.append((row["name"], "-", [], row))
    for name, code, names, row in entries:
        all_names = _unique([name, *names, *(_split(row["other_names"]) if row else [])])
        adjectives = _split(row["adjectives"]) if row else []
        capitals = _split(row["capitals"]) if row else []
        country = Country(name=name, code=code, names=all_names, adjectives=adjectives, capitals=capitals)
        kb.countries[name] = country
        for n in all_names:
            kb._country_alias.setdefault(alias_key(n), name)
        for adj in adjectives:
            kb._adjective.setdefault(alias_key(adj), name)
        for cap in capitals:
            kb._capital.setdefault(alias_key(cap), name)
        alpha3 = [k for k, v in kb._code.items() if v == name and k not in all_names]
        kb.add(Actor(name=name, kind="state", aliases=[n for n in all_names + alpha3 if n != name],
                     country=name, affiliation=[name], origin="kb"))
        gov_aliases = [f"{adj} government" for adj in adjectives] + [f"government of {n}" for n in all_names[:3]]
        gov_aliases += [f"{adj} authorities" for adj in adjectives] + capitals
        kb.explicit_affiliation.update({name, government_name(name)})
        kb.add(Actor(name=government_name(name), kind="government", aliases=_unique(gov_aliases), country=name,
                     affiliation=[name, "Government"], origin="kb"))
    kb.forget()


def _load_titles(kb: KnowledgeBase) -> None:
    for row in _rows(DATA / "titles.tsv"):
        camp = row["camp"] if row["camp"] and row["camp"] != "-" else None
        title = Title(role=row["role"], camp=camp, circle=row.get("circle") or None,
                      single=(row.get("single") or "").strip() == "yes", relation=row.get("relation") or None)
        for phrase in _split(row["phrases"]):
            kb.titles[alias_key(phrase)] = title
    for row in _rows(DATA / "institutions.tsv"):
        inst = Institution(pattern=row["canonical"], kind=row["kind"], camp=row["camp"])
        for phrase in _split(row["phrases"]):
            kb.institutions[alias_key(phrase)] = inst
    kb.forget()


def actor_from_mapping(entry: dict[str, Any], origin: str, source: str = "") -> Actor:
    """An Actor from one YAML mapping; raises KnowledgeBaseError naming the problem."""
    if not isinstance(entry, dict) or not entry.get("name"):
        raise KnowledgeBaseError(f"{source}: every entry needs a 'name' (got {entry!r})")
    kind = entry.get("kind", "person")
    if kind not in KINDS:
        raise KnowledgeBaseError(f"{source}: {entry['name']}: kind {kind!r} is not one of {', '.join(KINDS)}")
    roles = []
    raw_roles = entry.get("roles") or []
    for r in [raw_roles] if isinstance(raw_roles, (str, dict)) else raw_roles:
        if isinstance(r, str):
            r = {"role": r}
        if not isinstance(r, dict) or not r.get("role"):
            raise KnowledgeBaseError(f"{source}: {entry['name']}: a role is a name or {{role, of, since, until}} (got {r!r})")
        roles.append({k: (str(v) if k in ("since", "until") else v) for k, v in r.items()})
    aliases = entry.get("aliases") or []
    aliases = [aliases] if isinstance(aliases, str) else aliases
    relations = entry.get("relations") or []
    relations = [relations] if isinstance(relations, dict) else relations
    if not isinstance(relations, list) or not all(isinstance(r, dict) and r.get("target") for r in relations):
        raise KnowledgeBaseError(f"{source}: {entry['name']}: relations are a list of {{relation, target}}")
    aff = entry.get("affiliation") or []
    if isinstance(aff, str):
        aff = [p.strip() for p in aff.split("/") if p.strip()]
    return Actor(
        name=str(entry["name"]), kind=kind, aliases=[str(a) for a in aliases],
        country=entry.get("country"), roles=roles, relations=list(relations),
        affiliation=list(aff), origin=origin,
    )


def read_user_kb(path: str | Path) -> Any:
    """A user's KB file checked against the schema (actors.schema); KnowledgeBaseError
    naming the file, the field and the problem."""
    try:
        return validate(KB_FILE, load_yaml(path, "knowledge-base file"), path)
    except UserFileError as exc:
        raise KnowledgeBaseError(str(exc)) from None


def _load_yaml_actors(kb: KnowledgeBase, path: Path, origin: str) -> None:
    if origin == "user":
        data: Any = [entry_dict(entry) for entry in read_user_kb(path).actors]
    else:  # bundled data, checked by the tests
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("actors", [])
    if data is None:
        return
    if not isinstance(data, list):
        raise KnowledgeBaseError(f"{path}: expected a list of actors (or a mapping with 'actors:')")
    for entry in data:
        actor = actor_from_mapping(entry, origin, str(path))
        if actor.affiliation:
            kb.explicit_affiliation.add(actor.name)
        if origin == "user" and alias_key(actor.name) in kb._alias:
            _merge_into(kb.actors[kb._alias[alias_key(actor.name)]], actor)
            kb.add(kb.actors[kb._alias[alias_key(actor.name)]])
        else:
            kb.add(actor)


def _finish(kb: KnowledgeBase) -> None:
    for actor in kb.actors.values():
        if actor.name not in kb.explicit_affiliation or not actor.affiliation:
            actor.affiliation = derive_affiliation(actor, kb)


@lru_cache(maxsize=1)
def _bundled() -> KnowledgeBase:
    kb = KnowledgeBase()
    _load_countries(kb)
    _load_titles(kb)
    _load_yaml_actors(kb, DATA / "organisations.yaml", "kb")
    _load_yaml_actors(kb, DATA / "people.yaml", "kb")
    _finish(kb)
    return kb


def load_kb(user_files: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The bundled KB (cached), or a copy with the user's YAML files merged over it."""
    files = [Path(f) for f in user_files]
    if not files:
        return _bundled()
    kb = copy.deepcopy(_bundled())
    for path in files:
        _load_yaml_actors(kb, path, "user")
    _finish(kb)
    return kb

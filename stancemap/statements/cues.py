"""The cue lexicon (data/cues.yaml) loaded once into lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

class _StringsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML 1.1 reads on/off/yes/no as booleans; in a word list they are words. (libyaml's
    parser when PyYAML has it: the pure-Python one took ~50 ms of the first article's extraction.)"""


_StringsLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}

TYPE_ORDER = ("decline", "speech", "stance", "cognition", "evidence", "consult")


@dataclass(frozen=True)
class Phrase:
    verb: str
    type: str
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SpeakerWords:
    """Who can be a speaker (the `speakers` section): word lists used by statements/agents.py."""

    agents: frozenset[str] = frozenset()  # common nouns naming people, bodies, media
    people: frozenset[str] = frozenset()  # those of them that name persons
    agent_endings: tuple[str, ...] = ()
    not_agents: frozenset[str] = frozenset()
    quantities: frozenset[str] = frozenset()
    indefinite_quantities: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    never_entities: frozenset[str] = frozenset()
    not_speaking_pronouns: frozenset[str] = frozenset()
    pair_nouns: frozenset[str] = frozenset()  # "the parties", "both sides"
    pair_with_count: frozenset[str] = frozenset()  # "both countries", "the two governments"
    pair_adjectives: frozenset[str] = frozenset()  # "the warring countries"


@dataclass
class Lexicon:
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> type
    nouns: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # verb lemma -> phrases
    sources: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    speakers: SpeakerWords = field(default_factory=SpeakerWords)
    clause_only: frozenset[str] = frozenset()  # verbs that report speech only with a clause or quote
    not_cues: dict[str, frozenset[str]] = field(default_factory=dict)  # verb lemma -> particles that make it no cue

    def verb_type(self, lemma: str) -> str | None:
        return self.verbs.get(lemma.lower())


@lru_cache(maxsize=1)
def load_cues() -> Lexicon:
    """Parse cues.yaml; a lemma listed under several types keeps the first in TYPE_ORDER."""
    raw = yaml.load(resources.files(__package__).joinpath("data/cues.yaml").read_text(encoding="utf-8"), Loader=_StringsLoader)
    lex = Lexicon()
    verbs = raw.get("verbs", {})
    for kind in TYPE_ORDER:
        for lemma in verbs.get(kind, []) or []:
            lex.verbs.setdefault(str(lemma).lower(), kind)
    for kind, lemmas in (raw.get("nouns") or {}).items():
        for lemma in lemmas:
            lex.nouns.setdefault(str(lemma).lower(), kind)
    for p in raw.get("phrases", []) or []:
        phrase = Phrase(
            verb=p["verb"].lower(),
            type=p.get("type", "speech"),
            objects=frozenset(w.lower() for w in p.get("object", []) or []),
            preps=frozenset(w.lower() for w in p.get("prep", []) or []),
        )
        lex.phrases.setdefault(phrase.verb, []).append(phrase)
    for s in raw.get("sources", []) or []:
        lex.sources.append((tuple(w.lower() for w in s["words"]), s.get("type", "speech")))
    lex.speakers = _speaker_words(raw.get("speakers") or {})
    lex.clause_only = frozenset(str(w).lower() for w in raw.get("clause_only") or [])
    for p in raw.get("not_cues", []) or []:
        lex.not_cues[p["verb"].lower()] = lex.not_cues.get(p["verb"].lower(), frozenset()) | frozenset(
            str(w).lower() for w in p.get("prep", []) or [])
    return lex


def _speaker_words(raw: dict) -> SpeakerWords:
    def words(key: str, section: dict = raw) -> frozenset[str]:
        value = section.get(key) or []
        if isinstance(value, dict):  # grouped lists ("people", "bodies", "media")
            value = [w for group in value.values() for w in group or []]
        return frozenset(str(w).lower() for w in value)

    return SpeakerWords(
        agents=words("agents"),
        people=words("people", raw.get("agents") or {}),
        # longest ending first, so "woman" is tried before "man"
        agent_endings=tuple(sorted(words("agent_endings"), key=len, reverse=True)),
        not_agents=words("not_agents"),
        quantities=words("quantities"),
        indefinite_quantities=words("indefinite_quantities"),
        documents=words("documents"),
        places=words("places"),
        never_entities=frozenset(w.upper() for w in words("never_entities")),
        not_speaking_pronouns=words("not_speaking_pronouns"),
        pair_nouns=words("nouns", raw.get("pair") or {}),
        pair_with_count=words("with_count", raw.get("pair") or {}),
        pair_adjectives=words("adjectives", raw.get("pair") or {}),
    )

"""The cue lexicon (data/cues.yaml) loaded once into lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

class _StringsLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in a word list they are words."""


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


@dataclass
class Lexicon:
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> type
    nouns: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # verb lemma -> phrases
    sources: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

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
    return lex

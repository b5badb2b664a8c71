"""The coder interface and the rule coder.

A coder turns one statement and one conflict into a Coding (actions, targets,
stance per side). Rules and learned models sit behind the same `Coder`
protocol so either can be chosen, or measured against the same gold.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Callable, Protocol, runtime_checkable

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Coding, SideStance, Statement
from .actions import Context, action, action_names, find_actions
from .conflicts import Conflict, resolve_conflict
from .stance import code_stance, collective_regex


@runtime_checkable
class Coder(Protocol):
    name: str

    def code(self, statement: Statement, conflict: Conflict, doc: Doc | None = None) -> Coding: ...


class ParseCache:
    """Parses of sentences, so re-coding for another conflict never re-parses a sentence."""

    def __init__(self, nlp: Language | None = None, size: int = 4096):
        self._nlp = nlp
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self.size = size

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from ..nlp.pipeline import load

            self._nlp = load()
        return self._nlp

    def __call__(self, sentence: str) -> Doc:
        doc = self._docs.get(sentence)
        if doc is None:
            doc = self.nlp(sentence)
            self._docs[sentence] = doc
            if len(self._docs) > self.size:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(sentence)
        return doc


_SHARED: dict[int, ParseCache] = {}


def shared_cache(nlp: Language | None = None) -> ParseCache:
    """One parse cache per spaCy pipeline in this process: coding for a second conflict reuses the parses."""
    if nlp is None:
        from ..nlp.pipeline import load

        nlp = load()
    cache = _SHARED.get(id(nlp))
    if cache is None:
        cache = _SHARED[id(nlp)] = ParseCache(nlp)
    return cache


SpeakerCountry = Callable[[Statement], "str | None"]


def speaker_sides(statement: Statement, conflict: Conflict, country_of: SpeakerCountry | None = None) -> list[str]:
    """The sides the speaker belongs to: named in the speaker's name or mention ("the Armenian
    defence ministry", "Ilham Aliyev"), or the speaker's country from the actor knowledge base."""
    found: list[str] = []
    for text in (statement.speaker, statement.speaker_mention):
        for s in conflict.sides_in(text):
            if s not in found:
                found.append(s)
    if country_of is not None:
        try:
            country = country_of(statement)
        except Exception:  # a lookup failure must not stop coding
            country = None
        for s in conflict.sides_in(country):
            if s not in found:
                found.append(s)
    return found


class RuleCoder:
    """Deterministic coding from the lexicons in data/ over a spaCy parse of the sentence."""

    name = "rules"

    def __init__(self, nlp: Language | None = None, country_of: SpeakerCountry | None = None, cache: ParseCache | None = None):
        self.parse = cache or shared_cache(nlp)
        self.country_of = country_of if country_of is not None else _kb_country_lookup()

    def code(self, statement: Statement, conflict: Conflict, doc: Doc | None = None) -> Coding:
        conflict = resolve_conflict(conflict)
        if doc is None or doc.text != statement.sentence:
            doc = self.parse(statement.sentence)
        own = speaker_sides(statement, conflict, self.country_of)
        country = None
        if self.country_of is not None:
            try:
                country = self.country_of(statement)
            except Exception:  # a lookup failure must not stop coding
                country = None
        ctx = Context(statement, doc, conflict, own, collective_regex(), [country] if country else [], speaker_country=country)
        finding = find_actions(ctx)
        result = code_stance(ctx, finding)
        targets = list(result.targets)
        names = list(finding.names)
        if "hostile_framing" in result.families and not {"accuse", "criticize", "threaten"} & set(names):
            names = [n for n in action_names() if n in {*names, "accuse"}]  # "another provocation by Armenia"
        return Coding(
            statement_id=statement.id,
            conflict=conflict.id,
            actions=[action(n) for n in names],
            targets=targets,
            stance=result.stance,
        )


def _kb_country_lookup() -> SpeakerCountry | None:
    """The speaker's country from the actors stage's knowledge base, when it is installed:
    the known actor's country, a country named as speaker, or a demonym in the mention
    ("Turkish Foreign Minister Mevlut Cavusoglu")."""
    try:
        from ..actors.kb import load_kb
    except ImportError:
        return None

    def lookup(statement: Statement) -> str | None:
        kb = load_kb()
        for text in (statement.speaker, statement.speaker_mention):
            if not text:
                continue
            actor = kb.lookup(text)
            if actor is not None and actor.country:
                return actor.country
            country = kb.country(text)
            if country:
                return country
        for word in re.findall(r"[A-Z][\w'’-]+", statement.speaker_mention or ""):
            country = kb.country(word)
            if country:
                return country
        return None

    return lookup


def coding_to_json(coding: Coding | None) -> dict[str, Any]:
    """The JSON shape shown by `stancemap statements --json` and the exports."""
    if coding is None:
        return {"actions": [], "targets": [], "stance": {}}
    return {
        "conflict": coding.conflict,
        "actions": [{"name": a.name, "cameo": a.cameo, "goldstein": a.goldstein} for a in coding.actions],
        "targets": list(coding.targets),
        "stance": {
            side: {"label": st.label, "confidence": st.confidence, "cue": st.cue} for side, st in coding.stance.items()
        },
    }


def stance_labels(coding: Coding) -> dict[str, str]:
    return {side: st.label for side, st in coding.stance.items()}


__all__ = ["Coder", "RuleCoder", "ParseCache", "coding_to_json", "speaker_sides", "stance_labels", "SideStance"]

"""The coder interface and the rule coder.

A coder turns one statement and one conflict into a Coding (actions, targets,
stance per side). Rules and learned models sit behind the same `Coder`
protocol so either can be chosen, or measured against the same gold.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

from spacy.language import Language
from spacy.tokens import Doc

from ..actors.kb import load_kb
from ..actors.names import given_name_gender
from ..nlp.model import load
from ..nlp.text import doc_text
from ..records import NO_CODING_JSON, Coding, SideStance, Statement
from .actions import PRONOUN_SUBJECTS, Context, action, action_names, find_actions, load_actions
from .conflicts import Conflict, resolve_conflict
from .stance import code_stance, collective_regex


@runtime_checkable
class Coder(Protocol):
    name: str

    def code(self, statement: Statement, conflict: Conflict, doc: Doc | None = None) -> Coding: ...

    def code_many(self, statements: list[Statement], conflict: Conflict, docs: list[Doc | None] | None = None) -> list[Coding]: ...


class ParseCache:
    """Parses of sentences, so re-coding for another conflict never re-parses a sentence."""

    def __init__(self, nlp: Language | None = None, size: int = 4096):
        self._nlp = nlp
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self.size = size

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
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
        nlp = load()
    cache = _SHARED.get(id(nlp))
    if cache is None:
        cache = _SHARED[id(nlp)] = ParseCache(nlp)
    return cache


SpeakerCountry = Callable[[Statement], "str | None"]


def speaker_sides(statement: Statement, conflict: Conflict, country_of: SpeakerCountry | None = None) -> list[str]:
    """The sides the speaker belongs to: named in the speaker's name or mention ("the Armenian
    defence ministry", "Ilham Aliyev"), or the speaker's country from the actor knowledge base."""
    # a de facto authority's body speaks for its side whatever state the territory belongs to
    de_facto = [s for s in conflict.side_names if any(
        s in conflict.speaker_sides_in(t) and s not in conflict.sides_in(t) for t in (statement.speaker, statement.speaker_mention))]
    if len(de_facto) == 1:
        return de_facto
    country = None
    if country_of is not None:
        try:
            country = country_of(statement)
        except Exception:  # a lookup failure must not stop coding
            country = None
    if country and country not in conflict.home:
        # the knowledge base knows whom the speaker speaks for: "Khamenei's representatives in
        # Iranian Azerbaijan" are Iranian, not on Azerbaijan's side. In a civil war the
        # country is both sides' own, and the speaker's name or title must tell.
        return conflict.sides_in(country)
    found: list[str] = []
    for text in (statement.speaker, statement.speaker_mention):
        for s in conflict.speaker_sides_in(text):
            if s not in found:
                found.append(s)
    return found


def country_by(lookup: SpeakerCountry | None, statement: Statement) -> str | None:
    """A speaker's country by `lookup`; None without one, or when it fails (a lookup failure
    must not stop coding)."""
    if lookup is None:
        return None
    try:
        return lookup(statement)
    except Exception:
        return None


class RuleCoder:
    """Deterministic coding from the lexicons in data/ over a spaCy parse of the sentence."""

    def code_many(self, statements: list[Statement], conflict: Conflict, docs: list[Doc | None] | None = None) -> list[Coding]:
        """Each statement coded in turn (the Coder interface's batch form)."""
        return [self.code(s, conflict, d) for s, d in zip(statements, docs or [None] * len(statements))]

    name = "rules"

    def __init__(self, nlp: Language | None = None, country_of: SpeakerCountry | None = None, cache: ParseCache | None = None):
        self.parse = cache or shared_cache(nlp)
        self.country_of = country_of if country_of is not None else _kb_country_lookup()
        self._sides: dict[tuple[str | None, str | None, str | None], list[str]] = {}
        self._sides_for: Conflict | None = None

    def _speaker_sides(self, statement: Statement, conflict: Conflict, country: str | None) -> list[str]:
        """`speaker_sides`, remembered per speaker, mention and country for one conflict: the
        same speakers recur statement after statement (another conflict starts afresh)."""
        if conflict is not self._sides_for or len(self._sides) > 20000:
            self._sides, self._sides_for = {}, conflict
        key = (statement.speaker, statement.speaker_mention, country)
        if key not in self._sides:
            self._sides[key] = speaker_sides(statement, conflict, lambda _statement: country)
        return list(self._sides[key])

    def speaker_country(self, statement: Statement) -> str | None:
        """The speaker's country by this coder's lookup (stored actors, else the knowledge base)."""
        return country_by(self.country_of, statement)

    def own_sides(self, statement: Statement, conflict: Conflict, country: str | None) -> list[str]:
        """The sides the speaker belongs to (see `speaker_sides`), given its country."""
        return self._speaker_sides(statement, conflict, country)

    def code(self, statement: Statement, conflict: Conflict, doc: Doc | None = None) -> Coding:
        conflict = resolve_conflict(conflict)
        if doc is None or doc_text(doc) != statement.sentence:
            doc = self.parse(statement.sentence)
        country = self.speaker_country(statement)
        own = self._speaker_sides(statement, conflict, country)  # the country looked up once
        ctx = Context(statement, doc, conflict, own, collective_regex(), [country] if country else [], speaker_country=country)
        finding = find_actions(ctx)
        result = code_stance(ctx, finding)
        targets = list(result.targets)
        for name in action_targets(ctx, finding):
            if name not in targets:
                targets.append(name)
        names = list(finding.names)
        if "hostile_framing" in result.families and not {"accuse", "criticize", "threaten", "military"} & set(names):
            # "said another provocation by Armenia ...": the saying is the accusation; a verdict
            # on the side's conduct ("Azerbaijan's aggression", "war crimes") a criticism
            cues = " ".join(st.cue for st in result.stance.values() if st.label == "oppose")
            act = "criticize" if EVALUATIVE_BLAME.search(cues) else "accuse"
            names = [n for n in action_names() if n in {*names, act} and n != "statement"]
        return Coding(
            statement_id=statement.id,
            conflict=conflict.id,
            actions=[action(n) for n in names],
            targets=targets,
            stance=result.stance,
        )


# Hostile framings that pass a verdict on a side's conduct rather than report an act of it.
EVALUATIVE_BLAME = re.compile(r"\b(?:aggression|aggressors?|provocations?|atrocities|abuses|war crimes|crimes|terror\w*|"
                              r"occupiers|invaders|expansionism|illegal|illegitimate|criminal|puppet|junta)\b", re.IGNORECASE)
TARGET_DEPS = ("dobj", "dative", "pobj")
TARGET_PREPS = {"with", "to", "on", "upon", "against", "of", "for"}
TARGET_ENTS = ("GPE", "ORG", "PERSON")
ARTICLE_OR_POSSESSIVE = re.compile(r"^(?:the|The)\s+|['’]s$")  # "the Kremlin's" -> Kremlin
CAPITALISED = re.compile(r"[A-Z][\w'’-]+")


def action_targets(ctx: Context, finding: Any) -> list[str]:
    """Named actors the speaker's acts are directed at: objects of the action verbs
    ("invited Turkey", "told Pashinyan", "accused Israel, the US and France"); a side's
    alias gives the side's name."""
    out: list[str] = []
    doc = ctx.doc
    for hit in finding.hits:
        i = bisect_left(ctx.idx, hit.start)  # the token starting where the hit does
        tok = doc[i] if i < len(ctx.idx) and ctx.idx[i] == hit.start else None
        if tok is None or tok.pos_ not in ("VERB", "NOUN"):
            continue
        objs = [c for c in tok.children if c.dep_ in TARGET_DEPS[:2] or (hit.action == "consult" and c.dep_ == "oprd")]
        if hit.action != "statement":  # what is said about someone is not directed at them; "told X" is
            objs += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS for p in c.children if p.dep_ == "pobj"]
        if hit.action == "accuse" and tok.lemma_.lower() not in load_actions()["accuse"].verbs:
            # a wrongdoing asserted of someone ("claimed that X, Y and Z are contributing"): the doers are accused
            objs += [c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUN_SUBJECTS]
        if tok.dep_ == "xcomp":  # "invited Turkey to work with Iran for peace"
            objs += [c for c in tok.head.children if c.dep_ in TARGET_DEPS[:2]]
        for o in objs:
            for t in [o, *o.conjuncts, *[c for c in o.children if c.dep_ == "appos"]]:
                if t.ent_type_ not in TARGET_ENTS and not (t.pos_ == "PROPN" and not t.ent_type_):
                    if not ctx.conflict.sides_in(t.text):
                        continue
                ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
                text = ent.text if ent is not None else t.text
                text = ARTICLE_OR_POSSESSIVE.sub("", text).strip()
                name = _canonical(text, ctx.conflict)
                if name and name not in out and name != ctx.speaker_country and not (set(name.lower().split()) & ctx.words):
                    out.append(name)
    return out


def _canonical(text: str, conflict: Conflict) -> str:
    """A target's name: a known person's canonical name ("Pashinyan" -> Nikol Pashinyan), else
    the conflict side an alias names, else the knowledge base's country or actor name."""
    kb = load_kb()
    actor = kb.lookup(text)
    if actor is not None and actor.kind == "person":
        return actor.name
    sides = conflict.sides_in(text)
    if sides:
        return sides[0]
    if kb is not None:
        country = kb.country(text)
        if country:
            return country
        if actor is not None:
            return actor.name
    return text


def actor_countries(actors: Any) -> dict[str, str]:
    """Each actor's country by lower-case name: its country, else its outer affiliation."""
    by_name: dict[str, str] = {}
    for a in actors or []:
        country = getattr(a, "country", None) or (a.affiliation[0] if getattr(a, "affiliation", None) else None)
        if country:
            by_name[a.name.lower()] = country
    return by_name


def actors_country_lookup(actors: Any = None, kb_files: Iterable[str] = ()) -> SpeakerCountry:
    """Speaker country from stored actors (what extraction learnt: country, else the outer
    affiliation), then the knowledge base (the bundled one with the user's --kb files merged)."""
    by_name = actor_countries(actors)
    kb_lookup = _kb_country_lookup(tuple(kb_files))

    def lookup(statement: Statement) -> str | None:
        found = by_name.get((statement.speaker or "").lower())
        if found:
            return found
        return kb_lookup(statement) if kb_lookup is not None else None

    return lookup


def _kb_country_lookup(kb_files: tuple[str, ...] = ()) -> SpeakerCountry | None:
    """The speaker's country from the actors stage's knowledge base:
    the known actor's country, a country named as speaker, or a demonym in the mention
    ("Turkish Foreign Minister Mevlut Cavusoglu")."""
    # The same speakers recur statement after statement: their country is looked up once
    # per knowledge base (a different KB object starts afresh).
    known: dict[tuple[str | None, str | None], str | None] = {}
    known_in: list[Any] = [None]
    user_kb = load_kb(kb_files) if kb_files else None

    def lookup(statement: Statement) -> str | None:
        kb = user_kb or load_kb()
        if kb is not known_in[0] or len(known) > 20000:
            known.clear()
            known_in[0] = kb
        key = (statement.speaker, statement.speaker_mention)
        if key not in known:
            known[key] = _country_in_kb(kb, statement)
        return known[key]

    return lookup


def _country_in_kb(kb: Any, statement: Statement) -> str | None:
    """The known actor's country, a country named as speaker, or the first country a capitalised word names.

    A capital names no country in the name of a body the knowledge base knows without one (an
    international body: "OSCE Minsk Group"), nor right after a given name, where it is a surname
    ("William Hague", "Jack London")."""
    known = False
    for text in (statement.speaker, statement.speaker_mention):
        if not text:
            continue
        actor = kb.lookup(text)
        if actor is not None and actor.country:
            return actor.country
        known = known or actor is not None
        country = kb.country(text)
        if country:
            return country
    for text in (statement.speaker, statement.speaker_mention):
        before: Any = None
        for m in CAPITALISED.finditer(text or ""):
            country = kb.country(m.group())
            surname = before is not None and before.end() + 1 == m.start() and given_name_gender(before.group()) is not None
            if country and not (kb.is_capital(m.group()) and (known or surname)):
                return country  # the first country named: "representatives in Iranian Azerbaijan" are Iranian
            before = m
    return None


def coding_to_json(coding: Coding | None) -> dict[str, Any]:
    """The JSON shape shown by `stancemap statements --json` and the exports (`Coding.to_json`)."""
    return dict(NO_CODING_JSON) if coding is None else coding.to_json()


def stance_labels(coding: Coding) -> dict[str, str]:
    return {side: st.label for side, st in coding.stance.items()}


__all__ = ["Coder", "RuleCoder", "ParseCache", "coding_to_json", "speaker_sides", "stance_labels", "SideStance"]

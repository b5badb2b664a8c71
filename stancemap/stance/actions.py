"""The action list (CAMEO code, Goldstein value, triggers) and finding actions in a sentence.

Actions come from what the speaker does in the sentence: the verbs whose doer
is the speaker (not a belligerent, not "the parties", not someone else in a
"when X visited ..." clause), and phrases ("called for a ceasefire", "offered
to host talks", "in a phone conversation"). Every trigger list lives in
data/actions.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml
from spacy.tokens import Doc, Token

from ..actors.kb import load_kb
from ..nlp.text import doc_text
from ..nlp.token_table import token_table
from ..records import Action
from ..wordlists import word_set
from .conflicts import Conflict
from .prefilter import Gate, joinable, lowered

MODALS = {"must", "should", "need", "ought", "have"}
PRONOUN_SUBJECTS = word_set("stancemap.stance", "pronoun_subjects")
# Subordinate clauses about someone else's doing ("When Aliyev visited Iran, ...").
TEMPORAL_MARKS = {"when", "while", "after", "before", "as", "since", "whenever"}  # not "until": a speaker's condition
CLAIM_NOUNS = {"claim", "allegation", "report", "accusation", "charge", "rumour", "rumor", "information", "suggestion"}
DENIAL_VERBS = {"deny", "refute", "dismiss"}


@dataclass
class ActionSpec:
    name: str
    cameo: str
    goldstein: float
    meaning: str = ""
    verbs: set[str] = field(default_factory=set)
    nouns: set[str] = field(default_factory=set)
    phrases: list[re.Pattern[str]] = field(default_factory=list)
    needs_appeal: bool = False
    claims_content: list[re.Pattern[str]] = field(default_factory=list)
    belligerent_phrases: list[re.Pattern[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.phrase_gate = Gate(rx.pattern for rx in self.phrases)
        self.belligerent_gate = Gate(rx.pattern for rx in self.belligerent_phrases)
        self.any_claims_content = _AnyOf(self.claims_content)

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def record(self) -> Action:
        return Action(self.name, self.cameo, self.goldstein)


@dataclass
class ActionData:
    specs: dict[str, ActionSpec]
    appeal_verbs: set[str]
    hostile_verbs: set[str]
    # The actions each verb / noun lemma triggers, in list order: a sentence looks up its
    # own lemmas instead of testing every action's triggers on every word.
    verb_actions: dict[str, list[str]] = field(default_factory=dict)
    noun_actions: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # one scan for every action's phrases: most sentences hold none of them
        self.phrase_gate = Gate(rx.pattern for spec in self.specs.values() for rx in spec.phrases)
        self.belligerent_gate = Gate(rx.pattern for spec in self.specs.values() for rx in spec.belligerent_phrases)
        for name, spec in self.specs.items():
            for lemma in spec.verbs:
                self.verb_actions.setdefault(lemma, []).append(name)
            for lemma in spec.nouns:
                self.noun_actions.setdefault(lemma, []).append(name)


def _compile(patterns: list[str] | None) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns or []]


class _AnyOf:
    """Matches at a place exactly when one of the patterns does there: one try instead of one per pattern."""

    def __init__(self, patterns: list[re.Pattern[str]]):
        self.patterns = patterns
        sources = [rx.pattern for rx in patterns]
        self.joined = re.compile("|".join(f"(?:{p})" for p in sources), re.IGNORECASE) if sources and joinable(sources) else None

    def match(self, text: str, pos: int) -> bool:
        if self.joined is not None:
            return self.joined.match(text, pos) is not None
        return any(rx.match(text, pos) for rx in self.patterns)


@lru_cache(maxsize=1)
def action_data() -> ActionData:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("stancemap.stance").joinpath("data/actions.yaml").read_text(encoding="utf-8")
    )
    specs = {}
    for name, d in raw["actions"].items():
        specs[name] = ActionSpec(
            name=name, cameo=str(d["cameo"]), goldstein=float(d["goldstein"]), meaning=d.get("meaning", ""),
            verbs={v.lower() for v in d.get("verbs") or []}, nouns={v.lower() for v in d.get("nouns") or []},
            phrases=_compile(d.get("phrases")),
            needs_appeal=bool(d.get("needs_appeal")), claims_content=_compile(d.get("claims_content")),
            belligerent_phrases=_compile(d.get("belligerent_phrases")),
        )
    return ActionData(specs, set(raw.get("appeal_verbs") or []), set(raw.get("hostile_verbs") or []))


def load_actions() -> dict[str, ActionSpec]:
    """Every action by name, in the order of the list."""
    return action_data().specs


def action_names() -> list[str]:
    return list(load_actions())


def action(name: str) -> Action:
    """The Action record (name, CAMEO code, Goldstein) of an action name."""
    try:
        return load_actions()[name].record()
    except KeyError:
        raise KeyError(f"{name!r} is not an action (known: {', '.join(action_names())})") from None


# --- parse helpers -------------------------------------------------------------------


def inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


GENERIC_DOERS = word_set("stancemap.stance", "generic_doers")
ENEMY_NOUNS = re.compile(r"\b(?:enemy|enemies|adversary|adversaries|aggressor)\b", re.IGNORECASE)
WORD = re.compile(r"[\w'’-]+")
NAME_WORD = re.compile(r"\b[A-Z][\w'’-]+")
ACCORDING_TO = re.compile(r"\baccording\s+to\b(.*)", re.IGNORECASE | re.DOTALL)
FORCE_NOUNS = {"force", "forces", "troop", "troops", "army", "military", "soldier", "unit", "artillery", "aviation", "navy"}
OWN_FORCES = re.compile(r"^(?:its|our|their|his|her)\s+(?:own\s+)?(?:\w+\s+)?(?:forces|army|troops|military|units|soldiers|aviation|artillery|drones)\b", re.IGNORECASE)


class Context:
    """What every rule needs about one statement coded for one conflict."""

    def __init__(self, statement: Any, doc: Doc, conflict: Conflict, speaker_sides: list[str],
                 collective: re.Pattern[str], extra_speaker_words: Iterable[str] = (), speaker_country: str | None = None):
        self.statement = statement
        self.doc = doc
        self.text = doc_text(doc)
        self.lowered = lowered(self.text)  # for the gates that tell fast which patterns to try
        self.conflict = conflict
        self.speaker_sides = speaker_sides
        self.enemy = self._enemy()
        self.collective = collective
        self._read_tokens(doc)
        self.name_words = speaker_words(statement)
        self.words = self.name_words | {w.lower() for w in extra_speaker_words}
        # Whether we know whom the speaker speaks for; if not, a state named as doer
        # ("Scholz said Germany stands with Ukraine") is taken to be the speaker's own.
        self.speaker_known = bool(speaker_country or speaker_sides)
        self.speaker_country = speaker_country
        self.quoted = [(m.start(), m.end()) for m in QUOTED.finditer(self.text)]
        # The speaker's own quotation: where it lies in this sentence, what it said in the
        # sentences before this one, and all the speaker's words, when it runs over several
        # sentences ('"Armenian troops shelled Tartar. They targeted schools," X said').
        self.own_quote, self.quote_before, self.speech = _own_quotation(statement, self.text, self.doc[0].idx if len(doc) else 0)
        self.all_quoted = self.own_quote is not None and not WORD.search(
            self.text[: self.own_quote[0] - self.doc[0].idx] + self.text[self.own_quote[1] - self.doc[0].idx :])
        self.temporal: list[tuple[int, int]] = []  # "after Azerbaijan shelled X": set aside unless the whole sentence is attributed
        self.skip = self._excluded_ranges()
        self.claims = self._claim_content_ranges()
        self.accused_conduct = self._accused_conduct_ranges()
        # what is alleged of someone: "Armenian officials allege Turkey is on the side of Azerbaijan"
        self.alleged = [self.subtree_range(c) for t in self.tokens_where(lemmas={"allege", "accuse"}) for c in t.children if c.dep_ == "ccomp"]

    def _read_tokens(self, doc: Doc) -> None:
        """Each token's lemma and word (lower case), part of speech, dependency, entity type,
        head, children and character offsets, from the sentence's token table (read once per
        Doc, whatever the conflicts it is coded for): the rules pick the few tokens they apply
        to from these lists, and spaCy builds a new Token object on every access (`doc[i]`,
        `.head`, `.children`). The lists are the table's: read, never written."""
        table = token_table(doc)
        self.lemmas, self.lowers, self.ent_types = table.lemma_lower, table.lower, table.ent_type
        self.pos, self.deps, self.heads, self.children = table.pos, table.dep, table.head, table.children
        self.idx, self.length = table.idx, table.length

    def tokens_where(self, lemmas: Any = None, pos: Any = None, deps: Any = None) -> list[Token]:
        """The tokens, in order, whose lemma, part of speech and dependency are among those given."""
        return [self.doc[i] for i in self.indexes_where(lemmas, pos, deps)]

    def indexes_where(self, lemmas: Any = None, pos: Any = None, deps: Any = None) -> list[int]:
        """`tokens_where` as token indexes."""
        return [i for i in range(len(self.lemmas)) if (lemmas is None or self.lemmas[i] in lemmas)
                and (pos is None or self.pos[i] in pos) and (deps is None or self.deps[i] in deps)]

    def word(self, i: int) -> str:
        """The text of token i."""
        start = self.idx[i] - self.idx[0]
        return self.text[start : start + self.length[i]]

    def child_where(self, i: int, deps: Any) -> int | None:
        """The first child of token i with one of these dependencies."""
        return next((c for c in self.children[i] if self.deps[c] in deps), None)

    def token_at(self, char: int) -> Token | None:
        """The token covering the character offset `char`, if any."""
        i = bisect_right(self.idx, char) - 1
        return self.doc[i] if i >= 0 and char < self.idx[i] + self.length[i] else None

    def subtree_range(self, tok: Token | int) -> tuple[int, int]:
        """Character offsets from the first to the last token of `tok.subtree` (which lists the
        left children's subtrees, the token, then the right children's): found by walking down
        the outermost children, without listing the whole subtree."""
        first = last = tok if isinstance(tok, int) else tok.i
        while (kids := self.children[first]) and kids[0] < first:
            first = kids[0]
        while (kids := self.children[last]) and kids[-1] > last:
            last = kids[-1]
        return self.idx[first], self.idx[last] + self.length[last]

    def span_text(self, tok: Token) -> str:
        """The words of the token's subtree, cut from the sentence."""
        a, b = self.subtree_range(tok)
        return self.text[a - self.idx[0] : b - self.idx[0]]

    # The parse helpers below walk the index lists and make a Token only for what they return.
    def subject_of(self, tok: Token) -> Token | None:
        """The doer of a verb: its own subject (the agent of a passive), or inherited through
        conj / xcomp chains ("urged both sides to stop": the doer of "stop" is "both sides")."""
        deps, kids, heads = self.deps, self.children, self.heads
        i = cur = tok.i
        moved = False
        for _ in range(6):
            for c in kids[cur]:
                if deps[c] in ("nsubj", "csubj", "expl"):
                    return self.doc[c]
                if deps[c] == "nsubjpass":
                    for a in kids[cur]:
                        if deps[a] == "agent":
                            return next((self.doc[p] for p in kids[a] if deps[p] == "pobj"), None)
                    if moved and deps[i] == "conj" and not any(deps[x] == "auxpass" for x in kids[i]):
                        return self.doc[c]  # "Turkey is involved and is sending fighters": the active conjunct's doer
                    return None  # a passive without an agent names no doer
            if deps[cur] == "xcomp":
                obj = next((c for c in kids[heads[cur]] if deps[c] in ("dobj", "dative")), None)
                if obj is not None:
                    return self.doc[obj]
                cur, moved = heads[cur], True
                continue
            if deps[cur] in ("conj", "pcomp", "advcl"):
                cur, moved = (heads[cur] if deps[cur] != "pcomp" else heads[heads[cur]]), True
                continue
            return None
        return None

    def core_indexes(self, i: int, with_poss: bool = True) -> list[int]:
        """A noun phrase without its appositions, relative clauses and prepositional tails:
        "The Defense Ministry in Baku" -> Defense Ministry; with_poss=False also drops the
        possessor ("Azerbaijan's ally Turkey" is not Azerbaijan)."""
        deps = ("compound", "amod", "poss", "conj", "nmod", "det", "case") if with_poss else ("compound", "amod", "conj", "nmod", "det")
        out = [i]
        for c in self.children[i]:
            if self.deps[c] in deps:
                out.extend(self.core_indexes(c, with_poss))
        return out

    def subtree_indexes(self, i: int) -> list[int]:
        """Token i and all its descendants (not in text order)."""
        found, stack = [], [i]
        while stack:
            t = stack.pop()
            found.append(t)
            stack.extend(self.children[t])
        return found

    def core_tokens(self, tok: Token, with_poss: bool = True) -> list[Token]:
        return [self.doc[i] for i in self.core_indexes(tok.i, with_poss)]

    def core_text(self, tok: Token, with_poss: bool = True) -> str:
        start = self.idx[0]
        return " ".join(self.text[self.idx[i] - start : self.idx[i] - start + self.length[i]]
                        for i in sorted(self.core_indexes(tok.i, with_poss)))

    def is_negated(self, tok: Token) -> bool:
        """A negated predicate: "did not support", "refused to back", "without condemning"."""
        deps, kids, i = self.deps, self.children, tok.i
        head = self.heads[i]
        if any(deps[c] == "neg" for c in kids[i]):
            return True
        if deps[i] in ("xcomp", "pcomp") and self.lemmas[head] in {"refuse", "decline", "fail", "refrain", "avoid"}:
            return True
        if deps[i] == "pcomp" and self.lowers[head] == "without":
            return True
        if deps[i] in ("aux", "auxpass") and any(deps[c] == "neg" for c in kids[head]):
            return True
        return False

    def clause_chars(self, tok: Token) -> set[int]:
        """Character offsets of a verb's own clause: its subtree without coordinated verbs' clauses."""
        found = [tok.i]
        stack = [c for c in self.children[tok.i] if not (self.deps[c] == "conj" and self.pos[c] in ("VERB", "AUX")) and self.deps[c] != "cc"]
        while stack:
            t = stack.pop()
            found.append(t)
            stack.extend(self.children[t])
        return {self.idx[t] for t in found}

    # who is doing it -------------------------------------------------------------------
    def doer_sides(self, subj: Token) -> list[str]:
        return self.sides_named(self.core_text(subj))

    def _enemy(self) -> list[str]:
        """The other side, for a speaker on one side of a two-sided conflict."""
        sides = self.conflict.side_names
        if len(self.speaker_sides) == 1 and len(sides) == 2:
            return self.conflict.other_sides(self.speaker_sides[0])
        return []

    def sides_named(self, text: str) -> list[str]:
        """Sides a phrase names: by the conflict's aliases, or, in a belligerent's mouth, as
        "the enemy" / "the adversary"."""
        found = self.conflict.sides_in(text)
        if not found and self.enemy and ENEMY_NOUNS.search(text):
            return list(self.enemy)
        return found

    def is_speaker_doer(self, subj: Token | None, strict: bool = False, positive: bool = False, _sibling: bool = False) -> bool:
        """Whether a verb with this subject is the speaker's own act (strict: only when the
        subject is a pronoun or names the speaker, not "the government"; positive: only on
        evidence, so "Syrian mercenaries" or "the ministry" of someone else do not count)."""
        if subj is None:
            return True
        mention = (getattr(self.statement, "speaker_mention", "") or "").strip().lower()
        subj_text = self.span_text(subj)
        if len(mention) > 3 and subj_text.strip().lower() == mention:
            return True  # the very words extraction found the speaker in
        if self.name_words and {w.lower() for w in WORD.findall(subj_text)} & self.name_words and any(
            self.lowers[c] in ("including", "like") or self.deps[c] == "conj" for c in self.subtree_indexes(subj.i)
        ):
            return True  # "Armenia and world leaders including Putin and Macron have denounced ...": Putin among them
        if positive:
            low = subj.lower_
            if low in ("it", "they"):
                referent = self.pronoun_side(subj)
                return referent is None or referent in self.speaker_sides
            if low in PRONOUN_SUBJECTS:
                return not (low in ("he", "she") and inside(subj.idx, self.quoted))
            if {w.lower() for w in WORD.findall(self.core_text(subj))} & self.words or (
                {w.lower() for w in WORD.findall(subj_text)} & self.name_words
            ):
                return True  # the speaker's name anywhere in the subject ("four of Khamenei's representatives"),
                # its country only in the subject's own words (not "the agreements reached by ... Russia")
            if not _sibling and any(
                c != subj.i and self.deps[c] == "nsubj" and self.is_speaker_doer(self.doc[c], positive=True, _sibling=True)
                for c in self.children[self.heads[subj.i]]
            ):
                return True  # a doubled subject ("Azerbaijan's ally Turkey" parsed as two)
            core = self.core_text(subj, with_poss=False)
            named = self.conflict.sides_in(core)
            if named:
                return all(s in self.speaker_sides for s in named)
            if self.speaker_country and self._names_speaker_country(core):
                return True  # "the Turkish leadership" for the government of Turkey
            toks = self.core_indexes(subj.i, with_poss=False)
            return not self.speaker_known and any(self.ent_types[t] == "GPE" for t in toks) and all(
                self.ent_types[t] == "GPE" for t in toks if self.pos[t] == "PROPN")
        core = self.core_text(subj, with_poss=False)
        low = subj.lower_
        if low in ("it", "they"):
            referent = self.pronoun_side(subj)
            return referent is None or referent in self.speaker_sides
        if low in ("he", "she", "him", "her") and inside(subj.idx, self.quoted):
            return False  # "He just refused to leave," said X: the quote's "he" is someone else
        if low in PRONOUN_SUBJECTS:
            return True
        core_words = {w.lower() for w in WORD.findall(core)}
        if core_words & self.words:
            return True
        if self.collective.search(subj_text):
            return False
        named = self.conflict.sides_in(core)
        if named:
            return all(s in self.speaker_sides for s in named)
        if strict:
            return False
        if ((subj.lemma_.lower() in GENERIC_DOERS and (subj.tag_ not in ("NNS", "NNPS") or subj.lower_ == "authorities")) or (
            core_words & GENERIC_DOERS and subj.tag_ not in ("NNS", "NNPS")
        )) and not self._someone_else_named(subj):
            return True  # "the government", "the Defense Ministry": the speaker's institution (not "Western countries")
        toks = self.core_indexes(subj.i, with_poss=False)
        if not self.speaker_known and not strict and all(self.ent_types[t] == "GPE" for t in toks if self.pos[t] == "PROPN"):
            return True
        for t in toks:
            if self.pos[t] == "PROPN" or self.ent_types[t] in ("GPE", "PERSON", "ORG"):
                return False
        return True

    def _someone_else_named(self, subj: Token) -> bool:
        """A title or institution naming a person who is not the speaker nor of the speaker's
        country: "Turkish President Erdogan" or "Mr Aliyev's office" is no "president" or
        "office" of a French speaker; "French President Macron" is France's."""
        persons = [t for t in self.core_tokens(subj) if t.ent_type_ == "PERSON"]
        if not persons or any(t.lower_ in self.words for t in persons):
            return False
        if self.speaker_country and self._names_speaker_country(self.core_text(subj)):
            return False
        ent = next((e for e in subj.doc.ents if e.start <= persons[0].i < e.end), None)
        actor = load_kb().lookup(ent.text if ent is not None else persons[0].text)
        return not (actor is not None and self.speaker_country and actor.country == self.speaker_country)

    def _names_speaker_country(self, text: str) -> bool:
        kb = load_kb()
        return any(kb.country(w) == self.speaker_country for w in NAME_WORD.findall(text))

    def pronoun_side(self, tok: Token) -> str | None:
        """The side an "it" / "they" / "its" most plausibly stands for: the nearest side named
        before it in the sentence ("... saying Azerbaijan had violated the truce when it launched")."""
        singular = tok.lower_ in ("it", "its")
        before = []
        for side, a, b in self.conflict.mentions(self.text):
            if b > tok.idx:
                break
            first = self.token_at(a)
            # "it" stands for a state, not for "Armenian forces"
            if singular and first is not None and (first.pos_ == "ADJ" or first.head.tag_ in ("NNS", "NNPS") and first.head.i != first.i):
                continue
            before.append(side)
        if not before and tok.lower_ in ("they", "their", "them") and self.quote_before and self.in_own_quote(tok.idx):
            # a quotation's "they" stands for the side it named last in its earlier sentences
            before = [side for side, _a, _b in self.conflict.mentions(self.quote_before)]
        return before[-1] if before else None

    def in_own_quote(self, pos: int) -> bool:
        return self.own_quote is not None and self.own_quote[0] <= pos < self.own_quote[1]

    def sides_in_speech(self, rewrite: Any = None) -> list[str]:
        """Sides the speaker's words name beyond this sentence, when they run over several
        sentences of one quotation: what a sentence of it that names no side is about
        (`rewrite` first turns the speaker's "the enemy" into a side's name)."""
        if not self.speech or self.own_quote is None:
            return []
        speech = rewrite(self.speech) if rewrite else self.speech
        return list(dict.fromkeys(side for side, _a, _b in self.conflict.mentions(speech)))

    # parts of the sentence that are not the speaker's doing -----------------------------
    def _excluded_ranges(self) -> list[tuple[int, int]]:
        """Clauses that are not the speaker's doing, minus the speaker's own clauses nested in them
        ("after tensions rose, when Aliyev alleged that ..." keeps Aliyev's allegation)."""
        out = self._other_doers_ranges()
        keep = []
        for i in self.indexes_where(deps=("advcl", "ccomp", "conj"), pos=("VERB", "AUX")):
            subj_i = self.child_where(i, ("nsubj",))
            subj = self.doc[subj_i] if subj_i is not None else _with_subject(self.doc[i])
            if subj is not None and subj.lower_ not in PRONOUN_SUBJECTS and self.is_speaker_doer(subj, strict=True):
                keep.append(self.subtree_range(i))
        for a, b in keep:
            split = []
            for x, y in out:
                if x <= a and b <= y and (x, y) != (a, b):
                    split.extend(r for r in ((x, a), (b, y)) if r[1] > r[0])
                else:
                    split.append((x, y))
            out = split
        return out

    def _other_doers_ranges(self) -> list[tuple[int, int]]:
        out = []
        deps, heads, lowers, doc = self.deps, self.heads, self.lowers, self.doc
        for i in self.indexes_where(deps=("advcl", "conj", "parataxis", "appos", "relcl", "acl", "nsubj")):
            dep, head = deps[i], heads[i]
            # "When Aliyev visited Iran, ..." about someone else
            if dep == "advcl" and {lowers[c] for c in self.children[i] if deps[c] == "mark"} & TEMPORAL_MARKS:
                subj = self.child_where(i, ("nsubj", "nsubjpass"))
                if subj is not None and not self.is_speaker_doer(doc[subj], strict=True):
                    out.append(self.subtree_range(i))
                    self.temporal.append(self.subtree_range(i))
            # "..., but Baku has denied that ...": a coordinated clause with another doer
            elif dep in ("conj", "parataxis") and self.pos[i] in ("VERB", "AUX") and deps[head] == "ROOT":
                subj = self.child_where(i, ("nsubj", "nsubjpass"))
                if subj is not None and lowers[subj] not in PRONOUN_SUBJECTS and not self.is_speaker_doer(doc[subj]):
                    out.append(self.subtree_range(i))
            # the author's description of the speaker: "Turkey, a staunch ally of Azerbaijan, said"
            elif (dep in ("appos", "relcl", "acl") and deps[head] in ("nsubj", "nsubjpass")
                  and deps[heads[head]] == "ROOT" and self.is_speaker_doer(doc[head])):
                out.append(self.subtree_range(i))
            # the speaker as named in the main clause ("Azerbaijan's ally Turkey blamed ...")
            elif dep == "nsubj" and deps[head] == "ROOT" and self.is_speaker_doer(doc[i], positive=True):
                out.append(self.subtree_range(i))
            # a relative clause about someone else: "Turkey, which has openly backed Azerbaijan, will ..."
            elif dep == "relcl" and (
                self.pos[head] == "PROPN" or ((left := doc[i].left_edge.i) > 0 and self.word(left - 1) == ",")
            ):  # non-restrictive: the author's aside about someone
                subj = self.child_where(i, ("nsubj", "nsubjpass"))
                doer = head if subj is None or lowers[subj] in ("which", "who", "that") else subj
                if lowers[doer] not in PRONOUN_SUBJECTS and not self.is_speaker_doer(doc[doer], strict=True):
                    out.append(self.subtree_range(i))
        # The speaker in a subordinate clause of someone else's main clause: "Armenia and
        # Azerbaijan accused each other ... as Iran said it was working on a peace plan".
        root = next(iter(self.indexes_where(deps=("ROOT",))), None)
        root_subj = self.child_where(root, ("nsubj", "nsubjpass")) if root is not None else None
        if root_subj is not None and not self.all_quoted and not self.is_speaker_doer(doc[root_subj]):  # (a quotation is all the speaker's)
            for i in self.indexes_where(pos=("VERB", "AUX"), deps=("advcl", "conj", "ccomp", "parataxis")):
                subj = self.child_where(i, ("nsubj",))
                if subj is not None and lowers[subj] not in PRONOUN_SUBJECTS and self.is_speaker_doer(doc[subj], strict=True):
                    a, b = self.subtree_range(i)
                    start, end = self.idx[0], self.idx[-1] + self.length[-1]
                    out.extend(r for r in ((start, a), (b, end)) if r[1] > r[0])
                    break
        return out

    def _claim_content_ranges(self) -> list[tuple[int, int]]:
        """The content of "claims that ...", or of a denial: asserted by others, not the speaker."""
        out = []
        for tok in self.tokens_where(lemmas=CLAIM_NOUNS | DENIAL_VERBS):
            lemma = tok.lemma_.lower()
            if lemma in CLAIM_NOUNS and tok.pos_ == "NOUN":
                for c in tok.children:
                    if c.dep_ in ("acl", "ccomp", "relcl") or (c.dep_ == "prep" and c.lower_ in ("of", "that")):
                        out.append(self.subtree_range(c))
            elif lemma in DENIAL_VERBS and tok.pos_ == "VERB":
                for c in tok.children:
                    if c.dep_ in ("ccomp", "xcomp", "dobj"):
                        out.append(self.subtree_range(c))
        return out

    def _accused_conduct_ranges(self) -> list[tuple[int, int]]:
        """What someone is accused or criticised of ("accused Erdogan of sending fighters to Azerbaijan")."""
        out = []
        blame = {"accuse", "blame", "criticize", "criticise", "condemn", "denounce", "suspect"}
        for tok in self.tokens_where(lemmas=blame):
            objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            for c in [*tok.children, *(g for o in objects for g in o.children)]:
                if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                    out.append(self.subtree_range(c))
        return out


def _own_quotation(statement: Any, text: str, offset: int) -> tuple[tuple[int, int] | None, str, str]:
    """Where the speaker's quotation lies in the sentence (offsets of the sentence's Doc), the
    quotation's words in the sentences before it, and the speaker's words across sentences
    (the quotation and the attribution's content), when the quotation reaches beyond it."""
    quote = getattr(statement, "quote", None)
    q_start, q_end = getattr(statement, "quote_start", None), getattr(statement, "quote_end", None)
    s_start, s_end = getattr(statement, "sent_start", None), getattr(statement, "sent_end", None)
    if not quote or None in (q_start, q_end, s_start, s_end):
        return None, "", ""
    a, b = max(q_start, s_start), min(q_end, s_end)
    if b <= a:
        return None, "", ""
    inside_sentence = (offset + a - s_start, offset + min(b - s_start, len(text)))
    before = quote[: s_start - q_start] if q_start < s_start else ""
    beyond = q_start < s_start or q_end > s_end
    speech = f"{quote} … {getattr(statement, 'content', '') or ''}" if beyond or "quotation" in (getattr(statement, "speaker_reason", "") or "") else ""
    return inside_sentence, before, speech


# --- finding actions ---------------------------------------------------------------


@dataclass
class Hit:
    action: str
    start: int
    end: int
    cue: str
    subject_side: str | None = None  # for hostile acts: whose doing it is
    evaluative: bool = False  # part of what a saying says (an evaluation), not a separate act
    against: str | None = None  # the side the act is aimed at (a belligerent's threat, its strike on the enemy)


@dataclass
class ActionFinding:
    hits: list[Hit]
    names: list[str]  # in list order, deduplicated
    negated_support: list[tuple[int, int]] = field(default_factory=list)  # "did not support", "rejected claims that ... to X"

    def has(self, name: str) -> bool:
        return name in self.names

    def cue(self, name: str) -> str:
        return next((h.cue for h in self.hits if h.action == name), "")


_CEASEFIRE_VIOLATION = re.compile(r"violat\w*\W*\s+(?:of\s+)?(?:the\s+)?(?:\S+\s+)?$|\b(?:break\w*|broke|broken)\s+(?:the\s+)?$", re.IGNORECASE)
_VIOLATION_AFTER = re.compile(r"^\s*(?:violations?|violators?|breaches|was (?:broken|violated))", re.IGNORECASE)
_STOPWORDS = word_set("stancemap.stance", "stopwords")
# A negation in the words before a cue ("in no way can it be justified", "rejected claims that").
NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|n[’']t|cannot|neither|nor|without|refus\w+\s+to|declin\w+\s+to|fail\w*\s+to|refrain\w*\s+from|reject\w*\s+(?:\w+\s+){0,2}claims?\s+that|den(?:y|ied|ies)\s+(?:\w+\s+){0,2}(?:claims?\s+)?that)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
APPEAL_TO_PARTIES = {"urge", "call", "appeal", "ask", "encourage", "invite", "press", "implore", "exhort"}
# Quoted stretches; a sentence may open inside a quotation begun earlier ('We will win," he said').
QUOTED = re.compile(r"^[^\"“”]*[,.!?…]\s*[\"”]|[\"“][^\"“”]*[\"”]?")
EVALUATION = re.compile(r"\b(?:legal|legitimate|lawful|justified|righteous)\b", re.IGNORECASE)  # "X's move is legal"
WAY_NOUNS = {"way", "path", "road", "solution", "option", "answer", "alternative", "route", "way out"}
APPEAL_NOUNS = {"call", "appeal", "proposal", "plea", "demand", "hope", "need", "favour", "favor"}
WEAPONS = word_set("stancemap.stance", "weapons")
CRIMES = {"crime", "atrocity", "massacre", "genocide", "aggression", "violation", "provocation", "attack", "act"}
# Gains a belligerent announces without naming the doer: "the town has been liberated".
GAIN_VERBS = {"capture", "liberate", "retake", "recapture", "seize", "free", "take", "regain"}
ACTIVE_GAINS = {"liberate", "retake", "recapture", "regain", "free"}
HOSTILE_OBJECTS = {"operation", "hostility", "offensive", "attack", "fire", "shelling", "war", "assault", "strike", "aggression"}


def speaker_words(statement: Any) -> set[str]:
    """Distinctive words of the speaker's name and mention, to recognise them as a verb's doer."""
    words: set[str] = set()
    for text in (getattr(statement, "speaker", None), getattr(statement, "speaker_mention", None)):
        if text:
            words.update(w.lower() for w in WORD.findall(text))
    return {w for w in words if w not in _STOPWORDS and len(w) > 1}


def _is_hostile(ctx: Context, i: int, hostile_verbs: set[str]) -> bool:
    """Whether token i is a verb of a hostile act ("shelled", "launched an offensive")."""
    lemma = ctx.lemmas[i]
    if ctx.pos[i] != "VERB":
        return False
    objects = [ctx.lemmas[c] for c in ctx.children[i] if ctx.deps[c] == "dobj"]
    if lemma in {"resume", "launch", "start", "begin", "open", "continue", "intensify", "escalate"}:
        return any(o in HOSTILE_OBJECTS for o in objects)
    if lemma in {"use", "deploy", "fire", "launch"} and any(o in WEAPONS for o in objects):
        return True
    if lemma == "commit":  # "committed war crimes", not "commit ourselves to victory"
        return any(o in CRIMES for o in objects)
    return lemma in hostile_verbs


# Phrase triggers, most specific first: mediation, denial and endorsement consume what they contain.
PHRASE_ORDER = ("decline_comment", "deny", "offer_mediation", "consult", "demand", "threaten", "aid", "military",
                "endorse", "intent_cooperate", "accuse", "reject", "appeal_deescalation")


@dataclass
class _Found:
    """What the passes of `find_actions` have found so far, shared between them."""

    hits: list[Hit] = field(default_factory=list)
    consumed: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, action) of phrases that own their words
    negated_support: list[tuple[int, int]] = field(default_factory=list)


def find_actions(ctx: Context) -> ActionFinding:
    """Actions performed by the speaker in the parsed sentence: each pass below adds what it finds."""
    data = action_data()
    found = _Found()
    _phrase_hits(ctx, data, found)
    comm_verbs = _verb_hits(ctx, data, found)
    _belligerent_hits(ctx, data, found)
    found.hits = _without_endorsed_appeals(ctx, found.hits)
    _phone_calls(ctx, found.hits)
    _appeal_to_parties(ctx, found.hits)
    doc, text = ctx.doc, ctx.text
    continues_quote = ctx.all_quoted or (not comm_verbs and not (set(WORD.findall(text.lower())) & ctx.words))
    # "..., as announced by X" / "..., X was quoted as saying": the saying frames the whole sentence
    own_clauses = [{t.idx for t in doc} if _frames_sentence(v) else ctx.clause_chars(v) for v in comm_verbs]
    according = "accord" in (getattr(ctx.statement, "cue", "") or "").lower() or text.lower().startswith("according to") or bool(
        (m := ACCORDING_TO.search(text))
        and set(WORD.findall(m.group(1).lower())) & ctx.words)
    _hostile_acts(ctx, data, found.hits, comm_verbs, own_clauses, continues_quote, according)
    _statement_hits(ctx, found.hits, comm_verbs, own_clauses)
    hits, specs = found.hits, data.specs
    names_found = {h.action for h in hits}
    if not names_found:
        hits.append(Hit("statement", 0, 0, getattr(ctx.statement, "cue", "") or ""))
        names_found.add("statement")
    names = [n for n in specs if n in names_found]
    return ActionFinding(hits, names, found.negated_support)


def _phrase_hits(ctx: Context, data: ActionData, found: _Found) -> None:
    """Phrase triggers (the actions' phrase patterns), most specific first."""
    specs, doc, text = data.specs, ctx.doc, ctx.text
    hits, consumed, negated_support = found.hits, found.consumed, found.negated_support
    appeal_present: bool | None = None  # whether the sentence appeals: looked at only when a phrase needs it
    for name in PHRASE_ORDER if data.phrase_gate.may_match(ctx.lowered) else []:
        spec = specs[name]
        if spec.needs_appeal and name != "aid":  # (aid's phrases in a claim count as negated support even so)
            if appeal_present is None:
                appeal_present = _appeal_governs(ctx, data.appeal_verbs)
            if not appeal_present:
                continue  # none of its phrases counts in a sentence that appeals for nothing
        if not spec.phrase_gate.may_match(ctx.lowered):
            continue
        for rx in spec.phrases:
            for m in rx.finditer(text):
                if inside(m.end() - 1 if name == "deny" else m.start(), ctx.skip):
                    continue  # a denial is judged by its verb ("..., but Yerevan insisted")
                if name not in ("deny", "decline_comment") and (inside(m.start(), ctx.claims) or inside(m.start(), ctx.accused_conduct)):
                    if name == "aid":
                        negated_support.append((m.start(), m.end()))
                    continue
                if name in ("appeal_deescalation", "intent_cooperate", "endorse", "demand") and any(
                    m.start() < b and m.end() > a and not (name == "intent_cooperate" and kind == "endorse") for a, b, kind in consumed
                ):
                    continue  # part of a mediation offer, a denial or an endorsement already read ("will stand by X" is both)
                if spec.needs_appeal and appeal_present is None:
                    appeal_present = _appeal_governs(ctx, data.appeal_verbs)
                if spec.needs_appeal and not (appeal_present and _appeal_above(ctx, ctx.token_at(m.start()), data.appeal_verbs)):
                    continue  # "would now start talks", "wanted a change in the format of the talks": no appeal
                if name == "appeal_deescalation" and (
                    _CEASEFIRE_VIOLATION.search(text[max(0, m.start() - 30) : m.start()]) or _VIOLATION_AFTER.match(text[m.end() :])
                    or _purpose_of_deal(ctx, m.start())
                ):
                    continue  # "violated the ceasefire", "signed an agreement to end the war": no appeal
                tok = ctx.token_at(m.start())
                if name in ("aid", "endorse", "intent_cooperate", "military") and tok is not None:
                    head = tok if tok.pos_ in ("VERB", "AUX", "ADJ") else tok.head
                    if ctx.is_negated(head) or ctx.is_negated(tok) or NEGATION_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
                        if name in ("aid", "intent_cooperate", "endorse"):
                            negated_support.append((m.start(), m.end()))
                        continue
                    if name != "endorse" and head.pos_ in ("VERB", "AUX") and not ctx.is_speaker_doer(ctx.subject_of(head)):
                        continue
                if name == "decline_comment" and NEGATION_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
                    continue  # "will not stay silent" is no silence
                if name == "decline_comment" and tok is not None:
                    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
                    if head.pos_ in ("VERB", "AUX") and not ctx.is_speaker_doer(ctx.subject_of(head)):
                        continue  # "Western countries have kept silent": someone else's silence
                found = name
                verb = None if name != "deny" or tok is None else next(
                    (t for t in doc if m.start() <= t.idx < m.end() and t.pos_ == "VERB" and t.lemma_.lower() == "insist"), None) or (
                    tok if tok.pos_ == "VERB" else tok.head if tok.head.pos_ == "VERB" else None)
                if verb is not None and verb.lemma_.lower() in DENIAL_VERBS | specs["reject"].verbs | {"insist"}:
                    if not ctx.is_speaker_doer(ctx.subject_of(verb)) or _conditional(verb):
                        continue  # "Russia has rejected claims from Turkey": Russia's denial, not Turkey's; "but if X insists"
                    if verb.lemma_.lower() in specs["reject"].verbs and not ACCUSATION_NOUNS.search(m.group(0)) and not _claim_accuses(
                            ctx, m.end() if verb.i == tok.i else verb.idx + len(verb.text)):
                        found = "reject"  # "rejected claims that its peacekeepers will patrol": a claim, no accusation, rejected
                hits.append(Hit(found, m.start(), m.end(), m.group(0).strip(), evaluative=(name == "endorse" and bool(EVALUATION.search(m.group(0))))))
                if name in ("offer_mediation", "deny", "decline_comment", "endorse", "demand"):
                    consumed.append((m.start(), m.end(), name))



def _verb_hits(ctx: Context, data: ActionData, found: _Found) -> list[Token]:
    """Verb triggers: the speaker's own, non-negated verbs; returns the speaker's verbs of saying."""
    doc = ctx.doc
    hits, consumed, negated_support = found.hits, found.consumed, found.negated_support
    comm_verbs: list[Token] = []
    for i, lemma in enumerate(ctx.lemmas):
        names = data.verb_actions.get(lemma) if ctx.pos[i] == "VERB" else data.noun_actions.get(lemma) if ctx.pos[i] == "NOUN" else None
        if not names:
            continue
        tok = doc[i]
        if inside(tok.idx, ctx.skip):
            continue
        for name in names:
            if tok.pos_ == "VERB" and (tok.dep_ in ("acl", "relcl", "amod") or any(c.dep_ == "auxpass" for c in tok.children)):
                # a participle describing something ("operations supported by artillery"): not the speaker's act
                if not (name == "statement" and tok.dep_ == "relcl"):
                    continue
            if name == "statement":
                if not ctx.is_negated(tok) and ctx.is_speaker_doer(ctx.subject_of(tok)):
                    comm_verbs.append(tok)
                continue
            if inside(tok.idx, [(a, b) for a, b, _ in consumed]) or (name not in ("deny", "reject") and (inside(tok.idx, ctx.claims) or inside(tok.idx, ctx.accused_conduct))):
                continue
            if ctx.is_negated(tok):
                if name in ("endorse", "intent_cooperate"):
                    negated_support.append((tok.idx, tok.idx + len(tok.text)))
                continue
            if tok.pos_ == "VERB" and not ctx.is_speaker_doer(ctx.subject_of(tok)):
                continue
            if name == "reject" and (
                any(h.action == "deny" and h.start <= tok.idx < h.end for h in hits)
                or not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children)
            ):
                continue  # "refused to leave" rejects nothing
            if name == "endorse":
                # "backed the claims that ...": a claim endorsed is no endorsement of an actor
                heads = [c for c in tok.children if c.dep_ == "dobj"] + [
                    p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "for") for p in c.children if p.dep_ == "pobj"]
                if any(h.lemma_.lower() in ("claim", "allegation") for h in heads):
                    continue
                if lemma in {"support", "back", "help"} and _modal_or_future(tok):
                    name = "intent_cooperate"
            hits.append(Hit(name, tok.idx, tok.idx + len(tok.text), tok.text))

    return comm_verbs


def _belligerent_hits(ctx: Context, data: ActionData, found: _Found) -> None:
    """Acts only a belligerent performs with these words, aimed at its enemy: "we will go to
    the end", "the fighting will continue", "there are military solutions"."""
    specs, text, hits = data.specs, ctx.text, found.hits
    if ctx.enemy and data.belligerent_gate.may_match(ctx.lowered):
        for name in PHRASE_ORDER:
            if not specs[name].belligerent_gate.may_match(ctx.lowered):
                continue
            for rx in specs[name].belligerent_phrases:
                for m in rx.finditer(text):
                    if inside(m.start(), ctx.skip) or inside(m.start(), ctx.claims) or NEGATION_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
                        continue
                    if any(h.action == name and h.start <= m.start() < h.end for h in hits):
                        continue
                    hits.append(Hit(name, m.start(), m.end(), m.group(0).strip(), against=ctx.enemy[0]))



def _without_endorsed_appeals(ctx: Context, hits: list[Hit]) -> list[Hit]:
    """What an endorsement welcomes is not a separate appeal: "welcomed the ceasefire agreement"."""
    endorsed = [ctx.subtree_range(c) for h in hits if h.action == "endorse" and (t := ctx.token_at(h.start)) is not None
                and t.pos_ == "VERB" for c in t.children if c.dep_ in ("dobj", "xcomp")]
    if endorsed:
        hits = [h for h in hits if not (h.action == "appeal_deescalation" and inside(h.start, endorsed))]

    return hits


def _phone_calls(ctx: Context, hits: list[Hit]) -> None:
    """"Macron called Pashinyan and Aliyev": a phone call, not an appeal or a naming."""
    for tok in ctx.tokens_where(lemmas={"call"}, pos=("VERB",)):
        objects = [c for c in tok.children if c.dep_ in ("dobj", "oprd")]
        # "called him to discuss the conflict": a call made for talking
        to_talk = any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in TALK_VERBS for c in tok.children)
        if not inside(tok.idx, ctx.skip) and len(objects) == 1 and (to_talk or not any(
            c.dep_ in ("xcomp", "ccomp", "acomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") and c.i == tok.i + 1)
            for c in tok.children
        )):
            if objects[0].ent_type_ == "PERSON" or ctx.conflict.sides_in(ctx.span_text(objects[0])) or (
                to_talk and objects[0].lower_ in ("him", "her", "them")):
                if ctx.is_speaker_doer(ctx.subject_of(tok)):
                    hits.append(Hit("consult", tok.idx, tok.idx + len(tok.text), tok.text))



def _appeal_to_parties(ctx: Context, hits: list[Hit]) -> None:
    """An appeal addressed to the parties together ("urged both sides to uphold their obligations")."""
    if not any(h.action == "appeal_deescalation" for h in hits):
        for tok in ctx.tokens_where(lemmas=APPEAL_TO_PARTIES, pos=("VERB",)):
            if inside(tok.idx, ctx.skip) or ctx.is_negated(tok):
                continue
            addressees = [] if tok.lemma_.lower() == "call" else [c for c in tok.children if c.dep_ in ("dobj", "dative")]  # "called X" is a phone call
            addressees += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to") for p in c.children if p.dep_ == "pobj"]
            for a in addressees:
                text_a = ctx.span_text(a)
                if ctx.collective.search(text_a) or len(ctx.conflict.sides_in(text_a)) >= 2:
                    hits.append(Hit("appeal_deescalation", tok.idx, tok.idx + len(tok.text), f"{tok.text} {text_a}"))
                    break



def _hostile_acts(ctx: Context, data: ActionData, hits: list[Hit], comm_verbs: list[Token], own_clauses: list,
                  continues_quote: bool, according: bool) -> None:
    """Hostile acts in what the speaker asserts: the speaker's own side's are `military`,
    anyone else's an accusation ("claimed that Armenians oppressed ...", "said Azerbaijani
    forces shelled ..."). Outside a saying they count when the speaker is a belligerent.
    A sentence holding no saying and not naming the speaker continues the speaker's quotation:
    all of it is the speaker's words."""
    specs, text = data.specs, ctx.text
    for i in ctx.indexes_where(pos=("VERB", "AUX")):
        lemma = ctx.lemmas[i]
        matched = _is_hostile(ctx, i, data.hostile_verbs) or specs["accuse"].any_claims_content.match(text, ctx.idx[i]) or (
            lemma in GAIN_VERBS and any(ctx.deps[c] == "auxpass" for c in ctx.children[i])) or (
            ctx.enemy and lemma in ACTIVE_GAINS and ctx.doc[i].tag_ in ("VBD", "VBN"))  # "his army had liberated ..."
        if not matched:
            continue
        tok = ctx.doc[i]
        if (inside(tok.idx, ctx.skip) and not (according and inside(tok.idx, ctx.temporal))) or inside(tok.idx, ctx.claims) or ctx.is_negated(tok):
            continue  # "..., after Azerbaijan shelled Stepanakert, according to X": all of it is X's account
        if tok.dep_ in ("amod", "acl") or inside(tok.idx, ctx.accused_conduct):
            continue
        if any(_conditional(a) and a.lemma_.lower() not in ("continue", "keep", "persist") for a in [tok, *tok.ancestors]):
            continue  # "... if Armenia insists on violating the agreement": a condition, no accusation ("if X continues to attack" is one)
        said = continues_quote or (any(tok.idx in c for c in own_clauses) and not any(tok.i == v.i for v in comm_verbs))
        doer = ctx.subject_of(tok)
        if doer is not None and doer.lower_ in ("that", "which", "who") and tok.dep_ == "relcl":
            doer = tok.head  # "it was Azerbaijani forces that attacked ...": the antecedent did it
        if doer is None:
            patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            enemy_hit = patient is not None and ctx.sides_named(ctx.core_text(patient)) == ctx.enemy  # "12 Armenian tanks were destroyed"
            if ctx.enemy and (tok.lemma_.lower() in GAIN_VERBS or enemy_hit) and any(c.dep_ == "auxpass" for c in tok.children) and (
                said or according or continues_quote or not comm_verbs
            ):  # a belligerent announcing "the town has been captured": its own forces' gain
                hits.append(Hit("military", tok.idx, tok.idx + len(tok.text), tok.text, ctx.speaker_sides[0],
                                against=ctx.enemy[0]))  # what the saying announces: the act is the news
            continue
        if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in tok.children):
            if said or ctx.is_speaker_doer(doer):
                hits.append(Hit("threaten", tok.idx, tok.idx + len(tok.text), tok.text))
            continue  # "would target military facilities": a threat, not a report of an attack
        doer_core = ctx.core_text(doer)
        first = doer.doc[doer.left_edge.i] if doer.left_edge.i < len(doer.doc) else doer
        pronoun_side = ctx.pronoun_side(doer) if doer.lower_ in ("it", "they") else (
            ctx.pronoun_side(first) if first.lower_ in ("its", "their") else None)
        if pronoun_side is None and (OWN_FORCES.match(ctx.span_text(doer)) or doer.lower_ in {"we", "i", "it", "they"}):
            hits.append(Hit("military", tok.idx, tok.idx + len(tok.text), tok.text, ctx.speaker_sides[0] if ctx.speaker_sides else None,
                            against=_aimed_at(ctx, tok)))
            continue
        if pronoun_side is None and (doer.lower_ in PRONOUN_SUBJECTS or (
                {w.lower() for w in doer_core.split()} & ctx.words and not (doer.lemma_.lower() in FORCE_NOUNS and ctx.sides_named(doer_core)))):
            continue  # (but "Armenian forces hit ..." from an Armenian spokeswoman: her side's forces act)
        doer_sides = [pronoun_side] if pronoun_side else ctx.sides_named(doer_core)
        if not (said or according or (ctx.speaker_sides and doer_sides)):
            continue
        if doer_sides and all(s in ctx.speaker_sides for s in doer_sides):
            hits.append(Hit("military", tok.idx, tok.idx + len(tok.text), tok.text, doer_sides[0], against=_aimed_at(ctx, tok)))
        elif _is_gain(tok, data.hostile_verbs):
            continue  # a gain is its own side's military act, never an accusation of it
        elif doer_sides or doer.pos_ == "PROPN" or doer.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") or any(
            t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP") for t in ctx.core_tokens(doer)
        ):  # a named actor, or one named by its nation ("a Turkish F-16")
            hits.append(Hit("accuse", tok.idx, tok.idx + len(tok.text), f"{doer_core} {tok.text}", doer_sides[0] if doer_sides else None, evaluative=False))



def _statement_hits(ctx: Context, hits: list[Hit], comm_verbs: list[Token], own_clauses: list) -> None:
    """A statement: a saying whose own clause holds no other act (or only an evaluation / the setting)."""
    for verb, own in zip(comm_verbs, own_clauses):
        if verb.dep_ in ("advcl", "xcomp") and any(h.start <= verb.head.idx < h.end for h in hits):
            continue  # "denied the reports, calling them misinformation": one act
        if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and any(
            h.action not in ("statement", "consult") and (t := ctx.token_at(h.start)) is not None
            and t.idx in ctx.clause_chars(verb.head) and t.idx not in ctx.clause_chars(verb) for h in hits
        ):
            continue  # "congratulated Baku, saying ...", "voiced hope for a truce, noting ...": the gloss of one act
        if any(h.start <= verb.idx < h.end and h.action not in ("statement", "consult") for h in hits):
            continue  # the saying is itself the act ("but Yerevan insisted ...": a denial)
        if any(h.action not in ("statement", "consult") and (t := ctx.token_at(h.start)) is not None and t.pos_ == "VERB"
               and t.i != verb.i and t in verb.ancestors and verb.dep_ in ("relcl", "ccomp") and t.i < verb.i for h in hits):
            continue  # "denounced what he described as a provocation": the description is part of the denunciation
        inner = {h.action for h in hits if (t := ctx.token_at(h.start)) is not None and t.idx in own and not h.evaluative}
        first_person = verb.lemma_.lower() in FIRST_PERSON_SAYINGS and (subj := ctx.subject_of(verb) or next(
            (c for a in list(verb.ancestors)[:2] for c in a.children if c.dep_ == "nsubj"), None)) is not None and subj.lower_ in ("i", "we")
        if first_person or not inner - {"consult", "statement"}:  # "I inform you that ...": the speaker's own saying is an act too
            hits.append(Hit("statement", verb.idx, verb.idx + len(verb.text), verb.text))



ACCUSATION_NOUNS = re.compile(r"\b(?:accusations?|allegations?|charges?)\b", re.IGNORECASE)  # rejecting these denies
INVOLVEMENT = re.compile(r"\b(?:responsib|involv|complicit|behind\b|support\w*|help\w*|aid\w*|arm(?:s|ing|ed)\b|weapons|mercenar|fighters)\w*", re.IGNORECASE)


def _claim_accuses(ctx: Context, after: int) -> bool:
    """Whether the claim rejected right before `after` accuses someone of a wrong or of taking
    part ("claims that it is transporting military gear", "that Armenian forces shelled
    Ganja"): denying it is a denial; a claim of anything else rejected is a rejection."""
    data = action_data()
    for a, b in ctx.claims:
        if not (after - 2 <= a <= after + 40):
            continue
        # the claim without an adverbial clause tacked on ("..., as Ankara looks to convert its support ...")
        asides = [ctx.subtree_range(t) for t in ctx.doc if a <= t.idx < b and t.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS | {"because", "although", "though", "whereas"} for c in t.children)]
        content = "".join(ch for i, ch in enumerate(ctx.text[a - ctx.doc[0].idx : b - ctx.doc[0].idx], start=a) if not inside(i, asides))
        if INVOLVEMENT.search(content) or any(rx.search(content) for rx in data.specs["accuse"].claims_content) or any(
            rx.search(content) for rx in data.specs["aid"].phrases
        ):
            return True
        if any(t.lemma_.lower() in data.hostile_verbs for t in ctx.doc if a <= t.idx < b and not inside(t.idx, asides)):
            return True
    return False


# Verbs of plain saying: "I inform you that ...", "I have said many times that ..." in the
# speaker's own words make the saying an act beside what it tells ("we call for" does not).
FIRST_PERSON_SAYINGS = word_set("stancemap.stance", "first_person_sayings")
DEAL_NOUNS = {"agreement", "accord", "deal", "treaty", "plan", "decision", "deployment", "mission", "statement", "declaration"}


def _frames_sentence(verb: Token) -> bool:
    """A saying that attributes the whole sentence rather than heading its own clause: a
    passive with the speaker as agent ("as announced by the prime minister")."""
    return verb.dep_ in ("advcl", "relcl", "parataxis") and any(c.dep_ == "agent" for c in verb.children)


TALK_VERBS = {"discuss", "talk", "congratulate", "express", "exchange", "review", "coordinate", "brief"}


def _purpose_of_deal(ctx: Context, char: int) -> bool:
    """Whether the words at `char` say what a deal is for ("an agreement to end the war",
    "the accord to halt the war"): a description of the deal, not an appeal. A statement
    "calling for" something still appeals."""
    tok = ctx.token_at(char)
    for _ in range(4):
        if tok is None or tok.head.i == tok.i:
            return False
        if tok.dep_ == "acl" and tok.head.lemma_.lower() in DEAL_NOUNS and tok.lemma_.lower() not in APPEAL_TO_PARTIES | {"call"}:
            return True
        tok = tok.head
    return False


def _aimed_at(ctx: Context, verb: Token) -> str | None:
    """The enemy side when a belligerent's own act is aimed at it: "its forces shot down an
    Armenian drone", "using artillery against Armenian positions"."""
    if not ctx.enemy:
        return None
    for c in verb.children:
        if c.dep_ in ("dobj", "prep", "dative") and c.lower_ not in ("from", "in", "at", "near", "on") or c.lower_ == "against":
            a, b = ctx.subtree_range(c)
            words = ctx.text[a - ctx.doc[0].idx : b - ctx.doc[0].idx]
            if ctx.sides_named(words) == ctx.enemy:
                return ctx.enemy[0]
            first = next(iter(ctx.conflict.mentions(words)), None)
            if first is not None and first[0] == ctx.enemy[0] and c.dep_ == "dobj":
                return ctx.enemy[0]  # "hit two Azeri helicopters, ..., Armenian spokeswoman X said": the object comes first
    return None


def _is_gain(tok: Token, hostile_verbs: set[str]) -> bool:
    """A verb of gaining ground that is not also a hostile act ("liberated", "retook")."""
    return tok.lemma_.lower() in GAIN_VERBS and tok.lemma_.lower() not in hostile_verbs


def _modal_or_future(tok: Token) -> bool:
    """A promise rather than a report: "will support", "would continue to support", "ready to help"."""
    cur = tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in cur.children):
            return True
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in {"ready", "prepared", "willing", "promise", "pledge", "vow"}:
            return True
        if cur.dep_ not in ("xcomp", "conj"):
            return False
        cur = cur.head
    return False


def _with_subject(verb: Token) -> Token | None:
    """The doer of a participle in a "with X doing" clause: the object of the "with" right
    before it ("..., with Putin speaking by phone to Erdogan")."""
    if verb.tag_ != "VBG":
        return None
    withs = [c for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "with" and c.i < verb.i]
    return next((p for p in withs[-1].children if p.dep_ == "pobj"), None) if withs else None


def _conditional(tok: Token) -> bool:
    """A verb in an "if" / "unless" clause: a condition put, not a thing done or said."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children)


def _reports_a_fact(tok: Token) -> bool:
    """A saying that also appeals ("insisted", "stressed") reporting what was the case: its
    clause is in the past without a modal ("insisted its forces were respecting the truce"),
    unlike "insisted that talks must resume" or "stressed the need for dialogue"."""
    if tok.lemma_.lower() not in action_data().specs["statement"].verbs | {"insist"}:
        return False
    for c in tok.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            tags = [c.tag_] + [a.tag_ for a in c.children if a.dep_ in ("aux", "auxpass")]
            return "MD" not in tags and ("VBD" in tags or "VBN" in tags)
    return False


def _is_appeal_word(tok: Token, appeal_verbs: set[str]) -> bool:
    lemma = tok.lemma_.lower()
    if (tok.pos_ in ("VERB", "ADJ") or (tok.pos_ == "NOUN" and lemma in APPEAL_NOUNS)) and lemma in appeal_verbs | APPEAL_NOUNS:
        if _reports_a_fact(tok):
            return False
        return not (lemma == "call" and not any(  # "called all parties to a cessation of hostilities" appeals too
            (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "to")) or c.dep_ in ("xcomp", "ccomp") for c in tok.children))
    return False


def _appeal_above(ctx: Context, tok: Token | None, appeal_verbs: set[str]) -> bool:
    """Whether the words at `tok` stand under an appeal: a verb or noun of appeal, a modal
    ("must solve it through negotiations"), "the only way is ..." among the words governing
    them. "The two countries would now start talks" is a forecast, not an appeal. A sentence
    that is all the speaker's quotation with its saying outside ("... a ceasefire," he
    urged) takes its appeal from the cue."""
    if tok is None:
        return True
    for a in [tok, *tok.ancestors]:
        if _is_appeal_word(a, appeal_verbs) and a.lemma_.lower() not in WEAK_APPEAL_VERBS:
            return True
        if any(c.tag_ == "MD" and c.lemma_.lower() in MODALS | {"shall"} for c in a.children):
            return True
        if a.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in a.children):
            return True
        if a.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in WAY_NOUNS for c in a.children):
            return True
        if a.dep_ in ("advcl", "xcomp") and a.lemma_.lower() in PURPOSE_VERBS and any(c.dep_ == "aux" and c.lower_ == "to" for c in a.children):
            return True  # working "to restore a ceasefire", "to try to support the truce": the goal sought
    return bool(APPEAL_CUE.search((getattr(ctx.statement, "cue", "") or "").lower()))


APPEAL_CUE = re.compile(r"\b(?:call|urg|appeal|propos|encourag)")  # a cue that appeals: "called for", "urged"
PURPOSE_VERBS = {"restore", "achieve", "reach", "secure", "establish", "support", "ensure", "bring", "maintain", "preserve", "adopt"}
# Verbs that appeal only under a modal or another appeal ("must start negotiations",
# "urged them to resume talks"), not by themselves ("would now start talks").
WEAK_APPEAL_VERBS = word_set("stancemap.stance", "weak_appeal_verbs")


def _appeal_governs(ctx: Context, appeal_verbs: set[str]) -> bool:
    """Whether the sentence appeals (a verb of appeal or a modal), so "negotiations" is a call for them."""
    for tok in ctx.tokens_where(lemmas=appeal_verbs | APPEAL_NOUNS | MODALS | {"shall", "need", "have"} | WAY_NOUNS):
        if inside(tok.idx, ctx.skip):
            continue
        lemma = tok.lemma_.lower()
        if (tok.pos_ in ("VERB", "ADJ") or (tok.pos_ == "NOUN" and lemma in APPEAL_NOUNS)) and lemma in appeal_verbs | APPEAL_NOUNS:
            if lemma == "call" and not any(
                (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "to")) or c.dep_ in ("xcomp", "ccomp") for c in tok.children
            ):
                continue  # "called the claim misinformation" is no appeal
            if _reports_a_fact(tok):
                continue  # "insisted its forces were respecting the truce"
            return True
        if tok.tag_ == "MD" and lemma in MODALS | {"shall"}:
            return True
        if lemma in ("need", "have") and any(c.dep_ == "xcomp" for c in tok.children):
            return True
        if lemma in WAY_NOUNS and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            return True  # "the only sensible road ahead is a ceasefire"
    return bool(APPEAL_CUE.search((getattr(ctx.statement, "cue", "") or "").lower()))

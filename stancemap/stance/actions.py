"""The action list (CAMEO code, Goldstein value, triggers) and finding actions in a sentence.

Actions come from what the speaker does in the sentence: the verbs whose doer
is the speaker (not a belligerent, not "the parties", not someone else in a
"when X visited ..." clause), and phrases ("called for a ceasefire", "offered
to host talks", "in a phone conversation"). Every trigger list lives in
data/actions.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from ..records import Action
from .conflicts import Conflict

MODALS = {"must", "should", "need", "ought", "have"}
PRONOUN_SUBJECTS = {"he", "she", "it", "we", "i", "they", "who", "which", "that", "himself", "herself", "itself"}
# Subordinate clauses about someone else's doing ("When Aliyev visited Iran, ...").
TEMPORAL_MARKS = {"when", "while", "after", "before", "as", "since", "once", "until", "whenever"}
CLAIM_NOUNS = {"claim", "allegation", "report", "accusation", "charge", "rumour", "rumor", "information", "suggestion"}


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


def _compile(patterns: list[str] | None) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns or []]


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


def token_at(doc: Doc, char: int) -> Token | None:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def subject_of(tok: Token) -> Span | Token | None:
    """The doer of a verb: its own subject, or inherited through conj / xcomp / relative chains."""
    seen = 0
    cur = tok
    while seen < 6:
        seen += 1
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj", "expl"):
                return c
            if c.dep_ == "nsubjpass":
                for a in cur.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj":
                                return p
                return None  # a passive without an agent names no doer
        if cur.dep_ == "xcomp" or (cur.dep_ == "advcl" and cur.tag_ == "VB"):
            for c in cur.head.children:
                if c.dep_ in ("dobj", "dative"):
                    return c
            cur = cur.head
            continue
        if cur.dep_ in ("conj", "pcomp") and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head is not cur:
            return cur.head
        if cur.dep_ == "pobj" and cur.head.head is not cur.head:
            cur = cur.head.head
            continue
        return None
    return None


def span_text(node: Span | Token) -> str:
    if isinstance(node, Token):
        sub = list(node.subtree)
        return node.doc[sub[0].i : sub[-1].i + 1].text
    return node.text


def is_negated(tok: Token) -> bool:
    """A negated predicate: "did not support", "refused to back", "without condemning"."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("xcomp", "pcomp") and head.lemma_.lower() in {"refuse", "decline", "fail", "refrain", "avoid", "without"}:
        return True
    if tok.dep_ == "pcomp" and head.lower_ == "without":
        return True
    if tok.dep_ in ("aux", "auxpass") and any(c.dep_ == "neg" for c in head.children):
        return True
    return False


def clause_chars(tok: Token) -> set[int]:
    """Character offsets of a verb's own clause: its subtree without coordinated verbs' clauses."""
    toks = [tok]
    stack = [c for c in tok.children if not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) and c.dep_ != "cc"]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(t.children)
    return {t.idx for t in toks}


def excluded_ranges(doc: Doc, speaker_words: set[str]) -> list[tuple[int, int]]:
    """Subordinate "when/while/after X did ..." clauses whose doer is not the speaker."""
    out = []
    for tok in doc:
        if tok.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        if not marks & TEMPORAL_MARKS:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in PRONOUN_SUBJECTS:
            continue
        if {w.lower() for w in span_text(subj).split()} & speaker_words:
            continue
        sub = list(tok.subtree)
        out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return out


def claim_content_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The content of "claims that ...", "reports that ...": asserted by others, not the speaker."""
    out = []
    for tok in doc:
        if tok.lemma_.lower() in CLAIM_NOUNS and tok.pos_ == "NOUN":
            for c in tok.children:
                if c.dep_ in ("acl", "ccomp", "relcl") or (c.dep_ == "prep" and c.lower_ == "of"):
                    sub = list(c.subtree)
                    out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return out


def inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


# --- finding actions ---------------------------------------------------------------


@dataclass
class Hit:
    action: str
    start: int
    end: int
    cue: str
    subject_side: str | None = None  # for hostile acts: whose doing it is


@dataclass
class ActionFinding:
    hits: list[Hit]
    names: list[str]  # in list order, deduplicated
    negated_support: list[tuple[int, int]] = field(default_factory=list)  # "did not support", "rejected claims that ... to X"

    def has(self, name: str) -> bool:
        return name in self.names


_CEASEFIRE_VIOLATION = re.compile(r"violat\w*\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?$|\b(?:break\w*|broke|broken)\s+(?:the\s+)?$", re.IGNORECASE)
_VIOLATION_AFTER = re.compile(r"^\s*(?:violations?|violators?|breaches|was (?:broken|violated))", re.IGNORECASE)


def speaker_words(statement: Any) -> set[str]:
    words: set[str] = set()
    for text in (getattr(statement, "speaker", None), getattr(statement, "speaker_mention", None)):
        if text:
            words.update(w.lower() for w in re.findall(r"[\w'’-]+", text) if len(w) > 2 or w.lower() in {"he", "she"})
    return words


def _subject_blocks(subj_text: str, conflict: Conflict, speaker_sides: list[str], collective: re.Pattern[str]) -> bool:
    """A verb whose doer is a belligerent (other than the speaker's own) or "the parties" is not the speaker's act."""
    if collective.search(subj_text):
        return True
    named = conflict.sides_in(subj_text)
    return any(s not in speaker_sides for s in named)


def find_actions(
    statement: Any, doc: Doc, conflict: Conflict, speaker_sides: list[str], collective: re.Pattern[str]
) -> ActionFinding:
    """Actions performed by the speaker in `doc` (the parsed sentence)."""
    data = action_data()
    specs = data.specs
    text = doc.text
    words = speaker_words(statement)
    skip = excluded_ranges(doc, words)
    claims = claim_content_ranges(doc)
    hits: list[Hit] = []
    consumed: list[tuple[int, int]] = []
    negated_support: list[tuple[int, int]] = []

    # Phrase triggers, most specific first: mediation and denial consume what they contain.
    order = ["decline_comment", "deny", "offer_mediation", "consult", "demand", "threaten", "aid", "military",
             "endorse", "intent_cooperate", "accuse", "appeal_deescalation"]
    appeal_present = _appeal_governs(doc, statement, data.appeal_verbs, skip)
    for name in order:
        spec = specs[name]
        for rx in spec.phrases:
            for m in rx.finditer(text):
                if inside(m.start(), skip):
                    continue
                if name != "deny" and name != "decline_comment" and inside(m.start(), claims):
                    if name == "aid":
                        negated_support.append((m.start(), m.end()))
                    continue
                if name in ("appeal_deescalation", "intent_cooperate", "endorse") and inside(m.start(), consumed):
                    continue
                if spec.needs_appeal and not appeal_present:
                    continue
                if name == "appeal_deescalation" and (
                    _CEASEFIRE_VIOLATION.search(text[max(0, m.start() - 30) : m.start()]) or _VIOLATION_AFTER.match(text[m.end() :])
                ):
                    continue
                tok = token_at(doc, m.start())
                if name in ("aid", "endorse", "intent_cooperate", "military") and tok is not None:
                    head = tok if tok.pos_ in ("VERB", "AUX", "ADJ") else tok.head
                    if is_negated(head) or is_negated(tok):
                        if name in ("aid", "intent_cooperate", "endorse"):
                            negated_support.append((m.start(), m.end()))
                        continue
                    subj = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
                    if name in ("aid", "military", "intent_cooperate") and subj is not None and _subject_blocks(
                        span_text(subj), conflict, speaker_sides, collective
                    ):
                        continue
                hits.append(Hit(name, m.start(), m.end(), m.group(0)))
                if name in ("offer_mediation", "deny", "decline_comment", "endorse"):
                    consumed.append((m.start(), m.end()))

    # Verb triggers: the speaker's own, non-negated verbs.
    comm_verbs: list[Token] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if inside(tok.idx, skip):
            continue
        for name, spec in specs.items():
            if not ((lemma in spec.verbs and tok.pos_ == "VERB") or (lemma in spec.nouns and tok.pos_ == "NOUN")):
                continue
            if name == "statement":
                if not is_negated(tok):
                    subj = subject_of(tok)
                    if subj is None or not _subject_blocks(span_text(subj), conflict, speaker_sides, collective):
                        comm_verbs.append(tok)
                continue
            if inside(tok.idx, consumed) or (name not in ("deny", "reject") and inside(tok.idx, claims)):
                continue
            if is_negated(tok):
                if name in ("endorse", "intent_cooperate"):
                    negated_support.append((tok.idx, tok.idx + len(tok.text)))
                continue
            if tok.pos_ == "VERB":
                subj = subject_of(tok)
                if subj is not None and _subject_blocks(span_text(subj), conflict, speaker_sides, collective):
                    continue
            if name == "reject" and any(h.action == "deny" and h.start <= tok.idx < h.end for h in hits):
                continue
            if name == "endorse":
                obj_text = " ".join(c.text for t in tok.children if t.dep_ in ("dobj", "prep") for c in t.subtree)
                if re.search(r"\bclaims?\b|\ballegations?\b", obj_text):
                    continue
                if lemma in {"support", "back"} and _modal_or_future(tok):
                    name = "intent_cooperate"
            hits.append(Hit(name, tok.idx, tok.idx + len(tok.text), tok.text))

    # Accusations inside what the speaker asserts ("claimed that Armenians oppressed ...").
    for verb in comm_verbs:
        own = clause_chars(verb)
        for rx in specs["accuse"].claims_content:
            for m in rx.finditer(text):
                if inside(m.start(), skip) or inside(m.start(), claims) or m.start() < verb.idx:
                    continue
                t = token_at(doc, m.start())
                if t is None or t is verb or t.idx not in own or is_negated(t):
                    continue
                doer = subject_of(t) if t.pos_ in ("VERB", "AUX") else None
                doer_text = span_text(doer) if doer is not None else ""
                if doer is None or doer_text.lower() in PRONOUN_SUBJECTS or {w.lower() for w in doer_text.split()} & words:
                    continue
                doer_sides = conflict.sides_in(doer_text)
                if doer_sides and all(s in speaker_sides for s in doer_sides):
                    hits.append(Hit("military", m.start(), m.end(), m.group(0), doer_sides[0]))
                else:
                    hits.append(Hit("accuse", m.start(), m.end(), m.group(0), doer_sides[0] if doer_sides else None))

    # A statement: a saying whose own clause holds no other act (or only an evaluation / the setting).
    for verb in comm_verbs:
        own = clause_chars(verb)
        inner = {h.action for h in hits if (t := token_at(doc, h.start)) is not None and t.idx in own}
        if not inner - {"endorse", "consult", "statement"}:
            hits.append(Hit("statement", verb.idx, verb.idx + len(verb.text), verb.text))

    names_found = {h.action for h in hits}
    if not names_found:
        hits.append(Hit("statement", 0, 0, statement.cue if getattr(statement, "cue", None) else ""))
        names_found.add("statement")
    names = [n for n in specs if n in names_found]
    return ActionFinding(hits, names, negated_support)


def _modal_or_future(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in tok.children) or (
        tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"ready", "prepared", "willing", "promise", "pledge", "vow"}
    ) or (tok.dep_ == "xcomp" and tok.head.head.lemma_.lower() in {"ready", "prepared", "willing"})


def _appeal_governs(doc: Doc, statement: Any, appeal_verbs: set[str], skip: list[tuple[int, int]]) -> bool:
    """Whether the sentence appeals (a verb of appeal or a modal), so "negotiations" is a call for them."""
    for tok in doc:
        if inside(tok.idx, skip):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "NOUN") and lemma in appeal_verbs:
            return True
        if tok.tag_ == "MD" and lemma in MODALS | {"shall"}:
            return True
        if lemma in ("need", "have") and any(c.dep_ == "xcomp" for c in tok.children):
            return True
        if lemma in {"call", "appeal", "proposal", "plea", "demand"} and tok.pos_ == "NOUN":
            return True
    cue = (getattr(statement, "cue", "") or "").lower()
    return any(re.search(rf"\b{v}", cue) for v in ("call", "urg", "appeal", "propos", "encourag"))

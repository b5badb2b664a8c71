"""Learned attribution: cue, source and content spans tagged by two linear-chain CRFs.

The design is citron's (BBC R&D), over the parse the pipeline already makes:

1. a **cue tagger** labels each sentence's tokens B/I/O for cue spans ("said",
   "according to", "has also said", a transcript's colon);
2. a **role tagger** runs once per cue over its sentence and the sentences either
   side, labelling each token B/I of the cue's source, B/I of its content, or O. Its
   features place each token relative to that cue: the branch of the parse that links
   them (the cue's subject, its clausal complement, the clause it comments on), the
   side and distance, the sentence offset, whether a quotation holds the token and not
   the cue.

Both taggers also read the rules (`AttributionFinder(units=False)`) as features: the
cue lexicon (stancemap/statements/data/cues.yaml) by lemma, and whether the rules put
a token in a cue, a source or a content (of the same cue, or of any). An attribution
whose source tag is empty (or only an expletive "it") is agentless ("it was reported
that ..."): its source is implicit, and a statement made of it is unattributed (empty speaker).

The taggers' outputs become `Attribution` records like the rules' (the source's name
part found as the rules find it), so speaker resolution, dates said and provenance spans
apply to them unchanged. The models are crfsuite's own binary files, shipped in
stancemap/statements/models/ and made by `stancemap train-attribution`
(stancemap/evaluate/attribution_training.py) from PolNeAR train.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from ..nlp.quotes import inner
from ..nlp.text import doc_quotes, doc_text
from ..nlp.token_table import token_table
from .agents import can_speak
from .attribution import Attribution, AttributionFinder, CharSpan, Source, _mention
from .cues import load_cues

MODEL_VERSION = 2
CUE_MODEL = "attribution-cue.crfsuite"
ROLE_MODEL = "attribution-role.crfsuite"
MODEL_META = "attribution-model.json"  # how the models were made, and the decoding chosen on dev
WINDOW = 1  # sentences either side of the cue's that the role tagger reads
AGENTLESS_WORDS = {"reportedly", "allegedly", "apparently", "supposedly", "seemingly", "purportedly"}
QUOTE_CHARS = set("\"“”'‘’«»„") | {"''", "``"}


ATTRIBUTION_KINDS = ("rules", "learned", "combined")
DEFAULT_ATTRIBUTION = "rules"


class ModelMissing(RuntimeError):
    pass


def attribution_kind(kind: str | None = None) -> str:
    """The attribution stage to run: `kind`, STANCEMAP_ATTRIBUTION, or the default."""
    import os

    kind = kind or os.environ.get("STANCEMAP_ATTRIBUTION") or DEFAULT_ATTRIBUTION
    if kind not in ATTRIBUTION_KINDS:
        raise ValueError(f"attribution {kind!r}: use one of {', '.join(ATTRIBUTION_KINDS)}")
    return kind


def make_finder(kind: str | None = None, units: bool = True):
    """The finder for an attribution stage: the rules (`AttributionFinder`), the learned
    taggers, or both combined. `units`: who-said-what units (extract) rather than PolNeAR's
    attributions (eval --brat)."""
    return _finder(attribution_kind(kind), units)


@lru_cache(maxsize=8)
def _finder(kind: str, units: bool):
    if kind == "rules":
        return AttributionFinder(units=units)
    return LearnedAttributionFinder(kind, units=units)


def model_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("models")))


# --- features --------------------------------------------------------------------------------


@dataclass
class DocFeatures:
    """What both taggers read of one parsed article, computed once."""

    doc: Doc
    base: list[list[str]]  # per token, features that do not depend on a cue
    sents: list[Span]
    sent_of: list[int]  # token -> sentence index
    quote_of: list[int]  # token -> index of the quotation holding it, or -1
    rule_atts: list[Attribution]
    rule_cue: list[str]  # per token: "B", "I" or ""
    rule_role: list[str]  # per token: "S", "C" or ""
    starts: list[int]  # per token, its character offset


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def doc_features(doc: Doc, rule_atts: list[Attribution] | None = None) -> DocFeatures:
    lex = load_cues()
    if rule_atts is None:
        rule_atts = _rules(doc)
    n = len(doc)
    table = token_table(doc)
    sents = list(doc.sents)
    sent_of = table.sent_of
    first = set(table.sent_firsts)
    last = {end - 1 for end in table.sent_firsts[1:] + [n]} if n else set()
    starts = table.idx
    quote_of = [-1] * n
    for q, (qs, qe) in enumerate(doc_quotes(doc)):
        i = bisect_right(starts, qs) - 1
        i = max(i, 0)
        while i < n and starts[i] < qe:
            if starts[i] >= qs:
                quote_of[i] = q
            i += 1
    sent_quoted = [False] * len(sents)
    for i in range(n):
        if quote_of[i] >= 0:
            sent_quoted[sent_of[i]] = True
    rule_cue = [""] * n
    rule_role = [""] * n
    for att in rule_atts:
        for t in sorted(att.cue_tokens, key=lambda t: t.i):
            rule_cue[t.i] = "I" if t.i > 0 and rule_cue[t.i - 1] else "B"
        _mark(doc, starts, rule_role, [s.full for s in att.sources], "S")
        _mark(doc, starts, rule_role, att.content, "C")
    lemmas, poss = table.lemma_lower, table.pos
    base = []
    for t in doc:
        i = t.i
        lem = lemmas[i]
        h = t.head
        f = [
            "w=" + t.lower_, "l=" + lem, "p=" + poss[i], "t=" + t.tag_, "d=" + t.dep_,
            "hl=" + lemmas[h.i], "hp=" + poss[h.i], "dh=" + t.dep_ + "|" + poss[h.i],
            "l-1=" + (lemmas[i - 1] if i > 0 and i not in first else "^"),
            "l+1=" + (lemmas[i + 1] if i + 1 < n and i not in last else "$"),
            "p-1=" + (poss[i - 1] if i > 0 and i not in first else "^"),
            "p+1=" + (poss[i + 1] if i + 1 < n and i not in last else "$"),
            "l-2=" + (lemmas[i - 2] if i > 1 and i not in first and i - 1 not in first else "^"),
            "l+2=" + (lemmas[i + 2] if i + 2 < n and i not in last and i + 1 not in last else "$"),
            "dl=" + t.dep_ + "|" + lem,
        ]
        if t.ent_type_:
            f.append("e=" + t.ent_iob_ + t.ent_type_)
        if poss[i] in ("VERB", "AUX"):
            kind = lex.verbs.get(lem)
            if kind:
                f.append("cv=" + kind)
            if lem in lex.phrases:
                f.append("cphr")
        elif poss[i] == "NOUN" and lem in lex.nouns:
            f.append("cn=" + lex.nouns[lem])
        hk = lex.verbs.get(lemmas[h.i])
        if hk and h.i != i:
            f.append("hcv=" + hk)
        f.append("d2=" + t.dep_ + "|" + h.dep_)
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "agent", "parataxis", "advcl", "dative",
                          "poss", "acl", "relcl"):
                f.append("c=" + c.dep_)
                if c.dep_ in ("nsubj", "poss", "agent"):
                    speaker = c if c.dep_ != "agent" else next((g for g in c.children if g.dep_ == "pobj"), c)
                    f.append("cs=" + c.dep_ + "|" + ("speaks" if can_speak(speaker, documents=True) else "mute"))
                elif c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children):
                    f.append("cthat")
            elif c.dep_ in ("prt", "prep", "neg", "aux") and c.i > i - 4:
                f.append("cl=" + c.dep_ + "|" + lemmas[c.i])
        if t.text in QUOTE_CHARS:
            f.append("qmark")
        elif quote_of[i] >= 0:
            f.append("inq")
        if t.is_title:
            f.append("title")
        if sent_quoted[sent_of[i]]:
            f.append("sq")
        if i in first:
            f.append("sfirst")
        if i in last:
            f.append("slast")
        if rule_cue[i]:
            f.append("rc=" + rule_cue[i])
        if rule_role[i]:
            f.append("rr=" + rule_role[i])
        base.append(f)
    return DocFeatures(doc, base, sents, sent_of, quote_of, rule_atts, rule_cue, rule_role, starts)


def _mark(doc: Doc, starts: list[int], labels: list[str], spans: Iterable[CharSpan], value: str) -> None:
    n = len(doc)
    for s, e in spans:
        i = max(bisect_right(starts, s) - 1, 0)
        while i < n and starts[i] < e:
            if starts[i] + len(doc[i]) > s and not labels[i]:
                labels[i] = value
            i += 1


@lru_cache(maxsize=1)
def _rule_finder() -> AttributionFinder:
    return AttributionFinder(units=False)


def _rules(doc: Doc) -> list[Attribution]:
    return _rule_finder().find(doc)


def cue_sequences(df: DocFeatures) -> list[tuple[int, int, list[list[str]]]]:
    """(sentence start, end, per-token features) for the cue tagger, one per sentence."""
    return [(s.start, s.end, df.base[s.start : s.end]) for s in df.sents]


def _branch(tok: Token, targets: set[int], limit: int = 40) -> tuple[str | None, int]:
    """The dependency label of the step that reaches a target token going up from `tok`, and
    the number of steps; (None, 0) when no target is an ancestor."""
    steps = 0
    while steps < limit:
        if tok.head.i == tok.i:
            return None, 0
        steps += 1
        if tok.head.i in targets:
            return tok.dep_, steps
        tok = tok.head
    return None, 0


def role_sequence(df: DocFeatures, cue: list[int], cue_type: str) -> tuple[int, int, list[list[str]]]:
    """(window start, end, per-token features) for the role tagger, relative to one cue."""
    doc = df.doc
    k = df.sent_of[cue[0]]
    lo = df.sents[max(k - WINDOW, 0)].start
    hi = df.sents[min(k + WINDOW, len(df.sents) - 1)].end
    cue_set = set(cue)
    c0, c1 = min(cue), max(cue)
    root = min((doc[i] for i in cue), key=lambda t: (_depth(t), t.i))
    head = root.head
    cue_lemma = root.lemma_.lower()
    cue_quote = df.quote_of[c0]
    # the rules' attribution for this cue, if any
    same_rule: list[Attribution] = [a for a in df.rule_atts if cue_set & {t.i for t in a.cue_tokens}]
    rs: set[int] = set()
    rc: set[int] = set()
    if same_rule:
        starts = df.starts
        tmp = [""] * len(doc)
        for a in same_rule:
            _mark(doc, starts, tmp, [s.full for s in a.sources], "S")
            _mark(doc, starts, tmp, a.content, "C")
        rs = {i for i in range(lo, hi) if tmp[i] == "S"}
        rc = {i for i in range(lo, hi) if tmp[i] == "C"}
    anc = set()
    t = root
    while t.head.i != t.i and len(anc) < 40:
        t = t.head
        anc.add(t.i)
    feats = []
    for i in range(lo, hi):
        tok = doc[i]
        f = list(df.base[i])
        so = df.sent_of[i] - k
        f.append(f"so={so}")
        if i in cue_set:
            f.append("cue")
        else:
            side = "L" if i < c0 else "R"
            dist = c0 - i if i < c0 else i - c1
            f.append("rp=" + side + _bucket(dist))
            f.append("rpc=" + side + "|" + cue_type)
            if so == 0:
                via, steps = _branch(tok, cue_set)
                if via is not None:
                    f.append("via=" + via)
                    f.append("viac=" + via + "|" + cue_type)
                    f.append("vial=" + via + "|" + cue_lemma)
                    f.append("vias=" + via + "|" + side)
                    if steps == 1:
                        f.append("child")
                elif i in anc:
                    f.append("anc")
                    if i == head.i:
                        f.append("cuehead")
                else:
                    via, _ = _branch(tok, {head.i}) if head.i != root.i else (None, 0)
                    f.append("viah=" + (via or "none"))
                    f.append("viahs=" + (via or "none") + "|" + side)
            q = df.quote_of[i]
            if q >= 0 or tok.text in QUOTE_CHARS:
                f.append("qsame" if q == cue_quote and q >= 0 else "qother" + side)
        if i in rs:
            f.append("rs")
        elif i in rc:
            f.append("rcx")
        feats.append(f)
    return lo, hi, feats


def _named_speaker(root: Token) -> bool:
    """A source a unit the taggers add may have: a name (or a named entity that speaks) or a
    personal pronoun, that can speak; common nouns ("the report", "officials") are left to
    the rules, whose speaker checks know them better."""
    if not can_speak(root):
        return False
    if root.pos_ == "PRON":
        return root.lower_ in {"he", "she", "they"}
    return root.pos_ == "PROPN" or root.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def to_items(feats: list[list[str]]) -> list[list[str]]:
    """crfsuite items: a token's features by name, each once and of weight 1 (a feature named
    twice, "c=nsubj" for two subjects, would otherwise weigh 2)."""
    return [list(dict.fromkeys(f)) for f in feats]


# --- labels ------------------------------------------------------------------------------------


def runs(labels: list[str], tag: str) -> list[list[int]]:
    """Token index runs of B-tag/I-tag labels (an I without B starts a run)."""
    out: list[list[int]] = []
    prev = False
    for i, lab in enumerate(labels):
        if lab == "B-" + tag or (lab == "I-" + tag and not prev):
            out.append([i])
            prev = True
        elif lab == "I-" + tag:
            out[-1].append(i)
        else:
            prev = False
    return out


def char_runs(doc: Doc, idx: list[int]) -> list[CharSpan]:
    """Contiguous character spans of tokens, trimmed of spaces and punctuation at the edges
    (quote marks kept, as the rules keep them)."""
    toks = sorted(set(idx))
    groups: list[list[int]] = []
    for i in toks:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups:
        while g and (doc[g[0]].is_space or doc[g[0]].is_punct and doc[g[0]].text not in QUOTE_CHARS):
            g = g[1:]
        while g and (doc[g[-1]].is_space or doc[g[-1]].is_punct and doc[g[-1]].text not in QUOTE_CHARS):
            g = g[:-1]
        if g:
            out.append((doc[g[0]].idx, doc[g[-1]].idx + len(doc[g[-1]])))
    return out


# --- the finder ---------------------------------------------------------------------------------


class LearnedAttributionFinder:
    """`find(doc)` like AttributionFinder's, from the shipped (or given) crfsuite models.

    `mode`: "learned" keeps only the taggers' attributions; "combined" keeps the rules'
    attributions and adds the taggers' whose cue no rule attribution has. In `units` (the
    statements `extract` stores) an attribution of the taggers is kept when its source can
    speak (`unit_speakers` "agent"; "named": a name or a personal pronoun only), and an
    agentless one, as an unattributed statement, when `unit_agentless` says so ("lexicon": its
    cue is a reporting word of the cue lexicon).
    """

    def __init__(self, mode: str = "learned", models: str | Path | None = None, units: bool = False,
                 min_confidence: float | str = "model", agentless: str = "model", unit_speakers: str = "model",
                 unit_agentless: bool | str = "model"):
        """`min_confidence` (of a cue, to keep it), `agentless` (which cues may go without a
        source), `unit_speakers` and `unit_agentless` default to the decoding chosen on dev when
        the models were made (attribution-model.json)."""
        import json

        import pycrfsuite

        folder = Path(models) if models else model_dir()
        paths = [folder / CUE_MODEL, folder / ROLE_MODEL]
        for p in paths:
            if not p.is_file():
                raise ModelMissing(f"{p}: no attribution model (make one with `stancemap train-attribution`)")
        self.cue_tagger = pycrfsuite.Tagger()
        self.cue_tagger.open(str(paths[0]))
        self.role_tagger = pycrfsuite.Tagger()
        self.role_tagger.open(str(paths[1]))
        self.mode = mode
        meta_path = folder / MODEL_META
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        if meta.get("version", MODEL_VERSION) != MODEL_VERSION:  # the features differ: its weights would misread them
            raise ModelMissing(f"{meta_path}: attribution model version {meta.get('version')}, this stancemap reads "
                               f"version {MODEL_VERSION} (make one with `stancemap train-attribution`)")
        decoding = meta.get("decoding", {})
        self.min_confidence = decoding.get("min_confidence", 0.0) if min_confidence == "model" else min_confidence
        self.agentless = decoding.get("agentless", "passive") if agentless == "model" else agentless
        self.unit_speakers = decoding.get("unit_speakers", "named") if unit_speakers == "model" else unit_speakers
        self.unit_agentless = decoding.get("unit_agentless", False) if unit_agentless == "model" else unit_agentless
        self.units = units
        self.lex = load_cues()
        self.rules = AttributionFinder(units=units) if units and mode == "combined" else None

    def find(self, doc: Doc) -> list[Attribution]:
        df = doc_features(doc)
        rules: list[Attribution] = []
        taken: set[int] = set()
        if self.mode == "combined":
            rules = self.rules.find(doc) if self.rules is not None else df.rule_atts
            taken = {t.i for a in rules for t in a.cue_tokens}
        # a cue the rules have is theirs: its source and content are not tagged at all
        learned = self.tag(df, skip=taken)
        if self.units:
            learned = [a for a in learned if self._unit(a)]
        return rules + learned

    def _unit(self, att: Attribution) -> bool:
        """Whether a unit keeps one of the taggers' attributions: agentless ones as unattributed
        statements when `unit_agentless`; others need someone who can speak ("agent") or, stricter,
        a name or a personal pronoun ("named")."""
        if not att.sources:
            if self.unit_agentless == "lexicon":  # a reporting word of the cue lexicon: "was accused of", "reportedly"
                return any(t.lemma_.lower() in self.lex.verbs or t.lemma_.lower() in self.lex.nouns
                           or t.lower_ in AGENTLESS_WORDS for t in att.cue_tokens)
            return bool(self.unit_agentless)
        root = att.sources[0].mention.root
        return can_speak(root) if self.unit_speakers == "agent" else _named_speaker(root)

    def cues(self, df: DocFeatures) -> list[tuple[list[int], float]]:
        """Each cue the tagger finds (Viterbi) with its confidence: the mean over its tokens of
        the marginal probability of a cue label."""
        out = []
        tagger = self.cue_tagger
        for start, end, feats in cue_sequences(df):
            labels = tagger.tag(to_items(feats))
            for run in runs(labels, "CUE"):
                confidence = sum(tagger.marginal("B-CUE", i) + tagger.marginal("I-CUE", i) for i in run) / len(run)
                out.append(([start + i for i in run], confidence))
        return out

    def tag(self, df: DocFeatures, skip: set[int] = frozenset()) -> list[Attribution]:
        doc = df.doc
        text = doc_text(doc)
        quotes = None
        out = []
        for cue, confidence in self.cues(df):
            if (skip and skip.intersection(cue)) or confidence < self.min_confidence:
                continue
            if not any(doc[i].is_alpha or doc[i].text in ":―—–-" for i in cue):
                continue
            cue_type = self._cue_type(doc, cue)
            lo, hi, feats = role_sequence(df, cue, cue_type)
            labels = self.role_tagger.tag(to_items(feats))
            src_runs = [[lo + i for i in r] for r in runs(labels, "S")]
            con = [lo + i for i in range(len(labels)) if labels[i].endswith("-C")]
            content = char_runs(doc, con)
            if not content:
                continue
            sources = []
            # an expletive subject is no source: "It was reported that ..." is agentless
            src_runs = [r for r in src_runs if not (len(r) == 1 and doc[r[0]].lower_ == "it"
                                                    and doc[r[0]].dep_ in ("expl", "nsubjpass"))]
            if src_runs:
                best = min(src_runs, key=lambda r: min(abs(i - j) for i in r for j in cue))
                span = doc[best[0] : best[-1] + 1]
                full = char_runs(doc, best)
                if full:
                    root = span.root
                    mention = _mention(root)
                    if not (span.start <= mention.start and mention.end <= span.end):
                        mention = span
                    sources.append(Source(mention, (full[0][0], full[-1][1])))
            if not sources and not self._agentless(doc, cue):
                continue
            if quotes is None:
                quotes = [inner(text, q) for q in doc_quotes(doc)]
            qs = [q for q in quotes if any(s < q[1] and q[0] < e for s, e in content)]
            out.append(Attribution(
                sent=doc[cue[0]].sent, cue_tokens=[doc[i] for i in cue], cue_type=cue_type,
                sources=sources, content=content, quotes=qs, reason="learned",
            ))
        return out

    def _agentless(self, doc: Doc, cue: list[int]) -> bool:
        """Whether a cue may go without a source: 'all', 'none', or 'passive' (a passive cue,
        "it was reported", "is expected to", or one without any subject of its own)."""
        if self.agentless != "passive":
            return self.agentless == "all"
        for i in cue:
            t = doc[i]
            deps = {c.dep_ for c in t.children}
            if "auxpass" in deps or "nsubjpass" in deps or t.dep_ in ("acl", "amod") or t.lower_ in AGENTLESS_WORDS:
                return True
        return False

    def _cue_type(self, doc: Doc, cue: list[int]) -> str:
        for i in cue:
            lem = doc[i].lemma_.lower()
            kind = self.lex.verbs.get(lem) or self.lex.nouns.get(lem)
            if kind:
                return kind
        return "speech"

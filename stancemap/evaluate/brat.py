"""Score attribution extraction against a brat standoff corpus (PolNeAR's layout).

A directory holds `text/STEM.txt` and `attributions/STEM_ANNOTATOR.ann`. Each
attribution has a source, a cue and content, each a (possibly discontinuous)
set of character spans in the .txt file. Predicted statements are turned into
the same shape and compared per article:

- exact: two spans match when they cover the same letters and digits (the
  surrounding and inner whitespace and punctuation is ignored, so a quote mark
  or a trailing comma never decides a match);
- overlap: two spans match when they share at least one letter or digit;
- both are one-to-one: each gold span is matched by at most one predicted span
  (greedily, largest shared part first).

Source, cue and content are scored as separate sets of spans (duplicates
merged). A whole attribution matches when its cue, its content and its source
all match under the same criterion (an agentless gold attribution needs a
predicted attribution without a source). Statements that share cue and content
(coordinated speakers: "both Rouhani and Zarif supported ...") are merged into
one predicted attribution whose source is the union of their mentions, as the
corpus marks one source span for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..nlp.model import load
from ..records import Article
from ..statements.extract import MentionResolver, default_resolver_factory, extract_many

Spans = tuple[tuple[int, int], ...]
PARTS = ("source", "cue", "content")

_LINE = re.compile(r"^(?P<id>[TE]\d+)\t(?P<rest>.*)$")


@dataclass
class BratAttribution:
    """One attribution: character spans of its source, cue and content."""

    source: Spans = ()
    cue: Spans = ()
    content: Spans = ()


@dataclass
class BratDoc:
    stem: str
    text: str
    text_path: Path
    attributions: list[BratAttribution] = field(default_factory=list)


def _parse_spans(field_: str) -> Spans:
    spans = []
    for part in field_.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def read_ann(path: Path) -> list[BratAttribution]:
    """Attributions of one .ann file (text-bound T lines tied together by E lines)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m:
            continue  # annotator notes, or the continuation of a multi-line span text
        ident, rest = m["id"], m["rest"]
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            try:
                spans[ident] = (label, _parse_spans(offsets))
            except ValueError:
                continue
        else:
            roles = {}
            for arg in rest.split("\t", 1)[0].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    out = []
    for roles in events:
        att = BratAttribution()
        for part, role in (("source", "Source"), ("cue", "Cue"), ("content", "Content")):
            ref = roles.get(role)
            if ref in spans:
                setattr(att, part, spans[ref][1])
        out.append(att)
    return out


def read_brat_dir(path: str | Path) -> list[BratDoc]:
    """Every article of a brat directory with its attributions (first annotator by name)."""
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"{root}: no text/ directory (expected DIR/text/*.txt and DIR/attributions/*.ann)")
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann")) or sorted(ann_dir.glob(f"{txt.stem}.ann"))
        text = txt.read_text(encoding="utf-8")
        docs.append(BratDoc(txt.stem, text, txt, read_ann(anns[0]) if anns else []))
    return docs


# Commas and apostrophes, as scraped research corpora lose them ("... the World Health
# Organization said on Wednesday", "Assads forces"): `strip_marks` makes such a copy of a
# gold article, to score on the text those corpora give (`eval --brat DIR --brat-strip-marks`).
STRIPPED_MARKS = ",'’"


def strip_marks(doc: BratDoc, marks: str = STRIPPED_MARKS) -> BratDoc:
    """A copy of `doc` with every character of `marks` deleted from its text, each span moved
    to the same words in the shorter text (a span keeps its letters; one left empty is dropped)."""
    keep = [c not in marks for c in doc.text]
    new_at = [0] * (len(doc.text) + 1)  # old offset -> new offset
    n = 0
    for i, kept in enumerate(keep):
        new_at[i] = n
        n += kept
    new_at[len(doc.text)] = n

    def moved(spans: Spans) -> Spans:
        out = [(new_at[max(0, min(s, len(doc.text)))], new_at[max(0, min(e, len(doc.text)))]) for s, e in spans]
        return tuple((s, e) for s, e in out if e > s)

    text = "".join(c for c, kept in zip(doc.text, keep) if kept)
    atts = [BratAttribution(moved(a.source), moved(a.cue), moved(a.content)) for a in doc.attributions]
    return BratDoc(doc.stem, text, doc.text_path, atts)


# --- matching -------------------------------------------------------------------------------


def _letters(text: str, spans: Spans) -> frozenset[int]:
    """Offsets of the letters and digits a span set covers: what exact and overlap compare."""
    return frozenset(i for s, e in spans for i in range(max(s, 0), min(e, len(text))) if text[i].isalnum())


def _match(gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]], exact: bool) -> int:
    """Number of one-to-one matches, greedily by largest shared part."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact:
                if g == p and g:
                    pairs.append((len(g), gi, pi))
            else:
                shared = len(g & p)
                if shared:
                    pairs.append((shared, gi, pi))
    return _matched(pairs)


def _matched(pairs: list[tuple[int, int, int]]) -> int:
    """How many one-to-one matches the (weight, gold, predicted) pairs make, the heaviest taken first."""
    pairs.sort(reverse=True)
    used_g, used_p, n = set(), set(), 0
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            n += 1
    return n


def _attr_match(gold: list[dict], pred: list[dict], exact: bool) -> int:
    def agrees(g: frozenset[int], p: frozenset[int]) -> bool:
        if not g or not p:
            return not g and not p
        return g == p if exact else bool(g & p)

    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if all(agrees(g[k], p[k]) for k in PARTS):
                pairs.append((sum(len(g[k] & p[k]) for k in PARTS), gi, pi))
    return _matched(pairs)


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def merge_coordinated(atts: Iterable[BratAttribution]) -> list[BratAttribution]:
    """One attribution per (cue, content): coordinated speakers share one source span set."""
    merged: dict[tuple[Spans, Spans], BratAttribution] = {}
    for a in atts:
        key = (a.cue, a.content)
        if key in merged:
            m = merged[key]
            m.source = tuple(sorted(set(m.source) | set(a.source)))
        else:
            merged[key] = BratAttribution(tuple(a.source), tuple(a.cue), tuple(a.content))
    return list(merged.values())


def score_docs(pairs: Iterable[tuple[str, list[BratAttribution], list[BratAttribution]]]) -> dict:
    """Micro-averaged P/R/F1 over articles given (text, gold, predicted) triples."""
    counts = {(part, mode): Counts() for part in (*PARTS, "attribution") for mode in ("exact", "overlap")}
    articles = 0
    for text, gold, pred in pairs:
        articles += 1
        pred = merge_coordinated(pred)
        for part in PARTS:
            g = list({_letters(text, getattr(a, part)) for a in gold} - {frozenset()})
            p = list({_letters(text, getattr(a, part)) for a in pred} - {frozenset()})
            for mode in ("exact", "overlap"):
                c = counts[(part, mode)]
                c.tp += _match(g, p, mode == "exact")
                c.n_gold += len(g)
                c.n_pred += len(p)
        g_atts = [{k: _letters(text, getattr(a, k)) for k in PARTS} for a in gold]
        p_atts = [{k: _letters(text, getattr(a, k)) for k in PARTS} for a in pred]
        for mode in ("exact", "overlap"):
            c = counts[("attribution", mode)]
            c.tp += _attr_match(g_atts, p_atts, mode == "exact")
            c.n_gold += len(g_atts)
            c.n_pred += len(p_atts)
    out: dict = {
        part: {mode: counts[(part, mode)].scores() for mode in ("exact", "overlap")}
        for part in (*PARTS, "attribution")
    }
    out["articles"] = articles
    return out


def statement_to_brat(st) -> BratAttribution:
    """A Statement's body spans as a brat attribution (body = the .txt text here)."""
    return BratAttribution(
        tuple(sorted(map(tuple, st.source_spans))),
        tuple(sorted(map(tuple, st.cue_spans))),
        tuple(sorted(map(tuple, st.content_spans))),
    )


def score_brat_dir(
    path: str | Path,
    model: str | None = None,
    extract: Callable | None = None,
    limit: int | None = None,
    attribution: str | None = None,
    units: bool = True,
    strip: bool = False,
) -> dict:
    """Extract statements from every DIR/text/*.txt and score them against DIR/attributions.

    Returns {"source"|"cue"|"content"|"attribution": {"exact"|"overlap": {"precision",
    "recall", "f1"}}, "articles": int}. `extract(texts) -> list[list[BratAttribution]]`
    replaces stancemap's own extractor (used to score peers on the same data); `attribution`
    names stancemap's attribution stage (rules, learned, combined; default as `extract`).
    `units`: score the statements `extract` stores and `statements --json` shows (one per
    speaker and sentence, speakers resolved: what a user gets); False scores every attribution
    the finder's PolNeAR mode finds (AttributionFinder(units=False), no speaker resolution).
    `strip`: score each article with its commas and apostrophes deleted (`strip_marks`), as
    scraped research corpora give text.
    """
    docs = read_brat_dir(path)
    if strip:
        docs = [strip_marks(d) for d in docs]
    if limit is not None:
        docs = docs[:limit]
    if extract is None:
        extract = lambda texts: _stancemap_extract(texts, [d.text_path for d in docs], model, attribution, units)  # noqa: E731
    predicted = extract([d.text for d in docs])
    return score_docs((d.text, d.attributions, p) for d, p in zip(docs, predicted))


def _stancemap_extract(texts: list[str], paths: list[Path], model: str | None,
                       attribution: str | None = None, units: bool = True) -> list[list[BratAttribution]]:
    articles = [Article(body=t, raw_text=t, body_offset=0, source=str(p), format="text") for t, p in zip(texts, paths)]
    # units: the statements as stored, speakers resolved (the resolver drops a pronoun that names
    # no one); otherwise spans are scored, not actor names, and the mention is enough
    factory = default_resolver_factory() if units else (lambda doc, article: MentionResolver())
    per_article = extract_many(articles, load(model), resolver_factory=factory, one_per_sentence=units,
                               attribution=attribution)
    return [[statement_to_brat(s) for s in stmts] for stmts in per_article]

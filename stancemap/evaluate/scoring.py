"""The scoring rules of the gold README, as plain functions over gold and predictions.

Every part is kept as raw counts (a tally) so that figures for several files
are micro-averaged by adding tallies, never by averaging ratios. Nothing here
runs the pipeline: `run.py` turns pipeline output into `Predicted` units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..timespans import date_interval
from .gold import STANCE_LABELS, Gold, GoldCamp, GoldUnit

# -- text ---------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """Compare form of a string: NFKC, straight quotes, collapsed whitespace, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` char by char, with each folded char's offset in the original text."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        ch = unicodedata.normalize("NFKC", ch).translate(_QUOTES)
        if not ch or ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for c in ch.casefold():
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def locate(sentence: str, body: str) -> list[tuple[int, int]]:
    """Character spans of every occurrence of `sentence` in `body`, tolerant to whitespace, case and quote style."""
    needle = fold(sentence)
    if not needle:
        return []
    hay, offsets = _folded_with_offsets(body)
    spans = []
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle) - 1
        spans.append((offsets[start], offsets[end] + 1))
        start = hay.find(needle, start + 1)
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# -- dates --------------------------------------------------------------------


def date_correct(gold: str, predicted: str | None) -> bool:
    """A prediction is right when every day it allows lies inside the gold date at the gold's precision."""
    if not predicted:
        return False
    try:
        p_start, p_end = date_interval(predicted)
    except ValueError:
        return False
    g_start, g_end = date_interval(gold)
    return g_start <= p_start and p_end <= g_end


# -- predictions ----------------------------------------------------------------


@dataclass
class Predicted:
    """One predicted (speaker, sentence) unit, with whatever later stages added to it."""

    speaker: str
    start: int  # sentence offsets in the article body
    end: int
    sentence: str = ""
    date: str | None = None
    stance: dict[str, str] | None = None  # gold side name -> label; None when not coded
    actions: list[str] | None = None  # None when not coded
    prior: dict[str, str] | None = None  # the speaker-side prior's labels, through the same speaker resolution


@dataclass
class FilePrediction:
    """What the pipeline produced for one gold file; None marks a stage that does not exist yet."""

    body: str | None  # the clean article body (None: nothing was ingested)
    article: Any = None  # an Article record, or None when ingest is unavailable
    units: list[Predicted] | None = None
    coded: bool = False  # True when the stance stage ran (units carry stance and actions)
    camps: list[tuple[str, list[str]]] | None = None
    problems: list[str] = field(default_factory=list)  # why a part is missing


SameSpeaker = Callable[[str, list[str]], bool]


def same_speaker_by_name(predicted: str, gold_names: list[str]) -> bool:
    """Case-, whitespace- and quote-style-insensitive equality with any accepted name."""
    p = fold(predicted)
    return any(p == fold(g) for g in gold_names)


# -- tallies --------------------------------------------------------------------


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else 1.0


@dataclass
class ArticleTally:
    passed: int = 0
    total: int = 0
    failed_fields: list[str] = field(default_factory=list)

    def __add__(self, other: "ArticleTally") -> "ArticleTally":
        return ArticleTally(self.passed + other.passed, self.total + other.total, self.failed_fields + other.failed_fields)

    def json(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "failed_fields": list(self.failed_fields)}


@dataclass
class SpeakerTally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "SpeakerTally") -> "SpeakerTally":
        return SpeakerTally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def json(self) -> dict[str, Any]:
        """P/R/F1 with the counts; a ratio with nothing to divide by is None (no units at all)."""
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        precision = _ratio(self.tp, self.tp + self.fp)
        recall = _ratio(self.tp, self.tp + self.fn)
        if precision is None and self.fn:
            precision = 0.0
        if recall is None and self.fp:
            recall = 0.0
        f1 = _f1(self.tp, self.fp, self.fn) if self.tp + self.fp + self.fn else None
        return {"precision": r(precision), "recall": r(recall), "f1": r(f1), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class DateTally:
    correct: int = 0
    n: int = 0

    def __add__(self, other: "DateTally") -> "DateTally":
        return DateTally(self.correct + other.correct, self.n + other.n)

    def json(self) -> dict[str, Any]:
        acc = _ratio(self.correct, self.n)
        return {"accuracy": None if acc is None else round(acc, 4), "n": self.n}


@dataclass
class StanceTally:
    pairs: list[tuple[str, str, str | None]] = field(default_factory=list)  # (side, gold, predicted)
    predicted_labels: int = 0
    spurious_labels: int = 0
    all_pairs: int = 0  # every (matched unit, side) pair, "no stance" counted as an answer
    all_agree: int = 0

    def __add__(self, other: "StanceTally") -> "StanceTally":
        return StanceTally(self.pairs + other.pairs, self.predicted_labels + other.predicted_labels,
                           self.spurious_labels + other.spurious_labels, self.all_pairs + other.all_pairs,
                           self.all_agree + other.all_agree)

    def add(self, side: str, gold: str | None, label: str | None) -> bool:
        """Count one (matched unit, side) pair; True when the answer is wrong or spurious."""
        self.all_pairs += 1
        self.all_agree += gold == label
        if label is not None:
            self.predicted_labels += 1
        if gold is not None:
            self.pairs.append((side, gold, label))
            return label != gold
        if label is not None:
            self.spurious_labels += 1
            return True
        return False

    def macro_f1(self) -> float | None:
        """Macro-F1 over the labels present for each side, averaged over sides."""
        per_side = []
        for side in sorted({s for s, _, _ in self.pairs}):
            pairs = [(g, p) for s, g, p in self.pairs if s == side]
            labels = [lab for lab in STANCE_LABELS if any(g == lab or p == lab for g, p in pairs)]
            f1s = []
            for lab in labels:
                tp = sum(1 for g, p in pairs if g == lab and p == lab)
                fp = sum(1 for g, p in pairs if g != lab and p == lab)
                fn = sum(1 for g, p in pairs if g == lab and p != lab)
                f1s.append(_f1(tp, fp, fn))
            per_side.append(sum(f1s) / len(f1s))
        return sum(per_side) / len(per_side) if per_side else None

    def json(self) -> dict[str, Any]:
        n = len(self.pairs)
        acc = _ratio(sum(1 for _, g, p in self.pairs if g == p), n)
        f1 = self.macro_f1()
        spurious = _ratio(self.spurious_labels, self.predicted_labels)
        agreement = _ratio(self.all_agree, self.all_pairs)
        return {
            "accuracy": None if acc is None else round(acc, 4),
            "macro_f1": None if f1 is None else round(f1, 4),
            "spurious": round(spurious or 0.0, 4),
            "agreement_all_pairs": None if agreement is None else round(agreement, 4),
            "n": n,
        }


@dataclass
class ActionTally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    units: int = 0  # matched units whose gold gives actions

    def __add__(self, other: "ActionTally") -> "ActionTally":
        return ActionTally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.units + other.units)

    def json(self) -> dict[str, Any]:
        """F1 over action sets; undefined (None) when no matched unit had gold actions."""
        return {"f1": round(_f1(self.tp, self.fp, self.fn), 4) if self.units else None}


@dataclass
class CampTally:
    correct: int = 0
    total: int = 0

    def __add__(self, other: "CampTally") -> "CampTally":
        return CampTally(self.correct + other.correct, self.total + other.total)

    def json(self) -> dict[str, Any]:
        score = _ratio(self.correct, self.total)
        return {"score": None if score is None else round(score, 4)}


PARTS = ("article", "speakers", "dates", "stance", "stance_prior", "actions", "camps")


@dataclass
class FileScore:
    """All parts for one gold file; a part is None when its stage does not exist yet."""

    article: ArticleTally | None = None
    speakers: SpeakerTally | None = None
    dates: DateTally | None = None
    stance: StanceTally | None = None
    stance_prior: StanceTally | None = None  # the speaker-side prior on the same pairs: the floor to beat
    actions: ActionTally | None = None
    camps: CampTally | None = None
    explain: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {part: (None if getattr(self, part) is None else getattr(self, part).json()) for part in PARTS}


def combine(scores: Iterable[FileScore]) -> FileScore:
    """Micro-average: add the tallies of every file that has the part."""
    out = FileScore()
    for s in scores:
        for part in PARTS:
            mine, theirs = getattr(out, part), getattr(s, part)
            if theirs is not None:
                setattr(out, part, theirs if mine is None else mine + theirs)
        out.explain.extend(s.explain)
    return out


# -- article ----------------------------------------------------------------------


_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?)?)?(?!\d)")


def _published_parts(text: str) -> tuple[str, ...]:
    """Year, month, day, hour, minute, second as far as given; a time zone suffix is ignored."""
    m = _PUBLISHED.match(text.strip())
    return tuple(g for g in m.groups() if g is not None) if m else ()


def _same_published(gold: str, predicted: str | None) -> bool:
    """Equal at the gold's precision: a gold date checks the day, a gold datetime the minute (or second) it gives."""
    if not predicted:
        return False
    g, p = _published_parts(gold), _published_parts(str(predicted))
    return bool(g) and len(p) >= len(g) and p[: len(g)] == g


def _boilerplate_hits(needle: str, body: str, article_text: list[str]) -> bool:
    """True when `needle` occurs in the body outside text the gold itself quotes as article text.

    Matching is case-sensitive and, where the needle starts or ends with a word
    character, at a word boundary ("share" does not flag "shares"). The same
    word inside a sentence the gold marks as article text ("Khamenei's views")
    is article text, not page furniture.
    """
    pattern = re.escape(needle)
    if re.match(r"\w", needle):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", needle):
        pattern += r"(?!\w)"
    allowed = [span for text in article_text for span in locate(text, body)]
    for m in re.finditer(pattern, body):
        if not any(s <= m.start() and m.end() <= e for s, e in allowed):
            return True
    return False


def score_article(gold: Gold, article: Any) -> ArticleTally:
    """One check per article field the gold gives; failed_fields names the ones that differ."""
    tally = ArticleTally()
    body = getattr(article, "body", "") or ""
    for key, expected in gold.article.items():
        if key == "published":
            ok = _same_published(expected, getattr(article, "published", None))
        elif key in ("tags", "cited_authors"):
            got = getattr(article, key, None) or []
            ok = sorted(_exact(x) for x in got) == sorted(_exact(x) for x in expected)
        elif key == "views":
            ok = getattr(article, "views", None) == expected
        elif key == "body_starts_with":
            ok = fold(body).startswith(fold(expected))
        elif key == "body_ends_with":
            ok = fold(body).endswith(fold(expected))
        elif key == "boilerplate_absent":
            article_text = [u.sentence for u in gold.units] + [
                gold.article[k] for k in ("body_starts_with", "body_ends_with") if k in gold.article
            ]
            ok = not any(_boilerplate_hits(s, body, article_text) for s in expected)
        else:
            got = getattr(article, key, None)
            ok = got is not None and _exact(str(got)) == _exact(expected)
        tally.total += 1
        if ok:
            tally.passed += 1
        else:
            tally.failed_fields.append(key)
    return tally


def _exact(text: str) -> str:
    """Exact-match form: case kept; only Unicode form, quote style and whitespace runs are forgiven."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


# -- units ----------------------------------------------------------------------


@dataclass
class Matching:
    pairs: list[tuple[int, int]]  # (gold index, predicted index), required and optional
    missed: list[int]  # required gold units left unmatched
    spurious: list[int]  # predicted units matched to nothing
    gold_spans: list[list[tuple[int, int]]]


def _gold_spans(gold: Gold, body: str) -> list[list[tuple[int, int]]]:
    return [locate(u.sentence, body) for u in gold.units]


def _sentence_match(gold_unit: GoldUnit, spans: list[tuple[int, int]], pred: Predicted) -> bool:
    if spans:
        return any(overlaps(s, (pred.start, pred.end)) for s in spans)
    # The gold sentence is not in the body (ingest changed it): fall back to the sentence texts.
    g, p = fold(gold_unit.sentence), fold(pred.sentence)
    return bool(p) and (g in p or p in g)


def _max_matching(candidates: dict[int, list[int]], taken: dict[int, int]) -> dict[int, int]:
    """Maximum one-to-one matching (augmenting paths); `taken` maps predicted -> gold, extended in place."""

    def augment(g: int, seen: set[int]) -> bool:
        for p in candidates.get(g, []):
            if p in seen:
                continue
            seen.add(p)
            if p not in taken or augment(taken[p], seen):
                taken[p] = g
                return True
        return False

    for g in sorted(candidates):
        augment(g, set())
    return taken


def match_units(gold: Gold, body: str, preds: list[Predicted], same_speaker: SameSpeaker) -> Matching:
    """One-to-one matching of predicted to gold units; required gold units are matched first."""
    spans = _gold_spans(gold, body)
    candidates: dict[int, list[int]] = {}
    for gi, u in enumerate(gold.units):
        names = gold.aliases_of(u.speaker)  # aliases describe the speaker, wherever the gold lists them
        for pi, p in enumerate(preds):
            if _sentence_match(u, spans[gi], p) and same_speaker(p.speaker, names):
                candidates.setdefault(gi, []).append(pi)
        # Prefer the predicted unit whose sentence overlaps most.
        if gi in candidates and spans[gi]:
            s = spans[gi][0]
            candidates[gi].sort(key=lambda pi: -(min(s[1], preds[pi].end) - max(s[0], preds[pi].start)))
    required = {g: c for g, c in candidates.items() if not gold.units[g].optional}
    optional = {g: c for g, c in candidates.items() if gold.units[g].optional}
    taken = _max_matching(required, {})
    # Optional units only absorb predictions nothing required wanted.
    free = {g: [p for p in c if p not in taken] for g, c in optional.items()}
    taken = _max_matching(free, taken)
    pairs = sorted((g, p) for p, g in taken.items())
    matched_gold = {g for g, _ in pairs}
    missed = [gi for gi, u in enumerate(gold.units) if not u.optional and gi not in matched_gold]
    spurious = [pi for pi in range(len(preds)) if pi not in taken]
    return Matching(pairs, missed, spurious, spans)


def score_camps(gold_camps: list[GoldCamp], predicted: list[tuple[str, list[str]]], gold: Gold,
                same_speaker: SameSpeaker) -> CampTally:
    """Share of gold camp members placed in the predicted camp that holds the majority of their camp.

    Each predicted camp can be the majority camp of one gold camp only
    (assigned to maximise the members placed), so putting everyone in one
    camp does not score.
    """
    def placed(member: str) -> int | None:
        names = gold.aliases_of(member)
        for ci, (_, members) in enumerate(predicted):
            if any(same_speaker(m, names) for m in members):
                return ci
        return None

    where = [[placed(m) for m in camp.members] for camp in gold_camps]
    total = sum(len(c.members) for c in gold_camps)
    best = 0
    # Few camps per article: try every assignment of gold camps to distinct predicted camps.
    n_pred = len(predicted)

    def search(i: int, used: set[int], score: int) -> None:
        nonlocal best
        if i == len(gold_camps):
            best = max(best, score)
            return
        search(i + 1, used, score)
        for ci in range(n_pred):
            if ci not in used:
                hits = sum(1 for w in where[i] if w == ci)
                if hits:
                    search(i + 1, used | {ci}, score + hits)

    search(0, set(), 0)
    return CampTally(best, total)


def score_file(gold: Gold, pred: FilePrediction, same_speaker: SameSpeaker = same_speaker_by_name) -> FileScore:
    """Every part of the README's scoring for one gold file."""
    score = FileScore()
    name = str(gold.path)
    if pred.article is not None and gold.article:
        score.article = score_article(gold, pred.article)
    if pred.units is None or pred.body is None:
        return score
    units = pred.units
    m = match_units(gold, pred.body, units, same_speaker)
    score.speakers = SpeakerTally(
        tp=sum(1 for g, _ in m.pairs if not gold.units[g].optional), fp=len(m.spurious), fn=len(m.missed)
    )
    for g in m.missed:
        u = gold.units[g]
        start = m.gold_spans[g][0][0] if m.gold_spans[g] else None
        score.explain.append({"file": name, "kind": "missed", "speaker": u.speaker, "sentence_start": start,
                              "sentence": u.sentence})
    for p in m.spurious:
        score.explain.append({"file": name, "kind": "spurious", "speaker": units[p].speaker,
                              "sentence_start": units[p].start, "sentence": units[p].sentence})

    dates = DateTally()
    for g, p in m.pairs:
        u, pu = gold.units[g], units[p]
        if u.date is None:
            if pu.date:  # an invented date: the gold says the text does not fix one
                dates.n += 1
                score.explain.append({"file": name, "kind": "date", "speaker": u.speaker, "sentence_start": pu.start,
                                      "gold": None, "predicted": pu.date})
            continue
        dates.n += 1
        if date_correct(u.date, pu.date):
            dates.correct += 1
        else:
            score.explain.append({"file": name, "kind": "date", "speaker": u.speaker, "sentence_start": pu.start,
                                  "gold": u.date, "predicted": pu.date})
    score.dates = dates

    if pred.coded:
        stance, prior, actions = StanceTally(), StanceTally(), ActionTally()
        for g, p in m.pairs:
            u, pu = gold.units[g], units[p]
            predicted = pu.stance or {}
            for side in gold.sides:
                gold_label, label = u.stance.get(side), predicted.get(side)
                if stance.add(side, gold_label, label):
                    score.explain.append({"file": name, "kind": "stance", "speaker": u.speaker,
                                          "sentence_start": pu.start, "side": side,
                                          "gold": gold_label, "predicted": label})
                if pu.prior is not None:
                    prior.add(side, gold_label, pu.prior.get(side))
            if u.actions is not None:
                actions.units += 1
                gset, pset = set(u.actions), set(pu.actions or [])
                actions.tp += len(gset & pset)
                actions.fp += len(pset - gset)
                actions.fn += len(gset - pset)
                if gset != pset:
                    score.explain.append({"file": name, "kind": "actions", "speaker": u.speaker,
                                          "sentence_start": pu.start, "gold": sorted(gset), "predicted": sorted(pset)})
        score.stance, score.actions = stance, actions
        score.stance_prior = prior if prior.all_pairs else None

    if pred.camps is not None and gold.camps:
        score.camps = score_camps(gold.camps, pred.camps, gold, same_speaker)
    return score

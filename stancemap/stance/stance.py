"""Stance toward each side of a conflict, from cue families over the sentence.

One-sided cues (side-taking, legitimacy, self-defence, hostile framing,
criticism, cooperation, the conflict's own framings, accusations of hostile
acts) decide first. Only when none fired do neutral cues (explicit neutrality,
reciprocal blame, appeals for de-escalation, mediation, endorsing a ceasefire,
denying aid to a side) put the statement on neither side. A side the statement
says nothing about gets no label: precision matters more than coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from ..records import SideStance
from .actions import ActionFinding, Context, NEGATION_BEFORE, inside, load_actions
from .conflicts import Conflict
from .prefilter import Gate, lowered

# Up to three words that are not a preposition: the victim sits behind "of", "on", "against".
MOD = r"(?:(?!(?:of|on|against|in|at|to|toward|towards|from|with|for|over|near|into|that|if|whether|because|and|but|or|which|who|as|when|while)\b)[\w'’-]+\s+){0,3}?"
# Determiners and epithets between a verb and the side it is about ("backed its ally Azerbaijan").
DET = r"(?:(?:its|their|his|her|our|the|a|brotherly|fraternal|friendly|close|staunch|strategic|longtime|long-time|old|neighbouring|neighboring|ally|allied|partner)\s+){0,3}"


@dataclass
class Family:
    name: str
    label: str
    other: str | None
    negation: str
    confidence: float
    patterns: list[str]


@dataclass
class CueData:
    families: list[Family]
    neutral: dict[str, Any]
    own_side: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def cue_data() -> CueData:
    raw = yaml.safe_load(resources.files("stancemap.stance").joinpath("data/stance_cues.yaml").read_text(encoding="utf-8"))
    fams = [
        Family(name, d["label"], d.get("other"), d.get("negation", "drop"), float(d["confidence"]), list(d["patterns"]))
        for name, d in raw["families"].items()
    ]
    return CueData(fams, raw["neutral"], raw.get("own_side") or {})


@lru_cache(maxsize=64)
def _compiled_for(conflict_key: tuple[tuple[str, str], ...]) -> list[tuple[Family, str, re.Pattern[str], bool]]:
    """Family patterns with {SIDE} bound to each side's alias pattern (case-sensitive names),
    and whether the pattern can only match where the side is named."""
    out = []
    for fam in cue_data().families:
        for pat in fam.patterns:
            needs_side = side_required(pat)
            for side, side_pat in conflict_key:
                rx = _bind(pat, rf"\[?(?-i:{side_pat})\]?")
                out.append((fam, side, re.compile(rx, re.IGNORECASE), needs_side))
    return out


def _bind(pattern: str, side_pattern: str) -> str:
    return pattern.replace("{MOD}", MOD).replace("{DET}", DET).replace("{SIDE}", side_pattern)


@dataclass
class SideCues:
    """What tells fast whether a sentence can hold a family cue about one side."""

    side: str
    alias: re.Pattern[str]  # the side's names, as {SIDE} matches them inside the cues
    gate: Gate  # one scan for all family cues about the side


@lru_cache(maxsize=64)
def _side_cues(conflict_key: tuple[tuple[str, str], ...], lower_key: tuple[str, ...]) -> list[SideCues]:
    """Per side, its alias pattern and a gate over the family patterns bound to it. The gate
    scans the lower-cased sentence, so it binds {SIDE} to the side's lower-case pattern
    (Conflict.side_patterns_lower), which finds every mention the cues' own {SIDE} finds."""
    patterns = [p for fam in cue_data().families for p in fam.patterns]
    # Cues that open, or end, with the side's name share one test of it: in the scan it is
    # tried once per word rather than once per cue, and the joined regex stays small.
    opening = [p[len(SIDE_FIRST):] for p in patterns if _opens_with_side(p)]
    ending = [p[: -len(SIDE_LAST)] for p in patterns if not _opens_with_side(p) and _ends_with_side(p)]
    others = [p for p in patterns if not _opens_with_side(p) and not _ends_with_side(p)]
    out = []
    for (side, side_pat), lower_pat in zip(conflict_key, lower_key):
        names = rf"\[?(?:{lower_pat})\]?"
        gate_patterns = [_bind(p, names) for p in others]
        if opening:
            gate_patterns.append(_bind(SIDE_FIRST, names) + _any_of(_bind(p, names) for p in opening))
        if ending:
            gate_patterns.append(_any_of(_bind(p, names) for p in ending) + names)
        out.append(SideCues(side, re.compile(side_pat), Gate(gate_patterns)))
    return out


SIDE_FIRST = r"\b{SIDE}"
SIDE_LAST = "{SIDE}"


def _any_of(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def _opens_with_side(pattern: str) -> bool:
    """Whether a cue opens with its side's name and cannot match without it there."""
    rest = pattern[len(SIDE_FIRST):]
    return pattern.startswith(SIDE_FIRST) and side_required(pattern) and rest[:1] not in ("?", "*", "+", "{")


def _ends_with_side(pattern: str) -> bool:
    """Whether a cue ends with its side's name and cannot match without it there."""
    before = pattern[: -len(SIDE_LAST)]
    return pattern.endswith(SIDE_LAST) and side_required(pattern) and SIDE_LAST not in before and not before.endswith("\\")


def side_required(pattern: str) -> bool:
    """Whether every match of a cue pattern holds its {SIDE}: the placeholder stands outside
    any group, without a quantifier, in a pattern with no alternative at its top level.
    Such a pattern cannot match a sentence that names none of the side's aliases, so
    the sentence need not be scanned with it (most sentences name no side)."""
    depth, i, in_class, found = 0, 0, False, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):  # a "]" first in a class is a member
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
        elif pattern.startswith("{SIDE}", i) and depth == 0:
            after = pattern[i + len("{SIDE}") : i + len("{SIDE}") + 2]
            found = found or not (after[:1] in ("?", "*") or after.startswith("{0") or after == "{,")
            i += len("{SIDE}")
            continue
        i += 1
    return found


def collective_regex() -> re.Pattern[str]:
    return _collective()


@lru_cache(maxsize=1)
def _collective() -> re.Pattern[str]:
    return re.compile(cue_data().neutral["collective"], re.IGNORECASE)


@lru_cache(maxsize=1)
def _neutral_regexes() -> dict[str, tuple[float, list[re.Pattern[str]]]]:
    n = cue_data().neutral
    return {
        key: (float(n[key]["confidence"]), [re.compile(p, re.IGNORECASE) for p in n[key]["patterns"]])
        for key in ("explicit", "reciprocal", "internationalisation", "concern")
    }


@lru_cache(maxsize=1)
def _neutral_gates() -> dict[str, Gate]:
    """Per neutral cue group, one scan telling whether any of its patterns can match, and
    one ("any") for all of them: most sentences hold none."""
    gates = {key: Gate(rx.pattern for rx in pats) for key, (_conf, pats) in _neutral_regexes().items()}
    gates["any"] = Gate(rx.pattern for _conf, pats in _neutral_regexes().values() for rx in pats)
    return gates


@lru_cache(maxsize=1)
def _own_side_regexes() -> dict[str, tuple[float, list[re.Pattern[str]]]]:
    """First-person cues of a belligerent about its own side: "triumph" (support it, oppose
    the other) and "cheer" (support it)."""
    return {
        key: (float(d["confidence"]), [re.compile(p, re.IGNORECASE) for p in d["patterns"]])
        for key, d in cue_data().own_side.items()
    }


@lru_cache(maxsize=1)
def _own_side_gates() -> dict[str, Gate]:
    return {key: Gate(rx.pattern for rx in pats) for key, (_conf, pats) in _own_side_regexes().items()}


NEWS_SPEAKER = re.compile(r"\b(?:news|agency|newspaper|TV|television|radio|wire|outlet|broadcaster|daily)\b", re.IGNORECASE)


def _is_news_outlet(statement: Any) -> bool:
    """A news outlet relaying a report: the wording it carries ("occupied districts") is the
    reported text's, not a position of its own."""
    if getattr(statement, "speaker_kind", None) == "media":
        return True
    return any(NEWS_SPEAKER.search(t or "") for t in (getattr(statement, "speaker", None), getattr(statement, "speaker_mention", None)))


@dataclass
class StanceResult:
    stance: dict[str, SideStance] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    families: set[str] = field(default_factory=set)  # cue families that fired (accusing framings imply an accusation)


def _negated_at(ctx: Context, start: int) -> bool:
    text = ctx.text
    if NEGATION_BEFORE.search(text[max(0, start - 60) : start]):
        return True
    tok = ctx.token_at(start)
    return bool(tok is not None and tok.pos_ in ("VERB", "AUX") and ctx.is_negated(tok))


# A cue that is itself a negation ("cannot continue arming X") is not negated by it.
NEGATIVE_CUE = re.compile(r"(?:cannot|can[’']t|must not|should not|no longer)\b", re.IGNORECASE)
# Families whose cue is something done (backing, siding, helping): it counts only when the
# speaker is the one doing it.
DOER_FAMILIES = {"explicit_side_taking", "cooperation"}
# Families that state nothing when a belligerent applies them to its own side.
SELF_EVIDENT = {"cooperation", "advocacy"}


def _speaker_does(ctx: Context, start: int) -> bool:
    """Whether the verb governing the cue at `start` has the speaker as its doer."""
    tok = ctx.token_at(start)
    for _ in range(6):
        if tok is None:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return ctx.is_speaker_doer(ctx.subject_of(tok), positive=True)
        if tok.head.i == tok.i:
            return True
        tok = tok.head
    return True


def _speaker_may_do(ctx: Context, start: int) -> bool:
    """Whether the verb governing the cue at `start` may be the speaker's act: its doer is
    not someone else named ("Azerbaijan will push for ...")."""
    tok = ctx.token_at(start)
    for _ in range(8):
        if tok is None:
            return True
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "xcomp":  # "urged X to stop arming Y": the urging counts
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subj is None or ctx.is_speaker_doer(subj)
        if tok.head.i == tok.i:
            return True
        tok = tok.head
    return True


OWN_SIDE_WORDS = re.compile(r"\b(?:our|my)\s+(?:country|army|homeland|motherland|nation|people|forces|soldiers|state|republic|troops)\b", re.IGNORECASE)
ENEMY_WORDS = re.compile(r"\b(?:the|our)\s+(?:enemy|adversary|opponent|aggressor)\b|\benemy\b", re.IGNORECASE)


def _own_side_named(text: str, own: set[str], conflict: Conflict | None = None) -> str:
    """The text with a belligerent speaker's "our country" / "our army" written as its side's
    name, and "the enemy" as the other side's (each padded to the same length, so offsets
    still point into the sentence; a name too long for the phrase leaves it as it is)."""
    if len(own) != 1:
        return text
    name = next(iter(own))

    def sub_with(names: list[str]):
        def sub(m: re.Match[str]) -> str:
            phrase = m.group(0)
            fits = [n for n in names if len(n) <= len(phrase)]
            return fits[0] + " " * (len(phrase) - len(fits[0])) if fits else phrase
        return sub

    text = OWN_SIDE_WORDS.sub(sub_with([name]), text)
    if conflict is not None and len(conflict.side_names) == 2:
        other = conflict.other_sides(name)[0]
        side = conflict.side(other)
        names = side.names if side else [other]
        text = ENEMY_WORDS.sub(sub_with(names), text)
    return text


def _put(out: dict[str, SideStance], side: str, label: str, conf: float, cue: str) -> None:
    cur = out.get(side)
    if cur is None or conf > cur.confidence:
        out[side] = SideStance(label, round(conf, 2), cue)


@dataclass
class _Sides:
    """What the passes of `code_stance` share: the sides, the speaker's own and its enemy, and what each pass found."""

    sides: list[str]
    own: set[str]
    enemy: list[str]
    scan: str  # the text with the speaker's own side's names marked (see _own_side_named)
    key: tuple
    one_sided: dict[str, SideStance] = field(default_factory=dict)
    implied: dict[str, SideStance] = field(default_factory=dict)  # "the other side" labels, weaker than a direct cue
    targets: list[str] = field(default_factory=list)
    denied: bool = False
    claimed_spans: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, side, label) of generic cues
    families: set[str] = field(default_factory=set)


def code_stance(ctx: Context, finding: ActionFinding) -> StanceResult:
    """Each side's stance in the statement: the passes below, in order, then neutrality when no side is taken."""
    conflict = ctx.conflict
    sides = conflict.side_names
    own = set(ctx.speaker_sides)
    # a speaker on one side of a two-sided conflict: its enemy is the other side
    enemy = conflict.other_sides(next(iter(own))) if len(own) == 1 and len(sides) == 2 else []
    key = tuple((s, conflict.side_patterns[s]) for s in sides)
    s = _Sides(sides, own, enemy, _own_side_named(ctx.text, own, conflict), key)
    for found in (_generic_cues, _framings, _own_side_in_first_person, _acts_on_sides, _reciprocal_blame, _threat_target,
                  _enemy_named_in_accusation):
        found(ctx, finding, s)
    return _result(ctx, finding, s)


def _result(ctx: Context, finding: ActionFinding, s: _Sides) -> StanceResult:
    """The sides taken; else whether the statement is neutral; else help offered to the one side named."""
    text, conflict, sides, own = ctx.text, ctx.conflict, s.sides, s.own
    one_sided, implied, targets, denied, families = s.one_sided, s.implied, s.targets, s.denied, s.families
    if one_sided or implied:
        stance = dict(one_sided)
        for side, st in implied.items():
            if side not in stance:
                stance[side] = st
        return StanceResult(stance, targets, families)

    # --- no side taken: is the statement neutral on the conflict? -----------------------
    # A belligerent is never neutral on its own war: its call for a ceasefire, its signing of
    # a truce or its worry take no position that the gold would call neutrality.
    neutral = None if own else _neutral_reason(ctx, finding, denied)
    if neutral:
        conf, cue = neutral
        stance = {s: SideStance("neutral", round(conf, 2), cue) for s in sides}
        if _collective().search(text) or conflict.mentions(text):
            targets = list(sides)
        return StanceResult(stance, targets)

    # Help or cooperation with the one side the sentence names ("encouraged closer cooperation").
    if finding.has("intent_cooperate") and not finding.has("offer_mediation") and not own:
        named = {s for s, _, _ in conflict.mentions(text) if s not in own}
        if len(named) == 1 and not _collective().search(text):
            side = named.pop()
            return StanceResult({side: SideStance("support", 0.6, finding.cue("intent_cooperate"))}, [side])
    return StanceResult({}, targets)


def _generic_cues(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """The stance cue families (stance_cues.yaml) aimed at each side the sentence names."""
    conflict, sides, own, enemy = ctx.conflict, s.sides, s.own, s.enemy
    scan, one_sided, implied, targets = s.scan, s.one_sided, s.implied, s.targets
    key = s.key
    lower_key = tuple(conflict.side_patterns_lower[side] for side in sides)
    cued = {c.side for c in _side_cues(key, lower_key) if c.alias.search(scan) and c.gate.may_match(lowered(scan))}
    for fam, side, rx, needs_side in _compiled_for(key):
        if side not in cued and needs_side:
            continue  # the sentence names the side in no cue
        if fam.label == "support" and side in enemy:
            continue  # a belligerent does not back its enemy: "say Turkey sends fighters to Azerbaijan's side"
        if fam.label == "oppose" and side in own:
            continue  # a belligerent does not oppose its own side: the cue is a report it relays
        if fam.name in SELF_EVIDENT and side in own:
            continue  # a belligerent defending or helping its own side says nothing new ("vowed to protect Azerbaijan's territory")
        for m in rx.finditer(scan):
            if inside(m.start(), ctx.skip):
                continue
            cue = m.group(0).strip()
            if fam.label == "support" and (inside(m.start(), ctx.accused_conduct) or inside(m.start(), ctx.alleged)):
                continue  # "accused Erdogan of sending fighters to Azerbaijan": the accused's act
            if fam.name in DOER_FAMILIES and not _speaker_does(ctx, m.start()):
                continue  # "Pashinyan said Turkey backs Azerbaijan": Turkey's side-taking, not Pashinyan's
            if fam.name == "criticism" and not _speaker_may_do(ctx, m.start()):
                continue  # "Azerbaijan will push for Armenian forces to leave": Azerbaijan's demand, reported
            negated = (not NEGATIVE_CUE.match(cue) and _negated_at(ctx, m.start())) or (
                fam.label == "support" and inside(m.start(), ctx.claims))
            if negated:
                if fam.negation == "neutral":
                    s.denied = True
                continue
            _put(one_sided, side, fam.label, fam.confidence, cue)
            s.families.add(fam.name)
            s.claimed_spans.append((m.start(), m.end(), side, fam.label))
            if side not in targets:
                targets.append(side)
            # self-support states no opposition, except a claim that its own cause is legitimate
            if fam.other and len(sides) == 2 and (side not in own or fam.name == "legitimacy"):
                for other in conflict.other_sides(side):
                    if not (fam.other == "support" and other in own):
                        _put(implied, other, fam.other, fam.confidence - 0.1, cue)


def _framings(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """The conflict's own framings ("occupied territories", "liberate") take one side's view; skipped where a
    generic cue names that very side the wrongdoer ("occupied by Azerbaijan" is no Azerbaijani framing), in a
    news outlet's relayed report, and in the mouth of the other side's people (who only quote it). That side's
    own people say what the framing's `own` says: "occupied lands" opposes the other side, "self-determination"
    supports their own, "liberated" both."""
    text, conflict, own, one_sided, implied = ctx.text, ctx.conflict, s.own, s.one_sided, s.implied
    news = _is_news_outlet(ctx.statement)
    for fr in conflict.framing if conflict.framing_gate.may_match(ctx.lowered) else []:
        if news or (own and fr.supports not in own):
            continue
        for m in fr.regex.finditer(text) if fr.gate.may_match(ctx.lowered) else []:
            if inside(m.start(), ctx.skip) or any(
                a <= m.start() < b and side == fr.supports and label == "oppose" for a, b, side, label in s.claimed_spans
            ):
                continue
            accused = inside(m.start(), ctx.accused_conduct) or inside(m.start(), ctx.alleged)
            if fr.supports in own:
                if fr.own in ("support", "both") and not _negated_at(ctx, m.start()):
                    _put(one_sided, fr.supports, "support", 0.75, m.group(0))
                if fr.own in ("oppose", "both"):
                    for other in conflict.other_sides(fr.supports):
                        _put(implied, other, "oppose", 0.8, m.group(0))
                continue
            if fr.in_accusation or not accused:
                _put(one_sided, fr.supports, "support", 0.8, m.group(0))
            for other in conflict.other_sides(fr.supports):
                if other not in own:
                    _put(implied, other, "oppose", 0.8, m.group(0))


def _own_side_in_first_person(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """A belligerent's first person about its own side: "we will win", "our cause is just", "believe in our
    army"."""
    text, own, enemy, one_sided, implied = ctx.text, s.own, s.enemy, s.one_sided, s.implied
    if len(own) == 1:
        mine = next(iter(own))
        for kind, (conf, pats) in _own_side_regexes().items():
            if not _own_side_gates()[kind].may_match(ctx.lowered):
                continue
            for rx in pats:
                for m in rx.finditer(text):
                    if inside(m.start(), ctx.skip) or _negated_at(ctx, m.start()):
                        continue
                    _put(one_sided, mine, "support", conf, m.group(0))
                    if kind == "triumph":
                        for other in enemy:
                            _put(implied, other, "oppose", conf, m.group(0))


def _acts_on_sides(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """Hostile acts or accusations with a side as doer, said by someone not on that side; and acts aimed at a
    side (a belligerent's threats, its forces' strikes on the enemy)."""
    own, one_sided, targets = s.own, s.one_sided, s.targets
    for hit in finding.hits:
        if hit.action == "accuse" and hit.subject_side and hit.subject_side not in own:
            _put(one_sided, hit.subject_side, "oppose", 0.7, hit.cue)
            if hit.subject_side not in targets:
                targets.append(hit.subject_side)
        if hit.against and hit.against not in own:
            _put(one_sided, hit.against, "oppose", 0.65, hit.cue)
            if hit.against not in targets:
                targets.append(hit.against)


def _reciprocal_blame(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """"Armenia and Azerbaijan accused each other": said of a belligerent, it blames the other side."""
    text, sides, own, one_sided, targets = ctx.text, s.sides, s.own, s.one_sided, s.targets
    if own and not one_sided:
        conf, pats = _neutral_regexes()["reciprocal"]
        for rx in pats if _neutral_gates()["reciprocal"].may_match(ctx.lowered) else []:
            m = rx.search(text)
            if m and not inside(m.start(), ctx.skip):
                for other in sides:
                    if other not in own:
                        _put(one_sided, other, "oppose", conf, m.group(0))
                        targets.append(other)
                break


def _threat_target(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """A threat aimed at the one other side the sentence names."""
    conflict, own, scan, one_sided, targets = ctx.conflict, s.own, s.scan, s.one_sided, s.targets
    if finding.has("threaten") and not one_sided:
        named = {s for s, a, _ in conflict.mentions(scan) if s not in own and not inside(a, ctx.skip)}
        if not named and ctx.all_quoted:  # a sentence of a longer quotation: the side the quotation names
            named = {s for s in ctx.sides_in_speech(lambda t: _own_side_named(t, own, conflict)) if s not in own}
        if len(named) > 1:  # "Armenia will pay the price if it breaks the deal with Azerbaijan": the one who is to pay
            named = _threatened(ctx, finding, own) or named
        if len(named) == 1:
            side = named.pop()
            _put(one_sided, side, "oppose", 0.6, finding.cue("threaten"))
            targets.append(side)


def _enemy_named_in_accusation(ctx: Context, finding: ActionFinding, s: _Sides) -> None:
    """A belligerent accusing or condemning anyone over the war, naming its enemy: "say Turkey is sending
    mercenaries to fight on Azerbaijan's side" opposes Azerbaijan."""
    conflict, own, enemy = ctx.conflict, s.own, s.enemy
    scan, one_sided, implied, targets = s.scan, s.one_sided, s.implied, s.targets
    if enemy and not any(s in one_sided or s in implied for s in enemy) and (
        finding.has("accuse") or finding.has("criticize") or finding.has("threaten")
    ):
        named = {s for s, a, _ in conflict.mentions(scan) if s in enemy and not inside(a, ctx.skip) and not inside(a, ctx.claims)}
        if not named and ctx.all_quoted and not conflict.mentions(scan):
            named = {s for s in ctx.sides_in_speech(lambda t: _own_side_named(t, own, conflict)) if s in enemy}
        if len(named) == 1:
            side = named.pop()
            cue = next(h.cue for h in finding.hits if h.action in ("accuse", "criticize", "threaten"))
            _put(one_sided, side, "oppose", 0.6, cue)
            if side not in targets:
                targets.append(side)


def _threatened(ctx: Context, finding: ActionFinding, own: set[str]) -> set[str]:
    """The side a threat's own clause makes its subject ("Armenia will pay the price",
    "Armenia will be held responsible"), when it names one."""
    for hit in finding.hits:
        tok = ctx.token_at(hit.start) if hit.action == "threaten" else None
        verb = tok if tok is None or tok.pos_ in ("VERB", "AUX") else tok.head
        for _ in range(3):
            if verb is None or verb.pos_ in ("VERB", "AUX"):
                break
            verb = verb.head
        subj = ctx.subject_of(verb) if verb is not None else None
        if subj is not None:
            sides = {s for s in ctx.sides_named(ctx.span_text(subj)) if s not in own}
            if len(sides) == 1:
                return sides
    return set()


def _neutral_reason(ctx: Context, finding: ActionFinding, denied: bool) -> tuple[float, str] | None:
    text, conflict = ctx.text, ctx.conflict
    regexes = _neutral_regexes()

    any_neutral = _neutral_gates()["any"].may_match(ctx.lowered)

    def first(key: str) -> tuple[float, str] | None:
        conf, pats = regexes[key]
        if not any_neutral or not _neutral_gates()[key].may_match(ctx.lowered):
            return None
        for rx in pats:
            for m in rx.finditer(text):
                if not inside(m.start(), ctx.skip):
                    return conf, m.group(0)
        return None

    for key in ("explicit", "reciprocal"):
        found = first(key)
        if found:
            return found
    blames = finding.has("accuse") or finding.has("criticize") or finding.has("threaten")
    weights = cue_data().neutral["actions"]
    if denied or (finding.negated_support and (finding.has("deny") or finding.has("reject"))):
        if conflict.mentions(text):
            cue = next((h.cue for h in finding.hits if h.action in ("deny", "reject")), "denial of support")
            return float(weights["deny_aid"]), cue
    # Blame of someone outside the conflict next to an appeal ("claimed X fuels tensions and
    # invited Turkey to work for peace") is no position on the sides unless it names them.
    if blames and not (_collective().search(text) or len(conflict.sides_in(text)) >= 2):
        return None
    for name in ("appeal_deescalation", "offer_mediation"):
        if finding.has(name):
            cue = next(h.cue for h in finding.hits if h.action == name)
            return float(weights[name]), cue
    de_obj = re.compile(cue_data().neutral["deescalation_objects"], re.IGNORECASE)
    for h in finding.hits:
        if h.action == "endorse" and " " in h.cue and de_obj.search(h.cue):
            return float(weights["endorse_ceasefire"]), h.cue  # "the truce was a step towards peace"
        if h.action == "endorse":
            tok = ctx.token_at(h.start)
            if tok is None:
                continue
            objs = [c for c in tok.children if c.dep_ in ("dobj", "attr")] or [
                p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
            ]
            for o in objs:
                m = de_obj.search(ctx.span_text(o))
                if m:
                    return float(weights["endorse_ceasefire"]), f"{h.cue} {o.text}"
    found = first("internationalisation") or first("concern")
    if found:
        return found
    # A third party talking with both sides ("greeted his Armenian and Azerbaijani counterparts").
    if finding.has("consult") and (_collective().search(text) or len(conflict.sides_in(text)) >= 2):
        return 0.6, finding.cue("consult")
    # A third party speaking of the peace process between the parties together ("the two
    # countries would now start talks") takes neither side, though it appeals for nothing.
    if _collective().search(text) or len(conflict.sides_in(text)) >= 2:
        appeal = load_actions()["appeal_deescalation"]
        for rx in appeal.phrases if appeal.phrase_gate.may_match(ctx.lowered) else []:
            m = rx.search(text)
            if m and not inside(m.start(), ctx.skip):
                return 0.6, m.group(0)
    return None

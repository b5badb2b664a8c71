"""The gates that let the rule coder skip patterns: a gate may say "maybe" where nothing
matches, but never "no" where a pattern of its group matches the sentence. Checked on the
shipped patterns (action phrases, stance cues bound to every catalogue conflict's sides,
framings) over sentences that mix case, curly quotes and letters that case-folding treats
specially."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stancemap.stance.actions import action_data, load_actions
from stancemap.stance.conflicts import catalogue
from stancemap.stance.prefilter import Gate, lowered, spelt_in_lower_case
from stancemap.stance.stance import (
    _compiled_for, _neutral_gates, _neutral_regexes, _own_side_gates, _own_side_regexes, _side_cues, cue_data,
    side_required,
)

KARABAKH = catalogue()["armenia-azerbaijan"]


def _groups() -> list[tuple[str, Gate, list[re.Pattern[str]]]]:
    """Every gate with the patterns it stands for."""
    out = [("all action phrases", action_data().phrase_gate, [rx for spec in load_actions().values() for rx in spec.phrases])]
    for name, spec in load_actions().items():
        out.append((f"{name} phrases", spec.phrase_gate, spec.phrases))
        out.append((f"{name} belligerent phrases", spec.belligerent_gate, spec.belligerent_phrases))
    for key, (_conf, pats) in _neutral_regexes().items():
        out.append((f"neutral {key}", _neutral_gates()[key], pats))
    out.append(("all neutral cues", _neutral_gates()["any"], [rx for _conf, pats in _neutral_regexes().values() for rx in pats]))
    for key, (_conf, pats) in _own_side_regexes().items():
        out.append((f"own side {key}", _own_side_gates()[key], pats))
    for conflict in catalogue().values():
        key = tuple((s, conflict.side_patterns[s]) for s in conflict.side_names)
        lower_key = tuple(conflict.side_patterns_lower[s] for s in conflict.side_names)
        for cues in _side_cues(key, lower_key):
            pats = [rx for _fam, side, rx, _needs in _compiled_for(key) if side == cues.side]
            out.append((f"{conflict.id} cues about {cues.side}", cues.gate, pats))
        for fr in conflict.framing:
            out.append((f"{conflict.id} framing {fr.pattern}", fr.gate, [fr.regex]))
    return out


GROUPS = _groups()

# Words the patterns look for, and characters that case-folding treats specially.
WORDS = [
    "called", "for", "a", "ceasefire", "truce", "urged", "both", "sides", "to", "stop", "the", "fighting",
    "backs", "backed", "supports", "stands", "with", "by", "side", "of", "on", "took", "condemned", "criticized",
    "aggression", "occupation", "occupied", "territories", "liberated", "self-determination", "war", "crimes",
    "is", "was", "legal", "legitimate", "right", "to", "defend", "itself", "territorial", "integrity", "denied",
    "claims", "that", "were", "false", "not", "never", "take", "neutral", "concern", "expressed", "deeply",
    "concerned", "offered", "mediate", "talks", "host", "negotiations", "phone", "conversation", "we", "will", "win",
    "our", "army", "proud", "sent", "weapons", "arms", "fighters", "mercenaries", "Syrian", "warned", "consequences",
    "responsible", "held", "accused", "each", "other", "peace", "dialogue", "support", "solidarity", "help",
    "ſupport", "ı", "Kelvin", "ß", "“", "”", "\"", ",", ".", "[", "]", "—",
]
# Side names with what may follow them: a possessive, or a compound ("Russia-brokered" is no actor).
NAMES = ["Armenia", "Azerbaijan", "Armenian", "Azerbaijani", "Yerevan", "Baku", "Russia", "Ukraine", "Israel", "Hamas",
         "Turkey", "İsrael"]
SUFFIXES = ["", "", "'s", "’s", "-brokered", "-Brokered", "-BROKERED", "-led mediation", "-Mediated"]


def _cased(word: str, how: int) -> str:
    return [word, word.lower(), word.upper(), word.capitalize()][how]


word = st.tuples(st.sampled_from(WORDS), st.integers(0, 3)).map(lambda w: _cased(*w))
name = st.tuples(st.sampled_from(NAMES), st.integers(0, 3), st.sampled_from(SUFFIXES)).map(lambda n: _cased(n[0], n[1]) + n[2])
sentences = st.lists(st.tuples(st.one_of(word, name), st.sampled_from([" ", " ", "", "  "])), min_size=1, max_size=12).map(
    lambda parts: "".join(part + sep for part, sep in parts).strip()
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences)
@example("ſupport Armenia")  # "ſ" is an "s" to case-insensitive matching, not to lower()
@example("backs Armenia-Brokered")  # the cue refuses "-brokered" only in lower case
@example("THE ARMENIAN SIDE’S AGGRESSION, in support of İsrael")
def test_a_gate_never_rules_out_a_sentence_its_patterns_match(text):
    low = lowered(text)
    for name, gate, patterns in GROUPS:
        if any(rx.search(text) for rx in patterns):
            assert gate.may_match(low), f"{name}: gate said no on {text!r}"


def test_gates_rule_out_sentences_that_hold_none_of_their_patterns():
    text = "The weather in the capital was mild on Tuesday, the agency reported."
    low = lowered(text)
    skipped = [name for name, gate, _patterns in GROUPS if not gate.may_match(low)]
    assert len(skipped) > len(GROUPS) * 0.8
    appeal = load_actions()["appeal_deescalation"]
    assert not appeal.phrase_gate.may_match(low)
    assert appeal.phrase_gate.may_match(lowered("Moscow urged an immediate CEASEFIRE."))


def test_a_cue_about_a_side_passes_its_gate_whatever_the_case_of_what_follows_the_name():
    # {SIDE} is case-sensitive in the cues and refuses a following "-brokered": in lower
    # case "Armenia-Brokered" would be refused, so the gate must not hold that check
    key = tuple((s, KARABAKH.side_patterns[s]) for s in KARABAKH.side_names)
    lower_key = tuple(KARABAKH.side_patterns_lower[s] for s in KARABAKH.side_names)
    armenia = next(c for c in _side_cues(key, lower_key) if c.side == "Armenia")
    text = "Baku condemned Armenia-Brokered deals."
    assert any(rx.search(text) for _f, side, rx, _n in _compiled_for(key) if side == "Armenia")
    assert armenia.gate.may_match(lowered(text))


def test_lowered_is_only_given_where_lower_case_is_what_case_folding_does():
    assert lowered("He said “the Armenian side’s” shelling — “a crime”.") == "he said “the armenian side’s” shelling — “a crime”."
    assert lowered("ſupport") is None  # "ſ" folds to "s" in a case-insensitive match, not in lower()
    assert lowered("İstanbul") is None  # "İ".lower() is two characters
    assert lowered("Café") is None


def test_patterns_with_capitals_get_no_gate():
    assert not spelt_in_lower_case(r"\bAzerbaijan's territorial integrity\b")
    assert spelt_in_lower_case(r"\b(?:said|told)\s+\S+\W+\w")
    gate = Gate([r"\bAzerbaijan's territorial integrity\b"])
    assert gate.may_match(lowered("Nothing here."))  # "maybe": it cannot tell
    assert Gate([r"\bwar\b", r"(a)\1"]).may_match(lowered("Nothing here."))  # a back-reference: not joined
    assert not Gate([]).may_match("anything")


def test_side_required_reads_where_the_placeholder_stands():
    assert all(side_required(p) for fam in cue_data().families for p in fam.patterns)
    assert side_required(r"\bbacked\s+{SIDE}")
    assert side_required(r"[(|]{SIDE}")
    assert not side_required(r"\bwar|{SIDE}")
    assert not side_required(r"(?:{SIDE})?")
    assert not side_required(r"{SIDE}?\s+war")
    assert not side_required(r"\bwar\b")

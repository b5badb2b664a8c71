"""Analysts' corrections of the machine's coding: what may be corrected, and the corrected values.

A correction never overwrites what the machine found: it is a row of its own (time,
author, note, changes) in the store's `corrections` table, and every reader that
shows statements (reports, exports, the workbench) lays the corrections over the
machine's values with `corrected_statements` and `corrected_codings`. Later
corrections of a field win; stance is corrected side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from ..records import Action, Coding, DateSaid, SideStance, Statement

STANCE_CHOICES = ("support", "oppose", "neutral", "none")  # none: the statement takes no stance on that side
CORRECTED = "corrected by an analyst"
FIELDS = ("speaker", "stance", "actions", "date", "not_statement")
_DATE_POINT = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
DATE_RE = re.compile(rf"^{_DATE_POINT}(?:/{_DATE_POINT})?$")  # the gold schema's date forms
MAX_SPEAKER = 200


class CorrectionError(ValueError):
    """A correction that cannot be recorded: the message names the field and why."""


def validate(changes: dict[str, Any], sides: list[str] | None, actions: dict[str, Action]) -> dict[str, Any]:
    """The changes with empty fields left out, or CorrectionError naming the first bad field.

    `sides`: the sides of the conflict stance and actions are corrected for (None when
    no conflict is given, which only statement fields may then be corrected without).
    `actions`: the actions list by name; a corrected action is stored as the codings
    table stores one ({name, cameo, goldstein}), so reading it back needs no list."""
    out: dict[str, Any] = {}
    speaker = changes.get("speaker")
    if speaker is not None:
        speaker = " ".join(str(speaker).split())
        if not speaker or len(speaker) > MAX_SPEAKER:
            raise CorrectionError(f"speaker: a name of 1 to {MAX_SPEAKER} characters")
        out["speaker"] = speaker
    date = changes.get("date")
    if date is not None:
        date = str(date).strip()
        if not DATE_RE.match(date):
            raise CorrectionError(f"date: {date[:40]!r} is not YYYY, YYYY-MM, YYYY-MM-DD or START/END")
        out["date"] = date
    if changes.get("not_statement") is not None:
        out["not_statement"] = bool(changes["not_statement"])
    stance = changes.get("stance") or {}
    if stance or changes.get("actions") is not None:
        if sides is None:
            raise CorrectionError("conflict: stance and actions are corrected for a conflict; name it")
    for side, label in stance.items():
        if side not in sides:  # type: ignore[operator]
            raise CorrectionError(f"stance: {str(side)[:40]!r} is not a side of the conflict ({', '.join(sides or [])})")
        if label not in STANCE_CHOICES:
            raise CorrectionError(f"stance.{side}: {str(label)[:40]!r} is not one of {', '.join(STANCE_CHOICES)}")
    if stance:
        out["stance"] = dict(stance)
    if changes.get("actions") is not None:
        unknown = [a for a in changes["actions"] if a not in actions]
        if unknown:
            raise CorrectionError(f"actions: {str(unknown[0])[:40]!r} is not an action (known: {', '.join(actions)})")
        out["actions"] = [dict(actions[a].__dict__) for a in dict.fromkeys(changes["actions"])]
    if not out:
        raise CorrectionError("nothing to correct: give speaker, stance, actions, date or not_statement")
    return out


@dataclass
class Effective:
    """A statement's corrections merged, oldest first: the values an analyst last gave."""

    speaker: str | None = None
    date: str | None = None
    not_statement: bool = False
    stance: dict[str, dict[str, str]] | None = None  # conflict -> side -> label
    actions: dict[str, list[dict[str, Any]]] | None = None  # conflict -> actions ({name, cameo, goldstein})

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "date": self.date, "not_statement": self.not_statement,
                "stance": self.stance or {}, "actions": self.actions or {}}


def merge(corrections: Iterable[dict[str, Any]]) -> dict[str, Effective]:
    """Statement id -> its merged corrections."""
    out: dict[str, Effective] = {}
    for c in corrections:
        e = out.setdefault(c["statement_id"], Effective())
        ch = c["changes"]
        if "speaker" in ch:
            e.speaker = ch["speaker"]
        if "date" in ch:
            e.date = ch["date"]
        if "not_statement" in ch:
            e.not_statement = bool(ch["not_statement"])
        if "stance" in ch:
            e.stance = e.stance or {}
            e.stance.setdefault(c["conflict"], {}).update(ch["stance"])
        if "actions" in ch:
            e.actions = e.actions or {}
            e.actions[c["conflict"]] = list(ch["actions"])
    return out


@dataclass
class CorrectedStatement(Statement):
    """A statement with an analyst's values; it keeps the machine's id (which is made of the
    machine's speaker) so its coding, its corrections and every link to it still find it."""

    machine_id: str = ""

    @property
    def id(self) -> str:  # type: ignore[override]
        return self.machine_id


def _precision(value: str) -> str:
    if "/" in value:
        return "range"
    return {4: "year", 7: "month"}.get(len(value), "day")


def correct_statement(statement: Statement, e: Effective | None) -> Statement | None:
    """The statement as corrected; None when an analyst said it is not a statement."""
    if e is None:
        return statement
    if e.not_statement:
        return None
    if e.speaker is None and e.date is None:
        return statement
    fields = {k: getattr(statement, k) for k in statement.__dataclass_fields__}
    if e.speaker is not None:
        fields["speaker"] = e.speaker
    if e.date is not None:
        fields["date"] = DateSaid(e.date, _precision(e.date), CORRECTED)  # type: ignore[arg-type]
    return CorrectedStatement(**fields, machine_id=statement.id)


def correct_coding(coding: Coding | None, statement_id: str, conflict: str, e: Effective | None) -> Coding | None:
    """The coding as corrected for one conflict (made when the machine coded nothing)."""
    stance = (e.stance or {}).get(conflict) if e else None
    actions = (e.actions or {}).get(conflict) if e else None
    if stance is None and actions is None:
        return coding
    base = coding or Coding(statement_id, conflict)
    new_stance = dict(base.stance)
    for side, label in (stance or {}).items():
        if label == "none":
            new_stance.pop(side, None)
        else:
            new_stance[side] = SideStance(label, 1.0, CORRECTED)  # type: ignore[arg-type]
    new_actions: list[Action] = [Action(**a) for a in actions] if actions is not None else list(base.actions)
    return replace(base, stance=new_stance, actions=new_actions)


def corrected_statements(statements: Iterable[Statement], corrections: dict[str, Effective]) -> list[Statement]:
    out = []
    for s in statements:
        fixed = correct_statement(s, corrections.get(s.id))
        if fixed is not None:
            out.append(fixed)
    return out


def corrected_codings(codings: dict[str, Coding], statement_ids: Iterable[str], conflict: str,
                      corrections: dict[str, Effective]) -> dict[str, Coding]:
    """Statement id -> coding for one conflict, corrections laid over the machine's."""
    out = dict(codings)
    for sid in statement_ids:
        fixed = correct_coding(codings.get(sid), sid, conflict, corrections.get(sid))
        if fixed is not None:
            out[sid] = fixed
    return out


def correct_all(store: Any, statements: list[Statement],
                codings: dict[tuple[str, str], Coding]) -> tuple[list[Statement], dict[tuple[str, str], Coding]]:
    """Statements and their codings keyed (statement id, conflict), as stored, with the store's
    corrections laid over them: what listings and exports show."""
    fixes = merge(store.corrections([s.id for s in statements])) if statements else {}
    if not fixes:
        return statements, codings
    kept = corrected_statements(statements, fixes)
    out = dict(codings)
    conflicts = {conf for (_sid, conf) in codings}
    for e in fixes.values():
        conflicts |= set((e.stance or {}) | (e.actions or {}))
    for s in kept:
        for conf in conflicts:
            fixed = correct_coding(codings.get((s.id, conf)), s.id, conf, fixes.get(s.id))
            if fixed is not None:
                out[(s.id, conf)] = fixed
    dropped = {s.id for s in statements} - {s.id for s in kept}
    return kept, {k: v for k, v in out.items() if k[0] not in dropped}

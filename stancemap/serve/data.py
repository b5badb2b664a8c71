"""What the workbench reads: the store's statements as the analysis sees them, corrected, filtered, searched.

One `Workbench` per server holds the store open (read-only unless corrections may be
written) and keeps, per conflict, the analysis of the corrected statements and one flat
row per statement; both are rebuilt when a correction is recorded (the corrections'
revision is part of the cache key). Requests are served one store access at a time:
a DuckDB connection is not for concurrent use, and the rows are in memory anyway.

Search is a plain scan of those rows (and of the article bodies), all terms required,
case-insensitive: DuckDB's full-text extension is not built into the pinned duckdb
wheel, `INSTALL fts` would download it at run time, and stancemap downloads nothing at
run time (the store is opened with extension autoloading off). A scan of a few
thousand statements answers in milliseconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ..analysis.analyze import analyze_store, conflict_sides
from ..analysis.camps import Camp, assign_camps, camp_names
from ..analysis.dataset import Row, readable_date
from ..analysis.result import AnalysisResult
from ..records import Actor
from ..store.corrections import Effective, merge
from ..store.db import Store

# Actions that point from a speaker at someone else: the actor network's edges.
NETWORK_ACTIONS = ("accuse", "criticize", "endorse", "threaten", "offer_mediation", "demand", "reject", "aid",
                   "appeal_deescalation", "intent_cooperate")


@dataclass
class Filters:
    """The filters of the search page and of /api/statements; empty ones filter nothing."""

    q: str = ""
    scope: str = "statements"  # statements | articles: where q is searched
    actor: str = ""
    camp: str = ""
    side: str = ""
    stance: str = ""
    action: str = ""
    outlet: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items() if v}
        if pairs.get("scope") == "statements":
            pairs.pop("scope")
        return urlencode(pairs)


@dataclass
class ConflictView:
    """A conflict's analysis over the corrected statements, and the rows the API pages through."""

    result: AnalysisResult
    rows: list[dict[str, Any]]
    by_id: dict[str, Row] = field(default_factory=dict)
    haystack: dict[str, str] = field(default_factory=dict)  # statement id -> its searchable text


def _stance_json(row: Row) -> dict[str, Any]:
    if row.coding is None:
        return {}
    return {side: {"label": st.label, "confidence": round(float(st.confidence), 4)} for side, st in row.coding.stance.items()}


def statement_json(row: Row, fixes: dict[str, Effective]) -> dict[str, Any]:
    """One statement as the API lists it: corrected values, and whether a correction changed it."""
    s = row.statement
    return {
        "id": s.id,
        "article_id": row.article.id,
        "article_title": row.article.title,
        "outlet": row.article.publisher,
        "published": row.article.published,
        "speaker": s.speaker,
        "camp": row.camp.label,
        "cue": s.cue,
        "sentence": s.sentence,
        "quote": s.quote,
        "date": s.date.value,
        "date_shown": row.date_shown,
        "actions": row.actions,
        "targets": list(row.coding.targets) if row.coding else [],
        "stance": _stance_json(row),
        "background": row.background,
        "corrected": s.id in fixes,
    }


class NotFound(LookupError):
    """No such conflict, statement or actor in this store."""


class Workbench:
    """The store behind the server, and the per-conflict views built from it."""

    def __init__(self, db: str | Path | None, writable: bool):
        from ..config import db_path

        if not Path(db_path(db)).exists():  # a server never starts an empty store of its own
            raise FileNotFoundError(f"{db_path(db)}: no stancemap database here (run `stancemap analyze` first)")
        self.store = Store(db, read_only=not writable)
        self.writable = writable
        self.lock = threading.RLock()
        self._views: dict[tuple[str, int], ConflictView] = {}
        self._bodies: dict[str, str] = {}

    def close(self) -> None:
        self.store.close()

    # -- conflicts --------------------------------------------------------------

    def conflicts(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self.store.con.execute("SELECT DISTINCT conflict FROM codings ORDER BY 1").fetchall()]

    def conflict_id(self, name: str | None) -> str:
        """A conflict coded in this store, by catalogue name or id; the only one when none is named."""
        coded = self.conflicts()
        if not name:
            if not coded:
                raise NotFound("nothing is coded in this store yet (run `stancemap analyze`)")
            return coded[0]
        if name in coded:
            return name
        try:
            cid, _ = conflict_sides(name) if "/" not in name and "\\" not in name else ("", [])
        except (LookupError, ValueError):
            cid = ""
        if cid in coded:
            return cid
        raise NotFound(f"no conflict {name[:80]!r} is coded in this store (coded: {', '.join(coded) or 'none'})")

    def view(self, name: str | None) -> ConflictView:
        cid = self.conflict_id(name)
        with self.lock:
            key = (cid, self.store.corrections_revision())
            if key not in self._views:
                self._views = {k: v for k, v in self._views.items() if k[0] != cid}
                self._views[key] = self._build(cid)
            return self._views[key]

    def _build(self, cid: str) -> ConflictView:
        result = analyze_store(self.store, cid)
        fixes = merge(self.store.corrections())
        rows = [statement_json(r, fixes) for r in result.rows]
        by_id = {r.statement.id: r for r in result.rows}
        haystack = {
            r["id"]: " ".join(str(x) for x in (r["speaker"], r["cue"], r["sentence"], r["quote"] or "", r["camp"])).lower()
            for r in rows
        }
        return ConflictView(result, rows, by_id, haystack)

    # -- statements -------------------------------------------------------------

    def _article_hits(self, terms: list[str], article_ids: Iterable[str]) -> set[str]:
        ids = sorted(set(article_ids))
        missing = [i for i in ids if i not in self._bodies]
        if missing:
            for a in self.store.articles(missing):
                self._bodies[a.id] = f"{a.title or ''}\n{a.body}".lower()
        return {i for i in ids if all(t in self._bodies.get(i, "") for t in terms)}

    def search(self, conflict: str | None, f: Filters) -> list[dict[str, Any]]:
        """The rows of a conflict that pass every filter, in article and text order."""
        view = self.view(conflict)
        rows = view.rows
        if f.actor:
            needle = f.actor.lower()
            rows = [r for r in rows if needle in r["speaker"].lower()]
        if f.camp:
            needle = f.camp.lower()
            rows = [r for r in rows if needle in r["camp"].lower()]
        if f.outlet:
            needle = f.outlet.lower()
            rows = [r for r in rows if needle in (r["outlet"] or "").lower()]
        if f.action:
            rows = [r for r in rows if f.action in r["actions"]]
        if f.stance or f.side:
            sides = [f.side] if f.side else view.result.sides
            rows = [r for r in rows if any(
                side in r["stance"] and (not f.stance or r["stance"][side]["label"] == f.stance) for side in sides)]
        if f.date_from or f.date_to:
            lo, hi = f.date_from or date.min, f.date_to or date.max
            kept = []
            for r in rows:
                bounds = view.by_id[r["id"]].bounds
                if bounds is not None and bounds[0] <= hi and bounds[1] >= lo:
                    kept.append(r)
            rows = kept
        terms = f.q.lower().split()
        if terms:
            if f.scope == "articles":
                with self.lock:
                    hits = self._article_hits(terms, (r["article_id"] for r in rows))
                rows = [r for r in rows if r["article_id"] in hits]
            else:
                rows = [r for r in rows if all(t in view.haystack[r["id"]] for t in terms)]
        return rows

    def statement(self, sid: str, conflict: str | None = None) -> dict[str, Any]:
        """A statement with the machine's values, the corrected ones, its article and its corrections."""
        with self.lock:
            row = self.store.con.execute("SELECT article_id FROM statements WHERE id = ?", [sid]).fetchone()
            if row is None:
                raise NotFound(f"no statement {sid[:40]!r} in this store")
            machine = next(s for s in self.store.statements(article_id=row[0]) if s.id == sid)
            codings = {conf: c for (s, conf), c in self.store.codings().items() if s == sid}
            history = self.store.corrections([sid])
            article = self.store.articles([row[0]])[0]
        cid = None
        try:
            cid = self.conflict_id(conflict) if (conflict or codings) else None
        except NotFound:
            cid = None
        if cid is None and codings:
            cid = sorted(codings)[0]
        view = self.view(cid) if cid else None
        corrected_row = view.by_id.get(sid) if view else None
        fixes = merge(history)
        coding = codings.get(cid) if cid else None
        return {
            "id": sid,
            "conflict": cid,
            "sides": view.result.sides if view else [],
            "machine": {
                "speaker": machine.speaker, "speaker_mention": machine.speaker_mention,
                "speaker_reason": machine.speaker_reason, "cue": machine.cue,
                "date": machine.date.value, "date_reason": machine.date.reason,
                "actions": [a.name for a in coding.actions] if coding else [],
                "stance": {side: {"label": st.label, "confidence": round(float(st.confidence), 4), "cue": st.cue}
                           for side, st in (coding.stance.items() if coding else [])},
            },
            "corrected": None if sid not in fixes else {
                "not_statement": fixes[sid].not_statement,
                "speaker": corrected_row.statement.speaker if corrected_row else machine.speaker,
                "date": corrected_row.statement.date.value if corrected_row else machine.date.value,
                "actions": corrected_row.actions if corrected_row else [],
                "stance": _stance_json(corrected_row) if corrected_row else {},
            },
            "current": statement_json(corrected_row, fixes) if corrected_row else None,
            "article": {"id": article.id, "title": article.title, "url": article.url, "publisher": article.publisher,
                        "published": article.published},
            "sentence": machine.sentence,
            "history": history,
            "_statement": machine,
            "_body": article.body,
        }

    def correct(self, sid: str, conflict: str | None, author: str, note: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Validate and record a correction; the statement's views are rebuilt on the next read."""
        from ..stance.actions import action, action_names
        from ..store.corrections import validate

        if not self.writable:
            raise PermissionError("this server is read-only (start it with --token to accept corrections)")
        with self.lock:
            if self.store.con.execute("SELECT 1 FROM statements WHERE id = ?", [sid]).fetchone() is None:
                raise NotFound(f"no statement {sid[:40]!r} in this store")
            cid = None
            sides = None
            if changes.get("stance") or changes.get("actions") is not None:
                cid = self.conflict_id(conflict)
                sides = conflict_sides(cid)[1]
            clean = validate(changes, sides, {name: action(name) for name in action_names()})
            return self.store.add_correction(sid, cid, author, note, clean)

    # -- actors -----------------------------------------------------------------

    def actors(self, conflict: str | None) -> list[dict[str, Any]]:
        view = self.view(conflict)
        with self.lock:
            stored = {a.name: a for a in self.store.actors()}
        out = []
        for a in view.result.actors():
            d = a.to_dict(view.result.sides)
            actor = stored.get(a.name)
            out.append({
                "name": a.name, "camp": a.camp, "statements": a.statements, "coded": a.coded,
                "leaning": d["leaning"],
                "roles": [_role_text(r) for r in (actor.roles if actor else [])],
                "kind": actor.kind if actor else None,
                "country": actor.country if actor else None,
            })
        return out

    def actor(self, name: str, conflict: str | None) -> dict[str, Any]:
        view = self.view(conflict)
        rows = [r for r in view.rows if r["speaker"] == name]
        with self.lock:
            stored = self.store.actors()
        known = {a.name: a for a in stored}
        if not rows and name not in known:
            raise NotFound(f"no actor {name[:80]!r} speaks in this store")
        actor = known.get(name)
        camp = view.by_id[rows[0]["id"]].camp if rows else assign_camps([name], stored)[name]
        rows = sorted(rows, key=lambda r: (view.by_id[r["id"]].midpoint or date.max, r["id"]))
        return {
            "name": name, "kind": actor.kind if actor else None, "country": actor.country if actor else None,
            "roles": [_role_text(r) for r in (actor.roles if actor else [])],
            "aliases": list(actor.aliases) if actor else [],
            "camp": camp.label, "camp_reason": camp_reason(name, actor, camp),
            "evidence": [e for e in (actor.evidence if actor else [])][:10],
            "statements": rows,
        }

    def network(self, conflict: str | None) -> dict[str, Any]:
        """Who accuses, endorses, threatens, mediates for whom: one edge per (speaker, action,
        target) with the statements behind it; targets are the coding's targets, else the addressee."""
        view = self.view(conflict)
        edges: dict[tuple[str, str, str], list[str]] = {}
        for r in view.rows:
            row = view.by_id[r["id"]]
            targets = list(r["targets"]) or ([row.statement.addressee] if row.statement.addressee else [])
            for action in r["actions"]:
                if action not in NETWORK_ACTIONS:
                    continue
                for target in targets:
                    if target and target != r["speaker"]:
                        edges.setdefault((r["speaker"], action, target), []).append(r["id"])
        nodes: dict[str, dict[str, Any]] = {}
        camps = {r["speaker"]: r["camp"] for r in view.rows}
        for source, _action, target in edges:
            for name in (source, target):
                nodes.setdefault(name, {"name": name, "camp": camps.get(name, "")})
        return {
            "nodes": sorted(nodes.values(), key=lambda n: n["name"]),
            "edges": [{"source": s, "action": a, "target": t, "statements": ids, "count": len(ids)}
                      for (s, a, t), ids in sorted(edges.items())],
        }

    def timelines(self, conflict: str | None) -> dict[str, Any]:
        """Per camp, each period's stance counts with the first and last day of the statements in it."""
        result = self.view(conflict).result
        camps: dict[str, list[dict[str, Any]]] = {}
        for p in result.camp_points:
            days = [r.bounds for r in p.rows if r.bounds is not None]
            if not days:
                continue
            d = p.to_dict(result.sides)
            d["start"] = min(b[0] for b in days).isoformat()
            d["end"] = max(b[1] for b in days).isoformat()
            camps.setdefault(p.entity, []).append(d)
        return {"sides": result.sides, "camps": [{"camp": c, "points": pts} for c, pts in camps.items()]}


def _role_text(role: dict[str, Any]) -> str:
    text = str(role.get("role") or "")
    if role.get("of"):
        text += f" of {role['of']}"
    if role.get("since") or role.get("until"):
        text += f" ({readable_date(role.get('since'), '…')} – {readable_date(role.get('until'), '…')})"
    return text


def camp_reason(name: str, actor: Actor | None, camp: Camp) -> str:
    """Why the analysis placed a speaker in its camp, in the terms of analysis.camps."""
    if actor is None:
        if camp.state:
            return f"no actor record: the name places it with {camp.state} (camp rules on the name)"
        return "no actor record, and the name names no state: unaffiliated"
    if len(actor.affiliation) >= 2:
        return f"its actor record ({actor.origin}) gives the affiliation {' / '.join(actor.affiliation)}"
    if actor.affiliation:
        return f"its actor record ({actor.origin}) gives {actor.affiliation[0]}; the state comes from its roles or name"
    roles = ", ".join(_role_text(r) for r in actor.roles[:2])
    if roles:
        return f"derived from its roles ({roles}) and country ({actor.country or 'unknown'}) by the camp rules"
    return f"derived from its kind ({actor.kind}) and country ({actor.country or 'unknown'}) by the camp rules"


__all__ = ["Filters", "NotFound", "Workbench", "camp_names"]

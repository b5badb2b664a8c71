"""The Python API for notebooks: the store as DuckDB relations, the analysis as DataFrames.

    import stancemap
    sm = stancemap.open("stancemap.duckdb")
    sm.statements("armenia-azerbaijan").df()       # one row per statement, stance per side
    result = sm.analyze("armenia-azerbaijan")
    result.camps                                   # pandas DataFrame
    result.findings[result.findings.kind == "divergence"]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .analysis import analyze_store, conflict_sides
from .analysis.camps import assign_camps
from .analysis.dataset import LABELS
from .analysis.result import AnalysisResult
from .store.db import Store


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Analysis:
    """An analysis result with DataFrame views; `.result` is the full AnalysisResult."""

    def __init__(self, result: AnalysisResult):
        self.result = result

    @property
    def actors(self) -> pd.DataFrame:
        return pd.DataFrame([
            self._with_stance(
                {"actor": a.name, "camp": a.camp, "statements": a.statements, "coded": a.coded, "background": a.background}, a
            )
            for a in self.result.actors()
        ])

    @property
    def camps(self) -> pd.DataFrame:
        return pd.DataFrame([
            self._with_stance({"camp": c.name, "state": c.state, "members": c.members, "statements": c.statements}, c)
            for c in self.result.camps()
        ])

    def _with_stance(self, row: dict, entity) -> dict:
        """Add the per-side label counts and leaning columns of an actor or camp to its row."""
        d = entity.to_dict(self.result.sides)
        for side in self.result.sides:
            row.update({f"{side}_{lab}": d["stance"][side][lab] for lab in LABELS})
            row[f"{side}_leaning"] = d["leaning"][side]
        return row

    @property
    def timeline(self) -> pd.DataFrame:
        """One row per (level, entity, period, side) with the counts behind it."""
        rows = []
        for point in self.result.camp_points + self.result.actor_points:
            for side in self.result.sides:
                counts = point.stance.get(side, {})
                rows.append({
                    "level": point.level, "entity": point.entity, "period": point.period, "side": side,
                    "statements": point.statements, **{lab: counts.get(lab, 0) for lab in LABELS},
                    "stance": point.dominant(side),
                })
        return pd.DataFrame(rows)

    @property
    def findings(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"kind": f.kind, "text": f.text, "entity": f.entity, "period": f.period, "evidence": len(f.rows),
             "statement_ids": [r.statement.id for r in f.rows]}
            for f in self.result.findings
        ])

    @property
    def summary(self) -> list[str]:
        return [s.text for s in self.result.summary]

    def to_json(self) -> dict[str, Any]:
        return self.result.to_json()

    def to_html(self, path: str | os.PathLike) -> Path:
        from .report.html_page import write_html  # lazy for start-up: Jinja and the templates only when a page is written

        write_html(self.result, path)
        return Path(path)

    def _repr_html_(self) -> str:  # notebooks show the camp table
        return self.camps._repr_html_()


class StancemapDB:
    """A stancemap store opened for reading."""

    def __init__(self, db: str | os.PathLike | None = None, read_only: bool = True):
        self.store = Store(db, read_only=read_only)
        self.con: duckdb.DuckDBPyConnection = self.store.con

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "StancemapDB":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def sql(self, query: str) -> duckdb.DuckDBPyRelation:
        """Any SQL over the store's tables (articles, statements, codings, actors, failures)."""
        return self.con.sql(query)

    def articles(self) -> duckdb.DuckDBPyRelation:
        return self.con.sql(
            "SELECT id, title, published, published_from, publisher, country, url, language, format, ingested_at "
            "FROM articles ORDER BY ingested_at, id"
        )

    def actors(self) -> duckdb.DuckDBPyRelation:
        """The stored actors; `actor` is the name, as in the analysis and the reports."""
        return self.con.sql("SELECT name AS actor, kind, country, aliases, roles, relations, affiliation, origin FROM actors ORDER BY actor")

    def _speaker_camps(self) -> None:
        """The camp of every stored speaker (as the analysis places them), as the view `speaker_camps`."""
        speakers = [row[0] for row in self.con.sql("SELECT DISTINCT speaker FROM statements").fetchall()]
        camps = assign_camps(speakers, self.store.actors())
        frame = pd.DataFrame({"speaker": speakers, "speaker_camp": [camps[s].label for s in speakers]},
                             columns=["speaker", "speaker_camp"])
        self.con.register("speaker_camps", frame)

    def statements(self, conflict: str | None = None) -> duckdb.DuckDBPyRelation:
        """Statements with their article and the speaker's camp; with a conflict, its actions and
        one stance column per side."""
        self._speaker_camps()
        base = (
            "SELECT s.id, s.article_id, a.title AS article_title, a.url AS article_url, s.speaker, s.speaker_mention, "
            "sc.speaker_camp, s.cue, s.sentence, s.quote, s.date_value AS date, s.date_precision, a.published, "
            "s.addressee, "
            "s.sent_start, s.sent_end"
        )
        camp_join = "LEFT JOIN speaker_camps sc ON sc.speaker = s.speaker"
        if not conflict:
            return self.con.sql(
                f"{base} FROM statements s LEFT JOIN articles a ON a.id = s.article_id {camp_join} "
                "ORDER BY s.article_id, s.sent_start"
            )
        cid, sides = conflict_sides(conflict)
        stance_cols = "".join(
            f", json_extract_string(c.stance, {_quote(_json_path(side))}) AS {_ident('stance_' + side)}" for side in sides
        )
        return self.con.sql(
            f"{base}, c.actions, c.targets{stance_cols} FROM statements s "
            f"JOIN codings c ON c.statement_id = s.id AND c.conflict = {_quote(cid)} "
            f"LEFT JOIN articles a ON a.id = s.article_id {camp_join} ORDER BY s.article_id, s.sent_start"
        )

    def analyze(self, conflict: str, period: str = "week", kb: str | os.PathLike | None = None) -> Analysis:
        """Camps, timelines, shifts, divergences and background for one conflict, from what is stored."""
        return Analysis(analyze_store(self.store, conflict, period=period, kb=kb))


def _json_path(side: str) -> str:
    return '$."' + side.replace('"', '') + '".label'


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_db(db: str | os.PathLike | None = None, read_only: bool = True) -> StancemapDB:
    """Open a stancemap DuckDB file (default ./stancemap.duckdb or $STANCEMAP_DB) for analysis."""
    return StancemapDB(db, read_only=read_only)

"""Exports of coded statements: CSV, JSON Lines, Parquet, and a CAMEO event table.

Rows are statements joined with their codings (one row per statement and
conflict). The `cameo` format is a tab-separated event table in the spirit of
GDELT's (date, source actor and country, target actor and country, CAMEO event
and root code, Goldstein value, source URL), one row per action and target,
plus what GDELT lacks: the sentence, the quote and the stance per side.
Countries are given by name and by ISO 3166-1 alpha-3 code, CAMEO's country codes.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any, Iterable

from ..actors.kb import load_kb
from ..analysis.camps import assign_camps
from ..analysis.dataset import MAX_PLACEABLE_DAYS, date_bounds, placement, span_days
from ..safety import json_dumps, visible
from ..stance.coder import coding_to_json
from ..store.corrections import correct_all

FORMATS = ("csv", "jsonl", "parquet", "cameo")

CAMEO_COLUMNS = [
    "date", "date_kind", "date_precision", "date_said", "source_actor", "source_country", "source_country_code",
    "target_actor", "target_country", "target_country_code", "event_code", "event_root_code", "action", "goldstein",
    "conflict", "source_url", "article_id", "statement_id", "sentence", "quote",
]


class ExportError(ValueError):
    pass


def _kb():
    return load_kb()


def _kb_country(name: str | None) -> str | None:
    kb = _kb() if name else None
    if kb is None:
        return None
    actor = kb.lookup(name)
    if actor is not None and actor.country:
        return actor.country
    return kb.country(name)


def country_code(country: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name ("Turkey" -> "TUR"), as CAMEO writes countries."""
    kb = _kb() if country else None
    return kb.country_code(country) if kb is not None else None


def export_rows(store: Any, conflict: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Statements joined with their codings (only coded ones when a conflict is named), and
    the side names seen, in order. Uncoded statements keep empty coding fields."""
    statements, codings = correct_all(store, store.statements(), store.codings(conflict))
    if conflict:
        codings = {k: c for k, c in codings.items() if k[1] == conflict}
    by_statement: dict[str, list[Any]] = {}
    for (sid, _conf), c in sorted(codings.items()):
        by_statement.setdefault(sid, []).append(c)
    ids = sorted({s.article_id for s in statements})
    articles = {a.id: a for a in store.articles(ids)} if ids else {}
    stored_actors = store.actors()
    actors = {a.name: a for a in stored_actors}
    camps = assign_camps({st.speaker for st in statements}, stored_actors)
    sides: list[str] = []
    rows: list[dict[str, Any]] = []
    for st in statements:
        cods = by_statement.get(st.id, [])
        if conflict and not cods:
            continue
        art = articles.get(st.article_id)
        actor = actors.get(st.speaker)
        country = (actor.country if actor is not None and actor.country else None) or _kb_country(st.speaker)
        base = {
            "statement_id": st.id,
            "article_id": st.article_id,
            "url": (art.url if art else None) or (store.sources(st.article_id) or [None])[0],
            "title": art.title if art else None,
            "published": art.published if art else None,
            "speaker": st.speaker,
            "speaker_mention": st.speaker_mention,
            "speaker_kind": st.speaker_kind,
            "speaker_country": country,
            "speaker_country_code": country_code(country),
            "speaker_camp": camps[st.speaker].label,
            "cue": st.cue,
            "sentence": st.sentence,
            "sent_start": st.sent_start,
            "sent_end": st.sent_end,
            "quote": st.quote,
            "content": st.content,
            "date": st.date.value,
            "date_precision": st.date.precision,
            **_placed(st.date.value, art.published if art else None),
        }
        for c in cods or [None]:
            j = coding_to_json(c)
            for side in j["stance"]:
                if side not in sides:
                    sides.append(side)
            rows.append({**base, "conflict": j.get("conflict"), "actions": j["actions"], "targets": j["targets"], "stance": j["stance"]})
    return rows, sides


def _placed(said: str | None, published: str | None) -> dict[str, Any]:
    """Where the analysis places the statement in time: `placed_at` (ISO day: the date said,
    the middle of a narrow range, or the publication day) and `placed` (true when at
    publication because the text gives no narrower date)."""
    bounds, placed = placement(said, published)
    day = None
    if bounds is not None and span_days(bounds) <= MAX_PLACEABLE_DAYS:
        day = (bounds[0] + (bounds[1] - bounds[0]) // 2).isoformat()
    return {"placed_at": day, "placed": placed}


def _flat(row: dict[str, Any], sides: list[str]) -> dict[str, Any]:
    """A row with lists joined and stance spread over one column per side (for CSV / Parquet)."""
    out = {k: v for k, v in row.items() if k not in ("actions", "targets", "stance")}
    out["actions"] = ";".join(a["name"] for a in row["actions"])
    out["cameo_codes"] = ";".join(a["cameo"] for a in row["actions"])
    out["goldstein"] = min((a["goldstein"] for a in row["actions"]), default=None)
    out["targets"] = ";".join(row["targets"])
    for side in sides:
        st = row["stance"].get(side)
        out[f"stance_{side}"] = st["label"] if st else None
        out[f"confidence_{side}"] = st["confidence"] if st else None
        out[f"cue_{side}"] = st["cue"] if st else None
    return out


def placed_date(said: str | None, precision: str | None, published: str | None) -> tuple[str, str, str]:
    """Where an event is dated: (YYYYMMDD as GDELT's SQLDATE writes it, kind, precision).

    The date said when it places the statement: a day; a month or a year with 00 for what
    is unknown (20201000); a range of up to a few weeks by its middle day, as the timelines
    place it. Otherwise (an open or a wide range, or nothing said) the article's publication
    day, kind "published": where the analysis places it too (`analysis.dataset.placement`).
    Neither: ("", "unknown", "").
    """
    _, placed = placement(said, published)
    if placed:
        return published[:10].replace("-", ""), "published", "day"  # type: ignore[index]
    bounds = date_bounds(said) if said and "/" in said else None
    if said and "/" not in said and said[:4].isdigit():
        return said[:10].replace("-", "").ljust(8, "0"), "said", precision or ""
    if bounds is not None and span_days(bounds) <= MAX_PLACEABLE_DAYS:
        middle = bounds[0] + (bounds[1] - bounds[0]) // 2
        return middle.strftime("%Y%m%d"), "said", "range"
    day = date_bounds(published[:10]) if published else None
    if day is not None:
        return day[0].strftime("%Y%m%d"), "published", "day"
    return "", "unknown", ""


def cameo_rows(rows: list[dict[str, Any]], sides: list[str]) -> list[dict[str, Any]]:
    """One event per (coded statement, action, target)."""
    out = []
    for row in rows:
        if not row["actions"]:
            continue
        targets = row["targets"] or [None]
        when = placed_date(row["date"], row["date_precision"], row["published"])
        for a in row["actions"]:
            for target in targets:
                target_country = (target if target in sides else _kb_country(target)) if target else None
                ev = {
                    "date": when[0],
                    "date_kind": when[1],
                    "date_precision": when[2],
                    "date_said": row["date"],
                    "source_actor": row["speaker"],
                    "source_country": row["speaker_country"],
                    "source_country_code": row["speaker_country_code"],
                    "target_actor": target,
                    "target_country": target_country,
                    "target_country_code": country_code(target_country),
                    "event_code": a["cameo"],
                    "event_root_code": a["cameo"][:2],
                    "action": a["name"],
                    "goldstein": a["goldstein"],
                    "conflict": row["conflict"],
                    "source_url": row["url"],
                    "article_id": row["article_id"],
                    "statement_id": row["statement_id"],
                    "sentence": row["sentence"],
                    "quote": row["quote"],
                }
                for side in sides:
                    st = row["stance"].get(side)
                    ev[f"stance_{side}"] = st["label"] if st else None
                out.append(ev)
    return out


def _clean_tsv(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_export(store: Any, fmt: str, out: str | Path | None, conflict: str | None = None) -> int:
    """Write the export; `out` None or "-" means stdout (not for parquet). Returns the row count."""
    if fmt not in FORMATS:
        raise ExportError(f"{fmt}: unknown format (one of {', '.join(FORMATS)})")
    to_stdout = out is None or str(out) == "-"
    if fmt == "parquet" and to_stdout:
        raise ExportError("parquet is binary: give --out FILE.parquet")
    rows, sides = export_rows(store, conflict)
    if fmt == "jsonl":
        text = "".join(json_dumps(r) + "\n" for r in rows)
        return _emit(text, out, to_stdout, len(rows))
    if fmt == "csv":
        flat = [_flat(r, sides) for r in rows]
        buf = io.StringIO()
        cols = list(flat[0]) if flat else list(_flat(_empty_row(), sides))
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(flat)
        return _emit(buf.getvalue(), out, to_stdout, len(flat))
    if fmt == "cameo":
        events = cameo_rows(rows, sides)
        cols = CAMEO_COLUMNS + [f"stance_{s}" for s in sides]
        lines = ["\t".join(cols)]
        lines += ["\t".join(_clean_tsv(ev.get(c)) for c in cols) for ev in events]
        return _emit("\n".join(lines) + "\n", out, to_stdout, len(events))
    return _write_parquet([_flat(r, sides) for r in rows], sides, Path(out))  # type: ignore[arg-type]


def _empty_row() -> dict[str, Any]:
    keys = ["statement_id", "article_id", "url", "title", "published", "speaker", "speaker_mention", "speaker_kind",
            "speaker_country", "speaker_country_code", "speaker_camp", "cue", "sentence", "sent_start", "sent_end", "quote", "content", "date", "date_precision",
            "placed_at", "placed", "conflict"]
    row: dict[str, Any] = {k: None for k in keys}
    row.update(actions=[], targets=[], stance={})
    return row


def _emit(text: str, out: str | Path | None, to_stdout: bool, n: int) -> int:
    if to_stdout:
        sys.stdout.write(visible(text))  # standard output is often a terminal
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        Path(out).write_text(text, encoding="utf-8")  # type: ignore[arg-type]
    return n


def _write_parquet(flat: list[dict[str, Any]], sides: list[str], path: Path) -> int:
    """Parquet through DuckDB's COPY, with typed columns."""
    import duckdb  # lazy for start-up: pandas alone costs about a second, and only Parquet needs it
    import pandas as pd

    frame = pd.DataFrame(flat if flat else [], columns=list(flat[0]) if flat else list(_flat(_empty_row(), sides)))
    for col in ("sent_start", "sent_end"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ["goldstein", *[f"confidence_{s}" for s in sides]]:
        frame[col] = pd.array(frame[col], dtype="Float64")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.register("export_rows", frame)
        target = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM export_rows) TO '{target}' (FORMAT PARQUET)")
    finally:
        con.close()
    return len(flat)


def formats() -> Iterable[str]:
    return FORMATS

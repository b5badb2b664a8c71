"""Terminal tables for `stancemap eval`: the same figures as --json, for a reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


METRICS = (
    ("article fields", "article", lambda a: f"{a['passed']}/{a['total']}"),
    ("speaker precision", "speakers", lambda s: _fmt(s["precision"])),
    ("speaker recall", "speakers", lambda s: _fmt(s["recall"])),
    ("speaker F1", "speakers", lambda s: f"{_fmt(s['f1'])} ({s['tp']} tp, {s['fp']} fp, {s['fn']} fn)"),
    ("date accuracy", "dates", lambda d: f"{_fmt(d['accuracy'])} (n={d['n']})"),
    ("stance accuracy", "stance", lambda s: f"{_fmt(s['accuracy'])} (n={s['n']})"),
    ("stance macro-F1", "stance", lambda s: _fmt(s["macro_f1"])),
    ("stance spurious", "stance", lambda s: _fmt(s["spurious"])),
    ("stance agreement, all pairs", "stance", lambda s: _fmt(s["agreement_all_pairs"])),
    ("prior: stance accuracy", "stance_prior", lambda s: f"{_fmt(s['accuracy'])} (n={s['n']})"),
    ("prior: spurious", "stance_prior", lambda s: _fmt(s["spurious"])),
    ("prior: agreement, all pairs", "stance_prior", lambda s: _fmt(s["agreement_all_pairs"])),
    ("actions F1", "actions", lambda a: _fmt(a["f1"])),
    ("camps", "camps", lambda c: _fmt(c["score"])),
)


WIDE_TABLE_FILES = 4  # files shown as columns; more are shown as rows, with the short figures below
ROW_METRICS = (
    ("speaker F1", "speakers", lambda s: _fmt(s["f1"])),
    ("dates", "dates", lambda d: _fmt(d["accuracy"])),
    ("stance acc", "stance", lambda s: _fmt(s["accuracy"])),
    ("pairs", "stance", lambda s: str(s["n"])),
    ("spurious", "stance", lambda s: _fmt(s["spurious"])),
    ("agreement", "stance", lambda s: _fmt(s["agreement_all_pairs"])),
    ("prior acc", "stance_prior", lambda s: _fmt(s["accuracy"])),
    ("actions F1", "actions", lambda a: _fmt(a["f1"])),
    ("camps", "camps", lambda c: _fmt(c["score"])),
)


def print_gold_table(result: dict[str, Any], console: Console, problems: dict[str, list[str]] | None = None) -> None:
    """One row per figure, one column per gold file (and overall when there are several); with more
    files than fit side by side, one row per file instead, overall last."""
    columns = list(result["files"].items())
    if len(columns) > 1:
        columns.append(("overall", result["overall"]))
    table = Table(title="stancemap eval: gold annotations", title_justify="left")
    names = [Path(name).name if name != "overall" else name for name, _ in columns]
    if len(columns) <= WIDE_TABLE_FILES:
        table.add_column("figure")
        for name in names:
            table.add_column(name, justify="right", overflow="fold")
        for label, part, show in METRICS:
            table.add_row(label, *("n/a" if scores.get(part) is None else show(scores[part]) for _, scores in columns))
    else:
        names = [name if name == "overall" else f"{Path(name).parent.name}/{Path(name).stem}" for name, _ in columns]
        table.add_column("file")
        for label, _, _ in ROW_METRICS:
            table.add_column(label, justify="right")
        for name, (_, scores) in zip(names, columns):
            table.add_row(name, *("n/a" if scores.get(part) is None else show(scores[part]) for _, part, show in ROW_METRICS),
                          end_section=name == names[-2])
    console.print(table)
    for path, scores in result["files"].items():
        art = scores.get("article")
        if art and art["failed_fields"]:
            console.print(f"{path}: article fields that differ: {', '.join(art['failed_fields'])}", highlight=False)
        for problem in (problems or {}).get(path, []):
            console.print(f"{path}: {problem}", style="yellow", highlight=False)


def _value(v: Any) -> str:
    if v is None:
        return "none"
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    return str(v)


def explain_lines(explain: list[dict[str, Any]]) -> list[str]:
    """One line per missed or spurious unit, wrong date, stance label or action set."""
    lines = []
    for e in explain:
        where = f"{e['speaker']} @{'?' if e.get('sentence_start') is None else e['sentence_start']}"
        kind = e["kind"]
        if kind in ("missed", "spurious"):
            sentence = e.get("sentence") or ""
            lines.append(f"{kind:8} {where}: {sentence[:100]}{'...' if len(sentence) > 100 else ''}")
        elif kind == "stance":
            lines.append(f"{kind:8} {where} on {e['side']}: gold {_value(e['gold'])}, predicted {_value(e['predicted'])}")
        else:
            lines.append(f"{kind:8} {where}: gold {_value(e['gold'])}, predicted {_value(e['predicted'])}")
    return lines


def print_explain(explain: list[dict[str, Any]], console: Console) -> None:
    """Each missed and spurious unit (speaker @ sentence offset in the body), and each wrong date, stance, actions."""
    if not explain:
        console.print("nothing to explain: every unit matched and every matched field is right")
        return
    for path in dict.fromkeys(e["file"] for e in explain):
        console.print(f"\n{path}: what the scores count against", style="bold", highlight=False)
        for line in explain_lines([e for e in explain if e["file"] == path]):
            console.print(line, highlight=False, markup=False, soft_wrap=True)


def print_brat_table(scores: dict[str, Any], console: Console, path: str) -> None:
    table = Table(title="stancemap eval --brat: attribution spans", title_justify="left")
    table.add_column("part", no_wrap=True, min_width=len("attribution"))
    for col in ("exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"):
        table.add_column(col, justify="right")
    for part in ("source", "cue", "content", "attribution"):
        ex, ov = scores[part]["exact"], scores[part]["overlap"]
        table.add_row(part, *(_fmt(ex[k]) for k in ("precision", "recall", "f1")),
                      *(_fmt(ov[k]) for k in ("precision", "recall", "f1")))
    console.print(table)
    console.print(f"{scores.get('articles', 0)} articles scored in {path}", highlight=False, soft_wrap=True)

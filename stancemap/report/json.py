"""The JSON report: the documented shape (conflict, sides, actors, camps, findings) and more."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..analysis.result import AnalysisResult
from ..safety import json_dumps, visible


def report_dict(result: AnalysisResult) -> dict[str, Any]:
    return result.to_json()


def render_json(result: AnalysisResult) -> str:
    return json_dumps(report_dict(result), indent=2, default=str) + "\n"


def write_text(text: str, dest: str | Path) -> None:
    """Write a report to a file, or to standard output when dest is `-` (with control
    characters made visible: standard output is often a terminal)."""
    if str(dest) == "-":
        sys.stdout.write(visible(text))
        sys.stdout.flush()
        return
    path = Path(dest)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_json(result: AnalysisResult, dest: str | Path) -> None:
    write_text(render_json(result), dest)

"""Write stancemap/actors/data/given_names_world.tsv, the given names whose bearer's pronoun the
actor resolver may take as known ("Donna ... she said", not "he"), from the name-gender data of
the `nomquamgender` package (MIT licence; 721,739 names from 36 sources, each with the share of its
bearers recorded as women, p(gf)).

Kept: a name seen in at least 2 sources and at least 300 times whose p(gf) is 0.95 or more
(feminine) or 0.05 or less (masculine); names that are not a single word of letters are left out.
The hand list `given_names.yaml` wins where both have a name. The package is read from its data
file, not imported (its module imports pandas). `tests/test_given_names.py` rebuilds the table
and compares it with the shipped one.

Run: make given-names (.venv/bin/python scripts/build_given_names.py > stancemap/actors/data/given_names_world.tsv)
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

MIN_SOURCES = 2
MIN_COUNT = 300
FEMININE_FROM = 0.95  # p(gf) at or above: feminine; at or below 1 - this: masculine
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def name_data() -> dict[str, list]:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed (it is in requirements.lock: make setup)")
    path = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    return json.loads(path.read_text(encoding="utf-8"))


def table(data: dict[str, list]) -> list[tuple[str, str]]:
    out = []
    for name, (sources, count, p_feminine, *_rest) in data.items():
        if sources < MIN_SOURCES or count < MIN_COUNT or len(name) < 2 or not WORD.fullmatch(name):
            continue
        if p_feminine >= FEMININE_FROM:
            out.append((name, "f"))
        elif p_feminine <= 1 - FEMININE_FROM:
            out.append((name, "m"))
    return sorted(out)


def render(rows: list[tuple[str, str]]) -> str:
    version = importlib.metadata.version("nomquamgender")
    head = (f"# Given names and the pronoun their bearers take, from nomquamgender {version} (MIT licence, "
            f"github.com/ianvanbuskirk/nomquamgender):\n# at least {MIN_SOURCES} sources and {MIN_COUNT} bearers, "
            f"p(woman) >= {FEMININE_FROM} or <= {1 - FEMININE_FROM:.2f}. Written by scripts/build_given_names.py; do not edit.\n")
    return head + "".join(f"{name}\t{gender}\n" for name, gender in rows)


if __name__ == "__main__":
    sys.stdout.write(render(table(name_data())))

"""`make bench`: run every benchmark and print its figures.

Each module under bench/ exposes main(); this runs them in pipeline order so
one run compares stancemap with its peers on the same machine.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["extraction", "statements", "actors", "stance", "analyze", "scale", "serve"]


def main(names: list[str]) -> int:
    for name in names or BENCHMARKS:
        print(f"\n=== bench/{name}.py ===", flush=True)
        started = time.perf_counter()
        importlib.import_module(name).main()
        print(f"(bench/{name}.py took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

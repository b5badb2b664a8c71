"""Agreement between two annotators: every file under SECOND compared with the same path under FIRST.

    python scripts/agreement.py corpus corpus/agreement          # a summary
    python scripts/agreement.py corpus corpus/agreement --json   # every file's figures too
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stancemap.evaluate.agreement import compare_folders


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first", type=Path, help="folder of the first annotator's gold files (the adopted gold)")
    ap.add_argument("second", type=Path, help="folder of the second annotator's files, same relative paths")
    ap.add_argument("--json", action="store_true", help="print every file's figures as JSON")
    args = ap.parse_args(argv)
    total, per_file = compare_folders(args.first, args.second)
    if args.json:
        print(json.dumps({"overall": total.json(), "files": per_file}, indent=2))
    else:
        print(json.dumps(total.json(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

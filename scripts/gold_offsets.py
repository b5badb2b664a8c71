"""Turn a gold file written with verbatim sentences into the offsets form.

Annotations of texts that must not be copied keep character offsets into the
source instead of the text (schema: the shared gold README). An annotator
writes `sentence:` and `quote:` as they read them; this finds each in the
source (tolerant to whitespace, case and quote style), replaces it by
`sentence_span` + `sentence_sha1` (and `quote_span`), and fails, naming the
unit, when a sentence or quote is not in the text.

    python scripts/gold_offsets.py ANNOTATED.yaml -o corpus/gold/NAME.yaml
    python scripts/gold_offsets.py ANNOTATED.yaml --check     # only report problems
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from stancemap.evaluate.gold import GoldError, load_gold, read_source, sentence_sha1
from stancemap.evaluate.scoring import locate


def _find(needle: str, text: str, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    lo, hi = within or (0, len(text))
    spans = locate(needle, text[lo:hi])
    return (spans[0][0] + lo, spans[0][1] + lo) if spans else None


def to_offsets(src_path: Path, out_path: Path | None) -> tuple[dict, list[str]]:
    """The offsets-form mapping of one text-form gold file, and the problems found."""
    raw = yaml.safe_load(src_path.read_text(encoding="utf-8"))
    source = (src_path.parent / raw["source"]).resolve()
    text = read_source(source)
    problems: list[str] = []
    for i, unit in enumerate(raw.get("statements") or []):
        if "sentence_span" in unit:
            continue
        sentence = str(unit.get("sentence") or "")
        span = _find(sentence, text)
        if span is None:
            problems.append(f"statements[{i}] ({unit.get('speaker')}): sentence not in {source.name}: {sentence[:80]!r}")
            continue
        new = {}
        for key, value in unit.items():
            if key == "sentence":
                new["sentence_span"] = list(span)
                new["sentence_sha1"] = sentence_sha1(text[span[0]:span[1]])
            elif key == "quote":
                q = _find(str(value), text, span)
                if q is None:
                    problems.append(f"statements[{i}] ({unit.get('speaker')}): quote not inside its sentence: {str(value)[:60]!r}")
                else:
                    new["quote_span"] = list(q)
            else:
                new[key] = value
        raw["statements"][i] = new
    if out_path is not None:
        raw["source"] = os.path.relpath(source, out_path.parent.resolve())
    return raw, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path, help="a gold YAML file with verbatim sentences")
    ap.add_argument("-o", "--out", type=Path, help="where to write the offsets form")
    ap.add_argument("--check", action="store_true", help="only check that every sentence and quote is found")
    args = ap.parse_args(argv)
    try:
        raw, problems = to_offsets(args.gold, None if args.check else args.out)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"{args.gold}: {exc}", file=sys.stderr)
        return 1
    for p in problems:
        print(f"{args.gold}: {p}", file=sys.stderr)
    if problems:
        return 1
    if args.out and not args.check:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
        try:
            gold = load_gold(args.out)
        except GoldError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(f"{args.out}: {len(gold.units)} units", file=sys.stderr)
    else:
        try:
            gold = load_gold(args.gold)
        except GoldError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(f"{args.gold}: {len(gold.units)} units, every sentence and quote found", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stance benchmark: coding speed of the rule coder, first pass and re-coding for another
conflict (parses cached), and the coders' figures on the seed gold (rules in-sample, the
learned coder held out).

Input: every sentence with a reporting verb in the first 60 conflict-news articles, as a
statement of an unnamed speaker (no extraction involved, so only coding is timed).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import re
import sys
import time
from pathlib import Path

from shared_data import unreserved_articles  # bench/ is the scripts' folder

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
ARTICLES = SHARED / "data" / "conflict-news" / "articles"
SEED_GOLD = SHARED / "gold" / "seed.yaml"
REPORTING = re.compile(r"\b(?:said|says|told|urged|called|accused|condemned|denied|stated|warned|welcomed)\b")


def sentences(limit_articles: int = 60) -> list[str]:
    out = []
    for path in unreserved_articles("conflict-news")[:limit_articles]:
        body = path.read_text(encoding="utf-8").split("\n", 2)[-1]
        body = re.sub(r"([.!?][\"”]?)(?=[A-Z])", r"\1 ", body)  # the corpus lost spaces after full stops
        for s in re.split(r"(?<=[.!?])\s+", body):
            if 30 < len(s) < 400 and REPORTING.search(s):
                out.append(s)
    return out


def main() -> None:
    from stancemap.nlp.model import load
    from stancemap.records import Statement
    from stancemap.stance.coder import RuleCoder, ParseCache
    from stancemap.stance.conflicts import resolve_conflict

    if not ARTICLES.exists():
        print(f"skipped: {ARTICLES} is absent")
        return
    nlp = load()
    sents = sentences()
    stmts = [Statement("bench", "Unnamed speaker", "the official", "bench", "", s, i, i + len(s)) for i, s in enumerate(sents)]
    coder = RuleCoder(nlp, cache=ParseCache(nlp, size=len(stmts) + 10))
    karabakh, ukraine = resolve_conflict("armenia-azerbaijan"), resolve_conflict("russia-ukraine")

    t0 = time.perf_counter()
    docs = list(nlp.pipe(sents))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = [coder.code(s, karabakh) for s in stmts]
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for s in stmts:
        coder.code(s, ukraine)
    t_again = time.perf_counter() - t0
    labelled = sum(1 for c in first if c.stance)
    print(f"{len(stmts)} statements from conflict-news ({len(docs)} parsed by bare nlp.pipe in {t_parse:.2f} s, "
          f"{len(docs) / t_parse:.0f}/s)")
    print(f"rule coder, first conflict (parse + rules): {t_first:.2f} s, {len(stmts) / t_first:.0f} statements/s")
    print(f"rule coder, another conflict (cached parses): {t_again:.2f} s, {len(stmts) / t_again:.0f} statements/s")
    print(f"statements given a stance on Karabakh: {labelled} ({labelled / len(stmts):.0%})")

    if SEED_GOLD.exists():
        from stancemap.stance.learned import gold_examples, held_out

        examples = gold_examples([SEED_GOLD])
        with_rules = held_out(examples)
        text_only = held_out(examples, use_rules=False)
        keys = ("stance_accuracy", "stance_macro_f1", "spurious", "actions_micro_f1")
        print(f"seed gold, {with_rules['scheme']}:")
        print("  coder              " + "  ".join(f"{k:>17}" for k in keys))
        for name, fig in (("rules (in-sample)", with_rules["rules"]), ("learned+rules", with_rules["learned"]),
                          ("learned text-only", text_only["learned"])):
            print(f"  {name:<18} " + "  ".join(f"{fig[k]!s:>17}" for k in keys))


if __name__ == "__main__":
    main()

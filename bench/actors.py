"""Actor resolution benchmark on the conflict-news corpus: throughput and what it finds.

Parses the articles once, then times the actor stage alone on the parsed docs (one
core): building an ActorResolver per article (mentions, learned actors, countries in
focus), resolving every clause subject as a speaker mention, and collecting the
learned actors. Also prints how the mentions were resolved (by reason) and the
cross-article merge, so a change in coverage shows next to a change in speed.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from shared_data import unreserved_articles  # noqa: E402  (bench/ is the script folder)
ARTICLES = REPO.parent / "shared" / "data" / "conflict-news" / "articles"


def main() -> None:
    from stancemap.actors.kb import load_kb
    from stancemap.actors.merge import merge_actors
    from stancemap.actors.resolve import ActorResolver
    from stancemap.nlp.model import load
    from stancemap.records import Article

    files = unreserved_articles("conflict-news")
    if not files:
        print(f"skipped: {ARTICLES} is absent")
        return
    started = time.perf_counter()
    kb = load_kb()
    print(f"knowledge base: {len(kb.actors)} actors, {len(kb.countries)} countries, {len(kb.titles)} title phrases "
          f"(loaded in {time.perf_counter() - started:.2f} s)")
    nlp = load()
    bodies = [f.read_text(encoding="utf-8").partition("\n\n")[2] for f in files]
    docs = list(nlp.pipe(bodies, batch_size=32))
    words = sum(len(d) for d in docs)

    reasons: Counter[str] = Counter()
    unresolved = 0
    learned = []
    started = time.perf_counter()
    for body, doc in zip(bodies, docs):
        resolver = ActorResolver(kb, doc, Article(body=body))
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                res = resolver.resolve(doc[tok.left_edge.i : tok.i + 1])
                if res is None:
                    unresolved += 1
                else:
                    reasons[res.reason.split(" ")[0].split("'")[0]] += 1
        learned.extend(resolver.learned_actors())
    elapsed = time.perf_counter() - started
    merged = merge_actors(learned)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(docs)} articles, {words} tokens: actor stage {elapsed:.2f} s = {words / elapsed:,.0f} tokens/s, "
          f"{len(docs) / elapsed:.1f} articles/s (one core, docs already parsed)")
    print(f"subjects resolved: {sum(reasons.values())}, left to the mention text: {unresolved}")
    print("by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    print(f"learned actors: {len(learned)} per-article records -> {len(merged)} after merging name variants")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

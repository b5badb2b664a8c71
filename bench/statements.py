"""Statements benchmark on PolNeAR dev: stancemap vs textacy's direct_quotations, same run.

Scores both with stancemap.evaluate.brat (source / cue / content / whole attribution,
exact and overlap P/R/F1; the matching rules are in that module's docstring), then
measures throughput on one core (the process pinned to one CPU, thread pools at one; each
side run once to warm its caches, then timed twice, the faster run counting): spaCy's bare
nlp.pipe over the same texts as the reference, stancemap's extraction (parse + attribution rules + dates + speakers), and
the rules alone on already parsed docs; plus peak memory (max RSS of the process).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core for both sides, whatever the caller's environment says
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
REPEATS = 2  # each side timed this many times after one warm-up run; the faster run counts

import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEV = REPO.parent / "shared" / "data" / "polnear" / "dev"
BATCH = 32


def _runs(tokens) -> tuple[tuple[int, int], ...]:
    """Character spans of contiguous token runs."""
    toks = sorted(tokens, key=lambda t: t.i)
    out: list[list[int]] = []
    for t in toks:
        if out and t.i == out[-1][2] + 1:
            out[-1][1], out[-1][2] = t.idx + len(t), t.i
        else:
            out.append([t.idx, t.idx + len(t), t.i])
    return tuple((s, e) for s, e, _ in out)


def textacy_extractor(nlp):
    """textacy.extract.triples.direct_quotations as a brat extractor; counts articles it gives up on."""
    from textacy.extract.triples import direct_quotations

    from stancemap.evaluate.brat import BratAttribution

    failures = {"articles": 0}

    def extract(texts):
        out = []
        for doc in nlp.pipe(texts, batch_size=BATCH):
            atts = []
            try:
                for triple in direct_quotations(doc):
                    content = triple.content
                    atts.append(BratAttribution(_runs(triple.speaker), _runs(triple.cue), ((content.start_char, content.end_char),)))
            except Exception:  # textacy raises on unbalanced quotation marks
                failures["articles"] += 1
                atts = []
            out.append(atts)
        return out

    return extract, failures


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _row(name: str, r: dict) -> str:
    cells = []
    for part in ("source", "cue", "content", "attribution"):
        for mode in ("exact", "overlap"):
            s = r[part][mode]
            cells.append(f"{s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}")
    return f"{name:<10} " + " ".join(f"{c:>19}" for c in cells)


def main() -> None:
    if not DEV.is_dir():
        print(f"skipped: {DEV} is absent (PolNeAR dev sits beside the repository)")
        return
    from stancemap.evaluate.brat import read_brat_dir, score_brat_dir
    from stancemap.nlp.model import load
    from stancemap.records import Article
    from stancemap.statements.extract import MentionResolver, default_resolver_factory, extract_many, statements_from_doc

    nlp = load()
    docs = read_brat_dir(DEV)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    print(f"PolNeAR dev: {len(docs)} articles, {words} words, model {nlp.meta.get('name')}")

    sm = score_brat_dir(DEV, units=False)  # every attribution, as textacy is scored
    tx_extract, tx_fail = textacy_extractor(nlp)
    tx = score_brat_dir(DEV, extract=tx_extract)
    header = "           " + " ".join(f"{p + ' ' + m:>19}" for p in ("source", "cue", "content", "attribution") for m in ("exact", "overlap"))
    print("\nP/R/F1 per span type and match (brat scoring, one-to-one):")
    print(header)
    print(_row("stancemap", sm))
    print(_row("textacy", tx))
    print(f"textacy gave up on {tx_fail['articles']} of {len(docs)} articles (exception from direct_quotations)")

    # throughput, one core, same texts
    import spacy

    from stancemap.config import model_name

    shipped = spacy.load(model_name())  # the reference: the model as shipped
    rss0 = _rss_mb()

    def fastest(work) -> float:
        work()  # warm-up: caches of both sides filled alike before any clock runs
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            work()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_pipe = fastest(lambda: list(shipped.pipe(texts, batch_size=BATCH)))
    parsed = list(nlp.pipe(texts, batch_size=BATCH))
    rss_pipe = _rss_mb()
    articles = [Article(body=t, source=str(d.text_path)) for t, d in zip(texts, docs)]
    mention = lambda doc, article: MentionResolver()  # noqa: E731
    t_full = fastest(lambda: extract_many(articles, nlp, batch_size=BATCH, resolver_factory=mention))
    rss_full = _rss_mb()
    t_rules = fastest(lambda: [statements_from_doc(doc, art, MentionResolver()) for doc, art in zip(parsed, articles)])
    factory = default_resolver_factory()
    sample = min(len(parsed), 20)
    t0 = time.perf_counter()
    for doc, art in zip(parsed[:sample], articles[:sample]):
        statements_from_doc(doc, art, factory(doc, art))
    t_actors = (time.perf_counter() - t0) * len(parsed) / sample
    print("\nThroughput on one core (same texts, batch size %d; each side warmed once, fastest of %d runs):" % (BATCH, REPEATS))
    rows = (
        ("spaCy nlp.pipe (reference)", t_pipe),
        ("stancemap extraction (parse+rules)", t_full),
        ("  + actor resolution (estimate)", t_full - t_rules + t_actors),
        ("  rules+dates on parsed docs", t_rules),
        ("  rules+dates+actor resolution*", t_actors),
    )
    for name, secs in rows:
        print(f"  {name:<36} {words / secs:>9.0f} words/s {len(texts) / secs:>7.1f} articles/s ({secs:.1f} s)")
    print(f"  stancemap extraction runs at {t_pipe / t_full:.0%} of bare spaCy speed")
    # would parsing only sentences with a cue candidate pay? share of words such a prefilter keeps
    from stancemap.statements.cues import load_cues

    lex = load_cues()
    cue_words = set(lex.verbs) | set(lex.nouns) | set(lex.phrases) | {"accord"}
    kept = total = 0
    for doc in parsed:
        for sent in doc.sents:
            total += len(sent)
            if any(t.lemma_.lower() in cue_words or t.text in {'"', "“", "”", ":"} for t in sent):
                kept += len(sent)
    print(f"  a cue-candidate prefilter would still parse {kept / total:.0%} of the words: at most "
          f"{1 - kept / total:.0%} of the parse saved, and actor learning needs the whole parsed article, so it is not used")
    print(f"  * actor resolution (stancemap.actors) timed on {sample} articles and scaled")
    print(f"Peak memory (max RSS): {rss0:.0f} MB before, {rss_pipe:.0f} MB after nlp.pipe, {rss_full:.0f} MB after extraction")


if __name__ == "__main__":
    main()

"""End-to-end `analyze` throughput and peak memory, with bare spaCy over the same texts as the reference.

Two corpora from ../shared/data (see corpus_texts), each at least MIN_ARTICLES
articles (repeated with a copy marker where needed), written as .txt files:
the mixed one, where most articles never name the conflict, and conflict-news
alone, where every statement is coded. Each measurement runs in
its own process pinned to one CPU, with the model loaded before the clock
starts, so the figures are articles per second on one core and the peak
resident memory of that process:

- spacy:     nlp.pipe over the texts with the model as shipped (spacy.load,
             every component it enables), and nothing else; run before and
             after stancemap, the faster counting;
- stancemap: run_analyze on the folder into a fresh DuckDB file (ingest,
             statements, stance coding for armenia-azerbaijan, analysis) plus
             the JSON and HTML reports.

Run: .venv/bin/python bench/analyze.py [N]   (N: cap the corpus for a quick look)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_data import unreserved_articles  # bench/ is the scripts' folder

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
MIN_ARTICLES = 1000
CONFLICT = "armenia-azerbaijan"


def corpus_texts(limit: int | None = None, corpus: str = "mixed") -> list[str]:
    """The texts of a bench corpus, at least MIN_ARTICLES (unless limited).

    mixed:         conflict-news plus PolNeAR train/dev (about 1,200 articles; three in four
                   are US politics that never name the conflict, and analyze leaves them uncoded);
    conflict-news: the 253 unreserved Karabakh articles repeated, every one coded (the heavy path).
    """
    files = unreserved_articles("conflict-news")
    if corpus == "mixed":
        for split in ("train", "dev"):
            files += sorted((SHARED / "polnear" / split / "text").glob("*.txt"))
    texts = [p.read_text("utf-8", errors="replace") for p in files]
    if not texts:
        raise SystemExit(f"no texts under {SHARED}: the shared data sets sit beside the repository")
    want = limit or MIN_ARTICLES
    out = list(texts)
    copy = 1
    while len(out) < want:
        out += [f"{t}\n\n(copy {copy})" for t in texts]  # a marker keeps each copy a distinct article
        copy += 1
    return out[:limit] if limit else out


def _pin_one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, folder: str) -> None:
    """One measurement, in its own process; prints a JSON line."""
    _pin_one_core()
    sys.path.insert(0, str(REPO))
    import spacy

    from stancemap.config import model_name
    from stancemap.nlp.model import load

    # the reference is the model as shipped; stancemap parses with its own set-up of it
    nlp = spacy.load(model_name()) if kind == "spacy" else load()
    paths = sorted(Path(folder).glob("*.txt"))
    texts = [p.read_text("utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "spacy":
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        extra = {}
    else:
        from stancemap.analysis.pipeline import run_analyze
        from stancemap.report import render_html, render_json
        from stancemap.store.db import Store

        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
            # every article parsed: the figure is the cost per parsed article against bare spaCy
            # (bench/scale.py measures what the relevance test spares on a crawl)
            result, run = run_analyze([folder], store, CONFLICT, parse_all=True)
            render_json(result)
            render_html(result)
        extra = {"statements": len(result.rows), "findings": len(result.findings), "camps": len(result.camps()),
                 "added": run.added, "failures": len(run.failures), "coded": run.coded, "off_topic": run.off_topic}
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"kind": kind, "articles": len(texts), "words": words, "seconds": elapsed, "cpu_seconds": cpu,
                      "peak_mb": _peak_mb(), "pipeline": list(nlp.pipe_names), "model": nlp.meta.get("name"), **extra}))


def measure(kind: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"bench {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(limit: int | None = None) -> None:
    for corpus in ("mixed", "conflict-news"):
        measure_corpus(corpus, limit)


def measure_corpus(corpus: str, limit: int | None = None) -> None:
    texts = corpus_texts(limit, corpus)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        words = sum(len(t.split()) for t in texts)
        print(f"\n--- corpus {corpus}: {len(texts)} articles, {words} words; one core each run")
        # the reference runs before and after, and the faster run counts, so a busy machine
        # during one of them does not flatter stancemap
        first = measure("spacy", folder)
        ours = measure("stancemap", folder)
        second = measure("spacy", folder)
        spacy = min(first, second, key=lambda m: m["seconds"])
        print(f"bare spaCy runs: {first['seconds']:.1f} s and {second['seconds']:.1f} s (the faster is the reference)")
    print(f"bare spaCy pipeline: {first['model']} {' > '.join(first['pipeline'])}")
    print(f"stancemap pipeline:  {ours['model']} {' > '.join(ours['pipeline'])} (attribute ruler and lemmatizer memoised)")
    rows = []
    for m, label in ((spacy, "bare spaCy nlp.pipe"), (ours, "stancemap analyze (end to end)")):
        rate = m["articles"] / m["seconds"]
        rows.append((label, rate, m["words"] / m["seconds"], m["seconds"], m["peak_mb"]))
    print(f"{'':34} {'articles/s':>10} {'words/s':>9} {'seconds':>8} {'peak MB':>8}")
    for label, rate, wps, secs, mb in rows:
        print(f"{label:34} {rate:10.2f} {wps:9.0f} {secs:8.1f} {mb:8.0f}")
    print(f"stancemap / bare spaCy: {rows[1][1] / rows[0][1]:.0%} of the reference articles/s (target >= 80%)")
    # CPU seconds of each process: what a busy shared machine does to wall time cancels out
    print(f"by CPU time: bare spaCy {spacy['articles'] / spacy['cpu_seconds']:.2f} articles per CPU-second, stancemap "
          f"{ours['articles'] / ours['cpu_seconds']:.2f}: {spacy['cpu_seconds'] / ours['cpu_seconds']:.0%} of the reference")
    print(
        f"stancemap run: {ours['added']} articles stored ({ours['off_topic']} never name the conflict), "
        f"{ours['coded']} statements coded, {ours['statements']} in the analysis, "
        f"{ours['camps']} camps, {ours['findings']} findings, {ours['failures']} failures"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else None)

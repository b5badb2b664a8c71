"""Article-body extraction benchmark: stancemap's HTML ingest vs plain trafilatura, same run.

Data: ../shared/data/article-extraction-benchmark (181 pages + ground truth).
Scoring follows that README exactly: \\w+ tokens, multisets of 4-token
shingles, per-page (TP, FP, FN) normalised to sum 1, precision/recall averaged
over pages, F1 of the two means, accuracy = share of pages whose token list
equals the truth's. Also prints the seed-format (text dump) extractor's
throughput on the seed and on synthetic variants of it.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
DATA = SHARED / "data" / "article-extraction-benchmark"
SEED = SHARED / "seed" / "000_b1cc76adf05f4c39.txt"

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(toks: list[str], n: int = 4) -> Counter:
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(truth: str, pred: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) for one page."""
    t, p = shingles(tokens(truth)), shingles(tokens(pred))
    tp = sum(min(c, p[s]) for s, c in t.items())
    fp = sum(max(0, c - t[s]) for s, c in p.items())
    fn = sum(max(0, c - p[s]) for s, c in t.items())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _ratio(num: float, other: float) -> float:
    if other == 0:
        return 1.0
    if num == 0:
        return 0.0
    return num / (num + other)


def score(truths: dict[str, str], preds: dict[str, str]) -> dict[str, float]:
    precisions, recalls, exact = [], [], 0
    for key, truth in truths.items():
        pred = preds.get(key, "")
        tp, fp, fn = page_counts(truth, pred)
        if tp + fp > 0:
            precisions.append(_ratio(tp, fp))
        if tp + fn > 0:
            recalls.append(_ratio(tp, fn))
        exact += tokens(truth) == tokens(pred)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f1, "precision": p, "recall": r, "accuracy": exact / len(truths)}


def load_pages() -> tuple[dict[str, bytes], dict[str, str], dict[str, str]]:
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages, truths, urls = {}, {}, {}
    for key, item in truth.items():
        path = DATA / "html" / f"{key}.html.gz"
        if path.exists():
            pages[key] = gzip.decompress(path.read_bytes())
            truths[key] = item["articleBody"]
            urls[key] = item.get("url")
    return pages, truths, urls


def run_stancemap(pages: dict[str, bytes], urls: dict[str, str]) -> dict[str, str]:
    from stancemap.ingest.decode import decode
    from stancemap.ingest.errors import IngestError
    from stancemap.ingest.html import extract_html

    out = {}
    for key, data in pages.items():
        try:
            text, _ = decode(data)
            out[key] = extract_html(text, url=urls[key]).body
        except IngestError:
            out[key] = ""
    return out


def run_trafilatura(pages: dict[str, bytes], urls: dict[str, str]) -> dict[str, str]:
    import trafilatura

    out = {}
    for key, data in pages.items():
        out[key] = trafilatura.extract(data, url=urls[key], include_comments=False, include_tables=False) or ""
    return out


def timed(fn, *args) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def seed_throughput(repeat: int = 200) -> tuple[float, int]:
    """Pages/s of the text-dump extractor over the seed and variants of it with shuffled furniture."""
    from stancemap.ingest.textdump import clean_inline, extract_textdump

    seed = SEED.read_text(encoding="utf-8")
    variants = [seed, seed.replace("🕒 18 Oct in 8:00", "🕒 3 Nov in 14:25"), seed.replace("👁 3690 views", "👁 12 views")]
    started = time.perf_counter()
    n = 0
    for i in range(repeat):
        clean_inline.cache_clear()  # every real page is new: no help from the line cache
        extract_textdump(variants[i % len(variants)], source=f"seed-{i}")
        n += 1
    return n / (time.perf_counter() - started), n


def main() -> None:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    pages, truths, urls = load_pages()
    print(f"{len(pages)} pages from {DATA.name}")
    # Warm both up (imports, lxml, caches) so neither pays start-up inside its timing.
    first = next(iter(pages))
    run_trafilatura({first: pages[first]}, urls)
    run_stancemap({first: pages[first]}, urls)

    ours, ours_s = timed(run_stancemap, pages, urls)
    plain, plain_s = timed(run_trafilatura, pages, urls)
    rows = [
        ("stancemap ingest (html)", score(truths, ours), len(pages) / ours_s),
        ("trafilatura.extract", score(truths, plain), len(pages) / plain_s),
    ]
    print(f"{'extractor':<26}{'F1':>7}{'prec':>7}{'recall':>8}{'acc':>7}{'pages/s':>9}")
    for name, s, speed in rows:
        print(f"{name:<26}{s['f1']:7.3f}{s['precision']:7.3f}{s['recall']:8.3f}{s['accuracy']:7.3f}{speed:9.1f}")

    if SEED.exists():
        speed, n = seed_throughput()
        print(f"seed-format text dump extractor: {speed:.0f} pages/s ({n} pages)")


if __name__ == "__main__":
    main()

"""Training the learned attribution taggers (stancemap.statements.learned_attribution) on a
brat corpus in PolNeAR's layout, and choosing their settings on a second one.

`stancemap train-attribution` calls `train_attribution`: it parses the training split with
the pipeline's own parse (segmentation included), turns each gold attribution into
labelled sequences (one per sentence for the cue tagger; one per gold cue, over the cue's
sentence and its neighbours, for the role tagger), fits both CRFs with crfsuite (L-BFGS,
elastic-net regularisation; the candidates of `SETTINGS`, the one that scores best on the
development split by whole-attribution overlap F1 kept) and writes the models. Training
is deterministic: the same corpus, settings and library versions give the same files.
"""

from __future__ import annotations

import json
import time
from bisect import bisect_right
from pathlib import Path
from typing import Callable

import pycrfsuite
from spacy.tokens import Doc, DocBin

from ..nlp.model import load
from ..nlp.text import keep_text
from ..records import Article
from ..statements.cues import load_cues
from ..statements.extract import MentionResolver, default_resolver_factory, statements_from_doc
from ..statements.learned_attribution import (CUE_MODEL, MODEL_META, MODEL_VERSION, ROLE_MODEL, LearnedAttributionFinder,
                                              cue_sequences, doc_features, role_sequence, to_items)
from .brat import BratDoc, read_brat_dir, score_docs, statement_to_brat

# (c1, c2) of the cue and role taggers (elastic net), as in the first version's search on dev
SETTINGS = {"cue": (0.05, 0.01), "role": (0.05, 0.01)}
MAX_ITERATIONS = 150
MIN_FREQ = 2  # a feature seen once in training is dropped: a smaller model
# the role tagger also learns from cue candidates the gold does not mark (a lexicon word, a rule
# cue), labelled all O, so a spurious cue can yield nothing (see `examples`)
NEGATIVES = False
# decoding settings tried on the development split (no refit), scored as users get the statements
# (`eval --brat`: units, one per speaker and sentence): the confidence a cue of the taggers needs to be
# kept (the mean marginal probability of its cue labels); which cues may go without a source (a passive
# or "reportedly" cue: "it was reported that ..."); which sources a unit of the taggers may have (a
# name or personal pronoun, or any agent that can speak); and whether units keep agentless ones as
# unattributed statements (those whose cue is a reporting word of the lexicon)
DECODINGS: list[dict] = [
    {"min_confidence": c, "agentless": "passive", "unit_speakers": speakers, "unit_agentless": agentless}
    for c in (0.5, 0.7) for speakers in ("named", "agent") for agentless in (False, "lexicon")
]


def parse(docs: list[BratDoc], model: str | None = None, progress: Callable[[str], None] | None = None,
          cache: Path | None = None) -> list[Doc]:
    """The pipeline's own parse of each article (segmentation included). `cache`: a DocBin file
    that keeps the parse between runs (read when it holds these very texts, else written)."""
    nlp = load(model)
    if cache is not None and cache.is_file():
        parsed = list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
        if [d.text for d in parsed] == [d.text for d in docs]:
            for doc, gold in zip(parsed, docs):
                keep_text(doc, gold.text)
            return parsed
    out = []
    for i, doc in enumerate(nlp.pipe((d.text for d in docs), batch_size=16)):
        out.append(doc)
        if progress and (i + 1) % 100 == 0:
            progress(f"parsed {i + 1}/{len(docs)} articles")
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(DocBin(docs=out).to_bytes())
    return out


def _token_labels(doc: Doc, spans, starts: list[int]) -> list[int]:
    n = len(doc)
    out = []
    for s, e in spans:
        i = max(bisect_right(starts, s) - 1, 0)
        while i < n and starts[i] < e:
            t = doc[i]
            if starts[i] + len(t) > s and not t.is_space:
                out.append(i)
            i += 1
    return sorted(set(out))


def examples(doc: Doc, gold: BratDoc, negatives: bool = False):
    """(cue sequences, role sequences) of one article: lists of (features, labels).

    `negatives` (off for the shipped models: it lost 0.005 on dev, docs/statements.md): also a role sequence of all O
    for each cue candidate the gold does not mark (a lexicon verb or noun, a rule cue), so the
    role tagger could learn to find nothing there and a spurious cue yield no attribution."""
    df = doc_features(doc)
    starts = [t.idx for t in doc]
    cue_labels = ["O"] * len(doc)
    roles = []
    seen: set[tuple[int, ...]] = set()
    for att in gold.attributions:
        cue = _token_labels(doc, att.cue, starts)
        if not cue:
            continue
        for i in cue:
            cue_labels[i] = "I-CUE" if i - 1 in cue else "B-CUE"
        if tuple(cue) in seen:
            continue
        seen.add(tuple(cue))
        cue_type = _cue_type(doc, cue)
        lo, hi, feats = role_sequence(df, cue, cue_type)
        labels = ["O"] * (hi - lo)
        src = _token_labels(doc, att.source, starts)
        con = _token_labels(doc, att.content, starts)
        for idx, tag in ((src, "S"), (con, "C")):
            s = set(idx)
            for i in idx:
                if lo <= i < hi and i not in cue:
                    labels[i - lo] = ("I-" if i - 1 in s and i - 1 >= lo else "B-") + tag
        roles.append((feats, labels))
    if negatives:

        lex = load_cues()
        taken = {i for i, lab in enumerate(cue_labels) if lab != "O"}
        for t in doc:
            if t.i in taken:
                continue
            lem = t.lemma_.lower()
            if df.rule_cue[t.i] == "B" or (t.pos_ == "VERB" and lem in lex.verbs) or (t.pos_ == "NOUN" and lem in lex.nouns):
                cue = [t.i]
                while df.rule_cue[t.i] and cue[-1] + 1 < len(doc) and df.rule_cue[cue[-1] + 1] == "I":
                    cue.append(cue[-1] + 1)
                if taken & set(cue):
                    continue
                lo, hi, feats = role_sequence(df, cue, _cue_type(doc, cue))
                roles.append((feats, ["O"] * (hi - lo)))
    cues = [(feats, cue_labels[s:e]) for s, e, feats in cue_sequences(df)]
    return cues, roles


def _cue_type(doc: Doc, cue: list[int]) -> str:

    lex = load_cues()
    for i in cue:
        lem = doc[i].lemma_.lower()
        kind = lex.verbs.get(lem) or lex.nouns.get(lem)
        if kind:
            return kind
    return "speech"


def fit(sequences, path: Path, c1: float, c2: float, max_iterations: int = MAX_ITERATIONS) -> None:

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in sequences:
        trainer.append(to_items(feats), labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": MIN_FREQ,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def predict(docs: list[Doc], model_dir: Path, mode: str = "learned", decoding: dict | None = None,
            units: bool = False) -> list[list]:
    """Brat attributions predicted on parsed docs, as `stancemap eval --brat` scores them: every
    attribution, or (`units`) the statements a user gets, speakers resolved."""

    finder = LearnedAttributionFinder(mode, model_dir, units=units, **(decoding or {}))
    factory = default_resolver_factory() if units else (lambda doc, article: MentionResolver())
    out = []
    for doc in docs:
        article = Article(body=doc.text, raw_text=doc.text, body_offset=0, format="text")
        stmts = statements_from_doc(doc, article, factory(doc, article), finder, one_per_sentence=units)
        out.append([statement_to_brat(s) for s in stmts])
    return out


def train_attribution(
    train_dir: str | Path,
    dev_dir: str | Path | None,
    out_dir: str | Path,
    model: str | None = None,
    progress: Callable[[str], None] | None = None,
    cache: Path | None = None,
) -> dict:
    """Fit the cue and role taggers on `train_dir`, choose the decoding on `dev_dir` (the
    candidates of DECODINGS, by whole-attribution overlap F1 of the combined stage, the
    one a user gets), write the models to `out_dir` and return a report. `cache`: a folder
    that keeps the parse of each split between runs."""
    say = progress or (lambda _: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    train_gold = read_brat_dir(train_dir)
    say(f"parsing {len(train_gold)} training articles ...")
    train_docs = parse(train_gold, model, say, cache / "train.spacy" if cache else None)
    cue_seqs, role_seqs = [], []
    for doc, gold in zip(train_docs, train_gold):
        c, r = examples(doc, gold, NEGATIVES)
        cue_seqs.extend(c)
        role_seqs.extend(r)
    del train_docs
    say(f"fitting the taggers on {len(cue_seqs)} sentences and {len(role_seqs)} cues ...")
    fit(cue_seqs, out / CUE_MODEL, *SETTINGS["cue"])
    fit(role_seqs, out / ROLE_MODEL, *SETTINGS["role"])
    report: dict = {"version": MODEL_VERSION, "train": str(train_dir), "train_articles": len(train_gold),
                    "cue_sequences": len(cue_seqs), "role_sequences": len(role_seqs)}
    report.update(choose_decoding(out, dev_dir, model, say, cache))
    report["seconds"] = round(time.time() - t0, 1)
    write_meta(out, Path(train_dir).name, len(train_gold), report["chosen"])
    return report


def write_meta(out: Path, train_name: str, train_articles: int, chosen: dict) -> None:
    """attribution-model.json: how the models were made, the decoding chosen, its dev figures."""
    meta = {"version": MODEL_VERSION, "train": train_name, "train_articles": train_articles,
            "cue": list(SETTINGS["cue"]), "role": list(SETTINGS["role"]), "max_iterations": MAX_ITERATIONS,
            "min_freq": MIN_FREQ, "negatives": NEGATIVES, "decoding": chosen["decoding"]}
    for mode in ("learned", "combined"):
        if mode in chosen:
            meta[f"dev_{mode}"] = {k: v for k, v in chosen[mode].items() if k != "articles"}
    (out / MODEL_META).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def choose_decoding(out: Path, dev_dir: str | Path | None, model: str | None = None,
                    say: Callable[[str], None] = lambda _: None, cache: Path | None = None) -> dict:
    """The decoding of DECODINGS under which the models in `out` score best on `dev_dir`
    (whole-attribution overlap F1 of the combined stage, in the statements a user gets), with
    each candidate's figures; the first candidate when there is no dev corpus."""
    dev_gold = read_brat_dir(dev_dir) if dev_dir else []
    report: dict = {"candidates": [], "chosen": {"decoding": DECODINGS[0]}}
    if not dev_gold:
        return report
    dev_docs = parse(dev_gold, model, say, cache / "dev.spacy" if cache else None)
    best = None
    for decoding in DECODINGS:
        entry: dict = {"decoding": decoding}
        entry["combined"] = _score(dev_gold, predict(dev_docs, out, "combined", decoding, units=True))
        key = entry["combined"]["attribution"]["overlap"]["f1"]
        say(f"  {decoding}: dev statements, combined attribution overlap F1 {key:.4f}")
        report["candidates"].append(entry)
        if best is None or key > best[0]:
            best = (key, entry)
    chosen = best[1]
    chosen["learned"] = _score(dev_gold, predict(dev_docs, out, "learned", chosen["decoding"], units=True))
    report["chosen"] = chosen
    return report


def _score(gold: list[BratDoc], predicted: list[list]) -> dict:
    return score_docs((d.text, d.attributions, p) for d, p in zip(gold, predicted))

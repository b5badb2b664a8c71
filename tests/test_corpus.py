"""The annotated corpus: offsets that still cut the right sentences from ../shared, its size,
the reserved files left alone, the converter from verbatim sentences, and agreement."""

from __future__ import annotations

import yaml

from conftest import REPO, shared_path
from stancemap.evaluate.agreement import compare, compare_folders
from stancemap.evaluate.gold import load_gold, read_source

CORPUS = REPO / "corpus"
RESERVED = set("004 013 032 037 071 080 087 098 108 121 130 143 162 163 167 169 172 179 185 205 210 213 239 245 262 266".split())


def test_every_annotation_resolves_against_the_shared_texts():
    shared_path("data", "conflict-news")
    units = 0
    for folder, minimum in (("conflict-news", 30), ("syria-news", 30)):
        files = sorted((CORPUS / folder).glob("*.yaml"))
        assert len(files) >= minimum
        for path in files:
            gold = load_gold(path)  # fails, naming the unit, when a checksum no longer matches
            text = read_source(gold.source)
            assert gold.units and all(u.sentence in text for u in gold.units)
            assert all(u.quote in u.sentence for u in gold.units if u.quote)
            units += len(gold.units)
    assert units >= 2000


def test_no_reserved_article_is_annotated():
    annotated = {p.stem for p in CORPUS.rglob("conflict-news/*.yaml")}
    assert annotated and not annotated & RESERVED


def test_the_converter_rebuilds_the_offsets_from_verbatim_sentences(tmp_path):
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    from gold_offsets import to_offsets

    source = CORPUS / "syria-news" / sorted(p.name for p in (CORPUS / "syria-news").glob("*.yaml"))[0]
    shared_path("data", "syria-news")
    gold = load_gold(source)
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    # the text form an annotator writes: sentences and quotes copied, offsets gone
    raw["source"] = str(gold.source)
    for unit, loaded in zip(raw["statements"], gold.units):
        unit.pop("sentence_span"), unit.pop("sentence_sha1")
        unit.pop("quote_span", None)
        unit["sentence"] = " ".join(loaded.sentence.split()).upper()  # whitespace and case may differ
        if loaded.quote:
            unit["quote"] = loaded.quote
    text_form = tmp_path / "text-form.yaml"
    text_form.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    rebuilt, problems = to_offsets(text_form, tmp_path / "out.yaml")
    assert problems == []
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert [u["sentence_span"] for u in rebuilt["statements"]] == [u["sentence_span"] for u in original["statements"]]
    assert [u.get("quote_span") for u in rebuilt["statements"]] == [u.get("quote_span") for u in original["statements"]]
    # a sentence that is not in the text is reported, naming the unit
    raw["statements"][0]["sentence"] = "A sentence no outlet printed."
    text_form.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _, problems = to_offsets(text_form, None)
    assert len(problems) == 1 and problems[0].startswith("statements[0]")


def test_agreement_of_a_file_with_itself_is_perfect_and_of_two_annotators_is_measured():
    shared_path("data", "conflict-news")
    second = sorted((CORPUS / "agreement" / "conflict-news").glob("*.yaml"))[0]
    first = CORPUS / "conflict-news" / second.name
    same = compare(load_gold(first), load_gold(first)).json()
    assert same["units"]["f1"] == 1.0 and same["stance_all_pairs"]["kappa"] == 1.0
    total, per_file = compare_folders(CORPUS, CORPUS / "agreement")
    figures = total.json()
    assert figures["articles"] == len(per_file) >= 15
    required_first = sum(sum(1 for u in load_gold(CORPUS / rel).units if not u.optional) for rel in per_file)
    assert figures["units"]["matched"] + figures["units"]["only_first"] == required_first
    assert 0.5 < figures["units"]["f1"] <= 1.0 and figures["stance_all_pairs"]["pairs"] == 2 * figures["units"]["matched"]

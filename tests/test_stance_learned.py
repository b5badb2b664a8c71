"""The learned coder: fitted on annotated articles, measured on article-grouped folds, shipped, used by default."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, shared_path
from stancemap.evaluate.folds import article_folds, copy_families, cross_validate, gold_examples
from stancemap.records import Statement
from stancemap.stance import code_statements, default_coder, get_coder
from stancemap.stance.coder import Coder
from stancemap.stance.conflicts import resolve_conflict
from stancemap.stance.learned import SHIPPED_MODEL, ModelError, Settings, article_key, load_model, mask, relation

CORPUS = REPO / "corpus"


def corpus_files(folder: str, n: int | None = None) -> list:
    shared_path("data", folder)  # the annotations point into ../shared
    files = sorted((CORPUS / folder).glob("*.yaml"))
    return files[:n] if n else files


def test_masking_hides_the_sides_and_the_speaker():
    karabakh = resolve_conflict("armenia-azerbaijan")
    text = mask("Velayati said Iran would help Baku against Armenian forces.", karabakh, "Azerbaijan", "Ali Akbar Velayati")
    assert text == "speaker said iran would help side_t against side_o forces."


def test_relation_places_speakers_by_side_ally_and_country():
    syria = resolve_conflict("syria")
    assert relation("Syrian government", ["Syrian government"], "Syria", syria) == "self"
    assert relation("Syrian opposition", ["Syrian government"], "Syria", syria) == "enemy"
    assert relation("Syrian government", [], "Russia", syria) == "ally"
    assert relation("Syrian opposition", [], "Russia", syria) == "enemy_ally"
    assert relation("Syrian opposition", [], "France", syria) == "third"
    assert relation("Syrian opposition", [], None, syria) == "unknown"


def test_folds_never_split_an_article():
    examples = gold_examples(corpus_files("syria-news", 12))
    folds = article_folds(examples, 4)
    assert sorted(i for f in folds for i in f) == list(range(len(examples)))
    sources = [{examples[i].source for i in f} for f in folds]
    assert all(a.isdisjoint(b) for n, a in enumerate(sources) for b in sources[n + 1:])


def test_near_copies_of_one_story_share_a_fold():
    """conflict-news 215 and 216 are one story saved twice: a fold split between them would
    score the coder on a text it was fitted on."""
    twins = [CORPUS / "conflict-news" / f"{n}.yaml" for n in ("215", "216")]
    others = corpus_files("conflict-news", 6)
    texts = {str(p): shared_path("data", "conflict-news", "articles", p.stem + ".txt").read_text(encoding="utf-8")
             for p in twins + others}
    family = copy_families(texts)
    assert family[str(twins[0])] == family[str(twins[1])] == str(twins[0])
    assert all(family[str(p)] == str(p) for p in others)  # distinct stories stay apart
    examples = gold_examples(twins + others)
    for fold in article_folds(examples, 3):
        sources = {examples[i].source for i in fold}
        assert (str(twins[0]) in sources) == (str(twins[1]) in sources)


def test_cross_validation_scores_every_labelled_pair_once_beside_rules_and_prior():
    examples = gold_examples(corpus_files("conflict-news", 10))
    report = cross_validate(examples, Settings(), k=3)
    labelled = sum(1 for e in examples if not e.optional for s in e.conflict.side_names if s in e.stance)
    for coder in ("rules", "prior", "learned"):
        assert report["all"][coder]["stance_pairs"] == labelled
    assert report["articles"] == 10 and report["folds"] == 3


def test_train_cli_writes_a_model_that_codes_and_records_its_articles(cli, tmp_path, nlp):
    files = corpus_files("conflict-news", 8)
    model = tmp_path / "coder.json.gz"
    result = cli("train", *files, "--out", model, "--folds", "3", "--no-search", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["folds"] == 3 and report["articles"] == 8
    assert report["all"]["learned"]["stance_pairs"] == report["all"]["rules"]["stance_pairs"] > 0
    loaded = load_model(model)
    assert loaded.trained_on == sorted(article_key(shared_path("data", "conflict-news", "articles", f.stem + ".txt")) for f in files)
    coder = get_coder(str(model), nlp=nlp)
    assert isinstance(coder, Coder) and coder.name == "learned"
    st = Statement("t", "Pope Francis", "Pope Francis", "test", "", "Pope Francis urged both sides to stop the fighting.", 0, 10)
    coding = code_statements([st], "armenia-azerbaijan", coder=coder)[0]
    assert coding.actions and set(coding.stance) <= {"Armenia", "Azerbaijan"}
    assert all(0 < s.confidence <= 1 for s in coding.stance.values())
    # the same model bytes from the same data: training is reproducible
    again = tmp_path / "again.json.gz"
    cli("train", *files, "--out", again, "--folds", "3", "--no-search", "--json")
    assert again.read_bytes() == model.read_bytes()


def test_the_shipped_model_is_the_default_and_eval_refuses_its_training_articles(cli):
    assert SHIPPED_MODEL.exists() and default_coder() == "learned"
    model = load_model(SHIPPED_MODEL)
    assert len(model.trained_on) >= 100 and model.units >= 1500
    trained = corpus_files("conflict-news", 1)[0]
    result = cli("eval", trained, "--coder", "learned")
    assert result.exit_code == 2 and "was fitted on this gold file" in result.output


def test_missing_or_foreign_model_files_are_clear_errors(tmp_path, cli):
    with pytest.raises(ModelError, match="no coder model here"):
        load_model(tmp_path / "none.json.gz")
    junk = tmp_path / "junk.json.gz"
    junk.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a stancemap coder model"):
        load_model(junk)
    result = cli("code", "--coder", junk, "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 2 and "junk.json.gz" in result.output

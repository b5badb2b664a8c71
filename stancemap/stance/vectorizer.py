"""The trained coder's two feature transforms, read without scikit-learn.

The coder is trained with scikit-learn's `TfidfVectorizer` (the sentence's words and word
pairs) and `CountVectorizer` (the feature tokens), and stored as their vocabularies and idf
weights. Coding needs only their `transform`, and importing scikit-learn costs about 1.5 s
of CPU (it pulls in scipy.stats and pandas) in every process that codes: the command line,
and each `--workers`/`--cluster` worker before its first article. These two classes give
the same matrices from the stored vocabularies, in the same steps and the same order of
arithmetic (`tests/test_stance_vectorizer.py` compares them with scikit-learn's).
"""

from __future__ import annotations

import math
import re
from typing import Iterable

import numpy
from scipy import sparse


class WordsTfidf:
    """`TfidfVectorizer(ngram_range=(lo, hi), sublinear_tf=True, norm="l2").transform` (lower-cased,
    as its default) with a fitted vocabulary: token counts, 1 + log(count), times idf, each row scaled to length 1."""

    def __init__(self, vocabulary: dict[str, int], idf: Iterable[float], token_pattern: str,
                 ngram_range: tuple[int, int] = (1, 1)):
        self.vocabulary = vocabulary
        self.idf = numpy.asarray(idf, dtype=numpy.float64)
        self.pattern = re.compile(token_pattern)
        self.ngram_range = ngram_range

    def grams(self, text: str) -> list[str]:
        """The text's tokens, then its word pairs (and longer n-grams), as scikit-learn lists them."""
        tokens = self.pattern.findall(text.lower())
        lo, hi = self.ngram_range
        grams = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return grams

    def transform(self, texts: Iterable[str], grams: list[list[str]] | None = None) -> sparse.csr_matrix:
        """`grams`: the texts' `grams`, when another vectorizer of the same pattern already listed them."""
        indptr, indices, counted = [0], [], []
        for n, text in enumerate(texts):
            counts: dict[int, int] = {}
            for gram in grams[n] if grams is not None else self.grams(text):
                column = self.vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            columns = sorted(counts)
            indices += columns
            counted += [counts[c] for c in columns]
            indptr.append(len(indices))
        data = numpy.array(counted, dtype=numpy.float64)
        numpy.log(data, data)
        data += 1
        data *= self.idf[numpy.array(indices, dtype=numpy.intp)]
        values = data.tolist()
        for start, end in zip(indptr, indptr[1:]):
            norm = 0.0
            for w in values[start:end]:  # summed in column order, as scikit-learn's row normalisation does
                norm += w * w
            if norm:
                norm = math.sqrt(norm)
                values[start:end] = [w / norm for w in values[start:end]]
        return sparse.csr_matrix((numpy.array(values, dtype=numpy.float64), numpy.array(indices, dtype=numpy.int32),
                                  numpy.array(indptr, dtype=numpy.int32)), shape=(len(indptr) - 1, len(self.idf)))


class TokenPresence:
    """`CountVectorizer(lowercase=False, binary=True).transform` with a fitted vocabulary: 1
    where a known feature token occurs."""

    def __init__(self, vocabulary: dict[str, int], token_pattern: str):
        self.vocabulary = vocabulary
        self.pattern = re.compile(token_pattern)

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        indptr, indices = [0], []
        column = self.vocabulary.get
        for text in texts:
            found = {column(t) for t in self.pattern.findall(text)}
            found.discard(None)
            indices += sorted(found)
            indptr.append(len(indices))
        return sparse.csr_matrix((numpy.ones(len(indices), dtype=numpy.int64), numpy.array(indices, dtype=numpy.int32),
                                  numpy.array(indptr, dtype=numpy.int32)), shape=(len(indptr) - 1, len(self.vocabulary)))

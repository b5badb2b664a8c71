"""A learned coder: a small scikit-learn model fitted on gold-annotated statements.

Features are the sentence with the conflict's sides masked (the side being
coded becomes SIDE_T, the other SIDE_O, the speaker SPEAKER), so what is learnt
is the wording of stance, not the names of one conflict; plus the rule coder's
own decisions as tokens, so the model complements the rules rather than
starting from nothing. Stance is one classifier over (statement, side) pairs
(none / support / oppose / neutral); actions one-vs-rest over the action list.

It is measured with the same scoring as `stancemap eval`, and never on the
files it was fitted on: leave-one-file-out with several gold files, grouped
k-fold over sentences with one.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..records import Coding, SideStance, Statement
from .actions import action, action_names
from .coder import ParseCache, RuleCoder
from .conflicts import Conflict, conflict_for_sides, resolve_conflict

MODEL_ENV = "STANCEMAP_CODER_MODEL"
DEFAULT_MODEL_FILE = "stancemap-coder.pkl"
FORMAT_VERSION = 1
NONE = "none"


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file and the reason."""


def default_model_path() -> Path:
    return Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL_FILE)


@dataclass
class Example:
    """One gold unit as coder input and expected output."""

    statement: Statement
    conflict: Conflict
    actions: list[str] | None
    stance: dict[str, str]
    optional: bool
    source: str  # gold file it came from
    group: str  # units sharing a sentence are held out together


def gold_examples(paths: Iterable[str | Path]) -> list[Example]:
    """Annotated statements from gold files (schema: the gold README)."""
    from ..evaluate.gold import load_gold

    out: list[Example] = []
    for path in paths:
        gold = load_gold(path)
        conflict = conflict_for_sides(list(gold.sides), gold.conflict_name)
        for i, u in enumerate(gold.units):
            st = Statement(
                article_id=str(path), speaker=u.speaker, speaker_mention=u.speaker, speaker_reason="gold",
                cue="", sentence=u.sentence, sent_start=i, sent_end=i + 1, quote=u.quote, speaker_kind=u.kind,
            )
            out.append(Example(st, conflict, u.actions, dict(u.stance), u.optional, str(path), f"{path}:{u.sentence}"))
    return out


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


def _rule_tokens(coding: Coding | None, side: str | None) -> str:
    if coding is None:
        return ""
    toks = [f"ruleact_{a.name}" for a in coding.actions]
    if side is not None:
        st = coding.stance.get(side)
        toks.append(f"rulestance_{st.label if st else NONE}")
    else:
        toks.extend(f"rulestance_{st.label}" for st in coding.stance.values())
    return " ".join(toks)


@dataclass
class LearnedModel:
    stance: Any
    actions: Any
    action_labels: list[str]
    use_rules: bool = True
    trained_on: list[str] = field(default_factory=list)
    units: int = 0
    version: int = FORMAT_VERSION


def _features(statement: Statement, conflict: Conflict, side: str | None, rule: Coding | None) -> str:
    return f"{mask(statement.sentence, conflict, side, statement.speaker)} {_rule_tokens(rule, side)}".strip()


def fit(examples: list[Example], use_rules: bool = True, rules: RuleCoder | None = None) -> LearnedModel:
    """Fit the stance and action classifiers on gold examples."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    if not examples:
        raise ModelError("no annotated statements to train on")
    rules = rules or RuleCoder()
    rule_codings = {id(e): rules.code(e.statement, e.conflict) if use_rules else None for e in examples}

    X_st, y_st = [], []
    for e in examples:
        for side in e.conflict.side_names:
            X_st.append(_features(e.statement, e.conflict, side, rule_codings[id(e)]))
            y_st.append(e.stance.get(side, NONE))
    vec = dict(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w[\w-]*\b")
    if len(set(y_st)) < 2:
        raise ModelError("the gold gives a single stance label; at least two are needed to learn anything")
    stance_model = make_pipeline(TfidfVectorizer(**vec), LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000))
    stance_model.fit(X_st, y_st)

    with_actions = [e for e in examples if e.actions]
    mlb = MultiLabelBinarizer(classes=action_names())
    X_ac = [_features(e.statement, e.conflict, None, rule_codings[id(e)]) for e in with_actions]
    Y_ac = mlb.fit_transform([e.actions for e in with_actions])
    keep = [i for i in range(Y_ac.shape[1]) if 0 < Y_ac[:, i].sum() < len(with_actions)]
    labels = [mlb.classes_[i] for i in keep]
    actions_model = None
    if keep:
        actions_model = make_pipeline(
            TfidfVectorizer(**vec), OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000))
        )
        actions_model.fit(X_ac, Y_ac[:, keep])
    return LearnedModel(stance_model, actions_model, labels, use_rules, sorted({e.source for e in examples}), len(examples))


class LearnedCoder:
    """Codes with a fitted LearnedModel; same interface as the rule coder."""

    name = "learned"

    def __init__(self, model: LearnedModel, nlp: Any = None, rules: RuleCoder | None = None):
        self.model = model
        self.rules = rules or (RuleCoder(nlp) if model.use_rules else None)

    # With the rule coder's decisions at hand, the model overrides them only when it is sure;
    # without them (a model fitted with use_rules=False) it decides alone.
    OVERRIDE_STANCE = 0.7
    ADD_ACTION = 0.8
    DROP_ACTION = 0.1

    def code(self, statement: Statement, conflict: Conflict | Any, doc: Any = None) -> Coding:
        conflict = resolve_conflict(conflict)
        rule = self.rules.code(statement, conflict, doc) if self.rules is not None else None
        stance: dict[str, SideStance] = {}
        classes = list(self.model.stance.classes_)
        for side in conflict.side_names:
            probs = self.model.stance.predict_proba([_features(statement, conflict, side, rule)])[0]
            best = max(range(len(classes)), key=lambda i: probs[i])
            label, p = classes[best], float(probs[best])
            if rule is not None and p < self.OVERRIDE_STANCE:
                if side in rule.stance:
                    stance[side] = rule.stance[side]
                continue
            if label != NONE:
                cue = rule.stance[side].cue if rule is not None and side in rule.stance and rule.stance[side].label == label else "learned model"
                stance[side] = SideStance(label, round(p, 2), cue)
        names = set(a.name for a in rule.actions) if rule is not None else set()
        if self.model.actions is not None:
            probs = dict(zip(self.model.action_labels, self.model.actions.predict_proba([_features(statement, conflict, None, rule)])[0]))
            if rule is None:
                names = {lab for lab, p in probs.items() if p >= 0.5} or {max(probs, key=probs.get)}
            else:
                names |= {lab for lab, p in probs.items() if p >= self.ADD_ACTION}
                names -= {lab for lab, p in probs.items() if p <= self.DROP_ACTION}
        if not names:
            names = {a.name for a in rule.actions} if rule is not None and rule.actions else {"statement"}
        order = action_names()
        targets = list(rule.targets) if rule is not None else []
        return Coding(statement.id, conflict.id, [action(n) for n in sorted(names, key=order.index)], targets, stance)


def save_model(model: LearnedModel, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(model, fh)
    return path


def load_model(path: str | Path | None = None) -> LearnedModel:
    """A model written by `stancemap train` (a pickle: load only files you made yourself)."""
    path = Path(path) if path else default_model_path()
    if not path.exists():
        raise ModelError(f"{path}: no coder model here (write one with `stancemap train GOLD.yaml --out {path}`)")
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)
    except Exception as exc:  # a corrupt or foreign file
        raise ModelError(f"{path}: not a stancemap coder model ({type(exc).__name__}: {exc})") from None
    if not isinstance(model, LearnedModel) or model.version != FORMAT_VERSION:
        raise ModelError(f"{path}: not a stancemap coder model of format {FORMAT_VERSION}")
    return model


def load_learned_coder(path: str | Path | None = None, nlp: Any = None) -> LearnedCoder:
    return LearnedCoder(load_model(path), nlp=nlp)


# --- measuring -----------------------------------------------------------------------


@dataclass
class Tally:
    """Stance and action counts with the gold README's definitions."""

    pairs: int = 0
    correct: int = 0
    predicted: int = 0
    spurious: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold_labels: list[str] = field(default_factory=list)
    pred_labels: list[str] = field(default_factory=list)

    def add(self, example: Example, coding: Coding) -> None:
        if example.optional:
            return
        pred = {s: st.label for s, st in coding.stance.items()}
        for side in example.conflict.side_names:
            if side in example.stance:
                self.pairs += 1
                self.correct += pred.get(side) == example.stance[side]
                self.gold_labels.append(example.stance[side])
                self.pred_labels.append(pred.get(side, NONE))
            if side in pred:
                self.predicted += 1
                self.spurious += side not in example.stance
        if example.actions is not None:
            g, p = set(example.actions), {a.name for a in coding.actions}
            self.tp += len(g & p)
            self.fp += len(p - g)
            self.fn += len(g - p)

    def figures(self) -> dict[str, Any]:
        labels = ("support", "oppose", "neutral")
        f1s = []
        for lab in labels:
            tp = sum(1 for g, p in zip(self.gold_labels, self.pred_labels) if g == lab and p == lab)
            fp = sum(1 for g, p in zip(self.gold_labels, self.pred_labels) if g != lab and p == lab)
            fn = sum(1 for g, p in zip(self.gold_labels, self.pred_labels) if g == lab and p != lab)
            if tp + fp + fn:
                f1s.append(2 * tp / (2 * tp + fp + fn))
        denom = 2 * self.tp + self.fp + self.fn
        return {
            "stance_pairs": self.pairs,
            "stance_accuracy": round(self.correct / self.pairs, 3) if self.pairs else None,
            "stance_macro_f1": round(sum(f1s) / len(f1s), 3) if f1s else None,
            "spurious": round(self.spurious / self.predicted, 3) if self.predicted else None,
            "actions_micro_f1": round(2 * self.tp / denom, 3) if denom else None,
        }


def held_out(examples: list[Example], folds: int = 5, use_rules: bool = True) -> dict[str, Any]:
    """Held-out figures of the learned coder next to the rules on the same units:
    leave-one-file-out with several gold files, else grouped k-fold over sentences."""
    files = sorted({e.source for e in examples})
    if len(files) >= 2:
        splits = [([e for e in examples if e.source != f], [e for e in examples if e.source == f]) for f in files]
        scheme = f"leave-one-file-out over {len(files)} files"
    else:
        groups = sorted({e.group for e in examples})
        k = max(2, min(folds, len(groups)))
        splits = []
        for i in range(k):
            test_groups = set(groups[i::k])
            splits.append(([e for e in examples if e.group not in test_groups], [e for e in examples if e.group in test_groups]))
        scheme = f"{k}-fold over sentences of 1 file (grouped: units sharing a sentence are held out together)"
    rules = RuleCoder()
    learned_t, rules_t = Tally(), Tally()
    skipped = 0
    for train, test in splits:
        try:
            model = fit(train, use_rules=use_rules, rules=rules)
        except ModelError:
            skipped += 1
            continue
        coder = LearnedCoder(model, rules=rules if use_rules else None)
        for e in test:
            learned_t.add(e, coder.code(e.statement, e.conflict))
            rules_t.add(e, rules.code(e.statement, e.conflict))
    return {"scheme": scheme, "folds": len(splits), "folds_skipped": skipped,
            "learned": learned_t.figures(), "rules": rules_t.figures()}


def train(gold_paths: list[str | Path], out: str | Path, use_rules: bool = True, folds: int = 5) -> dict[str, Any]:
    """Measure held out, then fit on every given unit and save the model."""
    examples = gold_examples(gold_paths)
    report = held_out(examples, folds=folds, use_rules=use_rules)
    model = fit(examples, use_rules=use_rules)
    path = save_model(model, out)
    report.update({"model": str(path), "units": len(examples), "trained_on": model.trained_on})
    return report


__all__ = ["LearnedCoder", "LearnedModel", "ModelError", "fit", "gold_examples", "held_out", "load_learned_coder",
           "load_model", "save_model", "train", "ParseCache"]

"""Does a date in the sentence date the speech event, or some other event the sentence mentions?

A date dates the saying when it is a time adjunct of the cue's own clause: "In 1993, X
said", "X said on Monday at a news conference", "When Y visited Tehran in 2019, X urged",
"The day the clashes started (September 27, 2020), X tweeted", "In an interview published
on October 5, X said". A date that opens the sentence also covers past-tense clauses
inside it ("On October 5, the paper published an interview with Y, in which he took
sides"; "In 2014, there were people who argued").

It does not when it sits inside a noun phrase or a clause about another event: "a war
that ended in 1994", "members of the group that has mediated since 1992 called for",
"resolutions adopted in 2006", "Although they signed a ceasefire in 1994, both sides
accuse", "... but the last push collapsed in 2010" (another clause joined to the cue's),
"X, the village head until 2019, said". `since` and `until` mark the edge of a span of
time, never the moment something was said.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..wordlists import word_set
from .attribution import MEDIUM_NOUNS
from .cues import load_cues

SPAN_EDGES = {"since", "until", "till", "til", "untill"}
# subordinators of a clause that gives the time of the main clause's event
TEMPORAL_SUBORDINATORS = {"when", "whenever", "while", "as", "after", "once", "upon"}
# prepositions whose gerund ("after meeting Putin on October 9") gives the time
TEMPORAL_GERUND_PREPS = {"after", "on", "upon", "during", "while", "when", "in", "following"}
TIME_NOUNS = word_set("stancemap.statements", "time_nouns")
OCCASION_NOUNS = word_set("stancemap.statements", "occasion_nouns")
MEDIUM_PREPS = {"in", "at", "during", "via", "through", "over", "after"}
ADJUNCT_DEPS = {"prep", "npadvmod", "advmod", "advcl", "obl", "tmod", "pcomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
CLAUSE_POS = {"VERB", "AUX"}


def speech_heads(cue_tokens: list[Token]) -> list[Token]:
    """The cue's clause head and the clauses that share its time: the verb it is the infinitive
    of ("went on to say", "came to be described"), the verb it is joined to without a
    subject of its own ("criticized Armenia and claimed that ..."), and the clause a participle
    without a subject hangs on ("launched an offensive on October 3, accusing Armenia of ...")."""
    verbs = sorted((t for t in cue_tokens if t.pos_ in CLAUSE_POS), key=lambda t: t.i)
    heads = list(cue_tokens)
    head = verbs[0] if verbs else _clause_of(cue_tokens[0])
    if head is None:
        return heads
    heads.append(head)
    while head.head.i != head.i:
        if head.dep_ in {"xcomp", "aux", "auxpass"} or (head.dep_ in {"conj", "advcl"} and not _has_subject(head)
                                                       and (head.dep_ == "conj" or head.tag_ == "VBG")):
            head = head.head
            heads.append(head)
        else:
            break
    return list({t.i: t for t in heads}.values())


def dates_the_saying(date_tokens: list[Token], cue_tokens: list[Token]) -> bool:
    """True when the date (its tokens) is a time adjunct of the speech event of the cue."""
    date_tokens = [t for t in date_tokens if not t.is_punct]
    if not date_tokens or not cue_tokens:
        return False
    heads = speech_heads(cue_tokens)
    if _when_relative(date_tokens, heads):
        return True
    if date_tokens[0].lower_ in SPAN_EDGES or _edge_word_before(date_tokens[0]):
        return False
    root = _root(date_tokens)
    head_ids = {t.i for t in heads}
    path = _path_up(root, head_ids)
    if path is not None:
        return _adjunct_path(path, date_tokens, head_ids)
    return _opens_sentence_over(root, date_tokens, heads)


# --- helpers ---------------------------------------------------------------------------------


def _clause_of(tok: Token) -> Token | None:
    """The nearest verb above a nominal cue ('Yerevan's stance became tougher': became)."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in CLAUSE_POS:
            return t
    return t if t.pos_ in CLAUSE_POS else None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[0]


def _edge_word_before(tok: Token) -> bool:
    """'since May 1994', 'until 27 September': the preposition just before the date."""
    return tok.i > 0 and tok.nbor(-1).lower_ in SPAN_EDGES


def _path_up(tok: Token, targets: set[int]) -> list[Token] | None:
    """Tokens from `tok` up to (not including) the first of `targets` above it; None if none is."""
    path: list[Token] = []
    while tok.i not in targets:
        if tok.head.i == tok.i:
            return None
        path.append(tok)
        tok = tok.head
    return path


def _is_clause(tok: Token) -> bool:
    return tok.pos_ in CLAUSE_POS or tok.dep_ in {"relcl", "advcl", "ccomp", "xcomp", "csubj"}


def _is_medium(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in OCCASION_NOUNS or lemma in MEDIUM_NOUNS or lemma in load_cues().nouns


def _medium_of(noun: Token, heads: set[int]) -> bool:
    """The occasion or medium of this very statement: 'in an interview ...' on the cue's verb,
    the cue noun itself, or the statement that speaks ('The statement, issued Monday, said')."""
    if noun.i in heads:
        return True
    if noun.dep_ in SUBJECT_DEPS:
        return noun.head.i in heads
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or noun.head.head.i not in heads:
        return False
    # 'commented on the statement signed ...' is about a statement, not through it
    return noun.head.lower_ in MEDIUM_PREPS or (noun.head.lower_ == "on" and noun.lemma_.lower() in OCCASION_NOUNS)


def _temporal_clause(clause: Token, heads: set[int]) -> bool:
    """A clause on the way from the date up to the cue that still gives the saying's time."""
    dep = clause.dep_
    if dep in {"relcl", "acl"}:
        # 'the day the clashes started (Sept. 27)', 'an interview published on October 5'
        noun = clause.head
        if noun.lemma_.lower() in TIME_NOUNS or (_is_medium(noun) and _medium_of(noun, heads)):
            return True
        # 'Aliyev, speaking on Monday, said': a participle on the speaker gives the occasion
        return (dep == "acl" and clause.tag_ == "VBG" and not any(c.dep_ == "aux" for c in clause.children)
                and noun.dep_ in SUBJECT_DEPS and noun.head.i in heads)
    if dep == "advcl":
        subordinators = [c.lower_ for c in clause.children if c.dep_ in {"mark", "advmod"} and c.i < clause.i
                         and (c.dep_ == "mark" or c.tag_ == "WRB")]
        if subordinators:
            return any(s in TEMPORAL_SUBORDINATORS for s in subordinators)
        # 'Speaking on Monday, X said'; not 'Having signed it in 1994, X ...'
        return clause.tag_ == "VBG" and not any(c.dep_ == "aux" for c in clause.children)
    if dep == "pcomp":
        return clause.head.lower_ in TEMPORAL_GERUND_PREPS
    return False  # another clause joined to the cue's (conj), reported content (ccomp), a plan (xcomp)


def _adjunct_path(path: list[Token], date_tokens: list[Token], heads: set[int]) -> bool:
    """The date reaches the cue's clause as a time adjunct, only through noun phrases and
    clauses that date the occasion, with no 'since'/'until' on the way."""
    if not path:
        return True
    ids = {t.i for t in date_tokens}
    for tok in path:
        if tok.lower_ in SPAN_EDGES and tok.dep_ in {"prep", "mark"}:
            return False
        if tok.i in ids:
            continue
        if _is_clause(tok) and not _temporal_clause(tok, heads):
            return False
    top = path[-1]
    if top.i in ids:
        # a bare date on the verb says when ('said Sept. 28'); as anything else it is a misparse
        return top.dep_ in ADJUNCT_DEPS
    if top.dep_ in SUBJECT_DEPS:
        # the speaking statement, or the speaker with an occasion participle (checked above)
        return _is_medium(top) or any(t.dep_ == "acl" and t.head.i == top.i for t in path)
    return top.dep_ in ADJUNCT_DEPS


def _opens_sentence_over(root: Token, date_tokens: list[Token], heads: list[Token]) -> bool:
    """'On October 5, Keyhan published an interview with Velayati, in which he took sides':
    a date before the main clause's subject covers the past-tense clauses under it."""
    verb = root
    path: list[Token] = []
    while verb.pos_ not in CLAUSE_POS or verb.i in {t.i for t in date_tokens}:
        if verb.head.i == verb.i:
            return False
        path.append(verb)
        verb = verb.head
    if not _adjunct_path(path, date_tokens, {verb.i}):
        return False
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    opener_end = max(t.i for t in date_tokens)
    if opener_end > min([verb.i] + [s.left_edge.i for s in subjects]):
        return False
    cue = next((h for h in heads if h.pos_ in CLAUSE_POS), None)
    if cue is None or cue.tag_ != "VBD":
        return False
    inside = _path_up(cue, {verb.i})
    return inside is not None and not any(t.dep_ in {"ccomp", "xcomp", "csubj"} for t in inside)


def _when_relative(date_tokens: list[Token], heads: list[Token]) -> bool:
    """'began in February 1988, when the region declared ...': a 'when' clause right after the
    date tells what happened at that date, however the parser attached it."""
    last = max(date_tokens, key=lambda t: t.i)
    for head in heads:
        for child in head.children:
            if child.dep_ == "advmod" and child.lower_ == "when" and child.i > last.i:
                between = last.doc[last.i + 1 : child.i]
                if all(t.is_punct for t in between):
                    return True
    return False

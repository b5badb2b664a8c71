"""Attributions from a dependency parse: who (source), by which cue, said what (content).

Rules work on grammatical relations, not on wording:
- a cue verb's subject is the source ("X said", "said X"), or its "by" agent in the
  passive; a cue verb without its own subject takes it from the verb it is coordinated
  with ("described ... and said"), the verb it completes ("continues to urge"), the
  clause it comments on (", saying ...") or the noun a relative clause hangs on
  ("X, who said ...");
- coordinated subjects are one source each ("both Rouhani and Zarif supported");
- multiword cues are a verb plus its object or particle ("issued a statement",
  "expressed concern", "refrained from", "called for", "has not uttered a word");
- nominal cues take their possessor or "by" agent ("X's statement", "a statement
  issued by X"); "according to X" makes X the source of the rest of the clause;
- statements reported through a medium ("published an interview with X, in which he
  ...") are found as the relative clause's own cue with its own subject;
- a quotation without a cue in its sentence continues the nearest attribution before it.
The content is the complement of the cue (clausal complement, object, prepositional
complement), or the adjacent quotation, or the rest of the sentence for a parenthetical
cue ("The talks, he said, failed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from ..actors.learn import is_name_particle
from ..nlp.quotes import inner
from ..nlp.text import doc_quotes, doc_text, span_text
from ..nlp.token_table import token_table
from ..records import QUOTE_CLOSED_BY_TAG, QUOTE_CONTINUES_PREVIOUS
from ..wordlists import word_set
from .agents import can_speak, is_document, issuer, names_people
from .cues import Lexicon, load_cues

CharSpan = tuple[int, int]

NON_SOURCE_PRONOUNS = {"it", "there", "this", "that", "what", "which", "something", "anything", "nothing"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
ASPECTUAL = {"continue", "begin", "start", "keep", "go", "try", "seem", "appear", "have", "need", "want"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "dative"}
ADDRESSEE_VERBS = {"tell", "ask", "inform", "remind", "assure", "reassure", "warn", "urge", "notify", "advise", "brief"}
MEDIUM_NOUNS = word_set("stancemap.statements", "medium_nouns")
NOT_SOURCES = word_set("stancemap.statements", "not_sources")
MANNER_NOUNS = {"term", "word", "language", "tone", "manner", "way"}  # "called in vague terms for ..."
# "have for decades sought a solution": pursuing something is no stated position (PolNeAR's
# annotators still mark some "seek" attributions, so only units skip it)
PURSUITS = {"seek"}
DOCUMENTS = {"deal", "accord", "memorandum", "resolution", "document", "text", "map", "bill"}
FIRST_SECOND_PERSON = {"i", "me", "you", "we", "us", "my", "our", "your", "'s", "’s"}  # ("let's")
EXPECT_VERBS = {"expect", "hope", "plan", "intend", "want", "wish", "fear", "decide", "prefer"}
ORGANISATION_SPEECH_VERBS = word_set("stancemap.statements", "organisation_speech_verbs")  # '"...," it said'
TEMPORAL_PREPS = word_set("stancemap.statements", "temporal_preps")


@dataclass
class Source:
    mention: Span  # the words naming the speaker, handed to actor resolution
    full: CharSpan  # the whole noun phrase with appositions (what PolNeAR marks as Source)
    office: bool = False  # the words name an office that speaks for this person ("Mr Aliyev's office")
    document: bool = False  # the speaker is the issuer of a document that speaks ("the statement said"), maybe named sentences before
    anonymous: bool = False  # a document no one is named behind ("the video shows"): a statement of no actor


@dataclass
class Attribution:
    sent: Span
    cue_tokens: list[Token]
    cue_type: str
    sources: list[Source]
    content: list[CharSpan] = field(default_factory=list)
    quotes: list[CharSpan] = field(default_factory=list)  # inner quotation spans
    addressee: Span | None = None
    reason: str = ""
    continuation: bool = False
    cue_chars: list[CharSpan] | None = None  # when the cue is not whole tokens (a colon glued to a name)
    relayed_by: "Attribution | None" = None  # the later tag whose content holds this one

    @property
    def cue_text(self) -> str:
        if self.cue_chars:
            return " ".join(doc_text(self.sent.doc)[s:e] for s, e in self.cue_chars)
        toks = sorted(self.cue_tokens, key=lambda t: t.i)
        return " ".join(t.text for t in toks)

    @property
    def cue_spans(self) -> list[CharSpan]:
        if self.cue_chars:
            return list(self.cue_chars)
        toks = sorted(self.cue_tokens, key=lambda t: t.i)
        spans: list[list[int]] = []
        for t in toks:
            if spans and t.i == spans[-1][2] + 1:
                spans[-1][1] = t.idx + len(t)
                spans[-1][2] = t.i
            else:
                spans.append([t.idx, t.idx + len(t), t.i])
        return [(s, e) for s, e, _ in spans]


# --- helpers ------------------------------------------------------------------------------


def _runs(tokens: list[Token]) -> list[CharSpan]:
    """Contiguous character spans of a token set, trimmed of punctuation at the edges."""
    toks = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    runs: list[list[Token]] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    out = []
    for run in runs:
        while run and (run[0].is_punct and run[0].text not in "“\"'‘$") or (run and run[0].is_space):
            run = run[1:]
        while run and (run[-1].is_punct and run[-1].text not in "”\"'’%)") or (run and run[-1].is_space):
            run = run[:-1]
        if run:
            out.append((run[0].idx, run[-1].idx + len(run[-1])))
    return out


def _subtree_tokens(tok: Token, stop: set[int] | None = None) -> list[Token]:
    stop = stop or set()
    out = []
    todo = [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.i not in stop)
    return out


def _mention(tok: Token) -> Span:
    """The name part of a noun phrase: its left modifiers and name words, without
    appositions, relative clauses or trailing prepositional phrases (except "of")."""
    doc = tok.doc
    if tok.pos_ == "PRON":
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1), None)
        # "some of the residents", "many of them": what the pronoun counts is part of the name
        return doc[tok.i : of.right_edge.i + 1] if of is not None else doc[tok.i : tok.i + 1]
    keep = [tok]
    for c in tok.children:
        if c.i < tok.i and c.dep_ in {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "predet"}:
            keep.extend(c.subtree)
        elif c.i > tok.i and c.dep_ in {"flat", "compound"}:
            keep.extend(c.subtree)
        elif c.i > tok.i and c.dep_ == "prep" and (c.lower_ in {"of", "in", "for", "from", "at"} or c.lower_ == "to" and tok.pos_ == "NOUN") and tok.ent_type_ != "PERSON":
            # ("an aide to President Aliyev", "the ambassador to France": whose aide, where posted)
            # "four of Khamenei's representatives in Iranian Azerbaijan"; a person's "of Madison" is not the name
            keep.extend(c.subtree)
    # "Diplomats from the group that has mediated ...": a clause inside a kept phrase is no part of the name
    clauses = [t for t in keep if t.dep_ in {"relcl", "acl", "advcl"} and t.i > tok.i]
    if clauses:
        cut = min(t.left_edge.i for t in clauses)
        keep = [t for t in keep if t.i < cut]
        while len(keep) > 1 and max(keep, key=lambda t: t.i).pos_ in {"PRON", "DET", "ADP", "PUNCT"} and max(keep, key=lambda t: t.i).i > tok.i:
            keep.remove(max(keep, key=lambda t: t.i))  # "the group that": the relative pronoun starts the clause
    idx = sorted(t.i for t in keep)
    start, end = idx[0], idx[-1] + 1
    # never cross an apposition comma
    for i in range(tok.i + 1, end):
        if doc[i].text in {",", "(", "—", "–"}:
            end = i
            break
    # "Co-Chairs", "Nagorno-Karabakh": words joined by a hyphen without spaces are one name
    sent = tok.sent
    while start > sent.start and not doc[start - 1].whitespace_ and "-" in {doc[start - 1].text, doc[start].text} and (
        doc[start - 1].is_alpha or doc[start - 1].text == "-"
    ):
        start -= 1
    while end < sent.end and not doc[end - 1].whitespace_ and "-" in {doc[end - 1].text, doc[end].text} and (
        doc[end].is_alpha or doc[end].text == "-"
    ):
        end += 1
    if (sent.start < start < len(doc) - 1 and doc[start + 1].text == "-" and is_name_particle(doc[start])
            and doc[start - 1].whitespace_ and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN"):
        start -= 1  # "Jaish al-Islam", "Abu al-Hassan": the name word before a hyphened particle is part of the name
    while start < tok.i and (doc[start].is_punct or doc[start].lower_ in {"both", "either", "neither"} or doc[start].ent_type_ in {"DATE", "TIME"}):
        start += 1  # (nor "Sunday" in "... bombardment Sunday activists reported")
    for i in range(tok.i - 1, start, -1):
        if doc[i].lower_ in {"a", "an", "the"} and doc[i].dep_ == "det" and doc[i].head.i == tok.i:
            start = i  # "Aleppo A military source": a dateline or heading run into the phrase ends at its article
            break
    for i in range(tok.i - 1, start - 1, -1):
        if not doc[i].whitespace_ and doc[i].is_alpha and doc[i + 1].is_alpha:
            start = i + 1  # "Azerbaijani AdvanceAliyev": a heading glued to the name is not part of it
            break
    return doc[start:end]


def _full_span(tok: Token, exclude: set[int]) -> CharSpan:
    toks = [t for t in _subtree_tokens(tok, exclude) if t.i not in exclude]
    runs = _runs(toks)
    if not runs:
        return (tok.idx, tok.idx + len(tok))
    # the phrase is contiguous in practice; take its hull
    return (runs[0][0], runs[-1][1])


def _expand_coordination(tok: Token) -> list[Token]:
    """A subject and the subjects coordinated with it."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON"} and c.lower_ not in FLOATING_QUANTIFIERS:
            if _lost_apposition(tok, c):
                continue
            out.extend(_expand_coordination(c))  # ("Armenia and Azerbaijan both make ...": "both" is no third party)
    return out


def _lost_apposition(first: Token, conj: Token) -> bool:
    """'The Syrian Observatory for Human Rights a Britain-based monitor said' (commas stripped): a
    'conjunct' with no 'and' or 'or' before it that opens with 'a' describes the name before it."""
    joined = any(c.dep_ in {"cc", "punct"} and first.i < c.i < conj.i for c in first.children)
    return not joined and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in conj.children)


OFFICE_NOUNS = {"office", "secretariat", "chancellery", "cabinet"}
FLOATING_QUANTIFIERS = {"both", "each", "all"}
NEGATIVE_SUBJECTS = {"no", "neither", "none", "nobody", "noone", "nothing"}
DEONTIC = {"must", "should", "ought"}


def _issuer_mention(document: Token, issuer: Token) -> Span:
    """'A Russian defence ministry statement': the issuer 'defence ministry' is a compound of the
    document, which the parser gave the nationality; the nationality names the issuer too."""
    mention = _speaker_mention(issuer)
    if issuer.dep_ != "compound" or issuer.head.i != document.i:
        return mention
    start = mention.start
    for c in sorted(document.children, key=lambda c: -c.i):
        if c.i == start - 1 and c.dep_ in {"amod", "compound", "nmod"} and (c.ent_type_ in {"NORP", "GPE", "ORG"} or c.pos_ == "PROPN"):
            start = c.i
    return document.doc[start : mention.end]


def _named_office(tok: Token) -> bool:
    """'the Aliyev office', 'the president's office': an office with its holder named."""
    return tok.lemma_.lower() in OFFICE_NOUNS and any(
        c.dep_ in {"poss", "compound"} and c.pos_ in {"PROPN", "NOUN"} for c in tok.children)


def _speaker_mention(tok: Token) -> Span:
    """The words naming who speaks: "Mr Aliyev's office", "the Aliyev office" speak for Aliyev."""
    if tok.lemma_.lower() in OFFICE_NOUNS:
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}), None)
        if owner is None:
            owner = next((c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if owner is not None:
            return _mention(owner)
    return _mention(tok)


def _named_members(tok: Token) -> list[Token]:
    """'world leaders including Vladimir Putin and Emmanuel Macron': the named members of a plural group."""
    if tok.tag_ not in {"NNS", "NNPS"}:
        return []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in {"including", "like"}:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "PROPN":
                return [m for m in _expand_coordination(obj) if m.pos_ == "PROPN"]
        if prep.dep_ == "prep" and prep.lower_ == "of":
            # "the presidents of Russia, Vladimir Putin, and France, Emmanuel Macron": each country
            # followed by its holder, all parsed as one coordination
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            chain = _expand_coordination(obj) if obj is not None else []
            people = [m for m in chain if m.pos_ == "PROPN" and m.ent_type_ == "PERSON"]
            places = [m for m in chain if m.ent_type_ in {"GPE", "NORP", "ORG"}]
            if people and places and all(any(p.i < m.i for p in places) for m in people):
                return people
    return []


def _coordinated_modifiers(tok: Token) -> list[Token]:
    """'Armenia and world leaders including Putin have denounced': a name parsed as a modifier of
    the head it is coordinated with."""
    return [c for c in tok.children if c.dep_ in {"nmod", "compound"} and c.i < tok.i and c.pos_ == "PROPN"
            and any(g.dep_ == "cc" for g in c.children)]


NAMING_VERBS = {"named", "called", "identified", "nicknamed"}  # "a witness named Karim": the name speaks


def _appositive_name(tok: Token) -> Token | None:
    """'Chairman of the Presidency Sefik Dzaferovic', 'the ministry's spokeswoman, Shushan
    Stepanyan,', 'arch foes Armenia and Azerbaijan': a description followed by its name; the
    name is who speaks (the parser hangs it as an apposition, or as an object when no comma
    separates them)."""
    if tok.pos_ == "PRON" or tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return None  # already a name
    for c in tok.children:
        if c.i <= tok.i or c.pos_ != "PROPN" or c.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"}:
            continue
        if c.dep_ == "appos":
            return c
        if c.dep_ in {"dobj", "npadvmod"} and c.left_edge.i == max(t.i for t in _mention(tok)) + 1:
            return c
    return _name_by_participle(tok) or _name_closing_the_clause(tok)


def _name_by_participle(tok: Token) -> Token | None:
    """'a witness named Karim', 'a man called Ali Hassan', 'a resident identified as Omar'."""
    for c in tok.children:
        if c.dep_ == "acl" and c.lower_ in NAMING_VERBS and c.i == tok.i + 1:
            name = next((g for g in c.children if g.dep_ in {"oprd", "dobj", "attr", "prep"} and g.i == c.i + 1), None)
            if name is not None and name.dep_ == "prep":  # "identified as Omar"
                name = next((g for g in name.children if g.dep_ == "pobj"), None) if name.lower_ == "as" else None
            if name is not None and name.pos_ == "PROPN":
                return name
    return None


def _name_closing_the_clause(tok: Token) -> Token | None:
    """'the expert specializing in the former Soviet space Anna Novak': the parser hangs the name
    that closes the description on the last noun of its clause, or on the participle."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or not any(c.dep_ in {"acl", "prep"} and c.i > tok.i for c in tok.children):
        return None
    for d in tok.subtree:
        if d.i <= tok.i or d.ent_type_ != "PERSON" or d.pos_ != "PROPN":
            continue
        if d.dep_ == "appos" and d.head.pos_ == "NOUN" and not can_speak(d.head):
            return d  # not "the adviser to the president Vladimir Putin": his name, not the adviser's
        if d.dep_ == "dobj" and d.head.dep_ == "acl" and d.head.head.i == tok.i and any(
                c.dep_ == "prep" and d.head.i < c.i < d.i for c in d.head.children):
            return d  # "specializing in the region Anna Novak", not "the lawyer defending Jane Doe"
    return None


def _listed_items(tok: Token) -> list[Span]:
    """'Government and opposition forces', 'Rebels and opposition officials', 'a war monitor medics
    and emergency workers' (a list whose commas were stripped): the parser makes the first items
    modifiers of the last head noun; each item is a speaker of its own. Only when a modifier is
    coordinated ('and'), and every item can speak."""
    if tok.tag_ not in {"NNS", "NNPS"}:
        return []
    listed = sorted((c for c in tok.children if c.dep_ == "nmod" and c.i < tok.i and c.pos_ in {"NOUN", "PROPN"}), key=lambda c: c.i)
    if not listed or not any(any(g.dep_ == "cc" and g.lower_ == "and" for g in c.children) for c in listed):
        return []
    doc = tok.doc
    start = _mention(tok).start
    items, begin = [], start
    for end in [c.i for c in listed] + [tok.i]:
        first = begin
        # (not the list's "and", nor the article of the last head: "a war monitor" is "war monitor")
        while first <= end and (doc[first].dep_ in {"cc", "det"} and not first <= doc[first].head.i <= end or doc[first].is_punct):
            first += 1
        if first > end:
            return []
        items.append(doc[first : end + 1])
        begin = end + 1
    if not all(_agent(item[-1]) and not is_document(item[-1]) for item in items):
        return []
    return items


def _sources_from(tok: Token, units: bool = False) -> list[Source]:
    members = _named_members(tok)
    items = _listed_items(tok) if units and not members else []
    if items:
        return [Source(item, (item.start_char, item.end_char)) for item in items]
    if members:
        members = _coordinated_modifiers(tok) + members
        return [Source(_mention(m), _full_span(m, {c.i for c in m.children if c.dep_ in {"conj", "cc"}})) for m in members]
    name = _appositive_name(tok)
    if name is not None:
        named = _expand_coordination(name)
        if len(named) == 1:
            return [Source(_mention(name), _full_span(tok, set()))]
        return _sources_from(name)
    heads = _expand_coordination(tok)
    if units:
        # "Russia Iran and Turkey agree" (commas stripped): a country name run into the next one is one more
        heads = sorted([c for h in heads for c in h.children if c.dep_ == "compound" and c.i == h.i - 1 and c.ent_type_ == "GPE"
                        and c.ent_iob_ == "B" and h.ent_iob_ == "B" and h.ent_type_ == "GPE"] + heads, key=lambda t: t.i)
    if len(heads) == 1:
        mention = _speaker_mention(tok)
        return [Source(mention, _full_span(tok, set()), office=mention.root.i != tok.i and tok.lemma_.lower() in OFFICE_NOUNS)]
    conj_ids = {h.i for h in heads}
    out = []
    for h in heads:
        members = _named_members(h) if units else []
        if members:  # "Russia and international organisations including NATO and the OSCE": each member
            out += [Source(_mention(m), _full_span(m, {c.i for c in m.children if c.dep_ in {"conj", "cc"}})) for m in members]
            continue
        stop = conj_ids - {h.i}
        stop |= {c.i for c in h.children if c.dep_ in {"cc", "preconj"} or (c.dep_ == "punct" and c.text == ",")}
        name = _appositive_name(h)
        out.append(Source(_mention(name) if name is not None else _speaker_mention(h), _full_span(h, stop)))
    return out


def _valid_source(tok: Token) -> bool:
    """A noun phrase that can be a source as PolNeAR marks them: any noun or name, including
    documents, findings and abstract causes ("the research found", "the ruling said")."""
    if tok.pos_ == "PRON":
        return tok.lower_ not in NON_SOURCE_PRONOUNS
    if tok.pos_ in {"PROPN", "NOUN", "NUM", "X"} or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    # the small model tags some names as adjectives ("Lopez"): a capitalised subject is a name
    return tok.dep_ in {"nsubj", "pobj", "poss"} and tok.is_alpha and tok.text[:1].isupper()


def _agent(tok: Token) -> bool:
    """A who-said-what speaker names an agent that can say things (statements/agents.py): a
    person, a body, a group, a medium, or a description with its name ("Trump's running mate,
    Mike Pence"); not an event, a thing, a number or a date. A document counts here: it
    speaks for its issuer, looked up where it speaks."""
    return _valid_source(tok) and (can_speak(tok, documents=True) or _appositive_name(tok) is not None)


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The source of a cue verb and the reason it was chosen."""
    # "news agency TASS reports" parsed with two subjects: the name is the source
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj"), key=lambda c: c.pos_ != "PROPN")
    for c in subjects:
        if c.dep_ in {"nsubj"}:
            if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head, "noun the relative clause describes"
            outer = _before_relative_clause(verb, c)
            if outer is not None:
                return outer, f"subject of {verb.lower_} (before the relative clause)"
            tag = _tag_before(verb) if c.pos_ in {"NOUN", "NUM"} else None
            if tag is not None and tag.i != c.i and tag in _expand_coordination(c):
                # "..., three tanks and 14 drones, spokeswoman Lena Haas said": the list is what was said
                return tag, f"name right before {verb.lower_} (not the list before it)"
            return c, f"subject of {verb.lower_}"
    for aux in (c for c in verb.children if c.dep_ == "aux" and c.i < verb.i):
        # "The Russians had on Saturday accused ...": the parser hung the subject on the auxiliary
        subj = next((c for c in aux.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj, f"subject of {verb.lower_} (on its auxiliary)"
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, f"agent of {verb.lower_}"
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        for prep in verb.children:
            # "was expressed in a separate post by the ministry": the agent hangs on the medium
            for obj in (c for c in prep.children if prep.dep_ == "prep" and c.dep_ == "pobj"):
                by = next((b for b in obj.children if b.dep_ == "prep" and b.lower_ == "by"), None)
                agent = next((a for a in by.children if a.dep_ == "pobj"), None) if by is not None else None
                if agent is not None:
                    return agent, f"agent of {verb.lower_}"
        if verb.lemma_.lower() == "quote" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
            return passive, "quoted as saying"  # "X was quoted as saying"
        return None, ""
    if depth > 3:
        return None, ""
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        tag = _entity_before_final_tag(verb)  # "... we are unable to determine it the spokeswoman Jane Doe told reporters."
        if tag is not None:
            return tag, f"name right before {verb.lower_} (the parser lost the subject)"
        tok, why = _subject(verb.head, depth + 1)
        return tok, why and f"{why} (coordinated)"
    if verb.dep_ == "conj" and verb.head.dep_ == "ROOT" and verb.head.tag_ == "NNS":
        # "Iran neighbors both Armenia and Azerbaijan and is calling for calm": the parser read the
        # first verb as a plural noun with the subject as its modifier
        name = next((c for c in verb.head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == verb.head.i - 1), None)
        if name is not None:
            return name, f"name before '{verb.head.text}' (coordinated with {verb.lower_})"
    if verb.dep_ in {"xcomp"}:
        tok, why = _subject(verb.head, depth + 1)
        return tok, why and f"{why} (complement)"
    if verb.dep_ in {"advcl", "acl"} and verb.tag_ == "VBG":
        absolute = _with_absolute(verb)
        if absolute is not None:
            return absolute, f"subject of {verb.lower_} (with ... {verb.lower_})"
        near = _nearer_contrast_clause(verb)
        tok, why = _subject(near if near is not None else verb.head, depth + 1)
        return tok, why and f"{why} (participle)"
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        tok, why = _subject(verb.head, depth + 1)  # "had calls with X to call for ...": purpose
        return tok, why and f"{why} (purpose)"
    if verb.dep_ == "relcl" and verb.tag_ in {"VBG"}:
        return verb.head, "noun the clause describes"
    tag = _tag_before(verb)
    if tag is not None:
        return tag, f"name right before {verb.lower_} (the parser lost the subject)"
    inverted = _name_after_final_tag(verb)
    if inverted is not None:
        return inverted, f"name after {verb.lower_} (the parser made it a complement)"
    return None, ""


def _name_after_final_tag(verb: Token) -> Token | None:
    """'... on the peace process said the opposition's chief negotiator Mohamad Sabra.': an inverted
    tag whose subject, all that follows it, the parser hung on it as a complement."""
    if verb.lemma_.lower() not in TAG_VERBS or verb.i + 1 >= verb.sent.end:
        return None
    after = [c for c in verb.children if c.i > verb.i and not c.is_punct]
    if len(after) != 1:
        return None
    name = after[0]
    words = [t for t in verb.sent if t.i > verb.i and not t.is_punct]
    if name.left_edge.i != verb.i + 1 or words[-1].i > name.right_edge.i or name.pos_ not in {"PROPN", "NOUN"}:
        return None
    return name if name.dep_ in {"ccomp", "dobj", "attr", "npadvmod", "oprd"} and _agent(name) and (
        name.ent_type_ in NAME_ENTITY_TYPES or name.pos_ == "NOUN") else None


TAG_VERBS = {"say", "add", "tell", "write", "report", "announce", "state"}
NAME_ENTITY_TYPES = {"PERSON", "ORG", "NORP", "GPE", "FAC"}


def _tag_before(verb: Token) -> Token | None:
    """'..., three tanks and 14 drones, Defense Ministry spokeswoman Shushan Stepanyan said.': a
    subjectless speech verb right after a comma-led name takes that name, wherever the
    parser hung it. Without the comma (text whose commas were stripped: '... killed two
    people the Syrian Observatory for Human Rights said.') the verb must end the sentence and
    the name be a named entity ending right before it."""
    doc = verb.doc
    if verb.i < 2 or verb.lemma_.lower() not in TAG_VERBS:
        return None
    last = doc[verb.i - 1]
    if last.pos_ == "PROPN" and last.dep_ not in {"pobj", "poss"}:
        start = last.i
        while start > verb.sent.start and doc[start - 1].pos_ in {"PROPN", "NOUN", "ADJ"} and doc[start - 1].dep_ in {"compound", "amod", "flat"}:
            start -= 1
        if start > verb.sent.start and doc[start - 1].text in {",", "\"", "”", "''"}:
            return last
    return _entity_before_final_tag(verb)


def _entity_before_final_tag(verb: Token) -> Token | None:
    """'... wounding two more SANA said.', '... of the city the Britain-based Syrian Observatory
    for Human Rights reported on Sunday.', '... the city a monitoring group said.': a subjectless
    tag verb that ends the sentence, right after a name or an agent noun the parser hung in the
    clause before: that is the subject (`_final_tag_mention` gives its words)."""
    found = _final_tag_mention(verb)
    return found[0] if found is not None else None


def _final_tag_mention(verb: Token) -> tuple[Token, Span] | None:
    """The head and the words of the speaker right before a sentence-final tag verb."""
    doc = verb.doc
    if verb.i < 2 or verb.lemma_.lower() not in TAG_VERBS or any(
            c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in verb.children):
        return None
    first = min([verb.i] + [t.i for t in _left_auxiliaries(verb)])
    last = doc[first - 1]
    if last.like_num and len(last) <= 3 and first - 2 > verb.sent.start and doc[first - 2].pos_ == "PROPN":
        first, last = first - 1, doc[first - 2]  # "... Ahmed 24 said": the age after the name (its commas stripped)
    if first - 1 <= verb.sent.start or last.pos_ not in {"PROPN", "NOUN"} or not _tag_position(verb):
        return None

    def entity_ending_at(i: int) -> Span | None:
        tok = doc[i]
        if tok.ent_type_ not in NAME_ENTITY_TYPES:
            return None
        ent = next((e for e in doc.ents if e.start <= i < e.end), None)
        return ent if ent is not None and ent.end == i + 1 and ent.start > verb.sent.start else None

    def with_article(start: int) -> int:
        return start - 1 if start - 1 > verb.sent.start and doc[start - 1].lower_ == "the" else start

    ent = entity_ending_at(last.i) if last.i == first - 1 else None
    if ent is not None:
        # "the Syrian Observatory for Human Rights", "resident Abu Mustafa": the name itself, without
        # a description the recogniser ran into it ("... for Human Rights monitoring group")
        end = ent.end
        while end - 1 > ent.start and doc[end - 1].pos_ == "NOUN" and doc[end - 1].is_lower:
            end -= 1
        name = doc[with_article(ent.start) : end]
        return (name.root, name) if _agent(name.root) else None
    if last.pos_ == "PROPN":
        start = last.i  # a name the entity recogniser missed ("SANA")
        while start - 1 > verb.sent.start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        start = _body_name_start(doc, start, verb.sent.start)
        return (last, doc[start : last.i + 1]) if _agent(last) else None
    if last.dep_ == "pobj" and last.head.dep_ == "prep" and last.head.head.i < last.i and last.head.head.pos_ == "NOUN" and (
            last.lemma_.lower() in load_cues().speakers.places):
        last = last.head.head  # "an AFP journalist in the city": who is in the place
    if not _agent(last) or is_document(last) or last.lemma_.lower() in load_cues().speakers.places:
        return None
    # an agent noun ("a monitoring group", "the Syrian Observatory for Human Rights monitor"): the
    # words hanging on it right before it, and a name the parser hung elsewhere ahead of a body's noun
    end = max(t.i for t in _mention(last)) + 1
    start = last.i
    while start - 1 > verb.sent.start and start - 1 >= _mention(last).start and (
            doc[start - 1].head.i in range(start - 1, end) or doc[start - 1].head.i == last.i) and not doc[start - 1].is_punct and (
            doc[start - 1].dep_ in {"compound", "amod", "det", "poss", "nmod", "case", "npadvmod"} and not _is_temporal(doc[start - 1])) or (
            start - 1 > verb.sent.start and doc[start - 1].text == "-"):
        start -= 1
    j = last.i - 1
    while j > start and doc[j].dep_ == "compound" and doc[j].pos_ == "NOUN":
        j -= 1
    before = entity_ending_at(j) if j < last.i else None
    if before is not None and before.label_ in {"ORG", "FAC"} and not names_people(last):
        # "the Syrian Observatory for Human Rights monitoring group": the name is who speaks
        name = doc[with_article(before.start) : before.end]
        return name.root, name
    named = [e for e in doc.ents if start < e.start and e.end <= last.i and e.label_ in {"ORG", "GPE", "NORP", "FAC"}]
    if named:
        start = named[-1].start  # "in a war zone UN agencies said": the words from the name on
    return last, doc[start:end]


def _body_name_start(doc: Doc, start: int, floor: int) -> int:
    """Where a body's name starts whose last words begin at `start` after 'for' or 'of' ("the Syrian
    Observatory for | Human Rights said", "the Ministry of | Foreign Affairs said"): at the run of
    capitalised words before the preposition holding a body's noun, and its article."""
    if start - 2 <= floor or doc[start - 1].lower_ not in {"for", "of"}:
        return start
    agents = load_cues().speakers.agents
    begin = start - 1
    while begin - 1 > floor and doc[begin - 1].pos_ == "PROPN" and doc[begin - 1].text[:1].isupper():
        begin -= 1
    if begin == start - 1 or not any(t.lower_ in agents for t in doc[begin : start - 1]):
        return start
    return begin - 1 if begin - 1 > floor and doc[begin - 1].lower_ == "the" else begin


def _tag_position(verb: Token, subject: Token | None = None) -> bool:
    """Whether a cue verb (with its subject) is a tag ending its sentence: after it come only
    punctuation, the subject itself ('..., said the observatory'), when or where it was said
    ('on Saturday', 'in a statement') and to whom ('told reporters')."""
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    allowed: set[int] = set()
    for c in verb.children:
        if c.i < verb.i:
            continue
        if (c.dep_ == "prep" and _prep_is_medium_or_time(c)) or (c.dep_ in {"npadvmod", "advmod"} and (
                _is_temporal(c) or c.pos_ == "ADV")) or (c.dep_ in {"dobj", "dative"} and verb.lemma_.lower() == "tell") or (
                _circumstance(c) or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children))):
            # (", ... said as rebels took the town": when it was said)
            allowed.update(t.i for t in c.subtree)
    for t in verb.sent:
        if t.i <= verb.i or t.i in skip or t.i in allowed or t.is_punct or t.is_space:
            continue
        # a time or medium the parser hung elsewhere ("said on Saturday" with "on" on another verb)
        a = t
        while a.i > verb.i and not (_is_temporal(a) or (a.dep_ == "prep" and _prep_is_medium_or_time(a))) and a.head.i != a.i:
            a = a.head
        if a.i <= verb.i:
            return False
    return True


def _clause_before_tag(verb: Token, subj: Token) -> list[Token]:
    """'Jets struck the suburbs the Observatory reported.', '12 others were wounded said the
    Observatory.': what a sentence-final tag reports is the clause before it, however the parser
    hung the two (text without commas makes the tag a complement or a conjunct of that clause).
    Empty unless the subject sits right next to the verb and the part before holds a verb."""
    first = min([verb.i] + [t.i for t in _left_auxiliaries(verb)])
    if subj.i < verb.i:
        if subj.right_edge.i != first - 1 and not (subj.i == first - 1):
            return []
        first = min(first, subj.left_edge.i)
        for t in _mention(subj):
            first = min(first, t.i)
    elif subj.left_edge.i != verb.i + 1 and subj.i != verb.i + 1:
        return []
    if not _tag_position(verb, subj if subj.i > verb.i else None):
        return []
    before = [t for t in verb.sent if t.i < first]
    words = [t for t in before if not t.is_punct]
    # a clause, or words that are no mere adverbial ("Children and old people dead in the streets", a
    # quotation whose marks were stripped), not "On Monday the ministry said"
    if len(words) < 3 or not (any(t.pos_ in {"VERB", "AUX"} for t in before) or (len(words) >= 5 and words[0].pos_ != "ADP")):
        return []
    return before


def _before_relative_clause(verb: Token, subj: Token) -> Token | None:
    """'The United States and Russia, which co-chair the Minsk group ..., have condemned':
    when the parser takes a noun inside a comma-closed relative clause as the subject, the
    speaker is the noun phrase before ', which'."""
    doc = verb.doc
    first = min([verb.i] + [c.i for c in verb.children if c.dep_ in {"aux", "auxpass", "neg", "advmod"} and c.i < verb.i])
    if first < 1 or doc[first - 1].text != "," or subj.i >= first:
        return None
    sent_start = verb.sent.start
    for r in range(subj.i, sent_start + 1, -1):
        if doc[r].lower_ in {"which", "who"} and doc[r - 1].text == ",":
            if r == subj.i:
                return None
            head = doc[r - 2]
            while head.dep_ in {"conj", "compound", "flat"} and head.head.i < r - 1 and head.head.i >= sent_start:
                head = head.head
            if head.pos_ in {"PROPN", "NOUN"} and _valid_source(head):
                return head
            return None
    return None


def _claim_named_after(noun: Token) -> Token | None:
    """'a claim Turkey denied': a speech noun directly followed by the name that, by the
    parse, is its apposition; the reduced relative clause's subject."""
    if noun.lemma_.lower() not in load_cues().nouns:
        return None
    name = _appositive_name(noun)
    return name if name is not None and name.left_edge.i == noun.i + 1 and name.dep_ == "appos" else None


def _names_right_before(verb: Token) -> list[Token]:
    """'..., Armenia and Azerbaijan both accused each other', 'on the ground Armenia and Azerbaijan
    have again accused': a finite verb without a subject of its own, right after names joined by
    'and' or commas (its auxiliaries and a floating 'both' between): those names, wherever the
    parser hung them."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in verb.children):
        return []
    if not (verb.tag_ in {"VBD", "VBZ", "VBP"} or any(c.dep_ == "aux" for c in verb.children)):
        return []
    doc, start = verb.doc, verb.sent.start
    i = verb.i - 1
    while i >= start and ((doc[i].head.i == verb.i and doc[i].dep_ in {"aux", "neg", "advmod"}) or doc[i].lower_ in FLOATING_QUANTIFIERS):
        i -= 1
    names: list[Token] = []
    while i >= start and (doc[i].pos_ == "PROPN" or (names and doc[i].lower_ in {"and", ","})):
        if doc[i].pos_ == "PROPN" and doc[i].dep_ not in {"compound", "flat"}:
            names.insert(0, doc[i])
        i -= 1
    if not names or not all(n.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} for n in names):
        return []
    person = _person_of_the_body(names[0]) if len(names) == 1 else None
    return [person] if person is not None else names


def _person_of_the_body(name: Token) -> Token | None:
    """'Jane Doe of the Institute for Peace Studies said': the person whose body the name right
    before the verb is, when the parser hung the person elsewhere."""
    prep = name.head
    if name.dep_ != "pobj" or prep.lower_ != "of" or prep.i == 0:
        return None
    person = name.doc[prep.i - 1]
    return person if person.ent_type_ == "PERSON" and person.pos_ == "PROPN" else None


def _distributed_subject(verb: Token, subj: Token) -> Token | None:
    """'Turkey and Armenia exchanged recriminations, each blaming the other': a floating 'each' /
    'both' / 'all' subject of a clause on a verb with a coordinated subject is each of them."""
    if subj.lower_ not in FLOATING_QUANTIFIERS or any(c.dep_ == "prep" for c in subj.children) or verb.dep_ not in {"advcl", "conj"}:
        return None
    outer, _ = _subject(verb.head)
    return outer if outer is not None and len(_expand_coordination(outer)) > 1 else None


def _noun_heading_the_sentence(verb: Token) -> Token | None:
    """'Diplomats from the group that has mediated since 2004 called for calm': the parser found
    no main verb, made the first noun phrase the root and hung the finite cue verb inside a
    relative clause of it. That noun, not a word inside the clause, is the subject."""
    root = verb.sent.root
    if root.pos_ not in {"NOUN", "PROPN"} or root.i >= verb.i or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    tok, through_clause = verb, False
    while tok.i != root.i:
        through_clause |= tok.dep_ in {"relcl", "acl"}
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return root if through_clause and _agent(root) and not is_document(root) else None


def _standing_relation(verb: Token, reason: str) -> bool:
    """A stance verb in the present simple inside a relative clause, or in the present passive
    with its agent, describes who stands with whom ("Armenia, which backs the separatists")."""
    present = verb.tag_ in {"VBZ", "VBP"} or any(c.dep_ == "auxpass" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    if not present or any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        return False
    return verb.dep_ == "relcl" or reason.startswith("agent of")


def _in_relative_clause(verb: Token) -> bool:
    """'..., which brokered a truce', 'the group that has tried to broker a settlement'."""
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "relcl"


def _organisation_pronoun(subj: Token, verb: Token, cue_type: str | None) -> bool:
    """'"The city withstands the blows," it said.': 'it' as the subject of an active speech verb
    is an organisation speaking (the actor resolver finds which one)."""
    return (subj.lower_ == "it" and subj.dep_ == "nsubj" and subj.head.i == verb.i and cue_type == "speech"
            and verb.lemma_.lower() in ORGANISATION_SPEECH_VERBS)


def _passive_small_clause(verb: Token) -> bool:
    """'people reported dead', 'three soldiers confirmed killed': a participle with a
    predicate adjective and no object reports about its subject, not by it."""
    has_object = any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children)
    if has_object or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    return any(c.dep_ in {"oprd", "acomp"} and c.lower_ in {"dead", "killed", "missing", "injured", "wounded", "alive", "safe", "captured"} for c in verb.children)


SELF_CONTAINED_CUES = {"tweet", "post", "comment", "speak", "write", "blog", "respond", "reply", "testify"}


def _announces_itself(verb: Token, subj: Token, cue_type: str | None) -> bool:
    """'Dmitri Trenin, director of the Carnegie Moscow Center, also tweeted.': a named source
    and a speech act that ends the sentence; what was said follows in the next sentences."""
    if verb.dep_ != "ROOT" or verb.lemma_.lower() not in SELF_CONTAINED_CUES or subj.pos_ != "PROPN":
        return False
    return all(t.is_punct or t.dep_ in {"advmod", "npadvmod"} for t in verb.sent if t.i > verb.i)


def _with_absolute(participle: Token) -> Token | None:
    """'..., with Russian President Vladimir Putin on Saturday speaking by phone to ...': the
    object of 'with' right before a participle is its subject."""
    for w in participle.head.children:
        if w.lower_ == "with" and w.dep_ == "prep" and w.i < participle.i:
            obj = next((c for c in w.children if c.dep_ == "pobj"), None)
            between = participle.doc[obj.i + 1 : participle.i] if obj is not None else None
            if obj is not None and not any(t.pos_ in {"VERB", "AUX"} or t.text in {",", ";"} for t in between):
                return obj
    return None


def _nearer_contrast_clause(participle: Token) -> Token | None:
    """', while Azerbaijan has made ..., arguing that ...': a participle after a contrasting
    clause shares that clause's subject, whatever verb the parser hung it on."""
    doc = participle.doc
    i = participle.i - 1
    if i < 1 or doc[i].text != ",":
        return None
    tok = doc[i - 1]
    while tok.i != tok.head.i and tok.i != participle.head.i:
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ in {"advcl", "conj"} and tok.i < participle.i and any(c.dep_ == "nsubj" for c in tok.children) and (
            tok.dep_ == "conj" or any(m.dep_ == "mark" and m.lower_ in {"while", "whereas", "although", "though"} for m in tok.children)
        ):
            return tok
        tok = tok.head
    return None


# --- content ------------------------------------------------------------------------------


def _is_temporal(tok: Token) -> bool:
    return tok.ent_type_ in {"DATE", "TIME"}


def _prep_is_medium_or_time(prep: Token) -> bool:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return prep.lower_ in TEMPORAL_PREPS
    obj = objs[0]
    if _is_temporal(obj):
        return True
    return obj.lemma_.lower() in MEDIUM_NOUNS and prep.lower_ in {"in", "on", "at", "during", "via", "through", "over"}


def _is_cue_participle(tok: Token) -> bool:
    """', calling it a disgrace' / ', telling reporters that ...': a second attribution, not content."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and bool(load_cues().verb_type(tok.lemma_.lower()))


def _content_tokens(verb: Token, exclude: set[int], addressee: Token | None) -> list[Token]:
    exclude = exclude | {t.i for c in verb.children if _is_cue_participle(c) for t in c.subtree}
    children = [c for c in verb.children if c.i not in exclude]
    chosen = [c for c in children if c.dep_ in {"ccomp", "xcomp", "csubj"}]
    objects = [c for c in children if c.dep_ in CONTENT_DEPS - {"ccomp", "xcomp"} and (addressee is None or c.i != addressee.i)]
    if not chosen:
        chosen = objects + [
            c for c in children if c.dep_ in {"prep", "advcl"} and c.i > verb.i and not _prep_is_medium_or_time(c)
            and not _circumstance(c)
            and not (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children) and not objects)
        ]
    elif objects and verb.lemma_.lower() not in ADDRESSEE_VERBS:
        chosen += objects
    else:
        # "described X as Y", "urged X to Y": the object belongs to the content
        chosen += [c for c in objects if c.dep_ == "dobj" and verb.lemma_.lower() not in ADDRESSEE_VERBS]
        chosen += [c for c in children if c.dep_ == "prep" and c.lower_ == "as"]
    if not any(c.dep_ in {"ccomp", "xcomp", "csubj"} for c in chosen):
        # a "that" clause the parser hung on a nearby noun ("told X in a call that ...")
        for t in verb.subtree:
            if t.i > verb.i and t.dep_ in {"acl", "relcl", "ccomp"} and any(
                m.dep_ == "mark" and m.lower_ in {"that", "whether", "if"} for m in t.children
            ) and t.head.dep_ in {"pobj", "dobj"}:
                chosen = [t]
                break
    out: list[Token] = []
    for c in chosen:
        out.extend(t for t in _subtree_tokens(c, exclude) if t.i not in exclude)
    return out


CIRCUMSTANCE_MARKS = {"when", "while", "after", "before", "because", "since", "if", "until", "once"}


def _circumstance(clause: Token) -> bool:
    """'... after the authorities admitted ...', '... when the talks failed': an adverbial clause
    that says when or why, not what was said."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CIRCUMSTANCE_MARKS for m in clause.children)


def _phrase_content(verb: Token, cue_tokens: list[Token], exclude: set[int], act: bool = False) -> list[Token]:
    """What follows a multiword cue: the complement of its particle or object
    ("refrained from taking sides", "expressed concern over X", "called for X"). With `act`,
    not when or why ("signed an agreement ... after the authorities admitted ...")."""
    cue_ids = {t.i for t in cue_tokens}
    out: list[Token] = []
    for cue_tok in cue_tokens:
        for c in cue_tok.children:
            if c.i in cue_ids or c.i in exclude or c.i < cue_tok.i:
                continue
            if cue_tok.i == verb.i and c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}:
                pass  # "called for dialogue and an end to the fighting": a noun the parser joined to the verb
            elif cue_tok.i == verb.i and c.dep_ not in {"ccomp", "xcomp", "dobj", "prep", "advcl", "oprd"}:
                continue
            if (c.dep_ == "prep" and _prep_is_medium_or_time(c)) or (act and _circumstance(c)):
                continue
            if c.dep_ in {"punct", "cc", "det", "amod", "compound"} or (c.dep_ == "conj" and c.pos_ not in {"NOUN", "PROPN"}):
                continue
            out.extend(t for t in _subtree_tokens(c, exclude) if t.i not in exclude)
    return out


# --- the finder ---------------------------------------------------------------------------


def _no_one_behind(sources: list[Source]) -> list[Source]:
    """The sources of a document no one is named behind, marked so: its statement is no actor's."""
    return [replace(s, anonymous=True) for s in sources]


def _with_anonymous(found: list[Attribution], anonymous: list[Attribution]) -> list[Attribution]:
    """`found`, and each attribution of a document no one is named behind ("the video shows")
    whose sentence no other attribution reaches (its sentence, content or quotation): such a
    statement is a last resort, never in place of a speaker's ("added the statement": the issuer
    named before) or of one it holds ("reports suggest ..., which Ankara denied")."""
    if not anonymous:
        return found
    reached = [(a.sent.start_char, a.sent.end_char) for a in found] + [span for a in found for span in (*a.content, *a.quotes)]
    out = list(found)
    for a in anonymous:
        if not any(s < a.sent.end_char and a.sent.start_char < e for s, e in reached):
            at = next((n for n, b in enumerate(out) if b.sent.start > a.sent.start), len(out))
            out.insert(at, a)  # in reading order, the others' order untouched
    return out


class AttributionFinder:
    """`units=True` finds who-said-what units (the gold's unit): a named source that a later tag
    only relays keeps its own attribution ("said X, according to Radio Liberty", "X has ...,
    calling for ..., reports say"), a relative clause without object takes the noun it
    describes ("a claim Turkey denied"), a named speaker's bare "also tweeted." counts, and a
    stance verb that only describes a standing relation ("Turkey, which backs Azerbaijan") does not.
    `units=False` keeps to what PolNeAR's annotators mark as attributions."""

    def __init__(self, lexicon: Lexicon | None = None, units: bool = True):
        self.lex = lexicon or load_cues()
        self.units = units

    def _speaks(self, tok: Token) -> bool:
        """Whether a source may be this noun phrase: an agent for units, any noun for PolNeAR."""
        return _agent(tok) if self.units else _valid_source(tok)

    def find(self, doc: Doc) -> list[Attribution]:
        quotes = doc_quotes(doc)
        inside = _QuoteIndex(quotes)
        found: list[Attribution] = []
        candidates = self._cue_candidates(doc, inside)
        sents = list(doc.sents)
        at = 0
        for sent in sents:
            first = at
            while at < len(candidates) and candidates[at] < sent.end:
                at += 1
            found.extend(self._sentence(sent, inside, candidates[first:at]))
        found.extend(_name_colon_lines(doc, inside))
        found = _with_signed_quotes(doc, quotes, found)
        named, anonymous = [], []
        for att in found:
            (anonymous if any(src.anonymous for src in att.sources) else named).append(att)
        found = _drop_nested(named, self.units)
        self._attach_quotes(doc, found, quotes, inside, sents)
        if self.units:
            _attach_unmarked_quotes(doc, found, inside, sents)
        return _with_anonymous(found, anonymous)

    def _cue_candidates(self, doc: Doc, inside: "_QuoteIndex") -> list[int]:
        """Positions of the tokens `_sentence` tries as a cue, read from the article's token table (a Token object
        for every word of the article cost more than the rules run on the few that can be cues):
        "according", a speech noun, and a verb that is no auxiliary and either has a cue lemma
        (a verb or phrase of the lexicon) or may frame a quotation (`_may_frame_a_quote`)."""
        strings = doc.vocab.strings
        table = token_table(doc)
        pos, dep, lower, lemma, head, orth, idx = (table.ids(a) for a in (POS, DEP, LOWER, LEMMA, HEAD, ORTH, IDX))
        content = (pos == NOUN) | (pos == VERB) | (pos == AUX)
        lemmas, inverse = np.unique(lemma[content], return_inverse=True)
        words = [strings[h].lower() for h in lemmas.tolist()]
        speech_noun = np.zeros(len(pos), dtype=bool)
        speech_noun[content] = np.array([w in self.lex.nouns for w in words], dtype=bool)[inverse]
        cue_verb = np.zeros(len(pos), dtype=bool)
        cue_verb[content] = np.array([w in self.lex.verbs or w in self.lex.phrases for w in words], dtype=bool)[inverse]
        framing = (pos == VERB) & _may_frame_a_quote(doc, inside, dep, head, orth, idx)  # ('"Fantastic!" beamed X')
        verb = ((pos == VERB) | (pos == AUX)) & (dep != strings["aux"]) & (cue_verb | framing)
        cue = verb | ((pos == NOUN) & (speech_noun | (cue_verb & _heads_a_subject(dep, head, strings)))) | (lower == strings["according"])
        return np.flatnonzero(cue).tolist()

    # one sentence
    def _sentence(self, sent: Span, inside: "_QuoteIndex", candidates: list[int] | None = None) -> list[Attribution]:
        """Attributions of one sentence; `candidates`, the positions that may be cues (all
        of the sentence's when not given)."""
        out: list[Attribution] = []
        used_cues: set[int] = set()
        doc = sent.doc
        for i in candidates if candidates is not None else range(sent.start, sent.end):
            tok = doc[i]
            if tok.i in used_cues or inside.interior(tok.idx):
                continue
            att = None
            low = tok.lower_
            if low == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
                att = self._according_to(sent, tok)
            elif (tok.pos_ in {"VERB", "AUX"} and tok.dep_ != "aux") or _verb_read_as_noun(tok):
                att = self._verb_cue(sent, tok, inside)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.nouns:
                att = self._noun_cue(sent, tok)
            if att:
                used_cues.update(t.i for t in att.cue_tokens)
                out.append(att)
        if self.units:
            out = _main_clause_first(out)
        return out

    def _verb_cue(self, sent: Span, verb: Token, inside: "_QuoteIndex") -> Attribution | None:
        """A reporting verb's attribution: the cue (a verb or a verb phrase), who speaks, their
        sources, and what was said; None where any of the four is missing or is no report."""
        cue = self._cue_phrase(verb, inside)
        if cue is None:
            return None
        cue_tokens, cue_type, is_phrase = cue
        who = self._speaking_subject(verb, cue_type, cue_tokens, inside)
        if who is None:
            return None
        subj, reason, rescued = who
        found = self._sources_of(verb, subj, reason, rescued, cue_type)
        if found is None:
            return None
        sources, reason, said_noun = found
        said = self._content_of(sent, verb, subj, reason, cue_tokens, cue_type, is_phrase, sources, rescued, said_noun, inside)
        if said is None:
            return None
        content, quotes, addressee = said
        return Attribution(sent, cue_tokens, cue_type, sources, content, quotes,
                           _mention(addressee) if addressee is not None else None, reason)

    def _cue_phrase(self, verb: Token, inside: "_QuoteIndex") -> tuple[list[Token], str, bool] | None:
        """The cue's tokens (the verb, with the object or particle of a cue phrase, and its
        auxiliaries), its type, and whether it is a phrase; None for a verb in another sense."""
        lemma = verb.lemma_.lower()
        other_sense = self.lex.not_cues.get(lemma)
        if other_sense and any(c.dep_ in {"prep", "prt"} and c.lower_ in other_sense and c.i == verb.i + 1 and (
                c.dep_ == "prt" or not (_prep_is_medium_or_time(c) or any(o.lemma_.lower() in MANNER_NOUNS for o in c.children))
        ) for c in verb.children) and not any(o.dep_ == "dobj" and o.lemma_.lower() in MANNER_NOUNS for o in verb.children) and not any(
                c.dep_ in {"prep", "prt"} and c.lower_ in p.preps for p in self.lex.phrases.get(lemma, []) for c in verb.children):
            return None  # "hails from", "called in the dogs", "called off the visit" (not "called in a statement for calm")
        cue_tokens = [verb]
        cue_type = None
        for phrase in self.lex.phrases.get(lemma, []):
            for c in verb.children:
                if phrase.objects and c.dep_ in {"dobj", "attr", "acomp", "oprd", "npadvmod", "ccomp", "xcomp", "nsubjpass"} and c.lemma_.lower() in phrase.objects:
                    cue_tokens = [verb] + [t for t in c.subtree if t.i <= c.i and t.dep_ in {"det", "amod", "compound"}] + [c]
                    cue_type = phrase.type
                elif phrase.preps and c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in phrase.preps and c.i > verb.i and not (
                    c.dep_ == "prep" and _prep_is_medium_or_time(c)
                ):
                    cue_tokens = [verb, c]
                    cue_type = phrase.type
                if cue_type:
                    break
            if cue_type:
                break
        if cue_type == "consult" and not self.units:
            return None  # "signed the agreement": an act the units count, no attribution PolNeAR marks
        if cue_type is None:
            cue_type = self.lex.verb_type(lemma)
            if (cue_type == "consult" and not self.units) or (self.units and lemma in PURSUITS):
                return None
            if cue_type is None and verb.pos_ == "VERB" and _frames_a_quote(verb, inside):
                cue_type = "speech"  # '"This is fantastic!" beamed X', 'Trump boomed: "..."'
            if cue_type is None:
                return None
        is_phrase = len(cue_tokens) > 1
        cue_tokens = cue_tokens + _left_auxiliaries(verb)
        # an aspectual verb ("continues to urge") yields to the cue it governs
        if lemma in ASPECTUAL and any(
            c.dep_ == "xcomp" and self.lex.verb_type(c.lemma_.lower()) for c in verb.children
        ):
            return None
        return cue_tokens, cue_type, is_phrase

    def _speaking_subject(self, verb: Token, cue_type: str, cue_tokens: list[Token],
                          inside: "_QuoteIndex") -> tuple[Token, str, list[Token] | None] | None:
        """Who speaks: the subject token, the reason it was chosen, and the names rescued from
        where the parser hung them; None when no one who can speak does, or the clause is no report."""
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.lex.verbs and verb.head.lemma_.lower() not in ASPECTUAL:
            return None  # "declined to comment": the outer cue owns it
        finite_read_as_participle = _main_verb_read_as_participle(verb)
        if (verb.dep_ == "amod" or verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}) and not finite_read_as_participle:
            return None  # "the so-called ...", "a statement issued by": handled on the noun
        if finite_read_as_participle:
            subj, reason = verb.head, f"noun heading the sentence ({verb.lower_} read as a participle on it)"
        else:
            subj, reason = _subject(verb)
        if subj is not None and not (self._speaks(subj) or _organisation_pronoun(subj, verb, cue_type)):
            stranded = _noun_heading_the_sentence(verb)
            if stranded is not None:  # "Diplomats from the group that has mediated since 2004 called for calm"
                subj, reason = stranded, f"noun heading the sentence ({verb.lower_} hangs in a clause on it)"
        rescued = None
        if subj is None or not (self._speaks(subj) or _organisation_pronoun(subj, verb, cue_type)):
            rescued = _names_right_before(verb)
            if rescued:  # "on the ground Armenia and Azerbaijan have again accused": names the parser hung elsewhere
                subj, reason = rescued[0], f"names right before {verb.lower_} (the parser hung them elsewhere)"
        if subj is None or not (self._speaks(subj) or _organisation_pronoun(subj, verb, cue_type)) or inside.interior(subj.idx):
            return None
        if self.units and cue_type == "stance" and _standing_relation(verb, reason):
            return None  # "Turkey, which backs Azerbaijan", "is backed by Armenia": a relation, not an act
        if self.units and cue_type == "consult" and _in_relative_clause(verb):
            return None  # "France, which brokered a ceasefire in the 1990s": background on who it is
        if _passive_small_clause(verb):
            return None  # "with 450 people reported dead": what was reported about them
        if self.units and subj.lemma_.lower() in NOT_SOURCES | DOCUMENTS:
            return None  # "The agreement doesn't mention ...": a document, not an actor
        if subj.lower_ in FIRST_SECOND_PERSON:
            return None  # the writer or the interviewer addressing someone, not a reported source
        if self.units and any(c.dep_ == "aux" and c.lower_ in DEONTIC for c in verb.children):
            return None  # "Armenia and Azerbaijan must refrain from violence": what someone demands of them
        if self.units and subj.lower_ == "one" and subj.pos_ == "PRON" and not list(subj.children) and any(
            c.dep_ == "aux" and c.tag_ == "MD" for c in subj.head.children
        ):
            return None  # "one may want to recall": anyone, the writer's generic voice
        if self.units and (subj.lower_ in NEGATIVE_SUBJECTS or any(c.dep_ == "det" and c.lower_ in NEGATIVE_SUBJECTS for c in subj.children)):
            return None  # "no one can say", "neither country will admit": nobody's statement
        if subj.i in {t.i for t in cue_tokens}:
            return None
        return subj, reason, rescued

    def _sources_of(self, verb: Token, subj: Token, reason: str, rescued: list[Token] | None,
                    cue_type: str) -> tuple[list[Source], str, Token | None] | None:
        """The sources the subject stands for (each name of a list, the issuer of a document,
        the one quoted), the reason, and a claim noun the names hang on; None when no one."""
        sources = _sources_from(subj, self.units)
        final_tag = _final_tag_mention(verb) if reason.startswith("name right before") else None
        if final_tag is not None and final_tag[0].i == subj.i:
            sources = [Source(final_tag[1], (final_tag[1].start_char, final_tag[1].end_char))]
        if rescued:
            sources = [Source(_mention(n), (n.idx, n.idx + len(n))) for n in rescued]
        quoted = _quoted_as_saying(verb) if self.units else None
        if quoted is not None and self._speaks(quoted):
            # "Local agencies quoted the ministry as saying ...": the ministry said it; the agencies relay it
            sources = sources + _sources_from(quoted)
        shared = _distributed_subject(verb, subj) if self.units else None
        if shared is not None:
            # "Turkey and Armenia exchanged recriminations, each blaming the other": each of them
            sources = [Source(s.mention, _full_span(subj, set())) for s in _sources_from(shared)]
            reason = f"{reason} (each of the subject of {verb.head.lower_})"
        inner_source = self._nominal_source(subj)
        said_noun = _claim_named_after(subj) if self.units else None
        through_document = False
        if said_noun is not None:
            # "a claim Turkey and Azerbaijan have denied", parsed with the claim as subject and
            # the names as its apposition: the names speak, the claim is what they deny
            sources = _sources_from(said_noun)
            reason = f"name after '{subj.lower_}' ({subj.lower_} {verb.lower_} by it)"
        elif inner_source is None and is_document(subj):
            found = issuer(subj)
            if found is not None:
                inner_source, through_document = (found, f"issuer of {subj.lower_}"), True
            elif self.units:  # "the video shows", "reports suggest": kept, as no one's (extract: unattributed)
                sources = _no_one_behind(sources)
        if inner_source is not None:
            # "A statement issued by X condemned ...", "a Kremlin statement said": X speaks through it
            src_tok, why = inner_source
            sources = [Source(_issuer_mention(subj, src_tok), _full_span(subj, set()), document=through_document)]
            reason = f"{why}, subject of {verb.lower_}"
        if self.units and not _organisation_pronoun(subj, verb, cue_type):
            # "Pashinyan and the war", "the Chancellor and I": who can speak, other than the writer
            sources = [s for s in sources if _agent(s.mention.root) and s.mention.root.lower_ not in FIRST_SECOND_PERSON]
        if not sources:
            return None
        return sources, reason, said_noun

    def _content_of(self, sent: Span, verb: Token, subj: Token, reason: str, cue_tokens: list[Token], cue_type: str,
                    is_phrase: bool, sources: list[Source], rescued: list[Token] | None, said_noun: Token | None,
                    inside: "_QuoteIndex") -> tuple[list[CharSpan], list[CharSpan], Token | None] | None:
        """What was said (character runs), the quotations in it, and the addressee of a verb that
        has one; None when nothing was said that a report would carry."""
        lemma = verb.lemma_.lower()
        if reason.startswith("name after"):
            exclude = {t.i for t in subj.subtree}  # "... said the chief negotiator X": X's phrase, hung on the verb
        elif subj.i == verb.i or verb.is_ancestor(subj):
            exclude = set()  # the subject's phrase lies inside the cue's clause (no need to walk it)
        else:
            exclude = {t.i for t in subj.subtree} - {t.i for t in verb.subtree}
        exclude |= {t.i for t in cue_tokens}
        exclude |= {t.i for s in sources for t in s.mention if sent.start <= t.i < sent.end}  # "the Co-Chairs" the parser split
        # the addressee of told/asked/urged ...
        addressee = None
        if lemma in ADDRESSEE_VERBS:
            for c in verb.children:
                # "urged Baku to stop", not "urged restraint": the addressee is someone
                if c.dep_ in {"dobj", "dative"} and c.pos_ in {"PROPN", "NOUN", "PRON"} and c.i not in exclude and can_speak(c):
                    addressee = c
                    break
        if is_phrase:
            # (units: what was said or done, not when or why; PolNeAR's annotators mark the whole)
            content_toks = _phrase_content(verb, cue_tokens, exclude, act=self.units)
        else:
            content_toks = _content_tokens(verb, exclude, addressee)
        if reason.startswith("agent of"):
            # passive: what was criticized is the content
            for c in verb.children:
                if c.dep_ == "nsubjpass":
                    content_toks = list(c.subtree) + content_toks
        if verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children):
            # "As X wrote ..., the regime is ...": the clause it comments on
            own = {t.i for t in verb.subtree}
            content_toks = [t for t in verb.head.subtree if t.i not in own]
        if cue_type in {"cognition", "evidence"} and not is_phrase:
            clausal = any(c.dep_ in {"ccomp", "csubj"} or c.dep_ == "xcomp" and cue_type == "cognition" and lemma in EXPECT_VERBS for c in verb.children)
            objects = [c for c in verb.children if c.dep_ == "dobj" and not c.lower_.endswith(("self", "selves"))]
            if not clausal and not (cue_type == "evidence" and objects and subj.pos_ != "PRON"):
                return None
            finite = any(c.dep_ == "ccomp" and _finite(c) for c in verb.children)
            if not finite and self.units and names_people(subj) and cue_type == "evidence":
                # "refugees have found their way", "he finds his mother reading the news": no finding reported
                return None
        content = _runs(content_toks)
        sent_quotes = inside.within(sent.start_char, sent.end_char)
        if not content:
            adjacent = inside.adjacent(sent.start_char, sent.end_char, doc_text(sent.doc))
            if sent_quotes:
                content = list(sent_quotes)
            elif adjacent:
                content = [adjacent]
                sent_quotes = [adjacent]
            elif (verb.dep_ == "parataxis" or verb.dep_ == "ccomp" and verb.head.i > verb.i and not self.lex.verb_type(verb.head.lemma_.lower())) or (
                verb.dep_ == "ROOT" and verb.i > subj.i and _parenthetical(verb)
            ):
                # "The talks, he said, failed": the rest of the sentence
                cue_sub = {t.i for t in verb.subtree}
                content = _runs([t for t in sent if t.i not in cue_sub] if verb.dep_ != "ROOT" else [t for t in sent if t.i > verb.i])
        if not content and cue_type == "speech" and not is_phrase and not rescued:
            content = _runs(_clause_before_tag(verb, subj))
        if not content and said_noun is not None:
            named = {t.i for t in said_noun.subtree}
            content = _runs([t for t in subj.subtree if t.i not in named])
        if not content and self.units and verb.dep_ == "relcl" and reason.startswith("subject of"):
            # "a claim Turkey and Azerbaijan have denied": what the clause describes
            own = {t.i for t in verb.subtree}
            content = _runs([t for t in verb.head.subtree if t.i not in own])
        if not content and self.units and _announces_itself(verb, subj, cue_type):
            content = [(verb.idx, verb.idx + len(verb))]  # "Dmitri Trenin, ..., also tweeted."
        if not content and cue_type not in {"decline", "stance"} and not _before_colon(verb):
            return None
        if lemma in self.lex.clause_only and not is_phrase and not sent_quotes and not any(
            c.dep_ in {"ccomp", "parataxis"} for c in verb.children
        ) and not (verb.dep_ in {"parataxis", "ccomp"} or _parenthetical(verb)):
            return None  # "the West will maintain a strong role", "volunteered to visit": no speech
        if not content and not any(t.is_punct for t in sent[-1:]):
            return None  # "Elites blamed": a heading, not a report
        quotes = [q for q in sent_quotes if any(s <= q[0] < e or q[0] <= s < q[1] for s, e in content)]
        return content, quotes, addressee

    def _according_to(self, sent: Span, tok: Token) -> Attribution | None:
        to = tok.nbor()
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            # parse fell apart: take the noun phrase right after "to"
            nxt = to.i + 1
            if nxt < sent.end and sent.doc[nxt].pos_ in {"PROPN", "NOUN", "DET", "ADJ", "PRON"}:
                pobj = sent.doc[nxt]
                while pobj.head.i > pobj.i and pobj.head.i < sent.end and pobj.head.pos_ in {"PROPN", "NOUN"}:
                    pobj = pobj.head
            else:
                return None
        if not self._speaks(pobj) or pobj.lemma_.lower() in NOT_SOURCES:
            return None  # "according to plan", "according to the rules", "according to 2019 figures"
        phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i} | {t.i for t in pobj.subtree}
        rest = [t for t in sent if t.i not in phrase]
        content = _runs(rest)
        sources = _sources_from(pobj)
        reason = "according to"
        if is_document(pobj):
            found = issuer(pobj)
            if found is not None:  # "according to a statement by the Russian government", "CIA data"
                sources = [Source(_issuer_mention(pobj, found), _full_span(pobj, set()), document=True)]
                reason = f"according to; issuer of {pobj.lower_}"
            elif self.units:  # "according to initial reports": kept, as no one's (extract: unattributed)
                sources = _no_one_behind(sources)
        if not sources:
            return None
        return Attribution(sent, [tok, to], "speech", sources, content, [], None, reason)

    def _noun_cue(self, sent: Span, noun: Token) -> Attribution | None:
        if noun.dep_ in {"dobj", "attr"} and self._is_phrase_object(noun):
            return None
        if noun.dep_ == "nsubj" and self.lex.verb_type(noun.head.lemma_.lower()):
            return None  # the verb it is subject of carries the attribution
        found = self._nominal_source(noun)
        if found is None:
            return None
        return self._noun_cue_rest(sent, noun, *found)

    def _nominal_source(self, noun: Token) -> tuple[Token, str] | None:
        """Who a nominal cue belongs to: its possessor, or the "by"/"from" agent."""
        if noun.lemma_.lower() not in self.lex.nouns:
            return None
        src = None
        reason = ""
        for c in noun.children:
            if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
                src, reason = c, f"possessor of {noun.lower_}"
                break
        if src is None:
            for c in noun.children:
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    for a in c.children:
                        if a.dep_ == "agent":
                            p = next((x for x in a.children if x.dep_ == "pobj"), None)
                            if p is not None:
                                src, reason = p, f"agent of {noun.lower_} {c.lower_}"
                elif c.dep_ == "prep" and c.lower_ in {"by", "from"}:
                    p = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if p is not None and (p.pos_ in {"PROPN"} or p.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or _named_office(p)):
                        src, reason = p, f"{c.lower_} phrase of {noun.lower_}"
                if src is not None:
                    break
        if src is None or not self._speaks(src):
            return None
        if self.units and src.lower_ in FIRST_SECOND_PERSON:
            return None  # "my chief argument": the writer's own
        return src, reason

    def _noun_cue_rest(self, sent: Span, noun: Token, src: Token, reason: str) -> Attribution | None:
        cue_tokens = [noun]
        exclude = {t.i for t in src.subtree} | {noun.i}
        content_toks: list[Token] = []
        for c in noun.children:
            if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > noun.i and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
                content_toks.extend(t for t in c.subtree if t.i not in exclude)
            elif c.dep_ == "prep" and c.i > noun.i and c.lower_ in {"of", "on", "about", "for", "to", "against", "over", "with"}:
                content_toks.extend(t for t in c.subtree if t.i not in exclude)
        if not content_toks and noun.dep_ in {"nsubj", "attr"} and noun.head.lemma_ == "be":
            # '"...," was the statement from the president's office': what the copula equates it with
            content_toks = [t for c in noun.head.children if c.dep_ in {"ccomp", "csubj"} for t in c.subtree]
        content = _runs(content_toks)
        if not content:
            return None  # "her speech", "his remarks": a mention of speech, not a report of what was said
        return Attribution(sent, cue_tokens, self.lex.nouns[noun.lemma_.lower()], _sources_from(src), content, [], None, reason)

    def _is_phrase_object(self, noun: Token) -> bool:
        for phrase in self.lex.phrases.get(noun.head.lemma_.lower(), []):
            if noun.lemma_.lower() in phrase.objects:
                return True
        return False

    # quotations whose sentence has no cue
    def _attach_quotes(self, doc: Doc, found: list[Attribution], quotes: list[CharSpan], inside: "_QuoteIndex",
                       sents: list[Span] | None = None) -> None:
        """A quoted sentence without a cue belongs to the speaker tag that closes its quotation
        ('"... . ... ," reports TASS.'), else to the attribution just before it."""
        by_sent: dict[int, list[Attribution]] = {}
        for a in found:
            by_sent.setdefault(a.sent.start, []).append(a)
        sents = sents if sents is not None else list(doc.sents)
        last: Attribution | None = None
        last_end = -1
        for si, sent in enumerate(sents):
            here = by_sent.get(sent.start)
            if here:
                last = here[-1]
                last_end = sent.end_char
                continue
            qs = inside.within(sent.start_char, sent.end_char)
            if not qs:
                continue
            covered = sum(min(e, sent.end_char) - max(s, sent.start_char) for s, e in qs)
            text_len = len(span_text(sent).strip())
            if covered < 0.6 * text_len:
                continue
            owner = _closing_tag(sents, si, qs[-1], by_sent)
            if owner is None:
                gap = doc_text(doc)[last_end : sent.start_char]
                if last is None or gap.count("\n") > 3 or len(gap.strip()) > 0:
                    continue
                owner = last
            # the quotation continues the owner's attribution: share its content
            for q in qs:
                if q not in owner.content:
                    owner.content.append(q)
            cont = Attribution(sent, owner.cue_tokens, owner.cue_type, owner.sources, owner.content, list(qs), owner.addressee,
                               QUOTE_CONTINUES_PREVIOUS if owner is last else QUOTE_CLOSED_BY_TAG,
                               continuation=True, cue_chars=owner.cue_chars)
            found.append(cont)
            last = owner if owner is last else cont
            last_end = sent.end_char
        found.sort(key=lambda a: (a.sent.start, a.cue_tokens[0].i))


FIRST_PERSON_WORDS = word_set("stancemap.statements", "first_person")
MAX_UNMARKED_RUN = 4  # sentences an unmarked quotation may run before its tag


def _closing_first_person_tag(sent: Span, by_sent: dict[int, list[Attribution]]) -> Attribution | None:
    """A sentence-final tag whose own content speaks in the first person ('Children women old people
    dead in the streets resident Abu Mustafa said.', '... I saw bodies he told AFP.')."""
    for a in by_sent.get(sent.start, []):
        cue_start = min((s for s, _ in a.cue_spans), default=None)
        if a.continuation or not a.sources or not a.content or cue_start is None:
            continue
        if max(e for _, e in a.content) <= min(cue_start, *(src.full[0] for src in a.sources)):
            return a  # what was said comes first, then who said it
    return None


def _attach_unmarked_quotes(doc: Doc, found: list[Attribution], inside: "_QuoteIndex", sents: list[Span]) -> None:
    """Text whose quotation marks were stripped ('We heard strikes this morning. We ran inside the houses.
    Children dead in the streets resident Abu Mustafa said.'): sentences in the first person, outside any
    quotation and with no attribution of their own, right before a sentence-final tag in the same paragraph,
    are that speaker's quotation. The reporter does not write 'we' in a news report; a quoted speaker does."""
    by_sent: dict[int, list[Attribution]] = {}
    for a in found:
        by_sent.setdefault(a.sent.start, []).append(a)
    text = doc_text(doc)
    added = []
    for si, sent in enumerate(sents):
        tag = _closing_first_person_tag(sent, by_sent)
        if tag is None:
            continue
        run = []
        for back in range(si - 1, max(-1, si - 1 - MAX_UNMARKED_RUN), -1):
            prev = sents[back]
            if by_sent.get(prev.start) or "\n" in text[prev.start_char : sents[back + 1].start_char] or inside.within(prev.start_char, prev.end_char):
                break
            if not any(t.lower_ in FIRST_PERSON_WORDS for t in prev):
                break
            run.append(prev)
        for prev in run:
            added.append(Attribution(prev, tag.cue_tokens, tag.cue_type, tag.sources, [(prev.start_char, prev.end_char)], [],
                                     tag.addressee, QUOTE_CLOSED_BY_TAG + " (its quotation marks lost)",
                                     continuation=True, cue_chars=tag.cue_chars))
    if added:
        found.extend(added)
        found.sort(key=lambda a: (a.sent.start, a.cue_tokens[0].i))


def _closing_tag(sents: list[Span], si: int, quote: CharSpan, by_sent: dict[int, list[Attribution]]) -> Attribution | None:
    """The attribution of the later sentence where `quote` closes, when that attribution
    takes the quotation as what was said."""
    if quote[1] <= sents[si].end_char:
        return None
    for later in sents[si + 1 :]:
        if later.start_char >= quote[1]:
            return None
        if later.end_char < quote[1]:
            continue
        tags = [a for a in by_sent.get(later.start, []) if not a.continuation]
        for a in sorted(tags, key=lambda a: quote not in a.quotes):
            if quote in a.quotes or any(s < quote[1] and e > max(quote[0], later.start_char) for s, e in a.content):
                return a
        return None
    return None


def _finite(verb: Token) -> bool:
    """A clause with a tensed verb or a complementiser ('found that ...', 'shows the army lost'),
    not a small clause ('finds his mother reading the news')."""
    return verb.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"} or c.dep_ == "mark" for c in verb.children)


def _main_clause_first(atts: list[Attribution]) -> list[Attribution]:
    """'Aram Gregorjan, who volunteered to visit the shelters, said the conditions helped spread
    the virus': one unit per speaker and sentence, and its cue is the clause's own, not the
    relative clause that describes the speaker."""
    main_roots = {s.mention.root.i for a in atts if not a.reason.startswith("noun the relative clause") for s in a.sources}
    return [a for a in atts if not (a.reason.startswith("noun the relative clause") and all(s.mention.root.i in main_roots for s in a.sources))]


def _quoted_as_saying(verb: Token) -> Token | None:
    """The object of an active 'quoted X as saying / telling / stating ...'."""
    if verb.lemma_.lower() != "quote":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for prep in [c for c in verb.children if c.dep_ == "prep"] + [c for c in obj.children if c.dep_ == "prep"]:
        if prep.lower_ == "as" and any(c.tag_ == "VBG" and load_cues().verb_type(c.lemma_.lower()) == "speech"
                                       for c in prep.children):
            return obj
    return None


def _main_verb_read_as_participle(verb: Token) -> bool:
    """'A military source announced on Saturday that the army ...': the tagger read the main verb as a
    participle on the noun before it, which then heads a sentence without a verb; a clause that
    says what was announced shows the verb is finite."""
    head = verb.head
    return (verb.tag_ == "VBN" and verb.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"}
            and head.i < verb.i and not any(c.dep_ in {"agent", "auxpass"} for c in verb.children)
            and any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in verb.children))


def _heads_a_subject(dep: np.ndarray, head: np.ndarray, strings) -> np.ndarray:
    """Per token, whether some word is its nominal subject (a verb the tagger read as a noun:
    'The authorities accuse Azerbaijan of ...')."""
    out = np.zeros(len(dep), dtype=bool)
    subjects = np.flatnonzero(dep == strings["nsubj"])
    out[subjects + head[subjects].astype(np.int64)] = True  # (HEAD holds the offset to the head)
    return out


def _verb_read_as_noun(tok: Token) -> bool:
    """'The authorities in the region accuse X of ...': a cue verb lemma tagged as a noun that
    has a subject of its own is that verb."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in tok.children) and (
        tok.lemma_.lower() in load_cues().verbs or tok.lemma_.lower() in load_cues().phrases)


def _may_frame_a_quote(doc: Doc, inside: "_QuoteIndex", dep: np.ndarray, head: np.ndarray, orth: np.ndarray,
                       idx: np.ndarray) -> np.ndarray:
    """Per token, whether `_frames_a_quote` can hold for it (a necessary condition, read from
    arrays; keep the two in step): the token, or a subject of it, starts right after a
    quotation (spaces, commas and dashes between), or a colon follows it."""
    n = len(dep)
    out = np.zeros(n, dtype=bool)
    if not inside.quotes or not n:
        return out
    text = doc_text(doc)
    after_quote = np.zeros(n, dtype=bool)
    for _, end in inside.quotes:
        run_end = end
        while run_end < len(text) and text[run_end] in " ,—–-":
            run_end += 1
        after_quote[np.searchsorted(idx, end, "left") : np.searchsorted(idx, run_end, "right")] = True
    out |= after_quote
    strings = doc.vocab.strings
    subjects = np.flatnonzero((dep == strings["nsubj"]) & after_quote)
    out[subjects + head[subjects].astype(np.int64)] = True  # (HEAD holds the offset to the head)
    out[:-1] |= orth[1:] == strings[":"]
    return out


def _frames_a_quote(verb: Token, inside: "_QuoteIndex") -> bool:
    """Any verb with a subject that sits right after a quotation or right before a colon and one."""
    if not inside.quotes:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    text = doc_text(verb.doc)
    first = min(verb.i, subj.i)
    start = verb.doc[first].idx
    # a quotation "right before" ends in the run of spaces, commas and dashes before the clause;
    # one "right after" the colon starts in the run of spaces and colons after the verb
    before = start
    while before > 0 and text[before - 1] in " ,—–-":
        before -= 1
    colon = _before_colon(verb)
    after = verb.idx + len(verb)
    while after < len(text) and text[after] in " :":
        after += 1
    for q in inside.quotes:
        if before <= q[1] <= start and not (q[1] == start and subj.i < verb.i and q[0] < verb.sent.start_char):
            return True  # (a quotation glued to the next sentence's subject does not count)
        if colon and verb.idx < q[0] <= after:
            return True
    return False


def _left_auxiliaries(verb: Token) -> list[Token]:
    """'has also said', 'did not mention': the auxiliaries, negation and adverbs right before
    a cue verb belong to the cue (annotators mark them so); the verb stays first in the list."""
    out = []
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start:
        tok = verb.doc[i]
        if (tok.head.i == verb.i and tok.dep_ in {"aux", "auxpass", "neg", "advmod"} and not tok.is_punct
                and tok.tag_ not in {"WRB"} and not (tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON")):
            out.append(tok)  # not "Karimly" in "Ruslan Karimly said": a surname the parser read as an adverb
            i -= 1
        else:
            break
    return out


def _before_colon(verb: Token) -> bool:
    """'Caddell continued:' - the content is the quotation that follows."""
    nxt = verb.i + 1
    return nxt < len(verb.doc) and verb.doc[nxt].text == ":"


def _parenthetical(verb: Token) -> bool:
    """A cue with nothing after it but punctuation: 'The talks failed, he said.'"""
    after = [t for t in verb.sent if t.i > verb.i and not t.is_punct]
    return not after


def _drop_nested(found: list[Attribution], units: bool = True) -> list[Attribution]:
    """A cue inside what another source says is reported speech within speech: drop it
    (a relative clause keeps its own source: "an interview with X, in which he said ...")."""
    kept = []
    for att in found:
        pos = att.cue_tokens[0].idx
        outer = [
            o for o in found
            if o is not att and any(s <= pos < e for s, e in o.content) and not any(s <= o.cue_tokens[0].idx < e for s, e in att.content)
        ]
        own_clause = _own_relative_clause(att.cue_tokens[0]) or att.reason.startswith("name after '")  # "a claim Turkey denied"
        if not own_clause and outer and not (
            # "The ministry describes X as illegal, its press service reported", "X said ...,
            # according to Radio Liberty", "X has ..., calling for ..., reports say": a named
            # source before the tag that relays it speaks for itself
            all(o.cue_tokens[0].i > att.cue_tokens[0].i for o in outer)
            and all(_relays(o, att) if units else att.cue_tokens[0].dep_ == "ccomp" for o in outer)
            and any(src.mention.root.pos_ == "PROPN" or src.mention.root.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                    or (units and src.mention.root.lower_ in {"he", "she", "they"}) for src in att.sources)
        ) and not (units and _person_reported_by_institution(att, outer)) and not _contrasting_clause(att.cue_tokens[0]):
            continue
        if outer:
            att.relayed_by = outer[0]
        kept.append(att)
    return kept


def _own_relative_clause(cue: Token) -> bool:
    """'an interview with X, in which he said ...', 'a claim Turkey denied': a relative clause on a
    medium or a speech noun (or opened by 'in which') reports its own source; 'it was the army that attacked ...' inside what someone
    said does not."""
    if cue.dep_ != "relcl":
        # "..., a claim Turkey denied" parsed with the claim as an object before its verb: a reduced relative clause
        return any(c.dep_ == "dobj" and c.i < cue.i and c.lemma_.lower() in load_cues().nouns for c in cue.children)
    return cue.head.lemma_.lower() in MEDIUM_NOUNS or cue.head.lemma_.lower() in load_cues().nouns or any(
        c.dep_ == "prep" and any(w.lower_ in {"which", "whom"} for w in c.children) for c in cue.children)


def _contrasting_clause(cue: Token) -> bool:
    """'X said ..., while the government said ...': a cue heading its own 'while' clause with its
    own subject is a second source, not speech reported by the first."""
    return cue.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in cue.children) and any(
        m.dep_ == "mark" and m.lower_ in {"while", "whereas", "whilst"} for m in cue.children)


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or tok.lower_ in {"he", "she"}


def _person_reported_by_institution(inner: Attribution, outer: list[Attribution]) -> bool:
    """'The Kremlin said Mr Putin proposed a ceasefire', 'the president's office said Macron
    called him': an institution reporting what a named person said or did gives that person
    a statement of their own."""
    named_person = all(src.mention.root.ent_type_ == "PERSON" and src.mention.root.pos_ == "PROPN" for src in inner.sources)
    if not inner.sources or not named_person:
        return False
    return all(src.office or not _is_person(src.mention.root) for o in outer for src in o.sources)


def _relays(outer: Attribution, inner: Attribution) -> bool:
    """Whether a later tag only relays the inner attribution: it reports the clause the inner
    cue heads ("X describes ..., its press service reported"), or a participle of it
    ("X has ..., calling for ..., reports say"), or "according to" hangs on the inner cue
    ("said X, according to Radio Liberty")."""
    cue = inner.cue_tokens[0]
    if outer.reason.startswith("according to"):
        return outer.cue_tokens[0].head.i == cue.i
    return cue.dep_ == "ccomp" or (cue.dep_ == "advcl" and cue.tag_ == "VBG" and cue.head.dep_ == "ccomp")


_NAME_COLON = re.compile(r"(?m)^[ \t]*(?P<name>[^\n:]{1,90}?)[ \t]*(?P<colon>:)[ \t]*(?=\S)")
_NOT_NAME_START = word_set("stancemap.statements", "not_name_start")


# '"..." ― Jane Doe': a quotation signed with a dash and a name (pull quotes, epigraphs, readers'
# comments); the name ends at the line's end, a full stop or the next quotation's opening mark
_SIGNATURE = re.compile(r"[^\S\n]*[―—–][^\S\n]*(?P<name>[A-Z][\w'’-]*(?:\.?[^\S\n]+[A-Z][\w'’-]*){0,4})(?=[^\S\n]*(?:$|[.\n“\"]))", re.M)


def _with_signed_quotes(doc: Doc, quotes: list[CharSpan], found: list[Attribution]) -> list[Attribution]:
    """Each quotation signed by a dash and a name ('"..." ― Jane Doe') is that person's words:
    an attribution with the dash as its cue, in place of what the other rules read into the
    dash (a verb whose subject is the name, taking the next quotation as its words)."""
    text = doc_text(doc)
    signed = []
    for q in quotes:
        m = _SIGNATURE.match(text, q[1])
        if m is None:
            continue
        name = doc.char_span(*m.span("name"), alignment_mode="contract")
        dash = doc.char_span(q[1], m.start("name"), alignment_mode="expand")
        opening = doc.char_span(q[0], q[1], alignment_mode="expand")
        if name is None or not len(name) or dash is None or opening is None or not len(opening):
            continue
        cue = [t for t in dash if t.text.strip() in {"―", "—", "–"}]
        if cue:
            signed.append(Attribution(opening[0].sent, cue[:1], "speech", [Source(name, m.span("name"))], [inner(text, q)],
                                      [inner(text, q)], None, "name signing the quotation with a dash"))
    if not signed:
        return found
    taken = {a.cue_tokens[0].i for a in signed}
    return sorted([a for a in found if not taken & {t.i for t in a.cue_tokens}] + signed,
                  key=lambda a: a.sent.start)  # in reading order (a stable sort keeps a sentence's own order)


def _name_colon_lines(doc: Doc, inside: "_QuoteIndex") -> list[Attribution]:
    """'Pence: Trump was mocking ...' headlines and 'TAPPER: ...' transcript turns: a short
    capitalised name at the start of a line, a colon, and what that speaker said up to the line end."""
    out = []
    text = doc_text(doc)
    for m in _NAME_COLON.finditer(text):
        name_start, name_end = m.span("name")
        name = m["name"]
        for dash in (" - ", " — ", " – "):
            if dash in name:
                cut = name.rindex(dash) + len(dash)
                name_start += cut
                name = name[cut:]
        words = [w.strip("()[],.\"'“”") for w in name.split()]
        words = [w for w in words if w]
        if not words or len(words) > 10 or any(ch.isdigit() for ch in name) or inside.interior(name_start):
            continue
        if words[0].lower().strip("\"'“”") in _NOT_NAME_START or not words[0][:1].isupper() or not words[-1][:1].isupper():
            continue
        if sum(w[:1].isupper() for w in words) * 2 < len(words):
            continue
        mention = doc.char_span(name_start, name_end, alignment_mode="contract")
        if mention is None or not len(mention) or any(t.pos_ in {"VERB", "AUX"} and not t.is_upper for t in mention):
            continue
        colon_at = m.start("colon")
        line_end = text.find("\n", colon_at)
        line_end = len(text) if line_end < 0 else line_end
        content_start = m.end()
        content = [(content_start, line_end)]
        while content[0][1] > content_start and text[content[0][1] - 1].isspace():
            content = [(content_start, content[0][1] - 1)]
        if content[0][1] - content_start < 3:
            continue
        colon_tok = doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
        sent = colon_tok[0].sent if colon_tok is not None and len(colon_tok) else mention[0].sent
        said = doc.char_span(content_start, content[0][1], alignment_mode="expand")
        if said is not None and len(said) and said[0].sent.start > sent.start:
            sent = said[0].sent  # "Question: ...?\nMaria Petrova: Yesterday ...": the sentence of her words, not the question's
        quotes = [inner(text, q) for q in inside.within(content_start, line_end)]
        out.append(Attribution(
            sent, [colon_tok[0] if colon_tok is not None and len(colon_tok) else mention[-1]], "speech",
            [Source(mention, (name_start, name_end))], content, quotes, None, "name before a colon",
            cue_chars=[(colon_at, colon_at + 1)],
        ))
    return out


class _QuoteIndex:
    def __init__(self, quotes: list[CharSpan]):
        self.quotes = quotes
        # interior(offset) is asked for every token: answer from a per-character mask
        self.mask = bytearray(max((e for _, e in quotes), default=0) + 1)
        for s, e in quotes:
            self.mask[s + 1 : max(s + 1, e - 1)] = b"\x01" * max(0, e - s - 2)

    def adjacent(self, start: int, end: int, text: str) -> CharSpan | None:
        """A quotation ending just before a sentence ('"We will win!" Trump said.') or starting
        right after one that ends in a colon."""
        for q in self.quotes:
            if q[1] <= start and not text[q[1] : start].strip() and not (q[1] == start and text[q[1] - 2 : q[1] - 1] in {".", "!", "?"}):
                return q  # (a finished quotation glued to the next sentence is no part of it)
            if q[0] >= end and not text[end : q[0]].strip() and text[:end].rstrip().endswith(":"):
                return q
        return None

    def interior(self, offset: int) -> bool:
        """Strictly inside a quotation: after its opening mark, before its closing one."""
        return 0 <= offset < len(self.mask) and self.mask[offset] == 1

    def within(self, start: int, end: int) -> list[CharSpan]:
        return [q for q in self.quotes if q[0] < end and q[1] > start]

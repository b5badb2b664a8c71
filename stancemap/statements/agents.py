"""Who can be a speaker: an agent that can say things, and the issuer a document speaks for.

A statement needs someone behind it: a person, an organisation, a state, a group, an office
or a medium. Cue verbs also have other subjects ("the truce calls for", "a war that claimed
30,000 lives", "the video shows", "mediated since 2004 called for"), and those are no
statements. The test reads the parse and the entity types; the word lists are the
`speakers` section of data/cues.yaml.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..nlp.model import english_words
from .cues import SpeakerWords, load_cues

NAME_ENTITIES = {"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"}
# prepositions that make a document the medium of a speech verb ("said in a statement")
MEDIUM_PREPS = {"in", "via", "through"}
LOOK_BACK_SENTENCES = 6  # how far "the statement" may refer back to an issued one


def _words() -> SpeakerWords:
    return load_cues().speakers


def _agent_noun(tok: Token, words: SpeakerWords) -> bool:
    """A common noun naming people, a body or a medium: by the lists, or by an agentive ending."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    last = lemma.rsplit("-", 1)[-1]  # "co-chair", "vice-president"
    if lemma in words.agents or low in words.agents or last in words.agents:
        return True
    if lemma in words.not_agents or low in words.not_agents:
        return False
    for ending in words.agent_endings:
        if last.endswith(ending) and len(last) - len(ending) >= 3 and not (ending == "ent" and last.endswith("ment")):
            return True  # "negotiator", "participant", "detainee"; not "agreement"
    if lemma in words.places:
        # "the region declared independence": a polity speaks through its authorities;
        # "its main city, also called Agdam" is a place inside another, no polity
        return not any(c.dep_ == "poss" for c in tok.children)
    return False


def _unknown_name(tok: Token) -> bool:
    """A capitalised word no dictionary has, that the tagger read as a common noun: a name the entity
    recogniser did not know ("Sasunts says ..." at a sentence's start, tagged as a plural noun)."""
    text = tok.text
    if len(text) < 3 or not text.isalpha() or not text[0].isupper() or not text[1:].islower():
        return False
    known = english_words()
    return bool(known) and tok.lower_ not in known and tok.lemma_.lower() not in known


def _counted(tok: Token) -> Token | None:
    """What a quantity counts: 'thousands of protesters', 'one of the parties'."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i > tok.i:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def names_people(tok: Token) -> bool:
    """A person or persons, not a body or a document: 'he', 'Lopez', 'refugees', 'negotiators'."""
    words = _words()
    if tok.pos_ == "PRON":
        return tok.lower_ not in words.not_speaking_pronouns
    if tok.ent_type_ == "PERSON":
        return True
    if tok.pos_ != "NOUN" or is_document(tok):
        return False
    lemma = tok.lemma_.lower()
    if lemma in words.people:
        return True
    return lemma not in words.agents and _agent_noun(tok, words) and lemma not in words.places


def is_document(tok: Token) -> bool:
    """A text, recording or figure that can only speak for whoever issued it."""
    words = _words()
    if tok.pos_ == "PROPN" and any(c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN" for c in tok.children):
        return False  # "The Washington Post", "Jerusalem Post": a medium's name
    return tok.pos_ in {"NOUN", "PROPN"} and (tok.lemma_.lower() in words.documents or tok.lower_ in words.documents)


def can_speak(tok: Token, documents: bool = False) -> bool:
    """Whether the head of a noun phrase names an agent that can say things.
    `documents`: whether a document counts ("the report says", as PolNeAR marks it)."""
    words = _words()
    low = tok.lower_
    if tok.ent_type_ in words.never_entities:
        return False
    if tok.pos_ == "PRON":
        return low not in words.not_speaking_pronouns
    indefinite = tok.lemma_.lower() in words.indefinite_quantities and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children)
    if indefinite and _counted(tok) is not None:
        return can_speak(_counted(tok), documents)  # "a number of experts", "a chorus of Republicans"
    if tok.lemma_.lower() in words.quantities or low in words.quantities or tok.pos_ == "NUM" or tok.ent_type_ in {"CARDINAL", "PERCENT"}:
        if tok.text[:1].isdigit() and tok.ent_type_ != "PERCENT" and _counted(tok) is None:
            return False  # "2004", "27": a bare number is no speaker
        counted = _counted(tok)
        return can_speak(counted, documents) if counted is not None else True  # "thousands protested"
    if is_document(tok):
        return documents
    if tok.pos_ in {"PROPN", "X"} or tok.ent_type_ in NAME_ENTITIES:
        return True
    if tok.pos_ == "NOUN":
        return _agent_noun(tok, words) or _unknown_name(tok)
    # the small model tags some names as adjectives ("Lopez"): a capitalised word is a name
    return tok.pos_ in {"ADJ", "VERB", "INTJ", "SYM"} and tok.is_alpha and tok.text[:1].isupper()


def _issuer_in_phrase(doc_tok: Token) -> Token | None:
    """The issuer named in the document's own noun phrase: 'Moscow's information', 'a Kremlin
    statement', 'a note from the Foreign Ministry', 'the statement released by the ministry'."""
    for c in doc_tok.children:
        if c.dep_ == "poss" and can_speak(c):
            return c
    compounds = [c for c in doc_tok.children if c.dep_ == "compound" and c.i < doc_tok.i]
    for c in sorted(compounds, key=lambda c: -c.i):
        if can_speak(c) and not is_document(c):
            return c
    for c in doc_tok.children:
        if c.i < doc_tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ in {"by", "from", "of"}:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and can_speak(obj) and not is_document(obj):
                return obj
        if c.dep_ == "prep" and c.lower_ == "in":  # "a report in al-Monitor", "an op-ed in the Post": the outlet
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and (obj.ent_type_ == "ORG" or obj.pos_ == "PROPN" and not obj.ent_type_) and not is_document(obj):
                return obj
        if c.dep_ == "acl" and c.tag_ == "VBN":  # "released by the ministry", "provided by the agency"
            for agent in c.children:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                    obj = next((o for o in agent.children if o.dep_ == "pobj"), None)
                    if obj is not None and can_speak(obj):
                        return obj
    return None


def _issues(verb: Token, doc_tok: Token) -> bool:
    """'issued a statement', 'released a video': a multiword cue of the lexicon with this object."""
    lemma = doc_tok.lemma_.lower()
    return any(lemma in p.objects for p in load_cues().phrases.get(verb.lemma_.lower(), []))


def _issuer_by_verb(doc_tok: Token) -> Token | None:
    """'The ministry issued a statement', 'the ministry said in a statement': the subject of the
    verb that put the document out or spoke through it."""
    verb = None
    if doc_tok.dep_ == "dobj" and _issues(doc_tok.head, doc_tok):
        verb = doc_tok.head
    elif doc_tok.dep_ == "pobj" and doc_tok.head.lower_ in MEDIUM_PREPS and doc_tok.head.head.pos_ in {"VERB", "AUX"}:
        verb = doc_tok.head.head
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and can_speak(subj) and subj.lower_ != "it" else None


def issuer(doc_tok: Token) -> Token | None:
    """Who a document speaks for: named in its phrase, or, for 'the statement' without one,
    the issuer of the same kind of document a few sentences before."""
    found = _issuer_in_phrase(doc_tok)
    if found is not None:
        return found
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in doc_tok.children):
        return None  # "a video", "reports": no document told before
    doc = doc_tok.doc
    sents = list(doc.sents)
    here = next((i for i, s in enumerate(sents) if s.start <= doc_tok.i < s.end), 0)
    start = sents[max(0, here - LOOK_BACK_SENTENCES)].start
    lemma = doc_tok.lemma_.lower()
    for i in range(doc_tok.i - 1, start - 1, -1):
        earlier = doc[i]
        if earlier.lemma_.lower() != lemma or earlier.pos_ not in {"NOUN", "PROPN"}:
            continue
        found = _issuer_in_phrase(earlier) or _issuer_by_verb(earlier)
        if found is not None:
            return found
    return None


# --- the two parties ------------------------------------------------------------------------


def _former(tok: Token) -> bool:
    """'ex-Soviet', 'former Soviet': a name both parties once shared names neither."""
    doc = tok.doc
    if tok.lower_ in {"ex", "former", "-"}:
        return True
    before = [doc[i].lower_ for i in range(max(0, tok.i - 2), tok.i)]
    return bool(before) and (before[-1] in {"ex", "former"} or before[-2:] == ["ex", "-"])


def names_the_pair(mention: Span) -> bool:
    """'both sides', 'each side', 'the two former Soviet republics', 'the warring parties', 'the
    parties', 'the longstanding rivals': the two parties of the conflict, not named. A modifier
    that names one ('the Armenian side') or another count ('the three countries', 'all parties')
    does not."""
    pair = _words()
    root = mention.root
    lemma = root.lemma_.lower()
    if lemma not in pair.pair_nouns | pair.pair_with_count:
        return False
    left = [t for t in mention if t.i < root.i]
    left += [t for t in root.children if t.i < mention.start]  # "both" left outside the name
    if mention.start > 0 and mention.doc[mention.start - 1].lower_ == "both":
        left.append(mention.doc[mention.start - 1])
    if any((t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES) and not _former(t) for t in left):
        return False
    words = {t.lower_ for t in left}
    if any(t.like_num and t.lower_ != "two" for t in left) or words & {"all", "one", "other", "another", "some", "many", "several"}:
        return False
    plural = root.tag_ in {"NNS", "NNPS"} or root.lower_ != lemma
    if words & {"each", "either"}:
        return not plural
    if words & {"both", "two"}:
        return plural
    definite = bool(words & {"the"})
    if plural and definite and (lemma in pair.pair_nouns or words & pair.pair_adjectives):
        return True  # "the parties", "the ex-Soviet rivals", "the warring countries"
    return False

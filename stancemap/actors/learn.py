"""Actors learned from the text, with the sentence as evidence.

Reads the dependency parse for the ways news introduces someone:
pre-nominal titles ("Iranian FM Muhammad Javad Zarif", "government spokesman Ali Rabiei"),
appositions ("Ali Akbar Velayati, Khamenei's adviser on international matters"),
media descriptions ("Keyhan, a newspaper close to Iran's Supreme Leader") and groups
("four of Khamenei's representatives in Iranian Azerbaijan"). Each finding becomes a
Mention at a head token, carrying an Actor with roles, relations and evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from ..nlp.model import english_words
from ..records import Actor
from ..wordlists import word_set
from .kb import KnowledgeBase, copy_actor
from .names import DATA, HONORIFICS, nouns_data, alias_key, given_name_gender, given_name_key, nouns
from .tokens import NOT_NAME_LABELS as _NOT_NAME_LABELS
from .tokens import Tokens, is_name_token
CLOSENESS_WORDS = word_set("stancemap.actors", "closeness_words")  # "a cleric close to", "a paper owned by"
PARTITIVES = word_set("stancemap.actors", "partitives")


@lru_cache(maxsize=1)
def _group_synonyms() -> dict[str, str]:
    data = nouns_data().get("group_synonyms") or {}
    return {str(word).lower(): str(head).lower() for head, words in data.items() for word in [head, *words]}


@lru_cache(maxsize=1)
def taken_up_as() -> dict[str, set[str]]:
    """Head words of descriptions that take up a body named with other words ("the monitor" -> "... Observatory")."""
    data = nouns_data().get("taken_up_as") or {}
    return {str(head).lower(): {str(w).lower() for w in words} for head, words in data.items()}


def group_class(word: str) -> str:
    """The canonical head of a group noun ("deputies", "MPs" -> "lawmakers"); else the word itself."""
    key = word.lower()
    return _group_synonyms().get(key) or _group_synonyms().get(key.rstrip("s")) or key



def number_is_name(kb: KnowledgeBase, name: str, longer: str) -> bool:
    """Whether a short number after a name belongs to it ("France 24", "Channel 4", a known "Rustavi 2")
    rather than being an age whose commas were stripped ("... Ahmed 24 said"): the longer name is known,
    unless the longer name is unknown and the name starts with a person's given name or an honorific."""
    if kb.lookup(longer) is not None:
        return True
    words = re.sub(r"^(?:the|The)\s+", "", name).split()
    return not (words and person_given_name(kb, words[0]))


def person_given_name(kb: KnowledgeBase, word: str) -> bool:
    """Whether a word is a given name (or an honorific) that opens a person's name: one of the hand
    list, or of the world table when it is neither a country ("Syria", "Georgia" and "America" are
    women's names too) nor an English word ("General Command", "Media Office")."""
    if given_name_gender(word, world=False) is not None:
        return True
    return (given_name_gender(word) is not None and not kb.country(word)
            and given_name_key(word) not in english_words())


@dataclass
class Mention:
    """A place in the text that names an actor (or a role, institution or group)."""

    head: int  # token index of the head word
    start: int  # first token of the whole mention (titles included)
    end: int  # one past the last token
    actor: Actor
    how: str  # how it was recognised, for reasons ("named", "title 'FM'", ...)
    sent: int = 0
    is_name: bool = True  # a proper name (vs. a description like "the paper")
    head_noun: str = ""  # lemma of a common-noun head ("paper", "clerics")
    facts: list[str] = field(default_factory=list)


def sentence_text(tokens: Tokens, i: int) -> str:
    """The sentence around token `i` as evidence: within its paragraph, without stray markup at the ends."""
    start = tokens.sent_start[i]
    text, offset = tokens.span_text(start, tokens.sent_end[i]), tokens.idx[i] - tokens.idx[start]
    parts = re.split(r"(\n\s*\n)", text)
    pos = 0
    for part in parts:
        if pos <= offset < pos + len(part):
            text = part
            break
        pos += len(part)
    return text.strip().strip("*_#").strip()


def is_media_name(name: str) -> bool:
    """A name an outlet bears ("Tehran Times", "Radio Free Europe"): a media word begins or ends it."""
    words = [w for w in re.split(r"[\s-]+", name.lower()) if w and w != "the"]
    return len(words) > 1 and bool({words[0], words[-1]} & nouns()["media_name_words"])


@lru_cache(maxsize=1)
def _body_and_outlet_heads() -> frozenset[str]:
    n = nouns()
    return frozenset(n["organisation"] | n["body_heads"] | n["media"])


def person_shaped(words: list[Token]) -> bool:
    """Two words or more, capitalised (or name particles: "de", "al-"), the last one no dictionary
    has: "Jane de Vries", "Tomas Berg"; not "Civil Defence", "American Medical Society"."""
    return (len(words) >= 2 and all(w.text[:1].isupper() or is_name_particle(w) for w in words)
            and words[-1].lower_ not in english_words())


def is_name_particle(tok: Token) -> bool:
    """A lower-case particle inside a name ("Sobh-e Tehran", "al-Assad", "von der Leyen"), between name words."""
    doc = tok.doc
    if tok.lower_ not in nouns()["name_particles"] or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    if not tok.whitespace_ and after.text in {"-", "–"} and not after.whitespace_ and tok.i + 2 < len(doc) \
            and is_name_token(doc[tok.i + 2]):
        return True  # a name's own first word: "al-Monitor", "al-Nusra"
    def joined(t: Token) -> bool:
        return is_name_token(t) or t.text in {"-", "–"} or t.lower_ in nouns()["name_particles"]

    return joined(before) and joined(after)


def kb_title_only(kb: KnowledgeBase, toks: list[Token]) -> bool:
    return bool(toks) and kb.title(" ".join(t.text for t in toks)) is not None


def name_continuation(tokens: Tokens, head: Token) -> int:
    """End of the capitalised words and joiners that continue a name after its head, within its subtree."""
    end = head.i + 1
    i = head.i + 1
    right_edge = head.right_edge.i
    while i < len(tokens) and i <= right_edge:
        if tokens.is_name[i] or (tokens.word[i][:1].isupper() and tokens.pos[i] in {"NOUN", "ADJ"}):
            end = i + 1
        elif tokens.lower[i] not in {"for", "of", "and", "in", "the", "on", "-", "&"}:
            break
        elif tokens.lower[i] == "and" and i + 1 < len(tokens) and (
                tokens.lower[i + 1] in {"the", "a", "an"} or tokens.tok[i + 1].ent_iob_ == "B"):
            break  # "the Hama Media Center and the Syrian Observatory ...": a second body, not more of the name
        i += 1
    return end


def name_head(tokens: Tokens, i: int) -> bool:
    """A proper noun that ends a name (not itself a modifier of the next name word)."""
    if not tokens.is_name[i]:
        return False
    dep, head = tokens.dep[i], tokens.head[i]
    if i + 1 < len(tokens) and tokens.is_name[i + 1] and head == i + 1 and dep in {"compound", "flat"}:
        return False
    if dep in {"compound", "amod", "npadvmod"} and head > i:
        # "Russia-brokered", "Keyhan newspaper", "Minsk Group co-chairs": part of a larger phrase
        return False
    return True


class Reader:
    """Reads descriptions of actors against the knowledge base."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, article_id: str | None):
        self.kb = kb
        self.doc = doc
        self.article_id = article_id
        self.tokens = Tokens(doc)
        self.sent_of = self.tokens.sent_of  # token index -> sentence number
        self.mentions: dict[int, Mention] = {}
        self._country_of: dict[int, str | None] = {}  # token index -> country_of_token, read once

    # -- small helpers -----------------------------------------------------------

    def evidence(self, tok: Token, fact: str) -> dict[str, Any]:
        return {"article": self.article_id, "sentence": sentence_text(self.tokens, tok.i), "fact": fact}

    def country_of_token(self, tok: Token) -> str | None:
        """Country named by a token, with its compound neighbours ("United States", "Iranian")."""
        if tok.i not in self._country_of:
            self._country_of[tok.i] = self._read_country_of(tok.i)
        return self._country_of[tok.i]

    def _read_country_of(self, i: int) -> str | None:
        t = self.tokens
        left = i
        while left > t.sent_start[i] and t.dep[left - 1] in {"compound", "amod"} and t.head[left - 1] == i:
            left -= 1
        country = self.kb.country(t.span_text(left, i + 1))
        if country:
            return country
        obj = t.of_object(i)
        if obj is not None and t.lower[i] in {"republic", "state", "federation", "kingdom", "people", "government"}:
            country = self.country_of_token(obj)  # "the Republic of Nagorno-Karabakh"
            if country:
                return country
        for start in range(left, i):  # "Iranian Azerbaijan": the qualifying adjective decides
            adj = self.kb.country_of_adjective(t.word[start])
            if adj:
                return adj
        for start in range(left + 1, i + 1):
            country = self.kb.country(t.span_text(start, i + 1))
            if country:
                return country
        return None

    def kind_of_name(self, text: str, tok: Token | None) -> str | None:
        """Kind of a proper name: the KB first, then words that make it an outlet, then the NER label."""
        known = self.kb.lookup(text)
        if known:
            return known.kind
        if is_media_name(text):
            return "media"
        if tok is None:
            return None
        label = tok.ent_type_
        if label == "PERSON" or self._given_name_first(text):
            return "person"
        if label in {"ORG", "NORP"}:
            return "organisation"
        if label == "GPE":
            return "state" if self.kb.country(text) else None
        return None

    def _given_name_first(self, text: str) -> bool:
        """"Irina Novakova", which the recogniser may label an organisation: two or three words, the
        first a given name (`person_given_name`), none a body's or an outlet's head word."""
        words = text.split()
        return (2 <= len(words) <= 3 and person_given_name(self.kb, words[0])
                and not any(w.lower() in _body_and_outlet_heads() for w in words))

    # -- names glued to the word before them ----------------------------------------

    def known_word(self, word: str) -> bool:
        """A word the knowledge base or the English dictionary knows ("Karabakh", "Advance", "Minister")."""
        kb = self.kb
        return bool(kb.country(word) or kb.lookup(word) or kb.title(word) or kb.institution(word)
                    or word.lower() in english_words())

    def known_name(self, text: str) -> bool:
        """A name the knowledge base knows, or one the article also writes on its own ("Aliyev")."""
        if self.kb.lookup(text) is not None or self.kb.people_with_surname(text):
            return True
        t = self.tokens
        first = text.split()[0]
        for i, word in enumerate(t.word):  # the first word standing alone somewhere: after a space or a mark
            if word == first and (i == 0 or t.idx[i] > t.idx[i - 1] + len(t.word[i - 1]) or not t.word[i - 1][-1:].isalnum()):
                return True
        return False

    def unglued_start(self, start: int, end: int) -> int:
        """Where a name really begins when a lost space glued it to the word before ("Nagorno-KarabakhAliyev",
        "AdvanceAliyev"): at the lowercase-to-uppercase seam inside it, when the word before the seam is
        a known word and what follows is a known name; else `start`."""
        t = self.tokens
        for i in range(end - 1, start, -1):
            left, right = t.word[i - 1], t.word[i]
            if t.idx[i] != t.idx[i - 1] + len(left):
                continue  # a space between: no glue
            if not (left.isalpha() and len(left) >= 3 and left[-1].islower() and right[:1].isupper() and right[1:2].islower()):
                continue
            if self.known_word(left) and self.known_name(t.span_text(i, end)):
                return i
        return start

    # -- descriptor words (titles, countries, institutions) ----------------------

    def read_modifiers(self, toks: list[Token]) -> dict[str, Any]:
        """Split pre-nominal words into country, possessor, title, institution and media noun."""
        out: dict[str, Any] = {"country": None, "possessor": None, "title": None, "title_text": None,
                               "institution": None, "media": False, "words": [], "former": False}
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.dep_ == "det" or t.dep_ == "case" or t.text in {"'s", "’s", "-", "–"} or alias_key(t.text) in HONORIFICS:
                i += 1
                continue
            if t.lower_ in {"former", "ex", "ex-", "erstwhile", "outgoing"}:
                out["former"] = True
                i += 1
                continue
            matched = False
            for j in range(min(len(toks), i + 4), i, -1):  # longest country first
                chunk = toks[i:j]
                text = self.tokens.span_text(chunk[0].i, chunk[-1].i + 1)
                country = self.kb.country(text)
                nxt = self.tokens.tok[chunk[-1].i + 1] if chunk[-1].i + 1 < len(self.tokens) else None
                if nxt is not None and nxt.text in {"-", "–"}:
                    country = None  # "Armenian-backed", "Turkish-made": not a nationality
                if country and not self.kb.is_capital(text):
                    out["country"] = out["country"] or country
                    i = j
                    matched = True
                    break
            if matched:
                continue
            if t.dep_ == "poss":
                out["possessor"] = t
                i += 1
                continue
            out["words"].append(t)
            i += 1
        words = out["words"]
        texts = [w.text for w in words]
        if texts:
            found = self.kb.longest_title(texts)
            if found:
                n, title = found
                out["title"] = title
                out["title_text"] = " ".join(texts[-n:])
                rest = texts[:-n]
                if rest:
                    inst = self.kb.institution(" ".join(rest))
                    if inst:
                        out["institution"] = inst
            else:
                inst = self.kb.institution(" ".join(texts))
                if inst:
                    out["institution"] = inst
            if alias_key(texts[-1]) in nouns()["media"] or alias_key(" ".join(texts[-2:])) in nouns()["media"]:
                out["media"] = True
        return out

    # -- names with pre-nominal titles --------------------------------------------

    def name_mention(self, head: Token) -> Mention | None:
        """A proper-name mention at `head`, with any title, country or possessor before it."""
        chain_start = self.tokens.left_chain(head.i)
        start = self.title_with_of(chain_start, head)
        toks = self.tokens.tok[start : head.i + 1]
        k = self._name_words_start(toks, start, chain_start, head)
        glued = self.unglued_start(toks[0].i, head.i + 1)
        if glued > toks[0].i:  # "Nagorno-KarabakhAliyev": the words before the seam belong to something else
            toks = toks[glued - toks[0].i :]
            start, k = glued, 0
        ends = self.tokens.of_phrase_ends(head.i)  # "Ministry of Foreign Affairs of Azerbaijan"
        of_end = ends[0]
        run = name_continuation(self.tokens, head)  # "Organization for Security and Cooperation in Europe"
        if run > ends[0]:
            ends.insert(0, run)
        numbered = self.tokens.numbered_end(head.i)  # "France 24": a channel, not France
        if numbered > head.i + 1:
            ends.insert(0, numbered)
        spanning = self._known_name_spanning(toks, k, ends, head, start)
        if spanning is not None:
            return spanning
        inst_text = self.tokens.span_text(toks[k].i, of_end) if k < len(toks) else head.text
        if self.kb.institution(inst_text) or self.kb.institution(head.text):
            return None  # "Ministry of Defense", "Parliament": a state body, resolved with its country in context
        name_toks = [t for t in toks[k:] if alias_key(t.text) not in HONORIFICS]
        while name_toks and name_toks[0].text in {"-", "–"}:
            name_toks.pop(0)
        if not name_toks:
            return None
        name = self.tokens.span_text(name_toks[0].i, name_toks[-1].i + 1)
        if len(name) < 2 or head.ent_type_ in _NOT_NAME_LABELS:
            return None
        if len(name_toks) == 1 and head.tag_ == "NNP" and self.kb.country_of_adjective(name) and not self.kb.lookup(name):
            return None  # "another Syrian", "the Abkhaz": someone of that nation, not a body named so
        end = head.i + 1
        doc = head.doc
        while (head.ent_type_ == "PERSON" and end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].pos_ == "PROPN"
               and doc[end].dep_ in {"advmod", "npadvmod", "appos", "flat"}):
            end += 1  # "Ruslan Karimly said", the surname parsed as an adverb for its "-ly": the recogniser's whole name
        if end > head.i + 1:
            name = self.tokens.span_text(name_toks[0].i, end)
        if numbered > end and number_is_name(self.kb, name, self.tokens.span_text(name_toks[0].i, numbered)):
            name, end = self.tokens.span_text(name_toks[0].i, numbered), numbered
        of_phrase = self.tokens.of_object(head.i)
        if of_phrase is not None:  # "the Republic of Azerbaijan", "the Ministry of Defence of Armenia"
            longer = self.tokens.span_text(name_toks[0].i, of_phrase.i + 1)
            if self.kb.lookup(longer) is not None:
                name, end = longer, of_phrase.i + 1
        if kb_title_only(self.kb, name_toks) or self.kb.title(self.tokens.span_text(name_toks[0].i, of_end)):
            return None  # "Ambassador of the Republic of Azerbaijan", "Secretary of State": a role, not a name
        mods = self.read_modifiers(toks[:k]) if k else None
        name_first = name_toks[0].i
        if mods and mods["country"] and not mods["title"] and not mods["media"] and not mods["possessor"] and (
            head.ent_type_ != "PERSON" and self.kb.lookup(name, surname=False) is None
        ):
            # "Armenian Church", "Russian Railways": the nationality is part of an organisation's name
            first = toks[k - 1]  # the adjective right before the name ("the UK-based Syrian Observatory")
            if first.dep_ not in {"det", "case"} and self.kb.country_of_adjective(first.text):
                name = self.tokens.span_text(first.i, name_toks[-1].i + 1)
                name_first = first.i
        if run > head.i + 1 and head.lower_ in nouns()["organisation"] | nouns()["body_heads"] and (
            self.kb.lookup(name, surname=False) is None
        ):  # "the Office of the UN High Commissioner for Refugees", "Observatory for Human Rights"
            name, end = self.tokens.span_text(name_first, run), run
        known = self.kb.lookup(name, surname=False)
        if known is not None and known.kind in {"state", "government"} and not (mods and mods["title"]):
            actor = copy_actor(known)
            return Mention(head=head.i, start=start, end=end, actor=actor, how=f"named '{name}'",
                           sent=self.sent_of[head.i])
        # a name that goes on with a number is a channel or a body, never a person ("Rustavi 2")
        kind = self.kind_of_name(name, head) if numbered == head.i + 1 else self.kind_of_name(name, None) or "organisation"
        facts: list[str] = []
        if known is None and head.tag_ == "NNPS" and self.kb.country_of_adjective(name):
            known = Actor(name=name, kind="group", country=self.kb.country_of_adjective(name), origin="text")
        actor = copy_actor(known) if known else Actor(name=name, kind=kind or "person", origin="text")
        if known and alias_key(name) != alias_key(known.name):
            actor.aliases = list(dict.fromkeys(actor.aliases + [name]))
        if mods:
            self.apply_description(actor, mods, head, facts, source="title")
        if actor.origin == "text" and actor.kind in {"media", "organisation"} and not actor.country:
            placed = next((w for w in re.split(r"[\s-]+", name) if w[:1].isupper() and self.kb.country(w)), None)
            if placed:  # "Sobh-e Tehran", "Baku Herald": an outlet or body named after its place
                actor.country = self.kb.country(placed)
                fact = f"country '{actor.country}' from '{placed}' in its name"
                facts.append(fact)
                actor.evidence.append(self.evidence(head, fact))
        described = head.dep_ == "appos" or any(self.tokens.dep[c] == "appos" for c in self.tokens.child_ids(head.i))
        if not known and kind is None and not facts and not described:
            if head.ent_type_ not in {"PERSON", "ORG"}:
                return None
        how = f"named '{name}'"
        if facts:
            how += f" ({'; '.join(facts)})"
        return Mention(head=head.i, start=start, end=end, actor=actor, how=how, sent=self.sent_of[head.i],
                       facts=facts)

    def _name_words_start(self, toks: list[Token], start: int, chain_start: int, head: Token) -> int:
        """Where the name begins in `toks` (the words from `start` to the head): the trailing proper
        nouns that are no title, country or institution; the words before it describe the name."""
        k = len(toks)
        while k > 0:
            t = toks[k - 1]
            if start < chain_start and t.i < chain_start:
                break  # "Secretary of State Mike Pompeo": the title ends where the name begins
            if not (self.tokens.is_name[t.i] or (t.text in {"-", "–"} and k > 1) or (k < len(toks) and is_name_particle(t))):
                break
            # a country before the name is a descriptor ("Iranian FM Zarif"); a capital is part of the
            # name of a paper, a school or a firm ("Tehran Times", "Baku State University")
            if k < len(toks) and (
                self.kb.title(t.text)
                or (self.kb.country(t.text) and not (self.kb.is_capital(t.text) and head.ent_type_ != "PERSON")
                    and not self._in_one_organisation_name(t, head))
                or self.kb.institution(t.text)
            ):
                break
            if t.dep_ == "poss" and k < len(toks):
                break
            if k < len(toks) and t.text.endswith("s") and self.kb.country(t.text[:-1]) and not self.kb.country(t.text):
                break  # "Syrias Al Watan daily": a possessive whose apostrophe was stripped
            k -= 1
        return k

    def _in_one_organisation_name(self, t: Token, head: Token) -> bool:
        """A country word the recogniser reads as part of the organisation's name ("the Syrian American
        Medical Society", "the Syria Civil Defense"), not a descriptor of it ("Syrian Foreign Ministry":
        an institution, read with its country elsewhere)."""
        doc = head.doc
        # not "Syria Jane de Vries": a place run into a person's name
        return (head.ent_type_ == "ORG" and t.ent_type_ == "ORG" and t.i < head.i
                and not person_shaped(list(doc[t.i + 1 : head.i + 1]))
                and all(doc[i].ent_iob_ == "I" for i in range(t.i + 1, head.i + 1)))

    def _known_name_spanning(self, toks: list[Token], k: int, ends: list[int], head: Token, start: int) -> Mention | None:
        """A knowledge-base name that takes in title-like words before the name (`toks[k]`) or
        words after the head ("OSCE Minsk Group"); the plain name is read by `name_mention`."""
        for j in range(0, len(toks)):
            if toks[j].dep_ in {"det", "case"} or toks[j].text in {"'s", "’s"}:
                continue
            for end in ends:
                text = self.tokens.span_text(toks[j].i, end)
                hit = self.kb.lookup(text)
                if hit is not None and (hit.kind not in {"state", "government"} or end > head.i + 1 or j < k):
                    if j >= k and end == head.i + 1:
                        continue  # the plain name: read by the caller, with its title
                    actor = copy_actor(hit)
                    if alias_key(text) != alias_key(hit.name):
                        actor.aliases = list(dict.fromkeys(actor.aliases + [text]))
                    return Mention(head=head.i, start=start, end=end, actor=actor, how=f"named '{text}'",
                                   sent=self.sent_of[head.i])
            if j >= k:
                break
        return None

    def title_with_of(self, start: int, head: Token) -> int:
        """Extend a name's start over a title with 'of' before it ("Secretary of State Mike Pompeo")."""
        t = self.tokens
        sent_start = t.sent_start[head.i]
        if start - 2 < sent_start or t.pos[start - 1] != "PROPN":
            return start
        for j in range(start - 2, max(sent_start, start - 7) - 1, -1):
            if "of" in t.lower[j:start] and self.kb.title(t.span_text(j, start)):
                while j > sent_start and t.dep[j - 1] in {"det", "amod", "compound", "poss", "case"} and (
                    self.kb.country(t.word[j - 1]) or t.dep[j - 1] == "det" or t.word[j - 1] in {"'s", "’s"}
                ):
                    j -= 1
                return j
        return start

    def apply_description(self, actor: Actor, mods: dict[str, Any], at: Token, facts: list[str], source: str,
                          targets: list[tuple[str, Token]] | None = None) -> None:
        """Put what a description says (title, country, relation, media) on the actor, as evidence."""
        title = mods.get("title")
        country = mods.get("country")
        possessor: Token | None = mods.get("possessor")
        targets = list(targets or [])
        possessor_country = None
        if possessor is not None:
            possessor_country = self.country_of_token(possessor)
            if not possessor_country:
                targets.insert(0, ("of", possessor))
        country = country or possessor_country
        if mods.get("media") and (actor.kind != "person" or (actor.origin == "text" and not title)):
            actor.kind = "media"
            fact = f"media ({source}: '{' '.join(w.text for w in mods['words'])}')"
            facts.append(fact)
            actor.evidence.append(self.evidence(at, fact))
        inst = mods.get("institution")
        if title:
            role: dict[str, Any] = {"role": title.role}
            if mods.get("former"):
                role["former"] = True
            country = country or actor.country
            inst_actor = self.kb.institution_for(inst, country) if inst and country else None
            first_target = self.target_name(targets[0][1]) if targets and title.camp is None else None
            if inst_actor is not None and inst_actor.kind != "government":
                role["of"] = inst_actor.name
            elif first_target:
                role["of"] = first_target
            elif country:
                role["of"] = country
            if actor.kind not in {"person", "group"}:
                actor.kind = "person" if actor.origin == "text" else actor.kind
            same = [r for r in actor.roles if r.get("role") == role["role"]]
            if not any(r.get("of") in (None, role.get("of")) or not role.get("of") for r in same):
                actor.roles.append(role)
            fact = f"{source} '{mods['title_text']}' -> {title.role}" + (f" of {role['of']}" if role.get("of") else "")
            facts.append(fact)
            actor.evidence.append(self.evidence(at, fact))
            if inst_actor is not None and title.camp is None:
                rel = {"relation": title.relation or "member_of", "target": inst_actor.name}
                if rel not in actor.relations:
                    actor.relations.append(rel)
        if country and not actor.country:
            actor.country = country
            if not title and source != "title":  # "an Iranian newspaper": a fact worth keeping; "Armenian Church" is not
                fact = f"country '{country}' from the description"
                facts.append(fact)
                actor.evidence.append(self.evidence(at, fact))
        relation_name = title.relation if title else None
        for prep, tok in targets:
            target = self.target_name(tok)
            if not target or alias_key(target) == alias_key(actor.name):
                continue
            rel_name = mods.get("relation") or relation_name or ("member_of" if prep in {"of", "from"} and title else None)
            if not rel_name:
                continue
            rel = {"relation": rel_name, "target": target}
            if rel not in actor.relations:
                actor.relations.append(rel)
                fact = f"{rel_name.replace('_', ' ')} {target}"
                facts.append(fact)
                actor.evidence.append(self.evidence(at, fact))

    def target_name(self, tok: Token) -> str | None:
        """Canonical name for the target of a relation (resolved later against the article)."""
        if tok.i in self.mentions and self.mentions[tok.i].is_name:
            return self.mentions[tok.i].actor.name
        start = self.tokens.left_chain(tok.i)
        span = self.tokens.tok[start : tok.i + 1]
        words = [t for t in span if t.dep_ not in {"det", "case", "poss"} or t.i == tok.i]
        whole = self.read_modifiers(span)
        if whole["title"] and len(whole["title_text"].split()) == len(whole["words"]):
            # "the Supreme Leader", "the president of Iran": a role, held by someone the caller finds
            country = whole["country"] or self.modifier_country(tok)
            return whole["title"].role + (f" of {country}" if country else "")
        mods = self.read_modifiers(span[:-1])
        if tok.pos_ != "PROPN":
            title = self.kb.title(" ".join(w.text for w in mods["words"] + [tok])) or self.kb.title(tok.text)
            if title:
                return title.role + (f" of {mods['country']}" if mods["country"] else "")
            return None
        names = [t for t in words if is_name_token(t) and not self.kb.title(t.text)]
        if not names:
            return None
        text = self.tokens.span_text(names[0].i, names[-1].i + 1)
        known = self.kb.lookup(text)
        return known.name if known else text

    # -- appositions --------------------------------------------------------------

    def description_of(self, d: Token) -> tuple[dict[str, Any], list[tuple[str, Token]]]:
        """Read a description headed by `d` ("Khamenei's adviser on ...", "a newspaper close to X")."""
        start = self.tokens.left_chain(d.i)
        mods = self.read_modifiers(self.tokens.tok[start : d.i + 1])
        if not mods["title"] and self.kb.title(d.text):
            mods["title"] = self.kb.title(d.text)
            mods["title_text"] = d.text
        targets: list[tuple[str, Token]] = []
        for child in d.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "of", "for", "at"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        country = self.country_of_token(pobj) if pobj.pos_ == "PROPN" else None
                        body = [t.text for t in self.tokens.tok[self.tokens.left_chain(pobj.i) : pobj.i + 1]
                                if t.dep_ not in {"det", "case", "poss"} and not self.kb.country(t.text)]
                        inst = self.kb.institution(" ".join(body)) or self.kb.institution(pobj.text)
                        if country and child.lower_ == "to":
                            continue  # "ambassador to Germany", "envoy to the region": where, not whose
                        if country and not self.kb.lookup(pobj.text) or (country and self.kb.lookup(pobj.text).kind == "state"):
                            mods["country"] = mods["country"] or country
                        elif inst is not None:
                            c = self.country_of_token(pobj) or self.modifier_country(pobj) or mods["country"]
                            if c:
                                mods["country"] = mods["country"] or c
                                mods["institution"] = inst
                        else:
                            targets.append((child.lower_, pobj))
            if child.dep_ in {"amod", "acl", "advmod"} and child.lower_ in CLOSENESS_WORDS:
                for prep in child.children:
                    if prep.dep_ in {"prep", "agent"}:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                targets.append(("close", pobj))
                                mods["relation"] = "close_to"
        if d.lower_ in nouns()["media"] or d.lemma_.lower() in nouns()["media"]:
            mods["media"] = True
        return mods, targets

    def modifier_country(self, tok: Token) -> str | None:
        """Country named by an adjective, possessor or 'of' phrase on `tok` ("Iran's", "of Iran")."""
        for child in self.tokens.children(tok.i):
            if child.dep_ in {"amod", "compound", "poss"}:
                c = self.country_of_token(child)
                if c:
                    return c
        obj = self.tokens.of_object(tok.i)
        return self.country_of_token(obj) if obj is not None else None

    def apposition(self, a: Token, mentions: dict[int, Mention]) -> None:
        """Enrich the mention an apposition describes (or name the title an apposition names)."""
        h = a.head
        if h.i in mentions and mentions[h.i].is_name and a.pos_ in {"NOUN", "PROPN"} and a.i not in mentions:
            m = mentions[h.i]
            mods, targets = self.description_of(a)
            before = len(m.facts)
            self.apply_description(m.actor, mods, a, m.facts, source="apposition", targets=targets)
            if len(m.facts) > before:
                m.how = f"named '{m.actor.name}' ({'; '.join(m.facts)})"
        elif a.i in mentions and mentions[a.i].is_name and h.pos_ == "NOUN":
            m = mentions[a.i]
            mods, targets = self.description_of(h)
            self.apply_description(m.actor, mods, h, m.facts, source="apposition", targets=targets)
            m.how = f"named '{m.actor.name}' ({'; '.join(m.facts)})"
            mentions.setdefault(h.i, m)

    # -- groups ------------------------------------------------------------------

    def group_mention(self, g: Token) -> Mention | None:
        """A plural noun for people, made specific by a possessor, an 'of/in' phrase or a nationality."""
        if self.tokens.lower[g.i] not in nouns()["group"] or g.tag_ not in {"NNS", "NNPS"} or self.kb.institution(g.text):
            return None  # "authorities", "forces": a state's institution, not a group
        has_poss = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in g.children)
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in g.children):
            return None  # "their people", "my people": not a named group
        preps = [c for c in g.children if c.dep_ == "prep" and c.lower_ in {"in", "of", "from", "at", "to"}]
        country_adj = any(c.dep_ in {"amod", "compound"} and self.kb.country(c.text) for c in g.children)
        if not (has_poss or preps or country_adj):
            return None
        start = self.tokens.left_chain(g.i)
        for c in g.children:  # "Armenian-backed officials": the whole modifier, not its last word
            if c.i < g.i and c.dep_ in {"amod", "compound", "poss", "nmod"}:
                start = min(start, c.left_edge.i)
        while start < g.i and (self.tokens.tok[start].dep_ in {"det", "nummod"} or self.tokens.tok[start].is_punct
                               or self.tokens.tok[start].lower_ in PARTITIVES):  # "Several Armenian MPs": the MPs
            start += 1
        end = g.i + 1
        for p in preps:
            end = max(end, p.right_edge.i + 1)
        for i in range(g.i + 1, end):  # stop before a clause, an aside or a date: ", which ...", "on Sunday"
            t = self.tokens.tok[i]
            if t.text in {",", ";", "(", "—", "–"} or t.dep_ in {"relcl", "acl", "appos"} or (
                t.ent_type_ in {"DATE", "TIME"} or (t.dep_ == "prep" and t.lower_ in {"on", "since", "during", "after"})
            ):
                end = i
                break
        while end > g.i + 1 and (self.tokens.tok[end - 1].is_punct or self.tokens.tok[end - 1].dep_ in {"prep", "det", "cc"}):
            end -= 1  # "Azerbaijani officials in [the months ...]": no dangling preposition
        name = self.tokens.span_text(start, end)
        actor = Actor(name=name, kind="group", origin="text")
        mods = self.read_modifiers(self.tokens.tok[start : g.i])
        title = self.kb.title(g.text)
        if title:
            mods["title"] = title
            mods["title_text"] = g.text
        targets: list[tuple[str, Token]] = []
        for p in preps:
            for pobj in p.children:
                if pobj.dep_ != "pobj":
                    continue
                c = self.country_of_token(pobj) or self.modifier_country(pobj)
                if p.lower_ in {"in", "from", "at"} and c:
                    mods["country"] = mods["country"] or c
                elif c and self.kb.lookup(pobj.text) and self.kb.lookup(pobj.text).kind == "state":
                    mods["country"] = mods["country"] or c
                elif p.lower_ in {"of", "to"}:
                    targets.append((p.lower_, pobj))
        facts: list[str] = []
        self.apply_description(actor, mods, g, facts, source="group", targets=targets)
        actor.kind = "group"
        quant = g.head if g.dep_ == "pobj" and g.head.head.lower_ in PARTITIVES or (
            g.dep_ == "pobj" and g.head.head.pos_ == "NUM") else None
        full_start = quant.head.i if quant is not None and quant.head.i < start else start
        if full_start < start:
            actor.aliases.append(self.tokens.span_text(full_start, end))
        fact = f"group '{name}'"
        actor.evidence.insert(0, self.evidence(g, fact))
        how = f"group '{name}'" + (f" ({'; '.join(facts)})" if facts else "")
        return Mention(head=g.i, start=full_start, end=end, actor=actor, how=how, sent=self.sent_of[g.i],
                       is_name=True, head_noun=g.lemma_.lower(), facts=[fact, *facts])


def read_mentions(kb: KnowledgeBase, doc: Doc, article_id: str | None = None) -> tuple[dict[int, Mention], Reader]:
    """Every named, titled, described and group mention of an actor in the parsed article, by head token."""
    reader = Reader(kb, doc, article_id)
    mentions: dict[int, Mention] = reader.mentions
    tokens = reader.tokens
    group_words = nouns()["group"]
    for i in tokens.nouns:
        pos = tokens.pos[i]
        if pos == "PROPN" and name_head(tokens, i):
            m = reader.name_mention(tokens.tok[i])
            if m is not None:
                mentions[i] = m
        elif pos == "NOUN" and tokens.lower[i] in group_words:  # group_mention's first test, before making the Token
            m = reader.group_mention(tokens.tok[i])
            if m is not None:
                mentions[i] = m
    for i, dep in enumerate(tokens.dep):
        if dep == "appos":
            reader.apposition(tokens.tok[i], mentions)
    return mentions, reader

"""Speaker resolution: a mention span in a parsed article -> a canonical actor, with a reason.

Built once per article over the whole parsed body. Names go through the knowledge
base and the names seen earlier in the article (surname -> full name); pronouns and
definite descriptions ("he", "the paper", "the clerics", "the government", "the
Supreme Leader") go back through the article's mentions; states and capitals used as
speakers stand for their governments. Every answer carries the reason it was chosen.
"""

from __future__ import annotations

import difflib
import re
from bisect import insort
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable

from spacy.tokens import Doc, Span, Token

from ..nlp.model import english_words
from ..nlp.text import doc_quotes, doc_text
from ..records import Actor, Article
from .affiliation import camp_model, derive_affiliation
from .focus import CountryFocus
from .kb import KnowledgeBase, copy_actor, government_name
from .learn import (PARTITIVES, Mention, group_class, is_media_name, is_name_particle, is_name_token, nouns, number_is_name,
                    person_shaped, read_mentions, sentence_text, taken_up_as)
from .merge import merge_actors, same_person, surname_of
from .names import alias_key, given_name_gender, name_skeleton

PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
FEMININE = {"she", "her", "hers", "herself"}
FEMININE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|skaya|aya)$", re.I)  # Russian, Azerbaijani, Bulgarian ...
LEADER_ROLES = {"Leader", "Supreme Leader", "President", "Prime Minister", "Chancellor", "Monarch"}
PLACE_NOUNS = {"town", "city", "village", "region", "province", "district", "capital", "area", "enclave", "settlement"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves", "theirs"}
THING_PRONOUNS = {"it", "its", "itself"}
FIRST_PLURAL = {"we", "us", "our", "ours"}
SOMEONE = {"one", "another", "someone", "somebody", "anyone", "anybody", "everyone", "everybody"}  # a person unnamed
SOME_PEOPLE = {"others", "some", "many", "all", "those", "these", "several", "both", "few", "most"}
COLLECTIVE_KINDS = {"group", "government", "organisation", "state", "media"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
LOOKBACK_SENTENCES = 4
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")  # marks scraped text keeps inside words


@dataclass
class _Described:
    """A noun phrase `ActorResolver._description` reads, and what its rules share about it."""

    tok: Token  # its head
    lower: str
    lemma: str  # the head's, in lower case
    words: list[int]  # positions of its words, without determiners and case markers
    first: int  # its first word's position
    ends: list[int]  # one past its end with each of its 'of' phrases, the longest first
    text: str  # as written, from its first modifier
    title: Any = None  # the longest title among its words (`KnowledgeBase.longest_title`)
    phrase: str = ""  # its words as written
    children: list[Token] = field(default_factory=list)  # the head's
    explicit: str | None = None  # the country its modifiers name


@dataclass
class Resolution:
    """Who a speaker mention is, and why."""

    name: str
    kind: str
    reason: str
    country: str | None = None
    affiliation: list[str] = field(default_factory=list)
    role: str | None = None
    mention: str = ""
    actor: Actor | None = None
    # a person spoke for a body ("a spokeswoman for the ministry"): "f", "m" or "" (gender unknown), so a
    # later "she" / "her" can take the body up again; None when no person word named the speaker
    person: str | None = None


@lru_cache(maxsize=1)
def body_nouns() -> frozenset[str]:
    """Head nouns of descriptions that refer to a body, not a person ("the group", "the ministry")."""
    n = nouns()
    return frozenset(n["media"] | n["organisation"] | n["body_heads"] | n["office_heads"] | n["institution"])


@lru_cache(maxsize=1)
def organisation_heads() -> frozenset[str]:
    """Head words of an organisation's own name ("Observatory", "Council", "Institute")."""
    n = nouns()
    return frozenset(n["organisation"] | n["body_heads"])


def title_gender(word: str) -> str:
    """'f' for "spokeswoman", "chairwoman"; 'm' for "spokesman", "chairman"; '' for "spokesperson", "official"."""
    word = word.lower()
    if word.endswith(("woman", "women")):
        return "f"
    return "m" if word.endswith(("man", "men")) else ""


def kind_of(span: Span | Token, kb: KnowledgeBase) -> str | None:
    """The actor kind of a mention: the KB first, then titles and honorifics, then the NER label."""
    span = span if isinstance(span, Span) else span.doc[span.i : span.i + 1]
    known = kb.lookup(span.text)
    if known:
        return known.kind
    words = [t.text for t in span]
    if kb.longest_title(words[:-1] or words) or (words and alias_key(words[0]) in {"mr", "mrs", "ms", "dr"}):
        return "person"
    if span.root.lower_ in nouns()["media"] or is_media_name(span.text):
        return "media"
    if span.root.lower_ in nouns()["organisation"] | nouns()["body_heads"]:
        return "organisation"  # "the Emergency and Rescue Service"
    label = span.root.ent_type_
    return {"PERSON": "person", "ORG": "organisation", "NORP": "group"}.get(label) or (
        "state" if label == "GPE" and kb.country(span.text) else None
    )


def _words_end(span: Span) -> int:
    """One past the span's last token that is no punctuation."""
    end = span.end
    while end > span.start and span.doc[end - 1].is_punct:
        end -= 1
    return end


def _acronym(tok: Token) -> bool:
    """"HRW", "MSFs", "ICRC": a body's initials, never part of a person's name."""
    return sum(c.isupper() for c in tok.text) >= 2 and tok.text[:2].isupper()


class ActorResolver:
    """Resolves speaker mentions of one parsed article to canonical actors."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, article: Article | None = None):
        self.kb = kb
        self.doc = doc
        self.article = article
        self.article_id = article.id if article is not None else None
        self.entities = tuple(doc.ents)  # read once: `Span.ents` builds the whole doc's list on every call
        self.mentions, self.reader = read_mentions(kb, doc, self.article_id)
        self.sent_of = self.reader.sent_of
        self.tokens = self.reader.tokens
        self.actors: dict[str, Actor] = {}
        self.speakers: list[tuple[int, Resolution]] = []  # (token index, resolution) of resolved speakers
        self.unnamed: list[int] = []  # heads of speaker mentions that named no actor ("one woman", "protesters")
        self.unnamed_said: dict[int, str | None] = {}  # their words, when they name someone ("Karabakh officials")
        self.places = self._places()
        self.gender: dict[str, str] = {}  # actor name -> "m" / "f", from pronouns already resolved and name endings
        people = [(h, m.actor.country) for h, m in self.mentions.items() if m.actor.kind == "person" and m.actor.country]
        self.focus = CountryFocus(kb, self.tokens, self.sent_of, article.title if article is not None else None, people)
        self._canonicalise_mentions()
        self._describe_common_nouns()

    # -- building the article's actor table ------------------------------------------

    def _register(self, actor: Actor) -> Actor:
        """The article's record for this actor (merged with what was learned before)."""
        known = self.actors.get(actor.name)
        if known is None:
            known = copy_actor(actor)
            self.actors[actor.name] = known
            return known
        for key in ("roles", "relations", "evidence"):
            for item in getattr(actor, key):
                if item not in getattr(known, key):
                    getattr(known, key).append(item)
        for alias in actor.aliases:
            if alias not in known.aliases and alias != known.name:
                known.aliases.append(alias)
        known.country = known.country or actor.country
        if known.kind == "person" and actor.kind == "media":
            known.kind = "media"
        return known

    def _canonicalise_mentions(self) -> None:
        """Surnames and short forms to the full name seen earlier; KB names to their canonical form."""
        # full names by the last piece of their spelling skeleton: a surname or short form ends as its full name does
        full_names: dict[str, list[Mention]] = {}
        for head in sorted(self.mentions):
            m = self.mentions[head]
            a = m.actor
            if a.origin == "text" and not self.kb.lookup(a.name, surname=False):
                person = self.named_inside(self.doc[m.start : m.end])
                if person is not None and person.text != a.name and person.text in a.name:
                    # "Coordinator Jane Doe" -> Jane Doe, with what its title said of her
                    known = self.kb.lookup(person.text)
                    m.how = f"{m.how}; the {'person' if known is None or known.kind == 'person' else 'body'} '{person.text}' in it"
                    if known is not None:
                        m.actor = a = copy_actor(known)
                    else:
                        m.actor = a = copy_actor(a)
                        a.name, a.kind = person.text, "person"
            if a.origin == "text" and a.kind in {"person", "organisation"} and not self.kb.lookup(a.name, surname=False):
                # "Le Drian" (tagged as an organisation) after "Jean-Yves Le Drian": the same person
                last = name_skeleton(a.name)[-1:]
                earlier = [f for f in full_names.get(last[0], ()) if f.actor.name != a.name
                           and same_person(a.name, f.actor.name)] if last else []
                if a.kind != "person" and len(a.name.split()) > 1 and not earlier:
                    m.actor = self._register(m.actor)
                    continue
                if earlier:
                    target = earlier[-1].actor.name
                    a_learned = copy_actor(a)
                    a_learned.name = target
                    a_learned.kind = "person"
                    a_learned.aliases = [x for x in [a.name, *a.aliases] if x != target]
                    m.how = f"surname of '{target}'" if len(a.name.split()) == 1 else f"short form of '{target}'"
                    m.actor = a_learned
                elif a.name in self.actors:
                    pass  # the article already named this person so ("Ambassador Hasanov" ... "Hasanov")
                else:
                    people = [p for p in self.kb.people_with_surname(a.name)] if len(a.name.split()) == 1 else []
                    said_roles = {r.get("role") for r in a.roles}
                    if said_roles:  # "Ambassador Hasanov" is not the defence minister Zakir Hasanov
                        people = [p for p in people if said_roles & {r.get("role") for r in p.roles}]
                    if len(people) > 1:
                        people = [p for p in people if any(not r.get("until") for r in p.roles)] or people[:1]
                    if people:
                        kb_actor = copy_actor(people[0])
                        for key in ("roles", "relations", "evidence"):
                            for item in getattr(a, key):
                                if item not in getattr(kb_actor, key):
                                    getattr(kb_actor, key).append(item)
                        kb_actor.aliases = list(dict.fromkeys(kb_actor.aliases + [a.name]))
                        m.how = f"surname of '{kb_actor.name}' (knowledge base)"
                        m.actor = kb_actor
            holder = self._kb_title_holder(m.actor)
            if holder is not None:
                m.how = f"{m.how}; the knowledge base's {holder[1]} '{holder[0].name}' (spelling '{m.actor.name}')"
                kb_actor = copy_actor(holder[0])
                kb_actor.aliases = list(dict.fromkeys(kb_actor.aliases + [m.actor.name]))
                kb_actor.evidence = list(m.actor.evidence)
                m.actor = kb_actor
            m.actor = self._register(m.actor)
            if m.actor.kind == "person" and len(m.actor.name.split()) > 1:
                last = name_skeleton(m.actor.name)[-1:]
                if last:
                    full_names.setdefault(last[0], []).append(m)
        for m in self.mentions.values():
            m.actor = self.actors.get(m.actor.name, m.actor)
            if m.actor.kind == "person":
                said = self.tokens.span_text(m.start, m.end).split()
                gender = given_name_gender(said[0] if said else "", world=False) or given_name_gender(m.actor.name.split()[0])
                if not gender and FEMININE_SURNAME.search(alias_key(surname_of(m.actor.name))):
                    gender = "f"
                if gender:
                    self.gender.setdefault(m.actor.name, gender)
        self._country_from_focus()
        self._resolve_relation_targets()

    def _kb_title_holder(self, actor: Actor) -> tuple[Actor, str] | None:
        """'Azerbaijani President Ilhan Aliyev', 'Prime Minister Pachinyan': a KB holder of the title the text
        gives, whose surname is a spelling variant of the one written."""
        if actor.origin != "text" or actor.kind != "person":
            return None
        said = alias_key(surname_of(actor.name))
        first = alias_key(actor.name.split()[0]) if len(actor.name.split()) > 1 else None
        best: tuple[float, Actor, str] | None = None
        for role in actor.roles:
            title = self.kb.title(role.get("role", ""))
            country = role.get("of") if self.kb.country(role.get("of") or "") else None
            if not title or not title.single or role.get("former"):
                continue
            when = self._when()
            for person in self.kb.people_in_role(title.role):
                held = [r for r in person.roles if r.get("role") == title.role and (not country or r.get("of") == country)]
                if not held:
                    continue
                # a holder whose term had ended when the article speaks is not "President X" then
                ended = all(r.get("until") and (when is None or str(r["until"]) < when[: len(str(r["until"]))]) for r in held)
                if ended and (when is not None or any(not r.get("until") for r in person.roles)):
                    continue
                names = [person.name, *person.aliases]
                if first and not any(alias_key(n.split()[0])[:1] == first[:1] for n in names if len(n.split()) > 1):
                    continue  # a different first name: another person
                score = max(difflib.SequenceMatcher(None, said, alias_key(surname_of(n))).ratio() for n in names)
                if score >= 0.7 and (best is None or score > best[0]):
                    best = (score, person, f"{title.role}" + (f" of {country}" if country else ""))
        return (best[1], best[2]) if best else None

    def _country_from_focus(self) -> None:
        """'Foreign Minister Evarist Bartolo' with no nationality: the office of the country in focus there."""
        seen: set[str] = set()
        for head in sorted(self.mentions):
            a = self.mentions[head].actor
            if a.origin != "text" or a.kind != "person" or a.country or a.name in seen:
                continue
            seen.add(a.name)  # decided where the article introduces the person
            for role in a.roles:
                title = self.kb.title(role.get("role", ""))
                if role.get("of") or not title or not (title.single or title.camp in camp_model().domestic):
                    continue
                # a state that is the subject of the clause the person is named in ("Armenia swept long-time ruler
                # X from power"); else the title's first country, which names the article's subject, or a clearly
                # leading country nearby; a member of a body many sit in (an MP, a mayor) belongs to the country
                # the passage is about, when the passage names it
                governing = self._governing_country(head)
                if title.single:
                    country = governing or self.focus.subject or self.country_in_focus(head, dominant=True)
                else:
                    country = governing or self.focus.evidenced(self.country_in_focus(head, dominant=True), head)
                if country in self.focus.elsewhere_in_sentence(self.sent_of[head]):
                    country = None  # "... will travel to Armenia ... with his Armenian counterpart": not Armenia's
                if country and title.single and not role.get("former") and self._held_by_another(title, country, a):
                    country = None  # the knowledge base knows who held that office then: someone else
                if country:
                    role["of"] = country
                    a.country = country
                    how = "subject of the clause" if country == governing else "country in focus"
                    fact = f"{role['role']} of {country} ({how})"
                    a.evidence.append(self.reader.evidence(self.tokens.tok[head], fact))
                break

    def _governing_country(self, head: int) -> str | None:
        """The state that is the subject of the nearest clause above a person named as its object or in its
        modifiers ("In 2018, Armenia underwent a revolution, sweeping long-time ruler Serzh Sargsyan from power")."""
        t = self.tokens
        i = head
        while t.head[i] != i:
            i = t.head[i]
            subjects = [c for c in t.child_ids(i) if t.dep[c] in {"nsubj", "nsubjpass"} and c != head
                        and not t.is_ancestor(c, head)]
            if subjects:
                c = subjects[0]
                return self.reader.country_of_token(t.tok[c]) if t.pos[c] == "PROPN" else None
        return None

    def _held_by_another(self, title, country: str, actor: Actor) -> bool:
        """Whether the knowledge base's holder of that one-holder office of `country`, when the article speaks,
        is someone else (a president named with no country is not the president of the country in focus
        whose president the knowledge base knows)."""
        roles = LEADER_ROLES if title.role == "Leader" else {title.role}
        holders = [h for r in roles if (h := self.kb.holder(r, country, self._when())) is not None]
        return bool(holders) and not any(same_person(actor.name, h.name) for h in holders)

    def _canonical_target(self, target: str) -> str:
        if target in self.actors:
            return target
        for n, a in self.actors.items():
            if a.kind == "person" and same_person(target, n):
                return n
        return self._role_target(target) or target

    def _resolve_relation_targets(self) -> None:
        for actor in self.actors.values():
            relations = []
            for rel in actor.relations:
                rel = {**rel, "target": self._canonical_target(rel.get("target", ""))}
                if rel not in relations:
                    relations.append(rel)
            actor.relations = relations
            roles = []
            for role in actor.roles:
                if role.get("of") and not self.kb.country(role["of"]):
                    role = {**role, "of": self._canonical_target(role["of"])}
                if role not in roles:
                    roles.append(role)
            actor.roles = roles
        for actor in self.actors.values():
            if actor.origin == "user":
                continue
            actor.affiliation = derive_affiliation(actor, self.kb, self._find)

    def _role_target(self, text: str) -> str | None:
        """'Supreme Leader of Iran' -> whoever holds that role in this article or in the KB."""
        role, _, country = text.partition(" of ")
        title = self.kb.title(role)
        if not title:
            return None
        for a in self.actors.values():
            if any(r.get("role") == title.role and (not country or r.get("of") == country) for r in a.roles):
                return a.name
        holder = self.kb.holder(title.role, country or None, self._when())
        return holder.name if holder else None

    def _when(self) -> str | None:
        """When the article speaks: its publication date, else the latest year it mentions."""
        if self.article is not None and self.article.published:
            return self.article.published
        if not hasattr(self, "_latest_year"):
            years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", doc_text(self.doc))]
            self._latest_year = str(max(years)) if years else None
        return self._latest_year

    def _find(self, name: str) -> Actor | None:
        return self.actors.get(name) or self.kb.lookup(name)

    def _describe_common_nouns(self) -> None:
        """Mentions made by descriptions ("the paper", "the Supreme Leader"), read in text order."""
        tokens = self.tokens
        for i in tokens.nouns:
            pos = tokens.pos[i]
            if i in self.mentions:
                continue
            if pos == "PROPN" and tokens.is_name[i] and not self.kb.title(tokens.word[i]):
                continue
            if tokens.dep[i] in {"compound", "amod"} and tokens.head[i] > i:
                continue
            tok = tokens.tok[i]
            res = self._description(tok)
            if res is not None and res.actor is not None:
                self.mentions[i] = Mention(head=i, start=tokens.left_chain(i), end=i + 1, actor=res.actor,
                                           how=res.reason, sent=self.sent_of[i], is_name=False,
                                           head_noun=tok.lemma_.lower())

    def country_in_focus(self, at: int, dominant: bool = False) -> str | None:
        """The country the text is about around token `at` (see focus.py)."""
        return self.focus.at(at, dominant)

    # -- the public questions ----------------------------------------------------------

    def speaks_again(self, at: int, res: Resolution) -> None:
        """A speaker resolved from a mention sentences back speaks again at token `at` ("the U.S.
        military said ... the statement said ... It said"): the voice a later pronoun may take up."""
        insort(self.speakers, (at, res), key=lambda x: x[0])  # kept in text order: the last before a pronoun is read back

    def resolve(self, span: Span | Token) -> Resolution | None:
        """The actor a speaker mention names, with the reason; None when it names no actor."""
        if isinstance(span, Token):
            span = self.doc[span.i : span.i + 1]
        root = span.root
        if root.is_punct:
            words = [t for t in span if not t.is_punct]
            if not words:
                return None
            root = words[-1]
        counted = self._partitive(root)
        if counted is not root:  # "Dozens of MPs": the MPs speak
            root, span = counted, self.doc[self.tokens.left_chain(counted.i) : counted.i + 1]
        person = self._person_before_title(span) or self._person_before_description(span) or self._person_before_of_body(span)
        if person is not None:  # "Kevin Kennedy Regional Humanitarian Coordinator": commas lost around the apposition
            span, root = person, person.root
        split = self._split_subject(root)
        if split is not None:  # "The hardline daily Sobh-e Tehran" parsed as two subjects: the name is the speaker
            root, span = split, self.doc[self.tokens.left_chain(split.i) : split.i + 1]
        res = self._resolve_root(root, span)
        if res is not None:
            res.mention = span.text
            if res.kind != "person" and root.tag_ == "NN" and self.kb.title(root.text) is not None:
                res.person = title_gender(root.lower_)  # "a spokeswoman for the ministry": she speaks for it
            self.speakers.append((root.i, res))
            self._note_speaker(res, root)
        elif root.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
            self.unnamed.append(root.i)
            self.unnamed_said.setdefault(root.i, None if self.names_no_one(span) else span.text)
        return res

    def names_no_one(self, span: Span) -> bool:
        """Whether a mention holds nothing that names an actor: a pronoun or a common noun phrase ("he",
        "the losers", "some of which", "one woman", "protesters"), with no proper name, country, capital or
        known body in it. Such a speaker, unresolved, is unknown: it is never kept as an actor."""
        t = self.tokens
        if self.kb.lookup(re.sub(r"^(?:the|The)\s+", "", span.text)) is not None:
            return False
        root = span.root
        if root.lemma_.lower() in body_nouns() or (
                root.lower_ in nouns()["media"] and any(c.dep_ == "compound" for c in root.children)):
            # "the group", "the monitor", "the coalition", "the paper": a body the text named before;
            # "regime media", "state media" too, which the lemmatiser reads as "medium" (not bare "Media")
            return False
        if root.tag_ == "NN" and root.text.islower() and self.kb.title(root.text) is not None:
            return False  # "the minister", "the spokesman": an office holder, unresolved but someone in particular
        words = [i for i in range(span.start, span.end) if t.pos[i] not in {"PUNCT", "DET", "PRON", "NUM"}]
        if len(words) == 1 and t.tok[words[0]].tag_ in {"NNP", "NN", "JJ"} and self.kb.country_of_adjective(t.word[words[0]]):
            return True  # "another Syrian", "a Turk": one person of a nation, no actor (not its government)

        titled = self._title_words(words)
        named = [i for i in words if t.word[i][:1].isupper() and i not in titled]
        if root.i in named and all(self._only_a_place(t.tok[i]) for i in named):
            return True  # "Homs Hama", "Europe": a place the parser left before a tag verb, not who spoke
        for i in range(span.start, span.end):
            word = _INVISIBLE.sub("", t.word[i])
            if t.pos[i] == "PUNCT" or t.dep[i] in {"det", "case"} or not word[:1].isalnum() or i in titled:
                continue  # a title's words ("The Prime Ministers") name an office, no one in it
            if self.kb.country(word) or self.kb.country_of_adjective(word) or self.kb.is_capital(word):
                return False  # "the Irish-Armenian community", "locals in Baku"
            if word.isupper() and len(word) > 1 and word.isalpha():
                if self.kb.lookup(word) is not None or word.lower() not in english_words():
                    return False  # an acronym: "AFP journalists", "UN experts"; not "the reality TV star"
                continue
            if word[:1].isupper() and not self._common_word(t.tok[i]):
                return False  # a name: "a police officer in Maasmechelen"; not "Protesters", "the Minister"
        return True

    def _only_a_place(self, tok: Token) -> bool:
        """A place the article names as one that is no state and no capital (which speak for a government:
        "Damascus said")."""
        word = tok.text
        if self.kb.country(word) or self.kb.is_capital(word) or self.kb.lookup(word) is not None:
            return False
        # the article writes it as a place ("in Aleppo"); the recogniser's label alone is not enough: it
        # gives GPE to surnames ("Akhundova") and outlets ("Middle East Eye")
        return alias_key(word) in self.places

    def _title_words(self, positions: list[int]) -> set[int]:
        """The positions among these that make up a title of the table ("Prime Ministers", "Foreign Minister")."""
        t = self.tokens
        words = [_INVISIBLE.sub("", t.word[i]) for i in positions]
        lemmas = [t.tok[i].lemma_ for i in positions]
        covered: set[int] = set()
        for end in range(len(words), 0, -1):
            found = self.kb.longest_title(words[:end]) or self.kb.longest_title(lemmas[:end])
            if found:
                covered.update(positions[end - found[0] : end])
        return covered

    def _described_kind(self, span: Span) -> str | None:
        """'the hardline daily X', 'the newspaper X', 'the pro-government weekly X': the words just before a
        name say it is an outlet (or a body), whatever the parser made of them."""
        if span.start <= span.sent.start or span.root.ent_type_ == "PERSON":
            return None  # "the TV presenter John Smith" is a person: only the word right before a name counts
        before = self.tokens.lower[span.start - 1]
        if before in nouns()["media"]:
            return "media"
        return "organisation" if before in nouns()["organisation"] else None

    def _split_subject(self, root: Token) -> Token | None:
        """A name that directly follows a description word and shares its verb as a second subject.

        The small model often reads "The hardline daily Sobh-e Tehran urged" as two subjects
        ("The hardline" and "Sobh-e Tehran"); the description and the name are one noun phrase.
        """
        if root.i in self.mentions or root.dep_ not in {"nsubj", "nsubjpass"} or root.pos_ not in {"NOUN", "ADJ"}:
            return None
        subtree: set[int] | None = None
        for sib in self.tokens.children(self.tokens.head[root.i]):
            if sib.i <= root.i or sib.dep_ != root.dep_ or not (sib.i in self.mentions or is_name_token(sib)):
                continue
            subtree = subtree if subtree is not None else {d.i for d in root.subtree}
            between = range(root.i + 1, self.tokens.left_chain(sib.i))  # the words joining the two: "hardline daily"
            if all(i in subtree and self.tokens.pos[i] in {"ADJ", "NOUN", "ADV"} for i in between):
                return sib
        return None

    def _note_speaker(self, res: Resolution, root: Token) -> None:
        """Keep the first sentence where an actor speaks in this article as its evidence."""
        actor = self.actors.get(res.name)
        if actor is None and res.actor is not None:
            actor = self._register(res.actor)
        if actor is None or any(e.get("article") == self.article_id for e in actor.evidence):
            return
        actor.evidence.append({"article": self.article_id, "sentence": sentence_text(self.tokens, root.i),
                               "fact": f"speaker '{res.mention}': {res.reason}"})

    def learned_actors(self) -> list[Actor]:
        """Actors this article taught (roles, relations, groups), each with its evidence."""
        learned = [copy_actor(a) for a in self.actors.values() if a.evidence]
        return merge_actors(learned)

    def all_actors(self) -> list[Actor]:
        """Every actor met in the article (KB ones included), for the store."""
        return merge_actors([copy_actor(a) for a in self.actors.values()])

    # -- cases -----------------------------------------------------------------------------

    def _partitive(self, root: Token) -> Token:
        if root.lower_ in PARTITIVES or root.pos_ == "NUM":
            for prep in self.tokens.children(root.i):
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in self.tokens.children(prep.i):
                        if pobj.dep_ == "pobj":
                            return pobj
        return root

    def _result(self, actor: Actor, reason: str) -> Resolution:
        if actor.kind == "state":
            gov = self._register(self.kb.government(actor.country or actor.name))
            return self._result(gov, f"state '{actor.name}' as speaker -> {gov.name}" if not reason.startswith("state") else reason)
        role = actor.roles[-1]["role"] if actor.roles else None
        return Resolution(name=actor.name, kind=actor.kind, reason=reason, country=actor.country,
                          affiliation=list(actor.affiliation), role=role, actor=actor)

    def _resolve_root(self, root: Token, span: Span) -> Resolution | None:
        lower = root.lower_
        if root.pos_ == "PRON" or lower in PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS:
            return self._pronoun(root)
        m = self.mentions.get(root.i)
        if m is not None:
            if m.actor.kind == "state":
                said = self.tokens.span_text(m.start, m.end) if m.end > m.start else root.text
                said = said[4:] if said.lower().startswith("the ") else said
                return self._result(m.actor, f"state '{said}' as speaker -> {government_name(m.actor.country or m.actor.name)}")
            if self.kb.is_capital(root.text) and m.actor.kind == "government":
                return self._result(m.actor, f"capital '{root.text}' -> {m.actor.name}")
            return self._result(m.actor, m.how)
        if is_name_token(root) and root.lower_ not in nouns()["group"]:
            tail = self.tokens.of_object(root.i)
            start, end = self.tokens.left_chain(root.i), (tail.i + 1 if tail is not None else root.i + 1)
            core = [t.text for t in self.tokens.tok[start:end]
                    if t.dep_ not in {"det", "poss", "case"} and not (t.i < root.i and self.kb.country(t.text))]
            phrase = " ".join(core)  # "The country's Foreign Ministry" -> "Foreign Ministry"
            if self.kb.institution(phrase) or self.kb.institution(root.text) or self.kb.title(root.text):
                res = self._description(root)  # "the Ministry of Defense in Yerevan", "the President"
                if res is not None:
                    return res
            return self._name(span, root)
        res = self._description(root)
        if res is None and root.text[:1].isupper() and root.pos_ in {"NOUN", "ADJ", "X"} and len(span) <= 3:
            res = self._name(span, root, known_only=True)  # "Aliyev met ..." tagged as a common noun
        return res

    def _name(self, span: Span, root: Token, known_only: bool = False) -> Resolution | None:
        glued = self.reader.unglued_start(span.start, span.end)
        if glued > span.start:  # "KarabakhAliyev": a lost space glued the name to the word before it
            span = self.doc[glued : span.end]
        numbered = self.tokens.numbered_end(span.end - 1) > span.end and number_is_name(
            self.kb, span.text, self.doc[span.start : span.end + 1].text)
        if numbered:  # "France 24": a name that goes on with a number is no country
            span = self.doc[span.start : span.end + 1]
        text = span.text
        known = self.kb.lookup(text)
        if known is not None:
            actor = self._register(known)
            if known.kind == "government" and self.kb.is_capital(text):
                return self._result(actor, f"capital '{text}' -> {actor.name}")
            return self._result(actor, f"knowledge base: '{text}'")
        for head in sorted(self.mentions, reverse=True):
            a = self.mentions[head].actor
            if a.kind == "person" and same_person(text, a.name):
                return self._result(a, f"surname of '{a.name}'")
        said = alias_key(re.sub(r"^(?:the|The) ", "", text))
        for a in self.actors.values():  # named so earlier in the article ("Sobh-e Tehran" after "the daily Sobh-e Tehran")
            if said and said in {alias_key(n) for n in [a.name, *a.aliases]}:
                return self._result(a, f"named '{text}' as earlier in the article")
        if len(span) == 1:  # "the Aliyev office": of two Aliyevs, the one in office
            people = self.kb.people_with_surname(text)
            current = [p for p in people if any(not r.get("until") and not r.get("former") for r in p.roles)]
            if len(current) == 1:
                actor = self._register(current[0])
                return self._result(actor, f"surname of '{actor.name}' (the knowledge base's holder of an office)")
        if known_only:
            return None
        person = self.named_inside(span) or self._person_of_known_body(span)
        if person is not None:  # "News Agency Omar Haddad": the person, named alone
            return self._name(person, person.root)
        words = [t for t in span if t.dep_ not in {"det", "case"} and not t.is_punct]
        if not words:
            return None
        titled = self._title_only(words)
        if titled is not None:  # "the Latvian Foreign Minister", "the President of Azerbaijan": an office, no name
            return self._office(*titled)
        if (len(words) == 1 and self._common_word(words[0])) or self.names_no_one(span):
            return None  # "Ceasefire", "the Assistant", "another Syrian": no one's name
        described = self._described_kind(span)
        kind = described or ("organisation" if numbered else kind_of(span, self.kb) or "person")
        text = re.sub(r"^(?:the|The)\s+", "", text)  # "The Emergency and Rescue Service": the name, not its article
        actor = self._register(Actor(name=text, kind=kind, origin="text"))
        placed = next((w for w in re.split(r"[\s-]+", text) if w[:1].isupper() and self.kb.country(w)), None)
        if kind in {"media", "organisation"} and placed and not actor.country:  # "Sobh-e Tehran": a Tehran paper
            actor.country = self.kb.country(placed)
            actor.affiliation = derive_affiliation(actor, self.kb, self._find)
        return self._result(actor, f"named '{text}' (new actor, kind from {'the words before it' if described else 'NER label' if root.ent_type_ else 'default'})")

    def _entities_in(self, span: Span) -> list[Span]:
        """`span.ents` (the entities wholly inside it), from the entities read once per article."""
        inside = []
        for ent in self.entities:
            if ent.start >= span.start:
                if ent.end > span.end:
                    break
                inside.append(ent)
        return inside

    def _person_before_title(self, span: Span) -> Span | None:
        """The person entity that opens a mention whose next words are a title ("Kevin Kennedy Regional
        Humanitarian Coordinator for the Syria Crisis", where the commas around the apposition were lost);
        None for any other mention."""
        ents = [e for e in self._entities_in(span) if e.label_ == "PERSON"]
        if not ents or ents[0].end >= span.end or any(t.pos_ != "DET" for t in span[: ents[0].start - span.start]):
            return None
        rest = span.doc[ents[0].end : span.end]
        opening = [t for t in rest if t.pos_ != "DET"][:4]  # "... head of the Observatory", "... a spokesman for"
        if len(ents[0]) < 2 or not opening or not any(map(self._role_word, rest)):
            return None
        return ents[0] if opening[0].text[:1].isupper() or any(map(self._role_word, opening)) else None

    def _person_before_description(self, span: Span) -> Span | None:
        """The person named just before an indefinite description with a role word ("Jane Doe an
        analyst said", "Omar Haddad a rescue worker told AFP", where the commas around the
        apposition were lost and the parser made the description the subject); None for any
        other mention."""
        if span[0].lower_ not in {"a", "an"} or not any(map(self._role_word, span)):
            return None
        before = next((e for e in self.entities if e.end == span.start), None)
        return before if before is not None and before.label_ == "PERSON" and len(before) >= 2 else None

    def named_inside(self, span: Span) -> Span | None:
        """The body the knowledge base knows that closes a longer name, or else the person the name holds
        (`person_inside`): lost commas run a place or a clause into the speaker ("Saudi Arabia Reuters
        reports", "the districts of Aleppo Reuters reported")."""
        return self._known_body_closing(span) or self.person_inside(span) or self._surname_closing(span)

    def _surname_closing(self, span: Span) -> Span | None:
        """The last word of the span when it is the surname of a person the article named before and the
        word before it is a place ("... shelling in Homs and Deir al-Zor Doe added" after "Jane Doe"):
        places run into the surname. None otherwise."""
        doc = self.doc
        end = _words_end(span)
        if end - 1 <= span.start or not is_name_token(doc[end - 1]):
            return None
        last, before = doc[end - 1].text, doc[end - 2].text
        if not (self.kb.country(before) or alias_key(before) in self.place_words):
            return None  # "Aram Petrosyan" after "Levon Petrosyan": a relative, named in full
        for head, m in self.mentions.items():
            words = m.actor.name.split()
            if head < span.start and m.actor.kind == "person" and len(words) > 1 and words[-1] == last and before not in words:
                return doc[end - 1 : end]
        return None

    def _known_body_closing(self, span: Span) -> Span | None:
        """The last one to three capitalised words of the span when the knowledge base knows them as a
        medium or an organisation and a place or country comes right before them; else None (a person
        before them is whose body it is: "Omar Haddad HRW researcher")."""
        t = self.tokens  # read from the token table: this runs on every name the article learns
        end = _words_end(span)
        run = 0  # capitalised words at the end, up to three, with a word before them in the span
        while run < 3 and end - run - 2 >= span.start and t.word[end - run - 1][:1].isupper():
            run += 1
        for n in range(run, 0, -1):  # the longest first
            start = end - n
            before = start - 1
            if not (t.pos[before] == "PROPN" and t.word[before][:1].isupper() and t.idx[start] > t.idx[before] + len(t.word[before])):
                continue
            place = (self.kb.country(t.word[before]) or alias_key(t.word[before]) in self.place_words
                     or (before - 1 >= span.start and self.kb.country(t.span_text(before - 1, start))))
            if not place:
                continue
            known = self.kb.lookup(t.span_text(start, end), surname=False)
            if known is not None and known.kind in {"media", "organisation"}:
                return self.doc[start:end]
        return None

    def _person_before_of_body(self, span: Span) -> Span | None:
        """The person named before "of the ..." when the mention is that body alone ("Jane Doe of the
        Homs-based Nour brigade told Reuters", the parser taking the group for the subject after
        a closing quotation mark or a lost comma): two or three capitalised words shaped as a person's
        name, then "of", then the mention's words, its head a body's head word. None otherwise."""
        if span.root.lower_ not in organisation_heads() and span.root.lemma_.lower() not in nouns()["media"]:
            return None
        doc, first = self.doc, span.sent.start
        of = span.start - 1
        while (of >= first and of >= span.start - 4 and doc[of].lower_ != "of"
               and not (doc[of].is_punct and doc[of].text not in {"-", "–"})):
            of -= 1  # the words of the phrase the mention left out ("the Aleppo")
        if of < first or doc[of].lower_ != "of" or any(t.is_punct and t.text not in {"-", "–"} for t in doc[of:span.start]):
            return None
        start = of
        while start > first and (is_name_token(doc[start - 1]) or is_name_particle(doc[start - 1])):
            start -= 1
        words = list(doc[start:of])
        if not 2 <= len(words) <= 3 or not person_shaped(words) or any(self._describes_name(t) for t in words):
            return None
        return doc[start:of]

    def person_inside(self, span: Span) -> Span | None:
        """The person a longer name holds where lost commas ran a title, a body or a place into it
        ("Coordinator Jane Doe", "News Agency Omar Haddad", "Homs Karim Nasser", "Laura Hartmann ICRC
        regional director"): the last person entity of two
        words or more inside it, less the titles, bodies and places the recogniser took in and any
        acronym after it. None when the span is that name already, when the name is whose the
        speaker is rather than the speaker ("Opponents of Bashar al-Assad"), or when the entity
        reads as part of a longer name ("Sheikh Ali Hassan Karim" cut short, "Syrian Observatory for ...")."""
        people = [e for e in self._entities_in(span) if (e.label_ == "PERSON" or self._place_then_name(e)) and len(e) >= 2]
        if not people:
            return self._given_name_closing(span)
        e = people[-1]
        start, end = e.start, e.end
        while end - start > 2 and self._describes_name(self.doc[start]):
            start += 1  # "Observatory Karim Nasser", "Homs Karim Nasser"
        holder = self._holds_title(span, start, end)
        end = next((k for k in range(start + 2, end) if self._known_body_from(k)), end)  # "Omar Haddad Human Rights Watchs"
        while end - start > 2 and _acronym(self.doc[end - 1]):
            end -= 1  # "Omar Haddad HRW": the body he speaks for
        person = self.doc[start:end]
        words = [t for t in span if t.pos_ != "DET"]
        if not words or (person.start <= words[0].i and person.end >= words[-1].i + 1):
            return None  # the name is the person's already
        def in_name(t: Token) -> bool:
            return (t.text[:1].isupper() or is_name_particle(t) or t.text in {"-", "–"}
                    or (t.i > person.start and self.doc[t.i - 1].text in {"-", "–"}))  # "Ban Ki-moon"

        if not person[0].text[:1].isupper() or not all(map(in_name, person)) or self._describes_name(person[0]):
            return None
        after = self.doc[person.end] if person.end < span.end else None
        if not holder and not person.start <= span.root.i < person.end and not (
                person.start == words[0].i and after is not None
                and (_acronym(after) or self._role_word(after) or self._known_body_from(after.i))):
            # "Opponents of Hafez al-Assad", "President Jane Does officials", "Idlib rebels";
            # a name its title follows is the speaker ("Laura Hartmann ICRC regional director")
            return None
        if after is not None:
            if after.lower_ in {"for", "and", "in"}:
                return None  # "... Observatory for Human Rights", "X and Y"
            if after.text[:1].isupper() and not (_acronym(after) or self._role_word(after)
                                                 or self._known_body_from(after.i)):
                return None  # "Sheikh Ali Hassan Karim" read as "Ali Hassan": the recogniser cut the name short
        return person

    def _given_name_closing(self, span: Span) -> Span | None:
        """The person whose name closes a longer mention the recogniser read as one body or place
        ("News Agency Omar Haddad", "Observatory Director Samir Nasser", "Idlib Omar Haddad",
        lost commas running them together): from the first given name of the tables among the last
        capitalised name words that describe nothing, two to four words to the end, with other
        words before them ("Sami Abdel Karim", the tables knowing "Abdel" only, is read as "Abdel
        Karim": a short form, where a name it does not know might be a place). None for any other
        mention."""
        doc = self.doc
        end = _words_end(span)
        name = end
        while name > span.start and (self._bare_name_word(doc[name - 1]) or is_name_particle(doc[name - 1])
                                     or (doc[name - 1].text in {"-", "–"} and name - 1 > span.start)):
            name -= 1
        given = next((k for k in range(name, end - 1) if self._bare_name_word(doc[k])
                      and given_name_gender(doc[k].text) and not self.kb.title(doc[k].text)), None)
        if given is None:
            return None
        if given == span.start or not 2 <= end - given <= 4 or not self._bare_name_word(doc[end - 1]):
            return None
        return doc[given:end]

    def _bare_name_word(self, tok: Token) -> bool:
        """A capitalised proper noun that is no title, body, place or English word: a word of a person's name."""
        return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text.isalpha() and not _acronym(tok)
                and not self._describes_name(tok) and not self._common_word(tok)
                and alias_key(tok.text) not in self.place_words)

    @cached_property
    def place_words(self) -> set[str]:
        """Words the article's recogniser read as a place anywhere (GPE, LOC), and its places."""
        return {alias_key(t.text) for e in self.entities if e.label_ in {"GPE", "LOC"} for t in e} | self.places

    def _person_of_known_body(self, span: Span) -> Span | None:
        """"Jane Doe of the International Crisis Group" (read by the recogniser as one entity,
        or none): the name before `of` when what follows is a body (the knowledge base knows it, or
        its name ends in a body's head word) and the name is two or three capitalised words that
        describe nothing (no title, body or place)."""
        of = next((t for t in span if t.lower_ == "of" and t.i > span.start), None)
        if of is None:
            return None
        body = [t for t in self.doc[of.i + 1 : span.end] if t.dep_ != "det"]
        known = self.kb.lookup(" ".join(t.text for t in body)) if body else None
        named_body = bool(body) and body[-1].text[:1].isupper() and body[-1].lower_ in organisation_heads()
        if not (named_body or (known is not None and known.kind in {"organisation", "media"})):
            return None
        words = [t for t in self.doc[span.start : of.i] if t.dep_ != "det"]
        if not 2 <= len(words) <= 3 or not all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words):
            return None
        if any(self._describes_name(t) or self._common_word(t) for t in words):
            return None
        return self.doc[words[0].i : words[-1].i + 1]

    def _holds_title(self, span: Span, start: int, end: int) -> bool:
        """Whether the name at start:end is whoever holds the title the mention is headed by, its place run
        into the name ("the envoy to Armenia Jonathan Lacote", "envoy to Syria Alexander Lavrentiev"):
        the name closes the object of the title's preposition, a place before it."""
        if start == 0 or not self._role_word(span.root):
            return False
        last, before = self.doc[end - 1], self.doc[start - 1]
        return (last.dep_ == "pobj" and last.head.head.i == span.root.i and before.head.i == last.i
                and before.dep_ == "compound" and self._describes_name(before))

    def _place_then_name(self, ent: Span) -> bool:
        """An entity the recogniser read as a body that is a place and a name ("Syria Jane de Vries"):
        a country, then a person-shaped name (`learn.person_shaped`)."""
        if ent.label_ not in {"ORG", "GPE"} or len(ent) < 3 or not self.kb.country(ent[0].text):
            return False
        return person_shaped(list(ent[1:]))

    def _known_body_from(self, i: int) -> bool:
        """Whether the capitalised words from token `i` on name a body the knowledge base knows, its
        possessive's apostrophe lost or not ("Human Rights Watchs")."""
        words: list[str] = []
        for tok in self.doc[i : self.doc[i].sent.end]:
            if not tok.text[:1].isupper():
                break
            words.append(tok.text)
        for n in range(len(words), 1, -1):
            name = " ".join(words[:n])
            for form in (name, name[:-1] if name.endswith("s") else None):
                known = self.kb.lookup(form) if form else None
                if known is not None and known.kind in {"organisation", "media"}:
                    return True
        return False

    def _describes_name(self, tok: Token) -> bool:
        """A word that describes a name rather than being one: a title or role, a body's head noun, a country or a place."""
        return (self._role_word(tok) or tok.lower_ in body_nouns() or bool(self.kb.country(tok.text))
                or alias_key(tok.text) in self.places)

    def _role_word(self, tok: Token) -> bool:
        """A title of titles.tsv or a role word that opens an apposition ("director", "spokesman")."""
        return tok.lower_ in nouns()["apposition_roles"] or self.kb.title(tok.text) is not None

    def _common_word(self, tok: Token) -> bool:
        """A capitalised English word that names no one here ("Ceasefire", "Assistant"): the dictionary has it
        and the entity recogniser saw no person, organisation or place in it."""
        if tok.pos_ in {"PRON", "DET", "NUM", "ADP", "CCONJ", "PART"}:
            return True  # "She", "Those", "Thousands": capitalised at a sentence's start
        if len(tok.text) >= 3 and tok.text.isupper() and tok.text.isalpha():
            return False  # an acronym ("SANA", "SOHR"), even when the dictionary has the word
        words = english_words()
        text = _INVISIBLE.sub("", tok.text).lower()
        known = text in words or tok.lemma_.lower() in words
        return known and tok.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

    def _title_only(self, words: list[Token]):
        """(title, country or None, the words) when the words are only a title and the country it is of ("the US
        President", "the Latvian Foreign Minister", "the President of Azerbaijan", "the Minister"); else None."""
        texts = [t.text for t in words if t.lower_ != "of"]
        country = next((self.kb.country(w) for w in texts if self.kb.country(w)), None)
        rest = [w for w in texts if not self.kb.country(w)]
        found = self.kb.longest_title(rest) if rest else None
        if found is None or found[0] != len(rest):
            return None
        return found[1], country, texts

    def _office(self, title, country: str | None, texts: list[str]) -> Resolution | None:
        """The holder of an office the text names by title and country, else the office itself as the speaker
        (its country's); None when the text does not say whose office it is."""
        if not country:
            return None
        holder = self.kb.holder(title.role, country, self._when()) if title.single else None
        if holder is not None:
            actor = self._register(holder)
            return self._result(actor, f"title '{' '.join(texts)}' -> {title.role} of {country} in the knowledge base: '{actor.name}'")
        name = f"{title.role} of {country}"
        actor = self._register(Actor(name=name, kind="person", country=country, origin="text",
                                     roles=[{"role": title.role, "of": country}]))
        actor.affiliation = derive_affiliation(actor, self.kb, self._find)
        return self._result(actor, f"title '{' '.join(texts)}' -> the office '{name}' (no holder named)")

    # -- pronouns ------------------------------------------------------------------------

    def _places(self) -> set[str]:
        """Names the article uses as places ("in Shusha", "the town of Shusha"): never a pronoun's antecedent."""
        out = set()
        t = self.tokens
        place_heads = PLACE_NOUNS | {w + "s" for w in PLACE_NOUNS}
        for i in range(len(t)):
            head = t.head[i]
            if t.pos[i] == "PROPN" and t.dep[i] == "conj" and t.dep[head] in {"compound", "nmod"}:
                head = t.head[head]  # "Gazakh and Tovuz districts": Tovuz hangs on Gazakh
            if t.pos[i] == "PROPN" and t.dep[i] in {"compound", "nmod", "conj"} and t.lower[head] in place_heads:
                out.add(alias_key(t.word[i]))  # "Gazakh and Tovuz districts", "the Tovuz region"
                continue
            if t.pos[i] != "PROPN" or t.dep[i] != "pobj":
                continue
            head = t.head[i]
            if t.lower[head] in {"in", "near", "into", "outside", "around", "toward", "towards", "inside", "from"} or (
                t.lower[head] == "of" and t.lower[t.head[head]] in PLACE_NOUNS
            ):
                out.add(alias_key(t.word[i]))
        return out

    def _compatible(self, pron: str, actor: Actor) -> bool:
        if pron in PERSON_PRONOUNS:
            if actor.kind != "person" or alias_key(actor.name) in self.places or self.kb.country(actor.name):
                return False  # "Azerbaijani" mistaken for a name is no one's antecedent
            gender = "f" if pron in FEMININE else "m"
            known = self.gender.get(actor.name) or given_name_gender(actor.name.split()[0])
            if known is None and gender == "f" and "f" in self.gender.values():
                return False  # "she" in an article that names a woman: her, not someone unknown
            return (known or gender) == gender
        if pron in PLURAL_PRONOUNS or pron in FIRST_PLURAL:
            return actor.kind in COLLECTIVE_KINDS
        if pron in THING_PRONOUNS:
            return actor.kind in {"government", "organisation", "state", "media"} or self._body_name(actor.name)
        return actor.kind == "person"

    @staticmethod
    def _body_name(name: str) -> bool:
        """A name holding a body's head word ("Syrian Observatory for Human Rights"), whatever kind the
        entity recogniser's label gave it."""
        return any(w.lower() in organisation_heads() for w in name.split() if w[:1].isupper())

    def _pronoun(self, tok: Token) -> Resolution | None:
        res = self._pronoun_antecedent(tok)
        if res is not None and tok.lower_ in PERSON_PRONOUNS:
            self.gender.setdefault(res.name, "f" if tok.lower_ in FEMININE else "m")
        return res

    @staticmethod
    def _clause_holders(tok: Token) -> set[int]:
        """The noun the nearest relative clause holding `tok` hangs on, and the nouns that noun is in
        apposition to ("Russia, which said it ...", "the ministry, a body that said it ..."); not any
        noun above it ("The army shelled both Yalda and the district of the capital it added": the
        clause hangs on "capital", not on Yalda)."""
        clause = next((a for a in tok.ancestors if a.dep_ in {"relcl", "acl"}), None)
        if clause is None:
            return set()
        noun = clause.head
        out = {noun.i}
        while noun.dep_ == "appos" and noun.head.i != noun.i:
            noun = noun.head
            out.add(noun.i)
        return out

    def _pronoun_antecedent(self, tok: Token) -> Resolution | None:
        pron = tok.lower_
        if pron in {"who", "which", "that"}:
            return self._relative(tok)
        if pron not in PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | FIRST_PLURAL:
            return None  # "I", "you", "this", "everyone": the quote's speaker or no one, not a coreference
        here = self.sent_of[tok.i]
        before = [self.mentions[h] for h in sorted(h for h in self.mentions if h < tok.i)
                  if self._compatible(pron, self.mentions[h].actor)]
        # 1. the same sentence: an earlier subject or possessor, or the noun a relative clause hangs on
        holders = self._clause_holders(tok)
        same = [m for m in before if m.sent == here]
        for m in reversed(same):  # the noun a relative clause or apposition holding the pronoun hangs on
            if m.head in holders and self.tokens.pos[m.head] in {"PROPN", "NOUN"}:
                return self._result(m.actor, f"pronoun '{tok.text}' -> '{m.actor.name}', whose clause holds it")
        said = {t.i for t in tok.head.subtree} if tok.dep_ in {"nsubj", "nsubjpass"} else set()
        for m in reversed(same):
            if m.head in said:
                continue  # "Claims that Armenian forces did it were a lie, it added": not inside what it says
            if self.tokens.dep[m.head] in SUBJECT_DEPS:
                return self._result(m.actor, f"pronoun '{tok.text}' -> earlier {self._what(m)} '{m.actor.name}' in the same sentence")
        # 2. the previous statement's speaker (earlier in the same sentence too: "X issued a statement ...,
        # 'We share the pain,' they said"); a speaker the resolver could not name stops the search, for
        # the pronoun most likely takes that one up ("Another Syrian says ... 'I remember,' he says")
        # the tag that closes a quotation of several sentences ('"... Russia may stay," he added') is as
        # far from the speaker before as the quotation's start, and whoever the quotation names is what he
        # said, not who he is
        quoted = self._quotation_closed_by(tok)
        reach = self.sent_of[quoted.start] if quoted is not None else here  # where distances count from
        if quoted is not None:
            before = [m for m in before if not quoted.start <= m.head < quoted.end]
        window = reach - 2 * LOOKBACK_SENTENCES  # what steps 2 to 4 can reach
        voices = sorted({at for at, _ in self.speakers if at < tok.i and self.sent_of[at] >= window} |
                        {at for at in self.unnamed if at < tok.i and self.sent_of[at] >= window})
        before = [m for m in before if m.sent >= window and not self._reported(m.head, voices)]  # not what another said
        prior = sorted([(at, res) for at, res in self.speakers if at < tok.i] +
                       [(at, None) for at in self.unnamed if at < tok.i], key=lambda x: -x[0])
        for at, res in prior:
            if quoted is not None and quoted.start <= at < quoted.end:
                continue
            if reach - self.sent_of[at] > LOOKBACK_SENTENCES:
                break
            if res is None:
                if self._unnamed_fits(pron, at):
                    if any(m.head > at for m in before):
                        break  # someone named since: read on below
                    said = self.unnamed_said.get(at)
                    if said:  # "Karabakh officials said ... They added": the same words speak again
                        return Resolution(name=said, kind=None, reason=f"pronoun '{tok.text}' -> previous speaker '{said}' (not resolved)")
                    return None
                continue
            if self.sent_of[at] == here and (pron in PERSON_PRONOUNS or self.tokens.is_ancestor(at, tok.i)):
                continue  # "welcomed by X, to whom he reaffirmed ...": a person speaking earlier in the sentence is not "he"
            if res.actor is not None and (self._compatible(pron, res.actor) or self._spoke_as_person(pron, res)):
                return self._result(res.actor, f"pronoun '{tok.text}' -> previous speaker '{res.name}'")
        # 3. the subject of a previous sentence, unless someone unnamed is a closer subject ("Thousands of
        # people gathered ... Inside, they smashed doors": not the government named before them)
        for m in reversed(before):
            if m.sent >= here:
                continue
            if reach - m.sent > LOOKBACK_SENTENCES:
                break
            if self.tokens.dep[m.head] in {"nsubj", "nsubjpass"}:
                if self._unnamed_subject_between(pron, m.head, tok.i):
                    return None
                return self._result(m.actor, f"pronoun '{tok.text}' -> most recent {self._what(m)} subject '{m.actor.name}'")
        # 4. the most recent compatible actor of the last few sentences (a quotation of several sentences
        # may stand between), with no one unnamed closer
        if before and reach - before[-1].sent <= 2 * LOOKBACK_SENTENCES:
            m = before[-1]
            if self._unnamed_subject_between(pron, m.head, tok.i):
                return None
            return self._result(m.actor, f"pronoun '{tok.text}' -> most recent {self._what(m)} '{m.actor.name}'")
        # 5. a pronoun that opens an article under a headline such as "Aliyev: ...": the person it names
        if pron in PERSON_PRONOUNS and not before and here <= LOOKBACK_SENTENCES:
            headline = self._headline_speaker()
            if headline is not None and self._compatible(pron, headline):
                return self._result(headline, f"pronoun '{tok.text}' -> '{headline.name}', whom the headline quotes")
        return None

    def _quotation_closed_by(self, tok: Token) -> Span | None:
        """The quotation of more than one sentence that ends in the pronoun's sentence, before it, when the
        pronoun stands outside every quotation: the tokens from its opening mark to its closing one."""
        sent = tok.sent
        for start, end in doc_quotes(self.doc):
            if start <= tok.idx < end:
                return None  # a pronoun inside a quotation is the quoted speaker's word
            if sent.start_char < end <= tok.idx and start < sent.start_char:
                return self.doc.char_span(start, end, alignment_mode="expand")
        return None

    def _reported(self, i: int, voices: list[int]) -> bool:
        """Whether token `i` lies inside what one of the speakers at `voices` said ("officials said Azerbaijani
        forces had struck a hospital. They added ...": the forces are what was said, not who speaks next)."""
        t = self.tokens
        for at in voices:
            below, verb = at, t.head[at]  # the verb the speaker hangs on ("a statement issued by officials said")
            while verb != below and (t.pos[verb] not in {"VERB", "AUX"} or t.dep[verb] in {"acl", "relcl"}):
                below, verb = verb, t.head[verb]
            if verb == below or i == below or not t.is_ancestor(verb, i) or t.is_ancestor(below, i):
                continue
            step = i  # inside the clause said: under a clausal complement of that verb
            while t.head[step] != verb:
                step = t.head[step]
            if t.dep[step] in {"ccomp", "xcomp", "parataxis"}:
                return True
        return False

    def _spoke_as_person(self, pron: str, res: Resolution) -> bool:
        """'A spokeswoman for the ministry said ... According to her, ...': she still speaks for the ministry."""
        if pron not in PERSON_PRONOUNS or res.person is None:
            return False
        return res.person in ("", "f" if pron in FEMININE else "m")

    def _unnamed_fits(self, pron: str, i: int) -> bool:
        """Whether the unnamed noun phrase headed at `i` ("protesters", "a surgeon", "another") can be what
        the pronoun takes up: a plural for they, a person for he and she, a singular noun for it."""
        t = self.tokens
        lower, pos = t.lower[i], t.pos[i]
        if pos == "PRON":  # only pronouns for people stand for someone unnamed ("another", "others")
            if pron in PERSON_PRONOUNS:
                return lower in SOMEONE
            return (pron in PLURAL_PRONOUNS or pron in FIRST_PLURAL) and lower in SOME_PEOPLE
        plural = t.tok[i].tag_ in {"NNS", "NNPS"} or lower in PARTITIVES - {"one"} or (pos == "NUM" and lower != "one")
        if pron in PLURAL_PRONOUNS or pron in FIRST_PLURAL:
            return plural and (pos == "NUM" or lower in PARTITIVES or self._people_word(i))
        if plural:
            return False
        if pron in PERSON_PRONOUNS:
            return self._people_word(i)
        lemma = t.tok[i].lemma_.lower()  # "it": a body ("the agency", "the ministry"), not any thing
        return pos == "NOUN" and (lemma in nouns()["organisation"] | nouns()["media"] or self.kb.institution(t.word[i]) is not None)

    def _people_word(self, i: int) -> bool:
        """A noun for people: a person or group word ("woman", "residents", "protesters"), a title, a demonym."""
        t = self.tokens
        lemma = t.tok[i].lemma_.lower()
        words = nouns()
        return bool(lemma in words["people"] or t.lower[i] in words["people"] or t.lower[i] in words["group"]
                    or self.kb.title(t.word[i]) is not None or self.kb.country_of_adjective(t.word[i]))

    def _unnamed_subject_between(self, pron: str, after: int, at: int) -> bool:
        """A subject between token `after` and the pronoun at `at` that names no actor but can be what the
        pronoun takes up ("Dozens of them stormed the building. Inside, they smashed ...")."""
        t = self.tokens
        for i in range(at - 1, after, -1):
            if t.dep[i] in {"nsubj", "nsubjpass"} and i not in self.mentions and t.pos[i] in {"NOUN", "NUM", "PRON"}:
                if self._unnamed_fits(pron, i):
                    return True
        return False

    def _headline_speaker(self) -> Actor | None:
        """The person a headline such as "Aliyev: Nagorno-Karabakh will not have any special status" quotes:
        the label before the colon, when the knowledge base or the article knows it as a person."""
        title = (self.article.title or "") if self.article is not None else ""
        found = re.match(r"^\s*([A-Z][^:]{1,40}):\s+\S", title)
        if not found:
            return None
        known = self._actor_named(found.group(1).strip())
        return known if known is not None and known.kind == "person" else None

    def _actor_named(self, label: str) -> Actor | None:
        """The actor a bare name outside the parsed text names: a person the article mentions under
        that name, else the knowledge base's entry (a lone surname: its one serving holder)."""
        for head in sorted(self.mentions):
            a = self.mentions[head].actor
            if a.kind == "person" and (alias_key(label) == alias_key(a.name) or same_person(label, a.name)):
                return a
        known = self.kb.lookup(label)
        if known is None and len(label.split()) == 1:
            current = [p for p in self.kb.people_with_surname(label)
                       if any(not r.get("until") and not r.get("former") for r in p.roles)]
            known = current[0] if len(current) == 1 else None
        return self._register(known) if known is not None else None

    def named(self, label: str) -> Resolution | None:
        """Who a name given outside the body is ("Speech by Foreign Minister Heiko Maas"): the actor
        the words name, read without their leading title words one at a time; None when none does."""
        words = label.split()
        for i in range(len(words)):
            actor = self._actor_named(" ".join(words[i:]))
            if actor is not None:
                return self._result(actor, f"named '{label}'")
        return None

    def _what(self, m: Mention) -> str:
        return {"person": "person", "group": "group", "media": "media actor", "government": "government",
                "state": "state", "organisation": "organisation"}.get(m.actor.kind, m.actor.kind)

    def _relative(self, tok: Token) -> Resolution | None:
        head = tok.head.head if tok.head.dep_ in {"relcl", "acl"} else None
        if head is not None and head.i in self.mentions:
            m = self.mentions[head.i]
            return self._result(m.actor, f"relative pronoun '{tok.text}' -> '{m.actor.name}'")
        return None

    # -- definite descriptions -------------------------------------------------------------

    def _unrecognised(self, tok: Token) -> bool:
        """'the rebel defence ministry', 'authorities in the breakaway region': a de facto state's body."""
        words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in self.tokens.children(tok.i)}
        return bool(words & nouns()["unrecognised"])

    def _place_country(self, tok: Token) -> str | None:
        """Country of an 'in <place>' phrase: "the Defense Ministry in Yerevan", "authorities in Karabakh"."""
        for prep in self.tokens.children(tok.i):
            if prep.dep_ == "prep" and prep.lower_ in {"in", "of", "at"}:
                for pobj in self.tokens.children(prep.i):
                    if pobj.dep_ == "pobj":
                        country = self.reader.country_of_token(pobj) or self.reader.modifier_country(pobj)
                        if country:
                            return country
        return None

    def _modifier_country(self, tok: Token) -> str | None:
        for c in self.tokens.children(tok.i):
            if c.dep_ in {"amod", "compound", "poss", "nmod"}:
                country = self.reader.country_of_token(c)
                if country:
                    return country
            if c.dep_ == "prep" and c.lower_ == "of":
                for pobj in self.tokens.children(c.i):
                    country = self.reader.country_of_token(pobj)
                    if country:
                        return country
        return None

    def _description(self, tok: Token) -> Resolution | None:
        """'the paper', 'the clerics', 'the government', 'the Supreme Leader' -> an actor.

        Tried in order: the whole phrase in the knowledge base, an institution, then (for a head
        word some rule reads, `_head_word_describes`) the rules that only add a reading and
        go on when they find none, and last the one rule the head word picks, whose answer stands."""
        d = self._phrase(tok)
        known = self._known_phrase(d)
        if known is not None:
            return known
        taken_up = self._body_taken_up(d) or self._role_word_taken_up(d)
        if taken_up is not None:
            return taken_up
        inst = self._described_institution(d)
        if inst is not None:
            return self._institution_actor(d, inst)  # None: whose body it is, the text does not say
        # roles: the Supreme Leader, the president, the foreign minister (read on below)
        words = self.tokens.word
        d.title = self.kb.longest_title([words[i] for i in d.words if not self.kb.country(words[i])])
        if not d.title and not self._head_word_describes(tok, d.lower, d.lemma):
            return None  # most nouns ("year", "fighting"): no rule below reads them
        # as written, from the first word after the article to the head: "Nagorno-Karabakh officials", and a
        # possessive inside kept with its spacing ("Armenia's health ministry", never "Armeniahealth ministry")
        d.phrase = self.tokens.span_text(d.first, tok.i + 1)
        d.children = self.tokens.children(tok.i)
        d.explicit = self._modifier_country(tok)
        owner = self._office_owner(tok)
        if owner is not None:  # "Mr Aliyev's office", "the Kremlin press service": whose office speaks
            return owner
        for reading in (self._topic_ministry, self._ministry_taken_up, self._unnamed_spokesperson, self._named_body):
            found = reading(d)
            if found is not None:
                return found
        return self._by_head_word(d)

    def _role_word_taken_up(self, d: _Described) -> Resolution | None:
        """"The Observatory director", "the analyst": a definite description headed by a role word no
        title of the knowledge base holds takes up the person last named with that word in the
        mention ("Observatory director Karim Nasser"), its name words too, a few sentences back."""
        tok = d.tok
        if (tok.tag_ in {"NNS", "NNPS"} or tok.lower_ not in nouns()["apposition_roles"] or self.kb.title(tok.text)
                or not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in tok.children)):
            return None
        words = self.tokens.word
        wanted = {tok.lower_} | {words[c.i].lower() for c in tok.children if c.dep_ == "compound"}  # "the hospital director" is another

        def named_so(m: Mention) -> bool:
            return wanted <= {words[i].lower() for i in range(m.start, m.end)}

        m = self._last(tok.i, lambda a: a.kind == "person", within=LOOKBACK_SENTENCES, where=named_so)
        if m is None:
            return None
        return self._result(m.actor, f"definite description '{d.text}' -> the person last named as {tok.lower_}: '{m.actor.name}'")

    def _body_taken_up(self, d: _Described) -> Resolution | None:
        """"The observatory", "the Britain-based monitor", "the agency": a definite description of a
        body takes up the body named shortly before whose name holds its head word (or, for a
        monitor or a watchdog, a word that names one: `nouns.yaml` `taken_up_as`)."""
        tok = d.tok
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in tok.children) or tok.tag_ in {"NNS", "NNPS"}:
            return None
        if any(c.dep_ == "compound" and is_name_token(c) for c in tok.children):
            return None  # "the Keyhan newspaper": a body named here
        synonyms = taken_up_as()
        if d.lemma not in organisation_heads() and d.lemma not in nouns()["media"] and d.lemma not in synonyms:
            return None
        heads = {d.lemma, *synonyms.get(d.lemma, ())}
        here = self.sent_of[tok.i]
        named = [(h, m.actor) for h, m in self.mentions.items() if h < tok.i]
        named += [(at, res.actor) for at, res in self.speakers if at < tok.i and res.actor is not None]
        fits = [actor for at, actor in sorted(named, key=lambda x: -x[0])  # the speakers too: a name the mentions read short
                if here - self.sent_of[at] <= 2 * LOOKBACK_SENTENCES
                # the kind as the recogniser read the name: "Syrian Observatory ..." is sometimes a person's
                and actor.kind in {"organisation", "media", "person"} and heads & set(re.findall(r"[a-z]+", actor.name.lower()))]
        if not fits:
            return None
        # the most recent, in its fullest form ("Syrian Observatory" -> "Syrian Observatory for Human Rights")
        actor = max((a for a in fits if fits[0].name in a.name), key=lambda a: len(a.name))
        actor = self.actors.get(actor.name) or self._register(actor)
        return self._result(actor, f"definite description '{d.text}' -> '{actor.name}', the {d.lemma} named before")

    def _phrase(self, tok: Token) -> _Described:
        """The noun phrase headed by `tok`: its words, text and the ends of its 'of' phrases."""
        tokens = self.tokens
        phrase_start = tokens.left_chain(tok.i)
        words = [i for i in range(phrase_start, tok.i + 1) if tokens.dep[i] not in {"det", "case"}]  # positions
        # the whole phrase with its 'of' phrases: "the Ministry of Defence of Armenia", "Minsk group"
        return _Described(tok=tok, lower=tokens.lower[tok.i], lemma=tok.lemma_.lower(), words=words,
                          first=words[0] if words else tok.i, ends=tokens.of_phrase_ends(tok.i),
                          text=tokens.span_text(phrase_start, tok.i + 1))

    def _known_phrase(self, d: _Described) -> Resolution | None:
        """The phrase, with its 'of' phrases or without, in the knowledge base."""
        for end in d.ends:
            full = self.tokens.span_text(d.first, end)
            known = self.kb.lookup(full)
            if known is not None and known.kind == "state":
                return self._result(known, f"state '{full}' as speaker -> {government_name(known.country or known.name)}")
            if known is not None and not (known.kind == "government" and self.kb.is_capital(full)):
                actor = self._register(known)
                return self._result(actor, f"definite description '{d.text}' -> {actor.name} (knowledge base)")
        return None

    def _described_institution(self, d: _Described) -> Any:
        """An institution without a country the phrase names: "the Ministry of Defense in Yerevan", "the defence ministry"."""
        tokens, tok = self.tokens, d.tok
        if self.kb.title(tokens.word[tok.i]) or d.lower in nouns()["communication"]:
            return None
        for end in d.ends:
            inst_words = [tokens.word[i] for i in range(d.first, end) if not (i < tok.i and self.kb.country(tokens.word[i]))]
            with_head = len(inst_words) - (end - 1 - tok.i)  # the body must include the head word: start by it
            inst = None
            for n in range(with_head):
                inst = self.kb.institution(" ".join(inst_words[n:]))
                if inst is not None:
                    break
            if inst is not None and not self.kb.title(" ".join(inst_words)):
                return inst
        return None

    def _institution_actor(self, d: _Described, inst: Any) -> Resolution | None:
        """The institution of the country the text names or is about; None when the text must say whose."""
        tok = d.tok
        country = self._modifier_country(tok) or self._place_country(tok)
        how = "named country" if country else "country in focus"
        if not country and self._there_country(tok):
            country, how = self._there_country(tok), "the place last named ('there')"
        if not country and self._unrecognised(tok):
            country = self.focus.unrecognised_at(tok.i)
            how = "the unrecognised entity in focus"
        elif not country and (inst.camp == "Military" or d.lemma in nouns()["named_country_only"]):
            return None  # "forces loyal to ...", "shuttle diplomacy": whose, the text must say
        country = country or self.country_in_focus(tok.i)
        if not country:
            return None
        actor = self._register(self.kb.institution_for(inst, country))
        return self._result(actor, f"definite description '{d.text}' -> {actor.name} ({how})")

    def _topic_ministry(self, d: _Described) -> Resolution | None:
        """"Armenia's health ministry": a ministry of its topic, not the last ministry seen."""
        tok = d.tok
        topic = [t for t in self.tokens.tok[d.first : tok.i] if t.pos_ in {"NOUN", "ADJ", "PROPN"}
                 and t.dep_ in {"compound", "amod"} and not self.kb.country(t.text)]
        # a lower-case "ministry" is a common noun whatever the tagger says ("Armenia's health ministry" as NNP)
        if not (d.lemma == "ministry" and topic and (tok.tag_ == "NN" or (tok.tag_ == "NNP" and tok.text.islower()))):
            return None
        country = d.explicit or self._place_country(tok) or self.country_in_focus(tok.i)
        if not country:
            return None
        subject = " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in topic)
        actor = self._register(Actor(name=f"Ministry of {subject} of {country}", kind="organisation",
                                     country=country, affiliation=[country, "Government"], origin="text"))
        return self._result(actor, f"definite description '{d.text}' -> {actor.name}")

    def _ministry_taken_up(self, d: _Described) -> Resolution | None:
        """"the ministry", "the department": the ministry last named (of the country named), else that country's."""
        if d.lemma not in {"ministry", "department", "office"}:
            return None
        explicit = d.explicit
        m = self._last(d.tok.i, lambda a: a.name.startswith(("Ministry", "Office")) and (not explicit or a.country == explicit))
        if m is not None:
            return self._result(m.actor, f"definite description '{d.text}' -> last ministry '{m.actor.name}'")
        if explicit:
            actor = self._register(Actor(name=d.phrase, kind="organisation", country=explicit,
                                         affiliation=[explicit, "Government"], origin="text"))
            return self._result(actor, f"unspecified {d.lemma} of {explicit}")
        return None

    def _unnamed_spokesperson(self, d: _Described) -> Resolution | None:
        """An unnamed spokesperson or official for a body: "a spokeswoman for the Armenian Defense Ministry",
        "an Azerbaijani official", "an official in the separatist enclave"."""
        tok = d.tok
        title = self.kb.title(tok.text)
        if title is None or tok.tag_ in {"NNS", "NNPS"} or title.role not in {"Spokesperson", "Official", "Representative"}:
            return None
        for prep in d.children:
            if prep.dep_ == "prep" and prep.lower_ in {"for", "of", "at"}:
                for pobj in self.tokens.children(prep.i):
                    if pobj.dep_ == "pobj":
                        inner = self._resolve_root(pobj, self.doc[self.tokens.left_chain(pobj.i) : pobj.i + 1])
                        if inner is not None and inner.kind in {"government", "organisation", "media"}:
                            inner.reason = f"unnamed {tok.lower_} {prep.lower_} '{inner.name}': {inner.reason}"
                            return inner
        if title.role != "Official":
            return None
        country, how = d.explicit or self._place_country(tok), "named country"
        if self._unrecognised(tok):
            country, how = self.focus.unrecognised_at(tok.i) or country, "the unrecognised entity in focus"
        if not country:
            return None
        actor = self._register(self.kb.government(country))
        return self._result(actor, f"unnamed {tok.lower_} of {country} -> {actor.name} ({how})")

    def _named_body(self, d: _Described) -> Resolution | None:
        """A proper-name compound on an outlet or body word: "the Keyhan newspaper" (or a name the parser
        read as its adjective, as it does when a comma before the phrase was lost: "... the SANA news agency said")."""
        names = [c for c in d.children if c.dep_ in {"compound", "amod"} and is_name_token(c) and not self.kb.country(c.text)]
        if not (names and d.lower in nouns()["media"] | nouns()["organisation"]):
            return None
        first = self.tokens.left_chain(names[-1].i)
        name = self.tokens.span_text(first, names[-1].i + 1)
        known = self.kb.lookup(name) or (self.kb.lookup(name.upper()) if " " not in name else None)  # "the Sana agency"
        if known is None and d.lemma == "agency":  # an agency is known by its whole name: "the Dogan news agency"
            name = self.tokens.span_text(first, d.tok.i + 1)
            known = self.kb.lookup(name)
        actor = self._register(known or Actor(name=name, kind="media" if d.lower in nouns()["media"] else "organisation",
                                              country=d.explicit, origin="text"))
        return self._result(actor, f"named '{name}' ({d.lower})")

    def _by_head_word(self, d: _Described) -> Resolution | None:
        """The last rules, one per kind of head word; the first that the head word fits answers, None included."""
        tok, lower, lemma, explicit = d.tok, d.lower, d.lemma, d.explicit
        plural = tok.tag_ in {"NNS", "NNPS"}
        if lower in nouns()["communication"] or lemma in nouns()["communication"]:
            return self._message_source(d)
        if lemma in nouns()["state_side"] and explicit and not plural:  # "the Armenian side": its government
            actor = self._register(self.kb.government(explicit))
            return self._result(actor, f"definite description '{d.text}' -> {actor.name} (named country)")
        if plural and self.kb.country_of_adjective(tok.text) and not self.kb.title(tok.text):
            country = self.kb.country_of_adjective(tok.text)  # a people named by its demonym: "Armenians", "the Azeris"
            actor = self._register(Actor(name=tok.text, kind="group", country=country, affiliation=[country],
                                         origin="text"))
            return self._result(actor, f"people '{tok.text}' of {country}")
        if lower in nouns()["media"] or lemma in nouns()["media"]:
            return self._media_description(d)
        if lower in nouns()["group"] and (plural or tok.pos_ == "PROPN"):  # "MPs" tagged NNP
            return self._group_description(d)
        return self._role_description(d)

    def _message_source(self, d: _Described) -> Resolution | None:
        """Who said or published it: "a Reuters video", "Aliyev's statement", "a statement from the ministry"."""
        for c in d.children:
            if c.dep_ in {"poss", "compound"} and c.i in self.mentions:
                m = self.mentions[c.i]
                return self._result(m.actor, f"source of the {d.lower}: {m.how}")
            if c.dep_ in {"poss", "compound"} and is_name_token(c):
                return self._name(self.doc[self.tokens.left_chain(c.i) : c.i + 1], c)
        for c in d.children:
            if c.dep_ in {"prep", "agent"} and c.lower_ in {"from", "by", "of"}:
                for pobj in self.tokens.children(c.i):
                    if pobj.dep_ == "pobj":
                        inner = self._resolve_root(self._partitive(pobj), self.doc[self.tokens.left_chain(pobj.i) : pobj.i + 1])
                        if inner is not None:
                            inner.reason = f"source of the {d.lower} ({c.lower_}): {inner.reason}"
                            return inner
        return None

    def _media_description(self, d: _Described) -> Resolution | None:
        """"the paper", "the agency": the outlet last seen speaking or named; "the Armenian media": a country's press."""
        tok, text, explicit, children = d.tok, d.text, d.explicit, d.children
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "some", "any", "no"} for c in children)
        m = self._last(tok.i, lambda a: a.kind == "media" and (not explicit or a.country == explicit)) if definite else None
        spoke = next((r for at, r in reversed(self.speakers) if at < tok.i and r.kind == "media" and r.actor is not None
                      and self.sent_of[tok.i] - self.sent_of[at] <= LOOKBACK_SENTENCES), None) if definite else None
        if spoke is not None and (m is None or m.head < max(at for at, r in self.speakers if r is spoke)):
            return self._result(spoke.actor, f"definite description '{text}' -> last media actor '{spoke.name}'")
        if m is not None:
            return self._result(m.actor, f"definite description '{text}' -> last media actor '{m.actor.name}'")
        one = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in children) or tok.dep_ == "appos"
        if explicit and not one:  # "the Armenian media", "Iranian newspapers": a country's press as one speaker
            actor = self._register(Actor(name=d.phrase, kind="media", country=explicit,
                                         affiliation=[explicit, "Media"], origin="text"))
            return self._result(actor, f"media '{d.phrase}' of {explicit}")
        return None

    def _group_description(self, d: _Described) -> Resolution | None:
        """"the clerics", "the representatives": the group last seen with that head, else a group of the country named."""
        tok, text, lemma, explicit, children = d.tok, d.text, d.lemma, d.explicit, d.children
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in children)
        bare = all(c.dep_ in {"det", "punct"} for c in children if c.i < tok.i)
        if definite and bare:  # "the clerics", not "experts", "three Syria-based activists"
            same = self._last(tok.i, lambda a: a.kind == "group", head_noun=lemma)
            if same is not None:
                return self._result(same.actor, f"definite description '{text}' -> last group actor with head '{group_class(lemma)}' '{same.actor.name}'")
            if self.kb.title(tok.text):  # a role noun ("the clerics") can take up a group named by another role
                m = self._last(tok.i, lambda a: a.kind == "group" and bool(a.roles or a.relations),
                               within=LOOKBACK_SENTENCES)
                if m is not None:
                    return self._result(m.actor, f"definite description '{text}' -> last group actor '{m.actor.name}'")
        title = self.kb.title(tok.text)
        if explicit:
            actor = self._register(Actor(name=d.phrase, kind="group", country=explicit, origin="text",
                                         roles=[{"role": title.role, "of": explicit}] if title else [],
                                         evidence=[self.reader.evidence(tok, f"group '{d.phrase}'")]))
            actor.affiliation = derive_affiliation(actor, self.kb, self._find)
            return self._result(actor, f"group '{d.phrase}' (country {explicit})")
        if group_class(lemma) in nouns()["country_groups"] and title is not None and (
            self._counted(tok) or (definite and bare)
        ):
            return self._country_group(tok, title, text)
        return None

    def _role_description(self, d: _Described) -> Resolution | None:
        """"the Supreme Leader", "the president", "the foreign minister": the actor last (or next) seen in
        that role, else the role's holder in the knowledge base."""
        tok, text, explicit, found = d.tok, d.text, d.explicit, d.title
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an", "another", "some", "any"} for c in d.children)
        owned = self.tokens.of_object(tok.i)
        if owned is not None and not explicit and owned.pos_ != "PROPN" and not self.kb.lookup(owned.text):
            found = None  # "the president of the parliamentary group": a title of something that is no state
        if not found or tok.tag_ in {"NNS", "NNPS"} or indefinite:
            return None
        _, title = found
        roles = LEADER_ROLES if title.role == "Leader" else {title.role}  # "Armenia's leader": its head
        def holds(role: str) -> bool:  # "the minister" takes up the defence minister named before
            return role in roles or (title.role == "Minister" and role.endswith(" Minister"))

        m = self._last(tok.i, lambda a: a.kind != "group" and any(  # "the minister" is one, not a group of them
            holds(r.get("role") or "") and (not explicit or r.get("of") == explicit) for r in a.roles))
        if m is not None:
            return self._result(m.actor, f"definite description '{text}' -> the actor last seen as {title.role}: '{m.actor.name}'")
        later = self._next(tok.i, lambda a: a.kind == "person" and any(
            r.get("role") == title.role and (not explicit or r.get("of") in (None, explicit)) for r in a.roles))
        if later is not None:
            return self._result(later.actor, f"title '{text}' -> the actor named as {title.role} later in the article: '{later.actor.name}'")
        country = explicit or self.country_in_focus(tok.i)
        holder = self.kb.holder(title.role, country, self._when()) if country and title.single else None
        if holder is not None:
            actor = self._register(holder)
            return self._result(actor, f"definite description '{text}' -> {title.role} of {country} in the knowledge base: '{actor.name}'")
        return None

    def _head_word_describes(self, tok: Token, lower: str, lemma: str) -> bool:
        """Whether a rule of `_description` after the knowledge-base phrase, the institution and the
        title can read this head word: an office, a ministry, a title, a message, a side, a people, an
        outlet, a body or a group word. Each of those rules (`_office_owner` to `_by_head_word`) starts
        from one of these; a new rule adds its own."""
        words = nouns()
        return bool(
            lemma in words["office_heads"] or lemma in {"ministry", "department", "office"}
            or lower in words["media"] or lemma in words["media"] or lower in words["organisation"]
            or lower in words["communication"] or lemma in words["communication"]
            or lemma in words["state_side"] or lower in words["group"]
            or self.kb.title(self.tokens.word[tok.i]) is not None
            or (tok.tag_ in {"NNS", "NNPS"} and self.kb.country_of_adjective(self.tokens.word[tok.i]))
        )

    def _there_country(self, tok: Token) -> str | None:
        """'the government there', 'officials there': the country of the place named last before the sentence."""
        if not any(c.lower_ == "there" and c.dep_ == "advmod" for c in self.tokens.children(tok.i)):
            return None
        start = tok.sent.start
        for i, c, _ in reversed(self.focus.marks):
            if i < start and self.tokens.pos[i] == "PROPN":
                return c
        return None

    def _office_owner(self, tok: Token) -> Resolution | None:
        """'Mr Aliyev's office', 'the French leader's office', 'the Kremlin press service': the owner speaks."""
        if tok.lemma_.lower() not in nouns()["office_heads"]:
            return None
        owners = [c for c in self.tokens.children(tok.i) if c.dep_ == "compound" and c.lower_ not in nouns()["office_words"]]
        owners += [c for c in self.tokens.children(tok.i) if c.dep_ == "poss" and c.pos_ != "PRON"]  # "Russia's Sputnik news service"
        for owner in owners:
            res = self._resolve_root(owner, self.doc[self.tokens.left_chain(owner.i) : owner.i + 1])
            if res is not None:
                res.reason = f"office of '{res.name}': {res.reason}"
                return res
        return None

    def _counted(self, tok: Token) -> bool:
        """'a group of lawmakers', 'dozens of MPs', 'several deputies', '40 legislators': a number of people."""
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
            tok.head.head.lower_ in PARTITIVES or tok.head.head.pos_ == "NUM"
        ):
            return True
        return any(c.i < tok.i and (c.dep_ == "nummod" or c.lower_ in PARTITIVES) for c in self.tokens.children(tok.i))

    def _country_group(self, tok: Token, title, text: str) -> Resolution | None:
        """A role group with no country given ("a group of lawmakers"): that group of the country in focus,
        under one canonical name ("Iranian lawmakers"), so its synonyms ("the deputies") find it again."""
        country = self._place_country(tok) or self.focus.evidenced(self.country_in_focus(tok.i), tok.i)
        if not country:
            return None  # whose lawmakers, the text near them does not say
        head = group_class(tok.lemma_)
        info = self.kb.countries.get(country)
        name = f"{info.adjectives[0]} {head}" if info is not None and info.adjectives else f"{head} of {country}"
        fact = f"group '{text}' -> {name} (country in focus)"
        actor = self._register(Actor(name=name, kind="group", country=country, origin="text",
                                     roles=[{"role": title.role, "of": country}],
                                     evidence=[self.reader.evidence(tok, fact)]))
        actor.affiliation = derive_affiliation(actor, self.kb, self._find)
        return self._result(actor, fact)

    def _next(self, at: int, ok) -> Mention | None:
        for h in sorted(self.mentions):
            if h > at and self.mentions[h].is_name and ok(self.mentions[h].actor):
                return self.mentions[h]
        return None

    def _last(self, at: int, ok, head_noun: str | None = None, within: int | None = None,
              where: Callable[[Mention], bool] | None = None) -> Mention | None:
        here = self.sent_of[at]
        for h in sorted(self.mentions, reverse=True):
            if h >= at:
                continue
            m = self.mentions[h]
            if within is not None and here - m.sent > within:
                return None
            if not ok(m.actor) or (where is not None and not where(m)):
                continue
            if head_noun and group_class(m.head_noun) != group_class(head_noun):
                continue
            return m
        return None

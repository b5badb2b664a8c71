"""Articles in, attributed statements out: parse, find attributions, resolve speakers, date them.

`extract_article` works on one Article and a spaCy pipeline; `extract_many` batches with
nlp.pipe; `extract_articles` runs over a Store and writes the statements back.
Speakers go through the actor resolver (stancemap.actors.resolve) when it is available;
otherwise the mention text itself is the speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Callable, Iterable

import numpy as np
from spacy.attrs import DEP, POS
from spacy.language import Language
from spacy.symbols import ADJ, PROPN
from spacy.tokens import Doc, Span

from ..actors.kb import load_kb
from ..actors.merge import merge_into_store
from ..actors.resolve import ActorResolver
from ..nlp.model import fewer_collections, is_built, load
from ..nlp.quotes import inner
from ..nlp.segmentation import COMPONENT
from ..nlp.text import doc_text, span_text
from ..nlp.token_table import token_table
from ..records import PAGE_VOICE, Article, ConflictHints, DateSaid, Statement
from . import date_mentions as D
from .agents import names_the_pair
from .attribution import Attribution, AttributionFinder
from .date_scope import dates_the_saying
from .learned_attribution import make_finder
from .voice import FIRST_PERSON, find_voice, voiced_sentences

PRONOUNS = {"he", "she", "they", "it", "we", "him", "her", "them", "his", "their"}
BACKWARD_MARKERS = {"however", "later", "then", "but", "subsequently", "eventually", "afterwards", "afterward", "since"}
INITIAL_MARKERS = re.compile(r"\b(initially|at first|originally|first)\b", re.I)
ANAPHORIC_TIME = re.compile(
    r"^\W*(during|at|in|after)\s+(the|that|this)\s+(visit|meeting|talks|interview|call|conversation|conference|"
    r"session|event|trip|summit|speech|address|hearing|briefing|rally|time)\b(?!\s+(?:of|when)\b)"
    r"|^\W*(then|that day|the same day|at the time)\b(?!\s+(?:of|when)\b)",  # 'at the time of X' names its own event
    re.I,
)
MAX_CARRY_GAP = 3  # sentences a date is carried over before it goes stale
DISABLE = ()  # every component of the default pipeline is used: tagger/lemmas, parser, entities


# --- speakers ------------------------------------------------------------------------------


@dataclass
class Speaker:
    name: str
    reason: str
    kind: str | None = None


class MentionResolver:
    """Fallback resolver: the mention text is the speaker."""

    def __init__(self, *_: Any, **__: Any):
        pass

    def resolve(self, span: Span) -> None:
        return None

    def learned_actors(self) -> list:
        return []


def default_resolver_factory() -> Callable[[Doc, Article], Any]:
    """The actor resolver over the bundled knowledge base."""
    kb = load_kb()
    return lambda doc, article: ActorResolver(kb, doc, article)


def speaker_of(resolver: Any, mention: Span, speaks_at: int | None = None) -> Speaker | None:
    """One place where a mention becomes a speaker: the resolver's actor, or the words; None for a
    pronoun or common noun phrase ("he", "the losers", "one woman") the resolver could not tie to an
    actor, which names no one to keep as a speaker. `speaks_at`: the token where the speaker speaks
    when the mention stands earlier in the text (the issuer of "the statement said", named
    sentences before), so that a pronoun after it counts its distance from there."""
    res = None
    try:
        res = resolver.resolve(mention)
    except Exception:  # a resolver bug must not lose the statement
        res = None
    note = getattr(resolver, "speaks_again", None)
    if res is not None and speaks_at is not None and note is not None:
        note(speaks_at, res)
    if res is not None and getattr(res, "name", None):
        return Speaker(res.name, getattr(res, "reason", "") or "resolved", getattr(res, "kind", None))
    names_no_one = getattr(resolver, "names_no_one", None)
    if names_no_one is not None and names_no_one(mention):
        return None
    named_inside = getattr(resolver, "named_inside", None)
    person = named_inside(mention) if named_inside is not None else None
    return Speaker((person or mention).text, "mention")


# --- dates -------------------------------------------------------------------------------


@dataclass
class _DateContext:
    published: date | None
    mentions: list[D.DateMention]
    start: date | None
    paragraphs: list[tuple[int, int]]
    dateline: date | None = None  # the day the body's own dateline gives, when it is the publication day


def dateline_day(article: Article, published: date | None) -> date | None:
    """The publication day when the body's own dateline says it (the dateline is text; a date
    from metadata only is not): the day a news report's undated statements were made."""
    if published is None or not article.dateline:
        return None
    m = re.fullmatch(r"(\d{4}|-)-(\d\d)-(\d\d)(?:T.*)?", article.dateline)
    if m is None or (int(m[2]), int(m[3])) != (published.month, published.day):
        return None
    return published if m[1] in ("-", str(published.year)) else None


# Said before the news day: "had said", "earlier", "in the past", "repeatedly"
_EARLIER_ADVERBS = {"earlier", "previously", "repeatedly", "before", "once", "already", "long", "often", "frequently"}


def _of_the_news_day(att: Attribution) -> bool:
    """A statement a news report gives with no time of its own is the news of its day (as the
    present perfect, 'has denied', is news as of that day), unless its verb puts it earlier:
    a past perfect ('had said'), 'earlier', 'previously', 'repeatedly', 'in the past'."""
    verb = att.cue_tokens[0]
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_ == "have" and child.tag_ == "VBD":
            return False
        if child.dep_ == "advmod" and child.lower_ in _EARLIER_ADVERBS:
            return False
        if child.dep_ == "prep" and any(g.lower_ == "past" for g in child.children):
            return False
    return True


def _paragraphs(text: str) -> list[tuple[int, int]]:
    sep = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", text) else re.compile(r"\n")
    out, pos = [], 0
    for m in sep.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _para_index(paragraphs: list[tuple[int, int]], offset: int) -> int:
    for i, (s, e) in enumerate(paragraphs):
        if offset <= e:
            return i
    return len(paragraphs) - 1


def _explicit(att: Attribution, ctx: _DateContext) -> D.DateMention | None:
    """A date in the sentence that is not part of what was said (the content) and dates the
    saying itself, not another event the sentence mentions ('a war that ended in 1994')."""
    s0, s1 = att.sent.start_char, att.sent.end_char
    cands = [m for m in ctx.mentions if s0 <= m.start < s1]
    outside = [m for m in cands if not any(a <= m.start < b for a, b in att.content)]
    outside = [m for m in outside if dates_the_saying([t for t in att.sent if t.idx < m.end and t.idx + len(t) > m.start], att.cue_tokens)]
    if not outside:
        return None
    cue = att.cue_tokens[0].idx
    if ctx.published:
        outside = [m for m in outside if m.first_day <= ctx.published] or outside
    return min(outside, key=lambda m: abs(m.start - cue))


def _same_speaker(name: str, names: set[str]) -> bool:
    """Same actor, allowing a bare surname for a full name ("Velayati", "Ali Akbar Velayati")."""
    name = name.lower()
    if name in names:
        return True
    last = name.split()[-1] if name.split() else ""
    return any(n.split() and n.split()[-1] == last and (name in n or n in name) for n in names)


def _is_anaphoric(mention: str) -> bool:
    """A pronoun speaker continues the story of the sentence before; a new noun phrase may not."""
    words = mention.lower().split()
    return len(words) == 1 and words[0] in PRONOUNS


def _present_tense(att: Attribution) -> bool:
    verb = att.cue_tokens[0]
    if verb.tag_ in {"VBZ", "VBP"} and not any(c.dep_ == "aux" for c in verb.children):
        return True
    head = verb.head if verb.dep_ == "xcomp" else None
    return bool(head is not None and head.tag_ in {"VBZ", "VBP"} and head.lemma_ in {"continue", "keep"})


def _refers_back_in_time(att: Attribution) -> bool:
    """The sentence opens by pointing back to the occasion just told ('During the visit, ...');
    words inside what was said point back in the speaker's story, not the article's."""
    m = ANAPHORIC_TIME.search(span_text(att.sent))
    if m is None:
        return False
    at = att.sent.start_char + m.end() - 1  # the last letter of the phrase
    return not any(a <= at < b for a, b in att.content)


def _sentence_ordinals(doc: Doc) -> dict[int, int]:
    """Sentence number by the sentence's first character, from the token table (no Span per sentence)."""
    table = token_table(doc)
    return {table.idx[first]: n for n, first in enumerate(table.sent_firsts)}


def assign_dates(items: list[tuple[Attribution, Statement]], ctx: _DateContext, text: str) -> None:
    """Fix each statement's date: explicit > carried > narrowed range > present > range. An
    unattributed statement ("officials said on Monday") is dated like the others but leaves the
    context alone: a named speaker's date carries past it to that speaker's next statement."""
    pub = ctx.published
    last_by_para: dict[int, tuple[D.DateMention, set[str], int]] = {}  # para -> (date, speakers, sent start)
    last_dated: dict[int, int] = {}  # para -> ordinal of the last sentence that got that date
    ordinal: dict[int, int] = {}
    if items:
        ordinal = _sentence_ordinals(items[0][0].sent.doc)
    entries = _timeline_entries(ctx, text, ordinal)  # (heading, its sentence, its paragraph)
    for att, st in items:
        para = _para_index(ctx.paragraphs, att.sent.start_char)
        here = ordinal.get(att.sent.start_char, 0)
        exp = _explicit(att, ctx)
        entry = _timeline_entry(entries, att.cue_tokens[0].idx, here, para)
        if entry is not None and (exp is None or exp.start < entry.start):
            st.date = DateSaid(entry.value, entry.precision, "the date heading its entry of a timeline")
            continue
        if exp is not None:
            st.date = DateSaid(exp.value, exp.precision, "relative date in the sentence" if exp.relative else "date in the sentence")
            if st.unattributed:
                continue
            prev = last_by_para.get(para)
            speakers = prev[1] if prev and prev[2] == att.sent.start_char else set()
            last_by_para[para] = (exp, speakers | {st.speaker.lower()}, att.sent.start_char)
            last_dated[para] = here
            continue
        prev = last_by_para.get(para)
        refers_back = _refers_back_in_time(att)
        if prev is not None and here - last_dated.get(para, here) <= MAX_CARRY_GAP:
            mention, same_sent = prev[0], prev[2] == att.sent.start_char
            # 'says' is the reporter's present, not the day of an earlier statement
            carries = same_sent or not _present_tense(att)
            if carries and (same_sent or _same_speaker(st.speaker, prev[1]) or _is_anaphoric(st.speaker_mention) or refers_back):
                why = "same sentence" if same_sent else (
                    "same speaker as the dated statement before" if _same_speaker(st.speaker, prev[1]) else
                    "carried from the event just mentioned" if refers_back else
                    "anaphoric speaker: carried from the dated statement before")
                st.date = DateSaid(mention.value, mention.precision, why)
                if not st.unattributed:
                    last_by_para[para] = (mention, prev[1] | {st.speaker.lower()}, prev[2])
                    last_dated[para] = here
                continue
        if pub is None:
            st.date = DateSaid(None, "unknown", "no date in the text and no publication date")
            continue
        start = ctx.start
        reason = "between the start of the story and publication"
        if prev is not None and prev[0].precision == "day" and (start is None or prev[0].first_day >= start) and prev[0].first_day <= pub:
            start = prev[0].first_day
            reason = "after the dated event before it in the paragraph, before publication"
        end = pub
        later = _later_date(att, ctx, para, text)
        if later is not None and (start is None or later > start):
            end = later - timedelta(days=1)
            reason = "before the later dated event in the paragraph"
        elif _present_tense(att):
            st.date = DateSaid(pub.isoformat(), "day", "present tense: as of publication")
            continue
        if later is None and ctx.dateline == pub and _of_the_news_day(att):
            st.date = DateSaid(pub.isoformat(), "day", "no time of its own in a report under a dateline: the dateline's day")
            continue
        if start == end:  # a range of one day is that day
            st.date = DateSaid(end.isoformat(), "day", reason)
            continue
        st.date = DateSaid(f"{start.isoformat() if start else '..'}/{end.isoformat()}", "range", reason)


_ENTRY_DASH = re.compile(r"\s*[-–—:]\s")
_ENTRY_YEAR = re.compile(r"((?:1[89]|20)\d\d)\s*[-–—:]\s")
MAX_ENTRY_SENTENCES = 4  # sentences after its heading a timeline entry may run to


def _opens_a_sentence(text: str, at: int, starts: set[int]) -> bool:
    """Whether offset `at` opens a sentence: the parser's, or one glued to the sentence before ("...).2007 - ")."""
    before = text[max(0, at - 3) : at].rstrip()
    return at in starts or not before or before[-1] in ".!?\n"


def _timeline_entries(ctx: _DateContext, text: str, ordinal: dict[int, int]) -> list[tuple[D.DateMention, int, int]]:
    """Dates that open a sentence and head a dash, as a timeline's entries do ("February 1988 - The
    Armenian SSR supports ...", "2007 - Azerbaijan is arming itself"), in text order, each with the
    number of the sentence and of the paragraph it stands in."""
    starts = sorted(ordinal)
    opening = set(starts)
    headings = [m for m in ctx.mentions if _ENTRY_DASH.match(text, m.end) and _opens_a_sentence(text, m.start, opening)]
    taken = {m.start for m in headings}
    for year in _ENTRY_YEAR.finditer(text):  # a bare year, which is no date mention in running text
        if year.start() not in taken and _opens_a_sentence(text, year.start(), opening):
            headings.append(D.DateMention(year.start(), year.start() + 4, year.group(1), "year"))
    return [(m, ordinal[starts[max(0, bisect_right(starts, m.start) - 1)]] if starts else 0,
             _para_index(ctx.paragraphs, m.start)) for m in sorted(headings, key=lambda m: m.start)]


def _timeline_entry(entries: list[tuple[D.DateMention, int, int]], at: int, here: int, para: int) -> D.DateMention | None:
    """The timeline entry the words at offset `at` (in sentence `here`, paragraph `para`) belong to: the
    last heading before them, in their paragraph, at most a few sentences back (an entry ends at the
    next heading)."""
    found = None
    for entry in entries:
        if entry[0].start > at:
            break
        found = entry
    if found is None:
        return None
    heading, sentence, heading_para = found
    return heading if heading_para == para and here - sentence <= MAX_ENTRY_SENTENCES else None


def _later_date(att: Attribution, ctx: _DateContext, para: int, text: str) -> date | None:
    """The next explicit day in the paragraph when the narrative marks it as later."""
    ps, pe = ctx.paragraphs[para]
    initially = bool(INITIAL_MARKERS.search(span_text(att.sent)))
    for m in ctx.mentions:
        if m.start < att.sent.end_char or m.start >= pe or m.precision != "day":
            continue
        if ctx.published and m.first_day > ctx.published:
            continue
        # the sentence holding the later date
        sent_start = max(text.rfind(". ", 0, m.start) + 2, ps)
        lead = text[sent_start : m.start].strip().lower()
        first_word = re.match(r"\w+", lead)
        if initially or (first_word and first_word.group() in BACKWARD_MARKERS):
            return m.first_day
        return None
    return None


# --- statements ----------------------------------------------------------------------------


def _statement(article_id: str, att: Attribution, src_index: int | None, speaker: Speaker, text: str, mention: str | None = None) -> Statement:
    src = att.sources[src_index] if src_index is not None else None  # None: agentless ("it was reported")
    sent = att.sent
    content = " … ".join(text[s:e] for s, e in att.content)
    quote_span = att.quotes[0] if att.quotes else None
    quote = None
    qs = qe = None
    if quote_span:
        qs, qe = inner(text, quote_span)
        quote = text[qs:qe]
    return Statement(
        article_id=article_id,
        speaker=speaker.name,
        speaker_mention=mention or (src.mention.text if src else ""),
        speaker_reason=f"{att.reason}; {speaker.reason}" if att.reason else speaker.reason,
        cue=att.cue_text,
        sentence=span_text(sent).strip(),
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        content=content,
        content_spans=list(att.content),
        cue_spans=att.cue_spans,
        source_spans=[src.full] if src else [],
        quote=quote,
        quote_start=qs,
        quote_end=qe,
        addressee=att.addressee.text if att.addressee is not None else None,
        speaker_kind=speaker.kind,
    )


STATE_KINDS = {"government", "state"}
AGENTLESS = "agentless: no source named"
NAMES_NO_ONE = "unattributed: the source names no one the text identifies"


class _PartyPairs:
    """'Both sides accused each other': the two states the article coordinates most often
    ("between Armenia and Azerbaijan", "Armenian and Azerbaijani forces") up to that
    sentence, the most recent on a tie."""

    def __init__(self, doc: Doc, resolver: Any, parties: tuple[str, ...] = ()):
        self.doc = doc
        self.resolver = resolver
        self.parties = parties  # the conflict under analysis's sides, when extraction knows it
        self._pairs: list[tuple[int, frozenset[str], tuple[Speaker, Speaker]]] | None = None

    @cached_property
    def _conflict_pair(self) -> tuple[Speaker, Speaker] | None:
        """The governments of the conflict's two sides when both are states ("Armenia",
        "Azerbaijan"), and the article names one of them; else None (a civil war's sides are not
        states, and "both sides of the aisle" in a story on other things is not this pair)."""
        kb = getattr(self.resolver, "kb", None)
        if kb is None or len(self.parties) != 2:
            return None
        countries = [kb.country(name) for name in self.parties]
        if not all(countries) or countries[0] == countries[1]:
            return None
        pair = tuple(Speaker(kb.government(c).name, "a side of the conflict under analysis", "government") for c in countries)
        named = self._state_counts()
        return pair if any(named.get(p.name) for p in pair) else None  # type: ignore[return-value]

    def _state(self, tok: Any) -> Speaker | None:
        kb = getattr(self.resolver, "kb", None)
        country = kb.country_of_adjective(tok.text) if kb is not None else None
        if country:  # the small model tags "Azerbaijani" as a PERSON now and then
            return Speaker(kb.government(country).name, f"adjective '{tok.text}'", "government")
        if tok.pos_ == "ADJ":
            return None
        if tok.pos_ != "PROPN":
            return None
        start = tok.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].head.i == tok.i:
            start -= 1
        speaker = speaker_of(self.resolver, self.doc[start : tok.i + 1])
        if speaker is not None and (speaker.kind in STATE_KINDS or (speaker.kind is None and tok.ent_type_ == "GPE")):
            return speaker
        return None

    def pairs(self) -> list[tuple[int, frozenset[str], tuple[Speaker, Speaker]]]:
        if self._pairs is None:
            self._pairs = []
            for i in _coordinated_names(self.doc):
                tok = self.doc[i]
                first, second = self._state(tok.head), self._state(tok)
                if first and second and first.name != second.name:
                    self._pairs.append((tok.i, frozenset((first.name, second.name)), (first, second)))
        return self._pairs

    def _states_near(self, sent: Span, before: int = 2) -> set[str]:
        """The states named in a sentence and the `before` sentences before it."""
        start = sent.start
        for _ in range(before):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        kb = getattr(self.resolver, "kb", None)
        found = set()
        for tok in self.doc[start : sent.end] if kb is not None else ():
            if tok.pos_ in {"PROPN", "ADJ"} and tok.text[:1].isupper():
                country = kb.country(tok.text)  # "Azerbaijani forces", "Baku", "Armenia"
                if country:
                    found.add(kb.government(country).name)
        return found

    def names_both(self, source: Any) -> bool:
        return names_the_pair(source.mention)

    def before(self, source: Any) -> tuple[Speaker, Speaker] | None:
        if not names_the_pair(source.mention):
            return None
        sent_end = source.mention.sent.end
        seen = [(i, names, pair) for i, names, pair in self.pairs() if i < sent_end]
        ours = self._conflict_pair
        if ours is not None:
            # in an article on the conflict under analysis, its two parties, whatever other pair
            # the article names more ("Russia and Turkey" as brokers)
            mine = frozenset(p.name for p in ours)
            return next((pair for _, names, pair in reversed(seen) if names == mine), ours)
        if not seen:
            # "Both sides deny ..." before the article names the pair: a pair it names later, one of
            # whose states the text around it names ("..., after Azerbaijani forces swept ...")
            near = self._states_near(source.mention.sent)
            seen = [(i, names, pair) for i, names, pair in reversed(self.pairs()) if names & near]
            if not seen:
                return None
        # the article's own two parties before any pair it names in passing ("Russia and the US co-chair
        # ..."): the pair whose less-named state the article names most, then the pair named most often
        # as a pair, then the most recent
        named = self._state_counts()
        counts: dict[frozenset[str], int] = {}
        for _, names, _ in seen:
            counts[names] = counts.get(names, 0) + 1
        ranked = {names: (min(named.get(n, 0) for n in names), count) for names, count in counts.items()}
        best = max(ranked.values())
        for _, names, pair in reversed(seen):
            if ranked[names] == best:
                return pair
        return None

    def _state_counts(self) -> dict[str, int]:
        """How often the article names each state (by name, adjective or capital)."""
        if getattr(self, "_counts", None) is None:
            kb = getattr(self.resolver, "kb", None)
            counts: dict[str, int] = {}
            for tok in self.doc if kb is not None else ():
                if tok.pos_ in {"PROPN", "ADJ"} and tok.text[:1].isupper():
                    country = kb.country(tok.text)
                    if country:
                        name = kb.government(country).name
                        counts[name] = counts.get(name, 0) + 1
            self._counts = counts
        return self._counts


def _coordinated_names(doc: Doc) -> list[int]:
    """Positions of names or adjectives coordinated with an earlier one ("Armenia and
    Azerbaijan", "Armenian and Azerbaijani"), read from the token table: no Token per word."""
    table = token_table(doc)
    pos, dep, heads = table.ids(POS), table.ids(DEP), table.head_array
    name = (pos == PROPN) | (pos == ADJ)
    found = (dep == doc.vocab.strings["conj"]) & (heads <= np.arange(len(pos))) & name & name[heads]
    return np.flatnonzero(found).tolist()


def _country_of(resolver: Any, mention: Span) -> str | None:
    try:
        res = resolver.resolve(mention)
    except Exception:  # a resolver bug must not lose the statement
        return None
    return getattr(res, "country", None) if res is not None else None


def _without_states_speaking_through_their_own(
    found: list[tuple[Attribution, int, Statement]], resolver: Any
) -> list[tuple[Attribution, int, Statement]]:
    """'Russia called on both sides ..., the Foreign Ministry in Moscow said': a state named in a
    clause that one of its own bodies or officials reports speaks through them, not beside them."""
    out = []
    for att, i, st in found:
        outer = att.relayed_by
        if outer is not None and st.speaker_kind in {"government", "state"} and att.sources[i].mention.root.pos_ == "PROPN":
            country = _country_of(resolver, att.sources[i].mention)
            if country and any(_country_of(resolver, src.mention) == country for src in outer.sources):
                continue
        out.append((att, i, st))
    return out


def _title_holders(mention: Span, resolver: Any, published: str | None) -> tuple[Speaker, ...] | None:
    """'The Azerbaijani and Turkish Foreign Ministers': one title held in each named country,
    so one speaker per holder the knowledge base knows (at the publication date); 'Armenian and
    Azerbaijani forces': the body of each named country the knowledge base knows."""
    kb = getattr(resolver, "kb", None)
    root = mention.root
    if kb is None or not (root.tag_ in {"NNS", "NNPS"} or root.text.endswith("s")):
        return None  # ("the Russian and Turkish defense ministers": the title in any case)
    # the title's own words, "foreign" in "the Armenian and Azerbaijani foreign ministers" too
    title_words = [t.text for t in mention if t.i < root.i and (t.dep_ == "compound" or t.dep_ == "amod"
                   and t.head.i == root.i and not kb.country_of_adjective(t.text))] + [root.text]
    title = kb.title(" ".join(title_words))
    adjectives = [t for t in mention if t.i < root.i and t.dep_ in {"amod", "conj", "compound", "nmod"} and kb.country_of_adjective(t.text)]
    countries = list(dict.fromkeys(kb.country_of_adjective(t.text) for t in adjectives))
    if len(countries) < 2:
        return None
    if title is None:
        # "Armenian and Azerbaijani forces", "Russian and Armenian authorities": that body of each country
        bodies = [kb.speaker(f"{t.text} {' '.join(title_words)}") for t in adjectives]
        if any(b is None for b in bodies) or len({b.name for b in bodies}) < len(bodies):
            return None
        return tuple(Speaker(b.name, f"'{a.text} {' '.join(title_words)}' (knowledge base)", b.kind) for a, b in zip(adjectives, bodies))
    when = (published or "")[:10] or None
    holders = [kb.holder(title.role, c, when) for c in countries]
    if any(h is None for h in holders):
        return None
    return tuple(Speaker(h.name, f"{title.role} of {c} (knowledge base)", "person") for h, c in zip(holders, countries))


FACELESS = {"report", "reports", "rumor", "rumors", "rumour", "rumours"}


def _faceless(att: Attribution, src_index: int | None) -> bool:
    """'reports say', 'according to the same reports': a channel with no one behind it."""
    if src_index is None:
        return False
    mention = att.sources[src_index].mention
    return mention.root.lower_ in FACELESS and not any(t.pos_ == "PROPN" for t in mention)


def _without_faceless_channels(items: list[tuple[Attribution, int, Statement]]) -> list[tuple[Attribution, Statement]]:
    """A faceless report relaying a named speaker in the same sentence is not a speaker itself
    ('X has called for ..., reports say': X)."""
    named = {att.sent.start for att, i, _ in items if i is not None and not _faceless(att, i)}
    return [(att, st) for att, i, st in items if not (_faceless(att, i) and att.sent.start in named)]


def statements_from_doc(
    doc: Doc,
    article: Article,
    resolver: Any = None,
    finder: AttributionFinder | None = None,
    one_per_sentence: bool = True,
    hints: ConflictHints | None = None,
) -> list[Statement]:
    """Statements of one parsed article, dated; one per (speaker, sentence) unless asked otherwise.
    `hints`, from the conflict under analysis: the year a day and month take when the article has
    no publication date (else they stay unknown unless the article spells a nearby day out in
    full), and the parties "both sides" names."""
    hints = hints or ConflictHints()
    finder = finder or AttributionFinder(units=one_per_sentence)
    resolver = resolver or MentionResolver()
    text = doc_text(doc)
    found: list[tuple[Attribution, int, Statement]] = []
    seen: set[tuple[int, str]] = set()
    parties = _PartyPairs(doc, resolver, hints.parties)
    for att in finder.find(doc):
        if not att.sources:  # agentless ("it was reported that ..."): only the learned finder makes these
            key = (att.sent.start_char, "")
            if key not in seen or not one_per_sentence:
                seen.add(key)
                found.append((att, None, _statement(article.id, att, None, Speaker("", AGENTLESS), text)))
            continue
        for i, src in enumerate(att.sources):
            pair = parties.before(src) if one_per_sentence else None
            why = "the two parties the article pairs"
            if one_per_sentence and pair is None and parties.names_both(src):
                continue  # "both sides" with no pair in the article names no actor
            if pair is None and one_per_sentence:
                pair, why = _title_holders(src.mention, resolver, article.published), "one title or body in each country"
            if pair:
                said = text[src.full[0] : src.full[1]]
                speakers = [(Speaker(p.name, f"'{said}': {why} ({' and '.join(q.name for q in pair)}); {p.reason}", p.kind), said)
                            for p in pair]
            else:
                # the issuer of "the statement said", named sentences before, speaks again here
                again = att.sent.start if src.document and not att.continuation and src.mention.start < att.sent.start else None
                speaker = None if src.anonymous else speaker_of(resolver, src.mention, again)
                if speaker is None and not one_per_sentence:  # attribution spans are scored with any speaker
                    speaker = Speaker(src.mention.text, "mention")
                if speaker is None:  # "a source said", an unresolved "he": the statement stands, with no actor
                    speaker = Speaker("", NAMES_NO_ONE)
                speakers = [(speaker, None)]
            for speaker, mention in speakers:
                key = (att.sent.start_char, speaker.name.lower())
                if one_per_sentence and key in seen:
                    continue
                seen.add(key)
                found.append((att, i, _statement(article.id, att, i, speaker, text, mention)))
    if one_per_sentence:
        found = _without_states_speaking_through_their_own(found, resolver)
    items = _without_faceless_channels(found) if one_per_sentence else [(att, st) for att, _, st in found]
    voiced: list[Statement] = []
    if one_per_sentence:
        items, voiced = _with_the_voice(doc, article, resolver, items, seen, text)
    said_on = _title_day(article.title) if voiced else None
    # an undated briefing's title day is the day its "yesterday" counts from
    published = D.parse_published(article.published) or said_on
    mentions = D.find_dates(text, published, hints.undated_year)
    ctx = _DateContext(published, mentions, D.context_start(mentions, published), _paragraphs(text),
                       dateline_day(article, published))
    assign_dates(items, ctx, text)
    if said_on is not None:
        for st in voiced:  # the speaker's words were said that day, unless a sentence dates itself
            if st.date is None or st.date.reason != "date in the sentence":
                st.date = DateSaid(said_on.isoformat(), "day", "the day the title gives these words")
    return [st for _, st in items]


def _title_day(title: str | None) -> date | None:
    """The one day a speech's or briefing's title gives ("Briefing by ..., December 16, 2020")."""
    days = [m for m in D.find_dates(title or "", None) if m.precision == "day"]
    return days[0].first_day if len(days) == 1 else None


def _voice_speaker(resolver: Any, name: str | None, mention: Span | None) -> Speaker | None:
    """The speaker a page's voice or a turn label names: its words in the body, else its name."""
    if mention is not None:
        return speaker_of(resolver, mention)
    named = getattr(resolver, "named", None)
    res = named(name) if named is not None and name else None
    if res is not None:
        return Speaker(res.name, res.reason, res.kind)
    return Speaker(name, "the page's own speaker") if name else None


def _with_the_voice(doc: Doc, article: Article, resolver: Any, items: list[tuple[Attribution, Statement]],
                    seen: set[tuple[int, str]], text: str) -> tuple[list[tuple[Attribution, Statement]], list[Statement]]:
    """A transcript's, speech's or interview's speaker on every sentence of their own words
    (statements.voice), beside the people those words report; and all the statements of those
    sentences that are the page speaker's (dated by the title's day)."""
    voice = find_voice(doc, article.title)
    if voice is None:
        return items, []
    speakers: dict[str | None, Speaker | None] = {None: _voice_speaker(resolver, voice.name, voice.mention)}
    added = []
    already = []  # the speaker's own sentences another rule found first ("Maria Zakharova: Yesterday, ..."): theirs too
    for sent, turn in voiced_sentences(doc, voice):
        who = turn.who
        if who not in speakers:
            speakers[who] = _voice_speaker(resolver, who, turn.mention)
        speaker = speakers[who]
        if speaker is None:
            continue
        if (sent.start_char, speaker.name.lower()) in seen:
            already += [st for att, st in items if att.sent.start_char == sent.start_char and st.speaker == speaker.name]
            continue
        seen.add((sent.start_char, speaker.name.lower()))
        # the main verb stands for the cue: "we call on Turkey ..." calls, "we stand alongside" endorses
        att = Attribution(sent, [sent.root], "speech", [], [(sent.start_char, sent.end_char)],
                          reason=f"{PAGE_VOICE}: {speaker.name} ({voice.reason})")
        st = _statement(article.id, att, None, Speaker(speaker.name, speaker.reason, speaker.kind), text,
                        mention=_first_person_subject(sent) or (voice.name if who is None else who))
        # the sentence is the speaker's own words, as a quotation is: coders read it so
        st.quote, st.quote_start, st.quote_end = st.sentence, st.sent_start, st.sent_start + len(st.sentence)
        added.append((att, st))
    if not added:
        return items, already
    return sorted(items + added, key=lambda item: item[0].sent.start_char), [st for _, st in added] + already


def _first_person_subject(sent: Span) -> str | None:
    """'We call on Turkey ...': the words that name the page's speaker in this sentence."""
    return next((t.text for t in sent if t.lower_ in FIRST_PERSON and t.dep_ in {"nsubj", "nsubjpass"}), None)


def _check_built(nlp: Language) -> None:
    """Refuse a pipeline not built by nlp.model: without the glued-sentence splits the speakers differ."""
    if not is_built(nlp):
        raise ValueError("statements need the pipeline stancemap.nlp.model builds (load() or build()), "
                         f"not a bare spaCy model: it has no {COMPONENT!r} component")


def extract_article(
    article: Article,
    nlp: Language,
    resolver_factory: Callable[[Doc, Article], Any] | None = None,
    one_per_sentence: bool = True,
    attribution: str | None = None,
) -> list[Statement]:
    """All attributed statements of one article (`nlp`: the pipeline `nlp.model` builds; `attribution`:
    rules, learned or combined)."""
    _check_built(nlp)
    doc = nlp(article.prose)
    factory = resolver_factory or default_resolver_factory()
    finder = make_finder(attribution, one_per_sentence)
    return statements_from_doc(doc, article, factory(doc, article), finder, one_per_sentence=one_per_sentence)


def extract_many(
    articles: list[Article],
    nlp: Language,
    resolver_factory: Callable[[Doc, Article], Any] | None = None,
    batch_size: int = 32,
    one_per_sentence: bool = True,
    on_article: Callable[[Article, Doc, Any], None] | None = None,
    attribution: str | None = None,
) -> list[list[Statement]]:
    """Statements per article, parsing in batches with nlp.pipe."""
    factory = resolver_factory or default_resolver_factory()
    finder = make_finder(attribution, one_per_sentence)
    _check_built(nlp)
    out = []
    for article, doc in zip(articles, nlp.pipe((a.prose for a in articles), batch_size=batch_size)):
        resolver = factory(doc, article)
        out.append(statements_from_doc(doc, article, resolver, finder, one_per_sentence))
        if on_article:
            on_article(article, doc, resolver)
    return out


def extract_one(article: Article, doc: Doc, resolver_factory: Callable[[Doc, Article], Any],
                finder: AttributionFinder | None = None, hints: ConflictHints | None = None) -> tuple[list[Statement], list]:
    """One parsed article's statements and the actors its text taught the resolver: the unit of
    work of every path, one process or many (analysis.parallel), so they give the same answers."""
    resolver = resolver_factory(doc, article)
    return statements_from_doc(doc, article, resolver, finder, hints=hints), list(resolver.learned_actors() or [])


@dataclass
class ExtractSummary:
    articles: int = 0
    statements: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    actors: int = 0


def extract_articles(
    store: Any,
    ids: list[str] | None = None,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    kb_files: Iterable[str] = (),
    batch_size: int = 32,
    resolver_factory: Callable[[Doc, Article], Any] | None = None,
    on_article: Callable[[Article, Doc, list[Statement], list], None] | None = None,
    attribution: str | None = None,
    hints: ConflictHints | None = None,
) -> ExtractSummary:
    """Extract statements for stored articles and replace theirs in the store.

    A failure on one article is recorded in the store (stage "extract") and the batch goes on.
    Statements are written one batch of articles at a time, in one transaction.
    `on_article(article, doc, statements, actors)` is called once the article is stored, so a
    later stage can use the parse, and the actors the article taught the resolver, while they
    exist (stance coding reuses the parse instead of re-parsing).
    `hints`: what the conflict under analysis tells extraction (see statements_from_doc).
    """
    nlp = load(model)
    finder = make_finder(attribution, True)
    articles = store.articles(ids)
    factory = resolver_factory or _factory_with_kb(tuple(kb_files))
    summary = ExtractSummary()
    learned: list[Any] = []
    total = len(articles)
    with fewer_collections():  # the parse makes millions of short-lived objects
        for start in range(0, total, batch_size):
            batch = articles[start : start + batch_size]
            parsed: list[tuple[Article, Doc, list[Statement], list]] = []
            for article, doc in zip(batch, nlp.pipe((a.prose for a in batch), batch_size=batch_size)):
                try:
                    stmts, actors = extract_one(article, doc, factory, finder, hints)
                    parsed.append((article, doc, stmts, actors))
                except Exception as exc:  # one bad article never stops the batch
                    _record_failure(store, summary, article, exc)
                if progress:
                    progress(summary.articles + len(parsed) + len(summary.failed), total)
            for article, doc, stmts, actors in _store_statements(store, summary, parsed):
                learned.extend(actors)
                summary.statements += len(stmts)
                summary.articles += 1
                if on_article:
                    on_article(article, doc, stmts, actors)
    if learned:
        # Merge with what earlier runs stored, so one actor seen in many articles keeps
        # the evidence and relations of each (a later article must not overwrite an earlier).

        summary.actors = len(merge_into_store(store, learned))
    return summary


def _record_failure(store: Any, summary: ExtractSummary, article: Article, exc: Exception) -> None:
    reason = f"{type(exc).__name__}: {exc}"
    summary.failed.append((article.source or article.id, reason))
    store.add_failure(article.source or article.id, "extract", reason)


def _store_statements(store: Any, summary: ExtractSummary, parsed: list[tuple]) -> list[tuple]:
    """Store a batch's statements in one write (a DuckDB statement costs about a millisecond);
    if that fails, article by article, so one bad article is recorded and the others kept."""
    try:
        store.replace_statements_of({item[0].id: item[2] for item in parsed})
        return parsed
    except Exception:
        kept = []
        for item in parsed:
            article, stmts = item[0], item[2]
            try:
                store.replace_statements(article.id, stmts)
                kept.append(item)
            except Exception as exc:
                _record_failure(store, summary, article, exc)
        return kept


def _factory_with_kb(kb_files: tuple[str, ...]) -> Callable[[Doc, Article], Any]:
    if not kb_files:
        return default_resolver_factory()
    kb = load_kb(kb_files)
    return lambda doc, article: ActorResolver(kb, doc, article)

"""The article's own voice: transcripts, speeches, statements and interviews.

In "Speech by Foreign Minister Heiko Maas ..." or a briefing's "Question: ... Maria Zakharova: ..."
every sentence of the body is someone's words and no cue verb says so: attribution finds the
people the speaker mentions, never the speaker. This module reads the page's genre and its turns
and gives the speaker one unit per sentence of their own words.

Evidence, weakest first, all of it required to be present before a sentence is voiced:
- turn labels ("Q:", "Question:", "Maria Zakharova:", "Sergey Minasyan, Ambassador of Armenia
  to Romania:"): a question label and an answer label make a transcript, each turn its own speaker;
- a title naming a genre and its speaker ("Statement by X", "X's remarks", "Interview with X") or
  a lead naming an interviewee ("In an interview with Digi24, X ..."), with the body speaking in
  the first person outside quotation marks (news reports quote the first person; speeches use it);
- in an unlabelled interview, sentences asking a question are the interviewer's.
The words lists (genres, question and answer labels) are data: statements/data/words.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from spacy.tokens import Doc, Span

from ..actors.kb import load_kb
from ..nlp.text import doc_quotes, doc_text
from ..wordlists import word_set

GENRES = word_set("stancemap.statements", "voice_genres")
QUESTION_LABELS = word_set("stancemap.statements", "question_labels")
ANSWER_LABELS = word_set("stancemap.statements", "answer_labels")
FIRST_PERSON = word_set("stancemap.statements", "first_person")
MIN_FIRST_PERSON_SENTENCES = 2  # one "we" can be a slip of an unmarked quotation; two is a voice
MIN_QUESTIONS = 2  # an interview asks more than one question

_GENRE = "|".join(sorted((re.escape(g) for g in GENRES), key=len, reverse=True))
# "Speech by X to ...", "Statement by X (10 Nov.)", "Interview with X"
_BY = re.compile(rf"\b(?:{_GENRE})s?\s+(?:by|of|with)\s+(?P<who>[^,:;()\n–—]+?)"
                 rf"(?=\s*(?:[,:;(–—]|\s-\s|\b(?:at|to|on|in|before|following|after|about|for)\b|$))", re.I)
# "Foreign Minister Sergey Lavrov's remarks and answers ..."
_OWNER = re.compile(rf"(?P<who>[A-Z][^,:;()\n–—]{{2,90}}?)[’']s?\s+(?:(?:opening|closing|keynote|joint)\s+)?(?:{_GENRE})\b", re.I)
# a turn label after a line start or a sentence end: "Question:", "Q :", "Maria Zakharova:"
_LABEL = re.compile(r"(?:^|(?<=[.!?…\"”»)\]\n]))[ \t]*(?P<label>[A-Z][^\n:.!?\"“”]{0,90}?)[ \t]*:[ \t]*(?=\S)", re.M)


@dataclass(frozen=True)
class Turn:
    """Body offsets [start, end) of one speaker's words; `who` a label's name (`mention`: the label's
    words in the body), or None for the voice."""

    start: int
    end: int
    who: str | None
    question: bool = False
    mention: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Voice:
    """Whose words the page is, where they are, and why that was concluded."""

    name: str | None  # the speaker the title or lead names; None when only labels name speakers
    mention: Span | None  # that speaker's words in the body, when the body names them
    turns: tuple[Turn, ...]
    reason: str


Label = tuple[int, int, str, str, "Span | None"]  # label start, words start, kind, name, the name's entity


def _labels(doc: Doc, text: str) -> list[Label]:
    """Each turn label, of kind question, answer or person (a person entity opening the label)."""
    out: list[Label] = []
    for m in _LABEL.finditer(text):
        label = m["label"].strip()
        key = label.lower()
        if key in QUESTION_LABELS:
            out.append((m.start("label"), m.end(), "question", label, None))
        elif key in ANSWER_LABELS:
            out.append((m.start("label"), m.end(), "answer", label, None))
        else:
            span = doc.char_span(m.start("label"), m.start("label") + len(label), alignment_mode="expand")
            if span is None or any(t.pos_ in {"VERB", "AUX"} for t in span):
                continue
            # (an entity may run past the colon: "Sergey Minasyan: Drones", a heading glued on)
            person = next((e for e in doc.ents if e.label_ == "PERSON" and e.start_char == span.start_char), None)
            if person is not None:
                out.append((m.start("label"), m.end(), "person", person.text.split(":")[0].strip(), person))
    return out


def _labelled_turns(labels: list[Label], text: str) -> list[Turn] | None:
    """A transcript's turns, or None when the labels do not make one: a question label and an
    answer, or turns of two named people. A named person who asks in most of their turns is the
    interviewer ("Cristina Cileacu: Talk about drones."): their turns count as questions."""
    kinds = [k for _, _, k, _, _ in labels]
    people = {n for _, _, k, n, _ in labels if k == "person"}
    if not (("question" in kinds and ("answer" in kinds or people)) or (len(people) >= 2 and len(labels) >= 3)):
        return None
    ends = [lab[0] for lab in labels[1:]] + [len(text)]
    first = {}  # each person's first label: the words their turns are resolved from
    for _, _, kind, who, ent in labels:
        if kind == "person":
            first.setdefault(who, ent)
    turns = [Turn(words, end, who if kind == "person" else None, kind == "question", first.get(who) if kind == "person" else None)
             for (_, words, kind, who, _), end in zip(labels, ends)]
    asks = {p: [("?" in text[t.start : t.end]) for t in turns if t.who == p] for p in people}
    askers = {p for p, a in asks.items() if sum(a) * 2 >= len(a)}
    if people and askers == people:  # everyone asks: keep the one who talks most as the speaker
        askers -= {max(people, key=lambda p: sum(t.end - t.start for t in turns if t.who == p))}
    return [Turn(t.start, t.end, t.who, t.question or t.who in askers, t.mention) for t in turns]


def _without_titles(who: str) -> str:
    """'Foreign Ministry Spokesman Jonas Lind' -> 'Jonas Lind': the capitalised words after the last
    title word, when they are a name of two words or more; else the words as given."""
    words = who.split()
    kb = load_kb()
    for i in range(len(words) - 1, 0, -1):
        if kb.title(words[i - 1]) is not None:
            name = words[i:]
            return " ".join(name) if len(name) >= 2 and all(w[:1].isupper() for w in name) else who
    return who


def _title_speaker(title: str) -> tuple[str, str] | None:
    """(who, genre phrase) a title names as the page's speaker."""
    for pattern in (_BY, _OWNER):
        m = pattern.search(title)
        if m:
            who = re.sub(r"^(?:the)\s+", "", m["who"].strip(), flags=re.I)
            if who and who[0].isupper():
                return who, m.group(0).strip()
    return None


def _interviewee(doc: Doc, lead_sentences: int = 3) -> Span | None:
    """The person a lead presents as interviewed ("In an interview with Digi24, X explains ...",
    "X told Kathimerini in an interview"): the first person named in that sentence, not the outlet."""
    for sent in islice(doc.sents, lead_sentences):
        if not any(t.lower_ in {"interview", "interviews"} for t in sent):
            continue
        for ent in sent.ents:
            if ent.label_ == "PERSON" and not (ent.root.dep_ == "pobj" and ent.root.head.lower_ in {"with", "to"}):
                return ent
    return None


def _mention_in_body(doc: Doc, who: str) -> Span | None:
    """The body's first naming of a title's speaker: a person entity ending in the same surname."""
    surname = who.split()[-1].lower()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent[-1].lower_ == surname:
            return ent
    return None


def _unquoted_first_person(doc: Doc, quotes: list[tuple[int, int]]) -> int:
    """Sentences speaking in the first person outside quotation marks."""
    inside = bytearray(len(doc_text(doc)) + 1)
    for s, e in quotes:
        inside[s:e] = b"\x01" * (e - s)
    return sum(1 for sent in doc.sents
               if any(t.lower_ in FIRST_PERSON and not inside[t.idx] for t in sent))


def _questions(doc: Doc, quotes: list[tuple[int, int]]) -> list[Span]:
    return [s for s in doc.sents if s.text.rstrip().endswith("?")
            and not any(q[0] <= s.start_char and s.end_char <= q[1] for q in quotes)]


def find_voice(doc: Doc, title: str | None) -> Voice | None:
    """Whose words the body is, or None for a news report told in the reporter's voice."""
    text = doc_text(doc)
    said_by_title = _title_speaker(title or "")
    name = mention = None
    reason = ""
    if said_by_title:
        name, genre = said_by_title
        mention = _mention_in_body(doc, name)
        name = _without_titles(name)
        reason = f"the title: '{genre}'"
    elif (interviewee := _interviewee(doc)) is not None:
        name, mention, reason = interviewee.text, interviewee, f"the lead: an interview with '{interviewee.text}'"
    body_start = next(iter(doc.sents)).start_char if len(doc) else 0
    labels = _labels(doc, text)
    turns = _labelled_turns(labels, text)
    if turns is not None:
        if not name and not any(t.who and not t.question for t in turns):
            return None
        if name and said_by_title and labels[0][0] > body_start:  # remarks opening a press conference
            turns.insert(0, Turn(body_start, labels[0][0], None))
        return Voice(name, mention, tuple(turns), (reason + "; " if reason else "") + "turn labels")
    if not name:
        return None
    quotes = doc_quotes(doc)
    if _unquoted_first_person(doc, quotes) < MIN_FIRST_PERSON_SENTENCES:
        return None
    questions = _questions(doc, quotes)
    if said_by_title and "interview" not in said_by_title[1].lower() and len(questions) < MIN_QUESTIONS:
        return Voice(name, mention, (Turn(body_start, len(text), None),), reason)  # a speech, a statement
    if len(questions) < MIN_QUESTIONS:
        return None
    # an interview: each question, then its answer up to the next question
    ends = [q.start_char for q in questions[1:]] + [len(text)]
    turns = []
    for question, end in zip(questions, ends):
        turns += [Turn(question.start_char, question.end_char, None, True), Turn(question.end_char, end, None)]
    return Voice(name, mention, tuple(turns), reason + "; questions and answers")


def voiced_sentences(doc: Doc, voice: Voice) -> list[tuple[Span, Turn]]:
    """(sentence, its turn) of every sentence of a speaker's own words:
    not a question, not a heading without a verb, not wholly inside another's quotation."""
    quotes = doc_quotes(doc)
    out = []
    for sent in doc.sents:
        last = len(sent.text.rstrip()) + sent.start_char - 1  # a sentence glued across a label: its end's turn
        turn = next((t for t in voice.turns if t.start <= last < t.end), None)
        if turn is None or turn.question or sent.text.rstrip().endswith("?"):
            continue
        if not any(t.pos_ in {"VERB", "AUX"} for t in sent):
            continue
        if any(q[0] <= sent.start_char + 1 and sent.end_char - 1 <= q[1] for q in quotes):
            continue
        out.append((sent, turn))
    return out

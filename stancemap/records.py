"""The records that flow between pipeline stages.

One source of truth for the shape of an article, an actor, a statement and
its coding. Stages are plain functions from one record type to the next; the
store writes and reads exactly these fields.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

ActorKind = Literal["person", "organisation", "media", "government", "group", "state"]
Precision = Literal["day", "month", "year", "range", "unknown"]
StanceLabel = Literal["support", "oppose", "neutral"]


def normalise_body(text: str) -> str:
    """Whitespace- and case-insensitive form of a body, so copies hash alike."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=4096)  # Article.id is read many times per article along the pipeline
def article_id(body: str) -> str:
    """Content hash of the normalised body: the same text from two URLs is one article."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """A clean article with metadata and where it came from."""

    body: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime, as precise as the page allows
    publisher: str | None = None
    url: str | None = None  # canonical URL of this copy
    original_source: str | None = None  # for reposts: whose work this republishes
    original_url: str | None = None
    authors: list[str] = field(default_factory=list)
    cited_authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    views: int | None = None
    language: str | None = None
    links: list[str] = field(default_factory=list)
    source: str | None = None  # the input location (path, URL, WARC record) it was read from
    format: str | None = None  # html | textdump | text | feed-entry
    raw_text: str | None = None  # decoded input text, for mapping spans back to a .txt input
    body_offset: int | None = None  # where the body starts in raw_text, when it is a verbatim slice
    country: str | None = None  # the outlet's country, as the metadata gives it (never guessed)
    published_from: str | None = None  # where `published` came from: page | dateline | meta
    dateline: str | None = None  # the date the body opens with, ISO ("2017-04-05"; "--10-07" without a year)
    header_end: int | None = None  # body offset where the prose starts: the header before it
    # (repeated title, dateline, its city and agency) is not read for statements

    @property
    def id(self) -> str:
        return article_id(self.body)

    @property
    def prose(self) -> str:
        """The body as statement finding reads it: the header (`header_end`) blanked with spaces,
        line breaks kept, so every offset in it is an offset in the body."""
        if not self.header_end:
            return self.body
        return re.sub(r"[^\n]", " ", self.body[: self.header_end]) + self.body[self.header_end :]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = self.id
        return d


@dataclass
class DateSaid:
    """When a statement was made, with the precision the text supports."""

    value: str | None  # YYYY, YYYY-MM, YYYY-MM-DD, or START/END for a range; None = unknown
    precision: Precision = "unknown"
    reason: str = ""  # which rule fixed it ("explicit date", "carried from previous sentence", ...)


@dataclass
class Actor:
    """Someone who can speak or be spoken about."""

    name: str  # canonical name
    kind: ActorKind = "person"
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # state the actor belongs to ("Iran")
    roles: list[dict[str, Any]] = field(default_factory=list)  # {"role", "of", "since", "until"}
    relations: list[dict[str, Any]] = field(default_factory=list)  # {"relation", "target"}
    affiliation: list[str] = field(default_factory=list)  # ["Iran", "Government"]
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {"article", "sentence", "fact"}
    origin: str = "text"  # kb | user | text

    @property
    def id(self) -> str:
        return hashlib.sha1(self.name.lower().encode("utf-8")).hexdigest()[:12]


# What tables and reports show for a statement without a source (Statement.unattributed).
UNATTRIBUTED = "(unattributed)"

# The reasons the statements stage gives a quoted sentence with no cue of its own: it carries on the
# quotation of the attribution before it, or the speaker tag after it closes the quotation; and a
# sentence of a speech, statement or interview that is its speaker's words (statements.voice).
# Analysis counts such a run of one speaker's sentences as one statement (analysis.dataset.mark_quotation_runs).
QUOTE_CONTINUES_PREVIOUS = "quotation continuing the previous attribution"
QUOTE_CLOSED_BY_TAG = "quotation closed by a speaker tag"
PAGE_VOICE = "the page is its speaker's words"


@dataclass(frozen=True)
class ConflictHints:
    """What the conflict under analysis tells the statements stage: the year an undated page's
    days take (that of the war the user named, if it ran within one year) and the conflict's
    parties, whom "both sides" names in an article about it."""

    undated_year: int | None = None
    parties: tuple[str, ...] = ()


@dataclass
class Statement:
    """One attributed statement: one speaker, one sentence."""

    article_id: str
    speaker: str  # canonical actor name
    speaker_mention: str  # the words in the text ("he", "the paper", "Velayati")
    speaker_reason: str  # why this speaker ("subject of said", "pronoun -> previous subject")
    cue: str  # the predicate ("tweeted", "according to")
    sentence: str
    sent_start: int  # character offsets in the article body
    sent_end: int
    content: str = ""
    content_spans: list[tuple[int, int]] = field(default_factory=list)
    cue_spans: list[tuple[int, int]] = field(default_factory=list)
    source_spans: list[tuple[int, int]] = field(default_factory=list)
    quote: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    date: DateSaid = field(default_factory=lambda: DateSaid(None))
    addressee: str | None = None
    speaker_kind: str | None = None

    @property
    def unattributed(self) -> bool:
        """No source named ("it was reported that ...", "is expected to"), or a source the text
        does not identify ("a source said", "officials say", a "he" nothing resolves; the words stay
        in `speaker_mention`): the statement is kept and shown, with an empty speaker, and counts
        for no actor and no camp."""
        return not self.speaker

    @property
    def id(self) -> str:
        key = f"{self.article_id}:{self.sent_start}:{self.speaker.lower()}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Action:
    name: str  # from stance/data/actions.yaml
    cameo: str  # CAMEO code, e.g. "036"
    goldstein: float


@dataclass
class SideStance:
    label: StanceLabel
    confidence: float
    cue: str  # the words that decided it


@dataclass
class Coding:
    """A statement coded for one conflict."""

    statement_id: str
    conflict: str
    actions: list[Action] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    stance: dict[str, SideStance] = field(default_factory=dict)  # side name -> stance

    def to_json(self) -> dict[str, Any]:
        """The JSON shape shown by `stancemap statements --json` and the exports."""
        return {
            "conflict": self.conflict,
            "actions": [{"name": a.name, "cameo": a.cameo, "goldstein": a.goldstein} for a in self.actions],
            "targets": list(self.targets),
            "stance": {side: {"label": st.label, "confidence": st.confidence, "cue": st.cue} for side, st in self.stance.items()},
        }


NO_CODING_JSON: dict[str, Any] = {"actions": [], "targets": [], "stance": {}}  # a statement not coded

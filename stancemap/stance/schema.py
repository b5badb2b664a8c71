"""The shape of a conflict YAML file (`--conflict my-war.yaml`), as a pydantic schema.

    id: ruritania-borduria               # or name:
    title: The Ruritanian war
    sides:                               # at least two: a name, or a mapping
      - {name: Ruritania, aliases: [Ruritanian, Strelsau], speakers: [], allies: []}
      - Borduria
    names: [Ruritanian war]
    territories: [Zenda]
    keywords: [ceasefire]
    framing: [{pattern: "liberat\\\\w+ Zenda", supports: Ruritania, cue: liberation, in_accusation: true, own: oppose}]
    span: {start: "2020-09", end: null}  # dates as YYYY, YYYY-MM or YYYY-MM-DD
    episodes: [{name: Zenda crisis, names: [Zenda war], span: {start: "2021-03-02", end: "2021-04-30"}}]
    home: [Ruritania]

What the schema checks is types and shapes (unknown keys are refused); `conflict_from_dict`
then checks the meaning (two sides, framings that name a side, valid regular expressions).
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, TypeAdapter

from ..actors.schema import DateText, Text
from ..userfile import one_name_or_many, one_or_many

TextList = Annotated[list[Text], BeforeValidator(one_name_or_many)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SideEntry(_Strict):
    name: Text
    aliases: TextList = Field(default_factory=list)
    speakers: TextList = Field(default_factory=list)
    allies: TextList = Field(default_factory=list)


def _side(value: object) -> object:
    """A side written as a bare name is its own only alias."""
    return {"name": value, "aliases": [value]} if isinstance(value, str) else value


class FramingEntry(_Strict):
    pattern: Text
    supports: Text
    cue: Optional[Text] = None
    in_accusation: StrictBool = True
    own: Literal["oppose", "support", "both"] = "oppose"


class Span(_Strict):
    start: DateText = None
    end: DateText = None


class EpisodeEntry(_Strict):
    name: Text
    names: TextList = Field(default_factory=list)
    span: Span


class ConflictFile(_Strict):
    id: Optional[Text] = None
    name: Optional[Text] = None
    title: Optional[Text] = None
    sides: list[Annotated[SideEntry, BeforeValidator(_side)]]
    names: TextList = Field(default_factory=list)
    territories: TextList = Field(default_factory=list)
    keywords: TextList = Field(default_factory=list)
    framing: Annotated[list[FramingEntry], BeforeValidator(one_or_many)] = Field(default_factory=list)
    span: Optional[Span] = None
    episodes: list[EpisodeEntry] = Field(default_factory=list)
    home: TextList = Field(default_factory=list)


CONFLICT_FILE = TypeAdapter(ConflictFile)

__all__ = ["CONFLICT_FILE", "ConflictFile", "EpisodeEntry", "FramingEntry", "SideEntry", "Span"]

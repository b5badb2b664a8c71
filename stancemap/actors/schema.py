"""The shape of a knowledge-base YAML file (`--kb`), as a pydantic schema.

A KB file is a list of actors, or a mapping with `actors:` and/or `camps:`:

    actors:
      - name: Ali Akbar Velayati          # required
        kind: person                      # person | organisation | media | government | group | state
        aliases: [Velayati]               # a name or a list of names
        country: Iran                     # one name
        roles: [{role: Adviser, of: Ali Khamenei, since: "1997", until: null}]   # or a role name, or a list of names
        relations: [{relation: adviser_to, target: Ali Khamenei}]
        affiliation: Iran / Supreme Leader's circle    # a path, or a list of its parts
    camps:
      - {name: "Iran / Diplomats", members: [Muhammad Javad Zarif]}

Unknown keys are refused (a misspelt `alias:` would otherwise be silently ignored), and so
are wrong types: nested lists of aliases, a list as a country, a number as roles, a date
that is not one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator

from ..userfile import MAX_TEXT, one_name_or_many, one_or_many, text_value

Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=MAX_TEXT), BeforeValidator(text_value)]
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date_text(value: object) -> object:
    value = text_value(value)
    if value is None or not isinstance(value, str):
        return value
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError("a date is YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"not a real date ({exc})") from None
    return value.strip()


DateText = Annotated[Optional[str], BeforeValidator(_date_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class Role(_Strict):
    role: Text
    of: Optional[Text] = None
    since: DateText = None
    until: DateText = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: object) -> object:
        return {"role": value} if isinstance(value, str) else value


class Relation(_Strict):
    relation: Optional[Text] = None
    target: Text
    since: DateText = None
    until: DateText = None


class ActorEntry(_Strict):
    name: Text
    kind: Literal["person", "organisation", "media", "government", "group", "state"] = "person"
    aliases: Annotated[list[Text], BeforeValidator(one_name_or_many)] = Field(default_factory=list)
    country: Optional[Text] = None
    roles: Annotated[list[Role], BeforeValidator(one_or_many)] = Field(default_factory=list)
    relations: Annotated[list[Relation], BeforeValidator(one_or_many)] = Field(default_factory=list)
    affiliation: Annotated[list[Text], BeforeValidator(lambda v: [p.strip() for p in v.split("/") if p.strip()]
                                                       if isinstance(v, str) else one_name_or_many(v))] = Field(default_factory=list)


class CampEntry(_Strict):
    name: Text
    members: Annotated[list[Text], BeforeValidator(one_name_or_many)] = Field(default_factory=list)


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


class KnowledgeBaseFile(_Strict):
    actors: Annotated[list[ActorEntry], BeforeValidator(_none_is_empty)] = Field(default_factory=list)
    camps: Annotated[list[CampEntry], BeforeValidator(_none_is_empty)] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        if value is None:
            return {}
        return {"actors": value} if isinstance(value, list) else value


KB_FILE = TypeAdapter(KnowledgeBaseFile)


def entry_dict(entry: ActorEntry) -> dict:
    """A validated actor as the plain mapping the knowledge base reads."""
    out = entry.model_dump(exclude_none=True)
    out["roles"] = [{k: v for k, v in r.items() if v is not None} for r in out.get("roles", [])]
    out["relations"] = [{k: v for k, v in r.items() if v is not None} for r in out.get("relations", [])]
    return out


__all__ = ["KB_FILE", "ActorEntry", "CampEntry", "KnowledgeBaseFile", "entry_dict"]

"""Reading gold annotation files (the schema of the shared gold README).

A gold file is hand-made truth; a typo in one must not silently change a
score, so every field is checked and an error names the file, the field and
what is wrong with it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..stance.actions import action_names
from ..timespans import date_interval
from ..userfile import UserFileError, read_text

STANCE_LABELS = ("support", "oppose", "neutral")
ACTOR_KINDS = ("person", "organisation", "media", "government", "group", "state")
ARTICLE_STR_FIELDS = (
    "title", "published", "publisher", "url", "original_source", "original_url",
    "body_starts_with", "body_ends_with",
)
ARTICLE_LIST_FIELDS = ("cited_authors", "tags", "boilerplate_absent")
ARTICLE_FIELDS = ARTICLE_STR_FIELDS + ARTICLE_LIST_FIELDS + ("views",)

_DATE_POINT = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
DATE_RE = re.compile(rf"^{_DATE_POINT}(?:/{_DATE_POINT})?$")


class _GoldLoader(yaml.SafeLoader):
    """safe_load that keeps dates as the text written, so 2020-13-01 is a field error, not a crash."""


_GoldLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class GoldError(ValueError):
    """A gold file that cannot be used as it is; the message names file and field."""


@dataclass
class GoldUnit:
    """One gold (speaker, sentence) unit."""

    speaker: str
    sentence: str
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    affiliation: list[str] = field(default_factory=list)
    role: str | None = None
    date: str | None = None
    quote: str | None = None
    actions: list[str] | None = None  # None: not annotated for actions
    targets: list[str] = field(default_factory=list)
    stance: dict[str, str] = field(default_factory=dict)  # side -> label; a side left out = no stance
    optional: bool = False
    index: int = 0  # position in the file's `statements:` list, for messages

    @property
    def names(self) -> list[str]:
        """Every name that counts as this speaker: the canonical name first, then aliases."""
        return [self.speaker, *self.aliases]


@dataclass
class GoldCamp:
    name: str
    members: list[str]


@dataclass
class Gold:
    """One annotated article."""

    path: Path
    source: Path  # resolved input file
    article: dict[str, Any]
    conflict_name: str | None
    sides: list[str]
    camps: list[GoldCamp]
    units: list[GoldUnit]

    def aliases_of(self, name: str) -> list[str]:
        """All names the gold accepts for a speaker, gathered over every unit that names it."""
        out = [name]
        for u in self.units:
            if u.speaker == name:
                out.extend(a for a in u.aliases if a not in out)
        return out


def _fail(path: Path, where: str, why: str) -> GoldError:
    return GoldError(f"{path}: {where}: {why}")


def _str(path: Path, where: str, value: Any, required: bool = True) -> str | None:
    if value is None:
        if required:
            raise _fail(path, where, "missing (a non-empty string is required)")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"expected a non-empty string, got {value!r}")
    return value


def _str_list(path: Path, where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, where, f"expected a list of strings, got {type(value).__name__} {value!r}")
    return [_str(path, f"{where}[{i}]", v) for i, v in enumerate(value)]  # type: ignore[misc]


def _date(path: Path, where: str, value: Any) -> str | None:
    """YAML reads 2020-10-05 as a date and 1993 as an int; both are accepted as the text they were."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not DATE_RE.match(text):
        raise _fail(path, where, f"{text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    try:
        start, end = date_interval(text)
    except ValueError as exc:
        raise _fail(path, where, f"{text!r} is not a real date ({exc})") from None
    if start > end:
        raise _fail(path, where, f"{text!r}: the range ends before it starts")
    return text


def _article(path: Path, raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(path, "article", f"expected a mapping of fields, got {type(raw).__name__}")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"article.{key}"
        if key not in ARTICLE_FIELDS:
            raise _fail(path, where, f"unknown field (known: {', '.join(ARTICLE_FIELDS)})")
        if key == "views":
            if isinstance(value, bool) or not isinstance(value, int):
                raise _fail(path, where, f"expected an integer, got {value!r}")
            out[key] = value
        elif key == "published":
            out[key] = value.isoformat() if hasattr(value, "isoformat") else _str(path, where, value)
        elif key in ARTICLE_LIST_FIELDS:
            out[key] = _str_list(path, where, value)
        else:
            out[key] = _str(path, where, value)
    return out


def sentence_sha1(text: str) -> str:
    """The offsets form's checksum: first 12 hex digits of sha1 of the UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_source(source: Path) -> str:
    """The source text exactly as offsets index it: UTF-8, line ends kept as they are."""
    with open(source, encoding="utf-8", newline="") as fh:
        return fh.read()


def _span(path: Path, where: str, value: Any, source_text: str) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise _fail(path, where, f"expected [start, end] character offsets, got {value!r}")
    start, end = value
    if not 0 <= start < end <= len(source_text):
        raise _fail(path, where, f"[{start}, {end}] lies outside the source text (0..{len(source_text)})")
    return start, end


def _offsets_text(path: Path, where: str, raw: dict, source_text: str | None) -> tuple[str | None, str | None]:
    """The sentence and quote of an offsets-form unit, cut from the source and checked against the checksum."""
    if "sentence_span" not in raw:
        return raw.get("sentence"), raw.get("quote")
    if source_text is None:
        raise _fail(path, f"{where}.sentence_span", "the source file cannot be read, so offsets cannot be resolved")
    start, end = _span(path, f"{where}.sentence_span", raw["sentence_span"], source_text)
    sentence = source_text[start:end]
    expected = raw.get("sentence_sha1")
    if expected is not None and sentence_sha1(sentence) != str(expected):
        raise _fail(path, f"{where}.sentence_sha1",
                    f"the source text changed: [{start}, {end}] now reads {sentence[:60]!r}")
    quote = raw.get("quote")
    if "quote_span" in raw:
        q0, q1 = _span(path, f"{where}.quote_span", raw["quote_span"], source_text)
        quote = source_text[q0:q1]
    return sentence, quote


def _unit(path: Path, i: int, raw: Any, sides: list[str], known_actions: set[str] | None,
          source_text: str | None = None) -> GoldUnit:
    where = f"statements[{i}]"
    if not isinstance(raw, dict):
        raise _fail(path, where, f"expected a mapping, got {type(raw).__name__}")
    sentence, quote = _offsets_text(path, where, raw, source_text)
    kind = raw.get("kind")
    if kind is not None and kind not in ACTOR_KINDS:
        raise _fail(path, f"{where}.kind", f"{kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    actions = raw.get("actions")
    if actions is not None:
        actions = _str_list(path, f"{where}.actions", actions)
        if known_actions is not None:
            for a in actions:
                if a not in known_actions:
                    raise _fail(path, f"{where}.actions", f"{a!r} is not an action (known: {', '.join(sorted(known_actions))})")
    stance_raw = raw.get("stance") or {}
    if not isinstance(stance_raw, dict):
        raise _fail(path, f"{where}.stance", f"expected a mapping side -> label, got {stance_raw!r}")
    stance: dict[str, str] = {}
    for side, label in stance_raw.items():
        if sides and side not in sides:
            raise _fail(path, f"{where}.stance.{side}", f"not a side of the conflict ({', '.join(sides)})")
        if label not in STANCE_LABELS:
            raise _fail(path, f"{where}.stance.{side}", f"{label!r} is not one of {', '.join(STANCE_LABELS)}")
        stance[str(side)] = label
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise _fail(path, f"{where}.optional", f"expected true or false, got {optional!r}")
    return GoldUnit(
        speaker=_str(path, f"{where}.speaker", raw.get("speaker")),  # type: ignore[arg-type]
        sentence=_str(path, f"{where}.sentence", sentence),  # type: ignore[arg-type]
        aliases=_str_list(path, f"{where}.aliases", raw.get("aliases")),
        kind=kind,
        affiliation=_str_list(path, f"{where}.affiliation", raw.get("affiliation")),
        role=_str(path, f"{where}.role", raw.get("role"), required=False),
        date=_date(path, f"{where}.date", raw.get("date")),
        quote=_str(path, f"{where}.quote", quote, required=False),
        actions=actions,
        targets=_str_list(path, f"{where}.targets", raw.get("targets")),
        stance=stance,
        optional=optional,
        index=i,
    )


def known_actions() -> set[str]:
    """The names of the stance stage's single action list."""
    return set(action_names())


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold YAML file; raises GoldError naming the file and field."""
    path = Path(path)
    try:
        text = read_text(path, "gold file")
    except UserFileError as exc:
        raise GoldError(str(exc)) from None
    try:
        raw = yaml.load(text, Loader=_GoldLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, ValueError) as exc:
        raise GoldError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise GoldError(f"{path}: expected a mapping with source, article, conflict, camps, statements")
    source_text = _str(path, "source", raw.get("source"))
    source = (path.parent / source_text).resolve()  # type: ignore[operator]

    conflict = raw.get("conflict") or {}
    if not isinstance(conflict, dict):
        raise _fail(path, "conflict", "expected a mapping with name and sides")
    sides = _str_list(path, "conflict.sides", conflict.get("sides"))
    conflict_name = _str(path, "conflict.name", conflict.get("name"), required=False)

    camps_raw = raw.get("camps") or []
    if not isinstance(camps_raw, list):
        raise _fail(path, "camps", "expected a list of {name, members}")
    camps = []
    for i, c in enumerate(camps_raw):
        if not isinstance(c, dict):
            raise _fail(path, f"camps[{i}]", "expected a mapping with name and members")
        camps.append(GoldCamp(_str(path, f"camps[{i}].name", c.get("name")), _str_list(path, f"camps[{i}].members", c.get("members"))))  # type: ignore[arg-type]

    units_raw = raw.get("statements") or []
    if not isinstance(units_raw, list):
        raise _fail(path, "statements", "expected a list of statement units")
    actions = known_actions()
    source_text = None
    if any(isinstance(u, dict) and "sentence_span" in u for u in units_raw):
        try:
            source_text = read_source(source)
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(path, "source", f"{source}: cannot be read to resolve offsets ({exc})") from None
    units = [_unit(path, i, u, sides, actions, source_text) for i, u in enumerate(units_raw)]
    return Gold(
        path=path, source=source, article=_article(path, raw.get("article")),
        conflict_name=conflict_name, sides=sides, camps=camps, units=units,
    )

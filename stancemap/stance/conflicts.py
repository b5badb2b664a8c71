"""Conflicts as data: the shipped catalogue, users' own YAML, and matching articles to them.

A conflict names its sides with every alias the news uses for them (state
names, demonyms, capitals, leaders, armed forces, de-facto authorities), the
disputed territories, keywords, and framings. Coding a statement "for a
conflict" means looking for exactly these names, so adding a conflict needs a
YAML file and no code.
"""

from __future__ import annotations

import difflib

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..records import ConflictHints
from ..userfile import UserFileError, load_yaml, validate
from .prefilter import Gate
from .schema import CONFLICT_FILE

CATALOGUE_DIR = "data/conflicts"


class ConflictError(ValueError):
    """A conflict that cannot be loaded; the message names the file or name and the reason."""


@dataclass
class Side:
    name: str
    aliases: list[str] = field(default_factory=list)
    # Words that place a speaker on this side when its name or title holds them, but that
    # name no side in a sentence ("the defence ministry of Nagorno-Karabakh" speaks for the
    # Armenian side; "fighting in Nagorno-Karabakh" names nobody).
    speakers: list[str] = field(default_factory=list)
    # States and groups known to back this side (by the names the knowledge base gives
    # them): what a speaker of theirs says is read knowing whose ally it is.
    allies: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The canonical name first, then aliases, without duplicates."""
        out = [self.name]
        out.extend(a for a in self.aliases if a not in out)
        return out


@dataclass
class Framing:
    pattern: str
    supports: str
    cue: str = "framing"
    # False when the wording names a wrong done to people rather than the side's claim
    # ("accused Israel of genocide" opposes Israel without backing Hamas).
    in_accusation: bool = True
    # What the wording says when the supported side's own people use it: "oppose" (the
    # other side's wrong: "occupied lands"), "support" (its own cause: "self-determination"),
    # or "both" (its own triumph over the other: "liberated").
    own: str = "oppose"

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)

    @cached_property
    def gate(self) -> Gate:
        return Gate([self.pattern])


# Characters a case-insensitive regex takes for an ASCII letter which str.lower() does not
# lower to it (dotted and dotless I, long s, Kelvin sign; every other is checked in
# tests/test_relevance.py): a text holding one is searched by the regexes alone.
_FOLDS_APART = ("\u0130", "\u0131", "\u017f", "\u212a")


@dataclass
class Episode:
    """One war or crisis of a long conflict ("the 44-day war" of the Karabakh conflict), by the
    names users and the news give it and the days it ran."""
    name: str
    names: list[str] = field(default_factory=list)
    span: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The one year the episode ran in, when it began and ended in the same year."""
        start, end = (str(self.span.get(k) or "")[:4] for k in ("start", "end"))
        return int(start) if start.isdigit() and start == end else None


@dataclass
class Conflict:
    id: str
    title: str
    sides: list[Side]
    names: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    span: dict[str, Any] = field(default_factory=dict)
    # The state a civil war is fought inside: a speaker of that country is placed on a side
    # by its name or title ("Syrian state television"), not by its country.
    home: list[str] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    # The episode the user named ("--conflict '44-day war'"): an undated article about it is
    # read as written in its year ("on October 5" is that year's October 5).
    episode: Episode | None = None
    source: str = "catalogue"  # catalogue | a file path | gold
    # mentions() by text: coding asks for the same speaker names and phrases again and again.
    # A text's mentions depend on the sides' names only, fixed once side_patterns is built.
    _mentions_seen: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def side_names(self) -> list[str]:
        return [s.name for s in self.sides]

    @property
    def undated_year(self) -> int | None:
        """The year a day and month take in an article without a publication date: that of the
        episode named, when it ran within one year; otherwise unknown."""
        return self.episode.year if self.episode else None

    @property
    def hints(self) -> ConflictHints:
        """What extraction reads of this conflict (statements.extract)."""
        return ConflictHints(self.undated_year, tuple(self.side_names))

    def episode_named(self, name: str | None) -> Episode | None:
        key = _norm(name or "")
        for e in self.episodes:
            if key and key in {_norm(n) for n in (e.name, *e.names)}:
                return e
        return None

    def with_episode(self, name: str | None) -> "Conflict":
        """This conflict, reading undated articles in the year of the episode `name` names (if any)."""
        episode = self.episode_named(name)
        return replace(self, episode=episode) if episode is not None else self

    def side(self, name: str) -> Side | None:
        for s in self.sides:
            if s.name.lower() == name.lower():
                return s
        return None

    def other_sides(self, name: str) -> list[str]:
        return [s.name for s in self.sides if s.name != name]

    @cached_property
    def side_patterns(self) -> dict[str, str]:
        """Per side, a regex alternation of its aliases, longest first, with an optional possessive."""
        return {s.name: side_alias_pattern(s.names) for s in self.sides}

    @cached_property
    def side_patterns_lower(self) -> dict[str, str]:
        """Per side, its aliases in lower case, for scanning lower-cased text case-sensitively
        and finding at least every mention `side_patterns` finds in the text itself: so
        without the check that no "-brokered" follows, which "Russia-Brokered" passes
        case-sensitively while its lower case would not."""
        return {s.name: side_alias_pattern([n.lower() for n in s.names], not_actor_suffix=False) for s in self.sides}

    @cached_property
    def framing_gate(self) -> Gate:
        """One scan telling whether any framing can match: most sentences hold none."""
        return Gate([f.pattern for f in self.framing])

    @cached_property
    def _mention_regex(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(name, re.compile(pat)) for name, pat in self.side_patterns.items()]

    def mentions(self, text: str) -> list[tuple[str, int, int]]:
        """(side, start, end) of every alias of a side in `text`, leftmost-longest, no overlaps."""
        seen = self._mentions_seen.get(text)
        if seen is None:
            if len(self._mentions_seen) >= 20000:
                self._mentions_seen.clear()
            seen = self._mentions_seen[text] = self._find_mentions(text)
        return list(seen)

    def _find_mentions(self, text: str) -> list[tuple[str, int, int]]:
        found: list[tuple[str, int, int]] = []
        for side, rx in self._mention_regex:
            for m in rx.finditer(text):
                found.append((side, m.start(), m.end()))
        found.sort(key=lambda x: (x[1], -(x[2] - x[1])))
        out: list[tuple[str, int, int]] = []
        last_end = -1
        for side, start, end in found:
            if start >= last_end:
                out.append((side, start, end))
                last_end = end
        return out

    def sides_in(self, text: str | None) -> list[str]:
        """The sides a text names (a speaker's name, title or affiliation), in side order."""
        if not text:
            return []
        named = {side for side, _, _ in self.mentions(text)}
        return [s for s in self.side_names if s in named]

    @cached_property
    def _speaker_regex(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(s.name, re.compile(side_alias_pattern(s.speakers))) for s in self.sides if s.speakers]

    @cached_property
    def topic_words(self) -> set[str]:
        """Territories, keywords and names of the conflict: the words match_conflicts counts."""
        return {w for w in [*self.territories, *self.keywords, *self.names] if w.strip()}

    @cached_property
    def _topic_regex(self) -> re.Pattern[str] | None:
        words = sorted(self.topic_words, key=len, reverse=True)
        if not words:
            return None
        return re.compile(rf"(?<![\w])(?:{'|'.join(map(re.escape, words))})(?![\w])", re.IGNORECASE)

    @cached_property
    def _named_needles(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]] | None:
        """What every match of `named_in`'s patterns holds: all the words of one side alias
        (aliases match in their case; longest word first) or one topic word in lower case (they
        match in any); None when a topic word is not ASCII, whose lower case may not be the regex's."""
        topic = tuple(sorted({w.lower() for w in self.topic_words}))
        if not all(w.isascii() for w in topic):
            return None
        # an alias's words are matched literally, the spaces between them as any whitespace
        aliases = {tuple(sorted(set(n.split(" ")), key=lambda w: (-len(w), w))) for s in self.sides for n in s.names if n.strip()}
        return tuple(sorted(aliases)), topic

    def _cannot_name(self, text: str) -> bool:
        """True when a plain substring search shows the text holds none of the needles, so no
        pattern of `named_in` can match: most of a crawl is turned away by this alone."""
        needles = self._named_needles
        if needles is None or any(c in text for c in _FOLDS_APART):
            return False
        aliases, topic = needles
        if any(all(w in text for w in words) for words in aliases):
            return False
        lowered = text.lower()
        return not any(w in lowered for w in topic)

    def named_in(self, text: str) -> bool:
        """Whether a text names the conflict at all (a topic word or any side alias), which is
        exactly when match_conflicts scores it above zero, found by one search per pattern
        (after a substring search that settles most texts that never do)."""
        if self._cannot_name(text):
            return False
        if self._topic_regex is not None and self._topic_regex.search(text):
            return True
        return any(rx.search(text) for _, rx in self._mention_regex)

    def allied_sides(self, country: str | None) -> list[str]:
        """The sides that a state or group is listed as an ally of."""
        if not country:
            return []
        key = country.lower()
        return [s.name for s in self.sides if any(a.lower() == key for a in s.allies)]

    def speaker_sides_in(self, text: str | None) -> list[str]:
        """The sides a speaker's name or title places it on: the side aliases, or the words
        listed under a side's `speakers`."""
        found = self.sides_in(text)
        if found or not text:
            return found
        # several sides' words in one title: the first names the affiliation, the head noun
        # comes last ("opposition official", "army spokesman")
        hits = [(m.start(), side) for side, rx in self._speaker_regex if (m := rx.search(text))]
        return [min(hits)[1]] if hits else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "names": self.names,
            "sides": [{"name": s.name, "aliases": s.aliases, **({"speakers": s.speakers} if s.speakers else {}),
                       **({"allies": s.allies} if s.allies else {})} for s in self.sides],
            **({"home": self.home} if self.home else {}),
            "territories": self.territories,
            "keywords": self.keywords,
            "span": self.span,
            **({"episodes": [{"name": e.name, "names": e.names, "span": e.span} for e in self.episodes]} if self.episodes else {}),
            **({"episode": self.episode.name} if self.episode else {}),
            "source": self.source,
        }


# Compound adjectives built on a side's name are not that side acting ("Russia-brokered").
_NOT_ACTOR_SUFFIX = r"(?!-(?:brokered|mediated|sponsored|made|hosted|led\s+mediation))"


def side_alias_pattern(names: Iterable[str], not_actor_suffix: bool = True) -> str:
    """A regex alternation of a side's names, longest first, with an optional possessive;
    with `not_actor_suffix`, not where a compound adjective follows ("Russia-brokered")."""
    alts = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return rf"(?<![\w])(?:the\s+)?(?:{body})(?:['’]s?)?(?![\w]){_NOT_ACTOR_SUFFIX if not_actor_suffix else ''}"


def _str_list(where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConflictError(f"{where}: expected a list of strings, got {value!r}")
    return [str(v) for v in value]


def _dates(span: dict) -> dict[str, str | None]:
    """A span's dates as text (YAML reads 2020-09-27 as a date)."""
    return {k: (str(v) if v is not None else None) for k, v in span.items()}


def conflict_from_dict(data: Any, source: str) -> Conflict:
    """Validate a parsed conflict mapping; errors name the source and the field."""
    if not isinstance(data, dict):
        raise ConflictError(f"{source}: expected a mapping with id, title, sides")
    cid = data.get("id") or data.get("name")
    if not isinstance(cid, str) or not cid.strip():
        raise ConflictError(f"{source}: `id` (or `name`) is required, a short name such as armenia-azerbaijan")
    raw_sides = data.get("sides")
    if not isinstance(raw_sides, list) or len(raw_sides) < 2:
        raise ConflictError(f"{source}: `sides` must list at least two sides, each a name or {{name, aliases}}")
    sides: list[Side] = []
    for i, s in enumerate(raw_sides):
        if isinstance(s, str):
            sides.append(Side(s, [s]))
        elif isinstance(s, dict) and isinstance(s.get("name"), str):
            sides.append(Side(s["name"], _str_list(f"{source}: sides[{i}].aliases", s.get("aliases")),
                              _str_list(f"{source}: sides[{i}].speakers", s.get("speakers")),
                              _str_list(f"{source}: sides[{i}].allies", s.get("allies"))))
        else:
            raise ConflictError(f"{source}: sides[{i}] must be a name or a mapping with `name` and `aliases`")
    side_names = {s.name for s in sides}
    framing = []
    for i, f in enumerate(data.get("framing") or []):
        if not isinstance(f, dict) or not isinstance(f.get("pattern"), str) or f.get("supports") not in side_names:
            raise ConflictError(
                f"{source}: framing[{i}] needs `pattern` and `supports` naming a side ({', '.join(side_names)})"
            )
        try:
            re.compile(f["pattern"])
        except re.error as exc:
            raise ConflictError(f"{source}: framing[{i}].pattern is not a valid regular expression ({exc})") from None
        own = str(f.get("own") or "oppose")
        if own not in ("oppose", "support", "both"):
            raise ConflictError(f"{source}: framing[{i}].own must be oppose, support or both, not {own!r}")
        framing.append(Framing(f["pattern"], f["supports"], str(f.get("cue") or "framing"), bool(f.get("in_accusation", True)), own))
    span = data.get("span") or {}
    if not isinstance(span, dict):
        raise ConflictError(f"{source}: `span` must be a mapping {{start, end}}")
    episodes = []
    for i, e in enumerate(data.get("episodes") or []):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not isinstance(e.get("span"), dict):
            raise ConflictError(f"{source}: episodes[{i}] needs `name` and `span` {{start, end}}")
        episodes.append(Episode(e["name"], _str_list(f"{source}: episodes[{i}].names", e.get("names")), _dates(e["span"])))
    return Conflict(
        id=cid.strip(),
        title=str(data.get("title") or cid),
        sides=sides,
        names=_str_list(f"{source}: names", data.get("names")),
        territories=_str_list(f"{source}: territories", data.get("territories")),
        keywords=_str_list(f"{source}: keywords", data.get("keywords")),
        framing=framing,
        span=_dates(span),
        home=_str_list(f"{source}: home", data.get("home")),
        episodes=episodes,
        source=source,
    )


def load_conflict_file(path: str | Path) -> Conflict:
    """A user's conflict file: read safely, checked against stance.schema, then for meaning;
    ConflictError names the file, the field and the problem."""
    path = Path(path)
    try:
        data = load_yaml(path, "conflict file")
        if not isinstance(data, dict):
            raise UserFileError(f"{path}: expected a mapping with id, title, sides")
        checked = validate(CONFLICT_FILE, data, path)
    except UserFileError as exc:
        raise ConflictError(str(exc)) from None
    return conflict_from_dict(checked.model_dump(exclude_none=True), str(path))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Conflict]:
    """The conflicts shipped with the package, by id."""
    out: dict[str, Conflict] = {}
    root = resources.files("stancemap.stance").joinpath(CATALOGUE_DIR)
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith((".yaml", ".yml")):
            c = conflict_from_dict(yaml.safe_load(entry.read_text(encoding="utf-8")), f"catalogue:{entry.name}")
            c.source = "catalogue"
            out[c.id] = c
    return out


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


@lru_cache(maxsize=64)
def find_in_catalogue(name: str) -> Conflict | None:
    """A catalogue conflict by id, title, one of its names or an episode's name (case and
    punctuation ignored); named by an episode, it reads undated articles in that episode's year.
    Cached: the same name gives the same Conflict, whose compiled patterns stay built."""
    key = _norm(name)
    for c in catalogue().values():
        if key in {_norm(c.id), _norm(c.title), *(_norm(n) for n in c.names)} or c.episode_named(name):
            return c.with_episode(name)
    return None


def conflict_for_sides(sides: list[str], name: str | None = None) -> Conflict:
    """The catalogue conflict whose side names match `sides` (gold files name sides only);
    otherwise a conflict made of the side names alone."""
    wanted = [s.lower() for s in sides]
    for c in catalogue().values():
        if sorted(wanted) == sorted(s.name.lower() for s in c.sides):
            ordered = [c.side(s) for s in sides]
            return replace(c, sides=[s for s in ordered if s]).with_episode(name)
    return Conflict(
        id=_norm(name or "-".join(sides)).replace(" ", "-"), title=name or " - ".join(sides),
        sides=[Side(s, [s]) for s in sides], source="gold",
    )


def _did_you_mean(text: str) -> str:
    """"; did you mean syria?" for a misspelt catalogue id or name, else ""."""
    names = {_norm(n): c.id for c in catalogue().values() for n in (c.id, c.title, *c.names)}
    close = difflib.get_close_matches(_norm(text), list(names), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(names[n] for n in close))
    return f"; did you mean {' or '.join(ids)}?" if ids else ""


def resolve_conflict(spec: Any) -> Conflict:
    """A Conflict from what users and other stages hand over: a Conflict, a catalogue id or
    name, a path to a YAML file, or a mapping ({id/name, sides} as in gold files)."""
    if isinstance(spec, Conflict):
        return spec
    if isinstance(spec, dict):
        sides = spec.get("sides")
        if isinstance(sides, list) and sides and all(isinstance(s, str) for s in sides) and "id" not in spec:
            return conflict_for_sides(sides, spec.get("name"))
        return conflict_from_dict(spec, "mapping")
    if hasattr(spec, "sides") and hasattr(spec, "conflict_name"):  # a loaded gold file
        return conflict_for_sides(list(spec.sides), spec.conflict_name)
    if isinstance(spec, (str, Path)):
        text = str(spec)
        found = find_in_catalogue(text)
        if found:
            return found
        path = Path(text)
        if path.suffix in (".yaml", ".yml") or path.exists():
            return load_conflict_file(path)
        raise ConflictError(f"{text}: not a conflict in the catalogue nor a YAML file{_did_you_mean(text)}"
                            f" (known: {', '.join(sorted(catalogue()))}; see `stancemap conflicts`)")
    raise ConflictError(f"{spec!r}: cannot make a conflict of a {type(spec).__name__}")


def match_conflicts(text: str, conflicts: Iterable[Conflict] | None = None, threshold: float = 0.3) -> list[tuple[str, float]]:
    """Which conflicts an article is about, best first, as (conflict id, score in 0..1).

    The score grows with how often the text names territories and keywords (the
    strongest evidence), and with both sides being named; one side alone is weak
    evidence (Russia is named in many articles that are not about its wars).
    """
    pool = list(conflicts) if conflicts is not None else list(catalogue().values())
    out: list[tuple[str, float]] = []
    for c in pool:
        topic_hits = 0
        for w in c.topic_words:
            topic_hits += len(re.findall(rf"(?<![\w]){re.escape(w)}(?![\w])", text, flags=re.IGNORECASE))
        side_counts = [0] * len(c.sides)
        index = {name: i for i, name in enumerate(c.side_names)}
        for side, _, _ in c.mentions(text):
            side_counts[index[side]] += 1
        sides_named = sum(1 for n in side_counts if n)
        topic = 1 - 0.6 ** topic_hits  # 1 hit 0.4, 3 hits 0.78, 6 hits 0.95
        balance = sides_named / len(c.sides)
        volume = 1 - 0.7 ** min(side_counts) if side_counts else 0.0
        score = round(0.6 * topic + 0.25 * balance * (1 if topic_hits else 0.5) + 0.15 * volume, 3)
        if score >= threshold:
            out.append((c.id, score))
    out.sort(key=lambda x: -x[1])
    return out

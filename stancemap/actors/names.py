"""Name normalisation: the keys under which aliases and name variants are matched.

Alias lookup is case-, whitespace-, dot-, diacritic- and possessive-insensitive;
name variants across transliterations (Mohammad / Muhammad, Rouhani / Rohani)
meet on a consonant skeleton whose letter classes come from a data table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$|['’]$")
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.I)
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir mister madam lady lord sheikh sayyid sayyed sayed seyed seyyed".split()
)


@lru_cache(maxsize=1)
def nouns_data() -> dict:
    """nouns.yaml as written, read once: the word lists and the maps `learn` builds from it."""
    return yaml.safe_load((DATA / "nouns.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def nouns() -> dict[str, set[str]]:
    """nouns.yaml's word lists, lower case (read here, below the modules that use them, so the
    token view and the actor rules alike can)."""
    return {k: {str(v).lower() for v in vals} for k, vals in nouns_data().items()}


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: diacritics dropped, dotless i and similar letters mapped."""
    if text.isascii():  # nothing to decompose or map: most words of English news
        return text.lower()
    text = text.replace("ı", "i").replace("İ", "I").replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_HYPHENS = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")


@lru_cache(maxsize=1 << 16)
def alias_key(text: str) -> str:
    """The key aliases are stored and looked up under.

    Asked for every phrase the actor rules meet, so the steps that cannot change the text
    (non-ASCII marks in ASCII text, a possessive without an apostrophe) are skipped."""
    if text.isascii():
        text = text.lower()
    else:
        text = _INVISIBLE.sub("", _HYPHENS.sub("-", text))
        text = fold(text).replace("’", "'").replace("‘", "'")
    text = _SPACES.sub(" ", text).strip()
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    text = _LEADING_DET.sub("", text)
    text = text.replace(".", "")
    if "-" in text:
        text = _SPACED_HYPHEN.sub("-", text)
    return text.strip(" ,;:\"'()[]")


def strip_honorifics(tokens: list[str]) -> list[str]:
    out = list(tokens)
    while out and alias_key(out[0]) in HONORIFICS:
        out.pop(0)
    return out


@lru_cache(maxsize=1)
def _variant_rules() -> list[tuple[re.Pattern, str, str | None]]:
    """(pattern, replacement, the letters it matches when it is plain letters: a rule to skip when absent)."""
    rules = []
    for line in (DATA / "transliteration.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, repl = line.split("\t")
        literal = pattern if pattern.isascii() and pattern.isalpha() else None
        rules.append((re.compile(pattern), repl, literal))
    return rules


_NOT_LETTER = re.compile(r"[^a-z]")
_VOWEL = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """Transliteration-tolerant key of one name word: folded, letter classes merged, vowels dropped."""
    w = _NOT_LETTER.sub("", fold(word))
    for pattern, repl, literal in _variant_rules():
        if literal is None or literal in w:  # a plain-letter rule cannot match a word without its letters
            w = pattern.sub(repl, w)
    if not w:
        return ""
    head, rest = w[0], _VOWEL.sub("", w[1:])
    key = head + rest
    return _DOUBLED.sub(r"\1", key)


@lru_cache(maxsize=1 << 16)
def name_skeleton(name: str) -> tuple[str, ...]:
    return tuple(s for s in (skeleton(w) for w in strip_honorifics(name.split())) if s)


@lru_cache(maxsize=1)
def _listed_given_names() -> dict[str, str]:
    """Given name -> "f" or "m" from the hand list (`given_names.yaml`), and honorifics."""
    data = yaml.safe_load((DATA / "given_names.yaml").read_text(encoding="utf-8"))
    out = {str(n).lower(): "m" for n in data.get("masculine") or []}
    out.update({str(n).lower(): "f" for n in data.get("feminine") or []})
    out.update({"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "madame": "f"})
    return out


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """The world table (`given_names_world.tsv`: names whose bearers are nearly all women or all
    men, from name-gender data, `scripts/build_given_names.py`), then the hand list, which wins
    ("Karen" is a man's name in Armenia)."""
    out = {}
    for line in (DATA / "given_names_world.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            out[name] = gender
    out.update(_listed_given_names())
    return out


def given_name_key(word: str) -> str:
    """How the given-name tables spell a word ("Mr." -> "mr")."""
    return word.lower().rstrip(".")


def given_name_gender(word: str, world: bool = True) -> str | None:
    """'f' or 'm' for a given name the world table or the hand list knows, or an honorific
    ("Donna", "Shushan", "Mr"), else None: the pronoun a person of that name takes. `world=False`:
    the hand list and honorifics only, for a word that may be a title or a common noun ("media
    activist Abdul Wahab": "Media" is a woman's name in the world table)."""
    return (_given_names() if world else _listed_given_names()).get(given_name_key(word))


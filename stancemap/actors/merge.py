"""Merging name variants of one actor within and across articles.

Velayati = Ali Akbar Velayati (a surname in the same article); Mohammad / Muhammad Javad
Zarif (transliteration variants meet on a consonant skeleton, see names.py and
data/transliteration.tsv); aliases shared by two records.
"""

from __future__ import annotations

from ..records import Actor
from .affiliation import derive_affiliation
from .kb import load_kb
from .names import alias_key, name_skeleton, strip_honorifics


def surname_of(name: str) -> str:
    words = strip_honorifics(name.split())
    return words[-1] if words else name


def same_person(short: str, full: str) -> bool:
    """True when `short` can name the person `full` names: equal, a trailing part, or a spelling variant."""
    a, b = name_skeleton(short), name_skeleton(full)
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) < len(b) and b[-len(a):] == a and len(a[-1]) >= 2:
        return True
    return False


def _articles(actor: Actor) -> set[str]:
    return {e.get("article") for e in actor.evidence if e.get("article")}


def _absorb(into: Actor, other: Actor) -> None:
    for alias in [other.name, *other.aliases]:
        if alias != into.name and alias not in into.aliases:
            into.aliases.append(alias)
    for key in ("roles", "relations", "evidence"):
        for item in getattr(other, key):
            if item not in getattr(into, key):
                getattr(into, key).append(item)
    into.country = into.country or other.country
    if len(other.affiliation) > len(into.affiliation):
        into.affiliation = list(other.affiliation)
    if into.origin == "text" and other.origin in {"kb", "user"}:
        into.origin = other.origin


def _better_name(a: Actor, b: Actor) -> bool:
    """Whether `a` should give its name to the merged record."""
    rank = {"user": 0, "kb": 1, "text": 2}
    return (rank.get(a.origin, 2), -len(a.name.split()), -len(a.evidence)) < (
        rank.get(b.origin, 2), -len(b.name.split()), -len(b.evidence))


def merge_actors(actors: list[Actor], kb=None) -> list[Actor]:
    """One record per actor: same alias, same full name up to transliteration, or surname of a full name
    seen in the same article (or of the only full name that fits).

    With a knowledge base, merged records get their affiliation derived again from all their
    roles and relations (Keyhan "close to Khamenei" in one article, merely named in another).
    """
    out: list[Actor] = []
    by_alias: dict[str, Actor] = {}
    by_skeleton: dict[tuple[str, ...], Actor] = {}  # full-name skeleton of a person -> record
    by_last: dict[str, list[Actor]] = {}  # last skeleton word -> person records
    for actor in sorted(actors, key=lambda a: (-len(a.name.split()), a.name)):
        keys = {alias_key(n) for n in [actor.name, *actor.aliases] if n}
        target = next((by_alias[k] for k in keys if k in by_alias), None)
        sk = name_skeleton(actor.name)
        if target is None and actor.kind == "person" and sk:
            if len(sk) > 1:
                target = by_skeleton.get(sk)
            if target is None:
                candidates = [o for o in by_last.get(sk[-1], []) if same_person(actor.name, o.name)]
                candidates = list({id(o): o for o in candidates}.values())
                shared = [o for o in candidates if _articles(o) & _articles(actor)]
                if shared:
                    target = shared[0]
                elif len(candidates) == 1 and (len(sk) > 1 or not _articles(actor)):
                    target = candidates[0]
        if target is None:
            out.append(actor)
            target = actor
        else:
            if _better_name(actor, target):
                old_name = target.name
                target.name, actor.name = actor.name, old_name
                target.origin = actor.origin
            _absorb(target, actor)
        for n in [target.name, *target.aliases]:
            by_alias[alias_key(n)] = target
        if target.kind == "person":
            for n in {target.name, actor.name}:
                tsk = name_skeleton(n)
                if len(tsk) > 1:
                    by_skeleton.setdefault(tsk, target)
                if tsk and all(o is not target for o in by_last.setdefault(tsk[-1], [])):
                    by_last[tsk[-1]].append(target)
    for a in out:
        if a.name in a.aliases:
            a.aliases.remove(a.name)
    if kb is not None:
        _rederive(out, kb, by_alias)
    return sorted(out, key=lambda a: a.name)


def _rederive(actors: list[Actor], kb, by_alias: dict[str, Actor]) -> None:
    def find(name: str) -> Actor | None:
        return by_alias.get(alias_key(name)) or kb.lookup(name)

    for a in actors:
        if a.origin == "user" or not (a.roles or a.relations):
            continue
        derived = derive_affiliation(a, kb, find)
        if derived:
            a.affiliation = derived


def merge_into_store(store, actors: list[Actor], kb=None) -> list[Actor]:
    """Merge newly learned actors with those already stored (across articles) and save the result.

    Records absorbed into another (a surname, a spelling variant) are removed, so the
    store keeps one row per actor with the evidence of every article, and its affiliation
    is derived from everything learned (`kb`: the knowledge base used; default the bundled one).
    """
    if kb is None:
        kb = load_kb()
    before = store.actors()
    merged = merge_actors(before + list(actors), kb)
    keep = {a.id for a in merged}
    gone = [a.id for a in before if a.id not in keep]
    if gone:
        with store.transaction() as con:
            for actor_id in gone:
                con.execute("DELETE FROM actors WHERE id = ?", [actor_id])
    store.upsert_actors(merged)
    return merged

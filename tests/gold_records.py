"""Gold annotations as pipeline records, so the analysis is tested on real annotated data.

The gold's units become Statement + Coding records and its speakers Actor
records (with the roles and kinds the annotators gave, but no affiliation
unless asked, so camp derivation is exercised too).
"""

from __future__ import annotations

from pathlib import Path

from stancemap.analysis.dataset import ArticleRef
from stancemap.evaluate.gold import load_gold
from stancemap.records import Action, Actor, Coding, DateSaid, SideStance, Statement, article_id

CONFLICT = "armenia-azerbaijan"


def precision(value: str | None) -> str:
    if not value:
        return "unknown"
    if "/" in value:
        return "range"
    return {4: "year", 7: "month"}.get(len(value), "day")


def gold_records(path: Path, with_affiliation: bool = False, optional: bool = True):
    """(statements, codings, actors, articles, sides) from one gold YAML file."""
    gold = load_gold(path)
    text = gold.source.read_text("utf-8")
    aid = article_id(text)
    statements, codings, actors = [], [], {}
    for unit in gold.units:
        if unit.optional and not optional:
            continue
        start = text.find(unit.sentence[:60])
        start = start if start >= 0 else 0
        quote_start = text.find(unit.quote, start) if unit.quote else -1
        s = Statement(
            article_id=aid, speaker=unit.speaker, speaker_mention=unit.speaker, speaker_reason="gold",
            cue="", sentence=unit.sentence, sent_start=start, sent_end=start + len(unit.sentence),
            quote=unit.quote, quote_start=quote_start if quote_start >= 0 else None,
            quote_end=quote_start + len(unit.quote) if quote_start >= 0 and unit.quote else None,
            date=DateSaid(unit.date, precision(unit.date), "gold"), speaker_kind=unit.kind,
        )
        statements.append(s)
        codings.append(
            Coding(
                statement_id=s.id, conflict=CONFLICT,
                actions=[Action(a, "", 0.0) for a in unit.actions or []], targets=unit.targets,
                stance={side: SideStance(label, 1.0, "gold") for side, label in unit.stance.items()},
            )
        )
        actor = actors.setdefault(unit.speaker, Actor(unit.speaker, unit.kind or "person", aliases=list(unit.aliases)))
        if unit.role and not actor.roles:
            actor.roles.append({"role": unit.role, "of": unit.affiliation[0] if unit.affiliation else None})
        if with_affiliation and unit.affiliation:
            actor.affiliation = list(unit.affiliation)
    articles = {aid: ArticleRef(aid, gold.article.get("title"), gold.article.get("url"), str(gold.source), None)}
    return statements, codings, list(actors.values()), articles, gold.sides

"""The seed article through the actor resolver: every gold speaker is what its sentence's subject resolves to."""

from __future__ import annotations

import yaml

from conftest import shared_path
from stancemap.actors.kb import load_kb
from stancemap.actors.resolve import ActorResolver
from stancemap.records import Article


def seed_body() -> str:
    text = shared_path("seed", "000_b1cc76adf05f4c39.txt").read_text(encoding="utf-8")
    return text[text.index("*The conflict") : text.index("👁")].strip()


def test_every_seed_speaker_is_a_resolved_subject_of_its_sentence(nlp):
    gold = yaml.safe_load(shared_path("gold", "seed.yaml").read_text(encoding="utf-8"))
    kb = load_kb()
    body = seed_body()
    doc = nlp(body)
    resolver = ActorResolver(kb, doc, Article(body=body, published="2020-10-18"))
    found: dict[int, list] = {}
    for sent in doc.sents:  # resolve in reading order, as extraction does
        for tok in sent:
            subject = tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "conj" and tok.head.dep_ in ("nsubj", "nsubjpass"))
            if subject or (tok.dep_ == "pobj" and tok.head.head.lemma_ == "interview"):  # "an interview with X"
                res = resolver.resolve(doc[tok.left_edge.i : tok.i + 1])
                if res is not None:
                    found.setdefault(sent.start_char, []).append(res)
    missed = []
    for unit in gold["statements"]:
        names = [unit["speaker"], *unit.get("aliases", [])]
        start = body.index(unit["sentence"][:60].strip("*"))
        sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
        got = [r.name for r in found.get(sent.start_char, [])]
        if not any(kb.same_speaker(g, n) or g == n for g in got for n in names):
            missed.append((unit["speaker"], got))
    assert not missed


def test_seed_camps_come_from_roles_and_relations(nlp):
    gold = yaml.safe_load(shared_path("gold", "seed.yaml").read_text(encoding="utf-8"))
    kb = load_kb()
    body = seed_body()
    resolver = ActorResolver(kb, nlp(body), Article(body=body, published="2020-10-18"))
    by_name = {a.name: a for a in resolver.all_actors()}
    for camp in gold["camps"]:
        state, _, inner = camp["name"].partition(" / ")
        for member in camp["members"]:
            actor = by_name.get(member) or by_name.get(kb.speaker(member).name if kb.speaker(member) else member)
            assert actor is not None, member
            assert actor.affiliation == [state, inner], (member, actor.affiliation)

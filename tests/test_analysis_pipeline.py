"""`stancemap analyze` end to end: real spaCy, real DuckDB file, real CLI, on the seed and the examples."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, shared_path

CIRCLE = "Iran / Supreme Leader's circle"
GOVERNMENT = "Iran / Government"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, nlp):
    """One analyze run on the seed, shared by the tests below (parsing is the slow part)."""
    from typer.testing import CliRunner

    from stancemap.cli import app

    seed = shared_path("seed", "000_b1cc76adf05f4c39.txt")
    tmp = tmp_path_factory.mktemp("seed")
    db, out, md, html = tmp / "seed.duckdb", tmp / "seed.json", tmp / "seed.md", tmp / "seed.html"
    result = CliRunner().invoke(
        app,
        ["analyze", str(seed), "--conflict", "armenia-azerbaijan", "--db", str(db), "--json-file", str(out),
         "--md", str(md), "--html", str(html)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return {"db": db, "json": json.loads(out.read_text("utf-8")), "md": md.read_text("utf-8"),
            "html": html.read_text("utf-8"), "output": result.output, "seed": seed}


def test_the_seed_thesis_comes_out_as_a_divergence_with_evidence(seed_run):
    data = seed_run["json"]
    divergences = [f for f in data["findings"] if f["kind"] == "divergence"]
    iran = [f for f in divergences if set(f["details"]["camps"]) == {GOVERNMENT, CIRCLE}]
    assert iran, [f["text"] for f in data["findings"]]
    stance = iran[0]["details"]["stance"]
    assert stance[GOVERNMENT]["Azerbaijan"] == "neutral"
    assert stance[CIRCLE]["Azerbaijan"] == "support"
    assert stance[CIRCLE].get("Armenia", "oppose") == "oppose"
    evidence = {e["speaker"]: e for e in iran[0]["evidence"]}
    assert any("Zarif" in s or "Rouhani" in s or "Rabiei" in s for s in evidence)
    assert any("Velayati" in s or "representatives" in s for s in evidence)
    body_sentences = seed_run["seed"].read_text("utf-8")
    for e in iran[0]["evidence"]:
        assert e["sentence"][:40] in body_sentences and e["date"]


def test_the_seed_shift_around_5_october_and_the_background_years(seed_run):
    findings = seed_run["json"]["findings"]
    shifts = [f for f in findings if f["kind"] == "shift"]
    around = [f for f in shifts if "around 5 Oct 2020" in f["text"] and f["entity"] in ("Keyhan", CIRCLE)]
    assert around, [f["text"] for f in shifts]
    # toward Azerbaijan's side: for Azerbaijan, or against Armenia
    assert any((c["to"], c["side"]) in {("support", "Azerbaijan"), ("oppose", "Armenia")} for c in around[0]["details"]["changes"])
    background = [f for f in findings if f["kind"] == "background"]
    assert {"1993", "1994", "2019"} <= {f["period"] for f in background}
    for f in background:
        assert f["evidence"] and all(e["date"] and e["date"][:4] == f["period"] for e in f["evidence"])


def test_the_camps_table_and_every_report_format_agree(seed_run):
    data = seed_run["json"]
    camps = {c["name"]: c for c in data["camps"]}
    assert camps[GOVERNMENT]["leaning"]["Azerbaijan"] == "neutral"
    assert camps[CIRCLE]["leaning"]["Azerbaijan"] == "support"
    assert any("Velayati" in m for m in camps[CIRCLE]["members"])
    assert "## Divergences" in seed_run["md"] and "Supreme Leader's circle" in seed_run["md"]
    assert "<svg" in seed_run["html"] and 'class="statement"' in seed_run["html"]
    assert "Divergences" in seed_run["output"] and "Supreme Leader" in seed_run["output"]


def test_report_rereads_the_store_without_parsing_and_says_the_same(seed_run, cli):
    result = cli("report", "--db", seed_run["db"], "--json")
    assert result.exit_code == 0, result.output
    again = json.loads(result.stdout)
    first = seed_run["json"]
    assert [f["text"] for f in again["findings"]] == [f["text"] for f in first["findings"]]
    assert again["camps"] == first["camps"]


def test_a_second_analyze_skips_what_is_stored(seed_run, cli):
    result = cli("analyze", seed_run["seed"], "--conflict", "armenia-azerbaijan", "--db", seed_run["db"],
                 "--md", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Stance report: armenia-azerbaijan")
    from stancemap.store.db import Store

    with Store(seed_run["db"], read_only=True) as store:
        assert len(store.articles()) == 1


def test_analyze_on_the_bundled_examples(tmp_path, cli, nlp):
    if not EXAMPLES.is_dir() or not any(EXAMPLES.iterdir()):
        pytest.skip("examples/ is not in this checkout")
    out = tmp_path / "examples.json"
    result = cli("analyze", EXAMPLES, "--db", tmp_path / "ex.duckdb", "--conflict", "armenia-azerbaijan",
                 "--json-file", out, "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["articles"] == len([p for p in EXAMPLES.rglob("*") if p.is_file()])
    assert data["actors"] and data["camps"]
    assert all(set(a["stance"]) == {"Armenia", "Azerbaijan"} for a in data["actors"])


def test_bad_options_are_clear_errors(tmp_path, cli):
    seed = shared_path("seed", "000_b1cc76adf05f4c39.txt")
    result = cli("analyze", seed, "--db", tmp_path / "x.duckdb", "--conflict", "no-such-war")
    assert result.exit_code == 2 and "no-such-war" in result.output
    result = cli("analyze", seed, "--db", tmp_path / "x.duckdb", "--period", "fortnight")
    assert result.exit_code == 2 and "fortnight" in result.output
    result = cli("report", "--db", tmp_path / "missing.duckdb")
    assert result.exit_code == 2 and "missing.duckdb" in result.output


NORTH_SOUTH = """id: north-south
title: Northland - Southland border war
sides:
  - name: Northland
    aliases: [Northland, Northlander, Northlanders, Nordgrad]
  - name: Southland
    aliases: [Southland, Southlander, Southlanders, Sudport]
keywords: [Northland, Southland, border war]
"""

ARTICLE = """Border war: Norway calls for talks

On March 3, 2021, Norwegian Foreign Minister Eva Falk urged Northland and Southland to stop the fighting and return to negotiations. "There is no military solution to this conflict," Falk told reporters in the capital.
The government of Norway said it was ready to host talks between the two sides.
"""


def test_analyze_with_a_conflict_of_our_own_and_a_bad_input_in_the_batch(tmp_path, cli, nlp):
    conflict = tmp_path / "north-south.yaml"
    conflict.write_text(NORTH_SOUTH, encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "falk.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    out = tmp_path / "r.json"
    result = cli("analyze", folder, "--conflict", conflict, "--db", tmp_path / "ns.duckdb", "--json-file", out)
    assert result.exit_code == 1  # the batch went on; the exit code says one input failed
    assert "broken.txt" in result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["conflict"] == "north-south" and data["sides"] == ["Northland", "Southland"]
    assert data["articles"] == 1
    falk = [a for a in data["actors"] if "Falk" in a["actor"]]
    assert falk and falk[0]["camp"] == "Norway / Government"


def test_coding_reads_each_sentence_from_the_article_parse(seed_run, nlp):
    """analyze codes from the extraction's parse: each statement's sentence doc, cut from the
    article's Doc, reads exactly as the sentence (same text, same tokens), and the codings it
    stored agree with coding each sentence parsed on its own (the path `eval` measures)."""
    from stancemap.stance.sentence_docs import sentence_doc
    from stancemap.nlp.text import doc_text
    from stancemap.stance import get_coder
    from stancemap.stance.conflicts import resolve_conflict
    from stancemap.store.db import Store

    with Store(seed_run["db"]) as store:
        (article,) = store.articles()
        statements = store.statements()
        stored = {sid: c for (sid, _), c in store.codings().items()}
    parser = nlp
    doc = parser(article.body)
    assert len(statements) >= 20 and set(stored) == {s.id for s in statements}
    coder = get_coder(None, parser)
    spec = resolve_conflict("armenia-azerbaijan")
    agree = 0
    for s in statements:
        cut = sentence_doc(doc, doc_text(doc), s, parser.tokenizer)
        assert cut is not None and cut.text == s.sentence
        assert [t.text for t in cut] == [t.text for t in parser.tokenizer(s.sentence)]
        assert all(t.head.i < len(cut) for t in cut) and cut.has_annotation("DEP")
        alone = coder.code(s, spec, None)
        labels = lambda c: {side: st.label for side, st in c.stance.items()}  # noqa: E731
        agree += labels(alone) == labels(stored[s.id]) and [a.name for a in alone.actions] == [a.name for a in stored[s.id].actions]
    assert agree >= 0.95 * len(statements), f"{agree} of {len(statements)} codings agree with a fresh parse"


def test_a_sentence_the_article_tokenizes_differently_is_parsed_on_its_own(nlp):
    """Text glued across a sentence end tokenizes differently inside the article: no cut doc
    then, so the coder parses the sentence itself as it always did."""
    from stancemap.stance.sentence_docs import sentence_doc
    from stancemap.records import Statement

    parser = nlp
    text = 'Putin called for "an end to hostilities".The talks went on. Macron said peace was near. '
    doc = parser(text)
    glued = Statement(article_id="a", speaker="Putin", speaker_mention="Putin", speaker_reason="", cue="called for",
                      sentence='Putin called for "an end to hostilities".', sent_start=0, sent_end=41, content="")
    plain_start = text.index("Macron")
    plain = Statement(article_id="a", speaker="Macron", speaker_mention="Macron", speaker_reason="", cue="said",
                      sentence="Macron said peace was near.", sent_start=plain_start, sent_end=plain_start + 28, content="")
    cut = sentence_doc(doc, text, plain, parser.tokenizer)
    assert cut is not None and cut.text == plain.sentence and cut[1].dep_ == "ROOT"
    # inside the article 'hostilities".The' keeps the quote on the word; alone it is split off
    assert [t.text for t in doc.char_span(0, 41)][-2:] == ['hostilities"', "."]
    assert sentence_doc(doc, text, glued, parser.tokenizer) is None


def test_articles_that_never_name_the_conflict_are_stored_but_left_out(cli, db, tmp_path):
    from stancemap.store.db import Store

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "karabakh.txt").write_text((EXAMPLES / "ceasefire-calls.txt").read_text("utf-8"), encoding="utf-8")
    (folder / "budget.txt").write_text(
        "Senate leaders said on Tuesday that the spending bill would pass before the recess. "
        "\"We have the votes,\" the majority leader told reporters, while the minority whip said "
        "the bill cut too deeply into school programmes.",
        encoding="utf-8",
    )
    # --all: parsed although it never names the conflict (by default it is not parsed: test_relevance.py)
    result = cli("analyze", folder, "--conflict", "armenia-azerbaijan", "--db", db, "--json-file", str(tmp_path / "out.json"),
                 "--all")
    assert result.exit_code == 0, result.output
    assert "1 article never names the conflict and is left out" in " ".join(result.output.split())
    with Store(db) as store:
        budget = next(a for a in store.articles() if "spending bill" in a.body)
        stored = store.statements(budget.id)
        coded = {sid for sid, _ in store.codings("armenia-azerbaijan")}
    assert stored and not {s.id for s in stored} & coded  # extracted and kept, not coded for this conflict
    report = json.loads((tmp_path / "out.json").read_text("utf-8"))
    evidence = [e["sentence"] for f in report["findings"] for e in f["evidence"]]
    assert report["actors"] and not any("spending bill" in s or "votes" in s for s in evidence)
    assert not any("leader" in a["actor"].lower() or "whip" in a["actor"].lower() for a in report["actors"])


def test_evidence_carries_the_coders_confidence_per_label(seed_run):
    evidence = [e for f in seed_run["json"]["findings"] for e in f["evidence"] if e["stance"]]
    assert evidence
    for e in evidence:
        assert set(e["confidence"]) == set(e["stance"])
        assert all(0 < c <= 1 for c in e["confidence"].values())
    assert "the chance this label is right" in seed_run["html"]


def test_a_speaker_the_article_places_is_coded_with_that_country_at_once(tmp_path):
    """A speaker whose country only the article tells ("Armenian Defence Ministry spokeswoman
    ... said") is coded with that country as extraction hands the parse over, not coded without
    one and then parsed and coded again once the run's actors are stored."""
    from stancemap.ingest.sources import ingest_sources
    from stancemap.stance.article_coding import ArticleCoder
    from stancemap.stance.coder import actors_country_lookup
    from stancemap.stance.conflicts import resolve_conflict
    from stancemap.statements.extract import extract_articles
    from stancemap.store.db import Store

    sources = [str(shared_path("data", "conflict-news", "articles", f"{n}.txt")) for n in ("005", "006", "011", "015")]
    spec = resolve_conflict("armenia-azerbaijan")
    with Store(tmp_path / "run.duckdb") as store:
        ingest_sources(sources, store)
        coder = ArticleCoder(store, spec.id, "armenia-azerbaijan")
        before = actors_country_lookup(store.actors())  # the knowledge base: nothing stored yet
        extract_articles(store, on_article=coder, hints=spec.hints)
        coder.flush()
        placed = [s for s, country in coder.countries.values() if country and before(s) is None]
        assert len(placed) >= 3, "speakers only the articles place"
        assert coder.recode_changed_speakers() == 0
        assert {c.statement_id for (_sid, _conf), c in store.codings(spec.id).items()} >= {s.id for s in placed}

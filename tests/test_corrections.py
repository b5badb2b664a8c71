"""Analysts' corrections in the store: the schema migration, the corrected values in reports and
exports, and `export --corrections` as gold that `eval` and `train` read."""

from __future__ import annotations

import csv
import io
import json
import shutil

import duckdb
import pytest

from stancemap.analysis import analyze_store
from stancemap.evaluate.gold import load_gold
from stancemap.stance.actions import action
from stancemap.store.corrections import CorrectionError, validate
from stancemap.store.db import SCHEMA_VERSION, Store

CONFLICT = "armenia-azerbaijan"
SIDES = ["Armenia", "Azerbaijan"]


@pytest.fixture
def store_copy(examples_db, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copyfile(examples_db, path)
    return path


def _first(store, speaker):
    return next(s for s in store.statements() if s.speaker == speaker)


def test_a_version_2_store_gains_the_corrections_table_and_keeps_its_data(store_copy):
    con = duckdb.connect(str(store_copy))
    con.execute("DROP TABLE corrections")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    statements = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    con.close()
    with Store(store_copy, read_only=True) as store:  # read-only: left as it is, nothing corrected
        assert store.corrections() == [] and store.corrections_revision() == 0
    with Store(store_copy) as store:
        assert store.has_corrections_table()
        assert store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] == statements


def test_corrections_show_in_the_report_and_exports_and_the_machines_values_stay(store_copy, cli, tmp_path):
    with Store(store_copy) as store:
        lavrov = _first(store, "Sergey Lavrov")
        machine = store.codings(CONFLICT)[(lavrov.id, CONFLICT)]
        assert machine.stance["Armenia"].label == "neutral"
        store.add_correction(lavrov.id, CONFLICT, "ana", "sides with Yerevan here",
                             validate({"stance": {"Armenia": "support"}, "actions": ["endorse"]}, SIDES, {"endorse": action("endorse")}))
        macron = _first(store, "Emmanuel Macron")
        store.add_correction(macron.id, None, "ana", "it is the Elysee", {"speaker": "Government of France", "date": "2020-10-08"})
        headline = _first(store, "defence ministries")
        store.add_correction(headline.id, None, "ana", "", {"not_statement": True})
        # the machine's rows are untouched
        assert store.codings(CONFLICT)[(lavrov.id, CONFLICT)].stance["Armenia"].label == "neutral"
        assert _first(store, "Emmanuel Macron").id == macron.id
        result = analyze_store(store, CONFLICT)
    rows = {r.statement.id: r for r in result.rows}
    assert rows[lavrov.id].label("Armenia") == "support" and rows[lavrov.id].actions == ["endorse"]
    assert rows[macron.id].speaker == "Government of France" and rows[macron.id].statement.date.value == "2020-10-08"
    assert headline.id not in rows

    out = cli("export", "--db", store_copy, "--conflict", CONFLICT, "--format", "csv")
    assert out.exit_code == 0, out.output
    exported = {r["statement_id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert exported[lavrov.id]["stance_Armenia"] == "support" and exported[lavrov.id]["actions"] == "endorse"
    assert exported[macron.id]["speaker"] == "Government of France"
    assert headline.id not in exported
    listed = json.loads(cli("statements", "--db", store_copy, "--json").stdout)
    assert headline.id not in {r["id"] for r in listed}
    assert next(r for r in listed if r["id"] == lavrov.id)["stance"]["Armenia"]["label"] == "support"
    report = json.loads(cli("report", "--db", store_copy, "--conflict", CONFLICT, "--json").stdout)
    assert "Government of France" in {a["actor"] for a in report["actors"]}


def test_a_correction_names_the_field_it_cannot_take():
    with pytest.raises(CorrectionError, match="stance: 'Mars' is not a side"):
        validate({"stance": {"Mars": "support"}}, SIDES, {})
    with pytest.raises(CorrectionError, match="date: '5 Oct' is not YYYY"):
        validate({"date": "5 Oct"}, SIDES, {})
    with pytest.raises(CorrectionError, match="name it"):
        validate({"actions": ["endorse"]}, None, {"endorse": action("endorse")})
    with pytest.raises(CorrectionError, match="nothing to correct"):
        validate({}, SIDES, {})


def test_export_corrections_writes_gold_that_eval_reads(store_copy, cli, tmp_path):
    with Store(store_copy) as store:
        target = _first(store, "Ilham Aliyev")
        others = [s.id for s in store.statements(article_id=target.article_id)]
        store.add_correction(target.id, CONFLICT, "ana", "", {"stance": {"Armenia": "oppose", "Azerbaijan": "support"}})
        dropped = next(s for s in store.statements(article_id=target.article_id) if s.id != target.id)
        store.add_correction(dropped.id, None, "ana", "", {"not_statement": True})
    out_dir = tmp_path / "gold"
    run = cli("export", "--corrections", "--db", store_copy, "--out", out_dir)
    assert run.exit_code == 0, run.output
    [path] = sorted(out_dir.glob("*.yaml"))
    gold = load_gold(path)  # the offsets resolve against the input file and its checksum
    assert gold.sides == SIDES and gold.source.name.endswith(".txt")
    required = [u for u in gold.units if not u.optional]
    assert [(u.speaker, u.stance) for u in required] == [("Ilham Aliyev", {"Armenia": "oppose", "Azerbaijan": "support"})]
    assert required[0].sentence == target.sentence
    assert len(gold.units) == len(others) - 1 and dropped.sentence not in {u.sentence for u in gold.units if u.speaker == dropped.speaker}
    assert "sentence_span" in path.read_text()

    scored = cli("eval", str(path), "--json")
    assert scored.exit_code == 0, scored.output
    overall = json.loads(scored.stdout)["overall"]
    # the corrected unit is found; the one marked "not a statement" is found too, and counts against
    assert (overall["speakers"]["tp"], overall["speakers"]["fp"], overall["speakers"]["fn"]) == (1, 1, 0)
    assert overall["stance"]["accuracy"] < 1.0  # the machine does not code Aliyev as the analyst did


def test_export_corrections_needs_a_folder_and_a_correction(examples_db, cli, tmp_path):
    assert "give --out FOLDER" in cli("export", "--corrections", "--db", examples_db).output
    run = cli("export", "--corrections", "--db", examples_db, "--out", tmp_path / "g")
    assert run.exit_code == 2 and "nothing is coded or corrected" not in run.output and "no correction recorded" in run.output

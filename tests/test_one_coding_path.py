"""`analyze` and `code` code the same statement the same way: one function builds the coder's context."""

from __future__ import annotations

import shutil

import duckdb

from conftest import shared_path

# unreserved conflict-news articles (the reserved ones are never used in tests)
ARTICLES = ["005", "006", "011", "015", "016", "017", "018", "022", "023", "024", "047", "048", "041", "043", "061"]


def _codings(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT statement_id, actions || stance FROM codings").fetchall())
    finally:
        con.close()


def test_analyze_and_code_give_one_corpus_the_same_codings(cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ARTICLES:
        shutil.copy(shared_path("data", "conflict-news", "articles", f"{name}.txt"), folder)
    analysed = tmp_path / "analyze.duckdb"
    assert cli("analyze", folder, "--conflict", "armenia-azerbaijan", "--db", analysed, "-q", "--json").exit_code == 0
    recoded = tmp_path / "code.duckdb"
    shutil.copy(analysed, recoded)
    assert cli("code", "--conflict", "armenia-azerbaijan", "--db", recoded, "-q").exit_code == 0
    by_analyze, by_code = _codings(analysed), _codings(recoded)
    assert len(by_analyze) > 100 and by_analyze.keys() == by_code.keys()
    differ = [sid for sid in by_analyze if by_analyze[sid] != by_code[sid]]
    assert differ == []

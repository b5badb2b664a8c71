"""Malformed and hostile --kb and --conflict YAML through every command that reads it (issue 16):
one clear error line naming the file, the field and the problem; never a traceback; a billion
laughs refused before it is expanded."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from hostile import run_measured

GOOD_ACTOR = "- name: Lilit Makunts\n  country: Armenia\n"
GOOD_CONFLICT = """id: ruritania-borduria
title: The Ruritanian war
sides:
  - {name: Ruritania, aliases: [Ruritanian, Strelsau]}
  - {name: Borduria, aliases: [Bordurian, Szohod]}
keywords: [ceasefire]
span: {start: "2020-09"}
"""

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)

# (file text, the words the error must contain)
KB_CASES = {
    "roles-number": ("- name: X\n  roles: 5\n", "actors[0] (X).roles: input should be a valid list"),
    "aliases-number": ("- name: X\n  aliases: 5\n", "actors[0] (X).aliases: input should be a valid list"),
    "affiliation-number": ("- name: X\n  affiliation: 7\n", "actors[0] (X).affiliation: input should be a valid list"),
    "nested-aliases": ("- name: X\n  aliases: [[a, b], c]\n", "actors[0] (X).aliases[0]: input should be a valid string"),
    "country-list": ("- name: X\n  country: [Iran, Iraq]\n", "actors[0] (X).country: input should be a valid string"),
    "bad-date": ("- name: X\n  roles: [{role: President, since: 2020-13-45}]\n", "roles[0].since: not a real date"),
    "not-a-date": ("- name: X\n  roles: [{role: President, until: soon}]\n", "roles[0].until: a date is YYYY"),
    "misspelt-key": ("- name: X\n  alias: [Y]\n", "actors[0] (X).alias: extra inputs are not permitted"),
    "no-name": ("- country: Iran\n", "actors[0].name: field required"),
    "empty-name": ("- name: ''\n", "actors[0].name: string should have at least 1 character"),
    "bad-kind": ("- name: X\n  kind: spaceship\n", "actors[0] (X).kind: input should be"),
    "relation-string": ("- name: X\n  relations: [adviser_to]\n", "relations[0]: input should be a valid dictionary"),
    "relation-no-target": ("- name: X\n  relations: [{relation: adviser_to}]\n", "relations[0].target: field required"),
    "role-no-role": ("- name: X\n  roles: [{of: Iran}]\n", "roles[0].role: field required"),
    "actors-mapping": ("actors: {name: X}\n", "actors: input should be a valid list"),
    "top-number": ("42\n", "input should be a valid dictionary"),
    "camp-members": ("camps: [{name: Iran / Diplomats, members: {a: b}}]\n", "camps[0] (Iran / Diplomats).members: input should be a valid list"),
    "huge-name": ("- name: " + "x" * 20000 + "\n", "string should have at most 10000 characters"),
    "syntax": ("actors: [\n", "not valid YAML (line 2"),
    "tab-indent": ("- name: X\n\t  country: Iran\n", "not valid YAML"),
    "python-tag": ("- !!python/object/apply:os.system ['echo pwned']\n", "could not determine a constructor"),
    "billion-laughs": (BOMB, "anchors and aliases expand the document"),
    "recursive": ("&a [*a]\n", "recursive"),
    "deep": ("[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
}
CONFLICT_CASES = {
    "sides-string": ("id: x\nsides: A and B\n", "sides: input should be a valid list"),
    "one-side": ("id: x\nsides: [OnlyOne]\n", "at least two sides"),
    "side-number": ("id: x\nsides: [A, 5]\n", "sides[1]: input should be a valid dictionary"),
    "nested-aliases": ("id: x\nsides: [{name: A, aliases: [[a]]}, B]\n", "sides[0] (A).aliases[0]: input should be a valid string"),
    "title-list": ("id: x\ntitle: [a, b]\nsides: [A, B]\n", "title: input should be a valid string"),
    "huge-title": ("id: x\ntitle: " + "t" * 20000 + "\nsides: [A, B]\n", "title: string should have at most 10000"),
    "bad-span": ("id: x\nsides: [A, B]\nspan: {start: 2020-13-45}\n", "span.start: not a real date"),
    "span-list": ("id: x\nsides: [A, B]\nspan: [2020]\n", "span: input should be a valid dictionary"),
    "bad-regex": ("id: x\nsides: [A, B]\nframing: [{pattern: '(', supports: A}]\n", "not a valid regular expression"),
    "framing-unknown-side": ("id: x\nsides: [A, B]\nframing: [{pattern: x, supports: C}]\n", "framing[0] needs"),
    "framing-own": ("id: x\nsides: [A, B]\nframing: [{pattern: x, supports: A, own: maybe}]\n", "framing[0].own: input should be"),
    "accusation-string": ("id: x\nsides: [A, B]\nframing: [{pattern: x, supports: A, in_accusation: perhaps}]\n",
                          "framing[0].in_accusation: input should be a valid boolean"),
    "keywords-mapping": ("id: x\nsides: [A, B]\nkeywords: {a: 1}\n", "keywords: input should be a valid list"),
    "misspelt-key": ("id: x\nsides: [A, B]\nkeyword: [war]\n", "keyword: extra inputs are not permitted"),
    "no-id": ("sides: [A, B]\n", "`id` (or `name`) is required"),
    "a-list": ("- A\n- B\n", "expected a mapping"),
    "empty": ("", "expected a mapping"),
    "billion-laughs": (BOMB, "anchors and aliases expand the document"),
    "syntax": ("id: [x\n", "not valid YAML"),
}


def _write(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _one_clear_line(result, path, words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    message = " ".join(line.strip() for line in lines)
    assert message.startswith(f"error: {path}:"), message
    assert words in message, message
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", sorted(KB_CASES))
def test_a_broken_kb_is_one_clear_error_in_every_command(case, cli, db, tmp_path):
    text, words = KB_CASES[case]
    path = _write(tmp_path, case, text)
    for command in (["extract"], ["actors"], ["code", "--conflict", "armenia-azerbaijan"],
                    ["report", "--conflict", "armenia-azerbaijan"], ["analyze", tmp_path / "none.txt"]):
        _one_clear_line(cli(*command, "--kb", path, "--db", db), path, words)


@pytest.mark.parametrize("case", sorted(CONFLICT_CASES))
def test_a_broken_conflict_file_is_one_clear_error_in_every_command(case, cli, db, tmp_path):
    text, words = CONFLICT_CASES[case]
    path = _write(tmp_path, case, text)
    for command in (["conflicts"], ["code"], ["analyze", tmp_path / "none.txt"], ["export"], ["report"]):
        args = [*command, "--conflict", path] + ([] if command == ["conflicts"] else ["--db", db])
        _one_clear_line(cli(*args), path, words)


def test_files_that_are_not_utf8_yaml(cli, tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("- name: José\n".encode("latin-1"))
    _one_clear_line(cli("actors", "--kb", latin, "--db", tmp_path / "x.duckdb"), latin, "not UTF-8 text (byte 0xe9 on line 1)")
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes(GOOD_CONFLICT.encode("utf-16"))
    _one_clear_line(cli("conflicts", "--conflict", utf16), utf16, "not UTF-8 text")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    _one_clear_line(cli("conflicts", "--conflict", folder), folder, "is a folder")
    missing = tmp_path / "missing.yaml"
    _one_clear_line(cli("conflicts", "--conflict", missing), missing, "no such conflict file")


def test_good_files_still_work(cli, tmp_path):
    conflict = _write(tmp_path, "ruritania", GOOD_CONFLICT)
    listed = json.loads(cli("conflicts", "--conflict", conflict, "--json").stdout)
    mine = next(c for c in listed if c["id"] == "ruritania-borduria")
    assert mine["sides"][0]["aliases"] == ["Ruritanian", "Strelsau"]
    kb = _write(tmp_path, "kb", "actors:\n  - name: Lilit Makunts\n    roles: [{role: Ambassador, since: 2020}]\n"
                                "    aliases: Makunts\n    affiliation: Armenia / Diplomats\n"
                                "camps:\n  - {name: Iran / Diplomats, members: [Zarif]}\n")
    from stancemap.store.db import Store

    Store(tmp_path / "s.duckdb").close()
    result = cli("actors", "--kb", kb, "--db", tmp_path / "s.duckdb", "--json")
    assert result.exit_code == 0, result.output


def test_a_billion_laughs_is_refused_before_it_grows(tmp_path):
    bomb = _write(tmp_path, "bomb", BOMB)
    assert len(BOMB) < 400
    for args in (["conflicts", "--conflict", bomb], ["actors", "--kb", bomb, "--db", tmp_path / "x.duckdb"]):
        run = run_measured(*args, timeout=120)
        assert run.returncode == 2 and "anchors and aliases expand the document" in run.stderr
        assert run.peak_mb < 500


def test_the_bundled_data_fits_the_schemas_users_are_held_to():
    from stancemap.actors.kb import DATA
    from stancemap.actors.schema import KB_FILE
    from stancemap.stance.schema import CONFLICT_FILE
    from stancemap.userfile import load_yaml, validate

    for name in ("people.yaml", "organisations.yaml"):
        validate(KB_FILE, load_yaml(DATA / name), name)
    conflicts = sorted((REPO / "stancemap" / "stance" / "data" / "conflicts").glob("*.yaml"))
    assert len(conflicts) >= 7
    for path in conflicts:
        validate(CONFLICT_FILE, load_yaml(path), path)

"""Conflicts as data: the shipped catalogue, a user's own YAML, matching articles, the CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_path, unreserved_conflict_news
from stancemap.records import Statement
from stancemap.stance import code_statements
from stancemap.stance.conflicts import (
    ConflictError, catalogue, conflict_for_sides, load_conflict_file, match_conflicts, resolve_conflict,
)

REQUIRED = {"armenia-azerbaijan", "russia-ukraine", "israel-hamas", "ethiopia-tplf", "india-pakistan",
            "saudi-coalition-houthis", "syria"}

# A conflict the catalogue does not ship, with fictional states, defined here as a user would.
USER_CONFLICT = """
id: ruritania-borduria
title: Ruritania - Borduria border war
sides:
  - name: Ruritania
    aliases: [Ruritania, Ruritanian, Ruritanians, Strelsau, King Rudolf]
  - name: Borduria
    aliases: [Borduria, Bordurian, Bordurians, Szohod, Marshal Plekszy-Gladz, Plekszy-Gladz]
territories: [Zenda Valley]
keywords: [Zenda Valley, Zenda]
framing:
  - {pattern: '\\bBordurian-occupied\\b', supports: Ruritania, cue: occupation framing}
"""


@pytest.fixture
def user_conflict_file(tmp_path):
    path = tmp_path / "ruritania.yaml"
    path.write_text(USER_CONFLICT, encoding="utf-8")
    return path


def test_catalogue_ships_the_required_conflicts_with_aliases():
    cat = catalogue()
    assert REQUIRED <= set(cat)
    karabakh = cat["armenia-azerbaijan"]
    assert karabakh.side_names == ["Armenia", "Azerbaijan"]
    armenia = karabakh.side("Armenia")
    for alias in ("Artsakh", "Nagorno-Karabakh Republic", "Stepanakert", "Yerevan", "Pashinyan", "Armenian"):
        assert alias in armenia.aliases
    for c in cat.values():
        assert len(c.sides) >= 2 and all(s.aliases for s in c.sides) and c.keywords


def test_side_mentions_use_aliases_and_skip_compound_modifiers():
    karabakh = resolve_conflict("armenia-azerbaijan")
    text = "Baku said the Artsakh authorities broke the Russia-brokered truce; Yerevan denied it."
    assert [s for s, _, _ in karabakh.mentions(text)] == ["Azerbaijan", "Armenia", "Armenia"]
    ukraine = resolve_conflict("russia-ukraine")
    assert ukraine.sides_in("the Russia-brokered ceasefire") == []


def test_resolve_by_name_title_or_file(user_conflict_file):
    assert resolve_conflict("Second Nagorno-Karabakh war").id == "armenia-azerbaijan"
    assert resolve_conflict(str(user_conflict_file)).id == "ruritania-borduria"
    with pytest.raises(ConflictError, match="not a conflict in the catalogue"):
        resolve_conflict("atlantis-lemuria")


def test_an_episode_named_gives_undated_articles_its_year(tmp_path):
    """Naming a war of a long conflict ("44-day war") gives the year an undated article's days take;
    the conflict itself runs over decades and gives none."""
    assert resolve_conflict("44-day war").id == "armenia-azerbaijan"
    assert resolve_conflict("44-day war").undated_year == 2020
    assert resolve_conflict("Four-Day War").undated_year == 2016
    assert resolve_conflict("armenia-azerbaijan").undated_year is None
    # a gold file names its sides and its war: the catalogue conflict, with its home and the war's year
    gold = conflict_for_sides(["Armenia", "Azerbaijan"], "Nagorno-Karabakh war 2020")
    assert gold.undated_year == 2020 and gold.framing == catalogue()["armenia-azerbaijan"].framing
    assert conflict_for_sides(["Syrian government", "Syrian opposition"], "Syrian civil war").home == ["Syria"]
    own = tmp_path / "zenda.yaml"
    own.write_text(USER_CONFLICT + 'episodes: [{name: Zenda crisis, names: [Zenda war], span: {start: "2021-03-02", end: "2021-04-30"}}]\n',
                   encoding="utf-8")
    assert load_conflict_file(own).with_episode("zenda war").undated_year == 2021
    own.write_text(USER_CONFLICT + "episodes: [{name: Zenda crisis}]\n", encoding="utf-8")
    with pytest.raises(ConflictError, match=r"zenda\.yaml.*episodes"):
        load_conflict_file(own)


def test_bad_user_yaml_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nsides: [OnlyOne]\n", encoding="utf-8")
    with pytest.raises(ConflictError, match=r"bad\.yaml.*at least two sides"):
        load_conflict_file(bad)
    bad.write_text("id: x\nsides: [A, B]\nframing: [{pattern: 'x', supports: C}]\n", encoding="utf-8")
    with pytest.raises(ConflictError, match=r"framing\[0\]"):
        load_conflict_file(bad)
    with pytest.raises(ConflictError, match="no such conflict file"):
        load_conflict_file(tmp_path / "missing.yaml")


def test_a_conflict_not_in_the_catalogue_is_coded_from_its_own_yaml(nlp, user_conflict_file):
    def st(sentence, speaker):
        return Statement("t", speaker, speaker, "test", "", sentence, 0, len(sentence))

    stmts = [
        st("The Syldavian king sided with Ruritania in the dispute over the Zenda Valley.", "King Muskar"),
        st("The Bordurian defence ministry accused Ruritanian forces of shelling Szohod.", "Ministry of Defence of Borduria"),
        st("The UN urged both sides to return to negotiations.", "United Nations"),
        st("Syldavia condemned the Bordurian-occupied valley's blockade.", "Government of Syldavia"),
    ]
    codings = code_statements(stmts, str(user_conflict_file), coder="rules", nlp=nlp)
    labels = [{s: v.label for s, v in c.stance.items()} for c in codings]
    assert labels[0] == {"Ruritania": "support", "Borduria": "oppose"}
    assert labels[1] == {"Ruritania": "oppose"}
    assert labels[2] == {"Ruritania": "neutral", "Borduria": "neutral"}
    assert labels[3] == {"Ruritania": "support", "Borduria": "oppose"}
    assert all(c.conflict == "ruritania-borduria" for c in codings)


def test_match_conflicts_scores_articles():
    body = shared_path("seed", "000_b1cc76adf05f4c39.txt").read_text(encoding="utf-8")
    matches = match_conflicts(body)
    assert matches[0][0] == "armenia-azerbaijan"
    assert 0 < matches[0][1] <= 1
    assert all(score < matches[0][1] for _, score in matches[1:])
    assert match_conflicts("The city council approved a new budget for road repairs on Tuesday.") == []
    gaza = "Israeli strikes hit Rafah as Hamas said talks on the hostages in Gaza had stalled."
    assert match_conflicts(gaza)[0][0] == "israel-hamas"


def test_conflict_news_articles_match_karabakh():
    files = unreserved_conflict_news()[:20]
    top = [(match_conflicts(f.read_text(encoding="utf-8")) or [("none", 0)])[0][0] for f in files]
    assert top.count("armenia-azerbaijan") >= 18


def test_conflicts_cli_lists_the_catalogue_and_user_files(cli, user_conflict_file):
    result = cli("conflicts", "--json")
    assert result.exit_code == 0
    ids = {c["id"] for c in json.loads(result.stdout)}
    assert REQUIRED <= ids
    result = cli("conflicts", "--json", "--conflict", user_conflict_file)
    listed = {c["id"]: c for c in json.loads(result.stdout)}
    assert listed["ruritania-borduria"]["sides"][1]["name"] == "Borduria"
    result = cli("conflicts")
    assert result.exit_code == 0 and "Azerbaijan" in result.stdout and "Houthis" in result.stdout


# Words that border, contain or spell an alias differently: the edges a one-pass search must get right.
_NEAR_MISSES = ["Armenian-backed", "Karabakhi", "xArmenia", "Azerbaijan's", "Baku-based", "ARMENIA", "Stepanakert.",
                "Russia-brokered", "the", "said", "Yerevan,", "Artsakh", "Nagorno", "Karabakh", "minsk", "Group"]


@given(st.lists(st.sampled_from(_NEAR_MISSES) | st.text(alphabet="abkz -'.", max_size=8), max_size=12))
@settings(max_examples=300, deadline=None)
def test_named_in_agrees_with_match_conflicts(words):
    """The off-topic check's one-pass search says yes exactly when the full scorer scores above zero."""
    text = " ".join(words)
    for conflict in catalogue().values():
        assert conflict.named_in(text) == bool(match_conflicts(text, [conflict], threshold=1e-9)), (conflict.id, text)

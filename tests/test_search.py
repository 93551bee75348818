"""kg search, the suggestions of kg show, and the JSON of kg show and kg stats."""

import json

import pytest

KGR = "https://w3id.org/chipkg/id/"


@pytest.mark.parametrize("text, first", [
    ("jensen", "jensen-huang"), ("Jensen Hwang", "jensen-huang"), ("Huáng", "jensen-huang"), ("هوانغ", "jensen-huang"),
    ("هوانج", "jensen-huang"), ("bytedan", "bytedance"), ("ساك", "david-sacks"), ("Beijing", "china"),
])
def test_search_finds_partial_and_misspelt_names(kg, built_store_path, text, first):
    result = kg("search", text, "--store", str(built_store_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and found[0]["iri"] == KGR + first, found
    assert {"label", "type", "matched", "claims_out", "claims_in"} <= set(found[0])


def test_search_table_and_nothing_found(kg, built_store_path):
    table = kg("search", "sacks", "--store", str(built_store_path)).stdout
    assert table.splitlines()[0].split() == ["entity", "type", "matched", "out", "in", "id"]
    assert "David Sacks" in table and "david-sacks" in table
    none = kg("search", "zzzzqqq", "--store", str(built_store_path))
    assert none.exit_code == 1 and "No entity has a name like 'zzzzqqq'" in none.stderr


def test_show_takes_a_unique_partial_name_and_suggests_by_the_same_ranking(kg, built_store_path):
    assert kg("show", "Jensen", "--store", str(built_store_path)).stdout.startswith("Jensen Huang  <")
    missing = kg("show", "Jensen Hwang", "--store", str(built_store_path))
    assert missing.exit_code == 2 and "Closest: Jensen Huang" in missing.stderr and "Tencent" not in missing.stderr


def test_show_and_stats_as_json(kg, built_store_path):
    profile = json.loads(kg("show", "David Sacks", "--store", str(built_store_path), "--format", "json").stdout)
    assert profile["iri"] == KGR + "david-sacks" and profile["relations_in"] == 1
    [incoming] = [c for c in profile["claims"] if c["direction"] == "in"]
    assert (incoming["subject_iri"], incoming["relation"], incoming["object_iri"]) == (
        KGR + "sam-bresnick", "criticizes", KGR + "david-sacks")
    stats = json.loads(kg("stats", "--store", str(built_store_path), "--format", "json").stdout)
    text = kg("stats", "--store", str(built_store_path)).stdout
    assert f"{stats['claims']} claims" in text and stats["hidden_claims"] == 0
    assert {r["label"]: r["claims"] for r in stats["relations"]}["supports"] == 9

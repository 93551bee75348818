"""Answers kept per store version (kg.cache): read back while the store is unchanged, never after a change."""

import os
from pathlib import Path

import pytest

from kg.store.cache import DiskCache, MemoryCache, store_version
from kg.store.embedded import MEMORY, open_store

LOBBYISTS = "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom } ORDER BY ?who ?whom"
NEW_LOBBYIST = "INSERT DATA { GRAPH <https://w3id.org/chipkg/graph/test> { kgr:someone-new kg:lobbies kgr:nvidia } }"


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """A cache of this test's own, so that entries can be counted and changed."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_the_version_stays_across_reads_and_changes_with_every_write(store_copy, tmp_path):
    before = store_version(store_copy)
    with open_store(store_copy) as store:
        assert store.version == before
        assert len(list(store.select(LOBBYISTS))) == 1
    assert store_version(store_copy) == before  # reading changes no data file

    with open_store(store_copy, write=True) as store:
        assert store.version is None  # a writer's answers are never kept
        store.update(NEW_LOBBYIST)
        after_update = store_version(store_copy)  # seen while the writer still holds the store open
    assert after_update != before

    extra = tmp_path / "extra.nt"
    extra.write_text("<https://w3id.org/chipkg/id/x> <https://w3id.org/chipkg/ontology#lobbies> "
                     "<https://w3id.org/chipkg/id/y> .\n", encoding="utf-8")
    current = store_version(store_copy)
    with open_store(store_copy, write=True) as store:
        from kg.network.load import load_files

        load_files(store, [extra])
    assert store_version(store_copy) not in (current, after_update, before)
    assert open_store(MEMORY).version is None


def test_a_repeated_query_is_read_back_until_the_store_changes(kg, store_copy, cache_folder):
    first = kg("query", LOBBYISTS, "--format", "csv", "--store", str(store_copy))
    assert first.exit_code == 0 and "jensen-huang" in first.stdout
    [entry] = entries(cache_folder)
    assert entry.read_text(encoding="utf-8") == first.stdout

    entry.write_text("read from the cache\n", encoding="utf-8")  # proves the next answer is read back
    assert kg("query", LOBBYISTS, "--format", "csv", "--store", str(store_copy)).stdout == "read from the cache\n"
    assert kg("query", LOBBYISTS, "--format", "csv", "--no-cache", "--store", str(store_copy)).stdout == first.stdout

    assert kg("query", NEW_LOBBYIST, "--update", "--store", str(store_copy)).exit_code == 0
    changed = kg("query", LOBBYISTS, "--format", "csv", "--store", str(store_copy))
    assert "someone-new" in changed.stdout and "read from the cache" not in changed.stdout
    assert changed.stdout.splitlines()[1:] == sorted(changed.stdout.splitlines()[1:])
    assert len(entries(cache_folder)) == 2  # the old version's entry stays until trimmed, never asked for again


def test_no_cache_neither_reads_nor_keeps(kg, built_store_path, cache_folder, monkeypatch):
    assert kg("query", LOBBYISTS, "--no-cache", "--store", str(built_store_path)).exit_code == 0
    monkeypatch.setenv("KG_CACHE", "0")
    assert kg("query", LOBBYISTS, "--store", str(built_store_path)).exit_code == 0
    assert entries(cache_folder) == []


def test_answers_are_kept_apart_by_format_language_and_parameters(kg, built_store_path, cache_folder):
    store = str(built_store_path)
    asked = [("--name", "two-hops", "--param", "actor=David Sacks"),
             ("--name", "two-hops", "--param", "actor=Nvidia"),
             ("--name", "two-hops", "--param", "actor=Nvidia", "--format", "csv"),
             ("--name", "two-hops", "--param", "actor=Nvidia", "--lang", "ar")]
    fresh = [kg("query", *args, "--no-cache", "--store", store).stdout for args in asked]
    assert len(set(fresh)) == 4
    kept = [kg("query", *args, "--store", store).stdout for args in asked]
    again = [kg("query", *args, "--store", store).stdout for args in asked]
    assert kept == fresh and again == fresh
    assert len(entries(cache_folder)) == 4


def test_the_in_memory_store_keeps_nothing(kg, cache_folder):
    result = kg("query", LOBBYISTS, "--format", "csv", "--store", MEMORY)
    assert "jensen-huang" in result.stdout
    assert entries(cache_folder) == []


def test_a_cache_that_cannot_be_written_is_skipped(kg, built_store_path, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go\n", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocked))
    result = kg("query", LOBBYISTS, "--format", "csv", "--store", str(built_store_path))
    assert result.exit_code == 0 and result.stdout.splitlines()[1].endswith("jensen-huang,https://w3id.org/chipkg/id/united-states")


def test_the_disk_cache_trims_the_least_recently_used(tmp_path):
    cache = DiskCache(tmp_path, limit=400)
    for number, name in enumerate("abcd"):
        cache.put(name, name.encode() * 100)
        os.utime(tmp_path / name, ns=(number * 10**9, number * 10**9))
    assert cache.get("a") == b"a" * 100  # used now: the most recent
    cache.put("e", b"e" * 100)
    assert [p.name for p in entries(tmp_path)] == ["a", "c", "d", "e"]
    cache.put("big", b"x" * 101)  # over a quarter of the limit: not kept
    assert cache.get("big") is None
    assert cache.clear() == 4 and entries(tmp_path) == []


def test_the_memory_cache_trims_the_least_recently_used():
    cache = MemoryCache(limit=400)
    for name in "abcd":
        cache.put(name, name, 100)
    assert cache.get("a") == "a"
    cache.put("e", "e", 100)
    assert [cache.get(name) for name in "abcde"] == ["a", None, "c", "d", "e"]
    cache.put("big", "big", 101)
    assert cache.get("big") is None


AWKWARD_TERMS = """INSERT DATA { GRAPH <https://w3id.org/chipkg/graph/test> {
  kgr:odd kg:quote "two\\tcolumns\\nand \\"lines\\"\\\\"@en , "بكين"@ar , "3.50"^^xsd:decimal , "2025-12-01"^^xsd:date ,
      "x"^^<https://example.org/type> , _:anonymous .
  _:anonymous rdfs:label "no name" .
} }"""
EVERY_FACT = "SELECT ?s ?p ?o ?label WHERE { ?s ?p ?o OPTIONAL { ?o rdfs:label ?label } } ORDER BY ?s ?p ?o"


def test_kept_rows_read_back_as_the_same_terms(store_copy, tmp_path):
    with open_store(store_copy, write=True) as store:
        store.update(AWKWARD_TERMS)
    with open_store(store_copy) as store:
        fresh = [tuple(row) for row in store.solutions(EVERY_FACT)]
        store.answers = DiskCache(tmp_path / "answers")
        computed = [tuple(row) for row in store.solutions(EVERY_FACT, keep=True)]
        assert len(entries(tmp_path / "answers")) == 1
        read_back = [tuple(row) for row in store.solutions(EVERY_FACT, keep=True)]
    assert computed == fresh and read_back == fresh
    odd = [row for row in fresh if row[0].value.endswith("/odd")]
    assert len(odd) == 6 and any(row[3] is not None for row in odd) and any(row[3] is None for row in odd)


def test_kg_analyze_reads_its_claims_back_and_reports_the_same(kg, store_copy, cache_folder):
    store = str(store_copy)
    fresh = kg("analyze", "coalitions", "--format", "json", "--no-cache", "--store", store).stdout
    assert entries(cache_folder) == []
    assert kg("analyze", "coalitions", "--format", "json", "--store", store).stdout == fresh
    kept = entries(cache_folder)
    assert len(kept) >= 1
    assert kg("analyze", "coalitions", "--format", "json", "--store", store).stdout == fresh
    assert entries(cache_folder) == kept  # read back, nothing new computed
    assert kg("query", NEW_LOBBYIST, "--update", "--store", store).exit_code == 0
    assert kg("analyze", "coalitions", "--format", "json", "--store", store).stdout == fresh  # lobbying is no stance
    assert len(entries(cache_folder)) == 2 * len(kept)  # the changed store's claims were read again


def test_a_bad_cache_size_is_one_line_and_changes_nothing(kg, store_copy, monkeypatch):
    before = store_version(store_copy)
    monkeypatch.setenv("KG_CACHE_MIB", "lots")
    result = kg("query", LOBBYISTS, "--store", str(store_copy))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "Error: KG_CACHE_MIB='lots' is not a whole number of MiB; set it to e.g. 1024, or unset it."
    assert store_version(store_copy) == before

"""Stores: memory and on-disk, transactional writes, idempotent builds, the lock."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.model.build import build
from kg.store.embedded import MEMORY, default_store_path, open_store
from kg.vocab import ENTITIES_GRAPH, KGR, ONTOLOGY_GRAPH, REFERENCE_GRAPH, source_iri

NOTES = URIRef("https://w3id.org/chipkg/id/graph/notes")


def test_memory_and_disk_stores_hold_the_same_graph(read_store):
    with open_store(MEMORY) as memory:
        build(memory)
        assert isomorphic(memory.union_graph(), read_store.union_graph())
        assert memory.graph_names() == read_store.graph_names()


def test_each_source_has_its_own_named_graph(read_store):
    assert read_store.graph_names() == sorted([ONTOLOGY_GRAPH, ENTITIES_GRAPH, REFERENCE_GRAPH, source_iri("made-in-china-h200")])


def test_building_twice_duplicates_nothing(store_copy):
    with open_store(store_copy, write=True) as store:
        first = store.union_graph()
        quads = len(store)
        report = build(store)
        assert len(store) == quads == report.triples
        assert isomorphic(store.union_graph(), first)


def test_a_build_keeps_other_graphs_and_fresh_drops_them(store_copy):
    extra = Graph()
    extra.add((KGR["nvidia"], URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), Literal("note")))
    with open_store(store_copy, write=True) as store:
        store.replace_graphs({NOTES: extra})
        build(store)
        assert NOTES in store.graph_names()
        build(store, fresh=True)
        assert NOTES not in store.graph_names()


def test_replace_graphs_rolls_back_when_the_swap_fails(store_copy):
    with open_store(store_copy, write=True) as store:
        before = store.union_graph()
        names = store.graph_names()

        replacement = Graph()
        replacement.add((KGR["x"], KGR["y"], KGR["z"]))
        calls = []

        class FailingStore:
            """The real store, except that the swap transaction fails."""

            def __getattr__(self, name):
                return getattr(original, name)

            def update(self, *args, **kwargs):
                calls.append(args)
                raise OSError("disk full")

        original = store._ox
        store._ox = FailingStore()
        with pytest.raises(OSError):
            store.replace_graphs({ENTITIES_GRAPH: replacement})
        store._ox = original
        assert calls, "the swap was attempted"
        assert store.graph_names() == names, "no staging graph is left behind"
        assert isomorphic(store.union_graph(), before)


def test_the_lock_is_released_on_close(tmp_path):
    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
    with open_store(path, write=True) as again:
        assert len(again) > 0


def test_default_location_follows_kg_store_then_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "a"))
    assert default_store_path() == tmp_path / "a"
    monkeypatch.delenv("KG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "chip-kg" / "store"


def test_kg_store_environment_variable_is_used_by_the_cli(kg, built_store_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(built_store_path))
    assert kg("query", "ASK { kgr:jensen-huang kg:leads kgr:nvidia }").stdout == "yes\n"


def test_a_crashed_load_leaves_nothing_behind_after_the_next_write(tmp_path):
    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
    (tmp_path / ".store.staged-0123").mkdir()
    (tmp_path / ".store.old-4567").mkdir()
    (tmp_path / "notes").mkdir()
    with open_store(path, write=True):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.swap-lock", "notes", "store"]  # the lock stays


def test_a_swap_cut_between_its_two_renames_is_finished_at_the_next_open(tmp_path):
    import os

    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
        quads = len(store)
    staged = tmp_path / ".store.staged-1"
    import shutil

    shutil.copytree(path, staged, ignore=shutil.ignore_patterns("LOCK"))
    (staged / "KG-STAGED-COMPLETE").write_text("staged copy complete\n")
    os.replace(path, tmp_path / ".store.old-1")  # the crash happened here
    with open_store(path) as store:
        assert len(store) == quads
    assert not (path / "KG-STAGED-COMPLETE").exists()


def test_a_load_killed_half_way_leaves_none_or_all_of_the_file(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    import pyoxigraph as ox

    from kg.model.synthetic import synthetic_quads

    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
        before = len(store)
    data = tmp_path / "big.nq"
    ox.serialize(synthetic_quads(actors=4000, claims=40_000, sources=20), str(data), ox.RdfFormat.N_QUADS)
    total = sum(1 for _ in open(data, encoding="utf-8"))
    loader = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "load", "--store", str(path), str(data)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    loader.send_signal(signal.SIGKILL)
    loader.wait(30)
    with open_store(path) as store:
        after = len(store)
    assert after in (before, before + total), f"{after - before} of {total} quads were loaded"


def test_readers_during_a_loop_of_loads_never_see_damage_and_loads_never_fail(tmp_path):
    """Two readers open the store over and over while small kg loads swap folders: every open reads."""
    import subprocess
    import sys
    import threading

    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
    failures, opens, stop = [], [0], threading.Event()

    def read():
        while not stop.is_set():
            try:
                with open_store(path) as store:
                    len(store)
                opens[0] += 1
            except Exception as err:  # noqa: BLE001 - the test records any failure
                failures.append(f"{type(err).__name__}: {err}")

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    loads = []
    try:
        for i in range(15):
            data = tmp_path / f"d{i}.nt"
            data.write_text(f"<https://example.org/s{i}> <https://example.org/p> <https://example.org/o> .\n")
            loads.append(subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "load", "--store",
                                         str(path), str(data)], capture_output=True, text=True))
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert all(r.returncode == 0 for r in loads), [r.stderr for r in loads if r.returncode]
    assert failures == [] and opens[0] > 0
    with open_store(path) as store:
        assert sum(1 for q in store.quads() if q.subject.value.startswith("https://example.org/s")) == 15


def test_staging_graphs_are_never_left_for_readers(tmp_path, kg):
    """Writes are one update (no staging graph beside the data); one an older kg left is removed by any writer."""
    import pyoxigraph as ox

    path = tmp_path / "store"
    with open_store(path, write=True) as store:
        build(store)
        assert not any(g.value.startswith("urn:kg:staging:") for g in store._ox.named_graphs())
        store._ox.add(ox.Quad(ox.NamedNode("https://example.org/left"), ox.NamedNode("https://example.org/p"),
                              ox.Literal("x"), ox.NamedNode("urn:kg:staging:old:https://w3id.org/chipkg/id/graph/entities")))
    assert kg("build", "--store", str(path)).exit_code == 0
    asked = kg("query", "--store", str(path), "--format", "csv", "ASK { <https://example.org/left> ?p ?o }")
    assert asked.stdout == "false\n"

"""The ready-made exports in exports/ hold what the bundled data builds today."""

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.model.build import build
from kg.network.export import export_all
from kg.store.embedded import MEMORY, open_store

EXPORTS = Path(__file__).resolve().parents[1] / "exports"
REGENERATE = "kg export --store :memory: --all exports"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh")
    with open_store(MEMORY) as store:
        build(store)
        export_all(store, folder)
    return folder


def content(path: Path):
    """What a file says, independent of how a library version lays it out."""
    name = path.name
    if name.endswith((".ttl", ".trig", ".nq", ".nt", ".jsonld", ".rdf")) and name != "context.jsonld":
        return set(ox.parse(path=str(path)))
    if name.endswith((".graphml", ".gexf")):
        graph = nx.read_graphml(path) if name.endswith(".graphml") else nx.read_gexf(path)
        return sorted(graph.nodes(data=True)), sorted((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True))
    if name.endswith(".html"):
        import re

        block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
        return json.loads(block.group(1))
    if name.endswith(".csv"):
        return list(csv.reader(path.open(encoding="utf-8")))
    return json.loads(path.read_text(encoding="utf-8"))


def test_exports_folder_has_every_file(fresh):
    assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in EXPORTS.iterdir())
    assert {"graph.html", "graph.ar.html"} <= {p.name for p in EXPORTS.iterdir()}


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir()))
def test_export_is_fresh(fresh, name):
    assert content(EXPORTS / name) == content(fresh / name), f"exports/{name} is stale; regenerate with: {REGENERATE}"

"""Exports: read back by independent parsers, same counts and attributes, deterministic, filtered."""

import csv
import json
import os
import shutil
import subprocess

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.network.export import FORMATS, RDF_FORMATS, export_all, render, selected_quads
from kg.network.graph import build_network
from kg.network.select import Filters

RAPPER = shutil.which("rapper")
RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "xml": "rdfxml", "trig": "trig", "nq": "nquads"}


@pytest.fixture(scope="module")
def exported(built_store_path, tmp_path_factory):
    from kg.store.embedded import open_store

    folder = tmp_path_factory.mktemp("exports")
    with open_store(built_store_path) as store:
        export_all(store, folder)
        quads = selected_quads(store)
    return folder, quads


def rapper_count(path, syntax) -> int:
    result = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return int(result.stderr.strip().splitlines()[-1].split("returned")[1].split()[0])


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_reads_every_rdf_export_with_the_same_count(exported, fmt):
    if RAPPER is None:
        if os.environ.get("CI"):
            pytest.fail("rapper (Debian raptor2-utils) is missing; .ci/run installs it")
        pytest.skip("rapper is not installed: apt-get install raptor2-utils")
    folder, quads = exported
    expected = len(quads) if fmt in ("trig", "nq") else len({q.triple for q in quads})
    assert rapper_count(folder / f"graph{RDF_FORMATS[fmt][1]}", RAPPER_SYNTAX[fmt]) == expected


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_oxigraph_reads_every_rdf_export_back_to_the_same_quads(exported, fmt):
    folder, quads = exported
    parsed = set(ox.parse(path=str(folder / f"graph{RDF_FORMATS[fmt][1]}")))
    if fmt in ("trig", "nq", "jsonld"):
        assert parsed == set(quads)
    else:
        assert {q.triple for q in parsed} == {q.triple for q in quads}


def test_rdflib_reads_jsonld_and_trig_to_the_same_dataset(exported):
    folder, _ = exported
    from_jsonld = Dataset().parse(folder / "graph.jsonld", format="json-ld")
    from_trig = Dataset().parse(folder / "graph.trig", format="trig")
    assert {str(g.identifier) for g in from_trig.graphs() if len(g)} >= {
        "https://w3id.org/chipkg/id/source/made-in-china-h200", "https://w3id.org/chipkg/id/graph/entities"}
    for graph in from_trig.graphs():
        if len(graph):
            assert isomorphic(graph, from_jsonld.graph(graph.identifier)), graph.identifier


def test_jsonld_is_compact_with_the_published_context(exported):
    folder, _ = exported
    document = json.loads((folder / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == json.loads((folder / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    named = {g["@id"]: g["@graph"] for g in document["@graph"]}
    huang = next(n for n in named["kgr:graph/entities"] if n["@id"] == "kgr:jensen-huang")
    assert huang["@type"] == "kg:Person"
    assert {"@value": "هوانج", "@language": "ar"} in huang["skos:altLabel"]


@pytest.fixture(scope="module")
def network(built_store_path):
    from kg.store.embedded import open_store

    with open_store(built_store_path) as store:
        return build_network(store)


def check_graph(graph, network):
    assert graph.number_of_nodes() == network.number_of_nodes()
    assert graph.number_of_edges() == network.number_of_edges()
    huang = graph.nodes["jensen-huang"]
    assert (huang["label_en"], huang["label_ar"], huang["type"]) == ("Jensen Huang", "جنسن هوانغ", "Person")
    edges = [d for u, v, d in graph.edges(data=True) if (u, v) == ("sam-bresnick", "david-sacks")]
    assert len(edges) == 1
    edge = edges[0]
    assert (edge["relation"], edge["stance"], int(edge["claims"])) == ("criticizes", "oppose", 1)
    assert edge["sources"] == "Nvidia's Campaign to Sell AI Chips to China Finally Pays Off"
    merged = [d for u, v, d in graph.edges(data=True) if (u, v) == ("david-sacks", "ai-chip-sales-to-china")]
    assert int(merged[0]["claims"]) == 2 and merged[0]["stance"] == "support"


def test_graphml_reads_back_with_networkx(exported, network):
    folder, _ = exported
    check_graph(nx.read_graphml(folder / "graph.graphml"), network)


def test_gexf_reads_back_with_networkx_and_has_time_intervals(exported, network):
    folder, _ = exported
    graph = nx.read_gexf(folder / "graph.gexf")
    check_graph(graph, network)
    text = (folder / "graph.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    restrict = next(d for u, v, d in graph.edges(data=True) if (u, v) == ("biden-administration", "h200"))
    assert (restrict["start"], restrict["end"]) == ("2021-01-20", "2025-01-20")


def test_cytoscape_and_node_link_json_read_back(exported, network):
    folder, _ = exported
    check_graph(nx.cytoscape_graph(json.loads((folder / "graph.cyjs").read_text(encoding="utf-8"))), network)
    data = json.loads((folder / "graph.nodelink.json").read_text(encoding="utf-8"))
    check_graph(nx.node_link_graph(data, edges="edges"), network)


def test_csv_tables_hold_every_node_and_edge(exported, network):
    folder, _ = exported
    nodes = list(csv.DictReader((folder / "graph.nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((folder / "graph.edges.csv").open(encoding="utf-8")))
    assert len(nodes) == network.number_of_nodes() and len(edges) == network.number_of_edges()
    assert {"id": "china", "label_ar": "الصين", "type": "State"}.items() <= next(n for n in nodes if n["id"] == "china").items()
    lobby = next(e for e in edges if e["relation"] == "lobbies")
    assert (lobby["from"], lobby["to"], lobby["valence"], lobby["mode"]) == ("jensen-huang", "united-states", "cooperative", "action")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_graph_exports_the_same_bytes(read_store, fmt):
    assert render(read_store, fmt) == render(read_store, fmt)


def test_focus_and_hops_keep_a_neighbourhood(read_store):
    one = build_network(read_store, Filters(focus="ساكس", hops=1))
    assert set(one.nodes) == {"david-sacks", "white-house", "ai-chip-sales-to-china", "sam-bresnick"}
    two = build_network(read_store, Filters(focus="ساكس", hops=2))
    assert set(one.nodes) < set(two.nodes) and "cset" in two.nodes and "jensen-huang" in two.nodes
    zero = build_network(read_store, Filters(focus="Sacks", hops=0))
    assert list(zero.nodes) == ["david-sacks"] and zero.number_of_edges() == 0


def test_relation_and_family_filters(read_store):
    lobbying = build_network(read_store, Filters(relations=("lobbies",)))
    assert list(lobbying.edges(keys=True)) == [("jensen-huang", "united-states", "lobbies")]
    conflict = build_network(read_store, Filters(relations=("conflictual",)))
    assert {d["valence"] for *_, d in conflict.edges(data=True)} == {"conflictual"}
    assert conflict.number_of_edges() == 9


def test_time_window_keeps_the_biden_era(read_store):
    biden = build_network(read_store, Filters(until=__import__("datetime").date(2024, 12, 31)))
    assert {(u, k) for u, _, k in biden.edges(keys=True)} == {
        ("biden-administration", "supports"), ("biden-administration", "restricts")}
    assert biden.number_of_edges() == 3


def test_filtered_rdf_export_holds_the_selected_claims_and_their_entities(read_store):
    quads = selected_quads(read_store, Filters(relations=("criticizes",)))
    triples = {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}
    claims = {s for s, p, o in triples if p.endswith("#type>") and o == "<https://w3id.org/chipkg/ontology#Claim>"}
    assert len(claims) == 4
    assert ("<https://w3id.org/chipkg/id/sam-bresnick>", "<https://w3id.org/chipkg/ontology#criticizes>",
            "<https://w3id.org/chipkg/id/david-sacks>") in triples
    assert not any(p == "<https://w3id.org/chipkg/ontology#lobbies>" for s, p, o in triples)
    assert any(s == "<https://w3id.org/chipkg/id/david-sacks>" and "prefLabel" in p for s, p, o in triples)


def test_export_cli_all_and_filters(kg, built_store_path, tmp_path):
    result = kg("export", "--store", str(built_store_path), "--all", str(tmp_path / "out"))
    assert result.exit_code == 0 and result.stderr == f"Wrote 15 files to {tmp_path / 'out'}.\n"
    out = kg("export", "--store", str(built_store_path), "--format", "csv", "-o", str(tmp_path / "net.csv"),
             "--relation", "lobbies")
    assert out.exit_code == 0
    assert (tmp_path / "net.edges.csv").read_text(encoding="utf-8").count("\n") == 2
    bad = kg("export", "--store", str(built_store_path), "--relation", "bribes")
    assert bad.exit_code == 2 and "Unknown relation 'bribes'" in bad.stderr and "conflictual" in bad.stderr
    arabic = kg("export", "--store", str(built_store_path), "--format", "nodelink", "--lang", "ar", "--relation", "leads")
    labels = {n["id"]: n["label"] for n in json.loads(arabic.stdout)["nodes"]}
    assert labels["nvidia"] == "إنفيديا"


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_filtered_exports_are_streamed_in_every_rdf_format(read_store, fmt):
    """Filtered exports go through the on-disk sort and the streaming writers too: same quads as the selection."""
    filters = Filters(relations=("criticizes",))
    quads = selected_quads(read_store, filters)
    body = render(read_store, fmt, filters)[RDF_FORMATS[fmt][1]]
    parsed = set(ox.parse(body, format=ox.RdfFormat.from_extension(RDF_FORMATS[fmt][1].lstrip("."))))
    if fmt in ("trig", "nq", "jsonld"):
        assert parsed == set(quads)
    else:
        assert {q.triple for q in parsed} == {q.triple for q in quads}
    if fmt == "jsonld":  # written node by node, laid out byte for byte as json.dumps lays out the whole document
        text = body.decode("utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
        assert len(json.loads(text)["@graph"]) > 1

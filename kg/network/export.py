"""Export the graph, or the part the filters select, to RDF and network formats, deterministically.

RDF: Turtle, TriG and N-Quads (one named graph per source article), N-Triples,
JSON-LD (compact, with the context in ``kg/data/context.jsonld``) and RDF/XML,
written by Oxigraph's streaming serializers from sorted quads.
Networks: GraphML, GEXF (claim dates as time intervals), Cytoscape.js JSON,
node and edge CSV, and networkx node-link JSON, from ``kg.network``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from .. import __version__
from ..errors import UnsupportedFormat
from .graph import build_network
from ..datafiles import data_path
from .select import Filters, select_claims
from ..store.embedded import KGStore
from ..vocab import ONTOLOGY_GRAPH, PREFIXES

__all__ = ["RDF_FORMATS", "NETWORK_FORMATS", "FORMATS", "selected_quads", "write_rdf", "write_network",
           "render", "write_export", "export_file", "export_all", "jsonld_context"]

RDF_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, ".ttl"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "nq": (ox.RdfFormat.N_QUADS, ".nq"),
    "nt": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "jsonld": (None, ".jsonld"),
    "xml": (ox.RdfFormat.RDF_XML, ".rdf"),
}
NETWORK_FORMATS = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "cyjs": ".cyjs",
    "csv": ".csv",
    "nodelink": ".nodelink.json",
}
FORMATS = tuple(RDF_FORMATS) + tuple(NETWORK_FORMATS)
_QUAD_FORMATS = {"trig", "nq", "jsonld"}
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph, str(quad.subject), str(quad.predicate), str(quad.object))


def selected_quads(store: KGStore, filters: Filters = Filters()) -> list[ox.Quad]:
    """The quads to export, sorted by graph, subject, predicate, object, in memory (see ``_selection``)."""
    return sorted(_selection(store, filters), key=_key)


def _selection(store: KGStore, filters: Filters) -> Iterator[ox.Quad]:
    """The quads to export, unsorted, read from the store as they are written out.

    Without filters, every quad. With filters: the ontology, the selected
    claims and their sources, the direct edges they back, and the
    descriptions (labels, types) of every entity they mention.
    """
    if filters.is_everything:
        yield from store.quads()
        return
    claims, focus = select_claims(store, filters)
    claim_iris = {ox.NamedNode(str(c.iri)) for c in claims}
    sources = {ox.NamedNode(str(c.source)) for c in claims if c.source is not None}
    edges = {(ox.NamedNode(str(c.subject)), ox.NamedNode(str(c.relation)), ox.NamedNode(str(c.object))) for c in claims}
    relations = {p for _, p, _ in edges} | {ox.NamedNode(str(r)) for r in _all_relations(store)}
    described = {s for s, _, _ in edges} | {o for _, _, o in edges}
    if focus is not None:
        described.add(ox.NamedNode(str(focus)))
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    mentioned = set()
    for quad in store.quads():
        if quad.graph_name == ontology or quad.subject in claim_iris or quad.subject in sources:
            yield quad
            if quad.subject in claim_iris or quad.subject in sources:
                mentioned.add(quad.object)
    for quad in store.quads():
        if quad.graph_name == ontology or quad.subject in claim_iris or quad.subject in sources:
            continue
        if quad.subject in described or quad.subject in mentioned:
            if quad.predicate not in relations or (quad.subject, quad.predicate, quad.object) in edges:
                yield quad


def _sorted_on_disk(quads: Iterable[ox.Quad], folder: Path, as_triples: bool) -> Path:
    """``quads`` (or, for triple formats, their distinct triples) sorted by an external ``sort``, as N-Quads.

    They are dumped line by line, sorted by the system's ``sort`` in bounded
    memory (graph first, so each named graph's quads come together, the
    default graph's first), and written back as N-Quads: the graph never
    sits in Python's memory.
    """
    raw = folder / f"raw-{as_triples}"
    with raw.open("w", encoding="utf-8") as out:
        for quad in quads:
            line = f"{quad.subject} {quad.predicate} {quad.object} ."
            graph = "" if as_triples or isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
            out.write(f"{graph}\t{line}\n")
    ordered = folder / f"sorted-{as_triples}"
    subprocess.run(["sort", "-u", "-S", "256M", "-T", str(folder), "-o", str(ordered), str(raw)],
                   check=True, env={**os.environ, "LC_ALL": "C"})
    raw.unlink()
    result = folder / f"sorted-{as_triples}.nq"
    with ordered.open("r", encoding="utf-8") as lines, result.open("w", encoding="utf-8") as out:
        for line in lines:
            graph, _, triple = line.rstrip("\n").partition("\t")
            out.write(f"{triple[:-2]} {graph} .\n" if graph else f"{triple}\n")
    ordered.unlink()
    return result


def _write_sorted(dump: Path, fmt: str, out: BinaryIO) -> None:
    """Write an export from a sorted N-Quads dump, streaming: nothing is held but one subject's JSON-LD node."""
    parsed = ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS)
    if fmt == "jsonld":
        _write_jsonld(parsed, out)
        return
    rdf_format, _ = RDF_FORMATS[fmt]
    data = parsed if fmt in _QUAD_FORMATS else (q.triple for q in parsed)
    prefixes = _PREFIXES if fmt in ("ttl", "trig", "xml") else None
    ox.serialize(data, out, rdf_format, prefixes=prefixes)


def _all_relations(store: KGStore) -> list:
    return [row.r for row in store.query("SELECT DISTINCT ?r WHERE { ?r rdfs:subPropertyOf+ kg:relatedTo }")]


def _triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The distinct triples of sorted quads, sorted (the union of all graphs)."""
    previous = None
    for triple in sorted((q.triple for q in quads), key=lambda t: (str(t.subject), str(t.predicate), str(t.object))):
        if triple != previous:
            yield triple
            previous = triple


def jsonld_context() -> dict:
    """The published JSON-LD context (``kg/data/context.jsonld``): the project's prefixes."""
    return json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))


def _compact(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and not iri[len(namespace):].startswith("/"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _jsonld_id(node: ox.NamedNode | ox.BlankNode) -> str:
    """A node's ``@id``: a compact IRI, or ``_:`` and a blank node's label."""
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else _compact(node.value)


def _jsonld_value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _jsonld_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def _jsonld_node(quads: list[ox.Quad]) -> dict:
    """The compact JSON-LD node of one subject's quads."""
    node: dict = {"@id": _jsonld_id(quads[0].subject)}
    for quad in quads:
        if quad.predicate.value == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(quad.object.value))
        else:
            node.setdefault(_compact(quad.predicate.value), []).append(_jsonld_value(quad.object))
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}


def _json_at(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(indent=1)`` writes it ``depth`` levels down a document."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _write_jsonld(quads: Iterable[ox.Quad], out: BinaryIO) -> None:
    """Compact JSON-LD from quads sorted by graph (default graph first) and subject, one node at a time.

    The bytes are those of ``json.dumps(document, indent=1)`` for the whole
    document: each named graph is a top-level node with its own ``@graph``.
    """
    out.write(('{\n "@context": ' + _json_at(jsonld_context()["@context"], 1) + ',\n "@graph": [').encode("utf-8"))
    graph, group, wrote_top, wrote_in_graph = None, [], False, False

    def flush() -> None:
        nonlocal wrote_top, wrote_in_graph
        if not group:
            return
        if graph is None:
            out.write(((",\n  " if wrote_top else "\n  ") + _json_at(_jsonld_node(group), 2)).encode("utf-8"))
            wrote_top = True
        else:
            out.write(((",\n    " if wrote_in_graph else "\n    ") + _json_at(_jsonld_node(group), 4)).encode("utf-8"))
            wrote_in_graph = True
        group.clear()

    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
        if group and (name != graph or quad.subject != group[0].subject):
            flush()
        if name != graph:
            if graph is not None:
                out.write(b"\n   ]\n  }")
            if name is not None:
                opening = (",\n  " if wrote_top else "\n  ") + '{\n   "@id": ' + _json_at(_jsonld_id(name), 3)
                out.write((opening + ',\n   "@graph": [').encode("utf-8"))
                wrote_top, wrote_in_graph = True, False
            graph = name
        group.append(quad)
    flush()
    if graph is not None:
        out.write(b"\n   ]\n  }")
    out.write(b"\n ]\n}\n" if wrote_top else b"]\n}\n")


def write_rdf(quads: list[ox.Quad], fmt: str, out: BinaryIO) -> None:
    """Serialize a list of quads, sorted here; triple formats get the union of the graphs."""
    quads = sorted(quads, key=_key)
    if fmt == "jsonld":
        _write_jsonld(quads, out)
        return
    rdf_format, _ = RDF_FORMATS[fmt]
    data = quads if fmt in _QUAD_FORMATS else _triples(quads)
    prefixes = _PREFIXES if fmt in ("ttl", "trig", "xml") else None
    ox.serialize(data, out, rdf_format, prefixes=prefixes)


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    dynamic = graph.copy()
    dynamic.graph = {"mode": "dynamic", "name": graph.graph.get("name", "")}
    for _, _, data in dynamic.edges(data=True):
        for bound in ("start", "end"):
            if not data.get(bound):
                data.pop(bound, None)
    buffer = io.BytesIO()
    nx.write_gexf(dynamic, buffer)
    text = buffer.getvalue().decode("utf-8")
    latest = max([d.get("start", "") for *_, d in graph.edges(data=True)] + ["1970-01-01"])
    text = re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{latest}"', text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", f"<creator>chip-kg {__version__}</creator>", text, count=1)
    return text.encode("utf-8")


def _csv_tables(graph: nx.MultiDiGraph) -> tuple[str, str]:
    node_fields = ["id", "label", "label_en", "label_ar", "type", "iri"]
    edge_fields = ["from", "to", "relation", "relation_label", "mode", "valence", "stance", "claims", "weight",
                   "confidence", "sources", "source_iris", "start", "end"]
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(node_fields)
    for node, data in graph.nodes(data=True):
        writer.writerow([node] + [data.get(f, "") for f in node_fields[1:]])
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(edge_fields)
    for source, target, data in graph.edges(data=True):
        writer.writerow([source, target] + [data.get(f, "") for f in edge_fields[2:]])
    return nodes.getvalue(), edges.getvalue()


def write_network(graph: nx.MultiDiGraph, fmt: str) -> dict[str, bytes]:
    """The network in one format, as ``{suffix: bytes}`` (CSV gives two files: nodes and edges)."""
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
        return {".graphml": buffer.getvalue()}
    if fmt == "gexf":
        return {".gexf": _gexf(graph)}
    if fmt == "cyjs":
        return {".cyjs": _json(nx.cytoscape_data(graph))}
    if fmt == "nodelink":
        return {".nodelink.json": _json(nx.node_link_data(graph, edges="edges"))}
    if fmt == "csv":
        nodes, edges = _csv_tables(graph)
        return {".nodes.csv": nodes.encode("utf-8"), ".edges.csv": edges.encode("utf-8")}
    raise UnsupportedFormat(f"Unknown network format '{fmt}'; use one of: {', '.join(NETWORK_FORMATS)}.")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_export(store: KGStore, fmt: str, out: BinaryIO, filters: Filters = Filters()) -> None:
    """An RDF export into a binary stream, in bounded memory: the selected quads are sorted on disk
    by the system's ``sort`` and streamed out by the format's writer."""
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        dump = _sorted_on_disk(_selection(store, filters), Path(tmp), as_triples=fmt not in _QUAD_FORMATS)
        _write_sorted(dump, fmt, out)


def render(store: KGStore, fmt: str, filters: Filters = Filters(), lang: str = "en") -> dict[str, bytes]:
    """One export in memory as ``{suffix: bytes}``."""
    if fmt in RDF_FORMATS:
        buffer = io.BytesIO()
        write_export(store, fmt, buffer, filters)
        return {RDF_FORMATS[fmt][1]: buffer.getvalue()}
    if fmt in NETWORK_FORMATS:
        return write_network(build_network(store, filters, lang), fmt)
    raise UnsupportedFormat(f"Unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}.")


def _base(output: Path, fmt: str) -> str:
    """``out/graph.graphml`` → ``out/graph``: the path without the format's suffix, for multi-file formats."""
    name = str(output)
    for suffix in (NETWORK_FORMATS.get(fmt), RDF_FORMATS.get(fmt, (None, None))[1], ".nodes.csv", ".edges.csv", ".csv"):
        if suffix and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def export_file(store: KGStore, fmt: str, output: Path, filters: Filters = Filters(), lang: str = "en") -> list[Path]:
    """Write one format to ``output`` (CSV writes ``<output>.nodes.csv`` and ``.edges.csv``); returns the files."""
    if fmt in RDF_FORMATS:
        with output.open("wb") as out:
            write_export(store, fmt, out, filters)
        return [output]
    files = render(store, fmt, filters, lang)
    if len(files) == 1:
        output.write_bytes(next(iter(files.values())))
        return [output]
    written = []
    for suffix, content in files.items():
        path = Path(_base(output, fmt) + suffix)
        path.write_bytes(content)
        written.append(path)
    return written


def export_all(store: KGStore, directory: Path, filters: Filters = Filters(), lang: str = "en") -> list[Path]:
    """Every format into ``directory`` as ``graph.<ext>``, the JSON-LD ``context.jsonld``,
    and the HTML view in English and Arabic (``graph.html``, ``graph.ar.html``)."""
    directory.mkdir(parents=True, exist_ok=True)
    network = build_network(store, filters, lang)
    written = []
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        dumps = {as_triples: _sorted_on_disk(_selection(store, filters), Path(tmp), as_triples)
                 for as_triples in (False, True)}  # one sorted selection for the quad formats, one for the triple formats
        for fmt, (_, suffix) in RDF_FORMATS.items():
            path = directory / f"graph{suffix}"
            with path.open("wb") as out:
                _write_sorted(dumps[fmt not in _QUAD_FORMATS], fmt, out)
            written.append(path)
    for fmt in NETWORK_FORMATS:
        for suffix, content in write_network(network, fmt).items():
            path = directory / f"graph{suffix}"
            path.write_bytes(content)
            written.append(path)
    context = directory / "context.jsonld"
    context.write_bytes(data_path("context.jsonld").read_bytes())
    written.append(context)
    from .view import ViewTooLarge, write_view

    for lang, name in (("en", "graph.html"), ("ar", "graph.ar.html")):
        try:
            write_view(store, directory / name, filters, lang)
            written.append(directory / name)
        except ViewTooLarge:
            pass  # a graph too big for one page gets no page; kg viz --focus makes one
    return sorted(written)

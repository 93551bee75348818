"""Export the whole graph as N-Triples or Turtle, deterministically."""

from __future__ import annotations

from rdflib import Graph

from .errors import UnsupportedFormat
from .store import KGStore
from .vocab import PREFIXES

__all__ = ["EXPORT_FORMATS", "export_graph"]

EXPORT_FORMATS = ("nt", "ttl")


def export_graph(store: KGStore, fmt: str = "ttl") -> str:
    """All triples of the store (the union of its graphs) as ``nt`` or ``ttl`` text.

    The same graph always gives the same bytes: N-Triples lines are sorted and
    the Turtle serializer orders subjects and predicates.
    """
    if fmt not in EXPORT_FORMATS:
        raise UnsupportedFormat(f"Unknown export format '{fmt}'; use one of: {', '.join(EXPORT_FORMATS)}.")
    graph: Graph = store.union_graph()
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph.serialize(format="turtle")

"""Between pyoxigraph and rdflib terms: the one conversion every store uses."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Graph, Literal

from .vocab import PREFIXES

__all__ = ["XSD_STRING", "rdflib_term", "rdflib_graph"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """An rdflib term for a pyoxigraph term; plain strings stay plain (RDF 1.1: same as xsd:string)."""
    if isinstance(term, ox.Literal) and term.language is None and term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return from_ox(term)


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad], prefixes: bool = False) -> Graph:
    """An in-memory rdflib Graph of pyoxigraph triples (or the triples of quads), with the project's prefixes if asked."""
    graph = Graph()
    if prefixes:
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
    for triple in triples:
        graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
    return graph

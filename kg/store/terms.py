"""Between pyoxigraph and rdflib terms, and terms bound into SPARQL text: the conversions every store uses.

rdflib is imported only by the conversions to it: reading the store on
pyoxigraph (``kg query``, the endpoint's workers) never pays for it.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryFailed
from ..prefixes import PREFIX_IRIS

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["XSD_STRING", "rdflib_term", "ox_term", "rdflib_graph", "is_rdflib_term", "sparql_term", "values_block", "values_list", "values_lists", "bind_values"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    """An rdflib term for a pyoxigraph term; plain strings stay plain (RDF 1.1: same as xsd:string)."""
    if isinstance(term, ox.Literal) and term.language is None and term.datatype.value == XSD_STRING:
        from rdflib import Literal

        return Literal(term.value)
    return _from_ox()(term)


def ox_term(term):
    """A pyoxigraph term for an rdflib term."""
    return _to_ox()(term)


# oxrdflib's converters, imported on first use: importing oxrdflib imports rdflib's SPARQL
# parser (~100 ms), which ``kg query`` on pyoxigraph never needs.
@functools.cache
def _from_ox():
    from oxrdflib._converter import from_ox

    return from_ox


@functools.cache
def _to_ox():
    from oxrdflib._converter import to_ox

    return to_ox


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad], prefixes: bool = False) -> Graph:
    """An in-memory rdflib Graph of pyoxigraph triples (or the triples of quads), with the project's prefixes if asked."""
    from rdflib import Graph

    graph = Graph()
    if prefixes:
        for prefix, namespace in PREFIX_IRIS.items():
            graph.bind(prefix, namespace)
    for triple in triples:
        graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
    return graph


def is_rdflib_term(term: object, *names: str) -> bool:
    """Whether ``term`` is one of rdflib's term classes (``"URIRef"``, ``"Literal"``, ``"BNode"``), without
    importing rdflib: no rdflib term can exist before rdflib was imported."""
    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(term, tuple(getattr(rdflib, name) for name in names))


def sparql_term(term: object) -> str:
    """A term in SPARQL syntax, escaped by its library's N-Triples writer (rdflib or pyoxigraph)."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    if is_rdflib_term(term, "URIRef", "Literal"):
        return term.n3()
    if isinstance(term, str):
        return str(ox.Literal(term))
    raise QueryFailed(f"Cannot bind {type(term).__name__} {term!r} in a SPARQL query.")


def values_block(bindings: Mapping[str, object]) -> str:
    """A VALUES block binding each variable to one term (the SPARQL way to bind, no text formatting)."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    return f"VALUES ({names}) {{ ({' '.join(sparql_term(v) for v in bindings.values())}) }}"


def values_list(name: str, terms: Iterable[object]) -> str:
    """A VALUES block binding one variable to each of many terms, one solution a term."""
    return f"VALUES ?{name} {{ {' '.join(sparql_term(t) for t in terms)} }}"


def values_lists(name: str, iris: Sequence[str], size: int) -> Iterator[str]:
    """``values_list`` blocks of at most ``size`` IRIs each: a request stays small on a SPARQL server."""
    for start in range(0, len(iris), size):
        yield values_list(name, (ox.NamedNode(iri) for iri in iris[start:start + size]))


_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with a VALUES block binding ``bindings`` first in its outermost WHERE group (as rdflib's
    initBindings do), so the engine joins from the bound values; at the end if there is no WHERE keyword."""
    where = _OUTER_WHERE.search(text)
    if where is None:
        return f"{text}\n{values_block(bindings)}"
    return f"{text[:where.end()]} {values_block(bindings)}\n{text[where.end():]}"

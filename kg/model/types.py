"""Each entity's most specific class, read from the store with the ontology's hierarchy."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, URIRef

from ..store.embedded import KGStore
from ..vocab import REFERENCE_GRAPH
from ..store.labels import short_name
from .schema import Ontology

__all__ = ["entity_types", "entity_type", "entity_types_of", "reference_only"]

_TYPES = """
SELECT ?entity ?class WHERE {
  ?entity a ?class . ?class rdfs:subClassOf+ kg:Entity .
  FILTER NOT EXISTS { ?entity a ?narrower . ?narrower rdfs:subClassOf+ ?class . FILTER(?narrower != ?class) }
}
"""

def entity_types(store: KGStore) -> dict[URIRef, str]:
    """Each entity's most specific class name (``Person``, ``Chip``), from the store's own ontology."""
    types: dict[URIRef, str] = {}
    for entity, cls in store.solutions(_TYPES):
        types.setdefault(URIRef(entity.value), short_name(cls.value))
    return types


_REFERENCE_ONLY = """
SELECT DISTINCT ?entity WHERE {
  GRAPH <%s> { ?entity a ?class }
  FILTER NOT EXISTS { GRAPH ?other { ?entity a ?any } FILTER(?other != <%s>) }
}
""" % (REFERENCE_GRAPH, REFERENCE_GRAPH)


def reference_only(store: KGStore) -> set[URIRef]:
    """Entities that only the reference layer declares (no curated entry, no ingested article made them);
    one query, so a remote store answers in one request."""
    return {URIRef(row[0].value) for row in store.solutions(_REFERENCE_ONLY)}


def entity_type(store: KGStore, iri: URIRef) -> str:
    """One entity's most specific class name, read through the index (for a few entities at a time)."""
    known = {short_name(q.object.value) for q in store.quads_matching(ox.NamedNode(str(iri)), ox.NamedNode(str(RDF.type)))}
    return _most_specific(known)


def entity_types_of(store: KGStore, iris) -> dict[URIRef, str]:
    """``entity_type`` for many entities, read in bulk."""
    rdf_type = str(RDF.type)
    return {URIRef(iri): _most_specific({short_name(v.value) for p, v in pairs if p == rdf_type})
            for iri, pairs in store.describe_many(sorted({str(i) for i in iris}), [rdf_type]).items()}


def _most_specific(type_names: set[str]) -> str:
    """The most specific of an entity's class names that the ontology knows, or ``""``."""
    ontology = Ontology.bundled()
    known = {name for name in type_names if ontology.entity_class(name) is not None}
    for name in sorted(known):
        narrower = {short_name(c) for c in ontology.graph.transitive_subjects(RDFS.subClassOf, ontology.entity_class(name))}
        if not (known & narrower - {name}):
            return name
    return ""



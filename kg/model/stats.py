"""Counts: entities, claims, sources and triples; instances by class; edges and claims by relation."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .contract import RELATION_CLAIM, VISIBLE_CLAIM
from ..store.labels import LabelIndex
from ..store.embedded import KGStore

__all__ = ["totals", "class_counts", "relation_counts", "ClassCount", "RelationCount"]

_TOTALS = """
SELECT
  (COUNT(DISTINCT ?entity) AS ?entities)
  (COUNT(DISTINCT ?claim) AS ?claims)
  (COUNT(DISTINCT ?source) AS ?sources)
WHERE {
  { ?entity a ?class . ?class rdfs:subClassOf* kg:Entity . }
  UNION { ?claim a kg:Claim %s }
  UNION { ?source a kg:Source }
}
""" % VISIBLE_CLAIM

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  { ?thing a ?class . ?class rdfs:subClassOf+ kg:Entity } UNION { ?thing a ?class . VALUES ?class { kg:Source } }
  UNION { ?thing a ?class . VALUES ?class { kg:Claim } BIND(?thing AS ?claim) %s }
} GROUP BY ?class ORDER BY DESC(?n) ?class
""" % VISIBLE_CLAIM

_BY_RELATION = """
SELECT ?relation ?edges ?claims WHERE {
  { SELECT DISTINCT ?relation WHERE { ?relation rdfs:subPropertyOf+ kg:relatedTo } }
  FILTER NOT EXISTS { ?narrower rdfs:subPropertyOf ?relation }
  OPTIONAL { SELECT ?relation (COUNT(*) AS ?edges) WHERE { ?s ?relation ?o } GROUP BY ?relation }
  OPTIONAL { SELECT ?relation (COUNT(*) AS ?claims) WHERE { ?claim rdf:predicate ?relation %s } GROUP BY ?relation }
} ORDER BY DESC(?claims) ?relation
""" % RELATION_CLAIM


@dataclass(frozen=True)
class ClassCount:
    """How many things are typed with one class."""

    iri: URIRef
    label: str
    count: int


@dataclass(frozen=True)
class RelationCount:
    """How many direct edges and claims use one relation."""

    iri: URIRef
    label: str
    edges: int
    claims: int


def totals(store: KGStore) -> dict[str, int]:
    """Entities, accepted claims, sources and triples (quads in all graphs) in the store."""
    row = next(iter(store.query(_TOTALS)))
    return {
        "entities": int(row.entities),
        "claims": int(row.claims),
        "sources": int(row.sources),
        "triples": len(store),
    }



def class_counts(store: KGStore, lang: str = "en") -> list[ClassCount]:
    """Instances per class of the ontology (its own classes and the ones it reuses), most first."""
    labels = LabelIndex(store, lang)
    return [ClassCount(row["class"], labels.label(row["class"]), int(row.n)) for row in store.query(_BY_CLASS)]


def relation_counts(store: KGStore, lang: str = "en") -> list[RelationCount]:
    """Direct edges and claims per relation, every relation listed, most claims first."""
    labels = LabelIndex(store, lang)
    return [
        RelationCount(row.relation, labels.label(row.relation), int(row.edges or 0), int(row.claims or 0))
        for row in store.query(_BY_RELATION)
    ]

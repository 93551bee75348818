"""The ontology as data: classes, relations and their families, read from ``ontology/``.

Code asks this module which relations and entity types exist, so adding a
relation to the Turtle file is enough for the curated data to use it.
"""

from __future__ import annotations

import re
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .resources import ontology_file, read_text
from .vocab import KG

__all__ = ["Ontology", "ontology_graph", "shapes_graph"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FAMILIES = (KG.relatedTo, KG.actionRelation, KG.stanceRelation, KG.tieRelation,
            KG.cooperativeRelation, KG.conflictualRelation)


@cache
def _parsed(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=read_text(ontology_file(name)), format="turtle")
    return graph


def ontology_graph() -> Graph:
    """A fresh copy of the OWL ontology (``ontology/chipkg.ttl``)."""
    copy = Graph()
    copy += _parsed("chipkg.ttl")
    return copy


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes (``ontology/shapes.ttl``)."""
    copy = Graph()
    copy += _parsed("shapes.ttl")
    return copy


def _local(term: URIRef) -> str:
    return str(term)[len(str(KG._NS)):]


class Ontology:
    """Answers questions about the ontology's classes and relations."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) - {KG.Entity}
        self._classes = {_local(c): c for c in entity_classes if str(c).startswith(str(KG._NS))}
        relations = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.relatedTo)) - set(FAMILIES)
        self._relations = {_local(r): r for r in relations if (r, RDF.type, OWL.ObjectProperty) in graph}
        self._stances = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.stanceRelation))

    @classmethod
    @cache
    def bundled(cls) -> Ontology:
        """The ontology that ships with the package."""
        return cls(_parsed("chipkg.ttl"))

    @staticmethod
    def is_slug(value: str | None) -> bool:
        """True for ids like ``jensen-huang``: lower-case letters, digits, single hyphens."""
        return bool(value and _SLUG.match(value))

    def entity_class(self, name: str | None) -> URIRef | None:
        """The class for a type name such as ``Person``, or None."""
        return self._classes.get(name or "")

    def entity_class_names(self) -> list[str]:
        """Names of the entity classes, sorted."""
        return sorted(self._classes)

    def relation(self, name: str | None) -> URIRef | None:
        """The property for a relation name such as ``lobbies``, or None."""
        return self._relations.get(name or "")

    def relation_names(self) -> list[str]:
        """Names of the relations (not the families), sorted."""
        return sorted(self._relations)

    def is_stance(self, relation: URIRef) -> bool:
        """True when the relation is in the stance family."""
        return relation in self._stances

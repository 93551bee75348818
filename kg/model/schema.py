"""The ontology as data: classes, relations and their families, read from ``ontology/``.

Code asks this module which relations and entity types exist, so adding a
relation to the Turtle file is enough for the curated data to use it.
"""

from __future__ import annotations

import re
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ..datafiles import ontology_file, read_text
from ..vocab import KG

__all__ = ["Ontology", "ontology_graph", "shapes_graph", "relation_mode", "relation_valence", "FAMILY_NAMES"]

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

    def relations_named(self, name: str) -> set[URIRef] | None:
        """The relations a name stands for: one relation (``lobbies``) or a family (``conflictual``)."""
        if name in self._relations:
            return {self._relations[name]}
        family = FAMILY_NAMES.get(name)
        if family is None:
            return None
        return {r for r in self._relations.values() if family in self.graph.transitive_objects(r, RDFS.subPropertyOf)}

    def is_stance(self, relation: URIRef) -> bool:
        """True when the relation is in the stance family."""
        return relation in self._stances


_MODES = {KG.actionRelation: "action", KG.stanceRelation: "stance", KG.tieRelation: "tie"}
_VALENCES = {KG.cooperativeRelation: "cooperative", KG.conflictualRelation: "conflictual"}
FAMILY_NAMES = {**{v: k for k, v in _MODES.items()}, **{v: k for k, v in _VALENCES.items()}}
"""Short family names accepted wherever a relation is asked for: action, stance, tie, cooperative, conflictual."""


def _ancestors(graph: Graph, relation: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(relation, RDFS.subPropertyOf))


@cache
def relation_mode(relation: URIRef) -> str:
    """``action``, ``stance`` or ``tie``; empty for a property outside the families."""
    ancestors = _ancestors(_parsed("chipkg.ttl"), relation)
    return next((name for family, name in _MODES.items() if family in ancestors), "")


@cache
def relation_valence(relation: URIRef) -> str:
    """``cooperative``, ``conflictual`` or empty when the relation has no valence (produces, reports)."""
    ancestors = _ancestors(_parsed("chipkg.ttl"), relation)
    return next((name for family, name in _VALENCES.items() if family in ancestors), "")

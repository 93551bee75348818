"""SHACL validation of the whole graph against ``ontology/shapes.ttl``, a batch of nodes at a time."""

from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Callable

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS

from .schema import shapes_graph
from ..store.embedded import KGStore
from ..store.terms import rdflib_term
from ..vocab import KG, ONTOLOGY_GRAPH

__all__ = ["Violation", "ValidationReport", "validate"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property path and the message."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every violation if not."""

    conforms: bool
    violations: list[Violation]


_POINTED = [str(p) for p in (RDF.type, SKOS.prefLabel, SKOS.altLabel, DCTERMS.title, DCTERMS.language, DCTERMS.issued,
                              KG.contentHash)]
"""What a batch holds of the nodes its claims point to: enough for sh:class, and for those nodes' own shapes to
pass, so that pyshacl spends no time writing results that are not counted (a hub's edges stay out)."""


def _focus_nodes(store: KGStore) -> list[str]:
    """Every node a shape targets: the entities (any subclass of kg:Entity), the claims and the sources."""
    from .types import entity_types

    rdf_type = ox.NamedNode(str(RDF.type))
    nodes = {str(iri) for iri in entity_types(store)}
    for cls in (KG.Claim, KG.Source):
        nodes |= {q.subject.value for q in store.quads_matching(None, rdf_type, ox.NamedNode(str(cls)))
                  if isinstance(q.subject, ox.NamedNode)}
    return sorted(nodes)


def _split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[tuple[str, str, str]]]:
    """The shapes without their SPARQL-based constraints, and those as (target class, SELECT, message).

    pyshacl parses a constraint's SELECT again for every focus node (45 s for
    2,000 claims), so these run once each on the store itself, through its
    own engine, for every target at once."""
    checks, rest = [], Graph()
    rest += shapes
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        target = shapes.value(shape, SH.targetClass)
        select = shapes.value(constraint, SH.select)
        message = shapes.value(constraint, SH.message)
        if target is None or select is None:
            continue  # left to pyshacl
        checks.append((str(target), str(select), str(message or "constraint violated")))
        rest.remove((shape, SH.sparql, constraint))
        rest.remove((constraint, None, None))
    return rest, checks


def _run_sparql_check(store: KGStore, target: str, select: str, message: str) -> list[Violation]:
    """A SPARQL-based constraint on every instance of ``target``: each ``$this`` it selects is a violation."""
    text = select.replace("$this", "?this")
    head, _, body = text.partition("{")
    text = f"{head}{{ ?this a <{target}> . {body}"
    return [Violation(focus=row[0].value, path=None, message=message, severity="Violation")
            for row in store.solutions(text)]


def validate(store: KGStore, progress: Callable[[int, int], None] | None = None, batch: int = 2000) -> ValidationReport:
    """Check every entity, claim and source in the store against the shapes.

    The nodes are checked ``batch`` at a time, each batch in a small graph of
    its own: the nodes' triples, the types and labels of what they point to, and the
    ontology (for sh:class and the relation hierarchy); only the batch's own
    nodes' results count. (pyshacl's focus_nodes skips targets by subclass.) Time and memory then
    grow with the graph, not faster (a whole 1M-triple graph given to pyshacl
    at once did not finish in 600 s). ``progress(done, total)`` follows it.
    """
    ontology = store.graph(ONTOLOGY_GRAPH)
    shapes, sparql_checks = _split_sparql_constraints(shapes_graph())
    focus = _focus_nodes(store)
    violations: list[Violation] = [v for check in sparql_checks for v in _run_sparql_check(store, *check)]
    conforms = not violations
    for start in range(0, len(focus), batch):
        nodes = focus[start:start + batch]
        data = Graph()
        data += ontology
        pointed: set[str] = set()
        for iri, pairs in store.describe_many(nodes).items():
            subject = URIRef(iri)
            for predicate, value in pairs:
                data.add((subject, URIRef(predicate), rdflib_term(value)))
                if isinstance(value, ox.NamedNode):
                    pointed.add(value.value)
        for iri, pairs in store.describe_many(sorted(pointed - set(nodes)), _POINTED).items():
            for predicate, value in pairs:
                data.add((URIRef(iri), URIRef(predicate), rdflib_term(value)))
        _, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True)
        wanted = set(nodes)  # the nodes pointed to carry only their types here: their own checks are in their batch
        found = [v for v in _violations(results) if v.focus in wanted]
        conforms = conforms and not found
        violations += found
        if progress:
            progress(min(start + batch, len(focus)), len(focus))
    return ValidationReport(conforms, sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message)))


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        path = results.value(result, SH.resultPath)
        found.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(path) if path is not None else None,
                message=str(results.value(result, SH.resultMessage) or "constraint violated"),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))

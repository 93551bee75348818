"""SHACL validation of the whole graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from .schema import shapes_graph
from .store import KGStore

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


def validate(store: KGStore) -> ValidationReport:
    """Check every entity, claim and source in the store against the shapes."""
    data = store.union_graph()
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none", advanced=True)
    return ValidationReport(bool(conforms), _violations(results))


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

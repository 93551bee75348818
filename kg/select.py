"""Pick the part of the graph an analyst asks for: a focus and its neighbourhood, relations, a time window.

Exports, the network view and analyses all start from ``select_claims``;
dates of a claim are its own, else its era's, else its source's.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from rdflib import URIRef

from .errors import BadFilter
from .profile import find_entity
from .schema import FAMILY_NAMES, Ontology
from .store import KGStore

__all__ = ["Filters", "ClaimRecord", "claim_records", "select_claims", "parse_relations"]

_CLAIMS = """
SELECT ?claim ?subject ?relation ?object ?source ?claimStart ?claimEnd ?eraStart ?eraEnd ?issued
       ?polarity ?confidence ?negated ?status WHERE {
  ?claim a kg:Claim ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
  OPTIONAL { ?claim kg:source ?source OPTIONAL { ?source dcterms:issued ?issued } }
  OPTIONAL { ?claim kg:startDate ?claimStart }
  OPTIONAL { ?claim kg:endDate ?claimEnd }
  OPTIONAL { ?claim kg:era ?era OPTIONAL { ?era kg:startDate ?eraStart } OPTIONAL { ?era kg:endDate ?eraEnd } }
  OPTIONAL { ?claim kg:polarity ?polarity }
  OPTIONAL { ?claim kg:confidence ?confidence }
  OPTIONAL { ?claim kg:negated ?negated }
  OPTIONAL { ?claim kg:reviewStatus ?status }
}
"""


@dataclass(frozen=True)
class Filters:
    """What part of the graph to keep; the defaults keep everything."""

    focus: str | None = None
    hops: int = 1
    relations: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def is_everything(self) -> bool:
        """True when no filter is set."""
        return self.focus is None and not self.relations and self.since is None and self.until is None


@dataclass(frozen=True)
class ClaimRecord:
    """One claim as plain data."""

    iri: URIRef
    subject: URIRef
    relation: URIRef
    object: URIRef
    source: URIRef | None
    start: dt.date | None
    end: dt.date | None
    polarity: URIRef | None
    confidence: float | None
    negated: bool
    accepted: bool


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def claim_records(store: KGStore) -> list[ClaimRecord]:
    """Every claim of the store, sorted by IRI."""
    records = {}
    for row in store.query(_CLAIMS):
        if row.claim in records:
            continue
        start = _date(row.claimStart) or _date(row.eraStart) or _date(row.issued)
        end = _date(row.claimEnd) or _date(row.eraEnd) or (None if (row.claimStart or row.eraStart) else _date(row.issued))
        records[row.claim] = ClaimRecord(
            iri=row.claim,
            subject=row.subject,
            relation=row.relation,
            object=row.object,
            source=row.source,
            start=start,
            end=end,
            polarity=row.polarity,
            confidence=float(row.confidence) if row.confidence is not None else None,
            negated=bool(row.negated is not None and row.negated.toPython() is True),
            accepted=row.status is None or str(row.status).endswith("#Accepted"),
        )
    return [records[k] for k in sorted(records)]


def parse_relations(names: tuple[str, ...] | list[str]) -> set[URIRef]:
    """The relations named (``lobbies``) or grouped by a family name (``conflictual``); unknown names raise."""
    ontology = Ontology.bundled()
    wanted: set[URIRef] = set()
    for name in names:
        relations = ontology.relations_named(name)
        if relations is None:
            choices = ", ".join(ontology.relation_names() + sorted(FAMILY_NAMES))
            raise BadFilter(f"Unknown relation '{name}'; use one of: {choices}.")
        wanted |= relations
    return wanted


def _neighbourhood(claims: list[ClaimRecord], focus: URIRef, hops: int) -> set[URIRef]:
    neighbours: dict[URIRef, set[URIRef]] = {}
    for claim in claims:
        neighbours.setdefault(claim.subject, set()).add(claim.object)
        neighbours.setdefault(claim.object, set()).add(claim.subject)
    seen = {focus: 0}
    queue = deque([focus])
    while queue:
        node = queue.popleft()
        if seen[node] == hops:
            continue
        for other in sorted(neighbours.get(node, ())):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return set(seen)


def select_claims(store: KGStore, filters: Filters = Filters()) -> tuple[list[ClaimRecord], URIRef | None]:
    """Accepted, non-negated claims that pass the filters, and the focus entity's IRI if one was asked for."""
    if filters.hops < 0:
        raise BadFilter(f"--hops {filters.hops} must be 0 or more.")
    if filters.since and filters.until and filters.since > filters.until:
        raise BadFilter(f"--since {filters.since} is after --until {filters.until}; swap them.")
    claims = [c for c in claim_records(store) if c.accepted and not c.negated]
    if filters.relations:
        wanted = parse_relations(filters.relations)
        claims = [c for c in claims if c.relation in wanted]
    if filters.since is not None:
        claims = [c for c in claims if c.end is None or c.end >= filters.since]
    if filters.until is not None:
        claims = [c for c in claims if c.start is None or c.start <= filters.until]
    focus = None
    if filters.focus is not None:
        focus = find_entity(store, filters.focus)
        keep = _neighbourhood(claims, focus, filters.hops)
        claims = [c for c in claims if c.subject in keep and c.object in keep]
    return claims, focus

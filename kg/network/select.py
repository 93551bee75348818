"""Pick the part of the graph an analyst asks for: a focus and its neighbourhood, relations, a time window.

Exports, the network view and analyses all start from ``select_claims``;
dates of a claim are its own, else its era's, else its source's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS

from ..model.contract import claim_window, is_relation, is_visible, overlaps
from ..errors import BadFilter
from ..store.labels import short_name
from ..model.profile import find_entity
from ..model.schema import FAMILY_NAMES, Ontology
from ..model.types import entity_type, entity_types
from ..store.embedded import KGStore
from ..store.terms import values_lists
from ..words import normalize
from ..vocab import KG

__all__ = ["Filters", "type_name", "ClaimRecord", "claim_records", "select_claims", "select_nearest", "parse_relations", "find_source"]

@dataclass(frozen=True)
class Filters:
    """What part of the graph to keep; the defaults keep everything."""

    focus: str | None = None
    hops: int = 1
    relations: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    types: tuple[str, ...] = ()
    source: str | None = None
    min_confidence: float | None = None

    @property
    def is_everything(self) -> bool:
        """True when no filter is set."""
        return (self.focus is None and not self.relations and self.since is None and self.until is None
                and not self.types and self.source is None and self.min_confidence is None)


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
    status: str | None  # its review status IRI, None when it has none

    @property
    def accepted(self) -> bool:
        """Whether an analyst may see it (kg.model.contract.is_visible)."""
        return is_visible(self.status)

    @property
    def is_relation(self) -> bool:
        """Whether it is a relation: visible and not negated (kg.model.contract.is_relation)."""
        return is_relation(self.status, self.negated)


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_SOURCES = "SELECT ?source ?title WHERE { ?source a kg:Source OPTIONAL { ?source dcterms:title ?title } }"


def find_source(store: KGStore, name: str) -> URIRef:
    """The source whose IRI, id (``made-in-china-h200``) or title matches ``name``."""
    wanted = normalize(name)
    sources: dict[URIRef, set[str]] = {}
    for row in store.query(_SOURCES):
        keys = sources.setdefault(row.source, {normalize(str(row.source)), normalize(short_name(row.source))})
        if row.title is not None:
            keys.add(normalize(str(row.title)))
    matches = [iri for iri, keys in sources.items() if wanted in keys]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(sorted(short_name(s) for s in sources)) or "none"
    raise BadFilter(f"--source '{name}' matches {len(matches) or 'no'} sources; give one of: {listed}.")


def _value(term) -> str | None:
    return None if term is None else term.value


_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_CLAIM_FACTS = (_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT, str(KG.source), str(KG.era), str(DCTERMS.issued),
                str(KG.startDate), str(KG.endDate), str(KG.polarity), str(KG.confidence), str(KG.negated),
                str(KG.reviewStatus))


def _record(claim: str, fact: Callable[[str, str], object]) -> ClaimRecord | None:
    """A claim's record from ``fact(predicate, subject)`` (a term or None); None if it lacks its triple."""
    subject, predicate, obj = fact(_RDF_SUBJECT, claim), fact(_RDF_PREDICATE, claim), fact(_RDF_OBJECT, claim)
    if subject is None or predicate is None or obj is None:
        return None
    claim_source = _value(fact(str(KG.source), claim))
    claim_era = _value(fact(str(KG.era), claim))
    own_start, own_end = _value(fact(str(KG.startDate), claim)), _value(fact(str(KG.endDate), claim))
    era_start = _value(fact(str(KG.startDate), claim_era)) if claim_era else None
    era_end = _value(fact(str(KG.endDate), claim_era)) if claim_era else None
    published = _value(fact(str(DCTERMS.issued), claim_source)) if claim_source else None
    start, end = claim_window(_date(own_start), _date(own_end), _date(era_start), _date(era_end), _date(published))
    claim_status = _value(fact(str(KG.reviewStatus), claim))
    polarity, confidence = fact(str(KG.polarity), claim), fact(str(KG.confidence), claim)
    return ClaimRecord(
        iri=URIRef(claim),
        subject=URIRef(subject.value),
        relation=URIRef(predicate.value),
        object=URIRef(obj.value),
        source=URIRef(claim_source) if claim_source else None,
        start=start,
        end=end,
        polarity=URIRef(polarity.value) if polarity is not None else None,
        confidence=float(confidence.value) if confidence is not None else None,
        negated=_value(fact(str(KG.negated), claim)) == "true",
        status=claim_status,
    )


def claim_records(store: KGStore) -> list[ClaimRecord]:
    """Every claim of the store, sorted by IRI.

    Read with one index scan per property and joined here: on 100k claims
    this is several times faster than one SPARQL query with OPTIONALs.
    """
    types = store.quads_matching(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Claim)))
    claims = sorted({q.subject.value for q in types if isinstance(q.subject, ox.NamedNode)})
    scans = {predicate: store.objects_by_subject(predicate) for predicate in _CLAIM_FACTS}
    records = (_record(claim, lambda predicate, subject: scans[predicate].get(subject)) for claim in claims)
    return [record for record in records if record is not None]


@dataclass(frozen=True)
class Around:
    """The claims a walk kept, and how many more entities of the last ring it reached did not fit."""

    claims: list[ClaimRecord]
    left_out: int = 0


_CHUNK = 400  # IRIs per VALUES block: a request stays small on a SPARQL server
_WITH_END = "SELECT ?claim WHERE { {values} ?claim {role} ?node }"
_OTHER_END = ("SELECT ?claim ?other WHERE { {values} { ?claim rdf:subject ?node ; rdf:object ?other } "
              "UNION { ?claim rdf:object ?node ; rdf:subject ?other } }")


def _claims_with(store: KGStore, role: str, nodes: list[URIRef]) -> set[str]:
    """The IRIs of the claims whose ``role`` (rdf:subject or rdf:object) is one of ``nodes``: one
    range of the index a node, no lookup a claim."""
    found: set[str] = set()
    for values in values_lists("node", [str(n) for n in nodes], _CHUNK):
        found.update(row[0].value for row in store.select(_WITH_END.replace("{role}", role).replace("{values}", values)))
    return found


def _other_ends(store: KGStore, nodes: list[URIRef]) -> dict[str, set[str]]:
    """``{claim IRI: its ends that are not its node}`` for the claims touching ``nodes``; the ends of a claim
    between two of them are both there. One query: the engine's lookups are cheaper than a call a claim."""
    ends: dict[str, set[str]] = {}
    for values in values_lists("node", [str(n) for n in nodes], _CHUNK):
        for claim, other in store.select(_OTHER_END.replace("{values}", values)):
            ends.setdefault(claim.value, set()).add(other.value)
    return ends


def _claims_touching(store: KGStore, nodes: list[URIRef]) -> set[str]:
    """The IRIs of the claims whose rdf:subject or rdf:object is one of ``nodes``."""
    return _claims_with(store, "rdf:subject", nodes) | _claims_with(store, "rdf:object", nodes)


def _claims_between(store: KGStore, nodes: list[URIRef]) -> set[str]:
    """The IRIs of the claims whose rdf:subject and rdf:object are both among ``nodes``."""
    return _claims_with(store, "rdf:subject", nodes) & _claims_with(store, "rdf:object", nodes)


def claims_around(store: KGStore, focus: URIRef, hops: int, keep: Callable[[ClaimRecord], bool],
                  budget: int | None = None, max_nodes: int | None = None,
                  described: dict[str, list] | None = None) -> Around | None:
    """The kept claims within ``hops`` of ``focus`` whose both ends are that close, sorted by IRI.

    Walks out ring by ring through the index, reading only the claims that
    touch a node reached so far, then the claims between the last ring's
    nodes. With ``max_nodes``, a ring that would pass it keeps only the
    entities with the most claims to those already reached (then IRI order;
    the entities whose claims then all fail ``keep`` drop out) and the walk
    stops there: a view never reads the claims of the whole graph. Without it, returns None once more than ``budget`` claims
    were met, when one scan of every claim (``claim_records``) is cheaper.
    ``described`` receives every claim's (predicate, object) pairs as read.
    """
    facts: dict[str, dict[str, object]] = {}
    claims: set[str] = set()  # the subjects read so far that are typed kg:Claim
    claim_type = (str(RDF.type), ox.NamedNode(str(KG.Claim)))

    def read(subjects: set[str], predicates: list[str] | None = None) -> None:
        """Fetch the facts of many subjects at once (one request per few hundred on a SPARQL server)."""
        for subject, pairs in store.describe_many(sorted(subjects - facts.keys()), predicates).items():
            if described is not None and predicates is None:
                described[subject] = pairs
            facts[subject] = {}
            for p, value in pairs:
                facts[subject].setdefault(p, value)
            if claim_type in pairs:
                claims.add(subject)

    def fact(predicate: str, subject: str):
        return facts.get(subject, {}).get(predicate)

    def meet(new: set[str]) -> None:
        read(new)  # every fact at once: one index scan a claim is cheaper than one a property
        # eras and sources only for their dates: an era (an administration) can be a hub of direct edges
        read({_value(fact(p, c)) for c in new for p in (str(KG.era), str(KG.source))} - {None},
             [str(KG.startDate), str(KG.endDate), str(DCTERMS.issued)])
        for claim in new:
            record = _record(claim, fact) if claim in claims else None
            met[claim] = record if record is not None and keep(record) else None

    seen: dict[URIRef, int] = {focus: 0}
    met: dict[str, ClaimRecord | None] = {}
    frontier, left_out = [focus], 0
    for depth in range(hops):
        if max_nodes is None:
            new = _claims_touching(store, frontier) - met.keys()
            if budget is not None and len(met) + len(new) > budget:
                return None
        else:  # rank the entities this ring reaches by their claims to those reached, from the ends alone
            room = max(0, max_nodes - len(seen))
            ends = {claim: others for claim, others in _other_ends(store, frontier).items() if claim not in met}
            new = set(ends)
            before = {str(node) for node in seen}  # plain strings: rdflib terms compare slowly
            links: dict[str, int] = {}
            for others in ends.values():
                for other in others - before:
                    links[other] = links.get(other, 0) + 1
            ranked = sorted(links, key=lambda node: (-links[node], node))
            within = before | set(ranked[:room])
            left_out = max(0, len(ranked) - room)
            for claim, others in ends.items():  # a claim to an entity left out is never read
                if not others <= within:
                    met[claim] = None
                    new.discard(claim)
        meet(new)
        reached: dict[URIRef, int] = {}  # an entity of this ring: its kept claims to the entities reached before
        for claim in new:
            record = met[claim]
            if record is not None:
                for other in {record.subject, record.object} - seen.keys():
                    reached[other] = reached.get(other, 0) + 1
        frontier = sorted(reached, key=lambda node: (-reached[node], str(node)))
        seen.update((node, depth + 1) for node in frontier)
        if left_out or not frontier:
            break
    meet(_claims_between(store, frontier) - met.keys())
    kept = [r for r in met.values() if r is not None and r.subject in seen and r.object in seen]
    return Around(sorted(kept, key=lambda r: str(r.iri)), left_out)


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


def type_name(given: str) -> str:
    """The entity class a user means: its name (``GovernmentBody``) or the label ``kg stats`` prints
    (``government body``, ``حكومة``), any case; unknown names raise ``BadFilter`` listing the choices."""
    ontology = Ontology.bundled()
    key = normalize(given).replace(" ", "")
    choices: dict[str, str] = {}
    english: dict[str, str] = {}
    for name in ontology.entity_class_names():
        choices[normalize(name).replace(" ", "")] = name
        for label in ontology.graph.objects(ontology.entity_class(name), RDFS.label):
            choices.setdefault(normalize(str(label)).replace(" ", ""), name)
            if getattr(label, "language", None) == "en":
                english.setdefault(name, str(label))
    if key in choices:
        return choices[key]
    shown = ", ".join(sorted({english.get(n, n) for n in ontology.entity_class_names()}))
    raise BadFilter(f"Unknown type '{given}'; use one of: {shown} (or the class names, e.g. GovernmentBody).")


def _with_subclasses(names: tuple[str, ...]) -> set[str]:
    """The type names and the names of their subclasses (``Product`` brings ``Chip``)."""
    ontology = Ontology.bundled()
    wanted = set(names)
    for name in names:
        cls = ontology.entity_class(name)
        wanted |= {short_name(c) for c in ontology.graph.transitive_subjects(RDFS.subClassOf, cls)}
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
    """Accepted, non-negated claims that pass the filters, and the focus entity's IRI if one was asked for.

    With a focus, the claims are found by walking out from it through the
    index, unless its neighbourhood is a large part of the graph (then one
    scan of every claim is cheaper).
    """
    claims, focus, _ = select_nearest(store, filters)
    return claims, focus


def select_nearest(store: KGStore, filters: Filters = Filters(), max_nodes: int | None = None,
                   described: dict[str, list] | None = None) -> tuple[list[ClaimRecord], URIRef | None, int]:
    """``select_claims`` for a page of at most ``max_nodes`` entities, and how many it left out.

    With a focus, the walk stops at the ring that would pass ``max_nodes``,
    keeping the entities most tied to those already reached, and never scans
    every claim: the count left out is of that ring's entities (more may lie
    further out). Without a focus ``max_nodes`` changes nothing (0 left out).
    ``described`` receives the (predicate, object) pairs of the claims the walk read.
    """
    if filters.hops < 0:
        raise BadFilter(f"--hops {filters.hops} must be 0 or more.")
    if filters.since and filters.until and filters.since > filters.until:
        raise BadFilter(f"--since {filters.since} is after --until {filters.until}; swap them.")
    tests: list[Callable[[ClaimRecord], bool]] = [lambda c: c.is_relation]
    if filters.relations:
        wanted = parse_relations(filters.relations)
        tests.append(lambda c: c.relation in wanted)
    if filters.since is not None or filters.until is not None:
        tests.append(lambda c: overlaps(c.start, c.end, filters.since, filters.until))
    if filters.min_confidence is not None:
        tests.append(lambda c: c.confidence is not None and c.confidence >= filters.min_confidence)
    if filters.source is not None:
        source = find_source(store, filters.source)
        tests.append(lambda c: c.source == source)
    type_of: Callable[[URIRef], str | None] | None = None
    if filters.types:
        wanted_types = _with_subclasses(tuple(type_name(t) for t in filters.types))
        tests.append(lambda c: type_of(c.subject) in wanted_types and type_of(c.object) in wanted_types)

    def keep(claim: ClaimRecord) -> bool:
        return all(test(claim) for test in tests)

    focus = find_entity(store, filters.focus) if filters.focus is not None else None
    if focus is not None:
        type_of = functools.lru_cache(maxsize=None)(lambda iri: entity_type(store, iri))
        budget = None  # a walk capped at max_nodes never falls back to the scan: no need to count the claims
        if max_nodes is None:
            budget = max(1000, store.count_matching(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Claim))) // 4)
        around = claims_around(store, focus, filters.hops, keep, budget=budget, max_nodes=max_nodes, described=described)
        if around is not None:
            return around.claims, focus, around.left_out
    if filters.types:
        type_of = entity_types(store).get
    claims = [c for c in claim_records(store) if keep(c)]
    if focus is not None:
        within = _neighbourhood(claims, focus, filters.hops)
        claims = [c for c in claims if c.subject in within and c.object in within]
    return claims, focus, 0

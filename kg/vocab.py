"""Namespaces and terms: the ontology's terms as attributes that cannot be misspelt.

``KG`` mirrors ``ontology/chipkg.ttl`` term for term (a test keeps them equal);
``KGR`` is the base of every entity, claim, source and graph IRI.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .prefixes import PREFIX_IRIS

__all__ = ["KG", "KGR", "PREFIXES", "ONTOLOGY_IRI", "ONTOLOGY_GRAPH", "ENTITIES_GRAPH", "REFERENCE_GRAPH",
           "entity_iri", "source_iri", "claim_iri"]


class KG(DefinedNamespace):
    """The chip-geopolitics ontology (``kg:``)."""

    _NS = Namespace("https://w3id.org/chipkg/ontology#")
    _fail = True

    # Classes: entities
    Entity: URIRef
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    State: URIRef
    ThinkTank: URIRef
    University: URIRef
    Media: URIRef
    Product: URIRef
    Chip: URIRef
    Policy: URIRef
    # Classes: provenance
    Source: URIRef
    Claim: URIRef
    Method: URIRef
    ReviewStatus: URIRef
    Polarity: URIRef
    # Named individuals
    Curated: URIRef
    RuleExtraction: URIRef
    Import: URIRef
    Proposed: URIRef
    Accepted: URIRef
    Rejected: URIRef
    Support: URIRef
    Oppose: URIRef
    # Relation families
    relatedTo: URIRef
    actionRelation: URIRef
    stanceRelation: URIRef
    tieRelation: URIRef
    cooperativeRelation: URIRef
    conflictualRelation: URIRef
    # Relations
    lobbies: URIRef
    approves: URIRef
    buys: URIRef
    sells: URIRef
    produces: URIRef
    restricts: URIRef
    smuggles: URIRef
    reports: URIRef
    supports: URIRef
    opposes: URIRef
    criticizes: URIRef
    leads: URIRef
    affiliatedWith: URIRef
    advises: URIRef
    # Claim properties
    source: URIRef
    attributedTo: URIRef
    era: URIRef
    polarity: URIRef
    method: URIRef
    reviewStatus: URIRef
    quote: URIRef
    quoteTranslation: URIRef
    quoteStart: URIRef
    quoteEnd: URIRef
    attribution: URIRef
    confidence: URIRef
    negated: URIRef
    hypothetical: URIRef
    labelWanted: URIRef
    # Structure of issues and governments
    contraryTo: URIRef
    partOf: URIRef
    # Time and source properties
    startDate: URIRef
    endDate: URIRef
    contentHash: URIRef
    role: URIRef
    roleIn: URIRef


ONTOLOGY_IRI = URIRef("https://w3id.org/chipkg/ontology")
KGR = Namespace("https://w3id.org/chipkg/id/")
ONTOLOGY_GRAPH = KGR["graph/ontology"]
ENTITIES_GRAPH = KGR["graph/entities"]
REFERENCE_GRAPH = KGR["graph/reference"]

PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
"""Prefixes predeclared in every query and bound in every Turtle export."""


def entity_iri(slug: str) -> URIRef:
    """The IRI of the entity with this slug, e.g. ``jensen-huang``."""
    return KGR[slug]


def source_iri(slug: str) -> URIRef:
    """The IRI of a source article, which is also its named graph."""
    return KGR[f"source/{slug}"]


def claim_iri(source_slug: str, claim_id: str) -> URIRef:
    """The IRI of one claim, stable across builds: source slug plus claim id."""
    return KGR[f"claim/{source_slug}/{claim_id}"]

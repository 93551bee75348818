"""Find entities by any label or alias, partial and spelling-tolerant, in English and Arabic.

``kg search`` and the suggestions of ``kg show`` rank the same way: an exact
name first, then names that start with the words typed, then names that
contain them, then close spellings ("Jensen Hwang" finds Jensen Huang).
Case, accents, Arabic letter variants and diacritics do not count.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from .contract import hidden_claims, hidden_ends, visible_claim_count
from ..store.embedded import KGStore
from ..words import normalize

__all__ = ["Match", "search", "search_key", "entity_names", "PREFIX_SCORE"]

PREFIX_SCORE = 70.0
"""Scores from here up are names that start with, or whose words start with, what was typed."""

_NAMES = """
SELECT ?entity ?name WHERE {
  ?entity a ?class .
  ?class rdfs:subClassOf* kg:Entity .
  { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name }
}
"""
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class Match:
    """One entity found, the name that matched, how well, and its claims each way."""

    iri: URIRef
    label: str
    type: str
    name: str
    score: float
    claims_out: int = 0
    claims_in: int = 0


def search_key(text: str) -> str:
    """``normalize`` with accents dropped too: "Huáng" and "huang" are one key."""
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _score(query: str, name: str) -> float:
    if name == query:
        return 100.0
    words, wanted = name.split(), query.split()
    if name.startswith(query):
        return 90.0 - min(len(name) - len(query), 20) / 10
    if wanted and all(any(w.startswith(q) for w in words) for q in wanted):
        return PREFIX_SCORE + 8 - min(len(name) - len(query), 20) / 10
    if query in name:
        return 60.0
    ratio = difflib.SequenceMatcher(None, query, name).ratio()
    return 50.0 * ratio if ratio >= 0.7 else 0.0


def entity_names(store: KGStore) -> list[tuple[str, str]]:
    """(entity IRI, name) for every preferred label and alias of every entity."""
    return [(entity.value, name.value) for entity, name in store.solutions(_NAMES)]


def search(store: KGStore, text: str, limit: int = 10, lang: str = "en", counts: bool = True,
           names: list[tuple[str, str]] | None = None) -> list[Match]:
    """The entities best matching ``text`` by any of their names, best first (at most ``limit``);
    ``names`` are the ones ``entity_names`` read, when the caller has them already."""
    from ..store.labels import LabelIndex
    from .types import entity_types_of

    query = search_key(text.removeprefix("kgr:"))
    if not query:
        return []
    best: dict[str, tuple[float, str]] = {}
    for entity, name in names if names is not None else entity_names(store):
        score = _score(query, search_key(name))
        if score and score > best.get(entity, (0.0, ""))[0]:
            best[entity] = (score, name)
    labels = LabelIndex(store, lang)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], labels.label(URIRef(item[0])), item[0]))[:limit]
    types = entity_types_of(store, [URIRef(iri) for iri, _ in ranked])
    ends = hidden_ends(store, hidden_claims(store)) if counts else None
    return [Match(URIRef(iri), labels.label(URIRef(iri)), types.get(URIRef(iri), ""), name, round(score, 1),
                  visible_claim_count(store, iri, _RDF + "subject", ends) if counts else 0,
                  visible_claim_count(store, iri, _RDF + "object", ends) if counts else 0)
            for iri, (score, name) in ranked]

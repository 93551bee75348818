"""Synthetic graphs that follow the data contract, for benchmarks and scale tests.

``synthetic_quads(actors, claims)`` yields entities with English and Arabic
labels and claims with quotes, sources, dates and direct edges, deterministic
for a given seed. About 15 triples per claim and 4 per actor.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pyoxigraph as ox

from .schema import Ontology
from ..vocab import ENTITIES_GRAPH, KG, KGR

__all__ = ["synthetic_quads", "claims_for_triples"]

_TYPES = ["Person", "Company", "GovernmentBody", "State", "ThinkTank", "Media", "Chip", "Policy"]
_ACTOR_TYPES = 6  # the first six types are actors and can be a claim's subject
_SYLLABLES = ["ka", "lo", "mi", "ra", "sen", "tu", "vi", "zan", "hu", "ang", "bei", "da"]
_ARABIC = ["كا", "لو", "مي", "را", "سن", "تو", "في", "زان", "هو", "انغ", "بي", "دا"]
_STANCES = {"supports": KG.Support, "opposes": KG.Oppose, "criticizes": KG.Oppose}


def claims_for_triples(triples: int) -> int:
    """How many claims (with one actor per five claims) make about ``triples`` triples."""
    return max(1, round(triples / 16.6))


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def synthetic_quads(actors: int, claims: int, sources: int = 100, seed: int = 7, skew: float = 3.0) -> Iterator[ox.Quad]:
    """Quads of a made-up graph: ``actors`` entities, ``claims`` claims spread over ``sources`` articles.

    ``skew`` makes a few actors take part in most claims, as in the news
    (an actor is drawn as ``int(actors * random() ** skew)``; 1 is uniform).
    """
    rng = random.Random(seed)

    def pick() -> int:
        return min(actors - 1, int(actors * rng.random() ** skew))
    relations = [str(Ontology.bundled().relation(name)) for name in Ontology.bundled().relation_names()]
    rdf_type, pref, alt = (_n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                           _n("http://www.w3.org/2004/02/skos/core#prefLabel"),
                           _n("http://www.w3.org/2004/02/skos/core#altLabel"))
    entities = _n(str(ENTITIES_GRAPH))
    for i in range(actors):
        parts = [rng.randrange(len(_SYLLABLES)) for _ in range(3)]
        entity = _n(f"{KGR}actor-{i}")
        yield ox.Quad(entity, rdf_type, _n(str(KG[_TYPES[i % len(_TYPES)]])), entities)
        yield ox.Quad(entity, pref, ox.Literal("".join(_SYLLABLES[p] for p in parts).title() + f" {i}", language="en"), entities)
        yield ox.Quad(entity, pref, ox.Literal("".join(_ARABIC[p] for p in parts) + f" {i}", language="ar"), entities)
        yield ox.Quad(entity, alt, ox.Literal(f"A{i}", language="en"), entities)
        yield ox.Quad(entity, alt, ox.Literal(f"{_ARABIC[parts[0]]}{_ARABIC[parts[1]]}-{i}", language="ar"), entities)
    typed = {
        "rdf:subject": _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"),
        "rdf:predicate": _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"),
        "rdf:object": _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"),
    }
    integer = _n("http://www.w3.org/2001/XMLSchema#integer")
    decimal = _n("http://www.w3.org/2001/XMLSchema#decimal")
    date = _n("http://www.w3.org/2001/XMLSchema#date")
    boolean = _n("http://www.w3.org/2001/XMLSchema#boolean")
    for s in range(sources):
        source = _n(f"{KGR}source/synthetic-{s}")
        yield ox.Quad(source, rdf_type, _n(str(KG.Source)), source)
        yield ox.Quad(source, _n("http://purl.org/dc/terms/title"), ox.Literal(f"Synthetic article {s}", language="en"), source)
        yield ox.Quad(source, _n("http://purl.org/dc/terms/language"), ox.Literal("en"), source)
    for c in range(claims):
        s_index = rng.randrange(sources)
        source = _n(f"{KGR}source/synthetic-{s_index}")
        claim = _n(f"{KGR}claim/synthetic-{s_index}/c{c}")
        chosen = pick()
        subject = _n(f"{KGR}actor-{chosen - chosen % len(_TYPES) if chosen % len(_TYPES) >= _ACTOR_TYPES else chosen}")
        obj = _n(f"{KGR}actor-{pick()}")
        relation = rng.choice(relations)
        start = rng.randrange(0, 5000)
        year, day = 2012 + rng.randrange(14), 1 + rng.randrange(28)
        yield ox.Quad(claim, rdf_type, _n(str(KG.Claim)), source)
        yield ox.Quad(claim, typed["rdf:subject"], subject, source)
        yield ox.Quad(claim, typed["rdf:predicate"], _n(relation), source)
        yield ox.Quad(claim, typed["rdf:object"], obj, source)
        yield ox.Quad(claim, _n(str(KG.quote)), ox.Literal(f"quote {c} about actors", language="en"), source)
        yield ox.Quad(claim, _n(str(KG.quoteStart)), ox.Literal(str(start), datatype=integer), source)
        yield ox.Quad(claim, _n(str(KG.quoteEnd)), ox.Literal(str(start + 40), datatype=integer), source)
        yield ox.Quad(claim, _n(str(KG.source)), source, source)
        yield ox.Quad(claim, _n(str(KG.method)), _n(str(KG.Import)), source)
        yield ox.Quad(claim, _n(str(KG.reviewStatus)), _n(str(KG.Accepted)), source)
        yield ox.Quad(claim, _n(str(KG.confidence)), ox.Literal(f"0.{rng.randrange(50, 99)}", datatype=decimal), source)
        yield ox.Quad(claim, _n(str(KG.startDate)), ox.Literal(f"{year}-{rng.randrange(1, 13):02d}-{day:02d}", datatype=date), source)
        yield ox.Quad(claim, _n(str(KG.negated)), ox.Literal("false", datatype=boolean), source)
        name = relation.rsplit("#", 1)[-1]
        if name in _STANCES:
            yield ox.Quad(claim, _n(str(KG.polarity)), _n(str(_STANCES[name])), source)
        if c % 3 == 0:
            media = 5 + 8 * rng.randrange(max(1, actors // 8))  # every eighth actor from 5 on is a media outlet
            if media < actors:
                yield ox.Quad(claim, _n(str(KG.attributedTo)), _n(f"{KGR}actor-{media}"), source)
        yield ox.Quad(subject, _n(relation), obj, source)

"""The graph as a networkx multigraph: entities as nodes, claims merged into one edge per relation.

Exports to Gephi, Cytoscape and spreadsheets, the HTML view and the analyses
read this graph; every node and edge carries plain attributes (no None) so
every writer can store them.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import URIRef

from ..store.labels import LabelIndex, short_name
from ..model.schema import relation_mode, relation_valence
from ..model.types import entity_types, entity_types_of, reference_only
from .select import ClaimRecord, Filters, select_claims
from ..store.embedded import KGStore
from ..vocab import KG, KGR

__all__ = ["build_network", "node_id"]

def node_id(iri: URIRef) -> str:
    """A short, stable node id: the entity's slug (``jensen-huang``), or the full IRI outside ``kgr:``."""
    text = str(iri)
    return text[len(str(KGR)):] if text.startswith(str(KGR)) else text


def _stance(claims: list[ClaimRecord]) -> str:
    polarities = {c.polarity for c in claims if c.polarity is not None}
    if polarities == {KG.Support}:
        return "support"
    if polarities == {KG.Oppose}:
        return "oppose"
    return "mixed" if polarities else ""


def build_network(
    store: KGStore,
    filters: Filters = Filters(),
    lang: str = "en",
    selection: tuple[list[ClaimRecord], URIRef | None] | None = None,
) -> nx.MultiDiGraph:
    """Entities and merged claims that pass ``filters``, with labels in ``lang`` (and always en and ar).

    The whole graph (no filter, no ``selection``) has a node for every curated or ingested entity,
    including those with no relation, and for the reference layer's entities that claims touch; a
    filtered one has the entities its claims touch, and the focus.
    Node attributes: label, label_en, label_ar, type, iri. Edge attributes
    (key = relation name): relation, relation_label, mode, valence, stance,
    claims, weight, confidence, sources, start, end. ``selection`` reuses
    claims already picked by ``select_claims``.
    """
    claims, focus = selection if selection is not None else select_claims(store, filters)
    entities = {c.subject for c in claims} | {c.object for c in claims} | ({focus} if focus else set())
    if selection is None and filters.is_everything:  # the whole graph: every entity, those with no relation too,
        entities |= set(entity_types(store)) - reference_only(store)  # but the reference layer only where it has claims
    relations = {c.relation for c in claims}
    shown = LabelIndex(store, lang).prefetch(entities | relations | {c.source for c in claims if c.source})
    labels = {code: shown.in_language(code) for code in {lang, "en", "ar"}}
    types = entity_types_of(store, entities)
    edges: dict[tuple[URIRef, URIRef, URIRef], list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        edges[(claim.subject, claim.relation, claim.object)].append(claim)
    nodes = entities

    graph = nx.MultiDiGraph(name="chip geopolitics", lang=lang)
    for iri in sorted(nodes):
        graph.add_node(
            node_id(iri),
            label=labels[lang].label(iri),
            label_en=labels["en"].label(iri),
            label_ar=labels["ar"].label(iri),
            type=types.get(iri, ""),
            iri=str(iri),
        )
    for (subject, relation, obj), group in sorted(edges.items()):
        starts = sorted(c.start.isoformat() for c in group if c.start)
        ends = [c.end.isoformat() for c in group if c.end]
        open_ended = any(c.end is None for c in group)
        sources = sorted({c.source for c in group if c.source is not None})
        graph.add_edge(
            node_id(subject),
            node_id(obj),
            key=short_name(relation),
            relation=short_name(relation),
            relation_label=labels[lang].label(relation),
            mode=relation_mode(relation),
            valence=relation_valence(relation),
            stance=_stance(group),
            claims=len(group),
            weight=len(group),
            confidence=max((c.confidence for c in group if c.confidence is not None), default=0.0),
            sources="; ".join(labels["en"].label(s) for s in sources),
            source_iris=" ".join(str(s) for s in sources),
            start=starts[0] if starts else "",
            end="" if open_ended or not ends else max(ends),
        )
    return graph

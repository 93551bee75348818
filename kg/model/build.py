"""Build the bundled graph: the ontology plus the curated entities and claims.

Everything is read and checked first; the store is then changed in one
transaction, so a bad entry builds nothing and a rebuild duplicates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import URIRef

from .curate import load_curated
from .schema import ontology_graph
from .stats import totals
from ..store.embedded import KGStore
from ..vocab import ONTOLOGY_GRAPH

__all__ = ["BuildReport", "build"]

_CURATED_GRAPHS = """
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?claim kg:method kg:Curated } }
"""


@dataclass(frozen=True)
class BuildReport:
    """What the store holds after a build."""

    entities: int
    claims: int
    sources: int
    triples: int
    graphs: int


def build(store: KGStore, data_dir: Traversable | Path | None = None, *, fresh: bool = False) -> BuildReport:
    """Load the ontology and the curated data into ``store``, replacing what an earlier build wrote.

    ``fresh`` empties the store first (in the same transaction). Data that
    other commands loaded into other graphs is kept otherwise.
    """
    curated = load_curated(data_dir)
    graphs = {ONTOLOGY_GRAPH: ontology_graph(), **curated.graphs}
    if fresh:
        stale = store.graph_names()
    else:
        previous = {URIRef(str(row.g)) for row in store.query(_CURATED_GRAPHS)}
        stale = sorted(previous - set(graphs))
    store.replace_graphs(graphs, drop=stale, drop_default=fresh)
    counts = totals(store)
    return BuildReport(graphs=len(store.graph_names()), **counts)


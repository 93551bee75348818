"""One SPARQL protocol request answered against an open pyoxigraph store (runs in a worker).

Picks the result format from ``format`` or the Accept header, runs the query
with the requested dataset, and writes the answer with the row cap.
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox

from ..errors import KGError, QuerySyntaxError, one_line
from ..store.syntax import syntax_error
from ..store.ordering import sorted_after
from ..store.remote import RemoteStore, Solutions
from ..query.results import FORMAT_NAMES, GRAPH_TYPES, SELECT_TYPES, write_boolean, write_solutions, write_triples
from ..vocab import PREFIXES
from .jobs import Answer, Job

__all__ = ["execute", "negotiate"]

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
_TEXT = "text/plain; charset=utf-8"


def negotiate(accept: str, fmt: str | None, offered: dict[str, str]) -> tuple[str, str] | None:
    """(format name, media type) for a request: a ``format`` parameter that fits wins, then the Accept header."""
    names = set(offered.values())
    if fmt:
        named = FORMAT_NAMES.get(fmt.lower())
        if named and named[0] in names:
            return named
        if fmt in offered:
            return offered[fmt], fmt
        known = named is not None or "/" in fmt
        specific = [p for p in (accept or "").split(",") if p.split(";")[0].strip() not in ("", "*/*")]
        if known and not specific:
            return None  # format=turtle for a SELECT, and no Accept to fall back on: 406, as for Accept
        # A format that does not fit beside a real Accept (SPARQLWrapper sends both), or one unknown
        # (clients add their own), leaves the choice to Accept.
    ranges = []
    for position, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((-quality, position, media.lower()))
    for negative_quality, _, media in sorted(ranges):
        if negative_quality == 0:
            continue
        if media in offered:
            return offered[media], media
        if media in ("*/*", "application/*", "text/*"):
            default = next(iter(offered))
            return offered[default], default
    return None


def execute(store: ox.Store | RemoteStore, job: Job) -> Answer:
    """Run ``job`` on ``store`` and write the answer; errors become 400 answers, never exceptions.

    A remote store gets the query with its dataset and its answer is
    rewritten here, so the row cap and formats are the same as for Oxigraph.
    """
    if job.graph is not None:
        return _graph_answer(store, job)
    if isinstance(store, RemoteStore):
        try:
            result = store.protocol_query(job.query, job.default_graphs, job.named_graphs)
        except KGError as err:
            status = 400 if isinstance(err, QuerySyntaxError) else 502
            return Answer(status, _TEXT, f"{err}\n".encode())
        return _write(result, job)
    options = {"prefixes": _PREFIXES}
    try:
        if job.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as err:
        return Answer(400, _TEXT, f"Bad graph IRI in default-graph-uri or named-graph-uri: {err}\n".encode())
    try:
        result = sorted_after(lambda text: store.query(text, **options), job.query)  # see kg.ordering
    except SyntaxError as err:
        return Answer(400, _TEXT, f"{syntax_error(job.query, err)}\n".encode())
    except (OSError, RuntimeError, ValueError) as err:
        return Answer(400, _TEXT, f"The query failed: {one_line(err, 1000)}\n".encode())
    return _write(result, job)


def _graph_answer(store: ox.Store | RemoteStore, job: Job) -> Answer:
    """A Graph Store GET: the triples of one graph (or the default graph), sorted, cut at the row cap."""
    chosen = negotiate(job.accept, job.format, GRAPH_TYPES)
    if chosen is None:
        return Answer(406, _TEXT, f"Offered: {', '.join(sorted(GRAPH_TYPES))}.\n".encode())
    try:
        name = ox.NamedNode(job.graph) if job.graph else ox.DefaultGraph()
    except ValueError as err:
        return Answer(400, _TEXT, f"Bad graph IRI: {err}\n".encode())
    pattern = store.quads_matching if isinstance(store, RemoteStore) else store.quads_for_pattern
    quads = pattern(None, None, None, name)
    limit = job.max_rows + 1 if job.max_rows is not None else None
    kept = [q.triple for q in itertools.islice(quads, limit)]
    if job.graph and not kept:
        return Answer(404, _TEXT, f"No graph {name} in this store.\n".encode())
    body, cut = write_triples(iter(sorted(kept, key=str)), chosen[0], job.max_rows, _PREFIXES)
    headers = {"X-KG-Truncated": f"graph cut at {job.max_rows} triples (--max-rows)"} if cut else {}
    return Answer(200, chosen[1] + "; charset=utf-8", body, headers)


def _write(result, job: Job) -> Answer:
    """The answer for query results in the negotiated format, with the row cap applied."""
    graph = not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean, Solutions, bool))
    offered = GRAPH_TYPES if graph else SELECT_TYPES
    chosen = negotiate(job.accept, job.format, offered)
    if chosen is None:
        listed = ", ".join(sorted(set(offered)))
        return Answer(406, _TEXT, f"Cannot answer this query in the requested format; offered: {listed}.\n".encode())
    name, media = chosen
    try:
        if graph:
            body, cut = write_triples(result, name, job.max_rows, _PREFIXES)
        elif isinstance(result, (ox.QueryBoolean, bool)):
            body, cut = write_boolean(bool(result), name), 0
        else:
            body, cut = write_solutions(result, name, job.max_rows)
    except (OSError, RuntimeError) as err:
        return Answer(500, _TEXT, f"The query failed while reading results: {one_line(err, 1000)}\n".encode())
    headers = {"X-KG-Truncated": f"results cut at {job.max_rows} rows (--max-rows)"} if cut else {}
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Answer(200, media + charset, body, headers)

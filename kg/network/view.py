"""The network as one self-contained HTML page: pyvis builds the vis-network nodes and edges,
our own template inlines every script and style, so the page makes no network request.

Labels, quotes and titles come from articles and are untrusted: they travel as
JSON inside a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped, and the page puts them in the document with ``textContent``.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import jinja2
from markupsafe import Markup
import networkx as nx
from pyvis.network import Network
from rdflib import URIRef

from ..options import COLOR_MODES, SIZE_MEASURES
from ..errors import KGError
from ..store.labels import LabelIndex, short_name
from .graph import build_network, node_id
from ..model.profile import read_claims
from ..datafiles import data_path
from .select import Filters, select_nearest
from ..store.embedded import KGStore
from ..words import counted, normalize

__all__ = ["ViewTooLarge", "View", "render_view", "write_view", "SIZE_MEASURES", "COLOR_MODES", "json_for_html"]

COALITION_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
VIS_VERSION = "vis-9.1.2"

# Seven categories for colour and shape (the ontology's types map onto them).
CATEGORIES = {
    "person": ("dot", "#4e79a7", ["Person"]),
    "company": ("square", "#f28e2b", ["Company"]),
    "government": ("triangle", "#e15759", ["GovernmentBody", "State"]),
    "think tank": ("diamond", "#76b7b2", ["ThinkTank", "University"]),
    "media": ("triangleDown", "#59a14f", ["Media"]),
    "product": ("hexagon", "#edc948", ["Product", "Chip"]),
    "policy": ("star", "#b07aa1", ["Policy"]),
}
_CATEGORY_OF = {t: name for name, (_, _, types) in CATEGORIES.items() for t in types}
EDGE_COLOURS = {
    "support": ("#2e7d32", True),
    "oppose": ("#c62828", True),
    "cooperative": ("#1f77b4", False),
    "conflictual": ("#ef6c00", False),
    "other": ("#9e9e9e", False),
}

_STRINGS = json.loads(data_path("view", "text.json").read_text(encoding="utf-8"))
TEXT: dict[str, dict[str, str]] = _STRINGS["text"]
"""The page's words in English and Arabic (``kg/data/view/text.json``)."""
CATEGORY_LABELS: dict[str, dict[str, str]] = _STRINGS["categories"]

_CLOSING = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
_SCHEMA_URL = "https://schema.org/url"
_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
_NAME_PROPERTIES = {"http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel"}

class ViewTooLarge(KGError):
    """The whole graph is too big for one page."""


@dataclass(frozen=True)
class View:
    """A rendered page and what it holds."""

    html: str
    nodes: int
    edges: int
    claims: int
    left_out: int
    walk_stopped: bool = False  # the focus walk stopped at a ring: left_out counts that ring's entities, more may lie beyond


def json_for_html(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no line separators."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _safe_url(value: object) -> str | None:
    text = str(value) if value is not None else ""
    return text if text.startswith(("https://", "http://")) else None


def _centrality(graph: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    if measure == "degree":
        return {n: float(d) for n, d in graph.degree(weight="claims")}
    if measure == "betweenness":
        simple = nx.Graph(graph.to_undirected(as_view=True))  # a view: no copy of every edge's data
        k = min(len(simple), 300) if len(simple) > 300 else None
        return nx.betweenness_centrality(simple, k=k, seed=7)
    return nx.pagerank(nx.DiGraph(graph), weight="claims")


def _cap(graph: nx.MultiDiGraph, keep: int, focus: str | None) -> tuple[nx.MultiDiGraph, int]:
    """The ``keep`` most central nodes (by degree; the focus always stays) and how many were left out."""
    total = graph.number_of_nodes()
    if total <= keep:
        return graph, 0
    degree = dict(graph.degree(weight="claims"))
    ranked = sorted(graph.nodes, key=lambda n: (n != focus, -degree[n], n))
    kept = set(ranked[:keep])
    # Not graph.subgraph(): its views iterate the kept set, whose order changes between runs.
    capped = nx.MultiDiGraph(**graph.graph)
    capped.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in kept)
    capped.add_edges_from((u, v, k, data) for u, v, k, data in graph.edges(keys=True, data=True) if u in kept and v in kept)
    return capped, total - keep


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A seeded spring layout: the same graph always gives the same picture."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(graph.to_undirected(as_view=True))  # a view: no copy of every edge's data
    iterations = 100 if len(simple) < 300 else 40
    if len(simple) < 500:
        positions = nx.spring_layout(simple, seed=42, iterations=iterations)
    else:  # networkx switches to its sparse layout at 500 nodes, 3x slower at this size: keep the dense one
        positions = _dense_spring_layout(simple, iterations)
    scale = 120 * math.sqrt(max(len(simple), 4))
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in positions.items()}


def _dense_spring_layout(graph: nx.Graph, iterations: int) -> dict[str, tuple[float, float]]:
    """networkx's dense Fruchterman-Reingold layout, seeded, for a graph of 500 nodes or more (at most
    --max-nodes: the page never holds more), rescaled as ``spring_layout`` rescales it."""
    import numpy as np

    try:  # a private function of networkx (3.2 to 3.6 at least); its public layout if it is gone
        from networkx.drawing.layout import _fruchterman_reingold
    except ImportError:
        return nx.spring_layout(graph, seed=42, iterations=iterations)
    nodes = list(graph)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None)
    positions = _fruchterman_reingold(adjacency, iterations=iterations, seed=np.random.RandomState(42))
    return dict(zip(nodes, nx.rescale_layout(positions)))


def _edge_style(valence: str, stance: str) -> tuple[str, str, bool]:
    """(legend key, colour, dashed) for an edge."""
    key = stance if stance in ("support", "oppose") else (valence or "other")
    colour, dashed = EDGE_COLOURS[key]
    return key, colour, dashed


WHOLE_VIEW_LIMIT = 5000
"""Past this many entities the whole graph is refused: ranking them all for --max-nodes would read every claim."""


def render_view(
    store: KGStore,
    filters: Filters = Filters(),
    lang: str = "en",
    max_nodes: int = 500,
    size_by: str = "degree",
    color_by: str = "type",
    coalitions: list[tuple[str, list[str]]] | None = None,
) -> View:
    """The HTML page for the part of the graph ``filters`` keep, at most ``max_nodes`` entities."""
    text = TEXT[lang]
    described: dict[str, list] = {}  # the facts the walk read of each claim, for the side panel
    claims, focus_iri, beyond = select_nearest(store, filters, max_nodes, described)
    if filters.is_everything:
        entities = len({c.subject for c in claims} | {c.object for c in claims})
        if entities > WHOLE_VIEW_LIMIT:
            raise ViewTooLarge(
                f"The whole graph has {entities} entities, too many to rank for one page (more than {WHOLE_VIEW_LIMIT}); "
                "pick a part with --focus ENTITY --hops N, or --relation, --type, --since, --until, --source, --min-confidence."
            )
    graph = build_network(store, filters, lang, selection=(claims, focus_iri))
    focus = node_id(focus_iri) if focus_iri is not None else None
    total = graph.number_of_nodes()
    graph, left_out = _cap(graph, max_nodes, focus)
    sizes = _centrality(graph, size_by)
    largest = max(sizes.values(), default=0) or 1
    positions = _layout(graph)
    labels = LabelIndex(store, lang)

    claims_by_edge = _claims_by_edge(claims, graph)
    details = _claim_details(store, [c for group in claims_by_edge.values() for c in group], labels, lang, described)
    for claim in claims:  # the time a claim held: its own start, else its era's, else its article's date
        if claim.iri in details and claim.start:
            details[claim.iri]["date"] = claim.start.isoformat()
    names, descriptions = _entity_text(store, [URIRef(d["iri"]) for _, d in graph.nodes(data=True)], lang)
    coalition_of: dict[str, int] = {}
    coalition_legend = []
    if color_by == "coalition":  # the coalitions come from kg.analysis, a part above this one: the caller gives them
        for number, (name, members) in enumerate(coalitions or [], start=1):
            side, issue = name.split(" ", 1)
            coalition_legend.append({"label": f"{text['coalition']} {number}: {text[side]} {labels.label(URIRef(issue))}",
                                     "shape": "dot", "shape_label": "", "color": COALITION_COLOURS[(number - 1) % len(COALITION_COLOURS)]})
            for member in members:
                coalition_of[node_id(URIRef(member))] = number

    net = Network(directed=True)
    for node, data in graph.nodes(data=True):
        category = _CATEGORY_OF.get(data["type"], "policy" if data["type"] == "" else "person")
        shape, colour, _ = CATEGORIES[category]
        if color_by == "coalition":
            number = coalition_of.get(node)
            colour = COALITION_COLOURS[(number - 1) % len(COALITION_COLOURS)] if number else "#c8c8c8"
        iri = URIRef(data["iri"])
        x, y = positions[node]
        net.add_node(
            node,
            label=data["label"],
            title=f"{data['label']} · {CATEGORY_LABELS[lang][category]}",
            shape=shape,
            color=colour,
            size=round(10 + 30 * sizes.get(node, 0) / largest, 1),
            x=x,
            y=y,
            category=category,
            type_label=CATEGORY_LABELS[lang][category],
            label_en=data["label_en"],
            label_ar=data["label_ar"],
            description=descriptions.get(iri, ""),
            aliases=sorted(names.get(iri, set()) - {data["label"], data["label_en"], data["label_ar"]}),
            search=sorted({normalize(n) for n in names.get(iri, set()) | {data["label_en"], data["label_ar"], node}}),
        )
    claim_count = 0
    relation_counts: dict[str, list] = {}
    dates: set[str] = set()
    for index, (source, target, key, data) in enumerate(sorted(graph.edges(keys=True, data=True))):
        legend_key, colour, dashed = _edge_style(data["valence"], data["stance"])
        edge_claims = [details[c] for c in claims_by_edge.get((source, key, target), []) if c in details]
        claim_count += len(edge_claims)
        relation_counts.setdefault(key, [data["relation_label"], 0])[1] += 1
        dates.update(d for d in (data["start"], data["end"]) if d)
        net.add_edge(
            source,
            target,
            id=f"e{index}",
            title=f"{data['relation_label']} ({data['claims']} {text['claims']})",
            color=colour,
            dashes=dashed,
            width=min(1 + 2 * (data["claims"] - 1), 12),
            arrows="to",
            relation=key,
            relation_label=data["relation_label"],
            family=legend_key,
            start=data["start"],
            end=data["end"],
            claims=edge_claims,
        )
    nodes, edges, _, _, _, _ = net.get_network_data()
    categories_present = defaultdict(int)
    for node in nodes:
        categories_present[node["category"]] += 1
    payload = {
        "nodes": nodes,
        "edges": edges,
        "focus": focus,
        "text": text,
        "options": _options(),
        "relations": [{"name": k, "label": v[0], "count": v[1]} for k, v in sorted(relation_counts.items())],
        "types": [{"name": c, "label": CATEGORY_LABELS[lang][c], "count": categories_present[c]}
                  for c in CATEGORIES if categories_present[c]],
        "dates": sorted(dates),
        "legend": {
            "nodes": coalition_legend + [{"label": CATEGORY_LABELS[lang][c], "shape": s, "shape_label": s,
                                          "color": "#c8c8c8" if color_by == "coalition" else col}
                                         for c, (s, col, _) in CATEGORIES.items()],
            "edges": [{"label": text[f"edge_{k}"], "color": col, "dashed": dashed} for k, (col, dashed) in EDGE_COLOURS.items()],
        },
    }
    if not nodes:
        summary = text["empty"]
    elif lang == "en":  # counts in words: "1 claim", not "1 claims"
        summary = (f"{counted(len(nodes), 'actor or entity', 'actors and entities')}, "
                   f"{counted(len(edges), 'relation')} backed by {counted(claim_count, 'claim')}")
    else:
        summary = text["summary"].format(nodes=len(nodes), edges=len(edges), claims=claim_count)
    if beyond:  # the walk stopped at a ring it could not keep whole
        note = text["left_out_walk"].format(shown=len(nodes), left=left_out + beyond, hops=filters.hops)
    else:
        note = text["left_out"].format(shown=len(nodes), total=total, left=left_out) if left_out else ""
    html = _template().render(
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
        title=text["title"],
        summary=summary,
        note=note,
        text=text,
        vis_css=_asset_of_pyvis("vis-network.css"),
        vis_js=_asset_of_pyvis("vis-network.min.js"),
        view_css=_asset("view.css"),
        view_js=_asset("view.js"),
        data_json=Markup(json_for_html(payload)),
    )
    return View(html=html, nodes=len(nodes), edges=len(edges), claims=claim_count, left_out=left_out + beyond,
                walk_stopped=bool(beyond))


def write_view(store: KGStore, output: Path, filters: Filters = Filters(), lang: str = "en",
               max_nodes: int = 500, size_by: str = "degree", color_by: str = "type",
               coalitions: list[tuple[str, list[str]]] | None = None) -> View:
    """Render the page and write it to ``output``."""
    view = render_view(store, filters, lang, max_nodes, size_by, color_by, coalitions)
    output.write_text(view.html, encoding="utf-8")
    return view


def _options() -> dict:
    return {
        "physics": {"enabled": False, "stabilization": False,
                    "barnesHut": {"gravitationalConstant": -8000, "springLength": 160}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
        "edges": {"smooth": {"type": "curvedCW", "roundness": 0.15}, "font": {"size": 0}},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "layout": {"randomSeed": 42, "improvedLayout": False},
    }


def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    source = data_path("view", "view.html").read_text(encoding="utf-8")
    template = environment.from_string(source)
    return template


def _inline(text: str, name: str) -> Markup:
    """A script or stylesheet to inline as is, after checking it cannot close its element early."""
    if _CLOSING.search(text):
        raise KGError(f"{name} contains a closing tag or comment opener and cannot be inlined safely.")
    return Markup(text)


def _asset_of_pyvis(name: str) -> Markup:
    """A vis-network file shipped inside pyvis (pyvis never writes a lib/ folder here)."""
    return _inline((files("pyvis") / "templates" / "lib" / VIS_VERSION / name).read_text(encoding="utf-8"), name)


def _asset(name: str) -> Markup:
    """One of our own view files, ``kg/data/view/NAME``."""
    return _inline(data_path("view", name).read_text(encoding="utf-8"), name)


def _claim_details(store: KGStore, claims: list[URIRef], labels: LabelIndex, lang: str,
                   known: dict[str, list] | None = None) -> dict[URIRef, dict]:
    """What the side panel shows for each claim, read straight from the index (no SPARQL) unless
    ``known`` holds its facts already."""
    details = {}
    described, sources = read_claims(store, [str(claim) for claim in claims], labels, known)
    for claim in claims:
        facts: dict[str, list] = defaultdict(list)
        for predicate, value in described[str(claim)]:
            facts[predicate.rsplit("#", 1)[-1]].append(value)
        quote = facts["quote"][0] if facts["quote"] else None
        if quote is None:
            continue
        source = facts["source"][0].value if facts["source"] else None
        url = next((v.value for p, v in sources[source] if p == _SCHEMA_URL), None) if source else None
        attributed = ", ".join(sorted(labels.label(URIRef(v.value)) for v in facts["attributedTo"]))
        if not attributed and facts["attribution"]:
            words = {getattr(v, "language", ""): v.value for v in facts["attribution"]}
            attributed = words.get(lang) or words.get("en") or next(iter(words.values()))
        when = [labels.label(URIRef(v.value)) for v in facts["era"]]
        start = facts["startDate"][0].value if facts["startDate"] else None
        end = facts["endDate"][0].value if facts["endDate"] else None
        if start or end:
            when.append(f"{start or '…'} – {end or '…'}" if end else str(start))
        translation = facts["quoteTranslation"][0].value if facts["quoteTranslation"] else ""
        details[claim] = {
            "id": short_name(claim),
            "quote": quote.value,
            "quote_lang": quote.language or "",
            "translation": translation if lang != (quote.language or "") else "",
            "source": labels.label(URIRef(source)) if source else "",
            "url": _safe_url(url),
            "attributed": attributed,
            "when": ", ".join(when),
            "date": start or "",
            "polarity": labels.label(URIRef(facts["polarity"][0].value)) if facts["polarity"] else "",
            "confidence": float(facts["confidence"][0].value) if facts["confidence"] else None,
        }
    return details


def _claims_by_edge(claims: list, graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[URIRef]]:
    grouped: dict[tuple[str, str, str], list[URIRef]] = defaultdict(list)
    for claim in claims:
        key = (node_id(claim.subject), short_name(claim.relation), node_id(claim.object))
        if graph.has_edge(key[0], key[2], key[1]):
            grouped[key].append(claim.iri)
    return grouped


def _entity_text(store: KGStore, entities: list[URIRef], lang: str) -> tuple[dict[URIRef, set[str]], dict[URIRef, str]]:
    """Every name and the description in ``lang`` of each entity on the page."""
    names: dict[URIRef, set[str]] = defaultdict(set)
    chosen: dict[URIRef, str] = {}
    described = store.describe_many([str(entity) for entity in entities], [*sorted(_NAME_PROPERTIES), _COMMENT])
    for entity in entities:
        comments = {}
        for predicate, value in described[str(entity)]:
            if predicate in _NAME_PROPERTIES:
                names[entity].add(value.value)
            elif predicate == _COMMENT:
                comments[getattr(value, "language", "") or ""] = value.value
        chosen[entity] = comments.get(lang) or comments.get("en") or next(iter(sorted(comments.items())), ("", ""))[1]
    return names, chosen

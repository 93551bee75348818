"""ORDER BY done in Python (kg.ordering) gives the order Oxigraph's own ORDER BY gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.model.build import build
from kg.query.named import bind_params, named_queries
from kg.store.ordering import SortKey, split_order_by
from kg.store.embedded import MEMORY, KGStore, open_store
from kg.model.synthetic import synthetic_quads
from kg.store.terms import bind_values, rdflib_term
from kg.vocab import PREFIXES

PREFIX_MAP = {k: str(v) for k, v in PREFIXES.items()}


def test_a_plain_trailing_order_by_is_split_off():
    inner, keys = split_order_by("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY DESC(?b) ?a asc( ?p )\n")
    assert inner == "SELECT ?a ?b WHERE { ?a ?p ?b }\n"
    assert keys == [SortKey("b", True), SortKey("a"), SortKey("p")]


def test_a_hash_inside_an_iri_or_a_string_is_not_a_comment():
    text = 'SELECT ?s WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "C#" } ORDER BY DESC(?s)'
    assert split_order_by(text) == (text[:text.index("ORDER BY")], [SortKey("s", True)])


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a a <http://x.org/o#C> } # sorted: ORDER BY ?a",  # a comment after an IRI with a #
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10",           # the engine must sort before it cuts
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 5",
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)",                # an expression, not a variable
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }",  # only a subquery's
    "SELECT ?a WHERE { ?a ?p ?b }\n# ORDER BY ?a",                   # inside a comment
    "SELECT ?a WHERE { ?a ?p ?b }",
])
def test_anything_else_is_left_to_the_engine(text):
    assert split_order_by(text) is None


XSD = "http://www.w3.org/2001/XMLSchema#"
COLUMNS = {
    "numbers": [ox.Literal("10", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("9.5", datatype=ox.NamedNode(XSD + "decimal")),
                ox.Literal("2e1", datatype=ox.NamedNode(XSD + "double")), ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer")),
                ox.Literal("0.25", datatype=ox.NamedNode(XSD + "float"))],
    "dates": [ox.Literal("2025-12-01", datatype=ox.NamedNode(XSD + "date")), ox.Literal("2024-01-31", datatype=ox.NamedNode(XSD + "date")),
              ox.Literal("2024-02-01", datatype=ox.NamedNode(XSD + "date"))],
    "text": [ox.Literal("Zeta"), ox.Literal("alpha"), ox.Literal("Ärger"), ox.Literal("هواوي", language="ar"),
             ox.Literal("alpha", language="en"), ox.Literal("alpha", language="ar"), ox.Literal("beta", language="en"),
             ox.Literal("alpha", datatype=ox.NamedNode("https://example.org/dt")), ox.Literal("b", datatype=ox.NamedNode("https://example.org/dt"))],
    "nodes": [ox.NamedNode("https://example.org/b"), ox.NamedNode("https://example.org/a"), ox.BlankNode("n1"),
              ox.Literal("x")],
}


def _column_store(values) -> ox.Store:
    """Rows ``?s ?g ?v``: each value once, in three groups, and one row with ``?v`` unbound."""
    store = ox.Store()
    for i, value in enumerate(values):
        subject = ox.NamedNode(f"https://example.org/row/{i:02d}")
        store.add(ox.Quad(subject, ox.NamedNode("https://example.org/v"), value))
        store.add(ox.Quad(subject, ox.NamedNode("https://example.org/group"), ox.Literal(str(i % 3))))
    store.add(ox.Quad(ox.NamedNode("https://example.org/row/99"), ox.NamedNode("https://example.org/group"), ox.Literal("0")))
    return store


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("order", ["?v", "DESC(?v)", "?g DESC(?v)", "DESC(?g) ?v ?s"])
def test_each_kind_of_term_sorts_as_oxigraph_sorts_it(column, order):
    """Numbers by value, dates, text with and without language or datatype, IRIs, blank nodes, unbound:
    the Python order (both the pyoxigraph and the rdflib paths) is the engine's."""
    text = ("SELECT ?s ?g ?v WHERE { ?s <https://example.org/group> ?g OPTIONAL { ?s <https://example.org/v> ?v } }\n"
            f"ORDER BY {order}")
    store = KGStore(_column_store(COLUMNS[column]), MEMORY, writable=True)
    engine = [tuple(row) for row in store.solutions(text)]
    ours = list(store.select(text))
    assert len(ours) == len(COLUMNS[column]) + 1
    keys = ["sgv".index(k.variable) for k in split_order_by(text)[1]]
    assert [tuple(r[k] for k in keys) for r in ours] == [tuple(r[k] for k in keys) for r in engine]
    assert sorted(map(str, ours)) == sorted(map(str, engine))
    through_rdflib = [tuple(r) for r in store.query(text)]
    def same(term):
        return None if term is None else (type(term).__name__, str(term), getattr(term, "language", None))
    assert [tuple(same(r[k]) for k in keys) for r in through_rdflib] == \
           [tuple(same(rdflib_term(r[k])) for k in keys) for r in ours]


@pytest.fixture(scope="module")
def synthetic_store():
    """The bundled graph plus a 1,500-claim synthetic graph, in memory."""
    store = open_store(MEMORY)
    build(store)
    store._ox.extend(synthetic_quads(actors=120, claims=1500, seed=11))
    # Some claims still to review and some entities without an Arabic label, so that every named query answers.
    store.update("""
        DELETE { GRAPH ?g { ?claim kg:reviewStatus ?status } } INSERT { GRAPH ?g { ?claim kg:reviewStatus kg:Proposed } }
        WHERE { GRAPH ?g { ?claim kg:reviewStatus ?status ; rdf:subject kgr:actor-5 } }""")
    store.update("""
        DELETE { GRAPH ?g { ?entity skos:prefLabel ?arabic } }
        WHERE { GRAPH ?g { ?entity skos:prefLabel ?arabic FILTER(lang(?arabic) = "ar" && STRENDS(STR(?entity), "0")) } }""")
    yield store
    store.close()


@pytest.mark.parametrize("query", [q for q in named_queries() if split_order_by(q.text)], ids=lambda q: q.name)
def test_named_queries_come_in_the_engines_order(query, synthetic_store):
    params = {"actor": "actor-3"} if any(p.name == "actor" for p in query.params) else {}
    bindings = bind_params(synthetic_store, query, params)
    ours = list(synthetic_store.select(query.text, bindings))

    engine = [tuple(row) for row in synthetic_store.solutions(bind_values(query.text, bindings) if bindings else query.text)]
    assert ours, "an empty answer would prove nothing"
    variables = [v.value for v in synthetic_store.select(query.text, bindings).variables]
    keys = [variables.index(k.variable) for k in split_order_by(query.text)[1]]
    assert [tuple(r[i] for i in keys) for r in ours] == [tuple(r[i] for i in keys) for r in engine]
    assert sorted(map(str, ours)) == sorted(map(str, engine))

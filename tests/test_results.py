"""SPARQL results: rows written here must read as Oxigraph's own serializers write them, and table labels
read in bulk must be the labels read one IRI at a time."""

import json

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.query import run
from kg.query.results import write_solutions
from kg.store import labels as label_module
from kg.store.labels import LabelIndex
from kg.store.remote import Solutions

XSD = "http://www.w3.org/2001/XMLSchema#"
TEXTS = [" 5", "a ", " lead  mid  trail ", "tab\there", "\tlead tab", "nl\nx", "\nnl", "cr\rx", "\rcr", "<&>'\"",
         "é ü 中 ع", "emoji 😀", "ctrl \u0001 \u007f \u0085 \u2028", "/slash\\back", "]]>", "\u00a0nbsp", "  ", "",
         "\b\f\v\x00x", "q\""]
NUMBERS = ["+2", "007", "1.50", ".5", "5.", "1e5", "1.0E-3", ".5e1", "true", "false", "1", "-0", " 1", "1 ", "0x1", "NaN"]


def _document() -> bytes:
    bindings = []
    for text in TEXTS:
        bindings += [{"o": {"type": "literal", "value": text}},
                     {"o": {"type": "literal", "value": text, "xml:lang": "en"}},
                     {"o": {"type": "literal", "value": text, "datatype": XSD + "date"}}]
    for number in NUMBERS:
        for datatype in ("integer", "decimal", "double", "boolean", "float", "int"):
            bindings.append({"o": {"type": "literal", "value": number, "datatype": XSD + datatype}})
    bindings += [{"o": {"type": "uri", "value": "http://a.example/x?q=1&y='é'"}, "z": {"type": "bnode", "value": "b1"}}, {}]
    return json.dumps({"head": {"vars": ["o", "z"]}, "results": {"bindings": bindings}}).encode()


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "xml"])
def test_rows_in_hand_are_written_as_oxigraph_writes_them(fmt):
    """Sorted, capped or served rows (written here) and unsorted answers (Oxigraph's serializer) must not differ."""
    engine_format = {"tsv": ox.QueryResultsFormat.TSV, "csv": ox.QueryResultsFormat.CSV,
                     "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[fmt]
    expected = ox.parse_query_results(_document(), format=ox.QueryResultsFormat.JSON).serialize(format=engine_format)
    parsed = ox.parse_query_results(_document(), format=ox.QueryResultsFormat.JSON)
    in_hand = Solutions([v.value for v in parsed.variables], [tuple(row) for row in parsed])
    assert write_solutions(in_hand, fmt, None)[0] == expected
    capped, cut = write_solutions(Solutions([v.value for v in in_hand.variables], in_hand), fmt, len(in_hand) - 1)
    assert cut == -1 and len(capped) < len(expected)


def test_tsv_numbers_are_bare_whether_or_not_the_query_sorts(read_store):
    query = 'SELECT ?n ?d ?b ?s WHERE { VALUES (?n ?d ?b ?s) { (2 1.5 true "x") (1 0.5 false "y") } }'
    unsorted = run.answer_text(read_store, query, fmt="tsv")
    ordered = run.answer_text(read_store, query + " ORDER BY ?n", fmt="tsv")
    assert unsorted.splitlines()[1:] == ["2\t1.5\ttrue\t\"x\"", "1\t0.5\tfalse\t\"y\""]
    assert ordered.splitlines()[1:] == ["1\t0.5\tfalse\t\"y\"", "2\t1.5\ttrue\t\"x\""]


@pytest.mark.parametrize("few, ratio", [(1, 10**9), (1, 0), (10**9, 1)])  # scan all, a query per chunk, one by one
def test_labels_read_in_bulk_are_the_labels_read_one_by_one(read_store, monkeypatch, few, ratio):
    everything = [row[0] for row in read_store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")]
    everything += [ox.NamedNode("https://w3id.org/chipkg/id/nobody-has-this-iri")]
    one_by_one = LabelIndex(read_store, "ar")
    expected = [one_by_one.label(URIRef(t.value)) for t in everything]
    monkeypatch.setattr(label_module, "_FEW", few)
    monkeypatch.setattr(label_module, "_SCAN_RATIO", ratio)
    monkeypatch.setattr(label_module, "_CHUNK", 7)
    bulk = LabelIndex(read_store, "ar").prefetch(t.value for t in everything)
    if few < len(everything):  # prefetched labels are never looked up again
        monkeypatch.setattr(read_store, "describe_many", lambda *a, **k: pytest.fail(f"looked up again: {a}"))
    assert [bulk.label(URIRef(t.value)) for t in everything] == expected
    assert "إنفيديا" in expected or any("\u0600" <= ch <= "\u06ff" for label in expected for ch in label)


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "xml", "table"])
def test_an_rdflib_select_answer_is_written_as_every_other(read_store, fmt):
    """format_result of rdflib's rows (KGStore.query) gives the bytes of Oxigraph's rows (KGStore.select)."""
    query = ('SELECT ?who ?n ?label WHERE { VALUES (?who ?n) { (kgr:nvidia 2) (kgr:china 1) } '
             'OPTIONAL { ?who skos:prefLabel ?label FILTER(lang(?label) = "en") } }')
    from kg.query.run import format_result

    expected = format_result(read_store.select(query), fmt, LabelIndex(read_store) if fmt == "table" else None)
    given = format_result(read_store.query(query), fmt, LabelIndex(read_store) if fmt == "table" else None)
    assert given == expected and "Nvidia" in given

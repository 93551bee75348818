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
NVIDIA = "https://w3id.org/chipkg/id/nvidia"
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


def test_the_table_shows_oxigraphs_tsv_as_it_shows_the_terms():
    """The table reads an unread answer back from Oxigraph's TSV text, rows in hand as terms: every cell the same."""
    unread = ox.parse_query_results(_document(), format=ox.QueryResultsFormat.JSON)
    parsed = ox.parse_query_results(_document(), format=ox.QueryResultsFormat.JSON)
    in_hand = Solutions([v.value for v in parsed.variables], [tuple(row) for row in parsed])
    table = run._table(unread, None)
    assert table == run._table(in_hand, None)
    assert "<http://a.example/x?q=1&y='é'>" in table and "lead mid trail" in table and "emoji 😀" in table
    assert table.endswith(f"({len(in_hand)} rows)\n")


def test_the_table_of_a_store_answer_is_the_same_read_either_way(read_store):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3000"
    unread = run._table(read_store.select(query, unread=True), LabelIndex(read_store, "ar"))
    assert unread == run._table(read_store.select(query), LabelIndex(read_store, "ar"))
    assert unread.count("\n") == 3000 + 3 and "إنفيديا" in unread


@pytest.mark.parametrize("header, rows", [(["a"], [[None], [None]]), (["a", "b"], []), ([], [(), ()])])
def test_empty_cells_and_no_rows_are_tables_too(header, rows):
    document = json.dumps({"head": {"vars": header},
                           "results": {"bindings": [{} for _ in rows]}}).encode()
    unread = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    in_hand = Solutions(header, [tuple(row) for row in rows])
    table = run._table(unread, None)
    assert table == run._table(in_hand, None)
    assert table.endswith(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def test_labels_kept_with_the_answers_are_the_labels_of_the_store(store_copy, tmp_path, monkeypatch):
    """A table of many entities keeps their labels under the store's version: the next one reads them back,
    and a changed store is read anew."""
    from kg.store.cache import DiskCache
    from kg.store.embedded import open_store

    monkeypatch.setattr(label_module, "_SCAN_RATIO", 10**9)  # every table of more than a few IRIs scans
    answers = DiskCache(tmp_path / "answers")
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
    with open_store(store_copy) as store:
        everything = [row[0].value for row in store.select(query)]
        expected = [LabelIndex(store, "ar").label_of(iri) for iri in everything]
        store.answers = answers
        assert LabelIndex(store, "ar").labels_of(everything) == expected  # scanned, then kept
        monkeypatch.setattr(store, "solutions", lambda *a, **k: pytest.fail("the kept labels were not read back"))
        assert LabelIndex(store, "ar").labels_of(everything) == expected
    with open_store(store_copy, write=True) as store:
        store.update(f'DELETE {{ GRAPH ?g {{ <{NVIDIA}> skos:prefLabel ?l }} }} '
                     f'INSERT {{ GRAPH ?g {{ <{NVIDIA}> skos:prefLabel "إنفيديا الجديدة"@ar }} }} '
                     f'WHERE {{ GRAPH ?g {{ <{NVIDIA}> skos:prefLabel ?l }} FILTER(LANG(?l) = "ar") }}')
    with open_store(store_copy) as store:
        assert LabelIndex(store, "ar").label_of(NVIDIA) == "إنفيديا الجديدة"
        store.answers = answers
        assert "إنفيديا الجديدة" in LabelIndex(store, "ar").labels_of(everything)

"""The questions analysts ask, answered from the built graph through `kg query`."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from rdflib import Graph

from kg.vocab import KGR

LOBBIES = "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom } ORDER BY ?who ?whom"
CRITICS_OF_SACKS = """
SELECT ?critic ?quote WHERE {
  ?claim rdf:subject ?critic ; rdf:predicate kg:criticizes ; rdf:object kgr:david-sacks ; kg:quote ?quote .
}"""
APPROVED_BUYERS = """
SELECT ?company WHERE {
  kgr:china kg:approves ?company .
  ?company a kg:Company ; kg:buys kgr:h200 .
} ORDER BY ?company"""
HEADS_OF_NVIDIA = "SELECT ?boss WHERE { ?boss kg:leads kgr:nvidia }"


def rows_as_json(kg, store, query):
    result = kg("query", "--store", str(store), "--format", "json", query)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["results"]["bindings"]


def test_who_lobbies_whom(kg, built_store_path):
    rows = rows_as_json(kg, built_store_path, LOBBIES)
    pairs = {(r["who"]["value"], r["whom"]["value"]) for r in rows}
    assert (str(KGR["jensen-huang"]), str(KGR["united-states"])) in pairs


def test_who_lobbies_whom_as_a_table_with_labels(kg, built_store_path):
    result = kg("query", "--store", str(built_store_path), LOBBIES)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["who", "whom"]
    assert any("Jensen Huang" in line and "United States" in line for line in lines[2:])
    assert lines[-1] == "(1 row)"


def test_labels_print_in_arabic(kg, built_store_path):
    result = kg("query", "--store", str(built_store_path), "--lang", "ar", LOBBIES)
    assert "جنسن هوانغ" in result.stdout and "الولايات المتحدة" in result.stdout


def test_who_criticizes_sacks_with_the_quote(kg, built_store_path):
    rows = rows_as_json(kg, built_store_path, CRITICS_OF_SACKS)
    assert [r["critic"]["value"] for r in rows] == [str(KGR["sam-bresnick"])]
    quote = rows[0]["quote"]
    assert quote["xml:lang"] == "ar"
    assert "فكرة ديفيد ساكس" in quote["value"]


def test_which_companies_beijing_approved_to_buy_h200s(kg, built_store_path):
    rows = rows_as_json(kg, built_store_path, APPROVED_BUYERS)
    assert [r["company"]["value"] for r in rows] == [str(KGR[c]) for c in ("alibaba", "bytedance", "tencent")]


def test_who_heads_nvidia(kg, built_store_path):
    rows = rows_as_json(kg, built_store_path, HEADS_OF_NVIDIA)
    assert [r["boss"]["value"] for r in rows] == [str(KGR["jensen-huang"])]


def test_a_whole_relation_family_in_one_query(kg, built_store_path):
    query = """SELECT DISTINCT ?who WHERE { ?rel rdfs:subPropertyOf+ kg:conflictualRelation . ?who ?rel kgr:david-sacks }"""
    rows = rows_as_json(kg, built_store_path, query)
    assert [r["who"]["value"] for r in rows] == [str(KGR["sam-bresnick"])]


def test_csv_tsv_and_xml_results(kg, built_store_path):
    store = str(built_store_path)
    out = kg("query", "--store", store, "--format", "csv", HEADS_OF_NVIDIA).stdout
    assert list(csv.reader(io.StringIO(out))) == [["boss"], [str(KGR["jensen-huang"])]]
    out = kg("query", "--store", store, "--format", "tsv", HEADS_OF_NVIDIA).stdout
    assert out.splitlines() == ["?boss", f"<{KGR['jensen-huang']}>"]
    out = kg("query", "--store", store, "--format", "xml", HEADS_OF_NVIDIA).stdout
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = [u.text for u in ET.fromstring(out).iterfind(".//r:uri", ns)]
    assert uris == [str(KGR["jensen-huang"])]


def test_tsv_escapes_quotes_and_language_tags(kg, built_store_path):
    out = kg("query", "--store", str(built_store_path), "--format", "tsv", CRITICS_OF_SACKS).stdout
    value = out.splitlines()[1].split("\t")[1]
    assert value.startswith('"') and value.endswith('"@ar')


def test_ask_answers_yes_or_no(kg, built_store_path):
    store = str(built_store_path)
    assert kg("query", "--store", store, "ASK { kgr:jensen-huang kg:lobbies kgr:united-states }").stdout == "yes\n"
    assert kg("query", "--store", store, "ASK { kgr:united-states kg:lobbies kgr:jensen-huang }").stdout == "no\n"
    out = kg("query", "--store", store, "--format", "json", "ASK { ?s kg:smuggles ?o }").stdout
    assert json.loads(out)["boolean"] is False


def test_construct_in_turtle_nt_and_jsonld(kg, built_store_path):
    store = str(built_store_path)
    query = "CONSTRUCT { ?s kg:approves ?o } WHERE { ?s kg:approves ?o }"
    graphs = []
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        result = kg("query", "--store", store, "--format", fmt, query)
        assert result.exit_code == 0, result.stderr
        graphs.append(Graph().parse(data=result.stdout, format=parser))
    assert len(graphs[0]) == 5
    from rdflib.compare import isomorphic

    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[1], graphs[2])


def test_query_from_file_and_stdin(kg, built_store_path, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text(HEADS_OF_NVIDIA, encoding="utf-8")
    store = str(built_store_path)
    from_file = kg("query", "--store", store, "-f", str(query_file)).stdout
    from_stdin = kg("query", "--store", store, "-", input=HEADS_OF_NVIDIA).stdout
    assert from_file == from_stdin and "Jensen Huang" in from_file


def test_named_queries_ship_with_the_package_and_run(read_store):
    from kg.query.run import run_query
    from kg.datafiles import data_path

    names = sorted(f.name for f in data_path("queries").iterdir() if f.name.endswith(".rq"))
    readme_examples = ["who-lobbies-whom.rq", "who-criticizes-whom.rq", "purchases-beijing-approved.rq"]
    assert set(readme_examples) <= set(names)
    for name in readme_examples:
        rows = list(run_query(read_store, data_path("queries", name).read_text(encoding="utf-8")))
        assert rows, f"{name} returned nothing on the bundled graph"

"""Bad input: a clear one-line error naming the problem and the fix, exit 2, and the store as it was."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kg.datafiles import data_path
from kg.store.embedded import open_store


def snapshot(path):
    with open_store(path) as store:
        return store.union_graph()


def assert_unchanged(path, before):
    assert isomorphic(snapshot(path), before), "the store changed"


def one_line_error(result):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_a_query_failing_while_it_runs_gives_one_line(kg, built_store_path):
    result = kg("query", "--store", str(built_store_path), "SELECT ?x WHERE { BIND(<https://example.org/f>(1) AS ?x) }")
    message = one_line_error(result)
    assert "The query failed" in message and "https://example.org/f" in message


def error_with_caret(result):
    """A syntax error: one line of words, then the query's line and a caret under the spot."""
    assert result.exit_code == 2
    lines = result.stderr.rstrip("\n").splitlines()
    assert len(lines) == 3 and lines[0].startswith("Error: "), result.stderr
    return lines


def test_malformed_sparql_gives_line_and_column(kg, store_copy):
    before = snapshot(store_copy)
    result = kg("query", "--store", str(store_copy), "SELECT ?x WHERE {\n  ?x kg:lobbies \n}")
    message, line, caret = error_with_caret(result)
    assert "Malformed SPARQL query at line 3, column 1" in message
    assert line == "  }" and caret == "  ^"
    assert_unchanged(store_copy, before)


@pytest.mark.parametrize("query, words, spot", [
    ("SELEC ?x WHERE { ?x ?p ?o }", "'SELEC' does not start a query (did you mean SELECT?)", "SELEC"),
    ("SELECT ?x WHERE { ?x foo:bar ?o }", "unknown prefix 'foo:'; declare it with PREFIX foo: <IRI>", "foo:bar"),
    ('SELECT ?x WHERE { ?x ?p "open }', "a string is not closed", '"open'),
    ("SELECT ?x WHERE { ?x ?p ?o", "the query ends too early: '}' is missing", ""),
    ("ASK { ?s ?p ?o } stray", "unexpected 'stray'", "stray"),
])
def test_syntax_errors_say_what_is_wrong_in_words(kg, built_store_path, query, words, spot):
    message, line, caret = error_with_caret(kg("query", "--store", str(built_store_path), query))
    assert words in message, message
    assert "expected one of" not in message and "'\\u{" not in message
    column = caret.index("^")
    assert line[column:].startswith(spot), (line, caret)


def test_malformed_update_changes_nothing(kg, store_copy):
    before = snapshot(store_copy)
    result = kg("query", "--store", str(store_copy), "--update", "INSERT DATA { kgr:a kgr:b }")
    assert "Malformed SPARQL update" in error_with_caret(result)[0]
    assert_unchanged(store_copy, before)


def test_update_is_refused_without_the_flag(kg, store_copy):
    before = snapshot(store_copy)
    result = kg("query", "--store", str(store_copy), "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s kg:leads ?o }")
    assert "--update" in one_line_error(result)
    assert_unchanged(store_copy, before)


def test_update_with_the_flag_changes_the_store(kg, store_copy):
    result = kg("query", "--store", str(store_copy), "--update",
                "INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/notes> { kgr:nvidia rdfs:seeAlso <https://www.nvidia.com/> } }")
    assert result.exit_code == 0 and result.stdout == "Update applied: 1 triple added.\n"
    out = kg("query", "--store", str(store_copy), "ASK { kgr:nvidia rdfs:seeAlso ?x }")
    assert out.stdout == "yes\n", (out.exit_code, out.stderr)


def test_a_failing_update_is_rolled_back_whole(kg, store_copy):
    before = snapshot(store_copy)
    update = "INSERT DATA { kgr:x kg:lobbies kgr:y } ; DROP GRAPH <https://example.org/no-such-graph>"
    result = kg("query", "--store", str(store_copy), "--update", update)
    assert "changed nothing" in one_line_error(result)
    assert_unchanged(store_copy, before)


def test_missing_store_says_how_to_create_it(kg, tmp_path):
    missing = tmp_path / "nowhere"
    message = one_line_error(kg("query", "--store", str(missing), "ASK {}"))
    assert str(missing) in message and f"kg build --store {missing}" in message


def test_corrupt_store_says_what_to_do(kg, store_copy):
    (store_copy / "CURRENT").write_text("garbage")
    message = one_line_error(kg("stats", "--store", str(store_copy)))
    assert "damaged" in message and "kg build --store" in message


def test_build_refuses_a_folder_that_is_not_a_store(kg, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    message = one_line_error(kg("build", "--store", str(folder)))
    assert "not a knowledge graph store" in message
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_unknown_entity_lists_closest_matches(kg, built_store_path):
    message = one_line_error(kg("show", "--store", str(built_store_path), "Jensen Hwang"))
    assert "No entity is called 'Jensen Hwang'" in message and "Jensen Huang" in message


def test_wrong_format_for_the_query_type(kg, built_store_path):
    message = one_line_error(kg("query", "--store", str(built_store_path), "--format", "turtle", "SELECT * { ?s ?p ?o } LIMIT 1"))
    assert "table, csv, tsv, json, xml" in message


@pytest.fixture
def bad_data(tmp_path):
    """A copy of the bundled curated data, to break one entry at a time."""
    folder = tmp_path / "data"
    for part in ("curated", "sources"):
        shutil.copytree(Path(str(data_path(part))), folder / part)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CLAIMS = Path("curated") / "claims" / "made-in-china-h200.yaml"
ENTITIES = Path("curated") / "entities.yaml"


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        (CLAIMS, "quote: الرئيس التنفيذي لشركة Nvidia", "quote: الرئيس التنفيذي لشركة إنفيديا",
         ["claim 'c01'", "is not in made-in-china-h200.ar.txt at all"]),
        (CLAIMS, "    start: 332\n", "    start: 333\n", ["claim 'c02'", "it is at start: 332"]),
        (CLAIMS, "relation: lobbies", "relation: bribes", ["claim 'c02'", "unknown relation 'bribes'", "lobbies"]),
        (CLAIMS, "object: united-states", "object: united-kingdom", ["claim 'c02'", "'united-kingdom' is not an entity id"]),
        (CLAIMS, "    polarity: support\n", "", ["claim 'c13'", "add polarity"]),
        (CLAIMS, "confidence: 0.95", "confidence: 1.5", ["claim 'c01'", "from 0 to 1"]),
        (ENTITIES, "labels: {en: Jensen Huang, ar: جنسن هوانغ, zh: 黄仁勋}", "labels: {en: Jensen Huang}",
         ["entity 'jensen-huang'", "missing the 'ar' label"]),
        (ENTITIES, "type: Chip", "type: Gadget", ["entity 'h200'", "unknown type 'Gadget'", "Chip"]),
        (ENTITIES, "start: 2021-01-20", "start: the twentieth", ["entity 'biden-administration'", "YYYY-MM-DD"]),
        (ENTITIES, "entities:\n", "entities: [\n", ["entities.yaml", "not valid YAML"]),
    ],
)
def test_malformed_curated_data_builds_nothing(kg, store_copy, bad_data, file, old, new, expected):
    before = snapshot(store_copy)
    edit(bad_data / file, old, new)
    message = one_line_error(kg("build", "--store", str(store_copy), "--data", str(bad_data)))
    assert file.name in message
    for part in expected:
        assert part in message
    assert_unchanged(store_copy, before)


def test_a_second_writer_is_told_the_store_is_in_use(kg, store_copy):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from kg.store.embedded import open_store
            store = open_store({str(store_copy)!r}, write=True)
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        message = one_line_error(kg("build", "--store", str(store_copy)))
        assert "in use by another kg process" in message
        reader = kg("query", "--store", str(store_copy), "ASK { kgr:jensen-huang kg:leads kgr:nvidia }")
        assert reader.stdout == "yes\n", "readers keep working while a writer holds the store"
    finally:
        holder.communicate("", timeout=30)


@pytest.mark.parametrize("content, words", [(b"\x00\x01binary", "a binary file"), (b"\xff\xfeSELECT", "not UTF-8")])
def test_a_query_file_that_is_not_utf8_text_is_one_line(kg, built_store_path, tmp_path, content, words):
    (tmp_path / "q.rq").write_bytes(content)
    assert words in one_line_error(kg("query", "--store", str(built_store_path), "-f", str(tmp_path / "q.rq")))


def test_serve_on_a_port_in_use_or_a_bad_host_is_one_line(kg, built_store_path):
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        assert "is in use" in one_line_error(kg("serve", "--store", str(built_store_path), "--port", port, "--workers", "1"))
    finally:
        taken.close()
    for host in ("999.1.1.1", "10.255.255.1"):
        message = one_line_error(kg("serve", "--store", str(built_store_path), "--host", host, "--port", "0", "--workers", "1"))
        assert "is not an address of this machine" in message


def test_plain_json_is_not_json_ld(kg, store_copy, tmp_path):
    before = snapshot(store_copy)
    (tmp_path / "data.jsonld").write_text('{"name": "Nvidia", "ticker": "NVDA"}', encoding="utf-8")
    assert "no triple in this JSON file" in one_line_error(kg("load", "--store", str(store_copy), str(tmp_path / "data.jsonld")))
    assert_unchanged(store_copy, before)


def test_an_n_triples_line_over_16_mib_is_one_line(kg, store_copy, tmp_path):
    before = snapshot(store_copy)
    (tmp_path / "huge.nt").write_text('<http://a> <http://b> "' + "x" * (17 << 20) + '" .\n', encoding="utf-8")
    assert "too large" in one_line_error(kg("load", "--store", str(store_copy), str(tmp_path / "huge.nt")))
    assert_unchanged(store_copy, before)


def test_an_empty_folder_and_a_bad_source_url_are_errors(kg, store_copy, tmp_path):
    (tmp_path / "empty").mkdir()
    assert "no article in this folder" in one_line_error(kg("ingest", "--store", str(store_copy), str(tmp_path / "empty")))
    (tmp_path / "a.txt").write_text("Washington banned the H200.", encoding="utf-8")
    for url in ("http://a b/", 'https://example.org/"x"', "ftp://example.org/a", "<https://example.org/>"):
        message = one_line_error(kg("ingest", "--store", str(store_copy), str(tmp_path / "a.txt"), "--source-url", url))
        assert "is not a web address" in message

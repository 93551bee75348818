"""kg serve: a real server on 127.0.0.1, real clients (SPARQLWrapper, rdflib's SPARQLStore, urllib, Chromium)."""

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

KGR = "https://w3id.org/chipkg/id/"
TOKEN = "s3cret-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    """`kg serve` in its own process, on a free port."""

    def __init__(self, store, *args):
        command = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--quiet", "--store", str(store), "--port", "0", *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line + self.process.stderr.read()
        self.url = match.group(1)

    def request(self, path, data=None, headers=None, method=None):
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def query(self, text, accept="application/sparql-results+json", **params):
        params["query"] = text
        return self.request("/sparql?" + urllib.parse.urlencode(params), headers={"Accept": accept})

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextlib.contextmanager
def token_server(store, *args):
    """`kg serve --allow-update --token TOKEN` on ``store`` with one worker, stopped at the end."""
    running = Server(store, "--allow-update", "--token", TOKEN, "--workers", "1", *args)
    try:
        yield running
    finally:
        running.stop()


def post_update(server, update: str | bytes):
    """POST one SPARQL update with the token."""
    return server.request("/sparql", data=update.encode() if isinstance(update, str) else update,
                          headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})


@pytest.fixture(scope="module")
def server(built_store_path):
    running = Server(built_store_path, "--timeout", "3", "--max-rows", "1000", "--workers", "2")
    yield running
    running.stop()


@pytest.fixture
def writable(store_copy):
    running = Server(store_copy, "--allow-update", "--token", TOKEN, "--workers", "1", "--cors", "https://yasgui.example")
    yield running
    running.stop()


def test_sparqlwrapper_select_ask_construct_in_every_format(server):
    from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, JSONLD, RDFXML, SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery("PREFIX kg: <https://w3id.org/chipkg/ontology#> SELECT ?boss WHERE { ?boss kg:leads <https://w3id.org/chipkg/id/nvidia> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["boss"]["value"] == KGR + "jensen-huang"
    client.setReturnFormat(XML)
    assert KGR + "jensen-huang" in client.query().convert().toxml()
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1] == KGR + "jensen-huang"
    client.setReturnFormat(TSV)
    assert client.query().convert().decode().splitlines()[1] == f"<{KGR}jensen-huang>"
    client.setQuery("ASK { <https://w3id.org/chipkg/id/china> <https://w3id.org/chipkg/ontology#approves> <https://w3id.org/chipkg/id/tencent> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setReturnFormat(XML)
    assert "true" in client.query().convert().toxml()
    client.setQuery("CONSTRUCT { ?s <https://w3id.org/chipkg/ontology#approves> ?o } WHERE { ?s <https://w3id.org/chipkg/ontology#approves> ?o }")
    for fmt in (TURTLE, N3, JSONLD, RDFXML, XML):
        client.setReturnFormat(fmt)
        graph = client.query().convert()
        if not isinstance(graph, Graph):
            graph = Graph().parse(data=graph, format={TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}.get(fmt, "xml"))
        assert len(graph) == 5, fmt


def test_post_form_and_post_sparql_query(server):
    text = "SELECT ?who WHERE { ?who kg:lobbies ?whom }"
    status, _, body = server.request("/sparql", urllib.parse.urlencode({"query": text}).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines() == ["who", KGR + "jensen-huang"]
    status, headers, body = server.request("/sparql", text.encode(), {"Content-Type": "application/sparql-query",
                                                                       "Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")


def test_rdflib_sparqlstore_as_a_client(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "/sparql")
    rows = list(store.query("SELECT ?company WHERE { <https://w3id.org/chipkg/id/china> <https://w3id.org/chipkg/ontology#approves> ?company . ?company a <https://w3id.org/chipkg/ontology#Company> } ORDER BY ?company"))
    assert [str(r.company) for r in rows] == [KGR + c for c in ("alibaba", "bytedance", "tencent")]


def test_order_by_done_outside_the_engine_gives_the_engines_order(server):
    """A final ORDER BY is sorted in Python; with LIMIT after it the engine sorts: the rows must agree."""
    text = "SELECT ?label ?entity WHERE { ?entity skos:prefLabel ?label } ORDER BY DESC(?label) ?entity"
    _, _, ours = server.query(text, accept="text/csv")
    _, _, engines = server.query(text + " LIMIT 100000", accept="text/csv")
    rows = ours.decode().splitlines()
    assert len(rows) > 50 and rows == engines.decode().splitlines()
    assert rows[1:] != sorted(rows[1:])  # descending, not the input order


def test_default_and_named_graph_uris_are_honoured(server):
    entities = KGR + "graph/entities"
    status, _, body = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }", **{"default-graph-uri": entities})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    status, _, body = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "36"
    status, _, body = server.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": entities})
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [entities]


def test_format_parameter_and_406(server):
    status, headers, _ = server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="text/turtle")
    assert status == 406
    status, headers, _ = server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="text/turtle", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, headers, _ = server.query("CONSTRUCT WHERE { ?s kg:lobbies ?o }", accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    status, _, body = server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="*/*", format="turtle")
    assert status == 406, "format=turtle cannot answer a SELECT, and nothing else was asked for"
    status, _, _ = server.query("CONSTRUCT WHERE { ?s kg:lobbies ?o }", accept="*/*", format="csv")
    assert status == 406


def test_service_description(server):
    status, headers, body = server.request("/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(server.url + "/sparql")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph


def test_malformed_query_is_400_with_the_parser_message(server):
    status, _, body = server.query("SELECT ?x WHERE {\n ?x ?y }")
    assert status == 400 and b"Malformed SPARQL query at line 2, column 8" in body
    assert body.decode().splitlines()[1:] == ["   ?x ?y }", "         ^"]


def test_updates_are_refused_by_default(server):
    status, _, body = server.request("/sparql", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                     {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"--allow-update" in body
    status, _, _ = server.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 405, "an update by GET is refused before any token is looked at"


def test_row_cap(server):
    status, headers, body = server.query("SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1000
    assert "1000 rows" in headers["X-KG-Truncated"]


def test_oversized_request_is_refused(server):
    huge = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 << 20)).encode()
    status, _, body = server.request("/sparql", huge, {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_a_slow_query_is_stopped_while_others_are_answered(server):
    outcome = {}

    def slow():
        started = time.monotonic()
        outcome["slow"] = server.query(SLOW)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    status, _, body = server.query("ASK { <https://w3id.org/chipkg/id/jensen-huang> kg:leads <https://w3id.org/chipkg/id/nvidia> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    thread.join(60)
    status, _, body = outcome["slow"]
    assert status == 503 and b"stopped" in body
    assert outcome["seconds"] < 15
    status, _, body = server.query("ASK { ?s ?p ?o }")
    assert status == 200, "the replaced worker answers again"


def test_graph_store_protocol_read(server):
    status, headers, body = server.request("/rdf-graphs?graph=" + urllib.parse.quote(KGR + "graph/entities"),
                                           headers={"Accept": "application/n-triples"})
    assert status == 200 and len(Graph().parse(data=body.decode(), format="nt")) > 200
    assert server.request("/rdf-graphs?graph=https://example.org/none")[0] == 404
    assert server.request("/rdf-graphs?graph=https://example.org/none", b"", {"Content-Type": "text/turtle"}, "PUT")[0] == 403


def test_entity_page_html_and_jsonld(server):
    status, headers, body = server.request("/entity/jensen-huang", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and "<h1 dir=\"auto\">Jensen Huang</h1>" in page and "فقد أتت حملة الضغط" in page
    status, headers, body = server.request("/entity/jensen-huang", headers={"Accept": "application/ld+json"})
    from rdflib import Dataset

    data = Dataset(default_union=True).parse(data=body.decode(), format="json-ld")
    assert (URIRef(KGR + "jensen-huang"), URIRef("https://w3id.org/chipkg/ontology#lobbies"), URIRef(KGR + "united-states")) in data
    status, headers, _ = server.request("/id/jensen-huang")
    assert status == 200, "an IRI of the graph dereferences (303 followed) to its page"
    assert server.request("/entity/nobody")[0] == 404


def test_updates_with_the_token_and_rollback(writable):
    update = b"INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/notes> { <https://w3id.org/chipkg/id/nvidia> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://nvidia.com/> } }"
    assert writable.request("/sparql", update, {"Content-Type": "application/sparql-update"})[0] == 401
    wrong = {"Content-Type": "application/sparql-update", "Authorization": "Bearer nope"}
    assert writable.request("/sparql", update, wrong)[0] == 401
    good = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    status, _, body = writable.request("/sparql", update, good)
    assert status == 200 and body == b"Update applied: 1 triple added.\n"
    status, _, body = writable.query("ASK { <https://w3id.org/chipkg/id/nvidia> rdfs:seeAlso ?x }")
    assert json.loads(body)["boolean"] is True
    failing = b"INSERT DATA { <urn:x> <urn:y> <urn:z> } ; DROP GRAPH <https://example.org/missing>"
    status, _, body = writable.request("/sparql", failing, good)
    assert status == 400 and b"changed nothing" in body
    status, _, body = writable.query("ASK { <urn:x> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_repeated_queries_are_answered_from_memory_until_a_write(writable):
    text = "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom } ORDER BY ?who ?whom"
    status, headers, first = writable.query(text, accept="text/csv")
    assert status == 200 and "X-KG-Cache" not in headers and first.decode().count("\n") == 2
    status, headers, again = writable.query(text, accept="text/csv")
    assert status == 200 and headers["X-KG-Cache"] == "hit" and again == first
    status, headers, _ = writable.query(text, accept="application/sparql-results+json")
    assert "X-KG-Cache" not in headers  # another format is another answer
    update = b"INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/notes> { <https://w3id.org/chipkg/id/someone> <https://w3id.org/chipkg/ontology#lobbies> <https://w3id.org/chipkg/id/nvidia> } }"
    good = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    assert writable.request("/sparql", update, good)[0] == 200
    status, headers, after = writable.query(text, accept="text/csv")
    assert "X-KG-Cache" not in headers and after.decode().count("\n") == 3 and b"/someone," in after
    graph = urllib.parse.quote("https://w3id.org/chipkg/id/graph/notes")
    assert writable.request(f"/rdf-graphs?graph={graph}", None, {"Authorization": f"Bearer {TOKEN}"}, "DELETE")[0] == 204
    assert writable.query(text, accept="text/csv")[2] == first  # the Graph Store write is seen too


def test_a_load_by_another_process_is_seen_at_once_not_the_kept_answer(store_copy, tmp_path):
    from kg.network.load import load_files
    from kg.store.embedded import open_store

    running = Server(store_copy, "--workers", "1")  # the workers' own reload timer (5 s) is not what sees it
    try:
        text = "SELECT ?who WHERE { ?who kg:lobbies ?whom } ORDER BY ?who"
        first = running.query(text, accept="text/csv")[2]
        assert running.query(text, accept="text/csv")[1]["X-KG-Cache"] == "hit"
        extra = tmp_path / "extra.nt"
        extra.write_text(f"<{KGR}newcomer> <https://w3id.org/chipkg/ontology#lobbies> <{KGR}nvidia> .\n", encoding="utf-8")
        with open_store(store_copy, write=True) as store:
            load_files(store, [extra])
        status, headers, after = running.query(text, accept="text/csv")
        assert status == 200 and "X-KG-Cache" not in headers
        assert after.decode().splitlines() == first.decode().splitlines() + [KGR + "newcomer"]
    finally:
        running.stop()


def test_with_the_cache_off_a_load_by_another_process_is_seen_too(store_copy, tmp_path):
    """The workers reopen the store when its version changes, not on a timer: the next query sees the load."""
    from kg.network.load import load_files
    from kg.store.embedded import open_store

    running = Server(store_copy, "--workers", "1", "--cache-mib", "0")
    try:
        text = "SELECT ?who WHERE { ?who kg:lobbies ?whom } ORDER BY ?who"
        first = running.query(text, accept="text/csv")[2]
        extra = tmp_path / "extra.nt"
        extra.write_text(f"<{KGR}newcomer> <https://w3id.org/chipkg/ontology#lobbies> <{KGR}nvidia> .\n", encoding="utf-8")
        with open_store(store_copy, write=True) as store:
            load_files(store, [extra])
        time.sleep(0.05)  # past the endpoint's reading of the version (at most every VERSION_TTL seconds)
        after = running.query(text, accept="text/csv")[2]
        assert after.decode().splitlines() == first.decode().splitlines() + [KGR + "newcomer"]
    finally:
        running.stop()


def test_a_server_started_with_no_cache_keeps_nothing(built_store_path):
    running = Server(built_store_path, "--cache-mib", "0", "--workers", "1")
    try:
        for _ in range(2):
            status, headers, body = running.query("SELECT ?who WHERE { ?who kg:lobbies ?whom }", accept="text/csv")
            assert status == 200 and "X-KG-Cache" not in headers and b"jensen-huang" in body
    finally:
        running.stop()


def test_graph_store_writes_with_the_token(writable):
    graph = urllib.parse.quote("https://example.org/graph/mine")
    turtle = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> ."
    auth = {"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"}
    assert writable.request(f"/rdf-graphs?graph={graph}", turtle, auth, "PUT")[0] == 204
    status, _, body = writable.request(f"/rdf-graphs?graph={graph}", headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count(b"\n") == 1
    assert writable.request(f"/rdf-graphs?graph={graph}", b"<broken", auth, "POST")[0] == 400
    assert writable.request(f"/rdf-graphs?graph={graph}", None, {"Authorization": f"Bearer {TOKEN}"}, "DELETE")[0] == 204
    assert writable.request(f"/rdf-graphs?graph={graph}")[0] == 404


def test_cors_only_for_the_given_origins(writable):
    _, headers, _ = writable.request("/sparql?query=ASK%7B%7D", headers={"Origin": "https://yasgui.example"})
    assert headers.get("Access-Control-Allow-Origin") == "https://yasgui.example"
    _, headers, _ = writable.request("/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers


def test_allow_update_without_a_token_is_refused(kg, built_store_path):
    result = kg("serve", "--store", str(built_store_path), "--allow-update", "--port", "0")
    assert result.exit_code == 2 and "--token" in result.stderr


def test_serve_binds_loopback_by_default(kg):
    from kg.cli import cli

    host = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"


@contextlib.contextmanager
def ui_page(server, path="/"):
    """The query UI in Debian's Chromium with every request outside the server aborted and recorded;
    yields (page, outside requests, page errors)."""
    from test_viz import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing")
        pytest.skip("chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    outside, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(bypass_csp=True).new_page()

        def route(r):
            if r.request.url.startswith(server.url):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "400" not in m.text else None)
        page.goto(server.url + path)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        yield page, outside, errors
        browser.close()


def test_the_query_ui_runs_a_named_query_offline(server):
    with ui_page(server) as (page, outside, errors):
        assert page.locator(".CodeMirror .cm-keyword").count() > 0, "syntax highlighting"
        page.click("button[data-name=approved-purchases]")
        page.wait_for_function("document.querySelectorAll('#results tr').length > 1", timeout=30_000)
        rows = page.locator("#results tr")
        assert rows.count() == 4
        assert page.locator("#results a[href='/entity/tencent']").first.inner_text() == "Tencent"
        page.evaluate("kgEditor.setValue('CONSTRUCT { ?s kg:lobbies ?o } WHERE { ?s kg:lobbies ?o }'); kgRun()")
        page.wait_for_function("!document.getElementById('graph').hidden", timeout=30_000)
        assert page.locator("#results tr").count() == 2
        page.evaluate("kgEditor.setValue('PREFIX k'); kgEditor.setCursor({line: 0, ch: 8}); kgEditor.focus()")
        page.keyboard.press("Control+Space")
        assert "kg: <https://w3id.org/chipkg/ontology#>" in page.locator(".CodeMirror-hints").inner_text()
    assert outside == [] and errors == []


def test_the_query_ui_keeps_the_query_in_the_url_offers_downloads_and_marks_errors(server):
    lobbies = "SELECT ?who ?whom WHERE { ?who kg:lobbies ?whom }"
    with ui_page(server, "/?query=" + urllib.parse.quote(lobbies)) as (page, outside, errors):
        page.wait_for_function("document.querySelectorAll('#results tr').length === 2", timeout=30_000)
        assert page.evaluate("kgEditor.getValue()") == lobbies, "a shared link opens with its query and answer"
        links = page.locator("#downloads a")
        assert [links.nth(i).get_attribute("data-format") for i in range(links.count())] == ["json", "xml", "csv", "tsv"]
        csv_text = page.evaluate("fetch(document.querySelector('#downloads a[data-format=csv]').href).then(r => r.text())")
        assert csv_text.splitlines()[0] == "who,whom" and "jensen-huang" in csv_text
        page.evaluate("kgEditor.setValue('SELECT ?x WHERE {\\n  ?x kg:leads ?y .\\n  ?x foo:bar ?z }'); kgRun()")
        page.wait_for_function("document.getElementById('status').className === 'error'", timeout=30_000)
        assert page.locator("#results tr").count() == 0, "the previous results are cleared"
        assert "unknown prefix 'foo:'" in page.inner_text("#status")
        marked = page.evaluate("[0, 1, 2].filter(n => (kgEditor.lineInfo(n).bgClass || '').includes('error-line'))")
        assert marked == [2] and page.locator(".CodeMirror .error-line").count() == 1
        assert "foo%3Abar" in page.url or "foo:bar" in urllib.parse.unquote(page.url)
        page.go_back()
        page.wait_for_function("document.querySelectorAll('#results tr').length === 2", timeout=30_000)
        assert page.evaluate("kgEditor.getValue()") == lobbies, "Back restores the previous query"
    assert outside == [] and errors == []

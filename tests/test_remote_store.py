"""The store on a SPARQL server: loads in batches, crash safety, retries, credentials, and kg serve as a front.

Writes go to a Virtuoso of this module's own (the cross-store suite's one
must keep exactly the bundled graph).
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import KG_COMMAND, VIRTUOSO_PASSWORD, start_virtuoso
from kg.store.remote import STAGING, Endpoints, RemoteError, RemoteStore
from kg.store.embedded import open_store

REPO = Path(__file__).resolve().parents[1]
SECRETS = (VIRTUOSO_PASSWORD, base64.b64encode(f"dba:{VIRTUOSO_PASSWORD}".encode()).decode())


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A Virtuoso of this module's own, with the bundled graph built through kg."""
    server = start_virtuoso(tmp_path_factory.mktemp("scratch-virtuoso"))
    os.environ["KG_STORE_CREDENTIALS"] = server.credentials
    subprocess.run([KG_COMMAND, "build", "--store", server.location], check=True, capture_output=True)
    yield server
    server.stop()


def kg_run(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """``kg ARGS`` in its own process, as an analyst runs it."""
    result = subprocess.run([KG_COMMAND, *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def triples(location: str) -> int:
    with open_store(location) as store:
        return len(store)


def staging_graphs(server) -> list[str]:
    store = RemoteStore(server.location, writable=False)
    rows = store._select(f'SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }} GROUP BY ?g')
    return [row[0].value for row in rows]


def synthetic(tmp_path: Path, claims: int = 400) -> Path:
    out = tmp_path / "synthetic.nq"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--actors", "40", "--claims", str(claims),
                    "--seed", "3", "-o", str(out)], check=True, capture_output=True)
    return out


# Locations and credentials


def test_credentials_in_the_url_are_refused_without_echoing_them(kg):
    result = kg("stats", "--store", f"sparql+http://dba:{VIRTUOSO_PASSWORD}@127.0.0.1:1/sparql")
    assert result.exit_code == 2
    assert "must not carry credentials" in result.stderr and "KG_STORE_CREDENTIALS" in result.stderr
    assert VIRTUOSO_PASSWORD not in result.output


@pytest.mark.parametrize("location, message", [
    ("sparql+http://127.0.0.1:8890/sparql?color=red", "Unknown --store parameter 'color'"),
    ("sparql+http://127.0.0.1:8890/sparql?batch=many", "take numbers"),
    ("sparql+http://127.0.0.1:8890/sparql?page=0", "must be positive"),
    ("sparql+http:///sparql", "names no server"),
])
def test_bad_locations_get_one_line_errors(kg, location, message):
    result = kg("stats", "--store", location)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_endpoints_resolve_relative_to_the_query_endpoint():
    endpoints = Endpoints.parse("sparql+https://db.example:7200/repositories/kg?update=statements&gsp=rdf-graphs/service&page=500")
    assert endpoints.query == "https://db.example:7200/repositories/kg"
    assert endpoints.update == "https://db.example:7200/repositories/statements"
    assert endpoints.graph_store == "https://db.example:7200/repositories/rdf-graphs/service"
    assert endpoints.page == 500 and endpoints.batch == 20_000


def test_an_unreachable_server_is_named_in_one_line(kg):
    from kg.store.virtuoso import free_port

    result = kg("show", "Nvidia", "--store", f"sparql+http://127.0.0.1:{free_port()}/sparql")
    assert result.exit_code == 2
    assert "Cannot reach the SPARQL server at http://127.0.0.1:" in result.stderr and "tried 3 times" in result.stderr


def test_a_server_without_the_graph_says_how_to_build_it(tmp_path, kg):
    server = start_virtuoso(tmp_path)
    try:
        result = kg("show", "Nvidia", "--store", server.location)
        assert result.exit_code == 2
        assert "No knowledge graph at sparql+http://" in result.stderr and "kg build --store" in result.stderr
    finally:
        server.stop()


def test_wrong_credentials_are_refused_and_never_printed(scratch):
    wrong = "Wr0ng-pass-9q"
    before = triples(scratch.location)
    result = kg_run("build", "--store", scratch.location, env={"KG_STORE_CREDENTIALS": f"dba:{wrong}"})
    assert result.returncode == 2
    assert "refused the request (401)" in result.stderr and "KG_STORE_CREDENTIALS" in result.stderr
    for secret in (wrong, *SECRETS):
        assert secret not in result.stdout + result.stderr
    assert triples(scratch.location) == before


def test_credentials_never_appear_in_output_errors_or_server_logs(scratch, tmp_path):
    outputs = []
    outputs.append(kg_run("build", "--store", scratch.location, check=True))
    outputs.append(kg_run("query", "--update", "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> ", "--store", scratch.location))
    outputs.append(kg_run("query", "SELECT * WHERE { ?s ?p }", "--store", scratch.location))
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\nnot rdf\n", encoding="utf-8")
    outputs.append(kg_run("load", str(bad), "--store", scratch.location))
    assert [r.returncode for r in outputs] == [0, 2, 2, 2]
    serve = subprocess.Popen([KG_COMMAND, "serve", "--store", scratch.location, "--port", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = serve.stdout.readline().split(" at ")[1].split("/ ")[0]
        for query in ("ASK { ?s ?p ?o }", "SELECT * WHERE {"):
            try:
                urllib.request.urlopen(f"{url}/sparql?" + urllib.parse.urlencode({"query": query}), timeout=60).read()
            except urllib.error.HTTPError as err:
                assert err.code == 400
    finally:
        serve.terminate()
        server_out, server_err = serve.communicate(timeout=30)
    everything = "".join(r.stdout + r.stderr for r in outputs) + server_out + server_err
    assert "GET /sparql" in everything  # the request log is there to be searched
    for secret in SECRETS:
        assert secret not in everything
    assert "Error" in outputs[1].stderr


# Loads


def test_a_load_goes_in_batches_with_progress_and_reports_what_it_added(scratch, tmp_path):
    data = synthetic(tmp_path)
    lines = sum(1 for _ in data.open(encoding="utf-8"))
    before = triples(scratch.location)
    result = kg_run("load", str(data), "--store", scratch.location + "&batch=1000", check=True)
    batches = [line for line in result.stderr.splitlines() if line.startswith("Sent batch")]
    assert len(batches) == -(-lines // 1000)
    assert batches[-1] == f"Sent batch {len(batches)}: {lines} triples staged."
    assert f"{lines} triples read" in result.stdout
    added = triples(scratch.location) - before
    assert f"{added} new" in result.stdout and added > 0.9 * lines
    assert staging_graphs(scratch) == []
    again = kg_run("load", str(data), "--store", scratch.location + "&batch=5000", check=True)
    assert ", 0 new." in again.stdout


def test_triples_without_a_graph_and_their_blank_nodes(scratch, tmp_path):
    data = tmp_path / "people.nt"
    lines = ['_:someone <http://schema.org/name> "Someone" .']
    lines += [f"<urn:kg-test:n{i}> <urn:kg-test:p> \"{i}\" ." for i in range(25)]
    lines += ['_:someone <http://schema.org/jobTitle> "Analyst" .']
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kg_run("load", str(data), "--store", scratch.location + "&batch=10", check=True)
    with open_store(scratch.location) as store:
        from kg.store.remote import SKOLEM
        import pyoxigraph as ox

        named = [q for q in store.quads_matching(None, ox.NamedNode("http://schema.org/name"), ox.Literal("Someone"))]
        assert len(named) == 1 and named[0].subject.value.startswith(SKOLEM)
        assert named[0].graph_name.value == "https://w3id.org/chipkg/id/graph/loaded"
        facts = dict(store.describe(named[0].subject.value))
        assert facts["http://schema.org/jobTitle"].value == "Analyst"  # the same node, two batches apart


def test_a_bad_file_loads_nothing_even_after_batches_were_sent(scratch, tmp_path):
    data = synthetic(tmp_path)
    text = data.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.nq"
    broken.write_text("\n".join(text[:2500] + ["<urn:a> <urn:b> ."] + text[2500:]) + "\n", encoding="utf-8")
    before = triples(scratch.location)
    result = kg_run("load", str(broken), "--store", scratch.location + "&batch=1000")
    assert result.returncode == 2
    assert f"{broken}:2501:" in result.stderr and "Nothing was loaded" in result.stderr
    assert "Sent batch 2" in result.stderr  # batches had gone to the server before the error
    assert triples(scratch.location) == before
    assert staging_graphs(scratch) == []


def test_a_killed_load_leaves_the_store_without_the_file(scratch, tmp_path):
    data = synthetic(tmp_path, claims=3000)
    before = triples(scratch.location)
    graphs_before = set(open_store(scratch.location).graph_names())
    loader = subprocess.Popen([KG_COMMAND, "load", str(data), "--store", scratch.location + "&batch=2000"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = loader.stderr.readline()
    assert line.startswith("Sent batch 1:"), line
    loader.send_signal(signal.SIGKILL)
    loader.wait(30)
    assert triples(scratch.location) == before
    assert set(open_store(scratch.location).graph_names()) == graphs_before
    left = staging_graphs(scratch)
    assert left  # what the killed process staged is still on the server, apart from the store ...
    removed = RemoteStore(scratch.location, writable=True).remove_stale_staging(older_than=0)
    assert removed == len(left) and staging_graphs(scratch) == []  # ... until a later writer cleans it up


# Retries, against a real HTTP server that fails on purpose


class _Flaky(http.server.BaseHTTPRequestHandler):
    failures = 0
    seen = 0

    def do_POST(self):
        type(self).seen += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).seen <= type(self).failures:
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"busy")
            return
        body = json.dumps({"head": {}, "boolean": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("failures, answered", [(2, True), (3, False)])
def test_transient_errors_are_retried_three_times(failures, answered):
    _Flaky.failures, _Flaky.seen = failures, 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(f"sparql+http://127.0.0.1:{httpd.server_port}/sparql", writable=False)
        if answered:
            assert store._select("ASK {}") is True
        else:
            with pytest.raises(Exception, match="answered 503: busy"):
                store._select("ASK {}")
        assert _Flaky.seen == min(failures + 1, 3)
    finally:
        httpd.shutdown()


# kg serve in front of the server


def test_serve_fronts_the_remote_store(scratch, built_store_path):
    kg_run("build", "--store", scratch.location, "--fresh", check=True)
    serve = subprocess.Popen([KG_COMMAND, "serve", "--store", scratch.location, "--port", "0",
                              "--max-rows", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = serve.stdout.readline().split(" at ")[1].split("/ ")[0]
        query = (REPO / "kg/data/queries/purchases-beijing-approved.rq").read_text(encoding="utf-8")
        request = urllib.request.Request(f"{url}/sparql?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            remote = json.load(answer)["results"]["bindings"]
        with open_store(built_store_path) as local:
            expected = {str(row.company) for row in local.query(query)}
        assert {row["company"]["value"] for row in remote} == expected and len(expected) == 3
        many = urllib.request.Request(f"{url}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}),
                                      headers={"Accept": "text/csv"})
        with urllib.request.urlopen(many, timeout=60) as answer:
            assert answer.headers["X-KG-Truncated"] and len(answer.read().decode().splitlines()) == 6
        page = urllib.request.Request(f"{url}/entity/jensen-huang", headers={"Accept": "application/ld+json"})
        with urllib.request.urlopen(page, timeout=60) as answer:
            assert "Jensen Huang" in answer.read().decode()
    finally:
        serve.terminate()
        serve.communicate(timeout=30)


def test_read_only_remote_store_refuses_writes():
    store = RemoteStore("sparql+http://127.0.0.1:1/sparql", writable=False)
    with pytest.raises(RemoteError, match="read-only"):
        store.update("CLEAR ALL")


def test_ingest_and_review_write_the_same_graph_as_on_oxigraph(scratch, store_copy, tmp_path):
    article = REPO / "tests" / "gold" / "en" / "01-entity-list.txt"
    kg_run("build", "--store", scratch.location, "--fresh", check=True)
    exports = []
    for store in (str(store_copy), scratch.location):
        review = tmp_path / f"review-{len(exports)}.yaml"
        kg_run("ingest", str(article), "--review", str(review), "--store", store, check=True)
        assert "accepted, 0 rejected" in kg_run("review", str(review), "--accept-all", "--store", store, check=True).stdout
        exports.append(kg_run("export", "--format", "nq", "--store", store, check=True).stdout)
    subject = "rdf-syntax-ns#subject> <https://w3id.org/chipkg/id/us-department-of-commerce>"
    assert subject in exports[0] and exports[1] == exports[0], "the accepted claims of the reference entity, alike on both"


def test_without_a_graph_store_endpoint_loads_go_as_insert_data(scratch, tmp_path):
    """No gsp= in --store: batches of many graphs and thousands of triples go as INSERT DATA pieces."""
    kg_run("build", "--store", scratch.location, "--fresh", check=True)
    data = synthetic(tmp_path, claims=300)
    lines = sum(1 for _ in data.open(encoding="utf-8"))
    graphs_in_file = {line.rsplit(" ", 2)[-2] for line in data.open(encoding="utf-8")}
    location = scratch.location.replace("&gsp=/sparql-graph-crud-auth", "") + "&batch=6000"
    assert "gsp=" not in location and len(graphs_in_file) >= 2
    before = triples(scratch.location)
    result = kg_run("load", str(data), "--store", location, check=True)
    added = triples(scratch.location) - before
    assert f"{lines} triples read, {added} new." in result.stdout and added > 0.9 * lines
    with open_store(scratch.location) as store:
        assert {f"<{g}>" for g in store.graph_names()} >= graphs_in_file
    assert staging_graphs(scratch) == []


def test_named_queries_agree_on_a_synthetic_graph(scratch, tmp_path):
    """Beyond the seed: thousands of claims, long quotes, hubs. (Virtuoso repeats rows of a DISTINCT
    query over long literals; the remote store removes the repeats.)"""
    from kg.model.build import build
    from kg.network.load import load_files
    from kg.query.named import bind_params, named_queries

    data = synthetic(tmp_path, claims=2000)
    kg_run("build", "--store", scratch.location, "--fresh", check=True)
    kg_run("load", str(data), "--store", scratch.location, check=True)
    with open_store(tmp_path / "oxigraph", write=True) as local:
        build(local)
        load_files(local, [data])
        with open_store(scratch.location) as remote:
            for query in named_queries():
                params = {"actor": "actor-3"} if any(p.name == "actor" for p in query.params) else {}
                answers = []
                for store in (local, remote):
                    rows = store.query(query.text, bind_params(store, query, params))
                    answers.append(sorted(repr(tuple(str(term) for term in row)) for row in rows))
                if len(answers[0]) > 10_000:  # over the test server's ResultSetMaxRows: flagged, so kg query warns
                    assert remote.truncated and len(answers[1]) == 10_000, query.name
                    continue
                assert not remote.truncated, query.name
                assert answers[1] == answers[0], query.name
                assert len(answers[0]) == len(set(answers[0])) or not query.text.lstrip().startswith("SELECT DISTINCT")


def test_kg_query_warns_when_the_server_cuts_the_results(scratch):
    result = kg_run("query", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv", "--store", scratch.location, check=True)
    assert "Warning: the SPARQL server cut these results" in result.stderr
    assert len(result.stdout.splitlines()) == 10_001
    small = kg_run("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "--format", "csv", "--store", scratch.location, check=True)
    assert small.stderr == "" and len(small.stdout.splitlines()) == 6


XML_RESULTS = """<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/><variable name="ok"/><variable name="label"/></head>
<results><result><binding name="s">{subject}</binding>
<binding name="ok"><literal datatype="http://www.w3.org/2001/XMLSchema#boolean">1</literal></binding>
<binding name="label"><literal xml:lang="ar">هواوي</literal></binding></result>
<result><binding name="s"><uri>https://w3id.org/chipkg/id/huawei</uri></binding></result></results></sparql>"""


@pytest.mark.parametrize("subject", ["<uri>https://w3id.org/chipkg/id/china</uri>", "<bnode>nodeID://b10007</bnode>"])
def test_xml_results_are_read_with_virtuosos_quirks(subject):
    """pyoxigraph's parser, or for Virtuoso's nodeID:// blank nodes the fallback: booleans 0/1 fixed either way."""

    from kg.store.remote import _parse_xml_solutions

    rows = _parse_xml_solutions(XML_RESULTS.format(subject=subject).encode("utf-8"))
    assert [v.value for v in rows.variables] == ["s", "ok", "label"]
    first, second = rows
    assert first["ok"] == ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    assert first["label"] == ox.Literal("هواوي", language="ar")
    assert isinstance(first["s"], ox.BlankNode if "bnode" in subject else ox.NamedNode)
    assert second[0] == ox.NamedNode("https://w3id.org/chipkg/id/huawei") and second[1] is None and second["label"] is None
    assert _parse_xml_solutions(b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>true</boolean></sparql>') is True


def test_a_table_reads_its_labels_in_a_few_requests(virtuoso_built, read_store):
    from kg.query.run import answer_text

    text = "SELECT ?claim ?actor ?target WHERE { ?claim rdf:subject ?actor ; rdf:object ?target } ORDER BY ?claim"
    remote = open_store(virtuoso_built.location)
    sent = []
    request = remote._http.request
    remote._http.request = lambda *args, **kwargs: sent.append(args[0]) or request(*args, **kwargs)  # counts real requests
    try:
        table = answer_text(remote, text, None, "table", "en")
    finally:
        remote.close()
    distinct = {cell for line in table.splitlines()[2:-1] for cell in line.split()}
    assert len(distinct) > 60  # one request each would be dozens
    assert len(sent) <= 3, sent
    assert table == answer_text(read_store, text, None, "table", "en")

"""Hardening of kg serve and kg query: Host names, security headers, bad bodies, deep nesting, large bodies."""

import http.client
import urllib.parse

import pytest

from test_server import TOKEN, Server, post_update, token_server


@pytest.fixture(scope="module")
def server(built_store_path):
    running = Server(built_store_path, "--workers", "1", "--allow-host", "kg.internal")
    yield running
    running.stop()


def raw_request(server, method, path, body=b"", headers=None):
    """A request with the exact Host and body given, past urllib's own checks."""
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    if body:
        connection.send(body)
    response = connection.getresponse()
    answer = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return answer


@pytest.mark.parametrize("host, status", [
    ("evil.example", 421), ("evil.example:7878", 421), ("127.0.0.1:{port}", 200), ("localhost:{port}", 200),
    ("kg.internal", 200), ("", 421),
])
def test_only_the_bound_names_are_answered(server, host, status):
    port = urllib.parse.urlsplit(server.url).port
    headers = {"Host": host.format(port=port)} if host else {}
    got, _, body = raw_request(server, "GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", headers=headers)
    assert got == status, body
    if status == 421:
        assert b"--allow-host" in body


def test_every_answer_carries_the_security_headers(server):
    for path in ("/", "/entity/jensen-huang", "/sparql?query=ASK%7B%7D", "/nothing-here"):
        _, headers, _ = server.request(path)
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    _, headers, _ = server.request("/")
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_a_body_that_is_not_utf8_is_400(server):
    status, _, body = server.request("/sparql", data=b"SELECT * WHERE { ?s ?p \xff\xfe }",
                                     headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"not UTF-8 (byte 23)" in body


def test_a_query_nested_10000_deep_is_400_and_the_workers_live(server):
    for text in ("SELECT * WHERE " + "{" * 10_000, "ASK { FILTER(" + "!" * 100_000 + "true) }"):
        status, _, body = server.request("/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 400 and b"nested more than 256 levels" in body
    assert server.query("ASK { ?s ?p ?o }")[0] == 200


def test_a_body_over_16_mib_is_413_not_a_reset(server):
    status, _, body = raw_request(server, "POST", "/sparql", body=b"#" * (17 << 20), headers={
        "Host": urllib.parse.urlsplit(server.url).netloc, "Content-Type": "application/sparql-query"})
    assert status == 413 and b"the limit is" in body


@pytest.mark.parametrize("text", ["{" * 10_000, "!" * 100_000, "INSERT DATA " + "{" * 10_000])
def test_kg_query_refuses_deep_nesting_in_one_line(kg, store_copy, text):
    result = kg("query", "--store", str(store_copy), *(["--update"] if text.startswith("INSERT") else []), text)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nested more than 256 levels" in lines[0]


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="https://example.org/x"><rdf:value>&d;&d;&d;&d;</rdf:value></rdf:Description>
</rdf:RDF>
"""
PROTEGE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
    <!ENTITY owl "http://www.w3.org/2002/07/owl#" >
    <!ENTITY ex "https://example.org/" >
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="&ex;thing"><rdf:type rdf:resource="&owl;Thing"/></rdf:Description>
</rdf:RDF>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="https://example.org/x"><rdf:value>&secret;</rdf:value></rdf:Description>
</rdf:RDF>
"""


def quads(path):
    from kg.store.embedded import open_store

    with open_store(path) as store:
        return sorted(map(str, store.quads()))


@pytest.mark.parametrize("document, words", [(LAUGHS, "refers to other entities"), (EXTERNAL, "external entity")])
def test_kg_load_refuses_expanding_entities_and_changes_nothing(kg, store_copy, tmp_path, document, words):
    before = quads(store_copy)
    (tmp_path / "bad.rdf").write_text(document, encoding="utf-8")
    result = kg("load", "--store", str(store_copy), str(tmp_path / "bad.rdf"))
    assert result.exit_code == 2 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert quads(store_copy) == before


def test_namespace_entities_still_load(kg, store_copy, tmp_path):
    (tmp_path / "protege.rdf").write_text(PROTEGE, encoding="utf-8")
    result = kg("load", "--store", str(store_copy), str(tmp_path / "protege.rdf"))
    assert result.exit_code == 0 and "1 triple read, 1 new" in result.stdout
    asked = kg("query", "--store", str(store_copy), "--format", "csv", "ASK { <https://example.org/thing> a owl:Thing }")
    assert asked.stdout == "true\n"


def test_a_graph_store_put_of_expanding_entities_is_400(store_copy):
    with token_server(store_copy) as writable:
        status, _, body = writable.request("/rdf-graphs?graph=https%3A%2F%2Fexample.org%2Fg", data=LAUGHS.encode(),
                                           headers={"Content-Type": "application/rdf+xml", "Authorization": f"Bearer {TOKEN}"},
                                           method="PUT")
        assert status == 400 and b"refers to other entities" in body and b"Nothing was changed" in body
        assert b"false" in writable.query("ASK { GRAPH <https://example.org/g> { ?s ?p ?o } }")[2]


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_waiting_for_a_worker_is_not_query_time(built_store_path):
    """One worker, busy with a slow query: a cheap ASK queued behind it waits, then gets the whole limit."""
    import threading
    import time

    busy = Server(built_store_path, "--workers", "1", "--timeout", "3")
    try:
        slow = threading.Thread(target=lambda: busy.query(SLOW))
        slow.start()
        time.sleep(0.5)
        status, _, body = busy.query("ASK { ?s ?p ?o }")
        slow.join()
        assert status == 200 and b"true" in body, body
    finally:
        busy.stop()


def test_a_pool_with_no_free_worker_says_busy_without_killing_one(built_store_path):
    import time

    from kg.serve.jobs import Job
    from kg.serve.workers import PoolBusy, WorkerPool

    pool = WorkerPool(str(built_store_path), size=1, timeout=2, wait=0.3)
    try:
        assert pool.run(Job(query="ASK { ?s ?p ?o }")).status == 200  # the worker has opened the store
        [(process, _)] = pool._all
        worker = pool._idle.take(timeout=1)  # every worker taken, as by a long query
        started = time.monotonic()
        with pytest.raises(PoolBusy, match="busy for 0.3 s"):
            pool.run(Job(query="ASK { ?s ?p ?o }"))
        assert time.monotonic() - started < 1.5
        pool._idle.give_back(worker)
        assert process.is_alive(), "no healthy worker is killed for a wait"
        assert pool.run(Job(query="ASK { ?s ?p ?o }")).status == 200
    finally:
        pool.close()


def test_graph_store_reads_run_under_the_row_cap(built_store_path):
    capped = Server(built_store_path, "--workers", "1", "--max-rows", "50")
    try:
        graph = urllib.parse.quote("https://w3id.org/chipkg/id/source/made-in-china-h200", safe="")
        status, headers, body = capped.request(f"/rdf-graphs?graph={graph}", headers={"Accept": "application/n-triples"})
        assert status == 200 and len(body.decode().splitlines()) == 50
        assert "50 triples" in headers["X-KG-Truncated"]
        status, _, _ = capped.request("/rdf-graphs?graph=" + urllib.parse.quote("https://example.org/none", safe=""))
        assert status == 404
        status, _, body = capped.request("/rdf-graphs?default", headers={"Accept": "application/n-triples"})
        assert status == 200
    finally:
        capped.stop()


def test_a_token_server_lets_the_cli_write_between_its_writes(kg, store_copy):
    with token_server(store_copy) as writable:
        cli = kg("query", "--store", str(store_copy), "--update", "INSERT DATA { kgr:cli kgr:wrote kgr:this }")
        assert cli.exit_code == 0, cli.stderr
        status, _, body = post_update(writable, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert status == 200 and body == b"Update applied: 1 triple added.\n"
        assert b"true" in writable.query("ASK { kgr:cli kgr:wrote kgr:this }")[2]


def test_an_update_past_the_timeout_is_stopped_and_changes_nothing(store_copy):
    with token_server(store_copy, "--timeout", "2") as writable:
        before = writable.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]
        heavy = ("INSERT { <urn:count> <urn:is> ?n } WHERE { SELECT (COUNT(*) AS ?n) "
                 "WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } } }")
        status, _, body = post_update(writable, heavy)
        assert status == 503 and b"Update stopped" in body and b"nothing was changed" in body
        assert writable.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2] == before
        status, _, _ = post_update(writable, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert status == 200, "the next update runs: the stopped one left no lock behind"

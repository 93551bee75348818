"""SERVICE and LOAD reach no address unless the operator allowed its host: kg serve and kg query."""

import socket
import threading
import urllib.parse

import pytest

from kg.query.federation import ServiceRefused, check_remote_targets, remote_targets
from test_server import TOKEN, Server, post_update, token_server


@pytest.mark.parametrize("text, targets", [
    ("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", [("SERVICE", "http://a.example/sparql")]),
    ("select * where { service silent <http://b.example/> { ?s ?p ?o } }", [("SERVICE", "http://b.example/")]),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", [("SERVICE", None)]),
    ("SELECT * WHERE { SERVICE ex:end { ?s ?p ?o } }", [("SERVICE", None)]),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://c.example/>" }', []),
    ("SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://d.example/>", []),
    ("SELECT * WHERE { ?s ex:SERVICE ?o }", []),
    ("LOAD SILENT <http://e.example/data.ttl> INTO GRAPH <http://g>", [("LOAD", "http://e.example/data.ttl")]),
])
def test_remote_targets_are_read_past_strings_comments_and_names(text, targets):
    assert remote_targets(text) == targets


def test_only_allowed_hosts_pass():
    check_remote_targets("SELECT * WHERE { SERVICE <http://allowed.example:8890/sparql> {} }", ["allowed.example"])
    check_remote_targets("SELECT * WHERE { SERVICE <http://allowed.example:8890/sparql> {} }", ["allowed.example:8890"])
    for refused in ("http://allowed.example:9999/sparql", "http://0x7f000001/", "http://localhost/", "ftp://allowed.example/",
                    "https://other.example/"):
        with pytest.raises(ServiceRefused):
            check_remote_targets(f"SELECT * WHERE {{ SERVICE <{refused}> {{}} }}", ["allowed.example:8890"])


class Listener:
    """A TCP port that records every connection made to it: proof that no request left."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections, self.running = 0, True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def server(built_store_path):
    running = Server(built_store_path, "--workers", "1")
    yield running
    running.stop()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "0x7f000001:{port}"])
@pytest.mark.parametrize("form", ["SERVICE <http://{host}/x>", "SERVICE SILENT <http://{host}/x>", "SERVICE <https://{host}/x>"])
def test_the_endpoint_refuses_service_and_sends_nothing(server, listener, host, form):
    clause = form.format(host=host.format(port=listener.port))
    status, _, body = server.query(f"SELECT * WHERE {{ {clause} {{ ?s ?p ?o }} }}")
    assert status == 403 and b"refused" in body and b"--allow-service" in body
    assert listener.connections == 0


def test_kg_query_refuses_service_unless_allowed(kg, built_store_path, listener):
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    refused = kg("query", "--store", str(built_store_path), query)
    assert refused.exit_code == 2 and "--allow-service" in refused.stderr and listener.connections == 0
    allowed = kg("query", "--store", str(built_store_path), "--allow-service", f"127.0.0.1:{listener.port}", query)
    assert allowed.exit_code == 0, allowed.stderr
    assert listener.connections >= 1, "an allowed SERVICE does reach its endpoint"


def test_an_allowed_endpoint_federates(built_store_path, server):
    port = urllib.parse.urlsplit(server.url).port
    federating = Server(built_store_path, "--workers", "1", "--allow-service", f"127.0.0.1:{port}")
    try:
        status, _, body = federating.query(
            f"SELECT ?who WHERE {{ SERVICE <{server.url}/sparql> {{ ?who kg:lobbies ?whom }} }}")
        assert status == 200 and b"jensen-huang" in body, body
    finally:
        federating.stop()


def test_load_follows_the_allow_list(store_copy, listener):
    with token_server(store_copy) as writable:
        status, _, body = post_update(writable, f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>")
        assert status == 403 and b"LOAD from a URL" in body and listener.connections == 0


def test_updates_by_get_are_405(store_copy):
    with token_server(store_copy) as writable:
        path = "/sparql?" + urllib.parse.urlencode({"query": "INSERT DATA { <http://a> <http://b> <http://c> }"})
        status, headers, _ = writable.request(path, headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 405 and headers["Allow"] == "POST"
        path = "/sparql?" + urllib.parse.urlencode({"update": "INSERT DATA { <http://a> <http://b> <http://c> }"})
        assert writable.request(path, headers={"Authorization": f"Bearer {TOKEN}"})[0] == 405
        status, _, body = writable.query("ASK { <http://a> <http://b> <http://c> }")
        assert b"false" in body

"""kg serve's pages on a real server: entity pages found by any name, claim and source pages, the contract on each."""

import urllib.parse

import pytest

from test_server import Server

KGR = "https://w3id.org/chipkg/id/"


@pytest.fixture(scope="module")
def server(built_store_path):
    running = Server(built_store_path, "--workers", "1")
    yield running
    running.stop()


def page(server, path):
    status, headers, body = server.request(urllib.parse.quote(path))
    return status, body.decode("utf-8")


@pytest.mark.parametrize("name", ["هوانج", "jensen huang", "Jensen Huang", "jensen-huang", KGR + "jensen-huang"])
def test_an_entity_page_is_found_by_any_name(server, name):
    status, body = page(server, "/entity/" + name)
    assert status == 200 and "<h1 dir=\"auto\">Jensen Huang</h1>" in body


def test_an_unknown_name_is_404_with_suggestions(server):
    status, body = page(server, "/entity/Jensen Hwang")
    assert status == 404 and "No entity is called 'Jensen Hwang'" in body and "Jensen Huang" in body


def test_entity_pages_link_related_entities_and_point_the_arrow_with_the_reading(server):
    status, body = page(server, "/entity/david-sacks")
    assert status == 200
    assert '<a href="/entity/sam-bresnick">Sam Bresnick</a> —criticizes→ David Sacks' in body
    assert '<a href="/id/claim/made-in-china-h200/' in body
    status, _, raw = server.request("/entity/david-sacks?lang=ar")
    arabic = raw.decode("utf-8")
    assert 'dir="rtl"' in arabic and "—ينتقد← ديفيد ساكس" in arabic


def test_a_claim_page_shows_its_triple_quote_in_context_and_provenance(server):
    status, body = page(server, "/id/claim/made-in-china-h200/c02")
    assert status == 200
    assert '<a href="/entity/jensen-huang">Jensen Huang</a> —lobbies→ <a href="/entity/united-states">United States</a>' in body
    assert "<mark>فقد أتت حملة الضغط" in body, "the quote is highlighted inside its sentence"
    for field in ("offsets", "according to", "confidence", "method", "source"):
        assert f"<dt>{field}</dt>" in body
    assert '<a href="/id/source/made-in-china-h200">' in body


def test_a_source_page_lists_its_claims(server):
    status, body = page(server, "/id/source/made-in-china-h200")
    assert status == 200 and "Nvidia&#39;s Campaign to Sell AI Chips to China Finally Pays Off" in body
    assert body.count('<section class="claim">') == 36
    assert "<dt>published</dt><dd dir=\"auto\">2026-01-29</dd>" in body


def test_unknown_claims_and_sources_are_404(server):
    assert page(server, "/id/claim/made-in-china-h200/nope")[0] == 404
    assert page(server, "/id/source/nope")[0] == 404


def test_the_access_log_reads_paths_as_utf8():
    from kg.serve.server import _path

    raw = "/entity/هوانج".encode("utf-8").decode("latin-1")  # what a WSGI server hands over
    assert _path({"PATH_INFO": raw}) == "/entity/هوانج"

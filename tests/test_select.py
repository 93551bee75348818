"""Picking claims around a focus: the walk through the index must find exactly what a full scan finds."""

import datetime as dt
import os
import subprocess

import pytest

from conftest import KG_COMMAND
from kg.network import select
from kg.network.select import Filters, select_claims


@pytest.mark.parametrize("filters", [
    Filters(focus="Jensen Huang", hops=1),
    Filters(focus="هوانج", hops=2),
    Filters(focus="China", hops=0),
    Filters(focus="China", hops=3),
    Filters(focus="Sacks", hops=2, relations=("conflictual",)),
    Filters(focus="Nvidia", hops=2, since=dt.date(2025, 1, 1)),
    Filters(focus="Nvidia", hops=2, until=dt.date(2024, 12, 31), min_confidence=0.9),
    Filters(focus="Beijing", hops=2, types=("Company", "State")),
])
def test_the_walk_and_the_full_scan_agree(read_store, monkeypatch, filters):
    walked, focus = select_claims(read_store, filters)
    monkeypatch.setattr(select, "claims_around", lambda *args, **kwargs: None)  # force the full scan
    scanned, same_focus = select_claims(read_store, filters)
    assert focus == same_focus
    assert [c.iri for c in walked] == [c.iri for c in scanned]
    assert walked == scanned


@pytest.fixture(scope="module")
def skewed_store():
    """A 3,000-claim synthetic graph with hubs, in memory: rings large enough to filter."""
    from kg.store.embedded import MEMORY, open_store
    from kg.model.synthetic import synthetic_quads

    store = open_store(MEMORY)
    store._ox.extend(synthetic_quads(actors=300, claims=3000, seed=5))
    yield store
    store.close()


@pytest.mark.parametrize("focus, hops", [("actor-0", 1), ("actor-40", 1), ("actor-250", 1), ("actor-250", 2), ("actor-120", 0)])
def test_the_walk_matches_the_scan_around_hubs(skewed_store, monkeypatch, focus, hops):
    """The walk reads only the last ring's claims whose both ends were reached: the same claims as the scan."""
    iri = select.find_entity(skewed_store, focus)
    walked = select.claims_around(skewed_store, iri, hops, lambda c: c.accepted and not c.negated, budget=10**6).claims
    monkeypatch.setattr(select, "claims_around", lambda *args, **kwargs: None)
    scanned, _ = select_claims(skewed_store, Filters(focus=focus, hops=hops))
    assert walked == scanned
    assert walked or hops == 0


def test_the_walk_gives_up_past_its_budget(read_store):
    focus = select.find_entity(read_store, "China")
    assert select.claims_around(read_store, focus, 2, lambda c: True, budget=3) is None
    assert len(select.claims_around(read_store, focus, 2, lambda c: True, budget=1000).claims) > 3


def test_a_capped_view_is_the_same_in_every_process(tmp_path):
    """Python salts string hashes per process; the page must not depend on set order."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view-{seed}.html"
        subprocess.run([KG_COMMAND, "viz", "--store", ":memory:", "--focus", "China", "--hops", "2",
                        "--max-nodes", "6", "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert b"less central" in pages[0] or b"left out" in pages[0]
    assert pages[0] == pages[1]


@pytest.mark.parametrize("focus, hops", [("actor-0", 1), ("actor-250", 2), ("actor-120", 0)])
def test_a_walk_that_fits_its_node_budget_matches_the_scan(skewed_store, monkeypatch, focus, hops):
    """Read through the ends first (the node-budget path), a walk that never hits the budget finds what the scan finds."""
    walked = select.select_nearest(skewed_store, Filters(focus=focus, hops=hops), max_nodes=10**6)
    monkeypatch.setattr(select, "claims_around", lambda *args, **kwargs: None)
    scanned, _ = select_claims(skewed_store, Filters(focus=focus, hops=hops))
    assert walked[0] == scanned
    assert walked[2] == 0


@pytest.mark.parametrize("focus, hops, cap", [("actor-250", 2, 40), ("actor-0", 1, 25), ("actor-0", 2, 60)])
def test_a_walk_stops_at_its_node_budget_without_scanning_every_claim(skewed_store, monkeypatch, focus, hops, cap):
    def no_scan(store):
        raise AssertionError("a focused view must not read every claim")

    monkeypatch.setattr(select, "claim_records", no_scan)
    claims, iri, left_out = select.select_nearest(skewed_store, Filters(focus=focus, hops=hops), max_nodes=cap)
    nodes = {c.subject for c in claims} | {c.object for c in claims}
    assert iri in nodes and len(nodes) <= cap and left_out > 0
    monkeypatch.undo()
    # exactly the relations among the entities kept, within the hops, as the full scan has them
    scanned, _ = select_claims(skewed_store, Filters(focus=focus, hops=hops))
    assert claims == [c for c in scanned if c.subject in nodes and c.object in nodes]
    # the entities kept first are those with the most relations to the focus
    direct = {}
    for c in scanned:
        if iri in (c.subject, c.object) and c.subject != c.object:
            other = c.object if c.subject == iri else c.subject
            direct[other] = direct.get(other, 0) + 1
    if hops == 1:
        strongest = sorted(direct, key=lambda n: (-direct[n], str(n)))[: cap // 2]
        assert set(strongest) <= nodes


def test_the_focused_view_says_where_the_walk_stopped(skewed_store, monkeypatch):
    from kg.network.view import render_view

    monkeypatch.setattr(select, "claim_records", lambda store: pytest.fail("the view scanned every claim"))
    view = render_view(skewed_store, Filters(focus="actor-250", hops=2), max_nodes=30)
    assert view.nodes <= 30 and view.walk_stopped and view.left_out > 0
    assert f"at least {view.left_out} more within 2 hops were left out" in view.html


def test_a_large_view_is_laid_out_the_same_every_time_and_spread_out():
    """From 500 nodes the page keeps networkx's dense layout, seeded: the same picture, no node on another."""
    import random

    import networkx as nx

    from kg.network.view import _layout

    draw = random.Random(3)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(f"actor-{n}" for n in range(600))
    graph.add_edges_from((f"actor-{draw.randrange(600)}", f"actor-{draw.randrange(600)}") for _ in range(2400))
    first, second = _layout(graph), _layout(graph)
    assert first == second and len(first) == 600
    assert len(set(first.values())) == 600

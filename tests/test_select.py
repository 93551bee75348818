"""Picking claims around a focus: the walk through the index must find exactly what a full scan finds."""

import datetime as dt
import os
import subprocess
import sys

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
    walked = select.claims_around(skewed_store, iri, hops, lambda c: c.accepted and not c.negated, budget=10**6)
    monkeypatch.setattr(select, "claims_around", lambda *args, **kwargs: None)
    scanned, _ = select_claims(skewed_store, Filters(focus=focus, hops=hops))
    assert walked == scanned
    assert walked or hops == 0


def test_the_walk_gives_up_past_its_budget(read_store):
    focus = select.find_entity(read_store, "China")
    assert select.claims_around(read_store, focus, 2, lambda c: True, budget=3) is None
    assert len(select.claims_around(read_store, focus, 2, lambda c: True, budget=1000)) > 3


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

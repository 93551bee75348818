"""The ready-made exports in exports/ match what the bundled data builds today."""

from pathlib import Path

import pytest

from kg.export import export_graph
from kg.store import MEMORY, open_store
from kg.build import build

EXPORTS = Path(__file__).resolve().parents[1] / "exports"


@pytest.fixture(scope="module")
def bundled():
    with open_store(MEMORY) as store:
        build(store)
        yield store


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_exports_are_fresh(bundled, fmt):
    expected = export_graph(bundled, fmt)
    actual = (EXPORTS / f"graph.{fmt}").read_text(encoding="utf-8")
    assert actual == expected, (
        f"exports/graph.{fmt} is stale; regenerate it with: "
        f"kg export --store :memory: --format {fmt} -o exports/graph.{fmt}"
    )

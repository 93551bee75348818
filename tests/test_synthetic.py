"""The synthetic graph used by benchmarks follows the data contract."""

from kg.network.select import claim_records
from kg.store.embedded import MEMORY, open_store
from kg.model.synthetic import claims_for_triples, synthetic_quads
from kg.model.validate import validate


def test_synthetic_graph_conforms_and_has_the_asked_size():
    from kg.model.build import build

    with open_store(MEMORY) as store:
        build(store)
        before = len(store)
        claims = claims_for_triples(2000)
        store.stage_and_swap(lambda staged: staged.extend(synthetic_quads(actors=40, claims=claims, sources=3)))
        added = len(store) - before
        assert 1700 < added < 2300
        assert len(claim_records(store)) == 36 + claims
        report = validate(store)
        assert report.conforms, report.violations[:3]


def test_synthetic_graph_is_deterministic():
    first = [str(q) for q in synthetic_quads(actors=10, claims=20, sources=2)]
    assert first == [str(q) for q in synthetic_quads(actors=10, claims=20, sources=2)]

"""The curated seed graph: every quote at its offsets, enough actors and claims, both layers."""

from pathlib import Path

import pytest
import yaml
from rdflib import RDF, SKOS, Literal

from kg.model.curate import load_curated
from kg.datafiles import data_path
from kg.vocab import KG, KGR, source_iri

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "made-in-china-h200.ar.txt"
TEXT = data_path("sources", "made-in-china-h200.ar.txt").read_text(encoding="utf-8")
CLAIMS_YAML = yaml.safe_load(data_path("curated", "claims", "made-in-china-h200.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def curated():
    return load_curated()


def test_bundled_text_is_the_seed_article():
    if not SEED.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    assert TEXT == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("claim", CLAIMS_YAML["claims"], ids=lambda c: c["id"])
def test_every_quote_is_in_the_article_at_its_offsets(claim):
    assert TEXT[claim["start"]:claim["end"]] == claim["quote"]


def test_quotes_in_the_graph_match_the_text_at_their_offsets(read_store):
    rows = list(read_store.query("SELECT ?q ?s ?e WHERE { ?c kg:quote ?q ; kg:quoteStart ?s ; kg:quoteEnd ?e }"))
    assert len(rows) == len(CLAIMS_YAML["claims"])
    for row in rows:
        assert TEXT[int(row.s):int(row.e)] == str(row.q)
        assert row.q.language == "ar"


def test_at_least_18_entities_and_20_claims(curated):
    assert curated.entities >= 18
    assert curated.claims >= 20
    assert curated.sources == 1


def test_every_entity_has_english_and_arabic_labels(curated):
    from kg.vocab import ENTITIES_GRAPH, REFERENCE_GRAPH

    graph = curated.graphs[ENTITIES_GRAPH] + curated.graphs[REFERENCE_GRAPH]
    entities = set(graph.subjects(RDF.type, None))
    assert len(entities) == curated.entities
    for entity in entities:
        langs = {label.language for label in graph.objects(entity, SKOS.prefLabel)}
        assert {"en", "ar"} <= langs, entity


def test_the_reference_layer_covers_the_field(curated):
    """At least 250 entities in their own graph, every kind of actor, Arabic labels that are not English copies."""
    from collections import Counter

    from kg.vocab import KG, REFERENCE_GRAPH

    graph = curated.graphs[REFERENCE_GRAPH]
    types = Counter(str(t).rsplit("#", 1)[-1] for t in graph.objects(None, RDF.type))
    assert sum(types.values()) >= 250
    for kind, floor in (("Person", 60), ("Company", 50), ("GovernmentBody", 30), ("State", 10), ("Media", 20),
                        ("ThinkTank", 10), ("Chip", 20), ("Policy", 20), ("Actor", 5)):
        assert types[kind] >= floor, kind
    for entity in graph.subjects(RDF.type, None):
        labels = {label.language: str(label) for label in graph.objects(entity, SKOS.prefLabel)}
        assert labels["ar"] != labels["en"], entity
        assert any("\u0600" <= ch <= "\u06ff" for ch in labels["ar"]), f"{entity}: the Arabic label is in Arabic script"
    holders = set(graph.subjects(KG.role, None))
    assert len(holders) >= 60 and all(graph.value(h, RDF.type) == KG.Person for h in holders)
    assert all(graph.value(h, KG.roleIn) is not None for h in holders if graph.value(h, KG.startDate) is not None)
    union = curated.graphs[REFERENCE_GRAPH] + next(g for g in curated.graphs.values() if (None, KG.partOf, None) in g)
    commerce = next(union.subjects(SKOS.prefLabel, Literal("Bureau of Industry and Security", lang="en")))
    assert union.value(union.value(commerce, KG.partOf), KG.partOf) is not None, "BIS is part of Commerce, part of the US"


def test_the_reference_layer_has_its_own_named_graph(read_store):
    from kg.vocab import REFERENCE_GRAPH

    assert REFERENCE_GRAPH in read_store.graph_names()


@pytest.mark.parametrize(
    "entity, spellings",
    [
        ("jensen-huang", ["هوانغ", "هوانج"]),
        ("nvidia", ["نفيديا", "Nvidia"]),
        ("china", ["بكين"]),
        ("united-states", ["واشنطن"]),
        ("sam-bresnick", ["بريسنيك"]),
        ("david-sacks", ["ساكس"]),
    ],
)
def test_every_spelling_the_article_uses_is_an_alias(curated, entity, spellings):
    from kg.vocab import ENTITIES_GRAPH

    graph = curated.graphs[ENTITIES_GRAPH]
    names = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(KGR[entity], p)}
    for spelling in spellings:
        assert spelling in TEXT, f"{spelling} is not even in the article"
        assert spelling in names, f"{entity} lacks the alias {spelling}"


def test_every_accepted_claim_has_its_direct_edge_and_provenance(curated):
    graph = curated.graphs[source_iri("made-in-china-h200")]
    claims = set(graph.subjects(RDF.type, KG.Claim))
    assert len(claims) == curated.claims
    for claim in claims:
        s, p, o = (graph.value(claim, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in graph, f"{claim} has no direct edge"
        assert graph.value(claim, KG.method) == KG.Curated
        assert graph.value(claim, KG.reviewStatus) == KG.Accepted
        assert graph.value(claim, KG.source) == source_iri("made-in-china-h200")
        assert 0 <= float(graph.value(claim, KG.confidence)) <= 1
        if p in (KG.supports, KG.opposes, KG.criticizes):
            assert graph.value(claim, KG.polarity) in (KG.Support, KG.Oppose)


def test_source_carries_title_authors_language_and_date(curated):
    from rdflib.namespace import DCTERMS

    graph = curated.graphs[source_iri("made-in-china-h200")]
    source = source_iri("made-in-china-h200")
    assert {t.language for t in graph.objects(source, DCTERMS.title)} == {"en", "ar"}
    assert set(graph.objects(source, DCTERMS.creator)) == {KGR["zeyi-yang"], KGR["louise-matsakis"]}
    assert graph.value(source, DCTERMS.language) == Literal("ar")
    assert str(graph.value(source, DCTERMS.issued)).startswith("2026-01")


def test_the_eras_are_dated(read_store):
    rows = {str(r.era): (str(r.start), r.end and str(r.end)) for r in read_store.query(
        "SELECT ?era ?start ?end WHERE { ?c kg:era ?era . ?era kg:startDate ?start OPTIONAL { ?era kg:endDate ?end } }")}
    assert rows[str(KGR["biden-administration"])] == ("2021-01-20", "2025-01-20")
    assert rows[str(KGR["trump-administration"])] == ("2025-01-20", None)


def test_shacl_conforms(read_store):
    from kg.model.validate import validate

    report = validate(read_store)
    assert report.conforms, report.violations


def test_validation_in_batches_finds_what_the_whole_graph_check_finds(store_copy, kg):
    """Small batches (5 nodes) report exactly the violations pyshacl finds on the whole graph at once."""
    from pyshacl import validate as whole

    from kg.model.schema import shapes_graph
    from kg.store.embedded import open_store
    from kg.model.validate import _violations, validate

    inserted = kg("query", "--store", str(store_copy), "--update", """INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/notes> {
        kgr:zorvex-fab a kg:Company ; skos:prefLabel "Zorvex Fab"@en .
        <https://w3id.org/chipkg/id/claim/notes/x> a kg:Claim ; rdf:subject kgr:zorvex-fab ; rdf:predicate kg:supports ;
            rdf:object kgr:nvidia ; kg:quote "q"@en ; kg:method kg:Curated ;
            kg:source <https://w3id.org/chipkg/id/source/made-in-china-h200> ; kg:confidence 7.0 } }""")
    assert inserted.exit_code == 0, inserted.stderr
    with open_store(store_copy) as store:
        batched = validate(store, batch=5)
        _, results, _ = whole(store.union_graph(), shacl_graph=shapes_graph(), inference="none", advanced=True)
    expected = sorted(set(_violations(results)), key=lambda v: (v.focus, v.path or "", v.message))
    assert not batched.conforms and batched.violations == expected
    assert {v.focus.rsplit("/", 1)[-1] for v in batched.violations} == {"zorvex-fab", "x"}

"""The ontology, the shapes and the Python vocabulary agree and are complete."""

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.model.schema import FAMILIES, Ontology, ontology_graph, shapes_graph
from kg.vocab import KG

REQUIRED_RELATIONS = {
    "lobbies", "approves", "buys", "sells", "produces", "criticizes", "supports", "opposes",
    "restricts", "smuggles", "leads", "affiliatedWith", "advises", "reports",
}
REQUIRED_CLASSES = {"Person", "Company", "GovernmentBody", "State", "ThinkTank", "Media", "Product", "Chip", "Policy", "Source", "Claim"}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def defined_terms(graph: Graph) -> set[str]:
    ns = str(KG._NS)
    return {
        str(s)[len(ns):]
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(ns)
    }


def test_vocabulary_module_and_ontology_define_the_same_terms():
    in_python = set(KG.__annotations__)
    in_turtle = defined_terms(ontology_graph())
    assert in_python - in_turtle == set(), "terms in kg/vocab.py missing from the ontology"
    assert in_turtle - in_python == set(), "terms in the ontology missing from kg/vocab.py"


def test_a_misspelt_term_raises():
    import pytest

    with pytest.raises(AttributeError):
        KG.lobbys  # noqa: B018


def test_every_term_has_english_and_arabic_label_and_a_comment():
    graph = ontology_graph()
    for name in defined_terms(graph):
        term = KG[name]
        langs = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"en", "ar"} <= langs, f"{name} lacks an en or ar rdfs:label"
        assert any(True for _ in graph.objects(term, RDFS.comment)), f"{name} has no rdfs:comment"


def test_required_classes_and_relations_exist():
    ontology = Ontology(ontology_graph())
    assert REQUIRED_RELATIONS <= set(ontology.relation_names())
    assert REQUIRED_CLASSES <= {name for name in defined_terms(ontology_graph())}


def test_every_relation_has_domain_range_and_both_family_axes_where_it_has_a_valence():
    graph = ontology_graph()
    ontology = Ontology(graph)
    mode_families = {KG.actionRelation, KG.stanceRelation, KG.tieRelation}
    for name in ontology.relation_names():
        relation = KG[name]
        assert graph.value(relation, RDFS.domain) is not None, name
        assert graph.value(relation, RDFS.range) is not None, name
        parents = set(graph.objects(relation, RDFS.subPropertyOf))
        assert len(parents & mode_families) == 1, f"{name} needs exactly one of action/stance/tie"
    stances = {n for n in ontology.relation_names() if ontology.is_stance(KG[n])}
    assert stances == {"supports", "opposes", "criticizes"}
    conflictual = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.conflictualRelation)) - {KG.conflictualRelation}
    cooperative = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.cooperativeRelation)) - {KG.cooperativeRelation}
    assert {KG.criticizes, KG.opposes, KG.restricts} <= conflictual
    assert {KG.supports, KG.lobbies, KG.approves} <= cooperative
    assert not conflictual & cooperative
    assert set(FAMILIES) & set(ontology.relation_names()) == set()


def test_classes_align_with_standard_vocabularies():
    graph = ontology_graph()
    parents = {str(p) for c in graph.subjects(RDF.type, OWL.Class) for p in graph.objects(c, RDFS.subClassOf)}
    assert "http://xmlns.com/foaf/0.1/Person" in parents
    assert "http://www.w3.org/ns/org#Organization" in parents
    assert "http://www.w3.org/ns/prov#Entity" in parents
    assert "https://schema.org/NewsArticle" in parents


def test_shapes_parse_and_target_entities_claims_and_sources():
    from rdflib.namespace import SH

    targets = set(shapes_graph().objects(None, SH.targetClass))
    assert {KG.Entity, KG.Claim, KG.Source} <= targets


def test_every_relation_is_at_most_two_levels_under_related_to():
    """The two-hops query looks one or two levels down (Virtuoso mishandles the transitive path there)."""
    graph = ontology_graph()
    everything = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.relatedTo)) - {KG.relatedTo}
    one = set(graph.subjects(RDFS.subPropertyOf, KG.relatedTo))
    two = {p for family in one for p in graph.subjects(RDFS.subPropertyOf, family)}
    assert len(everything) > 10
    assert everything == one | two

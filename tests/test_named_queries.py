"""The named analyst queries: at least twelve, each with a title, each answering on the bundled graph."""

import csv
import io

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from kg.model.build import build
from kg.query.named import bind_params, named_queries, named_query
from kg.store.embedded import MEMORY, open_store
from kg.vocab import ENTITIES_GRAPH, KG, KGR

QUESTIONS = {
    "who-lobbies-whom", "approved-purchases", "export-control-stances", "who-criticizes-whom", "anonymous-sources",
    "era-changes", "two-hops", "both-sides", "claims-by-source", "actors-by-claims", "unreviewed-claims",
    "missing-arabic-labels",
}


def rows(kg, store, name, *params):
    args = ["query", "--store", str(store), "--name", name, "--format", "csv"]
    for param in params:
        args += ["--param", param]
    result = kg(*args)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_twelve_questions_each_with_a_title_and_description():
    queries = {q.name: q for q in named_queries()}
    assert QUESTIONS <= set(queries)
    for query in queries.values():
        assert query.title and query.title != query.name and query.description, query.name


def test_kg_queries_lists_them_with_parameters(kg):
    out = kg("queries").stdout
    assert "two-hops" in out and "Entities two hops from an actor" in out
    assert "--param actor=… (entity)" in out


def short(iri):
    return iri.rsplit("/", 1)[-1]


def test_approved_purchases(kg, built_store_path):
    got = {(short(r["approver"]), short(r["buyer"]), short(r["product"])) for r in rows(kg, built_store_path, "approved-purchases")}
    assert got == {("china", b, "h200") for b in ("alibaba", "bytedance", "tencent")}


def test_export_control_stances_by_era(kg, built_store_path):
    got = {(short(r["actor"]), short(r["era"]) if r["era"] else "") for r in rows(kg, built_store_path, "export-control-stances")}
    assert ("biden-administration", "biden-administration") in got
    assert ("david-sacks", "trump-administration") in got and ("white-house", "trump-administration") in got


def test_anonymous_sources(kg, built_store_path):
    got = rows(kg, built_store_path, "anonymous-sources")
    assert {r["attribution"] for r in got} == {"many news outlets", "according to two people familiar with the matter"}
    assert {short(r["subject"]) for r in got} == {"china", "nvidia", "white-house"}


def test_era_changes(kg, built_store_path):
    got = rows(kg, built_store_path, "era-changes")
    eras = {short(r["era"]) for r in got}
    assert eras == {"biden-administration", "trump-administration"}
    biden = {(short(r["subject"]), short(r["relation"]), short(r["object"])) for r in got if r["era"].endswith("biden-administration")}
    assert ("biden-administration", "restricts#", "h200") not in biden
    assert ("biden-administration", "ontology#restricts", "h200") in {(a, "ontology#" + b.split("#")[-1], c) for a, b, c in biden}


def test_two_hops_binds_the_actor_by_any_name(kg, built_store_path):
    got = rows(kg, built_store_path, "two-hops", "actor=ساكس")
    assert {short(r["actor"]) for r in got} == {"david-sacks"}
    assert {"jensen-huang", "sam-bresnick", "cset"} <= {short(r["neighbour"]) for r in got}
    assert "david-sacks" not in {short(r["neighbour"]) for r in got}


def test_two_hops_needs_its_parameter(kg, built_store_path):
    result = kg("query", "--store", str(built_store_path), "--name", "two-hops")
    assert result.exit_code == 2 and "needs --param actor" in result.stderr


def test_both_sides(kg, built_store_path):
    got = rows(kg, built_store_path, "both-sides")
    sides = {(short(r["issue"]), short(r["supporter"]), short(r["opponent"])) for r in got}
    assert ("ai-chip-sales-to-china", "david-sacks", "sam-bresnick") in sides


def test_claims_by_source_in_text_order(kg, built_store_path):
    got = rows(kg, built_store_path, "claims-by-source", "source=kgr:source/made-in-china-h200")
    assert len(got) == 36
    starts = [int(r["start"]) for r in got]
    assert starts == sorted(starts)
    assert rows(kg, built_store_path, "claims-by-source", "source=https://example.org/none") == []


def test_actors_by_claims(kg, built_store_path):
    got = rows(kg, built_store_path, "actors-by-claims")
    assert short(got[0]["actor"]) == "china" and int(got[0]["claims"]) >= int(got[1]["claims"])


def test_unreviewed_claims_and_missing_arabic_labels():
    with open_store(MEMORY) as store:
        build(store)
        assert list(store.query(named_query("unreviewed-claims").text)) == []
        assert list(store.query(named_query("missing-arabic-labels").text)) == []
        extra = store.graph(ENTITIES_GRAPH)
        extra.add((KGR["zorvex-fab"], RDF.type, KG.Company))
        extra.add((KGR["zorvex-fab"], SKOS.prefLabel, Literal("Zorvex Fab", lang="en")))
        claim = KGR["claim/x/1"]
        for p, o in ((RDF.type, KG.Claim), (RDF.subject, KGR["zorvex-fab"]), (RDF.predicate, KG.produces),
                     (RDF.object, KGR["h200"]), (KG.quote, Literal("Zorvex Fab makes chips", lang="en")),
                     (KG.reviewStatus, KG.Proposed), (KG.confidence, Literal(0.4))):
            extra.add((claim, p, o))
        store.replace_graphs({ENTITIES_GRAPH: extra})
        assert [str(r.entity) for r in store.query(named_query("missing-arabic-labels").text)] == [str(KGR["zorvex-fab"])]
        assert [str(r.claim) for r in store.query(named_query("unreviewed-claims").text)] == [str(claim)]


def test_bad_parameters(kg, built_store_path):
    store = str(built_store_path)
    assert "no parameter 'who'" in kg("query", "--store", store, "--name", "two-hops", "--param", "who=x").stderr
    assert "No named query 'nope'" in kg("query", "--store", store, "--name", "nope").stderr
    assert "not an IRI" in kg("query", "--store", store, "--name", "claims-by-source", "--param", "source=hello").stderr
    injection = kg("query", "--store", store, "--name", "two-hops", "--param", 'actor=x" } DROP ALL #')
    assert injection.exit_code == 2 and "No entity is called" in injection.stderr


def test_bound_values_are_not_pasted_into_the_text(read_store):
    query = named_query("claims-by-source")
    bindings = bind_params(read_store, query, {"source": "kgr:source/made-in-china-h200"})
    assert query.text == named_query("claims-by-source").text
    assert len(list(read_store.query(query.text, bindings))) == 36

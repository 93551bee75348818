"""The data contract on every read path: rejected claims are never read, negated ones only marked, directions kept.

The scenario is the one a new user tries: two short articles ingested, some
proposals rejected, one negated claim accepted, then the graph read every way.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from kg.model.contract import RELATION_CLAIM, VISIBLE_CLAIM, claim_window, overlaps
from kg.query.named import named_queries
from kg.store.embedded import open_store

ARTICLE_1 = """China opposes Huawei's rivals, and Beijing restricts Nvidia.
Trade Secretary Harold Lindqvist supports Jensen Huang, the Veltrax Department said.
Jensen Huang did not oppose the export controls.
"""
ARTICLE_2 = """China opposes Huawei on pricing, according to Reuters.
Senator Mara Quillfeather praised the decision and supported Jensen Huang.
"""


def _decide(entry: dict) -> str:
    """Reject China opposes Huawei, every proposal whose subject is Trade or Quillfeather (the title "Senator" is
    no part of her name); accept the rest."""
    if (entry["subject"], entry["relation"], entry["object"]) == ("china", "opposes", "huawei"):
        return "reject"
    if entry["subject"] in ("new:Person:Trade", "new:Person:Mara Quillfeather"):
        return "reject"
    return "accept"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, built_store_path):
    """A store with the two articles ingested and reviewed; returns (store path, review document)."""
    import shutil

    from click.testing import CliRunner

    from kg.cli import cli

    folder = tmp_path_factory.mktemp("contract")
    store = folder / "store"
    shutil.copytree(built_store_path, store, ignore=shutil.ignore_patterns("LOCK"))
    for name, text in (("a1.txt", ARTICLE_1), ("a2.txt", ARTICLE_2)):
        (folder / name).write_text(text, encoding="utf-8")
    review = folder / "review.yaml"
    runner = CliRunner()
    # The rule path makes the proposals this scenario is built on (the parse path reads "opposes Huawei" as a
    # criticism, and a stance toward a person as no stance); what is tested here is the reading, not the extraction.
    result = runner.invoke(cli, ["ingest", "--store", str(store), str(folder / "a1.txt"), str(folder / "a2.txt"),
                                 "--review", str(review), "--no-parse"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load(review.read_text(encoding="utf-8"))
    triples = {(p["subject"], p["relation"], p["object"]) for p in document["proposals"]}
    # The scenario needs these proposals; if the extractor stops making them, this fixture says so.
    assert ("china", "opposes", "huawei") in triples
    assert ("new:Person:Trade", "supports", "jensen-huang") in triples
    assert ("jensen-huang", "opposes", "ai-chip-export-controls") in triples
    for entry in document["proposals"]:
        entry["decision"] = _decide(entry)
    review.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(cli, ["review", "--store", str(store), str(review)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return store, document


def run(kg, store, *args):
    result = kg(*args, "--store", str(store))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_kg_show_hides_rejected_claims_and_marks_negated_ones(kg, reviewed):
    store, _ = reviewed
    china = run(kg, store, "show", "China")
    assert "China —opposes→ Huawei" not in china, "a rejected claim was shown as a relation"
    assert "China —restricts→ Nvidia" in china
    huang = run(kg, store, "show", "Jensen Huang")
    assert "Trade —supports→" not in huang and "Quillfeather" not in huang
    assert "Harold Lindqvist —supports→ Jensen Huang" in huang
    negated = [line for line in huang.splitlines() if "US export controls" in line and "opposes" in line]
    assert negated and all("negated" in line for line in negated)
    counted = re.search(r"Relations in \((\d+)\)", huang).group(1)
    shown = sum(1 for line in huang.split("Relations in")[1].splitlines() if "→ Jensen Huang" in line)
    assert int(counted) == shown


def test_a_rejected_proposal_creates_no_entity(kg, reviewed):
    store, _ = reviewed
    for made in ("commerce", "senator-elizabeth-warren"):  # the rejected proposals' new actors
        asked = kg("query", "--store", str(store), "--format", "csv", f"ASK {{ kgr:{made} ?p ?o }}")
        assert asked.stdout == "false\n", made
    result = kg("show", "Senator Mara Quillfeather", "--store", str(store))
    assert result.exit_code == 2 and "No entity is called 'Senator Mara Quillfeather'" in result.stderr
    assert "Harold Lindqvist" in run(kg, store, "show", "Harold Lindqvist")


def test_an_entity_accepted_on_its_own_enters_the_graph(kg, store_copy, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    review = tmp_path / "r.yaml"
    run(kg, store_copy, "ingest", str(tmp_path / "a.txt"), "--review", str(review))
    document = yaml.safe_load(review.read_text(encoding="utf-8"))
    for entry in document["proposals"]:
        entry["decision"] = "reject"
    for entity in document["new_entities"]:
        entity["decision"] = "accept" if entity["id"] == "veltrax-department" else "pending"
    review.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    run(kg, store_copy, "review", str(review))
    assert "Veltrax Department" in run(kg, store_copy, "show", "Veltrax Department")
    assert kg("show", "Harold Lindqvist", "--store", str(store_copy)).exit_code == 2


def test_kg_stats_counts_only_accepted_claims(kg, reviewed, build_summary, built_store_path):
    store, document = reviewed
    rejected = sum(1 for p in document["proposals"] if p["decision"] == "reject")
    accepted = [p for p in document["proposals"] if p["decision"] == "accept"]
    curated = int(re.search(r"(\d+) claims", build_summary).group(1))
    out = run(kg, store, "stats")
    assert f"{curated + len(accepted)} claims" in out
    assert f"({rejected} rejected or unreviewed claims" in out

    def by_relation(text):
        return {line.split(None, 2)[2]: int(line.split()[1])
                for line in text.split("By relation")[1].splitlines()[1:] if line.strip()}

    before, after = by_relation(run(kg, built_store_path, "stats")), by_relation(out)
    relations = {"reports": "reports on", "affiliatedWith": "affiliated with"}
    for relation, label in {p["relation"]: relations.get(p["relation"], p["relation"]) for p in accepted}.items():
        added = sum(1 for p in accepted if p["relation"] == relation and not p["negated"])
        assert after[label] == before[label] + added, label
    assert after["opposes"] == before["opposes"], "neither the rejected nor the negated opposes count"


def test_named_queries_read_only_relations(kg, reviewed):
    store, _ = reviewed
    both = run(kg, store, "query", "--name", "both-sides", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(both)))
    assert not any(r["opponent"].endswith("/jensen-huang") and r["issue"].endswith("/ai-chip-export-controls")
                   for r in rows), "a negated claim was listed as a stance"
    assert not any(r["issue"].endswith("/huawei") for r in rows), "a rejected claim was listed as a stance"
    by_source = run(kg, store, "query", "--name", "claims-by-source", "--format", "csv")
    listed = list(csv.DictReader(io.StringIO(by_source)))
    assert not any(r["subject"].endswith("/china") and r["relation"].endswith("#opposes") and r["object"].endswith("/huawei")
                   for r in listed), "a rejected claim was listed"
    negated_rows = [r for r in listed if "did not oppose" in r["quote"]]
    assert negated_rows and negated_rows[0]["negated"] == "true"


def test_every_named_query_over_claims_follows_the_contract():
    for named in named_queries():
        if "rdf:subject" not in named.text or named.name == "unreviewed-claims":
            continue
        text, flat = named.text, lambda t: " ".join(t.split())  # noqa: E731
        assert flat(VISIBLE_CLAIM) in flat(text), f"{named.name} reads rejected claims"
        lists_negation = "?negated" in text.split("WHERE", 1)[0]
        assert flat(RELATION_CLAIM) in flat(text) or lists_negation, f"{named.name} reads negated claims unmarked"


def test_two_hops_says_which_way_each_relation_points(kg, read_store, built_store_path):
    out = kg("query", "--store", str(built_store_path), "--name", "two-hops", "--param", "actor=David Sacks",
             "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    bresnick = [r for r in rows if r["via"].endswith("/sam-bresnick")]
    assert bresnick and all(r["way1"] == "←" for r in bresnick), "Bresnick criticizes Sacks, not the other way"
    white_house = [r for r in rows if r["via"].endswith("/white-house")]
    assert white_house and all(r["way1"] == "→" for r in white_house)


def test_export_and_analysis_leave_out_rejected_and_negated_claims(kg, reviewed, tmp_path):
    store, _ = reviewed
    run(kg, store, "export", "--format", "csv", "-o", str(tmp_path / "g.csv"))
    edges = list(csv.DictReader(open(tmp_path / "g.edges.csv", encoding="utf-8")))
    assert not any(e["from"] == "china" and e["to"] == "huawei" and e["relation"] == "opposes" for e in edges)
    assert not any(e["from"] == "jensen-huang" and e["to"] == "ai-chip-export-controls" and e["relation"] == "opposes"
                   for e in edges)
    assert any(e["from"] == "harold-lindqvist" and e["to"] == "jensen-huang" for e in edges)
    out = run(kg, store, "analyze", "timeline", "China", "--format", "json")
    claims = json.loads(out)["claims"]
    assert not any(c["relation"] == "opposes" and c["object_iri"].endswith("/huawei") for c in claims)


def test_the_entity_page_hides_rejected_claims_and_marks_negated_ones(reviewed):
    from kg.serve.entity_page import entity_html, entity_jsonld
    from kg.model.profile import entity_profile, find_entity

    store_path, _ = reviewed
    with open_store(store_path) as store:
        huang = find_entity(store, "Jensen Huang")
        page = entity_html(entity_profile(store, huang), "en")
        arabic = entity_html(entity_profile(store, huang, "ar"), "ar")
        served = entity_jsonld(store, huang).decode("utf-8")
    assert "Quillfeather" not in page and "Trade —" not in page
    assert "Mara Quillfeather" not in served and "praised the decision" not in served
    negated = re.findall(r'<h3[^>]*class="negated"[^>]*>(.*?)</h3>', page, re.S)
    assert negated and "[oppose, negated]" in negated[0]
    assert '<a href="/entity/ai-chip-export-controls">' in negated[0]
    assert "—يعارض←" in arabic and "→" not in re.sub(r"<[^>]+>", "", arabic.split("<h2", 1)[1])


def test_attribution_is_not_repeated(kg, built_store_path):
    out = kg("show", "China", "--store", str(built_store_path)).stdout
    assert "Reuters, according to Reuters" not in out
    assert "according to: according to" not in out
    assert "according to: Reuters ·" in out


@pytest.mark.parametrize("own, era, issued, window", [
    ((None, None), ("2025-01-20", None), "2026-01-29", ("2025-01-20", "2026-01-29")),  # an open era ends at the article
    ((None, None), ("2021-01-20", "2025-01-20"), "2026-01-29", ("2021-01-20", "2025-01-20")),
    (("2026-01-28", None), ("2025-01-20", None), "2026-01-29", ("2026-01-28", "2026-01-29")),  # own time first
    ((None, None), (None, None), "2026-01-29", ("2026-01-29", "2026-01-29")),
    ((None, None), ("2025-01-20", None), None, ("2025-01-20", None)),  # no article date: open
])
def test_a_claims_window(own, era, issued, window):
    d = lambda v: __import__("datetime").date.fromisoformat(v) if v else None  # noqa: E731
    got = claim_window(d(own[0]), d(own[1]), d(era[0]), d(era[1]), d(issued))
    assert got == (d(window[0]), d(window[1]))
    assert overlaps(*got, d("2030-01-01"), None) is (window[1] is None)


def test_export_since_a_future_date_keeps_nothing(kg, built_store_path, tmp_path):
    run(kg, built_store_path, "export", "--format", "csv", "--since", "2030-01-01", "-o", str(tmp_path / "f.csv"))
    assert list(csv.DictReader(open(tmp_path / "f.edges.csv", encoding="utf-8"))) == []
    run(kg, built_store_path, "export", "--format", "csv", "--since", "2026-01-01", "-o", str(tmp_path / "n.csv"))
    assert list(csv.DictReader(open(tmp_path / "n.edges.csv", encoding="utf-8")))


def test_network_exports_have_every_entity_and_a_weight(kg, built_store_path, tmp_path, read_store):
    from kg.model.stats import totals
    from kg.model.types import reference_only

    run(kg, built_store_path, "export", "--format", "csv", "-o", str(tmp_path / "g.csv"))
    nodes = list(csv.DictReader(open(tmp_path / "g.nodes.csv", encoding="utf-8")))
    edges = list(csv.DictReader(open(tmp_path / "g.edges.csv", encoding="utf-8")))
    reference = {str(iri).rsplit("/", 1)[-1] for iri in reference_only(read_store)}
    assert len(reference) > 250, "the reference layer is built"
    assert len(nodes) == totals(read_store)["entities"] - len(reference), "every curated entity, none of the bare reference layer"
    assert not reference & {n["id"] for n in nodes}
    assert edges and all(e["weight"] == e["claims"] and int(e["weight"]) >= 1 for e in edges)


def test_a_rejected_claim_has_no_page(reviewed):
    import pyoxigraph as ox

    from kg.model.contract import hidden_claims
    from kg.errors import KGError
    from kg.serve.record_page import claim_html, source_html

    store_path, _ = reviewed
    with open_store(store_path) as store:
        rejected = sorted(hidden_claims(store))[0]
        with pytest.raises(KGError, match="not an accepted claim"):
            claim_html(store, rejected)
        has_source = ox.NamedNode("https://w3id.org/chipkg/ontology#source")
        source = next(q.object.value for q in store.quads_matching(ox.NamedNode(rejected), has_source))
        listing = source_html(store, source)
    assert rejected.rsplit("/", 1)[-1] not in listing

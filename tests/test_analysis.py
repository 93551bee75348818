"""Stance analysis: hand-checked answers on a small fixture, and the seed graph's expected structure."""

import csv
import io
import json

import pytest
from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef

from kg.analysis import discourse as analysis
from kg.model.build import build
from kg.store.embedded import MEMORY, open_store
from kg.vocab import KG, KGR

F = "https://w3id.org/chipkg/id/"


def fixture_store():
    """Four people, a state with two offices, two contrary policies; answers worked out by hand below."""
    store = open_store(MEMORY)
    build(store)
    graph = Graph()
    people = {"a": "Person", "b": "Person", "c": "Person", "d": "Person", "s": "State", "o1": "GovernmentBody",
              "o2": "GovernmentBody", "p": "Policy", "q": "Policy"}
    for slug, cls in people.items():
        graph.add((KGR["fx-" + slug], RDF.type, KG[cls]))
        graph.add((KGR["fx-" + slug], SKOS.prefLabel, Literal(slug.upper(), lang="en")))
        graph.add((KGR["fx-" + slug], SKOS.prefLabel, Literal(slug.upper(), lang="ar")))
    graph.add((KGR["fx-q"], KG.contraryTo, KGR["fx-p"]))
    graph.add((KGR["fx-o1"], KG.partOf, KGR["fx-s"]))
    graph.add((KGR["fx-o2"], KG.partOf, KGR["fx-s"]))
    for n, (s, rel, o, date) in enumerate([
        ("a", "supports", "p", "2023-05-01"), ("b", "supports", "p", "2023-05-02"), ("c", "opposes", "p", "2023-05-03"),
        ("d", "supports", "q", "2023-05-04"), ("o1", "supports", "q", "2020-01-01"), ("o2", "supports", "p", "2024-01-01"),
        ("c", "criticizes", "a", "2023-06-01"),
    ]):
        claim = KGR[f"claim/fx/{n}"]
        for p, v in ((RDF.type, KG.Claim), (RDF.subject, KGR["fx-" + s]), (RDF.predicate, KG[rel]),
                     (RDF.object, KGR["fx-" + o]), (KG.startDate, Literal(date, datatype=XSD.date)),
                     (KG.reviewStatus, KG.Accepted), (KG.quote, Literal("q", lang="en"))):
            graph.add((claim, p, v))
        graph.add((KGR["fx-" + s], KG[rel], KGR["fx-" + o]))
    store.replace_graphs({URIRef(F + "graph/fixture"): graph})
    return store


@pytest.fixture(scope="module")
def fixture():
    with fixture_store() as store:
        yield store


def names(iris):
    return sorted(i.rsplit("-", 1)[-1] if "fx-" in i else i.rsplit("/", 1)[-1] for i in iris)


def test_fixture_coalitions_by_hand(fixture):
    report = analysis.coalitions(fixture, issue="P")
    found = sorted(names(c.members) for c in report.coalitions)
    assert found == [["a", "b", "o2"], ["c", "d", "o1"]]
    lines = {c.name.split()[0]: names(c.members) for c in report.coalitions}
    assert lines == {"for": ["a", "b", "o2"], "against": ["c", "d", "o1"]}
    assert report.congruence[F + "fx-a"][F + "fx-b"]["weight"] == 1
    assert report.conflict.has_edge(F + "fx-c", F + "fx-a"), "a direct criticism is a conflict"


def test_fixture_degree_centrality_by_hand(fixture):
    values = {k.rsplit("-", 1)[-1]: v for k, v, _ in analysis.centrality(fixture, "degree") if "fx-" in k}
    # Neighbours: A has P and C, C has P and A; B, D, O1, O2 one each (P, Q, Q, P). Policies are not ranked.
    assert set(values) == {"a", "b", "c", "d", "o1", "o2"}
    assert values["a"] == values["c"] == pytest.approx(2 * values["b"], abs=1e-3)
    assert values["b"] == values["d"] == values["o1"] == values["o2"] > 0


def test_fixture_shift_across_offices(fixture):
    result = analysis.timeline(fixture, actor="S")
    assert [(s.before.actor.rsplit("-", 1)[-1], s.before.sign, s.after.actor.rsplit("-", 1)[-1], s.after.sign)
            for s in result.shifts] == [("o1", -1, "o2", 1)]


def test_fixture_polarization_by_hand(fixture):
    rows = {r["window"]: r for r in analysis.polarization(fixture, issue="P")}
    # Six actors with a stance: A, B, O2 for; C, D, O1 against → 9 opposed pairs of 15.
    assert rows["all"]["polarization"] == 0.6 and rows["all"]["actors"] == 6
    assert rows["2020"]["actors"] == 1 and rows["2020"]["polarization"] == 0.0


@pytest.fixture(scope="module")
def seed():
    with open_store(MEMORY) as store:
        build(store)
        yield store


def test_seed_coalitions(seed):
    report = analysis.coalitions(seed)
    sides = {c.name.split()[0]: names(c.members) for c in report.coalitions if c.name.endswith("ai-chip-sales-to-china")}
    assert sides["for"] == ["david-sacks", "jensen-huang", "trump-administration", "white-house"]
    assert sides["against"] == ["biden-administration", "sam-bresnick"]
    assert list(report.dual) == [F + "china"], "Beijing approves purchases and restricts Nvidia"
    relations = {(c.relation, c.object.rsplit("/", 1)[-1]) for c in report.dual[F + "china"]}
    assert relations == {("approves", "h200"), ("opposes", "nvidia"), ("restricts", "nvidia")}, \
        "the evidence is the claims about Nvidia and its chips, not China's other relations"


def test_seed_us_shift_between_administrations(seed):
    result = analysis.timeline(seed, actor="United States")
    assert len(result.shifts) == 1
    shift = result.shifts[0]
    assert shift.actor == F + "united-states" and shift.issue == F + "ai-chip-sales-to-china"
    assert (shift.before.actor, shift.before.sign) == (F + "biden-administration", -1)
    assert (shift.after.actor, shift.after.sign) == (F + "trump-administration", 1)


def test_seed_brokers_and_measures(seed):
    for measure in analysis.MEASURES:
        ranked = analysis.centrality(seed, measure)
        assert ranked and all(isinstance(v, float) for _, v, _ in ranked)
    conflictual = analysis.centrality(seed, "degree", ("conflictual",))
    assert conflictual[0][0] == F + "sam-bresnick"


def test_cli_tables_csv_json_and_plots(kg, built_store_path, tmp_path):
    store = str(built_store_path)
    table = kg("analyze", "coalitions", "--store", store)
    assert table.exit_code == 0
    assert "for Selling US AI chips to China" in table.stdout and "Dual position: China" in table.stdout
    as_json = json.loads(kg("analyze", "coalitions", "--store", store, "--format", "json").stdout)
    assert {tuple(c["members"]) for c in as_json["coalitions"]} >= {("Biden administration", "Sam Bresnick")}
    timeline = kg("analyze", "timeline", "--store", store, "United States")
    assert "Shift: United States on Selling US AI chips to China: against (Biden administration, 2021-01-20, c13)" in timeline.stdout
    csv_out = kg("analyze", "polarization", "--store", store, "--issue", "H200 sales", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "section,issue,issue_iri,window,actors,polarization,for,for_iris,against,against_iris"
    assert csv_out[1].startswith("issues,Selling US AI chips to China,https://w3id.org/chipkg/id/ai-chip-sales-to-china,all,6,0.533,")
    for command, name in (("coalitions", "c.png"), ("centrality", "b.svg"), ("polarization", "p.png")):
        result = kg("analyze", command, "--store", store, "--plot", str(tmp_path / name))
        assert result.exit_code == 0 and (tmp_path / name).stat().st_size > 5000
    plotted = kg("analyze", "timeline", "--store", store, "--issue", "export controls", "--plot", str(tmp_path / "t.png"))
    assert plotted.exit_code == 0 and (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    bad = kg("analyze", "centrality", "--store", store, "--plot", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 2 and ".png or .svg" in bad.stderr
    assert bad.stdout == "", "the option is checked before the analysis runs"
    missing = kg("analyze", "coalitions", "--store", store, "--plot", str(tmp_path / "no" / "such" / "c.png"))
    assert missing.exit_code == 2 and missing.stdout == "" and "does not exist" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_viz_colours_nodes_by_coalition(seed):
    from kg.network.view import render_view

    found = [(c.name, c.members) for c in analysis.coalitions(seed).coalitions]
    view = render_view(seed, color_by="coalition", coalitions=found)
    import re

    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', view.html, re.S).group(1))
    colours = {n["id"]: n["color"] for n in data["nodes"]}
    assert colours["jensen-huang"] == colours["david-sacks"] != colours["sam-bresnick"]
    assert colours["sam-bresnick"] == colours["biden-administration"]
    assert any("coalition 1" in item["label"] for item in data["legend"]["nodes"])


def test_json_and_csv_carry_everything_the_table_says(kg, built_store_path):
    """Conflicts, dual positions and shifts are in every format, with IRIs; broker is a boolean."""
    store = str(built_store_path)
    table = kg("analyze", "coalitions", "--store", store).stdout
    document = json.loads(kg("analyze", "coalitions", "--store", store, "--format", "json").stdout)
    conflicts = table.split("Conflicts (", 1)[1].split("):", 1)
    assert len(document["conflicts"]) == int(conflicts[0])
    assert "; ".join(f"{c['actor']} × {c['other']}" for c in document["conflicts"]) == conflicts[1].split("\n")[0].strip()
    assert all(c["actor"] < c["other"] for c in document["conflicts"]), "pairs are ordered by label"
    assert all(c["actor_iri"].startswith(F) and c["claim_iris"] for c in document["conflicts"])
    [dual] = document["dual_positions"]
    assert dual["actor_iri"] == F + "china" and {e["side"] for e in dual["evidence"]} == {"cooperates", "acts against"}
    rows = list(csv.DictReader(io.StringIO(kg("analyze", "coalitions", "--store", store, "--format", "csv").stdout)))
    assert {r["section"] for r in rows} == {"coalitions", "conflicts", "dual_positions", "dual_positions_evidence"}
    assert sum(r["section"] == "conflicts" for r in rows) == len(document["conflicts"])
    timeline = json.loads(kg("analyze", "timeline", "United States", "--store", store, "--format", "json").stdout)
    [shift] = timeline["shifts"]
    assert shift["before"]["side"] == "against" and shift["after"]["actor_iri"] == F + "trump-administration"
    assert all(c["claim_iri"].startswith(F + "claim/") and c["actor_iri"] for c in timeline["claims"])
    shift_rows = [r for r in csv.DictReader(io.StringIO(kg("analyze", "timeline", "United States", "--store", store,
                                                            "--format", "csv").stdout)) if r["section"] == "shifts"]
    assert shift_rows and shift_rows[0]["before_side"] == "against" and shift_rows[0]["after_side"] == "for"
    ranked = json.loads(kg("analyze", "centrality", "--store", store, "--format", "json").stdout)["actors"]
    assert all(isinstance(r["broker"], bool) for r in ranked) and any(r["broker"] for r in ranked)


def test_issue_filters_read_contrary_policies_as_one_issue(kg, built_store_path):
    store = str(built_store_path)
    controls = json.loads(kg("analyze", "coalitions", "--store", store, "--issue", "export controls", "--format", "json").stdout)
    sales = json.loads(kg("analyze", "coalitions", "--store", store, "--issue", "Selling US AI chips to China",
                          "--format", "json").stdout)
    assert controls["coalitions"], "export controls are the contrary of chip sales: the same coalitions"
    assert {tuple(c["member_iris"]) for c in controls["coalitions"]} == {tuple(c["member_iris"]) for c in sales["coalitions"]}
    assert {c["side"] for c in controls["coalitions"] if "david-sacks" in " ".join(c["member_iris"])} == {"against"}
    assert all(c["issue_iri"] == F + "ai-chip-export-controls" for c in controls["coalitions"])
    everything = json.loads(kg("analyze", "coalitions", "--store", store, "--format", "json").stdout)
    on_issue = {m for c in controls["coalitions"] for m in c["member_iris"]}
    assert len(controls["conflicts"]) < len(everything["conflicts"])
    assert all(c["actor_iri"] in on_issue and c["other_iri"] in on_issue for c in controls["conflicts"])
    runs = {kg("analyze", "coalitions", "--store", store).stdout for _ in range(3)}
    assert len(runs) == 1


def test_an_edge_two_articles_assert_counts_once():
    """Oxigraph's union default graph repeats a triple once per graph; the actor network takes it once."""
    import pyoxigraph as ox

    from kg.query.named import named_query

    with open_store(MEMORY) as store:
        build(store)
        before = analysis.centrality(store, "degree")
        edges = list(store.solutions(named_query("analysis-edges").text))
        copy = ox.NamedNode("https://w3id.org/chipkg/id/source/a-second-article")
        store._ox.extend([ox.Quad(row[0], row[1], row[2], copy) for row in edges])
        again = list(store.solutions(named_query("analysis-edges").text))
        assert len(again) == len(edges) and len({tuple(r) for r in again}) == len(again)
        assert analysis.centrality(store, "degree") == before

"""kg load: imports all or nothing, reports what was new, and round-trips the project's own exports."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import SKOS

from kg.model.build import build
from kg.network.export import FORMATS, RDF_FORMATS, render
from kg.network.load import load_files
from kg.store.embedded import MEMORY, open_store
from kg.vocab import ENTITIES_GRAPH, KGR

import networkx as nx


def dataset(path):
    with open_store(path) as store:
        return sorted(map(str, store.quads()))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_export_load_export_is_identical(read_store, tmp_path, fmt):
    first = render(read_store, fmt)
    suffix, content = next(iter(first.items()))
    exported = tmp_path / f"graph{suffix}"
    exported.write_bytes(content)
    with open_store(tmp_path / "store", write=True) as store:
        report = load_files(store, [exported])
        assert report.parsed == report.new > 1000
        assert render(store, fmt) == first


def test_loading_an_export_into_the_graph_it_came_from_adds_nothing(kg, store_copy, tmp_path):
    target = tmp_path / "graph.nq"
    kg("export", "--store", str(store_copy), "--format", "nq", "-o", str(target))
    result = kg("load", "--store", str(store_copy), str(target))
    assert result.exit_code == 0
    assert result.stdout == f"Loaded 1 file: {len(target.read_text(encoding='utf-8').splitlines())} triples read, 0 new.\n"


def test_triples_go_to_the_named_graph_asked_for(kg, store_copy, tmp_path):
    extra = tmp_path / "wikidata.nt"
    extra.write_text('<https://w3id.org/chipkg/id/nvidia> <http://www.w3.org/2002/07/owl#sameAs> '
                     '<http://www.wikidata.org/entity/Q182477> .\n', encoding="utf-8")
    result = kg("load", "--store", str(store_copy), "--graph", "https://example.org/graph/wikidata", str(extra))
    assert result.stdout == "Loaded 1 file: 1 triple read, 1 new.\n"
    out = kg("query", "--store", str(store_copy), "--format", "csv",
             "SELECT ?g WHERE { GRAPH ?g { kgr:nvidia owl:sameAs ?x } }").stdout
    assert out.splitlines()[1] == "https://example.org/graph/wikidata"


def test_several_files_load_together(tmp_path, read_store):
    files = []
    for fmt in ("trig", "jsonld"):
        suffix, content = next(iter(render(read_store, fmt).items()))
        files.append(tmp_path / f"graph{suffix}")
        files[-1].write_bytes(content)
    with open_store(tmp_path / "store", write=True) as store:
        report = load_files(store, files)
        assert (report.files, report.parsed, report.new) == (2, 2 * len(store), len(store))


def test_progress_reports_every_byte(tmp_path, read_store):
    suffix, content = next(iter(render(read_store, "nt").items()))
    path = tmp_path / f"graph{suffix}"
    path.write_bytes(content)
    seen = []
    with open_store(MEMORY) as store:
        load_files(store, [path], progress=seen.append)
    assert sum(seen) == len(content) and len(seen) >= 1


def test_a_syntax_error_names_file_line_and_column_and_loads_nothing(kg, store_copy, tmp_path):
    good = tmp_path / "good.nt"
    good.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unterminated .\n", encoding="utf-8")
    before = dataset(store_copy)
    result = kg("load", "--store", str(store_copy), str(good), str(bad))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"Error: {bad}:3:") and "Nothing was loaded" in message
    assert len(message.splitlines()) == 1
    assert dataset(store_copy) == before
    left = sorted(p.name for p in store_copy.parent.iterdir() if p.name != ".store.swap-lock")  # the lock file stays
    assert left == ["bad.ttl", "good.nt", "store"], "no staging folder left"


def test_an_unknown_extension_lists_the_supported_ones(kg, store_copy, tmp_path):
    odd = tmp_path / "graph.cyjs"
    odd.write_text("{}", encoding="utf-8")
    result = kg("load", "--store", str(store_copy), str(odd))
    assert result.exit_code == 2
    assert "cannot tell the format from '.cyjs'" in result.stderr and ".ttl" in result.stderr and ".nq" in result.stderr


def test_a_missing_file_and_a_bad_graph_iri(kg, store_copy, tmp_path):
    assert "no such file" in kg("load", "--store", str(store_copy), str(tmp_path / "none.ttl")).stderr
    real = tmp_path / "a.nt"
    real.write_text("", encoding="utf-8")
    result = kg("load", "--store", str(store_copy), "--graph", "not an iri", str(real))
    assert result.exit_code == 2 and "not an absolute IRI" in result.stderr


# Labels from articles can hold anything a writer must escape.
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("هوانغ جنسن بكين ")),
        st.sampled_from(list("黄仁勋英伟达 ")),
        st.sampled_from(list("\"'<>&\n\t\\{}[]@#:;,.")),
        st.sampled_from(["😀", "🇨", "🇳", "🚀", "\u200f", "\u00a0"]),
        st.sampled_from(list(string.ascii_letters + string.digits)),
    ),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def bundled_store():
    with open_store(MEMORY) as store:
        build(store)
        yield store


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=_TEXT)
def test_any_label_survives_every_format(bundled_store, label):
    entity = KGR["nvidia"]
    entities = bundled_store.graph(ENTITIES_GRAPH)
    entities.remove((entity, SKOS.prefLabel, None))
    entities.add((entity, SKOS.prefLabel, Literal(label, lang="en")))
    entities.add((entity, SKOS.prefLabel, Literal(label, lang="ar")))
    bundled_store.replace_graphs({ENTITIES_GRAPH: entities})
    for fmt in FORMATS:
        for suffix, content in render(bundled_store, fmt).items():
            if fmt in RDF_FORMATS:
                import pyoxigraph as ox

                parsed = {q.object.value for q in ox.parse(content, RDF_FORMATS[fmt][0] or ox.RdfFormat.JSON_LD)
                          if q.subject.value == str(entity) and q.predicate.value == str(SKOS.prefLabel)}
                assert parsed == {label}, fmt
            elif suffix in (".graphml", ".gexf"):
                import io

                reader = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
                graph = reader(io.BytesIO(content))
                assert graph.nodes["nvidia"]["label_en"] == label, fmt
                assert graph.nodes["nvidia"]["label_ar"] == label, fmt
            elif suffix == ".nodes.csv":
                import csv
                import io

                rows = {r["id"]: r for r in csv.DictReader(io.StringIO(content.decode("utf-8")))}
                assert rows["nvidia"]["label_ar"] == label
            elif suffix in (".cyjs", ".nodelink.json"):
                import json

                data = json.loads(content)
                nodes = data["elements"]["nodes"] if suffix == ".cyjs" else data["nodes"]
                node = next(n.get("data", n) for n in nodes if n.get("data", n)["id"] == "nvidia")
                assert node["label_en"] == label

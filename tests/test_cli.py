"""The kg command: help, show, stats, validate, export, and the in-memory store."""

import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.store.embedded import MEMORY

COMMANDS = sorted(cli.commands)


def test_help_lists_every_command_with_a_summary_and_examples(kg):
    out = kg("--help").stdout
    for name in COMMANDS:
        assert any(line.split()[:1] == [name] and len(line.split()) > 1 for line in out.splitlines()), name
        assert f"kg {name}" in out, f"no example for {name} in kg --help"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(kg, name):
    assert cli.commands[name].help, name
    out = kg(name, "--help").stdout
    assert "Example: kg " + name in out


@pytest.mark.parametrize("name", sorted(cli.commands["analyze"].commands))
def test_every_analysis_has_help_with_an_example(kg, name):
    out = kg("analyze", name, "--help").stdout
    assert f"Example: kg analyze {name}" in out


def test_the_command_list_is_complete():
    assert set(COMMANDS) == {"analyze", "build", "export", "ingest", "load", "queries", "query", "review", "search",
                             "serve", "show", "stats", "validate", "viz"}


def test_build_prints_counts(kg, tmp_path, build_summary):
    result = kg("build", "--store", str(tmp_path / "s"))
    assert result.exit_code == 0
    assert result.stdout == f"Built {tmp_path / 's'}: {build_summary} in 4 graphs.\n"
    assert build_summary.startswith(f"{26 + len(_reference_entities())} entities, 36 claims, 1 source, ")


def _reference_entities() -> list[dict]:
    """The reference layer's entries, read straight from its YAML files."""
    import yaml
    from kg.datafiles import data_path

    folder = data_path("reference")
    return [e for f in sorted(folder.iterdir()) if f.name.endswith(".yaml")
            for e in yaml.safe_load(f.read_text(encoding="utf-8"))["entities"]]


def test_show_finds_an_actor_by_an_arabic_spelling_variant(kg, built_store_path):
    result = kg("show", "--store", str(built_store_path), "هوانج")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Jensen Huang  <https://w3id.org/chipkg/id/jensen-huang>")
    assert "type:    person" in out
    assert "Jensen Huang —lobbies→ United States" in out
    assert "“فقد أتت حملة الضغط التي قام بها منذ فترة طويلة في واشنطن بثمارها أخيراً”" in out
    assert "source: Nvidia's Campaign to Sell AI Chips to China Finally Pays Off" in out


def test_show_lists_incoming_relations_with_attribution(kg, built_store_path):
    out = kg("show", "--store", str(built_store_path), "David Sacks").stdout
    assert "Relations in (1):" in out
    assert "Sam Bresnick —criticizes→ David Sacks  [oppose]" in out
    assert "according to: Sam Bresnick" in out


def test_show_metonym_and_arabic_labels(kg, built_store_path):
    out = kg("show", "--store", str(built_store_path), "--lang", "ar", "Beijing").stdout
    assert out.startswith("الصين  <https://w3id.org/chipkg/id/china>")
    assert "الصين —يوافق على→ بايت دانس" in out


def test_stats_counts_by_class_and_relation(kg, built_store_path, build_summary):
    out = kg("stats", "--store", str(built_store_path)).stdout.splitlines()
    assert out[0] == build_summary
    assert "      36  claim" in out
    people = 6 + sum(1 for e in _reference_entities() if e["type"] == "Person")
    assert f"{people:>8}  person" in out
    assert "       1      1  lobbies" in out
    assert "       0      0  smuggles" in out


def test_validate_conforms_on_the_bundled_graph(kg, built_store_path):
    result = kg("validate", "--store", str(built_store_path))
    assert result.exit_code == 0
    assert result.stdout == "The graph conforms to the SHACL shapes.\n"


def test_validate_exits_1_and_names_the_violation(kg, store_copy):
    kg("query", "--store", str(store_copy), "--update",
       'INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/notes> { kgr:zorvex-fab a kg:Company ; skos:prefLabel "Zorvex Fab"@en } }')
    result = kg("validate", "--store", str(store_copy))
    assert result.exit_code == 1
    assert "does not conform: 1 violation." in result.stdout
    assert "<https://w3id.org/chipkg/id/zorvex-fab>" in result.stdout and "Arabic skos:prefLabel" in result.stdout


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("ttl", "turtle")])
def test_export_to_stdout_and_file_agree_and_parse_back(kg, built_store_path, read_store, tmp_path, fmt, parser):
    first = kg("export", "--store", str(built_store_path), "--format", fmt).stdout
    target = tmp_path / f"graph.{fmt}"
    result = kg("export", "--store", str(built_store_path), "--format", fmt, "-o", str(target))
    assert result.exit_code == 0 and result.stderr.startswith(f"Wrote {target} (")
    assert target.read_text(encoding="utf-8") == first, "the same graph exports the same bytes"
    assert isomorphic(Graph().parse(data=first, format=parser), read_store.union_graph())


def test_the_memory_store_answers_from_the_bundled_graph(kg):
    result = kg("query", "--store", MEMORY, "ASK { kgr:china kg:approves kgr:tencent }")
    assert result.stdout == "yes\n"


def test_show_limit_counts_every_claim_and_lists_the_first(kg, built_store_path):
    everything = kg("show", "China", "--limit", "0", "--store", str(built_store_path)).stdout
    limited = kg("show", "China", "--limit", "2", "--store", str(built_store_path)).stdout
    full_out = everything.split("Relations in")[0].count("\n    “")
    assert full_out > 2
    assert f"… and {full_out - 2} more (kg show --limit {full_out} lists them all)." in limited
    header = [line for line in everything.splitlines() if line.startswith("Relations")]
    assert header == [line for line in limited.splitlines() if line.startswith("Relations")]  # totals, not the shown count


def test_the_choices_the_cli_offers_are_those_the_modules_implement():
    from kg.analysis import discourse as analysis
    from kg import options as choices
    from kg.network import export, load
    from kg.network import view as viz

    assert choices.LOAD_FORMATS == tuple(load.LOAD_FORMATS)
    assert choices.EXPORT_FORMATS == tuple(export.RDF_FORMATS) + tuple(export.NETWORK_FORMATS) == export.FORMATS
    assert viz.SIZE_MEASURES == choices.SIZE_MEASURES and viz.COLOR_MODES == choices.COLOR_MODES
    assert analysis.MEASURES == choices.CENTRALITY_MEASURES


def test_the_light_commands_do_not_import_the_heavy_libraries():
    """kg show, kg query and kg stats start without networkx, pyvis, pyshacl or matplotlib (0.4 s of imports)."""
    code = "import sys, kg.cli; print(sorted(m for m in ('networkx', 'pyvis', 'pyshacl', 'matplotlib') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert result.stdout.strip() == "[]"


def test_kg_query_reads_the_store_without_importing_rdflib(built_store_path):
    """Start-up is most of a small query's time: kg query runs on pyoxigraph alone, in every format."""
    probe = ("import sys\nfrom kg.cli import main\nsys.argv = ['kg', 'query', '--store', sys.argv[1], '--no-cache', "
             "'--format', sys.argv[2], 'SELECT ?o WHERE { kgr:china kg:approves ?o } ORDER BY ?o']\n"
             "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
             "print('rdflib imported:', [m for m in sys.modules if m.split('.')[0] in ('rdflib', 'oxrdflib')][:3])")
    for fmt in ("table", "tsv", "json"):
        result = subprocess.run([sys.executable, "-c", probe, str(built_store_path), fmt], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "rdflib imported: []" in result.stdout
        assert ("ByteDance" if fmt == "table" else "bytedance") in result.stdout

"""What the commands print for awkward requests: names as kg prints them, counts in words, options checked first."""

import pytest


def test_viz_type_takes_the_names_kg_stats_prints(kg, built_store_path, tmp_path):
    for given in ("person", "Person", "PERSON", "government body", "GovernmentBody"):
        result = kg("viz", "--store", str(built_store_path), "--type", given, "-o", str(tmp_path / "v.html"))
        assert result.exit_code == 0, (given, result.stderr)
    bad = kg("viz", "--store", str(built_store_path), "--type", "robot", "-o", str(tmp_path / "v.html"))
    assert bad.exit_code == 2 and "Unknown type 'robot'" in bad.stderr and "government body" in bad.stderr


def test_viz_max_nodes_keeps_the_most_central_of_the_whole_graph(kg, built_store_path, tmp_path):
    result = kg("viz", "--store", str(built_store_path), "--max-nodes", "3", "-o", str(tmp_path / "v.html"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {tmp_path / 'v.html'}: 3 entities") and "less central entities left out" in result.stdout


def test_an_empty_view_says_so_on_the_page_and_on_stderr(kg, built_store_path, tmp_path):
    result = kg("viz", "--store", str(built_store_path), "--since", "2031-01-01", "-o", str(tmp_path / "e.html"))
    assert result.exit_code == 0 and "0 entities, 0 edges, 0 claims" in result.stdout
    assert "no relation passes these filters" in result.stderr
    assert "Nothing to show: no relation passes these filters" in (tmp_path / "e.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ("viz", "-o", "/nonexistent/x.html"),
    ("export", "--format", "ttl", "-o", "/nonexistent/x.ttl"),
    ("analyze", "coalitions", "--plot", "/nonexistent/dir/c.png"),
])
def test_an_output_in_a_missing_folder_is_one_line_before_any_work(kg, built_store_path, args):
    result = kg(*args, "--store", str(built_store_path))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "does not exist" in lines[0]


@pytest.mark.parametrize("fmt, expected", [("csv", "true\n"), ("tsv", "true\n"), ("table", "yes\n")])
def test_ask_in_every_select_format(kg, built_store_path, fmt, expected):
    result = kg("query", "--store", str(built_store_path), "--format", fmt, "ASK { ?s ?p ?o }")
    assert result.exit_code == 0 and result.stdout == expected


def test_counts_are_in_words(kg, store_copy):
    stats = kg("stats", "--store", str(store_copy)).stdout.splitlines()[0]
    assert "1 source," in stats and "1 sources" not in stats
    added = kg("query", "--store", str(store_copy), "--update", "INSERT DATA { kgr:a kgr:b kgr:c }")
    assert added.stdout == "Update applied: 1 triple added.\n"
    removed = kg("query", "--store", str(store_copy), "--update", "DELETE DATA { kgr:a kgr:b kgr:c }")
    assert removed.stdout == "Update applied: 1 triple removed.\n"

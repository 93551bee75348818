"""Shared fixtures: a real on-disk store built from the bundled data, and a CLI runner."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.model.build import build
from kg.cli import cli
from kg.store.embedded import open_store


@pytest.fixture(scope="session", autouse=True)
def answer_cache(tmp_path_factory) -> Path:
    """The answers kg query and kg serve keep (kg.cache) go to a folder of this session, never ~/.cache."""
    import os

    folder = tmp_path_factory.mktemp("answers")
    os.environ["KG_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def extractor():
    """The extractor on the bundled graph's names, English through the parse when spaCy is installed."""
    from kg.extract import RuleExtractor
    from kg.extract.gazetteer import Gazetteer
    from kg.store.embedded import MEMORY

    with open_store(MEMORY) as store:
        build(store)
        return RuleExtractor(Gazetteer.from_store(store))


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory) -> Path:
    """A store folder holding the bundled graph, built once; tests must not write to it."""
    path = tmp_path_factory.mktemp("built") / "store"
    with open_store(path, write=True) as store:
        build(store)
    return path


@pytest.fixture
def store_copy(built_store_path, tmp_path) -> Path:
    """A private copy of the built store that a test may change."""
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    return path


@pytest.fixture(scope="session")
def build_summary() -> str:
    """What `kg build` should report for the bundled data, counted from the data files themselves."""
    from kg.model.curate import load_curated
    from kg.model.schema import ontology_graph

    data = load_curated()
    triples = len(ontology_graph()) + sum(len(graph) for graph in data.graphs.values())
    from kg.words import counted

    return (f"{counted(data.entities, 'entity')}, {counted(data.claims, 'claim')}, {counted(data.sources, 'source')}, "
            f"{counted(triples, 'triple')}")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kg(runner):
    """Run ``kg ARGS...`` in-process; returns click's Result (exit_code, stdout, stderr)."""

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def read_store(built_store_path):
    """The built store opened read-only."""
    with open_store(built_store_path) as store:
        yield store


# A real Virtuoso (Debian's virtuoso-opensource), started on 127.0.0.1 with a temporary database.

VIRTUOSO_PASSWORD = "kg-test-Secr3t-7f2a"
"""The dba password the tests set; no output of kg may ever contain it."""


def start_virtuoso(folder: Path):
    """A Virtuoso with the tests' password. Without virtuoso-t the test skips, naming the Debian package;
    under CI=true it fails."""
    from kg.store.virtuoso import Virtuoso, VirtuosoMissing

    import os

    try:
        return Virtuoso(folder, password=VIRTUOSO_PASSWORD)
    except VirtuosoMissing as err:
        if os.environ.get("CI"):
            pytest.fail(f"{err} (.ci/run does this)")
        pytest.skip("Debian virtuoso-opensource is not installed: apt-get install virtuoso-opensource")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server for the whole session, stopped at the end."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_built(virtuoso):
    """The Virtuoso server holding the bundled graph (built once, through kg's own build)."""
    import os

    from kg.model.build import build as build_graph

    os.environ["KG_STORE_CREDENTIALS"] = virtuoso.credentials
    with open_store(virtuoso.location, write=True) as store:
        build_graph(store, fresh=True)
    return virtuoso


KG_COMMAND = str(Path(sys.executable).with_name("kg"))
"""The installed ``kg`` script: unlike ``python -m kg`` it never imports the checkout's kg/ from the working directory."""

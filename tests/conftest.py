"""Shared fixtures: a real on-disk store built from the bundled data, and a CLI runner."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import open_store


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
    from kg.curate import load_curated
    from kg.schema import ontology_graph

    data = load_curated()
    triples = len(ontology_graph()) + sum(len(graph) for graph in data.graphs.values())
    return f"{data.entities} entities, {data.claims} claims, {data.sources} sources, {triples} triples"


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

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Virtuoso:
    """A running Virtuoso: its store location for kg, credentials, and a way to reset its data."""

    def __init__(self, folder: Path) -> None:
        import subprocess
        import time
        import urllib.request

        server = shutil.which("virtuoso-t")
        if server is None:
            pytest.fail("virtuoso-t is missing: apt-get install virtuoso-opensource (.ci/run does this)")
        self.sql_port, self.http_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(
            _VIRTUOSO_INI.format(dir=folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        self.log = folder / "stdout.log"
        self.process = subprocess.Popen([server, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                                        cwd=folder, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.http_port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"Virtuoso did not start: {self.log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        isql = shutil.which("isql-vt") or shutil.which("isql")
        subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                        f"exec=DB.DBA.USER_CHANGE_PASSWORD('dba','dba','{VIRTUOSO_PASSWORD}');"],
                       check=True, capture_output=True, timeout=60)
        self.location = (f"sparql+{self.base}/sparql?update=/sparql-auth&gsp=/sparql-graph-crud-auth")
        self.credentials = f"dba:{VIRTUOSO_PASSWORD}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server for the whole session, stopped at the end."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_built(virtuoso):
    """The Virtuoso server holding the bundled graph (built once, through kg's own build)."""
    import os

    from kg.build import build as build_graph

    os.environ["KG_STORE_CREDENTIALS"] = virtuoso.credentials
    with open_store(virtuoso.location, write=True) as store:
        build_graph(store, fresh=True)
    return virtuoso


KG_COMMAND = str(Path(sys.executable).with_name("kg"))
"""The installed ``kg`` script: unlike ``python -m kg`` it never imports the checkout's kg/ from the working directory."""

"""The same analyst questions, the same answers: in memory, embedded Oxigraph, and a real Virtuoso server.

Oxigraph's answers are the reference; every other store must match them,
whether through the library (named queries) or through kg's commands.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rdflib import Literal

from kg.query.named import named_queries
from kg.store.embedded import MEMORY, open_store

QUERIES = [q.name for q in named_queries()]
OTHER_STORES = ["memory", "virtuoso"]


@pytest.fixture(params=OTHER_STORES)
def other_location(request) -> str:
    """The location of a store other than the reference, holding the bundled graph."""
    if request.param == "memory":
        return MEMORY
    return request.getfixturevalue("virtuoso_built").location


def _norm(term):
    """A term as comparable data: numbers by value (servers differ on integer vs decimal), literals with language."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype and str(term.datatype).rsplit("#", 1)[-1] in ("integer", "decimal", "double", "float", "int", "long"):
            return round(float(term), 6)
        return (str(term), term.language)
    return str(term)


def _answers(store, name: str) -> list[str]:
    query = next(q for q in named_queries() if q.name == name)
    return sorted(repr(tuple(_norm(term) for term in row)) for row in store.query(query.text))


@functools.lru_cache(maxsize=None)
def _reference(path: str, name: str) -> tuple[str, ...]:
    with open_store(path) as store:
        return tuple(_answers(store, name))


def _opened(location: str):
    if location == MEMORY:
        from kg.model.build import build

        store = open_store(MEMORY)
        build(store)
        return store
    return open_store(location)


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_answers_match_oxigraph(name, other_location, built_store_path):
    expected = list(_reference(str(built_store_path), name))
    with _opened(other_location) as store:
        assert _answers(store, name) == expected


def test_reference_answers_are_not_empty(built_store_path):
    """A comparison of two empty answers would prove nothing: most named queries answer the seed graph."""
    answered = [name for name in QUERIES if _reference(str(built_store_path), name)]
    assert len(answered) >= len(QUERIES) - 2, set(QUERIES) - set(answered)


COMMANDS = [
    ("stats",),
    ("show", "هوانج"),
    ("show", "David Sacks", "--lang", "ar"),
    ("validate",),
    ("query", "--name", "purchases-beijing-approved"),
    ("query", "--name", "claims-by-source", "--param", "source=https://w3id.org/chipkg/id/source/made-in-china-h200",
     "--format", "csv"),
    ("analyze", "coalitions", "--format", "json"),
    ("analyze", "centrality", "--format", "json"),
    ("analyze", "timeline", "United States"),
    ("analyze", "polarization"),
    ("export", "--format", "nt"),
    ("export", "--format", "trig"),
    ("export", "--format", "jsonld"),
    ("export", "--format", "gexf", "--focus", "Sacks", "--hops", "2"),
    ("export", "--format", "cyjs"),
    ("viz", "--focus", "Jensen Huang", "-o"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:40])
def test_command_output_matches_oxigraph(args, other_location, built_store_path, kg, tmp_path):
    """Same stdout; a command that writes a file (``-o`` last) writes the same bytes."""
    outputs = []
    for store, folder in ((str(built_store_path), "expected"), (other_location, "got")):
        (tmp_path / folder).mkdir()
        extra = [str(tmp_path / folder / "view.html")] if args[-1] == "-o" else []
        result = kg(*args, *extra, "--store", store)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout.replace(str(tmp_path / folder), "") + "".join(Path(p).read_text(encoding="utf-8") for p in extra))
    expected, got = outputs
    assert len(expected) > 35 and not expected.startswith("Error")
    assert got == expected

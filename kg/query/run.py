"""Run SPARQL against a store and format the results.

SELECT and ASK results come as an aligned table (entity labels in the chosen
language) or in the W3C formats (CSV, TSV, JSON, XML); CONSTRUCT and DESCRIBE
results as Turtle, N-Triples or JSON-LD.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..store.cache import answer_key
from ..errors import QueryFailed, UnsupportedFormat, UpdateRefused, one_line
from ..store.labels import LabelIndex
from ..store.remote import Solutions
from .results import write_solutions
from ..store.embedded import KGStore
from ..prefixes import PREFIX_IRIS
from ..store.terms import ox_term

if TYPE_CHECKING:  # rdflib comes in only with an ASK, CONSTRUCT or DESCRIBE answer, which it makes
    from rdflib.query import Result

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "is_update", "is_select", "run_query", "run_update", "format_result",
           "answer_text"]

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
_RDFLIB_FORMAT = {"csv": "csv", "json": "json", "xml": "xml", "turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}

_PROLOGUE = re.compile(r"""(?:\s+|\#[^\n]*|(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*""")
_SELECT_KEYWORD = re.compile(r"(?i:SELECT)\b")
_UPDATE_KEYWORDS = re.compile(r"(?i:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b")


def is_update(text: str) -> bool:
    """True when the SPARQL text is an update (INSERT, DELETE, LOAD, DROP, ...), not a query."""
    prologue = _PROLOGUE.match(text)
    return bool(_UPDATE_KEYWORDS.match(text, prologue.end() if prologue else 0))


def is_select(text: str) -> bool:
    """True when the SPARQL text is a SELECT query."""
    prologue = _PROLOGUE.match(text)
    return bool(_SELECT_KEYWORD.match(text, prologue.end() if prologue else 0))


def run_query(store: KGStore, text: str, bindings: Mapping[str, object] | None = None,
              unread: bool = False) -> Result | Solutions | ox.QuerySolutions:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query with values bound; updates are refused.

    A SELECT comes back as pyoxigraph rows (``Solutions``), straight from the
    store without rdflib's term conversion (with ``unread``, as Oxigraph's
    unread solutions when the store can give them); the other forms as an
    rdflib ``Result``.
    """
    if is_update(text):
        raise UpdateRefused("This is a SPARQL update and kg query is read-only by default; add --update to change the store.")
    if is_select(text):
        return store.select(text, bindings, unread=unread)
    return store.query(text, bindings)


def run_update(store: KGStore, text: str) -> None:
    """Run a SPARQL update in one transaction."""
    store.update(text)


def _cell(term: object) -> str:
    """A term that is no entity as the table shows it: a literal or blank node by its value, runs of
    whitespace made one space (entities are shown by label, all at once, in ``_table``)."""
    if term is None:
        return ""
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return " ".join(term.value.split())
    return " ".join(str(term).split())


def _tsv_cell(cell: str) -> str:
    """A cell of Oxigraph's TSV that is no entity as the table shows it: what ``_cell`` shows for the term it
    was written from."""
    if not cell:
        return ""
    if cell[0] == '"':
        value = cell[1:cell.rindex('"')]  # a language tag or datatype IRI after the last quote holds no quote
        if "\\" in value:
            value = _TSV_ESCAPE.sub(_unescape, value)
        return " ".join(value.split())
    if cell.startswith("_:"):
        return " ".join(cell[2:].split())
    return " ".join(cell.split())  # a bare number or boolean, or a quoted triple


_TSV_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR.get(match.group(3), match.group(3))


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _table(result: Result | Solutions | ox.QuerySolutions, labels: LabelIndex | None) -> str:
    """An aligned table with a row count. Oxigraph's unread answers are written by its TSV serializer and read
    back as text, a column at a time (no Python term per cell); rows in hand are read as terms. Each
    distinct cell is made into text once."""
    if not isinstance(result, (Solutions, ox.QuerySolutions)):  # an rdflib ASK answer
        return "yes\n" if result.askAnswer else "no\n"
    header = [v.value for v in result.variables]
    width = len(header)
    if isinstance(result, ox.QuerySolutions):
        text = result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
        count = text.count("\n") - 1
        body = text[text.index("\n") + 1:-1]
        cells = body.replace("\n", "\t").split("\t") if count and width else []
        columns = [cells[i::width] for i in range(width)]
        distinct = set(cells)
        entities = [c for c in distinct if c.startswith("<") and not c.startswith("<<")]
        iris = [c[1:-1] for c in entities]
        show = _tsv_cell
    else:
        terms = [[row[i] for i in range(width)] for row in result]
        count = len(terms)
        columns = [list(column) for column in zip(*terms)] if terms else [[] for _ in header]
        distinct = {t for column in columns for t in column}
        entities = [t for t in distinct if isinstance(t, ox.NamedNode)]
        iris = [t.value for t in entities]
        show = _cell
    # every entity's label in a scan or a few queries, rather than one each; then each other cell once
    shown = dict(zip(entities, labels.labels_of(iris) if labels is not None else map(_prefixed, iris)))
    shown.update((key, show(key)) for key in distinct if key not in shown)
    padded = []
    for position, (name, column) in enumerate(zip(header, columns)):
        column = list(map(shown.__getitem__, column))
        size = max(len(name), max(map(len, column), default=0))
        if position == width - 1:  # the last column is not padded
            padded.append(itertools.chain((name, "-" * size), column))
        else:
            padded.append(itertools.chain((name.ljust(size), "-" * size), map(str.ljust, column, itertools.repeat(size))))
    lines = list(map(str.rstrip, map("  ".join, zip(*padded)))) if header else [""] * (count + 2)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_result(result: Result | Solutions, fmt: str | None = None, labels: LabelIndex | None = None) -> str:
    """Text of a query result in ``fmt``; ``None`` picks table for SELECT/ASK and turtle for graphs."""
    if not isinstance(result, (Solutions, ox.QuerySolutions)) and result.type == "SELECT":  # rdflib's rows, written
        result = Solutions([str(v) for v in result.vars],  # as every other SELECT answer is
                           [tuple(None if term is None else ox_term(term) for term in row) for row in result])
    if isinstance(result, (Solutions, ox.QuerySolutions)):
        fmt = fmt or "table"
        if fmt not in SELECT_FORMATS:
            raise UnsupportedFormat(f"--format {fmt} does not fit a SELECT query; use one of: {', '.join(SELECT_FORMATS)}.")
        try:  # Oxigraph's unread solutions are read here, by its own serializer
            if fmt == "table":
                return _table(result, labels)
            text = write_solutions(result, fmt, None)[0].decode("utf-8")
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryFailed(f"The query failed: {one_line(err)}") from err
        return text if text.endswith("\n") else text + "\n"
    is_graph = result.type in ("CONSTRUCT", "DESCRIBE")
    allowed = GRAPH_FORMATS if is_graph else SELECT_FORMATS
    fmt = fmt or allowed[0]
    if fmt not in allowed:
        raise UnsupportedFormat(
            f"--format {fmt} does not fit a {result.type} query; use one of: {', '.join(allowed)}."
        )
    if is_graph:
        graph = result.graph
        for prefix, namespace in PREFIX_IRIS.items():
            graph.bind(prefix, namespace)
        if fmt == "jsonld":
            context = dict(PREFIX_IRIS)
            return graph.serialize(format="json-ld", context=context, auto_compact=True)
        return graph.serialize(format=_RDFLIB_FORMAT[fmt])
    if fmt == "table":
        return _table(result, labels)
    if result.type == "ASK" and fmt in ("csv", "tsv"):  # no W3C shape for a boolean: the word, as Oxigraph writes it
        return "true\n" if result.askAnswer else "false\n"
    return result.serialize(format=_RDFLIB_FORMAT[fmt]).decode("utf-8")  # an ASK answer in JSON or XML


def answer_text(store: KGStore, text: str, bindings: Mapping[str, object] | None = None, fmt: str | None = None,
                lang: str = "en") -> str:
    """What ``kg query`` prints for a query: its result formatted, entity labels in ``lang`` for a table.

    When the store keeps ``answers``, the answer is kept under the store's
    version (see ``kg.cache``): the same question of an unchanged on-disk store
    is read back instead of run again. Stores without a version are always queried."""
    def compute() -> str:
        table = (fmt or "table") == "table"
        labels = LabelIndex(store, lang) if table else None
        return format_result(run_query(store, text, bindings, unread=True), fmt, labels)

    if store.answers is None or not store.version:
        return compute()
    bound = sorted((name, repr(value)) for name, value in (bindings or {}).items())
    key = answer_key(store.location, store.version, "kg query", text, bound, fmt or "", lang)
    return store.answers.kept(key, lambda: compute().encode("utf-8")).decode("utf-8")

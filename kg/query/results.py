"""SPARQL results in the W3C formats, written from pyoxigraph terms with a row cap.

JSON, XML, CSV and TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD and
RDF/XML for CONSTRUCT and DESCRIBE. Used by the HTTP endpoint, whose
``--max-rows`` needs results cut before they are written.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pyoxigraph as ox

__all__ = ["SELECT_TYPES", "GRAPH_TYPES", "FORMAT_NAMES", "write_solutions", "write_boolean", "write_triples"]

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
FORMAT_NAMES = {
    "json": ("json", "application/sparql-results+json"), "xml": ("xml", "application/sparql-results+xml"),
    "csv": ("csv", "text/csv"), "tsv": ("tsv", "text/tab-separated-values"),
    "turtle": ("turtle", "text/turtle"), "ttl": ("turtle", "text/turtle"), "nt": ("nt", "application/n-triples"),
    "ntriples": ("nt", "application/n-triples"), "jsonld": ("jsonld", "application/ld+json"),
    "json-ld": ("jsonld", "application/ld+json"), "rdfxml": ("rdfxml", "application/rdf+xml"),
    "rdf": ("rdfxml", "application/rdf+xml"),
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


_TURTLE_NUMBERS = {  # literals Oxigraph writes bare in TSV: those its lexical form reads back as in Turtle
    "http://www.w3.org/2001/XMLSchema#integer": re.compile(r"[+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#boolean": re.compile(r"true|false"),
}
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;"})
_XML_EDGES = re.compile(r"^[ \t\n\r]+|[ \t\n\r]+$")


def _tsv_term(term) -> str:
    """A cell as Oxigraph's TSV writer writes it (numbers and booleans bare when Turtle would read them back)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value = term.value
        if term.language:
            return f'"{value.translate(_TSV_ESCAPES)}"@{term.language}'
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return f'"{value.translate(_TSV_ESCAPES)}"'
        bare = _TURTLE_NUMBERS.get(datatype)
        if bare is not None and bare.fullmatch(value):
            return value
        return f'"{value.translate(_TSV_ESCAPES)}"^^<{datatype}>'
    return str(term)


def _xml_text(value: str) -> str:
    """Text as Oxigraph's XML writer escapes it: the five entities, and leading or trailing whitespace as
    character references (so that no parser drops it)."""
    return _XML_EDGES.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), value.translate(_XML_ESCAPES))


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f'<literal xml:lang="{_xml_text(term.language)}">{_xml_text(term.value)}</literal>'
        if term.datatype.value != _XSD_STRING:
            return f'<literal datatype="{_xml_text(term.datatype.value)}">{_xml_text(term.value)}</literal>'
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if hasattr(term, "value") else str(term)


_ENGINE_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def write_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int | None) -> tuple[bytes, int]:
    """SELECT results in ``fmt``; returns the bytes and how many rows the cap left out (-1: unknown, more).

    Results straight from Oxigraph with no cap are written by Oxigraph's own
    serializers; rows in hand (sorted here, cut at a cap, or from a SPARQL
    server) by the writers below, which write the same bytes.
    """
    if max_rows is None and isinstance(solutions, ox.QuerySolutions):
        return solutions.serialize(format=_ENGINE_FORMATS[fmt]), 0
    variables = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, max_rows + 1 if max_rows is not None else None))
    truncated = max_rows is not None and len(rows) > max_rows
    rows = rows[:max_rows] if truncated else rows
    cut = -1 if truncated else 0
    if fmt == "json":
        bindings = [{v: _json_term(row[i]) for i, v in enumerate(variables) if row[i] is not None} for row in rows]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), cut
    if fmt == "xml":
        out = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f'<variable name="{_xml_text(v)}"/>' for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f'<binding name="{v}">{_xml_term(row[i])}</binding>' for i, v in enumerate(variables) if row[i] is not None]
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode("utf-8"), cut
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(row[i]) for i in range(len(variables))])
        return buffer.getvalue().encode("utf-8"), cut
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(row[i]) for i in range(len(variables))) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8"), cut


def write_boolean(answer: bool, fmt: str) -> bytes:
    """An ASK answer in ``fmt``."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if answer else 'false'}</boolean></sparql>\n").encode("utf-8")
    if fmt == "csv":
        return f"_askResult\r\n{'true' if answer else 'false'}\r\n".encode("utf-8")
    return f"?_askResult\n{'true' if answer else 'false'}\n".encode("utf-8")


def write_triples(triples, fmt: str, max_rows: int | None, prefixes: dict[str, str]) -> tuple[bytes, int]:
    """CONSTRUCT or DESCRIBE results in an RDF format, cut at ``max_rows`` triples."""
    kept = list(itertools.islice(triples, max_rows + 1 if max_rows is not None else None))
    truncated = max_rows is not None and len(kept) > max_rows
    kept = kept[:max_rows] if truncated else kept
    body = ox.serialize(kept, format=_RDF_FORMATS[fmt], prefixes=prefixes if fmt in ("turtle", "rdfxml") else None)
    return body, (-1 if truncated else 0)

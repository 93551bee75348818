"""A SPARQL syntax error in words: what is wrong, at which line and column, with a caret under the spot.

Oxigraph reports where its parser stopped and the grammar's next tokens
("expected one of ['%'], ['-' | '0' ..= '9' ...]"), which says little to
an analyst. ``explain`` reads the query and that message and names the usual
mistakes: a misspelt query form, an unknown prefix, an unclosed string or
bracket, a stray word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import QuerySyntaxError

__all__ = ["SyntaxProblem", "explain", "syntax_error", "check_depth", "sparql_tokens", "MAX_DEPTH"]

MAX_DEPTH = 256
"""Deepest nesting of brackets (or longest run of ``!``) a query may have: the parser recurses on each level,
and a query nested 10,000 deep overflows its stack and kills the process."""
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''  # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # strings
    r'|<[^<>"{}|^`\\\s]*>'  # IRIs
    r'|#[^\n]*'  # comments
    r'|[?$][\w]+'  # variables
    r'|[A-Za-z_][\w.-]*:[\w.%-]*|:[\w.%-]*'  # prefixed names
    r'|[A-Za-z_]\w*'  # keywords
    r'|\S'
)


@functools.lru_cache(maxsize=8)  # the endpoint reads a request's tokens twice (SERVICE targets, depth)
def sparql_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a query or update, comments left out: strings, IRIs, variables, names and keywords
    whole, every other character alone, so that what is inside a string or an IRI is never read as syntax."""
    return tuple(token for token in _TOKEN.findall(text) if not token.startswith("#"))


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_AT = re.compile(r"error at (\d+):(\d+)")
_WORD = re.compile(r"[^\s{}()<>\"']+|[{}()<>\"']")


@dataclass(frozen=True)
class SyntaxProblem:
    """Where a query is malformed and why, in words."""

    line: int
    column: int
    words: str
    source_line: str

    def caret(self) -> str:
        """The offending line and a caret under the spot, indented by two spaces."""
        return f"  {self.source_line}\n  {' ' * (self.column - 1)}^"

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.words}"


def _position(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return sum(len(l) + 1 for l in lines[: line - 1]) + min(max(column - 1, 0), len(lines[line - 1]))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _first_keyword(text: str) -> tuple[str, int] | None:
    """The first word after PREFIX and BASE declarations and comments, with its offset."""
    offset = 0
    pattern = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s+[\w.-]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>")
    while True:
        skipped = pattern.match(text, offset)
        if not skipped or skipped.end() == offset:
            break
        offset = skipped.end()
    word = re.match(r"[^\s{(]+", text[offset:])
    return (word.group(0), offset) if word else None


def _expected(message: str) -> list[str]:
    """The keywords or punctuation the parser would have taken, when the message lists only those."""
    listed = message.split("expected", 1)[1] if "expected" in message else ""
    if "[" in listed:  # character classes: not for reading
        return []
    return [quoted or word for quoted, word in re.findall(r'"([^"]+)"|\b([A-Z][A-Za-z]+)\b', listed)
            if (quoted or word) not in ("one", "of")]


def explain(text: str, message: str) -> SyntaxProblem:
    """What is wrong with ``text``, given the parser's ``message``."""
    found = _AT.search(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    offset = _position(text, line, column)
    words = ""
    first = _first_keyword(text)
    if first and first[0].upper() not in _FORMS + _UPDATES:
        offset = first[1]
        close = [f for f in _FORMS if f.startswith(first[0].upper()[:3])]
        hint = f" (did you mean {close[0]}?)" if close else ""
        words = (f"'{first[0]}' does not start a query{hint}; a query starts with SELECT, ASK, CONSTRUCT or "
                 f"DESCRIBE, after any PREFIX lines")
    elif "Prefix not found" in message:
        prefixed = None
        for candidate in re.finditer(r"(?<![\w<:/#?])([A-Za-z][\w.-]*)?:[\w.%-]*", text):
            if candidate.start() <= offset:
                prefixed = candidate
        name = prefixed.group(1) or "" if prefixed else ""
        if prefixed:
            offset = prefixed.start()
        words = (f"unknown prefix '{name}:'; declare it with PREFIX {name}: <IRI>, or use a predeclared one "
                 f"(kg, kgr, rdf, rdfs, owl, xsd, skos, prov, dcterms, foaf, org, schema, sh)")
    else:
        rest = text[offset:]
        opened = {"{": text.count("{") - text.count("}"), "(": text.count("(") - text.count(")")}
        if "\\\\U" in message:  # the parser wanted a string's escapes or its closing quote
            start = text.rfind('"', 0, offset) if '"' in text[:offset] else text.rfind("'", 0, offset)
            offset = max(start, 0)
            words = "a string is not closed: add its closing quote"
        elif not rest.strip():
            expected = _expected(message)
            if opened["{"] > 0 or opened["("] > 0:
                words = f"the query ends too early: {chr(39) + ('}' if opened['{'] > 0 else ')') + chr(39)} is missing"
            else:  # the parser read to the end: the last word is the one it could not take
                offset = len(text.rstrip())
                while offset > 0 and re.match(r"[\w:?$-]", text[offset - 1]):
                    offset -= 1
                if offset == len(text.rstrip()):
                    offset -= 1
                shown = f"; expected {', '.join(expected[:8])}" if expected and len(expected) <= 12 else ""
                token = _WORD.match(text[offset:])
                words = f"unexpected '{token.group(0) if token else text[offset:offset + 1]}' at the end{shown}"
        else:
            offset += len(rest) - len(rest.lstrip())
            while offset > 0 and re.match(r"[\w:?$-]", text[offset - 1]):  # back to the start of the word
                offset -= 1
            token = _WORD.match(text[offset:])
            expected = _expected(message)
            shown = f"; expected {', '.join(expected[:8])}" if expected and len(expected) <= 12 else ""
            words = f"unexpected '{token.group(0) if token else rest[:1]}'{shown}"
    line, column = _line_column(text, offset)
    return SyntaxProblem(line, column, words, text.split("\n")[line - 1])


def syntax_error(text: str, err: Exception, kind: str = "query") -> QuerySyntaxError:
    """The library's error for a malformed query or update: the problem in words, then the line and a caret."""
    problem = explain(text, str(err))
    error = QuerySyntaxError(f"Malformed SPARQL {kind} at {problem}. Fix the {kind} and run it again.\n{problem.caret()}")
    error.problem = problem
    return error


def check_depth(text: str, kind: str = "query", limit: int = MAX_DEPTH) -> None:
    """Raise ``QuerySyntaxError`` for a query nested deeper than ``limit``, before any parser sees it."""
    depth = deepest = run = 0
    for token in sparql_tokens(text):
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth = max(depth - 1, 0)
        run = run + 1 if token == "!" else 0
        deepest = max(deepest, depth, run)
        if deepest > limit:
            raise QuerySyntaxError(f"The SPARQL {kind} is nested more than {limit} levels deep (brackets or '!'); "
                                   f"no real {kind} needs that many: simplify it.")

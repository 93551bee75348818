"""The library of named analyst queries: ``.rq`` files in ``kg/data/queries`` with a header.

A header names the query and its parameters::

    # title: Entities two hops from an actor
    # description: ...
    # param: actor entity The actor to start from

Parameter kinds: ``entity`` (any label or alias, resolved to its IRI),
``iri`` (``kgr:...`` or a full IRI), ``literal`` and ``date``. Values are
bound to the query's variables, never pasted into its text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import XSD, Literal, URIRef

from ..errors import KGError
from ..model.profile import find_entity
from ..datafiles import data_path
from ..store.embedded import KGStore
from ..vocab import PREFIXES

__all__ = ["NamedQuery", "Param", "named_queries", "named_query", "bind_params", "UnknownQuery"]

_KINDS = ("entity", "iri", "literal", "date")


class UnknownQuery(KGError):
    """No named query has that name, or a parameter is wrong."""


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: its variable, kind and what it means."""

    name: str
    kind: str
    description: str

    @property
    def required(self) -> bool:
        """A parameter is required unless its description says "(optional)"."""
        return "(optional)" not in self.description


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its title, description, parameters and text."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default=())


def _parse(name: str, text: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key == "param":
            variable, kind, *words = value.split()
            if kind not in _KINDS:
                raise UnknownQuery(f"{name}.rq: parameter '{variable}' has kind '{kind}'; use one of {', '.join(_KINDS)}.")
            params.append(Param(variable, kind, " ".join(words)))
        elif key in ("title", "description"):
            meta[key] = value.strip()
    return NamedQuery(name, meta.get("title", name), meta.get("description", ""), text, tuple(params))


def named_queries() -> list[NamedQuery]:
    """Every named query that ships with the package, sorted by name."""
    folder = data_path("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return [_parse(f.name[:-3], f.read_text(encoding="utf-8")) for f in files]


def named_query(name: str) -> NamedQuery:
    """The named query called ``name``; an unknown name lists the known ones."""
    queries = {q.name: q for q in named_queries()}
    if name not in queries:
        raise UnknownQuery(f"No named query '{name}'; kg queries lists them: {', '.join(queries)}.")
    return queries[name]


def _value(store: KGStore, param: Param, raw: str) -> URIRef | Literal:
    if param.kind == "entity":
        return find_entity(store, raw)
    if param.kind == "iri":
        prefix, _, rest = raw.partition(":")
        if prefix in PREFIXES and not rest.startswith("//"):
            return URIRef(str(PREFIXES[prefix]) + rest)
        if raw.startswith(("http://", "https://", "urn:")):
            return URIRef(raw.strip("<>"))
        raise UnknownQuery(f"--param {param.name}={raw!r} is not an IRI; write kgr:... or a full https:// IRI.")
    if param.kind == "date":
        try:
            return Literal(dt.date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        except ValueError as err:
            raise UnknownQuery(f"--param {param.name}={raw!r} is not a date; write YYYY-MM-DD.") from err
    return Literal(raw)


def bind_params(store: KGStore, query: NamedQuery, raw: dict[str, str]) -> dict[str, URIRef | Literal]:
    """Turn ``--param name=value`` strings into terms bound to the query's variables."""
    known = {p.name: p for p in query.params}
    for name in raw:
        if name not in known:
            listed = ", ".join(known) or "none"
            raise UnknownQuery(f"'{query.name}' has no parameter '{name}'; its parameters: {listed}.")
    missing = [p.name for p in query.params if p.required and p.name not in raw]
    if missing:
        raise UnknownQuery(f"'{query.name}' needs --param {missing[0]}=…; see kg queries.")
    return {name: _value(store, known[name], value) for name, value in raw.items()}

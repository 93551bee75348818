"""The library's exceptions: one base class, one subclass per kind of problem.

Only the CLI turns them into messages and exit codes; each message names the
bad value and says how to fix it.
"""


class KGError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 2


class StoreNotFound(KGError):
    """The store path does not exist or holds no store."""


class StoreCorrupt(KGError):
    """The store path exists but cannot be read as a store."""


class StoreInUse(KGError):
    """Another process holds the store open for writing."""


class QuerySyntaxError(KGError):
    """A SPARQL query or update does not parse."""


class UpdateRefused(KGError):
    """A SPARQL update was sent where only queries are allowed."""


class QueryFailed(KGError):
    """A SPARQL query parsed but could not be evaluated."""


class UnsupportedFormat(KGError):
    """An output or input format the command does not know."""


class CurationError(KGError):
    """Curated data (YAML) is malformed; the message names file, entry and problem."""


class EntityNotFound(KGError):
    """No entity has the given label or alias."""


class BadFilter(KGError):
    """A filter value (relation, dates, hops) that names nothing in the graph."""


class BadRDF(KGError):
    """An RDF file that cannot be loaded: syntax error, unknown format, unreadable file."""


def one_line(text: object, limit: int = 240) -> str:
    """A message from a third-party parser folded onto one line and cut to ``limit`` characters."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"

"""Which remote endpoints a query or update may make kg contact: SERVICE and LOAD, off unless allowed.

A ``SERVICE <http://host/sparql>`` clause makes the engine send a request to
that address and relay the answer; ``LOAD <url>`` fetches a document. From an
endpoint that anyone can query, that is a way into the network behind it.
So both are refused unless the operator allowed the target's host
(``--allow-service HOST`` or ``HOST:PORT``). Targets are read from the query
text with strings, comments and IRIs told apart, so ``"SERVICE"`` in a
literal or ``?service`` is no call; an endpoint given as a variable or a
prefixed name cannot be checked and is refused.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from ..errors import KGError
from ..store.syntax import sparql_tokens

__all__ = ["ServiceRefused", "remote_targets", "check_remote_targets"]

class ServiceRefused(KGError):
    """A SERVICE or LOAD names an endpoint the operator has not allowed."""


def remote_targets(text: str) -> list[tuple[str, str | None]]:
    """``(keyword, IRI)`` for each SERVICE and LOAD in ``text``; the IRI is None when it is not written out."""
    tokens = sparql_tokens(text)
    found = []
    for place, token in enumerate(tokens):
        keyword = token.upper()
        if keyword not in ("SERVICE", "LOAD"):
            continue
        following = tokens[place + 1: place + 3]
        if following and following[0].upper() == "SILENT":
            following = following[1:]
        target = following[0] if following else ""
        found.append((keyword, target[1:-1] if target.startswith("<") and target.endswith(">") else None))
    return found


def _allowed(iri: str, allowed: Collection[str]) -> bool:
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    wanted = {entry.lower().rstrip("/") for entry in allowed}
    return host in wanted or f"{host}:{port}" in wanted


def check_remote_targets(text: str, allowed: Collection[str], option: str = "--allow-service") -> None:
    """Raise ``ServiceRefused`` unless every SERVICE and LOAD in ``text`` names an allowed host."""
    for keyword, iri in remote_targets(text):
        if iri is None:
            raise ServiceRefused(f"{keyword} with an endpoint that is not a full IRI (a variable or a prefixed name) "
                                 f"cannot be checked against the allowed hosts; write it as <http://host/...>.")
        if not _allowed(iri, allowed):
            what = "Federated queries (SERVICE)" if keyword == "SERVICE" else "LOAD from a URL"
            raise ServiceRefused(f"{what} to <{iri}> refused: kg contacts no endpoint on a caller's behalf unless "
                                 f"allowed; the operator can allow its host with {option} "
                                 f"{urlsplit(iri).netloc or 'HOST'}.")

"""What the endpoint hands a query worker and what the worker sends back (kg.serve.workers, kg.serve.protocol)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Job", "Answer"]


@dataclass
class Job:
    """One query for a worker."""

    query: str
    accept: str = "*/*"
    format: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_rows: int | None = None
    generation: int = 0
    version: str | None = None  # the store's version when the job was made (kg.cache); a worker on another reopens
    graph: str | None = None  # a Graph Store read instead of a query: a graph's IRI, or "" for the default graph


@dataclass
class Answer:
    """What a worker sends back: an HTTP status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    version: str | None = None  # the version of the store the worker answered from (None for a server)

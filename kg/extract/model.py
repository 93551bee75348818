"""What an extractor proposes: mentions, new entities and claims, with offsets into the original text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Mention:
    """A span of the original text that names an entity (``entity`` is an IRI, or ``new:NAME``)."""

    start: int
    end: int
    entity: str
    text: str
    type: str = ""


@dataclass(frozen=True)
class NewEntity:
    """An actor the graph does not know yet, with the type guessed from cues in the text."""

    key: str
    name: str
    type: str
    lang: str


@dataclass
class Proposal:
    """One candidate claim and its evidence."""

    subject: str
    relation: str
    object: str
    start: int
    end: int
    quote: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)
    attribution: str = ""
    polarity: str = ""
    negated: bool = False
    hypothetical: bool = False
    rule: str = ""

    @property
    def triple(self) -> tuple[str, str, str]:
        """(subject, relation, object) as ids."""
        return self.subject, self.relation, self.object


def conventional(relation: str, object_type: str, negated: bool) -> tuple[str, bool]:
    """A claim's relation and negation as kg's relations record them, on every extraction path: not
    approving is a ban (of a policy, opposing it), and restricting a policy is tightening it, a stance
    for it ("Washington tightened export controls")."""
    if relation == "approves" and negated:
        return ("opposes" if object_type == "Policy" else "restricts"), False
    if relation == "restricts" and object_type == "Policy":
        return "supports", negated
    return relation, negated


class Extractor(Protocol):
    """Anything that turns an article into proposals.

    ``mentioned`` holds the IRIs of the graph's entities that the last text named.
    """

    mentioned: list[str]

    def extract(self, text: str, lang: str) -> tuple[list[Proposal], list[NewEntity]]:
        """Proposals and the new entities they use, for ``text`` in ``lang`` (``ar`` or ``en``)."""
        ...

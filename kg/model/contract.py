"""The data contract in one place: which claims are shown, which are relations, and when a claim held.

A claim with no review status or status ``kg:Accepted`` is *visible*; a
rejected (or still proposed) claim is kept only so that ``kg ingest --again``
does not propose it again, and no read path shows, counts, draws, exports,
analyses or serves it. A visible claim that is not negated is a *relation*;
a negated one is shown only marked as negated.

Every read path asks this module: Python code through ``is_visible`` and
``is_relation``, SPARQL through the two patterns below (``tests`` check that
every named query over claims carries one of them, word for word).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

__all__ = ["ACCEPTED", "HIDDEN_STATUSES", "hidden_claims", "hidden_ends", "visible_claim_count", "is_visible", "is_relation", "VISIBLE_CLAIM", "RELATION_CLAIM", "claim_window", "overlaps"]

ACCEPTED = "https://w3id.org/chipkg/ontology#Accepted"
#: The review statuses that hide a claim (the ontology has these three: Accepted, Proposed, Rejected).
HIDDEN_STATUSES = ("https://w3id.org/chipkg/ontology#Proposed", "https://w3id.org/chipkg/ontology#Rejected")

#: SPARQL: drop the claims in ``?claim`` that are rejected or not yet accepted.
VISIBLE_CLAIM = "MINUS { ?claim kg:reviewStatus ?reviewStatus FILTER(?reviewStatus != kg:Accepted) }"
#: SPARQL: drop, in addition, the negated claims: what is left are relations.
RELATION_CLAIM = VISIBLE_CLAIM + "\n  MINUS { ?claim kg:negated ?isNegated FILTER(?isNegated = true) }"


def is_visible(status: str | None) -> bool:
    """True for a claim an analyst may see: no review status, or accepted."""
    return status is None or status == ACCEPTED


def is_relation(status: str | None, negated: bool) -> bool:
    """True for a claim that is a relation: visible and not negated."""
    return is_visible(status) and not negated


def claim_window(own_start: dt.date | None, own_end: dt.date | None, era_start: dt.date | None,
                 era_end: dt.date | None, issued: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """When a claim held: its own dates, else its era's, with an open end clipped to the article's date.

    An article attests nothing after it was published, so an open-ended era
    (an administration still in office) or an open own start ends, for the
    claim, on the article's date. A claim with no time at all held on the
    article's date. Unknown stays None (open).
    """
    if own_start or own_end:
        start, end = own_start, own_end
    elif era_start or era_end:
        start, end = era_start, era_end
    else:
        return issued, issued
    if issued is not None:
        if end is None or end > issued:
            end = max(issued, start) if start else issued
    return start, end


def overlaps(start: dt.date | None, end: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    """True when [start, end] (None: open) meets the window [since, until] (None: open)."""
    if since is not None and end is not None and end < since:
        return False
    if until is not None and start is not None and start > until:
        return False
    return True


def hidden_claims(store) -> set[str]:
    """IRIs of the claims no read path shows (rejected or not yet accepted), found through the index."""
    import pyoxigraph as ox

    status = ox.NamedNode("https://w3id.org/chipkg/ontology#reviewStatus")
    return {q.subject.value for value in HIDDEN_STATUSES for q in store.quads_matching(None, status, ox.NamedNode(value))}


_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
_OBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"


def hidden_ends(store, hidden: set[str]) -> dict[str, Counter]:
    """For the ``hidden`` claims, how many name each entity as ``rdf:subject`` and as ``rdf:object``
    (``{predicate IRI: Counter}``), read in one pass, however many entities are counted after."""
    ends: dict[str, Counter] = {_SUBJECT: Counter(), _OBJECT: Counter()}
    if hidden:
        for pairs in store.describe_many(sorted(hidden), [_SUBJECT, _OBJECT]).values():
            for predicate, value in pairs:
                ends[predicate][value.value] += 1
    return ends


def visible_claim_count(store, iri: str, predicate: str, ends: dict[str, Counter]) -> int:
    """Claims whose ``predicate`` (rdf:subject or rdf:object) is ``iri``, less the hidden ones (``hidden_ends``)."""
    import pyoxigraph as ox

    return store.count_matching(None, ox.NamedNode(predicate), ox.NamedNode(iri)) - ends[predicate][iri]

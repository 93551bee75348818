"""The results of ``kg analyze`` as plain records: what its table, CSV and JSON all carry.

Each function takes an analysis result and a ``label(iri)`` function and
returns a document, ``{section: [record, ...]}``. A record names every entity
by its label and, beside it, its IRI (``actor`` and ``actor_iri``). JSON
prints the document as it is; CSV prints one table with a ``section`` column
(lists joined by "; "); the table prints each section in words. Pairs are
ordered by label, so the same graph gives the same output.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from .discourse import CoalitionReport, Stance, Timeline, dual_sign

__all__ = ["coalition_document", "centrality_document", "timeline_document", "polarization_document", "as_csv"]

Label = Callable[[str], str]


def _named(key: str, iri: str, label: Label) -> dict:
    return {key: label(iri), f"{key}_iri": iri}


def _side(sign: int) -> str:
    return "for" if sign > 0 else "against"


def coalition_document(report: CoalitionReport, label: Label) -> dict[str, list[dict]]:
    """Coalitions (members, line, claims), conflicts (pairs, weight, claims) and dual positions (evidence)."""
    coalitions = []
    for number, coalition in enumerate(report.coalitions, start=1):
        side, issue = coalition.name.split(" ", 1)
        coalitions.append({"coalition": number, "side": side, **_named("issue", issue, label),
                           "line": f"{side} {label(issue)}", "members": [label(m) for m in coalition.members],
                           "member_iris": list(coalition.members), "claims": len(coalition.claims),
                           "claim_iris": list(coalition.claims)})
    conflicts = []
    for a, b, data in report.conflict.edges(data=True):
        first, second = sorted((a, b), key=lambda iri: (label(iri), iri))
        conflicts.append({**_named("actor", first, label), **_named("other", second, label),
                          "weight": data["weight"], "claim_iris": sorted(set(data["claims"]))})
    conflicts.sort(key=lambda r: (r["actor"], r["other"], r["actor_iri"], r["other_iri"]))
    dual = []
    for actor, claims in sorted(report.dual.items(), key=lambda item: (label(item[0]), item[0])):
        evidence = sorted(({"relation": c.relation, **_named("object", c.object, label),
                            "side": "cooperates" if dual_sign(c) > 0 else "acts against", "claim_iri": c.iri}
                           for c in claims), key=lambda r: (r["side"], r["relation"], r["object"], r["claim_iri"]))
        dual.append({**_named("actor", actor, label), "evidence": evidence})
    return {"coalitions": coalitions, "conflicts": conflicts, "dual_positions": dual}


def centrality_document(ranked: list[tuple[str, float, bool]], measure: str, label: Label) -> dict[str, list[dict]]:
    """Actors ranked, with the measure's value and whether each is a broker (a boolean)."""
    return {"actors": [{"rank": i, **_named("actor", actor, label), "measure": measure, "value": value,
                        "broker": broker} for i, (actor, value, broker) in enumerate(ranked, start=1)]}


def _stance_record(stance: Stance, label: Label) -> dict:
    return {"side": _side(stance.sign), **_named("actor", stance.actor, label),
            "date": stance.claim.start.isoformat() if stance.claim.start else "", "claim_iri": stance.claim.iri}


def timeline_document(result: Timeline, label: Label) -> dict[str, list[dict]]:
    """Claims in time order (with the stance each takes) and the shifts, each with its two claims."""
    stance_of = {s.claim.iri: s for s in result.stances}
    claims = []
    for claim in result.claims:
        stance = stance_of.get(claim.iri)
        claims.append({"date": claim.start.isoformat() if claim.start else "",
                       "end": claim.end.isoformat() if claim.end else "", **_named("actor", claim.actor, label),
                       "relation": claim.relation, **_named("object", claim.object, label),
                       "stance": f"{_side(stance.sign)} {label(stance.issue)}" if stance else "",
                       "issue_iri": stance.issue if stance else "", "claim_iri": claim.iri})
    shifts = [{**_named("actor", shift.actor, label), **_named("issue", shift.issue, label),
               "before": _stance_record(shift.before, label), "after": _stance_record(shift.after, label)}
              for shift in result.shifts]
    return {"claims": claims, "shifts": shifts}


def polarization_document(rows: list[dict], label: Label) -> dict[str, list[dict]]:
    """Per issue and window: the actors counted, the opposed-pair share, and who is on each side."""
    return {"issues": [{**_named("issue", r["issue"], label), "window": r["window"], "actors": r["actors"],
                        "polarization": r["polarization"], "for": [label(a) for a in r["for"]],
                        "for_iris": list(r["for"]), "against": [label(a) for a in r["against"]],
                        "against_iris": list(r["against"])} for r in rows]}


def _flat(record: dict, prefix: str = "") -> dict[str, object]:
    """A record with nested records spread into prefixed columns (``before_actor``) and lists joined."""
    flat: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}_"))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            continue  # nested lists (a dual position's evidence) become rows of their own
        elif isinstance(value, list):
            flat[prefix + key] = "; ".join(map(str, value))
        elif isinstance(value, bool):
            flat[prefix + key] = "true" if value else "false"
        else:
            flat[prefix + key] = value
    return flat


def as_csv(document: dict[str, list[dict]]) -> str:
    """One CSV table of every section: a ``section`` column, then the union of the sections' columns.

    A record's list of records (a dual position's evidence) gives one row per
    item, under the section's name with ``_evidence`` added.
    """
    rows: list[dict[str, object]] = []
    for section, records in document.items():
        for record in records:
            flat = _flat(record)
            rows.append({"section": section, **flat})
            for key, value in record.items():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    rows += [{"section": f"{section}_{key}", **{k: v for k, v in flat.items() if k.endswith(("actor", "actor_iri"))},
                              **_flat(item)} for item in value]
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns or ["section"], lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()

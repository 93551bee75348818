"""Discourse network analysis on the graph: coalitions, conflicts, brokers, shifts and polarization.

Every analysis starts from a named SPARQL query (``analysis-claims``,
``analysis-structure``, ``analysis-edges`` in ``kg/data/queries``) and
continues with networkx, so a result can be reproduced outside the tool.

Stances: a claim about a policy or issue counts +1 when it supports or
approves it and -1 when it opposes, criticizes or restricts it (its
polarity, when set, decides). Supporting a policy counts as opposing every
policy ``kg:contraryTo`` it, so all stances on a pair are read on one issue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from ..options import CENTRALITY_MEASURES
from ..model.contract import claim_window, overlaps
from ..errors import KGError
from ..store.labels import LabelIndex, short_name
from ..query.named import named_query
from ..model.profile import find_entity
from ..store.embedded import KGStore

__all__ = ["Stance", "Coalition", "CoalitionReport", "Shift", "Timeline", "stances", "coalitions", "centrality",
           "timeline", "polarization", "MEASURES"]

MEASURES = CENTRALITY_MEASURES
_SIGN = {"supports": 1, "approves": 1, "opposes": -1, "criticizes": -1, "restricts": -1}
_COOPERATIVE = {"supports", "approves", "buys", "sells", "lobbies", "leads", "affiliatedWith", "advises", "produces"}
_CONFLICTUAL = {"opposes", "criticizes", "restricts", "smuggles"}


@dataclass(frozen=True)
class Claim:
    """One claim as the analyses read it."""

    iri: str
    actor: str
    relation: str
    object: str
    polarity: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class Stance:
    """An actor's +1 / -1 position on an issue, read from one claim."""

    claim: Claim
    actor: str
    issue: str
    sign: int


@dataclass
class Coalition:
    """Actors whose stances agree, the line that binds them, and the claims behind it."""

    name: str
    members: list[str]
    claims: list[str]


@dataclass
class CoalitionReport:
    """Coalitions, the congruence and conflict networks, and actors holding a dual position."""

    coalitions: list[Coalition]
    congruence: nx.Graph
    conflict: nx.Graph
    dual: dict[str, list[Claim]] = field(default_factory=dict)


@dataclass(frozen=True)
class Shift:
    """A reversal of an actor's (or a government's) stance on an issue, with the two claims that show it."""

    actor: str
    issue: str
    before: Stance
    after: Stance


@dataclass
class Timeline:
    """Claims in time order and the shifts among them."""

    claims: list[Claim]
    stances: list[Stance]
    shifts: list[Shift]


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def claims(store: KGStore, since: dt.date | None = None, until: dt.date | None = None) -> list[Claim]:
    """Accepted, non-negated claims (named query ``analysis-claims``) whose time overlaps the window."""
    found = {}
    for row in store.solutions(named_query("analysis-claims").text, keep=True):
        iri, actor, relation, obj, polarity, start, end, era_start, era_end, issued = (row[i] for i in range(10))
        if iri.value in found:
            continue
        first, last = claim_window(_date(start), _date(end), _date(era_start), _date(era_end), _date(issued))
        if not overlaps(first, last, since, until):
            continue
        found[iri.value] = Claim(iri.value, actor.value, short_name(relation.value), obj.value,
                                 short_name(polarity.value).lower() if polarity is not None else "", first, last)
    return sorted(found.values(), key=lambda c: (c.start or dt.date.min, c.iri))


@dataclass
class _Structure:
    contrary: dict[str, set[str]]
    part_of: dict[str, str]
    makers: dict[str, set[str]]
    types: dict[str, str]

    def government(self, actor: str) -> str:
        """The state (or top body) an office belongs to: the Biden administration → the United States."""
        seen = set()
        while actor in self.part_of and actor not in seen:
            seen.add(actor)
            actor = self.part_of[actor]
        return actor


def _structure(store: KGStore) -> _Structure:
    contrary: dict[str, set[str]] = defaultdict(set)
    part_of, makers, types = {}, defaultdict(set), {}
    for a, link, b in store.solutions(named_query("analysis-structure").text, keep=True):
        if link.value == "contrary":
            contrary[a.value].add(b.value)
            contrary[b.value].add(a.value)
        elif link.value == "part":
            part_of[a.value] = b.value
        elif link.value == "produces":
            makers[b.value].add(a.value)
        else:
            types.setdefault(a.value, short_name(b.value))
    return _Structure(contrary, part_of, makers, types)


def _canonical(issues: set[str], structure: _Structure, counts: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Each issue mapped to (the issue its contrary group is read on, +1 or -1)."""
    mapping = {}
    for issue in issues | set(structure.contrary):
        group = {issue} | structure.contrary.get(issue, set())
        head = max(sorted(group), key=lambda i: counts.get(i, 0))
        mapping[issue] = (head, 1 if issue == head else -1)
    return mapping


def stances(store: KGStore, since: dt.date | None = None, until: dt.date | None = None,
            structure: _Structure | None = None, all_claims: list[Claim] | None = None) -> list[Stance]:
    """Every stance on a policy or issue, contrary policies folded onto one issue."""
    structure = structure or _structure(store)
    all_claims = all_claims if all_claims is not None else claims(store, since, until)
    found = [c for c in all_claims if structure.types.get(c.object) == "Policy"
             and (c.relation in _SIGN or c.polarity)]
    counts: dict[str, int] = defaultdict(int)
    for claim in found:
        counts[claim.object] += 1
    mapping = _canonical({c.object for c in found}, structure, counts)
    result = []
    for claim in found:
        sign = {"support": 1, "oppose": -1}.get(claim.polarity, _SIGN.get(claim.relation, 0))
        issue, flip = mapping[claim.object]
        if sign:
            result.append(Stance(claim, claim.actor, issue, sign * flip))
    return result


def _issue_group(issue: str, structure: _Structure) -> set[str]:
    """An issue and the policies contrary to it: the stances on all of them are read as one issue."""
    return {issue} | structure.contrary.get(issue, set())


def _on_issue(all_stances: list[Stance], issue: str, structure: _Structure) -> list[Stance]:
    """The stances on ``issue`` or a policy contrary to it, each read as for or against ``issue`` itself."""
    group = _issue_group(issue, structure)
    return [Stance(s.claim, s.actor, issue, s.sign if s.issue == issue else -s.sign)
            for s in all_stances if s.claim.object in group]


def _resolve(store: KGStore, name: str | None) -> str | None:
    return str(find_entity(store, name)) if name else None


def coalitions(store: KGStore, issue: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None) -> CoalitionReport:
    """Congruence and conflict networks of actors, and coalitions as communities of the congruence network."""
    structure = _structure(store)
    all_claims = claims(store, since, until)
    all_stances = stances(store, since, until, structure, all_claims)
    wanted = _resolve(store, issue)
    if wanted:  # the issue and its contrary policies, read as one
        all_stances = _on_issue(all_stances, wanted, structure)
        on_issue = {s.actor for s in all_stances}
        all_claims = [c for c in all_claims if c.actor in on_issue]  # conflicts and dual positions of its actors
    congruence, conflict = nx.Graph(), nx.Graph()
    by_issue: dict[str, list[Stance]] = defaultdict(list)
    for stance in all_stances:
        by_issue[stance.issue].append(stance)
        congruence.add_node(stance.actor)
    for issue_stances in by_issue.values():
        for a, b in combinations(issue_stances, 2):
            if a.actor == b.actor:
                continue
            _add_to_edge(congruence if a.sign == b.sign else conflict, a.actor, b.actor, [a.claim.iri, b.claim.iri])
    for claim in all_claims:
        if claim.relation in ("criticizes", "opposes", "restricts") and structure.types.get(claim.object, "") not in ("Policy", "Chip", "Product", ""):
            if wanted and claim.object not in on_issue:
                continue
            _add_to_edge(conflict, claim.actor, claim.object, [claim.iri])
    groups = nx.community.greedy_modularity_communities(congruence, weight="weight") if congruence.number_of_edges() else []
    stances_of: dict[str, list[tuple[int, Stance]]] = defaultdict(list)  # by actor, with their place in all_stances
    for place, stance in enumerate(all_stances):
        stances_of[stance.actor].append((place, stance))
    result = []
    for members in sorted((sorted(g) for g in groups if len(g) > 1), key=lambda g: (-len(g), g)):
        binding = [stance for _, stance in sorted(pair for m in members for pair in stances_of[m])]
        lines: dict[tuple[str, int], int] = defaultdict(int)
        for stance in binding:
            lines[(stance.issue, stance.sign)] += 1
        (issue_iri, sign), _ = max(sorted(lines.items()), key=lambda item: item[1])
        result.append(Coalition(name=f"{'for' if sign > 0 else 'against'} {issue_iri}", members=members,
                                claims=sorted({s.claim.iri for s in binding if s.issue == issue_iri and s.sign == sign})))
    return CoalitionReport(result, congruence, conflict, _dual_positions(all_claims, structure))


def _add_to_edge(graph: nx.Graph, a: str, b: str, claims: list[str]) -> None:
    """One more weight on the edge a–b and its claims, in place (copying the claim list each time was quadratic)."""
    if graph.has_edge(a, b):
        data = graph[a][b]
        data["weight"] += 1
        data["claims"].extend(claims)
    else:
        graph.add_edge(a, b, weight=1, claims=list(claims))


def _dual_positions(all_claims: list[Claim], structure: _Structure) -> dict[str, list[Claim]]:
    """Actors that both cooperate with and act against the same company or its products."""
    def cluster(entity: str) -> str:
        makers = sorted(structure.makers.get(entity, ()))
        return makers[0] if makers else entity

    signs: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_actor: dict[str, list[Claim]] = defaultdict(list)
    for claim in all_claims:
        by_actor[claim.actor].append(claim)
        sign = dual_sign(claim)
        if sign and structure.types.get(claim.object) in ("Company", "Chip", "Product"):
            signs[(claim.actor, cluster(claim.object))].add(sign)
    torn: dict[str, set[str]] = defaultdict(set)
    for (actor, target), found in sorted(signs.items()):
        if found == {1, -1}:
            torn[actor].add(target)
    dual = {}
    for actor, targets in sorted(torn.items()):  # claims grouped once: a scan per actor was quadratic (370 s at 10M)
        dual[actor] = [c for c in by_actor[actor] if cluster(c.object) in targets and dual_sign(c)]
    return dual


def dual_sign(claim: Claim) -> int:
    """+1 for cooperating with a company or product, -1 for acting against it, 0 for neither."""
    return {"support": 1, "oppose": -1}.get(claim.polarity) or (
        1 if claim.relation in _COOPERATIVE else -1 if claim.relation in _CONFLICTUAL else 0)


def centrality(store: KGStore, measure: str = "degree", relations: tuple[str, ...] = ()) -> list[tuple[str, float, bool]]:
    """Actors ranked by ``measure`` on the direct-edge network (optionally one relation family), brokers flagged."""
    if measure not in MEASURES:
        raise KGError(f"Unknown measure '{measure}'; use one of: {', '.join(MEASURES)}.")
    from ..network.select import parse_relations

    wanted = {str(r) for r in parse_relations(relations)} if relations else None
    structure = _structure(store)
    graph = nx.Graph()
    for source, relation, target in store.solutions(named_query("analysis-edges").text, keep=True):
        if wanted and relation.value not in wanted:
            continue
        weight = graph.get_edge_data(source.value, target.value, {"weight": 0})["weight"]
        graph.add_edge(source.value, target.value, weight=weight + 1)
    if graph.number_of_nodes() == 0:
        return []
    if measure == "degree":
        values = nx.degree_centrality(graph)
    elif measure == "betweenness":
        values = nx.betweenness_centrality(graph)
    elif measure == "pagerank":
        values = nx.pagerank(graph, weight="weight")
    else:
        values = nx.eigenvector_centrality(graph, max_iter=2000, weight="weight")
    betweenness = values if measure == "betweenness" else nx.betweenness_centrality(graph)
    membership = {a: i for i, c in enumerate(coalitions(store).coalitions) for a in c.members}
    actors = {e for e, t in structure.types.items() if t not in ("Policy", "Chip", "Product")}
    ranked = []
    for node, value in values.items():
        if node not in actors:
            continue
        reached = {membership[n] for n in nx.ego_graph(graph, node, radius=1) if n in membership}
        broker = betweenness.get(node, 0) > 0 and len(reached) >= 2
        ranked.append((node, round(value, 4), broker))
    return sorted(ranked, key=lambda r: (-r[1], r[0]))


def timeline(store: KGStore, actor: str | None = None, issue: str | None = None) -> Timeline:
    """An actor's (with its offices and administrations) or an issue's claims in time order, and the shifts."""
    if not actor and not issue:
        raise KGError("Give an actor (kg analyze timeline ACTOR) or --issue ISSUE.")
    structure = _structure(store)
    actor_iri, issue_iri = _resolve(store, actor), _resolve(store, issue)
    all_claims = claims(store)
    all_stances = stances(store, structure=structure, all_claims=all_claims)
    if actor_iri:
        group = {a for a in set(structure.types) if structure.government(a) == structure.government(actor_iri)} | {actor_iri}
        if structure.government(actor_iri) != actor_iri:
            group = {actor_iri}  # an office's own timeline; its state's covers all its offices
        chosen = [c for c in all_claims if c.actor in group]
        chosen_stances = [s for s in all_stances if s.actor in group]
    else:
        group = _issue_group(issue_iri, structure)
        chosen_stances = [s for s in all_stances if s.claim.object in group]
        keep = {s.claim.iri for s in chosen_stances}
        chosen = [c for c in all_claims if c.iri in keep]
    shifts = []
    by_key: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for stance in sorted(chosen_stances, key=lambda s: (s.claim.start or dt.date.min, s.claim.iri)):
        by_key[(structure.government(stance.actor), stance.issue)].append(stance)
    for (government, issue_key), sequence in sorted(by_key.items()):
        for before, after in zip(sequence, sequence[1:]):
            if before.sign != after.sign and before.claim.start != after.claim.start:
                shifts.append(Shift(government, issue_key, before, after))
    return Timeline(chosen, chosen_stances, shifts)


def polarization(store: KGStore, issue: str | None = None, since: dt.date | None = None,
                 until: dt.date | None = None) -> list[dict]:
    """Opposed-pair share per issue and window: of the pairs of actors with a stance, the share on opposite sides.

    Windows: the whole period, and each year in which claims start (or the
    --since/--until window alone when given). An actor's stance in a window
    is the sign of the sum of its stances there.
    """
    structure = _structure(store)
    all_stances = stances(store, since, until, structure)
    wanted = _resolve(store, issue)
    if wanted:
        all_stances = _on_issue(all_stances, wanted, structure)
    windows: list[tuple[str, dt.date | None, dt.date | None]] = [("all", since, until)]
    if not since and not until:
        years = sorted({s.claim.start.year for s in all_stances if s.claim.start})
        windows += [(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    rows = []
    for issue_iri in sorted({s.issue for s in all_stances}):
        for name, start, end in windows:
            net: dict[str, int] = defaultdict(int)
            for stance in all_stances:
                if stance.issue != issue_iri:
                    continue
                first, last = stance.claim.start, stance.claim.end
                if start and last and last < start or end and first and first > end:
                    continue
                net[stance.actor] += stance.sign
            sides = {a: (1 if v > 0 else -1) for a, v in net.items() if v}
            pairs = len(sides) * (len(sides) - 1) // 2
            opposed = sum(1 for a, b in combinations(sorted(sides), 2) if sides[a] != sides[b])
            if not sides and name != "all":
                continue
            rows.append({"issue": issue_iri, "window": name, "actors": len(sides),
                         "for": sorted(a for a, s in sides.items() if s > 0),
                         "against": sorted(a for a, s in sides.items() if s < 0),
                         "polarization": round(opposed / pairs, 3) if pairs else 0.0})
    return rows


def label_all(store: KGStore, lang: str = "en") -> LabelIndex:
    """Every label, read now, for printing analysis results after the store is closed."""
    return LabelIndex(store, lang).preload()

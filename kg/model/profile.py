"""Find an entity by any of its names and describe it: type, labels, and every claim in and out."""

from __future__ import annotations

import itertools
import re

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from .contract import hidden_claims, hidden_ends, is_visible, visible_claim_count
from ..errors import EntityNotFound
from ..store.labels import LabelIndex, short_name
from ..store.embedded import KGStore
from ..words import normalize
from ..vocab import KGR

__all__ = ["find_entity", "entity_profile", "format_profile", "relation_line", "arrow", "profile_document", "attribution_text", "Profile", "ClaimView"]

_SOURCE = "https://w3id.org/chipkg/ontology#source"
_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
_RDF_OBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"

_ENTITY = """
SELECT ?entity ?class ?property ?value WHERE {
  { ?entity a ?class . ?class rdfs:subClassOf* kg:Entity . }
  UNION { ?entity ?property ?value . FILTER(?property IN (skos:prefLabel, skos:altLabel, rdfs:comment, kg:startDate, kg:endDate)) }
}
"""

def find_entity(store: KGStore, name: str) -> URIRef:
    """The entity whose label or alias matches ``name`` in any language (or whose id is ``name``).

    Matching ignores case, Arabic letter variants and diacritics. An unknown
    name raises ``EntityNotFound`` listing the closest names.
    """
    exact = _exact(store, name)
    if exact is not None:
        return exact
    from .search import PREFIX_SCORE, entity_names, search

    names = entity_names(store)  # read once: the exact match below and the ranked suggestions share them
    by_key: dict[str, set[URIRef]] = {}
    for iri, label in names:
        by_key.setdefault(normalize(label), set()).add(URIRef(iri))
        by_key.setdefault(iri[len(str(KGR)):], set()).add(URIRef(iri))
    wanted = normalize(name.removeprefix("kgr:"))
    matches = by_key.get(wanted) or by_key.get(name.removeprefix(str(KGR)))
    if matches and len(matches) == 1:
        return next(iter(matches))
    if matches:
        options = ", ".join(sorted(str(m)[len(str(KGR)):] for m in matches))
        raise EntityNotFound(f"'{name}' names several entities ({options}); give one of these ids instead.")
    found = search(store, name, limit=5, counts=False, names=names)
    explicit = name.startswith(("kgr:", "http://", "https://"))  # an id or IRI is never widened to a partial name
    if found and not explicit and found[0].score >= PREFIX_SCORE and (len(found) == 1 or found[1].score < PREFIX_SCORE):
        return found[0].iri  # the one entity whose name starts with the words given ("Jensen")
    close = list(dict.fromkeys(m.label for m in found))
    hint = f" Closest: {', '.join(close)}." if close else " Try kg search TEXT to look names up."
    raise EntityNotFound(f"No entity is called '{name}'.{hint}")


def _exact(store: KGStore, name: str) -> URIRef | None:
    """The entity whose id, or one of whose labels as written, is ``name``, found through the index."""
    from .schema import Ontology

    slug = name.removeprefix("kgr:").removeprefix(str(KGR))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    if Ontology.is_slug(slug) and next(iter(store.quads_matching(ox.NamedNode(str(KGR[slug])), rdf_type)), None):
        return KGR[slug]
    found = set()
    for lang in ("en", "ar", "zh", None):
        for subject in store.subjects_with_label(name, lang):
            found.add(URIRef(subject))
    return next(iter(found)) if len(found) == 1 else None


@dataclass
class ClaimView:
    """One claim as a profile shows it."""

    iri: URIRef
    direction: str  # "out" or "in"
    relation: str
    other: str
    quote: str
    translation: str | None
    source: str
    url: str | None
    when: str | None
    polarity: str | None
    confidence: str | None
    attributed_to: list[str] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    other_iri: str = ""

    def ends(self, label: str) -> tuple[str, str]:
        """(subject, object) labels, given the profiled entity's ``label``."""
        return (label, self.other) if self.direction == "out" else (self.other, label)


def arrow(rtl: bool = False) -> str:
    """The arrow after a relation's name, pointing from subject to object in the reading direction."""
    return "←" if rtl else "→"


def relation_line(subject: str, obj: str, relation: str, rtl: bool = False) -> str:
    """A relation with its direction, the one way every view writes it: ``A —lobbies→ B``. In
    right-to-left text the subject stands on the right, so the arrow points left, to the object."""
    return f"{subject} —{relation}{arrow(rtl)} {obj}"


@dataclass
class Profile:
    """Everything ``kg show`` prints about one entity."""

    iri: URIRef
    label: str
    types: list[str]
    labels: dict[str, str]
    aliases: list[str]
    description: str | None
    period: str | None
    claims: list[ClaimView]
    total_out: int = 0
    total_in: int = 0


def _when(labels: LabelIndex, era: object, start: object, end: object) -> str | None:
    parts = []
    if era is not None:
        parts.append(labels.label(era))
    if start is not None or end is not None:
        parts.append(f"{start or '…'} – {end or '…'}" if end is not None else f"from {start}")
    return ", ".join(parts) or None


def entity_profile(store: KGStore, iri: URIRef, lang: str = "en", limit: int | None = 50) -> Profile:
    """Type, labels, aliases and the claims in and out of one entity (``limit`` each way, None for all;
    past the limit, which claims are shown follows the store's index order).

    Claims are found and read through the index, so a profile costs the same
    however large the graph is around it.
    """
    labels = LabelIndex(store, lang)
    types, pref, aliases, comments, dates = set(), {}, [], {}, {}
    for row in store.query(_ENTITY, {"entity": iri}):
        if row["class"] is not None:
            types.add(labels.label(row["class"]))
        elif row.property.endswith("prefLabel"):
            pref[row.value.language or ""] = str(row.value)
        elif row.property.endswith("altLabel"):
            aliases.append(f"{row.value} ({row.value.language})" if row.value.language else str(row.value))
        elif row.property.endswith("comment"):
            comments[row.value.language or ""] = str(row.value)
        else:
            dates[str(row.property).rsplit("#", 1)[-1]] = str(row.value)
    if not types:
        raise EntityNotFound(f"{iri} is not an entity of this graph; look it up with kg show NAME.")
    node = ox.NamedNode(str(iri))
    shown, totals = {}, {}
    hidden = hidden_claims(store)  # rejected and unreviewed claims are never shown or counted (kg.contract)
    ends = hidden_ends(store, hidden) if limit else None
    for direction, predicate in (("out", _RDF_SUBJECT), ("in", _RDF_OBJECT)):
        matches = (q.subject.value for q in store.quads_matching(None, ox.NamedNode(predicate), node))
        visible = (claim for claim in matches if claim not in hidden)
        if limit:  # a hub has tens of thousands of claims: count them, read only the first ``limit`` in index order
            shown[direction] = sorted(set(itertools.islice(visible, limit)))
            totals[direction] = visible_claim_count(store, str(iri), predicate, ends)
        else:
            shown[direction] = sorted(set(visible))
            totals[direction] = len(shown[direction])
    described, sources = read_claims(store, sorted({claim for claim_iris in shown.values() for claim in claim_iris}), labels)
    views = []
    for direction, claim_iris in shown.items():
        for claim in claim_iris:
            view = _claim_view(labels, described[claim], sources, claim, direction, lang)
            if view is not None:
                views.append(view)
    period = None
    if dates:
        period = f"{dates.get('startDate', '…')} – {dates.get('endDate', '…')}"
    claims = sorted(views, key=lambda c: (c.direction != "out", c.relation, c.other, str(c.iri)))
    return Profile(
        iri=iri,
        label=labels.label(iri),
        types=sorted(types),
        labels=dict(sorted(pref.items())),
        aliases=sorted(aliases),
        description=comments.get(lang) or comments.get("en"),
        period=period,
        claims=claims,
        total_out=totals["out"],
        total_in=totals["in"],
    )


def read_claims(store: KGStore, claims: list[str], labels: LabelIndex, known: dict[str, list] | None = None
                ) -> tuple[dict[str, list], dict[str, list]]:
    """The (predicate, object) pairs of each claim and of each claim's source, read in bulk, with the
    labels of what they point to looked up ahead (one round trip per few hundred on a SPARQL server).
    Claims in ``known`` (pairs already read) are not read again."""
    known = known or {}
    described = {**store.describe_many([c for c in claims if c not in known]),
                 **{c: known[c] for c in claims if c in known}}
    sources = store.describe_many(sorted({v.value for pairs in described.values() for p, v in pairs if p == _SOURCE}))
    labels.prefetch({URIRef(v.value) for pairs in described.values() for _, v in pairs if isinstance(v, ox.NamedNode)})
    return described, sources


def _claim_view(labels: LabelIndex, described: list, sources: dict[str, list], claim: str, direction: str,
                lang: str) -> ClaimView | None:
    """One claim from its (predicate, object) pairs and its sources' pairs, or None when it lacks the statement layer's core."""
    facts: dict[str, list] = {}
    for predicate, value in described:
        facts.setdefault(predicate.rsplit("#", 1)[-1], []).append(value)
    if not all(facts.get(k) for k in ("subject", "predicate", "object", "quote")) or "Claim" not in {
            short_name(t.value) for t in facts.get("type", [])}:
        return None
    if not is_visible(facts["reviewStatus"][0].value if facts.get("reviewStatus") else None):
        return None
    first = lambda key: facts[key][0] if facts.get(key) else None  # noqa: E731
    source = first("source")
    source_facts = {p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: v for p, v in sources[source.value]} if source else {}
    url = source_facts.get("url")
    other = first("object") if direction == "out" else first("subject")
    start, end, era = first("startDate"), first("endDate"), first("era")
    attributed = attribution_text(sorted(labels.label(URIRef(v.value)) for v in facts.get("attributedTo", [])),
                                  {getattr(v, "language", "") or "": v.value for v in facts.get("attribution", [])}.get(lang))
    return ClaimView(
        iri=URIRef(claim),
        direction=direction,
        relation=labels.label(URIRef(first("predicate").value)),
        other=labels.label(URIRef(other.value)),
        other_iri=other.value,
        quote=first("quote").value,
        translation=first("quoteTranslation").value if first("quoteTranslation") else None,
        source=_english_title(sources[source.value], source.value) if source else "",
        url=url.value if url is not None and url.value.startswith(("http://", "https://")) else None,
        when=_when(labels, URIRef(era.value) if era else None, start.value if start else None, end.value if end else None),
        polarity=labels.label(URIRef(first("polarity").value)) if first("polarity") else None,
        confidence=first("confidence").value if first("confidence") else None,
        attributed_to=attributed,
        negated=first("negated") is not None and first("negated").value == "true",
        hypothetical=first("hypothetical") is not None and first("hypothetical").value == "true",
    )


_ACCORDING = re.compile(r"^\s*(according to|as reported by|وفق[اًا]? ?ل[ـ]?|بحسب|حسب|نقلا عن)\s*", re.IGNORECASE)


def attribution_text(names: list[str], words: str | None) -> list[str]:
    """Whom a claim is credited to, each once: the named actors, then the text's own words unless they
    only repeat a name ("according to Reuters" beside Reuters), without a leading "according to"."""
    shown = list(dict.fromkeys(names))
    if words:
        bare = _ACCORDING.sub("", words).strip()
        if bare and not any(normalize(name) in normalize(bare) for name in shown):
            shown.append(bare)
    return shown


def _english_title(described: list, source: str) -> str:
    titles = {getattr(v, "language", "") or "": v.value for p, v in described if p.endswith("/title")}
    return titles.get("en") or next(iter(sorted(titles.values())), short_name(source))


def format_profile(profile: Profile) -> str:
    """The profile as readable text, one block per claim."""
    lines = [f"{profile.label}  <{profile.iri}>", f"  type:    {', '.join(profile.types)}"]
    lines.append("  labels:  " + "; ".join(f"{text} ({lang})" for lang, text in profile.labels.items()))
    if profile.aliases:
        lines.append("  aliases: " + "; ".join(profile.aliases))
    if profile.description:
        lines.append(f"  about:   {profile.description}")
    if profile.period:
        lines.append(f"  period:  {profile.period}")
    for direction, heading, total in (("out", "Relations out", profile.total_out), ("in", "Relations in", profile.total_in)):
        claims = [c for c in profile.claims if c.direction == direction]
        lines.append("")
        lines.append(f"{heading} ({total}):")
        for claim in claims:
            arrow = relation_line(*claim.ends(profile.label), claim.relation)
            flags = [f for f, on in (("negated", claim.negated), ("hypothetical", claim.hypothetical)) if on]
            if claim.polarity:
                flags.insert(0, claim.polarity)
            lines.append(f"  {arrow}" + (f"  [{', '.join(flags)}]" if flags else ""))
            lines.append(f"    “{claim.quote}”")
            if claim.translation:
                lines.append(f"    ({claim.translation})")
            details = [f"source: {claim.source}"]
            if claim.attributed_to:
                details.append(f"according to: {', '.join(claim.attributed_to)}")
            if claim.when:
                details.append(f"when: {claim.when}")
            if claim.confidence:
                details.append(f"confidence: {claim.confidence}")
            lines.append("    " + " · ".join(details))
            if claim.url:
                lines.append(f"    {claim.url}")
        if total > len(claims):
            lines.append(f"  … and {total - len(claims)} more (kg show --limit {total} lists them all).")
    return "\n".join(lines) + "\n"


def profile_document(profile: Profile) -> dict:
    """The profile as plain data for JSON: what ``kg show`` prints, with the IRIs of the entity, the other
    end of each relation and each claim, and each relation's direction as subject and object."""
    claims = []
    for claim in profile.claims:
        subject, obj = claim.ends(profile.label)
        ends = (str(profile.iri), claim.other_iri) if claim.direction == "out" else (claim.other_iri, str(profile.iri))
        claims.append({"direction": claim.direction, "subject": subject, "subject_iri": ends[0],
                       "relation": claim.relation, "object": obj, "object_iri": ends[1], "claim_iri": str(claim.iri),
                       "quote": claim.quote, "translation": claim.translation, "source": claim.source, "url": claim.url,
                       "according_to": claim.attributed_to, "when": claim.when, "polarity": claim.polarity,
                       "confidence": claim.confidence, "negated": claim.negated, "hypothetical": claim.hypothetical})
    return {"iri": str(profile.iri), "label": profile.label, "types": profile.types, "labels": profile.labels,
            "aliases": profile.aliases, "description": profile.description, "period": profile.period,
            "relations_out": profile.total_out, "relations_in": profile.total_in, "claims": claims}

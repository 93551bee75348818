"""Find an entity by any of its names and describe it: type, labels, and every claim in and out."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import URIRef

from .errors import EntityNotFound
from .labels import LabelIndex
from .store import KGStore
from .text import normalize
from .vocab import KGR

__all__ = ["find_entity", "entity_profile", "format_profile", "Profile", "ClaimView"]

_NAMES = """
SELECT ?entity ?name WHERE {
  ?entity a ?class .
  ?class rdfs:subClassOf* kg:Entity .
  { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name }
}
"""

_ENTITY = """
SELECT ?entity ?class ?property ?value WHERE {
  { ?entity a ?class . ?class rdfs:subClassOf* kg:Entity . }
  UNION { ?entity ?property ?value . FILTER(?property IN (skos:prefLabel, skos:altLabel, rdfs:comment, kg:startDate, kg:endDate)) }
}
"""

_CLAIMS = """
SELECT ?entity ?claim ?subject ?relation ?object ?quote ?translation ?sourceTitle ?source ?url ?era ?start ?end
       ?polarity ?confidence ?attributedTo ?attribution ?negated ?hypothetical WHERE {
  { ?claim rdf:subject ?entity } UNION { ?claim rdf:object ?entity }
  ?claim a kg:Claim ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
         kg:quote ?quote ; kg:source ?source .
  OPTIONAL { ?claim kg:quoteTranslation ?translation }
  OPTIONAL { ?source dcterms:title ?sourceTitle FILTER(langMatches(lang(?sourceTitle), "en")) }
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?claim kg:era ?era }
  OPTIONAL { ?claim kg:startDate ?start }
  OPTIONAL { ?claim kg:endDate ?end }
  OPTIONAL { ?claim kg:polarity ?polarity }
  OPTIONAL { ?claim kg:confidence ?confidence }
  OPTIONAL { ?claim kg:attributedTo ?attributedTo }
  OPTIONAL { ?claim kg:attribution ?attribution }
  OPTIONAL { ?claim kg:negated ?negated }
  OPTIONAL { ?claim kg:hypothetical ?hypothetical }
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
    by_key: dict[str, set[URIRef]] = {}
    names: dict[str, str] = {}
    for row in store.query(_NAMES):
        key = normalize(str(row.name))
        by_key.setdefault(key, set()).add(row.entity)
        names.setdefault(key, str(row.name))
        slug = str(row.entity)[len(str(KGR)):]
        by_key.setdefault(slug, set()).add(row.entity)
    wanted = normalize(name.removeprefix("kgr:"))
    matches = by_key.get(wanted) or by_key.get(name.removeprefix(str(KGR)))
    if matches and len(matches) == 1:
        return next(iter(matches))
    if matches:
        options = ", ".join(sorted(str(m)[len(str(KGR)):] for m in matches))
        raise EntityNotFound(f"'{name}' names several entities ({options}); give one of these ids instead.")
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.5)
    hint = f" Closest: {', '.join(names[c] for c in close)}." if close else " Try kg query to list entities."
    raise EntityNotFound(f"No entity is called '{name}'.{hint}")


def _exact(store: KGStore, name: str) -> URIRef | None:
    """The entity whose id, or one of whose labels as written, is ``name``, found through the index."""
    from .schema import Ontology

    slug = name.removeprefix("kgr:").removeprefix(str(KGR))
    if Ontology.is_slug(slug) and any(p.endswith("#type") for p, _ in store.describe(str(KGR[slug]))):
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


def _when(labels: LabelIndex, era: object, start: object, end: object) -> str | None:
    parts = []
    if era is not None:
        parts.append(labels.label(era))
    if start is not None or end is not None:
        parts.append(f"{start or '…'} – {end or '…'}" if end is not None else f"from {start}")
    return ", ".join(parts) or None


def entity_profile(store: KGStore, iri: URIRef, lang: str = "en") -> Profile:
    """Type, labels, aliases and every claim in and out of one entity, with quotes and sources."""
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
    grouped: dict[URIRef, ClaimView] = {}
    for row in store.query(_CLAIMS, {"entity": iri}):
        view = grouped.get(row.claim)
        if view is None:
            outgoing = row.subject == iri
            view = grouped[row.claim] = ClaimView(
                iri=row.claim,
                direction="out" if outgoing else "in",
                relation=labels.label(row.relation),
                other=labels.label(row.object if outgoing else row.subject),
                quote=str(row.quote),
                translation=str(row.translation) if row.translation is not None else None,
                source=str(row.sourceTitle) if row.sourceTitle is not None else labels.label(row.source),
                url=str(row.url) if row.url is not None and str(row.url).startswith(("http://", "https://")) else None,
                when=_when(labels, row.era, row.start, row.end),
                polarity=labels.label(row.polarity) if row.polarity is not None else None,
                confidence=str(row.confidence) if row.confidence is not None else None,
                negated=bool(row.negated and row.negated.toPython()),
                hypothetical=bool(row.hypothetical and row.hypothetical.toPython()),
            )
        for who in (labels.label(row.attributedTo) if row.attributedTo is not None else None,
                    str(row.attribution) if row.attribution is not None and row.attribution.language == lang else None):
            if who and who not in view.attributed_to:
                view.attributed_to.append(who)
    period = None
    if dates:
        period = f"{dates.get('startDate', '…')} – {dates.get('endDate', '…')}"
    claims = sorted(grouped.values(), key=lambda c: (c.direction != "out", c.relation, c.other, str(c.iri)))
    return Profile(
        iri=iri,
        label=labels.label(iri),
        types=sorted(types),
        labels=dict(sorted(pref.items())),
        aliases=sorted(aliases),
        description=comments.get(lang) or comments.get("en"),
        period=period,
        claims=claims,
    )


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
    for direction, heading in (("out", "Relations out"), ("in", "Relations in")):
        claims = [c for c in profile.claims if c.direction == direction]
        lines.append("")
        lines.append(f"{heading} ({len(claims)}):")
        for claim in claims:
            arrow = f"{profile.label} —{claim.relation}→ {claim.other}" if direction == "out" else f"{claim.other} —{claim.relation}→ {profile.label}"
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
    return "\n".join(lines) + "\n"

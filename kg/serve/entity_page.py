"""An actor's profile as an HTML page and as JSON-LD: what ``GET /entity/{id}`` answers."""

from __future__ import annotations

import io
from urllib.parse import quote

import jinja2
import pyoxigraph as ox

from ..model.contract import hidden_claims
from ..network.export import write_rdf
from ..model.profile import Profile, arrow
from ..datafiles import data_path
from ..store.embedded import KGStore
from ..vocab import KGR

__all__ = ["entity_html", "entity_jsonld", "entity_path", "record_path", "render_page"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def render_page(name: str, **values) -> str:
    """The page template ``kg/data/ui/NAME`` filled in, every value escaped by the template."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(data_path("ui", name).read_text(encoding="utf-8")).render(**values)


def entity_html(profile: Profile, lang: str = "en") -> str:
    """The profile page, every value escaped by the template."""
    slug = str(profile.iri)[len(str(KGR)):] if str(profile.iri).startswith(str(KGR)) else str(profile.iri)
    return render_page("entity.html", profile=profile, lang=lang, slug=slug, arrow=arrow(lang == "ar"),
                       entity_path=entity_path, claim_path=lambda iri: record_path(str(iri)))


def entity_path(iri: str) -> str | None:
    """The page of an entity of this graph (``/entity/jensen-huang``), or None for an IRI from elsewhere."""
    return "/entity/" + quote(iri[len(str(KGR)):]) if iri.startswith(str(KGR)) else None


def record_path(iri: str) -> str:
    """The page of a claim or a source of this graph: its IRI's path under ``/id/``."""
    return "/id/" + quote(iri[len(str(KGR)):])


def entity_jsonld(store: KGStore, iri) -> bytes:
    """The entity's own triples and every claim about it (with its source), as compact JSON-LD."""
    subject = ox.NamedNode(str(iri))
    claims = {q.subject for q in store.quads_matching(None, ox.NamedNode(_RDF + "subject"), subject)}
    claims |= {q.subject for q in store.quads_matching(None, ox.NamedNode(_RDF + "object"), subject)}
    hidden = hidden_claims(store)  # rejected and unreviewed claims are never served (kg.contract)
    claims = {claim for claim in claims if claim.value not in hidden}
    quads = list(store.quads_matching(subject))
    for claim in sorted(claims, key=str):
        quads += list(store.quads_matching(claim))
    buffer = io.BytesIO()
    write_rdf(sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))), "jsonld", buffer)
    return buffer.getvalue()

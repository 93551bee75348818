"""A claim's page and a source's page: what ``GET /id/claim/...`` and ``GET /id/source/...`` answer.

A claim's page shows its triple with the direction arrow of every view, the
quote inside its sentence with the quoted words highlighted (where the
article's text is bundled), the translation, attribution, time, method and
review status. A source's page shows its metadata and its visible claims.
Rejected and unreviewed claims have no page (kg.contract).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import pyoxigraph as ox
from rdflib import URIRef

from ..model.contract import hidden_claims, is_visible
from ..errors import EntityNotFound
from ..store.labels import LabelIndex, short_name
from ..model.profile import arrow, attribution_text
from ..datafiles import data_path
from ..store.embedded import KGStore
from .entity_page import entity_path, record_path, render_page

__all__ = ["claim_html", "source_html", "bundled_text"]

_CONTEXT = 200  # characters of the article shown either side of a quote


@lru_cache(maxsize=1)
def _bundled_texts() -> dict[str, str]:
    texts = {}
    for path in data_path("sources").iterdir():
        if path.name.endswith(".txt"):
            text = path.read_text(encoding="utf-8")
            texts[hashlib.sha256(text.encode("utf-8")).hexdigest()] = text
    return texts


def bundled_text(content_hash: str | None) -> str | None:
    """The text of a bundled source article with this SHA-256, or None (ingested texts are not stored)."""
    return _bundled_texts().get(content_hash or "")


def _facts(store: KGStore, iri: str) -> dict[str, list]:
    facts: dict[str, list] = {}
    for predicate, value in store.describe(iri):
        facts.setdefault(predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(value)
    return facts


def _first(facts: dict[str, list], key: str, lang: str | None = None):
    values = facts.get(key) or []
    if lang:
        for value in values:
            if getattr(value, "language", None) == lang:
                return value
    return values[0] if values else None


def claim_html(store: KGStore, iri: URIRef, lang: str = "en") -> str:
    """The page of one claim, every value escaped by the template."""
    facts = _facts(store, str(iri))
    if "Claim" not in {short_name(t.value) for t in facts.get("type", [])}:
        raise EntityNotFound(f"{iri} is not a claim of this graph.")
    status = _first(facts, "reviewStatus")
    if not is_visible(status.value if status is not None else None):
        raise EntityNotFound(f"{iri} is not an accepted claim: rejected and unreviewed claims are not shown.")
    labels = LabelIndex(store, lang)
    value = lambda key: (_first(facts, key).value if _first(facts, key) is not None else None)  # noqa: E731
    subject, relation, obj = value("subject"), value("predicate"), value("object")
    quote_text, start, end = value("quote") or "", value("quoteStart"), value("quoteEnd")
    source = value("source")
    source_facts = _facts(store, source) if source else {}
    context = None
    text = bundled_text(_first(source_facts, "contentHash").value if _first(source_facts, "contentHash") else None)
    if text is not None and start is not None and end is not None and text[int(start):int(end)] == quote_text:
        a, b = int(start), int(end)
        context = (text[max(0, a - _CONTEXT):a], text[a:b], text[b:b + _CONTEXT])
    era = value("era")
    when = ", ".join(x for x in (labels.label(URIRef(era)) if era else "",
                                 f"{value('startDate') or '…'} – {value('endDate') or '…'}"
                                 if value("startDate") or value("endDate") else "") if x)
    words = {getattr(v, "language", "") or "": v.value for v in facts.get("attribution", [])}
    return render_page(
        "claim.html", lang=lang, iri=str(iri), arrow=arrow(lang == "ar"),
        subject=(labels.label(URIRef(subject)), entity_path(subject)), relation=labels.label(URIRef(relation)),
        object=(labels.label(URIRef(obj)), entity_path(obj)), quote=quote_text, start=start, end=end, context=context,
        translation=value("quoteTranslation"),
        attributed=attribution_text(sorted(labels.label(URIRef(v.value)) for v in facts.get("attributedTo", [])),
                                    words.get(lang) or words.get("en")),
        when=when, polarity=labels.label(URIRef(value("polarity"))) if value("polarity") else "",
        confidence=value("confidence") or "", method=labels.label(URIRef(value("method"))) if value("method") else "",
        status=labels.label(URIRef(status.value)) if status is not None else "",
        negated=value("negated") == "true", hypothetical=value("hypothetical") == "true",
        source=(_title(source_facts, source) if source else "", record_path(source) if source else None),
    )


def _title(facts: dict[str, list], iri: str) -> str:
    title = _first(facts, "title", "en") or _first(facts, "title")
    return title.value if title is not None else short_name(iri)


def source_html(store: KGStore, iri: URIRef, lang: str = "en") -> str:
    """The page of one source article: its metadata and its accepted claims in the order of the text."""
    facts = _facts(store, str(iri))
    if "Source" not in {short_name(t.value) for t in facts.get("type", [])}:
        raise EntityNotFound(f"{iri} is not a source of this graph.")
    labels = LabelIndex(store, lang)
    hidden = hidden_claims(store)
    claims = []
    for claim in sorted(set(store.claims_of_source(str(iri))) - hidden):
        described = _facts(store, claim)
        get = lambda key: (_first(described, key).value if _first(described, key) is not None else "")  # noqa: E731
        if not get("subject"):
            continue
        claims.append({"path": record_path(claim), "start": int(get("quoteStart") or 0),
                       "subject": labels.label(URIRef(get("subject"))), "relation": labels.label(URIRef(get("predicate"))),
                       "object": labels.label(URIRef(get("object"))), "quote": get("quote"),
                       "negated": get("negated") == "true"})
    claims.sort(key=lambda c: (c["start"], c["path"]))
    meta = []
    for key, name in (("title", "title"), ("creator", "authors"), ("publisher", "publisher"), ("issued", "published"),
                      ("language", "language"), ("url", "URL"), ("contentHash", "SHA-256")):
        values = facts.get(key) or []
        shown = [labels.label(URIRef(v.value)) if isinstance(v, ox.NamedNode) and key != "url" else v.value for v in values]
        if shown:
            meta.append((name, "; ".join(sorted(set(shown)))))
    return render_page("source.html", lang=lang, iri=str(iri), title=_title(facts, str(iri)), meta=meta, claims=claims,
                   arrow=arrow(lang == "ar"))

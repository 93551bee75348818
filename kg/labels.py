"""Human labels for IRIs in one language, falling back to English, then to the IRI's last part.

Labels are read from the index one IRI at a time and cached, so a profile of
one actor costs a few lookups however large the graph is.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from .store import KGStore

__all__ = ["LabelIndex", "short_name"]

_LABEL_PROPERTIES = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title))
_LABELS = """
SELECT ?thing ?label WHERE {
  { ?thing skos:prefLabel ?label } UNION { ?thing rdfs:label ?label } UNION { ?thing dcterms:title ?label }
}
"""


def short_name(iri: object) -> str:
    """The last part of an IRI: ``lobbies`` for ``kg:lobbies``, ``nvidia`` for ``kgr:nvidia``."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class LabelIndex:
    """Labels by language; ``label(iri)`` looks an IRI up on first use and remembers it."""

    def __init__(self, store: KGStore, lang: str = "en") -> None:
        self.lang = lang
        self._store: KGStore | None = store
        self._labels: dict[str, dict[str, str]] = {}

    def preload(self) -> LabelIndex:
        """Read every label now, so the index keeps working after the store is closed."""
        self.iris()
        self._store = None
        return self

    def _by_lang(self, iri: str) -> dict[str, str]:
        if iri not in self._labels and self._store is not None:
            found: dict[str, str] = {}
            subject = ox.NamedNode(iri)
            for predicate in _LABEL_PROPERTIES:  # prefLabel first: it wins over rdfs:label and titles
                for quad in self._store.quads_matching(subject, ox.NamedNode(predicate)):
                    found.setdefault(getattr(quad.object, "language", None) or "", quad.object.value)
            self._labels[iri] = found
        return self._labels.get(iri, {})

    def iris(self) -> list[str]:
        """Every IRI that has a label in the store (reads them all once)."""
        for thing, label in self._store.solutions(_LABELS):
            self._labels.setdefault(thing.value, {}).setdefault(getattr(label, "language", None) or "", label.value)
        return sorted(self._labels)

    def label(self, iri: object) -> str:
        """The label in the index's language, else English, else any, else the IRI's last part."""
        if not isinstance(iri, URIRef):
            return short_name(iri)
        by_lang = self._by_lang(str(iri))
        if not by_lang:
            return short_name(iri)
        for lang in (self.lang, "en", ""):
            if lang in by_lang:
                return by_lang[lang]
        return next(iter(sorted(by_lang.items())))[1]

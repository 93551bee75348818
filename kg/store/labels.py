"""Human labels for IRIs in one language, falling back to English, then to the IRI's last part.

Labels are read from the index one IRI at a time and cached, so a profile of
one actor costs a few lookups however large the graph is.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from .embedded import KGStore

__all__ = ["LabelIndex", "short_name"]

_LABEL_PROPERTIES = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title))
_LABELS = """
SELECT ?thing ?label WHERE {
  { ?thing skos:prefLabel ?label } UNION { ?thing rdfs:label ?label } UNION { ?thing dcterms:title ?label }
}
"""


def _labels_from(pairs) -> dict[str, str]:
    """``{language: label}`` from a subject's (predicate, object) pairs; prefLabel wins over rdfs:label and titles."""
    found: dict[str, str] = {}
    for predicate in _LABEL_PROPERTIES:
        for p, value in pairs:
            if p == predicate:
                found.setdefault(getattr(value, "language", None) or "", value.value)
    return found


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
            self._labels[iri] = _labels_from(self._store.describe_many([iri], _LABEL_PROPERTIES)[iri])
        return self._labels.get(iri, {})

    def in_language(self, lang: str) -> LabelIndex:
        """An index for another language that shares this one's lookups (labels are kept for every language)."""
        other = LabelIndex(self._store, lang)
        other._labels = self._labels
        return other

    def prefetch(self, iris) -> LabelIndex:
        """Look many IRIs up at once on a SPARQL server (one request per few hundred); an embedded store is
        faster looked up lazily, only for the labels shown."""
        if self._store is not None and getattr(self._store, "reads_in_bulk", False):
            missing = sorted({str(iri) for iri in iris} - self._labels.keys())
            for iri, pairs in self._store.describe_many(missing, _LABEL_PROPERTIES).items():
                self._labels[iri] = _labels_from(pairs)
        return self

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

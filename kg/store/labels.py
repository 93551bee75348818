"""Human labels for IRIs in one language, falling back to English, then to the IRI's last part.

Labels are read from the index one IRI at a time and cached, so a profile of
one actor costs a few lookups however large the graph is; a table of many IRIs
reads theirs ahead in a few queries (``prefetch``).
"""

from __future__ import annotations

import pyoxigraph as ox

from .embedded import KGStore
from .terms import is_rdflib_term, values_lists

__all__ = ["LabelIndex", "short_name"]

_LABEL_PROPERTIES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
                     "http://purl.org/dc/terms/title")
_LABELS_OF = "SELECT ?thing ?label WHERE { ?thing <{property}> ?label }"  # one per property, in the order they win
_LABELS_AMONG = "SELECT ?thing ?label WHERE { {values} ?thing <{property}> ?label }"
_FEW = 64  # fewer IRIs than this are cheaper looked up one by one, when shown
_CHUNK = 1000
_SCAN_RATIO = 8  # a scan reads a label about 8 times faster than a lookup of an IRI's labels


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
        """Look many IRIs up at once: on a SPARQL server one request per few hundred; on an embedded
        store a query per thousand, or one scan of every label when the IRIs are a large part of the
        labelled ones. A handful of IRIs are left to be looked up when shown."""
        if self._store is None:
            return self
        missing = sorted({str(iri) for iri in iris} - self._labels.keys())
        if getattr(self._store, "reads_in_bulk", False):
            for iri, pairs in self._store.describe_many(missing, _LABEL_PROPERTIES).items():
                self._labels[iri] = _labels_from(pairs)
            return self
        if len(missing) < _FEW:
            return self
        labelled = self._store.count_matching(None, ox.NamedNode(_LABEL_PROPERTIES[0]), None)
        if len(missing) * _SCAN_RATIO > labelled:
            self._read_all()
        else:
            for among in values_lists("thing", missing, _CHUNK):
                for prop in _LABEL_PROPERTIES:
                    self._keep(self._store.solutions(_LABELS_AMONG.replace("{values}", among).replace("{property}", prop)))
        for iri in missing:  # looked up: an IRI with no label is not looked up again
            self._labels.setdefault(iri, {})
        return self

    def _keep(self, rows) -> None:
        for thing, label in rows:
            self._labels.setdefault(thing.value, {}).setdefault(getattr(label, "language", None) or "", label.value)

    def _read_all(self) -> None:
        for prop in _LABEL_PROPERTIES:  # prefLabel first: it wins over rdfs:label and titles
            self._keep(self._store.solutions(_LABELS_OF.replace("{property}", prop)))

    def iris(self) -> list[str]:
        """Every IRI that has a label in the store (reads them all once)."""
        self._read_all()
        return sorted(iri for iri, labels in self._labels.items() if labels)

    def label(self, iri: object) -> str:
        """The label in the index's language, else English, else any, else the IRI's last part. ``iri`` is
        an rdflib ``URIRef`` or a pyoxigraph ``NamedNode``; anything else is shown as its last part."""
        if isinstance(iri, ox.NamedNode):
            iri = iri.value
        elif not is_rdflib_term(iri, "URIRef"):
            return short_name(iri)
        by_lang = self._by_lang(str(iri))
        if not by_lang:
            return short_name(iri)
        for lang in (self.lang, "en", ""):
            if lang in by_lang:
                return by_lang[lang]
        return next(iter(sorted(by_lang.items())))[1]

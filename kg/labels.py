"""Human labels for IRIs in one language, falling back to English, then to the IRI's last part."""

from __future__ import annotations

from rdflib import URIRef

from .store import KGStore

__all__ = ["LabelIndex"]

_LABELS = """
SELECT ?thing ?label WHERE {
  { ?thing skos:prefLabel ?label } UNION { ?thing rdfs:label ?label } UNION { ?thing dcterms:title ?label }
}
"""


def short_name(iri: object) -> str:
    """The last part of an IRI: ``lobbies`` for ``kg:lobbies``, ``nvidia`` for ``kgr:nvidia``."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class LabelIndex:
    """Every label of the store, read once; ``label(iri)`` picks the one in the wanted language."""

    def __init__(self, store: KGStore, lang: str = "en") -> None:
        self.lang = lang
        self._labels: dict[str, dict[str, str]] = {}
        for thing, label in store.solutions(_LABELS):
            by_lang = self._labels.setdefault(thing.value, {})
            by_lang.setdefault(getattr(label, "language", None) or "", label.value)

    def iris(self) -> list[str]:
        """Every IRI that has a label."""
        return sorted(self._labels)

    def label(self, iri: object) -> str:
        """The label in the index's language, else English, else any, else the IRI's last part."""
        by_lang = self._labels.get(str(iri)) if isinstance(iri, URIRef) else None
        if not by_lang:
            return short_name(iri)
        for lang in (self.lang, "en", ""):
            if lang in by_lang:
                return by_lang[lang]
        return next(iter(sorted(by_lang.items())))[1]

"""Human labels for IRIs in one language, falling back to English, then to the IRI's last part.

Labels are read from the index one IRI at a time and cached, so a profile of
one actor costs a few lookups however large the graph is; a table of many IRIs
reads theirs ahead in a few queries (``prefetch``).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from .cache import answer_key
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
        self._shown: dict[str, str] = {}  # labels in ``lang`` read back from the store's answers (see _read_kept)

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
        missing = set(map(str, iris)) - self._labels.keys() - self._shown.keys()
        if getattr(self._store, "reads_in_bulk", False):
            for iri, pairs in self._store.describe_many(missing, _LABEL_PROPERTIES).items():
                self._labels[iri] = _labels_from(pairs)
            return self
        if len(missing) < _FEW:
            return self
        kept = self._kept_key()
        if kept is not None and self._read_kept(kept):
            pass  # cheaper than any query once there are more than a few IRIs
        elif len(missing) * _SCAN_RATIO > self._labelled():
            self._read_all_shown(kept)
        else:
            for among in values_lists("thing", sorted(missing), _CHUNK):
                for prop in _LABEL_PROPERTIES:
                    self._keep(self._store.solutions(_LABELS_AMONG.replace("{values}", among).replace("{property}", prop)))
        for iri in missing - self._shown.keys():  # looked up: an IRI with no label is not looked up again
            self._labels.setdefault(iri, {})
        return self

    def _kept_key(self, *what: str) -> str | None:
        """The key the store's answers keep ``what`` under (this language's labels when nothing is said), or
        None when the store keeps no answers."""
        answers, version = getattr(self._store, "answers", None), getattr(self._store, "version", None)
        if answers is None or not version:
            return None
        return answer_key(self._store.location, version, *(what or ("labels", self.lang)))

    def _labelled(self) -> int:
        """How many things have a prefLabel; kept with the store's answers, when it keeps them."""
        counted = self._kept_key("labelled")
        if counted is not None:
            count = self._store.answers.get(counted)
            if count is not None and count.isdigit():
                return int(count)
        labelled = self._store.count_matching(None, ox.NamedNode(_LABEL_PROPERTIES[0]), None)
        if counted is not None:
            self._store.answers.put(counted, str(labelled).encode())
        return labelled

    def _read_all_shown(self, kept: str | None) -> None:
        """Every label, for a table of many IRIs. A store that keeps answers keeps the labels in this language
        too, under its version, so that the next table of the unchanged store reads them back (about 7 ms
        for 20,000 entities) rather than scanning every label again (about 200 ms)."""
        self._scan_all()
        if kept is None:
            return
        shown = {iri: self.label_of(iri) for iri, by_lang in self._labels.items() if by_lang}
        self._store.answers.put(kept, json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def _read_kept(self, kept: str) -> bool:
        """Read back the labels the store's answers keep for this language; False when they keep none yet."""
        body = self._store.answers.get(kept)
        if body is None:
            return False
        self._shown.update(json.loads(body))
        return True

    def _keep(self, rows) -> None:
        for thing, label in rows:
            self._labels.setdefault(thing.value, {}).setdefault(getattr(label, "language", None) or "", label.value)

    def _scan_all(self) -> None:
        for prop in _LABEL_PROPERTIES:  # prefLabel first: it wins over rdfs:label and titles
            self._keep(self._store.solutions(_LABELS_OF.replace("{property}", prop)))

    def iris(self) -> list[str]:
        """Every IRI that has a label in the store (reads them all once)."""
        self._scan_all()
        return sorted(iri for iri, labels in self._labels.items() if labels)

    def label(self, iri: object) -> str:
        """The label in the index's language, else English, else any, else the IRI's last part. ``iri`` is
        an rdflib ``URIRef`` or a pyoxigraph ``NamedNode``; anything else is shown as its last part."""
        if isinstance(iri, ox.NamedNode):
            return self.label_of(iri.value)
        if not is_rdflib_term(iri, "URIRef"):
            return short_name(iri)
        return self.label_of(str(iri))

    def label_of(self, iri: str) -> str:
        """``label`` of an IRI given as a plain string."""
        shown = self._shown.get(iri)
        if shown is not None:
            return shown
        by_lang = self._by_lang(iri)
        if not by_lang:
            return short_name(iri)
        for lang in (self.lang, "en", ""):
            if lang in by_lang:
                return by_lang[lang]
        return next(iter(sorted(by_lang.items())))[1]

    def labels_of(self, iris: list[str]) -> list[str]:
        """``label_of`` each of many IRIs, in order, prefetched together."""
        self.prefetch(iris)
        found = list(map(self._shown.get, iris))
        if None not in found:
            return found
        return [label if label is not None else self.label_of(iri) for label, iri in zip(found, iris)]

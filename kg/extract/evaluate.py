"""Precision, recall and F1 of an extractor on gold articles, and its recall on the curated seed article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..datafiles import data_path
from ..words import normalize
from ..vocab import KGR
from .model import Extractor
from .rules import RuleExtractor
from .text import detect_language

__all__ = ["Score", "evaluate_gold", "seed_recall"]


@dataclass(frozen=True)
class Score:
    """Counts and the three figures."""

    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(entity: str) -> str:
    """One comparable key for a graph id, an IRI, ``new:NAME`` or ``new:TYPE:NAME``."""
    if entity.startswith(str(KGR)):
        return entity[len(str(KGR)):]
    if entity.startswith("new:"):
        return "new:" + normalize(entity.split(":")[-1])
    return entity


def evaluate_gold(extractor: Extractor, folder: Path, lang: str | None = None) -> dict[str, Score]:
    """Entity and relation scores over the ``*.txt`` / ``*.yaml`` pairs of a folder (recursively)."""
    counts = {"entities": [0, 0, 0], "relations": [0, 0, 0]}
    known = _known_key(extractor)
    for text_file in sorted(folder.rglob("*.txt")):
        gold = yaml.safe_load(text_file.with_suffix(".yaml").read_text(encoding="utf-8"))
        text = text_file.read_text(encoding="utf-8")
        language = lang or detect_language(text)
        proposals, _ = extractor.extract(text, language)
        mentioned = {_key(m.entity) for p in proposals for m in p.mentions}
        if isinstance(extractor, RuleExtractor):
            mentioned |= _all_mentions(extractor, text, language)
        expected_entities = {known(e) for e in gold.get("entities", [])}
        found = {(_key(p.subject), p.relation, _key(p.object), p.negated) for p in proposals}
        expected = {(known(s), r, known(o), False) for s, r, o in gold.get("relations", [])}
        expected |= {(known(s), r, known(o), True) for s, r, o in gold.get("negated", [])}
        for name, got, want in (("entities", mentioned, expected_entities), ("relations", found, expected)):
            counts[name][0] += len(got & want)
            counts[name][1] += len(got)
            counts[name][2] += len(want)
    return {name: Score(*values) for name, values in counts.items()}


def _known_key(extractor: Extractor):
    """``_key``, with a gold ``new:NAME`` that the graph now knows (the reference layer) read as that entity."""
    from .text import tokens

    def key(entity: str) -> str:
        if entity.startswith("new:") and isinstance(extractor, RuleExtractor):
            words = tokens(entity.split(":")[-1])
            whole = [m for m in extractor.gazetteer.index.find(words) if m.first == 0 and m.last == len(words) - 1]
            if whole:
                return _key(str(whole[0].payload))
        return _key(entity)
    return key


def _all_mentions(extractor, text: str, lang: str) -> set[str]:
    """Every entity the extractor recognises in the text, whether or not a claim uses it."""
    from .boilerplate import article_sentences
    from .lexicon import Lexicon
    from .rules import _State

    state = _State()
    found = set()
    for sentence in article_sentences(text):
        for mention in extractor._mentions(sentence.tokens, Lexicon.load(lang), state, lang):
            found.add(_key(mention.entity))
    return found


def seed_recall(extractor: Extractor) -> Score:
    """How many of the curated (subject, relation, object) triples of the seed article the extractor finds."""
    curated = yaml.safe_load(data_path("curated", "claims", "made-in-china-h200.yaml").read_text(encoding="utf-8"))
    text = data_path("sources", curated["source"]["text"]).read_text(encoding="utf-8")
    proposals, _ = extractor.extract(text, curated["source"]["language"])
    found = {(_key(p.subject), p.relation, _key(p.object)) for p in proposals if not p.negated}
    expected = {(c["subject"], c["relation"], c["object"]) for c in curated["claims"]}
    return Score(len(found & expected), len(found), len(expected))

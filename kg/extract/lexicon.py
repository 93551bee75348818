"""The trigger lexicons and cue lists (``kg/data/lexicons/*.yaml``) as phrase indexes per language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from ..datafiles import data_path
from ..words import normalize
from .arabic import stems
from .phrases import Match, PhraseIndex

__all__ = ["Trigger", "Lexicon"]


@dataclass(frozen=True)
class Trigger:
    """A relation phrase and how its arguments are placed."""

    relation: str
    text: str
    object_first: bool = False
    passive: bool = False
    followup: bool = False
    confidence: float = 0.6
    stem: bool = False  # matched by its stem (stems.yaml), not as a phrase


def _entries(values) -> list[dict]:
    return [v if isinstance(v, dict) else {"text": v} for v in values or []]


class Lexicon:
    """Phrase indexes for one language: triggers, attribution, negation, hypothetical, era, roles, cues."""

    def __init__(self, lang: str) -> None:
        triggers = yaml.safe_load(data_path("lexicons", "triggers.yaml").read_text(encoding="utf-8"))["relations"]
        cues = yaml.safe_load(data_path("lexicons", "cues.yaml").read_text(encoding="utf-8"))
        self.lang = lang
        self.triggers = PhraseIndex()
        for relation, by_lang in triggers.items():
            for entry in _entries(by_lang.get(lang)):
                name = relation.split("_")[0]
                self.triggers.add(entry["text"], Trigger(
                    relation=name, text=entry["text"], object_first=bool(entry.get("object_first")),
                    passive=bool(entry.get("passive")), followup=relation.endswith("followup"),
                    confidence=float(entry.get("confidence", 0.6))))
        self.cues: dict[str, PhraseIndex] = {}
        for name in ("attribution", "negation", "hypothetical", "era", "idea", "idea_negative", "product_reference",
                     "executive", "head_titles"):
            index = PhraseIndex()
            index.extend(cues[name].get(lang, []), name)
            self.cues[name] = index
        self.roles = PhraseIndex()
        for relation, by_lang in cues["roles"].items():
            self.roles.extend(by_lang.get(lang, []), relation)
        self.types = PhraseIndex()
        for type_name, by_lang in cues["types"].items():
            self.types.extend(by_lang.get(lang, []), type_name)
        self.institutions = PhraseIndex()
        for type_name, phrases in cues["institutions"].items():
            self.institutions.extend(phrases if lang == "ar" else [], type_name)
        self.stems: dict[str, Trigger] = {}
        if lang == "ar":
            for relation, stems in yaml.safe_load(data_path("lexicons", "stems.yaml").read_text(encoding="utf-8")).items():
                for stem in stems:
                    self.stems.setdefault(normalize(stem), Trigger(relation=relation, text=stem, stem=True))
        self.not_names = set(cues["not_names"]) | set(cues.get("function_words", []))
        self.stop_words = {normalize(w) for w in cues.get("stop", {}).get(lang, [])}
        self.generic_nouns = set(cues.get("generic_nouns", []))

    def find_triggers(self, words) -> list[Match]:
        """Trigger phrases, and in Arabic the words whose stem is a trigger stem (one word each)."""
        found = self.triggers.find(words)
        if self.stems:
            for i, word in enumerate(words):
                for stem in stems(word.text):
                    if stem in self.stems:
                        found.append(Match(i, i, self.stems[stem]))
                        break
        return found

    @staticmethod
    @cache
    def load(lang: str) -> Lexicon:
        """The lexicon for ``ar`` or ``en``, read once."""
        return Lexicon(lang)

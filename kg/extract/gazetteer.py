"""The gazetteer is the graph itself: every entity's labels and aliases, in every language."""

from __future__ import annotations

from ..store.labels import short_name
from ..model.search import entity_names
from ..model.types import entity_types
from ..store.embedded import KGStore
from .phrases import Match, PhraseIndex, phrase_keys
from .text import without_possessive

__all__ = ["Gazetteer"]

ACTOR_TYPES = {"Person", "Company", "GovernmentBody", "State", "ThinkTank", "University", "Media", "Organization", "Actor"}
ORGANIZATION_TYPES = ACTOR_TYPES - {"Person", "Actor"}
PRODUCT_TYPES = {"Chip", "Product"}


class Gazetteer:
    """Names to entity IRIs, with each entity's type; built from a store."""

    def __init__(self, names: dict[str, list[str]], types: dict[str, str]) -> None:
        self.index = PhraseIndex()
        self.types = types
        acronyms, words = set(), set()
        for entity in sorted(names):
            for name in sorted(names[entity], key=lambda n: (-len(n), n)):
                self.index.add(name, entity)
                (acronyms if _is_acronym(name) else words).add(phrase_keys(name))
        self._acronyms = acronyms - words  # keys only an acronym has: MOST (a ministry) is not "most"

    def written_as_named(self, match: Match, words) -> bool:
        """Whether a match is written as its name is: a name that is only an acronym (MOST, CAC) matches a word
        in capitals, never the common word it spells ("most", "Most")."""
        if match.first != match.last or (words[match.first].key,) not in self._acronyms:
            return True
        return _is_acronym(without_possessive(words[match.first].text))

    @classmethod
    def from_store(cls, store: KGStore) -> Gazetteer:
        """Every entity with its labels and aliases, as the store holds them now."""
        names: dict[str, list[str]] = {}
        for entity, name in entity_names(store):
            names.setdefault(entity, []).append(name)
        types = {str(k): v for k, v in entity_types(store).items()}
        return cls(names, types)

    def type_of(self, entity: str) -> str:
        """The entity's type name; new entities carry theirs after ``new:TYPE:``."""
        if entity.startswith("new:"):
            return entity.split(":", 2)[1]
        return self.types.get(entity, "")

    @staticmethod
    def slug(entity: str) -> str:
        return short_name(entity)


def _is_acronym(name: str) -> bool:
    """One word of two or more Latin capitals (digits allowed): BIS, MOST, MIIT, G42."""
    return " " not in name and len(name) >= 2 and name.isupper() and name.isascii()

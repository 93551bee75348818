"""The gazetteer is the graph itself: every entity's labels and aliases, in every language."""

from __future__ import annotations

from ..store.labels import short_name
from ..model.search import entity_names
from ..model.types import entity_types
from ..store.embedded import KGStore
from .phrases import PhraseIndex

__all__ = ["Gazetteer"]

ACTOR_TYPES = {"Person", "Company", "GovernmentBody", "State", "ThinkTank", "University", "Media", "Organization", "Actor"}
ORGANIZATION_TYPES = ACTOR_TYPES - {"Person", "Actor"}
PRODUCT_TYPES = {"Chip", "Product"}


class Gazetteer:
    """Names to entity IRIs, with each entity's type; built from a store."""

    def __init__(self, names: dict[str, list[str]], types: dict[str, str]) -> None:
        self.index = PhraseIndex()
        self.types = types
        for entity in sorted(names):
            for name in sorted(names[entity], key=lambda n: (-len(n), n)):
                self.index.add(name, entity)

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

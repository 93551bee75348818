"""Phrase lookup over tokens: a trie of matching keys, tolerant of Arabic clitics on every word."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..words import normalize
from .text import Token, tokens, variants

__all__ = ["PhraseIndex", "Match"]


@dataclass(frozen=True)
class Match:
    """Tokens ``first`` to ``last`` (inclusive) of a sentence matched a phrase carrying ``payload``."""

    first: int
    last: int
    payload: object


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The matching keys of a phrase's words."""
    found = tuple(t.key for t in tokens(phrase))
    return found or tuple(normalize(phrase).split())


class PhraseIndex:
    """Phrases (as word keys) mapped to payloads; ``find`` returns every match in a token list."""

    def __init__(self) -> None:
        self._root: dict = {}

    def add(self, phrase: str, payload: object) -> None:
        """Index ``phrase``; the first payload given for a phrase wins."""
        keys = phrase_keys(phrase)
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault(None, payload)

    def opens_with(self, key: str) -> bool:
        """True when some phrase starts with exactly this word key."""
        return key in self._root

    def extend(self, phrases: Iterable[str], payload: object) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def _walk(self, words: Sequence[Token], i: int, node: dict, found: list[tuple[int, object]]) -> None:
        if i >= len(words):
            return
        forms = variants(words[i].key)
        for form in forms:
            child = node.get(form)
            if child is None:
                continue
            if None in child:
                found.append((i, child[None]))
            self._walk(words, i + 1, child, found)

    def find(self, words: Sequence[Token]) -> list[Match]:
        """Every match, longest first at each start; callers pick non-overlapping ones."""
        matches = []
        for i in range(len(words)):
            found: list[tuple[int, object]] = []
            self._walk(words, i, self._root, found)
            for last, payload in sorted(found, key=lambda f: -f[0]):
                matches.append(Match(i, last, payload))
        return matches

    @staticmethod
    def longest(matches: list[Match]) -> list[Match]:
        """Non-overlapping matches, longer ones first, then leftmost."""
        chosen: list[Match] = []
        taken: set[int] = set()
        for match in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
            span = set(range(match.first, match.last + 1))
            if span & taken:
                continue
            chosen.append(match)
            taken |= span
        return sorted(chosen, key=lambda m: m.first)

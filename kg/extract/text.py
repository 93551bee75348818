"""Sentences, clauses and tokens with offsets into the original text, and matching keys.

Arabic matching ignores alef, yaa and taa-marbuta variants, tatweel and
diacritics, and strips the clitics و ف ب ل ك and the article ال that attach
to names (وبكين, لرويترز, لشركة). Offsets always refer to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..words import normalize

__all__ = ["Token", "Sentence", "tokens", "sentences", "detect_language", "variants"]

_WORD = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+"
_TOKEN = re.compile(rf"{_WORD}(?:[-'’.]{_WORD})*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"”»)]*\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[،؛;,:]")
_CLITICS = ("و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class Token:
    """A word with its offsets, its matching key and the clause it belongs to."""

    start: int
    end: int
    text: str
    key: str
    clause: int


@dataclass(frozen=True)
class Sentence:
    """A sentence's span and tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def detect_language(text: str) -> str:
    """``ar`` when Arabic letters make up a good part of the letters, else ``en``."""
    letters = [c for c in text[:20000] if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return "ar" if letters and arabic / len(letters) > 0.3 else "en"


def variants(key: str) -> list[str]:
    """A token's key and its forms without attached clitics and article (longest form first)."""
    forms = [key]
    word = key
    for _ in range(2):
        if len(word) > 2 and word[0] in _CLITICS:
            word = word[1:]
            forms.append(word)
    for form in list(forms):
        if form.startswith("ال") and len(form) > 3:
            forms.append(form[2:])
        if form.startswith("لل") and len(form) > 3:
            forms.append(form[2:])
    english = key[:-2] if key.endswith(("'s", "’s")) else None
    if english:
        forms.append(english)
    seen = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with offsets in ``text``; clause numbers count commas and the like."""
    end = len(text) if end is None else end
    found = []
    clause = 0
    position = start
    for match in _TOKEN.finditer(text, start, end):
        clause += len(_CLAUSE_BREAK.findall(text, position, match.start()))
        position = match.end()
        word = match.group()
        if word in ("لـ", "بـ"):
            continue
        base = re.sub(r"['’]s$", "", word)  # English possessive: Nvidia's → Nvidia
        found.append(Token(match.start(), match.end(), word, normalize(base).replace(" ", ""), clause))
    return found


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences split at . ! ? ؟ and line breaks (Arabic and English alike), one at a time,
    so a long text never holds all its tokens in memory."""
    position = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > position and text[position:match.start()].strip():
            yield Sentence(position, match.start(), tuple(tokens(text, position, match.start())))
        position = match.end()
    if text[position:].strip():
        yield Sentence(position, len(text), tuple(tokens(text, position)))

"""Sentences, clauses and tokens with offsets into the original text, and matching keys.

Arabic matching ignores alef, yaa and taa-marbuta variants, tatweel and
diacritics, and strips the clitics و ف ب ل ك and the article ال that attach
to names (وبكين, لرويترز, لشركة). Offsets always refer to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..words import normalize

__all__ = ["Token", "Sentence", "tokens", "sentences", "detect_language", "foreign_language", "variants", "without_possessive",
           "TITLE_ABBREVIATIONS"]

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


_ENGLISH_WORDS = frozenset("the of and to in a is that for on with as by at from it was said has have be are".split())


def foreign_language(text: str) -> str | None:
    """Why ``text`` reads as neither English nor Arabic (a third language, which the extractor would only
    misread), or None. A text of under 40 words is given the benefit of the doubt."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 200 or detect_language(sample) == "ar":
        return None
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if latin / len(letters) < 0.5:
        return "most of its letters are neither Latin nor Arabic"
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) >= 40 and sum(1 for w in words if w in _ENGLISH_WORDS) / len(words) < 0.04:
        return "it is in Latin letters but has almost none of the common English words"
    return None


@lru_cache(maxsize=65536)
def variants(key: str) -> tuple[str, ...]:
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
    return tuple(seen)


_POSSESSIVE = re.compile(r"['’]s$")


def without_possessive(word: str) -> str:
    """An English word without its possessive: Nvidia's → Nvidia, Department’s → Department."""
    return _POSSESSIVE.sub("", word)


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
        found.append(Token(match.start(), match.end(), word, normalize(without_possessive(word)).replace(" ", ""), clause))
    return found


# A full stop after these ends no sentence: titles before a name, months before a day, and the like.
_NEVER_ENDS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "adm", "sgt", "capt", "prof", "rev",
               "st", "jr", "sr", "vs", "sens", "reps", "gens", "govs", "messrs", "e.g", "i.e", "cf", "approx", "dept", "jan", "feb",
               "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pres", "amb", "atty", "sec"}
# The ones written before a name or a date, as they are capitalised: "Sens.", "Sept." (the parser's tokens).
TITLE_ABBREVIATIONS = tuple(sorted(w.capitalize() + "." for w in _NEVER_ENDS if "." not in w))
# Before a number only: "No. 5", "Fig. 2".
_BEFORE_NUMBER = {"no", "nos", "fig", "vol", "p", "pp"}
# After these (acronyms with dots, company suffixes) a sentence ends only when a word that starts sentences follows.
_MAY_END = {"inc", "corp", "co", "ltd", "plc", "llc", "bros", "etc"}
# A capitalised participle after an acronym opens a sentence ("... in the U.S. Backed by ...", "Citing ...").
_OPENS_WITH_VERB = re.compile(r"(?!United\b)[A-Z][a-z]*(?:-[a-z]+)?[a-z]{2,}(?:ed|ing)\b")
_STARTERS = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "but",
             "and", "or", "so", "yet", "in", "on", "at", "for", "as", "if", "while", "when", "after", "before", "however",
             "his", "her", "their", "our", "there", "here", "meanwhile", "still", "also", "now", "then", "last", "earlier",
             "later", "since", "until", "under", "with", "without", "according", "some", "many", "most", "both"}
_WORD_BEFORE = re.compile(r"([\w\u0600-\u06ff]+(?:\.[\w\u0600-\u06ff]+)*)\.$")


def _ends_sentence(text: str, at: int, following: int) -> bool:
    """Whether the full stop at ``at`` ends a sentence, given the next word starts at ``following``."""
    if text[at] != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, at - 40), at + 1)
    if not before:
        return True
    word = before.group(1).lower()
    next_word = re.match(r"[\w\u0600-\u06ff]+", text[following:following + 40])
    nxt = next_word.group(0) if next_word else ""
    if word in _NEVER_ENDS or word in _BEFORE_NUMBER and nxt[:1].isdigit():
        return False
    dotted = "." in word or (len(word) == 1 and word.isalpha())  # U.S., آر.تي.إكس, an initial
    if dotted or word in _MAY_END:
        return not nxt or nxt[0].isupper() and (nxt.lower() in _STARTERS or _OPENS_WITH_VERB.match(text, following) is not None)
    return True


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences split at . ! ? ؟ and line breaks (Arabic and English alike), one at a time, so a long
    text never holds all its tokens in memory. A full stop after an abbreviation (Mr., Sen., Aug., U.S.,
    Corp., آر.تي.إكس) ends no sentence, unless, after an acronym or a company suffix, a word that starts
    sentences follows ("... in the U.S. The company ...")."""
    position = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start() - 1
        while stop > position and text[stop] in "\"”»)":
            stop -= 1
        if "\n" not in match.group() and stop >= 0 and not _ends_sentence(text, stop, match.end()):
            continue
        if match.start() > position and text[position:match.start()].strip():
            yield Sentence(position, match.start(), tuple(tokens(text, position, match.start())))
        position = match.end()
    if text[position:].strip():
        yield Sentence(position, len(text), tuple(tokens(text, position)))

"""Arabic stems for trigger matching: Snowball's light stemmer (BSD), then the imperfect prefix it leaves.

Snowball strips the article, clitics, the future سـ and the suffixes (وافقت, موافقتها → وافق, موافق); what
is left of an imperfect verb keeps its prefix (يسمح, تعارض), so a stem without its first ي ت ن ا is a
candidate too. Stems are compared as matching keys (``kg.words.normalize``), so أيد and ايد are one.
"""

from __future__ import annotations

from functools import cache, lru_cache

from ..words import normalize

__all__ = ["stems"]

_IMPERFECT = "يتنا"


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("arabic")


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The candidate stems of an Arabic word, as matching keys (longest first)."""
    stem = normalize(_stemmer().stemWord(word))
    found = [stem]
    if len(stem) >= 4 and stem[0] in _IMPERFECT:
        found.append(stem[1:])
    if len(stem) >= 5 and stem.endswith("ا"):  # tanween alif: تقييدا
        found.append(stem[:-1])
    return tuple(found)

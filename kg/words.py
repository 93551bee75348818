"""Text normalization for matching names across spellings and scripts.

Used to look entities up by label or alias: ``normalize("هوانج")`` and
``normalize("هوانغ")`` differ, but alef, yaa and taa-marbuta variants,
diacritics, tatweel and letter case do not count.
"""

import re
import unicodedata

__all__ = ["normalize", "counted", "change_in_words"]

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_PUNCT_OR_SPACE = re.compile(r"[\s\"'`’‘“”«»().,،:;!?؟\-–—_/]+")


def normalize(text: str) -> str:
    """A matching key: NFKC, case-folded, Arabic letter variants unified, punctuation collapsed.

    >>> normalize("Jensen  HUANG") == normalize("jensen huang")
    True
    >>> normalize("إنفيديا") == normalize("انفيديا")
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTERS)
    return _PUNCT_OR_SPACE.sub(" ", text).strip()


def change_in_words(change: int) -> str:
    """What an update did to the store, in words: ``1 triple added``, ``3 triples removed``.

    >>> change_in_words(1), change_in_words(-3), change_in_words(0)
    ('1 triple added', '3 triples removed', 'no triple added or removed')
    """
    if not change:
        return "no triple added or removed"
    return f"{counted(abs(change), 'triple')} {'added' if change > 0 else 'removed'}"


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count in words: ``1 source``, ``2 sources``, ``1 entity``, ``3 entities``.

    >>> counted(1, "claim"), counted(36, "claim"), counted(2, "entity")
    ('1 claim', '36 claims', '2 entities')
    """
    if n == 1:
        return f"{n} {word}"
    return f"{n} {plural or (word[:-1] + 'ies' if word.endswith('y') and word[-2:-1] not in 'aeiou' else word + 's')}"

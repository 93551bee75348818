"""Text normalization for matching names across spellings and scripts.

Used to look entities up by label or alias: ``normalize("هوانج")`` and
``normalize("هوانغ")`` differ, but alef, yaa and taa-marbuta variants,
diacritics, tatweel and letter case do not count.
"""

import re
import unicodedata

__all__ = ["normalize", "counted", "change_in_words", "utf8_text"]

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


def utf8_text(raw: bytes, name: str, what: str, error: type[Exception]) -> str:
    """The text of a file read as bytes, or ``error`` in one line for a binary or non-UTF-8 file
    (``what`` says what the file should have been: "a SPARQL query")."""
    if b"\x00" in raw[:8192]:
        raise error(f"{name}: a binary file, not {what}; give a UTF-8 text file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{name}: not UTF-8 (byte {err.start}); convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8.") from err

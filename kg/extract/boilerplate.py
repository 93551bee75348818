"""What in a news page is not the article: date and time stamps, bylines, photo credits and captions,
"Read more" and sign-up lines, site headers, and the list of other headlines a page ends with.

:func:`boilerplate_spans` gives the character spans to skip; the text itself is never changed, so every
offset of a proposal still points into what was ingested. English and Arabic alike.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .text import Sentence, sentences

__all__ = ["boilerplate_spans", "article_sentences"]

_LINE = re.compile(r"[^\n]*\n?")
# A stamp at the start of a line: "date 2025-08-12", "2025-08-12", "Aug. 12, 2025", "5 hours ago", "منذ 5 ساعات".
_STAMP = re.compile(
    r"^\s*(?:(?:date|updated|published|posted)\s*:?\s*)?"
    r"(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d+\s+(?:minutes?|hours?|days?)\s+ago(?:\s+\d+)?"
    r"|منذ\s+\d+\s+\S+)\s*", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:by|written by|reporting by|editing by|compiled by|reported by)\s+[A-Z]", re.IGNORECASE)
_BYLINE_AR = re.compile(r"^\s*(?:كتب|كتبت|بقلم|تحرير|إعداد|اعداد)\s")
_META = re.compile(r"^\s*(?:published|updated|last updated|posted|نشر بتاريخ|تاريخ النشر|آخر تحديث|اخر تحديث)\b",
                   re.IGNORECASE)
_CREDIT = re.compile(r"getty images|shutterstock|\bap photo\b|\bphoto(?:graph)?\s*(?:by|:)|\bimage\s*(?:by|:)|"
                     r"\bcredit\s*:|\bfile photo\b|صورة أرشيفية|أرشيفية|\(صورة\)|مصدر الصورة", re.IGNORECASE)
_NAVIGATION = re.compile(r"^\s*(?:also read|read more|read also|related|recommended|more from|sign up|subscribe|"
                         r"newsletter|advertisement|share this|follow us|click here|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|"
                         r"اقرأ المزيد|شاهد أيضا|شاهد أيضاً|اشترك|تابعونا|إعلان)\b\W*", re.IGNORECASE)
_LIST_HEADER = re.compile(r"^\s*(?:also read|read more|read also|related|recommended|more from|اقرأ أيضا|اقرأ أيضاً|"
                          r"اقرأ ايضا|اقرأ المزيد|شاهد أيضا|شاهد أيضاً)\W*$", re.IGNORECASE)
_SITE = re.compile(r"^\s*(?:موقع|اخبار|أخبار|الرئيسية|home|news)\b", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?؟\"”»:]\s*$")


def _words(line: str) -> int:
    return len(line.split())


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of ``text`` that are page furniture, not reporting, in order."""
    lines = []  # (start, end, text) of each non-empty line
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        line = match.group().rstrip("\n")
        if line.strip():
            lines.append((match.start(), match.start() + len(line), line))
    spans: list[tuple[int, int]] = []
    after_header = 0  # lines still to drop after a "Read more" header
    for start, end, line in lines:
        words = _words(line)
        if after_header and words <= 15 and not _ENDS_SENTENCE.search(line):
            spans.append((start, end))
            after_header -= 1
            continue
        after_header = 0
        if _LIST_HEADER.match(line):
            spans.append((start, end))
            after_header = 6
        elif (_NAVIGATION.match(line) and words <= 12) or (_CREDIT.search(line) and words <= 15) \
                or (_META.match(line) and words <= 12) or (_BYLINE.match(line) and words <= 12) \
                or (_BYLINE_AR.match(line) and words <= 20) or (_SITE.match(line) and words <= 6):
            spans.append((start, end))
        else:
            stamp = _STAMP.match(line)
            if stamp and stamp.end() > 0:
                rest = line[stamp.end():]
                byline = (_BYLINE_AR.match(rest) or _BYLINE.match(rest)) and _words(rest) <= 20
                spans.append((start, end if byline else start + stamp.end()))
    trailing = []  # a page's closing list of other headlines: three or more short lines, no full stops
    for start, end, line in reversed(lines):
        if _words(line) <= 15 and not _ENDS_SENTENCE.search(line):
            trailing.append((start, end))
        else:
            break
    if len(trailing) >= 3 and len(trailing) < len(lines):
        spans += trailing
    return sorted(set(spans))


def article_sentences(text: str) -> Iterator[Sentence]:
    """The sentences of ``text`` without its boilerplate: a sentence all furniture is left out, one that
    opens with a stamp starts after it. Offsets stay those of ``text``."""
    spans = boilerplate_spans(text)
    starts = [start for start, _ in spans]

    def inside(position: int) -> bool:
        at = bisect.bisect_right(starts, position) - 1
        return at >= 0 and spans[at][0] <= position < spans[at][1]

    for sentence in sentences(text):
        if not spans:
            yield sentence
            continue
        kept = tuple(token for token in sentence.tokens if not inside(token.start))
        if len(kept) == len(sentence.tokens):
            yield sentence
        elif kept:
            yield Sentence(kept[0].start, sentence.end, kept)

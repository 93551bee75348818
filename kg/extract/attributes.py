"""A faster match for the spaCy pipeline's attribute ruler, with the same result.

The English model maps fine-grained tags to parts of speech, features and a few lemmas through an
``AttributeRuler`` of some 180 one- and two-token patterns. spaCy runs them through its general
``Matcher``, which tries every pattern at every token and calls Python for each set or regular
expression test: on news sentences that is as long as the parse itself. The patterns only ever test a
token's tag, lower-case form, dependency label and whether it is a space, so :func:`speed_up` indexes
them by tag and form and tests each token against the few that can match, then sets the attributes in
the ruler's own order (later patterns win). A ruler with any other kind of pattern is left as it is.
"""

from __future__ import annotations

import re

__all__ = ["speed_up", "RulerMatch"]

# The token attributes the indexed patterns may test, as named in a Matcher pattern.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")


def speed_up(ruler) -> bool:
    """Make ``ruler`` (a spaCy ``AttributeRuler``) match through :class:`RulerMatch`; False when one of
    its patterns tests something else, or this spaCy lacks the attribute setter the ruler uses (the ruler
    keeps spaCy's matcher then: a faster match is never a reason to lose the parse)."""
    try:
        match = RulerMatch(ruler)
    except (ValueError, ImportError):
        return False
    ruler.match = match.match
    ruler.set_annotations = match.set_annotations
    return True


class RulerMatch:
    """The ruler's patterns, indexed by the first token's tag and lower-case form; which one-token
    patterns a token passes, and which longer ones may start at it, is kept by its tag, form, label and
    spacing, which repeat in any text."""

    def __init__(self, ruler):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        self._strings = ruler.vocab.strings
        self._columns = [TAG, LOWER, DEP, IS_SPACE]
        self._attrs, self._indices, self._set = ruler.attrs, ruler.indices, set_token_attrs
        self._keys = [self._strings.add(str(rule)) for rule in range(len(ruler.attrs))]
        self._one, self._longer = _Index(), _Index()
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tokens = [self._token_tests(token) for token in pattern]
                (self._one if len(tokens) == 1 else self._longer).add(rule, tokens)
        self._passed: dict[tuple, tuple[list, list]] = {}

    def _token_tests(self, token: dict) -> list[tuple[int, str, object]]:
        """(column, kind, value) for one pattern token; ValueError for anything this match cannot do."""
        tests = []
        for name, value in token.items():
            if name not in _TESTED:
                raise ValueError(name)
            column = _TESTED.index(name)
            if name == "IS_SPACE":
                if not isinstance(value, bool):
                    raise ValueError(name)
                tests.append((column, "is", int(value)))
            elif isinstance(value, str):
                tests.append((column, "is", self._strings.add(value)))
            elif isinstance(value, dict) and list(value) in (["IN"], ["NOT_IN"]):
                kind, = value
                tests.append((column, kind, frozenset(self._strings.add(v) for v in value[kind])))
            elif isinstance(value, dict) and list(value) == ["REGEX"]:
                tests.append((column, "REGEX", re.compile(value["REGEX"])))
            else:
                raise ValueError(name)
        return tests

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` gives: (rule, rule key, start, end), in rule order."""
        rows = [tuple(row) for row in doc.to_array(self._columns).tolist()] if len(doc) else []
        if len(self._passed) > 200_000:  # a bound on what a long run keeps
            self._passed.clear()
        found = []
        for start, row in enumerate(rows):
            known = self._passed.get(row)
            if known is None:
                known = self._passed[row] = ([rule for rule, (tests,) in self._one.candidates(row)
                                              if self._passes(row, tests)],
                                             [(rule, tokens) for rule, tokens in self._longer.candidates(row)
                                              if self._passes(row, tokens[0])])
            passed, longer = known
            for rule in passed:
                found.append((rule, self._keys[rule], start, start + 1))
            for rule, tokens in longer:
                end = start + len(tokens)
                if end <= len(rows) and all(self._passes(rows[start + k], tokens[k]) for k in range(1, len(tokens))):
                    found.append((rule, self._keys[rule], start, end))
        found.sort()
        return found

    def _passes(self, row: tuple, tests: list) -> bool:
        for column, kind, value in tests:
            seen = row[column]
            if kind == "is":
                if seen != value:
                    return False
            elif kind == "IN":
                if seen not in value:
                    return False
            elif kind == "NOT_IN":
                if seen in value:
                    return False
            elif not value.search(self._strings[seen] if seen else ""):
                return False
        return True

    def set_annotations(self, doc, matches) -> None:
        """Set each matched rule's attributes on its token, later rules over earlier ones."""
        for rule, _, start, end in matches:
            index = self._indices[rule]
            self._set(doc[start + index if index >= 0 else end + index], self._attrs[rule])


class _Index:
    """Patterns filed under every (tag, form), tag or form their first token can have."""

    def __init__(self):
        self._by_both: dict[tuple[int, int], list] = {}
        self._by_tag: dict[int, list] = {}
        self._by_form: dict[int, list] = {}
        self._anywhere: list = []

    def add(self, rule: int, tokens: list) -> None:
        first = {column: (kind, value) for column, kind, value in tokens[0]}
        tags, forms = _values(first.get(0)), _values(first.get(1))
        entry = (rule, tokens)
        if tags and forms:
            for tag in tags:
                for form in forms:
                    self._by_both.setdefault((tag, form), []).append(entry)
        elif tags or forms:
            index = self._by_tag if tags else self._by_form
            for value in tags or forms:
                index.setdefault(value, []).append(entry)
        else:
            self._anywhere.append(entry)

    def candidates(self, row: tuple) -> list:
        """The patterns that may match at a token, each once."""
        tag, form = row[0], row[1]
        return (self._by_both.get((tag, form), []) + self._by_tag.get(tag, []) + self._by_form.get(form, [])
                + self._anywhere)


def _values(test) -> list[int]:
    """The string hashes a first-token test accepts, or none when it is not a fixed value or set."""
    if test is None:
        return []
    kind, value = test
    return [value] if kind == "is" else sorted(value) if kind == "IN" else []

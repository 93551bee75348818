"""Curated facts (reviewed YAML) to RDF, checked entry by entry.

``entities.yaml`` lists every actor, product and policy; each file under
``claims/`` holds one source article and the claims coded from it. Any problem
raises ``CurationError`` naming the file, the entry and the fix, before
anything is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO

from ..errors import CurationError, one_line
from .schema import Ontology
from ..vocab import ENTITIES_GRAPH, KG, REFERENCE_GRAPH, claim_iri, entity_iri, source_iri

__all__ = ["CuratedData", "load_curated"]

_METHODS = {"curated": KG.Curated, "rule": KG.RuleExtraction, "import": KG.Import}
_STATUSES = {"proposed": KG.Proposed, "accepted": KG.Accepted, "rejected": KG.Rejected}
_POLARITIES = {"support": KG.Support, "oppose": KG.Oppose}
_REQUIRED_LANGS = ("en", "ar")
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass
class CuratedData:
    """The curated graphs, keyed by named-graph IRI, plus what they hold."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    entities: int = 0
    claims: int = 0
    sources: int = 0


def _read_yaml(path: Traversable) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CurationError(f"{path}: not valid YAML ({one_line(err)}). Fix the syntax and run kg build again.") from err


class _Checker:
    """Raises ``CurationError`` that names the file and the entry."""

    def __init__(self, path: Traversable) -> None:
        self.path = path

    def fail(self, entry: str, problem: str) -> None:
        raise CurationError(f"{self.path}: {entry}: {problem}")

    def text(self, entry: str, record: dict, key: str, required: bool = True) -> str | None:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(entry, f"missing '{key}'; add it to the entry.")
            return None
        if not isinstance(value, (str, int, float)):
            self.fail(entry, f"'{key}' must be text, not {type(value).__name__}.")
        return str(value)

    def date(self, entry: str, record: dict, key: str) -> Literal | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return Literal(value.isoformat(), datatype=XSD.date)
        try:
            return Literal(dt.date.fromisoformat(str(value)).isoformat(), datatype=XSD.date)
        except ValueError:
            self.fail(entry, f"'{key}' is {value!r}, not a date; write it as YYYY-MM-DD.")

    def per_language(self, entry: str, record: dict, key: str) -> dict[str, Any]:
        value = record.get(key) or {}
        if not isinstance(value, dict):
            self.fail(entry, f"'{key}' must map language codes to text, e.g. {{en: ..., ar: ...}}.")
        for lang in value:
            if not isinstance(lang, str) or not _LANGUAGE_TAG.match(lang):
                self.fail(entry, f"'{key}' has {lang!r} where a language code (en, ar, zh) belongs; "
                          "quote text that contains a comma.")
        return value


def _load_entities(path: Traversable, ontology: Ontology, graph: Graph, slugs: dict[str, URIRef], links: list[tuple]) -> None:
    """Read one file of entities into ``graph``; ids go to ``slugs``, links to other ids to ``links``."""
    check = _Checker(path)
    document = _read_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        check.fail("top level", "expected a list under 'entities:'.")
    for position, record in enumerate(document["entities"], start=1):
        if not isinstance(record, dict):
            check.fail(f"entity #{position}", "expected a mapping with id, type and labels.")
        slug = check.text(f"entity #{position}", record, "id")
        entry = f"entity '{slug}'"
        if not ontology.is_slug(slug):
            check.fail(entry, "an id uses lower-case letters, digits and hyphens only, e.g. jensen-huang.")
        if slug in slugs:
            check.fail(entry, "this id is used twice (here or in another entities file); give each entity its own id.")
        type_name = check.text(entry, record, "type")
        cls = ontology.entity_class(type_name)
        if cls is None:
            check.fail(entry, f"unknown type '{type_name}'; use one of: {', '.join(ontology.entity_class_names())}.")
        iri = entity_iri(slug)
        slugs[slug] = iri
        graph.add((iri, RDF.type, cls))
        labels = check.per_language(entry, record, "labels")
        for lang in _REQUIRED_LANGS:
            if not str(labels.get(lang) or "").strip():
                check.fail(entry, f"missing the '{lang}' label; add labels: {{{lang}: ...}}.")
        for lang, label in sorted(labels.items()):
            graph.add((iri, SKOS.prefLabel, Literal(str(label).strip(), lang=lang)))
        for lang, aliases in sorted(check.per_language(entry, record, "aliases").items()):
            if not isinstance(aliases, list):
                check.fail(entry, f"aliases for '{lang}' must be a list, e.g. [Huang, هوانج].")
            for alias in aliases:
                graph.add((iri, SKOS.altLabel, Literal(str(alias).strip(), lang=lang)))
        for lang, text in sorted(check.per_language(entry, record, "description").items()):
            graph.add((iri, RDFS.comment, Literal(str(text).strip(), lang=lang)))
        for key, prop in (("start", KG.startDate), ("end", KG.endDate)):
            value = check.date(entry, record, key)
            if value is not None:
                graph.add((iri, prop, value))
        roles = check.per_language(entry, record, "role")
        if roles and type_name != "Person":
            check.fail(entry, "only a Person holds a role; remove 'role' or make the entity a Person.")
        for lang, text in sorted(roles.items()):
            graph.add((iri, KG.role, Literal(str(text).strip(), lang=lang)))
        for key, prop in (("part_of", KG.partOf), ("contrary_to", KG.contraryTo), ("role_in", KG.roleIn)):
            targets = record.get(key) or []
            for target in targets if isinstance(targets, list) else [targets]:
                links.append((check, entry, key, graph, iri, prop, target))


def _link(slugs: dict[str, URIRef], links: list[tuple]) -> None:
    """Add the part_of, contrary_to and role_in links, once every file's ids are known."""
    for check, entry, key, graph, iri, prop, target in links:
        if target not in slugs:
            check.fail(entry, f"{key} '{target}' is not an entity id in curated/entities.yaml or reference/; add it or fix the id.")
        graph.add((iri, prop, slugs[target]))


def _entity(check: _Checker, entry: str, slugs: dict[str, URIRef], key: str, value: Any) -> URIRef:
    if not isinstance(value, str) or value not in slugs:
        check.fail(entry, f"{key} '{value}' is not an entity id in entities.yaml; add the entity or fix the id.")
    return slugs[value]


def _load_claims(
    path: Traversable, texts: Traversable, ontology: Ontology, slugs: dict[str, URIRef], data: CuratedData
) -> None:
    check = _Checker(path)
    document = _read_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("source"), dict):
        check.fail("top level", "expected a 'source:' mapping and a 'claims:' list.")
    meta = document["source"]
    source_slug = check.text("source", meta, "id")
    if not ontology.is_slug(source_slug):
        check.fail("source", "the source id uses lower-case letters, digits and hyphens only.")
    text_name = check.text("source", meta, "text")
    text_file = texts / text_name
    if not text_file.is_file():
        check.fail("source", f"text file '{text_name}' is not in {texts}; put the article's text there.")
    text = text_file.read_text(encoding="utf-8")
    language = check.text("source", meta, "language")
    source = source_iri(source_slug)
    graph = Graph()
    graph.add((source, RDF.type, KG.Source))
    titles = check.per_language("source", meta, "title")
    if not titles:
        check.fail("source", "missing 'title'; add title: {en: ..., ar: ...}.")
    for lang, title in sorted(titles.items()):
        graph.add((source, DCTERMS.title, Literal(str(title), lang=lang)))
    graph.add((source, DCTERMS.language, Literal(language)))
    graph.add((source, KG.contentHash, Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())))
    for author in meta.get("authors") or []:
        graph.add((source, DCTERMS.creator, _entity(check, "source", slugs, "author", author)))
    if meta.get("publisher"):
        graph.add((source, DCTERMS.publisher, _entity(check, "source", slugs, "publisher", meta["publisher"])))
    published = check.date("source", meta, "published")
    if published is not None:
        graph.add((source, DCTERMS.issued, published))
    for key, prop in (("series", DCTERMS.isPartOf), ("note", RDFS.comment)):
        if meta.get(key):
            graph.add((source, prop, Literal(str(meta[key]), lang="en")))
    if meta.get("url"):
        graph.add((source, SDO.url, URIRef(str(meta["url"]))))

    method = _METHODS.get(str(document.get("method", "curated")))
    status = _STATUSES.get(str(document.get("status", "accepted")))
    if method is None or status is None:
        check.fail("top level", f"method must be one of {sorted(_METHODS)} and status one of {sorted(_STATUSES)}.")
    default_attribution = list(meta.get("authors") or [])
    claims = document.get("claims")
    if not isinstance(claims, list) or not claims:
        check.fail("top level", "expected a non-empty list under 'claims:'.")
    seen: set[str] = set()
    for position, record in enumerate(claims, start=1):
        if not isinstance(record, dict):
            check.fail(f"claim #{position}", "expected a mapping with id, subject, relation, object and quote.")
        claim_id = check.text(f"claim #{position}", record, "id")
        entry = f"claim '{claim_id}'"
        if claim_id in seen or not ontology.is_slug(claim_id):
            check.fail(entry, "claim ids are unique within a file and use lower-case letters, digits and hyphens.")
        seen.add(claim_id)
        subject = _entity(check, entry, slugs, "subject", record.get("subject"))
        obj = _entity(check, entry, slugs, "object", record.get("object"))
        relation_name = check.text(entry, record, "relation")
        relation = ontology.relation(relation_name)
        if relation is None:
            check.fail(entry, f"unknown relation '{relation_name}'; use one of: {', '.join(ontology.relation_names())}.")
        quote = check.text(entry, record, "quote")
        start, end = record.get("start"), record.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            check.fail(entry, "'start' and 'end' must be the quote's character offsets (integers).")
        if text[start:end] != quote:
            found = text.find(quote)
            hint = f"it is at start: {found}, end: {found + len(quote)}" if found >= 0 else f"it is not in {text_name} at all"
            check.fail(entry, f"the quote is not at {start}..{end} of {text_name}; {hint}. Copy the exact words and offsets.")
        claim = claim_iri(source_slug, claim_id)
        triples = [
            (RDF.type, KG.Claim),
            (RDF.subject, subject),
            (RDF.predicate, relation),
            (RDF.object, obj),
            (KG.quote, Literal(quote, lang=language)),
            (KG.quoteStart, Literal(start, datatype=XSD.integer)),
            (KG.quoteEnd, Literal(end, datatype=XSD.integer)),
            (KG.source, source),
            (KG.method, method),
            (KG.reviewStatus, status),
        ]
        if record.get("translation"):
            triples.append((KG.quoteTranslation, Literal(str(record["translation"]), lang="en")))
        attributed = record.get("attributed_to", default_attribution)
        if not isinstance(attributed, list):
            check.fail(entry, "'attributed_to' must be a list of entity ids, e.g. [reuters].")
        triples += [(KG.attributedTo, _entity(check, entry, slugs, "attributed_to", a)) for a in attributed]
        for lang, words in sorted(check.per_language(entry, record, "attribution").items()):
            triples.append((KG.attribution, Literal(str(words), lang=lang)))
        if record.get("era") is not None:
            triples.append((KG.era, _entity(check, entry, slugs, "era", record["era"])))
        for key, prop in (("start_date", KG.startDate), ("end_date", KG.endDate)):
            value = check.date(entry, record, key)
            if value is not None:
                triples.append((prop, value))
        polarity = record.get("polarity")
        if polarity is not None:
            if polarity not in _POLARITIES:
                check.fail(entry, f"polarity '{polarity}' must be 'support' or 'oppose'.")
            triples.append((KG.polarity, _POLARITIES[polarity]))
        elif ontology.is_stance(relation):
            check.fail(entry, f"'{relation_name}' is a stance; add polarity: support or polarity: oppose.")
        try:
            confidence = Decimal(str(record.get("confidence")))
        except InvalidOperation:
            confidence = Decimal(-1)
        if not Decimal(0) <= confidence <= Decimal(1):
            check.fail(entry, f"confidence {record.get('confidence')!r} must be a number from 0 to 1.")
        triples.append((KG.confidence, Literal(confidence, datatype=XSD.decimal)))
        flags = {}
        for key, prop in (("negated", KG.negated), ("hypothetical", KG.hypothetical)):
            value = record.get(key, False)
            if not isinstance(value, bool):
                check.fail(entry, f"'{key}' must be true or false.")
            flags[key] = value
            triples.append((prop, Literal(value)))
        for p, o in triples:
            graph.add((claim, p, o))
        if not flags["negated"] and status == KG.Accepted:
            graph.add((subject, relation, obj))  # the direct, "truthy" edge
        data.claims += 1
    data.graphs[source] = graph
    data.sources += 1


def load_curated(directory: Traversable | Path | None = None) -> CuratedData:
    """Read and check the curated data; ``directory`` defaults to the bundled ``kg/data``.

    The folder holds ``curated/entities.yaml``, ``curated/claims/*.yaml``, the
    source texts under ``sources/`` and the reference layer under ``reference/``
    (entities only, in their own named graph).
    """
    from ..datafiles import data_path

    root = Path(directory) if directory is not None else data_path()
    ontology = Ontology.bundled()
    data = CuratedData()
    entities_file = root / "curated" / "entities.yaml"
    if not entities_file.is_file():
        raise CurationError(f"{entities_file} is missing; the curated data folder needs curated/entities.yaml.")
    slugs: dict[str, URIRef] = {}
    links: list[tuple] = []
    data.graphs[ENTITIES_GRAPH] = Graph()
    _load_entities(entities_file, ontology, data.graphs[ENTITIES_GRAPH], slugs, links)
    reference = root / "reference"
    if reference.is_dir():
        data.graphs[REFERENCE_GRAPH] = Graph()
        for path in sorted((f for f in reference.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
            _load_entities(path, ontology, data.graphs[REFERENCE_GRAPH], slugs, links)
    _link(slugs, links)
    data.entities = len(slugs)
    claim_files = sorted((f for f in (root / "curated" / "claims").iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    for claim_file in claim_files:
        _load_claims(claim_file, root / "sources", ontology, slugs, data)
    return data

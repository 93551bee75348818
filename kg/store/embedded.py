"""Stores: in memory or embedded on disk (Oxigraph), used through the rdflib API.

Every graph lives in a named graph; queries see the union of all of them as
the default graph. Writes go through pyoxigraph's transactional calls, because
oxrdflib's ``commit``/``rollback`` are no-ops: a write that fails leaves the
store exactly as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from typing import TYPE_CHECKING

from .cache import DiskCache, answer_key, store_version
from .remote import RemoteStore, Solutions, is_remote, open_remote
from .ordering import rdflib_parts, sort_rows, sorted_after, split_order_by
from ..errors import QueryFailed, StoreCorrupt, StoreInUse, StoreNotFound, one_line
from .syntax import check_depth, syntax_error
from .terms import bind_values, ox_term, rdflib_graph, values_block
from ..prefixes import PREFIX_IRIS

if TYPE_CHECKING:  # rdflib is imported where a method needs it: reading on pyoxigraph never does
    from rdflib import Dataset, Graph, URIRef
    from rdflib.query import Result

__all__ = ["MEMORY", "KGStore", "open_store", "default_store_path"]

MEMORY = ":memory:"
"""The store location that means a fresh in-memory store."""

_STAGING = "urn:kg:staging:"
_COMPLETE = "KG-STAGED-COMPLETE"


def default_store_path() -> Path:
    """Where the embedded store lives unless ``--store`` or ``KG_STORE`` say otherwise.

    ``$KG_STORE``, else ``$XDG_DATA_HOME/chip-kg/store``, else
    ``~/.local/share/chip-kg/store``.
    """
    if os.environ.get("KG_STORE"):
        return Path(os.environ["KG_STORE"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "chip-kg" / "store"


def _dataset(oxstore: ox.Store) -> Dataset:
    """An rdflib Dataset over a pyoxigraph store, default graph = union of all graphs."""
    from oxrdflib import OxigraphStore  # imports rdflib's SPARQL parser (~100 ms): only commands that need rdflib pay it
    from rdflib import Dataset

    dataset = Dataset(store=OxigraphStore(store=oxstore), default_union=True)
    for prefix, namespace in PREFIX_IRIS.items():
        dataset.bind(prefix, namespace)
    return dataset


def _select_result(variables: list, rows: list) -> Result:
    """An rdflib SELECT result holding ``rows`` in the given order."""
    from rdflib.query import Result

    result = Result("SELECT")
    result.vars = variables
    result.bindings = [{v: term for v, term in zip(variables, row) if term is not None} for row in rows]
    return result


class KGStore:
    """A dataset of named graphs with transactional writes.

    ``dataset`` is an rdflib ``Dataset`` whose default graph is the union of
    all named graphs, so every rdflib and SPARQL 1.1 feature works on it.
    """

    def __init__(self, oxstore: ox.Store, location: str, *, writable: bool, version: str | None = None) -> None:
        self._ox = oxstore
        self.location = location
        self.writable = writable
        self.version = version  # the files' fingerprint when opened read-only from disk (kg.cache), else None
        self.answers: DiskCache | None = None  # where answers are kept per version (set by the CLI), else None
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        """The rdflib view of the store, made on first use (rdflib's SPARQL machinery is slow to import)."""
        if self._dataset is None:
            self._dataset = _dataset(self._ox)
        return self._dataset

    def _close_dataset(self) -> None:
        if self._dataset is not None:
            self._dataset.close()  # oxrdflib drops its reference to the pyoxigraph store
            self._dataset = None

    # Reading

    def __len__(self) -> int:
        """Number of quads in the store."""
        return len(self._ox)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store as pyoxigraph terms (fast; staging graphs left out)."""
        for quad in self._ox.quads_for_pattern(None, None, None, None):
            if not (isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(_STAGING)):
                yield quad

    def quads_matching(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[ox.Quad]:
        """Quads matching a pattern of pyoxigraph terms (None matches anything), straight from the index."""
        return self._ox.quads_for_pattern(subject, predicate, obj, graph)

    def count_matching(self, subject=None, predicate=None, obj=None) -> int:
        """How many quads match a pattern of pyoxigraph terms, counted inside Oxigraph (no quad reaches Python)."""
        bound = {name: term for name, term in (("s", subject), ("p", predicate), ("o", obj)) if term is not None}
        rows = self._ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {values_block(bound)} GRAPH ?g {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))[0].value)

    def graph_names(self) -> list[URIRef]:
        """The named graphs, sorted."""
        from rdflib import URIRef

        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if not g.value.startswith(_STAGING))

    def graph(self, name: URIRef) -> Graph:
        """An in-memory copy of one named graph."""
        return rdflib_graph(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

    def union_graph(self) -> Graph:
        """An in-memory copy of every triple of every graph (the default union graph)."""
        everything = self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return rdflib_graph(everything, prefixes=True)

    def query(self, text: str, bindings: Mapping[str, object] | None = None):
        """Run a SPARQL query through rdflib, with the ontology's prefixes predeclared and values bound.

        A final ORDER BY is done in Python after the engine (see ``kg.ordering``)."""
        def run(query_text: str) -> Result:
            return self.dataset.query(query_text, initNs=dict(PREFIX_IRIS), initBindings=dict(bindings or {}))

        check_depth(text)
        try:
            split = split_order_by(text)
            if split is None:
                return run(text)
            result = run(split[0])
            if result.type != "SELECT":
                return result  # without LIMIT, ORDER BY changes no ASK, CONSTRUCT or DESCRIBE answer
            ordered = sort_rows(result, [str(v) for v in result.vars], split[1], rdflib_parts)
            if ordered is None:  # ordered by a variable it does not project: let the engine sort
                return run(text)
            return _select_result(result.vars, ordered)
        except SyntaxError as err:
            raise syntax_error(text, err) from err
        except (OSError, RuntimeError) as err:
            raise QueryFailed(f"The query failed: {one_line(err)}") from err

    def select(self, text: str, bindings: Mapping[str, object] | None = None,
               unread: bool = False) -> Solutions | ox.QuerySolutions:
        """Run a SELECT straight on Oxigraph and get every row as pyoxigraph terms: what ``kg query``
        prints. No rdflib conversion (about 30% of a large answer's time); values are bound in a
        VALUES block; a final ORDER BY is done in Python (see ``kg.ordering``). With ``unread``, an
        answer with no final ORDER BY comes back as Oxigraph's unread solutions, for its own
        serializers (the caller reads them, and meets any error of the engine while it does)."""
        check_depth(text)
        try:
            solutions = sorted_after(lambda q: self.solutions(bind_values(q, bindings) if bindings else q), text)
            if isinstance(solutions, ox.QuerySolutions) and unread:
                return solutions
            if isinstance(solutions, ox.QuerySolutions):  # unsorted: every row read here, inside the error handling
                solutions = Solutions([v.value for v in solutions.variables], [tuple(row) for row in solutions])
            if not isinstance(solutions, Solutions):
                raise QueryFailed("This query is not a SELECT; run it with KGStore.query.")
            return solutions
        except SyntaxError as err:
            raise syntax_error(text, err) from err
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryFailed(f"The query failed: {one_line(err)}") from err

    def solutions(self, text: str, keep: bool = False) -> ox.QuerySolutions:
        """Run a SELECT straight on Oxigraph and get its terms unconverted: the fast path for
        library code that reads many rows (rdflib term conversion costs ~10 µs a term).

        With ``keep``, the rows are kept in ``answers`` under the store's version
        (kg.cache) and read back from there next time: a large read (every claim
        of kg analyze) then costs a parse of its SPARQL TSV results, not a join."""
        def run() -> ox.QuerySolutions:
            return self._ox.query(text, use_default_graph_as_union=True, prefixes=PREFIX_IRIS)

        if not (keep and self.answers is not None and self.version):
            return run()
        key = answer_key(self.location, self.version, "solutions", text)
        kept = self.answers.kept(key, lambda: run().serialize(format=ox.QueryResultsFormat.TSV))
        return ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV)

    def objects_by_subject(self, predicate: str) -> dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]:
        """``{subject IRI: object}`` for one predicate across all graphs, from the index (one object kept per subject)."""
        return {q.subject.value: q.object for q in self._ox.quads_for_pattern(None, ox.NamedNode(predicate), None, None)}

    def claims_of_source(self, source: str) -> list[str]:
        """The IRIs of every claim whose kg:source is ``source``, from the index."""
        predicate = ox.NamedNode("https://w3id.org/chipkg/ontology#source")
        return [q.subject.value for q in self._ox.quads_for_pattern(None, predicate, ox.NamedNode(source), None)]

    def subjects_with_label(self, text: str, lang: str | None) -> list[str]:
        """Subjects whose skos:prefLabel or skos:altLabel is exactly ``text`` in ``lang``, from the index."""
        literal = ox.Literal(text, language=lang) if lang else ox.Literal(text)
        found = []
        for predicate in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel"):
            found += [q.subject.value for q in self._ox.quads_for_pattern(None, ox.NamedNode(predicate), literal, None)]
        return found

    def describe(self, iri: str) -> list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """Every (predicate IRI, object) of one subject, in any graph, from the index directly."""
        return [(q.predicate.value, q.object) for q in self._ox.quads_for_pattern(ox.NamedNode(iri), None, None, None)]

    def describe_many(self, iris: Iterable[str], predicates: Iterable[str] | None = None
                      ) -> dict[str, list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]]]:
        """``describe`` for many subjects, ``{iri: [(predicate IRI, object), ...]}``, optionally only for
        some predicates (a hub entity is the subject of thousands of direct edges)."""
        if predicates is None:
            return {iri: self.describe(iri) for iri in iris}
        wanted = [ox.NamedNode(p) for p in predicates]
        return {iri: [(q.predicate.value, q.object) for p in wanted for q in self._ox.quads_for_pattern(ox.NamedNode(iri), p, None, None)]
                for iri in iris}

    # Writing (each call is one transaction)

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreInUse(f"The store at {self.location} is open read-only; open it for writing.")

    def replace_graphs(
        self, graphs: Mapping[URIRef, Graph], drop: Iterable[URIRef] = (), *, drop_default: bool = False
    ) -> None:
        """Replace each named graph with the given content and drop others, all or nothing.

        One SPARQL update drops the old graphs and inserts the new content, a
        single Oxigraph transaction: a reader sees the store before or after,
        never a half-written graph or a staging graph beside the data (the
        graphs written this way are curated data, articles and Graph Store
        bodies, small enough for one update; bulk loads swap a copy instead).
        """
        self._check_writable()
        operations = ["DROP SILENT DEFAULT"] if drop_default else []
        operations += [f"DROP SILENT GRAPH {ox.NamedNode(str(name))}" for name in [*drop, *graphs]]
        for name, graph in graphs.items():
            if len(graph):
                triples = "\n".join(f"{ox_term(s)} {ox_term(p)} {ox_term(o)} ." for s, p, o in graph)
                operations.append(f"INSERT DATA {{ GRAPH {ox.NamedNode(str(name))} {{\n{triples}\n}} }}")
        if operations:
            self._ox.update(" ;\n".join(operations))

    def stage_and_swap(self, write: Callable[[ox.Store], None]) -> int:
        """Let ``write`` fill a copy of the store, and make the copy the store only if it succeeds.

        On disk the copy is an Oxigraph checkpoint (hard links, cheap) that
        ``write`` may fill with the bulk loader in bounded memory; the two
        folders are then swapped. In memory, ``write`` fills a scratch store
        whose quads are added in one transaction. Returns the number of quads
        added. If ``write`` raises, the store is exactly as it was.
        """
        self._check_writable()
        before = len(self._ox)
        if self.location == MEMORY:
            scratch = ox.Store()
            write(scratch)
            self._ox.extend(scratch)
            return len(self._ox) - before
        path = Path(self.location)
        staged_path = path.with_name(f".{path.name}.staged-{uuid.uuid4().hex}")
        self._ox.flush()
        self._ox.backup(str(staged_path))
        try:
            staged = ox.Store(str(staged_path))
            write(staged)
            staged.flush()
            added = len(staged) - before
            del staged
            gc.collect()
            (staged_path / _COMPLETE).write_text("staged copy complete\n", encoding="utf-8")
        except BaseException:
            gc.collect()
            _remove_tree(staged_path)
            raise
        self._swap_in(staged_path)
        return added

    def _swap_in(self, staged_path: Path) -> None:
        """Replace the store's folder by ``staged_path`` and reopen it (the old folder is removed)."""
        path = Path(self.location)
        old_path = path.with_name(f".{path.name}.old-{uuid.uuid4().hex}")
        self._close_dataset()
        del self._ox
        gc.collect()
        with _swap_lock(path):  # readers that find the folder missing wait for this, never move folders
            try:
                os.replace(path, old_path)  # a crash between these two renames is repaired by _recover() at the next open
                os.replace(staged_path, path)
                (path / _COMPLETE).unlink(missing_ok=True)
            finally:  # whatever happened, the store object holds the folder that is now the store
                _recover(path)
                self._ox = ox.Store(str(path))
        _remove_tree(old_path)

    def update(self, text: str) -> None:
        """Run a SPARQL update as one transaction; on error nothing changes."""
        self._check_writable()
        check_depth(text, "update")
        try:
            self._ox.update(text, prefixes=PREFIX_IRIS)
        except SyntaxError as err:
            raise syntax_error(text, err, "update") from err
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryFailed(f"The update failed and changed nothing: {one_line(err)}") from err

    def clear(self) -> None:
        """Remove every quad."""
        self._check_writable()
        self._ox.clear()

    def _drop_staging(self) -> None:
        for graph in list(self._ox.named_graphs()):
            if graph.value.startswith(_STAGING):
                self._ox.remove_graph(graph)

    def close(self) -> None:
        """Flush and release the store (and its lock): pyoxigraph closes a store when its last reference goes."""
        if self.writable:
            self._ox.flush()
        through_rdflib = self._dataset is not None
        self._close_dataset()
        del self._ox
        if self.writable or through_rdflib:  # query results of rdflib hold the store in reference cycles; the
            gc.collect()  # write lock goes with the last of them (a read-only store holds none: ~10 ms saved)

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(location: str | os.PathLike | None = None, *, write: bool = False) -> KGStore | RemoteStore:
    """Open the store at ``location`` (a folder, ``:memory:``, or ``sparql+http://...`` for a SPARQL
    server, see ``kg.remote``); ``None`` means the default path.

    Reading needs an existing store; writing creates one in a new or empty
    folder. A second writer gets ``StoreInUse``.
    """
    if str(location) == MEMORY:
        return KGStore(ox.Store(), MEMORY, writable=True)
    if is_remote(location):
        return open_remote(str(location), write=write)
    path = Path(location) if location is not None else default_store_path()
    if not write:
        return _open_to_read(path)
    with _swap_lock(path):
        _recover(path)
    is_store = (path / "CURRENT").is_file()
    if write and not is_store and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreNotFound(
            f"{path} exists and is not a knowledge graph store; choose a new or empty folder for --store."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        oxstore = ox.Store(str(path))
    except OSError as err:
        if "lock" in str(err).lower():
            raise StoreInUse(
                f"The store at {path} is in use by another kg process writing to it; "
                "wait for it to finish, then run the command again."
            ) from err
        raise StoreCorrupt(f"Cannot open the store at {path}: {one_line(err)}. Move it away and run: kg build --store {path}") from err
    except RuntimeError as err:
        raise StoreCorrupt(f"The store at {path} is damaged ({one_line(err)}). Move it away and run: kg build --store {path}") from err
    _remove_leftovers(path)
    store = KGStore(oxstore, str(path), writable=True)
    store._drop_staging()  # staging graphs an older kg left behind when it was killed
    return store


def _remove_tree(path: Path) -> None:
    """Remove a folder and what it holds, whatever is left of it (shutil is imported by writes only)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _open_to_read(path: Path, attempts: int = 8) -> KGStore:
    """Open ``path`` read-only. A reader never moves folders: a writer swapping a loaded copy in (kg load,
    kg build) leaves the folder missing or changing for a moment, so an open that fails is tried again
    with back-off (about 2.5 s in all) before the store is called missing or damaged."""
    for attempt in range(attempts):
        last = attempt == attempts - 1
        if not path.exists():
            with _swap_lock(path, wait=False) as held:
                if held:  # no writer is swapping: a swap cut by a crash can be finished here, safely
                    _recover(path)
            if not held and not last:
                time.sleep(0.01 * 2 ** attempt)
                continue
        if not (path / "CURRENT").is_file():
            if path.exists() and not last and any(path.parent.glob(f".{path.name}.staged-*")):
                time.sleep(0.01 * 2 ** attempt)  # the new copy is being moved in
                continue
            raise StoreNotFound(f"No knowledge graph store at {path}. Create it with: kg build --store {path}")
        try:
            version = store_version(path)  # before opening: see kg.cache
            return KGStore(ox.Store.read_only(str(path)), str(path), writable=False, version=version)
        except (OSError, RuntimeError) as err:
            if not last:
                time.sleep(0.01 * 2 ** attempt)
                continue
            raise StoreCorrupt(f"The store at {path} looks damaged: it could not be opened to read ({one_line(err)}). "
                               f"If no kg command is writing to it, move it away and run: kg build --store {path}") from err
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _swap_lock(path: Path, wait: bool = True):
    """Hold the lock that a folder swap takes (a file beside the store); yields False when ``wait`` is
    off and another process holds it. Only its holder may move the store's folders."""
    lock_path = path.parent / f".{path.name}.swap-lock"
    if not path.parent.is_dir():
        yield True
        return
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _recover(path: Path) -> None:
    """Finish a folder swap that a crash interrupted: the store is either the complete new copy or the old one."""
    if path.exists():
        return
    complete = sorted(p for p in path.parent.glob(f".{path.name}.staged-*") if (p / _COMPLETE).exists())
    old = sorted(path.parent.glob(f".{path.name}.old-*"))
    if complete:
        os.replace(complete[-1], path)
        (path / _COMPLETE).unlink(missing_ok=True)
    elif old:
        os.replace(old[-1], path)


def _remove_leftovers(path: Path) -> None:
    """Delete staging and old copies that a crashed load left beside the store (we hold its lock)."""
    for pattern in (f".{path.name}.staged-*", f".{path.name}.old-*"):
        for leftover in path.parent.glob(pattern):
            _remove_tree(leftover)

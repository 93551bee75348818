"""A pool of query worker processes that can be killed: the endpoint's time limit.

Oxigraph cannot cancel a long sort or cross product from inside, so each
query runs in a worker process that holds the store open read-only; a query
past the limit gets its worker killed and replaced, and the others go on.
"""

from __future__ import annotations

import collections
import multiprocessing
import queue
import threading
import time

from .jobs import Answer, Job
from .protocol import execute

__all__ = ["WorkerPool", "QueryTimeout", "PoolBusy", "run_update"]


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was replaced."""


class PoolBusy(Exception):
    """Every worker stayed busy for the whole time limit."""


def _open_read_only(store_path: str, attempts: int = 6):
    """(store, version) opened read-only; tried again a few times, since a writer that is busy with
    the store (kg serve --allow-update's own) can replace its MANIFEST while the open reads it."""
    import pyoxigraph as ox

    from ..store.cache import store_version

    for attempt in range(attempts):
        version = store_version(store_path)  # before opening: see kg.cache
        try:
            return ox.Store.read_only(store_path), version
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * 2 ** attempt)


def _worker(connection, store_path: str, reload_seconds: float) -> None:
    """The loop a worker process runs: open the store read-only, answer jobs until told to stop."""
    from ..store.remote import RemoteStore, is_remote

    store, opened, generation, version = None, 0.0, -1, None
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        # The endpoint names the store's version when it can read it: a worker reopens only when the data
        # changed, and keeps its caches warm otherwise. Without one (a server's store), every few seconds.
        moved = job.version != version if job.version is not None else time.monotonic() - opened > reload_seconds
        if store is None or job.generation != generation or moved:
            try:
                if is_remote(store_path):
                    store = RemoteStore(store_path, writable=False)
                else:
                    store, version = _open_read_only(store_path)
            except (OSError, RuntimeError) as err:
                store = None
                connection.send(Answer(503, "text/plain; charset=utf-8",
                                       f"The store could not be opened to read ({err}); try again.\n".encode()))
                continue
            opened, generation = time.monotonic(), job.generation
        answer = execute(store, job)
        answer.version = version
        connection.send(answer)


class _Idle:
    """The idle workers: the one that answered last is taken first (its caches are warm), and a new
    worker goes to the back, behind those already running."""

    def __init__(self) -> None:
        self._workers: collections.deque = collections.deque()
        self._ready = threading.Condition()

    def take(self, timeout: float):
        """The warmest idle worker; ``queue.Empty`` when none came free within ``timeout`` seconds."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._workers, timeout):
                raise queue.Empty
            return self._workers.pop()

    def give_back(self, worker, new: bool = False) -> None:
        with self._ready:
            if new:
                self._workers.appendleft(worker)
            else:
                self._workers.append(worker)
            self._ready.notify()


class WorkerPool:
    """``size`` worker processes over the store at ``store_path``."""

    def __init__(self, store_path: str, size: int = 4, timeout: float = 30.0, reload_seconds: float = 5.0,
                 wait: float | None = None) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._store_path = store_path
        self._reload = reload_seconds
        self.timeout = timeout
        self.wait = timeout if wait is None else wait  # how long a job may queue for a worker, apart from its run
        self._idle = _Idle()
        self._all: list = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.give_back(self._start(), new=True)

    def _start(self):
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, args=(child, self._store_path, self._reload), daemon=True)
        process.start()
        child.close()
        worker = (process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker) -> None:
        process, connection = worker
        process.kill()
        process.join(5)
        connection.close()
        with self._lock:
            self._all.remove(worker)
        self._idle.give_back(self._start(), new=True)

    def run(self, job: Job) -> Answer:
        """Answer one job within the time limit, or raise ``QueryTimeout`` / ``PoolBusy``.

        A worker that dies on a job (its store opened while a writer was busy
        with it, for one) is replaced and the job given once to another: a
        query only reads, so asking it again is safe. A second death is a 503."""
        for attempt in (1, 2):
            try:  # waiting for a worker is not query time: a queued job then gets the whole limit
                worker = self._idle.take(timeout=self.wait)
            except queue.Empty as err:
                raise PoolBusy(f"every worker stayed busy for {self.wait:g} s") from err
            process, connection = worker
            try:
                connection.send(job)
                if connection.poll(self.timeout):
                    answer = connection.recv()
                    self._idle.give_back(worker)
                    return answer
            except (EOFError, OSError) as err:
                self._replace(worker)
                if attempt == 2:
                    raise PoolBusy(f"two query workers stopped on this query ({type(err).__name__})") from err
                continue
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._all)
        for process, connection in workers:
            try:
                connection.send(None)
            except (OSError, BrokenPipeError):
                pass
            process.join(1)
            if process.is_alive():
                process.kill()


def _update_process(connection, store_path: str, text: str) -> None:
    """Open the store to write, run one update, report ("ok", before, after) or ("error", message)."""
    from ..errors import KGError
    from ..store.embedded import open_store

    try:
        with open_store(store_path, write=True) as store:
            before = len(store)
            store.update(text)
            connection.send(("ok", before, len(store)))
    except KGError as err:
        connection.send(("error", type(err).__name__, str(err)))
    except Exception as err:  # noqa: BLE001 - reported to the caller, who answers for it
        connection.send(("error", type(err).__name__, f"{type(err).__name__}: {err}"))


def run_update(store_path: str, text: str, timeout: float) -> tuple[str, ...]:
    """Run an update in a process of its own that holds the write lock only while it runs; past
    ``timeout`` seconds the process is killed, so its transaction never commits and the store is as it
    was (``QueryTimeout``). Returns ("ok", before, after) or ("error", kind, message)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_update_process, args=(child, store_path, text), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(timeout):
            try:
                return parent.recv()
            except EOFError:
                return ("error", "WorkerDied", "the update process stopped before it answered; nothing was changed")
        process.kill()
        raise QueryTimeout(f"the update ran longer than {timeout:g} s and was stopped; nothing was changed")
    finally:
        process.join(5)
        parent.close()

"""Answers kept per store version: asking again of an unchanged store reads the answer back.

A store's *version* is a fingerprint of the data files in its folder (name,
size, inode, modification time). Oxigraph (RocksDB) never rewrites a file in place:
every write appends to the write-ahead log or adds new files, so any change to
the data gives a new version, while opening the store to read changes no file.
An answer is kept under its store's folder, version, query, bound values and
output format, so a changed store can never be answered from an older
version's entry; old entries simply stop being asked for and are trimmed,
least recently used first, when the cache outgrows its limit.

Only on-disk stores have a version: an in-memory store or a SPARQL server
(whose data other clients change) is never answered from a cache.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..errors import KGError

__all__ = ["store_version", "answer_key", "DiskCache", "MemoryCache", "default_cache_folder", "DEFAULT_LIMIT"]

DEFAULT_LIMIT = 1024 * 1024 * 1024  # bytes of answers kept on disk, all stores together ($KG_CACHE_MIB)
_FORMAT = "2"  # bump when the stored bytes of an answer change meaning (2: results written as Oxigraph writes them)


def store_version(folder: str | os.PathLike) -> str | None:
    """The fingerprint of an on-disk store's files; ``None`` when the folder cannot be read.

    Take it *before* opening the store to read: a write that lands in between
    then makes a newer version than the one the answer is kept under, never an
    older one."""
    digest = hashlib.sha256()
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        for entry in entries:
            if entry.name == "LOG" or entry.name.startswith("LOG.old"):
                continue  # RocksDB's diagnostic log, written without any change to the data
            stat = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()


def answer_key(folder: str, version: str, *parts: object) -> str:
    """The cache key of one answer: the store, its version and whatever shapes the answer."""
    digest = hashlib.sha256()
    for part in (_FORMAT, __version__, os.path.abspath(folder), version, *parts):
        text = str(part).encode("utf-8")
        digest.update(len(text).to_bytes(8, "big") + text)  # length-prefixed: parts cannot run together
    return digest.hexdigest()


def default_cache_folder() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg/answers``, else ``~/.cache/kg/answers``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg" / "answers"


def _limit_from_environment() -> int:
    """``$KG_CACHE_MIB`` in bytes, else ``DEFAULT_LIMIT``."""
    value = os.environ.get("KG_CACHE_MIB", "").strip()
    if not value:
        return DEFAULT_LIMIT
    if not value.isdigit():
        raise KGError(f"KG_CACHE_MIB={value!r} is not a whole number of MiB; set it to e.g. 1024, or unset it.")
    return int(value) * 1024 * 1024


class DiskCache:
    """Answers as files named by their key, shared by every kg process of the user.

    Entries are written whole and renamed into place, so a reader never sees a
    half-written answer. A cache that cannot be written (read-only disk, full
    disk) is skipped: answers are then computed every time, never wrong."""

    def __init__(self, folder: str | os.PathLike | None = None, limit: int | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_folder()
        self.limit = limit if limit is not None else _limit_from_environment()

    def get(self, key: str) -> bytes | None:
        """The answer kept under ``key``, or ``None``."""
        path = self.folder / key
        try:
            body = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)  # recently used: trimmed last
        except OSError:  # a cache shared read-only still answers
            pass
        return body

    def kept(self, key: str, compute: Callable[[], bytes]) -> bytes:
        """The answer kept under ``key``; else ``compute()``, kept under it for next time."""
        body = self.get(key)
        if body is None:
            body = compute()
            self.put(key, body)
        return body

    def put(self, key: str, body: bytes) -> None:
        """Keep ``body`` under ``key`` (answers larger than a quarter of the limit are not kept)."""
        if len(body) > self.limit // 4:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            import tempfile  # only a write needs it

            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(body)
                os.replace(temporary, self.folder / key)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._trim()
        except OSError:
            return

    def _trim(self) -> None:
        """Remove the least recently used answers until the cache is within its limit."""
        entries = []
        for entry in os.scandir(self.folder):
            if entry.name.startswith(".part-"):
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:  # trimmed by another process meanwhile
                continue
            entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.limit:
                break
            Path(path).unlink(missing_ok=True)
            total -= size

    def clear(self) -> int:
        """Remove every kept answer; returns how many there were."""
        removed = 0
        if self.folder.is_dir():
            for entry in os.scandir(self.folder):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
        return removed


class MemoryCache:
    """Answers in this process's memory, least recently used trimmed first (for ``kg serve``)."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        """The answer kept under ``key``, or ``None``."""
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: str, value: object, size: int) -> None:
        """Keep ``value`` (``size`` bytes) under ``key``; answers over a quarter of the limit are not kept."""
        if size > self.limit // 4:
            return
        with self._lock:
            if key in self._entries:
                self._total -= self._sizes[key]
            self._entries[key] = value
            self._entries.move_to_end(key)
            self._sizes[key] = size
            self._total += size
            while self._total > self.limit:
                oldest, _ = self._entries.popitem(last=False)
                self._total -= self._sizes.pop(oldest)

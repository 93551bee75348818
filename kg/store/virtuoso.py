"""A throwaway Virtuoso (Debian's ``virtuoso-opensource``) on 127.0.0.1 with a temporary database.

For the tests, the benchmarks, and for trying ``--store sparql+http://...``
without setting up a server::

    from kg.virtuoso import Virtuoso
    server = Virtuoso(folder, password="...")   # starts it, sets the dba password
    server.location     # the --store value; credentials go in $KG_STORE_CREDENTIALS
    server.stop()
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from ..errors import KGError

__all__ = ["Virtuoso", "VirtuosoMissing"]

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 600
"""


class VirtuosoMissing(KGError):
    """virtuoso-t is not installed."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Virtuoso:
    """A running Virtuoso: its ``location`` for kg, the ``credentials`` to put in the environment, ``stop()``."""

    def __init__(self, folder: Path, password: str = "dba", memory_mib: int = 512, max_rows: int = 10_000,
                 timeout: float = 120) -> None:
        server = shutil.which("virtuoso-t")
        if server is None:
            raise VirtuosoMissing("virtuoso-t is not installed; install it with: apt-get install virtuoso-opensource")
        folder = Path(folder)
        self.sql_port, self.http_port = free_port(), free_port()
        buffers = memory_mib * 1024 // 8 * 2 // 3  # Virtuoso's rule of thumb: 8 KiB pages, two thirds of the memory
        (folder / "virtuoso.ini").write_text(_INI.format(dir=folder, sql_port=self.sql_port, http_port=self.http_port,
                                                         buffers=buffers, dirty=buffers * 3 // 4,
                                                         max_rows=max_rows), encoding="utf-8")
        self.log = folder / "stdout.log"
        self.process = subprocess.Popen([server, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                                        cwd=folder, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.http_port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise KGError(f"Virtuoso did not start: {self.log.read_text(errors='replace')[-500:]}") from None
                time.sleep(0.3)
        if password != "dba":
            isql = shutil.which("isql-vt") or shutil.which("isql")
            subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                            f"exec=DB.DBA.USER_CHANGE_PASSWORD('dba','dba','{password}');"],
                           check=True, capture_output=True, timeout=60)
        self.location = f"sparql+{self.base}/sparql?update=/sparql-auth&gsp=/sparql-graph-crud-auth"
        if max_rows != 10_000:
            self.location += f"&page={max_rows}"
        self.credentials = f"dba:{password}"

    def peak_memory_mib(self) -> float:
        """The server process's peak resident memory."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024

    def stop(self) -> None:
        """Stop the server and wait for it (killed if it takes more than 30 s)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

"""Crash trials and a bad-input sweep: every write all-or-nothing, every bad input one line.

    python bench/reliability.py [--trials 10] [--quads 50000] [--seed 1]

Crash trials: each writer (kg load, kg build --fresh, kg ingest, kg query
--update) runs against a copy of a store and is killed with SIGKILL at a
random moment of its run. The store is then read back, and the hash of its
sorted N-Quads must be the hash before the write or the hash after a complete
one; anything else (a half-written store, a store that no longer opens) is a
failure. Bad-input sweep: commands given bad files and values must exit
non-zero with one "Error:" line, no traceback, and leave the store as it was.
Prints the counts; exits 1 if any trial or input failed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
ARTICLE = ("Washington tightened export controls on advanced AI chips again on Monday.\n"
           "According to Reuters, the Commerce Department banned the sale of the Nvidia H20 to Chinese customers.\n")
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
          '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://x">'
          '<rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>')


def state(store: Path) -> str:
    """A hash of the store's sorted N-Quads, or a note of why it could not be read."""
    from kg.store.embedded import open_store

    try:
        with open_store(store) as opened:
            lines = sorted(str(q) for q in opened.quads())
    except Exception as err:  # noqa: BLE001 - any failure to read is what the trial reports
        return f"unreadable: {type(err).__name__}: {err}"
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def writers(folder: Path) -> dict[str, list[str]]:
    """The writing commands tried, each as its arguments after --store STORE."""
    return {
        "kg load": ["load", str(folder / "synthetic.nq")],
        "kg build --fresh": ["build", "--fresh"],
        "kg ingest": ["ingest", str(folder / "article.txt"), "--accept-above", "0.5", "--review", str(folder / "r.yaml")],
        "kg query --update": ["query", "--update", "DELETE WHERE { GRAPH ?g { ?s <https://w3id.org/chipkg/ontology#quote> ?o } }"],
    }


def crash_trials(folder: Path, base: Path, trials: int, rng: random.Random) -> dict[str, dict[str, int]]:
    counts = {}
    for name, args in writers(folder).items():
        done = folder / "done"
        shutil.rmtree(done, ignore_errors=True)
        shutil.copytree(base, done)
        started = time.monotonic()
        finished = kg(*args[:1], "--store", str(done), *args[1:], cwd=folder)
        took = time.monotonic() - started
        assert finished.returncode == 0, finished.stderr
        before, after = state(base), state(done)
        tally = {"before": 0, "after": 0, "failed": 0}
        for _ in range(trials):
            trial = folder / "trial"
            shutil.rmtree(trial, ignore_errors=True)
            shutil.copytree(base, trial)
            (folder / "r.yaml").unlink(missing_ok=True)
            process = subprocess.Popen([*KG, args[0], "--store", str(trial), *args[1:]], cwd=folder,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, took))
            process.send_signal(signal.SIGKILL)
            process.wait()
            found = state(trial)
            tally["before" if found == before else "after" if found == after else "failed"] += 1
            if found not in (before, after):
                print(f"  {name}: the store is neither as before nor as after: {found[:200]}", file=sys.stderr)
        counts[name] = tally
    return counts


def bad_inputs(folder: Path) -> list[tuple[str, list[str]]]:
    """(what, arguments) of bad inputs; each must fail in one line and change nothing."""
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 64)
    (folder / "latin1.txt").write_bytes("Pékin a interdit les puces".encode("latin-1"))
    (folder / "empty.txt").write_text("")
    (folder / "empty-dir").mkdir(exist_ok=True)
    (folder / "laughs.rdf").write_text(LAUGHS)
    (folder / "plain.jsonld").write_text('{"name": "Nvidia"}')
    (folder / "bad.ttl").write_text("<a> <b> .\n")
    (folder / "list.yaml").write_text("- a\n- b\n")
    (folder / "scalar.yaml").write_text("42\n")
    (folder / "proposals.yaml").write_text("proposals: {a: 1}\n")
    (folder / "bad.rq").write_bytes(b"\xff\xfeSELECT")
    deep = "SELECT * WHERE " + "{" * 10_000
    return [
        ("ingest a binary file", ["ingest", str(folder / "binary.bin")]),
        ("ingest Latin-1 text", ["ingest", str(folder / "latin1.txt")]),
        ("ingest an empty file", ["ingest", str(folder / "empty.txt")]),
        ("ingest an empty folder", ["ingest", str(folder / "empty-dir")]),
        ("ingest a missing file", ["ingest", str(folder / "missing.txt")]),
        ("ingest with a bad URL", ["ingest", str(folder / "article.txt"), "--source-url", "http://a b/<x>"]),
        ("ingest into a missing folder", ["ingest", str(folder / "article.txt"), "--review", str(folder / "no" / "r.yaml")]),
        ("review a binary file", ["review", str(folder / "binary.bin")]),
        ("review a list", ["review", str(folder / "list.yaml")]),
        ("review a scalar", ["review", str(folder / "scalar.yaml")]),
        ("review proposals as a mapping", ["review", str(folder / "proposals.yaml")]),
        ("review a missing file", ["review", str(folder / "missing.yaml")]),
        ("load billion laughs", ["load", str(folder / "laughs.rdf")]),
        ("load plain JSON as JSON-LD", ["load", str(folder / "plain.jsonld")]),
        ("load a syntax error", ["load", str(folder / "bad.ttl")]),
        ("load a missing file", ["load", str(folder / "missing.nt")]),
        ("query a non-UTF-8 file", ["query", "-f", str(folder / "bad.rq")]),
        ("query nested 10,000 deep", ["query", deep]),
        ("query 100,000 '!'", ["query", "ASK { FILTER(" + "!" * 100_000 + "true) }"]),
        ("update nested 10,000 deep", ["query", "--update", "INSERT DATA " + "{" * 10_000]),
        ("an update without --update", ["query", "DELETE WHERE { ?s ?p ?o }"]),
        ("a malformed query", ["query", "SELEC ?x WHERE { ?x ?p ?o }"]),
        ("SERVICE without --allow-service", ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"]),
        ("show an unknown actor", ["show", "Nobody At All"]),
        ("viz into a missing folder", ["viz", "-o", str(folder / "no" / "x.html")]),
        ("export into a missing folder", ["export", "--format", "ttl", "-o", str(folder / "no" / "x.ttl")]),
        ("a plot that is not png or svg", ["analyze", "coalitions", "--plot", str(folder / "c.pdf")]),
        ("viz of an unknown type", ["viz", "--type", "robot", "-o", str(folder / "v.html")]),
        ("serve on a foreign host", ["serve", "--host", "10.255.255.1", "--port", "0", "--workers", "1"]),
    ]


def sweep(folder: Path, base: Path) -> tuple[int, list[str]]:
    before, failures = state(base), []
    inputs = bad_inputs(folder)
    for what, args in inputs:
        result = kg(args[0], "--store", str(base), *args[1:], cwd=folder)
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        if result.returncode == 0 or "Traceback" in result.stderr or len(errors) != 1 or result.returncode < 0:
            failures.append(f"{what}: exit {result.returncode}, stderr {result.stderr.strip()[:200]!r}")
        elif state(base) != before:
            failures.append(f"{what}: the store changed")
    return len(inputs), failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10, help="SIGKILLs per writer")
    parser.add_argument("--quads", type=int, default=50_000, help="size of the synthetic file kg load loads")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="kg-reliability-") as temporary:
        folder = Path(temporary)
        os.environ["KG_CACHE_DIR"] = str(folder / "cache")
        base = folder / "base"
        assert kg("build", "--store", str(base), cwd=folder).returncode == 0
        extra = "INSERT DATA { GRAPH <https://w3id.org/chipkg/id/graph/loaded> { <urn:kg:a> <urn:kg:b> <urn:kg:c> } }"
        assert kg("query", "--store", str(base), "--update", extra, cwd=folder).returncode == 0  # --fresh drops it
        from kg.model.synthetic import synthetic_quads

        import pyoxigraph as ox

        claims = max(10, options.quads // 15)
        ox.serialize(synthetic_quads(actors=max(10, claims // 5), claims=claims, sources=max(1, claims // 1000)),
                     str(folder / "synthetic.nq"), ox.RdfFormat.N_QUADS)
        (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
        counts = crash_trials(folder, base, options.trials, rng)
        tried, failures = sweep(folder, base)
    print(f"Crash trials ({options.trials} SIGKILLs per writer at random moments; the store after each, by the hash "
          f"of its sorted N-Quads):")
    print(f"  {'writer':<20} {'as before':>9} {'as after':>9} {'other':>6}")
    for name, tally in counts.items():
        print(f"  {name:<20} {tally['before']:>9} {tally['after']:>9} {tally['failed']:>6}")
    print(f"Bad inputs: {tried} tried, {tried - len(failures)} answered in one line with the store unchanged, "
          f"{len(failures)} failed.")
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures or any(t["failed"] for t in counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

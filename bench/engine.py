"""How close kg stays to the engine: each row a ratio to raw pyoxigraph, or to Oxigraph's own server.

    python bench/engine.py [--actors 20000 --claims 60000] [--runs 5] [--seconds 2]

Generates a graph (bench/generate.py; the defaults give about 1M quads), loads
it with `kg load` and with Oxigraph's bulk loader, then measures, every pair in
interleaved rounds (medians, so that the machine's noise falls on both sides):

- start-up: `kg query` on a small answer, whole process, against a raw
  pyoxigraph script running the same SPARQL text;
- `kg query --format tsv/csv/json/xml` against Oxigraph serializing the same
  text itself, and the table against the TSV, for the named queries whose
  answers are largest;
- `kg serve`, cache off and on, against `oxigraph serve-read-only` (when the
  `oxigraph` package is installed), 1 and 8 clients (bench/serve.py);
- `kg viz --focus actor-500 --hops 2`, whole process (the goal: under 3 s);
- the store's size after `kg load` against a raw bulk load.

bench/run.py prints the same rows for each of its sizes. No test asserts on
these figures: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SMALL = "SELECT ?o WHERE { <https://w3id.org/chipkg/id/china> <https://w3id.org/chipkg/ontology#approves> ?o }"
RAW_SCRIPT = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for row in store.query(sys.argv[2], use_default_graph_as_union=True):
    print(row[0])
"""
LARGE = ("analysis-edges", "analysis-structure", "two-hops")
FORMATS = ("tsv", "csv", "json", "xml")


def _median(times: list[float]) -> float:
    return statistics.median(times)


def _wall(command: list[str]) -> float:
    """Seconds ``command`` takes, with Python's bytecode cache on (as after ``pip install``): an environment
    that sets PYTHONDONTWRITEBYTECODE would compile every kg module on every start."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - started


def _size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


def startup_row(store: Path, runs: int) -> dict:
    kg = [sys.executable, "-m", "kg", "query", "--store", str(store), "--no-cache", SMALL]
    raw = [sys.executable, "-c", RAW_SCRIPT, str(store), SMALL]
    times: dict[str, list[float]] = {"kg": [], "raw": []}
    _wall(kg), _wall(raw)  # the bytecode written once
    for _ in range(runs):
        times["kg"].append(_wall(kg))
        times["raw"].append(_wall(raw))
    kg_s, raw_s = _median(times["kg"]), _median(times["raw"])
    return {"row": "start-up: kg query, small answer (whole process)", "kg_ms": round(1000 * kg_s),
            "base_ms": round(1000 * raw_s), "base": "raw pyoxigraph script", "ratio": round(kg_s / raw_s, 2),
            "goal": "≤ 2"}


def format_rows(store_path: Path, runs: int) -> list[dict]:
    import pyoxigraph as ox

    from kg.prefixes import PREFIX_IRIS
    from kg.query.named import bind_params, named_query
    from kg.query.run import answer_text, format_result, run_query
    from kg.store.cache import DiskCache
    from kg.store.embedded import open_store
    from kg.store.labels import LabelIndex
    from kg.store.terms import bind_values

    engine = {"tsv": ox.QueryResultsFormat.TSV, "csv": ox.QueryResultsFormat.CSV,
              "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
    rows = []
    with open_store(store_path) as store, tempfile.TemporaryDirectory() as kept:
        store.answers = None  # every answer computed: what a first ask costs
        labels_kept = DiskCache(kept)
        raw = store._ox
        for name in LARGE:
            query = named_query(name)  # a query about one actor asks about actor-500, as bench/run.py does
            bindings = bind_params(store, query, {"actor": "actor-500"} if any(p.name == "actor" for p in query.params) else {})
            text, bound = query.text, bind_values(query.text, bindings) if bindings else query.text
            times: dict[str, list[float]] = {}
            for _ in range(runs):
                for fmt in FORMATS:
                    started = time.perf_counter()
                    raw.query(bound, use_default_graph_as_union=True, prefixes=PREFIX_IRIS).serialize(format=engine[fmt])
                    times.setdefault("raw " + fmt, []).append(time.perf_counter() - started)
                    started = time.perf_counter()
                    answer_text(store, text, bindings, fmt)
                    times.setdefault(fmt, []).append(time.perf_counter() - started)
                started = time.perf_counter()
                answer_text(store, text, bindings, "table")
                times.setdefault("table", []).append(time.perf_counter() - started)
                store.answers = labels_kept  # the labels of an unchanged store read back, the answer computed
                started = time.perf_counter()
                format_result(run_query(store, text, bindings, unread=True), "table", LabelIndex(store))
                times.setdefault("table, labels kept", []).append(time.perf_counter() - started)
                store.answers = None
            medians = {key: _median(values) for key, values in times.items()}
            for fmt in FORMATS:
                rows.append({"row": f"kg query --name {name} --format {fmt}", "kg_ms": round(1000 * medians[fmt], 1),
                             "base_ms": round(1000 * medians["raw " + fmt], 1), "base": "Oxigraph's serializer",
                             "ratio": round(medians[fmt] / medians["raw " + fmt], 2), "goal": "≤ 1.2"})
            for table in ("table", "table, labels kept"):
                rows.append({"row": f"kg query --name {name} ({table})", "kg_ms": round(1000 * medians[table], 1),
                             "base_ms": round(1000 * medians["tsv"], 1), "base": "kg query --format tsv",
                             "ratio": round(medians[table] / medians["tsv"], 2), "goal": "≤ 1.5"})
    return rows


def serve_rows(store: Path, seconds: float, runs: int, workers: int = 4) -> list[dict]:
    import shutil

    from serve import QUERIES, _median as median_run, drive, oxigraph_command, start_kg, start_oxigraph

    command = oxigraph_command()
    if command is None:
        return [{"row": "kg serve", "skipped": "oxigraph is not installed (pip install oxigraph)"}]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "oxigraph"
        shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK"))
        servers = {}
        try:
            servers["kg"] = start_kg(store, workers, cache=False)
            servers["kg with cache"] = start_kg(store, workers, cache=True)
            servers["oxigraph"] = start_oxigraph(command, copy)
            urls = {name: url + ("/query" if name == "oxigraph" else "/sparql") for name, (_, url) in servers.items()}
            for query_name, query in QUERIES.items():
                for url in urls.values():
                    drive(url, query, 1, 0.5)
                for clients in (1, 8):
                    figures = {name: [] for name in urls}
                    for _ in range(runs):
                        for name, url in urls.items():
                            figures[name].append(drive(url, query, clients, seconds))
                    medians = {name: median_run(values)["requests_per_s"] for name, values in figures.items()}
                    for name in ("kg", "kg with cache"):
                        goal = ("≥ 0.9" if query_name == "aggregate" else "≥ 0.6") if name == "kg" else ""
                        rows.append({"row": f"kg serve {query_name}, {clients} client{'s' if clients > 1 else ''}, {name}",
                                     "kg_rps": medians[name], "base_rps": medians["oxigraph"],
                                     "base": "oxigraph serve-read-only", "ratio": round(medians[name] / medians["oxigraph"], 2),
                                     "goal": goal})
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(10)
    return rows


def viz_row(store: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "kg", "viz", "--store", str(store), "--focus", "actor-500", "--hops", "2",
                   "-o", str(Path(tmp) / "view.html")]
        seconds = _median([_wall(command) for _ in range(runs)])
    return {"row": "kg viz --focus actor-500 --hops 2 (whole process)", "kg_ms": round(1000 * seconds),
            "goal": "< 3000 ms"}


def size_row(kg_store: Path, data: Path) -> dict:
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        raw = ox.Store(str(Path(tmp) / "raw"))  # one streaming call (Store.bulk_load of the path takes ~10 GB at 1M)
        raw.bulk_extend(quad for quad in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS))  # a parser as such: 16 GB
        raw.flush()
        del raw
        raw_size = _size(Path(tmp) / "raw")
    kg_size = _size(kg_store)
    return {"row": "store on disk after kg load", "kg_mb": round(kg_size / 1e6), "base_mb": round(raw_size / 1e6),
            "base": "Oxigraph bulk load", "ratio": round(kg_size / raw_size, 2), "goal": "≤ 1.1"}


def engine_rows(store: Path, data: Path, runs: int = 5, seconds: float = 2.0):
    """Every row, measured on the loaded ``store`` (``data`` is the file it was loaded from), as it is measured."""
    yield startup_row(store, runs)
    yield from format_rows(store, runs)
    yield viz_row(store, max(1, runs // 2))
    yield size_row(store, data)
    yield from serve_rows(store, seconds, max(1, runs // 2))


def print_rows(rows) -> list[dict]:
    """Print each row as it comes; returns them all."""
    print(f"\n{'close to the engine':<56} {'kg':>10} {'baseline':>10} {'ratio':>6} {'goal':>9}  baseline is", flush=True)
    printed = []
    for row in rows:
        printed.append(row)
        if "skipped" in row:
            print(f"{row['row']:<56} skipped: {row['skipped']}", flush=True)
            continue
        unit = next(u for u in ("ms", "rps", "mb") if f"kg_{u}" in row)
        shown = {"ms": " ms", "rps": " r/s", "mb": " MB"}[unit]
        base = f"{row[f'base_{unit}']}{shown}" if f"base_{unit}" in row else ""
        ratio = f"{row['ratio']}" if "ratio" in row else ""
        print(f"{row['row']:<56} {str(row[f'kg_{unit}']) + shown:>10} {base:>10} {ratio:>6} {row.get('goal', ''):>9}  "
              f"{row.get('base', '')}", flush=True)
    return printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=20000)
    parser.add_argument("--claims", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds each server is driven, each round")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "engine.json")
    args = parser.parse_args()
    from generate import write

    from kg.model.build import build
    from kg.network.load import load_files
    from kg.store.embedded import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "graph.nq"
        quads = write(data, args.actors, args.claims, args.seed)
        store = Path(tmp) / "store"
        with open_store(store, write=True) as opened:
            build(opened)
            load_files(opened, [data])
        print(f"# {quads:,} quads generated and loaded", flush=True)
        rows = print_rows(engine_rows(store, data, args.runs, args.seconds))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"quads": quads, "cpus": os.cpu_count(), "rows": rows}, indent=1) + "\n",
                        encoding="utf-8")
    print(f"# wrote {args.out}")


if __name__ == "__main__":
    main()

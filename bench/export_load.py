"""Export and load throughput and peak memory per RDF format, at 100k and 1M triples.

    python bench/export_load.py [--sizes 100000 1000000] [--out bench/results/export_load.json]

Each measurement runs in its own process so that its peak resident memory
(VmHWM) is its own. Prints a table; writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ["nt", "nq", "ttl", "trig", "jsonld", "xml"]

CHILD = r"""
import json, sys, time
from pathlib import Path
task, store_path, fmt, target = sys.argv[1:5]
from kg.store.embedded import open_store
start = time.perf_counter()
if task == "export":
    from kg.network.export import export_file
    with open_store(store_path) as store:
        export_file(store, fmt, Path(target))
        triples = len(store)
else:
    from kg.network.load import load_files
    with open_store(store_path, write=True) as store:
        report = load_files(store, [Path(target)])
        triples = report.parsed
seconds = time.perf_counter() - start
# VmHWM is this process's own peak; ru_maxrss would carry the parent's peak across exec.
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "triples": triples, "peak_mib": peak_kib / 1024}))
"""


def generate(path: Path, triples: int) -> int:
    """A store of about ``triples`` synthetic triples, written by the bulk loader."""
    import pyoxigraph as ox

    from kg.model.build import build
    from kg.store.embedded import open_store
    from kg.model.synthetic import claims_for_triples, synthetic_quads

    claims = claims_for_triples(triples)
    with open_store(path, write=True) as store:
        build(store)
    store = ox.Store(str(path))
    store.bulk_extend(synthetic_quads(actors=max(10, claims // 5), claims=claims))
    store.flush()
    count = len(store)
    del store
    return count


def run_child(task: str, store: Path, fmt: str, target: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, task, str(store), fmt, str(target)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=FORMATS)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "export_load.json")
    args = parser.parse_args()
    from kg.network.export import RDF_FORMATS

    rows = []
    print(f"{'triples':>9}  {'format':<7} {'export t/s':>11} {'export MiB':>10} {'load t/s':>10} {'load MiB':>9} {'file MiB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            store = Path(tmp) / f"store-{size}"
            started = time.perf_counter()
            count = generate(store, size)
            print(f"# generated {count} triples in {time.perf_counter() - started:.1f}s", flush=True)
            for fmt in args.formats:
                target = Path(tmp) / f"graph-{size}{RDF_FORMATS[fmt][1]}"
                exported = run_child("export", store, fmt, target)
                loaded = run_child("load", Path(tmp) / f"load-{size}-{fmt}", fmt, target)
                row = {
                    "triples": count, "format": fmt,
                    "export_triples_per_s": round(exported["triples"] / exported["seconds"]),
                    "export_seconds": round(exported["seconds"], 2),
                    "export_peak_mib": round(exported["peak_mib"]),
                    "load_triples_per_s": round(loaded["triples"] / loaded["seconds"]),
                    "load_seconds": round(loaded["seconds"], 2),
                    "load_peak_mib": round(loaded["peak_mib"]),
                    "file_mib": round(target.stat().st_size / 2**20, 1),
                }
                rows.append(row)
                print(f"{count:>9}  {fmt:<7} {row['export_triples_per_s']:>11,} {row['export_peak_mib']:>10} "
                      f"{row['load_triples_per_s']:>10,} {row['load_peak_mib']:>9} {row['file_mib']:>8}", flush=True)
                target.unlink()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"# wrote {args.out}")


def machine() -> dict:
    import os
    import platform

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


if __name__ == "__main__":
    main()

"""Write a synthetic graph that follows the data contract, streaming, in bounded memory.

    python bench/generate.py --actors 20000 --claims 100000 [--seed 7] [--format nq|nt] -o graph.nq

Entities carry English and Arabic labels and aliases; claims carry quotes,
offsets, sources, dates, stances and attributions; a few actors take part in
most claims (--skew). Load it with `kg load graph.nq`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox

from kg.model.synthetic import synthetic_quads


def write(path: Path, actors: int, claims: int, seed: int = 7, fmt: str = "nq", skew: float = 3.0) -> int:
    """Stream the graph into ``path``; returns the number of quads written."""
    count = [0]

    def counted():
        for quad in synthetic_quads(actors=actors, claims=claims, sources=max(1, claims // 1000), seed=seed, skew=skew):
            count[0] += 1
            yield quad if fmt == "nq" else quad.triple

    ox.serialize(counted(), str(path), ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.N_TRIPLES)
    return count[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, required=True)
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skew", type=float, default=3.0)
    parser.add_argument("--format", choices=["nq", "nt"], default="nq")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    written = write(args.output, args.actors, args.claims, args.seed, args.format, args.skew)
    print(f"wrote {written} {'quads' if args.format == 'nq' else 'triples'} to {args.output} "
          f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

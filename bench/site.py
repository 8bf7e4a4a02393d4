"""Benchmark of the explorer build: wall and CPU time per phase, and the size of what it writes.

Run `python bench/site.py [--repeat N]`. CPU time is printed beside wall time because on a shared
machine the wall time also measures the neighbours; the target is the whole site in under 10 s.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ictgraph.publish.site.build import build_site


def build_once(out: Path) -> tuple[float, float, list[tuple[str, float]]]:
    """Build into `out`; return wall seconds, CPU seconds, and wall seconds per announced phase."""
    phases: list[tuple[str, float]] = []
    marks = [("start", time.perf_counter())]

    def progress(message: str) -> None:
        marks.append((message, time.perf_counter()))

    cpu, wall = time.process_time(), time.perf_counter()
    build_site(out, progress=progress)
    end = time.perf_counter()
    marks.append(("end", end))
    for (name, t0), (_, t1) in itertools.pairwise(marks[1:]):
        phases.append((name, t1 - t0))
    return end - wall, time.process_time() - cpu, phases


def sizes(root: Path) -> dict[str, tuple[int, int]]:
    """Files and bytes under each top-level folder of the site."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in root.rglob("*"):
        if path.is_file():
            top = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else "(root)"
            out[top][0] += 1
            out[top][1] += path.stat().st_size
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds to take the median of (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ictgraph-site-bench-") as tmp:
        out = Path(tmp) / "site"
        runs = [build_once(out) for _ in range(args.repeat)]
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        print(f"site build: median {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU "
              f"over {args.repeat} builds (min {min(walls):.2f} s, max {max(walls):.2f} s wall)")
        median_run = sorted(runs)[len(runs) // 2]
        for name, seconds in median_run[2]:
            print(f"  {seconds:6.2f} s  {name}")
        table = sizes(out)
        files = sum(n for n, _ in table.values())
        size = sum(b for _, b in table.values())
        print(f"site size: {files} files, {size / 1e6:.1f} MB")
        for top, (n, b) in table.items():
            print(f"  {top:<10} {n:5d} files {b / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()

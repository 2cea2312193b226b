"""What the benchmarks share: wall-clock timing (each script reports the best or the median of
the runs, always against its floor measured the same way in the same run) and the cached demo
databases they measure on."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def timings(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def best_of(fn: Callable[[], object], repeats: int = 7) -> float:
    return min(timings(fn, repeats))


def median_of(fn: Callable[[], object], repeats: int = 7) -> float:
    return statistics.median(timings(fn, repeats))


def cached_demo(folder: str | None, cases: int) -> Path:
    """The demo database of ``cases`` cases in ``folder`` (a new temporary folder if None),
    built once and kept there for the next run."""
    from isu.cli.demo import create_demo

    where = Path(folder or tempfile.mkdtemp(prefix="isu-bench-"))
    where.mkdir(parents=True, exist_ok=True)
    db = where / f"demo-{cases}.db"
    if not db.exists():
        print(f"building {cases} demo cases in {db} ...", flush=True)
        create_demo(db, cases, seed=1)
    return db

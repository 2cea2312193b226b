"""Wall-clock timing shared by the benchmarks: each script reports the best or the median of
the runs, always against its floor measured the same way in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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

"""What the pinned-cell rule of secondary suppression costs (issue #15, run by hand).

    python benchmarks/bench_suppression.py [--folder DIR] [--cases 10000] [--repeats 5]

On the cached encrypted demo database (``common.cached_demo``), for each split: building
every table of the summary (``build_summary``), and protecting them (``protect_report``)
with the pinned-cell pass (``isu.summary.suppression._free_pinned``: hidden cells of at
least 1 must keep room to move) and, as the floor in the same run, without it (the bridge
rule alone, as before). Runs are interleaved and each figure is the best of ``--repeats``
(process CPU time). Reported: protection with / without, and the extra cost as a share of
build + protect.

Then release control with the edit check (rule E: each release's case revisions) against
the same check without revisions, over ``bench_summary.release_history`` (102 earlier
releases), as a share of the whole summary (``summaries.protected``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_summary import release_history
from common import cached_demo

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.services import releases, settings, summaries
from isu.services.sign_in import login
from isu.summary import suppression
from isu.summary.data import SplitBy, SummaryRequest
from isu.summary.disclosure import protect_report
from isu.summary.engine import build_summary
from isu.summary.populations import find_conflict, populations_of


def cpu(fn) -> tuple[float, object]:
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ws = login(cached_demo(args.folder, args.cases), DEMO_USER, DEMO_PASSWORD)
    data = summaries.load_summary_data(ws, setting_age_bands=True)
    with_pass = suppression._free_pinned
    print(f"{'split':>9} {'build s':>8} {'protect s':>10} {'floor s':>8} {'ratio':>6} {'share':>7}")
    for split in SplitBy:
        request = SummaryRequest(split=split)
        builds, new, old = [], [], []
        for _ in range(args.repeats):
            seconds, raw = cpu(lambda r=request: build_summary(data, r))
            builds.append(seconds)
            suppression._free_pinned = with_pass
            new.append(cpu(lambda r=raw: protect_report(r, 5))[0])
            suppression._free_pinned = lambda *a, **kw: None
            old.append(cpu(lambda r=raw: protect_report(r, 5))[0])
            suppression._free_pinned = with_pass
        build, protect, floor = min(builds), min(new), min(old)
        share = (protect - floor) / (build + floor)
        print(
            f"{split.value:>9} {build:8.3f} {protect:10.3f} {floor:8.3f}"
            f" {protect / floor:6.2f} {share:7.1%}"
        )
    release_control(ws, data, args.repeats)
    ws.close()
    return 0


def release_control(ws, data, repeats: int) -> None:
    history = release_history(ws)
    revision_of = releases._revisions(ws)
    with_revisions = [(i, pops.with_revisions(revision_of)) for i, pops in history]
    k = settings.load(ws).k

    def plain() -> None:
        new = populations_of(data, SplitBy.NONE)
        find_conflict(new, history, k)
        new.encode(), new.digest()

    def edits() -> None:
        new = populations_of(data, SplitBy.NONE).with_revisions(releases._revisions(ws))
        find_conflict(new, with_revisions, k)
        new.encode(), new.digest()

    times: dict[str, list[float]] = {"summary": [], "plain": [], "edits": []}
    for _ in range(repeats):
        times["summary"].append(cpu(lambda: summaries.build(ws))[0])
        times["plain"].append(cpu(plain)[0])
        times["edits"].append(cpu(edits)[0])
    summary, floor, check = (min(times[name]) for name in ("summary", "plain", "edits"))
    print(
        f"release control, {len(history)} earlier releases: {floor * 1000:.1f} ms without"
        f" revisions, {check * 1000:.1f} ms with ({check / summary:.1%} of the summary's"
        f" {summary:.2f} s; the edit check adds {(check - floor) / summary:.1%})"
    )


if __name__ == "__main__":
    raise SystemExit(main())

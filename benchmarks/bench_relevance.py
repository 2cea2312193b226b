"""How long the skip-logic pass of the group summary takes (run by hand).

    python benchmarks/bench_relevance.py [--cases 10000] [--folder DIR] [--repeats 5]

On the encrypted demo database of ``bench_summary.py`` (built once and cached in
``--folder``): ``isu.summary.relevance.asked_cases`` over every case of the SIG form, against
loading the same ``SummaryData`` from the database in the same run
(``summaries.load_summary_data``), with the cycle collector paused as the summary does. Each
figure is the best of ``--repeats`` runs; "questions" counts those skip logic left unasked
in some case.

Target: under 0.15 s at 10,000 cases (the whole summary must stay under 2 s); exit code 1
if missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_summary import best_of, demo_database

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.services import summaries
from isu.services.sign_in import login
from isu.summary.relevance import asked_cases

TARGET_SECONDS = 0.15
TARGET_CASES = 10_000


def measure(folder: Path, cases: int, repeats: int) -> dict:
    ws = login(demo_database(folder, cases), DEMO_USER, DEMO_PASSWORD)
    try:
        data = summaries.load_summary_data(ws)
        assert len(data.cases) == cases, len(data.cases)
        today = dt.date.today()
        load = best_of(lambda: summaries.load_summary_data(ws), repeats)
        # The summary runs with the cycle collector paused (summaries.build), so here too.
        gc.collect()
        gc.disable()
        try:
            asked = asked_cases(data, today)
            relevance = best_of(lambda: asked_cases(data, today), repeats)
        finally:
            gc.enable()
        return {"cases": cases, "load": load, "relevance": relevance, "questions": len(asked)}
    finally:
        ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=TARGET_CASES)
    parser.add_argument("--folder", default=None, help="cache for the demo databases")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.folder or Path(tempfile.gettempdir()) / "isu-bench")
    folder.mkdir(parents=True, exist_ok=True)
    row = measure(folder, args.cases, args.repeats)
    print(f"{'cases':>8}{'load s':>9}{'relevance s':>13}{'ratio':>8}{'questions':>11}")
    print(f"{row['cases']:>8,}{row['load']:>9.3f}{row['relevance']:>13.3f}"
          f"{row['relevance'] / row['load']:>8.2f}{row['questions']:>11}")  # fmt: skip
    if row["cases"] < TARGET_CASES:
        return 0
    ok = row["relevance"] < TARGET_SECONDS
    print(f"{'ok  ' if ok else 'MISS'} relevance at {row['cases']:,} cases < {TARGET_SECONDS} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""How fast the case list and a single case open at 10,000 cases (run by hand).

    python benchmarks/bench_caselist.py [--cases 10000] [--folder DIR]

Times, on the encrypted demo database: the first page of the case list for several sorts and
filters (through ``isu.services.cases.list_cases``, i.e. SQL with paging), and opening one
case (``get_case``: answers, repeats, audit entry). The baseline in the same run is the same
page query in plain ``sqlite3`` on an unencrypted copy of the same data, so the ratio shows
what encryption, the ORM and our code add.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from isu.cli import DEMO_PASSWORD, DEMO_USER
from isu.cli_demo import create_demo
from isu.domain.model import CaseQuery, CaseStatus
from isu.services import cases
from isu.services.workspace import login

QUERIES = {
    "newest first": CaseQuery(),
    "by case number": CaseQuery(sort="case_number", descending=False),
    "by start date": CaseQuery(sort="start_date"),
    "by coordinator": CaseQuery(sort="coordinator", descending=False),
    "closed only": CaseQuery(status=CaseStatus.CLOSED),
    "search '2025-01'": CaseQuery(search="2025-01"),
}
BASELINE_SQL = (
    "SELECT c.id, c.case_number, c.status, c.start_date, c.closure_date, u.display_name,"
    " c.phases_complete, c.warnings, c.updated_at FROM cases c JOIN users u"
    " ON u.id = c.coordinator_id ORDER BY c.updated_at DESC LIMIT 200"
)


def best_of(fn, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plaintext_copy(ws, folder: Path) -> Path:
    out = folder / "plain.db"
    out.unlink(missing_ok=True)
    raw = ws.db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"ATTACH DATABASE '{out}' AS plain KEY ''")
        cur.execute("SELECT sqlcipher_export('plain')")
        cur.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="isu-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"demo-{args.cases}.db"
    if not db.exists():
        print(f"building {args.cases} demo cases in {db} ...")
        create_demo(db, args.cases, seed=1)
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        plain = sqlite3.connect(plaintext_copy(ws, folder))
        baseline = best_of(lambda: plain.execute(BASELINE_SQL).fetchall())
        print(f"{'case list query':<22}{'isu ms':>10}{'baseline ms':>13}{'ratio':>8}")
        for name, query in QUERIES.items():
            took = best_of(lambda q=query: cases.list_cases(ws, q))
            print(f"{name:<22}{took * 1000:>10.1f}{baseline * 1000:>13.1f}{took / baseline:>8.1f}")
        ids = [r.id for r in cases.list_cases(ws, CaseQuery(limit=50)).rows]
        one_case = best_of(lambda: [cases.get_case(ws, i) for i in ids[:10]], 3) / 10
        raw_case = (
            best_of(
                lambda: [
                    plain.execute("SELECT * FROM answers WHERE case_id = ?", (i,)).fetchall()
                    for i in ids[:10]
                ]
            )
            / 10
        )
        print(
            f"{'open one case':<22}{one_case * 1000:>10.1f}{raw_case * 1000:>13.2f}"
            f"{one_case / raw_case:>8.1f}"
        )
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

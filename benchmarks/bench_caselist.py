"""How fast the case list and a single case open at 10,000 cases (run by hand).

    python benchmarks/bench_caselist.py [--cases 10000] [--folder DIR]

Times, on the encrypted demo database: the first page of the case list for several sorts and
filters (through ``isu.services.cases.list_cases``, i.e. SQL with paging), and opening one
case (``get_case``: answers, repeats, audit entry). The baseline in the same run is the same
query (same filter, order and page, plus the count) in plain ``sqlite3`` on an unencrypted copy
of the same data; for opening a case it is the same reads plus the audit insert and commit. The
ratio shows what encryption, the ORM and our code add.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import cached_demo, median_of

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.domain.model import CaseQuery, CaseStatus
from isu.services import cases
from isu.services.sign_in import login

_SELECT = (
    "SELECT c.id, c.case_number, c.status, c.start_date, c.closure_date, u.display_name,"
    " c.phases_complete, c.warnings, c.updated_at FROM cases c JOIN users u"
    " ON u.id = c.coordinator_id"
)
# Each query and the plain-SQL baseline that does the same work (same filter, same order, same
# page, and a count for the total), so every ratio compares like with like.
QUERIES = {
    "newest first": (CaseQuery(), "", "c.updated_at DESC"),
    "by case number": (CaseQuery(sort="case_number", descending=False), "", "c.case_number"),
    "by start date": (CaseQuery(sort="start_date"), "", "c.start_date DESC"),
    "by coordinator": (
        CaseQuery(sort="coordinator", descending=False),
        "",
        "u.display_name",
    ),
    "closed only": (
        CaseQuery(status=CaseStatus.CLOSED),
        "WHERE c.status = 'closed'",
        "c.updated_at DESC",
    ),
    "search '2025-01'": (
        CaseQuery(search="2025-01"),
        "WHERE c.case_number LIKE '%2025-01%'",
        "c.updated_at DESC",
    ),
}


def baseline_page(plain: sqlite3.Connection, where: str, order: str) -> None:
    plain.execute(f"{_SELECT} {where} ORDER BY {order} LIMIT 200").fetchall()
    plain.execute(f"SELECT count(*) FROM cases c {where}").fetchone()


def baseline_open(plain: sqlite3.Connection, case_id: int) -> None:
    """What opening a case must do at least: its row, its answers, its coordinator, and the
    audit entry (read the chain head, hash, insert, commit)."""
    row = plain.execute("SELECT *, coordinator_id FROM cases WHERE id = ?", (case_id,)).fetchone()
    plain.execute("SELECT * FROM answers WHERE case_id = ?", (case_id,)).fetchall()
    plain.execute("SELECT display_name FROM users WHERE id = ?", (row[-1],)).fetchone()
    last = plain.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    digest = hashlib.sha256(
        f"{last[1]}|{last[0] + 1}|case_read|case:{case_id}".encode()
    ).hexdigest()
    plain.execute(
        "INSERT INTO audit_log (id, ts, actor, action, target, detail, prev_hash, hash)"
        " VALUES (?, datetime('now'), 'demo', 'case_read', ?, '{}', ?, ?)",
        (last[0] + 1, f"case:{case_id}", last[1], digest),
    )
    plain.commit()


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
    db = cached_demo(args.folder, args.cases)
    folder = db.parent
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        plain = sqlite3.connect(plaintext_copy(ws, folder))
        print(f"{'case list query':<22}{'isu ms':>10}{'baseline ms':>13}{'ratio':>8}")
        for name, (query, where, order) in QUERIES.items():
            took = median_of(lambda q=query: cases.list_cases(ws, q))
            baseline = median_of(lambda w=where, o=order: baseline_page(plain, w, o))
            print(f"{name:<22}{took * 1000:>10.1f}{baseline * 1000:>13.2f}{took / baseline:>8.1f}")
        ids = [r.id for r in cases.list_cases(ws, CaseQuery(limit=50)).rows]
        one_case = median_of(lambda: [cases.get_case(ws, i) for i in ids[:10]], 3) / 10
        raw_case = median_of(lambda: [baseline_open(plain, i) for i in ids[:10]], 3) / 10
        print(
            f"{'open one case':<22}{one_case * 1000:>10.1f}{raw_case * 1000:>13.2f}"
            f"{one_case / raw_case:>8.1f}"
        )
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the audit anchors and the refusal log cost (run by hand).

    python benchmarks/bench_audit.py [--cases 10000] [--folder DIR] [--backups 5]

On the encrypted demo database, medians of several runs:

* moving the key file's anchor (``anchor.update_key_file``: two write units of work and an
  atomic, fsynced key-file replace), done once per closed workspace;
* checking every anchor (``anchor.check_all``: the key file and ``--backups`` backups);
* opening one case (``get_case``: the read plus its audit entry in a unit of work of its own);
* a refused case lookup (the shared answer plus its ``_refused`` entry);
* ``verify`` in full.

The baseline in the same run is one audit entry in one write unit of work (``audit.note``), the
cost every audited action already had; the ratios show what anchoring adds on top.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import cached_demo, median_of

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.services import anchor, audit, backup, case_access, cases
from isu.services.maintenance import verify
from isu.services.sign_in import login


def _refused(ws) -> None:
    with contextlib.suppress(case_access.CaseUnavailable):
        cases.case_id_by_number(ws, "NO-SUCH-CASE", "show")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--folder", default=None)
    parser.add_argument("--backups", type=int, default=5)
    args = parser.parse_args()
    db = cached_demo(args.folder, args.cases)
    folder = db.parent
    backups = folder / f"backups-{args.cases}"
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        if not backups.exists():
            backups.mkdir()
            for i in range(args.backups):
                backup.backup(ws, backups / f"b{i}.isubackup")
        files = sorted(backups.iterdir())
        case_id = cases.list_cases(ws).rows[0].id
        base = median_of(lambda: audit.note(ws, "bench", ""))
        rows = [
            ("one audit entry (baseline)", base),
            ("move the key file's anchor", median_of(lambda: anchor.update_key_file(ws))),
            (f"check {len(files) + 1} anchors", median_of(lambda: anchor.check_all(ws, files))),
            ("open one case (get_case)", median_of(lambda: cases.get_case(ws, case_id))),
            ("refused case lookup", median_of(lambda: _refused(ws))),
            ("verify (all checks)", median_of(lambda: verify(ws, anchors_in=files), 3)),
        ]
    finally:
        ws.close()
    print(f"{args.cases} cases, {db}")
    print(f"{'':34} {'ms':>9} {'× baseline':>11}")
    for name, seconds in rows:
        print(f"{name:34} {seconds * 1000:9.1f} {seconds / base:11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the server's row-level security costs (run by hand; loopback only; #17).

    python benchmarks/bench_server_rls.py [--cases 100000] [--repeats 7]

A throwaway cluster (tests/pg_cluster.py) is set up with ``isu server init``; ten coordinators
and a unit head are added and ``--cases`` cases are written by the owner role, spread over the
coordinators (generated in SQL: the list reads no answers). Then the case list's first page
(50 rows by last change, with the total count) is read three ways for one coordinator:

* floor: the owner role (no row-level security) with the coordinator filter written out;
* the coordinator's own login, with no filter: the server's policies do the filtering;
* ``cases.list_cases`` as that coordinator (the service adds its own filter too);

and, for the unit head and the administrator (who see every case), the unfiltered page against
the owner's unfiltered page. Ratios against the floor, best of ``--repeats``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import best_of  # noqa: E402  (after the path set-up)

PASSWORD = "bench-pass-123"
PAGE = (
    "SELECT c.id, c.case_number, c.status, u.display_name, c.updated_at FROM cases c"
    " JOIN users u ON u.id = c.coordinator_id {where}"
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT 50"
)
COUNT = "SELECT count(*) FROM cases c {where}"


def _page(conn, where: str = "", params=()):
    conn.execute(COUNT.format(where=where), params).fetchone()
    return conn.execute(PAGE.format(where=where), params).fetchall()


def _setup(cluster, n_cases: int):
    from isu.domain.roles import Role
    from isu.server.provision import init_server
    from isu.services import users
    from isu.services.sign_in import login

    dbname = cluster.create_database("rls")
    url = cluster.url(dbname)
    os.environ.update(cluster.superuser_env())
    init_server(url, cluster.superuser, "rls_admin", PASSWORD)
    admin = login(url, "rls_admin", PASSWORD)
    try:
        ids = [users.add_user(admin, f"rls_c{i}", PASSWORD, Role.COORDINATOR).id for i in range(10)]
        users.add_user(admin, "rls_head", PASSWORD, Role.UNIT_HEAD)
    finally:
        admin.close()
    with cluster.connect(dbname) as conn:
        conn.execute(
            "INSERT INTO cases (case_number, form_id, form_version, coordinator_id, status, unit,"
            " municipality, phases_complete, warnings, created_at, updated_at, revision)"
            " SELECT 'N-' || g, 'sig', 1, (%s::int[])[1 + g %% 10], 'ongoing', '', '', '', 0,"
            " '2026-01-01', to_char(timestamp '2026-01-01' + g * interval '1 minute',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS'), 1 FROM generate_series(1, %s) g",
            (ids, n_cases),
        )
        conn.execute("ANALYZE")
    return dbname, url, ids[0]


def main() -> int:
    from isu.services import cases
    from isu.services.sign_in import login
    from tests.pg_cluster import find_pg_bin, start_cluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    bindir = find_pg_bin()
    if bindir is None:
        print("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
        return 1
    cluster = start_cluster(bindir)
    try:
        dbname, url, coordinator_id = _setup(cluster, args.cases)
        where = "WHERE c.coordinator_id = %s"
        with (
            cluster.connect(dbname) as owner,
            cluster.connect(dbname, user="rls_c0", password=PASSWORD) as coord,
            cluster.connect(dbname, user="rls_head", password=PASSWORD) as head,
            cluster.connect(dbname, user="rls_admin", password=PASSWORD) as admin,
        ):
            assert len(_page(coord)) == 50 and _page(coord) == _page(
                owner, where, (coordinator_id,)
            )
            floor = best_of(lambda: _page(owner, where, (coordinator_id,)), args.repeats)
            floor_all = best_of(lambda: _page(owner), args.repeats)
            rows = [
                (
                    "coordinator, policies filter",
                    best_of(lambda: _page(coord), args.repeats),
                    floor,
                ),
                ("unit head, every case", best_of(lambda: _page(head), args.repeats), floor_all),
                ("admin, every case", best_of(lambda: _page(admin), args.repeats), floor_all),
            ]
        ws = login(url, "rls_c0", PASSWORD)
        try:
            service = best_of(lambda: cases.list_cases(ws), args.repeats)
        finally:
            ws.close()
        rows.append(("coordinator, cases.list_cases", service, floor))
    finally:
        cluster.stop()
    print(f"case list first page + count at {args.cases} cases (best of {args.repeats})")
    print(f"  floor, owner, filter written out      {floor * 1000:8.1f} ms")
    print(f"  floor, owner, every case              {floor_all * 1000:8.1f} ms")
    for label, seconds, base in rows:
        print(f"  {label:<38}{seconds * 1000:8.1f} ms   x{seconds / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The server backend against the local file, on loopback (run by hand; #17).

    python benchmarks/bench_server.py [--cases 10000] [--list-cases 100000] [--folder DIR]
                                      [--repeats 5]

A throwaway PostgreSQL cluster (tests/pg_cluster.py: initdb + pg_ctl on a free loopback port,
SCRAM, fsync off) is started for the run and removed after it. No other host is contacted.

1. The full SIG group summary (``summaries.protected``: load in SQL, build, protect, audit) at
   ``--cases`` cases, on the encrypted demo file (built once and cached in ``--folder``) and on
   a server database set up by ``isu server init`` (row-level security, insert-only audit
   log) holding a copy of the same rows, logged in as the same user (the administrator). The file's
   time, measured in the same run, is the floor. Target: server within 1.5x the file.
2. The first page of the case list (``cases.list_cases``: the same sorts and filters as
   benchmarks/bench_caselist.py, with the count) on the server at ``--list-cases`` cases: the
   demo's cases copied on the server until there are that many (new numbers, new ids; their
   answers are not copied, as the list never reads them). The floor is the same page at
   ``--cases`` cases on the server. Target: under 100 ms each.

Each figure is the best of ``--repeats`` runs (the median is printed too).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_caselist import _SELECT, QUERIES
from common import cached_demo, timings

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.services import cases, summaries
from isu.services.sign_in import login
from tests.pg_cluster import find_pg_bin, start_cluster
from tests.server.copy_for_tests import copy_rows
from tests.server.provision_for_tests import init_as_owner

SUMMARY_TARGET_RATIO = 1.5
LIST_TARGET_S = 0.100


def best_and_median(fn, repeats: int) -> tuple[float, float]:
    times = timings(fn, repeats)
    return min(times), statistics.median(times)


def server_copy(cluster, file_ws) -> str:
    name = cluster.create_database("isu_bench")
    init_as_owner(cluster, name, DEMO_USER, DEMO_PASSWORD)  # isu server init: RLS and all
    started = time.perf_counter()
    copy_rows(file_ws.db, cluster, name, DEMO_PASSWORD)
    print(f"  copied the rows to the server in {time.perf_counter() - started:.1f} s", flush=True)
    return name


def grow_cases(cluster, dbname: str, total: int) -> int:
    """Copies of the existing cases (new ids and numbers) until there are ``total``."""
    with cluster.connect(dbname) as conn:
        have = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'"
                " AND column_name NOT IN ('id', 'case_number') ORDER BY ordinal_position"
            )
        ]
        cols = ", ".join(columns)
        round_ = 0
        while have < total:
            round_ += 1
            conn.execute(
                f"INSERT INTO cases (case_number, {cols})"
                f" SELECT 'K{round_}-' || case_number, {cols} FROM cases"
                f" WHERE case_number NOT LIKE 'K%%' LIMIT %s",
                (total - have,),
            )
            have = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        conn.execute("ANALYZE cases")
        return have


def bench_summary(file_ws, server_ws, repeats: int) -> bool:
    a = summaries.protected(file_ws)
    b = summaries.protected(server_ws)
    same = a.sections == b.sections  # the same figures, cell for cell
    file_best, file_median = best_and_median(lambda: summaries.protected(file_ws), repeats)
    server_best, server_median = best_and_median(lambda: summaries.protected(server_ws), repeats)
    ratio = server_best / file_best
    ok = ratio <= SUMMARY_TARGET_RATIO and same
    print(
        f"summary  file {file_best * 1000:7.0f} ms (median {file_median * 1000:.0f})"
        f"  server {server_best * 1000:7.0f} ms (median {server_median * 1000:.0f})"
        f"  ratio {ratio:.2f}x (target <= {SUMMARY_TARGET_RATIO}x)"
        f"  same figures: {same}  {'OK' if ok else 'MISSED'}"
    )
    return ok


def bench_list(ws, label: str, repeats: int, plain=None) -> dict[str, float]:
    """``list_cases`` per query; with ``plain`` (a psycopg connection as the same user) also
    the same page and count in hand-written SQL (bench_caselist's baseline) as the floor."""
    out = {}
    for name, (query, where, order) in QUERIES.items():
        cases.list_cases(ws, query)  # warm the pool and the plan cache
        best, median = best_and_median(lambda q=query: cases.list_cases(ws, q), repeats)
        out[name] = best
        line = f"  {label:>14} {name:<18} {best * 1000:6.1f} ms (median {median * 1000:.1f})"
        if plain is not None:
            sql = f"{_SELECT} {where} ORDER BY {order} LIMIT 200".replace("%", "%%")
            count = f"SELECT count(*) FROM cases c {where}".replace("%", "%%")

            def floor(sql=sql, count=count):
                plain.execute(count).fetchone()
                plain.execute(sql).fetchall()

            base = min(timings(floor, repeats))
            line += f"  plain SQL {base * 1000:6.1f} ms  ratio {best / base:.2f}x"
        print(line)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--list-cases", type=int, default=100_000)
    parser.add_argument("--folder", default=None)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    bindir = find_pg_bin()
    if bindir is None:
        print("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
        return 2
    demo = cached_demo(args.folder, args.cases)
    cluster = start_cluster(bindir)
    try:
        file_ws = login(demo, DEMO_USER, DEMO_PASSWORD)
        name = server_copy(cluster, file_ws)
        server_ws = login(cluster.url(name), DEMO_USER, DEMO_PASSWORD)
        print(f"{args.cases} cases, loopback server (PostgreSQL in {bindir})")
        ok = bench_summary(file_ws, server_ws, args.repeats)
        print(f"case list, first page (target < {LIST_TARGET_S * 1000:.0f} ms):")
        floor = bench_list(server_ws, f"{args.cases} cases", args.repeats)
        grown = grow_cases(cluster, name, args.list_cases)
        with cluster.connect(name, DEMO_USER, DEMO_PASSWORD) as plain:
            large = bench_list(server_ws, f"{grown} cases", args.repeats, plain)
        for query, seconds in large.items():
            met = seconds < LIST_TARGET_S
            ok &= met
            print(
                f"  {query:<18} {seconds / floor[query]:5.2f}x the {args.cases}-case page"
                f"  {'OK' if met else 'MISSED'}"
            )
        server_ws.close()
        file_ws.close()
    finally:
        cluster.stop()
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

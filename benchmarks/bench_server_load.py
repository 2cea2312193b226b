"""Ten workstations on one unit server at once (run by hand; loopback only, bounded).

    python benchmarks/bench_server_load.py [--clients 10] [--seconds 60] [--pg-bin DIR]

A throwaway PostgreSQL cluster on 127.0.0.1 (``tests/pg_cluster.py``) is set up with
``isu server init``; an administrator adds one coordinator per client and turns on shared
access, so the clients also edit each other's cases. Each client is a process of its own that
logs in as its coordinator and, until the time is up, either registers a case or opens a case
(its own or, one time in three, anyone's) and saves it with the revision it read, writing a
marker of its own into an answer. A save refused as a conflict (someone saved in between) is
counted, not retried.

Checks, after all clients stopped: every acknowledged registration is there; for every case the
value of the last acknowledged save is the one stored, and no two acknowledged saves of one case
share a revision (no acknowledged save was lost or overwritten); the audit chain is intact.
Reported: acknowledged saves per second, p50/p95 save latency, and the floor measured in the
same run: one client alone doing the same for a few seconds (ratio = load p95 / alone p95).
Exit code 1 if a check fails.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-pass-123"
CODE = "unit"  # a free-text answer every save changes


def _client(url: str, name: str, seconds: float, seed: int, out) -> None:
    from isu.domain.model import Answer
    from isu.errors import IsuError
    from isu.services import case_store, cases
    from isu.services.sign_in import login

    rng = random.Random(seed)
    ws = login(url, name, PASSWORD)
    registered, saves, latencies, conflicts, failed = [], [], [], 0, []
    own: list[int] = []
    try:
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if not own or rng.random() < 0.2:
                number = f"{name}-{n}"
                own.append(cases.register_case(ws, number).case_id)
                registered.append(number)
                continue
            if rng.random() < 1 / 3:
                rows = cases.list_cases(ws).rows
                case_id = rng.choice(rows).id if rows else rng.choice(own)
            else:
                case_id = rng.choice(own)
            detail = cases.get_case(ws, case_id)
            marker = f"{name}:{n}"
            started = time.perf_counter()
            try:
                result = cases.save_case(
                    ws,
                    case_id,
                    {**detail.answers, CODE: Answer(marker)},
                    detail.repeats,
                    expected_revision=detail.revision,
                )
            except case_store.CaseConflict:
                conflicts += 1
                continue
            except IsuError as exc:  # a save the user would see fail: a finding
                failed.append(type(exc).__name__)
                continue
            latencies.append(time.perf_counter() - started)
            saves.append((case_id, result.revision, marker))
    finally:
        ws.close()
    out.put((name, registered, saves, latencies, conflicts, failed))


def _run(url: str, names: list[str], seconds: float) -> list[tuple]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_client, args=(url, name, seconds, i, out))
        for i, name in enumerate(names)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return results


def _setup(cluster, clients: int) -> tuple[str, list[str]]:
    from isu.domain.roles import Role
    from isu.server.provision import init_server
    from isu.services import forms, settings, users
    from isu.services.sign_in import login

    dbname = cluster.create_database("bench")
    url = cluster.url(dbname)
    os.environ.update(cluster.superuser_env())
    init_server(url, cluster.superuser, "bench_admin", PASSWORD, unit="Enheten")
    admin = login(url, "bench_admin", PASSWORD)
    try:
        forms.publish_default_form(admin)
        settings.save(admin, shared_access=True)
        names = [f"{dbname}_c{i}" for i in range(clients + 1)]
        for name in names:
            users.add_user(admin, name, PASSWORD, Role.COORDINATOR)
    finally:
        admin.close()
    return url, names


def _check(url: str, results: list[tuple]) -> list[str]:
    from sqlalchemy import select

    from isu.db.models import AnswerRecord, CaseRecord
    from isu.services import audit
    from isu.services.sign_in import login

    problems = []
    ws = login(url, "bench_admin", PASSWORD)
    try:
        with ws.db.reading() as session:
            numbers = set(session.execute(select(CaseRecord.case_number)).scalars())
            stored = dict(
                session.execute(
                    select(AnswerRecord.case_id, AnswerRecord.value_text).where(
                        AnswerRecord.code == CODE
                    )
                ).all()
            )
            if audit.first_broken_entry(session) is not None:
                problems.append("the audit chain is broken")
    finally:
        ws.close()
    missing = [n for r in results for n in r[1] if n not in numbers]
    if missing:
        problems.append(f"{len(missing)} acknowledged registrations missing")
    last: dict[int, tuple[int, str]] = {}
    seen: set[tuple[int, int]] = set()
    failed = [f for r in results for f in r[5]]
    if failed:
        problems.append(
            f"{len(failed)} saves failed with an error ({', '.join(sorted(set(failed)))})"
        )
    for _, _, saves, _, _, _ in results:
        for case_id, revision, marker in saves:
            if (case_id, revision) in seen:
                problems.append(f"two acknowledged saves of case {case_id} at revision {revision}")
            seen.add((case_id, revision))
            if case_id not in last or revision > last[case_id][0]:
                last[case_id] = (revision, marker)
    lost = [c for c, (_, marker) in last.items() if stored.get(c) != marker]
    if lost:
        problems.append(f"{len(lost)} cases lost their last acknowledged save")
    return problems


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    from tests.pg_cluster import find_pg_bin, start_cluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--floor-seconds", type=float, default=8.0)
    parser.add_argument("--pg-bin", default=None)
    args = parser.parse_args()
    if not 1 <= args.clients <= 20 or not 1 <= args.seconds <= 600:
        parser.error("--clients 1–20, --seconds 1–600")
    bindir = Path(args.pg_bin) if args.pg_bin else find_pg_bin()
    if bindir is None:
        print("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
        return 1
    cluster = start_cluster(bindir)
    try:
        url, names = _setup(cluster, args.clients)
        floor = _run(url, names[-1:], args.floor_seconds)
        started = time.perf_counter()
        results = _run(url, names[:-1], args.seconds)
        elapsed = time.perf_counter() - started
        problems = _check(url, results + floor)
    finally:
        cluster.stop()
    lat = [x for r in results for x in r[3]]
    floor_lat = floor[0][3]
    saves = len(lat)
    registered = sum(len(r[1]) for r in results)
    conflicts = sum(r[4] for r in results)
    print(f"{args.clients} clients for {args.seconds:.0f} s on loopback")
    print(f"  acknowledged saves          {saves:8d}  ({saves / elapsed:.1f}/s)")
    print(f"  registrations               {registered:8d}  ({registered / elapsed:.1f}/s)")
    print(f"  conflicts (refused, kept)   {conflicts:8d}")
    if lat and floor_lat:
        p95, f95 = _p(lat, 95), _p(floor_lat, 95)
        print(f"  save latency p50 / p95      {_p(lat, 50) * 1000:7.1f} / {p95 * 1000:.1f} ms")
        print(
            f"  one client alone p50 / p95  {_p(floor_lat, 50) * 1000:7.1f} / {f95 * 1000:.1f} ms"
        )
        print(f"  ratio p95 load / alone      {p95 / f95:8.2f}")
    print(
        "  checks: "
        + (
            "all acknowledged saves kept, audit chain intact"
            if not problems
            else "; ".join(problems)
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

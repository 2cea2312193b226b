"""The case list's page on the server can come from an index in its sort order instead of
sorting every case (row-level security hides the row count from the planner, so at 100,000
cases it would sort them all for each page; isu.db.server makes the indexes). Checked with the
plan of the very statement ``list_cases`` runs, not with a clock: with sorting and sequential
scans priced out, a plan without a Sort exists only if an index has exactly the page's order
(benchmarks/bench_server.py measures the time at 100,000 cases)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from isu.domain.model import CaseQuery
from isu.services import cases
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD

pytestmark = pytest.mark.server
CASES = 500


@pytest.fixture(scope="module")
def ws(pg_cluster, server_templates):  # one database for the module: it is only read
    server_db = server_templates.copy()
    with pg_cluster.connect(server_db) as conn:
        uid = conn.execute("SELECT id FROM users WHERE username = %s", (ADMIN,)).fetchone()[0]
        conn.execute(
            "INSERT INTO cases (case_number, form_id, form_version, coordinator_id, status, unit,"
            " municipality, start_date, phases_complete, warnings, created_at, updated_at,"
            " revision) SELECT 'P-' || g, 'sig', 1, %s, 'ongoing', '', '',"
            " to_char(date '2020-01-01' + g %% 900, 'YYYY-MM-DD'), '', 0, '2026-01-01',"
            " to_char(timestamp '2025-01-01' + g * interval '1 minute', 'YYYY-MM-DD HH24:MI:SS'),"
            " 1 FROM generate_series(1, %s) g",
            (uid, CASES),
        )
        conn.execute("ANALYZE")
    workspace = login(pg_cluster.url(server_db), ADMIN, ADMIN_PASSWORD)
    yield workspace
    workspace.close()
    server_templates.drop(server_db)


def page_plan(ws, query: CaseQuery) -> str:
    seen = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if "LIMIT" in statement:
            seen.append((statement, parameters))

    event.listen(ws.db.engine, "before_cursor_execute", grab)
    try:
        page = cases.list_cases(ws, query)
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", grab)
    assert len(page.rows) == query.limit and page.total == CASES
    statement, parameters = seen[-1]
    with ws.db.reading() as session:
        driver = session.connection().connection.driver_connection
        driver.execute("SET LOCAL enable_seqscan = off")
        driver.execute("SET LOCAL enable_sort = off")
        return "\n".join(r[0] for r in driver.execute("EXPLAIN " + statement, parameters))


@pytest.mark.parametrize(
    ("sort", "descending", "index"),
    [
        ("updated_at", True, "ix_cases_list_updated_at_desc"),
        ("start_date", True, "ix_cases_list_start_date_desc"),
        ("case_number", False, "case_number"),  # its own unique index does it as well
    ],
)
def test_the_first_page_is_read_in_index_order(ws, sort, descending, index):
    plan = page_plan(ws, CaseQuery(sort=sort, descending=descending))
    assert index in plan.split("Index Scan using ", 1)[1].split(" ", 1)[0], plan
    # Nothing sorted after reading, beyond ties of an already sorted key.
    assert "Sort Key" not in plan or "Presorted Key" in plan, plan


@pytest.fixture
def staffed(pg_cluster, server_db):
    """Three coordinators (rows only: nobody logs in as them) with cases spread over them."""
    names = ["Örjan", "Anna", "anna", "Bo"]  # case and a letter past z: the server's collation
    with pg_cluster.connect(server_db) as conn:
        ids = [
            conn.execute(
                "INSERT INTO users (username, display_name, role, disabled, created_at,"
                " updated_at) VALUES (%s, %s, 'coordinator', false, '', '') RETURNING id",
                (f"staff{n}", name),
            ).fetchone()[0]
            for n, name in enumerate(names)
        ]
        admin = conn.execute("SELECT id FROM users WHERE username = %s", (ADMIN,)).fetchone()[0]
        owners = [*ids, admin]
        for n in range(90):
            conn.execute(
                "INSERT INTO cases (case_number, form_id, form_version, coordinator_id, status,"
                " unit, municipality, phases_complete, warnings, created_at, updated_at,"
                " revision) VALUES (%s, 'sig', 1, %s, %s, '', '', '', 0, '', '', 1)",
                (f"Q-{n}", owners[(n * 7) % len(owners)], "closed" if n % 4 else "ongoing"),
            )
    workspace = login(pg_cluster.url(server_db), ADMIN, ADMIN_PASSWORD)
    yield workspace
    workspace.close()


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("offset", [0, 7, 85])
@pytest.mark.parametrize("status", [None, "closed"])
def test_by_coordinator_the_server_gives_the_plain_sorts_page(staffed, descending, offset, status):
    """The LATERAL page (isu.services.case_list_server) against the whole list sorted here."""
    from isu.domain.model import CaseStatus

    wanted = CaseStatus(status) if status else None
    everything = cases.list_cases(staffed, CaseQuery(status=wanted, limit=10_000))
    ordered = sorted(everything.rows, key=lambda r: (r.coordinator, r.id), reverse=descending)
    query = CaseQuery(
        status=wanted, sort="coordinator", descending=descending, offset=offset, limit=20
    )
    page = cases.list_cases(staffed, query)
    assert page.total == everything.total
    assert [r.id for r in page.rows] == [r.id for r in ordered[offset : offset + 20]]

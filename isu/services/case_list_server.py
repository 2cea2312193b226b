"""The case list sorted by coordinator, on a PostgreSQL server.

``ORDER BY users.display_name, cases.id`` sorts every visible case for each page: the order
crosses the join, so no index serves it (about 100 ms at 100,000 cases). The same page comes
from each coordinator's first ``offset + limit`` cases by id (an index on ``(coordinator_id,
id)``, made by ``isu.db.server``), read through a LATERAL join and merged in the coordinators'
order: the first page of that order can only hold cases that are among their coordinator's
first ones. SQLite has no LATERAL and does not need it (benchmarks/bench_caselist.py).
"""

from __future__ import annotations

from sqlalchemy import Select, select, true

from isu.db.models import CaseRecord, UserRecord
from isu.domain.model import CaseQuery


def by_coordinator(columns: tuple, conditions: list, query: CaseQuery) -> Select:
    """The same rows, in the same order, as ``list_cases``' plain statement sorted by
    coordinator; ``columns`` are the list's, of ``CaseRecord`` and ``UserRecord.display_name``."""
    case_columns = [c for c in columns if c.class_ is CaseRecord]
    by_id = CaseRecord.id.desc() if query.descending else CaseRecord.id.asc()
    firsts = (
        select(*case_columns)
        .where(CaseRecord.coordinator_id == UserRecord.id, *conditions)
        .order_by(by_id)
        .limit(query.offset + query.limit)
        .lateral("firsts")
    )
    picked = [
        UserRecord.display_name if c.class_ is UserRecord else firsts.c[c.key] for c in columns
    ]
    name = UserRecord.display_name.desc() if query.descending else UserRecord.display_name.asc()
    case_id = firsts.c.id.desc() if query.descending else firsts.c.id.asc()
    return (
        select(*picked)
        .select_from(UserRecord)
        .join(firsts, true())
        .order_by(name.nulls_last(), case_id)
        .offset(query.offset)
        .limit(query.limit)
    )

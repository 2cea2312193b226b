"""The case list sorted by coordinator, on a PostgreSQL server.

``ORDER BY users.display_name, cases.id`` sorts every visible case for each page: the order
crosses the join, so no index serves it (about 100 ms at 100,000 cases). The same page comes
from each coordinator's first ``offset + limit`` cases by id (an index on ``(coordinator_id,
id)``, made by ``isu.db.server``), read through a LATERAL join and merged in the coordinators'
order: the first page of that order can only hold cases that are among their coordinator's
first ones. SQLite has no LATERAL and does not need it (benchmarks/bench_caselist.py).
"""

from __future__ import annotations

from sqlalchemy import Select, select, text, true
from sqlalchemy.orm import Session

from isu.db.models import CaseRecord, UserRecord
from isu.domain.model import CaseQuery


def prefer_index_order(session: Session) -> None:
    """For the rest of this read-only transaction (the page query): do not sort where an index
    gives the order. Row-level security's policy hides from the planner how many cases pass
    (it guesses 0.5 %), so it would sort all 100,000 rather than read the first 200 from the
    list index in the page's order (``isu.db.server.LIST_SORT_COLUMNS``): 60 ms against 1 ms.
    Where no index has the order, it still sorts (the setting only prices sorting up). Not for
    ``by_coordinator``, whose small final sort is the point of it."""
    session.execute(text("SET LOCAL enable_sort = off"))


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

"""The schema version without Alembic: the newest revision id, and the stored one.

Importing Alembic costs more than the rest of start-up (it brings Mako, Pygments and every
SQL dialect), so a database already at the newest schema is opened without it. ``HEAD``
is kept equal to the newest migration's id by ``tests/db/test_schema_version.py``; only a
database at another revision takes the migration path, which imports Alembic.
"""

from __future__ import annotations

import os
from pathlib import Path

HEAD = "0005"


def is_head(revision: str | None, versions: Path) -> bool:
    """Whether ``revision`` is surely the newest schema, known without Alembic: it is HEAD
    and no migration file in ``versions`` sorts after HEAD's (so a constant left behind by a
    new migration cannot skip an upgrade). False means: ask Alembic."""
    if revision != HEAD:
        return False
    try:
        names = sorted(n for n in os.listdir(versions) if n[:1].isdigit() and ".py" in n)
    except OSError:
        return False
    return bool(names) and names[-1].startswith(f"{HEAD}_")


def stored_revision(conn) -> str | None:
    """What ``alembic_version`` holds (None: no such table or no row), as Alembic reads it.
    ``conn``: a SQLAlchemy ``Connection`` (a server, an upgrade) or a DB-API connection to a
    database file (``isu.db.connect``: opening a file needs no SQLAlchemy for this)."""
    rows = _rows_on(conn)
    if getattr(getattr(conn, "dialect", None), "name", "") == "postgresql":
        probe = "SELECT 1 WHERE to_regclass('alembic_version') IS NOT NULL"
    else:
        probe = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    if not rows(probe):
        return None
    found = [row[0] for row in rows("SELECT version_num FROM alembic_version")]
    if len(found) > 1:
        # Alembic refuses a database with several heads; so do we (as an unknown version).
        return ",".join(sorted(found))
    return found[0] if found else None


def _rows_on(conn):
    if hasattr(conn, "dialect"):  # SQLAlchemy, imported only by whoever made the connection
        from sqlalchemy import text

        return lambda sql: conn.execute(text(sql)).all()
    return lambda sql: conn.execute(sql).fetchall()

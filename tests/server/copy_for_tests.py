"""A file database's rows copied onto a provisioned server database, for tests and benchmarks.

The demo data (``isu.services.demo``) adds staff through ``users.add_user``; on a server that
makes login roles (``isu.services.server_users``). To measure and compare the services on the
same data on both backends, this copies every table's rows as they are, as the owner role, with
COPY; then each copied user gets a login role with ``password`` (a test password). It is not the
product's migration (``isu server migrate``): that checks, re-hashes and audits; this only copies.
"""

from __future__ import annotations

from psycopg import sql
from sqlalchemy import Integer, select

from isu.db.models import Base
from tests.server.provision_for_tests import GROUPS, ensure_login_role, grant_tables


def copy_rows(file_db, cluster, dbname: str, password: str, *, grant: bool = False) -> None:
    """Replace everything in ``dbname`` with the rows of ``file_db`` (a ``Database``); each
    copied user gets a login role with CONNECT. ``grant``: give the group roles every table
    (for a database made by ``provision_for_tests.provision``, which has no rules of its own;
    one made by ``isu server init`` keeps its grants and policies)."""
    tables = Base.metadata.sorted_tables
    with cluster.connect(dbname) as pg:
        # As the owner, with the server's triggers (insert-only audit log) off for the copy.
        pg.execute("SET session_replication_role = replica")
        names = sql.SQL(", ").join(sql.Identifier(t.name) for t in tables)
        pg.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(names))
        with file_db.reading() as session:
            for table in tables:
                _copy_table(pg, session, table)
        users = pg.execute("SELECT username, role FROM users").fetchall()
        if grant:
            grant_tables(pg)
    with cluster.connect() as conn:
        for name, role in users:
            ensure_login_role(conn, name, password, role if role in GROUPS else "coordinator")
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(dbname), sql.Identifier(name)
                )
            )


def _copy_table(pg, session, table) -> None:
    columns = [c.name for c in table.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with pg.cursor() as cursor, cursor.copy(statement) as copy:
        for row in session.execute(select(table)).tuples():
            copy.write_row(row)
    key = next(iter(table.primary_key.columns))
    if isinstance(key.type, Integer):
        pg.execute(
            sql.SQL("SELECT setval(pg_get_serial_sequence({}, {}), coalesce(max({}), 0) + 1, false)"
                    " FROM {}").format(
                sql.Literal(table.name), sql.Literal(key.name), sql.Identifier(key.name),
                sql.Identifier(table.name),
            )
        )  # fmt: skip
    pg.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table.name)))

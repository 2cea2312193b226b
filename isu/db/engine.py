"""SQLCipher engines for SQLAlchemy: every connection is keyed by ``isu.db.connect`` first."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.pool import NullPool

from isu.db.connect import configure_connection, file_uri


class KeyFromHookDialect(SQLiteDialect_pysqlcipher):
    """The ``sqlite+pysqlcipher`` dialect, minus its habit of keying from the URL password.

    The stock dialect runs ``PRAGMA key=<url password>`` first on every connection; our key
    is 32 random bytes held in memory, set as a raw key by our own connect hook instead.
    """

    supports_statement_cache = True

    def on_connect_url(self, url):
        return SQLiteDialect_pysqlite.on_connect_url(self, url)

    @classmethod
    def import_dbapi(cls):
        return sqlcipher3.dbapi2


registry.register("sqlite.isucipher", __name__, "KeyFromHookDialect")


def make_engine(
    path: str | os.PathLike, key: bytes, *, read_only: bool = False, immediate: bool = False
) -> Engine:
    """An engine whose every connection is keyed first. NullPool: a connection per unit of
    work, opened in the thread that uses it. ``immediate`` engines take the write lock when a
    transaction begins, so two programs writing at once queue instead of failing half-way."""
    path = Path(path)
    name, uri = file_uri(path, read_only=read_only)
    url = f"sqlite+isucipher:///{name}&uri=true" if uri else f"sqlite+isucipher:///{name}"
    engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        configure_connection(dbapi_conn, key, read_only=read_only)
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate and not read_only else "BEGIN")

    return engine

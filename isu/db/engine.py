"""SQLCipher engines: the key is set by a connect hook, never in a URL, log or message."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.pool import NullPool

from isu.db.errors import disk_problem, storage_exhausted
from isu.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    EnvironmentProblem,
    WrongPassword,
)

# How long a writer waits for another program's write to finish before saying "in use".
BUSY_TIMEOUT_MS = int(os.environ.get("ISU_BUSY_TIMEOUT_MS", "5000"))


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


def raw_key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _configure_connection(dbapi_conn, key: bytes, *, read_only: bool) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(raw_key_pragma(key))
        cursor.execute("PRAGMA cipher_log_level = NONE")
        # A cheap read: a wrong key or a file that is no database fails here, clearly.
        cursor.execute("SELECT count(*) FROM sqlite_master")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA temp_store = MEMORY")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def translate_open_error(exc: BaseException, path: Path) -> Exception:
    """Turn a driver error at open time into a message the user can act on."""
    if (problem := disk_problem(exc, path)) is not None:
        return problem
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return WrongPassword(
            "Databasen kunde inte låsas upp: nyckeln passar inte eller filen är skadad.",
            "The database could not be unlocked: the key does not fit or the file is damaged.",
        )
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"Databasen {path.name} används av ett annat program just nu.",
            f"The database {path.name} is in use by another program right now.",
            hint_sv="Stäng det andra fönstret och försök igen.",
            hint_en="Close the other window and try again.",
        )
    if "malformed" in text or "corrupt" in text:
        return DatabaseCorrupt(
            f"Databasfilen {path.name} är skadad.",
            f"The database file {path.name} is damaged.",
            hint_sv="Återställ från den senaste säkerhetskopian (isu restore).",
            hint_en="Restore from the latest backup (isu restore).",
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return EnvironmentProblem(
            f"Databasen {path} kan inte öppnas för skrivning (skrivskyddad eller saknas).",
            f"The database {path} cannot be opened for writing (read-only or missing).",
        )
    if isinstance(exc, OSError):
        from isu.errors import os_error_text

        return EnvironmentProblem(
            f"Databasen {path} kunde inte öppnas: {os_error_text(exc, 'sv')}.",
            f"The database {path} could not be opened: {os_error_text(exc, 'en')}.",
        )
    # SQLite's own text is English: it goes to the log, the Swedish message says where.
    logging.getLogger("isu.db").warning("could not open %s: %s", path.name, exc)
    return EnvironmentProblem(
        f"Databasen {path.name} kunde inte öppnas (ett databasfel; detaljer finns i loggen).",
        f"The database could not be opened: {exc}",
    )


def _on_read_only_medium(path: Path) -> bool:
    """A WAL database in a folder that cannot hold its ``-shm`` file (a read-only medium),
    or on a full disk where the ``-shm`` cannot grow, opens only as ``immutable`` (no locks,
    no shared memory). That is safe only when no ``-wal`` file holds changes that are not in
    the main file yet, and nobody can write there anyway."""
    wal = Path(f"{path}-wal")
    try:
        pending = wal.exists() and wal.stat().st_size > 0
    except OSError:
        return False
    if pending:
        return False
    if not Path(f"{path}-shm").exists() and not os.access(path.parent, os.W_OK):
        return True
    return storage_exhausted(path)


def make_engine(
    path: str | os.PathLike, key: bytes, *, read_only: bool = False, immediate: bool = False
) -> Engine:
    """An engine whose every connection is keyed first. NullPool: a connection per unit of
    work, opened in the thread that uses it. ``immediate`` engines take the write lock when a
    transaction begins, so two programs writing at once queue instead of failing half-way."""
    path = Path(path)
    url = f"sqlite+isucipher:///{path.as_posix()}"
    if read_only:
        extra = "&immutable=1" if _on_read_only_medium(path) else ""
        url = f"sqlite+isucipher:///file:{path.as_posix()}?mode=ro{extra}&uri=true"
    engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        _configure_connection(dbapi_conn, key, read_only=read_only)
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate and not read_only else "BEGIN")

    return engine

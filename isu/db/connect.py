"""Keyed SQLCipher connections without SQLAlchemy: the key is set first, by us, as a raw key,
never in a URL, log or message. The SQLAlchemy engines (``isu.db.engine``) key every
connection through ``configure_connection``; the paths that need no ORM (the schema-version
check at open, ``isu.db.rekey``) use ``connect`` and never import SQLAlchemy."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlcipher3

from isu.db.errors import disk_problem, storage_exhausted
from isu.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    EnvironmentProblem,
    WrongPassword,
)

# How long a writer waits for another program's write to finish before saying "in use".
BUSY_TIMEOUT_MS = int(os.environ.get("ISU_BUSY_TIMEOUT_MS", "5000"))


def raw_key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def unlock(cursor, key: bytes) -> None:
    """Key a fresh connection and prove the key fits: every connection starts so."""
    cursor.execute(raw_key_pragma(key))
    cursor.execute("PRAGMA cipher_log_level = NONE")
    # A cheap read: a wrong key or a file that is no database fails here, clearly.
    cursor.execute("SELECT count(*) FROM sqlite_master")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def configure_connection(dbapi_conn, key: bytes, *, read_only: bool) -> None:
    cursor = dbapi_conn.cursor()
    try:
        unlock(cursor, key)
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


def on_read_only_medium(path: Path) -> bool:
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


def file_uri(path: Path, *, read_only: bool) -> tuple[str, bool]:
    """The name SQLite opens ``path`` by, and whether it is a URI: read-only files open with
    ``mode=ro`` (and ``immutable`` on a read-only medium, see ``on_read_only_medium``)."""
    if not read_only:
        return path.as_posix(), False
    extra = "&immutable=1" if on_read_only_medium(path) else ""
    return f"file:{path.as_posix()}?mode=ro{extra}", True


def connect(path: Path, key: bytes, *, read_only: bool = False):
    """A DB-API connection keyed and set up exactly as the engines' connections are; the
    caller issues BEGIN itself (autocommit mode). Driver errors pass through unchanged
    (``translate_open_error`` turns them into messages)."""
    name, uri = file_uri(path, read_only=read_only)
    conn = sqlcipher3.connect(name, uri=uri, isolation_level=None, check_same_thread=False)
    try:
        configure_connection(conn, key, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn

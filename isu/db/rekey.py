"""Re-encrypting the database under a new data key (SQLCipher ``PRAGMA rekey``).

SQLCipher rewrites every page inside one write transaction, so a crash leaves the file under
the old key or the new one, never a mix: the old pages stay valid until the commit, and after
it every page has a new-key copy. The write-ahead log is emptied first (so no page written
under the old key waits there) and again after. The caller keeps both key files until this
returns (see ``isu.services.keys``).
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

from isu.db.connect import translate_open_error, unlock
from isu.errors import EnvironmentProblem


def _connect(path: Path, key: bytes):
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        unlock(conn.cursor(), key)
    except BaseException:
        conn.close()
        raise
    return conn


def key_fits(path: str | os.PathLike, key: bytes) -> bool:
    """Whether ``key`` opens the database file (a cheap read of the schema)."""
    try:
        _connect(Path(path), key).close()
    except sqlcipher3.DatabaseError:
        return False
    return True


def rekey_database(path: str | os.PathLike, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt ``path`` from ``old_key`` to ``new_key``; on any error the file keeps the
    old key (the transaction rolls back)."""
    path = Path(path)
    try:
        conn = _connect(path, old_key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlcipher3.Error as exc:
        raise translate_open_error(exc, path) from exc
    if not key_fits(path, new_key):
        raise EnvironmentProblem(
            "Databasen kunde inte krypteras om; den har kvar sin tidigare nyckel.",
            "The database could not be re-encrypted; it keeps its previous key.",
            hint_sv="Stäng andra fönster som har databasen öppen och försök igen.",
            hint_en="Close other windows that have the database open and try again.",
        )

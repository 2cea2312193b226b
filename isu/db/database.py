"""Opening, creating, migrating and backing up the encrypted database."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from isu.db import schema_version
from isu.db.connect import connect, translate_open_error
from isu.db.engine import make_engine
from isu.errors import (
    DatabaseCorrupt,
    DatabaseNewer,
    EnvironmentProblem,
    KeyChanged,
    UserError,
    WrongPassword,
)
from isu.fileio import atomic_writer, ensure_private_file, fsync_folder, make_private, private_dir

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config():
    """Alembic's configuration. Alembic is imported here, on the migration path only."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


class Database:
    """An open, unlocked database: engines and a factory of units of work."""

    def __init__(self, path: Path, key: bytes, *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self._key = key
        self.engine = make_engine(path, key, read_only=read_only)
        self._writer = make_engine(path, key, read_only=read_only, immediate=True)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(self._writer, expire_on_commit=False)

    @contextlib.contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        """One session, one transaction: committed on success, rolled back on error.
        Writers take the database's write lock up front; readers do not block anyone."""
        if write and self.read_only:
            raise EnvironmentProblem(
                "Databasen är öppnad skrivskyddad (skrivskyddat medium eller full disk);"
                " ändringar kan inte sparas.",
                "The database is open read-only (read-only medium or full disk); changes"
                " cannot be saved.",
            )
        factory = self._writes if write else self._reads
        try:
            with factory.begin() as session:
                yield session
        except sqlalchemy.exc.DBAPIError as exc:
            raise self._explained(translate_open_error(exc.orig or exc, self.path)) from exc
        except WrongPassword as exc:  # raised while connecting
            raise self._explained(exc) from exc

    def _explained(self, error: Exception) -> Exception:
        """A key that opened the file at log-in and fits no more: it was rotated by another
        window or program (the only way the key changes), so: log in again."""
        from isu.db.rekey import key_fits

        rotated = isinstance(error, WrongPassword) and self.path.is_file()
        return KeyChanged() if rotated and not key_fits(self.path, self._key) else error

    def reading(self):
        return self.unit_of_work(write=False)

    def backup(self, out: Path) -> Path:
        return backup_database(self.engine, self._key, out)

    def close(self) -> None:
        self.engine.dispose()
        self._writer.dispose()


def _current_revision(path: Path, key: bytes, *, read_only: bool) -> str | None:
    """The stored schema revision, read with a plain keyed connection (no engine, no ORM)."""
    conn = connect(path, key, read_only=read_only)
    try:
        conn.execute("BEGIN")
        try:
            return schema_version.stored_revision(conn)
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


def _upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def create_database(path: str | os.PathLike, key: bytes, *, revision: str = "head") -> Database:
    """A new, empty database at the newest schema (tests may ask for an older one)."""
    path = Path(path)
    if path.exists():
        raise UserError(
            f"Det finns redan en fil här: {path}. Välj ett annat namn.",
            f"A file already exists here: {path}. Choose another name.",
        )
    ensure_private_file(path)  # SQLite keeps the mode, and gives its -wal and -shm the same
    engine = make_engine(path, key)
    try:
        _upgrade(engine, revision)
    except sqlalchemy.exc.DBAPIError as exc:
        raise translate_open_error(exc.orig or exc, path) from exc
    finally:
        engine.dispose()
    return Database(path, key)


def open_database(
    path: str | os.PathLike, key: bytes, *, backup_dir: Path | None = None, read_only: bool = False
) -> Database:
    """Open an existing database: refuse a newer one, back up and upgrade an older one."""
    path = Path(path)
    try:
        found = path.is_file()
    except PermissionError as exc:
        raise EnvironmentProblem(
            f"Behörighet saknas till mappen {path.parent}.",
            f"Permission denied for the folder {path.parent}.",
        ) from exc
    if not found:
        raise UserError(f"Databasen finns inte: {path}", f"The database does not exist: {path}")
    if not read_only and not os.access(path, os.W_OK):
        read_only = True
    refuse_non_database(path)
    if not read_only:
        # Files from before files were owner-only: the database, SQLite's companions and
        # the key file beside it (security.keyslots.slot_path_for names it so).
        for own in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.keys")):
            make_private(own)
    try:
        revision = _current_revision(path, key, read_only=read_only)
    except sqlcipher3.Error as exc:
        raise translate_open_error(exc, path) from exc
    if revision is None:
        raise not_an_isu_database(path)
    # At the newest schema (the usual case) Alembic is not even imported.
    at_head = schema_version.is_head(revision, MIGRATIONS / "versions")
    if not at_head:
        _check_revision(revision, path)
    if not at_head and revision != head_revision():
        if read_only:
            raise EnvironmentProblem(
                "Databasen behöver uppgraderas men är skrivskyddad.",
                "The database needs an upgrade but is read-only.",
            )
        _back_up_and_upgrade(path, key, _migration_backup_path(path, revision, backup_dir))
    return Database(path, key, read_only=read_only)


def _back_up_and_upgrade(path: Path, key: bytes, backup: Path) -> None:
    engine = make_engine(path, key)
    try:
        backup_database(engine, key, backup)
        _upgrade(engine)
    except sqlalchemy.exc.DBAPIError as exc:
        raise translate_open_error(exc.orig or exc, path) from exc
    finally:
        engine.dispose()


# The smallest page SQLite knows; SQLCipher's first page is larger still.
MIN_DATABASE_BYTES = 512


def refuse_non_database(path: Path) -> None:
    """An empty or cut-off file is never opened: SQLite would take it for a new database and
    the program would build an empty one in its place. (A database whose pages are all still
    in the -wal file is not cut off; SQLite reads it from there.)"""
    size = path.stat().st_size
    wal = Path(f"{path}-wal")
    if size >= MIN_DATABASE_BYTES or (wal.is_file() and wal.stat().st_size > 0):
        return
    if size == 0:
        raise DatabaseCorrupt(
            f"Databasfilen {path} är tom (0 byte). Den har inte ändrats och byggs inte om.",
            f"The database file {path} is empty (0 bytes). It was not changed and is not rebuilt.",
            hint_sv="Återställ från den senaste säkerhetskopian (isu restore).",
            hint_en="Restore from the latest backup (isu restore).",
        )
    raise not_an_isu_database(path)


def not_an_isu_database(path: Path) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        f"Filen {path} är skadad eller ingen isu-databas (den saknar versionsuppgift)."
        " Inget har ändrats i den.",
        f"The file {path} is damaged or not an isu database (it has no version record)."
        " Nothing in it was changed.",
        hint_sv="Återställ från den senaste säkerhetskopian (isu restore).",
        hint_en="Restore from the latest backup (isu restore).",
    )


def _check_revision(revision: str | None, path: Path) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseNewer(
            f"Databasen {path.name} är skapad med en nyare version av programmet.",
            f"The database {path.name} was created by a newer version of the program.",
            hint_sv="Uppdatera programmet innan du öppnar den. Inget har ändrats i filen.",
            hint_en="Update the program before opening it. Nothing in the file was changed.",
        )


def _migration_backup_path(path: Path, revision: str | None, backup_dir: Path | None) -> Path:
    folder = private_dir(backup_dir or path.parent)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"{path.stem}.before-upgrade-{revision or 'empty'}-{stamp}"
    candidate = folder / f"{base}{path.suffix}"
    # An upgrade killed after its backup and retried within the same second must not be
    # refused because that backup is still there: keep it and number the next one.
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{base}-{counter}{path.suffix}"
    return candidate


def backup_database(engine: Engine, key: bytes, out: Path) -> Path:
    """A consistent, encrypted copy (same key) made through SQLCipher while others may read."""
    out = Path(out)
    if out.exists():
        raise UserError(f"Filen finns redan: {out}", f"The file already exists: {out}")
    tmp = out.with_name(f".{out.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        ensure_private_file(tmp)  # SQLCipher fills the empty owner-only file, keeping its mode
        _export_to(engine, key, tmp)
        os.replace(tmp, out)
        fsync_folder(out.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return out


def _export_to(engine: Engine, key: bytes, target: Path) -> None:
    # ATTACH and DETACH must run outside a transaction, the export inside one (a consistent
    # snapshot even while another program writes), so this drives the driver directly.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"ATTACH DATABASE '{_sql_quote(target)}' AS backup KEY \"x'{key.hex()}'\"")
        try:
            cursor.execute("BEGIN")
            cursor.execute("SELECT sqlcipher_export('backup')")
            version = cursor.execute("PRAGMA main.user_version").fetchone()[0]
            cursor.execute(f"PRAGMA backup.user_version = {int(version or 0)}")
            cursor.execute("COMMIT")
        finally:
            if raw.driver_connection.in_transaction:
                cursor.execute("ROLLBACK")
            cursor.execute("DETACH DATABASE backup")
        cursor.close()
    finally:
        raw.close()


def _sql_quote(path: Path) -> str:
    return str(path).replace("'", "''")


def copy_file_safely(src: Path, dst: Path) -> None:
    with open(src, "rb") as source, atomic_writer(dst) as target:
        shutil.copyfileobj(source, target)


__all__ = [
    "Database",
    "backup_database",
    "create_database",
    "head_revision",
    "open_database",
]

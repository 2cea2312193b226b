"""Backups: the encrypted database and its key file in one checked file, and restoring one.

A backup is a zip archive (stored, not compressed: encrypted pages do not compress) holding
``isu.db`` (a consistent SQLCipher copy, same key), ``isu.db.keys`` and ``manifest.json`` with
the SHA-256 of both and the schema revision. Nothing in it is readable without a password or
the recovery key. A restore proves everything about the backup before it touches the target.
The archive format itself (writing it, reading it back without trusting it) lives in
`isu.services.backup_archive`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from isu import __version__
from isu.db.connect import translate_open_error
from isu.db.database import Database, known_revisions
from isu.db.engine import make_engine
from isu.db.errors import disk_full, disk_problem
from isu.db.models import UserRecord
from isu.domain.roles import Permission, Role
from isu.errors import (
    DatabaseLocked,
    DatabaseNewer,
    EnvironmentProblem,
    IsuError,
    PermissionDenied,
    UserError,
    os_error_text,
)
from isu.fileio import fsync_folder, private_dir
from isu.security import keyslots
from isu.services import anchor, audit, settings
from isu.services.backup_archive import (
    DB_MEMBER,
    KEYS_MEMBER,
    BackupManifest,
    damaged,
    extract,
    file_sha256,
    read_manifest,
    write_archive,
)
from isu.services.workspace import Workspace, bad_login

BACKUP_SUFFIX = ".isubackup"
RECOVERY_ACTOR = "recovery-key"

# A hostile key file must not make Argon2 allocate gigabytes or run for hours: at most four
# times today's default cost (128 MiB x 4 passes), which takes a few seconds.
MAX_KDF_MEMORY_KIB = 1024 * 1024
MAX_KDF_ITERATIONS = 16
MAX_KDF_LANES = 16
MAX_KDF_WORK = 4 * 131072 * 4  # memory (KiB) x iterations
_SQLITE_ERRORS = (sqlalchemy.exc.DBAPIError, sqlcipher3.dbapi2.Error)


@dataclass(frozen=True)
class VerifiedCopy:
    integrity: tuple[str, ...]
    cipher: tuple[str, ...]
    audit_entries: int
    schema_revision: str | None


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    previous: Path | None  # the database that was there before, kept beside it
    manifest: BackupManifest
    check: VerifiedCopy


# -- making a backup --------------------------------------------------------------------------
def backup(ws: Workspace, out: str | os.PathLike) -> Path:
    """Write one backup file (database + key file + manifest) atomically; logged."""
    ws.require(Permission.MAINTAIN, "backup")
    if ws.is_server:
        raise _server_backup_elsewhere()
    with audit.attempt(ws, "backup"):
        path = _write_backup(ws, Path(out))
    _log(ws, "backup_created", {"file": path.name})
    return path


def daily_backup_if_due(
    ws: Workspace, backup_dir: str | os.PathLike, today: dt.date | None = None
) -> Path | None:
    """On the first unlock of a day, when the database asks for it: back up into
    ``backup_dir`` and keep only the newest ``backups_to_keep``. Runs for any signed-in user,
    because the point is that nobody has to remember."""
    if ws.is_server:  # a server's backups are IT's (pg_dump: isu backup, server-guide.md)
        return None
    current = settings.load(ws)
    if not current.daily_backup:
        return None
    folder = Path(backup_dir)
    day = today or dt.date.today()
    out = folder / f"{ws.path.stem}-{day.isoformat()}{BACKUP_SUFFIX}"
    if out.exists():
        return None
    path = _write_backup(ws, out)
    _log(ws, "backup_created", {"file": path.name, "automatic": True})
    prune_backups(folder, ws.path.stem, current.backups_to_keep)
    return path


def _server_backup_elsewhere() -> UserError:
    return UserError(
        "En serverdatabas säkerhetskopieras och återställs av IT med pg_dump: isu backup"
        " --recipient-key respektive isu restore --key (se serverhandbok.md).",
        "A server database is backed up and restored by IT with pg_dump: isu backup"
        " --recipient-key and isu restore --key (see server-guide.md).",
    )


def prune_backups(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete the oldest automatic backups of one database beyond ``keep``; returns them."""
    pattern = re.compile(rf"{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(BACKUP_SUFFIX)}")
    dated = sorted(
        (m.group(1), p)
        for p in folder.iterdir()
        if (m := pattern.fullmatch(p.name)) and p.is_file()
    )
    doomed = [p for _, p in dated[: max(0, len(dated) - max(1, keep))]]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def _log(ws: Workspace, action: str, detail: dict) -> None:
    audit.note(ws, action, "", detail)  # queued when the database is read-only


def _write_backup(ws: Workspace, out: Path) -> Path:
    if out.exists():
        raise UserError(f"Filen finns redan: {out}", f"The file already exists: {out}")
    anchor.update_key_file(ws)
    head = anchor.for_manifest(ws)  # taken before the copy, so the copy extends it
    with _guarded(out), _staging(out.parent, ".isu-backup-") as staging:
        db_copy = staging / DB_MEMBER
        keys = _copy_database_and_keys(ws, db_copy)
        manifest = BackupManifest(
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            schema_revision=_revision(ws.db),
            db_sha256=file_sha256(db_copy),
            db_size=db_copy.stat().st_size,
            keys_sha256=hashlib.sha256(keys).hexdigest(),
            keys_size=len(keys),
            program_version=__version__,
            audit_anchor=head,
        )
        partial = staging / "backup.partial"
        write_archive(partial, manifest, db_copy, keys)
        os.replace(partial, out)
        fsync_folder(out.parent)
    return out


def _copy_database_and_keys(ws: Workspace, db_copy: Path) -> bytes:
    """The key file is read before and after the database copy; if a password changed in
    between, copy again, so the pair in the backup belongs together."""
    keys = b""
    for _attempt in range(3):
        keys = _read_keys(ws.slot_path)
        with contextlib.suppress(FileNotFoundError):
            db_copy.unlink()
        try:
            ws.db.backup(db_copy)
        except _SQLITE_ERRORS as exc:
            raise _sqlite_problem(exc, db_copy) from exc
        if _read_keys(ws.slot_path) == keys:
            break
    return keys


def _read_keys(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        keyslots.read_slot_file(path)  # raises the standard "key file is missing" error
        raise


def _revision(db: Database) -> str | None:
    with db.reading() as session:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()


# -- restoring ----------------------------------------------------------------------------------
def restore(
    backup_file: str | os.PathLike,
    target_db: str | os.PathLike,
    *,
    username: str | None = None,
    password: str | None = None,
    recovery: str | None = None,
) -> RestoreResult:
    """Check a backup completely, then put it in place of ``target_db``.

    The person restoring proves they can open the backup: an administrator's user name and
    password in it, or its recovery key. The copy is unpacked beside the target, its hashes,
    SQLite and SQLCipher integrity and audit chain are checked, and only then is the current
    database (with its key file) renamed ``<name>.before-restore-<stamp>`` and the backup moved
    into place. Any failure before that leaves the target untouched.
    """
    from isu.db.target import is_server_url

    if is_server_url(target_db) or not isinstance(target_db, str | os.PathLike):
        raise _server_backup_elsewhere()
    source, target = Path(backup_file), Path(target_db)
    if recovery is None and (not username or password is None):
        raise UserError(
            "Ange användarnamn och lösenord, eller återställningsnyckeln.",
            "Give a user name and password, or the recovery key.",
        )
    if not source.is_file():
        raise UserError(
            f"Säkerhetskopian finns inte: {source}", f"The backup does not exist: {source}"
        )
    with _guarded(target), _staging(target.parent, ".isu-restore-") as staging:
        staged = staging / target.name
        manifest = _unpack(source, staged)
        data_key, actor = _prove_access(staged, username, password, recovery)
        check = _verify_copy(staged, data_key, actor, manifest)
        _record_restore(staged, data_key, actor, source, manifest)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        previous = _swap_in(staged, target, stamp, data_key)
    return RestoreResult(target, previous, manifest, check)


def _unpack(source: Path, staged: Path) -> BackupManifest:
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = read_manifest(archive, source.stat().st_size)
            extract(archive, DB_MEMBER, staged, manifest.db_sha256)
            extract(archive, KEYS_MEMBER, keyslots.slot_path_for(staged), manifest.keys_sha256)
    except IsuError:
        raise
    except OSError as exc:
        if exc.errno in (errno.EINVAL, None):  # seeks to impossible offsets in a bad archive
            raise damaged() from exc
        raise _os_problem(exc, staged) from exc
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        KeyError,
        NotImplementedError,
        RuntimeError,
        struct.error,
        zlib.error,
        OverflowError,
    ) as exc:
        raise damaged() from exc
    return manifest


def _prove_access(
    staged: Path, username: str | None, password: str | None, recovery: str | None
) -> tuple[bytes, str]:
    slots = keyslots.read_slot_file(keyslots.slot_path_for(staged))
    _check_kdf_bounds(slots)
    if recovery is not None:
        data_key, actor = keyslots.unlock_recovery(slots, recovery), RECOVERY_ACTOR
    else:
        data_key = keyslots.unlock_user(slots, username or "", password or "")
        if data_key is None:
            raise bad_login()
        actor = (username or "").strip()
    slots.check_mac(data_key)
    return data_key, actor


def _check_kdf_bounds(slots: keyslots.SlotFile) -> None:
    for slot in slots.slots:
        kdf = slot.kdf
        if kdf.get("name") != "argon2id":
            continue
        bounds = (
            ("memory_kib", MAX_KDF_MEMORY_KIB),
            ("iterations", MAX_KDF_ITERATIONS),
            ("lanes", MAX_KDF_LANES),
        )
        if any(not isinstance(kdf.get(k), int) or not 1 <= kdf[k] <= hi for k, hi in bounds) or (
            kdf["memory_kib"] * kdf["iterations"] > MAX_KDF_WORK
        ):
            raise damaged(
                ": nyckelfilen har orimliga parametrar",
                ": the key file has unreasonable parameters",
            )


def _verify_copy(
    staged: Path, data_key: bytes, actor: str, manifest: BackupManifest
) -> VerifiedCopy:
    engine = make_engine(staged, data_key, read_only=True)
    try:
        with Session(engine) as session, session.begin():
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            _check_revision(revision, manifest)
            if actor != RECOVERY_ACTOR:
                _require_admin(session, actor)
            integrity = tuple(str(r[0]) for r in session.execute(text("PRAGMA integrity_check")))
            cipher = tuple(
                str(r[0]) for r in session.execute(text("PRAGMA cipher_integrity_check"))
            )
            broken = audit.first_broken_entry(session)
            entries = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    except _SQLITE_ERRORS as exc:
        # The hashes matched, so a copy that cannot be read was made that way (or crafted).
        raise disk_problem(getattr(exc, "orig", None) or exc, staged) or damaged() from exc
    finally:
        engine.dispose()
    if integrity != ("ok",) or cipher or broken is not None:
        raise damaged(
            ": kontrollen av databasen i den misslyckades",
            ": the check of the database in it failed",
        )
    return VerifiedCopy(integrity, cipher, entries, revision)


def _check_revision(revision: str | None, manifest: BackupManifest) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseNewer(
            "Säkerhetskopian kommer från en nyare version av programmet.",
            "The backup comes from a newer version of the program.",
            hint_sv="Uppdatera programmet innan du återställer. Inget har ändrats.",
            hint_en="Update the program before restoring. Nothing was changed.",
        )
    if revision != manifest.schema_revision:
        raise damaged()


def _require_admin(session, username: str) -> None:
    record = session.execute(
        select(UserRecord).where(func.lower(UserRecord.username) == username.lower())
    ).scalar_one_or_none()
    if record is None or record.disabled or record.role != Role.ADMIN.value:
        raise PermissionDenied(
            "Bara en administratör i säkerhetskopian (eller återställningsnyckeln) kan"
            " återställa den.",
            "Only an administrator in the backup (or its recovery key) can restore it.",
        )


def _record_restore(
    staged: Path, data_key: bytes, actor: str, source: Path, manifest: BackupManifest
) -> None:
    db = Database(staged, data_key)
    try:
        with db.unit_of_work() as session:
            audit.append(
                session,
                actor,
                "backup_restored",
                "",
                {"backup": source.name, "created_at": manifest.created_at},
            )
    finally:
        db.close()


# -- swapping files ---------------------------------------------------------------------------
_COMPANIONS = ("", "-wal", "-shm", "-journal", ".keys")


def _family(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in _COMPANIONS]


def _swap_in(staged: Path, target: Path, stamp: str, data_key: bytes) -> Path | None:
    """Rename the current files aside, then move the checked copy in; the database file goes
    last, so an interruption never leaves a database without its key file."""
    _refuse_if_in_use(target, data_key)
    aside = _free_name(target, f"before-restore-{stamp}")
    done: list[tuple[Path, Path]] = []
    try:
        for old, new in zip(_family(target), _family(aside), strict=True):
            if old.exists():
                os.replace(old, new)
                done.append((new, old))
        os.replace(keyslots.slot_path_for(staged), keyslots.slot_path_for(target))
        done.append((keyslots.slot_path_for(target), keyslots.slot_path_for(staged)))
        for suffix in ("-wal", "-shm"):  # normally gone: the last connection cleans up
            extra = staged.with_name(staged.name + suffix)
            if extra.exists():
                os.replace(extra, target.with_name(target.name + suffix))
        os.replace(staged, target)
    except OSError as exc:
        for new, old in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(new, old)
        raise _os_problem(exc, target) from exc
    fsync_folder(target.parent)
    return aside if any(new.name.startswith(aside.name) for new, _ in done) else None


def _free_name(target: Path, label: str) -> Path:
    """``<name>.<label>``, or ``<name>.<label>-2`` … if an earlier restore took that name."""
    for n in range(1, 1000):
        aside = target.with_name(f"{target.name}.{label}{'' if n == 1 else f'-{n}'}")
        if not any(p.exists() for p in _family(aside)):
            return aside
    raise UserError(
        "För många tidigare återställningar i mappen; städa bland dem först.",
        "Too many earlier restores in the folder; tidy them up first.",
    )


def _refuse_if_in_use(target: Path, data_key: bytes) -> None:
    """If the current database is this one (same key) and another program has it open,
    stop. Leaving WAL mode needs sole access, so it doubles as the test, and leaves the set-
    aside database as one self-contained file."""
    if not target.is_file():
        return
    engine = make_engine(target, data_key)
    try:
        with contextlib.closing(engine.raw_connection()) as raw:
            raw.cursor().execute("PRAGMA journal_mode = DELETE").fetchall()
    except _SQLITE_ERRORS as exc:
        text_ = str(exc).lower()
        if "locked" in text_ or "busy" in text_:
            raise DatabaseLocked(
                f"Databasen {target.name} används av ett annat program just nu; inget har"
                " återställts.",
                f"The database {target.name} is in use by another program right now; nothing"
                " was restored.",
                hint_sv="Stäng det andra fönstret och försök igen.",
                hint_en="Close the other window and try again.",
            ) from exc
        # Another key or a damaged file: nobody can be using it with this key, go on.
    finally:
        engine.dispose()


# -- helpers ------------------------------------------------------------------------------------
@contextlib.contextmanager
def _staging(folder: Path, prefix: str) -> Iterator[Path]:
    """A private temporary folder beside the destination (same disk, so the final move is an
    atomic rename); removed whatever happens."""
    private_dir(folder)
    with tempfile.TemporaryDirectory(dir=folder, prefix=prefix) as name:
        yield Path(name)


@contextlib.contextmanager
def _guarded(path: Path) -> Iterator[None]:
    """Operating-system failures become messages that say what to do."""
    try:
        yield
    except IsuError:
        raise
    except OSError as exc:
        raise _os_problem(exc, path) from exc
    except _SQLITE_ERRORS as exc:
        raise _sqlite_problem(exc, path) from exc


def _os_problem(exc: OSError, path: Path) -> EnvironmentProblem:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return disk_full(path)
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return EnvironmentProblem(
            f"Behörighet saknas eller mediet är skrivskyddat: {exc.filename or path}.",
            f"Permission denied or the medium is read-only: {exc.filename or path}.",
            hint_sv="Välj en mapp du får skriva i.",
            hint_en="Choose a folder you may write to.",
        )
    return EnvironmentProblem(
        f"Filen {path} kunde inte skrivas: {os_error_text(exc, 'sv')}.",
        f"The file {path} could not be written: {os_error_text(exc, 'en')}.",
    )


def _sqlite_problem(exc: BaseException, path: Path) -> Exception:
    orig = getattr(exc, "orig", None) or exc
    return disk_problem(orig, path) or translate_open_error(orig, path)

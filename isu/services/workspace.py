"""Unlocking a database: creating it, logging in, and the signed-in user's handle on it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from isu.db.database import Database, create_database, open_database
from isu.db.models import UserRecord
from isu.db.rekey import key_fits
from isu.domain.model import User
from isu.domain.roles import ROLE_PERMISSIONS, Permission, Role
from isu.errors import (
    DatabaseCorrupt,
    DiskFull,
    EnvironmentProblem,
    KeyChanged,
    KeySlotError,
    PermissionDenied,
    UserError,
    WrongPassword,
)
from isu.security import keyslots, throttle
from isu.security.keylock import key_file_lock
from isu.security.keyslots import KdfParams, SlotFile
from isu.services import audit

MIN_PASSWORD_LENGTH = 8


class LoginThrottled(UserError):
    def __init__(self, seconds: float):
        self.seconds = max(1, round(seconds))
        super().__init__(
            f"För många felaktiga försök. Vänta {self.seconds} sekunder och försök igen.",
            f"Too many failed attempts. Wait {self.seconds} seconds and try again.",
        )


def bad_login() -> WrongPassword:
    return WrongPassword(
        "Fel användarnamn eller lösenord.",
        "Wrong user name or password.",
        hint_sv="Kontrollera stora och små bokstäver.",
        hint_en="Check upper and lower case.",
    )


@dataclass
class Workspace:
    """An unlocked database and who is signed in. Handed to every service call."""

    db: Database  # or isu.db.server.ServerDatabase: the same unit-of-work API
    user: User
    # The key file; None on a server (no key file there: the server's own login decides).
    slot_path: Path | None
    _data_key: bytes = field(repr=False)
    # Audit entries this session could not write now: queued for the next writable open
    # (isu.services.pending_audit), or lost because even the queue failed.
    pending_dir: Path | None = None
    audit_queued: int = 0
    audit_unqueued: int = 0

    @property
    def path(self) -> Path:
        """The database file, or on a server its ``ServerTarget`` (which has ``name``/``stem``)."""
        return self.db.path

    @property
    def is_server(self) -> bool:
        return getattr(self.db, "is_server", False)

    @property
    def db_id(self) -> str:
        """The database's identity, as anchors and the audit queue name it."""
        if self.is_server:
            from isu.services.server_login import server_db_id

            return server_db_id(self)
        return self.read_slots().db_id

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.user.role]

    def require(self, permission: Permission, what: str | None = None) -> None:
        """Raise if the role lacks ``permission``; the refusal is audited as
        ``<what>_refused`` (by default the calling function's name)."""
        if not self.can(permission):
            import sys

            audit.refused(
                self, what or sys._getframe(1).f_code.co_name, "", {"permission": permission.value}
            )
            raise PermissionDenied(
                f"Din roll ({self.user.role.label('sv')}) får inte göra det här.",
                f"Your role ({self.user.role.label('en')}) is not allowed to do this.",
            )

    def read_slots(self) -> SlotFile:
        if self.slot_path is None:
            raise no_key_file_on_server()
        slots = keyslots.read_slot_file(self.slot_path)
        if not slots.mac_ok(self._data_key) and not key_fits(self.path, self._data_key):
            raise KeyChanged()
        slots.check_mac(self._data_key)
        return slots

    def write_slots(self, slots: SlotFile) -> None:
        with key_file_lock(self.slot_path):
            keyslots.write_slot_file(self.slot_path, slots.sealed(self._data_key))

    def update_slots(self, change: Callable[[SlotFile], SlotFile]) -> SlotFile:
        """Read, change and write back the key file under the key-file lock (so a change
        made by another program at the same time is not lost)."""
        with key_file_lock(self.slot_path):
            changed = change(self.read_slots())
            self.write_slots(changed)
            return changed

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        from isu.services import anchor

        anchor.update_key_file(self)
        self.db.close()


def no_key_file_on_server() -> UserError:
    return UserError(
        "Det här gäller nyckelfilen för en lokal databasfil. En serverdatabas har ingen"
        " nyckelfil: servern sköter inloggning och lösenord.",
        "This concerns the key file of a local database file. A server database has no key"
        " file: the server handles log-in and passwords.",
    )


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.",
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
        )


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise UserError(
            "Användarnamnet ska vara 1–64 tecken utan mellanslag.",
            "The user name must be 1–64 characters without spaces.",
        )
    return name


def init_database(
    db_path: str | os.PathLike,
    admin: str,
    password: str,
    *,
    display_name: str = "",
    kdf: KdfParams | None = None,
) -> tuple[Workspace, str]:
    """Create a database with its first administrator; returns the recovery key (shown once)."""
    db_path = Path(db_path)
    admin = check_username(admin)
    check_password_strength(password)
    slot_path = keyslots.slot_path_for(db_path)
    for existing in (db_path, slot_path):
        if existing.exists():
            raise UserError(
                f"Det finns redan en fil här: {existing}. Välj ett annat namn.",
                f"A file already exists here: {existing}. Choose another name.",
            )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    data_key, recovery = keyslots.new_data_key(), keyslots.new_recovery_key()
    slots = keyslots.new_slot_file()
    slots = slots.with_slot(keyslots.make_user_slot(slots, admin, password, data_key, kdf))
    slots = slots.with_slot(keyslots.make_recovery_slot(slots, recovery, data_key))
    try:
        keyslots.write_slot_file(slot_path, slots.sealed(data_key))
        db = create_database(db_path, data_key)
        with db.unit_of_work() as session:
            record = UserRecord(
                username=admin,
                display_name=display_name or admin,
                role=Role.ADMIN.value,
                disabled=False,
            )
            session.add(record)
            session.flush()
            user = _to_user(record)
            audit.append(session, admin, "database_created")
            audit.append(session, admin, "user_added", f"user:{record.id}", {"role": "admin"})
    except BaseException:
        for leftover in (db_path, slot_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    return Workspace(db, user, slot_path, data_key), recovery


def _to_user(record: UserRecord) -> User:
    return User(record.id, record.username, record.display_name, Role(record.role), record.disabled)


def login(
    db_path: str | os.PathLike, username: str, password: str, *, backup_dir: Path | None = None
) -> Workspace:
    """Unlock a database file, or log in to a server database (``postgresql://…`` or a
    ``ServerTarget``: see ``isu.services.server_login``)."""
    from isu.db.target import parse_db

    where = parse_db(db_path)
    if not isinstance(where, Path):
        from isu.services.server_login import login_server

        return login_server(where, username, password)
    return _login_file(where, username, password, backup_dir=backup_dir)


def _login_file(
    db_path: Path, username: str, password: str, *, backup_dir: Path | None = None
) -> Workspace:
    """Unlock with a user's password. Wrong passwords are counted in the key file and each
    one makes the next attempt wait longer, across restarts; an attempt that cannot be
    counted (read-only medium, full disk) is refused. A writable log-in also finishes or
    undoes a key change a crash left half-done (``isu.services.keys.reconcile``)."""
    from isu.services import keys, pending_audit

    db_path = Path(db_path)
    slot_path = keyslots.slot_path_for(db_path)
    if not _exists(db_path):
        raise UserError(
            f"Databasen finns inte: {db_path}", f"The database does not exist: {db_path}"
        )
    with key_file_lock(slot_path):
        slots = keyslots.read_slot_file(slot_path)
        slot = slots.find(slots.user_slot_id(username))
        if slot is not None and (wait := throttle.seconds_until_allowed(slot)) > 0:
            raise LoginThrottled(wait)
        opened = keyslots.open_user_slot(slots, username, password)
        data_key = None if opened is None else keyslots.unwrap(slots, opened)
        if opened is None or data_key is None:
            _count_failure(slot_path, slots, slot)
            raise bad_login()
        slots.check_mac(data_key)
        settled = keys.settle_rotation(db_path, slot_path, opened, data_key)
        if settled is None:  # a slot removed by a rotation that was cut short
            raise bad_login()
        data_key, used_path = settled
        try:
            db = _open_with_key(db_path, data_key, backup_dir)
        except DiskFull:
            db = open_database(db_path, data_key, read_only=True)  # reading works on a full disk
        ws = Workspace(db, _NOBODY, used_path, data_key, pending_audit.folder_for(backup_dir))
        try:
            failures = slot.failures if slot else 0
            if not db.read_only:
                if failures:
                    ws.update_slots(
                        lambda s: (
                            s.with_slot(throttle.record_success(s.find(slot.slot_id)))
                            if s.find(slot.slot_id)
                            else s
                        )
                    )
                keys.reconcile(ws)
            ws.user = _signed_in_user(ws.db, username, failures)
            _upgrade_format1(ws, opened)
        except DiskFull:
            # Reading still works on a full disk: open read-only, queue the log-in entry.
            ws.db.close()
            ws.db = open_database(db_path, data_key, read_only=True)
            ws.user = _signed_in_user(ws.db, username, failures)
        except BaseException:
            ws.close()
            raise
    pending_audit.after_login(ws, failures)
    return ws


_NOBODY = User(0, "", "", Role.COORDINATOR, True)


def _upgrade_format1(ws: Workspace, opened: keyslots.OpenedSlot) -> None:
    """A format-1 slot becomes format 2 at its owner's log-in; if the key file cannot be
    written now, the log-in goes on and the upgrade waits for the next one."""
    from isu.services import keys

    try:
        keys.upgrade_own_slot(ws, opened)
    except EnvironmentProblem as exc:
        import logging

        logging.getLogger(__name__).warning("key slot not upgraded yet: %s", type(exc).__name__)


def _count_failure(slot_path: Path, slots: SlotFile, slot: keyslots.Slot | None) -> None:
    """Record a failed attempt before answering. An unknown user name rewrites the file
    unchanged, so a read-only medium answers the same either way."""
    changed = slots if slot is None else slots.with_counter(throttle.record_failure(slot))
    try:
        keyslots.write_slot_file(slot_path, changed)
    except EnvironmentProblem as exc:
        raise WrongPassword(
            "Fel användarnamn eller lösenord. Försöket kunde inte registreras eftersom"
            " nyckelfilen inte går att skriva (skrivskyddat medium eller full disk), så"
            " inloggningen nekas.",
            "Wrong user name or password. The attempt could not be recorded because the key"
            " file cannot be written (read-only medium or full disk), so the log-in is refused.",
            hint_sv="Kopiera databasen och nyckelfilen till en skrivbar disk.",
            hint_en="Copy the database and its key file to a writable disk.",
        ) from exc


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except PermissionError as exc:
        raise EnvironmentProblem(
            f"Behörighet saknas till mappen {path.parent}.",
            f"Permission denied for the folder {path.parent}.",
            hint_sv="Be IT-stödet ge ditt konto läs- och skrivrätt där.",
            hint_en="Ask IT support to give your account read and write access there.",
        ) from exc


def _open_with_key(db_path: Path, data_key: bytes, backup_dir: Path | None) -> Database:
    try:
        return open_database(db_path, data_key, backup_dir=backup_dir)
    except WrongPassword as exc:
        # The key came out of an authenticated slot, so it is right: the file is not.
        raise DatabaseCorrupt(
            "Databasfilen går inte att läsa med sin nyckelfil: den är skadad eller hör till en"
            " annan nyckelfil.",
            "The database file cannot be read with its key file: it is damaged or belongs to"
            " another key file.",
            hint_sv="Återställ databasen och nyckelfilen från samma säkerhetskopia.",
            hint_en="Restore the database and its key file from the same backup.",
        ) from exc


def _signed_in_user(db: Database, username: str, earlier_failures: int) -> User:
    with db.unit_of_work(write=not db.read_only) as session:
        record = session.execute(
            select(UserRecord).where(func.lower(UserRecord.username) == username.strip().lower())
        ).scalar_one_or_none()
        if record is None:
            raise KeySlotError(
                "Användaren har en nyckel men finns inte i databasen.",
                "The user has a key but does not exist in the database.",
            )
        if record.disabled:
            raise UserError(
                "Kontot är avstängt. Kontakta en administratör.",
                "The account is disabled. Contact an administrator.",
            )
        if not db.read_only:
            if earlier_failures:
                audit.append(
                    session,
                    record.username,
                    "login_failed",
                    f"user:{record.id}",
                    {"count": earlier_failures},
                )
            audit.append(session, record.username, "login", f"user:{record.id}")
        return _to_user(record)


def unlock_with_recovery(db_path: str | os.PathLike, recovery: str) -> tuple[Database, bytes, Path]:
    """The database unlocked with the recovery key: (database, data key, key file in use)."""
    from isu.db.target import is_server_url
    from isu.services import keys

    if is_server_url(db_path) or not isinstance(db_path, str | os.PathLike):
        raise no_key_file_on_server()  # a server has no recovery key: IT resets the password
    db_path = Path(db_path)
    slot_path = keyslots.slot_path_for(db_path)
    with key_file_lock(slot_path):
        slots = keyslots.read_slot_file(slot_path)
        opened = keyslots.open_recovery_slot(slots, recovery)
        data_key = keyslots.unwrap(slots, opened)
        if data_key is None:
            raise keyslots._damaged()
        slots.check_mac(data_key)
        settled = keys.settle_rotation(db_path, slot_path, opened, data_key)
        if settled is None:
            raise keyslots._damaged()
        data_key, used_path = settled
        db = _open_with_key(db_path, data_key, None)
        if not db.read_only and opened.kek is not None:  # a format-1 recovery slot
            ws = Workspace(db, _NOBODY, used_path, data_key)
            _upgrade_format1(ws, opened)
        return db, data_key, used_path

"""The signed-in user's handle on an unlocked database (``Workspace``), and creating a
database with its first administrator. Signing in is ``isu.services.sign_in``."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from isu.db.database import Database, create_database
from isu.db.models import SettingRecord, UserRecord
from isu.db.rekey import key_fits
from isu.domain.model import User
from isu.domain.roles import ROLE_PERMISSIONS, Permission, Role
from isu.errors import (
    KeyChanged,
    KeySlotError,
    PermissionDenied,
    UserError,
    WrongPassword,
)
from isu.security import keyslots
from isu.security.keylock import key_file_lock
from isu.security.keyslots import KdfParams, SlotFile
from isu.services import anchor, audit

MIN_PASSWORD_LENGTH = 8
# On a server: the setting that names the database (anchors in backups and exports carry it).
DB_ID_SETTING = "database_id"


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
            return _server_db_id(self)
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


_NOBODY = User(0, "", "", Role.COORDINATOR, True)


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


def _server_db_id(ws: Workspace) -> str:
    """The id that anchors in backups and exports carry: the ``database_id`` setting written
    when the server database was set up, else one derived from where it lives."""
    cached = getattr(ws.db, "_db_id", None)
    if cached:
        return cached
    with ws.db.reading() as session:
        record = session.execute(
            select(SettingRecord).where(SettingRecord.key == DB_ID_SETTING)
        ).scalar_one_or_none()
    if record is not None:
        value = str(json.loads(record.value))
    else:
        t = ws.db.target
        value = hashlib.sha256(f"{t.host}:{t.port}/{t.dbname}".encode()).hexdigest()[:32]
    ws.db._db_id = value
    return value

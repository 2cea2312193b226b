"""Signing in: a database file unlocked with a user's password (or the recovery key), or a
log-in to a server database. What it hands back is a ``Workspace``
(``isu.services.workspace``); creating a database is ``workspace.init_database``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from isu.db.database import Database, open_database
from isu.db.target import is_server_url, parse_db
from isu.errors import DatabaseCorrupt, DiskFull, EnvironmentProblem, UserError, WrongPassword
from isu.security import keyslots, throttle
from isu.security.keylock import key_file_lock
from isu.security.keyslots import SlotFile
from isu.services import keys, pending_audit
from isu.services.server_login import login_server
from isu.services.workspace import (
    _NOBODY,
    LoginThrottled,
    Workspace,
    _signed_in_user,
    bad_login,
    no_key_file_on_server,
)


def login(
    db_path: str | os.PathLike, username: str, password: str, *, backup_dir: Path | None = None
) -> Workspace:
    """Unlock a database file, or log in to a server database (``postgresql://…`` or a
    ``ServerTarget``: see ``isu.services.server_login``)."""
    where = parse_db(db_path)
    if not isinstance(where, Path):
        return login_server(where, username, password)
    return _login_file(where, username, password, backup_dir=backup_dir)


def _login_file(
    db_path: Path, username: str, password: str, *, backup_dir: Path | None = None
) -> Workspace:
    """Unlock with a user's password. Wrong passwords are counted in the key file and each
    one makes the next attempt wait longer, across restarts; an attempt that cannot be
    counted (read-only medium, full disk) is refused. A writable log-in also finishes or
    undoes a key change a crash left half-done (``isu.services.keys.reconcile``)."""
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


def _upgrade_format1(ws: Workspace, opened: keyslots.OpenedSlot) -> None:
    """A format-1 slot becomes format 2 at its owner's log-in; if the key file cannot be
    written now, the log-in goes on and the upgrade waits for the next one."""
    try:
        keys.upgrade_own_slot(ws, opened)
    except EnvironmentProblem as exc:
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


def unlock_with_recovery(db_path: str | os.PathLike, recovery: str) -> tuple[Database, bytes, Path]:
    """The database unlocked with the recovery key: (database, data key, key file in use)."""
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

"""Key rotation and user changes that touch the key file, all-or-nothing.

Rotation (``isu rekey``, disabling a user, a reset with the recovery key)
    A new random data key is wrapped to every remaining slot's public key (no password
    needed, see ``isu.security.keyslots``) and written as ``<db>.keys.next``; the database is
    re-encrypted with SQLCipher ``PRAGMA rekey`` (one transaction); then the new key file
    replaces the old one. Killed at any moment, the database fits one of the two files: the
    log-in tries ``.keys`` and, if the database no longer fits it, ``.keys.next`` with the
    same slot, and finishes the promotion. An old copy of the key file opens only the old
    database generation.

A key slot and its user row commit together
    A change that adds or replaces a slot first writes it as a *pending* slot with a random
    token, then commits the user row together with that token (table ``key_changes``); only
    then is the slot made live. Disabling commits the row with a token that owes a rotation.
    Every writable log-in reconciles: a pending slot whose token committed is made live, one
    whose token did not is dropped, a live slot without an enabled user is removed, and an
    owed rotation is done. All of it runs under the key-file lock
    (``isu.security.keylock``), so a change in progress elsewhere is never taken for a
    crash's leftovers.

Key files of format 1 (``isu.security.legacy``)
    Each user's slot becomes format 2 at that user's own next log-in
    (``upgrade_own_slot``), the recovery slot at its next use. Until no format-1 slot is
    left, a rotation is refused with a message counting who still has to log in once,
    unless an administrator drops those slots (``rekey(ws, drop_legacy=True)``, audited).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from isu.db.database import Database
from isu.db.models import KeyChangeRecord, UserRecord
from isu.db.rekey import key_fits, rekey_database
from isu.domain.roles import Permission
from isu.errors import IsuError
from isu.security import keyslots, legacy
from isu.security.keylock import key_file_lock
from isu.security.keyslots import Slot, SlotFile
from isu.services import audit
from isu.services.workspace import Workspace, no_key_file_on_server

T = TypeVar("T")
log = logging.getLogger(__name__)


def next_path_for(slot_path: str | os.PathLike) -> Path:
    return Path(f"{os.fspath(slot_path)}.next")


# -- rotation ---------------------------------------------------------------------------------
def rekey(ws: Workspace, *, drop_legacy: bool = False) -> str | None:
    """``isu rekey``: a new data key for the database and every remaining slot (admins).
    ``drop_legacy`` removes the slots still in format 1 first; if the recovery slot is one
    of them, a new recovery key replaces it and is returned (to be shown once)."""
    ws.require(Permission.MANAGE_USERS, "rekey")
    if ws.slot_path is None:  # a server: no data key of ours, the server stores the data
        raise no_key_file_on_server()
    users, old_recovery = legacy.legacy_left(ws.read_slots())
    dropping = drop_legacy and (users > 0 or old_recovery)
    recovery = keyslots.new_recovery_key() if dropping and old_recovery else None

    def change(session: Session) -> None:
        if dropping:
            detail = {"users": users, "recovery": old_recovery}
            audit.append(session, ws.user.username, "legacy_key_slots_dropped", "", detail)
        audit.append(session, ws.user.username, "data_key_rotated")

    commit_key_change(ws, change, rekey=True, drop_legacy=drop_legacy, new_recovery=recovery)
    return recovery


def upgrade_own_slot(ws: Workspace, opened: keyslots.OpenedSlot) -> bool:
    """A format-1 slot, just opened with its password or recovery key, rewritten as a
    format-2 slot (and a format-1 file as format 2): one atomic replace of the key file, so
    a crash leaves the old file or the new one, and both open with the same password."""
    if ws.db.read_only:
        return False
    with key_file_lock(ws.slot_path):
        slots = ws.read_slots()
        if not legacy.needs_upgrade(slots, opened):
            return False
        ws.write_slots(legacy.upgraded(slots, opened, ws._data_key))
    audit.note(ws, "key_slot_upgraded", f"user:{ws.user.id}" if ws.user.id else "recovery")
    return True


def _refuse_legacy(live: SlotFile) -> None:
    users, recovery = legacy.legacy_left(live)
    if users or recovery:
        raise legacy.refuse_rotation(users, recovery)


def _rotate(ws: Workspace, live: SlotFile) -> None:
    """Re-encrypt the database under a new key; ``live`` is the slot set to keep. The caller
    holds the key-file lock."""
    _refuse_legacy(live)
    new_key = keyslots.new_data_key()
    pending = next_path_for(ws.slot_path)
    keyslots.write_slot_file(pending, keyslots.rewrapped(live, new_key))
    ws.db.close()
    try:
        rekey_database(ws.path, ws._data_key, new_key)
    except BaseException:
        if not key_fits(ws.path, new_key):
            with contextlib.suppress(OSError):
                pending.unlink()
            ws.db = Database(ws.path, ws._data_key)
            raise
    os.replace(pending, ws.slot_path)
    ws.db = Database(ws.path, new_key)
    ws._data_key = new_key


def hand_over_key(source: Workspace, target: Workspace) -> None:
    """A workspace signed in before a rotation that ``source`` did in this program opens the
    file with the new key from now on (the administrator's window after a recovery reset),
    instead of failing on its next read. Other programs still log in again."""
    if target.path != source.path or target._data_key == source._data_key:
        return
    target.db.close()
    target.db = Database(target.path, source._data_key)
    target._data_key = source._data_key
    target.slot_path = source.slot_path


def settle_rotation(
    db_path: Path, slot_path: Path, opened: keyslots.OpenedSlot, data_key: bytes
) -> tuple[bytes, Path] | None:
    """After a rotation was cut short: the data key and key file that fit the database.
    None if the database fits neither file for this slot (a removed slot). The caller holds
    the key-file lock."""
    pending = next_path_for(slot_path)
    if not pending.exists():
        return data_key, slot_path
    if key_fits(db_path, data_key):  # the rotation never reached the database
        with contextlib.suppress(OSError):
            pending.unlink()
        return data_key, slot_path
    rotated = keyslots.read_slot_file(pending)
    new_key = keyslots.unwrap(rotated, opened)
    if new_key is None or not key_fits(db_path, new_key):
        return None
    rotated.check_mac(new_key)
    try:
        os.replace(pending, slot_path)
    except OSError:  # a read-only medium: keep reading the newer file where it is
        return new_key, pending
    return new_key, slot_path


# -- user changes -----------------------------------------------------------------------------
def commit_key_change(
    ws: Workspace,
    change: Callable[[Session], T],
    *,
    new_slot: Slot | None = None,
    remove_slot: str | None = None,
    rekey: bool = False,
    drop_legacy: bool = False,
    new_recovery: str | None = None,
) -> T:
    """Run ``change`` in one unit of work that also records the key change; the key file
    follows only once that has committed. A rotation that would lock out format-1 slots
    is refused before anything changes, unless ``drop_legacy``."""

    def kept(slots: SlotFile) -> SlotFile:
        if remove_slot is not None:
            slots = slots.without_slot(remove_slot)
        if drop_legacy:
            slots = legacy.without_legacy(slots, recovery_too=new_recovery is not None)
            if new_recovery is not None:
                slots = slots.with_slot(
                    keyslots.make_recovery_slot(slots, new_recovery, ws._data_key)
                )
        return slots

    with key_file_lock(ws.slot_path):
        slots = ws.read_slots()
        if rekey:
            _refuse_legacy(kept(slots if new_slot is None else slots.with_slot(new_slot)))
        token = secrets.token_hex(16)
        if new_slot is not None:
            ws.write_slots(slots.with_pending(token, new_slot))
        try:
            with ws.db.unit_of_work() as session:
                result = change(session)
                session.add(KeyChangeRecord(token=token, rekey=rekey))
        except BaseException:
            if new_slot is not None:
                with contextlib.suppress(IsuError):
                    ws.write_slots(ws.read_slots().without_pending(token))
            raise
        live = ws.read_slots().promoted(token)
        live = kept(live) if rekey else live
        if remove_slot is not None:
            live = live.without_slot(remove_slot)
        if rekey:
            _rotate(ws, live)
        else:
            ws.write_slots(live)
        with ws.db.unit_of_work() as session:
            session.execute(delete(KeyChangeRecord).where(KeyChangeRecord.token == token))
        return result


def reconcile(ws: Workspace) -> None:
    """Finish or undo what a crash left half-done (see the module docstring). Called at every
    writable log-in, under the key-file lock."""
    slots = ws.read_slots()
    with ws.db.reading() as session:
        enabled = {
            slots.user_slot_id(name): not disabled
            for name, disabled in session.execute(select(UserRecord.username, UserRecord.disabled))
        }
        tokens = dict(session.execute(select(KeyChangeRecord.token, KeyChangeRecord.rekey)).all())
    live = slots
    for pending in slots.pending:
        if pending.token in tokens:
            live = live.promoted(pending.token)
        else:
            live = live.without_pending(pending.token)
    owed = any(tokens.values())
    for slot in live.slots:
        if slot.kind == "user" and not enabled.get(slot.slot_id, False):
            live = live.without_slot(slot.slot_id)
            owed = True
    if owed and legacy.legacy_left(live) != (0, False):
        # A rotation must wait until no format-1 slot is left; it stays owed (a token that
        # owes it is kept, or written now), and the next log-in after the last upgrade does it.
        log.warning("rotation owed but format-1 key slots remain; postponed")
        if not any(tokens.values()):
            with ws.db.unit_of_work() as session:
                session.add(KeyChangeRecord(token=secrets.token_hex(16), rekey=True))
        tokens = {t: r for t, r in tokens.items() if not r}
        owed = False
    if owed:
        _rotate(ws, live)
    elif live != slots:
        ws.write_slots(live)
    if tokens:
        with ws.db.unit_of_work() as session:
            session.execute(delete(KeyChangeRecord).where(KeyChangeRecord.token.in_(tokens)))

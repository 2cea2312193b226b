"""User accounts: each has a role and a key slot of its own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from isu.db.models import UserRecord, utcnow
from isu.domain.model import User
from isu.domain.roles import Permission, Role
from isu.errors import NotFound, UserError
from isu.security import keyslots, legacy
from isu.security.keyslots import KdfParams
from isu.services import audit, keys, server_users
from isu.services.changes import USERS, Changes, carrying
from isu.services.sign_in import unlock_with_recovery
from isu.services.workspace import Workspace, _to_user, check_password_strength, check_username


def list_users(ws: Workspace) -> list[User]:
    ws.require(Permission.MANAGE_USERS)
    with ws.db.reading() as session:
        rows = session.execute(select(UserRecord).order_by(UserRecord.username)).scalars()
        return [_to_user(r) for r in rows]


def coordinators(ws: Workspace) -> list[User]:
    """Names for filters and pickers: anyone signed in may see who the coordinators are."""
    with ws.db.reading() as session:
        rows = session.execute(select(UserRecord).order_by(UserRecord.display_name)).scalars()
        return [_to_user(r) for r in rows]


def _find(session, username: str) -> UserRecord:
    record = session.execute(
        select(UserRecord).where(func.lower(UserRecord.username) == username.strip().lower())
    ).scalar_one_or_none()
    if record is None:
        raise NotFound(f"Användaren {username} finns inte.", f"The user {username} does not exist.")
    return record


def add_user(
    ws: Workspace,
    username: str,
    password: str,
    role: Role,
    *,
    display_name: str = "",
    kdf: KdfParams | None = None,
) -> User:
    """The user row and the key slot commit together or not at all (``keys``)."""
    if ws.is_server:  # a login role on the server (isu.services.server_users)
        return carrying(
            server_users.add_user(ws, username, password, role, display_name=display_name), USERS
        )
    ws.require(Permission.MANAGE_USERS)
    username = check_username(username)
    check_password_strength(password)
    slots = ws.read_slots()
    slot = keyslots.make_user_slot(slots, username, password, ws._data_key, kdf)

    def change(session) -> User:
        taken = session.execute(
            select(UserRecord.id).where(func.lower(UserRecord.username) == username.lower())
        ).first()
        if taken or ws.read_slots().has_user(username):
            raise UserError(
                f"Användarnamnet {username} är upptaget.", f"The user name {username} is taken."
            )
        record = UserRecord(
            username=username,
            display_name=display_name or username,
            role=role.value,
            disabled=False,
        )
        session.add(record)
        session.flush()
        audit.append(
            session, ws.user.username, "user_added", f"user:{record.id}", {"role": role.value}
        )
        return _to_user(record)

    return carrying(keys.commit_key_change(ws, change, new_slot=slot), USERS)


def change_password(
    ws: Workspace, username: str, new_password: str, *, kdf: KdfParams | None = None
) -> Changes:
    """A new slot (new key pair) for one user; nothing is re-encrypted. Users change their
    own; admins anyone's. The new password works once, and only once, the change committed."""
    if ws.is_server:
        server_users.change_password(ws, username, new_password)
        return USERS
    if username.strip().lower() != ws.user.username.lower():
        ws.require(Permission.MANAGE_USERS)
    check_password_strength(new_password)
    with ws.db.reading() as session:
        name = _find(session, username).username
    slot = keyslots.make_user_slot(ws.read_slots(), name, new_password, ws._data_key, kdf)

    def change(session) -> None:
        record = _find(session, username)
        record.updated_at = utcnow()
        audit.append(session, ws.user.username, "password_changed", f"user:{record.id}")

    keys.commit_key_change(ws, change, new_slot=slot)
    return USERS


def set_disabled(ws: Workspace, username: str, disabled: bool = True) -> Changes:
    """Disabling removes the user's key slot and rotates the data key, so neither the
    password nor an old copy of the key file opens the database any more; enabling again
    needs a new password (``change_password``)."""
    if ws.is_server:
        server_users.set_disabled(ws, username, disabled)
        return USERS
    ws.require(Permission.MANAGE_USERS)
    if username.strip().lower() == ws.user.username.lower():
        raise UserError(
            "Du kan inte stänga av ditt eget konto.", "You cannot disable your own account."
        )
    with ws.db.reading() as session:
        name = _find(session, username).username

    def change(session) -> None:
        record = _find(session, username)
        record.disabled = disabled
        record.updated_at = utcnow()
        audit.append(
            session,
            ws.user.username,
            "user_disabled" if disabled else "user_enabled",
            f"user:{record.id}",
        )

    if disabled:
        keys.commit_key_change(
            ws, change, remove_slot=ws.read_slots().user_slot_id(name), rekey=True
        )
    else:
        keys.commit_key_change(ws, change)
    return USERS


RECOVERY_USER = User(0, "recovery-key", "recovery-key", Role.ADMIN, False)


def reset_password_with_recovery(
    db_path: str | Path,
    recovery: str,
    username: str,
    new_password: str,
    *,
    kdf: KdfParams | None = None,
    signed_in: Workspace | None = None,
    drop_legacy: bool = False,
) -> Changes:
    """The administrator recovery key gives a user a new password and rotates the data key
    (the reset is for a lost or leaked password); the reset is logged. ``signed_in``, an
    administrator's workspace on the same file, goes on with the new key. Slots still in
    format 1 block the rotation unless ``drop_legacy`` removes them (audited)."""
    check_password_strength(new_password)
    db, data_key, slot_path = unlock_with_recovery(db_path, recovery)
    ws = Workspace(db, RECOVERY_USER, slot_path, data_key)
    try:
        with db.reading() as session:
            name = _find(session, username).username
        slot = keyslots.make_user_slot(ws.read_slots(), name, new_password, data_key, kdf)
        dropped = legacy.legacy_left(ws.read_slots().with_slot(slot))[0] if drop_legacy else 0

        def change(session) -> None:
            record = _find(session, username)
            record.disabled = False
            record.updated_at = utcnow()
            if dropped:
                detail = {"users": dropped, "recovery": False}
                audit.append(session, "recovery-key", "legacy_key_slots_dropped", "", detail)
            audit.append(
                session, "recovery-key", "password_reset_with_recovery", f"user:{record.id}"
            )

        keys.commit_key_change(ws, change, new_slot=slot, rekey=True, drop_legacy=drop_legacy)
        if signed_in is not None:
            keys.hand_over_key(ws, signed_in)
    finally:
        ws.close()
    return USERS


# -- roles (used by Administration → Users) --------------------------------------------------
def change_role(ws: Workspace, username: str, role: Role) -> User:
    """Give a user another role. Your own role stays, so the database always keeps an
    administrator (you) and nobody gives themselves a role by accident."""
    if ws.is_server:
        return carrying(server_users.change_role(ws, username, role), USERS)
    ws.require(Permission.MANAGE_USERS)
    if username.strip().lower() == ws.user.username.lower():
        raise UserError("Du kan inte ändra din egen roll.", "You cannot change your own role.")
    with ws.db.unit_of_work() as session:
        record = _find(session, username)
        old = Role(record.role)
        if old == role:
            return carrying(_to_user(record), USERS)  # as on a server, which cannot tell
        record.role = role.value
        record.updated_at = utcnow()
        audit.append(
            session,
            ws.user.username,
            "role_changed",
            f"user:{record.id}",
            {"from": old.value, "to": role.value},
        )
        return carrying(_to_user(record), USERS)

"""isu users as PostgreSQL login roles: add, disable, enable, new password, new role.
The server side of ``isu.services.users``, as ``server_login`` is of signing in.

Every change goes through a SECURITY DEFINER function of ``isu/server/sql/security.sql`` that
only an administrator may run and that touches only isu users (a users row plus a member of an
isu group role), so no isu role holds CREATEROLE. A password reaches the server only as a
SCRAM-SHA-256 verifier computed here by libpq, so the server's logs never hold it.

The use cases here give the same checks, audit entries and answers as for a file.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from isu.domain.model import User
from isu.domain.roles import Permission, Role
from isu.errors import NotFound, UserError
from isu.services import audit
from isu.services.workspace import check_password_strength

_SERVER_NAME = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,62}$")


def server_username(name: str) -> str:
    """An isu user name as a login role name: lower case, letters, digits, _ . -."""
    cleaned = name.strip().lower()
    if not _SERVER_NAME.match(cleaned):
        raise UserError(
            "Användarnamnet på servern ska vara 1–63 tecken: a–z, 0–9, _ . - (inte börja med"
            " . eller -).",
            "A user name on the server must be 1–63 characters: a–z, 0–9, _ . - (not starting"
            " with . or -).",
        )
    return cleaned


def scram_verifier(conn, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` (libpq's PQencryptPasswordConn)."""
    pgconn = getattr(conn, "pgconn", None) or driver_connection(conn).pgconn
    return pgconn.encrypt_password(
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    ).decode("ascii")


def driver_connection(session_or_conn):
    """The psycopg connection under a SQLAlchemy session or connection."""
    connection = (
        session_or_conn.connection()
        if hasattr(session_or_conn, "connection") and callable(session_or_conn.connection)
        else session_or_conn
    )
    return connection.connection.driver_connection


@contextlib.contextmanager
def _translated(name: str) -> Iterator[None]:
    """The functions' refusals as the user's messages (the transaction is rolled back)."""
    import psycopg.errors as pg
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        orig = exc.orig
        if isinstance(orig, pg.DuplicateObject | pg.UniqueViolation):
            raise UserError(
                f"Användarnamnet {name} är upptaget.", f"The user name {name} is taken."
            ) from None
        if isinstance(orig, pg.UndefinedObject):
            raise NotFound(
                f"Användaren {name} finns inte.", f"The user {name} does not exist."
            ) from None
        if isinstance(orig, pg.InsufficientPrivilege):
            from isu.errors import PermissionDenied

            raise PermissionDenied(
                "Servern tillåter inte din roll att göra det här.",
                "The server does not allow your role to do this.",
            ) from None
        raise


def _call(session, function: str, *args):
    from sqlalchemy import text

    names = ", ".join(f":a{i}" for i in range(len(args)))
    return session.execute(
        text(f"SELECT {function}({names})"), {f"a{i}": a for i, a in enumerate(args)}
    ).scalar_one()


def add_user(ws, username: str, password: str, role: Role, *, display_name: str = "") -> User:
    ws.require(Permission.MANAGE_USERS, "add_user")
    name = server_username(username)
    check_password_strength(password)
    with ws.db.unit_of_work() as session, _translated(name):
        verifier = scram_verifier(session, name, password)
        user_id = _call(session, "isu_add_user", name, role.value, display_name, verifier)
        audit.append(
            session, ws.user.username, "user_added", f"user:{user_id}", {"role": role.value}
        )
    return User(user_id, name, display_name or name, role, False)


def change_password(ws, username: str, new_password: str) -> None:
    name = server_username(username)
    if name != ws.user.username:
        ws.require(Permission.MANAGE_USERS, "change_password")
    check_password_strength(new_password)
    with ws.db.unit_of_work() as session, _translated(name):
        verifier = scram_verifier(session, name, new_password)
        user_id = _call(session, "isu_set_password", name, verifier)
        audit.append(session, ws.user.username, "password_changed", f"user:{user_id}")


def set_disabled(ws, username: str, disabled: bool = True) -> None:
    """NOLOGIN (or LOGIN again) and the users row together; a disabled row is nobody to
    the policies at once, even in a session that was open before."""
    ws.require(Permission.MANAGE_USERS, "set_disabled")
    name = server_username(username)
    if name == ws.user.username:
        raise UserError(
            "Du kan inte stänga av ditt eget konto.", "You cannot disable your own account."
        )
    with ws.db.unit_of_work() as session, _translated(name):
        user_id = _call(session, "isu_set_disabled", name, disabled)
        action = "user_disabled" if disabled else "user_enabled"
        audit.append(session, ws.user.username, action, f"user:{user_id}")


def change_role(ws, username: str, role: Role) -> User:
    ws.require(Permission.MANAGE_USERS, "change_role")
    name = server_username(username)
    if name == ws.user.username:
        raise UserError("Du kan inte ändra din egen roll.", "You cannot change your own role.")
    with ws.db.unit_of_work() as session, _translated(name):
        from sqlalchemy import select

        from isu.db.models import UserRecord

        record = session.execute(
            select(UserRecord).where(UserRecord.username == name)
        ).scalar_one_or_none()
        if record is None:
            raise NotFound(f"Användaren {name} finns inte.", f"The user {name} does not exist.")
        old = record.role
        if old != role.value:
            _call(session, "isu_set_role", name, role.value)
            audit.append(
                session,
                ws.user.username,
                "role_changed",
                f"user:{record.id}",
                {"from": old, "to": role.value},
            )
        return User(record.id, name, record.display_name, role, record.disabled)

"""``isu server init``: one unit's database on a PostgreSQL server, with the rules it enforces.

Run by the owner role (a role that may create roles and owns the database; its password from
PGPASSWORD or .pgpass). The schema comes from the same Alembic migrations as the local file;
then ``sql/security.sql`` creates the three group roles, the grants, the row-level security
policies, the insert-only audit log and the functions that manage login roles; last the
first administrator's login role, users row and audit entries. Tables belong to the owner,
never to an isu user.
"""

from __future__ import annotations

import json
import secrets
from importlib import resources

from isu.errors import UserError
from isu.server import connect as server
from isu.services.server_users import scram_verifier, server_username

GROUP_ROLES = ("isu_admin", "isu_coordinator", "isu_unit_head")


def security_sql() -> str:
    return resources.files("isu.server").joinpath("sql/security.sql").read_text("utf-8")


def init_server(
    url: str,
    owner: str,
    admin_name: str,
    admin_password: str,
    *,
    unit: str = "",
    municipality: str = "",
    display_name: str = "",
    default_form: bool = True,
) -> str:
    """Set up the database at ``url``; returns the administrator's login name. As for a
    file, the SIG form is published (by the new administrator) unless ``default_form`` is off."""
    from isu.services.settings import DatabaseSettings
    from isu.services.workspace import check_password_strength

    admin = server_username(admin_name)
    check_password_strength(admin_password)
    DatabaseSettings(unit=unit, municipality=municipality).validate()
    with server.connect(url, owner, autocommit=True) as conn:
        check_owner(conn, owner)
        _check_empty(conn)
    _upgrade_schema(url, owner)
    with server.connect(url, owner) as conn:
        apply_security(conn)
        _first_admin(conn, admin, admin_password, display_name, unit, municipality)
        conn.commit()
    if default_form:
        _publish_default_form(url, admin, admin_password)
    return admin


def _publish_default_form(url: str, admin: str, password: str) -> None:
    from isu.services import forms
    from isu.services.sign_in import login

    ws = login(url, admin, password)
    try:
        forms.publish_default_form(ws)
    finally:
        ws.close()


def upgrade_server(url: str, owner: str) -> str:
    """A newer program's schema for a set-up database, then the rules applied again (new
    tables get their grants and policies); returns the schema revision."""
    from isu.db.server import upgrade_schema

    with server.connect(url, owner, autocommit=True) as conn:
        check_owner(conn, owner)
        if not schema_present(conn):
            raise UserError(
                "Databasen är inte förberedd för isu: kör isu server init först.",
                "The database is not set up for isu: run isu server init first.",
            )
    revision = upgrade_schema(server.server_target(url), owner)
    with server.connect(url, owner) as conn:
        apply_security(conn)
        conn.commit()
    return revision


def check_owner(conn, owner: str) -> None:
    row = conn.execute(
        "SELECT r.rolcreaterole OR r.rolsuper, d.datdba = r.oid FROM pg_roles r, pg_database d"
        " WHERE r.rolname = current_user AND d.datname = current_database()"
    ).fetchone()
    if not row or not row[0]:
        raise UserError(
            f"Rollen {owner} får inte skapa roller (CREATEROLE behövs).",
            f"The role {owner} may not create roles (CREATEROLE is needed).",
        )
    if not row[1]:
        raise UserError(
            f"Databasen ska ägas av {owner}: CREATE DATABASE … OWNER {owner}.",
            f"The database must be owned by {owner}: CREATE DATABASE … OWNER {owner}.",
        )


def schema_present(conn) -> bool:
    return conn.execute("SELECT to_regclass('public.users') IS NOT NULL").fetchone()[0]


def _check_empty(conn) -> None:
    if schema_present(conn):
        raise UserError(
            "Databasen är redan förberedd för isu. Välj en tom databas.",
            "The database is already set up for isu. Choose an empty database.",
        )


def _upgrade_schema(url: str, owner: str) -> None:
    """The Alembic history, as for a local file (``isu.db.server.upgrade_schema``)."""
    from isu.db.server import upgrade_schema

    upgrade_schema(server.server_target(url), owner)


def apply_security(conn) -> None:
    """Group roles, grants, policies, triggers and functions; no one else may connect."""
    from psycopg import sql

    conn.execute(security_sql())
    database = conn.execute("SELECT current_database()").fetchone()[0]
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))


def _first_admin(conn, admin, password, display_name, unit, municipality) -> None:
    verifier = scram_verifier(conn, admin, password)
    conn.execute("SELECT isu_create_login(%s, 'admin', %s)", (admin, verifier))
    user_id = conn.execute(
        "INSERT INTO users (username, display_name, role, disabled, created_at, updated_at)"
        " VALUES (%s, %s, 'admin', false, %s, %s) RETURNING id",
        (admin, display_name or admin, _now(), _now()),
    ).fetchone()[0]
    from isu.services.audit_chain import ANCHOR_KEY_SETTING
    from isu.services.workspace import DB_ID_SETTING

    for key, value in (
        ("unit", unit),
        ("municipality", municipality),
        (DB_ID_SETTING, secrets.token_hex(16)),
        (ANCHOR_KEY_SETTING, secrets.token_hex(32)),  # made here, not by whoever anchors first
    ):
        if value:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s)", (key, json.dumps(value))
            )
    append_audit(conn, admin, "database_created")
    append_audit(conn, admin, "user_added", f"user:{user_id}", {"role": "admin"})


def append_audit(conn, actor: str, action: str, target: str = "", detail: dict | None = None):
    """One chained entry written over a plain psycopg connection (the owner's)."""
    from isu.db.server import AUDIT_CHAIN_LOCK
    from isu.services.audit_chain import GENESIS, _entry_hash

    conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_CHAIN_LOCK,))
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash, next_id = (last[1], last[0] + 1) if last else (GENESIS, 1)
    ts = _now()
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _entry_hash(prev_hash, next_id, ts, actor, action, target, text)
    conn.execute(
        "INSERT INTO audit_log (id, ts, actor, action, target, detail, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (next_id, ts, actor, action, target, text, prev_hash, digest),
    )


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

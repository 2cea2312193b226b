"""``isu server migrate``: a local database file moved onto the unit's server, then checked.

An administrator of the file unlocks it; the owner role (libpq env) writes the server. The
target database must be empty (or set up by an earlier, failed ``migrate``: schema, no users).
Everything is copied with its ids in one transaction: settings, users, forms, cases with their
answers, saved summaries, releases and the audit log with its chain (the server's trigger
checks every link on the way in). Each user becomes a login role with a new password from the
passwords file (``NAME PASSWORD`` per line; every active user needs one; disabled users get
NOLOGIN). Before the commit the move is verified: row counts per table, a hash of every case
with its answers on both sides, and the chain, whose head must match. Any mismatch rolls all
back, the login roles too. The file is not changed apart from an audit entry naming the move.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy.exc
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from isu.db.models import (
    AnswerRecord,
    AuditRecord,
    CaseRecord,
    FormRecord,
    ReleaseRecord,
    SavedSummaryRecord,
    SettingRecord,
    UserRecord,
)
from isu.domain.roles import Permission
from isu.errors import UserError
from isu.server import connect as server
from isu.services.server_users import driver_connection, scram_verifier, server_username

# In an order that satisfies the foreign keys.
TABLES = (
    SettingRecord,
    UserRecord,
    FormRecord,
    CaseRecord,
    AnswerRecord,
    SavedSummaryRecord,
    ReleaseRecord,
    AuditRecord,
)
BATCH = 5000


@dataclass(frozen=True)
class MigrationReport:
    counts: dict[str, int]
    cases_checked: int
    audit_head: str
    logins: tuple[str, ...]
    disabled: tuple[str, ...]


def read_passwords(path: Path) -> dict[str, str]:
    """``NAME PASSWORD`` per line (blank lines and ``#`` comments skipped)."""
    path = Path(path)
    try:
        mode, lines = path.stat().st_mode, path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise UserError(
            f"Lösenordsfilen {path} går inte att läsa.", f"Cannot read the passwords file {path}."
        ) from None
    if mode & 0o077:
        raise UserError(
            f"Lösenordsfilen {path} får bara kunna läsas av dig (chmod 600).",
            f"The passwords file {path} must be readable by you only (chmod 600).",
        )
    out: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, password = line.strip().partition(" ")
        if not password.strip():
            raise UserError(
                f"Rad {number} i lösenordsfilen saknar lösenord (NAMN LÖSENORD).",
                f"Line {number} of the passwords file has no password (NAME PASSWORD).",
            )
        out[name.strip().lower()] = password.strip()
    return out


def migrate_file(file_ws, url: str, owner: str, passwords: dict[str, str]) -> MigrationReport:
    """Copy the unlocked file ``file_ws`` (an administrator's) to the server at ``url``."""
    from isu.server.provision import check_owner, schema_present

    file_ws.require(Permission.MAINTAIN, "server_migrate")
    with file_ws.db.reading() as source:
        plan = _plan_users(source, passwords)
    target = server.server_target(url)
    with server.connect(url, owner, autocommit=True) as conn:
        check_owner(conn, owner)
        present = schema_present(conn)
    if not present:
        from isu.db.server import upgrade_schema

        upgrade_schema(target, owner)
    engine = _owner_engine(url, owner)
    try:
        report = _move(file_ws, engine, plan)
    except sqlalchemy.exc.DBAPIError as exc:
        from isu.db.server import translate_server_error

        raise translate_server_error(exc.orig or exc, target) from exc
    finally:
        engine.dispose()
    from isu.services import audit

    audit.note(
        file_ws, "server_migrated", "", {"server": target.url, "cases": report.cases_checked}
    )
    return report


def _move(file_ws, engine, plan) -> MigrationReport:
    from isu.server.provision import apply_security

    with Session(engine) as dest, dest.begin():
        _refuse_filled(dest)
        apply_security(driver_connection(dest))
        with file_ws.db.reading() as source:
            counts = _copy(source, dest)
            _continue_ids(dest)
            logins, disabled = _create_logins(dest, plan)
            checked, head = _verify(source, dest, counts)
            _note_database_id(file_ws, dest)
        report = MigrationReport(counts, checked, head, logins, disabled)
        _audit_move(dest, file_ws.user.username.lower(), report)
    return report


def _owner_engine(url: str, owner: str):
    from isu.db.server import make_server_engine

    return make_server_engine(server.server_target(url), owner, pool=1)


# -- users ----------------------------------------------------------------------------------
def _plan_users(source: Session, passwords: dict[str, str]) -> list[tuple[UserRecord, str | None]]:
    from isu.services.workspace import check_password_strength

    plan, missing, bad = [], [], []
    for user in source.execute(select(UserRecord).order_by(UserRecord.id)).scalars():
        try:
            name = server_username(user.username)
        except UserError:
            bad.append(user.username)
            continue
        password = passwords.get(name)
        if password is None and not user.disabled:
            missing.append(name)
        if password is not None:
            check_password_strength(password)
        plan.append((user, password))
    if bad:
        raise UserError(
            f"Användarnamn som inte går att använda på servern: {', '.join(bad)}. Tillåtet:"
            " a–z, 0–9, _ . -.",
            f"User names that cannot be used on the server: {', '.join(bad)}. Allowed:"
            " a–z, 0–9, _ . -.",
        )
    if missing:
        raise UserError(
            f"Lösenordsfilen saknar nya lösenord för: {', '.join(missing)}.",
            f"The passwords file has no new password for: {', '.join(missing)}.",
        )
    return plan


def _create_logins(dest: Session, plan) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from psycopg import sql

    conn = driver_connection(dest)
    logins, disabled = [], []
    for user, password in plan:
        name = server_username(user.username)
        taken = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if taken:
            raise UserError(
                f"Det finns redan en roll {name} på servern. Byt namn i filen först.",
                f"A role {name} already exists on the server. Rename the user in the file first.",
            )
        verifier = scram_verifier(conn, name, password or secrets.token_urlsafe(32))
        conn.execute("SELECT isu_create_login(%s, %s, %s)", (name, user.role, verifier))
        if user.disabled or password is None:
            conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(name)))
            disabled.append(name)
        else:
            logins.append(name)
    return tuple(logins), tuple(disabled)


# -- copying ----------------------------------------------------------------------------------
def _refuse_filled(dest: Session) -> None:
    if dest.execute(select(func.count()).select_from(UserRecord)).scalar_one():
        raise UserError(
            "Serverdatabasen har redan användare. Flytta till en tom databas.",
            "The server database already has users. Move into an empty database.",
        )


def _copy(source: Session, dest: Session) -> dict[str, int]:
    counts = {}
    for model in TABLES:
        table = model.__table__
        rows = source.execute(select(table).order_by(*table.primary_key.columns))
        count = 0
        for part in rows.mappings().partitions(BATCH):
            batch = [_fit(model, dict(row)) for row in part]
            dest.execute(table.insert(), batch)
            count += len(batch)
        counts[table.name] = count
    return counts


def _fit(model, row: dict) -> dict:
    if model is UserRecord:
        row["username"] = row["username"].strip().lower()
    return row


def _continue_ids(dest: Session) -> None:
    """Serial columns go on after the copied ids."""
    for model in TABLES:
        table = model.__table__
        if "id" not in table.columns:
            continue
        dest.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                f" coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def _note_database_id(file_ws, dest: Session) -> None:
    """Anchors in old backups and exports name the file's id: the server keeps it."""
    from isu.services.workspace import DB_ID_SETTING

    db_id = file_ws.read_slots().db_id
    dest.merge(SettingRecord(key=DB_ID_SETTING, value=json.dumps(db_id)))


# -- verifying --------------------------------------------------------------------------------
def case_digests(session: Session) -> dict[int, str]:
    """A hash of every case row together with its answers, the same on either backend."""
    case_cols = [c for c in CaseRecord.__table__.columns]
    answer_cols = [c for c in AnswerRecord.__table__.columns if c.name != "id"]
    digests = {
        row.id: hashlib.sha256(_canon(row))
        for row in session.execute(select(*case_cols).order_by(CaseRecord.id))
    }
    answers = session.execute(
        select(*answer_cols).order_by(
            AnswerRecord.case_id, AnswerRecord.code, AnswerRecord.instance
        )
    )
    for row in answers:
        digests[row.case_id].update(_canon(row))
    return {case_id: h.hexdigest() for case_id, h in digests.items()}


def _canon(row) -> bytes:
    return json.dumps(list(row), ensure_ascii=False, default=str).encode("utf-8") + b"\n"


def _verify(source: Session, dest: Session, counts: dict[str, int]) -> tuple[int, str]:
    from isu.services import audit

    for model in TABLES:
        name = model.__table__.name
        there = dest.execute(select(func.count()).select_from(model)).scalar_one()
        if there != counts[name]:
            raise _mismatch(f"{name}: {counts[name]} → {there}")
    before, after = case_digests(source), case_digests(dest)
    if before != after:
        wrong = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        raise _mismatch(f"cases {wrong[:10]}")
    if audit.first_broken_entry(dest) is not None:
        raise _mismatch("audit chain")
    head = lambda s: s.execute(  # noqa: E731
        select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).scalar_one_or_none()
    if head(source) != head(dest):
        raise _mismatch("audit head")
    return len(after), head(dest) or audit.GENESIS


def _mismatch(what: str) -> UserError:
    return UserError(
        f"Flytten stämde inte vid kontrollen ({what}); inget sparades på servern.",
        f"The move did not check out ({what}); nothing was kept on the server.",
    )


def _audit_move(dest: Session, actor: str, report: MigrationReport) -> None:
    from isu.services import audit

    audit.append(
        dest,
        actor,
        "database_migrated",
        "",
        {"counts": report.counts, "cases_checked": report.cases_checked},
    )

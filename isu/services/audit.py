"""The append-only, hash-chained audit log.

Besides what succeeds, every refused and failed action is logged (``<action>_refused``,
``<action>_failed``): who, what, and which case by its internal id, or by a keyed hash of a
case number that does not exist; never free text. An entry that cannot be written now (a
read-only medium, a full disk) is queued encrypted in the user's data folder and written at
the next writable open (``isu.services.pending_audit``). The chain's head is anchored outside
the database (``isu.services.anchor``) so a cut or rewritten log shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import Iterator

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from isu.db.models import AuditRecord, SettingRecord
from isu.domain.model import AuditEntry
from isu.errors import EnvironmentProblem, IsuError, PermissionDenied

log = logging.getLogger(__name__)

GENESIS = "0" * 64


def _entry_hash(
    prev_hash: str, entry_id: int, ts: str, actor: str, action: str, target: str, detail: str
) -> str:
    body = json.dumps(
        [prev_hash, entry_id, ts, actor, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, actor: str, action: str, target: str = "", detail: dict | None = None
) -> None:
    """Add one entry. Callers run inside a writing unit of work: on a file the write lock is
    held; on a server, concurrent writers queue on a transaction-scoped advisory lock taken
    before the last hash is read (READ COMMITTED then sees the previous holder's entry), so
    two workstations cannot fork the chain."""
    _lock_chain(session)
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_hash, next_id = (last.hash, last.id + 1) if last else (GENESIS, 1)
    ts = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _entry_hash(prev_hash, next_id, ts, actor, action, target, detail_text)
    session.add(
        AuditRecord(
            id=next_id,
            ts=ts,
            actor=actor,
            action=action,
            target=target,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        from isu.db.server import AUDIT_CHAIN_LOCK

        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def first_broken_entry(session: Session) -> int | None:
    """The id of the first entry whose hash or link does not hold, or None if all hold."""
    prev_hash, expected_id = GENESIS, 1
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars()
    for row in rows:
        if row.id != expected_id or row.prev_hash != prev_hash:
            return row.id
        digest = _entry_hash(
            row.prev_hash, row.id, row.ts, row.actor, row.action, row.target, row.detail
        )
        if digest != row.hash:
            return row.id
        prev_hash, expected_id = row.hash, row.id + 1
    return None


def entries(
    session: Session, since: dt.date | None = None, limit: int | None = None
) -> list[AuditEntry]:
    query = select(AuditRecord).order_by(AuditRecord.id)
    if since:
        query = query.where(AuditRecord.ts >= since.isoformat())
    if limit:
        query = query.limit(limit)
    return [
        AuditEntry(r.id, r.ts, r.actor, r.action, r.target, r.detail)
        for r in session.execute(query).scalars()
    ]


# -- entries outside a unit of work: refusals, failures, reads -----------------------------------
def note(ws, action: str, target: str = "", detail: dict | None = None) -> bool:
    """Write one entry in a unit of work of its own. When the database cannot take it (open
    read-only, disk full, locked) the entry is queued instead; returns True if written now.
    Never call this while the same program holds a write unit of work open."""
    if not ws.db.read_only:
        try:
            with ws.db.unit_of_work() as session:
                append(session, ws.user.username, action, target, detail)
            return True
        except EnvironmentProblem as exc:
            log.warning("audit entry %s queued: %s", action, type(exc).__name__)
    from isu.services import pending_audit

    pending_audit.queue(ws, action, target, detail)
    return False


def refused(ws, what: str, target: str = "", detail: dict | None = None) -> None:
    """Record a refusal; never raises, so the refusal the user sees stays the real one."""
    try:
        note(ws, f"{what}_refused", target, {"role": ws.user.role.value, **(detail or {})})
    except Exception:  # the refusal itself must reach the user
        log.exception("could not record a refusal")


@contextlib.contextmanager
def attempt(ws, what: str, target: str = "") -> Iterator[None]:
    """Around a use case: a failure (other than a refusal, logged where it is decided) is
    logged as ``<what>_failed`` with the kind of error, then raised unchanged."""
    try:
        yield
    except PermissionDenied:
        raise
    except IsuError as exc:
        with contextlib.suppress(Exception):
            note(ws, f"{what}_failed", target, {"error": type(exc).__name__})
        raise


def case_ref(session: Session, case_number: str, fallback_key: bytes) -> str:
    """A case number that names no case, as a keyed hash: the same number gives the same
    reference (so repeated probing shows), but the log never holds the free text."""
    record = session.get(SettingRecord, "audit_anchor_key")
    key = bytes.fromhex(json.loads(record.value)) if record else fallback_key
    digest = hmac.new(key, case_number.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"casenr:{digest[:16]}"

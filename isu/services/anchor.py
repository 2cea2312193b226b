"""Audit anchors: the head of the audit chain (entry count and last hash), kept outside it.

The audit log is a hash chain inside the database, so it shows any edit of an entry that
leaves the rest in place. It cannot show on its own that its *last* entries were cut off,
or that the whole chain was written anew: both leave a chain that holds together. An anchor
records how long the chain was and what its last hash was, in places a cut does not reach:

* the key file beside the database (field ``audit_anchor``), moved forward whenever a
  workspace is closed, and by ``verify``, ``backup`` and ``export``;
* every backup manifest (``audit_anchor``), and every export manifest.

``isu verify`` compares the chain with every anchor it finds. Fewer entries than an anchor
(counting those made before it) means the log was **truncated**; the right number of entries
but another hash at the anchor's entry means it was **rewritten**. Each anchor carries an
HMAC under a random key kept inside the encrypted database, so nobody without the database
key can forge one; an anchor from another database is recognised by its ``db_id`` and skipped.

What this does not stop, honestly: whoever holds the data key (every user with a key slot
can unwrap it with their password) can open the database with SQLCipher directly, rewrite
the chain, read the anchor key and write a matching anchor into the key file. Anchors they
cannot reach still catch it: backups kept where they cannot write, and exports that have
left the unit. The server backend (issue #17) removes the attack: the audit table is
insert-only for every login role, clients never hold a key that can rewrite it, and the
anchor is kept by the server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from isu.db.models import AuditRecord
from isu.errors import IsuError
from isu.services import audit_chain

log = logging.getLogger(__name__)

ANCHOR_FIELD = "audit_anchor"
MISMATCH_ACTION = "audit_anchor_mismatch"
ACKNOWLEDGED_ACTION = "audit_anchor_mismatch_acknowledged"
RESTORE_ACTION = "backup_restored"


@dataclass(frozen=True)
class Anchor:
    db_id: str
    entries: int
    head: str
    created_at: str
    mac: str = ""

    def _body(self) -> bytes:
        return json.dumps(
            ["isu-audit-anchor", self.db_id, self.entries, self.head, self.created_at],
            separators=(",", ":"),
        ).encode("utf-8")

    def sealed(self, key: bytes) -> Anchor:
        return replace(self, mac=hmac.new(key, self._body(), hashlib.sha256).hexdigest())

    def authentic(self, key: bytes) -> bool:
        expected = hmac.new(key, self._body(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(self.mac, expected)

    def to_json(self) -> dict:
        return {
            "db_id": self.db_id,
            "entries": self.entries,
            "head": self.head,
            "created_at": self.created_at,
            "mac": self.mac,
        }

    @classmethod
    def from_json(cls, raw: object) -> Anchor | None:
        """The anchor, or None if ``raw`` is not one (missing or mangled)."""
        if not isinstance(raw, dict):
            return None
        try:
            entries = raw["entries"]
            if not isinstance(entries, int) or isinstance(entries, bool) or entries < 0:
                return None
            return cls(
                str(raw["db_id"]),
                entries,
                str(raw["head"]),
                str(raw["created_at"]),
                str(raw["mac"]),
            )
        except (KeyError, TypeError):
            return None


@dataclass(frozen=True)
class AnchorCheck:
    source: str  # "keyfile" or a file name
    anchor: Anchor
    state: str  # ok | truncated | rewritten | forged | superseded
    found_entries: int  # entries in the chain made up to the anchor's time

    @property
    def failed(self) -> bool:
        return self.state in ("truncated", "rewritten", "forged")

    def line(self, lang: str = "sv") -> str:
        sv = lang == "sv"
        where = (
            ("nyckelfilen" if sv else "the key file") if self.source == "keyfile" else self.source
        )
        n, found = self.anchor.entries, self.found_entries
        if self.state == "ok":
            return (
                f"Granskningsloggens ankare i {where}: OK ({n} poster)"
                if sv
                else f"Audit anchor in {where}: OK ({n} entries)"
            )
        if self.state == "truncated":
            return (
                f"Granskningsloggen är AVKORTAD: ankaret i {where} ({self.anchor.created_at})"
                f" har {n} poster, loggen bara {found} från den tiden."
                if sv
                else f"The audit log was TRUNCATED: the anchor in {where}"
                f" ({self.anchor.created_at}) has {n} entries, the log only {found} from then."
            )
        if self.state == "rewritten":
            return (
                f"Granskningsloggen är OMSKRIVEN: post {n} stämmer inte med ankaret i {where}"
                f" ({self.anchor.created_at})."
                if sv
                else f"The audit log was REWRITTEN: entry {n} does not match the anchor in"
                f" {where} ({self.anchor.created_at})."
            )
        if self.state == "forged":
            return (
                f"Ankaret i {where} är förfalskat eller skadat (dess kontrollkod stämmer inte)."
                if sv
                else f"The anchor in {where} is forged or damaged (its MAC does not match)."
            )
        return (
            f"Ankaret i {where} ({n} poster) är äldre än en återställning från"
            " säkerhetskopia; det jämförs inte."
            if sv
            else f"The anchor in {where} ({n} entries) predates a restore from a backup;"
            " it is not compared."
        )


# -- making anchors ---------------------------------------------------------------------------
def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def current(session: Session, db_id: str, *, create_key: bool = True) -> Anchor | None:
    """The chain's head now, sealed; None when no key exists and none may be made."""
    key = audit_chain.anchor_key(session, create=create_key)
    if key is None:
        return None
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    entries, head = (last.id, last.hash) if last else (0, audit_chain.GENESIS)
    return Anchor(db_id, entries, head, _now()).sealed(key)


def for_manifest(ws) -> dict | None:
    """An anchor for a backup or export manifest (None if it cannot be made read-only)."""
    db_id = ws.db_id
    if ws.db.read_only:
        with ws.db.reading() as session:
            found = current(session, db_id, create_key=False)
    else:
        with ws.db.unit_of_work() as session:
            found = current(session, db_id)
    return found.to_json() if found else None


# -- checking ---------------------------------------------------------------------------------
def check(session: Session, anchor: Anchor, source: str, key: bytes | None) -> AnchorCheck:
    if key is None or not anchor.authentic(key):
        return AnchorCheck(source, anchor, "forged", 0)
    # Entries made up to the anchor's time: a chain cut and written on afterwards still has
    # fewer of those than the anchor counted.
    before = session.execute(
        select(func.count()).select_from(AuditRecord).where(AuditRecord.ts <= anchor.created_at)
    ).scalar_one()
    at = session.execute(
        select(AuditRecord.hash).where(AuditRecord.id == anchor.entries)
    ).scalar_one_or_none()
    if anchor.entries == 0 or at == anchor.head:
        return AnchorCheck(source, anchor, "ok", max(before, anchor.entries))
    restored_after = session.execute(
        select(func.count())
        .select_from(AuditRecord)
        .where(AuditRecord.action == RESTORE_ACTION, AuditRecord.ts >= anchor.created_at)
    ).scalar_one()
    if restored_after:
        return AnchorCheck(source, anchor, "superseded", before)
    state = "truncated" if before < anchor.entries or at is None else "rewritten"
    return AnchorCheck(source, anchor, state, before)


def key_file_anchor(ws) -> Anchor | None:
    if ws.slot_path is None:  # a server: no key file, the server keeps the log insert-only
        return None
    return Anchor.from_json(ws.read_slots().audit_anchor)


def manifest_anchor(path: Path) -> Anchor | None:
    """The anchor in a backup (``.isubackup``) or an unsealed export (``.isux``), if any."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("manifest.json")
            if info.file_size > 256 * 1024:
                return None
            raw = json.loads(archive.read(info))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return Anchor.from_json(raw.get(ANCHOR_FIELD) if isinstance(raw, dict) else None)


def check_all(ws, files: list[Path]) -> list[AnchorCheck]:
    """Every anchor of this database found in the key file and ``files``, checked."""
    db_id = ws.db_id
    found: list[tuple[str, Anchor]] = []
    if (own := key_file_anchor(ws)) is not None:
        found.append(("keyfile", own))
    for path in files:
        anchor = manifest_anchor(path)
        if anchor is not None:
            found.append((path.name, anchor))
    with ws.db.reading() as session:
        key = audit_chain.anchor_key(session, create=False)
        return [check(session, a, source, key) for source, a in found if a.db_id == db_id]


# -- keeping the key file's anchor ------------------------------------------------------------
def update_key_file(ws) -> None:
    """Move the key file's anchor to the chain's head. If the chain no longer extends the
    anchor there, that is written into the chain first, so the evidence outlives the anchor.
    Never fails the caller: an anchor that cannot be written only stays older."""
    if ws.db.read_only or ws.slot_path is None:
        return
    try:
        _update_key_file(ws)
    except IsuError as exc:
        log.warning("audit anchor not updated: %s", type(exc).__name__)


def _update_key_file(ws) -> None:
    # Checking the stored anchor holds the database's write lock, so a mismatch is written
    # into the chain before anyone else appends.
    with ws.db.unit_of_work() as session:
        slots = ws.read_slots()
        stored = Anchor.from_json(slots.audit_anchor)
        if stored is not None and stored.db_id == slots.db_id:
            result = check(session, stored, "keyfile", audit_chain.anchor_key(session))
            if result.failed:
                audit_chain.append(
                    session,
                    ws.user.username,
                    MISMATCH_ACTION,
                    "audit_log",
                    {
                        "state": result.state,
                        "anchor_entries": stored.entries,
                        "anchor_created_at": stored.created_at,
                        "found_entries": result.found_entries,
                    },
                )
    # The key file's own lock is taken with no database lock held (login takes them in that
    # order); the head read is committed, so the anchor can only lag the chain, never lead it.
    with ws.db.reading() as session:
        head = current(session, ws.db_id)
    ws.update_slots(lambda slots: slots.with_field(ANCHOR_FIELD, head.to_json() if head else None))


def recorded_mismatches(ws) -> list[str]:
    """Chain entries that say an earlier anchor did not match (ts and state), since an
    administrator last acknowledged them (``isu verify --acknowledge``)."""
    with ws.db.reading() as session:
        acknowledged = session.execute(
            select(func.max(AuditRecord.id)).where(AuditRecord.action == ACKNOWLEDGED_ACTION)
        ).scalar_one_or_none()
        rows = session.execute(
            select(AuditRecord.id, AuditRecord.ts, AuditRecord.detail).where(
                AuditRecord.action == MISMATCH_ACTION, AuditRecord.id > (acknowledged or 0)
            )
        ).all()
    out = []
    for row in rows:
        try:
            detail = json.loads(row.detail)
        except ValueError:
            detail = {}
        out.append(f"#{row.id} {row.ts} {detail.get('state', '?')}")
    return out

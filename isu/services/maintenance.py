"""Checking the database: SQLite and SQLCipher integrity, the audit chain and its anchors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from isu.domain.roles import Permission
from isu.errors import EnvironmentProblem
from isu.services import anchor, audit
from isu.services.anchor import AnchorCheck
from isu.services.workspace import Workspace

BACKUP_SUFFIX = ".isubackup"


@dataclass(frozen=True)
class VerifyReport:
    integrity: tuple[str, ...]
    cipher: tuple[str, ...]
    first_broken_audit_entry: int | None
    audit_entries: int
    anchors: tuple[AnchorCheck, ...] = ()
    # Entries in which an earlier check recorded that an anchor did not match.
    earlier_mismatches: tuple[str, ...] = ()

    @property
    def truncated(self) -> bool:
        return any(a.state == "truncated" for a in self.anchors)

    @property
    def rewritten(self) -> bool:
        return any(a.state == "rewritten" for a in self.anchors)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ("ok",)
            and not self.cipher
            and self.first_broken_audit_entry is None
            and not any(a.failed for a in self.anchors)
            and not self.earlier_mismatches
        )

    def lines(self, lang: str = "sv") -> list[str]:
        sv = lang == "sv"
        out = [
            ("Databasens struktur: " if sv else "Database structure: ")
            + ("OK" if self.integrity == ("ok",) else "; ".join(self.integrity)),
            ("Krypteringens sidkontroll: " if sv else "Encryption page check: ")
            + ("OK" if not self.cipher else "; ".join(self.cipher)),
        ]
        if self.first_broken_audit_entry is None:
            out.append(
                f"Granskningsloggen: OK ({self.audit_entries} poster)"
                if sv
                else f"Audit log: OK ({self.audit_entries} entries)"
            )
        else:
            n = self.first_broken_audit_entry
            out.append(
                f"Granskningsloggen är bruten vid post {n}"
                if sv
                else f"The audit log is broken at entry {n}"
            )
        if not self.anchors:
            out.append(
                "Inget ankare för granskningsloggen hittades; avkortning kan inte upptäckas."
                if sv
                else "No audit anchor was found; a truncation cannot be detected."
            )
        newest = max(self.anchors, key=lambda a: a.anchor.entries, default=None)
        for check in self.anchors:
            if check.failed or check is newest or check.state == "superseded":
                out.append(check.line(lang))
        for entry in self.earlier_mismatches:
            out.append(
                f"Tidigare upptäckt: ankaret stämde inte med granskningsloggen (post {entry})"
                if sv
                else f"Found earlier: an anchor did not match the audit log (entry {entry})"
            )
        return out


def anchor_files(backup_dir: Path | None, extra: Sequence[Path] = ()) -> list[Path]:
    """Backups in the backup folder plus the files named on the command line."""
    found = list(extra)
    if backup_dir is not None and backup_dir.is_dir():
        found += sorted(p for p in backup_dir.iterdir() if p.suffix == BACKUP_SUFFIX)
    return found


def _integrity(ws: Workspace, session) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if ws.is_server:  # the server keeps its own pages: the schema version is checked
        return ws.db.integrity_checks(session)
    integrity = tuple(r[0] for r in session.execute(text("PRAGMA integrity_check")))
    cipher = tuple(str(r[0]) for r in session.execute(text("PRAGMA cipher_integrity_check")))
    return integrity, cipher


def verify(
    ws: Workspace,
    *,
    backup_dir: Path | None = None,
    anchors_in: Sequence[Path] = (),
    acknowledge: bool = False,
) -> VerifyReport:
    """Check everything; ``acknowledge`` records that an administrator has seen the anchor
    mismatches found so far, so later checks report only new ones."""
    ws.require(Permission.MAINTAIN, "verify")
    if (
        acknowledge
        and anchor.recorded_mismatches(ws)
        and not audit.note(ws, anchor.ACKNOWLEDGED_ACTION, "audit_log")
    ):
        raise EnvironmentProblem(
            "Kvitteringen kunde inte sparas: databasen går inte att skriva till.",
            "The acknowledgement could not be saved: the database cannot be written.",
        )
    with ws.db.reading() as session:
        integrity, cipher = _integrity(ws, session)
        broken = audit.first_broken_entry(session)
        count = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    checks = tuple(anchor.check_all(ws, anchor_files(backup_dir, anchors_in)))
    earlier = tuple(anchor.recorded_mismatches(ws))
    ok = (
        integrity == ("ok",)
        and not cipher
        and broken is None
        and not any(c.failed for c in checks)
        and not earlier
    )
    audit.note(
        ws,
        "verified",
        "",
        {"ok": ok, "anchors": {c.source: c.state for c in checks if c.source == "keyfile"}},
    )
    if broken is None and not any(c.failed for c in checks):
        anchor.update_key_file(ws)
    return VerifyReport(integrity, cipher, broken, count, checks, earlier)

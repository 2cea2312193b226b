"""The backup file's format: a stored zip of ``manifest.json``, ``isu.db`` and ``isu.db.keys``.

Writing the archive, and reading it back without trusting it: only the three stored members,
sizes bounded by the file's, a small manifest of a known format and version, and each member's
SHA-256 checked while it is extracted. `isu.services.backup` makes and restores backups with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from isu.errors import DatabaseNewer, UserError
from isu.fileio import create_private

BACKUP_FORMAT = "isu-backup"
BACKUP_VERSION = 1
DB_MEMBER = "isu.db"
KEYS_MEMBER = "isu.db.keys"
MANIFEST_MEMBER = "manifest.json"
MEMBERS = (MANIFEST_MEMBER, DB_MEMBER, KEYS_MEMBER)
MAX_MANIFEST_BYTES = 64 * 1024
MAX_KEYS_BYTES = 4 * 1024 * 1024
_CHUNK = 1024 * 1024


class BackupDamaged(UserError):
    """The file is not an isu backup, or it was damaged or changed after it was made."""


def damaged(detail_sv: str = "", detail_en: str = "") -> BackupDamaged:
    return BackupDamaged(
        f"Säkerhetskopian är skadad eller inte en isu-säkerhetskopia{detail_sv}. Inget har"
        " ändrats.",
        f"The backup is damaged or not an isu backup{detail_en}. Nothing was changed.",
        hint_sv="Välj en annan säkerhetskopia.",
        hint_en="Choose another backup.",
    )


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    schema_revision: str | None
    db_sha256: str
    db_size: int
    keys_sha256: str
    keys_size: int
    program_version: str
    # The audit chain's head when the backup was made (isu.services.anchor).
    audit_anchor: dict | None = None

    def to_json(self) -> dict:
        anchored = {"audit_anchor": self.audit_anchor} if self.audit_anchor else {}
        return {
            **anchored,
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "created_at": self.created_at,
            "schema_revision": self.schema_revision,
            "program_version": self.program_version,
            "files": {
                DB_MEMBER: {"sha256": self.db_sha256, "size": self.db_size},
                KEYS_MEMBER: {"sha256": self.keys_sha256, "size": self.keys_size},
            },
        }

    @classmethod
    def from_json(cls, raw: object) -> BackupManifest:
        if not isinstance(raw, dict) or raw.get("format") != BACKUP_FORMAT:
            raise damaged()
        if raw.get("version") != BACKUP_VERSION:
            raise DatabaseNewer(
                "Säkerhetskopian är gjord av en nyare version av programmet.",
                "The backup was made by a newer version of the program.",
                hint_sv="Uppdatera programmet.",
                hint_en="Update the program.",
            )
        try:
            files = raw["files"]
            db, keys = files[DB_MEMBER], files[KEYS_MEMBER]
            revision = raw["schema_revision"]
            manifest = cls(
                str(raw["created_at"]),
                None if revision is None else str(revision),
                str(db["sha256"]),
                _size(db["size"]),
                str(keys["sha256"]),
                _size(keys["size"]),
                str(raw.get("program_version", "")),
                raw["audit_anchor"] if isinstance(raw.get("audit_anchor"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise damaged() from exc
        if not all(
            re.fullmatch(r"[0-9a-f]{64}", h) for h in (manifest.db_sha256, manifest.keys_sha256)
        ):
            raise damaged()
        return manifest


def _size(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("size")
    return value


def write_archive(path: Path, manifest: BackupManifest, db_copy: Path, keys: bytes) -> None:
    with (
        create_private(path) as fh,
        zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as archive,
    ):
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest.to_json(), indent=1))
        archive.write(db_copy, DB_MEMBER)
        archive.writestr(KEYS_MEMBER, keys)
        archive.close()
        fh.flush()
        os.fsync(fh.fileno())


def read_manifest(archive: zipfile.ZipFile, archive_size: int) -> BackupManifest:
    infos = archive.infolist()
    if sorted(i.filename for i in infos) != sorted(MEMBERS):
        raise damaged()
    for info in infos:
        # Stored members only: their size is bounded by the file's, so nothing can expand.
        if (
            info.compress_type != zipfile.ZIP_STORED
            or info.flag_bits & 0x1
            or info.file_size != info.compress_size
            or info.file_size > archive_size
        ):
            raise damaged()
    if archive.getinfo(MANIFEST_MEMBER).file_size > MAX_MANIFEST_BYTES:
        raise damaged()
    try:
        raw = json.loads(archive.read(MANIFEST_MEMBER).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise damaged() from exc
    manifest = BackupManifest.from_json(raw)
    if (
        archive.getinfo(DB_MEMBER).file_size != manifest.db_size
        or archive.getinfo(KEYS_MEMBER).file_size != manifest.keys_size
        or manifest.keys_size > MAX_KEYS_BYTES
    ):
        raise damaged()
    return manifest


def extract(archive: zipfile.ZipFile, member: str, dest: Path, sha256: str) -> None:
    digest = hashlib.sha256()
    with archive.open(member) as src, create_private(dest) as out:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != sha256:
        raise damaged(
            ": en fil stämmer inte med sin kontrollsumma", ": a file does not match its checksum"
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

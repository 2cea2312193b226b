"""Backing up and restoring a unit database on a PostgreSQL server, through pg_dump/pg_restore.

The dump is made by ``pg_dump`` (custom format) and restored by ``pg_restore``, run as the role
the libpq environment names: PGUSER with PGPASSWORD, PGPASSFILE or ~/.pgpass — in practice the
owner role IT uses (``isu server init --owner``); host, port, database and TLS come from
``--db``. No password is ever in argv. The isu administrator signs in as for a file, so the
backup is permitted by role and written into the audit chain.

A dump is plain text, so it never touches the disk as such: it is read from pg_dump's pipe,
sealed to a recipient's public key (``isu keygen``, as for exports: X25519 + AES-256-GCM) and
written, with a manifest (the dump's hash, the schema revision and the audit chain's anchor),
as one ``.isubackup`` zip file, owner-only. Restoring needs the private key; the dump goes from
memory into pg_restore's stdin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from isu import __version__
from isu.db.target import ServerTarget
from isu.domain.roles import Permission
from isu.errors import EnvironmentProblem, UserError
from isu.export.seal import open_sealed, seal
from isu.fileio import atomic_writer
from isu.services import anchor, audit
from isu.services.workspace import Workspace

SERVER_BACKUP_FORMAT = "isu-server-backup"
MANIFEST_MEMBER = "manifest.json"
DUMP_MEMBER = "isu.pgdump.sealed"
TIMEOUT_S = 3600


@dataclass(frozen=True)
class ServerBackupManifest:
    created_at: str
    dbname: str
    schema_revision: str | None
    dump_sha256: str  # of the plain dump, checked after opening the seal
    program_version: str
    audit_anchor: dict | None


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore from PATH or Debian's versioned folders (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    import glob

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise EnvironmentProblem(
        f"Programmet {name} finns inte på den här datorn; det behövs för säkerhetskopior av en"
        " serverdatabas.",
        f"The program {name} is not on this computer; backups of a server database need it.",
        hint_sv="Installera PostgreSQL-klienten (t.ex. apt-get install postgresql-client).",
        hint_en="Install the PostgreSQL client (e.g. apt-get install postgresql-client).",
    )


def _env(target: ServerTarget) -> dict[str, str]:
    """The caller's environment (its PGUSER/PGPASSWORD/PGPASSFILE: the owner role's route),
    with the server, database and TLS settings of ``--db``."""
    return {**os.environ, **target.libpq_env()}


def backup_server(ws: Workspace, out: str | os.PathLike, recipient_public_pem: bytes) -> Path:
    """Dump the server database with pg_dump, sealed for ``recipient_public_pem``; logged."""
    ws.require(Permission.MAINTAIN, "backup")
    out = Path(out)
    if out.exists():
        raise UserError(f"Filen finns redan: {out}", f"The file already exists: {out}")
    with audit.attempt(ws, "backup"):
        head = anchor.for_manifest(ws)  # taken before the dump, so the dump extends it
        dump = _run(
            [pg_tool("pg_dump"), "--format=custom", "--no-password"], ws.db.target, None, "pg_dump"
        )
        with ws.db.reading() as session:
            from isu.db import schema_version

            revision = schema_version.stored_revision(session.connection())
        manifest = ServerBackupManifest(
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            dbname=ws.db.target.dbname,
            schema_revision=revision,
            dump_sha256=hashlib.sha256(dump).hexdigest(),
            program_version=__version__,
            audit_anchor=head,
        )
        sealed = seal(dump, recipient_public_pem)
        del dump
        with atomic_writer(out) as handle, zipfile.ZipFile(handle, "w") as archive:
            archive.writestr(MANIFEST_MEMBER, json.dumps(_manifest_json(manifest), indent=1))
            archive.writestr(DUMP_MEMBER, sealed)
    audit.note(ws, "backup_created", "", {"file": out.name, "server": True})
    return out


def _manifest_json(m: ServerBackupManifest) -> dict:
    return {
        "format": SERVER_BACKUP_FORMAT,
        "created_at": m.created_at,
        "dbname": m.dbname,
        "schema_revision": m.schema_revision,
        "dump_sha256": m.dump_sha256,
        "program_version": m.program_version,
        anchor.ANCHOR_FIELD: m.audit_anchor,
    }


def is_server_backup(path: str | os.PathLike) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read(MANIFEST_MEMBER)).get("format") == SERVER_BACKUP_FORMAT
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False


def read_server_backup(
    path: str | os.PathLike, private_pem: bytes, passphrase: str | None
) -> tuple[ServerBackupManifest, bytes]:
    """The manifest and the plain dump (in memory), its hash checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            raw = json.loads(archive.read(MANIFEST_MEMBER))
            sealed = archive.read(DUMP_MEMBER)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UserError(
            f"{Path(path).name} är ingen säkerhetskopia av en serverdatabas, eller den är skadad.",
            f"{Path(path).name} is not a backup of a server database, or it is damaged.",
        ) from exc
    if not isinstance(raw, dict) or raw.get("format") != SERVER_BACKUP_FORMAT:
        raise UserError(
            "Filen är ingen säkerhetskopia av en serverdatabas.",
            "The file is not a backup of a server database.",
        )
    dump = open_sealed(sealed, private_pem, passphrase)
    if hashlib.sha256(dump).hexdigest() != raw.get("dump_sha256"):
        raise UserError(
            "Säkerhetskopian är ändrad eller skadad (kontrollsumman stämmer inte).",
            "The backup was changed or damaged (the checksum does not match).",
        )
    manifest = ServerBackupManifest(
        str(raw.get("created_at", "")),
        str(raw.get("dbname", "")),
        raw.get("schema_revision"),
        str(raw["dump_sha256"]),
        str(raw.get("program_version", "")),
        raw.get(anchor.ANCHOR_FIELD),
    )
    return manifest, dump


def restore_server(
    backup_file: str | os.PathLike,
    target: ServerTarget,
    private_pem: bytes,
    passphrase: str | None = None,
) -> ServerBackupManifest:
    """Replace the server database's contents with the backup's, in one transaction, as the
    libpq role (the owner). The caller then signs in to check and log it (``isu restore``)."""
    manifest, dump = read_server_backup(backup_file, private_pem, passphrase)
    command = [
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={target.dbname}",
    ]
    _run(command, target, dump, "pg_restore")
    return manifest


def record_restore(ws: Workspace, source: Path, manifest: ServerBackupManifest) -> None:
    """The restore in the restored chain (anchors made before it then read "superseded")."""
    with ws.db.unit_of_work() as session:
        audit.append(
            session,
            ws.user.username,
            anchor.RESTORE_ACTION,
            "",
            {"backup": source.name, "created_at": manifest.created_at, "server": True},
        )


def _run(command: list[str], target: ServerTarget, stdin: bytes | None, what: str) -> bytes:
    try:
        done = subprocess.run(
            command,
            input=stdin,
            env=_env(target),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvironmentProblem(
            f"{what} kunde inte köras: {type(exc).__name__}.",
            f"{what} could not run: {type(exc).__name__}.",
        ) from exc
    if done.returncode != 0:
        import logging

        # pg_dump's own text names the server and role, never a password: it goes to the log.
        logging.getLogger("isu.db").warning("%s failed: %s", what, done.stderr.decode()[-2000:])
        raise EnvironmentProblem(
            f"{what} misslyckades mot {target.label} (detaljer finns i loggen).",
            f"{what} failed against {target.label} (details are in the log).",
            hint_sv="Kör som ägarrollen: sätt PGUSER och PGPASSWORD, eller använd en .pgpass-fil.",
            hint_en="Run as the owner role: set PGUSER and PGPASSWORD, or use a .pgpass file.",
        )
    return done.stdout

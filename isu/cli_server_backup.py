"""``isu backup`` and ``isu restore`` when ``--db`` is a server (``postgresql://…``).

pg_dump and pg_restore run as the libpq environment's role (PGUSER with PGPASSWORD, PGPASSFILE
or ~/.pgpass: the owner role); the isu administrator signs in as usual. The dump is sealed to
``--recipient-key`` (a public key from ``isu keygen``) and opened again with ``--key``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli import file_metavar, open_workspace, read_password, say, tr
from isu.errors import UserError


def add_server_backup_options(p, *, restore: bool) -> None:
    if restore:
        p.add_argument(
            "--key",
            metavar=file_metavar(),
            help=tr(
                "serverdatabas: den privata nyckeln som öppnar säkerhetskopian",
                "server database: the private key that opens the backup",
            ),
        )
        p.add_argument(
            "--passphrase-file",
            metavar=file_metavar(),
            help=tr(
                "fil med den privata nyckelns lösenfras", "file with the private key's passphrase"
            ),
        )
    else:
        p.add_argument(
            "--recipient-key",
            metavar=file_metavar(),
            help=tr(
                "serverdatabas: publik nyckel (isu keygen) som säkerhetskopian förseglas för",
                "server database: public key (isu keygen) the backup is sealed for",
            ),
        )


def _read_key(path: str | None, option: str) -> bytes:
    if not path:
        raise UserError(
            f"En serverdatabas säkerhetskopieras förseglad: ange {option}.",
            f"A server database is backed up sealed: give {option}.",
            hint_sv="Skapa ett nyckelpar med isu keygen och förvara den privata nyckeln inlåst.",
            hint_en="Make a key pair with isu keygen and keep the private key locked away.",
        )
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        from isu.errors import from_os_error

        raise from_os_error(exc, path) from exc


def backup_server_command(args: argparse.Namespace) -> int:
    from isu.services.server_backup import backup_server

    public = _read_key(args.recipient_key, "--recipient-key")
    ws = open_workspace(args)
    try:
        path = backup_server(ws, Path(args.out), public)
    finally:
        ws.close()
    size_mb = path.stat().st_size / 1_000_000
    say(
        f"Säkerhetskopian sparades: {path} ({size_mb:.1f} MB), gjord med pg_dump och förseglad"
        " för mottagarnyckeln.",
        f"Backup saved: {path} ({size_mb:.1f} MB), made with pg_dump and sealed for the"
        " recipient key.",
    )
    return 0


def restore_server_command(args: argparse.Namespace) -> int:
    from isu.db.target import parse_db
    from isu.domain.roles import Permission
    from isu.services import audit
    from isu.services.server_backup import record_restore, restore_server

    private = _read_key(args.key, "--key")
    passphrase = read_password(args, file_attr="passphrase_file") if args.passphrase_file else None
    manifest = restore_server(args.file, parse_db(args.db), private, passphrase)
    ws = open_workspace(args)  # an isu administrator of the restored database
    try:
        ws.require(Permission.MAINTAIN, "restore")
        with ws.db.reading() as session:
            broken = audit.first_broken_entry(session)
        record_restore(ws, Path(args.file), manifest)
    finally:
        ws.close()
    if broken is not None:
        say(
            f"Återställd, men granskningsloggen är bruten vid post {broken}.",
            f"Restored, but the audit log is broken at entry {broken}.",
        )
        return 1
    say(
        f"Säkerhetskopian från {manifest.created_at} återställdes till {args.db}; granskningsloggen"
        " är hel.",
        f"The backup from {manifest.created_at} was restored to {args.db}; the audit log is"
        " intact.",
    )
    return 0

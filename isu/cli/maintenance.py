"""``isu backup | restore | retention | erase``: keeping the data safe, and letting it go.

When ``--db`` is a server (``postgresql://…``), pg_dump and pg_restore run as the libpq
environment's role (PGUSER with PGPASSWORD, PGPASSFILE or ~/.pgpass: the owner role); the isu
administrator signs in as usual. The dump is sealed to ``--recipient-key`` (a public key from
``isu keygen``) and opened again with ``--key``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isu.cli.common import (
    RECOVERY_KEY,
    db_command,
    file_option,
    flag,
    open_workspace,
    parse_date,
    passphrase_file_option,
    read_passphrase,
    read_password,
    recovery_options,
    username_of,
)
from isu.cli.i18n import say, tr
from isu.errors import UserError


def cmd_backup(args: argparse.Namespace) -> int:
    from isu.db.target import is_server_url
    from isu.services.backup import backup

    if is_server_url(args.db):
        return backup_server_command(args)
    with open_workspace(args) as ws:
        if ws.db.read_only:
            say(
                "Obs: databasen är skrivskyddad; säkerhetskopian görs och loggas vid nästa öppning"
                " med skrivrätt.",
                "Note: the database is read-only; the backup is made and logged at the next"
                " writable open.",
            )
        path = backup(ws, Path(args.out))
    size_mb = path.stat().st_size / 1_000_000
    say(
        f"Säkerhetskopian sparades: {path} ({size_mb:.1f} MB). Den innehåller databasen och"
        " nyckelfilen, båda krypterade.",
        f"Backup saved: {path} ({size_mb:.1f} MB). It holds the database and the key file,"
        " both encrypted.",
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from isu.db.target import is_server_url
    from isu.services.backup import restore

    if is_server_url(args.db):
        return restore_server_command(args)
    if args.recovery:
        result = restore(args.file, Path(args.db), recovery=read_password(args, RECOVERY_KEY))
    else:
        result = restore(
            args.file, Path(args.db), username=username_of(args), password=read_password(args)
        )
    say(
        f"Säkerhetskopian från {result.manifest.created_at} kontrollerades (struktur,"
        f" kryptering och granskningslogg med {result.check.audit_entries} poster: OK) och"
        f" återställdes till {result.restored}.",
        f"The backup from {result.manifest.created_at} was checked (structure, encryption and"
        f" audit log with {result.check.audit_entries} entries: OK) and restored to"
        f" {result.restored}.",
    )
    if result.previous is not None:
        say(
            f"Den tidigare databasen finns kvar som {result.previous} (med nyckelfil).",
            f"The previous database is kept as {result.previous} (with its key file).",
        )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from isu.services import retention, settings

    with open_workspace(args) as ws:
        years = settings.load(ws).retention_years
        if years is None:
            say(
                "Ingen gallringsregel är inställd (retention_years); inget gallras.",
                "No retention rule is set (retention_years); nothing is deleted.",
            )
            return 0
        if args.dry_run:
            _preview_retention(ws, args.today, years)
        else:
            count = retention.apply_retention(ws, args.today)
            say(
                f"{count} ärenden gallrades (regel: {years} år efter avslut).",
                f"{count} cases were deleted (rule: {years} years after closure).",
            )
            if count:
                _remind_about_backups()
    return 0


def _preview_retention(ws, today, years: int) -> None:
    from isu.services import retention

    due = retention.preview_retention(ws, today)
    for case in due:
        print(f"{case.case_number}\t{case.closure_date.isoformat()}\t{case.due_date.isoformat()}")
    say(
        f"{len(due)} avslutade ärenden är äldre än {years} år och skulle gallras.",
        f"{len(due)} closed cases are older than {years} years and would be deleted.",
    )


def cmd_erase(args: argparse.Namespace) -> int:
    from isu.services import cases, retention

    with open_workspace(args) as ws:
        case_id = cases.case_id_by_number(ws, args.case_number, "erase")
        if not args.yes:
            _confirm_erasure(args.case_number)
        result = retention.erase_case(ws, case_id)
    say(
        f"Ärendet {args.case_number} är raderat helt ur databasen.",
        f"Case {args.case_number} is erased completely from the database.",
    )
    if not result.wal_emptied:
        say(
            "Ett annat program läser databasen; de sista spåren försvinner när det stängs.",
            "Another program is reading the database; the last traces go when it closes.",
        )
    _remind_about_backups()
    return 0


def _confirm_erasure(case_number: str) -> None:
    if not sys.stdin.isatty():
        raise UserError(
            "Radering kan inte ångras. Lägg till --yes för att bekräfta.",
            "Erasure cannot be undone. Add --yes to confirm.",
        )
    typed = input(
        tr(
            f"Radering kan inte ångras. Skriv ärendenumret ({case_number}) för att bekräfta: ",
            f"Erasure cannot be undone. Type the case number ({case_number}) to confirm: ",
        )
    )
    if typed.strip() != case_number.strip():
        raise UserError(
            "Avbrutet: ärendenumret stämde inte. Inget raderades.",
            "Cancelled: the case number did not match. Nothing was erased.",
        )


def _remind_about_backups() -> None:
    say(
        "Obs: äldre säkerhetskopior innehåller fortfarande uppgifterna tills de roteras bort.",
        "Note: older backups still hold the data until they are rotated out.",
    )


def add_maintenance_parsers(sub) -> None:
    """Add the maintenance commands to ``isu``'s sub-command parsers."""
    p = db_command(
        sub,
        "backup",
        "säkerhetskopiera databasen och nyckelfilen",
        "back up the database and its key file",
        func=cmd_backup,
    )
    file_option(p, "--out", "säkerhetskopians fil", "the backup file", required=True)
    file_option(
        p,
        "--recipient-key",
        "serverdatabas: publik nyckel (isu keygen) som säkerhetskopian förseglas för",
        "server database: public key (isu keygen) the backup is sealed for",
    )

    p = db_command(
        sub,
        "restore",
        "återställ från en säkerhetskopia",
        "restore from a backup",
        func=cmd_restore,
    )
    file_option(p, "file", "säkerhetskopian", "the backup file")
    recovery_options(
        p, "bevisa behörighet med återställningsnyckeln", "prove access with the recovery key"
    )
    file_option(
        p,
        "--key",
        "serverdatabas: den privata nyckeln som öppnar säkerhetskopian",
        "server database: the private key that opens the backup",
    )
    passphrase_file_option(p)

    p = db_command(
        sub,
        "retention",
        "gallra avslutade ärenden enligt regeln",
        "delete closed cases by the retention rule",
        func=cmd_retention,
    )
    mode = p.add_mutually_exclusive_group(required=True)
    flag(mode, "--dry-run", "visa vad som skulle gallras", "show what would be deleted")
    flag(mode, "--apply", "gallra", "delete")
    p.add_argument("--today", type=parse_date, help=argparse.SUPPRESS)

    p = db_command(
        sub, "erase", "radera ett ärende helt", "erase one case completely", func=cmd_erase
    )
    p.add_argument(
        "case_number", metavar=tr("NUMMER", "NUMBER"), help=tr("ärendenumret", "the case number")
    )
    flag(p, "--yes", "bekräfta utan fråga", "confirm without asking")


# -- a server database: pg_dump sealed to a recipient key ----------------------------------------


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
    with open_workspace(args) as ws:
        path = backup_server(ws, Path(args.out), public)
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
    passphrase = read_passphrase(args)
    manifest = restore_server(args.file, parse_db(args.db), private, passphrase)
    with open_workspace(args) as ws:  # an isu administrator of the restored database
        ws.require(Permission.MAINTAIN, "restore")
        with ws.db.reading() as session:
            broken = audit.first_broken_entry(session)
        record_restore(ws, Path(args.file), manifest)
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

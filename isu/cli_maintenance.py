"""``isu backup | restore | retention | erase``: keeping the data safe, and letting it go."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isu.cli import (
    _with_db,
    add_command,
    file_metavar,
    open_workspace,
    parse_date,
    read_password,
    say,
    tr,
    username_of,
)
from isu.errors import UserError


def cmd_backup(args: argparse.Namespace) -> int:
    from isu.db.target import is_server_url
    from isu.services.backup import backup

    if is_server_url(args.db):
        from isu.cli_server_backup import backup_server_command

        return backup_server_command(args)
    ws = open_workspace(args)
    try:
        if ws.db.read_only:
            say(
                "Obs: databasen är skrivskyddad; säkerhetskopian görs och loggas vid nästa öppning"
                " med skrivrätt.",
                "Note: the database is read-only; the backup is made and logged at the next"
                " writable open.",
            )
        path = backup(ws, Path(args.out))
    finally:
        ws.close()
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
        from isu.cli_server_backup import restore_server_command

        return restore_server_command(args)
    if args.recovery:
        recovery = read_password(
            args,
            prompt_sv="Återställningsnyckel: ",
            prompt_en="Recovery key: ",
            env="ISU_RECOVERY_KEY",
            file_attr="recovery_file",
        )
        result = restore(args.file, Path(args.db), recovery=recovery)
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

    ws = open_workspace(args)
    try:
        years = settings.load(ws).retention_years
        if years is None:
            say(
                "Ingen gallringsregel är inställd (retention_years); inget gallras.",
                "No retention rule is set (retention_years); nothing is deleted.",
            )
            return 0
        if args.dry_run:
            due = retention.preview_retention(ws, args.today)
            for case in due:
                print(
                    f"{case.case_number}\t{case.closure_date.isoformat()}\t"
                    f"{case.due_date.isoformat()}"
                )
            say(
                f"{len(due)} avslutade ärenden är äldre än {years} år och skulle gallras.",
                f"{len(due)} closed cases are older than {years} years and would be deleted.",
            )
        else:
            count = retention.apply_retention(ws, args.today)
            say(
                f"{count} ärenden gallrades (regel: {years} år efter avslut).",
                f"{count} cases were deleted (rule: {years} years after closure).",
            )
            if count:
                _remind_about_backups()
    finally:
        ws.close()
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from isu.services import cases, retention

    ws = open_workspace(args)
    try:
        case_id = cases.case_id_by_number(ws, args.case_number, "erase")
        if not args.yes:
            _confirm_erasure(args.case_number)
        result = retention.erase_case(ws, case_id)
    finally:
        ws.close()
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
    p = add_command(
        sub,
        "backup",
        "säkerhetskopiera databasen och nyckelfilen",
        "back up the database and its key file",
    )
    _with_db(p)
    p.add_argument(
        "--out",
        required=True,
        metavar=file_metavar(),
        help=tr("säkerhetskopians fil", "the backup file"),
    )
    from isu.cli_server_backup import add_server_backup_options

    add_server_backup_options(p, restore=False)
    p.set_defaults(func=cmd_backup)

    p = add_command(sub, "restore", "återställ från en säkerhetskopia", "restore from a backup")
    _with_db(p)
    p.add_argument("file", metavar=file_metavar(), help=tr("säkerhetskopian", "the backup file"))
    p.add_argument(
        "--recovery",
        action="store_true",
        help=tr(
            "bevisa behörighet med återställningsnyckeln", "prove access with the recovery key"
        ),
    )
    p.add_argument(
        "--recovery-file",
        metavar=file_metavar(),
        help=tr(
            "fil med återställningsnyckeln (eller ISU_RECOVERY_KEY)",
            "file with the recovery key (or ISU_RECOVERY_KEY)",
        ),
    )
    add_server_backup_options(p, restore=True)
    p.set_defaults(func=cmd_restore)

    p = add_command(
        sub,
        "retention",
        "gallra avslutade ärenden enligt regeln",
        "delete closed cases by the retention rule",
    )
    _with_db(p)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--dry-run",
        action="store_true",
        help=tr("visa vad som skulle gallras", "show what would be deleted"),
    )
    mode.add_argument("--apply", action="store_true", help=tr("gallra", "delete"))
    p.add_argument("--today", type=parse_date, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_retention)

    p = add_command(sub, "erase", "radera ett ärende helt", "erase one case completely")
    _with_db(p)
    p.add_argument(
        "case_number", metavar=tr("NUMMER", "NUMBER"), help=tr("ärendenumret", "the case number")
    )
    p.add_argument(
        "--yes", action="store_true", help=tr("bekräfta utan fråga", "confirm without asking")
    )
    p.set_defaults(func=cmd_erase)

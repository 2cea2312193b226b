"""The ``isu`` command: every capability of the desktop app has a headless path here.

Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
Passwords come from a prompt, ``--password-file FILE`` or ``ISU_PASSWORD`` — never an argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import locale
import os
import sys
from collections.abc import Callable
from pathlib import Path

from isu import __version__
from isu.errors import IsuError, UserError
from isu.paths import AppPaths

DEMO_PASSWORD = "demo-lösenord"
DEMO_USER = "demo"


# -- language and output -----------------------------------------------------------------------
def ui_language() -> str:
    chosen = os.environ.get("ISU_LANG")
    if chosen in ("sv", "en"):
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.startswith("en") else "sv"
    loc = locale.getlocale()[0] or "sv"
    return "en" if loc.startswith("en") else "sv"


def say(sv: str, en: str) -> None:
    print(sv if ui_language() == "sv" else en)


def tr(sv: str, en: str) -> str:
    return sv if ui_language() == "sv" else en


# -- passwords --------------------------------------------------------------------------------
def read_password(
    args: argparse.Namespace,
    *,
    prompt_sv: str = "Lösenord: ",
    prompt_en: str = "Password: ",
    env: str = "ISU_PASSWORD",
    file_attr: str = "password_file",
    confirm: bool = False,
) -> str:
    path = getattr(args, file_attr, None)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UserError(
                f"Lösenordsfilen kan inte läsas: {path}",
                f"The password file cannot be read: {path}",
            ) from exc
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise UserError(
            f"Inget lösenord: ange --{file_attr.replace('_', '-')} eller {env}.",
            f"No password: give --{file_attr.replace('_', '-')} or {env}.",
        )
    first = getpass.getpass(tr(prompt_sv, prompt_en))
    if confirm and getpass.getpass(tr("Upprepa: ", "Repeat: ")) != first:
        raise UserError("Lösenorden är inte lika.", "The passwords do not match.")
    return first


def read_new_password(args: argparse.Namespace) -> str:
    return read_password(
        args,
        prompt_sv="Nytt lösenord: ",
        prompt_en="New password: ",
        env="ISU_NEW_PASSWORD",
        file_attr="new_password_file",
        confirm=True,
    )


def username_of(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get("ISU_USER")
    if name:
        return name
    if not sys.stdin.isatty():
        raise UserError(
            "Ange användare med --user eller ISU_USER.", "Give the user with --user or ISU_USER."
        )
    return input(tr("Användarnamn: ", "User name: ")).strip()


def open_workspace(args: argparse.Namespace):
    from isu.services.workspace import login

    paths = AppPaths.create(getattr(args, "data_dir", None))
    db = Path(args.db) if getattr(args, "db", None) else paths.default_db
    ws = login(db, username_of(args), read_password(args), backup_dir=paths.backup_dir)
    tell_unrecorded_audit(ws)
    return ws


def tell_unrecorded_audit(ws) -> None:
    """On a read-only medium or a full disk: say that the audit entry waits in a queue."""
    if ws.audit_unqueued:
        print(
            tr(
                "isu: obs: granskningsposten kunde inte skrivas, och inte heller sparas i kö"
                " (databasen och datamappen går inte att skriva till).",
                "isu: note: the audit entry could not be written, nor queued (neither the"
                " database nor the data folder can be written).",
            ),
            file=sys.stderr,
        )
    elif ws.audit_queued:
        print(
            tr(
                "isu: obs: databasen är öppnad skrivskyddad (skrivskyddat medium eller full"
                " disk). Granskningsposten kunde inte skrivas; den ligger i kö och förs in vid"
                " nästa öppning med skrivrätt.",
                "isu: note: the database is open read-only (read-only medium or full disk)."
                " The audit entry could not be written; it is queued and recorded at the next"
                " writable open.",
            ),
            file=sys.stderr,
        )


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            tr(
                f"ogiltigt datum {text!r}, använd ÅÅÅÅ-MM-DD",
                f"invalid date {text!r}, use YYYY-MM-DD",
            )
        ) from exc


# -- commands ---------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from isu.services import forms, settings
    from isu.services.workspace import init_database

    password = read_password(
        args,
        prompt_sv="Lösenord för administratören: ",
        prompt_en="Administrator password: ",
        confirm=True,
    )
    ws, recovery = init_database(
        args.db, args.admin, password, display_name=args.display_name or ""
    )
    try:
        changes = {k: v for k, v in (("unit", args.unit), ("municipality", args.municipality)) if v}
        if changes:
            settings.save(ws, **changes)
        if not args.no_default_form:
            forms.publish_default_form(ws)
    finally:
        ws.close()
    say(f"Databasen skapades: {args.db}", f"Database created: {args.db}")
    say(
        "Nyckelfil (säkerhetskopiera alltid tillsammans med databasen): ",
        "Key file (always back up together with the database): ",
    )
    print(f"  {args.db}.keys")
    say(
        "ÅTERSTÄLLNINGSNYCKEL — visas bara nu. Skriv ut den och förvara den inlåst:",
        "RECOVERY KEY — shown only now. Print it and keep it locked away:",
    )
    print(f"  {recovery}")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from isu.domain.roles import parse_role
    from isu.services import users

    if args.user_command == "passwd" and args.recovery:
        recovery = read_password(
            args,
            prompt_sv="Återställningsnyckel: ",
            prompt_en="Recovery key: ",
            env="ISU_RECOVERY_KEY",
            file_attr="recovery_file",
        )
        users.reset_password_with_recovery(args.db, recovery, args.name, read_new_password(args))
        say(f"Nytt lösenord satt för {args.name}.", f"New password set for {args.name}.")
        return 0
    ws = open_workspace(args)
    try:
        if args.user_command == "add":
            user = users.add_user(
                ws,
                args.name,
                read_new_password(args),
                parse_role(args.role),
                display_name=args.display_name or "",
            )
            say(
                f"Användaren {user.username} ({user.role.label('sv')}) lades till.",
                f"User {user.username} ({user.role.label('en')}) added.",
            )
        elif args.user_command == "list":
            for user in users.list_users(ws):
                state = tr(" (avstängd)", " (disabled)") if user.disabled else ""
                print(
                    f"{user.username}\t{user.role.label(ui_language())}\t{user.display_name}{state}"
                )
        elif args.user_command == "passwd":
            users.change_password(ws, args.name or ws.user.username, read_new_password(args))
            say("Lösenordet är ändrat.", "The password was changed.")
        elif args.user_command in ("disable", "enable"):
            users.set_disabled(ws, args.name, args.user_command == "disable")
            say(f"Klart: {args.name}.", f"Done: {args.name}.")
    finally:
        ws.close()
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from isu.services.maintenance import verify

    ws = open_workspace(args)
    try:
        paths = AppPaths.create(getattr(args, "data_dir", None))
        report = verify(
            ws,
            backup_dir=paths.backup_dir,
            anchors_in=[Path(p) for p in args.anchor],
            acknowledge=args.acknowledge,
        )
    finally:
        ws.close()
    for line in report.lines(ui_language()):
        print(line)
    return 0 if report.ok else 1


def cmd_audit(args: argparse.Namespace) -> int:
    from isu.domain.roles import Permission
    from isu.services import audit

    ws = open_workspace(args)
    try:
        ws.require(Permission.READ_AUDIT)
        with ws.db.reading() as session:
            for e in audit.entries(session, since=args.since):
                print(f"{e.id}\t{e.ts}\t{e.actor}\t{e.action}\t{e.target}\t{e.detail}")
    finally:
        ws.close()
    return 0


def cmd_form(args: argparse.Namespace) -> int:
    from isu.cli_forms import run_form_command

    return run_form_command(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from isu.cli_demo import run_demo

    return run_demo(args)


def cmd_smoke_test(args: argparse.Namespace) -> int:
    import tempfile

    from isu.ui.smoke_check import run_smoke_test

    folder = args.data_dir or tempfile.mkdtemp(prefix="isu-smoke-")
    return run_smoke_test(Path(folder))


def cmd_gui(args: argparse.Namespace) -> int:
    from isu.app import run_app

    return run_app(args)


# -- parser -----------------------------------------------------------------------------------
def _with_db(parser: argparse.ArgumentParser, *, login: bool = True) -> None:
    parser.add_argument("--db", required=True, help="databasfil / database file")
    if login:
        parser.add_argument("--user", help="användarnamn (eller ISU_USER) / user name")
        parser.add_argument("--password-file", help="fil med lösenordet (eller ISU_PASSWORD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="isu",
        description=tr(
            "ISU – individbaserad systematisk uppföljning för sociala insatsgrupper.",
            "ISU – individual-based systematic follow-up for social intervention groups.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"isu {__version__}")
    parser.add_argument("--data-dir", help="mapp för data, loggar och säkerhetskopior")
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=tr("kontrollera installationen och avsluta", "check the installation and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help=tr("skapa en ny krypterad databas", "create a database"))
    _with_db(p, login=False)
    p.add_argument("--admin", required=True)
    p.add_argument("--display-name")
    p.add_argument("--unit")
    p.add_argument("--municipality")
    p.add_argument("--password-file")
    p.add_argument("--no-default-form", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", help=tr("hantera användare", "manage users"))
    user_sub = p.add_subparsers(dest="user_command", required=True)
    for name in ("add", "list", "passwd", "disable", "enable"):
        q = user_sub.add_parser(name)
        _with_db(q)
        if name != "list":
            q.add_argument("name", nargs="?" if name == "passwd" else None)
        if name in ("add", "passwd"):
            q.add_argument("--new-password-file")
        if name == "add":
            q.add_argument(
                "--role",
                required=True,
                help="admin | samordnare/coordinator | enhetschef/unit_head",
            )
            q.add_argument("--display-name")
        if name == "passwd":
            q.add_argument(
                "--recovery",
                action="store_true",
                help=tr("använd återställningsnyckeln", "use the recovery key"),
            )
            q.add_argument("--recovery-file")
        q.set_defaults(func=cmd_user)

    p = sub.add_parser("verify", help=tr("kontrollera databasen", "check the database"))
    _with_db(p)
    p.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="FILE",
        help=tr(
            "jämför granskningsloggen även med ankaret i denna säkerhetskopia eller export",
            "also compare the audit log with the anchor in this backup or export",
        ),
    )
    p.add_argument(
        "--acknowledge",
        action="store_true",
        help=tr(
            "kvittera tidigare upptäckta avvikelser i granskningsloggen",
            "acknowledge audit-log mismatches found earlier",
        ),
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("audit", help=tr("visa granskningsloggen", "show the audit log"))
    _with_db(p)
    p.add_argument("--since", type=parse_date)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("form", help=tr("formulär", "forms"))
    form_sub = p.add_subparsers(dest="form_command", required=True)
    q = form_sub.add_parser("check")
    q.add_argument("files", nargs="+")
    q = form_sub.add_parser("list")
    _with_db(q)
    q = form_sub.add_parser("publish")
    _with_db(q)
    q.add_argument("file")
    q = form_sub.add_parser("show")
    _with_db(q)
    q.add_argument("form_id")
    q.add_argument("--version", type=int)
    p.set_defaults(func=cmd_form)

    from isu.cli_cases import add_case_parsers

    add_case_parsers(sub, _with_db)
    from isu.cli_export import add_export_parsers

    add_export_parsers(sub)
    from isu.cli_maintenance import add_maintenance_parsers

    add_maintenance_parsers(sub)
    from isu.cli_summary import add_summary_parser

    add_summary_parser(sub)

    p = sub.add_parser(
        "demo", help=tr("skapa en demodatabas och öppna den", "create a demo database and open it")
    )
    p.add_argument("--db")
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-gui", action="store_true")
    p.add_argument("--pdf", help=tr("skriv en sammanställning som PDF", "write a summary PDF"))
    p.add_argument(
        "--force",
        action="store_true",
        help=tr("ersätt en befintlig demodatabas", "replace an existing demo database"),
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("gui", help=tr("öppna programmet", "open the desktop app"))
    p.add_argument("--db")
    p.set_defaults(func=cmd_gui)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    if args.smoke_test:
        handler = cmd_smoke_test
    paths = AppPaths.create(args.data_dir)
    try:
        from isu.log import setup_logging

        setup_logging(paths.log_dir)
        return handler(args)
    except IsuError as exc:
        print(f"isu: {exc.message(ui_language())}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(tr("isu: avbrutet", "isu: interrupted"), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: never a raw traceback, always a report
        from isu.log import write_crash_report

        report = write_crash_report(paths.log_dir, exc)
        print(
            tr(
                f"isu: ett oväntat fel inträffade ({type(exc).__name__}). En felrapport finns i"
                f" {report}.",
                f"isu: an unexpected error occurred ({type(exc).__name__}). A"
                f" crash report is in {report}.",
            ),
            file=sys.stderr,
        )
        return 1

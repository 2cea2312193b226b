"""The ``isu`` command: every capability of the desktop app has a headless path here.

Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
Passwords come from a prompt, ``--password-file FILE`` or ``ISU_PASSWORD`` — never an argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from isu import __version__
from isu.cli_i18n import (  # the language helpers are used as isu.cli.tr etc. everywhere
    IsuArgumentParser,
    _display_name,
    _new_password_file,
    _password_file,
    add_command,
    argparse_language,
    commands_of,
    file_metavar,
    new_database_options,
    option_names,
    say,
    secret_option,
    tr,
    ui_language,
)
from isu.errors import IsuError, UserError, from_os_error, os_error_text
from isu.fileio import private_umask

DEMO_PASSWORD = "demo-lösenord"
DEMO_USER = "demo"


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
    from isu.log import register_secret  # logging loads when a command runs, not for --help

    secret = _read_secret(args, prompt_sv, prompt_en, env, file_attr, confirm)
    register_secret(secret)  # never written to a log or a crash report
    return secret


def _read_secret(
    args: argparse.Namespace,
    prompt_sv: str,
    prompt_en: str,
    env: str,
    file_attr: str,
    confirm: bool,
) -> str:
    path = getattr(args, file_attr, None)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            # The value is not repeated: a password typed where the file name belongs must
            # not end up on the screen (or in a terminal log).
            option = f"--{file_attr.replace('_', '-')}"
            raise UserError(
                f"Filen som angavs med {option} kan inte läsas: {os_error_text(exc, 'sv')}.",
                f"The file given with {option} cannot be read: {os_error_text(exc, 'en')}.",
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
    from isu.paths import AppPaths  # with dataclasses: not for --help
    from isu.services.workspace import login

    paths = AppPaths.create(getattr(args, "data_dir", None))
    # A file path or a postgresql:// URL (isu.db.target); login tells them apart.
    db = args.db if getattr(args, "db", None) else paths.default_db
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
    from isu.db.target import is_server_url
    from isu.services import forms, settings
    from isu.services.workspace import init_database

    if is_server_url(args.db):
        raise UserError(
            "En serverdatabas skapas av IT med isu server init (se serverhandbok.md).",
            "A server database is created by IT with isu server init (see server-guide.md).",
        )
    require_folder(Path(args.db))
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
        users.reset_password_with_recovery(
            args.db,
            recovery,
            args.name,
            read_new_password(args),
            drop_legacy=args.drop_legacy,
        )
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
        from isu.paths import AppPaths  # with dataclasses: not for --help

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
    if not display_available():
        raise UserError(
            "Ingen skärm hittades (varken DISPLAY eller WAYLAND_DISPLAY är satt), så"
            " programfönstret kan inte öppnas.",
            "No display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the"
            " program window cannot open.",
            hint_sv="Använd kommandoraden (isu --help, t.ex. isu case list), kontrollera"
            " installationen med isu --smoke-test, eller sätt QT_QPA_PLATFORM=offscreen.",
            hint_en="Use the command line (isu --help, e.g. isu case list), check the"
            " installation with isu --smoke-test, or set QT_QPA_PLATFORM=offscreen.",
        )
    from isu.app import run_app

    return run_app(args)


def display_available() -> bool:
    """Whether Qt can open a window here. On Linux and other X11/Wayland systems that needs
    DISPLAY or WAYLAND_DISPLAY, unless a Qt platform is chosen with QT_QPA_PLATFORM."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def require_folder(path: Path) -> None:
    """A file is only ever created in a folder that exists; a mistyped folder is named."""
    folder = path.parent
    if not folder.is_dir():
        raise UserError(
            f"Mappen {folder} finns inte.",
            f"The folder {folder} does not exist.",
            hint_sv="Skapa den först, eller välj en annan plats.",
            hint_en="Create it first, or choose another location.",
        )


# -- parser -----------------------------------------------------------------------------------
# Metavars and help texts are Swedish in the Swedish program; the option names are the
# command's vocabulary and stay as they are.
def _with_db(parser: argparse.ArgumentParser, *, login: bool = True) -> None:
    parser.add_argument(
        "--db", required=True, metavar=file_metavar(), help=tr("databasfilen", "the database file")
    )
    if login:
        parser.add_argument(
            "--user",
            metavar=tr("NAMN", "NAME"),
            help=tr("användarnamn (eller ISU_USER)", "user name (or ISU_USER)"),
        )
        _password_file(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = IsuArgumentParser(
        prog="isu",
        description=tr(
            "ISU – individbaserad systematisk uppföljning för sociala insatsgrupper.",
            "ISU – individual-based systematic follow-up for social intervention groups.",
        ),
        epilog=tr(
            "Utan kommando öppnas programfönstret. Lösenord ges aldrig på kommandoraden.",
            "Without a command the program window opens. Passwords are never given on the"
            " command line.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"isu {__version__}",
        help=tr("visa programmets version och avsluta", "show the program's version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=tr("MAPP", "FOLDER"),
        help=tr(
            "mapp för data, loggar och säkerhetskopior (eller ISU_DATA_DIR)",
            "folder for data, logs and backups (or ISU_DATA_DIR)",
        ),
    )
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=tr("kontrollera installationen och avsluta", "check the installation and exit"),
    )
    sub = commands_of(parser, "command", required=False)

    p = add_command(sub, "init", "skapa en ny krypterad databas", "create an encrypted database")
    _with_db(p, login=False)
    new_database_options(p)
    p.set_defaults(func=cmd_init)

    p = add_command(sub, "user", "hantera användare", "manage users")
    user_sub = commands_of(p, "user_command")
    user_help = {
        "add": ("lägg till en användare", "add a user"),
        "list": ("lista användarna", "list the users"),
        "passwd": ("byt lösenord", "change a password"),
        "disable": ("stäng av en användare", "disable a user"),
        "enable": ("aktivera en avstängd användare", "enable a disabled user"),
    }
    for name, (help_sv, help_en) in user_help.items():
        q = add_command(user_sub, name, help_sv, help_en)
        _with_db(q)
        if name != "list":
            q.add_argument(
                "name",
                nargs="?" if name == "passwd" else None,
                metavar=tr("NAMN", "NAME"),
                help=tr("användaren det gäller", "the user concerned")
                + (
                    tr(" (du själv om inget anges)", " (yourself if left out)")
                    if name == "passwd"
                    else ""
                ),
            )
        if name in ("add", "passwd"):
            _new_password_file(q)
        if name == "add":
            q.add_argument(
                "--role",
                required=True,
                metavar=tr("ROLL", "ROLE"),
                help="admin | samordnare | enhetschef"
                if ui_language() == "sv"
                else "admin | coordinator | unit_head",
            )
            _display_name(q)
        if name == "passwd":
            q.add_argument(
                "--recovery",
                action="store_true",
                help=tr("använd återställningsnyckeln", "use the recovery key"),
            )
            q.add_argument(
                "--recovery-file",
                metavar=file_metavar(),
                help=tr(
                    "fil med återställningsnyckeln (eller ISU_RECOVERY_KEY)",
                    "file with the recovery key (or ISU_RECOVERY_KEY)",
                ),
            )
            q.add_argument(
                "--drop-legacy",
                action="store_true",
                help=tr(
                    "med --recovery: ta bort nyckelplatser i äldre format",
                    "with --recovery: drop key slots in the older format",
                ),
            )
        q.set_defaults(func=cmd_user)

    p = add_command(sub, "verify", "kontrollera databasen", "check the database")
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

    p = add_command(sub, "audit", "visa granskningsloggen", "show the audit log")
    _with_db(p)
    p.add_argument(
        "--since",
        type=parse_date,
        metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        help=tr("bara poster från och med detta datum", "only entries from this date on"),
    )
    p.set_defaults(func=cmd_audit)

    p = add_command(sub, "form", "formulär", "forms")
    form_sub = commands_of(p, "form_command")
    q = add_command(form_sub, "check", "kontrollera formulärfiler", "check form files")
    q.add_argument(
        "files",
        nargs="+",
        metavar=file_metavar(),
        help=tr("formulärfiler (YAML)", "form files (YAML)"),
    )
    q = add_command(form_sub, "list", "lista publicerade formulär", "list published forms")
    _with_db(q)
    q = add_command(form_sub, "publish", "publicera ett formulär", "publish a form")
    _with_db(q)
    q.add_argument("file", metavar=file_metavar(), help=tr("formulärfilen (YAML)", "the form file"))
    q = add_command(form_sub, "show", "visa ett formulärs källtext", "show a form's source")
    _with_db(q)
    q.add_argument("form_id", metavar="ID", help=tr("formulärets id", "the form's id"))
    q.add_argument(
        "--version",
        type=int,
        metavar="N",
        help=tr("versionen (annars den senaste)", "the version (otherwise the latest)"),
    )
    from isu.cli_form_import import add_form_file_parsers

    add_form_file_parsers(form_sub)
    p.set_defaults(func=cmd_form)

    from isu.cli_cases import add_case_parsers

    add_case_parsers(sub, _with_db)
    from isu.cli_export import add_export_parsers

    add_export_parsers(sub)
    from isu.cli_maintenance import add_maintenance_parsers

    add_maintenance_parsers(sub)
    from isu.cli_summary import add_summary_parser

    add_summary_parser(sub)
    from isu.cli_keys import add_key_parsers

    add_key_parsers(sub, _with_db)
    from isu.cli_server import add_server_parsers

    add_server_parsers(sub)
    from isu.cli_profiles import add_profile_parsers

    add_profile_parsers(sub)

    p = add_command(
        sub, "demo", "skapa en demodatabas och öppna den", "create a demo database and open it"
    )
    p.add_argument(
        "--db",
        metavar=file_metavar(),
        help=tr("demodatabasens fil (annars demo/isu-demo.db)", "the demo database file"),
    )
    p.add_argument(
        "--cases",
        type=int,
        default=200,
        metavar="N",
        help=tr("antal påhittade ärenden", "number of synthetic cases"),
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help=tr("slumpfrö (samma frö ger samma data)", "random seed (same seed, same data)"),
    )
    p.add_argument(
        "--no-gui",
        action="store_true",
        help=tr("öppna inte programfönstret", "do not open the program window"),
    )
    p.add_argument(
        "--pdf",
        metavar=file_metavar(),
        help=tr("skriv en sammanställning som PDF", "write a summary PDF"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=tr("ersätt en befintlig demodatabas", "replace an existing demo database"),
    )
    p.set_defaults(func=cmd_demo)

    p = add_command(sub, "gui", "öppna programfönstret", "open the desktop app")
    p.add_argument(
        "--db", metavar=file_metavar(), help=tr("databasen att öppna", "the database to open")
    )
    p.set_defaults(func=cmd_gui)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``isu`` with ``argv``; the process runs with umask 077, so everything it writes,
    whichever library writes it, is owner-only."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = ui_language()
    with private_umask(), argparse_language(lang):
        parser = build_parser()
        if (refused := secret_option(argv, option_names(parser))) is not None:
            print(
                tr(
                    f"isu: fel: {refused}: lösenord tas aldrig från kommandoraden. Använd"
                    " --password-file FIL, miljövariabeln ISU_PASSWORD eller frågan som visas.",
                    f"isu: error: {refused}: passwords are never taken from the command line."
                    " Use --password-file FILE, the ISU_PASSWORD environment variable or the"
                    " prompt.",
                ),
                file=sys.stderr,
            )
            return 2
        args = parser.parse_args(argv)
    with private_umask():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    if args.smoke_test:
        handler = cmd_smoke_test
    from isu.paths import AppPaths  # with dataclasses: not for --help

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
    except OSError as exc:  # the machine, not a bug: say what and where, in words
        import logging

        logging.getLogger("isu").warning("operating-system error", exc_info=exc)
        problem = from_os_error(exc)
        print(f"isu: {problem.message(ui_language())}", file=sys.stderr)
        return problem.exit_code
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

"""What every ``isu`` command shares: passwords from a file, the environment or a prompt (never
an argument), the signed-in workspace, the parser pieces (Swedish metavars and help texts) and
the one place where an error becomes a message and an exit code.

This module imports no command module (tests/meta/test_cli_imports.py); the command modules
import it, and ``isu.cli`` assembles them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from isu.cli.i18n import tr, ui_language
from isu.errors import IsuError, UserError, from_os_error, os_error_text

if TYPE_CHECKING:  # the services load when a command runs, not for --help
    from isu.services.workspace import Workspace


# -- passwords --------------------------------------------------------------------------------
class Secret(NamedTuple):
    """Where a secret comes from: ``--FILE-ATTR FILE``, else ``$ENV``, else a prompt."""

    prompt_sv: str
    prompt_en: str
    env: str
    file_attr: str
    confirm: bool = False


PASSWORD = Secret("Lösenord: ", "Password: ", "ISU_PASSWORD", "password_file")
ADMIN_PASSWORD = PASSWORD._replace(
    prompt_sv="Lösenord för administratören: ", prompt_en="Administrator password: ", confirm=True
)
NEW_PASSWORD = Secret(
    "Nytt lösenord: ", "New password: ", "ISU_NEW_PASSWORD", "new_password_file", confirm=True
)
RECOVERY_KEY = Secret(
    "Återställningsnyckel: ", "Recovery key: ", "ISU_RECOVERY_KEY", "recovery_file"
)
PASSPHRASE = PASSWORD._replace(file_attr="passphrase_file")


def read_password(args: argparse.Namespace, secret: Secret = PASSWORD) -> str:
    from isu.log import register_secret  # logging loads when a command runs, not for --help

    value = _read_secret(args, secret)
    register_secret(value)  # never written to a log or a crash report
    return value


def _read_secret(args: argparse.Namespace, secret: Secret) -> str:
    option = f"--{secret.file_attr.replace('_', '-')}"
    path = getattr(args, secret.file_attr, None)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            # The value is not repeated: a password typed where the file name belongs must
            # not end up on the screen (or in a terminal log).
            raise UserError(
                f"Filen som angavs med {option} kan inte läsas: {os_error_text(exc, 'sv')}.",
                f"The file given with {option} cannot be read: {os_error_text(exc, 'en')}.",
            ) from exc
    if os.environ.get(secret.env):
        return os.environ[secret.env]
    if not sys.stdin.isatty():
        raise UserError(
            f"Inget lösenord: ange {option} eller {secret.env}.",
            f"No password: give {option} or {secret.env}.",
        )
    first = getpass.getpass(tr(secret.prompt_sv, secret.prompt_en))
    if secret.confirm and getpass.getpass(tr("Upprepa: ", "Repeat: ")) != first:
        raise UserError("Lösenorden är inte lika.", "The passwords do not match.")
    return first


def read_passphrase(args: argparse.Namespace) -> str | None:
    """The private key's passphrase, when ``--passphrase-file`` is given."""
    return read_password(args, PASSPHRASE) if args.passphrase_file else None


def username_of(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get("ISU_USER")
    if name:
        return name
    if not sys.stdin.isatty():
        raise UserError(
            "Ange användare med --user eller ISU_USER.", "Give the user with --user or ISU_USER."
        )
    return input(tr("Användarnamn: ", "User name: ")).strip()


# -- the signed-in workspace -------------------------------------------------------------------
def open_workspace(args: argparse.Namespace) -> Workspace:
    """Sign in to ``--db`` as ``--user``; use it as ``with open_workspace(args) as ws:``."""
    from isu.paths import AppPaths  # with dataclasses: not for --help
    from isu.services.sign_in import login

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


def read_key_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(
            f"Nyckelfilen kan inte läsas: {path}", f"The key file cannot be read: {path}"
        ) from exc


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


# -- parser pieces ------------------------------------------------------------------------------
# Metavars and help texts are Swedish in the Swedish program; the option names are the
# command's vocabulary and stay as they are.
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


def file_metavar() -> str:
    return tr("FIL", "FILE")


def option(parser, name: str, sv: str, en: str, **kwargs) -> None:
    """An option whose help text is given in both languages."""
    parser.add_argument(name, help=tr(sv, en), **kwargs)


def file_option(parser, name: str, sv: str, en: str, **kwargs) -> None:
    option(parser, name, sv, en, metavar=file_metavar(), **kwargs)


def flag(parser, name: str, sv: str, en: str) -> None:
    option(parser, name, sv, en, action="store_true")


def name_option(parser, name: str, sv: str, en: str, **kwargs) -> None:
    option(parser, name, sv, en, metavar=tr("NAMN", "NAME"), **kwargs)


def password_file_option(parser) -> None:
    file_option(
        parser,
        "--password-file",
        "fil med lösenordet (eller ISU_PASSWORD; annars frågar programmet)",
        "file with the password (or ISU_PASSWORD; otherwise the program asks)",
    )


def new_password_file_option(parser) -> None:
    file_option(
        parser,
        "--new-password-file",
        "fil med det nya lösenordet (eller ISU_NEW_PASSWORD)",
        "file with the new password (or ISU_NEW_PASSWORD)",
    )


def display_name_option(parser) -> None:
    name_option(
        parser, "--display-name", "namnet som visas i programmet", "the name shown in the program"
    )


def recovery_options(parser, sv: str, en: str) -> None:
    """``--recovery`` (help ``sv``/``en``) and ``--recovery-file``."""
    flag(parser, "--recovery", sv, en)
    file_option(
        parser,
        "--recovery-file",
        "fil med återställningsnyckeln (eller ISU_RECOVERY_KEY)",
        "file with the recovery key (or ISU_RECOVERY_KEY)",
    )


def passphrase_file_option(parser, sv: str = "", en: str = "") -> None:
    file_option(
        parser,
        "--passphrase-file",
        sv or "fil med den privata nyckelns lösenfras",
        en or "file with the private key's passphrase",
    )


PERIOD_FIRST = ("periodens första dag", "the period's first day")
PERIOD_LAST = ("periodens sista dag", "the period's last day")


def period_options(parser, *, required=False, first=PERIOD_FIRST, last=PERIOD_LAST) -> None:
    """``--from`` and ``--to`` as dates (``args.date_from``, ``args.date_to``)."""
    for name, (sv, en) in (("--from", first), ("--to", last)):
        option(
            parser,
            name,
            sv,
            en,
            dest=f"date_{name[2:]}",
            required=required,
            type=parse_date,
            metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        )


def k_option(parser) -> None:
    option(parser, "--k", "gräns för små tal", "small-number threshold", type=int, metavar="K")


def lang_option(parser) -> None:
    option(parser, "--lang", "rapportens språk", "the report's language", choices=("sv", "en"))


def report_file_options(parser, *, pdf_required: bool = False) -> None:
    """``--pdf`` and ``--xlsx`` (``parser`` may be a mutually exclusive group)."""
    file_option(parser, "--pdf", "PDF-fil att skriva", "PDF file to write", required=pdf_required)
    file_option(parser, "--xlsx", "Excel-fil att skriva", "Excel file to write")


def with_db(parser, *, login: bool = True) -> None:
    """``--db`` and, for a command that signs in, ``--user`` and ``--password-file``."""
    file_option(parser, "--db", "databasfilen", "the database file", required=True)
    if login:
        name_option(parser, "--user", "användarnamn (eller ISU_USER)", "user name (or ISU_USER)")
        password_file_option(parser)


def new_database_options(parser) -> None:
    """What a new unit database needs, as file (``isu init``) or on a server (``isu server
    init``): the first administrator, the unit and its municipality, the password source."""
    name_option(
        parser,
        "--admin",
        "den första administratörens användarnamn",
        "the first administrator's name",
        required=True,
    )
    display_name_option(parser)
    option(parser, "--unit", "enhetens namn", "the unit's name", metavar=tr("ENHET", "UNIT"))
    option(
        parser,
        "--municipality",
        "kommunkod (SCB, fyra siffror)",
        "municipality code (SCB, four digits)",
        metavar=tr("KOD", "CODE"),
    )
    password_file_option(parser)
    flag(
        parser, "--no-default-form", "publicera inte SIG-formuläret", "do not publish the SIG form"
    )


def add_command(sub, name: str, sv: str, en: str, **kwargs) -> argparse.ArgumentParser:
    """A sub-command whose help line is also its description (``isu NAME --help``)."""
    return sub.add_parser(name, help=tr(sv, en), description=tr(sv, en), **kwargs)


def db_command(sub, name: str, sv: str, en: str, func=None) -> argparse.ArgumentParser:
    """A sub-command that signs in to ``--db`` (see ``with_db``) and runs ``func``."""
    parser = add_command(sub, name, sv, en)
    with_db(parser)
    if func is not None:
        parser.set_defaults(func=func)
    return parser


def commands_of(parser: argparse.ArgumentParser, dest: str, *, required: bool = True):
    return parser.add_subparsers(
        dest=dest,
        required=required,
        metavar=tr("KOMMANDO", "COMMAND"),
        title=tr("kommandon", "commands"),
    )


# -- running a command --------------------------------------------------------------------------
def run_command(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run ``handler``: an error becomes a message in the user's language and an exit code
    (0 success, 1 runtime failure, 2 bad usage or input), never a traceback."""
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

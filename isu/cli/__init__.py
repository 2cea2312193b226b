"""The ``isu`` command: every capability of the desktop app has a headless path here.

Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
Passwords come from a prompt, ``--password-file FILE`` or ``ISU_PASSWORD`` — never an argument.

One module per command group; each adds its parsers and runs its commands with the helpers in
``isu.cli.common`` and the words in ``isu.cli.i18n``, and none imports another
(tests/meta/test_cli_imports.py). They import nothing heavy at module level, so ``isu --help``
stays as quick as bare Python's argparse (benchmarks/bench_startup.py).
"""

from __future__ import annotations

import argparse
import sys

from isu import __version__
from isu.cli import (
    audit,
    case_import,
    cases,
    demo,
    export,
    form_import,
    forms,
    gui,
    keys,
    maintenance,
    profiles,
    server,
    summary,
    users,
)
from isu.cli.common import commands_of, flag, option, run_command
from isu.cli.i18n import (
    IsuArgumentParser,
    argparse_language,
    option_names,
    secret_option,
    tr,
    ui_language,
)
from isu.fileio import private_umask


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
    option(
        parser,
        "--data-dir",
        "mapp för data, loggar och säkerhetskopior (eller ISU_DATA_DIR)",
        "folder for data, logs and backups (or ISU_DATA_DIR)",
        metavar=tr("MAPP", "FOLDER"),
    )
    parser.add_argument("--db", help=argparse.SUPPRESS)
    flag(
        parser,
        "--smoke-test",
        "kontrollera installationen och avsluta",
        "check the installation and exit",
    )
    sub = commands_of(parser, "command", required=False)
    users.add_init_parser(sub)
    users.add_user_parsers(sub)
    audit.add_audit_parsers(sub)
    form_import.add_form_file_parsers(forms.add_form_parsers(sub))
    case_import.add_import_parser(cases.add_case_parsers(sub))
    export.add_export_parsers(sub)
    maintenance.add_maintenance_parsers(sub)
    summary.add_summary_parser(sub)
    keys.add_key_parsers(sub)
    server.add_server_parsers(sub)
    profiles.add_profile_parsers(sub)
    demo.add_demo_parser(sub)
    gui.add_gui_parser(sub)
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
    handler = gui.cmd_smoke_test if args.smoke_test else getattr(args, "func", gui.cmd_gui)
    with private_umask():
        return run_command(handler, args)

"""``isu case import FILE --form ID [--dry-run]``: many cases from a CSV or XLSX file, with
one unlock. Every problem is printed as row, column and message before anything is written;
then all cases are written in one transaction, or none."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from isu.cli.common import db_command, file_option, flag, open_workspace
from isu.cli.i18n import say, tr, ui_language
from isu.errors import UserError

if TYPE_CHECKING:  # the services load when the command runs, not for --help
    from isu.services.case_import import ImportCheck


def add_import_parser(case_sub) -> None:
    q = db_command(
        case_sub,
        "import",
        "importera ärenden från en CSV- eller XLSX-fil",
        "import cases from a CSV or XLSX file",
    )
    file_option(
        q,
        "file",
        "CSV (; eller ,) eller XLSX: rad 1 frågornas koder och case_number, en rad per ärende",
        "CSV (; or ,) or XLSX: row 1 the question codes and case_number, one row per case",
    )
    q.add_argument(
        "--form", required=True, metavar="ID", help=tr("formulärets id", "the form's id")
    )
    flag(
        q,
        "--dry-run",
        "kontrollera bara filen; inget sparas",
        "only check the file; nothing is saved",
    )
    q.set_defaults(func=cmd_case_import)


def cmd_case_import(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        run_import(ws, args)
    return 0


def run_import(ws, args: argparse.Namespace) -> None:
    from isu.services import case_import

    check = case_import.check_import(ws, args.file, args.form)
    print_problems(check)
    if not check.ok:
        raise UserError(
            f"{len(check.errors)} fel i {check.file_name}. Inget sparades.",
            f"{len(check.errors)} errors in {check.file_name}. Nothing was saved.",
        )
    suggested = check.generated_numbers
    if args.dry_run:
        say(
            f"Provkörning: {len(check.cases)} ärenden kan importeras till {check.form_id}"
            f" v{check.form_version} ({suggested} ärendenummer föreslås). Inget sparades.",
            f"Dry run: {len(check.cases)} cases can be imported into {check.form_id}"
            f" v{check.form_version} ({suggested} case numbers suggested). Nothing was saved.",
        )
        return
    result = case_import.write_import(ws, check)
    say(
        f"{result.created} ärenden importerade till {check.form_id} v{check.form_version}"
        f" ({result.closed} avslutade, {result.with_warnings} med varningar,"
        f" {suggested} med föreslaget ärendenummer).",
        f"{result.created} cases imported into {check.form_id} v{check.form_version}"
        f" ({result.closed} closed, {result.with_warnings} with warnings,"
        f" {suggested} with a suggested case number).",
    )


def print_problems(check: ImportCheck) -> None:
    """Every problem, one per line: row, column, message (warnings marked)."""
    lang = ui_language()
    if check.problems:
        print("\t".join((tr("Rad", "Row"), tr("Kolumn", "Column"), tr("Meddelande", "Message"))))
    warning = tr("varning: ", "warning: ")
    for problem in check.problems:
        prefix = warning if problem.warning else ""
        row = str(problem.row) if problem.row else ""
        print(f"{row}\t{problem.column}\t{prefix}{problem.message.get(lang)}")
    say(
        f"Kontrollerat: {check.rows} rader, {len(check.errors)} fel, {len(check.warnings)}"
        " varningar.",
        f"Checked: {check.rows} rows, {len(check.errors)} errors, {len(check.warnings)} warnings.",
    )
    sys.stdout.flush()

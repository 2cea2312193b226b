"""``isu summary``: a protected group summary as PDF, XLSX or CSV files.

A saved definition (``--saved NAME``) gives the starting filters; options given on the
command line override them; ``--save-as NAME`` stores the result for next time.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from isu.cli.common import (
    k_option,
    lang_option,
    name_option,
    open_workspace,
    option,
    period_options,
    report_file_options,
    with_db,
)
from isu.cli.i18n import say, tr, ui_language

if TYPE_CHECKING:  # the summary engine loads when the command runs, not for --help
    from isu.summary.data import SummaryRequest

PERIOD_CHOICES = ("referred", "started", "closed", "active")
SPLIT_CHOICES = {"gender": "gender", "ageband": "age_band", "none": "none"}


def add_summary_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "summary",
        help=tr("skriv en gruppsammanställning", "write a group summary"),
        description=tr(
            "Skriver en gruppsammanställning med skydd för små tal (PDF, XLSX eller CSV).",
            "Writes a group summary with small-number protection (PDF, XLSX or CSV).",
        ),
    )
    with_db(parser)
    period_options(parser)
    option(
        parser,
        "--period",
        "vilket datum som avgör perioden: referred = aktualiserat, started = startat,"
        " closed = avslutat, active = aktivt",
        "which date decides the period",
        choices=PERIOD_CHOICES,
    )
    option(
        parser,
        "--by",
        "dela upp på kön (gender) eller åldersgrupp (ageband), eller inte (none)",
        "split by gender or age band, or not (none)",
        choices=tuple(SPLIT_CHOICES),
    )
    option(
        parser,
        "--form",
        "formulärets id (annars formuläret med flest ärenden)",
        "the form's id (otherwise the form most cases use)",
        dest="form_id",
        metavar="ID",
    )
    k_option(parser)
    lang_option(parser)
    option(
        parser,
        "--whole",
        "vidga perioden till hela månader, kvartal eller år",
        "widen the period to whole months, quarters or years",
        choices=("month", "quarter", "year"),
    )
    name_option(
        parser,
        "--saved",
        "utgå från en sparad sammanställning",
        "start from a saved summary definition",
    )
    name_option(
        parser,
        "--save-as",
        "spara inställningarna med detta namn",
        "save the settings under this name",
    )
    output = parser.add_mutually_exclusive_group(required=True)
    report_file_options(output)
    option(
        output,
        "--csv",
        "mapp för CSV-filer",
        "folder for the CSV files",
        metavar=tr("MAPP", "FOLDER"),
    )
    parser.set_defaults(func=run_summary_command)
    return parser


def request_from_args(args: argparse.Namespace, base: SummaryRequest) -> SummaryRequest:
    """The saved (or default) request with the command line's options laid over it."""
    import dataclasses

    from isu.summary.periods import on_grid

    changes = {
        "date_from": args.date_from,
        "date_to": args.date_to,
        "period": args.period,
        "split": SPLIT_CHOICES[args.by] if args.by else None,
        "k": args.k,
        "form_id": getattr(args, "form_id", None),
    }
    request = dataclasses.replace(base, **{k: v for k, v in changes.items() if v is not None})
    return on_grid(request, getattr(args, "whole", None))


def run_summary_command(args: argparse.Namespace) -> int:
    from isu.services import summaries
    from isu.summary.data import SummaryRequest

    fmt, out = _output(args)
    with open_workspace(args) as ws:
        base = summaries.load_definition(ws, args.saved) if args.saved else SummaryRequest()
        if args.saved and summaries.definition_was_raised(ws, args.saved):
            say(
                f"Den sparade sammanställningen hade ett lägre k än databasens; k = {base.k}"
                " används.",
                f"The saved summary had a lower k than the database's; k = {base.k} is used.",
            )
        request = request_from_args(args, base)
        if args.save_as:
            summaries.save_definition(ws, args.save_as, request)
            say(
                f"Inställningarna sparades som {args.save_as!r}.",
                f"The settings were saved as {args.save_as!r}.",
            )
        written = summaries.write_report(ws, request, out, fmt, lang=args.lang or ui_language())
    say(f"Sammanställningen skrevs till {written}", f"The summary was written to {written}")
    return 0


def _output(args: argparse.Namespace) -> tuple[str, Path]:
    for fmt in ("pdf", "xlsx", "csv"):
        value = getattr(args, fmt)
        if value:
            return fmt, Path(value)
    raise AssertionError("argparse requires one output option")  # pragma: no cover

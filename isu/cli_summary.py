"""``isu summary``: a protected group summary as PDF, XLSX or CSV files.

A saved definition (``--saved NAME``) gives the starting filters; options given on the
command line override them; ``--save-as NAME`` stores the result for next time.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from isu.cli import _with_db, file_metavar, open_workspace, parse_date, say, tr, ui_language

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
    _with_db(parser)
    date = tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD")
    parser.add_argument(
        "--from",
        dest="date_from",
        type=parse_date,
        metavar=date,
        help=tr("periodens första dag", "the period's first day"),
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=parse_date,
        metavar=date,
        help=tr("periodens sista dag", "the period's last day"),
    )
    parser.add_argument(
        "--period",
        choices=PERIOD_CHOICES,
        help=tr(
            "vilket datum som avgör perioden: referred = aktualiserat, started = startat,"
            " closed = avslutat, active = aktivt",
            "which date decides the period",
        ),
    )
    parser.add_argument(
        "--by",
        choices=tuple(SPLIT_CHOICES),
        help=tr(
            "dela upp på kön (gender) eller åldersgrupp (ageband), eller inte (none)",
            "split by gender or age band, or not (none)",
        ),
    )
    parser.add_argument(
        "--form",
        dest="form_id",
        metavar="ID",
        help=tr(
            "formulärets id (annars formuläret med flest ärenden)",
            "the form's id (otherwise the form most cases use)",
        ),
    )
    parser.add_argument(
        "--k", type=int, metavar="K", help=tr("gräns för små tal", "small-number threshold")
    )
    parser.add_argument(
        "--lang", choices=("sv", "en"), help=tr("rapportens språk", "the report's language")
    )
    parser.add_argument(
        "--whole",
        choices=("month", "quarter", "year"),
        help=tr(
            "vidga perioden till hela månader, kvartal eller år",
            "widen the period to whole months, quarters or years",
        ),
    )
    parser.add_argument(
        "--saved",
        metavar=tr("NAMN", "NAME"),
        help=tr("utgå från en sparad sammanställning", "start from a saved summary definition"),
    )
    parser.add_argument(
        "--save-as",
        metavar=tr("NAMN", "NAME"),
        help=tr("spara inställningarna med detta namn", "save the settings under this name"),
    )
    output = parser.add_mutually_exclusive_group(required=True)
    output.add_argument(
        "--pdf", metavar=file_metavar(), help=tr("PDF-fil att skriva", "PDF file to write")
    )
    output.add_argument(
        "--xlsx", metavar=file_metavar(), help=tr("Excel-fil att skriva", "Excel file to write")
    )
    output.add_argument(
        "--csv",
        metavar=tr("MAPP", "FOLDER"),
        help=tr("mapp för CSV-filer", "folder for the CSV files"),
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
    ws = open_workspace(args)
    try:
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
    finally:
        ws.close()
    say(f"Sammanställningen skrevs till {written}", f"The summary was written to {written}")
    return 0


def _output(args: argparse.Namespace) -> tuple[str, Path]:
    for fmt in ("pdf", "xlsx", "csv"):
        value = getattr(args, fmt)
        if value:
            return fmt, Path(value)
    raise AssertionError("argparse requires one output option")  # pragma: no cover

"""``isu summary``: a protected group summary as PDF, XLSX or CSV files.

A saved definition (``--saved NAME``) gives the starting filters; options given on the
command line override them; ``--save-as NAME`` stores the result for next time.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from isu.cli import open_workspace, parse_date, say, tr, ui_language
from isu.summary.data import SummaryRequest
from isu.summary.periods import on_grid

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
    parser.add_argument("--db", required=True, help="databasfil / database file")
    parser.add_argument("--user", help="användarnamn (eller ISU_USER) / user name")
    parser.add_argument("--password-file", help="fil med lösenordet (eller ISU_PASSWORD)")
    parser.add_argument("--from", dest="date_from", type=parse_date, help="ÅÅÅÅ-MM-DD")
    parser.add_argument("--to", dest="date_to", type=parse_date, help="ÅÅÅÅ-MM-DD")
    parser.add_argument(
        "--period",
        choices=PERIOD_CHOICES,
        help=tr("vilket datum som avgör perioden", "which date decides the period"),
    )
    parser.add_argument(
        "--by",
        choices=tuple(SPLIT_CHOICES),
        help=tr("dela upp på kön eller åldersgrupp", "split by gender or age band"),
    )
    parser.add_argument(
        "--whole",
        choices=("month", "quarter", "year"),
        help=tr(
            "vidga perioden till hela månader, kvartal eller år",
            "widen the period to whole months, quarters or years",
        ),
    )
    parser.add_argument("--k", type=int, help=tr("gräns för små tal", "small-number threshold"))
    parser.add_argument("--lang", choices=("sv", "en"), help=tr("rapportens språk", "language"))
    parser.add_argument(
        "--saved",
        help=tr("utgå från en sparad sammanställning", "start from a saved summary definition"),
    )
    parser.add_argument(
        "--save-as",
        help=tr("spara inställningarna med detta namn", "save the settings under this name"),
    )
    output = parser.add_mutually_exclusive_group(required=True)
    output.add_argument("--pdf", help=tr("PDF-fil att skriva", "PDF file to write"))
    output.add_argument("--xlsx", help=tr("Excel-fil att skriva", "Excel file to write"))
    output.add_argument("--csv", help=tr("mapp för CSV-filer", "folder for the CSV files"))
    parser.set_defaults(func=run_summary_command)
    return parser


def request_from_args(args: argparse.Namespace, base: SummaryRequest) -> SummaryRequest:
    """The saved (or default) request with the command line's options laid over it."""
    changes = {
        "date_from": args.date_from,
        "date_to": args.date_to,
        "period": args.period,
        "split": SPLIT_CHOICES[args.by] if args.by else None,
        "k": args.k,
    }
    request = dataclasses.replace(base, **{k: v for k, v in changes.items() if v is not None})
    return on_grid(request, getattr(args, "whole", None))


def run_summary_command(args: argparse.Namespace) -> int:
    from isu.services import summaries

    fmt, out = _output(args)
    ws = open_workspace(args)
    try:
        base = summaries.load_definition(ws, args.saved) if args.saved else SummaryRequest()
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

"""``isu form import FILE --out FORM.yaml`` and ``isu form pdf FORM.yaml --out FORM.pdf``.

Both run without a database: an import turns a REDCap data dictionary (download or API
metadata, CSV or JSON) or an XLSForm into a form file and prints what became what; ``pdf``
writes the printed (blank) form.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli.common import add_command, file_option, flag
from isu.cli.i18n import tr, ui_language
from isu.errors import UserError


def add_form_file_parsers(form_sub) -> None:
    q = add_command(
        form_sub,
        "import",
        "importera ett formulär från REDCap eller XLSForm",
        "import a form from REDCap or XLSForm",
    )
    file_option(
        q,
        "file",
        "REDCap-datadictionary eller API-metadata (CSV/JSON), eller XLSForm (.xlsx)",
        "REDCap data dictionary or API metadata (CSV/JSON), or an XLSForm (.xlsx)",
    )
    file_option(
        q, "--out", "formulärfil att skriva (YAML)", "form file to write (YAML)", required=True
    )
    flag(q, "--force", "skriv över en befintlig fil", "overwrite an existing file")
    q.set_defaults(func=run_import)
    q = add_command(
        form_sub, "pdf", "skriv ut ett formulär som PDF", "write a form as a printable PDF"
    )
    file_option(q, "file", "formulärfilen (YAML)", "the form file")
    file_option(q, "--out", "PDF-fil att skriva", "PDF file to write", required=True)
    q.set_defaults(func=run_pdf)


def run_import(args: argparse.Namespace) -> int:
    from isu.fileio import atomic_write
    from isu.formdefs.importers.detect import import_form_file, report_lines

    source, out = Path(args.file), Path(args.out)
    if not source.is_file():
        raise UserError(f"Filen {source} finns inte.", f"The file {source} does not exist.")
    if out.exists() and not args.force:
        raise UserError(
            f"{out} finns redan; ange --force för att skriva över den.",
            f"{out} already exists; give --force to overwrite it.",
        )
    result = import_form_file(source)
    lang = ui_language()
    atomic_write(
        out, result.document.to_yaml().encode("utf-8")
    )  # first: a closed pipe loses nothing
    for line in report_lines(result, lang):
        print(line)
    problems = result.document.problems()
    if problems:
        print(tr(f"{out} skrevs men behöver rättas:", f"{out} was written but needs fixing:"))
        for p in problems:
            print(f"{out}:{p.line}: {p.message_sv if lang == 'sv' else p.message_en}")
        return 1
    print(tr(f"Skrev {out} (formulärkontrollen godkänner det).",
             f"Wrote {out} (the form check accepts it)."))  # fmt: skip
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    from isu.formdefs import load_form
    from isu.reports.form_pdf import write_form_pdf

    spec = load_form(Path(args.file))  # a FormError names every problem with its line
    written = write_form_pdf(spec, Path(args.out), ui_language())
    print(tr(f"Skrev {written}.", f"Wrote {written}."))
    return 0

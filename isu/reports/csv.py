"""The group summary as CSV files: one per table plus an index with the metadata, laid out
as ``isu.reports.grid`` lays them out for every writer; UTF-8 with BOM, ';' separated and a
decimal comma in Swedish, which is what Swedish Excel opens without an import dialog.
Accepts only a ``ProtectedReport``."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from isu.domain.text import Text
from isu.fileio import private_dir
from isu.reports.files import output_error, output_file
from isu.reports.grid import N_LABEL, GridCell, Role, table_grid
from isu.reports.texts import (
    MISSING_LABEL,
    SECTION_LABEL,
    TABLE_LABEL,
    figure_text,
    metadata_rows,
    report_caveats,
    table_footnotes,
)
from isu.summary.disclosure import ProtectedReport, require_protected

INDEX_NAME = "00_index.csv"
INDEX_HEADER = (Text("Fil", "File"), SECTION_LABEL, TABLE_LABEL, N_LABEL, MISSING_LABEL)


def file_slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")
    return slug[:60] or "tabell"


def formula_safe(text: str) -> str:
    """Spreadsheets run text starting with = + - @ as a formula: defuse it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_summary_csv(
    report: ProtectedReport, folder: str | os.PathLike, lang: str = "sv"
) -> list[Path]:
    """One CSV per table plus ``00_index.csv`` (first in the list returned)."""
    report = require_protected(report)
    folder = Path(folder)
    try:
        private_dir(folder)
    except OSError as exc:
        raise output_error(exc, folder) from exc
    written = []
    listing = []
    number = 0
    for section in report.sections:
        for table in section.tables:
            number += 1
            name = f"{number:03d}_{file_slug(table.key)}.csv"
            titles = [formula_safe(t.get(lang)) for t in (section.title, table.title)]
            figures = [figure_text(f, lang, False) for f in (table.n, table.missing)]
            listing.append([name, *titles, *figures])
            rows = [[formula_safe(table.title.get(lang))], []]
            rows += [
                [_csv_text(cell, lang) for cell in row] for row in table_grid(table, lang).rows()
            ]
            rows += [[], *([note] for note in table_footnotes(table, lang))]
            written.append(_write_csv(folder / name, rows))
    meta_rows = metadata_rows(report.meta, lang)
    index_rows = [[formula_safe(text) for text in pair] for pair in meta_rows]
    warnings = report_caveats(report.meta, lang)
    head = [text.get(lang) for text in INDEX_HEADER]
    index_rows += [[], *([text] for text in warnings), [], head, *listing]
    written.insert(0, _write_csv(folder / INDEX_NAME, index_rows))
    return written


def _csv_text(cell: GridCell, lang: str) -> str:
    text = cell.text(lang, grouping=False)
    return formula_safe(text) if cell.role in (Role.HEADER, Role.LABEL) else text


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=";").writerows(rows)
    with output_file(path) as stream:
        stream.write(text.getvalue().encode("utf-8-sig"))
    return path

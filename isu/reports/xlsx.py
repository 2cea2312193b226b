"""The group summary as an Excel workbook: an "Om rapporten" sheet with the metadata, the
caveats, the reading guide and a linked list of the tables, then one sheet per table laid
out as ``isu.reports.grid`` lays it out for every writer. Accepts only a ``ProtectedReport``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from isu.domain.text import Text
from isu.reports.files import output_file
from isu.reports.grid import Role, table_grid
from isu.reports.texts import (
    SECTION_LABEL,
    TABLE_LABEL,
    metadata_rows,
    report_caveats,
    report_guide,
    table_footnotes,
)
from isu.summary.disclosure import ProtectedReport, ProtectedTable, require_protected

ABOUT_SHEET = Text("Om rapporten", "About the report")
CONTENTS_HEADER = (Text("Blad", "Sheet"), SECTION_LABEL, TABLE_LABEL)


def sheet_names(titles: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """Excel sheet names: ≤ 31 characters, none of []:*?/\\, unique ignoring case."""
    taken = {name.casefold() for name in reserved}
    names = []
    for number, title in enumerate(titles, start=1):
        cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'") or "Tabell"
        base = f"{number} {cleaned}"
        name, suffix = base[:31].rstrip(), 2
        while name.casefold() in taken:
            tail = f" ({suffix})"
            name, suffix = base[: 31 - len(tail)].rstrip() + tail, suffix + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def write_summary_xlsx(report: ProtectedReport, path: str | os.PathLike, lang: str = "sv") -> Path:
    """One sheet per table after an "Om rapporten" sheet with metadata and caveats."""
    from openpyxl import Workbook  # imported here: loading openpyxl is slow
    from openpyxl.styles import Font

    report = require_protected(report)
    path = Path(path)
    tables = list(report.tables())
    about = ABOUT_SHEET.get(lang)
    names = sheet_names((table.title.get(lang) for table in tables), reserved=[about])
    book = Workbook()
    sheet = book.active
    sheet.title = about
    bold = Font(bold=True)
    _about_sheet(sheet, report, lang, bold, dict(zip(map(id, tables), names, strict=True)))
    for table, name in zip(tables, names, strict=True):
        _table_sheet(book.create_sheet(name), table, lang, bold)
    with output_file(path) as stream:
        book.save(stream)
    return path


def _about_sheet(sheet, report: ProtectedReport, lang: str, bold, names: dict[int, str]) -> None:
    from openpyxl.styles import Alignment

    line = 1
    for label, value in metadata_rows(report.meta, lang):
        sheet.cell(line, 1, label).font = bold
        _put_text(sheet.cell(line, 2), value)
        line += 1
    line += 1
    for text in (*report_caveats(report.meta, lang), *report_guide(report.meta, lang)):
        sheet.cell(line, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=4)
        sheet.row_dimensions[line].height = 45
        line += 1
    line += 1
    for col, head in enumerate(CONTENTS_HEADER, start=1):
        sheet.cell(line, col, head.get(lang)).font = bold
    for section in report.sections:
        for table in section.tables:
            line += 1
            name = names[id(table)]
            sheet.cell(line, 1, name).hyperlink = f"#'{name}'!A1"
            _put_text(sheet.cell(line, 2), section.title.get(lang))
            _put_text(sheet.cell(line, 3), table.title.get(lang))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 40


def _put_text(cell, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the label starts with


def _table_sheet(sheet, table: ProtectedTable, lang: str, bold) -> None:
    from openpyxl.styles import Alignment, Font

    _put_text(sheet.cell(1, 1), table.title.get(lang))
    sheet.cell(1, 1).font = Font(bold=True, size=12)
    grid = table_grid(table, lang)
    first = 3
    for r, row in enumerate(grid.rows(), start=first):
        is_header = r < first + len(grid.header)
        is_footer = r >= first + len(grid.header) + len(grid.body)
        for c, cell in enumerate(row, start=1):
            target = sheet.cell(r, c)
            number = cell.number()
            if number is not None:
                target.value = number
                target.number_format = "0.0" if cell.role is Role.STATISTIC else "0"
            elif cell.role is not Role.EMPTY:
                _put_text(target, cell.text(lang))
            if cell.role is Role.SUPPRESSED:
                target.alignment = Alignment(horizontal="right")
            if is_header or is_footer:
                target.font = bold
            if cell.span > 1:
                sheet.merge_cells(
                    start_row=r, start_column=c, end_row=r, end_column=c + cell.span - 1
                )
                target.alignment = Alignment(horizontal="center")
    line = first + len(grid.rows()) + 1
    for note in table_footnotes(table, lang):
        _put_text(sheet.cell(line, 1), note)
        line += 1
    sheet.column_dimensions["A"].width = min(
        50, max([len(str(c.value or "")) for row in grid.rows() for c in row[:1]] + [12]) + 2
    )

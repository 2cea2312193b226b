"""Protected tables laid out as grids, their footnotes and the report's fixed texts, and the
XLSX and CSV writers. The PDF writer (``isu.reports.pdf``) uses the same grids, so every
output shows the same cells with the same marks.
"""

from __future__ import annotations

import csv
import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.errors import DiskFull, EnvironmentProblem, IsuError, UserError, os_error_text
from isu.fileio import ensure_private_file, private_dir
from isu.summary.disclosure import ProtectedCell, ProtectedReport, ProtectedTable, require_protected
from isu.summary.fmt import (
    format_date,
    format_number,
    format_percent,
    format_period,
    format_statistic,
    round_half_up,
)
from isu.summary.model import COUNT_LABEL, PercentBase, ReportMeta, TableKind

TOTAL_LABEL = Text("Totalt", "Total")
PERCENT_LABEL = Text("%", "%")
SHARE_HEADER = Text("Andel", "Share")
GROUP_LABEL = Text("Grupp", "Group")
N_LABEL = Text("n", "n")
RESPONDENTS_LABEL = Text("Antal svarande (n)", "Respondents (n)")


class Role(StrEnum):
    HEADER = "header"
    LABEL = "label"
    COUNT = "count"
    PERCENT = "percent"
    STATISTIC = "statistic"
    SUPPRESSED = "suppressed"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class GridCell:
    role: Role
    value: str | int | float | Decimal | None = None
    span: int = 1  # a header over several columns; the cells it covers are EMPTY

    def text(self, lang: str = "sv", grouping: bool = True) -> str:
        """Display text; ``grouping=False`` for CSV, where Excel reads "1 234" as text."""
        if self.role is Role.SUPPRESSED:
            return SUPPRESSED_MARK
        if self.value is None:
            return ""
        if self.role is Role.COUNT:
            return format_number(self.value, lang, 0, grouping)  # type: ignore[arg-type]
        if self.role is Role.PERCENT:
            if grouping:
                return format_percent(self.value, lang)  # type: ignore[arg-type]
            return format_number(self.value, lang, 0, grouping)  # type: ignore[arg-type]
        if self.role is Role.STATISTIC:
            return format_statistic(self.value, lang, grouping)  # type: ignore[arg-type]
        return str(self.value)

    def number(self) -> int | float | None:
        """The value as a spreadsheet number, rounded as displayed."""
        if self.value is None or self.role not in (Role.COUNT, Role.PERCENT, Role.STATISTIC):
            return None
        if self.role is Role.STATISTIC:
            return float(round_half_up(self.value, 1))  # type: ignore[arg-type]
        return int(round_half_up(self.value))  # type: ignore[arg-type]


Row = tuple[GridCell, ...]


@dataclass(frozen=True)
class TableGrid:
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    footer: tuple[Row, ...]  # total rows

    @property
    def width(self) -> int:
        return len((self.header or self.body)[0])

    def rows(self) -> tuple[Row, ...]:
        return self.header + self.body + self.footer


EMPTY = GridCell(Role.EMPTY)


def _header(text: Text | str | None, lang: str, span: int = 1) -> tuple[GridCell, ...]:
    label = text.get(lang) if isinstance(text, Text) else (text or "")
    return (GridCell(Role.HEADER, label, span), *([EMPTY] * (span - 1)))


def _count(cell: ProtectedCell) -> GridCell:
    if cell.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.COUNT, cell.value)


def _percent(cell: ProtectedCell) -> GridCell:
    if cell.percent_state.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.PERCENT, cell.percent)


def _statistic(cell: ProtectedCell) -> GridCell:
    if cell.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.STATISTIC, cell.value)


def table_grid(table: ProtectedTable, lang: str = "sv") -> TableGrid:
    if table.kind is TableKind.STATISTICS:
        return _statistics_grid(table, lang)
    if table.kind is TableKind.VOLUME:
        return _volume_grid(table, lang)
    return _count_grid(table, lang)


def _count_grid(table: ProtectedTable, lang: str) -> TableGrid:
    with_pct = table.percent is not PercentBase.NONE
    sub = 2 if with_pct else 1
    columns = [label.get(lang) for label in table.col_labels]
    has_total_col = table.row_totals is not None
    if has_total_col:
        columns.append(TOTAL_LABEL.get(lang))
    header: list[Row] = []
    if table.col_header is not None:
        data_width = len(table.col_labels) * sub
        header.append(
            (
                EMPTY,
                *_header(table.col_header, lang, data_width),
                *([EMPTY] * (sub * has_total_col)),
            )
        )
    first = [*_header(table.row_header, lang)]
    for name in columns:
        if with_pct and len(columns) == 1:
            first += [*_header(name, lang), *_header(PERCENT_LABEL, lang)]
        else:
            first += _header(name, lang, sub)
    header.append(tuple(first))
    if with_pct and len(columns) > 1:
        units = [*_header(COUNT_LABEL, lang), *_header(PERCENT_LABEL, lang)]
        header.append((EMPTY, *(units * len(columns))))

    def pair(cell: ProtectedCell) -> list[GridCell]:
        return [_count(cell), _percent(cell)] if with_pct else [_count(cell)]

    body = []
    for i, label in enumerate(table.row_labels):
        row = [GridCell(Role.LABEL, label.get(lang))]
        for cell in table.cells[i]:
            row += pair(cell)
        if table.row_totals is not None:
            row += pair(table.row_totals[i])
        body.append(tuple(row))
    footer = []
    if table.col_totals is not None:
        row = [GridCell(Role.LABEL, TOTAL_LABEL.get(lang))]
        for cell in table.col_totals:
            row += pair(cell)
        if has_total_col and table.grand_total is not None:
            row += pair(table.grand_total)
        footer.append(tuple(row))
    if table.kind is TableKind.MULTIPLE_CHOICE:
        row = [GridCell(Role.LABEL, RESPONDENTS_LABEL.get(lang))]
        for base in table.bases:
            row += [_count(base), *([EMPTY] * (sub - 1))]
        footer.append(tuple(row))
    return TableGrid(tuple(header), tuple(body), tuple(footer))


def _statistics_grid(table: ProtectedTable, lang: str) -> TableGrid:
    header = (
        *_header(table.row_header or GROUP_LABEL, lang),
        *_header(N_LABEL, lang),
        *(GridCell(Role.HEADER, label.get(lang)) for label in table.col_labels),
    )
    body = tuple(
        (
            GridCell(Role.LABEL, label.get(lang)),
            _count(base),
            *(_statistic(cell) for cell in cells),
        )
        for label, base, cells in zip(table.row_labels, table.bases, table.cells, strict=True)
    )
    return TableGrid((header,), body, ())


def _volume_grid(table: ProtectedTable, lang: str) -> TableGrid:
    header: list[Row] = []
    if table.col_blocks:  # split: each group's name over its count and median columns
        header.append(
            (EMPTY, *(cell for block in table.col_blocks for cell in _header(block, lang, 2)))
        )
    header.append(
        (
            *_header(table.row_header, lang),
            *(GridCell(Role.HEADER, label.get(lang)) for label in table.col_labels),
        )
    )
    body = tuple(
        (
            GridCell(Role.LABEL, label.get(lang)),
            *(
                grid_cell
                for count, median in zip(cells[::2], cells[1::2], strict=True)
                for grid_cell in (_count(count), _statistic(median))
            ),
        )
        for label, cells in zip(table.row_labels, table.cells, strict=True)
    )
    return TableGrid(tuple(header), body, ())


# --- texts ----------------------------------------------------------------------------------


def suppression_footnote(k: int, lang: str = "sv") -> str:
    if lang == "en":
        return (
            f"{SUPPRESSED_MARK} = not shown to protect individuals: fewer than {k}, or hidden "
            "so that other hidden figures cannot be worked out from the totals."
        )
    return (
        f"{SUPPRESSED_MARK} = visas inte för att skydda enskilda: färre än {k}, eller dold "
        "för att andra dolda uppgifter inte ska kunna räknas fram ur summorna."
    )


def withheld_footnote(lang: str = "sv") -> str:
    if lang == "en":
        return (
            f"Min and max ({SUPPRESSED_MARK}) are never published, however many values there"
            " are: each is one person's exact value."
        )
    return (
        f"Min och max ({SUPPRESSED_MARK}) publiceras aldrig, oavsett antal värden: vart och"
        " ett är en enskild persons exakta värde."
    )


def figure_text(value: int | None, lang: str = "sv", grouping: bool = True) -> str:
    """A published count, or the suppression mark for a hidden one (None)."""
    return SUPPRESSED_MARK if value is None else format_number(value, lang, grouping=grouping)


def table_footnotes(table: ProtectedTable, lang: str = "sv") -> tuple[str, ...]:
    """Lines printed under a table: n and missing answers, how to read it, the marks."""
    n = figure_text(table.n, lang)
    missing = figure_text(table.missing, lang)
    sv = lang != "en"
    notes = []
    if table.kind is TableKind.MULTIPLE_CHOICE:
        notes.append(
            f"n = {n} svarande; {missing} har inte besvarat frågan. Flera svar möjliga: "
            "andelarna avser de svarande och summeras inte till 100 %."
            if sv
            else f"n = {n} respondents; {missing} did not answer. Several answers possible: "
            "shares are of respondents and do not add up to 100%."
        )
    elif table.kind is TableKind.TRANSITION:
        notes.append(
            f"n = {n} avslutade ärenden med både före- och eftermätning; "
            f"{missing} avslutade ärenden saknar någon av dem."
            if sv
            else f"n = {n} closed cases with both a before and an after measurement; "
            f"{missing} closed cases lack one of them."
        )
    elif table.kind is TableKind.VOLUME:
        notes.append(
            "Mediantid: från aktualisering till start (påbörjade) och från start till "
            "avslut (avslutade), i dagar."
            if sv
            else "Median time: referral to start (started) and start to closure (closed), in days."
        )
    elif table.kind is TableKind.STATISTICS:
        notes.append(
            f"n = antal värden ({n}). Uppgift saknas: {missing}."
            if sv
            else f"n = number of values ({n}). Missing: {missing}."
        )
    elif table.key.startswith("battery."):  # rows are questions: n counts answers
        notes.append(
            f"n = {n} svar (ett per ärende och fråga), inte ärenden. Uppgift saknas: {missing}."
            if sv
            else f"n = {n} answers (one per case and question), not cases. Missing: {missing}."
        )
    elif table.key.startswith("topbox."):  # rows are scale items: n counts answers
        notes.append(
            f"n = {n} svar (ett per svarande och fråga). Uppgift saknas: {missing}."
            if sv
            else f"n = {n} answers (one per respondent and item). Missing: {missing}."
        )
    else:
        notes.append(
            f"n = {n}. Uppgift saknas: {missing}." if sv else f"n = {n}. Missing: {missing}."
        )
    if table.percent is PercentBase.ROW:
        notes.append("Andelar av radens total." if sv else "Shares of the row total.")
    elif table.percent is PercentBase.TOTAL:
        notes.append("Andelar av totalen." if sv else "Shares of the grand total.")
    if table.note is not None:
        notes.append(table.note.get(lang))
    if table.has_small_number_suppression:
        notes.append(suppression_footnote(table.k, lang))
    if table.has_withheld:
        notes.append(withheld_footnote(lang))
    return tuple(notes)


def reading_guide(lang: str = "sv") -> tuple[str, ...]:
    if lang == "en":
        return (
            "Each table shows how many cases (n) it covers and how many lack an answer; "
            "where each row is a question of its own, n counts answers instead, as the "
            "note under the table says. "
            "Shares are whole percent, rounded half up, of the cases that answered, so they "
            "may not add up to exactly 100%.",
            "Tables split by gender or age band show each group's own shares. With multiple "
            "choice questions a case can be counted under several options.",
            "Before/after tables compare the same cases at start and at closure.",
        )
    return (
        "Varje tabell anger hur många ärenden (n) den bygger på och hur många som saknar "
        "svar; där varje rad är en egen fråga räknar n i stället svar, som noten under "
        "tabellen anger. Andelar anges i hela procent, avrundade uppåt vid jämna halvor, "
        "av dem som svarat, och summerar därför inte alltid till exakt 100 %.",
        "Tabeller uppdelade på kön eller åldersgrupp visar varje grupps egna andelar. Vid "
        "frågor med flera svarsalternativ kan ett ärende räknas under flera alternativ.",
        "Före/efter-tabeller jämför samma ärenden vid start och vid avslut.",
    )


def caveats(k: int, lang: str = "sv") -> tuple[str, ...]:
    if lang == "en":
        return (
            f"Small numbers are hidden: counts from 1 to {k - 1}, and figures based on fewer "
            f"than {k} cases, are shown as '{SUPPRESSED_MARK}', and some further figures are "
            "hidden so that the small ones cannot be worked out from the totals.",
            "There is no comparison group. Changes between start and closure describe the "
            "group; they are not estimates of what the intervention caused.",
            "Before/after tables cover only closed cases with both measurements; their n is "
            "shown under each table.",
            "The numbers are small and vary by chance between periods.",
        )
    return (
        f"Små tal visas inte: antal från 1 till {k - 1}, och uppgifter som bygger på färre "
        f"än {k} ärenden, visas som '{SUPPRESSED_MARK}'. Ytterligare uppgifter döljs så att "
        "de små inte kan räknas fram ur summorna.",
        "Det finns ingen jämförelsegrupp. Förändringar mellan start och avslut beskriver "
        "gruppen; de är inte skattningar av insatsens effekt.",
        "Före/efter-tabeller omfattar bara avslutade ärenden med båda mätningarna; deras n "
        "anges under varje tabell.",
        "Talen är små och varierar slumpmässigt mellan perioder.",
    )


def metadata_rows(meta: ReportMeta, lang: str = "sv") -> tuple[tuple[str, str], ...]:
    def t(sv: str, en: str) -> str:
        return en if lang == "en" else sv

    rows = [
        (t("Titel", "Title"), meta.title.get(lang)),
        *(((t("Enhet", "Unit"), meta.unit),) if meta.unit else ()),
        *(((t("Kommun", "Municipality"), meta.municipality),) if meta.municipality else ()),
        (t("Period", "Period"), format_period(meta.period_from, meta.period_to)),
        *((label.get(lang), value.get(lang)) for label, value in meta.filters),
        (
            t(f"Antal {meta.noun.sv} (N)", f"Number of {meta.noun.get('en')} (N)"),
            format_number(meta.n_cases, lang),
        ),
        (t("Skapad", "Created"), format_date(meta.created)),
        (t("Formulär", "Form"), meta.form_id),
        (t("Formulärversioner", "Form versions"), ", ".join(meta.form_versions) or "–"),
        (t("Gräns för små tal (k)", "Small-number threshold (k)"), str(meta.k)),
    ]
    return tuple(rows)


# --- writing files --------------------------------------------------------------------------


def output_error(exc: OSError, path: Path) -> IsuError:
    """Turn a failed write into a message the user can act on."""
    if exc.errno == errno.ENOSPC:
        return DiskFull(
            f"Disken är full; {path} kunde inte skrivas.", f"The disk is full; {path} not written."
        )
    if isinstance(
        exc, FileNotFoundError | NotADirectoryError | IsADirectoryError | PermissionError
    ):
        return UserError(
            f"Kan inte skriva {path}: {os_error_text(exc, 'sv')}.",
            f"Cannot write {path}: {os_error_text(exc, 'en')}.",
            hint_sv="Välj en annan plats, eller stäng filen om den är öppen i ett annat program.",
            hint_en="Choose another location, or close the file if another program has it open.",
        )
    return EnvironmentProblem(
        f"Kunde inte skriva {path}: {os_error_text(exc, 'sv')}.",
        f"Could not write {path}: {os_error_text(exc, 'en')}.",
    )


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


def file_slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")
    return slug[:60] or "tabell"


def _formula_safe(text: str) -> str:
    """Spreadsheets run text starting with = + - @ as a formula: defuse it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_summary_xlsx(report: ProtectedReport, path: str | os.PathLike, lang: str = "sv") -> Path:
    """One sheet per table after an "Om rapporten" sheet with metadata and caveats."""
    from openpyxl import Workbook  # imported here: loading openpyxl is slow
    from openpyxl.styles import Alignment, Font

    report = require_protected(report)
    path = Path(path)
    tables = list(report.tables())
    about = "About the report" if lang == "en" else "Om rapporten"
    names = sheet_names((table.title.get(lang) for table in tables), reserved=[about])
    book = Workbook()
    sheet = book.active
    sheet.title = about
    bold = Font(bold=True)
    line = 1
    for label, value in metadata_rows(report.meta, lang):
        sheet.cell(line, 1, label).font = bold
        _put_text(sheet.cell(line, 2), value)
        line += 1
    line += 1
    from isu.summary.report_texts import report_caveats, report_guide

    for text in (*report_caveats(report.meta, lang), *report_guide(report.meta, lang)):
        sheet.cell(line, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=4)
        sheet.row_dimensions[line].height = 45
        line += 1
    line += 1
    for col, head in enumerate(
        ("Blad", "Avsnitt", "Tabell") if lang != "en" else ("Sheet", "Section", "Table"), start=1
    ):
        sheet.cell(line, col, head).font = bold
    for section in report.sections:
        for table in section.tables:
            line += 1
            name = names[tables.index(table)]
            sheet.cell(line, 1, name).hyperlink = f"#'{name}'!A1"
            _put_text(sheet.cell(line, 2), section.title.get(lang))
            _put_text(sheet.cell(line, 3), table.title.get(lang))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 40
    for table, name in zip(tables, names, strict=True):
        _table_sheet(book.create_sheet(name), table, lang, bold)
    try:
        ensure_private_file(path)  # owner-only before openpyxl writes into it
        book.save(path)
    except OSError as exc:
        raise output_error(exc, path) from exc
    return path


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


def write_summary_csv(
    report: ProtectedReport, folder: str | os.PathLike, lang: str = "sv"
) -> list[Path]:
    """One CSV per table plus an index with the metadata; UTF-8 with BOM, ';' separated,
    decimal comma in Swedish: what Swedish Excel opens without an import dialog."""
    report = require_protected(report)
    folder = Path(folder)
    try:
        private_dir(folder)
    except OSError as exc:
        raise output_error(exc, folder) from exc
    index_name = "00_index.csv"
    written = []
    listing = []
    number = 0
    for section in report.sections:
        for table in section.tables:
            number += 1
            name = f"{number:03d}_{file_slug(table.key)}.csv"
            titles = [_formula_safe(t.get(lang)) for t in (section.title, table.title)]
            figures = [figure_text(f, lang, False) for f in (table.n, table.missing)]
            listing.append([name, *titles, *figures])
            rows = [[_formula_safe(table.title.get(lang))], []]
            rows += [
                [_csv_text(cell, lang) for cell in row] for row in table_grid(table, lang).rows()
            ]
            rows += [[], *([note] for note in table_footnotes(table, lang))]
            written.append(_write_csv(folder / name, rows))
    head = (
        ["Fil", "Avsnitt", "Tabell", "n", "Uppgift saknas"]
        if lang != "en"
        else ["File", "Section", "Table", "n", "Missing"]
    )
    index_rows = [
        [_formula_safe(text) for text in pair] for pair in metadata_rows(report.meta, lang)
    ]
    from isu.summary.report_texts import report_caveats

    warnings = report_caveats(report.meta, lang)
    index_rows += [[], *([text] for text in warnings), [], head, *listing]
    written.insert(0, _write_csv(folder / index_name, index_rows))
    return written


def _csv_text(cell: GridCell, lang: str) -> str:
    text = cell.text(lang, grouping=False)
    return _formula_safe(text) if cell.role in (Role.HEADER, Role.LABEL) else text


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    try:
        ensure_private_file(path)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerows(rows)
    except OSError as exc:
        raise output_error(exc, path) from exc
    return path

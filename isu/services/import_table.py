"""A table file to import, as text: one header row, then one row per record.

CSV (``;`` or ``,``, detected from the header; UTF-8 with or without BOM) and XLSX (the
first sheet). Cells come back as the text the records export would have written for them:
dates ISO, yes/no as 1/0, whole numbers without ".0". Row numbers are as a spreadsheet
shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from isu.errors import UserError, from_os_error

MAX_ROWS = 200_000
DELIMITERS = (";", ",")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells); empty rows left out
    sha256: str
    kind: str  # "csv" | "xlsx"
    delimiter: str | None = None


def read_table(path: str | Path) -> Table:
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise UserError(
            f"{path.name}: välj en CSV- eller XLSX-fil.",
            f"{path.name}: choose a CSV or XLSX file.",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise from_os_error(exc, path.name) from exc
    digest = hashlib.sha256(data).hexdigest()
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(data, path.name)
        return _table(header, rows, digest, "xlsx", None, path.name)
    header, rows, delimiter = _csv_rows(data, path.name)
    return _table(header, rows, digest, "csv", delimiter, path.name)


def _table(header, rows, digest, kind, delimiter, name) -> Table:
    cleaned = tuple(cell.strip().lstrip("\ufeff").strip() for cell in header)
    while cleaned and not cleaned[-1]:
        cleaned = cleaned[:-1]  # spreadsheets often carry empty trailing header cells
    if not cleaned:
        raise UserError(
            f"{name}: filen är tom (rad 1 ska ha frågornas koder).",
            f"{name}: the file is empty (row 1 should hold the question codes).",
        )
    return Table(cleaned, tuple(rows), digest, kind, delimiter)


def _too_many(name: str) -> UserError:
    return UserError(
        f"{name}: filen har fler än {MAX_ROWS} rader. Dela upp den.",
        f"{name}: the file has more than {MAX_ROWS} rows. Split it up.",
    )


# -- CSV ----------------------------------------------------------------------------------------
def _csv_rows(data: bytes, name: str):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            f"{name}: rad {line} är inte UTF-8. Spara filen som ”CSV UTF-8” och försök igen.",
            f"{name}: line {line} is not UTF-8. Save the file as \u201cCSV UTF-8\u201d and "
            "try again.",
        ) from None
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
        rows = []
        for number, cells in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise _too_many(name)
            if any(cell.strip() for cell in cells):
                rows.append((number, tuple(cells)))
    except csv.Error as exc:
        raise UserError(
            f"{name}: rad {reader.line_num} kan inte läsas som CSV (citattecken?).",
            f"{name}: line {reader.line_num} cannot be read as CSV (quotes?).",
        ) from exc
    return header, rows, delimiter


def detect_delimiter(text: str) -> str:
    """``;`` or ``,``: whichever splits the header row into more columns (``;`` on a tie,
    as Swedish spreadsheets write it)."""
    first = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ";"))


# -- XLSX ---------------------------------------------------------------------------------------
def _xlsx_rows(data: bytes, name: str):
    import zipfile

    from openpyxl import load_workbook  # only needed when importing a workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(
            f"{name}: filen är ingen XLSX-arbetsbok som går att läsa.",
            f"{name}: the file is not a readable XLSX workbook.",
        ) from exc
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [cell_text(v) for v in next(values, ())]
        rows = []
        for number, cells in enumerate(values, start=2):
            if number > MAX_ROWS + 1:
                raise _too_many(name)
            texts = tuple(cell_text(v) for v in cells)
            if any(t.strip() for t in texts):
                rows.append((number, texts))
    finally:
        book.close()
    return header, rows


def cell_text(value: object) -> str:
    """A workbook cell as the records export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

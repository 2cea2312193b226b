"""Reading an XLSForm workbook: its sheets as rows, per-language labels and the type column
(both the current and the old spellings)."""

from __future__ import annotations

import io
import os
import re
from typing import Any

from isu.formdefs.document import DocumentError
from isu.formdefs.importers.common import plain_text

_OLD_SELECTS = (
    (re.compile(r"^select one from (\S+)$"), "select_one"),
    (re.compile(r"^select all that apply from (\S+)$"), "select_multiple"),
)
OTHER_CHOICE = {"code": "other", "label": {"sv": "Annat", "en": "Other"}, "_raw": "other"}


def parse_type(text: str) -> tuple[str, str | None, bool]:
    """An XLSForm type → (kind, choice list, or_other): ``select one from L`` and
    ``select_one L or_other`` → ("select_one", "L", …); ``begin group`` → ("begin_group", …)."""
    written = " ".join(str(text).split())  # the list name keeps its case, as in choices
    text = re.sub(r"^(begin|end) (group|repeat)$", r"\1_\2", written.lower())
    for pattern, kind in _OLD_SELECTS:
        match = pattern.match(text)
        if match:
            return kind, written[match.start(1) :], False
    parts, names = text.split(" "), written.split(" ")
    selects = ("select_one", "select_multiple")
    if parts[0] in selects and (len(parts) == 2 or (len(parts) == 3 and parts[2] == "or_other")):
        return parts[0], names[1], len(parts) == 3
    return parts[0], None, False


def _language(column: str) -> str | None:
    """'label::Swedish (sv)' → 'sv'; 'label' → None (both languages)."""
    if "::" not in column:
        return None
    tail = column.split("::", 1)[1].strip().lower()
    code = re.search(r"\(([a-z]{2,3})\)", tail)
    if code:
        return code.group(1)
    return {"swedish": "sv", "svenska": "sv", "english": "en", "engelska": "en"}.get(tail, tail)


class Sheet:
    """A sheet as a list of rows keyed by lower-case column name."""

    def __init__(self, rows: list[dict[str, Any]], columns: list[str]):
        self.rows = rows
        self.columns = columns


def read_workbook(data: bytes | str | os.PathLike) -> dict[str, Sheet]:
    from openpyxl import load_workbook  # only needed when importing

    try:
        stream = io.BytesIO(data) if isinstance(data, bytes) else data
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise DocumentError(
            f"Filen kan inte läsas som en Excel-arbetsbok: {type(error).__name__}",
            f"The file cannot be read as an Excel workbook: {type(error).__name__}",
        ) from None
    sheets = {}
    try:
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            if not rows:
                continue
            columns = [str(c or "").strip().lower() for c in rows[0]]
            body = [
                {c: v for c, v in zip(columns, row, strict=False) if c and v not in (None, "")}
                for row in rows[1:]
            ]
            sheets[sheet.title.strip().lower()] = Sheet([r for r in body if r], columns)
    finally:
        book.close()
    if "survey" not in sheets:
        raise DocumentError(
            "Arbetsboken saknar bladet 'survey'.", "The workbook has no 'survey' sheet."
        )
    return sheets


def label_of(row: dict[str, Any], key: str) -> Any:
    """A {sv, en} label from ``key`` / ``key::language`` columns, or a plain string."""
    texts: dict[str | None, str] = {}
    for column, value in row.items():
        if column == key or column.startswith(f"{key}::"):
            texts[_language(column)] = plain_text(value)
    if None in texts and len(texts) == 1:
        return texts[None]
    sv = texts.get("sv") or texts.get(None) or texts.get("en")
    en = texts.get("en") or ""
    if not sv:
        return None
    return {"sv": sv, "en": en} if en and en != sv else sv

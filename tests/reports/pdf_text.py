"""Read a PDF back as rows of text fragments, using the positions pypdf reports."""

from __future__ import annotations

from pathlib import Path

import pypdf

Row = list[tuple[float, str]]  # (x, text) sorted left to right


def page_rows(page: pypdf.PageObject, tolerance: float = 3.0) -> list[list[str]]:
    """Fragments grouped into lines by their baseline (top to bottom), left to right."""
    fragments: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        fragments.append((y, x, text.strip()))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[float, Row]] = []
    for y, x, text in sorted(fragments, key=lambda f: -f[0]):
        if lines and abs(lines[-1][0] - y) <= tolerance:
            lines[-1][1].append((x, text))
        else:
            lines.append((y, [(x, text)]))
    return [[text for _, text in sorted(row)] for _, row in lines]


def all_rows(path: Path) -> list[list[list[str]]]:
    return [page_rows(page) for page in pypdf.PdfReader(path).pages]


def find_table_row(pages: list[list[list[str]]], label: str, width: int) -> list[str]:
    """The one line that starts with ``label`` and has ``width`` cells (charts have fewer)."""
    found = [
        row[1:]
        for rows in pages
        for row in rows
        if row and row[0] == label and len(row) == width + 1
    ]
    assert len(found) == 1, f"{label!r}: expected one table row of {width} cells, got {found}"
    return found[0]

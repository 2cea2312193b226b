"""The summary PDF: shown figures printed in the right cells, hidden ones never."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from isu.errors import UserError
from isu.reports import pdf
from isu.reports.pdf import write_summary_pdf
from isu.summary.disclosure import ProtectedTable, protect_report
from isu.summary.fmt import NBSP, format_int, format_percent, format_statistic, round_percent
from isu.summary.model import PercentBase, SummaryTable, TableKind

from .pdf_text import all_rows
from .sample_report import build_large_report, build_report

K = 5


@pytest.fixture(scope="module")
def report():
    return build_report(K)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "summary.pdf"
    write_summary_pdf(protect_report(report), path)
    return path


@pytest.fixture(scope="module")
def rows(written):
    return all_rows(written)


def first_row(pages, label: str, width: int | None = None) -> tuple[int, int, list[str]]:
    """The first line starting with ``label`` (of ``width`` cells after it, if given)."""
    for p, page in enumerate(pages):
        for r, row in enumerate(page):
            if row and row[0] == label and (width is None or len(row) == width + 1):
                return p, r, row[1:]
    raise AssertionError(f"no row labelled {label!r}")


def plain(text: str) -> str:
    """The embedded font maps the no-break space to a space when text is extracted."""
    return text.replace(NBSP, " ")


def count_text(raw: int, cell) -> str:
    return "x" if cell.hidden else format_int(raw)


def percent_text(raw: int, base: int, cell) -> str:
    if cell.percent_state.hidden:
        return "x"
    return format_percent(round_percent(raw, base))


def expected_count_row(raw: SummaryTable, safe: ProtectedTable, i: int) -> list[str]:
    """Built from the raw input: a shown cell must print the true value, a hidden one 'x'."""
    counts = raw.counts()
    out = []
    with_pct = raw.percent is not PercentBase.NONE
    for j, value in enumerate(counts[i]):
        cell = safe.cells[i][j]
        out.append(count_text(value, cell))
        if with_pct:
            base = raw.bases[j] if raw.kind is TableKind.MULTIPLE_CHOICE else raw.col_totals[j]
            out.append(percent_text(value, base, cell))
    if safe.row_totals is not None:
        total, cell = raw.row_totals[i], safe.row_totals[i]
        out.append(count_text(total, cell))
        if with_pct:
            out.append(percent_text(total, raw.n, cell))
    return out


def expected_other_row(raw: SummaryTable, safe: ProtectedTable, i: int) -> list[str]:
    out = []
    if raw.kind is TableKind.STATISTICS:
        out.append(count_text(raw.bases[i], safe.bases[i]))
    for value, cell in zip(raw.values[i], safe.cells[i], strict=True):
        if value is None:
            continue  # printed as an empty cell
        if raw.kind is TableKind.VOLUME and isinstance(value, int) and cell is safe.cells[i][0]:
            out.append(count_text(value, cell))
        else:
            out.append("x" if cell.hidden else format_statistic(value))
    return out


def test_every_body_row_prints_true_values_or_the_mark(report, rows):
    safe_tables = {t.key: t for t in protect_report(report).tables()}
    checked_hidden = 0
    for raw in report.tables():
        safe = safe_tables[raw.key]
        for i, label in enumerate(raw.row_labels):
            if raw.kind in (TableKind.STATISTICS, TableKind.VOLUME):
                expected = expected_other_row(raw, safe, i)
            else:
                expected = expected_count_row(raw, safe, i)
            _, _, printed = first_row(rows, label.sv, len(expected))
            assert printed == [plain(text) for text in expected], (raw.key, label.sv)
            checked_hidden += expected.count("x")
    assert checked_hidden >= 10  # the sample really exercises suppression


def test_small_counts_never_reach_the_page(report, rows):
    # the 2 withdrawn consents, the 3 ongoing cases, the 1 on probation: hidden where they stand
    assert first_row(rows, "Samtycket återkallat")[2] == ["x", "x"]
    assert first_row(rows, "Pågående vid periodens slut")[2] == ["x"]
    assert first_row(rows, "Frivården")[2][:2] == ["x", "x"]
    # and the cell picked to protect the 2 (the 34 deprived of liberty) is hidden too
    assert first_row(rows, "Frihetsberövad")[2] == ["x", "x"]


def test_totals_rows_follow_their_tables(report, rows):
    raw = next(t for t in report.tables() if t.key == "living")
    page, index, _ = first_row(rows, raw.row_labels[-1].sv)
    footer = rows[page][index + 1]
    expected = ["Totalt"]
    for total in raw.col_totals:
        expected += [format_int(total), format_percent(100)]
    expected += [format_int(raw.n), format_percent(100)]
    assert footer == [plain(text) for text in expected]


def test_title_page_and_page_numbers(written, report):
    reader = pypdf.PdfReader(written)
    first = reader.pages[0].extract_text()
    meta = report.meta
    for text in (
        meta.title.sv,
        meta.unit,
        meta.municipality,
        "2025-01-01 – 2025-12-31",
        "15–17 och 18–20",
        plain(format_int(meta.n_cases)),
        "2026-02-03",
        meta.form_id,
        "2.0, 2.1",
        "Gräns för små tal (k)",
    ):
        assert text in first, text
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Sida {number} av {total}" in page.extract_text()
    assert reader.metadata.title == meta.title.sv


def test_reading_guide_and_caveats(written):
    text = pypdf.PdfReader(written).pages[1].extract_text()
    for phrase in ("Läsanvisning", "Att tänka på", "jämförelsegrupp", "1 till 4", "avslutade"):
        assert phrase in text


def test_long_tables_repeat_their_header_on_every_page(rows):
    pages_with_rows = [
        page for page in rows if any(row and row[0].startswith("Insatstyp nummer") for row in page)
    ]
    assert len(pages_with_rows) >= 2
    for page in pages_with_rows:
        first = next(i for i, row in enumerate(page) if row[0].startswith("Insatstyp nummer"))
        assert page[first - 1] == ["Antal", "%"]


def test_english_report(report, tmp_path):
    path = write_summary_pdf(protect_report(report), tmp_path / "en.pdf", lang="en")
    pages = all_rows(path)
    assert first_row(pages, "Consent withdrawn")[2] == ["x", "x"]
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Page 1 of" in text and "Caveats" in text and "1,234" in text


def test_helvetica_fallback_still_prints_swedish_letters(report, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "_FONT_CANDIDATES", ())
    pdf.report_fonts.cache_clear()
    try:
        assert pdf.report_fonts() == ("Helvetica", "Helvetica-Bold")
        path = write_summary_pdf(protect_report(report), tmp_path / "latin1.pdf")
    finally:
        pdf.report_fonts.cache_clear()
    text = pypdf.PdfReader(path).pages[2].extract_text()
    assert "Åtgärdsplanen genomförd" in text and "Påbörjade" in text


def test_raw_reports_are_refused(report, tmp_path):
    with pytest.raises(TypeError):
        write_summary_pdf(report, tmp_path / "raw.pdf")  # type: ignore[arg-type]
    assert not (tmp_path / "raw.pdf").exists()


def test_unwritable_location_is_a_user_error(report, tmp_path):
    with pytest.raises(UserError) as caught:
        write_summary_pdf(protect_report(report), tmp_path / "no" / "such" / "dir" / "x.pdf")
    assert "Välj en annan plats" in caught.value.message("sv")


def test_150_tables_flow_over_many_pages(tmp_path):
    """How fast is benchmarks/bench_pdf.py's question; here only that a long report flows."""
    large = protect_report(build_large_report(150))
    path = write_summary_pdf(large, tmp_path / "large.pdf")
    assert len(pypdf.PdfReader(path).pages) > 20


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler) not installed")
def test_pages_render_to_png(written, tmp_path):
    for page in (1, 4):
        prefix = tmp_path / f"page{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(written),
                str(prefix),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        images = list(tmp_path.glob(f"page{page}*.png"))
        assert len(images) == 1 and images[0].stat().st_size > 5_000

"""How fast the PDF group summary is written, against a bare ReportLab document (run by hand).

    python benchmarks/bench_pdf.py [--tables 150] [--repeats 3]

The report is the test suite's hand-built one with many tables of mixed kinds
(``tests/reports/sample_report.build_large_report``), protected as always. The floor in the
same run is a plain ReportLab Platypus document with the same tables' cell texts in unstyled
``Table`` flowables and no charts: what any PDF of these numbers costs. The ratio shows what
our layout (headers, wrapping, styling, charts, captions) adds. It was once a timed unit test
(< 3 s), which failed on a loaded machine; speed is measured here, as a ratio, instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import median_of  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table  # noqa: E402

from isu.reports.pdf import write_summary_pdf  # noqa: E402
from isu.summary.disclosure import protect_report  # noqa: E402
from tests.reports.sample_report import build_large_report  # noqa: E402


def _cell_text(cell) -> str:
    return "x" if cell.value is None else str(cell.value)


def bare_pdf(report, out: Path) -> None:
    styles = getSampleStyleSheet()
    story = []
    for section in report.sections:
        for table in section.tables:
            story.append(Paragraph(table.title.sv, styles["Heading3"]))
            header = ["", *(label.sv for label in table.col_labels)]
            rows = [
                [label.sv, *(_cell_text(c) for c in row)]
                for label, row in zip(table.row_labels, table.cells, strict=True)
            ]
            story.append(Table([header, *rows], repeatRows=1))
        story.append(PageBreak())
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    report = protect_report(build_large_report(args.tables))
    folder = Path(tempfile.mkdtemp(prefix="isu-bench-pdf-"))
    ours = median_of(lambda: write_summary_pdf(report, folder / "isu.pdf"), args.repeats)
    floor = median_of(lambda: bare_pdf(report, folder / "bare.pdf"), args.repeats)
    print(f"{'tables':>8}{'isu s':>10}{'bare s':>10}{'ratio':>8}")
    print(f"{args.tables:>8}{ours:>10.2f}{floor:>10.2f}{ours / floor:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

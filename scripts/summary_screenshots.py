"""Screenshots of the summary page (Sammanställning) for the docs, from a fresh demo database.

    QT_QPA_PLATFORM=offscreen python scripts/summary_screenshots.py
    (into isu/resources/docs/screenshots)

Saves ``summary-page.png`` (a summary split by gender, first table and its chart),
``summary-page-chart.png`` (a gender-split distribution with its grouped bars) and
``summary-page-before-after.png`` (a before/after table and chart) and
``summary-page-needs.png`` (whether rated needs got an intervention), at about 1200×800,
in the UI language (Swedish unless ISU_LANG), and ``summary-demo-page.png``: the PDF page
with the interventions by type and status (stacked bars), rendered with ``pdftoppm``
when it is installed (poppler-utils).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from shot_helpers import build_demo, grab, wait_for

WINDOW_SIZE = (1200, 800)


def show_table(window, page, key: str, path: Path, scroll_to_chart: bool) -> None:
    page.results.select_table(key)
    wait_for(lambda: True)
    if scroll_to_chart:
        page.results.about_button.setChecked(False)  # room for the chart
        wait_for(lambda: True)
        page.results.detail_scroll.ensureWidgetVisible(page.results.chart, 0, 0)
    grab(window, path)


def best_chart(tables: list):
    """A gender-split chart with the fewest hidden bars: it shows what the page draws."""
    from isu.summary.charts import ChartKind, chart_series

    def hidden_share(table) -> float:
        spec = chart_series(table, "sv")
        values = [v for series in spec.series for v in series.values]
        return sum(v is None for v in values) / len(values)

    def fits(table) -> bool:
        spec = chart_series(table, "sv")
        return (
            spec is not None
            and spec.kind is ChartKind.GROUPED_BARS
            and 3 <= len(spec.categories) <= 8
            and len(spec.series) <= 4
        )

    charts = [t for t in tables if fits(t)]
    return min(charts, key=hidden_share)


def shoot_summary(ctx, db: Path, out: Path) -> None:
    from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
    from isu.services.sign_in import login
    from isu.summary.data import SplitBy
    from isu.summary.model import Split, TableKind
    from isu.ui.main_window import MainWindow
    from isu.ui.summary.filters import find_data

    window = MainWindow(ctx, login(db, DEMO_USER, DEMO_PASSWORD))
    window.resize(*WINDOW_SIZE)
    window.show()
    page = window.summary_page
    window.stack.setCurrentWidget(page)
    wait_for(lambda: page.filters.gender_combo.count() > 1 and ctx.executor.pending == 0)
    page.filters.split_combo.setCurrentIndex(find_data(page.filters.split_combo, SplitBy.GENDER))
    page.build()
    wait_for(lambda: page.report is not None)
    tables = list(page.report.report.tables())
    first_split = next(t for t in tables if t.split is Split.GENDER and t.has_suppression)
    show_table(window, page, first_split.key, out / "summary-page.png", scroll_to_chart=False)
    chart = best_chart(tables)
    show_table(window, page, chart.key, out / "summary-page-chart.png", scroll_to_chart=True)
    pair = next(t for t in tables if t.kind is TableKind.TRANSITION)
    show_table(window, page, pair.key, out / "summary-page-before-after.png", scroll_to_chart=True)
    show_table(
        window, page, "needs.addressed", out / "summary-page-needs.png", scroll_to_chart=False
    )
    write_pdf_page(page.report.report, "Insatser efter typ och status", out)
    window._closing = True
    window.close()


def write_pdf_page(report, title: str, out: Path, dpi: int = 90) -> None:
    """The PDF page whose text has ``title``, as ``summary-demo-page.png``."""
    import pypdf

    from isu.reports.pdf import write_summary_pdf

    tool = shutil.which("pdftoppm")
    if tool is None:
        print("  (pdftoppm not installed: summary-demo-page.png not made)")
        return
    with tempfile.TemporaryDirectory(prefix="isu-pdf-shot-") as temp:
        pdf = write_summary_pdf(report, Path(temp) / "summary.pdf")
        pages = pypdf.PdfReader(pdf).pages
        number = next(i + 1 for i, p in enumerate(pages) if title in (p.extract_text() or ""))
        stem = Path(temp) / "page"
        subprocess.run(
            [tool, "-r", str(dpi), "-png", "-singlefile", "-f", str(number), "-l", str(number),
             str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        shutil.copyfile(stem.with_suffix(".png"), out / "summary-demo-page.png")
    print(f"  {out / 'summary-demo-page.png'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="isu/resources/docs/screenshots")
    parser.add_argument("--cases", type=int, default=150)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="isu-summary-shots-") as temp:
        folder = Path(temp)
        os.environ["ISU_DATA_DIR"] = str(folder / "appdata")
        db = build_demo(folder, args.cases)
        from isu.app import prepare_application
        from isu.paths import AppPaths

        app, ctx = prepare_application(AppPaths.create(folder / "appdata").ensure())
        sys.excepthook = sys.__excepthook__  # a script: print failures, no dialogs
        print(f"Summary screenshots ({ctx.lang}):")
        shoot_summary(ctx, db, out)
        ctx.executor.wait_idle()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

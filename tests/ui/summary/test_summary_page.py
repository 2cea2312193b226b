"""The summary page on a real encrypted demo database: build in the background, the
protected grid on screen, charts, files, saved definitions, cancel, exact counts, lock."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence

from isu.domain.text import SUPPRESSED_MARK
from isu.reports.grid import Role, table_grid
from isu.services import settings, summaries
from isu.summary.charts import ChartKind, chart_series
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.model import Split, TableKind
from isu.ui.summary.filters import find_data
from isu.ui.summary.table_model import CELL_ROLE_ROLE, SummaryTableModel
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.summary.conftest import TIMEOUT, open_page


def build(qtbot, page) -> None:
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert page.is_building and not page.progress.isHidden()
    with qtbot.waitSignal(page.built, timeout=TIMEOUT):
        pass
    assert not page.is_building and page.progress.isHidden()


def choose(combo, value) -> None:
    index = find_data(combo, value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def shown_grid(model: SummaryTableModel) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_gender_split_shows_the_services_protected_grid(qtbot, page, admin):
    choose(page.filters.split_combo, SplitBy.GENDER)
    build(qtbot, page)
    screen = page.report
    assert screen is not None and not screen.exact  # the database setting is off
    assert screen.request.split is SplitBy.GENDER
    expected = summaries.protected(admin, screen.request)
    split_tables = [t for t in expected.tables() if t.split is Split.GENDER and t.has_suppression]
    assert len(split_tables) > 3
    for table in split_tables[:4]:
        page.results.select_table(table.key)
        model = page.results.model
        grid = [[cell.text("sv") for cell in row] for row in table_grid(table, "sv").rows()]
        assert shown_grid(model) == grid
        assert "Pojke/man" in grid[0] or "Pojke/man" in grid[1]
        assert page.results.count_label.text().startswith(f"n = {table.n}")
    suppressed = [
        model.index(r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.index(r, c).data(CELL_ROLE_ROLE) == Role.SUPPRESSED.value
    ]
    assert suppressed, "the last table checked has hidden cells"
    assert all(index.data() == SUPPRESSED_MARK for index in suppressed)
    tooltip = suppressed[0].data(Qt.ItemDataRole.ToolTipRole)
    assert "5" in tooltip and "skydda" in tooltip  # Swedish, names the threshold
    percent = [
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.index(r, c).data(CELL_ROLE_ROLE) == Role.PERCENT.value
    ]
    assert percent and all(text.endswith("\u00a0%") for text in percent)  # "12 %"


def test_table_model_passes_the_model_tester(qtbot, page, qtmodeltester):
    choose(page.filters.split_combo, SplitBy.GENDER)
    build(qtbot, page)
    kinds_seen = set()
    for table in page.report.report.tables():
        if table.kind in kinds_seen:
            continue
        kinds_seen.add(table.kind)
        model = SummaryTableModel(lang="sv")
        model.set_table(table)
        qtmodeltester.check(model)
    assert kinds_seen == set(TableKind)
    empty = SummaryTableModel()
    qtmodeltester.check(empty)


def test_charts_paint_what_chart_series_gives(qtbot, page):
    choose(page.filters.split_combo, SplitBy.GENDER)
    build(qtbot, page)
    tables = list(page.report.report.tables())
    pair = next(t for t in tables if t.kind is TableKind.TRANSITION)
    page.results.select_table(pair.key)
    chart = page.results.chart
    assert chart.isVisible() and chart.spec == chart_series(pair, "sv")
    assert chart.spec.kind is ChartKind.BEFORE_AFTER
    assert chart.heightForWidth(chart.width()) > 0
    qtbot.waitUntil(lambda: chart.height() >= chart.heightForWidth(chart.width()))  # layout
    image = QImage(chart.size(), QImage.Format.Format_RGB32)
    chart.render(image)
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}  # fmt: skip
    assert "#0072b2" in colours  # the "after" bars
    statistics = next(t for t in tables if t.kind is TableKind.STATISTICS)
    page.results.select_table(statistics.key)
    assert not chart.isVisible()  # no chart for statistics, as in the PDF


def test_saving_a_pdf_writes_the_protected_report(qtbot, page, tmp_path):
    build(qtbot, page)
    target = tmp_path / "sammanstallning.pdf"
    with qtbot.waitSignal(page.report_saved, timeout=TIMEOUT) as saved:
        page.save_report("pdf", target)
    assert saved.args == [target]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_saved_definition_round_trips(qtbot, page):
    filters = page.filters
    wanted = SummaryRequest(
        period=PeriodKind.CLOSED,
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2026, 5, 31),
        status="closed",
        genders=("flicka_kvinna",),
        age_bands=("15-17", "18-20"),  # two values: not one of the combo's own items
        split=SplitBy.AGE_BAND,
    )
    filters.set_request(wanted)
    assert filters.request() == wanted
    with qtbot.waitSignal(page.definitions_changed, timeout=TIMEOUT):
        page.save_definition("  Flickor, avslutade  ")
    assert page.definition_names == ("Flickor, avslutade",)
    filters.set_request(SummaryRequest())
    assert filters.request() == SummaryRequest()
    page.load_definition("Flickor, avslutade")
    qtbot.waitUntil(lambda: filters.request() == wanted, timeout=TIMEOUT)
    assert filters.age_combo.currentText() == "15–17 år, 18–20 år"
    with qtbot.waitSignal(page.definitions_changed, timeout=TIMEOUT):
        page.delete_definition("Flickor, avslutade")
    assert page.definition_names == ()
    assert not page.load_button.isEnabled()


def test_a_cancelled_build_leaves_no_result(qtbot, page):
    page.build()
    assert page.cancel_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.is_building and page.build_button.isEnabled()
    qtbot.waitUntil(lambda: page.ctx.executor.pending == 0, timeout=TIMEOUT)
    assert page.report is None  # the late result was dropped
    assert page.result_stack.currentWidget() is page.placeholder


def test_a_bad_date_is_reported_not_built(qtbot, page):
    page.filters.from_edit.edit.setText("2025-13-40")
    assert not page.build_button.isEnabled()
    page.filters.from_edit.edit.setText("2025-01-01")
    page.filters.to_edit.edit.setText("2024-01-01")  # a date, but before the start
    assert not page.build_button.isEnabled()


def test_exact_counts_only_with_the_setting_and_for_admins(qtbot, ui_ctx, page, admin, coordinator):
    # Shared access lets the coordinator summarise the admin's demo cases too.
    settings.save(admin, exact_counts_on_screen=True, shared_access=True)
    try:
        build(qtbot, page)
        assert page.report.exact and page.results.exact_banner.isVisible()
        raw = summaries.build(admin, page.report.request)
        shown = {t.key: t for t in page.report.report.tables()}
        for table in raw.tables():
            if table.kind in (TableKind.FREQUENCY, TableKind.CROSS):
                cells = shown[table.key].cells
                assert [[c.value for c in row] for row in cells] == [list(r) for r in table.values]
        assert not any(t.has_suppression for t in shown.values())

        from isu.ui.summary.page import SummaryPage

        other = SummaryPage(ui_ctx)
        qtbot.addWidget(other)
        open_page(qtbot, other, coordinator)
        build(qtbot, other)
        assert not other.report.exact  # coordinators never see exact counts
        assert any(t.has_suppression for t in other.report.report.tables())
        other.set_workspace(None)
    finally:
        settings.save(admin, exact_counts_on_screen=False, shared_access=False)


def test_main_window_menu_and_lock(qtbot, ui_ctx, demo_db):
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow

    window = MainWindow(ui_ctx, login(demo_db, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    try:
        page = window.summary_page
        actions = {a.shortcut(): a for a in window.menuBar().actions()[2].menu().actions()}
        actions[QKeySequence("Ctrl+2")].trigger()
        assert window.stack.currentWidget() is page
        qtbot.waitUntil(lambda: page.filters.gender_combo.count() > 1, timeout=TIMEOUT)
        build(qtbot, page)
        window.lock()
        assert page.report is None and page.results.model.rowCount() == 0
        assert page.workspace is None
        assert not actions[QKeySequence("Ctrl+2")].isEnabled()
        assert window.stack.currentWidget() is window.locked_page
    finally:
        window._closing = True
        window.close()
        ui_ctx.executor.wait_idle()


def test_request_fields_all_have_a_filter():
    """A new SummaryRequest field needs a widget here (k is the database's, not the page's)."""
    names = {f.name for f in dataclasses.fields(SummaryRequest)}
    assert names - {"k"} == {
        "period", "date_from", "date_to", "status", "unit", "coordinator_id", "genders",
        "age_bands", "form_versions", "split", "form_id",
    }  # fmt: skip

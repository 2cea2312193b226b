"""The case view builds its other tabs while the event loop is idle, a slice at a time. A tab
is never shown half built, the focus moves through it in the form's order, and what the
coordinator sees and what is saved are the same as with every tab built on the spot."""

from __future__ import annotations

import pytest

from isu.formdefs import load_form
from isu.paths import forms_dir
from isu.ui.formview import case_view
from isu.ui.formview.case_view import CaseView
from isu.ui.formview.question_row import QuestionRow
from tests.ui.helpers import answer
from tests.ui.test_case_view_lazy import build_all, detail_of, seen
from tests.ui.test_case_view_lazy import new_view as view_built_on_demand


@pytest.fixture(scope="module")
def spec():
    return load_form(forms_dir() / "sig.yaml")


def idle_view(qtbot, ui_ctx, ws, spec, detail) -> CaseView:
    view = CaseView(ui_ctx, ws, detail, spec)
    qtbot.addWidget(view)
    view.show()
    return view


def full_view(qtbot, ui_ctx, ws, spec, detail) -> CaseView:
    view = view_built_on_demand(qtbot, ui_ctx, ws, spec, detail)
    build_all(view)
    return view


def one_item_per_slice(monkeypatch) -> None:
    monkeypatch.setattr(case_view, "IDLE_SLICE", 0.0)


def focus_order(page) -> list[str]:
    """The codes of the page's rows in the order Tab moves through them."""
    codes: list[str] = []
    widget = page.nextInFocusChain()
    while widget is not page:
        row = widget
        while row is not None and not isinstance(row, QuestionRow):
            row = row.parentWidget()
        if row is not None and row.question.code in page.rows and row.question.code not in codes:
            codes.append(row.question.code)
        widget = widget.nextInFocusChain()
    return codes


@pytest.mark.parametrize("seed", [11, 12])
def test_idle_building_fills_every_tab_as_if_built_on_the_spot(
    qtbot,
    ui_ctx,
    new_db,
    spec,
    seed,
):
    ws, _ = new_db
    view = idle_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, seed))
    assert view.unbuilt_tabs()  # only the first tab before the event loop runs
    with qtbot.assertNotEmitted(view.dirty_changed):
        qtbot.waitUntil(lambda: not view.unbuilt_tabs(), timeout=10_000)
    assert all(page.built for page in view.pages.values())
    assert view.tabs.currentIndex() == 0 and not view.dirty
    full = full_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, seed))
    assert seen(view) == seen(full)
    for name, page in view.pages.items():
        view.show_phase(name)
        assert focus_order(page) == list(page.rows) == focus_order(full.pages[name])


def test_a_tab_half_built_while_idle_is_finished_before_it_shows(
    qtbot,
    ui_ctx,
    new_db,
    spec,
    monkeypatch,
):
    one_item_per_slice(monkeypatch)
    ws, _ = new_db
    detail = detail_of(ws, spec, 13)
    view = idle_view(qtbot, ui_ctx, ws, spec, detail)
    view._build_some()  # one slice: one item of the first tab not built
    page = view.pages[view.unbuilt_tabs()[0]]
    assert not page.built and len(page.rows) + len(page.groups) <= 1
    answer(qtbot, view.rows["unit"], "Väster")  # an edit meanwhile, on the first tab
    view.show_phase(page.phase.name)
    assert page.built and view.tabs.currentWidget() is page
    assert all(code in view._rows for code in page.rows)
    full = full_view(qtbot, ui_ctx, ws, spec, detail)
    assert len(page.rows) == len(full.pages[page.phase.name].rows) > 1
    answer(qtbot, full.rows["unit"], "Väster")
    assert seen(view) == seen(full)


def test_the_next_case_while_a_tab_is_half_built_shows_that_case(
    qtbot,
    ui_ctx,
    new_db,
    spec,
    monkeypatch,
):
    one_item_per_slice(monkeypatch)
    ws, _ = new_db
    view = idle_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, 14))
    for _ in range(3):
        view._build_some()
    assert not view.pages[view.unbuilt_tabs()[0]].built
    view.show_case(detail_of(ws, spec, 15))
    monkeypatch.setattr(case_view, "IDLE_SLICE", 0.010)
    qtbot.waitUntil(lambda: not view.unbuilt_tabs(), timeout=10_000)
    assert seen(view) == seen(full_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, 15)))


def test_a_view_put_away_builds_nothing_until_shown_again(qtbot, ui_ctx, new_db, spec):
    ws, _ = new_db
    view = idle_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, 16))
    unbuilt = view.unbuilt_tabs()
    view.hide()  # e.g. dropped by the main window, to be deleted
    qtbot.wait(case_view.IDLE_PAUSE_MS * 3)
    assert view.unbuilt_tabs() == unbuilt
    view.show()
    qtbot.waitUntil(lambda: not view.unbuilt_tabs(), timeout=10_000)

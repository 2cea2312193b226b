"""The case view builds a phase tab when it is first shown, and shows the next case in the
same view. Neither may change what the coordinator sees or what is saved: the warning
summary, the tab markers and the banner of tabs not built yet, and the answers they keep, are
the same as with every tab built."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import shiboken6

from isu.domain.answers import Answer
from isu.domain.model import CaseDetail, CaseStatus
from isu.formdefs import load_form
from isu.paths import forms_dir
from isu.services.demo import synthetic_case
from isu.ui.formview.case_view import CaseView
from tests.ui.helpers import answer

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def spec():
    return load_form(forms_dir() / "sig.yaml")


def detail_of(ws, spec, seed: int) -> CaseDetail:
    answers, repeats, closed = synthetic_case(spec, random.Random(seed), TODAY, "1")
    status = CaseStatus.CLOSED if closed else CaseStatus.ONGOING
    return CaseDetail(
        seed, f"SIG-{seed}", status, "sig", 1, ws.user.id, "Admin", dict(answers),
        dict(repeats), 1, "",
    )  # fmt: skip


def new_view(qtbot, ui_ctx, ws, spec, detail) -> CaseView:
    view = CaseView(ui_ctx, ws, detail, spec)
    view.build_when_idle = False  # these tests look at tabs not built yet
    qtbot.addWidget(view)
    view.show()
    return view


def seen(view: CaseView) -> tuple:
    """Everything the warnings and markers show, and what a save would send."""
    tabs = [(view.tabs.tabText(i), view.tabs.tabToolTip(i)) for i in range(view.tabs.count())]
    pages = [(page.summary.text(), page.summary.isHidden()) for page in view.pages.values()]
    return (
        tabs,
        pages,
        view.summary.text(),
        view.summary.isHidden(),
        view.banner.isHidden(),
        view.banner_text.text(),
        view.experience_button.isHidden(),
        view.warnings_by_phase(),
        unordered(view.payload()),
    )


def unordered(payload) -> tuple:
    """Multiple choices as sets: an editor lists them in the form's order, a tab not built
    yet keeps them in the order stored; both mean the same answer."""

    def plain(answers: dict) -> dict:
        return {
            code: (frozenset(a.value) if isinstance(a.value, tuple) else a.value, a.missing)
            for code, a in answers.items()
        }

    answers, repeats = payload
    return plain(answers), {code: [plain(i) for i in items] for code, items in repeats.items()}


def build_all(view: CaseView) -> None:
    for name in view.pages:
        view.build_phase(name)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_tabs_not_built_yet_show_the_same_warnings_and_keep_their_answers(
    qtbot, ui_ctx, new_db, spec, seed
):
    ws, _ = new_db
    lazy = new_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, seed))
    assert [page.built for page in lazy.pages.values()][:2] == [True, False]
    full = new_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, seed))
    build_all(full)
    assert seen(lazy) == seen(full)
    # an edit on the first tab: the markers and the payload of the others stay right
    for view in (lazy, full):
        answer(qtbot, view.rows["unit"], "Väster")
    assert not lazy.pages["after"].built
    assert seen(lazy) == seen(full)
    assert lazy.payload()[0]["unit"] == Answer("Väster")


def test_looking_up_a_row_builds_its_tab_with_the_answer_as_loaded(qtbot, ui_ctx, new_db, spec):
    ws, _ = new_db
    detail = detail_of(ws, spec, 5)
    view = new_view(qtbot, ui_ctx, ws, spec, detail)
    code = next(c for c, a in detail.answers.items() if spec.question(c).phase == "before")
    assert not view.pages["before"].built
    assert view.rows[code].answer() == detail.answers[code]
    assert view.pages["before"].built and not view.dirty


def test_the_next_case_in_the_same_view_looks_as_in_a_new_view(qtbot, ui_ctx, new_db, spec):
    ws, _ = new_db
    reused = new_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, 6))
    build_all(reused)
    answer(qtbot, reused.rows["unit"], "Söder")  # unsaved input is dropped, as on a new view
    assert reused.can_show(spec)
    reused.show_case(detail_of(ws, spec, 7))
    fresh = new_view(qtbot, ui_ctx, ws, spec, detail_of(ws, spec, 7))
    build_all(fresh)
    assert seen(reused) == seen(fresh)
    assert reused.tabs.currentIndex() == 0 and not reused.dirty


def test_a_view_with_the_close_dialog_open_is_not_reused(qtbot, ui_ctx, new_db, spec):
    ws, _ = new_db
    detail = detail_of(ws, spec, 8)
    view = new_view(qtbot, ui_ctx, ws, spec, detail)
    dialog = view.ask_close_case()
    assert not view.can_show(spec)
    dialog.reject()
    assert view.can_show(spec)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # deleted once finished
    assert view.can_show(spec)

"""Menus of a question row are filled when they first open (a case tab has dozens of rows):
the date field's calendar must still open on the field's date and pick a date into the field,
and the missing-answer menu must still offer the question's reasons and "Clear answer"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer

from isu.domain.answers import Answer
from isu.formdefs import load_form
from isu.paths import forms_dir
from isu.ui.formview.question_row import QuestionRow
from isu.ui.widgets.date_edit import OptionalDateEdit


def open_menu_and(button, act) -> None:
    """Opens ``button``'s menu as a click does and runs ``act`` while it is shown."""
    QTimer.singleShot(50, act)
    button.showMenu()  # returns when the menu closes


def test_calendar_opens_on_the_fields_date_and_picks_a_date(qtbot):
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.setDate(dt.date(2020, 3, 4))
    field.show()
    seen = {}

    def in_menu():
        menu = field.button.menu()
        calendar = field.calendar
        seen["shown"] = menu.isVisible() and calendar.isVisible()
        seen["selected"] = calendar.selectedDate()
        calendar.clicked.emit(QDate(2021, 5, 6))  # as a click on a day does

    open_menu_and(field.button, in_menu)
    assert seen == {"shown": True, "selected": QDate(2020, 3, 4)}
    assert field.date() == dt.date(2021, 5, 6)
    assert not field.button.menu().isVisible()


def test_missing_menu_offers_the_reasons_and_sets_one(qtbot, ui_ctx):
    spec = load_form(forms_dir() / "sig.yaml")
    question = spec.question("referral_date")
    row = QuestionRow(spec, question, "sv")
    qtbot.addWidget(row)
    row.set_answer(Answer(dt.date(2024, 1, 2)))
    row.show()
    reason = question.missing[0]
    seen = {}

    def in_menu():
        menu = row.missing_button.menu()
        seen["shown"] = menu.isVisible()
        seen["texts"] = [a.text() for a in menu.actions() if not a.isSeparator()]
        next(a for a in menu.actions() if a.data() == reason).trigger()
        menu.hide()

    with qtbot.waitSignal(row.changed):
        open_menu_and(row.missing_button, in_menu)
    labels = [spec.missing_label(code).get("sv") for code in question.missing]
    assert seen == {"shown": True, "texts": [*labels, "Rensa svaret"]}
    assert row.answer() == Answer(None, reason)
    open_menu_and(row.missing_button, lambda: row.missing_button.menu().hide())
    assert len(row.missing_button.menu().actions()) == len(labels) + 2  # filled once

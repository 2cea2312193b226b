"""The date field's calendar is built when its menu first opens (a case view has dozens of
date fields): it must still open on the field's date and pick a date into the field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer

from isu.ui.widgets.date_edit import OptionalDateEdit


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

    QTimer.singleShot(50, in_menu)
    field.button.showMenu()  # returns when the menu closes
    assert seen == {"shown": True, "selected": QDate(2020, 3, 4)}
    assert field.date() == dt.date(2021, 5, 6)
    assert not field.button.menu().isVisible()

"""A date field that may be empty: a line edit taking ISO dates, with a calendar button.

QDateEdit cannot show "no date", and an unanswered date must stay unanswered rather than
silently become today, so dates are typed (or picked) as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from isu.domain.expr import parse_date


class OptionalDateEdit(QWidget):
    """``date()`` is a ``datetime.date`` or None; ``dateChanged`` fires on every valid edit
    (and when cleared); ``is_valid()`` is false while the text is not a date."""

    dateChanged = Signal(object)
    edited = Signal()  # any change of the text, valid or not

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.edit.setMaxLength(10)
        self.edit.textChanged.connect(self._text_changed)
        self.button = QToolButton()
        self.button.setObjectName("calendarButton")
        self.button.setText("…")
        self.button.setToolTip(self.tr("Choose a date"))
        self.button.setAccessibleName(self.tr("Choose a date"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._calendar: QCalendarWidget | None = None  # built when first needed (costly)
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        width = self.edit.fontMetrics().horizontalAdvance("0000-00-00") * 3 // 2
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width * 2)
        self._last: dt.date | None = None

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def date(self) -> dt.date | None:
        return parse_date(self.edit.text().strip()) if self.edit.text().strip() else None

    def setDate(self, value: dt.date | None) -> None:
        self.edit.setText(value.isoformat() if value else "")

    def clear(self) -> None:
        self.edit.clear()

    def text(self) -> str:
        return self.edit.text()

    def is_valid(self) -> bool:
        text = self.edit.text().strip()
        return not text or parse_date(text) is not None

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def _text_changed(self, _text: str) -> None:
        self.edit.setProperty("invalid", not self.is_valid())
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        self.edited.emit()
        if not self.is_valid():
            return
        value = self.date()
        if value != self._last:
            self._last = value
            self.dateChanged.emit(value)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar in the button's menu, created the first time it is needed: a case
        view has dozens of dates and a calendar takes milliseconds to build."""
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
            menu = self.button.menu()
            action = QWidgetAction(menu)
            action.setDefaultWidget(self._calendar)
            menu.addAction(action)
        return self._calendar

    def _sync_calendar(self) -> None:
        calendar = self.calendar  # before the menu shows: it is the menu's content
        value = self.date()
        if value is not None:
            calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, qdate: QDate) -> None:
        self.setDate(dt.date(qdate.year(), qdate.month(), qdate.day()))
        self.button.menu().hide()
        self.edit.setFocus()

"""Small pieces every dialog builds the same way: the OK/Cancel row with the OK button renamed,
a row of action buttons, a field with a button beside it, and the message line that shows an
expected error (a bug goes to the crash report instead)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from isu.errors import IsuError

if TYPE_CHECKING:
    from isu.ui.context import UiContext

Standard = QDialogButtonBox.StandardButton


def ok_cancel(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], object], ok: Standard = Standard.Ok
) -> tuple[QDialogButtonBox, QPushButton]:
    """An OK (or ``ok``) and Cancel button box: OK named ``ok_text`` runs ``on_ok``, Cancel
    rejects the dialog. Returns the box and its OK button."""
    buttons = QDialogButtonBox(ok | Standard.Cancel)
    ok_button = buttons.button(ok)
    ok_button.setText(ok_text)
    buttons.button(Standard.Cancel).setText(QCoreApplication.translate("DialogParts", "Cancel"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


def action_row(first: QWidget, *last: QWidget) -> QHBoxLayout:
    """``first`` on the left, the ``last`` buttons on the right."""
    row = QHBoxLayout()
    row.addWidget(first)
    row.addStretch(1)
    for widget in last:
        row.addWidget(widget)
    return row


def stretch_row(main: QWidget, *beside: QWidget) -> QHBoxLayout:
    """``main`` taking the width (a file name, a status), the ``beside`` buttons after it."""
    row = QHBoxLayout()
    row.addWidget(main, 1)
    for widget in beside:
        row.addWidget(widget)
    return row


def show_failure(
    ctx: UiContext, parent: QWidget, exc: BaseException, say: Callable[[str], None], line: QLabel
) -> None:
    """An expected error through ``say`` in the dialog's message ``line``; anything else as a
    crash report, with the line hidden."""
    if isinstance(exc, IsuError):
        say(exc.message(ctx.lang))
    else:
        line.hide()
        ctx.errors.show(exc, parent)


def ask_database_file(parent: QWidget | None, folder: Path) -> Path | None:
    """An existing database file chosen by the user, starting in ``folder``; None if cancelled."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("DialogParts", "Open database"),
        str(folder),
        QCoreApplication.translate("DialogParts", "ISU database (*.db);;All files (*)"),
    )
    return Path(path) if path else None


def wrapped_label(text: str = "") -> QLabel:
    """A label whose text wraps at the dialog's width (intros, hints, messages)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def push_button(text: str, on_click: Callable[..., object]) -> QPushButton:
    """A button that runs ``on_click`` when pressed."""
    button = QPushButton(text)
    button.clicked.connect(on_click)
    return button

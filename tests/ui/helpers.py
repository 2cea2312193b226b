"""Driving question editors like a user would (clicks and typing)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from isu.ui.formview.editors import (
    ButtonsEditor,
    ChecksEditor,
    ComboEditor,
    DateEditor,
    IntegerEditor,
    LongTextEditor,
    TextLineEditor,
)
from isu.ui.formview.question_row import QuestionRow


def answer(qtbot, row: QuestionRow, value) -> None:
    """Set ``value`` through the row's editor widgets."""
    editor = row.editor
    if isinstance(editor, ButtonsEditor):
        position = next(p for p, v in editor._values.items() if v == value)
        qtbot.mouseClick(editor.group.button(position), Qt.MouseButton.LeftButton)
    elif isinstance(editor, ComboEditor):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif isinstance(editor, ChecksEditor):
        for code, box in editor.boxes:
            if (code in value) != box.isChecked():
                qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    elif isinstance(editor, IntegerEditor):
        editor.spin.selectAll()
        qtbot.keyClicks(editor.spin, str(value))
    elif isinstance(editor, DateEditor):
        editor.date_edit.edit.clear()
        qtbot.keyClicks(editor.date_edit.edit, value.isoformat())
    elif isinstance(editor, TextLineEditor):
        editor.edit.clear()
        editor.edit.insert(str(value))  # like typing; keyClicks cannot type "å"
    elif isinstance(editor, LongTextEditor):
        editor.edit.setPlainText(str(value))
    else:
        raise AssertionError(f"no way to answer {type(editor).__name__}")

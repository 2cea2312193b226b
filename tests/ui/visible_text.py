"""Every text a user can see in a window, and the checks a Swedish window must pass: no
English words and no raw codes (type, privacy class, status, phase, role or choice codes).

``visible_texts(widget)`` collects labels, buttons, group and tab titles, tooltips,
placeholders, combo items, menu items, window titles and item models' headers and cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from isu.domain.form import CASE_ROLES, GROUP_ROLES, INTERVENTION_ROLES, PrivacyClass, QType
from isu.domain.model import CaseStatus

MAX_ROWS = 40  # cells of the first rows of each model are enough to see how it writes codes

# Words of English UI text that are not also Swedish words (so "Status", "Period", "Text",
# "Export", "Form", "Demo" and "Administration" are not here).
_ENGLISH = """
    the and of with for from this that these those are was were be been has have not
    which what when where who why how please must cannot should could would will can
    case cases save cancel close closed open file settings user users password delete
    remove add edit new summary choose select name date type missing answer answers
    answered question questions gender age show hide help about quit lock back next
    finish apply reset search refresh view language error warning warnings preview
    publish undo redo section group item items choice choices label required none
    calculated clear browse recipient key output kind until ongoing started referred
    coordinator any each every yes before after during single multiple integer
    decimal longtext computed scale phase experience count share shares
    unknown other month months year years days day week weeks unit municipality
    closure reason reasons rule rules removed identifier identifiers records
    level suppress generalise generalize combinations below above
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())


def raw_codes(extra: Iterable[str] = ()) -> frozenset[str]:
    """Codes a user should never see as such (the form's choice codes come as ``extra``)."""
    codes = {*QType, *PrivacyClass, *CaseStatus, *CASE_ROLES, *GROUP_ROLES, *INTERVENTION_ROLES}
    codes |= {"admin", "before", "during", "after", "experience"}
    return frozenset(str(c) for c in codes) | frozenset(extra)


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _count(method, parent: QModelIndex) -> int:
    try:
        return method(parent)
    except TypeError:  # a list model's columnCount, a table model's rowCount of a child
        return 1 if parent == QModelIndex() else 0


def _model_texts(model: QAbstractItemModel | None, parent: QModelIndex, depth: int = 0):
    if model is None or depth > 3:
        return
    columns = _count(model.columnCount, parent)
    for section in range(columns if depth == 0 else 0):
        yield model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    for row in range(min(_count(model.rowCount, parent), MAX_ROWS)):
        for column in range(columns):
            index = model.index(row, column, parent)
            yield model.data(index, Qt.ItemDataRole.DisplayRole)
            yield model.data(index, Qt.ItemDataRole.ToolTipRole)
            if column == 0 and depth < 3 and _count(model.rowCount, index):
                yield from _model_texts(model, index, depth + 1)


def _widget_texts(widget: QWidget) -> Iterator[object]:
    yield widget.toolTip()
    if widget.isWindow():
        yield widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    elif isinstance(widget, QTextBrowser) or (
        isinstance(widget, QPlainTextEdit) and widget.isReadOnly()
    ):
        yield widget.toPlainText()
    elif isinstance(widget, QMenuBar | QMenu):
        for action in widget.actions():
            yield action.text()
            yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
    if isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget.model(), QModelIndex())


def visible_texts(root: QWidget) -> list[str]:
    """Every non-empty text of ``root`` and its descendants (hidden ones too: they show
    as soon as the user gets there), HTML reduced to plain text."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        for text in _widget_texts(widget):
            if isinstance(text, str) and text.strip():
                texts.append(_plain(text).replace("&&", "\0").replace("&", "").replace("\0", "&"))
    return texts


_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü_]+")
_PATH = re.compile(r"\S*[/\\]\S*")


def problems(texts: Iterable[str], codes: frozenset[str], allowed: Iterable[str] = ()) -> list[str]:
    """Texts with an English word, or that are (or contain, for codes with an underscore)
    a raw code. ``allowed`` words (data the user typed, proper names) are skipped."""
    allowed_words = {w.lower() for w in allowed}
    found = []
    for text in dict.fromkeys(texts):
        prose = _PATH.sub(" ", text)  # file names are the user's, not the UI's
        words = [w for w in _WORD.findall(prose) if w.lower() not in allowed_words]
        english = [w for w in words if w.lower() in ENGLISH_WORDS]
        coded = [w for w in words if "_" in w and w in codes]
        if text.strip() in codes and text.strip().lower() not in allowed_words:
            coded.append(text.strip())
        if english or coded:
            found.append(f"{text!r}: {', '.join(dict.fromkeys([*english, *coded]))}")
    return found

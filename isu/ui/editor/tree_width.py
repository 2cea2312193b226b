"""The editor's tree as wide as its deepest code and the type column, where the window has
room: codes are what the editor's user works with, so they are not cut (labels may be).
On a small screen the tree gives way down to ``MINIMUM_WIDTH`` (and scrolls)."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QTreeView

from isu.formdefs.document import FormDocument
from isu.ui.editor.code_names import QuestionTypeNames

MINIMUM_WIDTH = 150  # what the tree keeps when the window is narrow (1024×768)


def fit_tree_width(tree: QTreeView, document: FormDocument) -> None:
    metrics = tree.fontMetrics()
    indent = tree.indentation()
    codes = max(
        (
            len(path) * indent + metrics.horizontalAdvance(f"{node.code} – ")
            for path, node in document.walk()
            if node.kind != "phase"
        ),
        default=0,
    )
    names = QuestionTypeNames().names().values()
    types = max(metrics.horizontalAdvance(name) for name in names)
    frame = tree.verticalScrollBar().sizeHint().width() + 4 * tree.frameWidth() + 24
    needed = codes + types + frame
    tree.setMinimumWidth(min(needed, MINIMUM_WIDTH))
    outer = tree.parentWidget().parentWidget() if tree.parentWidget() else None
    if isinstance(outer, QSplitter):  # the tree's column of the editor: give it the room
        sizes = outer.sizes()
        if len(sizes) == 2 and sum(sizes) > needed and sizes[0] < needed:
            outer.setSizes([needed, sum(sizes) - needed])

"""The form editor window: tree, properties, choice lists, live preview, problems, publishing.

Every edit is an undo command (Ctrl+Z / Ctrl+Shift+Z). The document is checked by the real
form loader after each edit; problems are listed with the item they belong to and shown
in red in the tree. Publishing stores a new version through ``isu.services.forms``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeView,
    QWidget,
)

from isu.domain.form import FormSpec
from isu.errors import IsuError, NotFound
from isu.formdefs.document import FormDocument, Node, Path, new_group, new_question, new_section
from isu.services import forms
from isu.services.workspace import Workspace
from isu.ui.editor.choice_lists import ChoiceListPanel
from isu.ui.editor.commands import (
    ChoiceListCommand,
    HeaderCommand,
    InsertCommand,
    MoveCommand,
    PropertyCommand,
    RemoveCommand,
    RenameListCommand,
    Selector,
)
from isu.ui.editor.form_settings import FormSettingsPanel
from isu.ui.editor.preview import PreviewPane
from isu.ui.editor.properties import PropertyPanel
from isu.ui.editor.tree_model import FormTreeModel
from isu.ui.editor.tree_width import fit_tree_width
from isu.ui.editor.window_files import FormFileActions
from isu.ui.window_size import fit_to_screen

ROLE_PROBLEM_LINE = Qt.ItemDataRole.UserRole + 2


class FormEditorWindow(FormFileActions, QMainWindow):
    publish_done = Signal(object)  # the publish result, carrying what it changed (FORMS)

    def __init__(
        self,
        ws: Workspace | None,
        lang: str = "sv",
        document: FormDocument | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.ws = ws
        self.lang = lang
        self.confirm_unsaved = True  # ask before closing with unpublished, unexported edits
        self.published: FormSpec | None = None
        self.dialogs: list[QWidget] = []  # non-modal dialogs kept alive while open
        self.undo_stack = QUndoStack(self)
        self.selector = Selector(self)
        self.selector.select.connect(self.select)
        self.document = document or FormDocument.empty()
        self.model = FormTreeModel(self.document, lang, self)
        self.model.changed.connect(self._document_changed)
        self.model.move_requested.connect(
            lambda source, target: self.move(source, target, self.tr("Move (drag and drop)"))
        )
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(150)
        self.check_timer.timeout.connect(self.refresh_problems)
        self._build()
        self._build_actions()
        fit_to_screen(self, 1400, 860)
        self.set_document(self.document)

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Form structure"))
        self.tree.setHeaderHidden(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self.panel = PropertyPanel(self.lang)
        self.panel.edit_requested.connect(self.edit)
        self.panel.make_list_requested.connect(self.make_list_reusable)
        self.panel.show_lists_requested.connect(lambda: self.side_tabs.setCurrentWidget(self.lists))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        self.lists = ChoiceListPanel(self.lang)
        self.lists.list_changed.connect(self.set_choice_list)
        self.lists.list_renamed.connect(self.rename_choice_list)
        self.settings = FormSettingsPanel(lambda: self.document.header, self.set_header, self)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(scroll, self.tr("Properties"))
        self.side_tabs.addTab(self.lists, self.tr("Choice lists"))
        self.side_tabs.addTab(self.settings, self.tr("Form"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.itemActivated.connect(self._problem_chosen)
        self.problems.itemClicked.connect(self._problem_chosen)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tree)
        left.addWidget(self.problems)
        left.setStretchFactor(0, 5)
        left.setStretchFactor(1, 1)
        left.setSizes([720, 110])
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 520])
        self.setCentralWidget(splitter)
        self.preview = PreviewPane(self.lang)
        dock = QDockWidget(self.tr("Preview"), self)
        dock.setObjectName("previewDock")
        dock.setWidget(self.preview)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [470], Qt.Orientation.Horizontal)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: Any = None, tree_only: bool = False
    ) -> QAction:
        """An action; ``tree_only`` shortcuts (Delete, Ctrl+Up…) work only in the tree, so
        they never fire while a text field is being edited."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut
                if tree_only
                else Qt.ShortcutContext.WindowShortcut
            )
        action.triggered.connect(lambda _checked=False: slot())
        (self.tree if tree_only else self).addAction(action)
        return action

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Form"))
        for text, slot, key in (
            (self.tr("New empty form"), self.new_empty, None),
            (self.tr("Open the default SIG form"), self.open_default, None),
            (self.tr("Open a published form…"), self.choose_published, None),
            (self.tr("Open YAML file…"), self.import_yaml, QKeySequence.StandardKey.Open),
            (self.tr("Save as YAML file…"), self.export_yaml, QKeySequence.StandardKey.SaveAs),
            (self.tr("Import REDCap data dictionary…"), self.import_redcap, None),
            (self.tr("Import XLSForm…"), self.import_xlsform, None),
        ):
            file_menu.addAction(self._action(text, slot, key))
        file_menu.addSeparator()
        self.publish_action = self._action(
            self.tr("&Publish new version…"), self.publish, "Ctrl+Shift+P"
        )
        file_menu.addAction(self.publish_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        toolbar = self.addToolBar(self.tr("Edit"))
        toolbar.setObjectName("editorToolbar")
        # The stack's own actions carry the command name ("Undo Move up"), too long for a
        # toolbar button: the toolbar gets short twins.
        for text, slot, signal in (
            (self.tr("Undo"), self.undo_stack.undo, self.undo_stack.canUndoChanged),
            (self.tr("Redo"), self.undo_stack.redo, self.undo_stack.canRedoChanged),
        ):
            twin = QAction(text, self)
            twin.triggered.connect(lambda _checked=False, run=slot: run())
            twin.setEnabled(False)
            signal.connect(twin.setEnabled)
            toolbar.addAction(twin)
        toolbar.addSeparator()
        for text, slot, key, tree_only in (
            (self.tr("Add section"), self.add_section, None, False),
            (self.tr("Add question"), self.add_question, "Ctrl+N", False),
            (self.tr("Add repeat group"), self.add_group, None, False),
            (self.tr("Duplicate"), self.duplicate, "Ctrl+D", True),
            (self.tr("Remove"), self.remove, QKeySequence.StandardKey.Delete, True),
            (self.tr("Move up"), self.move_up, "Ctrl+Up", True),
            (self.tr("Move down"), self.move_down, "Ctrl+Down", True),
        ):
            action = self._action(text, slot, key, tree_only)
            edit_menu.addAction(action)
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.publish_action)

    # -- the document ----------------------------------------------------------------------------
    def set_document(self, document: FormDocument, published: FormSpec | None = None) -> None:
        self.document = document
        self.published = published if published is not None else self._published_for(document)
        self.undo_stack.clear()
        self.model.set_document(document)
        self.tree.expandToDepth(1)
        first = next((p for p, n in document.walk() if n.kind == "section"), None)
        self.select(first)
        self.preview.show_document(document, now=True)
        self.refresh_problems()
        self._update_title()
        fit_tree_width(self.tree, document)

    def _published_for(self, document: FormDocument) -> FormSpec | None:
        form_id = document.header.get("id")
        if self.ws is None or not isinstance(form_id, str):
            return None
        try:
            return forms.get_form(self.ws, form_id)
        except NotFound:
            return None

    def _document_changed(self) -> None:
        self.check_timer.start()
        self.preview.show_document(self.document)
        self.lists.load(self.document)
        self.settings.load(self.document)
        self._reload_panel()
        self._update_title()

    def _update_title(self) -> None:
        title = (
            self.tr("Form editor – %1 version %2")
            .replace("%1", str(self.document.header.get("id", "")))
            .replace("%2", str(self.document.header.get("version", "")))
        )
        self.setWindowTitle(title + (" *" if not self.undo_stack.isClean() else ""))

    def refresh_problems(self) -> None:
        self.check_timer.stop()
        problems = self.document.problems()
        lines = self.document.node_lines()
        paths: set[Path] = set()
        self.problems.clear()
        for problem in problems:
            path = _path_for(lines, problem.line)
            where = self.document.node(path).code if path else ""
            item = QListWidgetItem(
                f"{where}: {problem.message(self.lang)}" if where else problem.message(self.lang)
            )
            item.setData(Qt.ItemDataRole.UserRole, list(path) if path else None)
            self.problems.addItem(item)
            if path:
                paths.add(path)
        if not problems:
            self.problems.addItem(
                QListWidgetItem(self.tr("No problems: the form can be published."))
            )
        self.model.set_problem_paths(paths)
        self.publish_action.setEnabled(self.ws is not None)

    def _problem_chosen(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.select(tuple(path))

    # -- selection -------------------------------------------------------------------------------
    def selected_path(self) -> Path | None:
        index = self.tree.currentIndex()
        return self.model.path_of(index) if index.isValid() else None

    def select(self, path: Path | None) -> None:
        if not path:
            self.tree.setCurrentIndex(self.model.index_for((1,)))
            return
        try:
            index = self.model.index_for(path)
        except IndexError:
            return
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._reload_panel()

    def _selection_changed(self) -> None:
        self._reload_panel()

    def _reload_panel(self) -> None:
        path = self.selected_path()
        self.panel.load(self.document, path)

    # -- edits -----------------------------------------------------------------------------------
    def edit(self, path: Path, changes: dict[str, Any], description: str) -> None:
        self.undo_stack.beginMacro(description)
        for key, value in changes.items():
            self.undo_stack.push(
                PropertyCommand(self.model, self.selector, path, key, value, description)
            )
        self.undo_stack.endMacro()

    def set_header(self, key: str, value: Any) -> None:
        self.undo_stack.push(HeaderCommand(self.model, key, value, self.tr("Form settings")))

    def set_choice_list(self, list_id: str, choices: list | None) -> None:
        text = self.tr("Delete choice list") if choices is None else self.tr("Edit choice list")
        self.undo_stack.push(ChoiceListCommand(self.model, list_id, choices, text))

    def rename_choice_list(self, old: str, new: str) -> None:
        self.undo_stack.push(RenameListCommand(self.model, old, new, self.tr("Rename choice list")))

    def make_list_reusable(self, path: Path) -> None:
        node = self.document.node(path)
        choices = node.props.get("choices")
        if not isinstance(choices, list):
            return
        list_id = self.document.new_code(f"{node.code}_list")
        while list_id in self.document.choice_lists:
            list_id = f"{list_id}_2"
        self.undo_stack.beginMacro(self.tr("Make reusable choice list"))
        self.undo_stack.push(ChoiceListCommand(self.model, list_id, choices, ""))
        self.undo_stack.push(
            PropertyCommand(self.model, self.selector, path, "choices", list_id, "")
        )
        self.undo_stack.endMacro()

    def _insert_target(self, node: Node) -> Path | None:
        """Where a new node goes: after the selection, or into it if it can hold the node."""
        path = self.selected_path() or (1,)
        while path:
            if self.document.can_hold(path, node):
                return (*path, len(self.document.node(path).children))
            if len(path) > 1 and self.document.can_hold(path[:-1], node):
                return (*path[:-1], path[-1] + 1)
            path = path[:-1]
        return None

    def insert(self, node: Node, text: str) -> Path | None:
        target = self._insert_target(node)
        if target is None:
            return None
        self.undo_stack.push(InsertCommand(self.model, self.selector, target, node, text))
        return target

    def add_section(self) -> Path | None:
        code = self.document.new_code("section")
        return self.insert(new_section(code, self.tr("New section")), self.tr("Add section"))

    def add_question(self, qtype: str = "text") -> Path | None:
        node = new_question(self.document.new_code("question"), qtype, self.tr("New question"))
        if qtype in ("single", "multiple"):
            first = next(iter(self.document.choice_lists), None)
            node.props["choices"] = first or [{"code": "a", "label": "A"}]
        path = self.insert(node, self.tr("Add question"))
        if path is None:
            self.statusBar().showMessage(self.tr("Select a section first."), 4000)
        return path

    def add_group(self) -> Path | None:
        node = new_group(self.document.new_code("group"), self.tr("New repeat group"))
        node.children.append(new_question(self.document.new_code("item"), "text", "Item"))
        node.children[0].props["code"] = self.document.new_code(f"{node.code}_item")
        return self.insert(node, self.tr("Add repeat group"))

    def duplicate(self) -> Path | None:
        path = self.selected_path()
        if path is None or len(path) < 2:
            return None
        target = (*path[:-1], path[-1] + 1)
        # Let the document pick fresh codes, then undo-ably insert that copy.
        scratch = FormDocument(
            self.document.header,
            self.document.choice_lists,
            [p.copy() for p in self.document.phases],
        )
        _, twin = scratch.duplicate(path)
        self.undo_stack.push(
            InsertCommand(self.model, self.selector, target, twin, self.tr("Duplicate"))
        )
        return target

    def remove(self) -> None:
        path = self.selected_path()
        if path is not None and len(path) > 1:
            self.undo_stack.push(RemoveCommand(self.model, self.selector, path, self.tr("Remove")))

    def move(self, source: Path, target: Path, text: str) -> None:
        self.undo_stack.push(MoveCommand(self.model, self.selector, source, target, text))

    def move_up(self) -> None:
        self._shift(-1)

    def move_down(self) -> None:
        self._shift(1)

    def _shift(self, step: int) -> None:
        path = self.selected_path()
        if path is None or len(path) < 2:
            return
        target = self.model.target_for_shift(path, step)
        if target is not None:
            self.move(path, target, self.tr("Move up") if step < 0 else self.tr("Move down"))

    # -- opening, importing, exporting -----------------------------------------------------------
    def _show_error(self, error: BaseException) -> None:
        text = error.message(self.lang) if isinstance(error, IsuError) else str(error)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Form editor"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(box)
        box.open()

    def _keep(self, widget: QWidget) -> None:
        # Dialogs that close themselves are deleted by Qt; drop those before asking them.
        self.dialogs = [d for d in self.dialogs if shiboken6.isValid(d) and d.isVisible()]
        self.dialogs.append(widget)

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.confirm_unsaved and not self.undo_stack.isClean():
            answer = QMessageBox.question(
                self,
                self.tr("Form editor"),
                self.tr(
                    "The form has changes that are neither published nor saved to a file."
                    " Close anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        super().closeEvent(event)


def _path_for(lines: list[tuple[int, Path]], line: int) -> Path | None:
    best = None
    for start, path in lines:
        if start <= line:
            best = path
    return best


def open_form_editor(ws: Workspace, parent: QWidget | None = None) -> FormEditorWindow:
    """The form editor for the main window's menu, showing the latest published form (or
    the default SIG form when none is published)."""
    from isu.ui.i18n import choose_language

    window = FormEditorWindow(ws, choose_language(), parent=parent)
    published = forms.list_forms(ws)
    opened = published and window.open_published(published[-1].form_id)
    if not opened:
        window.open_default()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window


__all__ = ["FormEditorWindow", "open_form_editor"]

"""Every window in Swedish: the texts a user can see (labels, buttons, headers, menu items,
tooltips, model headers and cells) have no English words and no raw codes.

``WINDOWS`` lists the windows as factories, each opening one window on a database with
demo cases; add new windows there (a name and a function of the ``Walk``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from isu.domain.model import CaseStatus
from isu.services import cases
from isu.services.demo import DemoOptions, populate
from isu.services.workspace import Workspace
from tests.conftest import ADMIN
from tests.ui.visible_text import ENGLISH_WORDS, problems, raw_codes, visible_texts

TIMEOUT = 20_000


@dataclass
class Walk:
    qtbot: object
    ctx: object
    ws: Workspace
    tmp_path: Path
    opened: list[QWidget] = field(default_factory=list)
    # words that are data or syntax here (user names; in the editor the form's own codes)
    allowed: set[str] = field(default_factory=lambda: {ADMIN})

    def keep(self, widget: QWidget) -> QWidget:
        self.qtbot.addWidget(widget)
        widget.show()
        self.opened.append(widget)
        return widget

    def main_window(self):
        from isu.ui.main_window import MainWindow

        window = MainWindow(self.ctx, self.ws)
        window._closing = True  # no "save changes?" when the test ends
        self.keep(window)
        self.qtbot.waitUntil(lambda: window.case_list.model.rowCount() > 0, timeout=TIMEOUT)
        return window

    def case_id(self, closed: bool = False) -> int:
        wanted = CaseStatus.CLOSED if closed else CaseStatus.ONGOING
        return next(r.id for r in cases.list_cases(self.ws).rows if r.status is wanted)


def case_list(walk: Walk) -> QWidget:
    return walk.main_window()


def case_view(walk: Walk) -> QWidget:
    window = walk.main_window()
    window.open_case(walk.case_id(closed=True))
    walk.qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    group = next(iter(window.case_view.groups.values()))
    if group.model.rowCount():
        group.table.selectRow(0)
    return window


def summary_page(walk: Walk) -> QWidget:
    window = walk.main_window()
    page = window.summary_page
    window.stack.setCurrentWidget(page)
    walk.qtbot.waitUntil(lambda: walk.ctx.executor.pending == 0, timeout=TIMEOUT)
    page.build()
    walk.qtbot.waitUntil(lambda: page.report is not None, timeout=TIMEOUT)
    tables = list(page.report.report.tables())
    page.results.select_table(tables[len(tables) // 2].key)
    return window


def new_case(walk: Walk) -> QWidget:
    from isu.ui.dialogs.new_case import NewCaseDialog

    dialog = walk.keep(NewCaseDialog(walk.ctx, walk.ws))
    walk.qtbot.waitUntil(lambda: walk.ctx.executor.pending == 0, timeout=TIMEOUT)
    return dialog


def close_case(walk: Walk) -> QWidget:
    window = walk.main_window()
    window.open_case(walk.case_id())
    walk.qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    return walk.keep(window.case_view.ask_close_case())


def settings(walk: Walk) -> QWidget:
    from isu.ui.dialogs.settings_dialog import SettingsDialog

    dialog = walk.keep(SettingsDialog(walk.ctx, walk.ws))
    walk.qtbot.waitUntil(lambda: dialog.current is not None, timeout=TIMEOUT)
    return dialog


def first_run(walk: Walk) -> QWidget:
    from isu.ui.dialogs.first_run import FirstRunDialog

    return walk.keep(FirstRunDialog(walk.ctx, walk.tmp_path / "new" / "isu.db"))


def unlock(walk: Walk) -> QWidget:
    from isu.ui.dialogs.unlock import UnlockDialog

    return walk.keep(UnlockDialog(walk.ctx, walk.ws.path, prefill_user=ADMIN))


def export_dialog(walk: Walk) -> QWidget:
    from isu.ui.dialogs.export_dialog import ExportDialog

    return walk.keep(ExportDialog(walk.ws, walk.ctx.lang))


def export_preview(walk: Walk) -> QWidget:
    dialog = export_dialog(walk)
    with walk.qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        dialog.preview_button.click()
    return dialog


def form_editor(walk: Walk) -> QWidget:
    from isu.formdefs.document import FormDocument
    from isu.paths import forms_dir
    from isu.ui.editor import FormEditorWindow

    text = (forms_dir() / "sig.yaml").read_text(encoding="utf-8")
    editor = FormEditorWindow(walk.ws, walk.ctx.lang, FormDocument.from_yaml(text))
    editor.confirm_unsaved = False
    walk.keep(editor)
    # The editor edits the form itself: its codes, list ids and English labels are the
    # content being edited, and expressions have their own (English) function names.
    document = editor.document
    walk.allowed |= {node.code for _, node in document.walk()} | set(document.choice_lists)
    for entries in document.choice_lists.values():
        for entry in entries:
            walk.allowed.add(str(entry.get("code")))
            label = entry.get("label")
            if isinstance(label, dict):
                walk.allowed |= set(str(label.get("en", "")).replace("/", " ").split())
    walk.allowed |= EXPRESSION_WORDS
    question = next(p for p, n in editor.document.walk() if n.kind == "question")
    editor.select(question)
    return editor


def editor_publish(walk: Walk) -> QWidget:
    from isu.ui.editor.publish import PublishDialog

    editor = form_editor(walk)
    return walk.keep(PublishDialog(editor.document, None, 3, walk.ctx.lang, editor))


def editor_import_report(walk: Walk) -> QWidget:
    from isu.formdefs.importers.common import ImportReport
    from isu.ui.editor.import_report import ImportReportDialog

    report = ImportReport("formulär.xlsx", fields=3, imported=3, notes=())
    return walk.keep(ImportReportDialog(report, walk.ctx.lang))


def users(walk: Walk) -> QWidget:
    from isu.ui.dialogs.users_dialog import UsersDialog

    dialog = walk.keep(UsersDialog(walk.ctx, walk.ws))
    walk.qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=TIMEOUT)
    dialog.table.selectRow(0)
    return dialog


def add_user(walk: Walk) -> QWidget:
    from isu.ui.dialogs.users_dialog import AddUserDialog

    return walk.keep(AddUserDialog(None, walk.ctx.lang))


def erase_case(walk: Walk) -> QWidget:
    from isu.services.retention import preview_erasure
    from isu.ui.dialogs.erase_case import EraseCaseDialog

    return walk.keep(EraseCaseDialog(preview_erasure(walk.ws, walk.case_id(closed=True))))


def import_cases(walk: Walk) -> QWidget:
    from isu.ui.import_dialog import ImportDialog

    path = walk.tmp_path / "ärenden.csv"
    path.write_text("case_number;gender;färg\nI-1;flicka_kvinna;röd\nI-2;kanske;blå\n", "utf-8")
    dialog = walk.keep(ImportDialog(walk.ctx, walk.ws))
    walk.qtbot.waitUntil(lambda: dialog.form_combo.count() > 0, timeout=TIMEOUT)
    dialog.file_edit.setText(str(path))
    with walk.qtbot.waitSignal(dialog.checked, timeout=TIMEOUT):
        dialog.check_button.click()
    # The file is written in codes (headers and values), so the problems name the codes the
    # user typed or must type, as the form editor shows the codes being edited.
    walk.allowed |= {"case_number", "gender", "pojke_man", "flicka_kvinna", "annat"}
    return dialog


WINDOWS: list[tuple[str, Callable[[Walk], QWidget]]] = [
    ("case list", case_list),
    ("case view", case_view),
    ("summary page", summary_page),
    ("new case", new_case),
    ("close case", close_case),
    ("settings", settings),
    ("first run", first_run),
    ("unlock", unlock),
    ("export dialog", export_dialog),
    ("export preview", export_preview),
    ("form editor", form_editor),
    ("editor: publish", editor_publish),
    ("editor: import report", editor_import_report),
    ("users", users),
    ("add user", add_user),
    ("erase case", erase_case),
    ("import cases", import_cases),
]
EXPRESSION_WORDS = {"answered", "selected", "and", "or", "not", "today", "kind", "sum", "items"}
# Known gaps fixed on other branches (export preview labels); remove once they land.
# h6 translates the export preview (types, privacy classes, rules): then empty these sets.
PENDING: dict[str, set[str]] = {}  # windows still being translated (none now)


@pytest.fixture(scope="module")
def choice_codes() -> frozenset[str]:
    from isu.formdefs import load_form
    from isu.paths import forms_dir

    spec = load_form(forms_dir() / "sig.yaml")
    codes = {code for q in spec.questions() if q.choices for code in q.choices.codes}
    return frozenset(code for code in codes if "_" in code)  # "ja", "nej": Swedish words


@pytest.fixture
def walk(qtbot, ui_ctx, new_db, tmp_path):
    ws, _ = new_db
    populate(ws, DemoOptions(cases=25, seed=3, today=dt.date.today()))
    walk = Walk(qtbot, ui_ctx, ws, tmp_path)
    yield walk
    for widget in reversed(walk.opened):
        with contextlib.suppress(RuntimeError):  # a dialog that deleted itself on closing
            widget.close()
    ui_ctx.executor.wait_idle()


def test_the_checker_catches_english_and_raw_codes():
    codes = raw_codes({"pojke_man"})
    found = problems(
        ["Spara ärendet", "Save case", "single", "Kön: pojke_man", "Status", "Period: från"],
        codes,
    )
    assert len(found) == 3 and "Save" in found[0] and "single" in found[1]
    assert "pojke_man" in found[2]
    assert {"save", "single", "before"} <= ENGLISH_WORDS


@pytest.mark.parametrize(("name", "factory"), WINDOWS, ids=[name for name, _ in WINDOWS])
def test_every_window_is_swedish(walk, choice_codes, name, factory):
    window = factory(walk)
    texts = visible_texts(window)
    assert len(texts) >= 3, texts
    allowed = walk.allowed | PENDING.get(name, set())
    found = problems(texts, raw_codes(choice_codes), allowed=allowed)
    assert not found, f"{name}:\n" + "\n".join(found)

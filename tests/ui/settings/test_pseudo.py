"""Pseudo-translation: every string of the Swedish translation made about 40% longer (in
brackets, padded with accented letters). The main windows at their default sizes must still
show every label, button, check box and radio button in full: a widget narrower than its
minimum size hint clips its text (word-wrapped labels grow in height instead, so they pass).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QRadioButton, QWidget

from isu.app import build_context
from isu.domain.model import CaseQuery
from isu.paths import AppPaths
from isu.services import cases
from isu.services.sign_in import login
from isu.ui.i18n import TsMessage, qm_bytes, read_ts, translations_dir
from tests.conftest import ADMIN, ADMIN_PASSWORD

GROWTH = 0.4
PADDING = "ÅÉÏÕÜåéïõü"
TIMEOUT = 15_000
CHECKED = (QLabel, QPushButton, QCheckBox, QRadioButton)


def pseudo(text: str) -> str:
    """``[text + padding]``, about 40% longer; lines, placeholders and mnemonics kept."""
    extra = max(2, math.ceil(len(text) * GROWTH)) - 2
    padding = (PADDING * (extra // len(PADDING) + 1))[:extra]
    return f"[{text}{padding}]"


def pseudo_messages(ts: Path) -> list[TsMessage]:
    return [replace(m, translation=pseudo(m.translation)) for m in read_ts(ts)]


@pytest.fixture
def pseudo_ctx(qapp, tmp_path):
    qm = tmp_path / "isu_pseudo.qm"
    qm.write_bytes(qm_bytes(pseudo_messages(translations_dir() / "isu_sv.ts"), "sv"))
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    paths = AppPaths.create(tmp_path / "appdata").ensure()
    ctx = build_context(paths, "sv")
    yield ctx
    ctx.executor.wait_idle()
    qapp.removeTranslator(translator)


def clipped(root: QWidget, where: str) -> list[str]:
    """Visible texts whose widget is narrower than it needs to be."""
    problems = []
    shown = [w for w in root.findChildren(QWidget) if isinstance(w, CHECKED) and w.isVisible()]
    assert len(shown) >= 2, f"{where}: nothing to check"
    assert any(w.text().startswith("[") for w in shown), f"{where}: not pseudo-translated"
    for widget in shown:
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        need = widget.minimumSizeHint().width()
        if widget.width() < need:
            problems.append(f"{where}: {widget.text()!r} is {widget.width()} < {need} px")
    return problems


def settle(qtbot) -> None:
    qtbot.wait(30)  # layouts settle after show, resize and tab changes


def test_pseudo_translation_is_longer_and_keeps_placeholders():
    ts = translations_dir() / "isu_sv.ts"
    plain = {(m.context, m.source): m.translation for m in read_ts(ts)}
    messages = pseudo_messages(ts)
    assert len(messages) == len(plain) > 100
    for message in messages:
        original = plain[(message.context, message.source)]
        assert message.translation == f"[{message.translation[1:-1]}]"
        assert message.translation[1:].startswith(original)  # placeholders, "&" and lines kept
        assert len(message.translation) >= (1 + GROWTH) * len(original) - 1


def test_no_text_is_clipped_in_the_pseudo_translation(qtbot, pseudo_ctx, new_db, tmp_path):
    from isu.ui.dialogs.first_run import FirstRunDialog
    from isu.ui.dialogs.settings_dialog import SettingsDialog
    from isu.ui.dialogs.unlock import UnlockDialog
    from isu.ui.main_window import MainWindow

    ws, _ = new_db
    problems: list[str] = []

    unlock = UnlockDialog(pseudo_ctx, ws.path, prefill_user=ADMIN)
    qtbot.addWidget(unlock)
    unlock.show()
    settle(qtbot)
    problems += clipped(unlock, "unlock")
    unlock.close()

    first = FirstRunDialog(pseudo_ctx, tmp_path / "new.db")
    qtbot.addWidget(first)
    first.show()
    for step in range(first.pages.count()):
        first.show_step(step)
        settle(qtbot)
        problems += clipped(first, f"first run, step {step + 1}")
    first.show_step(0)
    first.close()

    case_id = cases.register_case(ws, "PSEUDO-1").case_id
    window = MainWindow(pseudo_ctx, login(ws.path, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=TIMEOUT)
        settle(qtbot)
        problems += clipped(window, "case list")
        window.open_case(case_id)
        qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
        for index in range(window.case_view.tabs.count()):
            window.case_view.tabs.setCurrentIndex(index)
            settle(qtbot)
            problems += clipped(window, f"case view, tab {index + 1}")
        window.stack.setCurrentWidget(window.summary_page)
        qtbot.waitUntil(lambda: pseudo_ctx.executor.pending == 0, timeout=TIMEOUT)
        settle(qtbot)
        problems += clipped(window, "summary page")

        dialog = SettingsDialog(pseudo_ctx, window.workspace, window)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.current is not None, timeout=TIMEOUT)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            settle(qtbot)
            problems += clipped(dialog, f"settings, tab {index + 1}")
        dialog.reject()
    finally:
        window._closing = True
        window.close()
    assert cases.list_cases(ws, CaseQuery(limit=5)).total == 1
    assert problems == []

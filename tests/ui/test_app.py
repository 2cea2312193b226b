"""The composition root: run_app shows the unlock dialog (prefilled by ``isu demo``) or the
first-run dialog, and returns when the user leaves.

run_app owns the process (QApplication.exec, sys.excepthook, translator, style), so each
case runs in a child process of its own, driven by a timer that answers the dialog.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DRIVER = """
import argparse, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from isu.app import run_app

seen = {}

def leave():
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible()]
    if not dialogs:
        QTimer.singleShot(20, leave)
        return
    dialog = dialogs[0]
    seen["kind"] = type(dialog).__name__
    seen["title"] = dialog.windowTitle()
    user = getattr(dialog, "user_edit", None)
    seen["user"] = user.text() if user is not None else None
    dialog.reject()

QTimer.singleShot(0, leave)
args = argparse.Namespace(**json.loads(sys.argv[1]))
code = run_app(args)
print(json.dumps({"code": code, **seen}))
"""


def run_driver(tmp_path: Path, lang: str, **args) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ISU_LANG": lang,
        "ISU_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_run_app_asks_to_unlock_an_existing_database(new_db, tmp_path):
    ws, _ = new_db
    seen = run_driver(
        tmp_path, "sv", db=str(ws.path), data_dir=str(tmp_path / "data"), prefill_user="admin"
    )
    assert seen == {"code": 0, "kind": "UnlockDialog", "title": "ISU – Lås upp", "user": "admin"}


def test_run_app_offers_first_run_without_a_database(tmp_path):
    seen = run_driver(tmp_path, "en", db=None, data_dir=str(tmp_path / "data"))
    assert seen == {"code": 0, "kind": "FirstRunDialog", "title": "ISU – Welcome", "user": None}
    assert not (tmp_path / "data" / "isu.db").exists()


def test_qt_setters_do_not_leak_references_to_none(qapp):
    """PySide6 6.12.0 under Python 3.11 drops a reference to None on every setter call and
    aborts the interpreter after a long session; pyproject.toml keeps that version out."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        label.setVisible(False)
    assert sys.getrefcount(None) >= before - 100

"""Screenshots of the form editor for the docs.

    QT_QPA_PLATFORM=offscreen python scripts/editor_screenshots.py
    (into isu/resources/docs/screenshots)

Saves editor-main.png (tree, properties, live preview trying the skip logic),
editor-expression.png (an expression error shown while typing), editor-choice-lists.png,
editor-import-report.png (a REDCap import) and editor-publish.png (publishing a version
with a renamed and a removed question), in the UI language (Swedish unless ISU_LANG).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
WINDOW_SIZE = (1500, 900)


def settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(10):  # let layouts and the preview's timer settle before grabbing
        QApplication.processEvents()
        time.sleep(0.02)


def grab(widget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(f"  {path}")


def workspace(folder: Path):
    from isu.services import forms
    from isu.services.workspace import init_database

    ws, _recovery = init_database(folder / "editor.db", "admin", "editor-screenshots-1")
    forms.publish_default_form(ws)
    return ws


def shoot(ws, lang: str, out: Path) -> None:
    from PySide6.QtCore import Qt

    from isu.domain.answers import Answer
    from isu.ui.editor import FormEditorWindow

    window = FormEditorWindow(ws, lang)
    window.confirm_unsaved = False
    window.resize(*WINDOW_SIZE)
    window.open_published("sig")
    window.show()
    document = window.document
    window.tree.expandAll()
    window.select(document.find("consent_guardians_date"))
    window.preview.rebuild()
    for code, answer in (("consent_youth", Answer(True)), ("consent_guardians", Answer(True))):
        window.preview.rows[code].set_answer(answer)
    window.preview.refresh()
    grab(window, out / "editor-main.png")

    window.select(document.find("living_situation_other"))
    window.panel.relevant.line.setText("selected(living_situation, 'anat')")
    window.panel.relevant.line.setFocus(Qt.FocusReason.OtherFocusReason)
    grab(window, out / "editor-expression.png")
    window.panel.relevant.set_text(str(document.node(window.selected_path()).props["relevant"]))

    window.side_tabs.setCurrentWidget(window.lists)
    window.lists.select("intervention_type")
    grab(window, out / "editor-choice-lists.png")
    window.side_tabs.setCurrentIndex(0)

    window.select(document.find("sig_meetings"))
    window.panel.code.setText("sig_meeting_count")
    window.panel.code.editingFinished.emit()
    window.select(document.find("actors_other"))
    window.remove()
    dialog = window.publish()
    dialog.resize(900, 620)
    grab(dialog, out / "editor-publish.png")
    dialog.reject()

    report = window.import_redcap(str(ROOT / "tests/formdefs_import/data/clinic_visits.csv"))
    report.resize(900, 560)
    grab(report, out / "editor-import-report.png")
    report.close()
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "isu" / "resources" / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="isu-editor-shots-") as temp:
        folder = Path(temp)
        os.environ["ISU_DATA_DIR"] = str(folder / "appdata")
        from isu.app import prepare_application
        from isu.paths import AppPaths

        app, ctx = prepare_application(AppPaths.create(folder / "appdata").ensure())
        sys.excepthook = sys.__excepthook__  # a script: print failures, no dialogs
        ws = workspace(folder)
        print(f"Editor screenshots ({ctx.lang}):")
        try:
            shoot(ws, ctx.lang, out)
        finally:
            ws.close()
            ctx.executor.wait_idle()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

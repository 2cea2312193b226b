"""Screenshots of the desktop app for the docs, from a fresh demo database.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py
    (into isu/resources/docs/screenshots)

Saves the unlock dialog, the first-run steps, the settings dialog, the case list and every phase
tab of a filled SIG case, at about 1200×800, in the UI language (Swedish unless ISU_LANG).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from shot_helpers import build_demo, grab, wait_for

WINDOW_SIZE = (1200, 800)
PHASE_FILES = {
    "admin": "case-admin",
    "before": "case-before",
    "during": "case-during",
    "after": "case-after",
    "experience": "case-experience",
}


def best_case(ws) -> int:
    """A closed case with the most phases complete: it shows every tab filled in."""
    from isu.domain.model import CaseQuery, CaseStatus
    from isu.services import cases

    page = cases.list_cases(
        ws, CaseQuery(status=CaseStatus.CLOSED, sort="phases_complete", descending=True, limit=200)
    )
    rows = page.rows or cases.list_cases(ws, CaseQuery(limit=200)).rows
    return max(rows, key=lambda r: (len(r.phases_complete), -r.warnings)).id


def case_with_warnings(ws) -> int:
    """An ongoing case with a few warnings, to show inline warnings and the summary."""
    from isu.domain.model import CaseQuery, CaseStatus
    from isu.services import cases

    rows = cases.list_cases(ws, CaseQuery(status=CaseStatus.ONGOING, limit=200)).rows
    warned = [r for r in rows if r.warnings] or list(rows)
    return min(warned, key=lambda r: (r.warnings, r.case_number)).id


def shoot_dialogs(ctx, db: Path, folder: Path, out: Path) -> None:
    from isu.cli.demo import DEMO_USER
    from isu.ui.dialogs.unlock import UnlockDialog

    unlock = UnlockDialog(ctx, db, prefill_user=DEMO_USER)
    unlock.show()
    grab(unlock, out / "unlock.png")
    unlock.close()

    shoot_first_run(ctx, folder, out)


FIRST_RUN_FILES = (
    "first-run",
    "first-run-administrator",
    "first-run-municipality",
    "first-run-form",
)


def shoot_first_run(ctx, folder: Path, out: Path) -> None:
    """Every step of the guided set-up, then the recovery key."""
    from isu.ui.dialogs.first_run import FirstRunDialog

    first = FirstRunDialog(ctx, folder / "new" / "isu.db")
    first.admin_edit.setText("anna.admin")
    first.name_edit.setText("Anna Andersson")
    first.password_edit.setText("ett-långt-lösenord")
    first.repeat_edit.setText("ett-långt-lösenord")
    first.unit_edit.setText("Stadsdel Norr")
    first.municipality_edit.setText("0180")
    first.show()
    for step, name in enumerate(FIRST_RUN_FILES):
        first.show_step(step)
        grab(first, out / f"{name}.png")
    first.create()
    wait_for(lambda: first.pages.currentWidget() is first.recovery_page)
    grab(first, out / "first-run-recovery-key.png")
    if first.workspace is not None:
        first.workspace.close()
    first.show_step(0)  # let it close without the confirmation
    first.close()


def shoot_settings(ctx, db: Path, out: Path) -> None:
    from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
    from isu.services.sign_in import login
    from isu.ui.dialogs.settings_dialog import SettingsDialog

    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    dialog = SettingsDialog(ctx, ws)
    dialog.show()
    wait_for(lambda: dialog.current is not None)
    grab(dialog, out / "settings.png")
    dialog.reject()
    ctx.executor.wait_idle()
    ws.close()


def shoot_main_window(ctx, db: Path, out: Path) -> None:
    from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow

    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    window = MainWindow(ctx, ws)
    window.resize(*WINDOW_SIZE)
    window.show()
    wait_for(lambda: window.case_list.model.rowCount() > 0)
    window.case_list.table.selectRow(0)
    grab(window, out / "case-list.png")
    window.open_case(best_case(ws))
    wait_for(lambda: window.case_view is not None)
    for phase, name in PHASE_FILES.items():
        window.case_view.show_phase(phase)
        grab(window, out / f"{name}.png")
    window.open_case(case_with_warnings(ws))
    wait_for(lambda: window.case_view is not None and window.case_view.detail.warnings > 0)
    window.case_view.show_phase("before")
    grab(window, out / "case-warnings.png")
    window._closing = True
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="isu/resources/docs/screenshots")
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument(
        "--only-setup",
        action="store_true",
        help="only the first-run steps and the settings dialog",
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="isu-shots-") as temp:
        folder = Path(temp)
        os.environ["ISU_DATA_DIR"] = str(folder / "appdata")
        db = build_demo(folder, args.cases)
        from isu.app import prepare_application
        from isu.paths import AppPaths

        app, ctx = prepare_application(AppPaths.create(folder / "appdata").ensure())
        sys.excepthook = sys.__excepthook__  # a script: print failures, no dialogs
        print(f"Screenshots ({ctx.lang}):")
        if args.only_setup:
            shoot_first_run(ctx, folder, out)
        else:
            shoot_dialogs(ctx, db, folder, out)
            shoot_main_window(ctx, db, out)
        shoot_settings(ctx, db, out)
        ctx.executor.wait_idle()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of Administration → Users and Case → Erase case for the docs, from a fresh
demo database.

    QT_QPA_PLATFORM=offscreen python scripts/admin_screenshots.py
    (into isu/resources/docs/screenshots)

Saves ``users-window.png`` (the users of the demo, one disabled, with the add-user dialog
beside it as ``users-add.png``) and ``erase-case.png`` (the confirmation with the case number
typed), and ``import-cases.png`` (Arkiv → Importera ärenden… after checking a small SIG file
with a few mistakes: an unknown column, a misspelt choice, a bad date, a duplicate case
number), in the UI language (Swedish unless ISU_LANG).
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


def shoot_users(ctx, ws, out: Path) -> None:
    from isu.services import users
    from isu.ui.dialogs.users_dialog import UsersDialog

    users.set_disabled(ws, "samordnare3", True)
    dialog = UsersDialog(ctx, ws)
    dialog.show()
    wait_for(lambda: dialog.model.rowCount() > 0)
    dialog.select_user("samordnare2")
    grab(dialog, out / "users-window.png")
    add = dialog.add_user()
    add.username_edit.setText("lina.berg")
    add.display_name_edit.setText("Lina Berg")
    add._passwords[0].setText("ett-långt-lösenord")
    add._passwords[1].setText("ett-långt-lösenord")
    grab(add, out / "users-add.png")
    add.reject()
    dialog.close()
    ctx.executor.wait_idle()


def shoot_erase(ctx, ws, out: Path) -> None:
    from isu.domain.model import CaseQuery
    from isu.services import cases
    from isu.ui.main_window import MainWindow

    window = MainWindow(ctx, ws)
    window.resize(*WINDOW_SIZE)
    window.show()
    wait_for(lambda: window.case_list.model.rowCount() > 0)
    first = cases.list_cases(ws, CaseQuery(limit=1)).rows[0]
    window.open_case(first.id)
    wait_for(lambda: window.case_view is not None)
    window.admin_actions.erase_case()
    wait_for(lambda: getattr(window.admin_actions, "erase_dialog", None) is not None)
    dialog = window.admin_actions.erase_dialog
    dialog.confirm_edit.setText(first.case_number)
    grab(dialog, out / "erase-case.png")
    dialog.reject()
    window._closing = True
    window.close()
    ctx.executor.wait_idle()


SAMPLE = """\
case_number;referral_date;start_date;consent_youth;gender;birth_year;risk_level;actors;skola
U-101;2026-01-08;2026-01-20;ja;pojke_man;2010;hog;socialtjanst|polis;x
U-102;2026-01-12;2026-02-02;ja;flicka_kvinna;2009;mattlig;socialtjanst|skola;
U-103;2026-01-15;2026-02-30;ja;pojke_man;2011;hög;polis;
U-102;2026-02-01;;nej;flika;2008;;;
;2026-02-03;2026-02-10;ja;flicka_kvinna;2010;lag;socialtjanst;
"""


def shoot_import(ctx, ws, folder: Path, out: Path) -> None:
    from isu.ui.import_dialog import ImportDialog

    path = folder / "ärenden-från-excel.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    dialog = ImportDialog(ctx, ws)
    dialog.show()
    wait_for(lambda: dialog.form_combo.count() > 0)
    dialog.file_edit.setText(str(path))
    dialog.start_check()
    wait_for(lambda: dialog.check is not None)
    grab(dialog, out / "import-cases.png")
    dialog.close()
    ctx.executor.wait_idle()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="isu/resources/docs/screenshots")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="isu-shots-") as temp:
        folder = Path(temp)
        os.environ["ISU_DATA_DIR"] = str(folder / "appdata")
        db = build_demo(folder, 40)
        from isu.app import prepare_application
        from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
        from isu.paths import AppPaths
        from isu.services.sign_in import login

        app, ctx = prepare_application(AppPaths.create(folder / "appdata").ensure())
        sys.excepthook = sys.__excepthook__  # a script: print failures, no dialogs
        print(f"Administration screenshots ({ctx.lang}):")
        ws = login(db, DEMO_USER, DEMO_PASSWORD)
        try:
            shoot_users(ctx, ws, out)
            shoot_erase(ctx, ws, out)
            shoot_import(ctx, ws, folder, out)
        finally:
            ctx.executor.wait_idle()
            ws.close()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

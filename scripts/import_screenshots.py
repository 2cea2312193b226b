"""A screenshot of Arkiv → Importera ärenden… for the docs, from a fresh demo database.

    QT_QPA_PLATFORM=offscreen python scripts/import_screenshots.py
    (into isu/resources/docs/screenshots)

Saves ``import-cases.png``: the dialog after checking a small SIG file that has a few
mistakes (an unknown column, a misspelt choice, a bad date, a duplicate case number), in the
UI language (Swedish unless ISU_LANG).
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
        db = build_demo(folder, 20)
        from isu.app import prepare_application
        from isu.cli import DEMO_PASSWORD, DEMO_USER
        from isu.paths import AppPaths
        from isu.services.workspace import login

        app, ctx = prepare_application(AppPaths.create(folder / "appdata").ensure())
        sys.excepthook = sys.__excepthook__  # a script: print failures, no dialogs
        print(f"Import screenshot ({ctx.lang}):")
        ws = login(db, DEMO_USER, DEMO_PASSWORD)
        try:
            shoot_import(ctx, ws, folder, out)
        finally:
            ctx.executor.wait_idle()
            ws.close()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

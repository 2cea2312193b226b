"""How fast one closed case opens in the real main window, and how fast its tabs switch
(run by hand).

    python benchmarks/bench_case_open.py [--cases 60] [--open 50] [--folder DIR]

Offscreen, with the app's style sheet, on the encrypted demo database: opens ``--open``
different closed cases one after another in the real ``MainWindow`` (the case and its form are
read first, so only the view is timed: building it, showing it, style and layout until the
event queue is empty), then switches to every other tab of each case and back to the first
("switch tab, first time": to each tab of a new view, which builds the tab).
The next case is shown in the same view when it can be (same form, nothing under way);
"open case, new view" times a new view each time, as for the first case after signing in.
The floor in the same run is a bare ``QDialog`` with one ``QLineEdit`` per question of the
phase with most questions, shown the same way. Prints p50/p95 in milliseconds and as ratios to
the floor. Targets: open p95 < 150 ms (in a reused view and in a new one), tab switch p95
< 50 ms (also the first switch, which builds the tab); exit code 1 if one is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import cached_demo

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.domain.form import PHASES, RepeatGroup
from isu.domain.model import CaseQuery, CaseStatus
from isu.services import cases
from isu.services.workspace import login

OPEN_TARGET = 0.150
SWITCH_TARGET = 0.050


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def settle(app) -> None:
    app.processEvents()
    app.processEvents()


def floor_times(app, spec, repeats: int) -> list[float]:
    from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit

    phases = [spec.phase(name) for name in PHASES if spec.phase(name) is not None]

    def count(phase) -> int:
        return sum(not isinstance(item, RepeatGroup) for s in phase.sections for item in s.items)

    biggest = max(phases, key=count)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        dialog = QDialog()
        form = QFormLayout(dialog)
        for section in biggest.sections:
            for item in section.items:
                if not isinstance(item, RepeatGroup):
                    form.addRow(item.label.get("sv"), QLineEdit())
        dialog.show()
        settle(app)
        times.append(time.perf_counter() - start)
        dialog.hide()
        dialog.deleteLater()
        settle(app)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=60, help="demo cases (default 60)")
    parser.add_argument("--open", type=int, default=50, help="closed cases to open (default 50)")
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    db = cached_demo(args.folder, args.cases)
    folder = db.parent

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from isu.app import build_context, stylesheet
    from isu.paths import AppPaths
    from isu.ui.i18n import install_translator
    from isu.ui.main_window import MainWindow, load_case

    qInstallMessageHandler(lambda *_args: None)  # "offscreen does not support …" noise
    app = QApplication.instance() or QApplication(sys.argv[:1])
    paths = AppPaths.create(folder / "appdata").ensure()
    install_translator(app, "sv", paths.data_dir / "cache")
    app.setStyleSheet(stylesheet())
    ctx = build_context(paths, "sv")
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    window = MainWindow(ctx, ws)
    window.resize(1280, 800)
    window.show()
    settle(app)
    closed = [
        row.id for row in cases.list_cases(ws, CaseQuery(status=CaseStatus.CLOSED, limit=500)).rows
    ][: args.open]
    if len(closed) < args.open:
        print(f"only {len(closed)} closed cases; use a larger --cases")
    loaded = [load_case(ws, case_id) for case_id in closed]
    # one warm-up open so imports and first-use caches are not counted
    window._show_case(loaded[0])
    settle(app)
    opens, switches = [], []
    for detail_spec in loaded:
        start = time.perf_counter()
        window._show_case(detail_spec)
        settle(app)
        opens.append(time.perf_counter() - start)
        view = window.case_view
        for index in [*range(1, view.tabs.count()), 0]:
            start = time.perf_counter()
            view.tabs.setCurrentIndex(index)
            settle(app)
            switches.append(time.perf_counter() - start)
        view.dirty = False
    cold = []  # a new view each time (the first case after signing in, another form)
    first_switches = []  # to a tab of that new view, not built yet
    for detail_spec in loaded[: max(5, len(loaded) // 5)]:
        window.case_view.dirty = False
        window._drop_case_view()
        settle(app)
        start = time.perf_counter()
        window._show_case(detail_spec)
        settle(app)
        cold.append(time.perf_counter() - start)
        view = window.case_view
        for index in range(1, view.tabs.count()):  # each tab is built as it is first shown
            start = time.perf_counter()
            view.tabs.setCurrentIndex(index)
            settle(app)
            first_switches.append(time.perf_counter() - start)
    floor = floor_times(app, loaded[0][1], max(10, len(loaded) // 2))
    window.case_view.dirty = False
    window._closing = True
    window.close()
    ws.close()
    f50, f95 = statistics.median(floor), percentile(floor, 0.95)
    print(f"{len(opens)} closed cases opened, {len(switches)} tab switches")
    print(f"{'':24}{'p50 ms':>9}{'p95 ms':>9}{'p50/floor':>11}{'p95/floor':>11}")
    rows = [
        ("open case", opens),
        ("open case, new view", cold),
        ("switch tab", switches),
        ("switch tab, first time", first_switches),
        ("floor (bare dialog)", floor),
    ]
    for name, values in rows:
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:24}{p50 * 1e3:9.1f}{p95 * 1e3:9.1f}{p50 / f50:11.1f}{p95 / f95:11.1f}")
    checks = [
        ("open p95 (reused and new view)", max(percentile(opens, 0.95), percentile(cold, 0.95)),
         OPEN_TARGET),
        ("switch p95 (tab built)", percentile(switches, 0.95), SWITCH_TARGET),
        ("first switch p95 (tab built then)", percentile(first_switches, 0.95), SWITCH_TARGET),
    ]  # fmt: skip
    for name, value, target in checks:
        met = "met" if value < target else "MISSED"
        print(f"target {name}: {value * 1e3:.0f} < {target * 1e3:.0f} ms: {met}")
    return 0 if all(value < target for _n, value, target in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

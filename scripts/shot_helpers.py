"""What the screenshot scripts share: waiting for the app, grabbing a widget, a demo database."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

TIMEOUT_S = 60.0


def wait_for(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts settle before grabbing
        QApplication.processEvents()


def grab(widget, path: Path) -> None:
    wait_for(lambda: True)
    widget.grab().save(str(path))
    print(f"  {path}")


def build_demo(folder: Path, cases: int) -> Path:
    from isu.cli import main

    db = folder / "demo.db"
    argv = ["--data-dir", str(folder / "appdata"), "demo", "--no-gui", "--db", str(db)]
    code = main([*argv, "--cases", str(cases)])
    if code != 0:
        raise SystemExit(f"isu demo failed with exit code {code}")
    return db

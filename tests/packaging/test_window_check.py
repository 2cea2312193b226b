"""One real window under X: Qt's xcb plugin loads with the Debian packages README lists.

``isu --smoke-test`` draws offscreen, so only this notices a missing X11 library (Qt then
aborts with "could not load the Qt platform plugin xcb"). It needs ``xvfb-run`` (Debian
package ``xvfb``, which ``.ci/run`` installs) and is skipped where that is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from isu.paths import package_root

CHECK = package_root().parent / "packaging" / "window_check.py"


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_the_unlock_dialog_shows_on_xcb_under_xvfb(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(package_root().parent),
        "ISU_LANG": "sv",
    }
    png = tmp_path / "unlock.png"
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, str(CHECK), "--platform", "xcb", "--png", str(png)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "isu window check OK" in result.stdout and "on 'xcb'" in result.stdout
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 100


def test_the_check_fails_when_qt_runs_elsewhere(tmp_path):
    """The check itself must be able to fail: offscreen is not the platform it asks for."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(package_root().parent)}
    result = subprocess.run(
        [sys.executable, str(CHECK), "--platform", "xcb"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "FAILED" in result.stderr and "'offscreen'" in result.stderr

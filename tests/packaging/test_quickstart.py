"""README's Quick start stays two commands, and names the same Debian packages for a window
under X as ``.ci/run`` installs (and checks by showing one under Xvfb)."""

from __future__ import annotations

import re

from isu.paths import package_root

REPO = package_root().parent


def _quick_start() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_quick_start_is_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", _quick_start(), flags=re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)


def test_readme_and_ci_name_the_same_qt_packages():
    apt = re.search(r"`sudo apt-get install ([^`]+)`", _quick_start())
    assert apt, "the Quick start names no apt-get line"
    readme_packages = set(apt.group(1).split())
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"QT_X11_PACKAGES=\((.*?)\)", ci, flags=re.S)
    assert listed, ".ci/run has no QT_X11_PACKAGES"
    assert readme_packages == set(listed.group(1).split())
    # the two Qt 6.5+ needs whose absence gives the misleading "xcb-cursor0" message
    assert {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"} <= readme_packages

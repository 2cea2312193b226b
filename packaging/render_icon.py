"""Render isu/resources/icons/isu.svg to PNG with Qt (no Pillow, no Inkscape).

    python packaging/render_icon.py [SIZE ...]     (default: 256 -> isu/resources/icons/isu-256.png)

Run it after changing the SVG; the 256 px PNG is committed (Linux desktop icon; PyInstaller
turns it into the Windows .ico and the macOS .icns at build time, with Pillow).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "isu" / "resources" / "icons"


def render(svg: Path, out: Path, size: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])  # QPainter on a QImage needs an application
    for size in [int(arg) for arg in argv] or [256]:
        out = ICONS / f"isu-{size}.png"
        render(ICONS / "isu.svg", out, size)
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

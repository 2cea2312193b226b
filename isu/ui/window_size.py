"""Windows open at a size that shows their content and fits the screen: the preferred
size, but never larger than the screen's free area (1024×768 laptops and projectors
included) and never smaller than the content needs, where the screen allows it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.95  # leave a little of the screen around a window


def available_size(widget: QWidget | None = None) -> QSize:
    """The free area of the screen ``widget`` is on (the primary screen before it is shown)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1024, 768)


def fitted_size(widget: QWidget, preferred: QSize, available: QSize) -> QSize:
    """``preferred`` (grown to the content's size hint), within ``available``."""
    hint = widget.sizeHint()
    room = QSize(int(available.width() * SCREEN_SHARE), int(available.height() * SCREEN_SHARE))
    width = min(max(preferred.width(), hint.width()), room.width())
    height = min(max(preferred.height(), hint.height()), room.height())
    minimum = widget.minimumSizeHint()
    return QSize(max(width, min(minimum.width(), available.width())),
                 max(height, min(minimum.height(), available.height())))  # fmt: skip


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or what of it the screen holds."""
    widget.resize(fitted_size(widget, QSize(width, height), available_size(widget)))

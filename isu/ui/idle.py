"""Lock after a period without keyboard or mouse input, watched on the whole application."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWheelEvent

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.ShortcutOverride,
    }
)
# The classes of those events. Every event of the application passes the filter (thousands
# when a case view is built), and a class check costs far less than asking ``type()``.
_INPUT_CLASSES = (QKeyEvent, QMouseEvent, QWheelEvent, QTouchEvent)


class IdleWatcher(QObject):
    """An event filter for the QApplication: any input restarts the countdown; when it runs
    out ``idle`` fires once (until input or ``restart`` starts it again)."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))
        if self._timer.isActive():
            self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def restart(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, _INPUT_CLASSES)
            and event.type() in _INPUT_EVENTS
            and self._timer.isActive()
        ):
            self._timer.start()
        return False

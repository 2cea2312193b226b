"""Database work off the GUI thread: one worker thread, results back through signals.

Every service call opens its own session (one per unit of work), so running calls one after
another on a single worker thread keeps them ordered without sharing a session across
threads. The GUI hears about results on its own thread, through queued signals.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

BUSY_DELAY_MS = 500
log = logging.getLogger("isu.ui")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Created on the GUI thread, emitted from the worker: Qt queues the delivery."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, token: int, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._token, self._work, self._relay = token, work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            self._relay.failed.emit(self._token, exc)
        else:
            self._relay.done.emit(self._token, result)


class DbExecutor(QObject):
    """Runs callables one at a time on a worker thread.

    ``busy`` turns true only when work has been running for ``BUSY_DELAY_MS`` so quick
    loads do not flash an indicator. Failures without their own handler go to ``failed``.
    """

    busy = Signal(bool)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver_result)
        self._relay.failed.connect(self._deliver_failure)
        self._handlers: dict[int, tuple[Done | None, Failed | None]] = {}
        self._tokens = itertools.count(1)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.emit(True))
        self._showing_busy = False
        self.busy.connect(self._remember_busy)

    @property
    def pending(self) -> int:
        return len(self._handlers)

    def submit(
        self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        token = next(self._tokens)
        self._handlers[token] = (on_done, on_error)
        if not self._busy_timer.isActive() and not self._showing_busy:
            self._busy_timer.start()
        self._pool.start(_Job(token, work, self._relay))

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until queued work has run (used when quitting)."""
        return self._pool.waitForDone(msecs)

    @Slot(bool)
    def _remember_busy(self, busy: bool) -> None:
        self._showing_busy = busy

    def _finish(self, token: int) -> tuple[Done | None, Failed | None]:
        handlers = self._handlers.pop(token, (None, None))
        if not self._handlers:
            self._busy_timer.stop()
            if self._showing_busy:
                self.busy.emit(False)
        return handlers

    @Slot(int, object)
    def _deliver_result(self, token: int, result: object) -> None:
        on_done, _ = self._finish(token)
        if on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _deliver_failure(self, token: int, exc: BaseException) -> None:
        _, on_error = self._finish(token)
        if on_error is not None:
            on_error(exc)
        else:
            self.failed.emit(exc)

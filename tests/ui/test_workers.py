"""The single-thread executor: ordered results on the GUI thread, errors never lost, and a
busy signal only for work that takes longer than the delay."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtGui import QKeySequence

from isu.ui.workers import BUSY_DELAY_MS, DbExecutor

TIMEOUT = 10_000


def test_results_arrive_in_order_on_the_gui_thread(qtbot, qapp):
    executor = DbExecutor()
    results: list[tuple[int, bool]] = []
    worker_threads: set[object] = set()

    def work(n: int) -> int:
        worker_threads.add(threading.get_ident())
        return n

    for n in range(5):
        executor.submit(
            lambda n=n: work(n),
            lambda r: results.append((r, QThread.currentThread() is qapp.thread())),
        )
    qtbot.waitUntil(lambda: len(results) == 5, timeout=TIMEOUT)
    assert results == [(n, True) for n in range(5)]
    assert len(worker_threads) == 1 and threading.get_ident() not in worker_threads


def test_failures_go_to_the_handler_or_the_failed_signal(qtbot):
    executor = DbExecutor()
    handled: list[BaseException] = []
    executor.submit(lambda: 1 / 0, on_error=handled.append)
    qtbot.waitUntil(lambda: bool(handled), timeout=TIMEOUT)
    assert isinstance(handled[0], ZeroDivisionError)
    with qtbot.waitSignal(executor.failed, timeout=TIMEOUT) as blocker:
        executor.submit(lambda: [][1])
    assert isinstance(blocker.args[0], IndexError)


def test_busy_only_after_the_delay(qtbot):
    executor = DbExecutor()
    busy: list[bool] = []
    executor.busy.connect(busy.append)
    done: list[int] = []
    executor.submit(lambda: 1, done.append)
    qtbot.waitUntil(lambda: done == [1], timeout=TIMEOUT)
    # A quick job leaves no pending indicator behind that could flash later.
    assert busy == [] and not executor._busy_timer.isActive()
    assert executor._busy_timer.interval() == BUSY_DELAY_MS
    release = threading.Event()
    executor.submit(lambda: release.wait(TIMEOUT / 1000), done.append)
    qtbot.waitUntil(lambda: busy == [True], timeout=TIMEOUT)
    release.set()
    qtbot.waitUntil(lambda: busy == [True, False], timeout=TIMEOUT)


def test_every_main_action_has_its_shortcut(window):
    shortcuts = {
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for action in (
            window.new_action,
            window.save_action,
            window.search_action,
            window.lock_action,
            window.close_view_action,
            window.quit_action,
        )
    }
    assert shortcuts == {"Ctrl+N", "Ctrl+S", "Ctrl+F", "Ctrl+L", "Ctrl+W", "Ctrl+Q"}

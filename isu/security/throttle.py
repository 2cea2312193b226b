"""The wait after failed log-ins: how long, and the counters in a slot that measure it.

The counters live in each ``keyslots.Slot`` (``attempts``, ``attempts_at_success``,
``last_failure``) and are covered by the key file's MAC; ``isu.security.keyslots`` explains
why they can be raised without the data key but not lowered unseen."""

from __future__ import annotations

import time
from dataclasses import replace

from isu.security.keyslots import Slot


def failure_delay(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` failed attempts in a row."""
    if failures <= 0:
        return 0.0
    return float(min(60, 2 ** (failures - 1)))


def seconds_until_allowed(slot: Slot, now: float | None = None) -> float:
    now = time.time() if now is None else now
    return max(0.0, slot.last_failure + failure_delay(slot.failures) - now)


def record_failure(slot: Slot, now: float | None = None) -> Slot:
    now = time.time() if now is None else now
    return replace(slot, attempts=slot.attempts + 1, last_failure=max(now, slot.last_failure))


def record_success(slot: Slot) -> Slot:
    return replace(slot, attempts_at_success=slot.attempts, last_failure=0.0)

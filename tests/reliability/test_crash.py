"""Kill a program while it saves (SIGKILL at random moments): after every kill the database
opens, passes every check, and holds every case the program had acknowledged."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import crash_harness

KILLS = int(os.environ.get("ISU_CRASH_KILLS", "15"))


def test_every_acknowledged_case_survives_random_kills(tmp_path, capsys):
    report = crash_harness.run(tmp_path, KILLS, seed=7, max_delay=0.5)
    with capsys.disabled():
        print(f"\ncrash harness: {report.summary()}")
    assert report.failures == []
    assert report.survived == report.kills == KILLS
    assert report.acknowledged > KILLS  # the writer really got work done between kills

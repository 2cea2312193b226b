"""Kill a program while it saves (SIGKILL at random moments): after every kill the database
opens, passes every check, and holds every case the program had acknowledged."""

from __future__ import annotations

import os

from benchmarks import crash_harness

KILLS = int(os.environ.get("ISU_CRASH_KILLS", "15"))


def test_every_acknowledged_case_survives_random_kills(tmp_path, capsys):
    report = crash_harness.run(tmp_path, KILLS, seed=7, max_delay=0.5)
    with capsys.disabled():
        print(f"\ncrash harness: {report.summary()}")
    assert report.failures == []
    assert report.survived == report.kills == KILLS
    # The writer really got work done between kills (how much depends on the machine's load).
    assert report.acknowledged > 0


def test_user_changes_and_rotations_survive_random_kills(tmp_path, capsys):
    """SIGKILL during user add, passwd, disable and rekey: the database always opens, no key
    slot is left without its user row, and no password change takes effect uncommitted."""
    report = crash_harness.run_users(tmp_path, KILLS, seed=7, max_delay=0.8, cases_count=50)
    with capsys.disabled():
        print(f"\ncrash harness (users): {report.summary()}")
    assert report.failures == []
    assert report.survived == report.kills == KILLS
    assert report.orphan_slots == report.unacknowledged_changes == report.lost_changes == 0
    assert sum(report.killed_during.values()) == KILLS
    assert report.added + report.rekeys > 0  # the child really got work done

"""A program that has the database open when another program rotates its key: every read
and write says the key was changed and to log in again (never "the key does not fit or the
file is damaged"), and logging in again works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from isu.errors import KeyChanged
from isu.services import cases
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD

REPO = Path(__file__).resolve().parents[2]


def test_another_program_rotating_the_key_asks_this_one_to_log_in_again(
    admin_ws, db_path, tmp_path
):
    cases.register_case(admin_ws, "K-1")
    admin_ws.close()
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert cases.list_cases(ws).total == 1
        env = dict(os.environ, ISU_PASSWORD=ADMIN_PASSWORD, ISU_LANG="sv")
        env["ISU_DATA_DIR"] = str(tmp_path / "other-program")
        done = subprocess.run(
            [sys.executable, "-m", "isu", "rekey", "--db", str(db_path), "--user", ADMIN],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        for action in (
            lambda: cases.list_cases(ws),
            lambda: cases.register_case(ws, "K-2"),
            ws.read_slots,
        ):
            with pytest.raises(KeyChanged) as changed:
                action()
            assert "nyckel har bytts" in changed.value.sv and "Logga in igen" in changed.value.sv
    finally:
        ws.close()  # closing still works (the anchor is simply not moved)
    again = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert [r.case_number for r in cases.list_cases(again).rows] == ["K-1"]
    finally:
        again.close()

"""``isu demo``: the demo appears whole or not at all, and it never touches a real database."""

from __future__ import annotations

import pytest

from isu.cli import main
from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.domain.roles import Role
from isu.security import keyslots
from isu.services import cases, demo, users
from isu.services.sign_in import login
from isu.services.workspace import init_database
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _demo(db, *extra: str) -> int:
    return main(["demo", "--no-gui", "--cases", "6", "--db", str(db), *extra])


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _case_count(db) -> int:
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        return cases.list_cases(ws).total
    finally:
        ws.close()


@pytest.fixture
def real_db(tmp_path):
    """A real (not demo) database, with a user called ``demo`` who has a password of their own."""
    db = tmp_path / "riktig.db"
    ws, _ = init_database(db, ADMIN, ADMIN_PASSWORD)
    users.add_user(ws, DEMO_USER, "ett-eget-lösenord-9", Role.COORDINATOR)
    ws.close()
    return db


def test_demo_is_created_marked_and_reused(tmp_path, capsys):
    db = tmp_path / "demo" / "isu-demo.db"
    assert _demo(db) == 0
    assert _files(db.parent) == ["isu-demo.db", "isu-demo.db.keys"]
    assert _case_count(db) == 6
    assert demo.is_demo_database(db, DEMO_USER, DEMO_PASSWORD)
    capsys.readouterr()
    assert _demo(db) == 0
    out = capsys.readouterr().out
    assert "finns redan" in out and DEMO_PASSWORD in out


def test_force_replaces_a_demo(tmp_path):
    db = tmp_path / "isu-demo.db"
    assert _demo(db) == 0
    assert main(["demo", "--no-gui", "--cases", "9", "--db", str(db), "--force"]) == 0
    assert _case_count(db) == 9
    assert _files(tmp_path) == ["appdata", "isu-demo.db", "isu-demo.db.keys"]


def test_a_failed_creation_leaves_nothing_and_the_next_run_starts_over(
    tmp_path, monkeypatch, capsys
):
    """Before: the half-made database stayed, and the next run said "already exists" and
    printed the password of a database with 0 cases."""
    db = tmp_path / "demo" / "isu-demo.db"

    def disk_full(ws):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(demo, "mark_as_demo", disk_full)
    assert _demo(db) != 0
    assert _files(db.parent) == []
    monkeypatch.undo()
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", keyslots.KdfParams(8192, 1, 1))
    capsys.readouterr()
    assert _demo(db) == 0
    assert "skapades" in capsys.readouterr().out
    assert _case_count(db) == 6


def test_interrupting_a_replacement_keeps_the_old_demo(tmp_path, monkeypatch):
    db = tmp_path / "isu-demo.db"
    assert main(["demo", "--no-gui", "--cases", "4", "--db", str(db)]) == 0

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "populate", interrupted)
    assert _demo(db, "--force") == 1
    assert _case_count(db) == 4
    assert _files(tmp_path) == ["appdata", "isu-demo.db", "isu-demo.db.keys"]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_real_database_is_refused_untouched(real_db, capsys, force):
    """Before: ``isu demo --db REAL.db`` printed the demo user and password and exited 0."""
    slot_file = keyslots.slot_path_for(real_db)
    before = real_db.read_bytes(), slot_file.read_bytes()
    assert _demo(real_db, *(["--force"] if force else [])) != 0
    captured = capsys.readouterr()
    assert "inte en demodatabas" in captured.err
    assert DEMO_PASSWORD not in captured.out + captured.err
    # Not replaced, not signed in to, and no failed sign-in counted against the user "demo".
    assert (real_db.read_bytes(), slot_file.read_bytes()) == before
    slots = keyslots.read_slot_file(slot_file)
    assert slots.find(slots.user_slot_id(DEMO_USER)).failures == 0


def test_a_database_with_the_demo_password_but_no_marker_is_refused(tmp_path, capsys):
    db = tmp_path / "lookalike.db"
    ws, _ = init_database(db, DEMO_USER, DEMO_PASSWORD)
    ws.close()
    assert _demo(db, "--force") != 0
    assert "inte en demodatabas" in capsys.readouterr().err
    assert not demo.is_demo_database(db, DEMO_USER, DEMO_PASSWORD)


def test_a_file_that_is_no_database_is_refused(tmp_path, capsys):
    db = tmp_path / "notes.db"
    db.write_text("not a database", encoding="utf-8")
    assert _demo(db, "--force") != 0
    assert db.read_text(encoding="utf-8") == "not a database"
    assert "inte en demodatabas" in capsys.readouterr().err

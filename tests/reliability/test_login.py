"""Log-in protection, through the real command: the growing delay survives a restart, a
disabled account opens nothing, and a recovery-key reset is logged."""

from __future__ import annotations

import json

from sqlalchemy import text

from isu.domain.roles import Role
from isu.security import keyslots
from isu.services import users
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli, run_python

AT_TIME = """
import time
# Each run is a fresh program (a restart); its clock is set so the test does not wait.
time.time = lambda: float(sys.argv[1])
from tests.reliability.support import cli
raise SystemExit(cli(sys.argv[2:]))
"""


def _verify_at(clock: float, db_path, password_file) -> tuple[int, str]:
    done = run_python(
        AT_TIME,
        str(clock),
        "verify",
        "--db",
        str(db_path),
        "--user",
        ADMIN,
        "--password-file",
        str(password_file),
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def _audit(db_path) -> list[tuple[str, str, str, str]]:
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.db.reading() as session:
            return [
                tuple(r)
                for r in session.execute(
                    text("SELECT actor, action, target, detail FROM audit_log ORDER BY id")
                )
            ]
    finally:
        ws.close()


def test_the_delay_after_wrong_passwords_grows_and_survives_restarts(db_path, admin_ws, tmp_path):
    admin_ws.close()
    right, wrong = tmp_path / "right.txt", tmp_path / "wrong.txt"
    right.write_text(ADMIN_PASSWORD)
    wrong.write_text("fel-lösenord-123")
    t0 = 2_000_000_000.0
    slot_file = keyslots.slot_path_for(db_path)

    def failures() -> int:
        slots = keyslots.read_slot_file(slot_file)
        return slots.find(slots.user_slot_id(ADMIN)).failures

    assert _verify_at(t0, db_path, wrong) == (
        2,
        "isu: Fel användarnamn eller lösenord. Kontrollera stora och små bokstäver.\n",
    )
    code, err = _verify_at(t0 + 0.5, db_path, right)
    assert code == 2 and "Vänta 1 sekunder" in err  # even the right password must wait
    assert failures() == 1  # a throttled attempt is not counted
    assert _verify_at(t0 + 1.5, db_path, wrong)[0] == 2
    assert failures() == 2
    code, err = _verify_at(t0 + 2.0, db_path, right)
    assert code == 2 and "Vänta 2 sekunder" in err  # 2 s after the second failure
    assert _verify_at(t0 + 4.0, db_path, right)[0] == 0
    assert failures() == 0
    logged = [(a, json.loads(d)) for _, a, _, d in _audit(db_path) if a == "login_failed"]
    assert logged == [("login_failed", {"count": 2})]


def test_a_disabled_account_opens_nothing(db_path, admin_ws, tmp_path, capsys, monkeypatch):
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    admin_ws.close()
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    assert cli(["user", "disable", "--db", str(db_path), "--user", ADMIN, "sara"]) == 0
    monkeypatch.setenv("ISU_PASSWORD", "saras-lösenord")
    capsys.readouterr()
    assert cli(["verify", "--db", str(db_path), "--user", "sara"]) == 2
    assert "Fel användarnamn eller lösenord" in capsys.readouterr().err
    slots = keyslots.read_slot_file(keyslots.slot_path_for(db_path))
    assert not slots.has_user("sara")  # the password no longer unwraps anything
    assert any(action == "user_disabled" for _, action, _, _ in _audit(db_path))


def test_a_recovery_key_reset_is_logged(db_path, new_db, tmp_path, capsys, monkeypatch):
    admin_ws, recovery = new_db
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    sara_id = next(u.id for u in users.list_users(admin_ws) if u.username == "sara")
    admin_ws.close()
    monkeypatch.setenv("ISU_RECOVERY_KEY", recovery.lower())
    monkeypatch.setenv("ISU_NEW_PASSWORD", "saras-nya-lösenord")
    assert cli(["user", "passwd", "--db", str(db_path), "--recovery", "sara"]) == 0
    login(db_path, "sara", "saras-nya-lösenord").close()
    entries = _audit(db_path)
    assert ("recovery-key", "password_reset_with_recovery", f"user:{sara_id}", "{}") in entries
    monkeypatch.setenv("ISU_RECOVERY_KEY", "AAAAAA-BBBBBB-CCCCCC")
    capsys.readouterr()
    assert cli(["user", "passwd", "--db", str(db_path), "--recovery", "sara"]) == 2
    assert "Återställningsnyckeln stämmer inte" in capsys.readouterr().err


FULL_DISK = """
import resource, signal
# A file-size limit below the key file's size: every write of it fails, as on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (512, resource.RLIM_INFINITY))
from tests.reliability.support import cli
raise SystemExit(cli(sys.argv[1:]))
"""


def test_a_failure_that_cannot_be_recorded_refuses_the_login(db_path, admin_ws, tmp_path):
    admin_ws.close()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("fel-lösenord-123")
    keys = keyslots.slot_path_for(db_path)
    before = keys.read_bytes()
    for user in (ADMIN, "nobody"):  # a known and an unknown name answer alike
        done = run_python(
            FULL_DISK, "verify", "--db", str(db_path), "--user", user, "--password-file", str(wrong)
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert "Försöket kunde inte registreras" in done.stderr
        assert "inloggningen nekas" in done.stderr
    assert keys.read_bytes() == before

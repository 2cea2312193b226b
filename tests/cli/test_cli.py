"""The ``isu`` command, in-process (fast) and once as a real subprocess."""

import os
import subprocess
import sys

import pytest

from isu.cli import main
from isu.security import keyslots
from tests.conftest import ADMIN_PASSWORD

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def pw_file(tmp_path):
    path = tmp_path / "pw.txt"
    path.write_text(ADMIN_PASSWORD + "\n")
    return path


@pytest.fixture
def cli_db(tmp_path, pw_file, capsys):
    db = tmp_path / "cli.db"
    assert (
        main(
            [
                "init",
                "--db",
                str(db),
                "--admin",
                "chef",
                "--password-file",
                str(pw_file),
                "--municipality",
                "0180",
                "--unit",
                "SIG Väst",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    return db, out


def test_init_prints_the_recovery_key_once(cli_db):
    db, out = cli_db
    assert "ÅTERSTÄLLNINGSNYCKEL" in out
    recovery = out.strip().splitlines()[-1].strip()
    slots = keyslots.read_slot_file(keyslots.slot_path_for(db))
    assert keyslots.unlock_recovery(slots, recovery)


def test_user_add_list_and_wrong_password_exit_codes(
    cli_db, pw_file, tmp_path, capsys, monkeypatch
):
    db, _ = cli_db
    new_pw = tmp_path / "new.txt"
    new_pw.write_text("samordnarens-lösen")
    assert (
        main(
            [
                "user",
                "add",
                "--db",
                str(db),
                "--user",
                "chef",
                "--password-file",
                str(pw_file),
                "sara",
                "--role",
                "samordnare",
                "--new-password-file",
                str(new_pw),
            ]
        )
        == 0
    )
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    assert main(["user", "list", "--db", str(db), "--user", "chef"]) == 0
    listing = capsys.readouterr().out
    assert "sara\tSamordnare" in listing
    monkeypatch.setenv("ISU_PASSWORD", "fel-lösenord")
    assert main(["verify", "--db", str(db), "--user", "chef"]) == 2
    err = capsys.readouterr().err
    assert "Fel användarnamn eller lösenord" in err
    assert "Traceback" not in err


def test_verify_and_audit(cli_db, pw_file, capsys):
    db, _ = cli_db
    assert main(["verify", "--db", str(db), "--user", "chef", "--password-file", str(pw_file)]) == 0
    assert "Granskningsloggen: OK" in capsys.readouterr().out
    assert main(["audit", "--db", str(db), "--user", "chef", "--password-file", str(pw_file)]) == 0
    out = capsys.readouterr().out
    assert "database_created" in out and "form_published" in out


def test_missing_key_file_is_exit_2_with_a_clear_message(cli_db, pw_file, capsys):
    db, _ = cli_db
    keyslots.slot_path_for(db).unlink()
    assert main(["verify", "--db", str(db), "--user", "chef", "--password-file", str(pw_file)]) == 2
    assert "Nyckelfilen saknas" in capsys.readouterr().err


def test_form_check_passes_on_the_sig_form(capsys):
    assert main(["form", "check", os.path.join(REPO, "isu", "resources", "forms", "sig.yaml")]) == 0
    assert "OK" in capsys.readouterr().out


def test_bad_usage_is_exit_2():
    with pytest.raises(SystemExit) as raised:
        main(["user", "add"])
    assert raised.value.code == 2


def test_python_dash_m_isu_runs_as_a_program(tmp_path):
    env = dict(os.environ, ISU_DATA_DIR=str(tmp_path / "data"), ISU_LANG="en")
    result = subprocess.run(
        [sys.executable, "-m", "isu", "verify", "--db", str(tmp_path / "none.db"), "--user", "x"],
        env=dict(env, ISU_PASSWORD="whatever"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_case_commands_register_show_close_and_reopen(cli_db, pw_file, capsys, monkeypatch):
    db, _ = cli_db
    monkeypatch.setenv("ISU_USER", "chef")
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db)]
    assert (
        main(
            [
                "case",
                "new",
                *base,
                "--number",
                "V-1",
                "gender=Flicka/kvinna",
                "birth_year=2010",
                "consent_youth=ja",
                "referral_date=2026-01-10",
                "start_date=2026-02-01",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "case",
                "set",
                *base,
                "V-1",
                "drug_use=vill_ej_svara",
                "--item",
                "interventions:intervention_type=mentor,intervention_status=planerad",
            ]
        )
        == 0
    )
    assert (
        main(["case", "close", *base, "V-1", "--date", "2026-05-01", "--reason", "plan_genomford"])
        == 0
    )
    capsys.readouterr()
    assert main(["case", "show", *base, "V-1"]) == 0
    shown = capsys.readouterr().out
    assert "Kön: Flicka/kvinna" in shown
    assert "Ålder vid start: 16" in shown
    assert "Vill ej svara" in shown
    assert "Mentor eller kontaktperson" in shown
    assert "Avslutat" in shown
    assert main(["case", "reopen", *base, "V-1"]) == 0
    assert main(["case", "list", *base, "--status", "ongoing"]) == 0
    assert "V-1\tPågående" in capsys.readouterr().out
    assert main(["case", "set", *base, "V-1", "gender=marsian"]) == 2
    assert "Traceback" not in capsys.readouterr().err

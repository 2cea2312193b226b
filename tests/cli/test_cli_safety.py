"""The command line under attack and misuse: abbreviated options, a password given as an
argument, a missing folder, no display."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from isu.cli import build_parser, main
from tests.conftest import ADMIN_PASSWORD

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "Hemligt-Lösen-93"


def _parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_no_parser_accepts_abbreviated_options():
    parsers = list(_parsers(build_parser()))
    assert len(parsers) > 30
    assert [p.prog for p in parsers if p.allow_abbrev] == []


def test_an_abbreviation_of_a_real_option_is_refused(tmp_path, capsys):
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    with pytest.raises(SystemExit) as raised:
        main(["verify", "--db", str(tmp_path / "x.db"), "--us", "chef", "--password-f", str(pw)])
    assert raised.value.code == 2
    assert "okända argument" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "--db", "x.db", "--password", SECRET],
        ["verify", "--db", "x.db", f"--password={SECRET}"],
        ["verify", "--db", "x.db", "--pass", SECRET],
        ["verify", "--db", "x.db", "--passw", SECRET],
        ["verify", "--db", "x.db", f"--passwo={SECRET}"],
        ["case", "list", "--db", "x.db", "--user", "chef", "--password", SECRET],
        ["user", "add", "--db", "x.db", "sara", "--role", "admin", "--new-password", SECRET],
        ["--password", SECRET],
        ["init", "--db", "x.db", "--admin", "a", "--pa", SECRET],
        ["verify", "--db", "x.db", "--p", SECRET],
    ],
    ids=lambda a: " ".join(a).replace(SECRET, "SECRET"),
)
def test_a_password_on_the_command_line_is_refused_and_never_echoed(argv, capsys, tmp_path):
    log = tmp_path / "appdata" / "logs" / "isu.log"
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "lösenord tas aldrig från kommandoraden" in captured.err
    assert SECRET not in captured.err + captured.out
    assert not log.exists() or SECRET not in log.read_text(encoding="utf-8")


def test_the_refusal_is_english_in_the_english_program(capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "en")
    assert main(["verify", "--db", "x.db", "--pass", SECRET]) == 2
    err = capsys.readouterr().err
    assert "passwords are never taken from the command line" in err and SECRET not in err


def test_password_file_and_other_real_options_are_not_refused(tmp_path, capsys):
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    db = tmp_path / "ok.db"
    argv = ["init", "--db", str(db), "--admin", "chef", f"--password-file={pw}"]
    assert main(argv) == 0
    capsys.readouterr()
    argv = ["user", "passwd", "--db", str(db), "--recovery", "--recovery-file", str(pw)]
    assert main(argv) == 2  # the wrong recovery key, but the options were accepted
    assert "lösenord tas aldrig" not in capsys.readouterr().err


def test_a_value_after_double_dash_is_not_taken_for_an_option(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_USER", "chef")
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    code = main(["case", "show", "--db", str(tmp_path / "none.db"), "--", "--password"])
    assert code == 2
    err = capsys.readouterr().err
    assert "lösenord tas aldrig" not in err and "finns inte" in err


def test_init_in_a_missing_folder_names_the_folder(tmp_path, capsys):
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    target = tmp_path / "no" / "such" / "dir" / "x.db"
    argv = ["init", "--db", str(target), "--admin", "a", "--password-file", str(pw)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"Mappen {target.parent} finns inte" in err
    assert "oväntat fel" not in err and "FileNotFoundError" not in err
    assert not (tmp_path / "no").exists()  # nothing made on the way


def test_a_summary_into_a_missing_folder_is_explained(tmp_path, capsys):
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    db = tmp_path / "s.db"
    assert main(["init", "--db", str(db), "--admin", "chef", "--password-file", str(pw)]) == 0
    capsys.readouterr()
    out = tmp_path / "no" / "such" / "s.pdf"
    argv = ["summary", "--db", str(db), "--user", "chef", "--password-file", str(pw)]
    assert main([*argv, "--pdf", str(out)]) in (1, 2)
    err = capsys.readouterr().err
    assert "finns inte" in err and "No such file" not in err and "oväntat fel" not in err


def _without_display() -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return env


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11/Wayland only")
@pytest.mark.parametrize("argv", [[], ["gui"]], ids=["isu", "isu gui"])
def test_no_display_says_how_to_go_on_instead_of_aborting(argv, tmp_path):
    env = dict(_without_display(), ISU_DATA_DIR=str(tmp_path / "data"), ISU_LANG="sv")
    done = subprocess.run(
        [sys.executable, "-m", "isu", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 2, done.stderr
    assert "Ingen skärm hittades" in done.stderr
    assert "--smoke-test" in done.stderr and "isu --help" in done.stderr
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr


def test_a_chosen_qt_platform_counts_as_a_display(monkeypatch):
    from isu.cli.gui import display_available

    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_available()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    assert display_available() == (sys.platform in ("win32", "darwin"))


def test_a_password_typed_where_the_file_name_belongs_is_not_echoed(tmp_path, capsys):
    """The original attack: the password ended up as --password-file's value, and the error
    about the unreadable file repeated it."""
    argv = ["verify", "--db", str(tmp_path / "x.db"), "--user", "a", "--password-file", SECRET]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "--password-file kan inte läsas: filen eller mappen finns inte" in captured.err
    assert SECRET not in captured.err + captured.out

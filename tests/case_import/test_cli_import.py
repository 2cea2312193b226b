"""``isu case import`` as a user runs it: one unlock, the problems as a table, exit codes."""

from __future__ import annotations

import pytest

from isu.cli import main
from isu.services import cases
from tests.case_import.conftest import ENKAT_HEADER, ENKAT_ROWS, SIG_HEADER, SIG_ROWS, write_csv
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _run(ws, path, *extra):
    return main(["case", "import", "--db", str(ws.path), "--user", ADMIN, str(path), *extra])


def test_dry_run_then_import(ws, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    path = write_csv(tmp_path / "sig.csv", SIG_HEADER, SIG_ROWS)
    assert _run(ws, path, "--form", "sig", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Provkörning: 3 ärenden kan importeras till sig" in out and "Inget sparades" in out
    assert cases.count_cases(ws) == 0
    assert _run(ws, path, "--form", "sig") == 0
    assert "3 ärenden importerade till sig" in capsys.readouterr().out
    assert cases.count_cases(ws) == 3


def test_problems_are_printed_as_row_column_message_and_nothing_is_saved(
    ws, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    rows = [*ENKAT_ROWS, ["K-4", "Ort", "", "1", "tolv", "", "", "", ""]]
    path = write_csv(tmp_path / "enkat.csv", [*ENKAT_HEADER, "färg"], [[*r, ""] for r in rows])
    assert _run(ws, path, "--form", "enkat") == 2
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "Rad\tKolumn\tMeddelande"
    assert any(line.startswith("1\tfärg\tOkänd kolumn") for line in lines)
    assert any(line.startswith("5\tantal\t") and "inget heltal" in line for line in lines)
    assert "2 fel i enkat.csv. Inget sparades." in captured.err
    assert "Traceback" not in captured.err
    assert cases.count_cases(ws) == 0


def test_in_english_and_the_form_is_required(ws, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("ISU_LANG", "en")
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, ENKAT_ROWS, delimiter=",")
    assert _run(ws, path, "--form", "enkat") == 0
    assert "3 cases imported into enkat v1" in capsys.readouterr().out
    assert _run(ws, path, "--form", "nosuchform") == 2
    assert "Form nosuchform is not published" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        _run(ws, path)
    assert exit_.value.code == 2
    assert "--form" in capsys.readouterr().err

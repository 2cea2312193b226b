"""The command line with two published forms: ``case new`` must be told which, ``summary
--form`` chooses one, and ``form check`` warns about a phase that can never count."""

from __future__ import annotations

import pytest

from isu.cli import main
from tests.conftest import ADMIN_PASSWORD
from tests.summary_generic.support import FORM_PATH, form_text


@pytest.fixture
def two_forms(tmp_path, capsys, monkeypatch):
    db = tmp_path / "cli.db"
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD + "\n")
    assert main(["init", "--db", str(db), "--admin", "chef", "--password-file", str(pw)]) == 0
    monkeypatch.setenv("ISU_USER", "chef")
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    assert main(["form", "publish", "--db", str(db), str(FORM_PATH)]) == 0
    capsys.readouterr()
    return db


def test_case_new_needs_form_when_several_are_published(two_forms, capsys):
    argv = ["case", "new", "--db", str(two_forms), "--number", "K01", "lead=soc"]
    assert main(argv) == 2  # a user error
    err = capsys.readouterr().err
    assert "Flera formulär är publicerade (kommunenkat, sig)" in err and "--form" in err
    assert "Traceback" not in err
    assert main([*argv[:2], "--form", "kommunenkat", *argv[2:]]) == 0


def test_summary_form_chooses_the_form(two_forms, tmp_path, capsys):
    base = ["--db", str(two_forms)]
    for i in range(6):
        answers = ["lead=soc", "partners=polis; skola", "sat_police=5", "has_plan=ja"]
        argv = ["case", "new", *base, "--form", "kommunenkat", "--number", f"K{i}", *answers]
        assert main(argv) == 0
    out = tmp_path / "csv"
    assert main(["summary", *base, "--form", "kommunenkat", "--csv", str(out)]) == 0
    index = (out / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "kommunenkat" in index and "Antal kommuner (N);6" in index
    capsys.readouterr()
    assert main(["summary", *base, "--form", "nosuch", "--pdf", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "Formuläret nosuch är inte publicerat. Publicerade formulär: kommunenkat, sig." in err


def test_form_check_warns_about_a_phase_that_never_counts(tmp_path, capsys):
    path = tmp_path / "noreq.yaml"
    path.write_text(form_text().replace("    requires: []\n", ""), encoding="utf-8")
    assert main(["form", "check", str(path)]) == 0  # a warning does not fail the check
    out = capsys.readouterr().out
    assert "varning: Frågorna i fasen during räknas aldrig i sammanställningen" in out
    assert main(["form", "check", str(FORM_PATH)]) == 0
    assert "varning" not in capsys.readouterr().out

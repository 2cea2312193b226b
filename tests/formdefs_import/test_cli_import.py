"""``isu form import`` end to end: the YAML it writes passes ``isu form check``, can be
published, and a case can be saved with it; the report is Swedish by default; bad input
gives a clear message and writes nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from isu.cli import main
from tests.conftest import ADMIN_PASSWORD
from tests.formdefs_import.old_syntax_forms import MUNICIPALITY_SURVEY
from tests.formdefs_import.xlsforms import write_xlsform

DATA = Path(__file__).parent / "data"


@pytest.fixture
def swedish(monkeypatch):
    monkeypatch.setenv("ISU_LANG", "sv")


def test_import_writes_a_private_form_that_checks_and_reports_in_swedish(tmp_path, capsys, swedish):
    out = tmp_path / "parenting_group.yaml"
    assert main(["form", "import", str(DATA / "parenting_group.csv"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "15 fält lästa, 11 frågor och 2 beskrivande texter importerade" in printed
    assert "bmi: beräknad" in printed and "intro_baseline: beskrivande text" in printed
    assert "Inte importerat:" in printed and "stress_flag: beräkningen" in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert main(["form", "check", str(out)]) == 0
    assert "OK – parenting_group version 1, 11 frågor" in capsys.readouterr().out


def test_an_existing_file_is_kept_and_bad_input_writes_nothing(tmp_path, capsys, swedish):
    out = tmp_path / "form.yaml"
    out.write_text("mine\n")
    source = str(DATA / "parenting_group.csv")
    assert main(["form", "import", source, "--out", str(out)]) == 2
    assert "finns redan" in capsys.readouterr().err and out.read_text() == "mine\n"
    assert main(["form", "import", source, "--out", str(out), "--force"]) == 0
    bad = tmp_path / "answers.csv"
    bad.write_text("case_number;gender\nA-1;pojke\n")
    other = tmp_path / "other.yaml"
    assert main(["form", "import", str(bad), "--out", str(other)]) == 2
    err = capsys.readouterr().err
    assert "ingen REDCap-datadictionary" in err and "Traceback" not in err
    assert not other.exists()


def test_the_report_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "en")
    workbook = write_xlsform(MUNICIPALITY_SURVEY, tmp_path / "survey.xlsx")
    assert main(["form", "import", str(workbook), "--out", str(tmp_path / "s.yaml")]) == 0
    printed = capsys.readouterr().out
    assert "(XLSForm): 14 fields read, 11 questions and 3 descriptive texts imported" in printed
    assert "the choice 'other' and the text question reason_other were added" in printed


def test_an_imported_form_is_published_and_a_case_saved_with_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "sv")
    monkeypatch.setenv("ISU_USER", "chef")
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    db, form = tmp_path / "isu.db", tmp_path / "parenting_group.yaml"
    init = ["init", "--db", str(db), "--admin", "chef", "--municipality", "0180"]
    assert main(init) == 0
    assert main(["form", "import", str(DATA / "parenting_group.csv"), "--out", str(form)]) == 0
    assert main(["form", "publish", "--db", str(db), str(form)]) == 0
    answers = ["weight=81", "height=1.8", "stress1=3", "stress2=4", "satisfied=ja"]
    new = ["case", "new", "--db", str(db), "--form", "parenting_group", "--number"]
    for number in range(1, 6):  # five: a summary of fewer is not shown (k = 5)
        assert main([*new, f"P-{number}", *answers]) == 0
    capsys.readouterr()
    assert main(["case", "show", "--db", str(db), "P-1"]) == 0
    shown = capsys.readouterr().out
    assert "BMI: 25" in shown and "Stresspoäng: 7" in shown
    assert "Fyll i före" not in shown  # a text block has no answer to show
    tables = tmp_path / "summary"
    assert main(["summary", "--db", str(db), "--csv", str(tables)]) == 0
    written = " ".join(p.read_text(encoding="utf-8") for p in tables.glob("*.csv"))
    assert "Stresspoäng" in written  # the summary is of this form …
    assert "intro_baseline" not in written and "Fyll i före" not in written  # … without texts

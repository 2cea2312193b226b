"""The printed form (``isu form pdf``): descriptive texts are printed where they stand, among
the questions with their answer boxes; read back from the PDF."""

from __future__ import annotations

import stat
from pathlib import Path

import pypdf

from isu.cli import main
from isu.formdefs import load_form_text
from isu.formdefs.importers.detect import import_form_file
from isu.paths import forms_dir
from isu.reports.form_pdf import write_form_pdf

DATA = Path(__file__).parent / "data"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_descriptive_texts_are_printed_in_place(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "sv")
    form, pdf = tmp_path / "form.yaml", tmp_path / "form.pdf"
    assert main(["form", "import", str(DATA / "parenting_group.csv"), "--out", str(form)]) == 0
    assert main(["form", "pdf", str(form), "--out", str(pdf)]) == 0
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = pdf_text(pdf)
    order = [
        "Fyll i före första träffen.",  # descriptive, before its section's questions
        "Antal barn",
        "Jag känner mig stressad som förälder",
        "(beräknas av programmet)",
        "Fylls i vid sista träffen.",
        "Nöjd med gruppen",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions), text
    assert "logo" not in text and "stress_flag" not in text  # skipped fields are not printed


def test_the_sig_form_prints_in_english_with_its_choices(tmp_path):
    from isu.formdefs import load_form

    pdf = write_form_pdf(load_form(forms_dir() / "sig.yaml"), tmp_path / "sig.pdf", "en")
    text = pdf_text(pdf)
    assert "Follow-up SIG – social intervention groups" in text
    assert "Girl/woman" in text and "Date (YYYY-MM-DD)" in text
    assert "Flicka/kvinna" not in text


def test_a_broken_form_is_refused_with_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "sv")
    document = import_form_file(DATA / "parenting_group.csv").document
    text = document.to_yaml().replace("type: descriptive", "type: descriptiv", 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    assert main(["form", "pdf", str(broken), "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "descriptiv" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    assert load_form_text(document.to_yaml()).descriptive_items()  # the original is fine


def test_markup_in_a_form_text_is_printed_as_written(tmp_path):
    document = import_form_file(DATA / "parenting_group.csv").document
    sneaky = "Ring <font size=40>112</font> & <b>fråga</b>"
    text = document.to_yaml().replace("Fyll i före första träffen.", f"'{sneaky}'")
    pdf = write_form_pdf(load_form_text(text), tmp_path / "form.pdf")
    assert sneaky in pdf_text(pdf)

"""A descriptive text (``type: descriptive``, e.g. from REDCap or an XLSForm note) is shown
in the case view as plain text where the form places it, and never becomes an answer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from isu.domain.model import CaseDetail, CaseStatus
from isu.formdefs import load_form_text
from isu.formdefs.importers.detect import import_form_file
from isu.ui.formview.case_view import CaseView

DATA = Path(__file__).parent.parent / "formdefs_import" / "data"


def test_descriptive_texts_show_in_the_case_view_and_save_nothing(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    document = import_form_file(DATA / "parenting_group.csv").document
    intro_text = "Fyll i <b>före</b> första träffen."  # markup in a form text stays text
    spec = load_form_text(document.to_yaml().replace("Fyll i före första träffen.", intro_text))
    detail = CaseDetail(
        1, "P-1", CaseStatus.ONGOING, spec.id, 1, ws.user.id, "Admin", {}, {}, 1, ""
    )
    view = CaseView(ui_ctx, ws, detail, spec)
    qtbot.addWidget(view)
    view.show()
    for name in view.pages:
        view.build_phase(name)
    labels = {label.text(): label for label in view.findChildren(QLabel, "descriptiveText")}
    assert set(labels) == {intro_text, "Fylls i vid sista träffen."}
    intro = labels[intro_text]
    assert intro.textFormat() is Qt.TextFormat.PlainText
    assert intro.wordWrap() and intro.accessibleName() == "intro_baseline"
    page = view.pages["before"]
    assert intro.isVisibleTo(page)
    answers, _repeats = view.payload()
    assert "intro_baseline" not in answers and "closing_note" not in answers
    assert "intro_baseline" not in view.rows

"""Shows what an import could not map, so nothing is lost silently."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from isu.formdefs.importers import ImportReport


def report_html(report: ImportReport, lang: str, texts: dict[str, str]) -> str:
    """``texts`` holds the translated headings (the dialog's ``tr`` strings)."""
    head = (
        texts["summary"]
        .replace("%1", html.escape(report.source))
        .replace("%2", str(report.fields))
        .replace("%3", str(report.imported))
    )
    parts = [f"<p>{head}</p>"]
    if report.texts:
        parts.append(f"<p>{html.escape(texts['texts'].replace('%1', str(report.texts)))}</p>")
    if report.all_mapped:
        parts.append(f"<p>{html.escape(texts['all'])}</p>")
    for title, notes in ((texts["skipped"], report.skipped), (texts["changed"], report.changed)):
        if notes:
            rows = "".join(
                f"<li><b>{html.escape(n.field)}</b>: {html.escape(n.message.get(lang))}</li>"
                for n in notes
            )
            parts.append(f"<p><b>{html.escape(title)}</b></p><ul>{rows}</ul>")
    return "".join(parts)


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Import report"))
        view = QTextBrowser()
        view.setHtml(
            report_html(
                report,
                lang,
                {
                    "summary": self.tr("%1: %2 fields read, %3 questions imported."),
                    "all": self.tr("Every field was mapped."),
                    "texts": self.tr("%1 descriptive texts (no answer) imported."),
                    "skipped": self.tr("Not imported"),
                    "changed": self.tr("Imported with changes"),
                },
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 28)

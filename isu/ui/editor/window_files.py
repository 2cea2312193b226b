"""Opening, importing, saving and publishing in the form editor: the window's file actions.

A mixin of ``FormEditorWindow`` (it uses the window's document, undo stack and dialogs), kept
apart so the window module is about layout and editing. Its texts are translated under the
``FormFileActions`` context, which Qt finds through the window's class hierarchy.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from isu.errors import UserError, os_error_text
from isu.fileio import atomic_write
from isu.formdefs.document import FormDocument
from isu.formdefs.importers import import_xlsform
from isu.formdefs.importers.detect import import_form_file
from isu.paths import forms_dir
from isu.services import cases, forms
from isu.ui.editor.commands import HeaderCommand, PropertyCommand
from isu.ui.editor.import_report import ImportReportDialog
from isu.ui.editor.publish import PublishDialog, RenameOffer


class FormFileActions:
    def new_empty(self) -> None:
        self.set_document(FormDocument.empty())

    def open_text(self, text: str) -> bool:
        try:
            document = FormDocument.from_yaml(text)
        except UserError as error:
            self._show_error(error)
            return False
        self.set_document(document)
        return True

    def open_default(self) -> bool:
        try:
            text = (forms_dir() / forms.DEFAULT_FORM_FILE).read_text(encoding="utf-8")
        except OSError as error:
            self._show_error(
                UserError(
                    "Standardformuläret kan inte läsas.",
                    f"The default form cannot be read: {error.strerror}",
                )
            )
            return False
        return self.open_text(text)

    def choose_published(self) -> None:
        if self.ws is None:
            return
        published = forms.list_forms(self.ws)
        if not published:
            self._show_error(UserError("Inga formulär är publicerade.", "No forms are published."))
            return
        names = [f"{p.form_id} v{p.version} – {p.title_sv}" for p in published]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Open a published form"), self.tr("Form:"), names, len(names) - 1, False
        )
        if ok:
            picked = published[names.index(chosen)]
            self.open_published(picked.form_id, picked.version)

    def open_published(self, form_id: str, version: int | None = None) -> bool:
        if self.ws is None:
            return False
        try:
            text = forms.form_source(self.ws, form_id, version)
        except UserError as error:
            self._show_error(error)
            return False
        return self.open_text(text)

    def _ask_path(self, title: str, pattern: str, save: bool = False) -> str | None:
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = dialog(self, title, "", pattern)
        return path or None

    def import_yaml(self, path: str | None = None) -> bool:
        path = path or self._ask_path(self.tr("Open form"), self.tr("Forms (*.yaml *.yml)"))
        if path is None:
            return False
        try:
            text = FilePath(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self._show_error(
                UserError(f"Filen kan inte läsas: {path}", f"The file cannot be read: {path}")
            )
            return False
        return self.open_text(text)

    def export_yaml(self, path: str | None = None) -> bool:
        path = path or self._ask_path(self.tr("Save form"), self.tr("Forms (*.yaml)"), save=True)
        if path is None:
            return False
        text = self.document.to_yaml()
        try:
            atomic_write(FilePath(path), text.encode("utf-8"))
        except OSError as error:
            self._show_error(
                UserError(
                    f"Filen kan inte sparas: {os_error_text(error, 'sv')}",
                    f"The file cannot be saved: {os_error_text(error, 'en')}",
                )
            )
            return False
        self.document.mark_saved(text)
        self.undo_stack.setClean()
        self._update_title()
        return True

    def import_redcap(self, path: str | None = None) -> ImportReportDialog | None:
        path = path or self._ask_path(
            self.tr("Import REDCap data dictionary"),
            self.tr("CSV files (*.csv)") + ";;" + self.tr("REDCap API metadata (*.json)"),
        )
        if path is None:
            return None
        try:  # the download, or the API's metadata export (CSV or JSON): found from the content
            result = import_form_file(path)
            document, report = result.document, result.report
        except (OSError, UnicodeDecodeError):
            self._show_error(
                UserError(f"Filen kan inte läsas: {path}", f"The file cannot be read: {path}")
            )
            return None
        except UserError as error:
            self._show_error(error)
            return None
        return self._imported(document, report)

    def import_xlsform(self, path: str | None = None) -> ImportReportDialog | None:
        path = path or self._ask_path(self.tr("Import XLSForm"), self.tr("Excel files (*.xlsx)"))
        if path is None:
            return None
        try:
            document, report = import_xlsform(path)
        except UserError as error:
            self._show_error(error)
            return None
        return self._imported(document, report)

    def _imported(self, document: FormDocument, report: Any) -> ImportReportDialog:
        self.set_document(document)
        dialog = ImportReportDialog(report, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(dialog)
        dialog.open()
        return dialog

    # -- publishing ------------------------------------------------------------------------------
    def publish(self) -> PublishDialog | None:
        if self.ws is None:
            return None
        self.published = self._published_for(self.document)
        dialog = PublishDialog(
            self.document, self.published, cases.count_cases(self.ws), self.lang, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.publish_requested.connect(
            lambda offers, version: self._publish(dialog, offers, version)
        )
        self._keep(dialog)
        dialog.open()
        return dialog

    def _publish(
        self, dialog: PublishDialog, offers: list[RenameOffer], version: int | None
    ) -> None:
        assert self.ws is not None
        self.undo_stack.beginMacro(self.tr("Prepare publishing"))
        for offer in offers:
            path = self.document.find(offer.new_code)
            if path is not None:
                listed = list(self.document.node(path).props.get("renamed_from") or [])
                self.undo_stack.push(
                    PropertyCommand(
                        self.model,
                        self.selector,
                        path,
                        "renamed_from",
                        [*listed, offer.old_code],
                        "",
                    )
                )
        if version is not None:
            self.undo_stack.push(HeaderCommand(self.model, "version", version, ""))
        self.undo_stack.endMacro()
        text = self.document.to_yaml()
        try:
            result = forms.publish_text(self.ws, text, origin="editor")
        except UserError as error:
            self._show_error(error)
            return
        self.document.mark_saved(text)
        for _, node in self.document.walk():
            if node.kind != "phase":
                node.origin_code = node.code  # published: later edits are renames of these
        self.undo_stack.setClean()
        self.published = forms.get_form(self.ws, result.form_id, result.version)
        dialog.accept()
        self.publish_done.emit(result)
        self.statusBar().showMessage(
            self.tr("Published %1 version %2.")
            .replace("%1", result.form_id)
            .replace("%2", str(result.version)),
            8000,
        )
        self._update_title()

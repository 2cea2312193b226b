"""Publishing a new form version: what changed since the published one, what it means for
stored answers, and the renames that must be recorded so no answers are orphaned."""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from isu.domain.form import FormSpec
from isu.errors import FormError, IsuError
from isu.formdefs import FormDiff, UpgradeIssue, check_upgrade, diff_forms, load_form_text
from isu.formdefs.document import FormDocument
from isu.ui.dialog_parts import ok_cancel, wrapped_label


@dataclass(frozen=True)
class RenameOffer:
    new_code: str
    old_code: str


def rename_offers(document: FormDocument, published: FormSpec | None) -> list[RenameOffer]:
    """Codes edited in the editor (or that look renamed) whose old code is published and not
    yet listed in ``renamed_from``."""
    if published is None:
        return []
    codes = document.codes()
    offers: list[RenameOffer] = []
    for _, node in document.questions():
        old = node.origin_code
        listed = node.props.get("renamed_from") or []
        renamed = old and old != node.code and old not in codes and old not in listed
        if renamed and published.has_question(old):
            offers.append(RenameOffer(node.code, old))
    try:
        spec = load_form_text(document.canonical_yaml(), "<editor>")
    except FormError:
        return offers
    for issue in check_upgrade(published, spec):
        if issue.kind == "unmarked_rename":
            old = next((o.old_code for o in offers if o.new_code == issue.code), None)
            if old is None:
                old = _looks_renamed_from(published, spec, issue.code)
                if old is not None:
                    offers.append(RenameOffer(issue.code, old))
    return offers


def _looks_renamed_from(published: FormSpec, spec: FormSpec, code: str) -> str | None:
    diff = diff_forms(published, spec)
    target = spec.question(code)
    for removed in diff.removed:
        old = published.question(removed)
        if (
            old.type_key == target.type_key
            and old.label.sv.casefold() == target.label.sv.casefold()
        ):
            return removed
    return None


def apply_offers(document: FormDocument, offers: list[RenameOffer], version: int | None) -> None:
    """Record the renames (and the new version) in ``document``, in place."""
    for offer in offers:
        path = document.find(offer.new_code)
        if path is None:
            continue
        listed = list(document.node(path).props.get("renamed_from") or [])
        if offer.old_code not in listed:
            document.set_property(path, "renamed_from", [*listed, offer.old_code])
    if version is not None:
        document.set_header("version", version)


class PublishDialog(QDialog):
    """``publish_requested(offers, version)`` when the user confirms; the window records the
    renames and version as undoable edits and then publishes."""

    publish_requested = Signal(object, object)

    def __init__(
        self,
        document: FormDocument,
        published: FormSpec | None,
        case_count: int,
        lang: str = "sv",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Publish form"))
        self.document, self.published, self.lang = document, published, lang
        self.case_count = case_count
        self.offers = rename_offers(document, published)
        self.intro = wrapped_label()
        self.version_box = QCheckBox()
        self.version_box.toggled.connect(self.update_report)
        self.offer_boxes: list[tuple[QCheckBox, RenameOffer]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.version_box)
        for offer in self.offers:
            box = QCheckBox(
                self.tr("Record that %1 was renamed from %2 (stored answers follow)")
                .replace("%1", offer.new_code)
                .replace("%2", offer.old_code)
            )
            box.setChecked(True)
            box.toggled.connect(self.update_report)
            self.offer_boxes.append((box, offer))
            layout.addWidget(box)
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        layout.addWidget(self.report, 1)
        self.buttons, self.publish_button = ok_cancel(self, self.tr("&Publish"), self.publish_now)
        layout.addWidget(self.buttons)
        self._setup_version()
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 32)
        self.update_report()

    def _setup_version(self) -> None:
        current = self.document.header.get("version")
        current = current if isinstance(current, int) else 1
        if self.published is None:
            self.intro.setText(
                self.tr("%1 has not been published before. This publishes version %2.")
                .replace("%1", str(self.document.header.get("id", "")))
                .replace("%2", str(current))
            )
            self.version_box.hide()
            self.new_version = None
            return
        wanted = max(current, self.published.version + 1)
        self.new_version = wanted if wanted != current else None
        self.intro.setText(
            self.tr("Published now: version %1. There are %2 registered cases in this database.")
            .replace("%1", str(self.published.version))
            .replace("%2", str(self.case_count))
        )
        self.version_box.setText(
            self.tr("Raise the version number to %1").replace("%1", str(wanted))
        )
        self.version_box.setChecked(self.new_version is not None)
        self.version_box.setVisible(self.new_version is not None)

    def chosen_offers(self) -> list[RenameOffer]:
        return [offer for box, offer in self.offer_boxes if box.isChecked()]

    def chosen_version(self) -> int | None:
        return self.new_version if self.version_box.isChecked() else None

    def candidate(self) -> FormDocument:
        twin = FormDocument(
            copy.deepcopy(self.document.header),
            copy.deepcopy(self.document.choice_lists),
            [phase.copy() for phase in self.document.phases],
        )
        apply_offers(twin, self.chosen_offers(), self.chosen_version())
        return twin

    def update_report(self) -> None:
        candidate = self.candidate()
        problems = candidate.problems()
        if problems:
            lines = "".join(f"<li>{html.escape(p.format(self.lang))}</li>" for p in problems[:20])
            self._show(
                self.tr("The form has problems; fix them first:"), f"<ul>{lines}</ul>", False
            )
            return
        spec = load_form_text(candidate.canonical_yaml(), "<editor>")
        if self.published is None:
            count = len(spec.questions())
            self._show(self.tr("New form with %1 questions.").replace("%1", str(count)), "", True)
            return
        diff = diff_forms(self.published, spec)
        issues = [i for i in check_upgrade(self.published, spec) if i.kind != "version"]
        blocked = bool(issues) or (
            self.chosen_version() is None and (spec.version <= self.published.version)
        )
        self._show(
            self.tr("Changes since the published version:"),
            self.describe(diff, issues),
            not blocked,
        )

    def _show(self, heading: str, body: str, can_publish: bool) -> None:
        self.report.setHtml(f"<p><b>{html.escape(heading)}</b></p>{body}")
        self.publish_button.setEnabled(can_publish)

    def describe(self, diff: FormDiff, issues: list[UpgradeIssue]) -> str:
        parts: list[str] = []

        def block(title: str, meaning: str, items: list[str]) -> None:
            if items:
                entries = "".join(f"<li>{html.escape(item)}</li>" for item in items)
                parts.append(
                    f"<p><b>{html.escape(title)}</b> – {html.escape(meaning)}</p><ul>{entries}</ul>"
                )

        block(
            self.tr("Added"),
            self.tr("asked from now on; existing cases have no answer yet"),
            list(diff.added),
        )
        block(
            self.tr("Removed"),
            self.tr(
                "no longer asked; stored answers are kept and still"
                " shown in old cases and summaries"
            ),
            list(diff.removed),
        )
        block(
            self.tr("Renamed"),
            self.tr("stored answers follow to the new code"),
            [f"{old} → {new}" for old, new in diff.renamed],
        )
        block(
            self.tr("Choices changed"),
            self.tr("added choices are safe; removed choices may be in stored answers"),
            [
                f"{c.code}: +{', '.join(c.added) or '–'} / −{', '.join(c.removed) or '–'}"
                for c in diff.choices_changed
            ],
        )
        block(
            self.tr("Type changed"),
            self.tr("stored answers are converted where possible"),
            [f"{c.code}: {c.old} → {c.new}" for c in diff.type_changed],
        )
        if issues:
            entries = "".join(
                f"<li>{html.escape(issue.message.get(self.lang))}</li>" for issue in issues
            )
            parts.append(
                f"<p style='color:#b00020'><b>{html.escape(self.tr('Blocked'))}</b> – "
                f"{html.escape(self.tr('these changes would lose or orphan data:'))}</p>"
                f"<ul style='color:#b00020'>{entries}</ul>"
            )
        if not parts:
            parts.append(f"<p>{html.escape(self.tr('No changes to questions.'))}</p>")
        return "".join(parts)

    def publish_now(self) -> None:
        if self.publish_button.isEnabled():
            self.publish_requested.emit(self.chosen_offers(), self.chosen_version())


def publish_error_text(error: BaseException, lang: str) -> str:
    if isinstance(error, IsuError):
        return error.message(lang)
    return str(error)

"""The case view: one tab per phase, rendered from the form, with live skip logic,
computed fields and warnings. Saving is never blocked by warnings."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from isu.domain.answers import Answer
from isu.domain.form import PHASES, FormSpec
from isu.domain.model import CaseDetail, CaseStatus
from isu.formdefs import Evaluation, evaluate_case
from isu.services import cases
from isu.services.case_store import SaveResult
from isu.services.workspace import Workspace
from isu.ui.context import UiContext
from isu.ui.dialogs.close_case import CloseCaseDialog
from isu.ui.formview.lazy import LazyWidgets, codes_by_phase
from isu.ui.formview.phase_page import PhasePage
from isu.ui.formview.question_row import QuestionRow
from isu.ui.formview.repeat import RepeatGroupEditor
from isu.ui.models.repeat_table import Item

Answers = dict[str, Answer]
Repeats = dict[str, list[Item]]
Then = Callable[[bool], None] | None
IDLE_SLICE = 0.010  # seconds of building per turn of the event loop
IDLE_PAUSE_MS = 50  # after opening or a tab switch: what was asked for is shown first


class CaseView(QWidget):
    """``dirty_changed(bool)`` when unsaved edits appear or are saved; ``saved(result)``
    after each save; ``changes_made(result)`` after closing or reopening (the main window
    broadcasts its ``changes``)."""

    dirty_changed = Signal(bool)
    saved = Signal(object)
    changes_made = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        workspace: Workspace,
        detail: CaseDetail,
        spec: FormSpec,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace = workspace
        self.spec = spec
        self.detail = detail
        self.lang = ctx.lang
        self.revision = detail.revision
        self.dirty = False
        self._edits = 0
        self._dirty_phases: set[str] = set()
        self._loading = False
        self._pending = 0  # saves and reloads not answered yet
        self.close_dialog: CloseCaseDialog | None = None
        self.evaluation = Evaluation()
        self._notes: dict[str, str] = {}
        self._item_notes: dict[str, dict[int, list[str]]] = {}
        # As loaded, for the tabs not built yet (a built tab's widgets hold its answers).
        self._stored_answers: Answers = {}
        self._stored_repeats: Repeats = {}
        # The other tabs are built while the event loop is idle, a little at a time.
        self.build_when_idle = True
        self._idle_build = QTimer(self)
        self._idle_build.setSingleShot(True)
        self._idle_build.timeout.connect(self._build_some)
        self._build()
        self.load(detail)
        self._build_phase_at(self.tabs.currentIndex())

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button = QPushButton(self.tr("Close cas&e…"))
        self.close_button.clicked.connect(self.ask_close_case)
        self.reopen_button = QPushButton(self.tr("Re&open case"))
        self.reopen_button.clicked.connect(self.reopen_case)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        for button in (self.save_button, self.close_button, self.reopen_button):
            top.addWidget(button)
        self.summary = QLabel()
        self.summary.setObjectName("warningSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Warnings"))
        self.banner = self._closed_banner()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, PhasePage] = {}
        self._ready: set[str] = set()  # tabs built and filled in
        # Each tab's questions are built while the event loop is idle, or at once when the tab
        # is shown or a row is looked up before that.
        self._row_phase, self._group_phase = codes_by_phase(self.spec, list(PHASES))
        self._rows: dict[str, QuestionRow] = {}
        self._groups: dict[str, RepeatGroupEditor] = {}
        self.rows = LazyWidgets(self._row_phase, self._rows, self.build_phase)
        self.groups = LazyWidgets(self._group_phase, self._groups, self.build_phase)
        for name in PHASES:
            phase = self.spec.phase(name)
            if phase is None:
                continue
            page = PhasePage(self.spec, phase, self.lang, self.evaluate_item, lazy=True)
            self.pages[name] = page
            self.tabs.addTab(page, self.phase_name(name))
        self.tabs.currentChanged.connect(self._build_phase_at)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def _closed_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("infoBanner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.experience_button = QPushButton(self.tr("Open the &questionnaire"))
        self.experience_button.clicked.connect(lambda: self.show_phase("experience"))
        row = QHBoxLayout(banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.experience_button)
        banner.hide()
        return banner

    def _build_phase_at(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, PhasePage):
            self.build_phase(page.phase.name)
        self._schedule_idle_build(IDLE_PAUSE_MS)

    def build_phase(self, name: str) -> None:
        """Builds the tab of phase ``name`` (once), filled in from the answers as loaded."""
        page = self.pages.get(name)
        if page is None or name in self._ready:
            return
        page.build()
        self._ready.add(name)
        self._loading = True
        try:
            for code, row in page.rows.items():
                row.set_answer(self._stored_answers.get(code, Answer()))
                row.changed.connect(lambda phase=name: self._changed(phase))
            for code, group in page.groups.items():
                group.set_items([dict(item) for item in self._stored_repeats.get(code, [])])
                group.changed.connect(lambda phase=name: self._changed(phase))
        finally:
            self._loading = False
        self._rows.update(page.rows)
        self._groups.update(page.groups)
        self._show_evaluation(page.rows, page.groups, [page])

    def unbuilt_tabs(self) -> list[str]:
        """The tabs not built and filled in yet (idle building works through them)."""
        return [name for name in self.pages if name not in self._ready]

    def _schedule_idle_build(self, delay_ms: int = 0) -> None:
        if self.build_when_idle and self.unbuilt_tabs():
            self._idle_build.start(delay_ms)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self._schedule_idle_build(IDLE_PAUSE_MS)

    def hideEvent(self, event: QHideEvent) -> None:  # Qt's name: a view put away builds nothing
        self._idle_build.stop()
        super().hideEvent(event)

    def _build_some(self) -> None:
        """One slice of idle building, short enough that input is never held up."""
        unbuilt = self.unbuilt_tabs()
        if not unbuilt or not self.build_when_idle:
            return
        name = unbuilt[0]
        if self.pages[name].build_some(time.perf_counter() + IDLE_SLICE):
            self.build_phase(name)
        self._schedule_idle_build()

    def can_show(self, spec: FormSpec) -> bool:
        """Whether this view can show another case of ``spec`` (``show_case``): same form
        version, and no save, reload or close dialog still under way for this case."""
        dialog = self.close_dialog  # deleted once finished
        dialog_open = dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible()
        same_form = (spec.id, spec.version) == (self.spec.id, self.spec.version)
        return same_form and self._pending == 0 and not dialog_open

    def show_case(self, detail: CaseDetail) -> None:
        """Another case in the same view (its built tabs are reused), from the first tab."""
        self.load(detail)
        for page in self.pages.values():
            page.verticalScrollBar().setValue(0)
        self.tabs.setCurrentIndex(0)
        self._schedule_idle_build(IDLE_PAUSE_MS)

    def set_workspace(self, workspace: Workspace) -> None:
        """After unlocking again (same user), with the new handle on the database."""
        self.workspace = workspace

    def phase_name(self, phase: str) -> str:
        return {
            "admin": self.tr("Case"),
            "before": self.tr("Before"),
            "during": self.tr("During"),
            "after": self.tr("After"),
            "experience": self.tr("Experience"),
        }.get(phase, phase)

    def show_phase(self, phase: str) -> None:
        page = self.pages.get(phase)
        if page is not None:
            self.tabs.setCurrentWidget(page)

    # -- state ---------------------------------------------------------------------------------
    def load(self, detail: CaseDetail) -> None:
        """Show a case as stored; unsaved edits are dropped."""
        self.detail = detail
        self.revision = detail.revision
        self._stored_answers = dict(detail.answers)
        self._stored_repeats = {code: list(items) for code, items in detail.repeats.items()}
        self._loading = True
        try:
            for code, row in self._rows.items():
                row.set_answer(detail.answers.get(code, Answer()))
            for code, group in self._groups.items():
                group.set_items([dict(item) for item in detail.repeats.get(code, [])])
        finally:
            self._loading = False
        self._dirty_phases.clear()
        self._set_dirty(False)
        self._update_header()
        self.refresh()

    def _update_header(self) -> None:
        detail = self.detail
        status = detail.status.label(self.lang)
        self.header.setText(
            self.tr("Case %1 · %2 · Coordinator: %3")
            .replace("%1", detail.case_number)
            .replace("%2", status)
            .replace("%3", detail.coordinator)
        )
        closed = detail.status is CaseStatus.CLOSED
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        self._update_banner()

    def _phase_answered(self, phase: str) -> bool:
        return any(self._row_phase.get(code) == phase for code in self.answers()) or any(
            self._group_phase.get(code) == phase for code in self.repeats()
        )

    def _phase_asked(self, phase: str) -> bool:
        """Whether skip logic shows any question of ``phase`` (no questionnaire under 13)."""
        return any(
            p == phase and self.evaluation.is_relevant(code) for code, p in self._row_phase.items()
        )

    def _update_banner(self, by_phase: dict[str, list[str]] | None = None) -> None:
        """After closing: what is left to do, until the After phase is filled in without
        warnings and the questionnaire is answered (or marked, e.g. declined), or not asked."""
        by_phase = by_phase if by_phase is not None else self.warnings_by_phase()
        closed = self.detail.status is CaseStatus.CLOSED
        after_left = "after" in self.pages and (
            bool(by_phase.get("after")) or not self._phase_answered("after")
        )
        survey_left = (
            "experience" in self.pages
            and self._phase_asked("experience")
            and not self._phase_answered("experience")
        )
        if after_left and survey_left:
            text = self.tr(
                "The case is closed. Fill in the After phase, and offer the young"
                " person the client-experience questionnaire."
            )
        elif after_left:
            text = self.tr("The case is closed. Fill in the After phase.")
        else:
            text = self.tr(
                "The case is closed. Offer the young person the client-experience questionnaire."
            )
        self.banner_text.setText(text)
        self.experience_button.setVisible(survey_left)
        self.banner.setVisible(closed and (after_left or survey_left))

    def answers(self) -> Answers:
        """On screen for built tabs, as loaded for the others."""
        result: Answers = {}
        for code in self._row_phase:
            row = self._rows.get(code)
            if row is not None:
                if row.question.computed is None and (answer := row.answer()).is_answered:
                    result[code] = answer
            elif (
                (answer := self._stored_answers.get(code)) is not None
                and answer.is_answered
                and self.spec.question(code).computed is None
            ):
                result[code] = answer
        return result

    def repeats(self) -> Repeats:
        result: Repeats = {}
        for code in self._group_phase:
            group = self._groups.get(code)
            items = group.items() if group is not None else self._stored_repeats.get(code)
            if items:
                result[code] = items if group is not None else [dict(i) for i in items]
        return result

    def evaluate(self, answers: Answers, repeats: Repeats) -> Evaluation:
        return evaluate_case(self.spec, answers, repeats, dt.date.today())

    def evaluate_item(self, group_code: str, item: Item, index: int) -> Evaluation:
        """For the repeat dialog: the case as it is on screen, with ``item`` at ``index``."""
        repeats = self.repeats()
        items = list(repeats.get(group_code, []))
        items[index : index + 1] = [item]
        repeats[group_code] = items
        return self.evaluate(self.answers(), repeats)

    def payload(self) -> tuple[Answers, Repeats]:
        """What is saved: every answer, also those hidden by skip logic just now. Hidden
        answers count as unanswered in the form's logic and summaries, and keeping them
        means reopening a case (which hides the After phase) never erases anything."""
        return self.answers(), self.repeats()

    def _changed(self, phase: str) -> None:
        if self._loading:
            return
        self._edits += 1
        self._dirty_phases.add(phase)
        self._set_dirty(True)
        self.refresh()

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self.dirty
        self.dirty = dirty
        if not dirty:
            self._dirty_phases.clear()
        self._update_tabs()
        if changed:
            self.dirty_changed.emit(dirty)

    # -- live logic ----------------------------------------------------------------------------
    def refresh(self) -> None:
        evaluation = self.evaluate(self.answers(), self.repeats())
        self.evaluation = evaluation
        notes: dict[str, str] = {}
        item_notes: dict[str, dict[int, list[str]]] = {}
        for issue in evaluation.issues:
            text = issue.message.get(self.lang)
            if issue.repeat is not None and issue.index is not None:
                label = self.spec.question(issue.code).label.get(self.lang)
                item_notes.setdefault(issue.repeat, {}).setdefault(issue.index, []).append(
                    f"{label}: {text}"
                )
            else:
                notes.setdefault(issue.code, text)
        self._notes, self._item_notes = notes, item_notes
        self._show_evaluation(self._rows, self._groups, list(self.pages.values()))
        self._update_summaries(item_notes)

    def _show_evaluation(
        self,
        rows: dict[str, QuestionRow],
        groups: dict[str, RepeatGroupEditor],
        pages: list[PhasePage],
    ) -> None:
        """The last evaluation on built widgets: skip logic, computed values, warnings."""
        evaluation, notes = self.evaluation, self._notes
        for code, row in rows.items():
            row.set_relevant(evaluation.is_relevant(code))
            if row.question.computed is not None:
                row.editor.set_value(evaluation.value(code))
            problem = row.editor.input_problem
            row.show_warning(problem or notes.get(code, ""))
        for code, group in groups.items():
            group.setVisible(evaluation.relevant.get(code, True))
            group.show_warnings(self._item_notes.get(code, {}))
        for page in pages:
            page.update_sections()

    def warnings_by_phase(self) -> dict[str, list[str]]:
        """From the widgets of built tabs (they also know unreadable input), from the
        evaluation for the others: the same lines either way."""
        lines: dict[str, list[str]] = {name: [] for name in self.pages}
        for code, phase in self._row_phase.items():
            row = self._rows.get(code)
            if row is not None:
                text, shown = row.warning_text(), not row.isHidden()
            else:
                text, shown = self._notes.get(code, ""), self.evaluation.is_relevant(code)
            if text and shown:
                label = self.spec.question(code).label.get(self.lang)
                lines[phase].append(f"{label}: {text}")
        for code, phase in self._group_phase.items():
            group = self._groups.get(code)
            warnings = (
                group.model._warnings if group is not None else self._item_notes.get(code, {})
            )
            group_spec = self.spec.group(code)
            label = group_spec.label.get(self.lang) if group_spec else code
            for index, notes in sorted(warnings.items()):
                for note in notes:
                    lines[phase].append(f"{label} {index + 1}: {note}")
        return lines

    def _update_summaries(self, _item_notes: dict) -> None:
        by_phase = self.warnings_by_phase()
        for name, page in self.pages.items():
            page.show_summary(by_phase[name])
        total = sum(len(lines) for lines in by_phase.values())
        if total:
            parts = [f"{self.phase_name(n)} {len(lines)}" for n, lines in by_phase.items() if lines]
            self.summary.setText(
                self.tr(
                    "%1 warnings (%2). Saving is still possible; the case is marked incomplete."
                )
                .replace("%1", str(total))
                .replace("%2", ", ".join(parts))
            )
        self.summary.setVisible(bool(total))
        self._update_tabs(by_phase)
        self._update_banner(by_phase)

    def _update_tabs(self, by_phase: dict[str, list[str]] | None = None) -> None:
        by_phase = by_phase if by_phase is not None else self.warnings_by_phase()
        for name, page in self.pages.items():
            count = len(by_phase.get(name, []))
            text = self.phase_name(name)
            if count:
                text += f" ({count})"
            if name in self._dirty_phases:
                text += " •"
            index = self.tabs.indexOf(page)
            self.tabs.setTabText(index, text)
            self.tabs.setTabToolTip(
                index, self.tr("%1 warnings").replace("%1", str(count)) if count else ""
            )

    # -- saving, closing, reopening ------------------------------------------------------------
    def save(self, then: Then = None) -> None:
        answers, repeats = self.payload()
        edits, revision, workspace, case_id = (
            self._edits,
            self.revision,
            self.workspace,
            self.detail.id,
        )
        self.save_button.setEnabled(False)
        self._pending += 1
        self.ctx.executor.submit(
            lambda: cases.save_case(
                workspace, case_id, answers, repeats, expected_revision=revision
            ),
            lambda result: self._saved(result, edits, then),
            lambda exc: self._failed(exc, then),
        )

    def _saved(self, result: SaveResult, edits: int, then: Then) -> None:
        self._pending -= 1
        self.save_button.setEnabled(True)
        self.revision = result.revision
        if edits == self._edits:
            self._set_dirty(False)
        self.saved.emit(result)
        if then is not None:
            then(True)

    def _failed(self, exc: BaseException, then: Then) -> None:
        self._pending -= 1
        self.save_button.setEnabled(True)
        self.ctx.errors.show(exc, self)
        if then is not None:
            then(False)

    def ask_close_case(self) -> CloseCaseDialog:
        dialog = CloseCaseDialog(self.spec, self.lang, self.detail.case_number, self)
        dialog.accepted.connect(lambda: self._close_case(dialog.closure_date(), dialog.reason()))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.close_dialog = dialog
        dialog.open()
        return dialog

    def _close_case(self, closure_date: dt.date | None, reason: str | None) -> None:
        if closure_date is None or reason is None:
            return

        def close(saved_ok: bool = True) -> None:
            if not saved_ok:
                return
            workspace, case_id, revision = self.workspace, self.detail.id, self.revision
            self._run_and_reload(
                lambda: cases.close_case(
                    workspace, case_id, closure_date, reason, expected_revision=revision
                ),
                after=self._after_closing,
            )

        if self.dirty:
            self.save(close)  # closing reloads from the database: keep the edits first
        else:
            close()

    def _after_closing(self) -> None:
        self.show_phase("after")
        self.experience_button.setFocus()

    def reopen_case(self) -> None:
        workspace, case_id = self.workspace, self.detail.id

        def reopen(saved_ok: bool = True) -> None:
            if saved_ok:
                revision = self.revision
                self._run_and_reload(
                    lambda: cases.reopen_case(workspace, case_id, expected_revision=revision)
                )

        if self.dirty:
            self.save(reopen)
        else:
            reopen()

    def _run_and_reload(
        self, change: Callable[[], object], after: Callable[[], None] | None = None
    ) -> None:
        workspace, case_id = self.workspace, self.detail.id

        def work() -> tuple[object, CaseDetail]:
            return change(), cases.get_case(workspace, case_id)

        def done(outcome: tuple[object, CaseDetail]) -> None:
            result, detail = outcome
            self._pending -= 1
            self.load(detail)
            self.changes_made.emit(result)
            if after is not None:
                after()

        def failed(exc: BaseException) -> None:
            self._pending -= 1
            self.ctx.errors.show(exc, self)

        self._pending += 1
        self.ctx.executor.submit(work, done, failed)

"""The summary page's filters: widgets ↔ ``SummaryRequest``.

Each multi-value filter (gender, age band, form version) is a combo whose items carry a
tuple: "all" is the empty tuple, a single choice a one-tuple; a saved definition with
several values gets an item of its own, so loading never loses what was saved.

The k field starts at the database's threshold and cannot go below it: a summary may
raise k, never lower it (the service refuses a lower k in any case). A saved definition
with a k below today's threshold is shown at the threshold.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

from isu.domain.settings_spec import K_DEFAULT, K_MAX
from isu.errors import UserError
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.ui.summary.loading import Option, PageOptions
from isu.ui.widgets.date_edit import OptionalDateEdit


class FilterPanel(QGroupBox):
    """``changed`` whenever a filter is edited."""

    changed = Signal()
    form_changed = Signal(str)  # the chosen form's id: its choices need loading

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Filters"))
        self._labels: dict[str, dict[object, str]] = {}
        self._floor = K_DEFAULT  # the database's k, until the options say otherwise
        self._build()

    def _build(self) -> None:
        self.form_combo = self._combo(self.tr("Form"))
        self.form_combo.activated.connect(self._form_chosen)
        self.period_combo = self._combo(self.tr("Period means"))
        for kind, text in (
            (PeriodKind.ACTIVE, self.tr("Active in the period")),
            (PeriodKind.REFERRED, self.tr("Referred in the period")),
            (PeriodKind.STARTED, self.tr("Started in the period")),
            (PeriodKind.CLOSED, self.tr("Closed in the period")),
        ):
            self.period_combo.addItem(text, kind)
        self.from_edit = OptionalDateEdit()
        self.from_edit.setAccessibleName(self.tr("Period from"))
        self.to_edit = OptionalDateEdit()
        self.to_edit.setAccessibleName(self.tr("Period to"))
        for edit in (self.from_edit, self.to_edit):
            edit.edited.connect(self.changed.emit)
        self.split_combo = self._combo(self.tr("Split by"))
        for split, text in (
            (SplitBy.NONE, self.tr("No split")),
            (SplitBy.GENDER, self.tr("Gender")),
            (SplitBy.AGE_BAND, self.tr("Age band")),
        ):
            self.split_combo.addItem(text, split)
        self.status_combo = self._combo(self.tr("Status"))
        self.status_combo.addItem(self.tr("All statuses"), None)
        self.status_combo.addItem(self.tr("Ongoing"), "ongoing")
        self.status_combo.addItem(self.tr("Closed"), "closed")
        self.unit_combo = self._combo(self.tr("Unit"))
        self.unit_combo.setEditable(True)
        self.unit_combo.lineEdit().setPlaceholderText(self.tr("All units"))
        self.coordinator_combo = self._combo(self.tr("Coordinator"))
        self.gender_combo = self._combo(self.tr("Gender"))
        self.age_combo = self._combo(self.tr("Age band"))
        self.version_combo = self._combo(self.tr("Form version"))
        self.k_spin = QSpinBox()
        self.k_spin.setAccessibleName(self.tr("Smallest group shown (k)"))
        self.k_spin.setToolTip(
            self.tr("Counts below k are hidden; k can be raised, not set below the database's.")
        )
        self.k_spin.setRange(self._floor, K_MAX)
        self.k_spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.set_options(PageOptions())
        grid = QGridLayout(self)
        rows = (
            (
                (self.tr("&Period:"), self.period_combo),
                (self.tr("Fro&m:"), self.from_edit),
                (self.tr("&To:"), self.to_edit),
                (self.tr("Sp&lit by:"), self.split_combo),
            ),
            (
                (self.tr("&Form:"), self.form_combo),
                (self.tr("&Status:"), self.status_combo),
                (self.tr("&Unit:"), self.unit_combo),
                (self.tr("Coor&dinator:"), self.coordinator_combo),
            ),
            (
                (self.tr("&Gender:"), self.gender_combo),
                (self.tr("&Age band:"), self.age_combo),
                (self.tr("Form ve&rsion:"), self.version_combo),
                (self.tr("Smallest group (&k):"), self.k_spin),
            ),
        )
        for r, pairs in enumerate(rows):
            for c, (text, field) in enumerate(pairs):
                label = QLabel(text)
                label.setBuddy(field.edit if isinstance(field, OptionalDateEdit) else field)
                grid.addWidget(label, r, 2 * c)
                grid.addWidget(field, r, 2 * c + 1)
        for c in range(4):
            grid.setColumnStretch(2 * c + 1, 1)

    def _combo(self, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    # -- options -------------------------------------------------------------------------------
    def set_options(self, options: PageOptions) -> None:
        """Offer the database's choices, keeping what is selected where it still exists."""
        chosen = self.request_or_none()
        if chosen is not None:  # the options' form is the one chosen now
            chosen = dataclasses.replace(chosen, form_id=options.form_id)
        self._floor = options.k
        self.k_spin.blockSignals(True)
        self.k_spin.setRange(options.k, K_MAX)  # a value below the floor rises to it
        self.k_spin.blockSignals(False)
        self._fill_forms(options)
        self._fill(self.coordinator_combo, self.tr("All coordinators"), options.coordinators)
        self._fill_tuples(self.gender_combo, self.tr("All genders"), options.genders, "genders")
        self._fill_tuples(self.age_combo, self.tr("All age bands"), options.age_bands, "ages")
        versions = tuple(Option(v, str(v)) for v in options.form_versions)
        self._fill_tuples(self.version_combo, self.tr("All versions"), versions, "versions")
        current_unit = self.unit_combo.currentText()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItems(["", *options.units])
        self.unit_combo.setCurrentText(current_unit)
        self.unit_combo.blockSignals(False)
        if chosen is not None:
            self.set_request(chosen)

    def _fill_forms(self, options: PageOptions) -> None:
        """The published forms, the options' own chosen; disabled when there is one."""
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        for option in options.forms:
            self.form_combo.addItem(option.label, option.value)
        self._select(self.form_combo, options.form_id)
        self.form_combo.setEnabled(len(options.forms) > 1)
        self.form_combo.blockSignals(False)

    def _form_chosen(self, _index: int) -> None:
        form_id = self.form_combo.currentData()
        if form_id:
            self.form_changed.emit(form_id)

    def _fill(self, combo: QComboBox, everyone: str, options: tuple[Option, ...]) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everyone, None)
        for option in options:
            combo.addItem(option.label, option.value)
        combo.blockSignals(False)

    def _fill_tuples(
        self, combo: QComboBox, everyone: str, options: tuple[Option, ...], kind: str
    ) -> None:
        self._labels[kind] = {option.value: option.label for option in options}
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everyone, ())
        for option in options:
            combo.addItem(option.label, (option.value,))
        combo.blockSignals(False)

    # -- request ↔ widgets ---------------------------------------------------------------------
    def request(self) -> SummaryRequest:
        """The request the filters describe; a ``UserError`` for a date that is not one."""
        for edit, what_sv, what_en in (
            (self.from_edit, "Periodens början", "The start of the period"),
            (self.to_edit, "Periodens slut", "The end of the period"),
        ):
            if not edit.is_valid():
                raise UserError(
                    f"{what_sv} är inget datum: skriv ÅÅÅÅ-MM-DD.",
                    f"{what_en} is not a date: write YYYY-MM-DD.",
                )
        unit = self.unit_combo.currentText().strip()
        return SummaryRequest(
            period=self.period_combo.currentData(),
            date_from=self.from_edit.date(),
            date_to=self.to_edit.date(),
            status=self.status_combo.currentData(),
            unit=unit or None,
            coordinator_id=self.coordinator_combo.currentData(),
            genders=tuple(self.gender_combo.currentData() or ()),
            age_bands=tuple(self.age_combo.currentData() or ()),
            form_versions=tuple(self.version_combo.currentData() or ()),
            split=self.split_combo.currentData(),
            k=self.k_spin.value() if self.k_spin.value() > self._floor else None,
            form_id=self.form_id() if self.form_combo.count() > 1 else None,
        )

    def request_or_none(self) -> SummaryRequest | None:
        try:
            return self.request()
        except UserError:
            return None

    def set_request(self, request: SummaryRequest) -> None:
        """Show a (saved) request in the widgets."""
        widgets = (
            self.period_combo, self.split_combo, self.status_combo, self.coordinator_combo,
            self.gender_combo, self.age_combo, self.version_combo, self.unit_combo, self.k_spin,
        )  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        other_form = request.form_id is not None and request.form_id != self.form_id()
        try:
            if other_form:
                self.form_combo.blockSignals(True)
                other_form = self._select(self.form_combo, request.form_id)
                self.form_combo.blockSignals(False)
            self._select(self.period_combo, request.period)
            self._select(self.split_combo, request.split)
            self._select(self.status_combo, request.status)
            if not self._select(self.coordinator_combo, request.coordinator_id):
                label = self.tr("Coordinator %1").replace("%1", str(request.coordinator_id))
                self.coordinator_combo.addItem(label, request.coordinator_id)
                self._select(self.coordinator_combo, request.coordinator_id)
            self._select_tuple(self.gender_combo, request.genders, "genders")
            self._select_tuple(self.age_combo, request.age_bands, "ages")
            self._select_tuple(self.version_combo, request.form_versions, "versions")
            self.unit_combo.setCurrentText(request.unit or "")
            self.from_edit.setDate(request.date_from)
            self.to_edit.setDate(request.date_to)
            self.k_spin.setValue(max(request.k or self._floor, self._floor))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        if other_form:  # a saved summary of another form: its choices need loading
            self.form_changed.emit(request.form_id)
        self.changed.emit()

    def form_id(self) -> str | None:
        return self.form_combo.currentData() or None

    def _select(self, combo: QComboBox, value: object) -> bool:
        index = find_data(combo, value)
        if index >= 0:
            combo.setCurrentIndex(index)
        return index >= 0

    def _select_tuple(self, combo: QComboBox, values: tuple, kind: str) -> None:
        if self._select(combo, tuple(values)):
            return
        names = self._labels.get(kind, {})
        combo.addItem(", ".join(names.get(v, str(v)) for v in values), tuple(values))
        self._select(combo, tuple(values))


def find_data(combo: QComboBox, value: object) -> int:
    """``QComboBox.findData`` for Python values: Qt compares a tuple item (stored as a list)
    or None unreliably, so compare here."""
    for index in range(combo.count()):
        data = combo.itemData(index)
        if isinstance(data, list):
            data = tuple(data)
        if data == value:
            return index
    return -1

"""Codes by name, for the editor's tree and properties: "Ett val", not ``single``;
"Direkt identifierande", not ``direct_identifier``. The codes stay what the form files and
the database use."""

from __future__ import annotations

from PySide6.QtCore import QObject

from isu.formdefs.document import QUESTION_TYPES


class QuestionTypeNames(QObject):
    """Translated names (Qt's tr(), context ``QuestionTypeNames``) of ``QUESTION_TYPES``."""

    def names(self) -> dict[str, str]:
        names = {
            "single": self.tr("Single choice"),
            "multiple": self.tr("Multiple choice"),
            "yesno": self.tr("Yes/no"),
            "integer": self.tr("Whole number"),
            "decimal": self.tr("Decimal number"),
            "date": self.tr("Date"),
            "text": self.tr("Text"),
            "longtext": self.tr("Long text"),
            "scale": self.tr("Scale"),
            "computed": self.tr("Calculated"),
            "descriptive": self.tr("Descriptive text"),
        }
        return {code: names.get(code, code) for code in QUESTION_TYPES}

    def name(self, code: str) -> str:
        """The name of ``code``; an unknown code (a hand-edited file) as it stands."""
        return self.names().get(code, code)


class CodeNames(QObject):
    """Names for the other codes the editor offers: privacy classes and roles."""

    def privacy(self) -> dict[str, str]:
        return {
            "direct_identifier": self.tr("Direct identifier"),
            "quasi_identifier": self.tr("Indirect identifier"),
            "free_text": self.tr("Free text"),
            "sensitive": self.tr("Sensitive"),
            "none": self.tr("Not personal"),
        }

    def roles(self) -> dict[str, str]:
        return {
            "case_number": self.tr("Case number"),
            "municipality": self.tr("Municipality"),
            "unit": self.tr("Unit"),
            "referral_date": self.tr("Referral date"),
            "start_date": self.tr("Start date"),
            "closure_date": self.tr("Closure date"),
            "closure_reason": self.tr("Closure reason"),
            "gender": self.tr("Gender"),
            "birth_year": self.tr("Birth year"),
            "age_at_start": self.tr("Age at start"),
            "age_band": self.tr("Age band"),
            "goal_attainment": self.tr("Goal attainment"),
            "interventions": self.tr("Interventions"),
            "meetings": self.tr("Meetings"),
            "intervention_type": self.tr("Intervention type"),
            "intervention_focus": self.tr("Intervention focus (need area)"),
            "intervention_actor": self.tr("Responsible actor"),
            "intervention_status": self.tr("Intervention status"),
        }

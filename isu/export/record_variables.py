"""The names of the records layout and how it describes itself in the codebook: the fixed
column names, band codes with labels, the generalised codes, the choices and missing codes
of a question, the columns every records export has, and which questions never leave and
why (``isu.export.records`` lays the columns out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from isu.domain.form import ComputedKind, FormSpec, PrivacyClass, QType, Question
from isu.export import kanon
from isu.export.contents import CodedValue, Variable

WIDE_FILE = "data/wide.csv"


LONG_FILE = "data/long.csv"


EXPORT_ID = "export_id"


STATUS = "status"


FORM_VERSION = "form_version"


PERIOD = "period"


PERIOD_BASIS = "period_basis"


PHASE = "phase"


ITEM = "item"


REFERRAL_TO_START = "referral_to_start_days"


START_TO_CLOSURE = "start_to_closure_days"


MISSING_SUFFIX = "__missing"


ITEMS_SUFFIX = "__items"  # wide-table column: how many rows a case has in a repeat group


DAYS_SUFFIX = "_days"


PAIR_PHASES = ("before", "after")


# Names the wide/long/group tables add themselves (the role dates' day columns are checked
# as ordinary columns, so a question with the same name still clashes).
FIXED_NAMES = frozenset({EXPORT_ID, STATUS, FORM_VERSION, PERIOD, PERIOD_BASIS, PHASE, ITEM})


QUASI_ROLES = ("gender", "age_band", "municipality")


BAND_TYPE = "band"


def removal_reason(question: Question) -> str | None:
    if question.role == "case_number":
        return "case_number"
    if question.privacy is PrivacyClass.DIRECT_IDENTIFIER:
        return "direct_identifier"
    if question.privacy is PrivacyClass.FREE_TEXT:
        return "free_text"
    if question.role == "birth_year":
        return "birth_year"
    if question.computed is not None and question.computed.kind is ComputedKind.AGE_AT:
        return "age"
    if question.role == "unit":
        return "unit"
    return None


def removed_variable(
    question: Question, reason: str, replaced_by: Sequence[str] = ()
) -> RemovedVariable:
    return RemovedVariable(
        question.code,
        question.label.sv,
        question.label.en or question.label.sv,
        reason,
        tuple(replaced_by),
    )


REMOVAL_REASONS: dict[str, tuple[str, str]] = {
    "direct_identifier": ("Direkt identifierare – tas bort", "Direct identifier – removed"),
    "free_text": ("Fritext – tas bort", "Free text – removed"),
    "case_number": (
        "Ärendenummer – ersätts av export-id",
        "Case number – replaced by the export id",
    ),
    "birth_year": ("Födelseår – lämnar bara som åldersgrupp", "Birth year – leaves as age band"),
    "age": ("Ålder – lämnar bara som åldersgrupp", "Age – leaves as age band only"),
    "unit": ("Enhet – står i manifestet", "Unit – given in the manifest"),
    "date": ("Datum – omräknat", "Date – converted"),
}


@dataclass(frozen=True)
class RemovedVariable:
    code: str
    label_sv: str
    label_en: str
    reason: str  # a key of REMOVAL_REASONS
    replaced_by: tuple[str, ...] = ()

    def reason_text(self, lang: str = "sv") -> str:
        sv, en = REMOVAL_REASONS[self.reason]
        text = sv if lang == "sv" else en
        if self.replaced_by:
            text += " → " + ", ".join(self.replaced_by)
        return text


GENERALISED_CODES = (
    CodedValue(
        kanon.OTHER, "Övrigt (sällsynta värden sammanslagna)", "Other (rare values grouped)"
    ),
    CodedValue(kanon.STAR, "Dolt (generaliserat)", "Hidden (generalised)"),
)


def band_choices(bounds: Sequence[int], unit_sv: str = "") -> tuple[CodedValue, ...]:
    """The band codes of ``bounds`` with labels, finest level, then the generalised ones."""
    codes: list[str] = ["<0"]
    low = 0
    for bound in bounds:
        codes.append(str(bound) if low == bound else f"{low}-{bound}")
        low = bound + 1
    codes.append(f">{bounds[-1]}")
    coarse = tuple(bounds[1::2]) or tuple(bounds[-1:])
    for value in (-1, 0, *(b + 1 for b in coarse)):
        code = kanon.band_code(value, coarse)
        if code not in codes:
            codes.append(code)
    days = " dagar" if unit_sv else ""
    days_en = " days" if unit_sv else ""
    choices = [
        CodedValue(code, f"{_band_text(code, 'fler än')}{days}", f"{_band_text(code, 'more than')}"
                   f"{days_en}")
        for code in codes
    ]  # fmt: skip
    return tuple(choices)


def _band_text(code: str, more: str) -> str:
    if code == "<0":
        return "under 0" if more == "fler än" else "below 0"
    if code.startswith(">"):
        return f"{more} {code[1:]}"
    return code.replace("-", "–")


def question_choices(spec: FormSpec, question: Question) -> tuple[CodedValue, ...]:
    if question.type is QType.YESNO:
        return (CodedValue("1", "Ja", "Yes"), CodedValue("0", "Nej", "No"))
    if question.choices is not None:
        return tuple(
            CodedValue(c.code, c.label.sv, c.label.en or c.label.sv)
            for c in question.choices.choices
        )
    if question.role == "age_band":
        return tuple(CodedValue(b.code, b.label.sv, b.label.en) for b in spec.age_bands)
    return ()


def question_missing_codes(spec: FormSpec, question: Question) -> tuple[CodedValue, ...]:
    allowed = set(question.missing) if question.missing else None
    return tuple(
        CodedValue(m.code, m.label.sv, m.label.en or m.label.sv)
        for m in spec.missing_codes
        if allowed is None or m.code in allowed
    )


def fixed_variables() -> dict[str, Variable]:
    """The columns every records export has, whatever the form."""
    status = (
        CodedValue("ongoing", "Pågående", "Ongoing"),
        CodedValue("closed", "Avslutat", "Closed"),
    )
    basis = (
        CodedValue("start", "Startdatum", "Start date"),
        CodedValue("referral", "Aktualiseringsdatum (ej startat)", "Referral date (not started)"),
    )
    phases = (CodedValue("before", "Före", "Before"), CodedValue("after", "Efter", "After"))
    return {
        EXPORT_ID: Variable(EXPORT_ID, "Export-id", "Export id", "id", privacy_class="pseudonym"),
        STATUS: _hideable(STATUS, "Status", "Status", status),
        FORM_VERSION: Variable(FORM_VERSION, "Formulärversion", "Form version", "integer"),
        PERIOD: Variable(
            PERIOD,
            "Period (startmånad)",
            "Period (month of start)",
            "period",
            privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
        ),
        PERIOD_BASIS: _hideable(PERIOD_BASIS, "Perioden avser", "The period refers to", basis),
        PHASE: Variable(PHASE, "Fas", "Phase", "single", phases),
        ITEM: Variable(ITEM, "Nummer i listan", "Item number", "integer"),
    }


def _hideable(code: str, sv: str, en: str, choices: tuple[CodedValue, ...]) -> Variable:
    """A fixed single-choice quasi-identifier, which k-anonymity may hide (``*``)."""
    return Variable(
        code,
        sv,
        en,
        "single",
        (*choices, GENERALISED_CODES[1]),
        privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
    )

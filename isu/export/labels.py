"""Swedish and English names for the codes an export preview shows: variable types and
privacy classes. One table for the CLI ``--preview`` and the export dialog."""

from __future__ import annotations

TYPE_LABELS: dict[str, tuple[str, str]] = {
    "single": ("Enkelval", "Single choice"),
    "multiple": ("Flerval", "Multiple choice"),
    "yesno": ("Ja/nej", "Yes/no"),
    "integer": ("Heltal", "Whole number"),
    "decimal": ("Decimaltal", "Decimal number"),
    "number": ("Tal", "Number"),
    "date": ("Datum", "Date"),
    "text": ("Text", "Text"),
    "longtext": ("Lång text", "Long text"),
    "scale": ("Skala", "Scale"),
    "computed": ("Beräknad", "Computed"),
    "band": ("Intervall", "Band"),
    "period": ("Period", "Period"),
    "id": ("Export-id", "Export id"),
    "label": ("Etikett", "Label"),
    "repeat": ("Lista", "List"),
}

PRIVACY_LABELS: dict[str, tuple[str, str]] = {
    "none": ("Ingen", "None"),
    "quasi_identifier": ("Indirekt identifierare", "Quasi-identifier"),
    "sensitive": ("Känslig", "Sensitive"),
    "pseudonym": ("Pseudonym (export-id)", "Pseudonym (export id)"),
    "direct_identifier": ("Direkt identifierare", "Direct identifier"),
    "free_text": ("Fritext", "Free text"),
}


def type_label(code: str, lang: str = "sv") -> str:
    return _label(TYPE_LABELS, code, lang)


def privacy_label(code: str, lang: str = "sv") -> str:
    return _label(PRIVACY_LABELS, code, lang)


def _label(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    if not code:
        return ""
    sv, en = table.get(code, (code, code))
    return sv if lang == "sv" else en

"""XLSForms in the older and less common spellings (built as .xlsx by the tests with
openpyxl, see ``xlsforms.write_xlsform``): ``select one from L``, ``select all that apply
from L``, the ``list name`` header, ``or_other``, notes (one inside a repeat, one with
field references, one with no text) and arithmetic calculations."""

from __future__ import annotations

# A questionnaire to municipalities, one respondent per municipality.
MUNICIPALITY_SURVEY = {
    "survey": [
        ["type", "name", "label", "hint", "relevant", "calculation"],
        ["note", "intro", "Enkäten besvaras av socialchefen eller den hen utser."],
        ["Select One From YesNo", "has_sig", "Har kommunen sociala insatsgrupper?"],
        ["select all that apply from actors", "actors", "Vilka aktörer deltar?"],
        ["select_one reason or_other", "reason", "Huvudsaklig anledning att starta"],
        ["select_multiple actors or_other", "more_actors", "Fler aktörer som borde delta"],
        ["integer", "staff", "Antal anställda i gruppen"],
        ["integer", "cases", "Antal ärenden under året"],
        ["calculate", "per_staff", None, None, None, "round(${cases} div ${staff}, 2)"],
        ["calculate", "weighted", "Viktat antal", None, None, "${staff} + ${cases} * 2"],
        ["calculate", "sig_text", None, None, None, "concat(${has_sig}, '!')"],
        ["begin repeat", "meetings", "Samverkansmöten"],
        ["note", "meeting_note", "Ett möte per rad."],
        ["date", "meeting_date", "Mötesdatum"],
        ["end repeat"],
        ["note", "picture"],
        ["note", "thanks", "Tack! Svaret för ${has_sig} är sparat.", None, "${has_sig} = 'yes'"],
    ],
    "choices": [
        ["list name", "name", "label"],
        ["YesNo", "yes", "Ja"],
        ["YesNo", "no", "Nej"],
        ["actors", "police", "Polisen"],
        ["actors", "school", "Skolan"],
        ["reason", "crime", "Ökad brottslighet"],
        ["reason", "recruitment", "Rekrytering till nätverk"],
    ],
    "settings": [["form_title", "form_id"], ["Kommunenkät om SIG", "kommunenkat"]],
}

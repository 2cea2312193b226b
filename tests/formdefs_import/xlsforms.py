"""Three XLSForms of different shapes, written as .xlsx files with openpyxl by the tests.

Each is a dict of sheet name → rows (the first row holds the column names)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

LIKERT = [
    ("likert", "1", "Stämmer inte alls", "Not at all true"),
    ("likert", "2", "Stämmer delvis", "Partly true"),
    ("likert", "3", "Stämmer helt", "Completely true"),
]

# A bilingual SIG-style form: phases from group names, a repeat, skip logic, constraints.
SIG_INTAKE = {
    "survey": [
        [
            "type",
            "name",
            "label::Swedish (sv)",
            "label::English (en)",
            "hint::Swedish (sv)",
            "required",
            "relevant",
            "constraint",
            "constraint_message::Swedish (sv)",
            "constraint_message::English (en)",
            "appearance",
        ],
        ["begin_group", "baseline", "Vid start", "At start"],
        ["select_one gender", "gender", "Kön", "Gender", None, "yes"],
        [
            "integer",
            "birth_year",
            "Födelseår",
            "Year of birth",
            "Bara året",
            "yes",
            None,
            ". >= 1990 and . <= 2020",
            "Orimligt år",
            "Implausible year",
        ],
        ["select_multiple reasons", "reason", "Anledning", "Reason", None, "yes"],
        [
            "text",
            "reason_other",
            "Annan anledning",
            "Other reason",
            None,
            None,
            "selected(${reason}, 'other')",
        ],
        ["select_one yes_no", "school", "Går i skola", "In school"],
        ["note", "school_note", "Fyll i nedan", "Fill in below"],
        ["end_group"],
        ["begin_group", "followup", "Under insatsen", "During"],
        ["begin_repeat", "interventions", "Insats", "Intervention"],
        ["select_one intervention", "intervention_type", "Typ", "Type", None, "yes"],
        ["date", "intervention_start", "Start", "Start"],
        ["end_repeat"],
        [
            "integer",
            "meetings",
            "Antal möten",
            "Meetings",
            None,
            None,
            "${school} = 'yes'",
            ". >= 0",
        ],
        ["end_group"],
        ["begin_group", "closure", "Avslut", "Closure"],
        ["date", "closure_date", "Avslutsdatum", "Closure date"],
        [
            "text",
            "closure_comment",
            "Kommentar",
            "Comment",
            None,
            None,
            None,
            None,
            None,
            None,
            "multiline",
        ],
        ["end_group"],
    ],
    "choices": [
        ["list_name", "name", "label::Swedish (sv)", "label::English (en)"],
        ["gender", "boy", "Pojke", "Boy"],
        ["gender", "girl", "Flicka", "Girl"],
        ["reasons", "crime", "Brott", "Crime"],
        ["reasons", "other", "Annat", "Other"],
        ["yes_no", "yes", "Ja", "Yes"],
        ["yes_no", "no", "Nej", "No"],
        ["intervention", "mentor", "Mentor", "Mentor"],
        ["intervention", "school", "Skolinsats", "School"],
    ],
    "settings": [["form_title", "form_id", "version"], ["SIG-inskrivning", "sig_intake", "3"]],
}

# A field survey: one language, metadata, geodata, calculations, nested groups, filters.
HOUSEHOLD_SURVEY = {
    "survey": [
        [
            "type",
            "name",
            "label",
            "hint",
            "required",
            "relevant",
            "constraint",
            "calculation",
            "choice_filter",
            "parameters",
            "appearance",
        ],
        ["start", "start"],
        ["end", "end"],
        ["deviceid", "deviceid"],
        ["geopoint", "location", "Household location"],
        ["integer", "adults", "Number of adults", None, "yes", None, ". >= 0 and . <= 20"],
        ["integer", "children", "Number of children", None, "yes", None, ". >= 0 and . <= 20"],
        ["calculate", "household_size", None, None, None, None, None, "${adults} + ${children}"],
        [
            "calculate",
            "crowded",
            None,
            None,
            None,
            None,
            None,
            "if(${household_size} > 6, 'yes', 'no')",
        ],
        ["begin group", "housing", "Housing"],
        ["select_one region", "region", "Region"],
        [
            "select_multiple district",
            "districts",
            "Districts",
            None,
            None,
            None,
            None,
            None,
            "region = ${region}",
        ],
        ["begin group", "rooms_group", "Rooms"],
        ["integer", "rooms", "Number of rooms", None, None, "${household_size} > 0"],
        [
            "range",
            "condition",
            "Condition of the house",
            None,
            None,
            None,
            None,
            None,
            None,
            "start=1 end=5 step=1",
        ],
        ["end group"],
        ["end group"],
        ["datetime", "visit_time", "Time of visit"],
        ["text", "notes", "Notes", None, None, None, None, None, None, None, "multiline"],
        ["image", "photo", "Photo of the house"],
    ],
    "choices": [
        ["list_name", "name", "label", "region"],
        ["region", "north", "North"],
        ["region", "south", "South"],
        ["district", "d1", "District 1", "north"],
        ["district", "d2", "District 2", "south"],
    ],
}

# A client-experience questionnaire: likert items, a mean, logic that partly translates.
CLIENT_EXPERIENCE = {
    "survey": [
        [
            "type",
            "name",
            "label::sv",
            "label::en",
            "required",
            "relevant",
            "constraint",
            "calculation",
        ],
        ["begin_group", "satisfaction", "Din upplevelse", "Your experience"],
        ["integer", "age", "Ålder", "Age", "yes"],
        ["select_one likert", "safe", "Jag kände mig trygg", "I felt safe"],
        ["select_one likert", "listened", "Jag blev lyssnad på", "I was listened to"],
        ["range", "overall", "Helhetsbetyg", "Overall rating"],
        ["calculate", "mean_score", None, None, None, None, None, "(${overall} + ${age}) div 2"],
        ["select_multiple helped", "helped_by", "Vem hjälpte dig?", "Who helped you?"],
        [
            "text",
            "helped_other",
            "Annan",
            "Other",
            None,
            "count-selected(${helped_by}) > 0 and selected(${helped_by}, 'other')",
        ],
        [
            "text",
            "comment",
            "Kommentar",
            "Comment",
            None,
            "${age} >= 18 and not(${safe} = '1')",
            "string-length(.) <= 200",
        ],
        ["text", "phone", "Telefon", "Phone", None, None, "regex(., '^[0-9]+$')"],
        ["acknowledge", "consent", "Jag samtycker", "I consent", "yes"],
        ["rank", "priorities", "Rangordna", "Rank", None, None, None],
        ["end_group"],
    ],
    "choices": [
        ["list_name", "name", "label::sv", "label::en"],
        *[list(row) for row in LIKERT],
        ["helped", "coordinator", "Samordnaren", "The coordinator"],
        ["helped", "other", "Någon annan", "Someone else"],
        ["helped", "Family-Member", "Familjen", "Family"],
    ],
    "settings": [
        ["form_title::sv", "form_title::en", "version"],
        ["Upplevelseenkät", "Experience survey", "2024031501"],
    ],
}

XLSFORMS = {
    "sig_intake": SIG_INTAKE,
    "household_survey": HOUSEHOLD_SURVEY,
    "client_experience": CLIENT_EXPERIENCE,
}


def write_xlsform(sheets: dict[str, list[list]], path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path

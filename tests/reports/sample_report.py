"""A hand-built report with one table of every kind, small numbers, a gender split and a
table long enough to break across pages. Every row label is unique in the report, so a
row can be found in the PDF by its label."""

from __future__ import annotations

import datetime as dt

from isu.domain.text import Text
from isu.summary.builders import (
    cross_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
    transition_table,
    volume_table,
)
from isu.summary.model import PercentBase, ReportMeta, Section, Split, SummaryReport

GIRL, BOY = Text("Flicka/kvinna", "Girl/woman"), Text("Pojke/man", "Boy/man")


def meta(k: int = 5) -> ReportMeta:
    return ReportMeta(
        title=Text("Gruppsammanställning SIG Väst", "SIG group summary West"),
        unit="Enhet Väster",
        municipality="1480 Göteborg",
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        n_cases=1234,
        created=dt.date(2026, 2, 3),
        form_id="sig-isu-göteborg",
        form_versions=("2.0", "2.1"),
        filters=(
            (Text("Period avser", "Period means"), Text("Påbörjade", "Started")),
            (Text("Åldersgrupp", "Age band"), Text("15–17 och 18–20", "15–17 and 18–20")),
        ),
        k=k,
    )


def build_report(k: int = 5) -> SummaryReport:
    volume = volume_table(
        "volume",
        Text("Ärenden under perioden", "Cases in the period"),
        referred=1234,
        started=1100,
        ongoing=3,
        closed=97,
        days_referral_to_start=[5, 9, 11, 14, 21, 30],
        days_start_to_closure=[180, 200, 340],
    )
    reasons = frequency_table(
        "closure_reason",
        Text("Orsak till avslut", "Closure reason"),
        [
            Text("Åtgärdsplanen genomförd", "Action plan completed"),
            Text("Samtycket återkallat", "Consent withdrawn"),
            Text("Flyttat från kommunen", "Moved away"),
            Text("Frihetsberövad", "Deprived of liberty"),
        ],
        [61, 2, 0, 34],
        missing=6,
    )
    living = frequency_table(
        "living",
        Text("Boendesituation vid start", "Living situation at start"),
        [
            Text("Bor med båda vårdnadshavarna", "Lives with both guardians"),
            Text("Bor med en vårdnadshavare", "Lives with one guardian"),
            Text("Bor i familjehem eller HVB", "Foster home or residential care"),
        ],
        [[21, 48], [37, 66], [3, 19]],
        col_labels=[GIRL, BOY],
        split=Split.GENDER,
        missing=2,
    )
    profile = cross_table(
        "gender_age",
        Text("Kön och åldersgrupp", "Gender and age band"),
        [Text("Flickor", "Girls"), Text("Pojkar", "Boys")],
        [Text.same("13–14"), Text.same("15–17"), Text.same("18–20")],
        [[4, 29, 11], [16, 78, 36]],
        row_header=Text("Kön", "Gender"),
        col_header=Text("Åldersgrupp", "Age band"),
    )
    actors = multiple_choice_table(
        "actors",
        Text("Aktörer som deltagit", "Participating actors"),
        [
            Text("Polisen", "Police"),
            Text("Skolan", "School"),
            Text("Frivården", "Probation service"),
            Text("Fältassistenter", "Field workers"),
        ],
        [[30, 61], [38, 80], [1, 0], [12, 44]],
        respondents=[41, 93],
        col_labels=[GIRL, BOY],
        split=Split.GENDER,
        missing=11,
    )
    age = statistics_table(
        "age_at_start",
        Text("Ålder vid start, år", "Age at start, years"),
        [(GIRL, [14, 15, 15, 16, 17, 17, 18, 19]), (BOY, [13, 15, 16, 16, 19, 17.5])],
        split=Split.GENDER,
    )
    school = transition_table(
        "school_status",
        Text("Skolgång före och efter", "School attendance before and after"),
        [Text("Regelbunden närvaro", "Regular attendance"), Text("Hög frånvaro", "High absence")],
        [Text("Regelbunden närvaro", "Regular attendance"), Text("Hög frånvaro", "High absence")],
        [[14, 2], [23, 19]],
        missing=9,
        percent=PercentBase.NONE,
    )
    long_list = frequency_table(
        "interventions",
        Text("Insatser efter typ", "Interventions by type"),
        [Text(f"Insatstyp nummer {i:02d}", f"Intervention type {i:02d}") for i in range(1, 91)],
        [(i * 7) % 23 for i in range(1, 91)],
    )
    return SummaryReport(
        meta(k),
        (
            Section("volume", Text("Volymer", "Volumes"), (volume, reasons)),
            Section(
                "profile",
                Text("Målgruppen", "Target group"),
                (living, profile, age),
                intro=Text("Vilka är våra klienter?", "Who are our clients?"),
            ),
            Section("process", Text("Processen", "Process"), (actors, long_list)),
            Section("results", Text("Resultat", "Results"), (school,)),
        ),
    )


def build_large_report(tables: int = 150) -> SummaryReport:
    """Many tables of mixed kinds, for the speed test."""
    made = []
    for i in range(tables):
        key = f"t{i}"
        title = Text(f"Fråga {i}", f"Question {i}")
        choices = [Text.same(f"Svar {i}.{j}") for j in range(6)]
        counts = [(i * 3 + j * 5) % 17 for j in range(6)]
        if i % 3 == 0:
            made.append(frequency_table(key, title, choices, counts))
        elif i % 3 == 1:
            split = [[c, (c * 2 + 3) % 19] for c in counts]
            made.append(
                frequency_table(
                    key, title, choices, split, col_labels=[GIRL, BOY], split=Split.GENDER
                )
            )
        else:
            made.append(
                transition_table(
                    key, title, choices[:3], choices[:3], [counts[:3], counts[3:], counts[:3]]
                )
            )
    sections = tuple(
        Section(f"s{n}", Text(f"Avsnitt {n}", f"Section {n}"), tuple(made[n * 25 : (n + 1) * 25]))
        for n in range(len(made) // 25 + (len(made) % 25 > 0))
    )
    return SummaryReport(meta(), sections)

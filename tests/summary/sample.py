"""A small hand-built report for the summary tests."""

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
from isu.summary.model import ReportMeta, Section, Split, SummaryReport

GENDERS = [Text("Flicka/kvinna", "Girl/woman"), Text("Pojke/man", "Boy/man")]


def build_sample_report(k: int = 5) -> SummaryReport:
    meta = ReportMeta(
        title=Text("Gruppsammanställning SIG", "SIG group summary"),
        unit="Enhet Söder",
        municipality="0180 Stockholm",
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        n_cases=64,
        created=dt.date(2026, 1, 15),
        form_id="sig-isu",
        form_versions=("1.0", "1.1"),
        filters=((Text("Period avser", "Period means"), Text("Påbörjade", "Started")),),
        k=k,
    )
    volume = volume_table(
        "volume",
        Text("Ärenden", "Cases"),
        referred=70,
        started=64,
        ongoing=40,
        closed=24,
        days_referral_to_start=[10, 12, 14, 20, 30, 31],
        days_start_to_closure=[200, 210, 250, 300],
    )
    reasons = frequency_table(
        "closure_reason",
        Text("Avslutsorsak", "Closure reason"),
        [
            Text("Planen genomförd", "Plan completed"),
            Text("Samtycke återkallat", "Consent withdrawn"),
            Text("Flyttat", "Moved"),
        ],
        [17, 3, 4],
        missing=0,
    )
    living = frequency_table(
        "living",
        Text("Boendesituation", "Living situation"),
        [
            Text("Med båda föräldrarna", "With both parents"),
            Text("Med en förälder", "With one parent"),
            Text("Annat", "Other"),
        ],
        [[10, 18], [6, 25], [2, 3]],
        col_labels=GENDERS,
        split=Split.GENDER,
        missing=0,
    )
    profile = cross_table(
        "gender_age",
        Text("Kön och åldersgrupp", "Gender and age band"),
        GENDERS,
        [Text.same("12–14"), Text.same("15–17"), Text.same("18–20")],
        [[3, 10, 5], [6, 30, 10]],
    )
    actors = multiple_choice_table(
        "actors",
        Text("Deltagande aktörer", "Participating actors"),
        [Text("Polis", "Police"), Text("Skola", "School"), Text("Fritid", "Leisure")],
        [40, 52, 2],
        respondents=60,
        missing=4,
    )
    age = statistics_table(
        "age",
        Text("Ålder vid start", "Age at start"),
        [(GENDERS[0], [14, 15, 15, 16, 17, 17, 18]), (GENDERS[1], [13, 15, 16, 16, 19])],
        split=Split.GENDER,
    )
    school = transition_table(
        "school",
        Text("Skolnärvaro före och efter", "School attendance before and after"),
        [Text("Hög", "High"), Text("Låg", "Low")],
        [Text("Hög", "High"), Text("Låg", "Low")],
        [[6, 1], [9, 8]],
        missing=3,
    )
    return SummaryReport(
        meta,
        (
            Section("volume", Text("Volymer", "Volumes"), (volume, reasons)),
            Section("profile", Text("Målgrupp", "Target group"), (living, profile, age)),
            Section("process", Text("Process", "Process"), (actors,)),
            Section("results", Text("Resultat", "Results"), (school,)),
        ),
    )

"""Data quality: the experience items' response rates, answered questions per phase, and
cases ongoing for long without a closure."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from isu.domain.form import QType, Question
from isu.domain.text import Text
from isu.summary import form_layout
from isu.summary.builders import cross_table
from isu.summary.model import PercentBase, SummaryTable
from isu.summary.tables.common import text_of
from isu.summary.tables.context import PHASES, SummaryContext
from isu.summary.tables.generic import block_table, frequency_from

LONG_OPEN_DAYS = 365
QUALITY_COLUMNS = (
    Text("Besvarad", "Answered"),
    Text("Orsak till saknat svar", "Missing reason"),
    Text("Ej besvarad", "No answer"),
)
QUALITY_NOTE = Text(
    "Räknat på de ärenden där frågan ställdes: frågor som bara ställs i vissa fall räknas "
    "inte där de inte ställdes. Frågor om avslut, resultat och upplevelse räknas på avslutade "
    "ärenden, frågor under insatsen på påbörjade ärenden.",
    "Counted on the cases the question was asked in: questions asked only in some cases do "
    "not count where they were not asked. Closure, result and experience questions are "
    "counted on closed cases, questions during the intervention on started cases.",
)
OPEN_ROWS = (
    (
        "long",
        Text(
            f"Startade för mer än {LONG_OPEN_DAYS} dagar sedan",
            f"Started more than {LONG_OPEN_DAYS} days ago",
        ),
    ),
    (
        "recent",
        Text(
            f"Startade för högst {LONG_OPEN_DAYS} dagar sedan",
            f"Started at most {LONG_OPEN_DAYS} days ago",
        ),
    ),
)


def response_rates(ctx: SummaryContext) -> list[SummaryTable]:
    items = [
        q
        for q in ctx.spec.phase_questions("experience")
        if q.group is None and (q.type is QType.SCALE or q.type is QType.SINGLE)
    ]
    if not items:
        return []
    groups = ctx.groups
    of_case = groups.of_case
    per_group = []
    for question in items:
        answered = ctx.answered(question)
        got = Counter(of_case[i] for i in answered.indexes)
        asked = ctx.population_of(question).by_group
        per_group.append([(got[j], asked[j] - got[j]) for j in range(groups.count)])
    counts = [list(row[j]) for j, _ in groups.blocks() for row in per_group]
    return [
        block_table(
            ctx,
            "experience.response",
            Text("Svarsfrekvens per fråga", "Response rate per item"),
            [text_of(q.label) for q in items],
            [Text("Besvarad", "Answered"), Text("Ej besvarad", "Not answered")],
            counts,
            row_totals_known=True,
            note=form_layout.response_note(ctx.spec),
        )
    ]


def quality_tables(ctx: SummaryContext) -> list[SummaryTable]:
    questions = [
        q
        for q in [*ctx.spec.questions(), *ctx.data.retired.values()]
        if q.group is None and q.type is not QType.COMPUTED
    ]
    tables = []
    for phase in PHASES:
        in_phase = [q for q in questions if q.phase == phase]
        if in_phase:
            tables.append(quality(ctx, phase, in_phase))
    return tables


def quality(ctx: SummaryContext, phase: str, questions: Sequence[Question]) -> SummaryTable:
    counts = []
    for question in questions:
        answered = ctx.answered(question)
        counts.append([answered.count, answered.reasons, answered.no_answer])
    title = form_layout.phase_title(ctx.spec, phase)
    return cross_table(
        f"quality.{phase}",
        Text(f"Besvarade frågor: {title.sv}", f"Answered questions: {title.get('en')}"),
        [text_of(q.label) for q in questions],
        QUALITY_COLUMNS,
        counts,
        percent=PercentBase.ROW,
        row_totals_known=True,
        note=form_layout.quality_note(ctx.spec, QUALITY_NOTE),
    )


def open_long(ctx: SummaryContext) -> SummaryTable:
    limit = ctx.end - dt.timedelta(days=LONG_OPEN_DAYS)
    counts = [[0] * ctx.groups.count for _ in range(2)]
    for case, column in zip(ctx.data.cases, ctx.groups.of_case, strict=True):
        if not case.closed and case.start_date is not None:
            counts[0 if case.start_date < limit else 1][column] += 1
    return frequency_from(
        ctx,
        "quality.open_long",
        Text("Pågående ärenden utan avslut", "Ongoing cases without closure"),
        OPEN_ROWS,
        counts,
        sum(map(sum, counts)),
        Text(f"Räknat till {ctx.end.isoformat()}.", f"Counted up to {ctx.end.isoformat()}."),
    )

"""Batteries: runs of single-choice questions in one section sharing one choice list (need
areas, change per area), shown as one table of question rows. Scale batteries, which a
section declares with ``top_box``, are ``isu.summary.tables.scales``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from isu.domain.form import FormSpec, QType, Question
from isu.domain.text import Text
from isu.summary.model import SummaryTable
from isu.summary.tables.common import categories_of, text_of
from isu.summary.tables.context import SummaryContext
from isu.summary.tables.generic import block_table

BATTERY_MIN_ITEMS = 3


def find_batteries(spec: FormSpec) -> list[list[Question]]:
    """Runs of ≥3 single-choice questions in one section sharing one choice list."""
    batteries: list[list[Question]] = []
    run: list[Question] = []

    def close_run() -> None:
        if len(run) >= BATTERY_MIN_ITEMS:
            batteries.append(list(run))
        run.clear()

    for question in spec.questions():
        fits = (
            question.group is None
            and question.type is QType.SINGLE
            and question.choices is not None
            and question.role is None
        )
        same = (
            fits
            and run
            and (
                run[-1].section == question.section and run[-1].choices.id == question.choices.id  # type: ignore[union-attr]
            )
        )
        if not same:
            close_run()
        if fits:
            run.append(question)
    close_run()
    return batteries


def battery(ctx: SummaryContext, items: Sequence[Question]) -> SummaryTable:
    """Questions sharing one choice list in one section; split, one block of question rows
    per group."""
    first, groups = items[0], ctx.groups
    section = ctx.spec.section_of(first)
    choices = categories_of(first, ())
    column_of = {code: j for j, (code, _) in enumerate(choices)}
    tallies, missing = [], 0
    for question in items:
        answered = ctx.answered(question)
        in_group = map(groups.of_case.__getitem__, answered.indexes)
        every = Counter(zip(in_group, answered.values, strict=True))
        tally = Counter({key: n for key, n in every.items() if key[1] in column_of})
        missing += answered.expected - sum(tally.values())
        tallies.append(tally)
    counts = [
        [tally[(j, code)] for code, _ in choices] for j, _ in groups.blocks() for tally in tallies
    ]
    return block_table(
        ctx,
        f"battery.{first.code}",
        text_of(section.title if section else first.label),
        [text_of(q.label) for q in items],
        [label for _, label in choices],
        counts,
        missing=max(0, missing),
        note=Text(
            "Varje rad är en fråga; andelar av radens svar.",
            "Each row is a question; shares of the row's answers.",
        ),
    )

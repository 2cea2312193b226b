"""Needs: the rated need per area, and whether the interventions are aimed at them."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from isu.domain.form import Question
from isu.domain.text import Text
from isu.summary.builders import multiple_choice_table
from isu.summary.model import SummaryTable
from isu.summary.tables.common import categories_of, choice_label
from isu.summary.tables.context import SummaryContext
from isu.summary.tables.generic import block_table, frequency_from


@dataclass(frozen=True)
class NeedRatings:
    """Per need area, the cases whose need was rated and those assessed at all: as lists of
    case indexes to count from, and one byte per case to look a case up (a set per area
    cost a third of a large summary's memory)."""

    areas: list[tuple[str, Text]]  # (area code, label) in the focus list's order
    rated: dict[str, Sequence[int]]  # area → cases whose need there was rated
    answered: dict[str, Sequence[int]]  # area → cases whose need there was assessed at all
    rated_flags: dict[str, bytearray]
    answered_flags: dict[str, bytearray]

    def kind_of(self, index: int, areas: tuple) -> str:
        """How an intervention aimed at ``areas`` in case ``index`` meets the rated needs."""
        known = [a for a in areas if a in self.rated_flags]
        if any(self.rated_flags[a][index] for a in known):
            return "rated"
        if any(self.answered_flags[a][index] for a in known):
            return "unrated"
        return "unknown"


def _flags(indexes: Sequence[int], size: int) -> bytearray:
    flags = bytearray(size)
    for index in indexes:
        flags[index] = 1
    return flags


def need_ratings(ctx: SummaryContext) -> NeedRatings | None:
    """The form's need areas in focus-list order with, per area, the cases that answered
    and the cases whose need was rated (None when the form links no needs); once per
    summary."""
    return ctx.memo("need_ratings", lambda: _need_ratings(ctx))


def _need_ratings(ctx: SummaryContext) -> NeedRatings | None:
    focus = focus_question(ctx)
    levels = set(ctx.spec.rated_need_levels)
    found = None
    if focus is not None and levels:
        questions = dict(ctx.spec.need_questions())
        areas = [(code, label) for code, label in categories_of(focus, ()) if code in questions]
        answered = {area: ctx.answered(questions[area]) for area, _ in areas}
        rated = {
            area: array("I", compress(a.indexes, map(levels.__contains__, a.values)))
            for area, a in answered.items()
        }
        assessed = {area: a.indexes for area, a in answered.items()}
        size = len(ctx.data.cases)
        found = NeedRatings(
            areas,
            rated,
            assessed,
            {area: _flags(cases, size) for area, cases in rated.items()},
            {area: _flags(cases, size) for area, cases in assessed.items()},
        )
    return found if found and found.areas else None


def focus_question(ctx: SummaryContext) -> Question | None:
    group = ctx.spec.group_by_role("interventions")
    if group is None:
        return None
    return next((q for q in group.questions if q.role == "intervention_focus"), None)


def rated_needs(ctx: SummaryContext) -> SummaryTable | None:
    needs = need_ratings(ctx)
    if needs is None:
        return None
    groups, areas, rated = ctx.groups, needs.areas, needs.rated
    assessed = set().union(*needs.answered.values())
    of_case = groups.of_case
    counts = [[0] * groups.count for _ in areas]
    respondents = [0] * groups.count
    for index in assessed:
        respondents[of_case[index]] += 1
    for row, (area, _) in enumerate(areas):
        for index in rated[area]:
            counts[row][of_case[index]] += 1
    return multiple_choice_table(
        "needs.rated",
        Text("Bedömda behov per område", "Rated needs per area"),
        [label for _, label in areas],
        counts,
        respondents,
        col_labels=groups.labels,
        split=groups.split,
        missing=max(0, asked_any_need(ctx) - sum(respondents)),
        note=Text(
            f"Behov bedömt som {level_names(ctx, 'sv')}; andel av ärenden med "
            "behovsbedömning. Ett ärende kan ha flera behov.",
            f"Need rated as {level_names(ctx, 'en')}; share of cases with a need "
            "assessment. A case can have several needs.",
        ),
    )


def asked_any_need(ctx: SummaryContext) -> int:
    """Cases asked at least one need question (phase, version and skip logic)."""
    questions = [q for _, q in ctx.spec.need_questions()]
    members = [ctx.population_of(q).member for q in questions]
    return sum(map(any, zip(*members, strict=True))) if members else 0


def level_names(ctx: SummaryContext, lang: str) -> str:
    question = next((q for _, q in ctx.spec.need_questions()), None)
    names = [choice_label(question, code).get(lang).lower() for code in ctx.spec.rated_need_levels]
    joiner = " eller " if lang == "sv" else " or "
    return joiner.join(names)


def focus_by_case(ctx: SummaryContext) -> dict[int, list[tuple]]:
    """Each case's interventions as the areas each one is aimed at."""
    focus = focus_question(ctx)
    group = ctx.spec.group_by_role("interventions")
    found: dict[int, list[tuple]] = {}
    if focus is None or group is None:
        return found
    code, empty = focus.code, (None, None)
    for index, item in ctx.data.items.get(group.code, ()):
        value = item.get(code, empty)[0]
        areas = () if value is None else value if isinstance(value, tuple) else (value,)
        found.setdefault(index, []).append(areas)
    return found


def needs_addressed(ctx: SummaryContext) -> list[SummaryTable]:
    needs = need_ratings(ctx)
    if needs is None:
        return []
    focus = focus_by_case(ctx)
    return [needs_with_intervention(ctx, needs, focus), aimed_at(ctx, needs, focus)]


def needs_with_intervention(ctx: SummaryContext, needs: NeedRatings, focus: dict) -> SummaryTable:
    started, groups = ctx.started.member, ctx.groups
    of_case = groups.of_case
    covered = {index: set().union(*foci) for index, foci in focus.items()}
    areas = needs.areas
    counts = [[0, 0] for _ in range(groups.count * len(areas))]
    for row, (area, _) in enumerate(areas):
        for index in needs.rated[area]:
            if started[index]:
                cell = counts[of_case[index] * len(areas) + row]
                cell[0 if area in covered.get(index, ()) else 1] += 1
    return block_table(
        ctx,
        "needs.addressed",
        Text("Insatser mot bedömda behov", "Interventions aimed at rated needs"),
        [label for _, label in areas],
        [
            Text("Minst en insats mot behovet", "At least one intervention"),
            Text("Ingen insats mot behovet", "No intervention"),
        ],
        counts,
        row_header=Text("Behovsområde", "Need area"),
        note=Text(
            f"Påbörjade ärenden med behov bedömt som {level_names(ctx, 'sv')}, en gång per "
            "behovsområde; andelar av radens ärenden.",
            f"Started cases with a need rated as {level_names(ctx, 'en')}, once per need "
            "area; shares of the row's cases.",
        ),
    )


AIMED_ROWS = (
    ("rated", Text("Mot ett bedömt behov", "At a rated need")),
    ("unrated", Text("Mot ett område utan bedömt behov", "At an area with no rated need")),
    ("unknown", Text("Mot ett område som inte bedömts", "At an area not assessed")),
)


def aimed_at(ctx: SummaryContext, needs: NeedRatings, focus: dict) -> SummaryTable:
    row_of = {code: r for r, (code, _) in enumerate(AIMED_ROWS)}
    counts = [[0] * ctx.groups.count for _ in AIMED_ROWS]
    total = 0
    for index, interventions in focus.items():
        for areas in interventions:
            total += 1
            if areas:
                kind = needs.kind_of(index, areas)
                counts[row_of[kind]][ctx.groups.of_case[index]] += 1
    return frequency_from(
        ctx,
        "needs.aimed_at",
        Text("Insatsernas inriktning mot bedömda behov", "Interventions and rated needs"),
        AIMED_ROWS,
        counts,
        total,
        Text(
            "Räknat i insatser: riktad mot ett område där ärendets behov bedömts som "
            f"{level_names(ctx, 'sv')}, mot ett område där behovet bedömts lägre, eller "
            "mot ett område utan bedömning i ärendet.",
            "Counted in interventions: aimed at an area where the case's need was rated as "
            f"{level_names(ctx, 'en')}, at an area rated lower, or at an area the case "
            "has no assessment of.",
        ),
    )

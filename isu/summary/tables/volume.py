"""Case-level tables: how many cases came, started, are ongoing and closed (with the days
between), and the target group's gender × age band."""

from __future__ import annotations

from collections.abc import Sequence

from isu.domain.text import Text
from isu.summary.builders import Flows, cross_table, flows_table
from isu.summary.data import CaseFacts, SplitBy, within
from isu.summary.model import SummaryTable
from isu.summary.tables.common import days_between, ongoing_at
from isu.summary.tables.context import SummaryContext, make_groups


def volume(ctx: SummaryContext) -> SummaryTable:
    cases, groups = ctx.data.cases, ctx.groups
    everyone = flows(ctx, cases)
    by_group: list[tuple[Text, Flows]] = []
    if groups.is_split:
        members: list[list[CaseFacts]] = [[] for _ in range(groups.count)]
        for case, column in zip(cases, groups.of_case, strict=True):
            members[column].append(case)
        by_group = [
            (label, flows(ctx, group)) for label, group in zip(groups.labels, members, strict=True)
        ]
    return flows_table(
        "volume",
        Text("Ärenden", "Cases"),
        everyone,
        groups=by_group,
        split=groups.split,
        n=len(cases),
    )


def flows(ctx: SummaryContext, cases: Sequence[CaseFacts]) -> Flows:
    low, high = ctx.request.date_from, ctx.request.date_to
    started = [c for c in cases if within(c.start_date, low, high)]
    closed = [
        c
        for c in cases
        if c.closed
        and (within(c.closure_date, low, high) or (c.closure_date is None and not (low or high)))
    ]
    return Flows(
        referred=sum(within(c.referral_date, low, high) for c in cases),
        started=len(started),
        ongoing=sum(ongoing_at(c, ctx.end) for c in cases),
        closed=len(closed),
        days_referral_to_start=days_between(started, "referral_date", "start_date"),
        days_start_to_closure=days_between(closed, "start_date", "closure_date"),
    )


def gender_by_age(ctx: SummaryContext) -> SummaryTable | None:
    if ctx.spec.by_role("gender") is None and ctx.spec.by_role("age_band") is None:
        return None
    genders = make_groups(ctx.data, SplitBy.GENDER)
    bands = make_groups(ctx.data, SplitBy.AGE_BAND)
    counts = [[0] * bands.count for _ in range(genders.count)]
    for row, column in zip(genders.of_case, bands.of_case, strict=True):
        counts[row][column] += 1
    return cross_table(
        "profile.gender_age",
        Text("Kön och åldersgrupp vid start", "Gender and age band at start"),
        genders.labels,
        bands.labels,
        counts,
        row_header=Text("Kön", "Gender"),
        col_header=Text("Åldersgrupp", "Age band"),
    )

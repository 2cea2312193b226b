"""Multiple-choice and statistics tables share their respondents with other tables (a
question's answers are the data-quality table's "answered" figure): tagged by the engine
and protected together (issue #15). The attack: a figure one table hides as a partner,
published by a multiple-choice table, lets a reader solve the first table's small cell."""

from __future__ import annotations

import dataclasses

from isu.domain.text import Text
from isu.summary import disclosure
from isu.summary.builders import cross_table, multiple_choice_table, statistics_table
from isu.summary.model import ReportMeta, Section, SummaryReport, TableKind

from .linked_exposure import linked_exposures
from .test_shared_figures import REQUESTS, TODAY, build_summary, data  # noqa: F401

T = Text.same("t")
X = ("shared", 1)  # one set of cases, as the engine's fingerprints name it


def _report(*tables) -> SummaryReport:
    meta = ReportMeta(T, "u", "0180", TODAY, TODAY, 40, TODAY, "f", k=5)
    return SummaryReport(meta, (Section("s", T, tuple(tables)),))


def _tables(tagged: bool):
    # The cross table hides its 2 with a cycle through the 10 below it; the same ten
    # people answered a multiple-choice question (and a numeric one).
    cross = cross_table("c", T, [T, T], [T, T], [[2, 10], [10, 10]])
    cross = dataclasses.replace(cross, figures=(((1, 0), X),))
    choice = multiple_choice_table("m", T, [T, T], [6, 7], 10)
    numbers = statistics_table("n", T, [(T, [float(v) for v in range(10)])])
    if tagged:
        choice = dataclasses.replace(choice, figures=(((2, 0), X),))
        numbers = dataclasses.replace(numbers, figures=(((0, 6), X),))
    return cross, choice, numbers


def test_an_untagged_respondent_count_gives_a_hidden_cell_away():
    raw = _report(*_tables(tagged=False))
    assert linked_exposures(raw, disclosure.protect_report(raw, 5)) == []  # untagged: unseen
    cross = _tables(tagged=False)[0]
    # What a reader knows: the multiple-choice n is the same ten people (tag them now).
    truth = _report(cross, *_tables(tagged=True)[1:])
    shown = disclosure.protect_report(raw, 5)
    assert "c[0,0]" in linked_exposures(truth, shown)


def test_tagged_respondents_are_hidden_with_the_figure_they_share():
    raw = _report(*_tables(tagged=True))
    protected = disclosure.protect_report(raw, 5)
    assert linked_exposures(raw, protected) == []
    hidden = {
        disclosure._figure(t, p).hidden
        for t, r in zip(protected.tables(), raw.tables(), strict=True)
        for p, _key in r.figures
    }
    assert len(hidden) == 1  # everywhere or nowhere (here nowhere: the cross table went round)


def test_a_respondent_count_hidden_elsewhere_hides_the_table():
    _cross, choice, numbers = _tables(tagged=True)
    shown = disclosure._protect(choice, 5, forced=frozenset({(2, 0)}))
    assert shown.n is None and all(cell.hidden for row in shown.cells for cell in row)
    assert all(base.hidden for base in shown.bases)
    shown = disclosure._protect(numbers, 5, forced=frozenset({(0, 6)}))
    assert shown.n is None and all(base.hidden for base in shown.bases)
    assert not any(cell.value is not None for cell in shown.cells[0])
    split = multiple_choice_table("s", T, [T], [[3, 20]], [6, 30], col_labels=[T, T])
    shown = disclosure._protect(split, 5, forced=frozenset({(1, 1)}))
    assert [base.hidden for base in shown.bases] == [True, True]  # a forced base, a partner


def test_the_engine_tags_respondents_as_the_data_quality_tables_answered(data):  # noqa: F811
    for name in ("all", "by gender"):
        raw = build_summary(data, REQUESTS[name], today=TODAY)
        answered = {
            key for t in raw.tables() if t.key.startswith("quality.") for _p, key in t.figures
        }
        kinds = {TableKind.MULTIPLE_CHOICE: 0, TableKind.STATISTICS: 0}
        for table in raw.tables():
            if table.kind in kinds and table.figures:
                kinds[table.kind] += 1
                assert any(key in answered for _p, key in table.figures), table.key
        assert all(kinds.values()), (name, kinds)
        protected = disclosure.protect_report(raw, 5)
        assert linked_exposures(raw, protected) == []

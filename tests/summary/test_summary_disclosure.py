"""Disclosure control: primary and secondary suppression, percentages, statistics."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.domain.text import Text
from isu.errors import UserError
from isu.summary.builders import (
    cross_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
    transition_table,
    volume_table,
)
from isu.summary.disclosure import (
    ProtectedReport,
    ProtectedTable,
    protect,
    protect_report,
    require_protected,
)
from isu.summary.model import PercentBase, Split, SummaryTable, TableKind
from isu.summary.suppression import CellState, suppress_line

from .exposure import exposed_cells

T = Text("Tabell", "Table")


def labels(count: int, prefix: str = "v") -> list[Text]:
    return [Text.same(f"{prefix}{i}") for i in range(count)]


def known_grid(table: ProtectedTable) -> list[list[int | None]]:
    """What a reader of the output sees, laid out as cells + margins (None = hidden)."""
    rows, cols = len(table.cells), len(table.cells[0])
    grid: list[list[int | None]] = [[c.value for c in row] for row in table.cells]
    for i in range(rows):  # a single column has no separate "total" column: it equals the cell
        total = table.row_totals[i] if table.row_totals else table.cells[i][0]
        grid[i].append(total.value)
    bottom = [
        (table.col_totals[j] if table.col_totals else table.cells[0][j]).value for j in range(cols)
    ]
    grid.append([*bottom, table.grand_total.value])
    return grid


def truth_grid(table: SummaryTable) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in table.counts()]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def hidden_positions(table: ProtectedTable) -> set[tuple[int, int]]:
    return {
        (i, j) for i, row in enumerate(known_grid(table)) for j, v in enumerate(row) if v is None
    }


# --- the recoverability proof -------------------------------------------------------------

tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 4), st.integers(0, 12)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(counts=tables, k=st.integers(3, 5))
def test_no_hidden_cell_can_be_recomputed_from_published_totals(counts, k):
    rows, cols = len(counts), len(counts[0])
    table = cross_table("t", T, labels(rows), labels(cols, "c"), counts)
    protected = protect(table, k)
    known, truth = known_grid(protected), truth_grid(table)

    # every published figure is the true one, and every count 1..k-1 is hidden
    for i, row in enumerate(known):
        for j, value in enumerate(row):
            assert value is None or value == truth[i][j]
            is_total = (i == rows and (cols == 1 or j == cols)) or (j == cols and rows == 1)
            if 0 < truth[i][j] < k and not is_total:
                assert value is None
    if len([v for row in known for v in row if v is None]) and rows * cols > 1:
        assert exposed_cells(known, truth) == []


def test_the_exposure_check_finds_a_lone_hidden_cell():
    # only primary suppression: the 3 is recomputable from its row total — the check must see it
    truth = [[3, 10, 13], [10, 10, 20], [13, 20, 33]]
    known = [[None, 10, 13], [10, 10, 20], [13, 20, 33]]
    assert exposed_cells(known, truth) == [(0, 0)]


def test_the_exposure_check_uses_non_negativity():
    # a hidden 2x2 block lies on a cycle, but its first row adds up to 0: only
    # non-negativity (not the linear equations) pins all four cells
    truth = [[0, 0, 0], [4, 7, 11], [4, 7, 11]]
    known = [[None, None, 0], [None, None, 11], [4, 7, 11]]
    assert set(exposed_cells(known, truth)) == {(0, 0), (0, 1), (1, 0), (1, 1)}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.integers(0, 15), min_size=2, max_size=8), k=st.integers(2, 6))
def test_a_line_with_a_published_total_hides_none_or_at_least_two(values, k):
    states = suppress_line(values, sum(values), k)
    hidden = [i for i, s in enumerate(states) if s.hidden]
    assert len(hidden) != 1
    assert all(states[i].hidden for i, v in enumerate(values) if 0 < v < k)


# --- worked examples ------------------------------------------------------------------------


def test_frequency_hides_small_counts_and_the_smallest_other_cell():
    table = frequency_table("f", T, labels(4), [3, 0, 17, 40])
    protected = protect(table, 5)
    states = [row[0].state for row in protected.cells]
    assert states == [CellState.PRIMARY, CellState.SHOWN, CellState.SECONDARY, CellState.SHOWN]
    assert [row[0].value for row in protected.cells] == [None, 0, None, 40]
    assert protected.col_totals[0].value == 60  # the published total
    assert protected.cells[3][0].percent * 60 == 40 * 100
    assert protected.cells[0][0].percent is None
    assert protected.cells[2][0].percent_state is CellState.SECONDARY


def test_zero_is_shown_and_k_is_configurable():
    table = frequency_table("f", T, labels(3), [0, 7, 9])
    assert [c[0].value for c in protect(table, 5).cells] == [0, 7, 9]
    assert [c[0].state for c in protect(table, 8).cells] == [
        CellState.SHOWN,
        CellState.PRIMARY,
        CellState.SECONDARY,
    ]
    with pytest.raises(UserError):
        protect(table, 0)


def test_a_table_with_fewer_than_k_cases_hides_every_cell_even_zeros_and_its_n():
    table = frequency_table("f", T, labels(3), [3, 0, 1])
    protected = protect(table, 5)
    assert all(row[0].hidden for row in protected.cells)
    # "Totalt 4" and "n = 4" would tell what the hidden cells hide: n is hidden too
    assert protected.grand_total.hidden and protected.grand_total.value is None
    assert protected.n is None and protected.missing is None


def test_gender_split_protects_rows_and_columns():
    counts = [[12, 2, 20], [15, 14, 30], [9, 11, 25]]
    table = frequency_table(
        "g", T, labels(3), counts, col_labels=labels(3, "g"), split=Split.GENDER
    )
    protected = protect(table, 5)
    assert protected.cells[0][1].state is CellState.PRIMARY
    hidden = hidden_positions(protected)
    row0 = [j for i, j in hidden if i == 0]
    col1 = [i for i, j in hidden if j == 1]
    assert len(row0) >= 2 and len(col1) >= 2
    assert exposed_cells(known_grid(protected), truth_grid(table)) == []


def test_a_small_margin_is_hidden_and_still_protected():
    counts = [[2, 1, 0], [10, 12, 8], [9, 7, 11]]  # first row total 3 < k
    table = cross_table("c", T, labels(3), labels(3, "a"), counts)
    protected = protect(table, 5)
    assert protected.row_totals[0].state is CellState.PRIMARY
    assert protected.cells[0][2].value == 0
    assert exposed_cells(known_grid(protected), truth_grid(table)) == []


def test_percentages_follow_the_visibility_of_count_and_base():
    counts = [[1, 9], [3, 30]]  # column 0 total 4 < k: base too small
    table = frequency_table(
        "p", T, labels(2), counts, col_labels=labels(2, "g"), percent=PercentBase.COLUMN
    )
    protected = protect(table, 5)
    col0 = [protected.cells[0][0], protected.cells[1][0], protected.col_totals[0]]
    assert all(c.percent is None and c.percent_state.hidden for c in col0)
    shown = [c for row in protected.cells for c in row if not c.hidden]
    for c in shown:
        assert c.percent is None or c.percent <= 100


def test_transition_tables_are_protected_like_cross_tables():
    table = transition_table(
        "tr", T, labels(3, "b"), labels(3, "a"), [[10, 4, 0], [6, 12, 3], [0, 5, 9]]
    )
    protected = protect(table, 5)
    assert protected.kind is TableKind.TRANSITION
    assert protected.cells[0][1].state is CellState.PRIMARY
    assert exposed_cells(known_grid(protected), truth_grid(table)) == []


def test_multiple_choice_cells_get_primary_suppression_only():
    table = multiple_choice_table("m", T, labels(3), [20, 3, 0], respondents=25, missing=4)
    protected = protect(table, 5)
    assert [c[0].value for c in protected.cells] == [20, None, 0]
    assert [c[0].state for c in protected.cells][1] is CellState.PRIMARY
    assert protected.cells[0][0].percent == 80
    assert protected.bases[0].value == 25 and protected.missing == 4


def test_multiple_choice_split_protects_the_group_sizes():
    table = multiple_choice_table(
        "m",
        T,
        labels(2),
        [[10, 2, 0], [15, 1, 9]],
        respondents=[20, 3, 12],
        col_labels=labels(3, "g"),
        split=Split.GENDER,
    )
    protected = protect(table, 5)
    base_states = [b.state for b in protected.bases]
    assert base_states == [CellState.SHOWN, CellState.PRIMARY, CellState.SECONDARY]
    # the group of 3: every cell hidden, zeros included; the 12: counts kept, shares hidden
    assert all(protected.cells[i][1].hidden for i in range(2))
    assert protected.cells[1][2].value == 9 and protected.cells[1][2].percent is None


def test_statistics_on_fewer_than_k_values_are_hidden():
    table = statistics_table(
        "s",
        T,
        [(Text.same("F"), [1, 2, 3]), (Text.same("P"), [4, 5, 6, 7, 8, 9])],
        split=Split.GENDER,
    )
    protected = protect(table, 5)
    all_row, girls, boys = protected.cells
    mean, median, q1, q3, low, high = all_row
    assert not any(c.hidden for c in (mean, median, q1, q3)) and median.value == 5
    assert low.hidden and high.hidden  # min and max are single persons' values
    assert all(c.hidden for c in girls)
    # boys' n would give the girls' n from the total, so it is hidden and so are their means
    assert protected.bases[2].state is CellState.SECONDARY and all(c.hidden for c in boys)


def test_volume_hides_small_counts_and_medians_on_few_cases():
    table = volume_table(
        "v",
        T,
        referred=30,
        started=22,
        ongoing=3,
        closed=4,
        days_referral_to_start=list(range(22)),
        days_start_to_closure=[100, 120, 130, 200],
    )
    protected = protect(table, 5)
    assert [row[0].value for row in protected.cells] == [30, 22, None, None]
    assert protected.cells[1][1].value == 10.5
    assert protected.cells[3][1].hidden


def test_split_volume_keeps_a_single_small_group_from_being_recomputed():
    from isu.summary.builders import Flows, flows_table

    girls = Flows(3, 3, 0, 2, [5, 6, 7], [90, 100])
    boys = Flows(17, 15, 4, 9, list(range(15)), list(range(100, 109)))
    everyone = Flows(20, 18, 4, 11, [5, 6, 7, *range(15)], [90, 100, *range(100, 109)])
    table = flows_table(
        "v", T, everyone, groups=[(Text("Flicka"), girls), (Text("Pojke"), boys)],
        split=Split.GENDER,
    )  # fmt: skip
    protected = protect(table, 5)
    referred, started, ongoing, closed = ([c.value for c in row[::2]] for row in protected.cells)
    assert referred == [20, None, None]  # 3 girls would follow from 20 - 17
    assert started == [18, None, None]
    assert ongoing == [None, None, None]  # the total 4 is itself below 5
    assert closed == [11, None, None]
    # the boys' median and its base go with their hidden count (base 15 = count 15)
    assert protected.cells[1][5].hidden and protected.bases[1 * 3 + 2].hidden
    assert protected.cells[1][1].value is not None  # the median of all 18 is safe


def test_split_volume_where_started_is_ongoing_plus_closed_keeps_its_secrets():
    from isu.summary.builders import Flows, flows_table

    groups = [(6, 6, 0), (2, 2, 0), (20, 5, 15)]  # (started, ongoing, closed) per group
    table = flows_table(
        "v", T, Flows(0, 28, 13, 15),
        groups=[(Text(f"g{i}"), Flows(0, s, o, c)) for i, (s, o, c) in enumerate(groups)],
        split=Split.GENDER,
    )  # fmt: skip
    protected = protect(table, 5)
    started, ongoing, closed = ([c.value for c in row[::2]] for row in protected.cells[1:])
    # as a table: rows ongoing/closed, columns the groups, margins the All column and the
    # started row; a reader who knows started = ongoing + closed sees exactly this grid
    known = [[*ongoing[1:], ongoing[0]], [*closed[1:], closed[0]], [*started[1:], started[0]]]
    truth = [[6, 2, 5, 13], [0, 0, 15, 15], [6, 2, 20, 28]]
    assert any(v is None for row in known for v in row)
    assert exposed_cells(known, truth) == []


def test_unsplit_volume_hides_closed_when_ongoing_is_small():
    table = volume_table(
        "v", T, referred=7, started=7, ongoing=2, closed=5,
        days_referral_to_start=[1] * 7, days_start_to_closure=[9] * 5,
    )  # fmt: skip
    counts = [row[0].value for row in protect(table, 5).cells]
    assert counts == [7, 7, None, None]  # closed 5 shown would give ongoing = 7 - 5


def test_known_row_totals_stay_published_and_still_protect():
    counts = [[10, 0], [0, 10], [1, 5], [0, 6]]  # answered / not, rows of the same cases
    table = cross_table("r", T, labels(4), labels(2, "a"), counts, row_totals_known=True)
    protected = protect(table, 5)
    assert all(not c.hidden for c in protected.row_totals)
    assert exposed_cells(known_grid(protected), truth_grid(table)) == []


def test_split_volume_groups_must_add_up():
    from isu.summary.builders import Flows, flows_table
    from isu.summary.model import InvalidTable

    with pytest.raises(InvalidTable):
        flows_table(
            "v", T, Flows(5, 0, 0, 0),
            groups=[(Text("a"), Flows(2, 0, 0, 0)), (Text("b"), Flows(2, 0, 0, 0))],
        )  # fmt: skip


def test_protect_report_uses_the_report_k_and_writers_refuse_raw_reports(sample_report):
    protected = protect_report(sample_report)
    assert protected.meta.k == sample_report.meta.k
    assert protect_report(sample_report, 3).meta.k == 3
    assert require_protected(protected) is protected
    with pytest.raises(TypeError):
        require_protected(sample_report)
    with pytest.raises(TypeError):
        ProtectedReport(sample_report.meta, ())


@pytest.fixture
def sample_report():
    from .sample import build_sample_report

    return build_sample_report()


# --- figures hidden by another table of the same output -----------------------------------


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(counts=tables, k=st.integers(3, 5), data=st.data())
def test_figures_forced_by_another_table_are_hidden_and_protected(counts, k, data):
    from isu.summary.disclosure import _protect

    rows, cols = len(counts), len(counts[0])
    table = cross_table("t", T, labels(rows), labels(cols, "c"), counts)
    positions = [(i, j) for i in range(rows + 1) for j in range(cols + 1)]
    forced = frozenset(data.draw(st.lists(st.sampled_from(positions), max_size=3)))
    protected = _protect(table, k, forced)
    known, truth = known_grid(protected), truth_grid(table)
    for i, j in forced:
        if truth[i][j] > 0 and rows > 1 and cols > 1:
            assert known[i][j] is None
    if rows * cols > 1 and any(v is None for row in known for v in row):
        assert exposed_cells(known, truth) == []


def test_a_line_with_a_hidden_total_hides_at_least_one_cell():
    states = suppress_line([10, 20, 30], 60, 5, total_hidden=True)
    assert sum(s.hidden for s in states) == 1  # with the total: two unknowns, not one
    assert suppress_line([10, 20, 30], 60, 5, forced=[1], total_hidden=True)[1].hidden
    states = suppress_line([10, 20, 30], 60, 5, forced=[2])
    assert [s.hidden for s in states] == [True, False, True]
    # known figures (published by another table) are partners only when nothing else is
    assert [s.hidden for s in suppress_line([2, 20, 30], 52, 5, known=[1])] == [True, False, True]

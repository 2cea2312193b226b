"""The table model: builders, margins, validation of inconsistent tables."""

from __future__ import annotations

import statistics

import pytest

from isu.domain.text import Text
from isu.summary.builders import (
    cross_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
    volume_table,
)
from isu.summary.model import (
    STAT_COLUMNS,
    InvalidTable,
    PercentBase,
    SummaryReport,
    SummaryTable,
    TableKind,
    describe,
)

from .sample import build_sample_report

T = Text("Titel", "Title")


def test_text_falls_back_to_swedish():
    assert Text("Hej", "Hello").get("en") == "Hello"
    assert Text("Hej").get("en") == "Hej"
    assert Text("Hej", "Hello").get("sv") == "Hej"


def test_margins_of_a_cross_table():
    table = cross_table(
        "c", T, [Text("a"), Text("b")], [Text("x"), Text("y"), Text("z")], [[1, 2, 3], [4, 5, 6]]
    )
    assert table.row_totals == (6, 15)
    assert table.col_totals == (5, 7, 9)
    assert table.grand_total == table.n == 21


def test_one_column_frequency_gets_a_count_label():
    table = frequency_table("f", T, [Text("a"), Text("b")], [3, 4], missing=2)
    assert table.shape == (2, 1) and table.col_labels[0].sv == "Antal"
    assert table.n == 7 and table.missing == 2 and table.percent is PercentBase.COLUMN


@pytest.mark.parametrize(
    "build",
    [
        lambda: frequency_table("f", T, [Text("a")], [-1]),
        lambda: frequency_table("f", T, [Text("a"), Text("b")], [1]),
        lambda: multiple_choice_table("m", T, [Text("a")], [12], respondents=10),
        lambda: SummaryTable("x", TableKind.FREQUENCY, T, (Text("a"),), (Text("b"),), ((1,),), n=5),
        lambda: SummaryTable("x", TableKind.CROSS, T, (Text("a"),), (Text("b"),), ((1.5,),), n=1),
        lambda: frequency_table("f", T, [Text("a")], [1], percent=PercentBase.ROW),
        lambda: statistics_table("s", T, [(T, [1.0, float("nan")])]),
        lambda: statistics_table("s", T, []),
    ],
)
def test_inconsistent_tables_are_refused(build):
    with pytest.raises(InvalidTable):
        build()


def test_duplicate_table_keys_are_refused():
    report = build_sample_report()
    first = next(report.tables())
    with pytest.raises(InvalidTable):
        SummaryReport(
            report.meta, (*report.sections, report.sections[0].__class__("dup", T, (first,)))
        )


def test_describe_uses_inclusive_quartiles():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    mean, median, q1, q3, low, high = describe(values)
    assert (mean, median, low, high) == (5.5, 5.5, 1, 10)
    assert (q1, q3) == tuple(statistics.quantiles(values, n=4, method="inclusive")[::2])
    assert describe([7]) == (7, 7, 7, 7, 7, 7)
    assert describe([]) == (None,) * len(STAT_COLUMNS)


def test_statistics_with_groups_lead_with_all():
    table = statistics_table("s", T, [(Text("F"), [1, 2]), (Text("P"), [3, 4, 5])])
    assert [label.sv for label in table.row_labels] == ["Alla", "F", "P"]
    assert table.bases == (5, 2, 3) and table.n == 5
    assert table.values[0][1] == 3  # median of all five


def test_volume_table_puts_medians_on_started_and_closed():
    table = volume_table(
        "v",
        T,
        referred=10,
        started=8,
        ongoing=5,
        closed=3,
        days_referral_to_start=[1, 3, 10],
        days_start_to_closure=[],
    )
    assert [row[1] for row in table.values] == [None, 3, None, None]
    assert table.bases == (0, 3, 0, 0) and table.n == 10

"""chart_series: what the PDF and the Qt page draw, from published figures only."""

from __future__ import annotations

from decimal import Decimal

from isu.domain.text import Text
from isu.summary.builders import (
    cross_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
    transition_table,
)
from isu.summary.charts import ChartKind, ChartUnit, chart_series
from isu.summary.disclosure import protect
from isu.summary.fmt import share_percent
from isu.summary.model import Split

T = Text("T")
GENDERS = [Text("Flicka", "Girl"), Text("Pojke", "Boy")]


def test_a_plain_distribution_is_one_series_of_shares_with_gaps_for_hidden_cells():
    table = protect(frequency_table("f", T, [Text("a"), Text("b"), Text("c")], [3, 17, 40]))
    spec = chart_series(table)
    assert spec.kind is ChartKind.BARS and spec.unit is ChartUnit.PERCENT
    assert spec.categories == ("a", "b", "c")
    (series,) = spec.series
    assert series.values == (None, None, share_percent(40, 60))
    assert spec.has_hidden


def test_a_gender_split_gives_one_series_per_gender():
    counts = [[10, 30], [20, 40]]
    table = protect(
        frequency_table(
            "g", T, [Text("a"), Text("b")], counts, col_labels=GENDERS, split=Split.GENDER
        )
    )
    spec = chart_series(table, "en")
    assert spec.kind is ChartKind.GROUPED_BARS
    assert [s.label for s in spec.series] == ["Girl", "Boy"]
    assert spec.series[0].values == (share_percent(10, 30), share_percent(20, 30))
    assert not spec.has_hidden


def test_multiple_choice_shares_are_of_respondents():
    table = protect(multiple_choice_table("m", T, [Text("a"), Text("b")], [30, 12], respondents=40))
    spec = chart_series(table)
    assert spec.series[0].values == (Decimal(75), Decimal(30))


def test_cross_tables_draw_counts_per_column_category():
    table = protect(
        cross_table("c", T, GENDERS, [Text("12–14"), Text("15–17")], [[8, 9], [10, 20]])
    )
    spec = chart_series(table)
    assert spec.unit is ChartUnit.COUNT and spec.categories == ("12–14", "15–17")
    assert spec.series[1].values == (Decimal(10), Decimal(20))


def test_transition_tables_compare_the_before_and_after_distributions():
    labels = [Text("Hög"), Text("Låg")]
    table = protect(transition_table("t", T, labels, labels, [[10, 6], [12, 8]]))
    spec = chart_series(table)
    assert spec.kind is ChartKind.BEFORE_AFTER
    before, after = spec.series
    assert before.label == "Före" and after.label == "Efter"
    assert before.values == (share_percent(16, 36), share_percent(20, 36))
    assert after.values == (share_percent(22, 36), share_percent(14, 36))


def test_tables_without_a_chart_or_with_nothing_to_show():
    stats = protect(statistics_table("s", T, [(T, [1.0, 2.0, 3.0, 4.0, 5.0])]))
    assert chart_series(stats) is None
    tiny = protect(frequency_table("f", T, [Text("a"), Text("b")], [1, 2]))
    assert chart_series(tiny) is None


def test_a_split_before_after_chart_adds_the_groups_up():
    parts = [(g, c) for g in GENDERS for c in (Text("in"), Text("out"))]
    table = protect(
        transition_table(
            "p", T, [Text(f"{g.sv} – {c.sv}") for g, c in parts], [Text("in"), Text("out")],
            [[10, 5], [5, 10], [20, 0], [5, 15]], row_parts=parts, split=Split.GENDER,
        ),
        5,
    )  # fmt: skip
    spec = chart_series(table)
    assert spec.kind is ChartKind.BEFORE_AFTER
    before, after = spec.series
    assert spec.categories == ("in", "out")
    assert before.values == (share_percent(35, 70), share_percent(35, 70))
    assert after.values == (share_percent(40, 70), share_percent(30, 70))

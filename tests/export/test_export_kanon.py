"""k-anonymity: ladders, the search, suppression, and an independent checker."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.export.kanon import (
    KAnonymityError,
    age_band_ladder,
    combinations_below_k,
    default_age_band_codes,
    default_ladders,
    gender_ladder,
    kanonymize,
    mapping_ladder,
    municipality_ladder,
    period_ladder,
)

QUASI = ("gender", "age_band", "municipality", "period")
GENDERS = ("pojke_man", "flicka_kvinna", "annat", "uppgift_saknas")
MUNICIPALITIES = ("0180", "0181", "0114", "1480", "1281")
PERIODS = tuple(f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13))

record_strategy = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(GENDERS),
        "age_band": st.sampled_from((*default_age_band_codes(), "uppgift_saknas")),
        "municipality": st.sampled_from(MUNICIPALITIES),
        "period": st.sampled_from(PERIODS),
        "meetings": st.integers(0, 30),
    }
)


# --- ladders -----------------------------------------------------------------------------


def test_age_band_ladder():
    ladder = age_band_ladder()
    assert [ladder.apply("15-17", level) for level in range(3)] == ["15-17", "12-17", "alla"]
    assert ladder.apply("21–25 år", 1) == "18-29"
    assert ladder.apply(19, 1) == "18-29"
    assert ladder.apply("30-35", 1) == "alla"  # fits no wider band
    assert ladder.apply("uppgift_saknas", 1) == "uppgift_saknas"
    assert ladder.apply("uppgift_saknas", 2) == "alla"


def test_period_ladder():
    ladder = period_ladder()
    assert [ladder.apply("2024-03", level) for level in range(4)] == [
        "2024-03",
        "2024-H1",
        "2024",
        "alla",
    ]
    assert ladder.apply("2024-07", 1) == "2024-H2"
    assert ladder.apply(dt.date(2023, 12, 5), 2) == "2023"
    assert ladder.apply("2024-13", 1) == "2024-13"


def test_municipality_and_gender_ladders():
    municipality = municipality_ladder()
    assert [municipality.apply("0180", level) for level in range(3)] == ["0180", "01", "*"]
    assert gender_ladder().apply("flicka_kvinna", 1) == "*"
    table = mapping_ladder("risk", {"low": "low-mid", "mid": "low-mid", "high": "high"})
    assert [table.apply("mid", level) for level in range(3)] == ["mid", "low-mid", "*"]
    assert table.apply("unknown", 1) == "*"


# --- the independent checker -------------------------------------------------------------


def test_combinations_below_k_counts():
    records = [{"a": 1, "b": "x"}] * 3 + [{"a": 2, "b": "x"}]
    assert combinations_below_k(records, ["a", "b"], 3) == [((2, "x"), 1)]
    assert combinations_below_k(records, ["a", "b"], 4) == [((1, "x"), 3), ((2, "x"), 1)]
    assert combinations_below_k(records, ["a"], 1) == []


# --- behaviour in simple cases -----------------------------------------------------------


def test_already_anonymous_data_is_left_alone():
    records = [
        {"gender": g, "age_band": "15-17", "municipality": "0180", "period": "2024-01", "i": i}
        for g in GENDERS[:2]
        for i in range(5)
    ]
    out, report = kanonymize(records, QUASI, 5, default_ladders())
    assert out == records
    assert report.suppressed == report.generalised == 0
    assert set(report.levels.values()) == {0}


def test_one_rare_record_is_suppressed_within_the_limit():
    common = [
        {"gender": "pojke_man", "age_band": "15-17", "municipality": "0180", "period": "2024-01"}
    ] * 40
    rare = {"gender": "annat", "age_band": "26-29", "municipality": "1480", "period": "2023-05"}
    out, report = kanonymize([*common, rare], QUASI, 5, default_ladders(), max_suppressed=0.05)
    assert report.suppressed == 1 and report.generalised == 0 and rare not in out
    assert report.rows_out == 40 and report.rows_in == 41


def test_without_suppression_allowance_the_columns_are_generalised():
    base = {"gender": "pojke_man", "age_band": "15-17", "municipality": "0180", "period": "2024"}
    records = [base | {"period": "2024-01"}] * 4 + [base | {"period": "2024-02"}] * 3
    out, report = kanonymize(records, QUASI, 5, default_ladders(), max_suppressed=0)
    assert report.suppressed == 0
    assert report.levels == {"gender": 0, "age_band": 0, "municipality": 0, "period": 1}
    assert {r["period"] for r in out} == {"2024-H1"}
    assert report.generalised == 7
    assert "generalise period to level 1" in report.rules()


def test_fewer_records_than_k_are_all_suppressed():
    records = [{"gender": "pojke_man", "age_band": "15-17", "municipality": "0180",
                "period": "2024-01"}] * 3  # fmt: skip
    out, report = kanonymize(records, QUASI, 5, default_ladders())
    assert out == [] and report.suppressed == 3


def test_other_columns_are_untouched_and_input_is_not_modified():
    records = [
        {"gender": "pojke_man", "age_band": a, "municipality": "0180", "period": "2024-01", "x": n}
        for n, a in enumerate(["15-17"] * 3 + ["12-14"] * 3)
    ]
    snapshot = [dict(r) for r in records]
    out, _report = kanonymize(records, QUASI, 5, default_ladders(), max_suppressed=0)
    assert records == snapshot
    assert [r["x"] for r in out] == list(range(6))
    assert {r["age_band"] for r in out} == {"12-17"}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"k": 0}, "k"),
        ({"k": True}, "k"),
        ({"quasi": ("gender", "shoe_size")}, "shoe_size"),
        ({"quasi": ("gender", "gender")}, "twice"),
        ({"max_suppressed": 2.0}, "between"),
    ],
)
def test_bad_settings_are_user_errors(kwargs, match):
    args = {
        "records": [{"gender": "x"}],
        "quasi": ("gender",),
        "k": 2,
        "ladders": default_ladders(),
    }
    with pytest.raises(KAnonymityError, match=match):
        kanonymize(**(args | kwargs))


def test_record_missing_a_column_is_named():
    with pytest.raises(KAnonymityError, match="Record 2"):
        kanonymize([{"gender": "a"}, {}], ("gender",), 2, default_ladders())


# --- properties --------------------------------------------------------------------------


def _suppressed_at(records, ladders, levels, k):
    keys = [
        tuple(ladders[col].apply(r[col], lvl) for col, lvl in zip(QUASI, levels, strict=True))
        for r in records
    ]
    counts = Counter(keys)
    return sum(1 for key in keys if counts[key] < k)


@settings(max_examples=120, deadline=None)
@given(
    records=st.lists(record_strategy, max_size=60),
    k=st.integers(1, 6),
    share=st.sampled_from([0.0, 0.05, 0.2]),
    greedy=st.booleans(),
)
def test_every_combination_reaches_k(records, k, share, greedy):
    ladders = default_ladders()
    out, report = kanonymize(
        records, QUASI, k, ladders, max_suppressed=share, max_lattice=1 if greedy else 5000
    )
    assert combinations_below_k(out, QUASI, k) == []
    assert report.rows_out == len(out) == len(records) - report.suppressed
    assert report.method == ("greedy" if greedy else "lattice")
    levels = tuple(report.levels[col] for col in QUASI)
    # Only records in too-small combinations at the chosen levels were removed.
    assert report.suppressed == _suppressed_at(records, ladders, levels, k)
    if len(records) >= k:
        assert report.suppressed <= math.floor(share * len(records) + 1e-9)


@settings(max_examples=60, deadline=None)
@given(records=st.lists(record_strategy, min_size=1, max_size=40), k=st.integers(2, 5))
def test_lattice_search_generalises_no_more_than_needed(records, k):
    ladders = default_ladders()
    allowed = math.floor(0.05 * len(records) + 1e-9)
    _out, report = kanonymize(records, QUASI, k, ladders, max_suppressed=0.05)
    chosen = sum(report.levels.values())
    heights = [range(ladders[col].height + 1) for col in QUASI]
    feasible = [
        node
        for node in itertools.product(*heights)
        if _suppressed_at(records, ladders, node, k) <= allowed
    ]
    if feasible:
        assert chosen == min(sum(node) for node in feasible)
        same_height = [n for n in feasible if sum(n) == chosen]
        fewest = min(_suppressed_at(records, ladders, n, k) for n in same_height)
        assert report.suppressed == fewest


# --- bands, rare values and l-diversity ------------------------------------------------------


def test_band_codes_and_their_ladder():
    from isu.export.kanon import band_code, band_ladder, band_middle

    bounds = (30, 90, 180, 365)
    assert [band_code(d, bounds) for d in (-3, 0, 30, 31, 90, 200, 365, 366)] == [
        "<0", "0-30", "0-30", "31-90", "31-90", "181-365", "181-365", ">365",
    ]  # fmt: skip
    ladder = band_ladder("days", bounds)
    assert [ladder.apply("31-90", level) for level in range(3)] == ["31-90", "0-90", "*"]
    assert ladder.apply("181-365", 1) == "91-365" and ladder.apply(">365", 1) == ">365"
    assert ladder.apply("uppgift_saknas", 1) == "uppgift_saknas"  # missing codes stay
    assert band_middle("31-90") == 60 and band_middle(">365") == 366 and band_middle("x") is None
    assert band_code(0, (0, 2, 5)) == "0" and band_code(4, (0, 2, 5)) == "3-5"


def test_rare_values_are_grouped_before_the_column_is_hidden():
    from isu.export.kanon import OTHER, rare_ladder

    values = ["pojke_man"] * 70 + ["flicka_kvinna"] * 26 + ["annat"] * 3 + [None]
    ladder = rare_ladder("gender", values, k=5)
    assert ladder.apply("annat", 1) == OTHER and ladder.apply("flicka_kvinna", 1) == "flicka_kvinna"
    assert ladder.apply(None, 1) is None and ladder.apply("pojke_man", 2) == "*"


def test_gender_survives_when_only_its_rare_values_are_the_problem():
    from isu.export.kanon import rare_ladder

    records = (
        [{"gender": "pojke_man", "age_band": "15-17"}] * 40
        + [{"gender": "flicka_kvinna", "age_band": "15-17"}] * 20
        + [{"gender": "annat", "age_band": "15-17"}] * 2
        + [{"gender": "uppgift_saknas", "age_band": "15-17"}] * 3
    )
    ladders = {
        "gender": rare_ladder("gender", [r["gender"] for r in records], 5),
        "age_band": age_band_ladder(),
    }
    out, report = kanonymize(records, ("gender", "age_band"), 5, ladders, max_suppressed=0)
    assert report.levels["gender"] == 1 and report.suppressed == 0
    assert Counter(r["gender"] for r in out) == {"pojke_man": 40, "flicka_kvinna": 20, "ovrigt": 5}


def test_l_diversity_stops_reading_the_sensitive_value_off_a_class():
    """The attack: an outsider knows gender and age band, finds the class, and reads the
    risk level, because everybody in it has the same. After l-diversity every class shows
    at least l different values (or none at all)."""
    records = []
    for i in range(60):
        gender = ("pojke_man", "flicka_kvinna")[i % 2]
        band = ("15-17", "18-20", "21-25")[i % 3]
        risk = (
            "hog"
            if (gender, band) == ("flicka_kvinna", "18-20")
            else ("lag", "mattlig")[i % 4 // 2]
        )
        after = None if band == "21-25" else risk  # nobody in 21–25 has an after value
        records.append({"gender": gender, "age_band": band, "risk": risk, "after": after})
    quasi = ("gender", "age_band")
    ladders = {"gender": gender_ladder(), "age_band": age_band_ladder()}
    plain, _report = kanonymize(records, quasi, 5, ladders, max_suppressed=0)
    leaks = {key for key, values in _classes(plain, quasi, "risk").items() if len(set(values)) == 1}
    assert leaks  # without l-diversity, one class gives its risk level away
    out, report = kanonymize(
        records, quasi, 5, ladders, sensitive=("risk", "after"), l=2, max_suppressed=0.2
    )
    for column in ("risk", "after"):
        for values in _classes(out, quasi, column).values():
            assert set(values) == {None} or len(set(values)) >= 2
    assert report.after.l["risk"] >= 2 and report.before.l["risk"] == 1
    assert report.after.smallest >= 5 and report.after.unique == 0
    assert any("l-diversity l=2" in rule for rule in report.rules())


def test_l_must_be_a_whole_number():
    with pytest.raises(KAnonymityError):
        kanonymize([{"g": "a", "s": 1}], ("g",), 1, {"g": gender_ladder()}, sensitive=("s",), l=0)


def _classes(records, quasi, column):
    classes: dict[tuple, list] = {}
    for record in records:
        classes.setdefault(tuple(record[q] for q in quasi), []).append(record[column])
    return classes

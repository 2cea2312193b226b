"""Release control's rules on constructed populations (``isu.summary.populations``)."""

from __future__ import annotations

import random

import pytest

from isu.summary.populations import Populations, bitset, find_conflict, members, partition

K = 5


def pops(*sets: range | list[int]) -> Populations:
    masks = tuple(bitset(s) for s in sets)
    return Populations(tuple(f"p{i}" for i in range(len(masks))), masks)


def test_bitsets_round_trip_and_encode_compactly():
    ids = sorted(random.Random(1).sample(range(1, 20_000), 6_000))
    assert members(bitset(ids)) == ids
    p = pops(ids, ids[:3000])
    back = Populations.decode(p.encode())
    assert back == p and back.digest() == p.digest()
    assert len(p.encode()) < 6_000  # well under 1 byte per case


def test_partition_gives_the_classes_of_cases():
    atoms = partition([bitset(range(0, 10)), bitset(range(5, 15))])
    assert sorted(members(a)[0] for a in atoms) == [0, 5, 10]


def test_one_case_more_is_refused_both_ways():
    first = pops(range(1, 101))
    for second in (pops(range(1, 102)), pops(range(1, 100)), pops([*range(2, 101), 500])):
        conflict = find_conflict(second, [(7, first)], K)
        assert conflict is not None and conflict.cases in (1, 2)


def test_the_same_population_and_a_large_difference_are_admitted():
    first = pops(range(1, 101), range(1, 60))
    assert find_conflict(pops(range(1, 101), range(1, 60)), [(1, first)], K) is None
    assert find_conflict(pops(range(1, 106)), [(1, first)], K) is None
    assert find_conflict(pops(range(200, 300)), [(1, first)], K) is None


def test_a_sub_population_differing_by_a_few_is_refused():
    """Closed cases: 40 earlier, 41 now, though all cases grew by 10 (a closure leaked)."""
    first = pops(range(1, 101), range(1, 41))
    second = pops(range(1, 111), range(1, 42))
    assert find_conflict(second, [(1, first)], K) is not None


def test_a_combination_of_three_outputs_is_refused():
    """Girls only, boys only, then everyone: everyone − girls − boys = the one other case."""
    girls, boys = pops(range(1, 31)), pops(range(31, 149))
    everyone = pops(range(1, 150))
    assert find_conflict(everyone, [(1, girls), (2, boys)], K) is not None


def test_a_complement_of_a_hidden_group_is_refused():
    """A gender split with a group of one (all hidden), then every case but that one."""
    split = pops(range(1, 151), range(1, 31), range(31, 150), [150])
    assert find_conflict(pops(range(1, 150)), [(1, split)], K) is not None


def test_cross_classified_splits_are_admitted():
    """A split by gender after one by age band: gender × band cells may be small, but no
    sum or difference of the two outputs' populations isolates one of them."""
    rng = random.Random(3)
    gender = {i: rng.choice("gb") for i in range(1, 201)}
    band = {i: rng.choice("12345") for i in range(1, 201)}
    band[1] = "6"  # a band of one case: too small to count
    everyone = range(1, 201)
    by_band = pops(everyone, *[[i for i in everyone if band[i] == b] for b in "123456"])
    by_gender = pops(everyone, *[[i for i in everyone if gender[i] == g] for g in "gb"])
    assert find_conflict(by_gender, [(1, by_band)], K) is None


def test_small_differences_inside_one_output_are_its_own_business():
    """All 100 cases and the 97 closed ones in one output: that difference of 3 is the
    output's own protection's concern, and a repeat of it is admitted."""
    first = pops(range(1, 101), range(1, 98))
    assert find_conflict(first, [], K) is None
    assert find_conflict(pops(range(1, 101), range(1, 98)), [(1, first)], K) is None


def test_a_fixed_grid_of_months_is_admitted():
    months = [range(1 + 30 * m, 31 + 30 * m) for m in range(12)]
    released: list[tuple[int, Populations]] = []
    for m, month in enumerate(months):
        new = pops(month)
        assert find_conflict(new, released, K) is None
        released.append((m, new))
    quarter = pops(range(1, 91))  # Jan–Mar: the union of three released months
    assert find_conflict(quarter, released, K) is None
    assert find_conflict(pops(range(1, 93)), released, K) is not None  # + two days


@pytest.mark.parametrize("k", [1, 0])
def test_no_threshold_no_check(k):
    assert find_conflict(pops(range(1, 102)), [(1, pops(range(1, 101)))], k) is None


def test_populations_smaller_than_k_take_no_part():
    tiny = pops([1, 2, 3])
    assert find_conflict(pops([1, 2, 3, 4]), [(1, tiny)], K) is None

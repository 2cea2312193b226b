"""Pseudonymous export ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.export.ids import hmac_ids, new_id_secret, random_ids

ID_FORMAT = re.compile(r"X[A-Z2-7]{12}")
SECRET = b"0123456789abcdef0123456789abcdef"


def test_random_ids_have_the_format_and_are_unique():
    ids = random_ids(range(2000))
    assert len(ids) == 2000
    assert all(ID_FORMAT.fullmatch(value) for value in ids.values())
    assert len(set(ids.values())) == 2000


def test_random_ids_are_unlinkable_between_exports():
    first, second = random_ids(range(50)), random_ids(range(50))
    assert not set(first.values()) & set(second.values())


def test_duplicate_keys_share_one_id():
    ids = random_ids(["a", "b", "a"])
    assert list(ids) == ["a", "b"]


def test_hmac_ids_are_stable_and_secret_dependent():
    keys = [f"case-{n}" for n in range(300)]
    first, again = hmac_ids(keys, SECRET), hmac_ids(reversed(keys), SECRET)
    assert first == again
    assert all(ID_FORMAT.fullmatch(value) for value in first.values())
    other = hmac_ids(keys, new_id_secret())
    assert not set(first.values()) & set(other.values())


def test_hmac_keys_of_different_types_do_not_share_ids():
    ids = hmac_ids([1, "1"], SECRET)
    assert ids[1] != ids["1"]


def test_hmac_id_does_not_contain_the_key():
    ids = hmac_ids(["ABCDEF"], SECRET)
    assert "ABCDEF" not in ids["ABCDEF"]


@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.integers(0, 10_000), max_size=120))
def test_collisions_are_resolved_even_with_tiny_ids(keys):
    # With one character there are only 32 ids, so collisions are certain.
    for ids in (random_ids(keys, length=1), hmac_ids(keys, SECRET, length=1)):
        assert set(ids) == set(keys)
        assert len(set(ids.values())) == len(ids)
        assert all(re.fullmatch(r"X[A-Z2-7]+", value) for value in ids.values())


def test_hmac_collision_extension_is_deterministic():
    keys = list(range(100))
    assert hmac_ids(keys, SECRET, length=1) == hmac_ids(keys, SECRET, length=1)


@pytest.mark.parametrize("secret", [b"", b"short", "a string secret of enough length"])
def test_weak_secret_is_refused(secret):
    with pytest.raises(ValueError, match="secret"):
        hmac_ids(["a"], secret)  # type: ignore[arg-type]


def test_bad_length_is_refused():
    with pytest.raises(ValueError):
        random_ids(["a"], length=0)

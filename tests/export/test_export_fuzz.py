"""Hostile input: every byte string gives a UserError or a valid package, never a crash.

Set ISU_FUZZ_EXAMPLES to run more (or fewer) examples per test; the default keeps the
whole file to a few seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import string

import pytest
from export_samples import reseal_manifest, sample_contents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.errors import UserError
from isu.export.contents import PackageContents, ReadLimits
from isu.export.package import (
    build_package_bytes,
    read_package,
    read_package_bytes,
    verify_package,
    verify_package_bytes,
)
from isu.export.seal import MAGIC, generate_keypair, seal

EXAMPLES = int(os.environ.get("ISU_FUZZ_EXAMPLES", "300"))
LIMITS = ReadLimits(max_package_bytes=2_000_000, max_members=50, max_total_bytes=2_000_000)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=5000,  # a hang shows up as a deadline failure instead of a stuck run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALID = build_package_bytes(sample_contents())
PRIVATE, PUBLIC = generate_keypair()


def _accepts_or_user_error(blob: bytes, private_key: bytes | None = None) -> None:
    try:
        report = verify_package_bytes(blob, private_key, limits=LIMITS)
    except UserError as problem:
        assert problem.sv and problem.en
        return
    contents = read_package_bytes(blob, private_key, limits=LIMITS)
    assert isinstance(contents, PackageContents)
    assert report.export_id == contents.export_id
    # Whatever verifies could have been written by us: the build-side checks agree.
    assert read_package_bytes(build_package_bytes(contents)) == contents


def _mutate(blob: bytes, data: st.DataObject) -> bytes:
    out = bytearray(blob)
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["flip", "set", "cut", "insert", "delete"]))
        at = data.draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "flip" and out:
            out[at] ^= 1 << data.draw(st.integers(0, 7))
        elif op == "set" and out:
            out[at] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = data.draw(st.binary(min_size=1, max_size=40))
        elif op == "delete":
            del out[at : at + data.draw(st.integers(1, 40))]
    return bytes(out)


@FUZZ
@given(blob=st.binary(max_size=3000))
def test_random_bytes(blob):
    _accepts_or_user_error(blob)


@FUZZ
@given(prefix=st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", MAGIC, MAGIC + b"\x01"]),
       rest=st.binary(max_size=2000))  # fmt: skip
def test_random_bytes_behind_a_plausible_magic(prefix, rest):
    _accepts_or_user_error(prefix + rest, PRIVATE)


@FUZZ
@given(data=st.data())
def test_mutated_valid_package(data):
    _accepts_or_user_error(_mutate(VALID, data))


@FUZZ
@given(data=st.data())
def test_mutated_sealed_package(data):
    _accepts_or_user_error(_mutate(seal(VALID, PUBLIC), data), PRIVATE)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
manifest_keys = st.sampled_from(
    ["format", "format_version", "export_id", "form_id", "form_versions", "municipality_code",
     "kind", "k", "rules", "counts", "created", "period_from", "period_to", "files", "extra"]
)  # fmt: skip


@FUZZ
@given(key=manifest_keys, value=json_values)
def test_consistent_package_with_a_hostile_manifest_field(key, value):
    def edit(manifest: dict) -> None:
        manifest[key] = value

    _accepts_or_user_error(reseal_manifest(VALID, edit))


member_names = st.sampled_from(
    ["codebook.json", "codebook.csv", "data/wide.csv", "data/long.csv", "tables/x.csv"]
)
member_bytes = (
    json_values.map(lambda value: json.dumps(value).encode())
    | st.text(string.printable + 'åäö;"\r\n', max_size=200).map(str.encode)
    | st.binary(max_size=200)
)


@FUZZ
@given(name=member_names, content=member_bytes)
def test_consistent_package_with_a_hostile_member(name, content):
    _accepts_or_user_error(reseal_manifest(VALID, lambda manifest: None, {name: content}))


@settings(FUZZ, max_examples=max(EXAMPLES // 10, 10))
@given(data=st.data())
def test_mutated_package_files_on_disk(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "package.isux"
    path.write_bytes(_mutate(VALID, data))
    for action in (verify_package, read_package):
        with contextlib.suppress(UserError):
            action(path, limits=LIMITS)


def test_valid_package_passes_the_fuzz_oracle():
    _accepts_or_user_error(VALID)
    _accepts_or_user_error(seal(VALID, PUBLIC), PRIVATE)
    with pytest.raises(UserError):
        verify_package_bytes(seal(VALID, PUBLIC))

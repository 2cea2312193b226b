"""The wheel carries everything the program reads at run time, and nothing it must not.

A wheel is built from a copy of the sources (nothing is written into the checkout), or, when
``ISU_WHEEL`` names one (``.ci/run`` sets it to the wheel it built and installed), that wheel
is checked instead. The installed wheel itself is run by ``.ci/run`` from another folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from isu.paths import package_root, resource_dir

REPO = package_root().parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    given = os.environ.get("ISU_WHEEL")
    if given:
        wheel = Path(given)
    else:
        work = tmp_path_factory.mktemp("wheel")
        source = work / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO / name, source / name)
        shutil.copytree(
            REPO / "isu",
            source / "isu",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm"),
        )
        # A .qm compiled at run time beside the .ts must not end up in the wheel.
        (source / "isu" / "resources" / "translations" / "isu_sv.qm").write_bytes(b"stale")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--wheel-dir",
                str(work / "dist"),
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        (wheel,) = (work / "dist").glob("isu-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _shipped(folder: Path, *suffixes: str) -> list[str]:
    return sorted(
        path.relative_to(REPO).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in suffixes
    )


@pytest.mark.parametrize(
    ("folder", "suffixes"),
    [
        ("forms", (".yaml", ".json")),
        ("translations", (".ts",)),
        ("icons", (".svg", ".png")),
        ("styles", (".qss",)),
        ("docs", (".md", ".png")),
    ],
)
def test_wheel_has_every_resource(wheel_names, folder, suffixes):
    expected = _shipped(resource_dir(folder), *suffixes)
    assert expected, f"no {suffixes} in {folder}"
    missing = [name for name in expected if name not in wheel_names]
    assert not missing, f"the wheel leaves out {missing}"


def test_wheel_has_the_guides_and_the_default_form_by_name(wheel_names):
    for name in (
        "isu/resources/forms/sig.yaml",
        "isu/resources/translations/isu_sv.ts",
        "isu/resources/styles/isu.qss",
        "isu/resources/icons/isu.svg",
        "isu/resources/docs/anvandarhandbok.md",
        "isu/resources/docs/user-guide.md",
        "isu/db/migrations/env.py",
        "isu/db/migrations/script.py.mako",
        "isu/db/migrations/versions/0001_initial.py",
    ):
        assert name in wheel_names, name


def test_wheel_has_every_migration(wheel_names):
    versions = _shipped(package_root() / "db" / "migrations" / "versions", ".py")
    assert versions
    assert not [name for name in versions if name not in wheel_names]


def test_wheel_has_no_build_output_caches_or_tests(wheel_names):
    unwanted = [
        name
        for name in wheel_names
        if name.endswith((".qm", ".pyc", ".db"))
        or "__pycache__" in name
        or name.startswith(("tests/", "packaging/", "benchmarks/", "scripts/"))
    ]
    assert not unwanted

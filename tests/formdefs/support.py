"""Paths and small helpers shared by the form-definition tests."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIG = REPO / "isu" / "resources" / "forms" / "sig.yaml"
SCHEMA = REPO / "isu" / "resources" / "forms" / "schema.json"
BROKEN = HERE / "broken"
FORMS = HERE / "forms"
MARKER = "# <-- error"


def marked_lines(path: Path) -> list[int]:
    """1-based numbers of the lines carrying the error marker comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if MARKER in line]


def expected_fragment(path: Path) -> str:
    """The text after ``# expect:`` on the file's first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.split("# expect:", 1)[1].strip()

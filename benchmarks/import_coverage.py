"""How many fields of the test suite's REDCap and XLSForm files the importers keep: per file
the fields read, those that became questions (not counting questions the import adds, such as
an or_other's text question), descriptive texts, and fields skipped. Not a timing: run it once
with this checkout's ``isu`` and once with an older one on PYTHONPATH to compare coverage.

    python benchmarks/import_coverage.py                     # this checkout
    PYTHONPATH=/path/to/older python benchmarks/import_coverage.py   # before
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "formdefs_import"


def _module(name: str):
    """A fixture module loaded from its file, whichever ``isu`` is on the path."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _redcap(path: Path):
    from isu.formdefs.importers import import_redcap_csv

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            from isu.formdefs.importers.redcap import import_redcap_json
        except ImportError:
            return None
        return import_redcap_json(text, path.name)
    return import_redcap_csv(text, path.name)


def rows() -> list[tuple[str, int, int, int, int]]:
    from isu.errors import UserError
    from isu.formdefs.importers import import_xlsform

    xlsforms = _module("xlsforms")
    forms = dict(xlsforms.XLSFORMS)
    forms["municipality_survey"] = _module("old_syntax_forms").MUNICIPALITY_SURVEY
    found = []
    for path in sorted((HERE / "data").glob("*.*")):
        try:
            result = _redcap(path)
        except UserError:
            result = None
        found.append(_row(path.name, result, _fields_in(path)))
    with tempfile.TemporaryDirectory() as folder:
        for name, sheets in forms.items():
            book = xlsforms.write_xlsform(sheets, Path(folder) / f"{name}.xlsx")
            survey = [r for r in sheets["survey"][1:] if r and r[0]]
            fields = sum(1 for r in survey if str(r[0]).replace("_", " ").split(" ")[0]
                         not in ("begin", "end"))  # fmt: skip
            try:
                result = import_xlsform(book, f"{name}.xlsx")
            except UserError:
                result = None
            found.append(_row(f"{name}.xlsx", result, fields))
    return found


def _fields_in(path: Path) -> int:
    import csv
    import json

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return len(json.loads(text))
    return sum(1 for row in list(csv.reader(text.splitlines()))[1:] if any(row))


def _row(name: str, result, fields: int) -> tuple[str, int, int, int, int]:
    if result is None:  # refused: nothing kept
        return name, fields, 0, 0, fields
    report = result[1]
    added = getattr(report, "added", 0)
    texts = getattr(report, "texts", 0)
    return name, report.fields, report.imported - added, texts, len(report.skipped)


def main() -> int:
    import isu

    print(f"isu from {Path(isu.__file__).parent}")
    print(f"{'file':32} {'fields':>6} {'questions':>9} {'texts':>5} {'skipped':>7}")
    table = rows()
    for name, fields, questions, texts, skipped in table:
        print(f"{name:32} {fields:6} {questions:9} {texts:5} {skipped:7}")
    totals = [sum(r[i] for r in table) for i in range(1, 5)]
    print(f"{'total':32} {totals[0]:6} {totals[1]:9} {totals[2]:5} {totals[3]:7}")
    print(f"fields kept (questions + texts): {(totals[1] + totals[2]) / totals[0]:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The PyInstaller spec and the smoke test the frozen build runs, checked without building.

The build itself is tested by ``packaging/smoke.sh`` (about a minute); these run in seconds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from reportlab.pdfgen.canvas import Canvas

from isu.db.database import MIGRATIONS
from isu.paths import package_root, resource_dir
from isu.ui.smoke_check import SmokeCheckError, check_pdf, run_smoke_test

REPO = package_root().parent
SPEC = REPO / "packaging" / "isu.spec"


def spec_constant(name: str):
    """A literal assigned at the top level of the spec (parsed, never run)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC)).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC.name}")


def test_spec_is_python_with_a_one_folder_build():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    # COLLECT gathers the executables and their files into one folder (no one-file EXE).
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    entry = REPO / "packaging" / "isu_main.py"
    assert "isu.cli import main" in entry.read_text(encoding="utf-8")


def test_spec_bundles_the_folders_the_program_reads_at_run_time():
    folders = dict(spec_constant("DATA_FOLDERS"))
    # destination inside the bundle (relative to the folder holding the isu package) ...
    bundled = {target: source for source, target in folders.items()}
    migrations = MIGRATIONS.relative_to(package_root().parent).as_posix()
    # ... where isu.paths.resource_dir and isu.db.database look when frozen: the same place
    # as in the source tree
    resources = resource_dir().relative_to(package_root().parent).as_posix()
    for target in (resources, migrations):
        assert target in bundled, f"{target} is not bundled"
        assert bundled[target] == target
        assert (REPO / target).is_dir(), f"{target} does not exist"
    for folder in ("forms", "translations", "icons", "styles", "docs"):
        assert resource_dir(folder).is_dir(), folder


def test_every_resource_file_has_a_suffix_the_spec_ships():
    suffixes = spec_constant("DATA_SUFFIXES")
    for source, _target in spec_constant("DATA_FOLDERS"):
        files = [
            path
            for path in (REPO / source).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
        assert files, f"{source} is empty"
        dropped = [str(p.relative_to(REPO)) for p in files if p.suffix not in suffixes]
        assert not dropped, f"the build would leave out {dropped}"
    versions = (REPO / "isu" / "db" / "migrations" / "versions").glob("0*.py")
    assert sorted(versions), "no Alembic version scripts found"


def _pdf(path: Path, pages: int) -> Path:
    canvas = Canvas(str(path))
    for number in range(pages):
        canvas.drawString(100, 700, f"Sida {number + 1} – åäö")
        canvas.showPage()
    canvas.save()
    return path


def test_check_pdf_counts_pages_like_a_pdf_reader(tmp_path):
    pdf = _pdf(tmp_path / "three.pdf", 3)
    facts = check_pdf(pdf)
    assert facts.pages == len(PdfReader(pdf).pages) == 3
    assert facts.size == pdf.stat().st_size


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"<html>" + data[5:],  # not a PDF
    ],
    ids=["truncated", "not-pdf"],
)
def test_check_pdf_rejects_damaged_files(tmp_path, damage):
    pdf = _pdf(tmp_path / "one.pdf", 1)
    pdf.write_bytes(damage(pdf.read_bytes()))
    with pytest.raises(SmokeCheckError):
        check_pdf(pdf)


def test_smoke_test_passes_from_source(tmp_path, capsys):
    assert run_smoke_test(tmp_path / "smoke") == 0
    out = capsys.readouterr().out
    assert out.startswith("isu smoke test OK:")
    (work,) = (tmp_path / "smoke").iterdir()
    pdf = work / "summary.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = len(PdfReader(pdf).pages)
    assert f"summary PDF {pages} pages" in out
    window = QImage(str(work / "window.png"))
    assert not window.isNull()
    assert f"main window {window.width()}x{window.height()} on 'offscreen'" in out


def test_smoke_test_reports_the_failing_step(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    assert run_smoke_test(blocker) == 1
    captured = capsys.readouterr()
    assert "isu smoke test FAILED at data folder" in captured.err
    assert "OK" not in captured.out

"""Grids, footnotes and the XLSX/CSV writers, read back with openpyxl and csv."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.errors import UserError
from isu.reports.csv import file_slug, write_summary_csv
from isu.reports.grid import Role, table_grid
from isu.reports.texts import table_footnotes
from isu.reports.xlsx import sheet_names, write_summary_xlsx
from isu.summary.builders import frequency_table
from isu.summary.disclosure import protect, protect_report
from isu.summary.fmt import format_int, round_percent
from isu.summary.model import SummaryReport
from tests.summary.sample import build_sample_report


@pytest.fixture(scope="module")
def raw() -> SummaryReport:
    return build_sample_report()


@pytest.fixture(scope="module")
def safe(raw):
    return protect_report(raw)


def test_sheet_names_are_short_clean_and_unique():
    names = sheet_names(
        ["Kön och ålder: fördelning [alla] / per enhet?" * 2, "Ålder", "Ålder"] + ["x"] * 12,
        reserved=["Om rapporten"],
    )
    assert all(len(name) <= 31 for name in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert not any(ch in name for name in names for ch in "[]:*?/\\")
    assert names[1] == "2 Ålder"


def test_sheet_names_dodge_collisions_after_truncation():
    long = "A" * 40
    names = sheet_names([long] * 3, reserved=[f"1 {long}"[:31]])
    assert len({n.casefold() for n in names}) == 3 and all(len(n) <= 31 for n in names)


def test_file_slug():
    assert file_slug("closure reason/ö") == "closure_reason"
    assert file_slug("///") == "tabell"


def test_grid_of_a_split_frequency_table(safe):
    table = next(t for t in safe.tables() if t.key == "living")
    grid = table_grid(table)
    assert grid.width == 1 + 3 * 2  # label + (count, %) for two genders and the total
    assert grid.header[0][1].span == 2 and grid.header[0][1].value == "Flicka/kvinna"
    assert [c.text() for c in grid.header[1][1:3]] == ["Antal", "%"]
    assert grid.footer[0][0].value == "Totalt"
    roles = {c.role for row in grid.body for c in row}
    assert Role.SUPPRESSED in roles


def test_footnotes_explain_n_missing_and_the_mark(safe):
    by_key = {t.key: t for t in safe.tables()}
    actors = table_footnotes(by_key["actors"])
    assert actors[0].startswith("n = 60 svarande; 4 har inte besvarat")
    assert any(note.startswith(f"{SUPPRESSED_MARK} = ") for note in actors)
    school = table_footnotes(by_key["school"], "en")
    assert "both a before and an after" in school[0]
    clean = protect(frequency_table("f", Text("F"), [Text("a"), Text("b")], [10, 20]))
    assert not any(SUPPRESSED_MARK + " =" in note for note in table_footnotes(clean))


def test_xlsx_round_trip(raw, safe, tmp_path):
    path = write_summary_xlsx(safe, tmp_path / "summary.xlsx")
    book = openpyxl.load_workbook(path)
    tables = list(raw.tables())
    assert book.sheetnames[0] == "Om rapporten"
    assert len(book.sheetnames) == 1 + len(tables)
    assert all(len(name) <= 31 for name in book.sheetnames)
    about = {row[0]: row[1] for row in book["Om rapporten"].iter_rows(values_only=True) if row[0]}
    assert about["Enhet"] == "Enhet Söder" and about["Gräns för små tal (k)"] == "5"
    assert about["Formulärversioner"] == "1.0, 1.1"

    reasons_sheet = book[book.sheetnames[1 + [t.key for t in tables].index("closure_reason")]]
    assert reasons_sheet["A1"].value == "Avslutsorsak"
    rows = {r[0]: r[1:3] for r in reasons_sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    reasons = next(t for t in tables if t.key == "closure_reason")
    shown = reasons.counts()[0][0]
    assert rows["Planen genomförd"] == (shown, round_percent(shown, reasons.n))
    assert rows["Samtycke återkallat"] == (SUPPRESSED_MARK, SUPPRESSED_MARK)
    assert rows["Flyttat"] == (SUPPRESSED_MARK, SUPPRESSED_MARK)
    assert rows["Totalt"] == (reasons.n, 100)

    age_sheet = book[book.sheetnames[1 + [t.key for t in tables].index("age")]]
    age_rows = {r[0]: r[1:] for r in age_sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    assert age_rows["Alla"][0] == 12 and isinstance(age_rows["Alla"][1], float)


def test_csv_round_trip(raw, safe, tmp_path):
    files = write_summary_csv(safe, tmp_path / "csv" / "out")
    assert files[0].name == "00_index.csv"
    assert len(files) == 1 + len(list(raw.tables()))
    for file in files:
        assert file.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    index = read_csv(files[0])
    assert ["Kommun", "0180 Stockholm"] in index
    listing_head = index.index(["Fil", "Avsnitt", "Tabell", "n", "Uppgift saknas"])
    assert index[listing_head + 1][0] == files[1].name

    living = read_csv(next(f for f in files if f.name.split("_", 1)[1] == "living.csv"))
    assert living[0] == ["Boendesituation"]
    by_label = {row[0]: row[1:] for row in living if row}
    raw_living = next(t for t in raw.tables() if t.key == "living")
    girls_one_parent = raw_living.counts()[1][0]
    assert by_label["Med en förälder"][0] == str(girls_one_parent)
    assert by_label["Totalt"][-2:] == [str(raw_living.n), "100"]

    age = read_csv(next(f for f in files if f.name.split("_", 1)[1] == "age.csv"))
    assert any(row[:3] == ["Alla", "12", "15,9"] for row in age)  # decimal comma

    volume = read_csv(next(f for f in files if f.name.split("_", 1)[1] == "volume.csv"))
    assert ["Aktualiserade", format_int(70), ""] in volume


def test_csv_and_xlsx_defuse_formulas(tmp_path):
    table = frequency_table(
        "f", Text("=HYPERLINK(1)"), [Text("=1+1"), Text("@cmd"), Text("ok")], [10, 20, 30]
    )
    report = protect_report(SummaryReport(build_sample_report().meta, (_section(table),)))
    files = write_summary_csv(report, tmp_path)
    rows = read_csv(files[1])
    assert rows[0] == ["'=HYPERLINK(1)"]
    assert ["'=1+1", "10", "17"] in rows
    book = openpyxl.load_workbook(write_summary_xlsx(report, tmp_path / "f.xlsx"))
    sheet = book[book.sheetnames[1]]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=HYPERLINK(1)"


def test_writers_refuse_raw_reports_and_explain_bad_locations(raw, safe, tmp_path):
    with pytest.raises(TypeError):
        write_summary_xlsx(raw, tmp_path / "x.xlsx")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_summary_csv(raw, tmp_path)  # type: ignore[arg-type]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError):
        write_summary_csv(safe, blocker / "sub")
    with pytest.raises(UserError):
        write_summary_xlsx(safe, tmp_path / "missing" / "x.xlsx")


def _section(table):
    from isu.summary.model import Section

    return Section("s", Text("Avsnitt"), (table,))


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_grid_of_a_split_volume_table_names_each_group_over_its_columns():
    from isu.summary.builders import Flows, flows_table
    from isu.summary.model import Split

    table = flows_table(
        "volume", Text("Ärenden"), Flows(30, 20, 8, 12, list(range(20)), list(range(12))),
        groups=[
            (Text("Flicka"), Flows(10, 6, 2, 4, list(range(6)), list(range(4)))),
            (Text("Pojke"), Flows(20, 14, 6, 8, list(range(14)), list(range(8)))),
        ],
        split=Split.GENDER,
    )  # fmt: skip
    grid = table_grid(protect(table, 5))
    top, second = grid.header
    assert [c.text() for c in top if c.text()] == ["Alla", "Flicka", "Pojke"]
    assert [c.span for c in top if c.text()] == [2, 2, 2]
    assert [c.text() for c in second][1:3] == ["Antal", "Median, dagar"]
    referred = [c.text() for c in grid.body[0]]
    assert referred[:6] == ["Aktualiserade", "30", "", "10", "", "20"]
    closed = [c.text() for c in grid.body[3]]
    assert closed[3] == closed[5] == "x"  # the girls' 4 closed cases, and so the boys' 8


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "csv"])
def test_a_write_that_fails_half_way_leaves_the_old_file_whole(safe, tmp_path, monkeypatch, kind):
    """A full disk while a report is written over last month's: the user is told the disk is
    full (in Swedish), the old file is still whole, and no half-written temporary file is
    left behind with figures in it. Written again, the new file is owner-only (0600) even
    where the old one was world-readable."""
    import errno
    import os

    from isu.errors import DiskFull
    from isu.reports.pdf import write_summary_pdf

    folder = tmp_path / "out"
    folder.mkdir()
    first_table = f"001_{file_slug(next(safe.tables()).key)}.csv"  # the first file written
    target = folder / (first_table if kind == "csv" else f"rapport.{kind}")
    target.write_bytes(b"last month's report")
    target.chmod(0o644)

    def write() -> None:
        if kind == "pdf":
            write_summary_pdf(safe, target)
        elif kind == "xlsx":
            write_summary_xlsx(safe, target)
        else:
            write_summary_csv(safe, folder)

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(DiskFull) as failure:
        write()
    assert "Disken är full" in failure.value.sv and "No space" not in failure.value.sv
    assert target.read_bytes() == b"last month's report"
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    write()
    assert target.read_bytes() != b"last month's report"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600

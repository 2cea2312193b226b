"""Reading the file: separator detection, encodings, workbooks, and clear errors for files
that are not what they claim to be."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.errors import UserError
from isu.services.import_table import cell_text, detect_delimiter, read_table
from tests.case_import.conftest import write_csv, write_xlsx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2;3", ";"),
        ("a,b,c\n1,2,3", ","),
        ('"a;x",b,c\n', ","),  # a quoted separator does not count
        ("a\n1", ";"),  # one column: the Swedish default
    ],
)
def test_the_separator_is_detected_from_the_header(text, expected):
    assert detect_delimiter(text) == expected


def test_rows_keep_their_spreadsheet_numbers_and_empty_rows_are_skipped(tmp_path):
    path = write_csv(tmp_path / "a.csv", ["x", "y"], [["1", "2"], ["", ""], ["3", "4"]], bom=True)
    table = read_table(path)
    assert table.header == ("x", "y") and table.delimiter == ";"
    assert table.rows == ((2, ("1", "2")), (4, ("3", "4")))


def test_a_file_that_is_not_utf8_gets_a_clear_error(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("kommun;ort\nÖrebro;x\n".encode("latin-1"))
    with pytest.raises(UserError) as caught:
        read_table(path)
    assert "rad 2" in caught.value.sv and "UTF-8" in caught.value.en  # where Ö is


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("tom.csv", b"", "empty"),
        ("bok.xlsx", b"not a zip file", "not a readable XLSX"),
        ("data.json", b"{}", "CSV or XLSX"),
    ],
)
def test_unreadable_files_are_user_errors(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError, match=fragment):
        read_table(path)


def test_a_missing_file_is_a_user_error_in_words(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        read_table(tmp_path / "saknas.csv")


def test_workbook_cells_read_as_the_records_export_writes_them(tmp_path):
    path = write_xlsx(
        tmp_path / "b.xlsx", ["d", "b", "n", "f", "t"], [[dt.date(2026, 1, 2), True, 3, 2.5, "x"]]
    )
    table = read_table(path)
    assert table.kind == "xlsx"
    assert table.rows == ((2, ("2026-01-02", "1", "3", "2.5", "x")),)
    assert cell_text(dt.datetime(2026, 1, 2, 10, 30)) == "2026-01-02 10:30:00"
    assert cell_text(None) == "" and cell_text(4.0) == "4"

"""The package's codebook (``codebook.json`` and ``codebook.csv``) and the checks every data
file passes, written or read: documented columns only, no forbidden privacy class, no
personal identity number in any cell."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from isu.export.contents import (
    CODEBOOK_CSV_COLUMNS,
    CSV_DELIMITER,
    FORBIDDEN_COLUMN_NAMES,
    FORBIDDEN_PRIVACY_CLASSES,
    PRIVACY_CLASSES,
    RESERVED_NAMES,
    CodebookInvalid,
    CodedValue,
    DataFile,
    DataFileInvalid,
    ForbiddenVariable,
    UnsafeName,
    Variable,
    check_member_name,
    format_cell,
    is_int,
    normal_class,
)

# Swedish personal / coordination number: [CC]YYMMDD[-+]NNNN, day 01–31 or 61–91.
_PERSONNUMMER = re.compile(
    r"(?<![0-9A-Za-z])(?:19|20)?(\d{2})(0[1-9]|1[0-2])([0-3]\d|[6-9]\d)[-+]?(\d{4})(?![0-9A-Za-z])"
)


# --- codebook ------------------------------------------------------------------------------


def codebook_dict(variables: Sequence[Variable]) -> dict[str, Any]:
    return {
        "variables": [
            {
                "code": v.code,
                "label_sv": v.label_sv,
                "label_en": v.label_en,
                "type": v.type,
                "privacy_class": v.privacy_class,
                "form_version": v.form_version,
                "choices": [_coded_dict(c) for c in v.choices],
                "missing_codes": [_coded_dict(c) for c in v.missing_codes],
            }
            for v in variables
        ]
    }


def _coded_dict(value: CodedValue) -> dict[str, str]:
    return {"code": value.code, "label_sv": value.label_sv, "label_en": value.label_en}


_VARIABLE_KEYS = frozenset(
    {
        "code",
        "label_sv",
        "label_en",
        "type",
        "privacy_class",
        "form_version",
        "choices",
        "missing_codes",
    }
)


def variables_from_json(codebook: Any) -> tuple[Variable, ...]:
    """Parse and check a codebook; refuses forbidden privacy classes and duplicate codes."""
    if not isinstance(codebook, dict) or set(codebook) != {"variables"}:
        raise _codebook_error(
            'codebook.json måste vara {"variables": [...]}',
            'codebook.json must be {"variables": [...]}',
        )
    entries = codebook["variables"]
    if not isinstance(entries, list):
        raise _codebook_error("variables är ingen lista", "variables is not a list")
    variables = tuple(_variable_from_json(entry, number) for number, entry in enumerate(entries, 1))
    seen: set[str] = set()
    for variable in variables:
        if variable.code in seen:
            raise _codebook_error(
                f"variabeln {variable.code} finns två gånger",
                f"the variable {variable.code} occurs twice",
            )
        seen.add(variable.code)
        _check_privacy(variable)
    return variables


def _variable_from_json(entry: Any, number: int) -> Variable:
    if not isinstance(entry, dict) or set(entry) != _VARIABLE_KEYS:
        raise _codebook_error(
            f"variabel nr {number} har fel fält", f"variable no. {number} has the wrong fields"
        )
    texts = ("code", "label_sv", "label_en", "type", "privacy_class")
    version = entry["form_version"]
    if (
        not all(isinstance(entry[key], str) for key in texts)
        or not entry["code"]
        or not entry["type"]
        or not (version is None or (is_int(version) and version >= 1))
    ):
        raise _codebook_error(
            f"variabel nr {number} har ogiltiga värden", f"variable no. {number} has invalid values"
        )
    return Variable(
        code=entry["code"],
        label_sv=entry["label_sv"],
        label_en=entry["label_en"],
        type=entry["type"],
        choices=_coded_values(entry["choices"], entry["code"]),
        missing_codes=_coded_values(entry["missing_codes"], entry["code"]),
        privacy_class=entry["privacy_class"],
        form_version=version,
    )


def _coded_values(items: Any, code: str) -> tuple[CodedValue, ...]:
    keys = {"code", "label_sv", "label_en"}
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and set(item) == keys and all(isinstance(item[k], str) for k in keys)
        for item in items
    ):
        raise _codebook_error(
            f"svarsalternativen för {code} är ogiltiga", f"the choices of {code} are invalid"
        )
    return tuple(CodedValue(item["code"], item["label_sv"], item["label_en"]) for item in items)


def _check_privacy(variable: Variable) -> None:
    privacy = normal_class(variable.privacy_class)
    if privacy in FORBIDDEN_PRIVACY_CLASSES:
        raise ForbiddenVariable(
            f"Variabeln {variable.code} har integritetsklassen {privacy} "
            "och får aldrig exporteras.",
            f"The variable {variable.code} has privacy class {privacy} and must never be exported.",
            hint_sv="Ta bort direkta identifierare och fritext före export.",
            hint_en="Remove direct identifiers and free text before exporting.",
        )
    if privacy not in PRIVACY_CLASSES:
        raise _codebook_error(
            f"variabeln {variable.code} har okänd integritetsklass {variable.privacy_class!r}",
            f"the variable {variable.code} has an unknown privacy class {variable.privacy_class!r}",
        )


def codebook_csv_bytes(variables: Sequence[Variable]) -> bytes:
    rows: list[Sequence[str]] = [CODEBOOK_CSV_COLUMNS]
    for v in variables:
        base = [
            v.code,
            v.label_sv,
            v.label_en,
            v.type,
            v.privacy_class,
            format_cell(v.form_version),
        ]
        rows.append([*base, "", "", "", ""])
        rows += [[*base, "choice", c.code, c.label_sv, c.label_en] for c in v.choices]
        rows += [[*base, "missing", m.code, m.label_sv, m.label_en] for m in v.missing_codes]
    return csv_bytes(rows)


def _codebook_error(what_sv: str, what_en: str) -> CodebookInvalid:
    return CodebookInvalid(
        f"Kodboken är ogiltig: {what_sv}.", f"The codebook is invalid: {what_en}."
    )


# --- data files ----------------------------------------------------------------------------


def check_data_file(data_file: DataFile, variables: Sequence[Variable]) -> None:
    check_member_name(data_file.name)
    if data_file.name in RESERVED_NAMES or not data_file.name.endswith(".csv"):
        raise UnsafeName(
            f"Datafilen {data_file.name} måste heta något.csv och inte vara reserverad.",
            f"The data file {data_file.name} must be named *.csv and not be a reserved name.",
        )
    _check_columns(data_file.name, data_file.columns, variables)
    width = len(data_file.columns)
    for number, row in enumerate(data_file.rows, start=2):
        if len(row) != width or not all(isinstance(cell, str) for cell in row):
            raise _data_error(
                data_file.name,
                f"rad {number} har fel antal eller typ av celler",
                f"row {number} has the wrong number or type of cells",
            )
        _check_cells(data_file.name, number, row)


def _check_columns(name: str, columns: Sequence[str], variables: Sequence[Variable]) -> None:
    if not columns:
        raise _data_error(name, "rubrikraden saknas", "the header row is missing")
    if len(set(columns)) != len(columns):
        raise _data_error(name, "en kolumn förekommer två gånger", "a column occurs twice")
    documented = {v.code for v in variables}
    for column in columns:
        if not isinstance(column, str):
            raise _data_error(name, "en kolumnrubrik är inte text", "a column header is not text")
        if column.strip().casefold() in FORBIDDEN_COLUMN_NAMES:
            raise ForbiddenVariable(
                f"Kolumnen {column} i {name} ser ut att vara en direkt identifierare.",
                f"The column {column} in {name} looks like a direct identifier.",
            )
        if column not in documented:
            raise _data_error(
                name,
                f"kolumnen {column} saknas i kodboken",
                f"the column {column} is not in the codebook",
            )


def _check_cells(name: str, number: int, row: Sequence[str]) -> None:
    for cell in row:
        if looks_like_personnummer(cell):
            raise ForbiddenVariable(
                f"Rad {number} i {name} innehåller något som liknar ett personnummer.",
                f"Row {number} of {name} contains something that looks like a "
                "personal identity number.",
            )


def looks_like_personnummer(text: str) -> bool:
    """True if the text holds a Swedish personal or coordination number with a valid check digit."""
    for match in _PERSONNUMMER.finditer(text):
        digits = "".join(match.groups())
        if _luhn_ok(digits):
            return True
    return False


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def parse_data_file(name: str, data: bytes, variables: Sequence[Variable]) -> DataFile:
    try:
        text = data.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=CSV_DELIMITER, strict=True))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _data_error(
            name, "filen är inte giltig CSV i UTF-8", "the file is not valid UTF-8 CSV"
        ) from exc
    if not rows:
        raise _data_error(name, "rubrikraden saknas", "the header row is missing")
    data_file = DataFile(name, tuple(rows[0]), tuple(tuple(row) for row in rows[1:]))
    check_data_file(data_file, variables)
    return data_file


def _data_error(name: str, what_sv: str, what_en: str) -> DataFileInvalid:
    return DataFileInvalid(
        f"Datafilen {name} är ogiltig: {what_sv}.", f"The data file {name} is invalid: {what_en}."
    )


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")

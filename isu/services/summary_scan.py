"""The answers of a summary's cases, in one sequential pass over the ``answers`` table.

SQLite does the per-row work. The table is read in storage (rowid) order, one range of rowids
at a time, and each range comes back as a single row of ``group_concat`` strings: case ids,
codes, value tokens and item numbers. Python splits those at C speed and turns them into one
column per question (``CaseCells``) with ``map``, ``zip`` and ``compress``; no Python code runs
per answer except for repeat-group items, which are stored column by column (``ItemRows``).
Each distinct stored value of a question is decoded once and its
cell shared (``_Decoded``), so a million answers are a few thousand objects plus lists of
pointers, and only one range is ever held as text.

Two faster-looking ways are slower on the encrypted file: ``GROUP BY`` question sorts every
row (three times the scan), and one query per question reads scattered pages, each decrypted
again. Answers of cases the summary does not select are read and dropped: filtering them in
SQL would join every row to its case.

A value token is the stored text, or ``\\x02`` and the number (SQLite writes a REAL so that it
reads back exactly), or ``\\x01`` and the row id for anything else (a missing reason, a text
starting with a control character): those rows are read again one by one. A range whose text
holds the separator is read again row by row (``_Scan.rows``), so every value stays exact.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import compress, pairwise, repeat
from operator import is_not, lt, ne, not_

from sqlalchemy.orm import Session

from isu.domain.answers import Value
from isu.domain.form import FormSpec
from isu.services.summary_answers import Decoder, Decoders
from isu.summary.data import CaseCells, Cell, ItemRows

SEP = "\x1f"
RANGE = 65_536  # rowids per query: about 750 cases of the SIG form
TOKEN = (
    "coalesce(CASE WHEN answers.missing IS NULL THEN CASE"
    " WHEN answers.value_text >= ' ' THEN answers.value_text"
    " WHEN answers.value_text IS NULL THEN char(2) || answers.value_num END END,"
    " char(1) || answers.id)"
)
RANGE_SQL = (
    "SELECT count(*), group_concat(answers.case_id), group_concat(answers.code, char(31)),"
    f" group_concat({TOKEN}, char(31)), group_concat(answers.instance),"
    " min(answers.form_version), max(answers.form_version), total(answers.instance > 0)"
    "{versions}"
    " FROM answers WHERE answers.id > ? AND answers.id <= ?"
)
ROWS_SQL = (
    "SELECT answers.case_id, answers.code, answers.instance,"
    " coalesce(answers.value_text, answers.value_num), answers.missing, answers.form_version"
    " FROM answers WHERE {where}"
)


class _Pending:
    """A cell to read again by row id (see the module docstring)."""

    __slots__ = ("rowid",)

    def __init__(self, rowid: int):
        self.rowid = rowid


class _Decoded(dict):
    """Value token → cell for one stored question: each distinct token is decoded once, and
    every case with that value shares the cell."""

    __slots__ = ("decode", "pending")

    def __init__(self, decode: Decoder | None):
        super().__init__()
        self.decode = decode
        self.pending = False

    def value(self, raw: object) -> Value:
        return raw if self.decode is None or raw is None else self.decode(raw)  # type: ignore[return-value]

    def __missing__(self, token: str) -> Cell | _Pending:
        head = token[:1]
        if head == "\x01":
            self.pending = True
            return _Pending(int(token[1:]))  # not kept: row ids are unique
        raw = float(token[1:]) if head == "\x02" else token
        cell = self[token] = (self.value(raw), None)
        return cell


def load_answers(
    session: Session, index_of: dict[int, int], decoders: Decoders, current: FormSpec
) -> tuple[dict[str, CaseCells], dict[str, ItemRows]]:
    """The selected cases' answers (``index_of``: case id → case index) by current code, and
    their repeat-group items by group, each listed by case index and item number."""
    scan = _Scan(session, index_of, decoders, current)
    scan.run()
    return scan.answers(), scan.items()


class _Scan:
    def __init__(
        self, session: Session, index_of: dict[int, int], decoders: Decoders, current: FormSpec
    ):
        self.cursor = session.connection().connection.driver_connection.cursor()
        self.index_of = index_of
        self.index_of_text = {str(case_id): index for case_id, index in index_of.items()}
        group_of = {q.code: q.group for q in current.questions() if q.group}
        # Per version and stored code: (current code, its decoded values); and for item
        # rows (group, current code, decoded values), only for questions of a repeat group.
        self.routes = {
            version: {code: (target, _Decoded(decode)) for code, (target, decode) in table.items()}
            for version, table in decoders.items()
        }
        self.item_routes = {
            version: {
                code: (group_of[target], target, decoded)
                for code, (target, decoded) in table.items()
                if target in group_of
            }
            for version, table in self.routes.items()
        }
        self.many_versions = len(decoders) > 1
        self.columns: dict[str, tuple[list[int], list]] = {}
        # Per group: each item's case index and item number in storage order, and per code
        # one cell per item (None: the item has none).
        self.groups: dict[str, tuple[list[int], list[int], dict[str, list]]] = {}
        self.numbers: dict[str, int] = {}
        self.pending: list[tuple[object, object, _Decoded, int]] = []  # (holder, key, ...)

    def run(self) -> None:
        try:
            low, high = self.cursor.execute("SELECT min(id), max(id) FROM answers").fetchone()
            if low is None:
                return
            for start in range(low - 1, high, RANGE):
                if not self.range(start, start + RANGE):
                    self.rows(f"answers.id > {int(start)} AND answers.id <= {int(start + RANGE)}")
                self.resolve()
        finally:
            self.cursor.close()

    # -- one range of rows, as strings
    def range(self, start: int, end: int, *, versions: bool = False) -> bool:
        """Read rowids (start, end]; False when the strings cannot be split safely."""
        sql = RANGE_SQL.format(versions=", group_concat(answers.form_version)" if versions else "")
        row = self.cursor.execute(sql, (start, end)).fetchone()
        count = row[0]
        if not count:
            return True
        if row[5] != row[6] and not versions:
            return self.range(start, end, versions=True)
        codes, tokens = row[2].split(SEP), row[3].split(SEP)
        if not len(codes) == len(tokens) == count:
            return False  # a separator inside a stored text
        # Case ids stay text: only the first row of each case's run is looked up.
        columns = [row[1].split(","), codes, tokens, row[4].split(",")]
        if versions:
            columns.append(list(map(int, row[8].split(","))))
        if row[7]:  # rows of repeat-group items
            top = list(map("0".__eq__, columns[3]))
            below = list(map(not_, top))
            self.item_level([list(compress(c, below)) for c in columns], row[5])
            columns = [list(compress(c, top)) for c in columns]
        self.top_level(columns, row[5])
        return True

    def top_level(self, columns: list[list], version: int) -> None:
        """Answers outside repeat groups: one dict per run of a case's rows, then one pass
        per question over those dicts."""
        ids, codes, tokens = columns[0], columns[1], columns[2]
        mixed = len(columns) == 5
        keys = list(zip(ids, columns[4], strict=True)) if mixed else ids
        size = len(keys)
        if not size:
            return
        cuts = [0, *compress(range(1, size), map(ne, keys[1:], keys[:-1])), size]
        runs: dict[int, tuple[list[dict], list[int]]] = {}
        index_of = self.index_of_text
        for first, end in pairwise(cuts):
            case = index_of.get(ids[first])
            if case is None:
                continue  # a case the summary does not select
            dicts, indexes = runs.setdefault(columns[4][first] if mixed else version, ([], []))
            dicts.append(dict(zip(codes[first:end], tokens[first:end], strict=True)))
            indexes.append(case)
        for run_version, (dicts, indexes) in runs.items():
            present = set(codes) if len(runs) == 1 else set().union(*dicts)
            route = self.routes.setdefault(run_version, {})
            for code in present:
                found = route.get(code)
                if found is None:  # a code no published version knows: keep it as stored
                    found = route[code] = (code, _Decoded(None))
                self.add_column(found, dicts, indexes, code)

    def add_column(
        self, found: tuple[str, _Decoded], dicts: list[dict], indexes: list[int], code: str
    ) -> None:
        target, decoded = found
        found_tokens = list(map(dict.get, dicts, repeat(code)))
        has = list(map(is_not, found_tokens, repeat(None)))
        out_indexes, out_cells = self.columns.setdefault(target, ([], []))
        start = len(out_cells)
        out_indexes.extend(compress(indexes, has))
        out_cells.extend(map(decoded.__getitem__, compress(found_tokens, has)))
        if decoded.pending:
            decoded.pending = False
            for position in range(start, len(out_cells)):
                cell = out_cells[position]
                if cell.__class__ is _Pending:
                    self.pending.append((out_cells, position, decoded, cell.rowid))

    def item_level(self, columns: list[list], version: int) -> None:
        """Answers inside repeat groups. A case's rows of one item are consecutive, so each
        run of them becomes one compact item at once (``add_item``)."""
        versions = columns[4] if len(columns) == 5 else repeat(version)
        route, route_version = self.item_routes.get(version, {}), version
        index_of = self.index_of_text
        current: tuple = ()
        codes: list[str] = []
        cells: list = []
        for case_id, code, token, instance, row_version in zip(
            columns[0], columns[1], columns[2], columns[3], versions, strict=False
        ):  # ``versions`` may repeat one version without end
            if row_version != route_version:
                route, route_version = self.item_routes.get(row_version, {}), row_version
            found = route.get(code)
            if found is None:
                continue  # not a question of a repeat group (nor one the form knows)
            case = index_of.get(case_id)
            if case is None:
                continue
            if (found[0], case, instance) != current:
                if codes:
                    self.add_item(*current, codes, cells)
                current, codes, cells = (found[0], case, instance), [], []
            cell = found[2][token]
            if cell.__class__ is _Pending:
                cell = self.read_one(found[2], cell.rowid)
            codes.append(found[1])
            cells.append(cell)
        if codes:
            self.add_item(*current, codes, cells)

    def add_item(self, group: str, case: int, instance: str, codes: list, cells: list) -> None:
        """One item, or the rest of one whose rows began in the previous range (a later
        row wins, as in a dict)."""
        number = self.numbers.setdefault(instance, int(instance))
        cases, numbers, columns = self.groups.setdefault(group, ([], [], {}))
        if not (cases and cases[-1] == case and numbers[-1] == number):
            cases.append(case)
            numbers.append(number)
        position = len(cases) - 1
        for code, cell in zip(codes, cells, strict=True):
            column = columns.setdefault(code, [])
            if len(column) <= position:
                column.extend([None] * (position + 1 - len(column)))
            column[position] = cell

    def read_one(self, decoded: _Decoded, rowid: int) -> Cell:
        raw, missing = self.cursor.execute(
            "SELECT coalesce(value_text, value_num), missing FROM answers WHERE id = ?", (rowid,)
        ).fetchone()
        return (decoded.value(raw), missing)

    # -- rows read one by one
    def rows(self, where: str, params: Sequence = ()) -> None:
        """The rows of a range the strings could not carry, decoded as they are stored."""
        for case_id, code, instance, raw, missing, version in list(
            self.cursor.execute(ROWS_SQL.format(where=where), params)
        ):
            case = self.index_of.get(case_id)
            if case is None:
                continue
            route = self.routes.setdefault(version, {})
            found = route.get(code)
            if found is None:
                found = route[code] = (code, _Decoded(None))
            target, decoded = found
            cell = (decoded.value(raw), missing)
            if instance == 0:
                out_indexes, out_cells = self.columns.setdefault(target, ([], []))
                out_indexes.append(case)
                out_cells.append(cell)
                continue
            item_found = self.item_routes.get(version, {}).get(code)
            if item_found is not None:
                self.add_item(item_found[0], case, str(instance), [target], [cell])

    def resolve(self) -> None:
        """Read the pending cells again, by row id."""
        while self.pending:
            batch, self.pending = self.pending[:500], self.pending[500:]
            marks = ", ".join("?" * len(batch))
            found = {
                rowid: (raw, missing)
                for rowid, raw, missing in self.cursor.execute(
                    "SELECT id, coalesce(value_text, value_num), missing FROM answers"
                    f" WHERE id IN ({marks})",
                    [rowid for *_, rowid in batch],
                )
            }
            for holder, key, decoded, rowid in batch:
                raw, missing = found[rowid]
                holder[key] = (decoded.value(raw), missing)  # type: ignore[index]

    # -- the result
    def answers(self) -> dict[str, CaseCells]:
        out = {}
        for target, (indexes, cells) in self.columns.items():
            if not indexes:
                continue
            if not _ascending(indexes):  # rows of an edited case come later in storage
                order = sorted(range(len(indexes)), key=indexes.__getitem__)
                indexes = [indexes[i] for i in order]
                cells = [cells[i] for i in order]
            out[target] = CaseCells(array("I", indexes), cells)  # 4 bytes per index
        return out

    def items(self) -> dict[str, ItemRows]:
        """Items by group, listed by case and item number."""
        out = {}
        for group, (cases, numbers, columns) in self.groups.items():
            for column in columns.values():
                column.extend([None] * (len(cases) - len(column)))
            if not _items_in_order(cases, numbers):  # an edited case's rows come later
                cases, columns = _sorted_items(cases, numbers, columns)
            out[group] = ItemRows(cases, columns)
        self.groups = {}
        return out


def _items_in_order(cases: list[int], numbers: list[int]) -> bool:
    last_case, last_number = -1, -1
    for case, number in zip(cases, numbers, strict=True):
        if case < last_case or (case == last_case and number <= last_number):
            return False
        last_case, last_number = case, number
    return True


def _sorted_items(
    cases: list[int], numbers: list[int], columns: dict[str, list]
) -> tuple[list[int], dict[str, list]]:
    """Sorted by case and item number; parts of one item found apart are joined, the part
    stored later winning where both have a code."""
    places: dict[tuple[int, int], list[int]] = {}
    for position, key in enumerate(zip(cases, numbers, strict=True)):
        places.setdefault(key, []).append(position)
    keys = sorted(places)
    joined: dict[str, list] = {code: [None] * len(keys) for code in columns}
    for row, key in enumerate(keys):
        for position in places[key]:
            for code, column in columns.items():
                if column[position] is not None:
                    joined[code][row] = column[position]
    return [case for case, _number in keys], joined


def _ascending(indexes: list[int]) -> bool:
    return all(map(lt, indexes[:-1], indexes[1:]))

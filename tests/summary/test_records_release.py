"""Record-level exports under release control (issue #15): two records exports whose
records differ by 1..k−1 cases would give those cases' rows away by comparing the files.
(A records export is checked against every earlier release, summaries too, by the same
``releases.admit_populations``.) The attack is shown first on the files themselves, then
refused by the service; a real encrypted demo database throughout."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import delete

from isu.db.models import ReleaseRecord
from isu.export.record_variables import EXPORT_ID, WIDE_FILE
from isu.services import exports, releases, settings, summaries
from isu.services.export_records import records_contents
from tests.export_service.support import demo_db, members

K = 5
LOW = dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = demo_db(tmp_path_factory.mktemp("records") / "demo.db", cases=200)
    yield workspace
    workspace.close()


def _forget_releases(ws) -> None:
    with ws.db.unit_of_work() as session:
        session.execute(delete(ReleaseRecord))


def _rows(ws, end: dt.date) -> tuple[Counter, int, int]:
    """The wide file's rows without the export id, as the records path makes them (no
    release control), how many records leave, and how many cases were selected."""
    request = exports.ExportRequest("records", LOW, end)
    data = summaries.load_summary_data(ws, exports._summary_request(request, K))
    prepared = records_contents(data, request, K, settings.load(ws), None)
    (wide,) = [f for f in prepared.contents.files if f.name == WIDE_FILE]
    index = wide.columns.index(EXPORT_ID)
    rows = Counter(tuple(v for i, v in enumerate(row) if i != index) for row in wide.rows)
    return rows, len(wide.rows), len(data.cases)


@pytest.fixture(scope="module")
def one_case_apart(ws):
    """An end date where one day more adds one record and leaves the rest as they were."""
    for days in range(300, 800, 3):
        end = LOW + dt.timedelta(days=days)
        before, n_before, _selected = _rows(ws, end)
        after, n_after, _selected = _rows(ws, end + dt.timedelta(days=1))
        if n_after == n_before + 1 and sum((after - before).values()) == 1:
            return end, after - before
    raise AssertionError("no such day in the demo")  # pragma: no cover


def test_two_records_files_one_case_apart_give_that_case_away(ws, one_case_apart):
    """The attack (no release control): the second file has exactly one row more, with
    every column of the young person who started that day."""
    _end, added = one_case_apart
    assert sum(added.values()) == 1


def test_a_records_export_one_case_apart_from_an_earlier_one_is_refused(
    ws, one_case_apart, tmp_path
):
    end, _added = one_case_apart
    _forget_releases(ws)
    exports.write_export(ws, exports.ExportRequest("records", LOW, end), tmp_path / "a.isux")
    later = exports.ExportRequest("records", LOW, end + dt.timedelta(days=1))
    with pytest.raises(releases.ReleaseRefused) as refused:
        exports.write_export(ws, later, tmp_path / "b.isux")
    assert "k = 5" in refused.value.sv and "k = 5" in refused.value.en
    assert not (tmp_path / "b.isux").exists()
    with pytest.raises(releases.ReleaseRefused):
        exports.preview_export(ws, later)  # the preview shows its counts: refused too
    # The same export again is a repeat, not a new release.
    exports.write_export(ws, exports.ExportRequest("records", LOW, end), tmp_path / "c.isux")
    assert members((tmp_path / "c.isux").read_bytes())
    assert [kind for _id, _when, kind, _n, _p in releases.history(ws)] == ["export_records"]

"""The differencing attack on a real encrypted demo database (issue #15.4b and c).

Pairs of outputs whose populations differ by exactly one case (random period kinds and
ends, filters, splits, two users): the second is refused, or no table of it shows that
case's category with certainty. Without release control the same pairs leak, and the
integer-programming check (``recoverability``) finds the case's categories: the attack
is real and the check can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

import pytest
from sqlalchemy import delete, select

from isu.db.models import AuditRecord, ReleaseRecord
from isu.domain.text import Text
from isu.services import demo, forms, releases, summaries, users
from isu.services.sign_in import login
from isu.services.workspace import init_database
from isu.summary.builders import frequency_table
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.disclosure import protect, protect_report
from isu.summary.suppression import SHOWN, CellState
from tests.conftest import FAST_KDF

from .recoverability import pair_leaks, report_leaks, table_leaks

TODAY = dt.date(2026, 6, 1)
ADMIN, PASSWORD, STAFF = "admin", "admin-lösenord-1", "personal-lösenord-1"

PAIRS = 50


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("attack") / "demo.db"
    ws, _recovery = init_database(path, ADMIN, PASSWORD, kdf=FAST_KDF)
    forms.publish_default_form(ws)
    demo.populate(ws, demo.DemoOptions(cases=200, today=TODAY, staff_password=STAFF))
    head = next(u for u in users.list_users(ws) if u.role.value == "unit_head")
    other = login(path, head.username, STAFF)
    yield ws, other
    other.close()
    ws.close()


def _forget_releases(ws) -> None:
    with ws.db.unit_of_work() as session:
        session.execute(delete(ReleaseRecord))


_ALL = {}


def _ids(ws, request: SummaryRequest) -> set[str]:
    """The cases a request selects (filtered in memory: the SQL twin is tested elsewhere)."""
    if id(ws) not in _ALL:
        _ALL[id(ws)] = summaries.load_summary_data(ws, setting_age_bands=True)
    return {case.key for case in _ALL[id(ws)].filtered(request).cases}


def _random_request(rng: random.Random, ws) -> SummaryRequest:
    filters = rng.choice(
        [
            {},
            {"genders": ("flicka_kvinna",)},
            {"genders": ("pojke_man",)},
            {"status": "closed"},
            {"coordinator_id": rng.choice([c.id for c in users.coordinators(ws)])},
            {"age_bands": ("15-17",)},
        ]
    )
    return SummaryRequest(
        period=rng.choice(list(PeriodKind)),
        date_from=rng.choice([None, dt.date(2024, 1, 1), dt.date(2025, 1, 1)]),
        split=rng.choice(list(SplitBy)),
        **filters,
    )


def attacked_pairs(ws, count: int, seed: int = 15) -> list[tuple[SummaryRequest, SummaryRequest]]:
    """Random requests with a period end such that one day more adds exactly one case."""
    rng = random.Random(seed)
    pairs: list[tuple[SummaryRequest, SummaryRequest]] = []
    while len(pairs) < count:
        base = _random_request(rng, ws)
        end = dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(700))
        if base.date_from and base.date_from > end:
            continue
        first = dataclasses.replace(base, date_to=end)
        second = dataclasses.replace(base, date_to=end + dt.timedelta(days=1))
        if len(_ids(ws, first) ^ _ids(ws, second)) == 1:
            pairs.append((first, second) if rng.random() < 0.5 else (second, first))
    return pairs


@pytest.fixture(scope="module")
def pairs(demo_db):
    return attacked_pairs(demo_db[0], PAIRS)


def test_every_pair_differing_by_one_case_is_refused_or_shows_nothing(demo_db, pairs):
    ws, other = demo_db
    refused = 0
    for i, (first, second) in enumerate(pairs):
        _forget_releases(ws)
        one = summaries.protected(ws, first, today=TODAY)
        try:
            two = summaries.protected(other if i % 2 else ws, second, today=TODAY)
        except releases.ReleaseRefused as exc:
            refused += 1
            assert "k = 5" in exc.sv and "k = 5" in exc.en
            continue
        # Admitted (both outputs are over fewer than k cases, all hidden): nothing moved.
        assert one.meta.n_cases < 5 or two.meta.n_cases < 5, (first, second)
        assert pair_leaks(one, two) == [], (first, second)
    assert refused >= PAIRS * 0.8


def test_a_refusal_is_audited_and_nothing_is_recorded_for_it(demo_db, pairs):
    ws, _other = demo_db
    first, second = next(
        (a, b) for a, b in pairs if len(_ids(ws, a)) >= 5 and len(_ids(ws, b)) >= 5
    )
    _forget_releases(ws)
    summaries.protected(ws, first, today=TODAY)
    with pytest.raises(releases.ReleaseRefused):
        summaries.write_report(ws, second, ws.path.parent / "never.pdf", "pdf", today=TODAY)
    assert not (ws.path.parent / "never.pdf").exists()
    assert len(releases.history(ws)) == 1
    with ws.db.reading() as session:
        last = session.execute(
            select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)
        ).scalar_one()
        assert last.action == "release_refused"
        assert json.loads(last.detail)["rule"] in ("A", "B")
    # The stored population carries no personal data: case ids only, compressed.
    (row,) = releases.history(ws)
    assert row[3] == len(_ids(ws, first))


def test_the_same_pairs_leak_without_release_control(demo_db, pairs):
    """The attack is real, and the integer-programming check sees it."""
    ws, _other = demo_db
    large = [(a, b) for a, b in pairs if min(len(_ids(ws, a)), len(_ids(ws, b))) >= 20]
    leaking = 0
    for first, second in large[:4]:
        if len(_ids(ws, first)) > len(_ids(ws, second)):
            first, second = second, first
        one = protect_report(summaries.build(ws, first, today=TODAY), 5)
        two = protect_report(summaries.build(ws, second, today=TODAY), 5)
        leaking += bool(pair_leaks(one, two))
    assert leaking >= 2


def test_the_checker_finds_a_constructed_leak():
    """A protected table with one secondary cell published after all: the primary cell it
    covered is recomputable, and the check must say so."""
    table = frequency_table(
        "t", Text.same("t"), [Text.same(f"v{i}") for i in range(4)], [40, 2, 30, 25]
    )
    safe = protect(table, 5)
    assert table_leaks(safe, 5) == []
    (j,) = [i for i, row in enumerate(safe.cells) if row[0].state is CellState.SECONDARY]
    cells = list(safe.cells)
    cells[j] = (dataclasses.replace(cells[j][0], value=table.counts()[j][0], state=SHOWN),)
    leaky = dataclasses.replace(safe, cells=tuple(cells))
    assert [leak.cell for leak in table_leaks(leaky, 5)] == [(1, 0)]


def test_a_released_output_hides_no_recoverable_cell(demo_db):
    """Integer programming over all additive tables of one output finds no hidden cell
    determined by what it publishes, granting the reader that hidden cells are at least 1
    where zeros are shown (the leak this once found: two hidden 1s on opposite corners of
    a cycle, as in q.referred_by split by gender)."""
    ws, _other = demo_db
    for split in SplitBy:
        _forget_releases(ws)
        report = summaries.protected(ws, SummaryRequest(split=split), today=TODAY)
        assert report.has_suppression
        assert report_leaks(report, 5) == [], split


def test_an_aggregate_export_one_case_apart_is_refused(demo_db, tmp_path):
    """The aggregate export is a release like any summary: a period one day longer that
    adds one case is refused, and no package is written."""
    from isu.services import exports

    ws, _other = demo_db
    low = dt.date(2024, 1, 1)
    for days in range(200, 700):
        end = low + dt.timedelta(days=days)
        request = SummaryRequest(period=PeriodKind.ACTIVE, date_from=low, date_to=end)
        longer = dataclasses.replace(request, date_to=end + dt.timedelta(days=1))
        if len(_ids(ws, request) ^ _ids(ws, longer)) == 1:
            break
    else:  # pragma: no cover
        raise AssertionError("no one-case day in the demo")
    _forget_releases(ws)
    exports.write_export(ws, exports.ExportRequest("aggregate", low, end), tmp_path / "a.isux")
    with pytest.raises(releases.ReleaseRefused):
        exports.write_export(
            ws, exports.ExportRequest("aggregate", low, longer.date_to), tmp_path / "b.isux"
        )
    assert not (tmp_path / "b.isux").exists()

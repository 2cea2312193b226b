"""Figures that several tables of one output share are protected together: attacked with
an exact integer-programming solver over every table of the output at once
(``linked_exposure.py``), on a real encrypted demo database."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.services import demo, forms, summaries
from isu.services.workspace import init_database
from isu.summary import disclosure
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.engine import build_summary
from isu.summary.model import Section
from tests.conftest import FAST_KDF

from .linked_exposure import linked_exposures

TODAY = dt.date(2026, 6, 1)

REQUESTS = {
    "all": SummaryRequest(k=5),
    "by gender": SummaryRequest(k=5, split=SplitBy.GENDER),
    "closed 2025 H1 by age band": SummaryRequest(
        period=PeriodKind.CLOSED,
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 6, 30),
        split=SplitBy.AGE_BAND,
        k=5,
    ),
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("shared") / "demo.db"
    ws, _recovery = init_database(path, "admin", "admin-lösenord-1", kdf=FAST_KDF)
    try:
        forms.publish_default_form(ws)
        demo.populate(ws, demo.DemoOptions(cases=150, today=TODAY))
        return summaries.load_summary_data(ws, setting_age_bands=True)
    finally:
        ws.close()


def table_by_table(raw):
    """What protection did before: each table on its own (the attack's target)."""
    tables = [disclosure._protect(table, raw.meta.k) for table in raw.tables()]
    found = iter(tables)
    sections = tuple(
        Section(s.key, s.title, tuple(next(found) for _t in s.tables), s.intro)
        for s in raw.sections
    )
    return disclosure.ProtectedReport(raw.meta, sections, _seal=disclosure._SEAL)


@pytest.mark.parametrize("name", list(REQUESTS))
def test_no_small_figure_can_be_solved_from_all_tables_together(data, name):
    raw = build_summary(data, REQUESTS[name], today=TODAY)
    protected = disclosure.protect_report(raw, 5)
    assert linked_exposures(raw, protected) == []


def test_the_attack_works_on_tables_protected_one_at_a_time(data):
    # Closed in a half-year by age band, the closed cases of a small group are hidden in the
    # volume table but solved from the other tables that show the same figures.
    raw = build_summary(data, REQUESTS["closed 2025 H1 by age band"], today=TODAY)
    exposed = linked_exposures(raw, table_by_table(raw))
    assert any(name.startswith(("volume", "experience.response")) for name in exposed)


def test_a_shared_figure_is_hidden_everywhere_or_nowhere(data):
    for request in REQUESTS.values():
        raw = build_summary(data, request, today=TODAY)
        protected = disclosure.protect_report(raw, 5)
        states: dict[object, set[bool]] = {}
        for table, shown in zip(raw.tables(), protected.tables(), strict=True):
            for position, key in table.figures:
                states.setdefault(key, set()).add(disclosure._figure(shown, position).hidden)
        assert all(len(hidden) == 1 for hidden in states.values())


def test_figures_are_tagged_where_tables_share_them(data):
    raw = build_summary(data, REQUESTS["by gender"], today=TODAY)
    keys = {t.key: dict(t.figures) for t in raw.tables()}
    volume, response = keys["volume"], keys["experience.response"]
    closed_by_gender = {volume[(3, b)] for b in (1, 2)}
    row_totals = {key for (_row, col), key in response.items() if col == 2}
    assert closed_by_gender <= row_totals  # no skip logic on these items: the same cases
    quality = keys["quality.before"]
    assert any(key in quality.values() for key in keys["q.risk_level"].values())

"""The engine on a generic form (a questionnaire to 26 municipalities, no case dates):
scale distributions and top-box tables, sections named by the form, no SIG leftovers,
periods on the registration date, and notes on answers a phase leaves uncounted."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from isu.errors import FormError
from isu.formdefs import load_form_text
from isu.formdefs.phase_check import phase_warnings
from isu.paths import forms_dir
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.disclosure import protect_report
from isu.summary.engine import build_summary
from isu.summary.model import TableKind
from tests.summary_generic.support import (
    FIRST_DAY,
    TODAY,
    N,
    engine_data,
    expected_top_box,
    form_text,
    respondent,
)


def tables_of(report):
    return {t.key: t for t in report.tables()}


@pytest.fixture(scope="module")
def report():
    return build_summary(engine_data(), today=TODAY)


def test_each_scale_gets_its_distribution(report):
    table = tables_of(report)["scale.sat_police"]
    assert table.kind is TableKind.FREQUENCY
    assert [label.sv for label in table.row_labels] == [
        "1 – Mycket missnöjd", "2", "3", "4", "5 – Mycket nöjd",
    ]  # fmt: skip
    by_hand = [sum(1 for i in range(N) if respondent(i)["sat_police"] == v) for v in range(1, 6)]
    assert [row[0] for row in table.values] == by_hand
    leisure = tables_of(report)["scale.sat_leisure"]
    assert (leisure.n, leisure.missing) == (20, 6)  # six did not answer: not in the base


def test_a_battery_gets_one_top_box_table_over_its_items(report):
    tables = tables_of(report)
    battery = tables["topbox.sat_police"]
    assert [label.sv for label in battery.row_labels] == [
        "Samverkan med polisen", "Samverkan med skolan", "Samverkan med fritid",
    ]  # fmt: skip
    for row, code in zip(battery.values, ("sat_police", "sat_school", "sat_leisure"), strict=True):
        top, answered = expected_top_box(code)
        assert row == (top, answered - top)  # the denominator is those who answered
    assert battery.row_totals == (26, 26, 20)
    assert "topbox.sat_school" not in tables  # the battery has one table, not one per item
    single = tables["topbox.overall"]  # a question's own top_box
    top, answered = expected_top_box("overall")
    assert single.values == ((top, answered - top),)
    order = list(tables)
    assert order.index("topbox.sat_police") < order.index("q.sat_police")  # before its items


def test_top_box_counts_survive_protection_with_the_shared_answer_counts_tagged(report):
    tables = tables_of(report)
    battery, leisure = tables["topbox.sat_police"], tables["scale.sat_leisure"]
    shared = dict(battery.figures)
    grand = dict(leisure.figures)[(len(leisure.row_labels), 1)]
    assert shared[(2, 2)] == grand  # the leisure row's n is the distribution's total
    quality = dict(tables["quality.before"].figures)
    codes = ["lead", "partners", "has_plan", "sat_police", "sat_school", "sat_leisure", "overall"]
    assert quality[(codes.index("sat_leisure"), 0)] == grand  # and the quality "answered"
    protected = {t.key: t for t in protect_report(report, 5).tables()}
    hidden = [c.hidden for row in protected["scale.sat_leisure"].cells for c in row]
    assert all(hidden)  # 4 answers per value, below k = 5
    assert not protected["topbox.sat_police"].cells[0][0].hidden  # 18 of 26 shown


def test_split_by_gender_gives_one_block_of_items_per_group():
    split = build_summary(engine_data(), SummaryRequest(split=SplitBy.GENDER), today=TODAY)
    battery = tables_of(split)["topbox.sat_police"]
    first = battery.row_labels[0].sv
    assert first == "Uppgift saknas – Samverkan med polisen"
    assert battery.n == 26 + 26 + 20


def test_the_report_has_only_the_sections_the_form_has_named_by_the_form(report):
    keys = {s.key: s.title.sv for s in report.sections}
    assert keys == {"profile": "Enkätsvar", "process": "Uppföljning", "quality": "Datakvalitet"}
    tables = tables_of(report)
    assert "volume" not in tables and "quality.open_long" not in tables
    titles = [t.title.sv for t in report.tables()]
    assert not any("Före (vid start)" in title for title in titles)
    assert "Besvarade frågor: Enkätsvar" in titles
    assert report.meta.noun.sv == "kommuner" and report.meta.before_after is False


def test_sig_keeps_its_titles_and_caveat_flags():
    spec = load_form_text((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))
    data = dataclasses.replace(engine_data(), spec=spec, answers={})
    sig = build_summary(data, today=TODAY)
    assert sig.sections[0].title.sv == "Ärenden och flöden"
    assert {t.title.sv for t in sig.tables()} >= {"Besvarade frågor: Före (vid start)"}
    assert sig.meta.noun.sv == "ärenden" and sig.meta.before_after is True


def test_without_form_dates_the_period_uses_the_registration_date():
    data = engine_data()
    request = SummaryRequest(date_from=FIRST_DAY + dt.timedelta(days=10))
    later = build_summary(data, request, today=TODAY)
    assert later.meta.n_cases == N - 10  # a date filter no longer drops every case
    assert later.meta.period_from == request.date_from
    meaning = dict((label.sv, value.sv) for label, value in later.meta.filters)
    assert meaning["Period avser"].startswith("Registreringsdatum")
    everything = build_summary(data, today=TODAY)
    assert (everything.meta.period_from, everything.meta.period_to) == (FIRST_DAY, TODAY)
    closed = SummaryRequest(period=PeriodKind.CLOSED, date_to=FIRST_DAY)
    assert build_summary(data, closed, today=TODAY).meta.n_cases == 1


def test_answers_a_phase_never_counts_are_explained_not_shown_as_a_bare_zero():
    text = form_text().replace("    requires: []\n", "")  # "during" needs a start date again
    spec = load_form_text(text)
    assert [w.message("en")[:40] for w in phase_warnings(spec)] == [
        "The questions in the phase during never "
    ]
    data = dataclasses.replace(engine_data(), spec=spec)
    tables = tables_of(build_summary(data, today=TODAY))
    followed = tables["q.followed_up"]
    assert followed.n == 0
    assert "Svar finns som inte räknas här" in followed.note.sv
    assert "Some answers are not counted here" in tables["quality.during"].note.en
    assert tables["q.has_plan"].note is None  # the before phase counts every answer


def test_the_generic_form_itself_warns_of_nothing():
    assert phase_warnings(load_form_text(form_text())) == []
    sig = load_form_text((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))
    assert phase_warnings(sig) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("top_box: [4, 5]\n        questions", "top_box: [4, 9]\n        questions"),
            "i frågan sat_police",
        ),
        (("min: 1, max: 5, top_box: [4, 5]", "min: 1, max: 5, top_box: [6]"), "utanför skalan"),
        (
            ("code: has_plan, type: yesno", "code: has_plan, type: yesno, top_box: [1]"),
            "top_box",
        ),
        (("    requires: []", "    requires: [started]"), "kan bara kräva"),
        (("  plural: {sv: kommuner, en: municipalities}\n", ""), "plural"),
    ],
)
def test_bad_generic_keys_are_reported_with_their_line(change, message):
    old, new = change
    assert old in form_text()
    text = form_text().replace(old, new)
    with pytest.raises(FormError) as caught:
        load_form_text(text)
    assert any(message in p.message("sv") for p in caught.value.problems)


def test_a_hidden_distribution_cell_cannot_be_worked_out_from_the_top_box():
    """The attack: 2 answered 4 (hidden), 20 answered 5 (shown); a top box of 22 shown
    would give 22 - 20 = 2. The top-box cell must be hidden with its hidden part."""
    data = engine_data()
    values = [4, 4] + [5] * 20 + [1] * 4
    answers = {**data.answers, "overall": {i: (v, None) for i, v in enumerate(values)}}
    report = build_summary(dataclasses.replace(data, answers=answers), today=TODAY)
    protected = {t.key: t for t in protect_report(report, 5).tables()}
    distribution = protected["scale.overall"]
    cells = [row[0] for row in distribution.cells]
    assert cells[3].hidden and not cells[4].hidden  # 4: two answers; 5: twenty
    top = protected["topbox.overall"].cells[0]
    assert top[0].hidden  # 22 would reveal the hidden 2
    assert top[1].hidden  # 4 answered 1: the other-answers cell is small itself


def test_a_top_box_over_hidden_cells_that_give_nothing_away_is_shown():
    """2 and 3 hidden (4 each) are both among the other answers: their sum is known from
    the distribution's total already, so the top box (11 + 7) and the rest are shown."""
    data = engine_data()
    values = [4] * 11 + [5] * 7 + [2] * 4 + [3] * 4
    answers = {**data.answers, "overall": {i: (v, None) for i, v in enumerate(values)}}
    report = build_summary(dataclasses.replace(data, answers=answers), today=TODAY)
    protected = {t.key: t for t in protect_report(report, 5).tables()}
    assert [c.value for c in protected["topbox.overall"].cells[0]] == [18, 8]


def test_the_form_editor_keeps_the_generic_keys():
    from isu.formdefs.document import FormDocument

    document = FormDocument.from_yaml(form_text())
    document.set_header("version", 2)  # an edit: the canonical layout is written
    again = load_form_text(document.to_yaml())
    assert again.noun.plural.sv == "kommuner"
    assert again.phase("during").requires == ()
    assert again.section_of(again.question("sat_police")).top_box == (4, 5)
    assert again.question("overall").top_box == (4, 5)

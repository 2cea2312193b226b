"""How a summary's cases and stored answers are read: the selected cases' facts; per form
version, each stored code's current (or retired) code and decoder; and the row-by-row load
of the answers the PostgreSQL backend uses (SQLite reads the same answers in one sequential
scan, ``isu.services.summary_scan``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from isu.db.models import CaseRecord
from isu.domain.answers import Value
from isu.domain.form import ComputedKind, FormSpec, QType, Question
from isu.summary.data import CaseFacts

Decoder = Callable[[object], Value]
# Per form version, stored code → (current or retired code, decoder); see ``decoders_for``.
Decoders = dict[int, dict[str, tuple[str, Decoder | None]]]


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _Days(dict):
    """ISO text → date, each distinct day made once (a large summary has a few thousand
    days over a hundred thousand cases)."""

    def __missing__(self, text: str | None) -> dt.date | None:
        found = self[text] = _date(text)
        return found


class _Texts(dict):
    """Each distinct text once (units, statuses, bands), not once per case."""

    def __missing__(self, text: str | None) -> str | None:
        self[text] = text
        return text


def load_cases(session: Session, conditions: list) -> tuple[tuple[CaseFacts, ...], dict]:
    """The selected cases' facts in id order, and each case id's index among them."""
    rows = session.execute(
        select(
            CaseRecord.id,
            CaseRecord.status,
            CaseRecord.referral_date,
            CaseRecord.start_date,
            CaseRecord.closure_date,
            CaseRecord.closure_reason,
            CaseRecord.gender,
            CaseRecord.age_band,
            CaseRecord.unit,
            CaseRecord.municipality,
            CaseRecord.coordinator_id,
            CaseRecord.form_version,
            CaseRecord.created_at,
        )
        .where(and_(*conditions))
        .order_by(CaseRecord.id)
    ).all()
    day, text = _Days(), _Texts()  # one object per distinct day and text, shared by cases
    cases = tuple(
        CaseFacts(
            key=str(r[0]),
            status=text[r[1]],
            referral_date=day[r[2]],
            start_date=day[r[3]],
            closure_date=day[r[4]],
            closure_reason=text[r[5]],
            gender=text[r[6]],
            age_band=text[r[7]],
            unit=text[r[8] or ""],
            municipality=text[r[9] or ""],
            coordinator=text[str(r[10])],
            form_version=r[11],
            registered=day[(r[12] or "")[:10]],
        )
        for r in rows
    )
    return cases, {r[0]: i for i, r in enumerate(rows)}


def decoders_for(
    current: FormSpec, versions: list[FormSpec]
) -> tuple[Decoders, dict[str, Question]]:
    """Per version, stored code → (current or retired code, decoder; None = kept as stored);
    and the retired questions, each from the last version that had it."""
    decoders: Decoders = {}
    retired: dict[str, Question] = {}
    for spec in versions:
        table = decoders.setdefault(spec.version, {})
        for question in spec.questions():
            code = current.current_code(question.code)
            target = current.question(code) if code is not None else question
            if code is None:
                code = question.code
                retired[code] = question
            table[question.code] = (code, _decoder(question, target))
    return decoders, retired


def asked_in(decoders: Decoders) -> dict:
    asked: dict[str, set[int]] = {}
    for version, table in decoders.items():
        for target, _decode in table.values():
            asked.setdefault(target, set()).add(version)
    return {code: frozenset(versions) for code, versions in asked.items()}


# A stored answer arrives as one raw value, ``coalesce(value_text, value_num)``: the text
# for choices, dates and text (and a multiple choice's codes), the number otherwise; see
# ``isu.db.codec.encode``. Decoders turn it into the question type's value.


def _decoder(stored: Question, target: Question) -> Decoder | None:
    """The decoder for one stored type (None: keep the raw value), converting to the
    current type when it changed (the conversions ``check_upgrade`` allows)."""
    if target.type is QType.MULTIPLE and stored.type is QType.SINGLE:
        return _as_tuple
    if target.type in (QType.TEXT, QType.LONGTEXT) and stored.type is not target.type:
        return _as_text
    if target.type is QType.INTEGER and stored.type is QType.SCALE:
        return int
    if stored.type is QType.COMPUTED:
        kind = stored.computed.kind if stored.computed else None
        return None if kind is ComputedKind.AGE_BAND else _computed
    return _DECODERS.get(stored.type)


def _as_tuple(raw: object) -> Value:
    return (str(raw),)


def _as_text(raw: object) -> Value:
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else str(raw)
    return str(raw)


def _multiple(raw: object) -> Value:
    return tuple(str(raw).split()) or None


def _date_value(raw: object) -> Value:
    try:
        return dt.date.fromisoformat(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _computed(raw: object) -> Value:
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else raw
    return raw  # type: ignore[return-value]


_DECODERS: dict[QType, Decoder | None] = {
    QType.SINGLE: None,
    QType.TEXT: None,
    QType.LONGTEXT: None,
    QType.MULTIPLE: _multiple,
    QType.YESNO: bool,
    QType.INTEGER: int,
    QType.SCALE: int,
    QType.DECIMAL: float,
    QType.DATE: _date_value,
}


def load_answers_by_row(
    session: Session,
    conditions: list,
    index_of: dict[int, int],
    decoders: Decoders,
    current: FormSpec,
) -> tuple[dict, dict]:
    answers: dict[str, dict[int, tuple]] = {}
    group_of = {q.code: q.group for q in current.questions() if q.group}
    # Per version and stored code: where its answers go, how to decode them, its group
    # (for items of a repeat group) and its current code.
    routes = {
        version: {
            code: (answers.setdefault(target, {}), decode, group_of.get(target), target)
            for code, (target, decode) in table.items()
        }
        for version, table in decoders.items()
    }
    item_rows: dict[tuple[str, int, int], dict[str, tuple]] = {}
    # One pass over about a million rows on a large database: the loop body stays lean.
    # Rows come case by case, so the case index and the version's routes change rarely.
    last_case = last_version = None
    index, route = -1, {}
    for case_id, code, instance, raw, missing, version in _answer_rows(session, conditions):
        if case_id != last_case:
            last_case, index = case_id, index_of[case_id]
        if version != last_version:
            last_version, route = version, routes.get(version, {})
        found = route.get(code)
        if found is None:  # a code no published version knows: keep it as stored
            found = route[code] = (answers.setdefault(code, {}), None, None, code)
        store, decode, group, target = found
        value = raw if decode is None or raw is None else decode(raw)
        if instance == 0:
            store[index] = (value, missing)
        elif group is not None:
            item_rows.setdefault((group, index, instance), {})[target] = (value, missing)
    items: dict[str, list] = {}
    # The query plan decides the row order; items are listed by case, then item number.
    for (group, case_index, _instance), item in sorted(item_rows.items()):
        items.setdefault(group, []).append((case_index, item))
    return {code: cells for code, cells in answers.items() if cells}, items


# CROSS JOIN makes SQLite scan the answers in storage order and look each case up by its
# primary key, reading every page once; left to itself it may loop over the selected cases
# and probe the answers' index for each, which is several times slower on a large database.
ANSWERS_SQL = (
    "SELECT answers.case_id, answers.code, answers.instance,"
    " coalesce(answers.value_text, answers.value_num), answers.missing,"
    " answers.form_version"  # the version the answer was saved under
    " FROM answers CROSS JOIN cases ON cases.id = answers.case_id WHERE {where}"
)


# PostgreSQL: no CROSS JOIN … ON, and coalesce() wants one type, so both values come back and
# the stored one is taken here (the planner needs no hint there).
ANSWERS_SQL_PG = (
    "SELECT answers.case_id, answers.code, answers.instance, answers.value_text,"
    " answers.value_num, answers.missing, answers.form_version"
    " FROM answers JOIN cases ON cases.id = answers.case_id WHERE {where}"
)


def _answer_rows(session: Session, conditions: list) -> Iterator[tuple]:
    """Plain tuples straight from the driver's cursor: about a million answers make a large
    summary, and SQLAlchemy's Row objects would double the time spent fetching them."""
    connection = session.connection()
    where = and_(*conditions).compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    cursor = connection.connection.driver_connection.cursor()
    try:
        if connection.dialect.name == "postgresql":
            cursor.execute(ANSWERS_SQL_PG.format(where=where), where.params)
            for case_id, code, instance, text_, num, missing, version in cursor:
                yield case_id, code, instance, num if text_ is None else text_, missing, version
        else:
            params = [where.params[name] for name in where.positiontup or ()]
            cursor.execute(ANSWERS_SQL.format(where=where), params)
            yield from cursor
    finally:
        cursor.close()

"""Scale questions as Swedish follow-ups report them: a distribution (count and % per value)
for every scale, and where the form declares ``top_box`` (the values that count as high,
e.g. 4 and 5) the count and percent answering them among those who answered.

A section with ``top_box`` is a battery: its scale questions get one compact table,
item × (top box, other answers, n), instead of one top-box table each. The tables are plain
``SummaryTable`` s, protected by disclosure control like every other; the figures they
share with other tables (each item's answers: the distribution's total, the battery row's
total and the data-quality table's "answered" cell; a one-value top box and its value's
row) are tagged here with the same keys ``isu.summary.tables.shared_figures`` gives them, so they
are hidden together. A top box of several values is a sum of distribution cells: where
that sum could give a hidden cell away (``_gives_away``) it is tagged with that cell's key
as well, so the two are hidden together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from isu.domain.form import QType, Question
from isu.domain.text import Text
from isu.summary.builders import frequency_table
from isu.summary.model import SummaryTable
from isu.summary.tables.common import is_number
from isu.summary.tables.generic import block_table
from isu.summary.tables.shared_figures import Fingerprints

if TYPE_CHECKING:
    from isu.summary.tables.context import SummaryContext

Figures = list[tuple[tuple[int, int], object]]


def top_box_of(builder: SummaryContext, question: Question) -> tuple[int, ...]:
    """The question's own top box, else its section's (a battery)."""
    if question.top_box:
        return question.top_box
    section = builder.spec.section_of(question)
    return section.top_box if section is not None else ()


def battery_items(builder: SummaryContext) -> dict[str, list[Question]]:
    """First item's code → the scale questions of a section that declares ``top_box``."""
    found: dict[str, list[Question]] = {}
    for phase in builder.spec.phases:
        for section in phase.sections:
            if not section.top_box:
                continue
            items = [
                q
                for q in section.items
                if isinstance(q, Question) and q.type is QType.SCALE and not q.top_box
            ]
            if items:
                found[items[0].code] = items
    return found


def tables_before(builder: SummaryContext, question: Question) -> list[SummaryTable]:
    """The battery table, placed before the battery's first item."""
    items = _batteries(builder).get(question.code)
    if not items:
        return []
    section = builder.spec.section_of(question)
    title = section.title if section is not None else question.label
    return [top_box_table(builder, f"topbox.{question.code}", Text(title.sv, title.en), items)]


def tables_after(builder: SummaryContext, question: Question) -> list[SummaryTable]:
    """A scale question's distribution, and its own top-box table when it declares one."""
    if question.type is not QType.SCALE:
        return []
    tables = [distribution(builder, question)]
    if question.top_box:
        label = question.label
        tables.append(
            top_box_table(
                builder,
                f"topbox.{question.code}",
                Text(f"Höga värden: {label.sv}", f"High values: {label.get('en')}"),
                [question],
            )
        )
    return tables


def _keys(builder: SummaryContext) -> Fingerprints:
    """One set of case weights per summary (the same as ``shared_figures`` draws)."""
    keys = getattr(builder, "_scale_keys", None)
    if keys is None:
        keys = builder._scale_keys = Fingerprints(len(builder.data.cases))  # type: ignore[attr-defined]
    return keys


def _batteries(builder: SummaryContext) -> dict[str, list[Question]]:
    cache = builder.spec.derived
    if "scale_batteries" not in cache:
        cache["scale_batteries"] = battery_items(builder)
    return cache["scale_batteries"]


def _value_rows(question: Question, seen: Sequence[object]) -> list[tuple[object, Text]]:
    anchors = {a.value: a.label for a in question.anchors}
    low, high = question.scale_min, question.scale_max
    values = list(range(low, high + 1)) if low is not None and high is not None else []
    values += sorted({v for v in seen if v not in values}, key=str)
    rows = []
    for value in values:
        anchor = anchors.get(value)  # type: ignore[arg-type]
        if anchor is None:
            rows.append((value, Text.same(_number(value))))
        else:
            rows.append(
                (
                    value,
                    Text(
                        f"{_number(value)} – {anchor.sv}",
                        f"{_number(value)} – {anchor.get('en')}",
                    ),
                )
            )
    return rows


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def distribution(builder: SummaryContext, question: Question) -> SummaryTable:
    """Count and column percent per scale value (per group when split)."""
    answered = builder.answered(question)
    groups = builder.groups
    of_case = groups.of_case
    tally = Counter(
        (value, of_case[index]) for index, value in answered.pairs() if is_number(value)
    )
    rows = _value_rows(question, [value for value, _ in tally])
    counts = [[tally[(value, j)] for j in range(groups.count)] for value, _ in rows]
    label = question.label
    table = frequency_table(
        f"scale.{question.code}",
        Text(f"Fördelning: {label.sv}", f"Distribution: {label.get('en')}"),
        [text for _, text in rows],
        counts,
        col_labels=groups.labels,
        split=groups.split,
        missing=max(0, answered.expected - sum(map(sum, counts))),
    )
    keys = _keys(builder)
    by_cell: dict[tuple, list[int]] = {}  # (value, group) → the cases, in one pass
    by_group: dict[int, list[int]] = {}
    for index, value in answered.pairs():
        if is_number(value):
            j = of_case[index] if groups.is_split else 0
            by_cell.setdefault((value, j), []).append(index)
            by_group.setdefault(j, []).append(index)
    n_rows, n_cols = table.shape
    everyone = [i for members in by_group.values() for i in members]
    figures: Figures = [((n_rows, n_cols), keys.of_indexes(everyone))]
    for r, (value, _) in enumerate(rows):  # a one-value top box is the same set of cases
        figures += [((r, j), keys.of_indexes(by_cell.get((value, j), []))) for j in range(n_cols)]
    if groups.is_split:
        figures += [((n_rows, j), keys.of_indexes(by_group.get(j, []))) for j in range(n_cols)]
    return _tagged(table, figures)


def top_box_table(
    builder: SummaryContext, key: str, title: Text, items: Sequence[Question]
) -> SummaryTable:
    """Per item (one block of rows per group when split): answers in the top box, other
    answers, and in the total column the item's n; shares of the row's answers."""
    groups = builder.groups
    of_case = groups.of_case
    keys = _keys(builder)
    per_item = []
    risky = []
    for question in items:
        high = set(top_box_of(builder, question))
        answered = [(i, v) for i, v in builder.answered(question).pairs() if is_number(v)]
        per_item.append((answered, high))
        risky.append(_gives_away(builder, question, high))
    counts, figures, missing = [], [], 0
    for b, (j, _) in enumerate(groups.blocks()):
        for r, (answered, high) in enumerate(per_item):
            inside = [(i, v) for i, v in answered if not groups.is_split or of_case[i] == j]
            tops = [i for i, v in inside if v in high]
            others = [i for i, v in inside if v not in high]
            counts.append([len(tops), len(others)])
            row = b * len(per_item) + r
            figures += [
                ((row, 0), keys.of_indexes(tops)),
                ((row, 1), keys.of_indexes(others)),
                ((row, 2), keys.of_indexes([i for i, _ in inside])),
            ]
            figures += _parts(keys, row, inside, high, risky[r].get(j, set()))
    for question, (answered, _) in zip(items, per_item, strict=True):
        missing += max(0, builder.answered(question).expected - len(answered))
    values = _values_text(top_box_of(builder, items[0]))
    table = block_table(
        builder,
        key,
        title,
        [Text(q.label.sv, q.label.en) for q in items],
        [Text(f"Svar {values}", f"Answers {values}"), Text("Övriga svar", "Other answers")],
        counts,
        missing=missing,
        row_totals_known=True,
        note=Text(
            f"Andel som svarat {values} (höga värden) av dem som besvarat frågan; "
            "totalkolumnen är antalet svar (n) per fråga.",
            f"Share answering {values} (high values) of those who answered the question; "
            "the total column is the number of answers (n) per item.",
        ),
    )
    return _tagged(table, figures)


def _gives_away(builder: SummaryContext, question: Question, high: set) -> dict[int, set]:
    """Per group block, the hidden distribution cells the top box could give away: with
    exactly one hidden cell among the top values (or among the others), the top-box count
    less the cells shown is that cell. Predicted by protecting the distribution alone
    with the report's k (its hidden cells are the same in the whole output unless a
    figure it shares is hidden elsewhere, which hides the top box's n as well)."""
    from isu.summary.disclosure import protect

    table = distribution(builder, question)
    k = builder.request.k
    protected = protect(table, k) if k is not None else protect(table)
    values = [value for value, _ in _value_rows(question, [])]
    values += [None] * (len(protected.cells) - len(values))  # values only answers have
    found: dict[int, set] = {}
    for j in range(len(protected.col_labels)):
        hidden = [values[r] for r, row in enumerate(protected.cells) if row[j].hidden]
        tops = [value for value in hidden if value in high]
        others = [value for value in hidden if value not in high]
        found[j] = {*(tops if len(tops) == 1 else ()), *(others if len(others) == 1 else ())}
    return found


def _parts(keys: Fingerprints, row: int, inside: list, high: set, exposed: set) -> Figures:
    """The top-box cell is a sum of distribution cells (so is the other-answers cell):
    tagged with the key of a hidden part it would give away, it is hidden with it. Only
    those parts: a part shown must not be hidden because the top box is."""
    by_value: dict[object, list[int]] = {}
    for index, value in inside:
        if value in exposed:
            by_value.setdefault(value, []).append(index)
    return [
        ((row, 0 if value in high else 1), keys.of_indexes(indexes))
        for value, indexes in by_value.items()
    ]


def _values_text(values: Sequence[int]) -> str:
    ordered = sorted(values)
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def _tagged(table: SummaryTable, figures: Figures) -> SummaryTable:
    import dataclasses

    found = tuple((position, key) for position, key in figures if key is not None)
    return dataclasses.replace(table, figures=found) if found else table

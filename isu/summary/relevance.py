"""Which cases were asked each question: a form's skip logic applied to a whole data set.

The rules are those of ``isu.formdefs.evaluate`` (``_CaseEvaluator``): a question is asked
when its section's ``relevant`` and its own ``relevant`` hold; a question that was not asked
reads as null in other conditions, as does a value that does not fit its question; questions
are taken in the form's evaluation order. Repeat-group questions are out of scope.

It works column by column rather than case by case, because a summary covers thousands of
cases: each condition is evaluated once per distinct combination of what it sees of its
inputs, which take few distinct values. It sees no more than it looks at: of an input read
only through ``answered()``, whether there is a value (so dates do not make every case
distinct); of one read only through that and ``selected(code, 'literal')``, which of those
literals are chosen (so thousands of distinct multiple-choice answers collapse to a few).

Computed questions are read from the answers, not recomputed: their values are stored when
a case is saved (null when not relevant), and a national merge carries e.g. the age at start
without the birth year it came from.

A question is left out of the result (asked in every case) when its skip logic cannot be
known: it reads a code the data set does not carry (``SummaryData.carried``), a code that is
not a question, or a question whose own skip logic cannot be known; or its condition fails
to evaluate for some case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import itemgetter

from isu.domain import expr, expr_eval
from isu.domain.answers import Value
from isu.domain.form import FormSpec, QType, Question
from isu.formdefs.evaluate import valid_value
from isu.formdefs.graph import dependency_graph, evaluation_order
from isu.summary.data import SummaryData

Column = list  # one entry per case index (data.cases order)
PRESENT = True  # stands in for the value of an input a condition only tests with answered()
_first = itemgetter(0)  # the value of a (value, missing reason) cell


def asked_cases(data: SummaryData, today: dt.date) -> dict[str, tuple[bool, ...]]:
    """For top-level questions (group is None) of data.spec and data.retired that have skip
    logic: per case index (data.cases order), whether the question was asked. Codes not in the
    result were asked in every case (also when the question was asked in every case here, or
    its skip logic cannot be known, see the module docstring)."""
    return _Relevance(data, today).run()


@dataclass(frozen=True)
class _Condition:
    """One ``relevant`` expression and the data-set codes its references read."""

    ast: expr.Expr
    refs: tuple[tuple[str, str | None], ...]  # (code as written, code in the data or None)

    @property
    def inputs(self) -> set[str | None]:
        return {target for _ref, target in self.refs}


@dataclass(frozen=True)
class _Node:
    question: Question
    conditions: tuple[_Condition, ...]  # the section's first, then the question's own


class _Relevance:
    def __init__(self, data: SummaryData, today: dt.date):
        self.data = data
        self.today = today
        self.size = len(data.cases)
        self.top = {q.code: q for q in data.spec.questions() if q.group is None}
        retired = (q for q in data.retired.values() if q.group is None)
        self.retired = {q.code: q for q in retired if q.code not in self.top}
        self.questions = {**self.top, **self.retired}
        self.known = self.questions.keys()
        self.unknown: set[str] = set()  # codes whose skip logic cannot be known
        self.evaluated: set[str] = set()
        # Stored values of the codes conditions read, null where the question was not asked.
        self.values: dict[str, Column | None] = {}
        self.columns: dict[tuple, Column] = {}  # condition results, shared between questions

    def run(self) -> dict[str, tuple[bool, ...]]:
        nodes = [*self.current_nodes(), *self.retired_nodes()]
        read = {target for node in nodes for c in node.conditions for target in c.inputs}
        result: dict[str, tuple[bool, ...]] = {}
        for node in nodes:
            asked = self.asked(node)
            code = node.question.code
            self.evaluated.add(code)
            if code in self.unknown:
                continue
            if code in read:
                self.values[code] = self.values_of(node.question, asked)
            if asked is not None and not all(asked):
                result[code] = tuple(asked)
        return result

    # -- the questions, in evaluation order

    def current_nodes(self) -> list[_Node]:
        spec = self.data.spec
        order = _evaluation_order(spec, list(self.top))
        return [self.node(self.top[code], code_of=self.top_code) for code in order]

    def retired_nodes(self) -> list[_Node]:
        """Retired questions after the current ones (current questions never read them),
        ordered among themselves; their references may use codes renamed since."""
        nodes = {code: self.node(q, code_of=self.current_code) for code, q in self.retired.items()}
        graph = {
            code: {t for c in node.conditions for t in c.inputs if t in self.retired}
            for code, node in nodes.items()
        }
        return [nodes[code] for code in evaluation_order(graph, list(nodes))]

    def top_code(self, code: str) -> str | None:
        return code if code in self.top else None

    def current_code(self, code: str) -> str | None:
        """A code as an older version wrote it, as the data set knows it (None: unknown)."""
        if code in self.known:
            return code
        current = self.data.spec.current_code(code)
        return current if current in self.top else None

    def node(self, question: Question, code_of: Callable[[str], str | None]) -> _Node:
        section = self.data.spec.section_of(question)
        if section is None:
            # A retired question whose section is gone: its condition cannot be known.
            return _Node(question, ())
        asts = (section.relevant_ast, question.relevant_ast)
        conditions = tuple(
            _Condition(ast, tuple((ref, code_of(ref)) for ref in sorted(expr.references(ast))))
            for ast in asts
            if ast is not None
        )
        return _Node(question, conditions)

    # -- relevance

    def asked(self, node: _Node) -> Column | None:
        """Per case whether ``node`` was asked (None: in every case); marks it unknown when
        that cannot be told."""
        asked: Column | None = None
        for condition in node.conditions:
            if not self.readable(condition):
                self.unknown.add(node.question.code)
                return None
            column = self.condition_column(condition)
            # ``and`` short-circuits like the evaluator: a section that is false hides a
            # failure (None) of the question's own condition.
            if asked is None:
                asked = column
            else:
                asked = [a and b for a, b in zip(asked, column, strict=True)]
        if asked is not None and None in asked:
            self.unknown.add(node.question.code)
            return None
        return asked

    def readable(self, condition: _Condition) -> bool:
        """Whether every code ``condition`` reads is known here, with known skip logic."""
        carried = self.data.carried
        for ref, target in condition.refs:
            if target is None:
                if not self.in_repeat_group(ref):
                    return False
            elif target in self.unknown or (carried is not None and target not in carried):
                return False
        return True

    def in_repeat_group(self, code: str) -> bool:
        """A repeat-group question reads as null in case-level logic, as in the evaluator."""
        spec = self.data.spec
        return spec.has_question(code) and spec.question(code).group is not None

    def condition_column(self, condition: _Condition) -> Column:
        ready = tuple(t in self.evaluated for _ref, t in condition.refs)
        key = (condition, ready)
        if key not in self.columns:
            self.columns[key] = self.evaluate(condition, ready)
        return self.columns[key]

    def evaluate(self, condition: _Condition, ready: tuple[bool, ...]) -> Column:
        """The condition per case, evaluated once per distinct combination of what it sees
        of its inputs (True, False, or None where it fails)."""
        names = [ref for ref, _target in condition.refs]
        raws = [
            self.values.get(target) if ok and target is not None else None
            for (_ref, target), ok in zip(condition.refs, ready, strict=True)
        ]
        if not any(raw is not None for raw in raws):  # no inputs, or none with a value
            return [self.truth(condition.ast, names, [None] * len(names))] * self.size
        if len(raws) == 1:
            distinct = set(raws[0])
            # True == 1 in a set: a column holding both needs the typed path below.
            if not (distinct & {0, 1} and _mixes_bool(raws[0])):
                return self.evaluate_one(condition, raws[0], distinct)
        views = [
            self.views(condition.ast, ref, target, raw)
            for (ref, target), raw in zip(condition.refs, raws, strict=True)
        ]
        keys = list(zip(*views, strict=True))
        results = {key: self.truth(condition.ast, names, key) for key in set(keys)}
        return list(map(results.__getitem__, keys))

    def evaluate_one(self, condition: _Condition, raw: Column, distinct: set[Value]) -> Column:
        """``evaluate`` for one input: straight from its values, once per distinct value (of
        which 1 and 1.0 are one: the expression language reads them alike)."""
        (ref, target), names = condition.refs[0], [condition.refs[0][0]]
        see = self.sight(condition.ast, ref, target, distinct)
        seen: dict[Value, bool | None] = {}  # result per view (yes/no never mixed with numbers)
        results = {}
        for value in distinct:
            view = see(value)
            if view not in seen:
                seen[view] = self.truth(condition.ast, names, [view])
            results[value] = seen[view]
        return list(map(results.__getitem__, raw))

    def views(self, ast: expr.Expr, ref: str, target: str | None, raw: Column | None) -> Column:
        """What ``ast`` sees of ``target`` per case."""
        if raw is None:
            return _nulls(self.size)
        see = self.sight(ast, ref, target, set(raw))
        # Values paired with their types, so that True and 1 are not taken for one another.
        pairs = list(zip(map(type, raw), raw, strict=True))
        seen = {pair: see(pair[1]) for pair in set(pairs)}
        return list(map(seen.__getitem__, pairs))

    def sight(
        self, ast: expr.Expr, ref: str, target: str | None, distinct: set[Value]
    ) -> Callable[[Value], Value]:
        """What ``ast`` sees of a value of ``target``: null when it does not fit the question,
        else as much of it as ``ast`` looks at."""
        question = self.questions[target] if target is not None else None
        view = _view(ast, ref)
        if question is None:
            return view
        if question.type is QType.MULTIPLE and _all_fit(question, distinct):
            return view  # the common case, checked at once: thousands of distinct answers

        def see(value: Value) -> Value:
            return view(value) if value is None or _fits(question, value) else None

        return see

    def truth(self, ast: expr.Expr, names: list[str], key: Iterable[Value]) -> bool | None:
        """The condition for one combination of input values; None when it fails (a runtime
        type error, which the form check normally rules out)."""
        scope = dict(zip(names, key, strict=True))
        try:
            return expr_eval.evaluate_condition(ast, expr_eval.Env(scope.get, self.today))
        except expr.ExpressionError:
            return None

    # -- values as other conditions see them

    def values_of(self, question: Question, asked: Column | None) -> Column | None:
        """The question's stored values per case, null where it was not asked (None when no
        case has a value)."""
        cells = self.data.answers.get(question.code)
        if not cells:
            return None
        column: Column = [None] * self.size
        if asked is None:
            for index, cell in cells.items():
                column[index] = cell[0]
        else:
            for index, cell in cells.items():
                if asked[index]:
                    column[index] = cell[0]
        return column


def _nulls(size: int) -> Column:
    return [None] * size


def _evaluation_order(spec: FormSpec, codes: list[str]) -> list[str]:
    """The evaluator's order for the case-level scope, cached on the form under the same keys
    as ``isu.formdefs.evaluate`` (so either can fill it)."""
    if "dependency_graph" not in spec.derived:
        spec.derived["dependency_graph"] = dependency_graph(spec)
    key = ("evaluation_order", tuple(codes))
    if key not in spec.derived:
        spec.derived[key] = evaluation_order(spec.derived["dependency_graph"], codes)
    return spec.derived[key]


def _fits(question: Question, value: Value) -> bool:
    # The evaluator takes computed values as they come.
    return question.computed is not None or valid_value(question, value)


def _all_fit(question: Question, distinct: set[Value]) -> bool:
    """``valid_value`` for a whole multiple-choice column at once: tuples of the question's
    choice codes, none twice (or null)."""
    selections = distinct - {None}
    if not set(map(type, selections)) <= {tuple}:
        return False
    if not set(chain.from_iterable(selections)) <= set(question.choice_codes):
        return False
    return list(map(len, selections)) == list(map(len, map(set, selections)))


def _mixes_bool(column: Column) -> bool:
    """Whether ``column`` holds both yes/no and other values (True == 1 in a dict)."""
    kinds = set(map(type, column))
    return bool in kinds and not kinds <= {bool, type(None)}


def _view(ast: expr.Expr, code: str) -> Callable[[Value], Value]:
    """How much of ``code``'s value ``ast`` looks at. Read only through ``answered(code)``:
    whether there is one; only through that and ``selected(code, 'literal')``: which of those
    literals are chosen; otherwise the value itself."""
    refs = sum(1 for n in expr.walk(ast) if isinstance(n, expr.Ref) and n.code == code)
    tests = [n for n in expr.walk(ast) if _tests(n, code)]
    if len(tests) < refs:
        return _as_is
    literals = tuple(sorted({n.args[1].value for n in tests if n.name == "selected"}))
    if not literals:
        return _presence
    # A choice none of the literals match still counts for answered(): any longer text.
    other = max(literals, key=len) + "+"
    return partial(_selection, literals, other)


def _tests(node: expr.Expr, code: str) -> bool:
    """Whether ``node`` is ``answered(code)`` or ``selected(code, 'literal')``."""
    if not isinstance(node, expr.Call) or len(node.args) != (1 if node.name == "answered" else 2):
        return False
    target = node.args[0]
    if not isinstance(target, expr.Ref) or target.code != code:
        return False
    if node.name == "answered":
        return True
    return node.name == "selected" and isinstance(node.args[1], expr.Str)


def _as_is(value: Value) -> Value:
    return value


def _presence(value: Value) -> Value:
    return None if value is None or value == () else PRESENT


def _selection(literals: tuple[str, ...], other: str, value: Value) -> Value:
    if isinstance(value, str):
        chosen: tuple = (value,)
    elif isinstance(value, tuple):
        chosen = value  # from a multiple-choice question, so codes (checked above)
    else:
        return value  # not a choice: evaluated as it is (and fails as it would)
    if not chosen:
        return None
    return (*(code for code in literals if code in chosen), other)

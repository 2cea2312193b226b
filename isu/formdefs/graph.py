"""Dependencies between questions (skip logic and computed inputs), cycles and order."""

from __future__ import annotations

from isu.domain import expr
from isu.domain.form import FormSpec, Question


def question_dependencies(form: FormSpec, question: Question) -> set[str]:
    """Codes whose values decide whether ``question`` is relevant or what it computes."""
    found: set[str] = set()
    asts = [question.relevant_ast]
    section = form.section_of(question)
    if section is not None:
        asts.append(section.relevant_ast)
    group = form.group(question.group) if question.group else None
    if group is not None:
        asts.append(group.relevant_ast)
    for ast in asts:
        if ast is not None:
            found |= expr.references(ast)
    if question.computed is not None:
        found |= set(question.computed.inputs())
    return found


def dependency_graph(form: FormSpec) -> dict[str, set[str]]:
    known = {q.code for q in form.questions()}
    return {
        q.code: {d for d in question_dependencies(form, q) if d in known} for q in form.questions()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components that form a cycle (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, neighbours = work[-1]
            advanced = False
            for nxt in neighbours:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(component)
    return found


def evaluation_order(graph: dict[str, set[str]], codes: list[str]) -> list[str]:
    """``codes`` ordered so that dependencies come first (form order otherwise).

    Dependencies outside ``codes`` are taken as already known; members of a cycle (only
    possible in unchecked forms) keep their form order.
    """
    wanted = set(codes)
    done: set[str] = set()
    order: list[str] = []
    for start in codes:
        if start in done:
            continue
        work = [(start, iter(sorted(graph.get(start, set()) & wanted)))]
        visiting = {start}
        while work:
            node, deps = work[-1]
            nxt = next((d for d in deps if d not in done and d not in visiting), None)
            if nxt is not None:
                visiting.add(nxt)
                work.append((nxt, iter(sorted(graph.get(nxt, set()) & wanted))))
                continue
            work.pop()
            visiting.discard(node)
            if node not in done:
                done.add(node)
                order.append(node)
    return order

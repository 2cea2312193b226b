"""The suppression rules on plain numbers: which cells of a line or a grid to hide.

``isu.summary.disclosure`` applies them to summary tables (and documents the rules); this
module knows nothing of tables. ``forced`` cells are hidden whatever their count: figures
another table of the same output hides (shared figures are protected together).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable
from enum import StrEnum


class CellState(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a count 1..k-1, or a figure computed on fewer than k values
    SECONDARY = "secondary"  # hidden so that other hidden cells cannot be recomputed
    WITHHELD = "withheld"  # never published, whatever the count: min and max (one person each)

    @property
    def hidden(self) -> bool:
        return self is not CellState.SHOWN


SHOWN, PRIMARY, SECONDARY = CellState.SHOWN, CellState.PRIMARY, CellState.SECONDARY
WITHHELD = CellState.WITHHELD


# --- one-dimensional rule -----------------------------------------------------------------


def suppress_line(
    values: list[int],
    total: int,
    k: int,
    forced: Collection[int] = (),
    total_hidden: bool = False,
    known: Collection[int] = (),
) -> list[CellState]:
    """States for cells that add up to ``total``: of the cells and the total together,
    none or at least two are hidden (one alone would follow from the others). ``forced``:
    cells hidden elsewhere; ``total_hidden``: the total is not published; ``known``: cells
    other tables publish too, hidden for a partner only when no other cell can be."""
    if 0 < total < k:
        return [PRIMARY if v > 0 else SECONDARY for v in values]
    states = [PRIMARY if 0 < v < k else SHOWN for v in values]
    for i in forced:
        if values[i] > 0 and not states[i].hidden:
            states[i] = SECONDARY
    hidden = [i for i, state in enumerate(states) if state.hidden]
    if len(hidden) + total_hidden == 1:
        candidates = [i for i, v in enumerate(values) if v > 0 and not states[i].hidden]
        candidates = [i for i in candidates if i not in known] or candidates
        if candidates:  # always, since the hidden figure alone is at least 1
            states[min(candidates, key=lambda i: (values[i], i))] = SECONDARY
    hidden = [i for i, state in enumerate(states) if state.hidden]
    if not total_hidden and len(hidden) > 1 and sum(values[i] for i in hidden) == len(hidden):
        # Hidden cells are at least 1 (zeros are shown): hidden 1s that add up to their
        # count are all pinned to 1. A partner of 2 or more gives each room to move.
        candidates = [i for i, v in enumerate(values) if v > 1 and not states[i].hidden]
        candidates = [i for i in candidates if i not in known] or candidates
        if candidates:
            states[min(candidates, key=lambda i: (values[i], i))] = SECONDARY
    return states


# --- two-dimensional rule -------------------------------------------------------------------

Edge = tuple[int, int]  # (row, column) in the grid extended by the margins


def suppress_grid(
    counts: tuple[tuple[int, ...], ...],
    k: int,
    row_totals_known: bool = False,
    forced: Collection[Edge] = (),
    known: Collection[Edge] = (),
) -> list[list[CellState]]:
    """States for the (R+1)×(C+1) grid: cells, row totals (last column), column totals
    (last row) and the grand total (corner, shown unless below k or forced).
    ``row_totals_known``: readers know every row total anyway (e.g. each row is one
    question over the same closed cases), so only primary suppression (or another table)
    may hide one and detours never use them. ``forced``: positions hidden elsewhere;
    ``known``: positions other tables publish too, which detours do not use either."""
    grid = extend_with_margins(counts)
    rows, cols = len(grid), len(grid[0])
    corner = (rows - 1, cols - 1)
    edges = [(i, j) for i in range(rows) for j in range(cols) if (i, j) != corner]
    states = [[SHOWN] * cols for _ in range(rows)]
    if 0 < grid[corner[0]][corner[1]] < k:
        for i, j in [*edges, corner]:
            states[i][j] = PRIMARY if grid[i][j] > 0 else SECONDARY
        return states
    for i, j in edges:
        if 0 < grid[i][j] < k:
            states[i][j] = PRIMARY
    for i, j in forced:
        if grid[i][j] > 0 and not states[i][j].hidden:
            states[i][j] = SECONDARY  # the corner too: then it is an edge like any other
    while (bridge := _first_bridge(_hidden_edges(states))) is not None:
        detour = _cheapest_detour(grid, states, bridge, row_totals_known, known)
        if detour is None and known:  # no way round: use a shared figure after all
            detour = _cheapest_detour(grid, states, bridge, row_totals_known)
        if detour is None:  # cannot happen while every hidden value is ≥ 1; stay safe
            for i, j in edges:
                states[i][j] = states[i][j] if states[i][j].hidden else SECONDARY
            break
        for i, j in detour:
            if not states[i][j].hidden:
                states[i][j] = SECONDARY
    _free_pinned(grid, states, k, row_totals_known, known, forced)
    return states


def _free_pinned(
    grid: list[list[int]],
    states: list[list[CellState]],
    k: int,
    row_totals_known: bool,
    known: Collection[Edge],
    forced: Collection[Edge] = (),
) -> None:
    """Hide more cells until every hidden count v of 1..k-1 can grow to k (a reader cannot
    tell it is small), or where no cells can give it that much room, can at least move
    by one (``_can_move``); a figure another table hides must be able to move. Hiding a
    cell only widens the other cells' ranges, so one pass suffices."""
    forced = set(forced)
    small = [
        (i, j)
        for i, row in enumerate(grid)
        for j, v in enumerate(row)
        if states[i][j].hidden and (0 < v < k or ((i, j) in forced and v > 0))
    ]
    for cell in small:
        value = grid[cell[0]][cell[1]]
        room = k - value if value < k else 1
        tail, head = _ends(grid, *cell)
        if _residual_path(grid, states, cell, head, tail, None, room) is not None:
            continue
        detour = _cheapest_cycle(grid, states, cell, row_totals_known, known, room)
        if detour is None and known:
            detour = _cheapest_cycle(grid, states, cell, row_totals_known, (), room)
        if detour is None and room > 1:  # not that much room anywhere: one step, then
            if _can_move(grid, states, cell):
                continue
            detour = _cheapest_cycle(grid, states, cell, row_totals_known, known)
            if detour is None and known:
                detour = _cheapest_cycle(grid, states, cell, row_totals_known)
        if detour is None:  # nothing left to hide around it: hide every non-zero cell
            for i, row in enumerate(grid):
                for j, v in enumerate(row):
                    if v > 0 and not states[i][j].hidden:
                        states[i][j] = SECONDARY
            return
        for i, j in detour:
            if not states[i][j].hidden:
                states[i][j] = SECONDARY


def extend_with_margins(counts: tuple[tuple[int, ...], ...]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def _hidden_edges(states: list[list[CellState]]) -> list[Edge]:
    return [(i, j) for i, row in enumerate(states) for j, s in enumerate(row) if s.hidden]


def _first_bridge(edges: list[Edge]) -> Edge | None:
    """A hidden cell on no cycle of hidden cells, i.e. one the totals determine."""
    for edge in edges:
        others = [e for e in edges if e != edge]
        if not _connected(others, ("r", edge[0]), ("c", edge[1])):
            return edge
    return None


def _connected(edges: Iterable[Edge], start: tuple[str, int], goal: tuple[str, int]) -> bool:
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, j in edges:
        neighbours.setdefault(("r", i), []).append(("c", j))
        neighbours.setdefault(("c", j), []).append(("r", i))
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in neighbours.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _cheapest_detour(
    grid: list[list[int]],
    states: list[list[CellState]],
    bridge: Edge,
    row_totals_known: bool = False,
    known: Collection[Edge] = (),
) -> list[Edge] | None:
    """Cheapest path of cells from the bridge's row to its column, avoiding the bridge."""
    rows, cols = len(grid), len(grid[0])
    corner = (rows - 1, cols - 1)

    def cost(i: int, j: int) -> tuple[int, int] | None:
        if (i, j) == bridge:
            return None
        if states[i][j].hidden:
            return (0, 0)
        if (i, j) == corner:
            return None
        if (row_totals_known and j == cols - 1) or (i, j) in known:
            return None  # hiding a figure readers know anyway would protect nothing
        if grid[i][j] == 0:
            return None  # a hidden zero could pin a cycle against non-negativity
        is_margin = i == rows - 1 or j == cols - 1
        return (grid[i][j] * (2 if is_margin else 1), 1)

    start, goal = ("r", bridge[0]), ("c", bridge[1])
    best: dict[tuple[str, int], tuple[int, int]] = {start: (0, 0)}
    came_from: dict[tuple[str, int], tuple[tuple[str, int], Edge]] = {}
    queue: list[tuple[tuple[int, int], tuple[str, int]]] = [((0, 0), start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            return _path_edges(came_from, goal)
        if dist > best[node]:
            continue
        side, index = node
        others = range(cols) if side == "r" else range(rows)
        for other in others:
            edge = (index, other) if side == "r" else (other, index)
            step = cost(*edge)
            if step is None:
                continue
            nxt = ("c", other) if side == "r" else ("r", other)
            new = (dist[0] + step[0], dist[1] + step[1])
            if nxt not in best or new < best[nxt]:
                best[nxt] = new
                came_from[nxt] = (node, edge)
                heapq.heappush(queue, (new, nxt))
    return None


def _path_edges(
    came_from: dict[tuple[str, int], tuple[tuple[str, int], Edge]], goal: tuple[str, int]
) -> list[Edge]:
    edges, node = [], goal
    while node in came_from:
        node, edge = came_from[node]
        edges.append(edge)
    return edges


# --- ranges with hidden cells of at least 1 ----------------------------------------------------
#
# A reader knows every hidden count is at least 1, since zeros are shown. The grid with its
# margins is a network: rows and columns are nodes, an interior cell or the corner a flow
# from its row to its column, a margin a flow from its column to its row, and every node
# balances. The published figures fix the shown flows; the hidden ones may take any values
# of at least 1 that keep the balance. That problem is integral, so a hidden cell's range
# holds a value other than its own exactly when it can move by 1, i.e. when a cycle through
# it exists in the residual network: every hidden cell may grow, and shrink while above 1
# (a hidden zero, which only data-quality rules produce, may not shrink). Growing by more
# along one cycle needs every cell against the flow on it to have that much above 1. Each
# check is one shortest-path search: polynomial, unlike enumerating cycles.

_Node = tuple[str, int]


def _ends(grid: list[list[int]], i: int, j: int) -> tuple[_Node, _Node]:
    """(tail, head) of a cell's flow: growing it moves one unit from tail to head."""
    rows, cols = len(grid), len(grid[0])
    margin = (i == rows - 1) != (j == cols - 1)
    return (("c", j), ("r", i)) if margin else (("r", i), ("c", j))


def _can_move(grid: list[list[int]], states: list[list[CellState]], cell: Edge) -> bool:
    """Whether the hidden ``cell`` can take another value, given every other figure
    published and hidden cells at least 1 (at least 0 for hidden zeros)."""
    tail, head = _ends(grid, *cell)
    if _residual_path(grid, states, cell, head, tail, None) is not None:
        return True  # grow it
    value = grid[cell[0]][cell[1]]
    return value >= 2 and _residual_path(grid, states, cell, tail, head, None) is not None


def _cheapest_cycle(
    grid: list[list[int]],
    states: list[list[CellState]],
    cell: Edge,
    row_totals_known: bool,
    known: Collection[Edge] = (),
    room: int = 1,
) -> list[Edge] | None:
    """The cheapest set of shown cells whose hiding lets ``cell`` move by 1, or with
    ``room`` above 1 grow by that much along one cycle (the cost of ``_cheapest_detour``:
    a cell's value, margins double)."""
    rows, cols = len(grid), len(grid[0])
    corner = (rows - 1, cols - 1)

    def cost(i: int, j: int) -> int | None:
        if (i, j) == corner or (i, j) in known or (row_totals_known and j == cols - 1):
            return None
        if grid[i][j] == 0:
            return None  # a hidden zero could pin a cycle against non-negativity
        return grid[i][j] * (2 if i == rows - 1 or j == cols - 1 else 1)

    tail, head = _ends(grid, *cell)
    found = [_residual_path(grid, states, cell, head, tail, cost, room)]
    if grid[cell[0]][cell[1]] >= 2 and room == 1:
        found.append(_residual_path(grid, states, cell, tail, head, cost))
    paths = [path for path in found if path is not None]
    return min(paths)[1] if paths else None


def _residual_path(
    grid: list[list[int]],
    states: list[list[CellState]],
    cell: Edge,
    start: _Node,
    goal: _Node,
    cost,
    room: int = 1,
) -> tuple[int, list[Edge]] | None:
    """Cheapest path from ``start`` to ``goal`` in the residual network without ``cell``
    on which every cell against the flow can shrink by ``room`` and stay at least 1:
    hidden cells cost nothing, shown ones ``cost(i, j)`` (None: not usable; ``cost`` None:
    only hidden cells). Returns (cost, the shown cells on it)."""
    rows, cols = len(grid), len(grid[0])
    best: dict[_Node, int] = {start: 0}
    came_from: dict[_Node, tuple[_Node, Edge]] = {}
    queue: list[tuple[int, _Node]] = [(0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            path = _path_edges(came_from, goal)
            return dist, [(i, j) for i, j in path if not states[i][j].hidden]
        if dist > best[node]:
            continue
        side, index = node
        for other in range(cols) if side == "r" else range(rows):
            edge = (index, other) if side == "r" else (other, index)
            if edge == cell:
                continue
            value = grid[edge[0]][edge[1]]
            if states[edge[0]][edge[1]].hidden:
                step = 0
            elif cost is None or (step := cost(*edge)) is None:
                continue
            if _ends(grid, *edge)[0] != node and value < room + 1:
                continue  # against the flow: the cell shrinks, and may not go below 1
            nxt = ("c", other) if side == "r" else ("r", other)
            if nxt not in best or dist + step < best[nxt]:
                best[nxt] = dist + step
                came_from[nxt] = (node, edge)
                heapq.heappush(queue, (dist + step, nxt))
    return None


# --- the rules of particular tables ----------------------------------------------------------


def quality_states(grid: list[list[int]], k: int, forced: frozenset) -> list[list[CellState]]:
    """A data-quality table: per question (row) the answered, a missing reason, no answer,
    and the question's population as the row total. The answered figure is also the
    question's own table's n, the population is published by other tables, and so their
    difference, the missing answers, is printed under the question's table anyway: all a
    small count here can hide is how the missing split into reasons and no answer. So a
    row hides both missing cells together (zeros too) when either is 1..k-1, the whole
    row when its answered figure or population is hidden, and a column hides its total
    once it hides a cell."""
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    states = [[SHOWN] * (cols + 1) for _ in range(rows + 1)]

    def hide(i: int, j: int) -> None:
        if not states[i][j].hidden:
            states[i][j] = PRIMARY if 0 < grid[i][j] < k else SECONDARY

    for i in range(rows):
        row = grid[i]
        if 0 < row[cols] < k or (i, cols) in forced:
            for j in range(cols + 1):
                hide(i, j)
        elif 0 < row[0] < k or (i, 0) in forced:
            for j in range(cols):
                hide(i, j)
        elif any(0 < row[j] < k or (i, j) in forced for j in range(1, cols)):
            for j in range(1, cols):
                hide(i, j)
    for j in range(cols + 1):
        if any(states[i][j].hidden for i in range(rows)) or (rows, j) in forced:
            hide(rows, j)
    if (rows, cols) in forced:
        for j in range(cols + 1):
            hide(rows, j)
    return states


def flow_states(
    ongoing: list[int],
    closed: list[int],
    k: int,
    forced: list[set[int]] | None = None,
    known: list[set[int]] | None = None,
) -> list[list[CellState]]:
    """States of the started, ongoing and closed rows (each: All, then the groups) when
    started = ongoing + closed in every column; ``forced``: the blocks hidden elsewhere,
    per row (started, ongoing, closed)."""
    started_forced, ongoing_forced, closed_forced = forced or (set(), set(), set())
    started_known, ongoing_known, closed_known = known or (set(), set(), set())
    started = [o + c for o, c in zip(ongoing, closed, strict=True)]
    corner = PRIMARY if 0 < started[0] < k else SHOWN
    if corner is SHOWN and 0 in started_forced and started[0] > 0:
        corner = SECONDARY
    if len(ongoing) == 1:  # no split: one line, ongoing + closed = started
        pair = {i for i, blocks in enumerate((ongoing_forced, closed_forced)) if 0 in blocks}
        pair_known = {i for i, blocks in enumerate((ongoing_known, closed_known)) if 0 in blocks}
        line = suppress_line(
            [ongoing[0], closed[0]], started[0], k, pair, corner.hidden, pair_known
        )
        if sum(state.hidden for state in line) == 1 and not corner.hidden:
            corner = SECONDARY  # no other partner: the started count is one
        return [[corner], line[:1], line[1:]]
    groups = len(ongoing) - 1  # grid: rows ongoing, closed, started; columns groups, All
    at = {0: groups}  # block 0 (All) is the row-total column, block b the column b - 1

    def on_grid(started_blocks, ongoing_blocks, closed_blocks) -> list[Edge]:
        return [
            (grid_row, at.get(b, b - 1))
            for grid_row, blocks in ((2, started_blocks), (0, ongoing_blocks), (1, closed_blocks))
            for b in blocks
        ]

    grid = suppress_grid(
        (tuple(ongoing[1:]), tuple(closed[1:])),
        k,
        forced=on_grid(started_forced, ongoing_forced, closed_forced),
        known=on_grid(started_known, ongoing_known, closed_known),
    )
    if grid[2][-1].hidden and not corner.hidden:
        corner = SECONDARY
    return [
        [corner, *grid[2][:-1]],
        [grid[0][-1], *grid[0][:-1]],
        [grid[1][-1], *grid[1][:-1]],
    ]


def line_states(
    figures: list[int], k: int, forced: set[int] | None = None, known: set[int] | None = None
) -> list[CellState]:
    """States for a total followed by the group figures that add up to it; ``forced``:
    positions (0 = the total) hidden elsewhere, ``known``: shown elsewhere."""
    forced, known = forced or set(), known or set()
    total = figures[0]
    state = PRIMARY if 0 < total < k else SHOWN
    if state is SHOWN and 0 in forced and total > 0:
        state = SECONDARY
    states = [state]
    if len(figures) > 1:
        groups = {b - 1 for b in forced if b > 0}
        shared = {b - 1 for b in known if b > 0}
        states += suppress_line(figures[1:], total, k, groups, state.hidden, shared)
        if sum(s.hidden for s in states) == 1 and not states[0].hidden:
            states[0] = SECONDARY  # a forced group with no other partner: the total is one
    return states

"""Protection across outputs: the case populations a released output counts, and the test
that a new output does not reveal, by subtraction from earlier ones, a figure about fewer
than k cases (population-difference control; see docs/disclosure-control.md).


Every released output counts a few *populations*: all its cases, those started, those
closed (the engine's three phases), and when split, the same three per split group. Each
table is a sum over one of them. Adding and subtracting tables of several outputs can only
isolate a set of cases whose indicator is a combination of those populations' indicators;
such a set is a union of *atoms* (the classes of cases that belong to exactly the same
populations). A new output is refused when

* **A (combinations):** together with every earlier release by any user, some combination
  of populations touches only atoms of 1..k−1 cases, and neither the earlier releases
  alone nor the new output alone had that combination (a difference inside one output is
  that output's own small-number protection's business); or
* **B (pairs):** one of its populations and one earlier population, neither of which
  already occurs on the other side, differ by 1..k−1 cases (symmetric difference; the
  direct differencing: "all cases" before, "all but one" now). Rule A finds these too;
  B names the earlier release and also stops the subtraction of a complement from an
  earlier output's own hidden split group.

Populations of fewer than k cases are left out: all their figures are hidden.

Populations are sets of case ids held as Python integers used as bitsets (bit i = case id
i): intersections and counts run at C speed, and they are stored as zlib-compressed
bitmaps. The module is pure: the service (``isu.services.releases``) loads and stores them.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from isu.summary.data import SplitBy, SummaryData

PHASES = ("all", "started", "closed")
MAGIC = b"ISUP1"


def bitset(ids: Iterable[int]) -> int:
    """The set of ``ids`` as an integer bitset."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray(max(ids) // 8 + 1)
    for i in ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def members(mask: int) -> list[int]:
    """The ids in a bitset, ascending."""
    out = []
    raw = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(raw):
        while byte:
            low = byte & -byte
            out.append(index * 8 + low.bit_length() - 1)
            byte ^= low
    return out


@dataclass(frozen=True)
class Populations:
    """The populations one output counts: (label, bitset) pairs, distinct and non-empty."""

    labels: tuple[str, ...]
    masks: tuple[int, ...]

    @property
    def cases(self) -> int:
        return self.masks[0].bit_count() if self.masks else 0

    def encode(self) -> bytes:
        """Compact bytes: the labels and each bitmap, zlib-compressed."""
        blobs = [m.to_bytes((m.bit_length() + 7) // 8, "little") for m in self.masks]
        header = json.dumps({"labels": list(self.labels), "sizes": [len(b) for b in blobs]})
        head = header.encode("utf-8")
        return MAGIC + zlib.compress(struct.pack("<I", len(head)) + head + b"".join(blobs), 6)

    @classmethod
    def decode(cls, blob: bytes) -> Populations:
        if not blob.startswith(MAGIC):
            raise ValueError("not a population record")
        raw = zlib.decompress(blob[len(MAGIC) :])
        (length,) = struct.unpack_from("<I", raw)
        header = json.loads(raw[4 : 4 + length].decode("utf-8"))
        masks, at = [], 4 + length
        for size in header["sizes"]:
            masks.append(int.from_bytes(raw[at : at + size], "little"))
            at += size
        return cls(tuple(header["labels"]), tuple(masks))

    def digest(self) -> str:
        """The same populations give the same digest (labels aside)."""
        h = hashlib.sha256()
        for mask in sorted(set(self.masks)):
            h.update(mask.to_bytes((mask.bit_length() + 7) // 8, "little") + b"|")
        return h.hexdigest()


def populations_of(data: SummaryData, split: SplitBy) -> Populations:
    """What a summary over ``data`` counts: its cases by phase, and by phase per split group
    (gender or age band as the engine splits them; cases without a value form a group)."""
    ids = [int(case.key) for case in data.cases]
    phase_of = {
        "all": [True] * len(ids),
        "started": [c.started for c in data.cases],
        "closed": [c.closed for c in data.cases],
    }
    groups: list[tuple[str, list[bool]]] = [("", [True] * len(ids))]
    if split is not SplitBy.NONE:
        field = "gender" if split is SplitBy.GENDER else "age_band"
        values = [getattr(c, field) for c in data.cases]
        for value in sorted({v for v in values}, key=lambda v: (v is None, str(v))):
            groups.append((f"{field}={value or '?'}", [v == value for v in values]))
    labels, masks, seen = [], [], set()
    for group, in_group in groups:
        for phase in PHASES:
            chosen = [i for i, a, b in zip(ids, in_group, phase_of[phase], strict=True) if a and b]
            mask = bitset(chosen)
            if mask and mask not in seen:
                seen.add(mask)
                labels.append(f"{phase}/{group}" if group else phase)
                masks.append(mask)
    return Populations(tuple(labels), tuple(masks))


@dataclass(frozen=True)
class Conflict:
    """Why a new output is refused: ``cases`` would be isolated (1..k−1 of them), by a
    combination with the earlier releases (``rule`` "A") or by a direct difference from
    release ``release`` ("B")."""

    rule: str
    cases: int
    release: int | None = None


def partition(masks: Iterable[int]) -> list[int]:
    """The atoms of a family of sets: the classes of members that belong to the same sets."""
    atoms: list[int] = []
    covered = 0
    for mask in masks:
        split: list[int] = []
        for atom in atoms:
            inside = atom & mask
            if not inside or inside == atom:
                split.append(atom)
            else:
                split.extend((inside, atom ^ inside))
        rest = mask & ~covered
        if rest:
            split.append(rest)
            covered |= rest
        atoms = split
    return atoms


def find_conflict(
    new: Populations, earlier: Sequence[tuple[int, Populations]], k: int
) -> Conflict | None:
    """The first reason to refuse ``new`` after the releases ``earlier`` ((id, populations)
    pairs), or None when every subtraction still covers at least ``k`` cases.

    Populations of fewer than k cases take no part: every figure about them is hidden (only
    zeros show), so nothing can be subtracted from them or with them."""
    if k <= 1 or not new.masks:
        return None
    old_sets: dict[int, int] = {}  # distinct earlier population → a release that counted it
    for release, pops in earlier:
        for mask in pops.masks:
            if mask.bit_count() >= k:
                old_sets.setdefault(mask, release)
    new_sets = [m for m in dict.fromkeys(new.masks) if m.bit_count() >= k]
    if not new_sets:
        return None
    return _pairs(new_sets, old_sets, k) or _combinations(new_sets, list(old_sets), k)


def _small(count: int, k: int) -> bool:
    return 0 < count < k


def _pairs(new_sets: list[int], old_sets: dict[int, int], k: int) -> Conflict | None:
    """Rule B: a new population and an earlier one whose symmetric difference is 1..k−1
    cases (a subset or superset by a few cases is the common case)."""
    fresh = [m for m in new_sets if m not in old_sets]
    if not fresh:
        return None
    own = set(new_sets)
    sizes = {m: m.bit_count() for m in fresh}
    for old, release in old_sets.items():
        if old in own:
            continue
        old_size = old.bit_count()
        for mask in fresh:
            if abs(sizes[mask] - old_size) >= k:
                continue  # cheap bound: the difference is at least this
            apart = (mask ^ old).bit_count()
            if _small(apart, k):
                return Conflict("B", apart, release)
    return None


def _combinations(new_sets: list[int], old_sets: list[int], k: int) -> Conflict | None:
    """Rule A: some combination (sums and differences) of the populations of all releases
    together isolates fewer than k cases, where neither the earlier releases alone nor the
    new output alone did.

    The combinations are the row space of the sets × atoms membership matrix; the ones that
    touch only small atoms (of 1..k−1 cases) are what subtraction would reveal. Their
    dimension is rank(M) − rank(M restricted to the large atoms)."""
    if not old_sets or all(m in set(old_sets) for m in new_sets):
        return None
    atoms = partition([*old_sets, *new_sets])
    small = [a for a in atoms if a.bit_count() < k]
    if not small:
        return None  # the usual case: every class of cases is large; nothing to solve
    import numpy as np  # only here: most checks never need it

    large = [a for a in atoms if a.bit_count() >= k]

    def matrix(sets: list[int], columns: list[int]):
        return np.array([[1.0 if s & a else 0.0 for a in columns] for s in sets]).reshape(
            len(sets), len(columns)
        )

    def revealed(sets: list[int]):
        """A basis of the combinations of ``sets`` that touch only small atoms."""
        on_large, on_small = matrix(sets, large), matrix(sets, small)
        if on_large.shape[1]:
            u, sigma, _vt = np.linalg.svd(on_large, full_matrices=True)
            rank = int((sigma > 1e-9 * max(1.0, sigma.max(initial=0.0))).sum())
            null = u[:, rank:]  # combinations λ with λ·(large part) = 0
        else:
            null = np.eye(len(sets))
        return null.T @ on_small

    def rank(rows) -> int:
        return int(np.linalg.matrix_rank(rows)) if rows.size else 0

    joint = revealed([*old_sets, *new_sets])
    alone = np.vstack([revealed(old_sets), revealed(new_sets)])
    if rank(joint) > rank(alone):
        return Conflict("A", min(a.bit_count() for a in small))
    return None

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
* **E (edits):** cases in both it and an earlier release were saved since (their
  revision differs), and those cases with the ones added or removed are 1..k−1 people:
  the difference would show how those few cases' answers changed. Beyond that, each
  edited case counts as a new case for rules A and B (``_versioned``).
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from isu.summary.data import CaseFacts, SplitBy, SummaryData

PHASES = ("all", "started", "closed")
MAGIC, MAGIC2 = b"ISUP1", b"ISUP2"  # ISUP2 adds the revisions


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
    """The populations one output counts: (label, bitset) pairs, distinct and non-empty.
    ``revisions``: each case's revision (its save counter) when the output was made, for
    the cases of ``masks[0]`` by ascending id, as little-endian uint32 (empty: unknown)."""

    labels: tuple[str, ...]
    masks: tuple[int, ...]
    revisions: bytes = b""

    @property
    def cases(self) -> int:
        return self.masks[0].bit_count() if self.masks else 0

    def with_revisions(self, revision_of: Mapping[int, int]) -> Populations:
        ids = members(self.masks[0]) if self.masks else []
        packed = struct.pack(f"<{len(ids)}I", *(revision_of.get(i, 0) for i in ids))
        return replace(self, revisions=packed)

    def encode(self) -> bytes:
        """Compact bytes: the labels, each bitmap and the revisions, zlib-compressed."""
        blobs = [m.to_bytes((m.bit_length() + 7) // 8, "little") for m in self.masks]
        header = json.dumps(
            {
                "labels": list(self.labels),
                "sizes": [len(b) for b in blobs],
                "revisions": len(self.revisions),
            }
        )
        head = header.encode("utf-8")
        body = struct.pack("<I", len(head)) + head + b"".join(blobs) + self.revisions
        return MAGIC2 + zlib.compress(body, 6)

    @classmethod
    def decode(cls, blob: bytes) -> Populations:
        magic = next((m for m in (MAGIC2, MAGIC) if blob.startswith(m)), None)
        if magic is None:
            raise ValueError("not a population record")
        raw = zlib.decompress(blob[len(magic) :])
        (length,) = struct.unpack_from("<I", raw)
        header = json.loads(raw[4 : 4 + length].decode("utf-8"))
        masks, at = [], 4 + length
        for size in header["sizes"]:
            masks.append(int.from_bytes(raw[at : at + size], "little"))
            at += size
        revisions = raw[at : at + header.get("revisions", 0)]
        return cls(tuple(header["labels"]), tuple(masks), bytes(revisions))

    def digest(self) -> str:
        """The same populations, with the same revisions, give the same digest (labels
        aside): an output over cases edited since is not a repeat."""
        h = hashlib.sha256()
        for mask in sorted(set(self.masks)):
            h.update(mask.to_bytes((mask.bit_length() + 7) // 8, "little") + b"|")
        if self.revisions:
            h.update(b"revisions|" + self.revisions)
        return h.hexdigest()


def populations_of(data: SummaryData, split: SplitBy) -> Populations:
    """What a summary over ``data`` counts: its cases by phase, and by phase per split group
    (gender or age band as the engine splits them; cases without a value form a group)."""
    return populations_of_cases(data.cases, split)


def populations_of_cases(cases: Sequence[CaseFacts], split: SplitBy) -> Populations:
    """``populations_of`` for a list of cases (e.g. the records a records export keeps)."""
    ids = [int(case.key) for case in cases]
    phase_of = {
        "all": [True] * len(ids),
        "started": [c.started for c in cases],
        "closed": [c.closed for c in cases],
    }
    groups: list[tuple[str, list[bool]]] = [("", [True] * len(ids))]
    if split is not SplitBy.NONE:
        field = "gender" if split is SplitBy.GENDER else "age_band"
        values = [getattr(c, field) for c in cases]
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
    edited = edited_cases(new, earlier)
    if edited:
        for release, pops in earlier:
            if release in edited:
                people = (new.masks[0] ^ pops.masks[0]).bit_count() + edited[release].bit_count()
                if people < k:
                    return Conflict("E", people, release)
        new = _versioned(new, earlier, edited)
    old_sets: dict[int, int] = {}  # distinct earlier population → a release that counted it
    for release, pops in earlier:
        for mask in pops.masks:
            if mask not in old_sets and mask.bit_count() >= k:
                old_sets[mask] = release
    new_sets = [m for m in dict.fromkeys(new.masks) if m.bit_count() >= k]
    if not new_sets or not old_sets or all(m in old_sets for m in new_sets):
        return None  # nothing new: the same populations as before
    import numpy as np  # deferred: the program starts without it

    pairs = _pairs(new_sets, old_sets, k)
    if pairs is not None:
        return pairs

    return _combinations(_dense([*old_sets, *new_sets], np), len(old_sets), k, np)


def edited_cases(new: Populations, earlier: Sequence[tuple[int, Populations]]) -> dict[int, int]:
    """Per earlier release (that recorded revisions), the cases in both it and ``new``
    saved since (a bitset); releases with none are left out."""
    if not new.revisions:
        return {}
    import numpy as np  # deferred: the program starts without it

    ids = _ids(new.masks[0], np)
    revision = np.zeros(int(ids[-1]) + 1 if ids.size else 0, dtype=np.int64) - 1
    revision[ids] = np.frombuffer(new.revisions, dtype="<u4")
    found = {}
    for release, pops in earlier:
        if not pops.revisions or not pops.masks or not pops.masks[0] & new.masks[0]:
            continue
        old_ids = _ids(pops.masks[0], np)
        old_revisions = np.frombuffer(pops.revisions, dtype="<u4")
        inside = old_ids < revision.size
        now = revision[old_ids[inside]]
        changed = old_ids[inside][(now >= 0) & (now != old_revisions[inside])]
        if changed.size:
            found[release] = bitset(changed.tolist())
    return found


def _ids(mask: int, np):
    """The ids in a bitset as a sorted numpy array."""
    raw = np.frombuffer(mask.to_bytes((mask.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little"))


def _versioned(
    new: Populations, earlier: Sequence[tuple[int, Populations]], edited: dict[int, int]
) -> Populations:
    """``new`` with each case edited since an earlier release as a case of its own (a new
    id past every id in use): subtraction sees the old answers and the new ones as two
    cases, so rules A and B also stop isolating an edit by combining outputs."""
    moved = 0
    for mask in edited.values():
        moved |= mask
    offset = max(m.bit_length() for _r, pops in earlier for m in (*pops.masks, *new.masks))
    masks = tuple((m & ~moved) | ((m & moved) << offset) for m in new.masks)
    return replace(new, masks=masks)


def _small(count: int, k: int) -> bool:
    return 0 < count < k


def _dense(masks: list[int], np):
    """The sets as rows of a boolean matrix over case ids."""
    width = max(m.bit_length() for m in masks)
    nbytes = (width + 7) // 8
    raw = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")
    return bits.reshape(len(masks), nbytes * 8).astype(bool)


def _pairs(new_sets: list[int], old_sets: dict[int, int], k: int) -> Conflict | None:
    """Rule B: a new population and an earlier one whose symmetric difference is 1..k−1
    cases (a subset or superset by a few cases is the common case). Pairs where either
    set occurs on both sides are differences inside one output, already released."""
    fresh = [m for m in new_sets if m not in old_sets]
    own = set(new_sets)
    sizes = {m: m.bit_count() for m in fresh}
    for old, release in old_sets.items():
        if old in own:
            continue
        old_size = old.bit_count()
        for mask in fresh:
            if abs(sizes[mask] - old_size) >= k:
                continue  # the difference is at least this
            apart = (mask ^ old).bit_count()
            if _small(apart, k):
                return Conflict("B", apart, release)
    return None


def _combinations(dense, n_old: int, k: int, np) -> Conflict | None:
    """Rule A: some combination (sums and differences) of the populations of all releases
    together isolates fewer than k cases, where neither the earlier releases alone nor the
    new output alone did.

    The columns are the atoms of all the sets together (cases that belong to the same
    sets); the combinations that touch only small atoms (1..k−1 cases) are what
    subtraction would reveal: {λ·M : λ·M_large = 0}."""
    inside = dense.any(axis=0)
    columns = np.packbits(dense[:, inside], axis=0).T  # one row of membership bits per case
    columns = np.ascontiguousarray(columns)
    keys = columns.view(np.dtype((np.void, columns.shape[1]))).ravel()
    _, first, sizes = np.unique(keys, return_index=True, return_counts=True)
    small = sizes < k
    if not small.any():
        return None  # the usual case: every class of cases is large; nothing to solve
    members = dense[:, inside][:, first].astype(float)  # sets × atoms
    order = np.concatenate([np.flatnonzero(~small), np.flatnonzero(small)])
    members = members[:, order]  # large atoms first, then the small ones
    width = int((~small).sum())
    old, new = members[:n_old], members[n_old:]
    # dim W(joint) = rank(M) − rank(M_large); dim(W(old) + W(new)) = rank of the block
    # matrix [[old_large, 0, old_small], [0, new_large, new_small]] − rank(old_large) −
    # rank(new_large). One elimination of the earlier releases' rows (large atoms first)
    # gives every rank that involves them; the few new rows are then reduced against it.
    echelon, pivots = _echelon(old, np)
    in_large = pivots < width
    rank_old, rank_old_large = len(pivots), int(in_large.sum())
    rank_all = rank_old + _rank(_reduce(new, echelon, pivots, np), np)
    rank_large = rank_old_large + _rank(
        _reduce(new[:, :width], echelon[in_large, :width], pivots[in_large], np), np
    )
    on_small = ~in_large
    reduced = _reduce(new, echelon[on_small], pivots[on_small], np)  # only S rows act
    rank_blocks = rank_old + _rank(reduced, np)
    joint = rank_all - rank_large
    apart = rank_blocks - rank_old_large - _rank(new[:, :width], np)
    if joint > apart:
        return Conflict("A", int(sizes[small].min()))
    return None


def _echelon(matrix, np):
    """Row echelon form by Gaussian elimination with partial pivoting: (pivot rows,
    their pivot columns)."""
    a = np.array(matrix, dtype=float)
    rows, cols = a.shape
    pivots: list[int] = []
    rank = 0
    for c in range(cols):
        if rank == rows:
            break
        column = np.abs(a[rank:, c])
        pivot = rank + int(column.argmax())
        if column[pivot - rank] < 1e-9:
            continue
        if pivot != rank:
            a[[rank, pivot], c:] = a[[pivot, rank], c:]
        below = rank + 1 + np.flatnonzero(np.abs(a[rank + 1 :, c]) > 1e-12)
        if below.size:
            factors = a[below, c] / a[rank, c]
            a[below, c:] -= factors[:, None] * a[rank, c:]
        pivots.append(c)
        rank += 1
    return a[:rank], np.array(pivots, dtype=int)


def _reduce(rows, echelon, pivots, np):
    """``rows`` less their components along the echelon rows, pivot by pivot."""
    out = np.array(rows, dtype=float)
    for row, c in zip(echelon, pivots, strict=True):
        factors = out[:, c] / row[c]
        if np.any(np.abs(factors) > 1e-12):
            out -= factors[:, None] * row
    return out


def _rank(matrix, np) -> int:
    """The rank of a small matrix (elimination in plain array arithmetic: numpy's SVD would
    call multi-threaded BLAS, which competes with the rest of the program for the cores)."""
    if not matrix.size:
        return 0
    return len(_echelon(matrix, np)[1])

"""Protection across outputs: the case populations a released output counts, and the test
that a new output does not reveal, by subtraction from earlier ones, a figure about fewer
than k cases (population-difference control; see docs/disclosure-control.md).

Every released output counts a few *populations*: all its cases, those started, those
closed (the engine's three phases), and when split, the same three per split group. A table
is always a sum over one of them. Subtracting, adding or combining tables of several
outputs can only isolate a set that is a union of *atoms*: the classes of cases that belong
to exactly the same populations. Two rules refuse a new output when

* **A (combinations):** joining its populations to every earlier release's creates an
  atom of 1..k−1 cases that was neither an atom of the earlier releases already (nothing new
  is separated) nor an atom of the new output alone (a difference inside one output, which
  that output's own small-number protection answers for); or
* **B (pairs):** one of its populations and one earlier population, neither of which
  already occurs on the other side, differ by 1..k−1 cases on either side (the direct
  differencing a complement would allow: "all cases" before, "all but one" now).

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
    pairs), or None when every subtraction still covers at least ``k`` cases."""
    if k <= 1 or not new.masks:
        return None
    old_sets: dict[int, int] = {}  # distinct earlier population → a release that counted it
    for release, pops in earlier:
        for mask in pops.masks:
            old_sets.setdefault(mask, release)
    new_sets = list(dict.fromkeys(new.masks))
    return _pairs(new_sets, old_sets, k) or _combinations(new_sets, list(old_sets), k)


def _small(count: int, k: int) -> bool:
    return 0 < count < k


def _pairs(new_sets: list[int], old_sets: dict[int, int], k: int) -> Conflict | None:
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
            common = (mask & old).bit_count()
            if not common:
                continue
            for left in (sizes[mask] - common, old_size - common):
                if _small(left, k):
                    return Conflict("B", left, release)
    return None


def _combinations(new_sets: list[int], old_sets: list[int], k: int) -> Conflict | None:
    old_atoms = partition(old_sets)
    new_atoms = partition(new_sets)
    new_cover = 0
    for atom in new_atoms:
        new_cover |= atom
    old_cover = 0
    for atom in old_atoms:
        old_cover |= atom
    # Each joint atom is an old atom ∩ a new atom, or the part of one outside the other side.
    for o in old_atoms:
        outside = o & ~new_cover
        if outside and outside != o and _small(outside.bit_count(), k):
            return Conflict("A", outside.bit_count())
        if not o & new_cover:
            continue
        for n in new_atoms:
            piece = o & n
            if piece and piece != o and piece != n and _small(piece.bit_count(), k):
                return Conflict("A", piece.bit_count())
    for n in new_atoms:
        outside = n & ~old_cover
        if outside and outside != n and _small(outside.bit_count(), k):
            return Conflict("A", outside.bit_count())
    return None

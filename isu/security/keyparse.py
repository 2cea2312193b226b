"""Reading a key file's JSON into a ``SlotFile``, strictly: anything out of shape, a negative
or lowered failure counter, or an unknown format is refused as a damaged (or newer) file
before any key is derived. Split from ``keyslots`` (which documents the format) to keep that
module short; call it through ``keyslots.read_slot_file``."""

from __future__ import annotations

import math

from isu.errors import KeySlotError
from isu.security.legacy import parse_format1
from isu.security.slot_file import (
    _KNOWN,
    FORMAT,
    FORMAT_VERSION,
    PendingSlot,
    Slot,
    SlotFile,
    _damaged,
    _unb64,
)


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("a failure counter must be a whole number, 0 or more")
    return value


def _stamp(value: object) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
        raise ValueError("a time stamp must be a finite number, 0 or more")
    return float(value)


def _parse_slot(s: dict) -> Slot:
    if not isinstance(s, dict) or not isinstance(s["kdf"], dict):
        raise ValueError("a slot must be an object")
    kind = s.get("format", FORMAT_VERSION)
    if type(kind) is not int or kind not in (1, FORMAT_VERSION):
        raise ValueError("unknown slot format")
    slot = Slot(
        str(s["id"]),
        str(s["kind"]),
        dict(s["kdf"]),
        str(s["salt"]),
        str(s["public"]),
        str(s["sealed"]),
        str(s["wrapped"]),
        _count(s["attempts"]),
        _count(s["attempts_at_success"]),
        _stamp(s["last_failure"]),
        format=kind,
    )
    if slot.attempts < slot.attempts_at_success:
        raise ValueError("the failure counter is below its last successful value")
    for encoded in (slot.salt, slot.public, slot.sealed, slot.wrapped):
        _unb64(encoded)
    return slot


def parse_slot_file(raw: object) -> SlotFile:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _damaged()
    version = raw.get("version")
    if type(version) is not int or version > FORMAT_VERSION:
        raise KeySlotError(
            "Nyckelfilen är från en nyare version av programmet.",
            "The key file comes from a newer version of the program.",
            hint_sv="Uppdatera programmet.",
            hint_en="Update the program.",
        )
    if version < 1:
        raise _damaged()
    try:
        if version == 1:  # upgraded at the first writable open (isu.security.legacy)
            return parse_format1(raw, _count, _stamp)
        slots = tuple(_parse_slot(s) for s in raw["slots"])
        pending = tuple(
            PendingSlot(str(p["token"]), _parse_slot(p["slot"])) for p in raw.get("pending", [])
        )
        counters = tuple(
            (str(sid), _count(v[0]), _stamp(v[1]))
            for sid, v in dict(raw.get("sealed_counters", {})).items()
        )
        live = {s.slot_id: s for s in slots}
        if len(live) != len(slots) or any(
            sid not in live or live[sid].attempts < f or live[sid].last_failure < t
            for sid, f, t in counters
        ):
            raise ValueError("a counter is below its sealed value")
        extra = {k: v for k, v in raw.items() if k not in _KNOWN and k != "mac"}
        parsed = SlotFile(
            str(raw["db_id"]),
            str(raw["lookup_salt"]),
            slots,
            str(raw.get("mac", "")),
            pending,
            counters,
            extra,
        )
        _unb64(parsed.lookup_salt)
        return parsed
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise _damaged() from exc

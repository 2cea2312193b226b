"""Every database setting declared once: name, type, bounds, default and who may change it.

The settings service validates against this table, the settings dialog takes its ranges
from it, and the disclosure engine its limits for k. Nothing else restates a bound.

k, the small-number threshold, is 3–50 (default 5). Below 3 a hidden cell would be one
or two people, and secondary suppression can often narrow a hidden 1 or 2 down to the
person; above 50 a summary of a unit is almost all crosses. The database's k is a floor:
a request may raise it, never lower it (``isu.services.summaries.effective_k``).
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.domain.roles import Permission
from isu.errors import UserError


@dataclass(frozen=True)
class SettingSpec:
    """One setting. ``kind`` is the Python type of its value; ``low``/``high`` bound whole
    numbers (inclusive); ``optional``: None is allowed (e.g. no retention rule)."""

    name: str
    kind: type
    default: object
    label_sv: str
    label_en: str
    low: int | None = None
    high: int | None = None
    optional: bool = False
    permission: Permission = Permission.MAINTAIN

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None

    def check(self, value: object) -> object:
        """``value`` if it fits the declaration, else a ``UserError`` naming the bounds."""
        if value is None and self.optional:
            return value
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self._out_of_bounds(value)
            if self.bounded and not self.low <= value <= self.high:  # type: ignore[operator]
                raise self._out_of_bounds(value)
            return value
        if self.kind is bool:
            if not isinstance(value, bool):
                raise UserError(
                    f"{self.label_sv} ska vara ja eller nej.", f"{self.label_en} must be yes or no."
                )
            return value
        if self.kind is str:
            if not isinstance(value, str):
                raise UserError(
                    f"{self.label_sv} ska vara en text.", f"{self.label_en} must be text."
                )
            if self.high is not None and len(value) > self.high:
                raise UserError(
                    f"{self.label_sv} får vara högst {self.high} tecken.",
                    f"{self.label_en} may be at most {self.high} characters.",
                )
            return value
        return value

    def _out_of_bounds(self, value: object) -> UserError:
        if self.bounded:
            return UserError(
                f"{self.label_sv} ska vara ett heltal från {self.low} till {self.high},"
                f" inte {value!r}.",
                f"{self.label_en} must be a whole number from {self.low} to {self.high},"
                f" not {value!r}.",
            )
        return UserError(
            f"{self.label_sv} ska vara ett heltal.", f"{self.label_en} must be a whole number."
        )


K_MIN, K_MAX, K_DEFAULT = 3, 50, 5
DEFAULT_AGE_BANDS = ((12, 14), (15, 17), (18, 20), (21, 25), (26, 29))

SETTINGS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        SettingSpec("unit", str, "", "Enhetens namn", "The unit's name", high=200),
        SettingSpec("municipality", str, "", "Kommunkoden", "The municipality code", high=4),
        SettingSpec(
            "k",
            int,
            K_DEFAULT,
            "Gränsen för små tal (k)",
            "The small-number threshold (k)",
            K_MIN,
            K_MAX,
        ),
        SettingSpec("idle_lock_minutes", int, 15, "Låstiden", "The idle lock time", 1, 240),
        SettingSpec("age_bands", tuple, DEFAULT_AGE_BANDS, "Åldersbanden", "The age bands"),
        SettingSpec("shared_access", bool, False, "Delad åtkomst", "Shared access"),
        SettingSpec(
            "unit_head_reads_cases",
            bool,
            False,
            "Enhetschefens läsrätt",
            "The unit head's read access",
        ),
        SettingSpec(
            "exact_counts_on_screen",
            bool,
            False,
            "Exakta tal på skärmen",
            "Exact counts on screen",
        ),
        SettingSpec(
            "retention_years",
            int,
            None,
            "Gallringstiden (år)",
            "The retention time (years)",
            1,
            50,
            optional=True,
        ),
        SettingSpec("daily_backup", bool, False, "Daglig säkerhetskopia", "Daily backup"),
        SettingSpec(
            "backups_to_keep",
            int,
            7,
            "Antal säkerhetskopior att spara",
            "The number of backups to keep",
            1,
            365,
        ),
    )
}


def spec(name: str) -> SettingSpec:
    return SETTINGS[name]


def default(name: str) -> object:
    return SETTINGS[name].default


__all__ = ["DEFAULT_AGE_BANDS", "K_DEFAULT", "K_MAX", "K_MIN", "SETTINGS", "SettingSpec", "spec"]

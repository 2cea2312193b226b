"""Roles and what each may do. Checked in the services layer, not only in the GUI."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    UNIT_HEAD = "unit_head"

    def label(self, lang: str = "sv") -> str:
        return _ROLE_LABELS[self][0 if lang == "sv" else 1]


_ROLE_LABELS = {
    Role.ADMIN: ("Administratör", "Administrator"),
    Role.COORDINATOR: ("Samordnare", "Coordinator"),
    Role.UNIT_HEAD: ("Enhetschef", "Unit head"),
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_FORMS = "manage_forms"
    REGISTER_CASES = "register_cases"
    READ_ALL_CASES = "read_all_cases"
    READ_SUMMARIES = "read_summaries"
    EXPORT = "export"
    READ_AUDIT = "read_audit"
    MAINTAIN = "maintain"  # backup, retention, erasure, settings


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.COORDINATOR: frozenset({Permission.REGISTER_CASES, Permission.READ_SUMMARIES}),
    Role.UNIT_HEAD: frozenset({Permission.READ_SUMMARIES, Permission.READ_ALL_CASES}),
}


def parse_role(text: str) -> Role:
    aliases = {
        "admin": Role.ADMIN,
        "administrator": Role.ADMIN,
        "administratör": Role.ADMIN,
        "coordinator": Role.COORDINATOR,
        "samordnare": Role.COORDINATOR,
        "unit_head": Role.UNIT_HEAD,
        "unit-head": Role.UNIT_HEAD,
        "enhetschef": Role.UNIT_HEAD,
    }
    role = aliases.get(text.strip().casefold())
    if role is None:
        from isu.errors import UserError

        raise UserError(
            f"Okänd roll: {text}. Välj admin, samordnare eller enhetschef.",
            f"Unknown role: {text}. Choose admin, coordinator or unit_head.",
        )
    return role

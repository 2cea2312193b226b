"""Logging in to a unit database on a PostgreSQL server.

The user logs in as their own login role (the server checks the password with SCRAM, throttles
and refuses a disabled role); then the ``users`` row is read as for a file, and the log-in is
audited in the same chain. There is no key file: ``Workspace.slot_path`` is None and the key-file
features (rekey, recovery key, key-file anchor, login throttle) are refused or skipped.
"""

from __future__ import annotations

from isu.db.server import open_server
from isu.db.target import ServerTarget
from isu.errors import KeySlotError, UserError
from isu.services.workspace import _NOBODY, Workspace, _signed_in_user, check_username


def login_server(target: ServerTarget, username: str, password: str) -> Workspace:
    # The user name is the login role: the same rule as for a file user, lower-case on the
    # server (an unquoted PostgreSQL identifier folds so, and isu quotes it lower-cased).
    role = check_username(username).lower()
    db = open_server(target, role, password)
    ws = Workspace(db, _NOBODY, None, b"")
    try:
        ws.user = _signed_in_user(db, role, 0)
    except KeySlotError:
        # The server let the role in, but its users row is not visible to it: the server's
        # rules show a disabled account's own row to nobody (isu_current_user_id).
        db.close()
        raise UserError(
            "Kontot är avstängt eller hör inte till den här databasen. Kontakta en administratör.",
            "The account is disabled or does not belong to this database. Contact an"
            " administrator.",
        ) from None
    except BaseException:
        db.close()
        raise
    return ws

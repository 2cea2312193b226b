"""The one parametrised backend fixture: import it into a test folder's conftest.py to run that
folder's ``new_db``/``admin_ws`` tests on the encrypted file and on a PostgreSQL server database.
Where no PostgreSQL binaries exist the server half skips and says why (``pg_cluster``).

- ``file_only``: a test of the file itself (its bytes, its key file, its read-only medium).
- ``@pytest.mark.server_users``: the test adds users; on the server that makes login roles
  (``isu.services.server_users``).
"""

from __future__ import annotations

import pytest

file_only = pytest.mark.parametrize("backend", ["file"])
# For module-scoped workspaces: ``@pytest.fixture(scope="module", params=BACKENDS)``.
BACKENDS = ["file", pytest.param("server", marks=pytest.mark.server)]


@pytest.fixture(params=["file", pytest.param("server", marks=pytest.mark.server)])
def backend(request):
    return request.param


def fresh_workspace(backend: str, request, path, *, default_form: bool = True):
    """A new database with the administrator (tests/conftest.py) and the default form: the
    file at ``path``, or a fresh server database; closed (and dropped) when ``request`` ends."""
    from isu.services import forms
    from isu.services.sign_in import login
    from isu.services.workspace import init_database
    from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF

    if backend == "server":
        cluster = request.getfixturevalue("pg_cluster")
        templates = request.getfixturevalue("server_templates")
        name = templates.copy()
        request.addfinalizer(lambda: templates.drop(name))
        ws = login(cluster.url(name), ADMIN, ADMIN_PASSWORD)
    else:
        ws, _recovery = init_database(path, ADMIN, ADMIN_PASSWORD, kdf=FAST_KDF)
    request.addfinalizer(ws.close)
    if default_form:
        forms.publish_default_form(ws)
    return ws

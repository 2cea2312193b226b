"""The one parametrised backend fixture: import it into a test folder's conftest.py to run that
folder's ``new_db``/``admin_ws`` tests on the encrypted file and on a PostgreSQL server database.
Where no PostgreSQL binaries exist the server half skips and says why (``pg_cluster``).

- ``file_only``: a test of the file itself (its bytes, its key file, its read-only medium).
- ``@pytest.mark.server_users``: the test adds users; on the server that makes login roles,
  which needs ``isu.server.roles`` (#17, provisioning side); until it exists the server half
  skips and says so.
"""

from __future__ import annotations

import importlib.util

import pytest

file_only = pytest.mark.parametrize("backend", ["file"])


def server_roles_available() -> bool:
    try:
        return importlib.util.find_spec("isu.server.roles") is not None
    except ModuleNotFoundError:
        return False


@pytest.fixture(params=["file", pytest.param("server", marks=pytest.mark.server)])
def backend(request):
    if (
        request.param == "server"
        and request.node.get_closest_marker("server_users")
        and not server_roles_available()
    ):
        pytest.skip("adding users on the server needs isu.server.roles (#17, not merged yet)")
    return request.param

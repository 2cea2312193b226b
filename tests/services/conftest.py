"""The services run against both backends: every test using ``new_db``/``admin_ws`` runs once
on an encrypted file and once on a PostgreSQL server database (tests/conftest.py)."""

from tests.backends import backend  # noqa: F401  (the parametrised fixture)

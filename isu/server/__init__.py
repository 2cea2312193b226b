"""The unit's PostgreSQL server: provisioning, login roles and the rules the server enforces.

``provision`` sets a database up (schema, group roles, row-level security, the insert-only
audit log, the first administrator); ``migrate`` moves a local database file onto the server.
The isu users' login roles are managed by ``isu.services.server_users``. The SQL the server
enforces is in ``sql/``.
"""

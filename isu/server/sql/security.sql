-- The rules of an isu unit database on PostgreSQL, enforced by the server (#17).
-- Run by the owner role (the role that owns the tables) after the Alembic migrations, in one
-- transaction; running it again replaces the functions and policies. isu users are login
-- roles, members of one group role each; who a session is comes from the users row of
-- session_user (SET ROLE does not change it), and a disabled row is nobody.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isu_admin') THEN
        CREATE ROLE isu_admin NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isu_coordinator') THEN
        CREATE ROLE isu_coordinator NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isu_unit_head') THEN
        CREATE ROLE isu_unit_head NOLOGIN;
    END IF;
END
$$;

-- Nobody but the owner creates objects here; nothing is granted by default.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO isu_admin, isu_coordinator, isu_unit_head;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, isu_admin, isu_coordinator, isu_unit_head;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, isu_admin, isu_coordinator, isu_unit_head;

-- Who is asking ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION isu_current_user_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM users WHERE username = session_user AND NOT disabled
$$;

-- The role of the users row, only while the login role is in the matching group role.
CREATE OR REPLACE FUNCTION isu_current_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT role FROM users
    WHERE username = session_user AND NOT disabled
      AND role IN ('admin', 'coordinator', 'unit_head')
      AND pg_has_role(session_user, 'isu_' || role, 'MEMBER')
$$;

-- A boolean setting (stored as JSON text) of the unit, false when absent.
CREATE OR REPLACE FUNCTION isu_setting_true(setting text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT value = 'true' FROM settings WHERE key = setting), false)
$$;

-- The id of the newest audit entry: other roles than admin see only the chain's head.
CREATE OR REPLACE FUNCTION isu_audit_head_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(max(id), 0) FROM audit_log
$$;

-- Whose cases a coordinator opens: their own, or everyone's when the unit shares access. An
-- array, so that the policy's test is an index condition (coordinator_id = ANY (…)).
CREATE OR REPLACE FUNCTION isu_visible_coordinators() RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN isu_setting_true('shared_access')
                THEN (SELECT array_agg(id) FROM users)
                ELSE ARRAY[isu_current_user_id()] END
$$;

-- Row-level security ------------------------------------------------------------------------
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_summaries ENABLE ROW LEVEL SECURITY;

-- One policy per group role (TO …): a session meets only its own group's policy, so for an
-- administrator or a unit head the check is a constant evaluated once, not a filter per row.
DO $$
DECLARE
    found record;
BEGIN
    FOR found IN SELECT policyname, tablename FROM pg_policies
                 WHERE schemaname = 'public' AND tablename IN ('cases', 'answers') LOOP
        EXECUTE format('DROP POLICY %I ON %I', found.policyname, found.tablename);
    END LOOP;
END
$$;
CREATE POLICY isu_admin ON cases FOR ALL TO isu_admin
    USING ((SELECT isu_current_role()) = 'admin')
    WITH CHECK ((SELECT isu_current_role()) = 'admin');
-- Unit heads see every case row (the case list and the unit's summaries); they change none.
CREATE POLICY isu_unit_head ON cases FOR SELECT TO isu_unit_head
    USING ((SELECT isu_current_role()) = 'unit_head');
-- Coordinators: their own cases, or every case when the unit shares access.
CREATE POLICY isu_coordinator_read ON cases FOR SELECT TO isu_coordinator
    USING ((SELECT isu_current_role()) = 'coordinator'
           AND coordinator_id = ANY ((SELECT isu_visible_coordinators())::integer[]));
CREATE POLICY isu_coordinator_insert ON cases FOR INSERT TO isu_coordinator
    WITH CHECK ((SELECT isu_current_role()) = 'coordinator'
                AND coordinator_id = (SELECT isu_current_user_id()));
CREATE POLICY isu_coordinator_update ON cases FOR UPDATE TO isu_coordinator
    USING ((SELECT isu_current_role()) = 'coordinator'
           AND coordinator_id = ANY ((SELECT isu_visible_coordinators())::integer[]))
    WITH CHECK ((SELECT isu_current_role()) = 'coordinator'
                AND coordinator_id = ANY ((SELECT isu_visible_coordinators())::integer[]));

-- An answer goes with its case: a coordinator reaches it through the case's own policy.
CREATE POLICY isu_admin ON answers FOR ALL TO isu_admin
    USING ((SELECT isu_current_role()) = 'admin')
    WITH CHECK ((SELECT isu_current_role()) = 'admin');
CREATE POLICY isu_unit_head ON answers FOR SELECT TO isu_unit_head
    USING ((SELECT isu_current_role()) = 'unit_head');
CREATE POLICY isu_coordinator ON answers FOR ALL TO isu_coordinator
    USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = answers.case_id))
    WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = answers.case_id));

DROP POLICY IF EXISTS isu_read ON users;
DROP POLICY IF EXISTS isu_update ON users;
-- Everyone signed in sees the unit's users; a disabled user sees their own row only, so the
-- program can say the account is disabled.
CREATE POLICY isu_read ON users FOR SELECT
    USING ((SELECT isu_current_role()) IS NOT NULL OR username = session_user::text);
CREATE POLICY isu_update ON users FOR UPDATE
    USING ((SELECT isu_current_role()) = 'admin') WITH CHECK ((SELECT isu_current_role()) = 'admin');

-- The secret behind stable export ids is the administrators' only.
DROP POLICY IF EXISTS isu_read ON settings;
DROP POLICY IF EXISTS isu_write ON settings;
CREATE POLICY isu_read ON settings FOR SELECT
    USING ((SELECT isu_current_role()) = 'admin'
           OR ((SELECT isu_current_role()) IS NOT NULL AND key <> 'export_secret'));
CREATE POLICY isu_write ON settings FOR ALL
    USING ((SELECT isu_current_role()) = 'admin') WITH CHECK ((SELECT isu_current_role()) = 'admin');

DROP POLICY IF EXISTS isu_read ON audit_log;
DROP POLICY IF EXISTS isu_insert ON audit_log;
CREATE POLICY isu_read ON audit_log FOR SELECT
    USING ((SELECT isu_current_role()) = 'admin'
           OR ((SELECT isu_current_role()) IS NOT NULL AND id >= (SELECT isu_audit_head_id())));
CREATE POLICY isu_insert ON audit_log FOR INSERT
    WITH CHECK ((SELECT isu_current_role()) IS NOT NULL AND actor = session_user::text);

DROP POLICY IF EXISTS isu_own ON saved_summaries;
CREATE POLICY isu_own ON saved_summaries FOR ALL
    USING (owner_id = (SELECT isu_current_user_id())) WITH CHECK (owner_id = (SELECT isu_current_user_id()));

-- Table privileges: what each group may do at all ---------------------------------------------
GRANT SELECT ON alembic_version, forms, users, settings, releases TO
    isu_admin, isu_coordinator, isu_unit_head;
GRANT SELECT, INSERT ON audit_log, releases TO isu_admin, isu_coordinator, isu_unit_head;
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_summaries TO
    isu_admin, isu_coordinator, isu_unit_head;
GRANT SELECT ON cases, answers TO isu_unit_head;
GRANT SELECT, INSERT, UPDATE ON cases TO isu_coordinator;
GRANT SELECT, INSERT, UPDATE, DELETE ON answers TO isu_coordinator;
GRANT SELECT, INSERT, UPDATE, DELETE ON cases, answers, forms, settings, key_changes TO isu_admin;
-- Role and disabled change only through isu_set_disabled / isu_add_user (login role and row
-- together); an administrator edits the rest of a row.
GRANT UPDATE (display_name, updated_at) ON users TO isu_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO isu_admin, isu_coordinator, isu_unit_head;

-- The audit log takes inserts only, each one continuing the chain -----------------------------
CREATE OR REPLACE FUNCTION isu_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'isu: the audit log takes inserts only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION isu_audit_check_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    last_id integer;
    last_hash text;
BEGIN
    SELECT id, hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
    IF NEW.id <> coalesce(last_id, 0) + 1
       OR NEW.prev_hash <> coalesce(last_hash, repeat('0', 64)) THEN
        RAISE EXCEPTION 'isu: an audit entry must continue the chain'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS isu_audit_no_change ON audit_log;
DROP TRIGGER IF EXISTS isu_audit_no_truncate ON audit_log;
DROP TRIGGER IF EXISTS isu_audit_link ON audit_log;
CREATE TRIGGER isu_audit_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION isu_audit_refuse_change();
CREATE TRIGGER isu_audit_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION isu_audit_refuse_change();
CREATE TRIGGER isu_audit_link BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION isu_audit_check_link();

-- A case changes hands only by an administrator (with shared access a coordinator may edit
-- another's case, not take it or give it away).
CREATE OR REPLACE FUNCTION isu_cases_keep_coordinator() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.coordinator_id IS DISTINCT FROM OLD.coordinator_id
       AND isu_current_role() IS DISTINCT FROM 'admin'
       AND session_user <> (SELECT tableowner FROM pg_tables
                            WHERE schemaname = 'public' AND tablename = 'cases') THEN
        RAISE EXCEPTION 'isu: only an administrator hands a case over'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS isu_cases_keep_coordinator ON cases;
CREATE TRIGGER isu_cases_keep_coordinator BEFORE UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION isu_cases_keep_coordinator();

-- User management: the owner's CREATEROLE, lent to administrators for isu users only ----------
CREATE OR REPLACE FUNCTION isu_require_admin() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    IF isu_current_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'isu: only an administrator manages users'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION isu_check_verifier(verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
BEGIN
    IF verifier IS NULL OR verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'isu: a password is set only as a SCRAM-SHA-256 verifier'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- Only a name that is a row in users and a member of an isu group role: never the owner.
CREATE OR REPLACE FUNCTION isu_managed_user(name text) RETURNS integer
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    found integer;
BEGIN
    SELECT u.id INTO found FROM users u
    WHERE u.username = name
      AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = name AND NOT r.rolsuper
                  AND NOT r.rolcreaterole AND NOT r.rolbypassrls)
      AND pg_has_role(name, 'isu_' || u.role, 'MEMBER');
    IF found IS NULL THEN
        RAISE EXCEPTION 'isu: no such isu user: %', name USING ERRCODE = 'undefined_object';
    END IF;
    RETURN found;
END
$$;

CREATE OR REPLACE FUNCTION isu_create_login(name text, role text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF name !~ '^[a-z0-9_][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION 'isu: invalid user name' USING ERRCODE = 'invalid_name';
    END IF;
    IF role NOT IN ('admin', 'coordinator', 'unit_head') THEN
        RAISE EXCEPTION 'isu: invalid role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM isu_check_verifier(verifier);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
        RAISE EXCEPTION 'isu: the user name is taken' USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', name, verifier);
    IF current_setting('server_version_num')::integer >= 160000 THEN
        -- SET ROLE to the group is refused too (PostgreSQL 16 and later)
        EXECUTE format('GRANT %I TO %I WITH INHERIT TRUE, SET FALSE', 'isu_' || role, name);
    ELSE
        EXECUTE format('GRANT %I TO %I', 'isu_' || role, name);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), name);
END
$$;

CREATE OR REPLACE FUNCTION isu_add_user(name text, role text, display_name text, verifier text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    new_id integer;
BEGIN
    PERFORM isu_require_admin();
    PERFORM isu_create_login(name, role, verifier);
    INSERT INTO users (username, display_name, role, disabled, created_at, updated_at)
    VALUES (name, coalesce(nullif(display_name, ''), name), role, false,
            to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
            to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

CREATE OR REPLACE FUNCTION isu_set_disabled(name text, disable boolean) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    target integer;
BEGIN
    PERFORM isu_require_admin();
    target := isu_managed_user(name);
    IF name = session_user THEN
        RAISE EXCEPTION 'isu: you cannot disable your own account'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', name, CASE WHEN disable THEN 'NOLOGIN' ELSE 'LOGIN' END);
    UPDATE users SET disabled = disable,
        updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    WHERE id = target;
    RETURN target;
END
$$;

CREATE OR REPLACE FUNCTION isu_set_password(name text, verifier text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    target integer;
BEGIN
    IF name IS DISTINCT FROM session_user::text THEN
        PERFORM isu_require_admin();
    ELSIF isu_current_role() IS NULL THEN
        RAISE EXCEPTION 'isu: not an isu user' USING ERRCODE = 'insufficient_privilege';
    END IF;
    target := isu_managed_user(name);
    PERFORM isu_check_verifier(verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', name, verifier);
    UPDATE users SET
        updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    WHERE id = target;
    RETURN target;
END
$$;

CREATE OR REPLACE FUNCTION isu_set_role(name text, new_role text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    target integer;
    old_role text;
BEGIN
    PERFORM isu_require_admin();
    target := isu_managed_user(name);
    IF name = session_user THEN
        RAISE EXCEPTION 'isu: you cannot change your own role'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF new_role NOT IN ('admin', 'coordinator', 'unit_head') THEN
        RAISE EXCEPTION 'isu: invalid role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT role INTO old_role FROM users WHERE id = target;
    EXECUTE format('REVOKE %I FROM %I', 'isu_' || old_role, name);
    IF current_setting('server_version_num')::integer >= 160000 THEN
        EXECUTE format('GRANT %I TO %I WITH INHERIT TRUE, SET FALSE', 'isu_' || new_role, name);
    ELSE
        EXECUTE format('GRANT %I TO %I', 'isu_' || new_role, name);
    END IF;
    UPDATE users SET role = new_role,
        updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    WHERE id = target;
    RETURN target;
END
$$;

REVOKE ALL ON FUNCTION isu_current_user_id(), isu_current_role(), isu_setting_true(text),
    isu_visible_coordinators(),
    isu_audit_head_id(), isu_audit_refuse_change(), isu_cases_keep_coordinator(),
    isu_audit_check_link(), isu_require_admin(), isu_check_verifier(text),
    isu_managed_user(text), isu_create_login(text, text, text),
    isu_add_user(text, text, text, text), isu_set_disabled(text, boolean),
    isu_set_password(text, text), isu_set_role(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION isu_current_user_id(), isu_current_role(), isu_setting_true(text),
    isu_audit_head_id(), isu_visible_coordinators() TO isu_admin, isu_coordinator, isu_unit_head;
GRANT EXECUTE ON FUNCTION isu_add_user(text, text, text, text), isu_set_disabled(text, boolean),
    isu_set_role(text, text) TO isu_admin;
GRANT EXECUTE ON FUNCTION isu_set_password(text, text) TO
    isu_admin, isu_coordinator, isu_unit_head;

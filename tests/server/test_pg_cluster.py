"""The throwaway cluster itself: SCRAM on loopback, nothing else."""


def test_cluster_accepts_scram_logins_and_refuses_a_wrong_password(pg_cluster, pg_database):
    import psycopg
    import pytest

    with pg_cluster.connect(pg_database) as conn:
        method = conn.execute("SHOW password_encryption").fetchone()[0]
        conn.execute("CREATE ROLE probe LOGIN PASSWORD 'probe-pw'")
    assert method == "scram-sha-256"
    with pg_cluster.connect(pg_database, user="probe", password="probe-pw") as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "probe"
    with pytest.raises(psycopg.OperationalError):
        pg_cluster.connect(pg_database, user="probe", password="wrong")
    with pg_cluster.connect() as conn:
        conn.execute(f'DROP DATABASE "{pg_database}"')
        conn.execute("DROP ROLE probe")

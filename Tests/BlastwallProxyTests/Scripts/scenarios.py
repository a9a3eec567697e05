#!/usr/bin/env python3
"""Drives a Blastwall PostgreSQL proxy with psycopg 3 (extended protocol, pipelining) and raw
sockets, and prints one JSON object per scenario with what the client observed. The Swift test
asserts on these observations; this script decides nothing.

Usage: scenarios.py HOST READ_ONLY_PORT READ_WRITE_PORT DIRECT_PORT PASSWORD
"""
import json
import socket
import struct
import sys

import psycopg

host, ro_port, rw_port, direct_port, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]


def connect(port, **kwargs):
    return psycopg.connect(host=host, port=port, user="postgres", password=password, dbname="postgres",
                           sslmode="prefer", **kwargs)


def status(conn):
    return conn.info.transaction_status.name  # IDLE, INTRANS, INERROR


def count(table="guarded"):
    with connect(direct_port, autocommit=True) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def still_answers(conn):
    try:
        if status(conn) == "INERROR":
            conn.rollback()
        return conn.execute("SELECT 1").fetchone()[0] == 1
    except Exception as error:  # noqa: BLE001 - the observation is the point
        return f"error: {error}"


def attempt(conn, statements, params=None, prepare=None):
    """Runs statements on conn; returns the error's SQLSTATE and message, or None."""
    try:
        for sql in statements:
            conn.execute(sql, params, prepare=prepare)
        return None, None
    except psycopg.Error as error:
        return error.sqlstate, str(error).splitlines()[0]


def report(name, **observed):
    print(json.dumps({"scenario": name, **observed}), flush=True)


def reset():
    with connect(direct_port, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS guarded")
        conn.execute("CREATE TABLE guarded (id int PRIMARY KEY, note text)")
        conn.execute("INSERT INTO guarded SELECT g, 'row ' || g FROM generate_series(1, 10) g")


reset()

# 1. Extended protocol, autocommit: a destructive statement is refused with 42501.
with connect(rw_port, autocommit=True) as conn:
    state, message = attempt(conn, ["DELETE FROM guarded"])
    report("extended-destructive", sqlstate=state, message=message, status=status(conn), select1=still_answers(conn),
           rows=count())

# 2. Pipeline: an allowed INSERT, then a refused DELETE, one Sync: the INSERT is rolled back.
with connect(rw_port, autocommit=True) as conn:
    error = None
    try:
        with conn.pipeline():
            conn.execute("INSERT INTO guarded VALUES (%s, %s)", (100, "pipelined"))
            conn.execute("DELETE FROM guarded WHERE true")
    except psycopg.Error as caught:
        error = caught
    report("pipeline-rollback", sqlstate=error.sqlstate if error else None, status=status(conn),
           select1=still_answers(conn), rows=count())

# 3. Inside an explicit transaction: the refusal aborts it like a server error would.
with connect(rw_port) as conn:
    conn.execute("INSERT INTO guarded VALUES (101, 'in transaction')")
    state, message = attempt(conn, ["TRUNCATE guarded"])
    after_error = status(conn)
    conn.rollback()
    report("transaction-aborted", sqlstate=state, status=after_error, select1=still_answers(conn), rows=count())

# 4. Named prepared statement: refused at Parse, and again when used.
with connect(rw_port, autocommit=True) as conn:
    first = attempt(conn, ["DELETE FROM guarded WHERE 1 = 1"], prepare=True)
    second = attempt(conn, ["DELETE FROM guarded WHERE 1 = 1"], prepare=True)
    report("prepared-refused", sqlstate=first[0], again=second[0], status=status(conn), select1=still_answers(conn),
           rows=count())

# 5. Read-only session: a write is refused with 25006 before the server sees it.
with connect(ro_port, autocommit=True) as conn:
    state, message = attempt(conn, ["INSERT INTO guarded VALUES (%s, %s)"], params=(102, "write"))
    report("read-only-write", sqlstate=state, message=message, status=status(conn), select1=still_answers(conn),
           rows=count())

# 6. Every way of lifting read-only is refused (simple protocol, as a driver sends text).
escapes = {
    "set-off": "SET default_transaction_read_only = off",
    "begin-read-write": "BEGIN READ WRITE",
    "characteristics": "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "set-config": "SELECT set_config('default_transaction_read_only', 'off', false)",
    "reset-all": "RESET ALL",
    "commit-escape": "COMMIT; DELETE FROM guarded WHERE id = 2; SELECT 1",
    "replication-role": "SET session_replication_role = replica",
}
for name, sql in escapes.items():
    with connect(ro_port, autocommit=True) as conn:
        result = conn.pgconn.exec_(sql.encode())
        state = (result.error_field(psycopg.pq.DiagnosticField.SQLSTATE) or b"").decode()
        shown = conn.pgconn.exec_(b"SHOW default_transaction_read_only")
        report("escape-" + name, sqlstate=state, read_only=shown.get_value(0, 0) == b"on", select1=still_answers(conn),
               rows=count())

# 7. Reads work on a read-only session, simple and extended, including a server-side cursor.
with connect(ro_port) as conn:
    rows = conn.execute("SELECT id FROM guarded WHERE id <= %s ORDER BY id", (3,)).fetchall()
    with conn.cursor(name="walk") as cursor:
        cursor.execute("SELECT id FROM guarded ORDER BY id")
        walked = len(cursor.fetchall())
    report("reads", rows=[row[0] for row in rows], walked=walked, status=status(conn))


# 8. Raw protocol: malformed and oversized messages end that session cleanly; others go on.
def raw_session(port, payload):
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(payload)
        data = b""
        try:
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            return data, "timeout"
        return data, "closed"


garbage, garbage_end = raw_session(ro_port, b"\x00\x00\x00\x05X")  # a startup packet too short to be one
huge_startup, huge_end = raw_session(ro_port, struct.pack("!ii", 2_000_000, 196608))
tls, tls_end = raw_session(ro_port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
replication, replication_end = raw_session(
    ro_port,
    (lambda body: struct.pack("!i", len(body) + 4) + body)(
        struct.pack("!i", 196608) + b"user\x00postgres\x00replication\x00database\x00\x00"))
with connect(ro_port, autocommit=True) as conn:
    others = conn.execute("SELECT 42").fetchone()[0]
report("malformed", garbage_error=b"08P01" in garbage, garbage_end=garbage_end, huge_error=b"08P01" in huge_startup,
       huge_end=huge_end, tls_error=b"08P01" in tls, tls_end=tls_end, replication_error=b"0A000" in replication,
       replication_end=replication_end, others=others)

# 9. A statement longer than the proxy's limit is refused with 54000; the session goes on.
with connect(ro_port, autocommit=True) as conn:
    long_sql = "SELECT '" + "x" * (2 << 20) + "'"
    result = conn.pgconn.exec_(long_sql.encode())
    report("oversized-statement", sqlstate=(result.error_field(psycopg.pq.DiagnosticField.SQLSTATE) or b"").decode(),
           select1=still_answers(conn))

# 10. Invalid UTF-8 inside a statement is refused (22021), the session goes on.
with connect(ro_port, autocommit=True) as conn:
    result = conn.pgconn.exec_(b"SELECT '\xff\xfe'")
    report("invalid-utf8", sqlstate=(result.error_field(psycopg.pq.DiagnosticField.SQLSTATE) or b"").decode(),
           select1=still_answers(conn))

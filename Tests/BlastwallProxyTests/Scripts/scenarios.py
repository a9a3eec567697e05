#!/usr/bin/env python3
"""Drives a Blastwall PostgreSQL proxy with psycopg 3 (extended protocol, pipelining) and raw
sockets, and prints one JSON object per scenario with what the client observed. The Swift test
asserts on these observations; this script decides nothing.

Usage: scenarios.py HOST READ_ONLY_PORT READ_WRITE_PORT DIRECT_PORT PASSWORD
"""
import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import time

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
startup_body = struct.pack("!i", 196608) + b"user\x00postgres\x00database\x00postgres\x00\x00"
early, early_end = raw_session(  # a Query sent with the startup, before the login completed
    ro_port, struct.pack("!i", len(startup_body) + 4) + startup_body + b"Q" + struct.pack("!i", 4 + 19) + b"DROP TABLE guarded\x00")
with connect(ro_port, autocommit=True) as conn:
    others = conn.execute("SELECT 42").fetchone()[0]
report("malformed", garbage_error=b"08P01" in garbage, garbage_end=garbage_end, huge_error=b"08P01" in huge_startup,
       huge_end=huge_end, tls_error=b"08P01" in tls, tls_end=tls_end, replication_error=b"0A000" in replication,
       replication_end=replication_end, early_error=b"08P01" in early, early_end=early_end, early_rows=count(),
       others=others)

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


# 11. A whole session whose bytes arrive in pieces (every message split, several messages per
# piece): startup and SCRAM pass through, a read answers, a refused DROP in the middle of a
# pipelined extended batch is refused in sequence, and nothing hangs.
def message(kind, body):
    return kind + struct.pack("!i", len(body) + 4) + body


class Fragmented:
    def __init__(self, port, piece):
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.piece, self.pending = piece, b""

    def send(self, data):
        for start in range(0, len(data), self.piece):
            self.sock.sendall(data[start:start + self.piece])
            time.sleep(0.0005)

    def read(self):
        while True:
            if len(self.pending) >= 5:
                length = struct.unpack("!i", self.pending[1:5])[0]
                if len(self.pending) >= 1 + length:
                    kind, body = self.pending[:1], self.pending[5:1 + length]
                    self.pending = self.pending[1 + length:]
                    return kind, body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the proxy")
            self.pending += chunk

    def until_ready(self):
        """Every message up to ReadyForQuery: (kind, body) pairs, and the transaction status."""
        seen = []
        while True:
            kind, body = self.read()
            if kind == b"Z":
                return seen, body.decode()
            seen.append((kind, body))

    def login(self, user, secret):
        startup = struct.pack("!i", 196608) + b"user\x00" + user.encode() + b"\x00database\x00postgres\x00\x00"
        self.send(struct.pack("!i", len(startup) + 4) + startup)
        kind, body = self.read()
        assert kind == b"R" and struct.unpack("!i", body[:4])[0] == 10 and b"SCRAM-SHA-256" in body, (kind, body)
        nonce = base64.b64encode(os.urandom(18)).decode()
        first_bare = f"n=,r={nonce}"
        first = ("n,," + first_bare).encode()
        self.send(message(b"p", b"SCRAM-SHA-256\x00" + struct.pack("!i", len(first)) + first))
        kind, body = self.read()
        server_first = body[4:].decode()
        fields = dict(part.split("=", 1) for part in server_first.split(","))
        salted = hashlib.pbkdf2_hmac("sha256", secret.encode(), base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.new(salted, b"Client Key", "sha256").digest()
        without_proof = f"c=biws,r={fields['r']}"
        signature = hmac.new(hashlib.sha256(client_key).digest(), f"{first_bare},{server_first},{without_proof}".encode(),
                             "sha256").digest()
        proof = base64.b64encode(bytes(a ^ b for a, b in zip(client_key, signature))).decode()
        self.send(message(b"p", f"{without_proof},p={proof}".encode()))
        return self.until_ready()[1]


def values(seen):
    return [body[6:].decode() for kind, body in seen if kind == b"D"]


def sqlstates(seen):
    return [part[1:].decode() for kind, body in seen if kind == b"E" for part in body.split(b"\x00") if part.startswith(b"C")]


for piece in (1, 7):
    session = Fragmented(ro_port, piece)
    logged_in = session.login("postgres", password)
    session.send(message(b"Q", b"SELECT 41 + 1\x00"))
    read_seen, read_status = session.until_ready()
    batch = b"".join([
        message(b"P", b"\x00SELECT 7\x00\x00\x00"), message(b"B", b"\x00\x00" + b"\x00\x00" * 3), message(b"E", b"\x00\x00\x00\x00\x00"),
        message(b"P", b"\x00DROP TABLE guarded\x00\x00\x00"), message(b"B", b"\x00\x00" + b"\x00\x00" * 3),
        message(b"E", b"\x00\x00\x00\x00\x00"), message(b"S", b""),
    ])
    session.send(batch)
    batch_seen, batch_status = session.until_ready()
    session.send(message(b"Q", b"SELECT 1\x00"))
    after_seen, _ = session.until_ready()
    session.sock.close()
    report(f"fragmented-{piece}", logged_in=logged_in, read=values(read_seen), read_status=read_status,
           batch=values(batch_seen), sqlstate=(sqlstates(batch_seen) or [""])[0],
           status={"I": "IDLE", "T": "INTRANS", "E": "INERROR"}.get(batch_status, batch_status),
           select1=values(after_seen) == ["1"], rows=count())

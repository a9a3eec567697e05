#!/usr/bin/env python3
"""Independent verifier for Blastwall audit logs and grants.

Written from the format spec, without using Blastwall's own code.

``log`` reads the output of ``blastwall audit export`` (one record a line,
stored bytes as they are) and checks that:
  * the records are numbered 1, 2, 3, ... with no gaps;
  * record N starts with exactly ``{"seq":N,"prev":"<hex>",`` where <hex> is
    the lowercase hex leaf hash of record N-1 (64 zeros for record 1), and
    the record is valid UTF-8 JSON whose "seq"/"prev" match that prefix;
  * every checkpoint note in the anchor file (C2SP signed note /
    tlog-checkpoint, notes separated by a line ``--``) has a valid Ed25519
    signature from the given public key under the name equal to its origin,
    is no larger than the log, and its root equals the RFC 6962 Merkle root
    of the first <size> records (leaf = SHA-256(0x00 || record bytes)).
The file is streamed once. A frontier stack gives the root at each size a
checkpoint asks for, so memory use doesn't grow with the size of the log.

``grant`` checks a PASETO v4.public token against an Ed25519 public key and
an implicit assertion. It uses its own v4.public code (PAE + Ed25519 from
``cryptography``) and, if ``pyseto`` can be imported, pyseto as well. Both
must accept the token. On success it prints the payload. It does NOT check
``exp``/``nbf`` claims.

Exit status: 0 and ``ok: ...`` on success; 1 and ``bad: ...`` on failure.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EM_DASH = "\u2014"
ZERO_HEX = b"0" * 64
EMPTY_ROOT = hashlib.sha256(b"").digest()
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class Bad(Exception):
    """Verification failure; str(e) is the text after 'bad: '."""


# --------------------------------------------------------------------------
# helpers


def parse_public_key(text: str) -> bytes:
    """Raw 32-byte Ed25519 key from standard/URL-safe base64 (or 64 hex chars)."""
    s = text.strip()
    if _HEX64.fullmatch(s):
        return bytes.fromhex(s)
    t = s.replace("-", "+").replace("_", "/").rstrip("=")
    try:
        raw = base64.b64decode(t + "=" * (-len(t) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Bad("public key is not valid base64")
    if len(raw) != 32:
        raise Bad(f"public key must be 32 bytes, got {len(raw)}")
    return raw


def b64std_strict(s: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise Bad(f"{what} is not valid base64")
    if base64.b64encode(raw).decode("ascii") != s:
        raise Bad(f"{what} is not canonical base64")
    return raw


def b64url_nopad_strict(s: str, what: str) -> bytes:
    if not _B64URL.fullmatch(s) or len(s) % 4 == 1:
        raise Bad(f"{what} is not valid unpadded base64url")
    raw = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != s:
        raise Bad(f"{what} is not canonical base64url")
    return raw


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


# --------------------------------------------------------------------------
# checkpoints


class Checkpoint:
    def __init__(self, index: int, origin: str, size: int, root: bytes):
        self.index = index  # 1-based position in the anchor file
        self.origin = origin
        self.size = size
        self.root = root


def split_notes(data: bytes) -> list[str]:
    """Split an anchor file into note texts (each ending in '\\n')."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("checkpoint file is not valid UTF-8")
    notes: list[str] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line == "--":
            notes.append("".join(l + "\n" for l in cur))
            cur = []
        else:
            cur.append(line)
    # Whatever follows the last "--" must be empty (the final "\n" of the file
    # leaves one empty string after split).
    if any(l != "" for l in cur):
        raise Bad(f"checkpoint {len(notes) + 1}: note not terminated by a '--' line")
    return notes


def read_head(index: int, note: str) -> Checkpoint:
    """An unsigned head line of an append-only anchor: 'head ORIGIN SIZE ROOT'. It needs no
    signature where no line can be taken back; it must still match the log."""
    parts = note.split()
    if len(parts) != 4 or not parts[2].isdigit():
        raise Bad(f"checkpoint {index}: malformed head line")
    try:
        root = base64.b64decode(parts[3], validate=True)
    except ValueError:
        raise Bad(f"checkpoint {index}: head line root is not base64")
    if len(root) != 32:
        raise Bad(f"checkpoint {index}: head line root is not 32 bytes")
    return Checkpoint(index, parts[1], int(parts[2]), root)


def verify_note(index: int, note: str, pub_raw: bytes, pub: Ed25519PublicKey) -> Checkpoint:
    where = f"checkpoint {index}"
    if not note.endswith("\n"):
        raise Bad(f"{where}: note does not end in a newline")
    sep = note.find("\n\n")
    if sep < 0:
        raise Bad(f"{where}: no blank line between body and signatures")
    body = note[: sep + 1]  # includes the final newline of the body
    sig_lines = note[sep + 2 :].split("\n")
    if sig_lines[-1] != "":
        raise Bad(f"{where}: signature block does not end in a newline")
    sig_lines = sig_lines[:-1]
    if not sig_lines:
        raise Bad(f"{where}: no signature lines")

    lines = body.split("\n")[:-1]
    if len(lines) < 3:
        raise Bad(f"{where}: body has {len(lines)} lines, need origin, size, root")
    origin, size_s, root_s = lines[0], lines[1], lines[2]
    if origin == "":
        raise Bad(f"{where}: empty origin")
    if not _DECIMAL.fullmatch(size_s):
        raise Bad(f"{where}: size {size_s!r} is not a canonical decimal")
    size = int(size_s)
    root = b64std_strict(root_s, f"{where}: root")
    if len(root) != 32:
        raise Bad(f"{where}: root is {len(root)} bytes, expected 32")

    name = origin
    key_hash = hashlib.sha256(name.encode("utf-8") + b"\x0a\x01" + pub_raw).digest()[:4]
    body_bytes = body.encode("utf-8")
    matched = False
    for sl in sig_lines:
        if not sl.startswith(EM_DASH + " "):
            raise Bad(f"{where}: malformed signature line {sl!r}")
        parts = sl[2:].split(" ")
        if len(parts) != 2 or not parts[0]:
            raise Bad(f"{where}: malformed signature line {sl!r}")
        sname, sb64 = parts
        blob = b64std_strict(sb64, f"{where}: signature")
        if len(blob) < 5:
            raise Bad(f"{where}: signature too short")
        if sname != name or blob[:4] != key_hash:
            continue  # signature by some other key; not ours to judge
        if len(blob) != 68:
            raise Bad(f"{where}: Ed25519 signature blob is {len(blob)} bytes, expected 68")
        try:
            pub.verify(blob[4:], body_bytes)
        except InvalidSignature:
            raise Bad(f"{where}: signature does not verify")
        matched = True
    if not matched:
        raise Bad(f"{where}: no signature by the given key under name {name!r}")
    return Checkpoint(index, origin, size, root)


# --------------------------------------------------------------------------
# log


def check_record_json(line: bytes, seq: int, prev_hex: bytes) -> None:
    def no_dupes(pairs):
        obj = {}
        for k, v in pairs:
            if k in obj:
                raise ValueError(f"duplicate key {k!r}")
            obj[k] = v
        return obj

    try:
        obj = json.loads(line.decode("utf-8"), object_pairs_hook=no_dupes)
    except UnicodeDecodeError:
        raise Bad(f"record {seq}: not valid UTF-8")
    except ValueError as e:
        raise Bad(f"record {seq}: not valid JSON ({e})")
    if not isinstance(obj, dict):
        raise Bad(f"record {seq}: not a JSON object")
    if type(obj.get("seq")) is not int or obj["seq"] != seq:
        raise Bad(f"record {seq}: JSON seq field is {obj.get('seq')!r}")
    if obj.get("prev") != prev_hex.decode("ascii"):
        raise Bad(f"record {seq}: JSON prev field does not match")


def explain_prefix(line: bytes, seq: int, prev_hex: bytes) -> str:
    m = re.match(rb'\{"seq":(-?[0-9]+),', line)
    if not m:
        return 'does not start with {"seq":N,'
    got = m.group(1)
    if got != str(seq).encode():
        return f"seq is {got.decode()}, expected {seq} (records must be contiguous from 1)"
    rest = line[m.end() :]
    m2 = re.match(rb'"prev":"([^"]*)",', rest)
    if not m2:
        return 'seq not followed by "prev":"<64 hex>",'
    if m2.group(1) != prev_hex:
        return (
            f"prev {m2.group(1).decode('utf-8', 'replace')!r} != hash of previous record "
            f"{prev_hex.decode()}"
        )
    return "prefix mismatch"


def verify_log(path: str, checkpoints: list[Checkpoint]) -> int:
    wanted: dict[int, list[Checkpoint]] = {}
    for cp in checkpoints:
        wanted.setdefault(cp.size, []).append(cp)
    roots: dict[int, bytes] = {}
    if 0 in wanted:
        roots[0] = EMPTY_ROOT

    # stack[i] = root of a perfect subtree; sizes strictly decrease.
    stack: list[bytes] = []
    sha = hashlib.sha256
    prev_hex = ZERO_HEX
    n = 0
    try:
        f = open(path, "rb")
    except OSError as e:
        raise Bad(f"cannot open records file: {e}")
    with f:
        for raw in f:
            seq = n + 1
            # only the last line can lack its newline; accept that
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if not line:
                raise Bad(f"record {seq}: empty line")
            prefix = b'{"seq":%d,"prev":"%s",' % (seq, prev_hex)
            if not line.startswith(prefix):
                raise Bad(f"record {seq}: {explain_prefix(line, seq, prev_hex)}")
            if line.endswith(b"\r"):
                raise Bad(f"record {seq}: carriage return at end of line (CRLF?)")
            check_record_json(line, seq, prev_hex)

            leaf = sha(b"\x00" + line).digest()
            prev_hex = leaf.hex().encode("ascii")
            n = seq
            # push leaf; merge while the new count has trailing zero bits
            stack.append(leaf)
            c = n
            while c & 1 == 0:
                right = stack.pop()
                left = stack.pop()
                stack.append(sha(b"\x01" + left + right).digest())
                c >>= 1
            if n in wanted:
                r = stack[-1]
                for h in reversed(stack[:-1]):
                    r = sha(b"\x01" + h + r).digest()
                roots[n] = r

    for cp in checkpoints:
        if cp.size > n:
            raise Bad(f"checkpoint {cp.index}: size {cp.size} exceeds the {n} records in the log")
        if roots[cp.size] != cp.root:
            raise Bad(
                f"checkpoint {cp.index}: root at size {cp.size} does not match the records "
                f"(computed {base64.b64encode(roots[cp.size]).decode()}, "
                f"note says {base64.b64encode(cp.root).decode()})"
            )
    return n


def cmd_log(args) -> str:
    pub_raw = parse_public_key(args.public_key)
    pub = Ed25519PublicKey.from_public_bytes(pub_raw)
    checkpoints: list[Checkpoint] = []
    if args.checkpoints:
        try:
            with open(args.checkpoints, "rb") as fh:
                data = fh.read()
        except OSError as e:
            raise Bad(f"checkpoint file: cannot read: {e}")
        for i, note in enumerate(split_notes(data), 1):
            if note.startswith("head "):
                checkpoints.append(read_head(i, note))
            else:
                checkpoints.append(verify_note(i, note, pub_raw, pub))
    n = verify_log(args.records, checkpoints)
    return f"ok: {n} records, {len(checkpoints)} checkpoints"


# --------------------------------------------------------------------------
# grant (PASETO v4.public)


def le64(n: int) -> bytes:
    return struct.pack("<Q", n & 0x7FFFFFFFFFFFFFFF)


def pae(pieces: list[bytes]) -> bytes:
    out = [le64(len(pieces))]
    for p in pieces:
        out.append(le64(len(p)))
        out.append(p)
    return b"".join(out)


def own_v4_public_verify(token: str, pub: Ed25519PublicKey, implicit: bytes) -> bytes:
    header = "v4.public."
    if not token.startswith(header):
        raise Bad("token is not v4.public")
    parts = token[len(header) :].split(".")
    if len(parts) not in (1, 2):
        raise Bad("token has the wrong number of parts")
    body = b64url_nopad_strict(parts[0], "token body")
    footer = b64url_nopad_strict(parts[1], "token footer") if len(parts) == 2 else b""
    if len(body) < 64:
        raise Bad("token body shorter than a signature")
    message, sig = body[:-64], body[-64:]
    m2 = pae([header.encode("ascii"), message, footer, implicit])
    try:
        pub.verify(sig, m2)
    except InvalidSignature:
        raise Bad("signature does not verify (wrong key, token or implicit assertion)")
    return message


def pyseto_verify(token: str, pub_raw: bytes, implicit: bytes):
    """Returns payload bytes, or None if pyseto is not importable."""
    try:
        import pyseto  # type: ignore
    except Exception:
        return None
    try:
        key = pyseto.Key.from_asymmetric_key_params(4, x=pub_raw)
        decoded = pyseto.decode(key, token, implicit_assertion=implicit)
    except Exception as e:  # pyseto raises VerifyError/DecodeError/ValueError
        raise Bad(f"pyseto rejected the token: {e}")
    payload = decoded.payload
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return payload


def cmd_grant(args) -> str:
    pub_raw = parse_public_key(args.public_key)
    pub = Ed25519PublicKey.from_public_bytes(pub_raw)
    token = args.token.strip()
    implicit = args.implicit_assertion.encode("utf-8")
    payload = own_v4_public_verify(token, pub, implicit)
    other = pyseto_verify(token, pub_raw, implicit)
    if other is not None and other != payload:
        raise Bad("pyseto and the built-in verifier disagree on the payload")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("payload is not valid UTF-8")
    try:
        obj = json.loads(text)
    except ValueError:
        raise Bad("payload is not valid JSON")
    if not isinstance(obj, dict):
        raise Bad("payload is not a JSON object")
    return text


# --------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Independent verifier for Blastwall audit logs and grants.")
    sub = ap.add_subparsers(dest="cmd", required=True)

    lp = sub.add_parser("log", help="verify an exported audit log and checkpoints")
    lp.add_argument("--records", required=True, help="output of `blastwall audit export` (JSONL)")
    lp.add_argument("--public-key", required=True, help="Ed25519 public key, base64 of 32 raw bytes")
    lp.add_argument("--checkpoints", help="anchor file: signed notes, each followed by a '--' line")

    gp = sub.add_parser("grant", help="verify a PASETO v4.public grant token")
    gp.add_argument("--token", required=True)
    gp.add_argument("--public-key", required=True, help="Ed25519 public key, base64 of 32 raw bytes")
    gp.add_argument("--implicit-assertion", required=True)

    args = ap.parse_args(argv)
    try:
        out = cmd_log(args) if args.cmd == "log" else cmd_grant(args)
    except Bad as e:
        print(f"bad: {e}")
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

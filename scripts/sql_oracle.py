#!/usr/bin/env python3
"""Independent parser oracle for the Blastwall SQL corpus.

Reads a corpus file (``CLASS<TAB>SQL`` per line, ``#`` comments, blank lines
ignored, the two characters ``\\n`` inside SQL standing for a newline) and, for
every SQL line, prints one JSON object per line on stdout:

    {"line": N, "label": "write", "ok": true,
     "statements": [{"start": 0, "end": 24, "node": "DeleteStmt",
                     "text": "DELETE FROM t WHERE id=1"}, ...]}

or, when the parser rejects the text:

    {"line": N, "label": "unknown", "ok": false,
     "error": "syntax error at or near \\"JSON\\"", "cursor": 16, "cursor_byte": 15}

It uses pglast 5.x (``pip install 'pglast>=5,<6'``), which wraps libpg_query
15, the same PostgreSQL 15 parser that Blastwall links against.

Offsets follow libpg_query's RawStmt convention, in BYTES of the UTF-8 text
after ``\\n`` expansion:
  * ``start`` is stmt_location: the first statement starts at 0, a later one
    just after the previous ``;``, so leading whitespace/comments are included;
  * ``end`` is stmt_location + stmt_len (exclusive); stmt_len excludes the
    ``;``; stmt_len 0 means "to the end of the text".
Empty statements (``;;``, comment-only text) produce no entry, as in
libpg_query. ``text`` is the statement's slice with surrounding whitespace
stripped (comments are kept), for a human reviewer.

pglast reports locations in characters (it converts libpg_query's byte
offsets); this script converts them back to bytes. For errors, ``cursor`` is
libpg_query's PgQueryError.cursorpos (1-based, counted in characters, 0 when
there is none, as PostgreSQL reports it) and ``cursor_byte`` the 0-based byte
offset of the same spot. pglast's own ParseError index (``pglast_index``) is
given too; it is not reliable after non-ASCII text, so the cursor is read
directly from the libpg_query built into pglast when possible.

Exit status: 0 when the corpus was read (parse errors are data, not
failures), 1 for usage errors or an unreadable file, 3 when the corpus has
malformed lines (no TAB, empty class or SQL, an unknown class) -- every
parsable line is still reported in that case.
"""

import ctypes
import json
import sys

try:
    import pglast
    from pglast import parser as pg_parser
except ImportError:  # pragma: no cover - environment problem
    sys.stderr.write("sql_oracle: pglast is not installed: pip install 'pglast>=5,<6'\n")
    sys.exit(1)

CLASSES = (
    "read", "schema", "write", "availability", "privilege", "logic-replacement",
    "guard-escape", "escape", "opaque", "unknown", "lossy-rewrite",
    "destructive-dml", "data-loss-ddl",
)


class _PgQueryError(ctypes.Structure):
    _fields_ = [
        ("message", ctypes.c_char_p),
        ("funcname", ctypes.c_char_p),
        ("filename", ctypes.c_char_p),
        ("lineno", ctypes.c_int),
        ("cursorpos", ctypes.c_int),
        ("context", ctypes.c_char_p),
    ]


class _PgQueryParseResult(ctypes.Structure):
    _fields_ = [
        ("parse_tree", ctypes.c_char_p),
        ("stderr_buffer", ctypes.c_char_p),
        ("error", ctypes.POINTER(_PgQueryError)),
    ]


def _raw_libpg_query():
    """The libpg_query compiled into pglast's extension, for exact error cursors."""
    try:
        lib = ctypes.CDLL(pg_parser.__file__)
        parse = lib.pg_query_parse
        parse.restype = _PgQueryParseResult
        parse.argtypes = [ctypes.c_char_p]
        free = lib.pg_query_free_parse_result
        free.restype = None
        free.argtypes = [_PgQueryParseResult]
        return parse, free
    except (OSError, AttributeError):
        return None


_RAW = _raw_libpg_query()


def raw_cursorpos(sql):
    """libpg_query's cursorpos (1-based characters) for a rejected text, or None."""
    if _RAW is None:
        return None
    parse, free = _RAW
    result = parse(sql.encode("utf-8"))
    try:
        if not result.error:
            return None
        return int(result.error.contents.cursorpos)
    finally:
        free(result)


def char_to_byte(sql, char_index):
    return len(sql[:char_index].encode("utf-8"))


def analyse(sql):
    raw = sql.encode("utf-8")
    try:
        stmts = pg_parser.parse_sql(sql)
    except pg_parser.ParseError as exc:
        message = exc.args[0] if exc.args else str(exc)
        pglast_index = exc.args[1] if len(exc.args) > 1 else None
        cursor = raw_cursorpos(sql)
        if cursor is None:
            # Fall back to pglast's 0-based index (exact for ASCII-only text).
            cursor = pglast_index + 1 if pglast_index is not None else 0
        cursor_byte = char_to_byte(sql, cursor - 1) if cursor > 0 else None
        return {
            "ok": False,
            "error": message,
            "cursor": cursor,
            "cursor_byte": cursor_byte,
            "pglast_index": pglast_index,
        }

    out = []
    for raw_stmt in stmts:
        loc = raw_stmt.stmt_location or 0  # characters, per pglast
        length = raw_stmt.stmt_len or 0
        start = char_to_byte(sql, loc)
        end = len(raw) if length == 0 else char_to_byte(sql, loc + length)
        out.append({
            "start": start,
            "end": end,
            "node": type(raw_stmt.stmt).__name__,
            "text": raw[start:end].decode("utf-8").strip(),
        })

    result = {"ok": True, "statements": out}

    # Cross-check against pglast's split() (libpg_query's pg_query_split_with_parser).
    try:
        split_texts = list(pg_parser.split(sql, with_parser=True))
    except pg_parser.ParseError as exc:  # should not happen when parse_sql succeeded
        result["warning"] = "split() failed: %s" % (exc,)
    else:
        if split_texts != [s["text"] for s in out]:
            result["warning"] = "split() disagrees: %s" % (json.dumps(split_texts, ensure_ascii=False),)
    return result


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: sql_oracle.py CORPUS.tsv\n")
        return 1
    path = argv[1]
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        sys.stderr.write("sql_oracle: cannot read %s: %s\n" % (path, exc))
        return 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sys.stderr.write("sql_oracle: %s is not UTF-8: %s\n" % (path, exc))
        return 1

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")

    malformed = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, tab, sql = line.partition("\t")
        problem = None
        if not tab:
            problem = "no TAB separator"
        elif not label or not sql.strip():
            problem = "empty class or SQL"
        elif label not in CLASSES:
            problem = "unknown class %r" % (label,)
        elif "\t" in sql:
            problem = "literal TAB inside SQL"
        if problem:
            malformed += 1
            sys.stderr.write("sql_oracle: %s:%d: %s\n" % (path, number, problem))
            continue
        sql = sql.replace("\\n", "\n")
        record = {"line": number, "label": label}
        record.update(analyse(sql))
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")

    sys.stdout.flush()
    if malformed:
        sys.stderr.write("sql_oracle: %d malformed line(s) (pglast %s)\n" % (malformed, pglast.__version__))
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

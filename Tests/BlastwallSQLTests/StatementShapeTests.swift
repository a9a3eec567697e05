import BlastwallCore
import Foundation
import Testing

@testable import BlastwallSQL

/// Statements that differ only in their constants share a verdict only where no rule reads a
/// constant: the proxy's shape cache rests on `StatementShape.ignoresConstants`.
@Suite struct StatementShapeTests {
    @Test func theShapeIsPostgresNormalisedText() {
        #expect(
            StatementShape.normalized("SELECT abalance FROM pgbench_accounts WHERE aid = 4711;")
                == "SELECT abalance FROM pgbench_accounts WHERE aid = $1;")
        #expect(StatementShape.normalized("SELECT 'a', E'b\\'c', $$d$$, -7, 1.5e3") == "SELECT $1, $2, $3, $4, $5")
        #expect(StatementShape.normalized("SELEC 1") == nil)
    }

    @Test(arguments: [
        "SELECT abalance FROM pgbench_accounts WHERE aid = 4711;",
        "UPDATE pgbench_accounts SET abalance = abalance + -1234 WHERE aid = 5678;",
        "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 2, 3, 4, CURRENT_TIMESTAMP);",
        "DELETE FROM sessions WHERE id = 'abc' AND expires < now()",
        "SELECT * FROM t WHERE a = 1 OR b = 'x' LIMIT 10",
        "BEGIN", "END",
    ])
    func plainStatementsShareTheirVerdict(_ sql: String) {
        #expect(StatementShape.ignoresConstants(sql))
    }

    @Test(arguments: [
        // A function's constant argument decides (set_config of the read-only setting).
        "SELECT set_config('application_name', 'x', false)",
        "SELECT nextval('orders_id_seq')",
        // SET and options read their values.
        "SET client_encoding = 'UTF8'",
        "SET application_name = 'x'",
        "BEGIN READ WRITE",
        "BEGIN ISOLATION LEVEL SERIALIZABLE",
        // Sides that differ only in constants: `a + 1 = a + 1` holds for every row.
        "UPDATE t SET a = 0 WHERE a + 1 = a + 2",
        "DELETE FROM t WHERE 1 = 2",
        // Statements outside plain DML and transaction control.
        "CREATE FUNCTION f() RETURNS int LANGUAGE 'sql' AS 'select 1'",
        "EXPLAIN ANALYZE SELECT 1",
        "COPY t FROM '/etc/passwd'",
        "PREPARE p AS SELECT 1",
        "EXECUTE p(1)",
        "DROP TABLE t",
        // Not for the parser: psql meta-commands, or text it rejects.
        "SELECT 1 \\gexec",
        "SELEC 1",
        // A `$` already in the text: a parameter, or a name that reads like a placeholder.
        "DELETE FROM t WHERE $1 = 5",
        "DELETE FROM t WHERE id > 0 OR bool$2",
        "SELECT $$x$$",
    ])
    func statementsWhoseVerdictCanReadAConstantDoNot(_ sql: String) {
        #expect(!StatementShape.ignoresConstants(sql))
    }

    /// Pairs with one shape and different verdicts: neither side may share.
    @Test(arguments: [
        ("SELECT set_config('application_name', 'x', false)", "SELECT set_config('default_transaction_read_only', 'off', false)"),
        ("SET client_encoding = 'UTF8'", "SET client_encoding = 'LATIN1'"),
        ("UPDATE t SET a = 0 WHERE a + 1 = a + 2", "UPDATE t SET a = 0 WHERE a + 1 = a + 1"),
        ("CREATE FUNCTION f() RETURNS int LANGUAGE 'sql' AS 'select 1'", "CREATE FUNCTION f() RETURNS int LANGUAGE 'plpython3u' AS 'x'"),
        // Found by a review: `bool't'` normalises to the name `bool$2`. (Its other pair,
        // `WHERE $1 = 5` against `WHERE 5 = 5`, is now destructive on both sides: a bound
        // parameter is one value for every row.)
        ("DELETE FROM t WHERE id > 0 OR bool$2", "DELETE FROM t WHERE id > 0 OR bool't'"),
        (
            "SELECT set_config(name, setting, pending_restart) FROM pg_settings WHERE name = 'application_name'",
            "SELECT set_config(name, setting, pending_restart) FROM pg_settings WHERE name = 'default_transaction_read_only'"
        ),
    ])
    func pairsOfOneShapeJudgedApartAreNeverShared(_ pair: (String, String)) {
        #expect(StatementShape.normalized(pair.0) == StatementShape.normalized(pair.1))
        #expect(Self.signature(pair.0) != Self.signature(pair.1), "the pair should be judged differently")
        #expect(!StatementShape.ignoresConstants(pair.0) && !StatementShape.ignoresConstants(pair.1))
    }

    /// Every corpus statement that shares its verdict gets the same classification with other
    /// constants: numbers and string contents are changed, and where the shape stays the same
    /// the classes and rules must too.
    @Test func corpusStatementsKeepTheirVerdictWithOtherConstants() throws {
        var checked = 0
        for entry in CorpusTests.cases where StatementShape.ignoresConstants(entry.sql) {
            for variant in Self.variants(of: entry.sql) {
                guard let shape = StatementShape.normalized(entry.sql), StatementShape.normalized(variant) == shape else { continue }
                #expect(Self.signature(variant) == Self.signature(entry.sql), "line \(entry.line): \(entry.sql) vs \(variant)")
                checked += 1
            }
        }
        #expect(checked > 50, "only \(checked) variants had the same shape")
    }

    static func signature(_ sql: String) -> [String] {
        PostgresClassifier().classify(sql).map { "\($0.sqlClass.rawValue) \($0.ruleID)" }
    }

    /// The text with its digits changed (0 → 1 …, 9 → 0; all 1), and with a letter added to each quoted string.
    static func variants(of sql: String) -> [String] {
        let digits = String(sql.map { $0.isASCII && $0.isNumber ? Character(String(($0.wholeNumberValue! + 1) % 10)) : $0 })
        let zeroes = String(sql.map { $0.isASCII && $0.isNumber ? "1" : $0 })
        let strings = sql.replacingOccurrences(of: "'([^']*)'", with: "'$1q'", options: .regularExpression)
        return [digits, zeroes, strings]
    }
}

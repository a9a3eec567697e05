import Foundation
import Testing

/// `blastwall sql` as a user runs it: exit codes, JSON for machines, where the SQL lands, and
/// input it refuses to judge.
struct SQLCommandTests {
    @Test func exitCodesFollowTheStrictestStatement() throws {
        let cli = try CLI()
        #expect(try cli.run(["sql", "--sql", "SELECT 1", "--env", "production"]).status == 0)
        #expect(try cli.run(["sql", "--sql", "UPDATE t SET a = 1 WHERE id = 4", "--env", "production"]).status == 3)
        let hidden = try cli.run(["sql", "--sql", "SELECT 1; /* x */ DELETE FROM orders", "--env", "production"])
        #expect(hidden.status == 2)
        #expect(hidden.standardOutput.contains("sql.delete-without-where"), "\(hidden.standardOutput)")
        // Nothing to run: allowed, and said so.
        let empty = try cli.run(["sql", "--sql=-- only a comment", "--env", "production"])
        #expect(empty.status == 0)
        #expect(empty.standardOutput.contains("nothing to run"))
    }

    @Test func jsonNamesEveryStatementWithItsBytesAndClass() throws {
        let cli = try CLI()
        let sql = "SELECT 'é'; TRUNCATE données"
        let result = try cli.run(["sql", "--sql", sql, "--env", "staging", "--format", "json"])
        let json = try cli.json(result.standardOutput)
        let statements = try #require(json["statements"] as? [[String: Any]])
        #expect(statements.map { $0["class"] as? String } == ["read", "destructive-dml"])
        let bytes = Array(sql.utf8)
        let start = try #require(statements[1]["start"] as? Int)
        let end = try #require(statements[1]["end"] as? Int)
        #expect(String(decoding: bytes[start..<end], as: UTF8.self) == "TRUNCATE données")
        #expect(json["decision"] as? String == "ask")
    }

    @Test func theHostSaysWhereItLands() throws {
        let cli = try CLI()
        let result = try cli.run(["sql", "--sql", "DROP TABLE users", "--host", "db.prod.internal", "--format", "json"])
        #expect(result.status == 2)
        #expect(try cli.json(result.standardOutput)["environment"] as? String == "production")
        let unknown = try cli.run(["sql", "--sql", "DROP TABLE users", "--format", "json"])
        #expect(try cli.json(unknown.standardOutput)["environment"] as? String == "unknown")
    }

    @Test func aFileIsReadAndBadBytesAreRefusedWithTheirOffset() throws {
        let cli = try CLI()
        let file = try cli.write("CREATE TABLE t (id int);\nALTER TABLE t DROP COLUMN id;\n", to: "migration.sql")
        let migration = try cli.run(["sql", "--file", file.path, "--env", "production"])
        #expect(migration.status == 2)
        #expect(migration.standardOutput.contains("sql.drop-column"))
        let nul = cli.home.appendingPathComponent("nul.sql")
        try Data("SELECT 1;\u{0}DROP TABLE t".utf8).write(to: nul)
        let refused = try cli.run(["sql", "--file", nul.path])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("NUL byte at byte 9"), "\(refused.standardError)")
        let latin1 = cli.home.appendingPathComponent("latin1.sql")
        try Data([0x53, 0x45, 0x4C, 0x45, 0x43, 0x54, 0x20, 0x27, 0xE9, 0x27]).write(to: latin1)
        let invalid = try cli.run(["sql", "--file", latin1.path])
        #expect(invalid.status == 1)
        #expect(invalid.standardError.contains("not valid UTF-8 near byte 8"), "\(invalid.standardError)")
        let missing = try cli.run(["sql", "--file", cli.home.appendingPathComponent("absent.sql").path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("there is no file"))
    }

    @Test func theVerdictIsInTheAuditLog() throws {
        let cli = try CLI()
        _ = try cli.run(["sql", "--sql", "DELETE FROM t", "--env", "staging"])
        let records = try cli.run(["audit", "export", "--type", "verdict"]).standardOutput
        #expect(records.contains("\"source\":\"sql\""), "\(records)")
        #expect(records.contains("DELETE FROM t"))
    }
}

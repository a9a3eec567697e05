import BlastwallCore
import BlastwallStore
import Foundation
import Testing

@testable import BlastwallProxy

/// The proxy between real clients (psql, pg_dump, psycopg 3) and a real PostgreSQL 15 server.
@Suite(.serialized) struct ProxyTests {
    /// Two proxies on one server: a read-only one and one where the policy decides writes.
    struct Fixture {
        let server: PostgresServer
        let readOnly: ProxyServer
        let readOnlyPort: Int
        let readWrite: ProxyServer
        let readWritePort: Int
        let storePath: String
    }

    static let shared = Locked<Fixture?>(nil)
    /// The approver the proxies' trust root lists.
    static let alice = ApproverKey.generate(principal: "alice")

    func fixture() throws -> Fixture {
        try Self.shared.withLock { slot in
            if let slot { return slot }
            let server = try PostgresServer.shared()
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-proxy-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let storePath = state + "/store.sqlite"
            let upstream = HostPort(host: "127.0.0.1", port: server.port)
            let readOnly = try ProxyServer(
                configuration: ProxyConfiguration(
                    listen: HostPort(host: "127.0.0.1", port: 0), upstream: upstream, environment: "staging", maximumStatementBytes: 1 << 20
                ),
                policy: DefaultPolicy.policy, storePath: storePath, trust: { TrustedKeys(approvers: [Self.alice]) }, threads: 2)
            let readWrite = try ProxyServer(
                configuration: ProxyConfiguration(
                    listen: HostPort(host: "127.0.0.1", port: 0), upstream: upstream, environment: "staging", readOnly: false),
                policy: DefaultPolicy.policy, storePath: storePath, trust: { TrustedKeys(approvers: [Self.alice]) }, threads: 2)
            let fixture = Fixture(
                server: server, readOnly: readOnly, readOnlyPort: try readOnly.start(), readWrite: readWrite,
                readWritePort: try readWrite.start(), storePath: storePath)
            slot = fixture
            return fixture
        }
    }

    @Test func psqlThroughTheProxyReadsAndIsRefusedWithTheRuleNamed() throws {
        let fixture = try fixture()
        let server = fixture.server
        _ = try server.psql(
            port: server.port, ["-c", "DROP TABLE IF EXISTS plain; CREATE TABLE plain AS SELECT g AS id FROM generate_series(1, 5) g"])
        let read = try server.psql(port: fixture.readOnlyPort, ["-tA", "-c", "SELECT count(*) FROM plain"])
        #expect(read.status == 0 && read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "5", "\(read.output)")
        // A safe first statement does not carry a destructive one through, and nothing of the batch runs.
        let batch = try server.psql(port: fixture.readWritePort, ["-c", "INSERT INTO plain VALUES (6); DROP TABLE plain CASCADE"])
        #expect(batch.status != 0)
        #expect(batch.output.contains("42501"), "\(batch.output)")
        #expect(batch.output.contains("sql.drop-table"), "\(batch.output)")
        #expect(batch.output.contains("blastwall approve req_"), "the hint says how a person approves: \(batch.output)")
        let after = try server.psql(port: server.port, ["-tA", "-c", "SELECT count(*) FROM plain"])
        #expect(after.output.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    @Test func pgDumpWorksThroughAReadOnlySession() throws {
        let fixture = try fixture()
        _ = try fixture.server.psql(
            port: fixture.server.port, ["-c", "DROP TABLE IF EXISTS dumped; CREATE TABLE dumped (id int PRIMARY KEY, note text)"])
        let output = try PostgresServer.run(
            "/usr/bin/pg_dump", ["-h", "127.0.0.1", "-p", String(fixture.readOnlyPort), "-U", "postgres", "-t", "dumped", "postgres"],
            environment: ["PGPASSWORD": PostgresServer.password, "PATH": "/usr/bin:/bin"])
        #expect(output.contains("CREATE TABLE public.dumped"), "\(output.prefix(400))")
    }

    @Test func anApprovedWriteRunsOnceInAReadOnlySession() throws {
        let fixture = try fixture()
        let server = fixture.server
        _ = try server.psql(port: server.port, ["-c", "DROP TABLE IF EXISTS approved; CREATE TABLE approved (id int)"])
        let refused = try server.psql(port: fixture.readOnlyPort, ["-c", "INSERT INTO approved VALUES (1)"])
        #expect(refused.output.contains("25006"), "\(refused.output)")
        let requestID = try #require(
            refused.output.split(whereSeparator: { " `".contains($0) }).first { $0.hasPrefix("req_") }.map(String.init))
        let store = try Store(path: fixture.storePath)
        let alice = Self.alice
        store.trust = TrustedKeys(approvers: [alice])
        _ = try store.approve(requestID, key: alice, scope: .exact, settings: ApprovalSettings(), now: UTCTime.now())
        let approved = try server.psql(port: fixture.readOnlyPort, ["-c", "INSERT INTO approved VALUES (1)"])
        #expect(approved.status == 0, "\(approved.output)")
        let again = try server.psql(port: fixture.readOnlyPort, ["-c", "INSERT INTO approved VALUES (1)"])
        #expect(again.output.contains("single-use grant already used"), "\(again.output)")
        let rows = try server.psql(port: server.port, ["-tA", "-c", "SELECT count(*) FROM approved"])
        #expect(rows.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // Every decision is in the audit log, and the log verifies.
        try fixture.readOnly.flush()
        let verification = try store.verifyAudit()
        #expect(verification.isIntact)
        let records = try store.auditRecords(after: 0, limit: 100_000).map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(records.contains { $0.contains("\"grant-use\"") })
        #expect(records.filter { $0.contains("\"source\":\"proxy\"") && $0.contains("INSERT INTO approved") }.count >= 3)
    }

    /// psycopg 3 (extended protocol, pipelining, named prepared statements) and raw sockets: for
    /// every refused statement the SQLSTATE, the transaction status, a working session afterwards,
    /// and nothing of the batch left behind.
    @Test func driversAndRawProtocolScenarios() throws {
        let fixture = try fixture()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/scenarios.py").path
        let output = try PostgresServer.run(
            "/usr/bin/env",
            [
                "python3", script, "127.0.0.1", String(fixture.readOnlyPort), String(fixture.readWritePort), String(fixture.server.port),
                PostgresServer.password,
            ])
        var observed: [String: [String: Any]] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("{") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            observed[object["scenario"] as? String ?? "?"] = object
        }
        func expectRefused(_ name: String, _ sqlState: String, status: String = "IDLE", sourceLocation: SourceLocation = #_sourceLocation) {
            let scenario = observed[name] ?? [:]
            #expect(scenario["sqlstate"] as? String == sqlState, "\(name): \(scenario)", sourceLocation: sourceLocation)
            #expect(scenario["status"] as? String ?? status == status, "\(name): \(scenario)", sourceLocation: sourceLocation)
            #expect(scenario["select1"] as? Bool == true, "\(name): the session must still answer SELECT 1", sourceLocation: sourceLocation)
            if let rows = scenario["rows"] {
                #expect(rows as? Int == 10, "\(name): the table must be untouched: \(scenario)", sourceLocation: sourceLocation)
            }
        }
        expectRefused("extended-destructive", "42501")
        expectRefused("pipeline-rollback", "42501")
        expectRefused("transaction-aborted", "42501", status: "INERROR")
        expectRefused("prepared-refused", "42501")
        #expect(observed["prepared-refused"]?["again"] as? String == "42501")
        expectRefused("read-only-write", "25006")
        for escape in ["set-off", "begin-read-write", "characteristics", "set-config", "reset-all", "commit-escape", "replication-role"] {
            expectRefused("escape-" + escape, "42501")
            #expect(observed["escape-" + escape]?["read_only"] as? Bool == true, "\(escape) must leave the session read-only")
        }
        #expect(observed["reads"]?["rows"] as? [Int] == [1, 2, 3])
        #expect(observed["reads"]?["walked"] as? Int == 10)
        let malformed = observed["malformed"] ?? [:]
        #expect(malformed["early_rows"] as? Int == 10, "a Query sent before the login completed must not run: \(malformed)")
        for key in ["garbage_error", "huge_error", "tls_error", "replication_error", "early_error"] {
            #expect(malformed[key] as? Bool == true, "\(key): \(malformed)")
        }
        for key in ["garbage_end", "huge_end", "tls_end", "replication_end", "early_end"] {
            #expect(malformed[key] as? String == "closed", "\(key): \(malformed)")
        }
        #expect(malformed["others"] as? Int == 42, "other sessions go on")
        expectRefused("oversized-statement", "54000")
        expectRefused("invalid-utf8", "22021")
        // Bytes in pieces of 1 and 7: every message split across reads, several in one read.
        for name in ["fragmented-1", "fragmented-7"] {
            let scenario = observed[name] ?? [:]
            #expect(scenario["logged_in"] as? String == "I", "\(name): SCRAM through the proxy: \(scenario)")
            #expect(scenario["read"] as? [String] == ["42"], "\(name): \(scenario)")
            #expect(scenario["batch"] as? [String] == ["7"], "\(name): the statement before the refused one answers: \(scenario)")
            expectRefused(name, "42501")
        }
        #expect(observed.count == 18, "every scenario reported: \(observed.keys.sorted())")
    }

    @Test func aSessionTheServerRunsWithoutStandardStringsIsRefused() throws {
        let fixture = try fixture()
        let server = fixture.server
        _ = try server.psql(
            port: server.port,
            [
                "-c",
                "DROP ROLE IF EXISTS backslashes; CREATE ROLE backslashes LOGIN PASSWORD '\(PostgresServer.password)'; "
                    + "ALTER ROLE backslashes SET standard_conforming_strings = off",
            ])
        // With it off, `'\'` does not end where the guard's parser ends it: nothing is judged, all is refused.
        let refused = try server.psql(port: fixture.readOnlyPort, ["-U", "backslashes", "-c", "SELECT 1"])
        #expect(refused.status != 0, "\(refused.output)")
        #expect(refused.output.contains("0A000") && refused.output.contains("standard_conforming_strings"), "\(refused.output)")
        let ordinary = try server.psql(port: fixture.readOnlyPort, ["-tA", "-c", "SELECT 1"])
        #expect(ordinary.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(ordinary.output)")
    }

    @Test func anUnreachableServerEndsTheSessionWithAReason() throws {
        let fixture = try fixture()
        let proxy = try ProxyServer(
            configuration: ProxyConfiguration(
                listen: HostPort(host: "127.0.0.1", port: 0), upstream: HostPort(host: "127.0.0.1", port: 1), environment: "staging"),
            policy: DefaultPolicy.policy, storePath: nil, threads: 1)
        let port = try proxy.start()
        defer { try? proxy.shutdown() }
        let result = try fixture.server.psql(port: port, ["-c", "SELECT 1"])
        #expect(result.status != 0)
        #expect(result.output.contains("could not reach the server"), "\(result.output)")
    }
}

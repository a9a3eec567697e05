import BlastwallCore
import BlastwallSQL
import BlastwallStore
import Foundation
import Testing

@testable import BlastwallProxy

/// The guard's caches: a text or shape allowed once is allowed again without the classifier,
/// never where a constant changes the verdict, and every statement still reaches the log.
@Suite struct StatementGuardTests {
    func judge(_ statementGuard: StatementGuard, _ sql: String, session: inout SQLSession) -> Bool {
        if case .forward = statementGuard.judge(sql, session: &session, user: "agent", inTransactionBlock: false) { return true }
        return false
    }

    @Test func aConstantThatDecidesIsJudgedEveryTime() {
        let readOnly = StatementGuard(policy: DefaultPolicy.policy, environment: "staging", readOnly: true, recorder: nil)
        var session = SQLSession()
        #expect(judge(readOnly, "SELECT set_config('application_name', 'report', false)", session: &session))
        #expect(!judge(readOnly, "SELECT set_config('default_transaction_read_only', 'off', false)", session: &session))
        #expect(judge(readOnly, "SET client_encoding = 'UTF8'", session: &session))
        #expect(!judge(readOnly, "SET client_encoding = 'LATIN1'", session: &session))

        let readWrite = StatementGuard(policy: DefaultPolicy.policy, environment: "staging", readOnly: false, recorder: nil)
        #expect(judge(readWrite, "UPDATE accounts SET balance = 0 WHERE balance + 1 = balance + 2", session: &session))
        #expect(!judge(readWrite, "UPDATE accounts SET balance = 0 WHERE balance + 1 = balance + 1", session: &session))
        #expect(judge(readWrite, "DELETE FROM accounts WHERE id = 7", session: &session))
        #expect(!judge(readWrite, "DELETE FROM accounts WHERE 7 = 7", session: &session))
    }

    @Test func textsOfOneShapeAreAllowedByItsVerdictAndEachIsRecorded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("store.sqlite").path
        let recorder = try ProxyRecorder(storePath: storePath, policy: DefaultPolicy.policy, flushInterval: .seconds(60))
        let readOnly = StatementGuard(policy: DefaultPolicy.policy, environment: "staging", readOnly: true, recorder: recorder)
        var session = SQLSession()
        let texts = (1...5).map { "SELECT abalance FROM pgbench_accounts WHERE aid = \($0 * 1000)" }
        for text in texts { #expect(judge(readOnly, text, session: &session)) }
        // The shape itself, as a driver's Parse sends it, is the same verdict.
        #expect(judge(readOnly, "SELECT abalance FROM pgbench_accounts WHERE aid = $1", session: &session))
        #expect(!judge(readOnly, "DELETE FROM pgbench_accounts WHERE aid = 1000", session: &session))
        try recorder.flush()

        let store = try Store(path: storePath)
        let verdicts = try store.auditRecords(after: 0, limit: 100).map { String(decoding: $0.bytes, as: UTF8.self) }
            .filter { $0.contains("\"type\":\"verdict\"") }
        // The first text judged on its own; the next four listed under the shape's verdict.
        let shaped = verdicts.filter { $0.contains("\"statements\"") }
        #expect(shaped.count == 1, "\(verdicts)")
        #expect(shaped.first?.contains("\"command\":\"SELECT abalance FROM pgbench_accounts WHERE aid = $1\"") == true)
        for text in texts.dropFirst() { #expect(shaped.first?.contains("\"\(text)\"") == true, "\(text) is not in the log") }
        #expect(verdicts.contains { $0.contains("\"command\":\"\(texts[0])\"") })
        #expect(verdicts.contains { $0.contains("\"decision\":\"deny\"") && $0.contains("DELETE FROM pgbench_accounts") })
        #expect(try store.verifyAudit().isIntact)
    }
}

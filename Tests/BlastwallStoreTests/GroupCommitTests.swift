import BlastwallCore
import Testing

@testable import BlastwallStore

/// The SQL proxy's group commit: allowed verdicts written in one transaction, repeats of one
/// action folded into one record with a count, and the chain intact.
struct GroupCommitTests {
    @Test func repeatsOfOneActionAreOneRecordWithACount() throws {
        let store = try scratchStore()
        let gate = CommandGate(policy: DefaultPolicy.policy)
        let context = ActionContext(requester: "agent", agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        let first = try gate.evaluate(command: "ls -la", context: AnalysisContext(cwd: "/tmp")).verdict
        let second = try gate.evaluate(command: "pwd", context: AnalysisContext(cwd: "/tmp")).verdict
        let other = ActionContext(requester: "someone-else", agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        try store.recordAllowed(
            [(first, context), (second, context), (first, context), (first, other), (first, context)], now: UTCTime.now())
        let records = try store.auditRecords(after: 0, limit: 100).map { String(decoding: $0.bytes, as: UTF8.self) }
        let verdicts = records.filter { $0.contains("\"type\":\"verdict\"") }
        #expect(verdicts.count == 3)
        #expect(verdicts[0].contains("\"command\":\"ls -la\"") && verdicts[0].contains("\"count\":3"), "\(verdicts[0])")
        #expect(verdicts[1].contains("\"command\":\"pwd\"") && !verdicts[1].contains("\"count\""))
        #expect(verdicts[2].contains("someone-else") && !verdicts[2].contains("\"count\""))
        #expect(try store.verifyAudit().isIntact)
    }
}

import BlastwallCore
import Testing

@testable import BlastwallStore

/// The SQL proxy's group commit: allowed verdicts written in one transaction, each verdict one
/// record with a count, the texts a shape's verdict allowed listed in order, and the chain intact.
struct GroupCommitTests {
    @Test func aVerdictUsedSeveralTimesIsOneRecordWithACount() throws {
        let store = try scratchStore()
        let gate = CommandGate(policy: DefaultPolicy.policy)
        let context = ActionContext(requester: "agent", agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        let first = try gate.evaluate(command: "ls -la", context: AnalysisContext(cwd: "/tmp")).verdict
        let second = try gate.evaluate(command: "pwd", context: AnalysisContext(cwd: "/tmp")).verdict
        let other = ActionContext(requester: "someone-else", agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        try store.recordAllowed(
            [
                Store.AllowedActions(verdict: first, context: context, inputs: Array(repeating: first.input, count: 3)),
                Store.AllowedActions(verdict: second, context: context, inputs: [second.input]),
                Store.AllowedActions(verdict: first, context: other, inputs: [first.input]),
            ], now: UTCTime.now())
        let records = try store.auditRecords(after: 0, limit: 100).map { String(decoding: $0.bytes, as: UTF8.self) }
        let verdicts = records.filter { $0.contains("\"type\":\"verdict\"") }
        #expect(verdicts.count == 3)
        #expect(verdicts[0].contains("\"command\":\"ls -la\"") && verdicts[0].contains("\"count\":3"), "\(verdicts[0])")
        #expect(verdicts[1].contains("\"command\":\"pwd\"") && !verdicts[1].contains("\"count\""))
        #expect(verdicts[2].contains("someone-else") && !verdicts[2].contains("\"count\""))
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func textsAllowedByTheVerdictOfTheirShapeAreListedInOrder() throws {
        let store = try scratchStore()
        let gate = CommandGate(policy: DefaultPolicy.policy)
        let context = ActionContext(requester: "agent", agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        let shape = try gate.evaluate(command: "ls $1", context: AnalysisContext(cwd: "/tmp")).verdict
        let texts = (0..<(Store.statementsPerRecord + 3)).map { "ls \($0)" }
        try store.recordAllowed([Store.AllowedActions(verdict: shape, context: context, inputs: texts)], now: UTCTime.now())
        let verdicts = try store.auditRecords(after: 0, limit: 100).map { String(decoding: $0.bytes, as: UTF8.self) }
            .filter { $0.contains("\"type\":\"verdict\"") }
        // One record per `statementsPerRecord` texts, each naming the shape and listing its texts.
        #expect(verdicts.count == 2)
        #expect(
            verdicts[0].contains("\"count\":\(Store.statementsPerRecord)") && verdicts[0].contains("\"statements\":[\"ls 0\",\"ls 1\","))
        #expect(verdicts[1].contains("\"count\":3") && verdicts[1].contains("\"statements\":[\"ls 256\",\"ls 257\",\"ls 258\"]"))
        #expect(verdicts.allSatisfy { $0.contains("\"command\":\"ls $1\"") })
        #expect(try store.verifyAudit().isIntact)
    }
}

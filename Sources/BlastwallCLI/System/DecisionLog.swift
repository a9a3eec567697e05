import BlastwallCore

/// Every verdict of `check` and `hook`, one JSON object a line, so users can see what was blocked
/// (`blastwall log`). The tamper-evident store replaces it in the approvals work.
struct DecisionLog {
    let path: String

    func record(_ verdict: Verdict, source: String, agent: String? = nil) throws {
        var members: [(String, JSON)] = [
            ("time", .string(SystemIO.timestamp())),
            ("source", .string(source)),
            ("decision", .string(verdict.decision.rawValue)),
            ("environment", .string(verdict.environment)),
            ("rules", .array(Array(Set(verdict.decisive.map(\.effect.ruleID))).sorted().map(JSON.string))),
            ("summary", .string(verdict.summary)),
            ("digest", .string(verdict.digest)),
            ("command", .string(String(verdict.input.prefix(4096)))),
        ]
        if let agent { members.insert(("agent", .string(agent)), at: 2) }
        try SystemIO.appendLocked(path, Array((JSON.object(members).serialized() + "\n").utf8))
    }

    func recordFailure(_ error: GateError, input: String, source: String, agent: String? = nil) {
        var members: [(String, JSON)] = [
            ("time", .string(SystemIO.timestamp())),
            ("source", .string(source)),
            ("decision", .string("deny")),
            ("environment", .string("unknown")),
            ("rules", .array([.string("input." + error.code)])),
            ("summary", .string("Blastwall denies: \(error.message)")),
            ("command", .string(String(input.prefix(4096)))),
        ]
        if let agent { members.insert(("agent", .string(agent)), at: 2) }
        try? SystemIO.appendLocked(path, Array((JSON.object(members).serialized() + "\n").utf8))
    }

    /// The records, oldest first; a torn or corrupt line is reported, not fatal.
    func entries() throws -> (records: [JSON], skipped: Int) {
        guard let bytes = try SystemIO.readFile(path, limit: 512 << 20) else { return ([], 0) }
        var records: [JSON] = []
        var skipped = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if let record = try? JSON.parse(String(decoding: line, as: UTF8.self)) {
                records.append(record)
            } else {
                skipped += 1
            }
        }
        return (records, skipped)
    }
}

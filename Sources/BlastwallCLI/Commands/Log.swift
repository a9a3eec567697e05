import ArgumentParser
import BlastwallCore
import BlastwallStore

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show recent verdicts of check, plan and the agent hooks (the verdict records of the audit log).",
        discussion: "Examples:\n  blastwall log --decision deny\n  blastwall log --limit 100 --format json | jq .command")

    @Option(name: .long, help: "How many of the most recent records to show.")
    var limit = 20

    @Option(name: .long, help: "Only this decision: allow, ask or deny.")
    var decision: String?

    @Option(name: .long, help: "Only records of this agent (claude-code, codex, …) or source (check).")
    var agent: String?

    @Option(name: .long, help: "Output format: text, or json (one object a line).")
    var format: OutputFormat = .text

    func validate() throws {
        if let decision, Decision(rawValue: decision) == nil { throw ValidationError("--decision is allow, ask or deny") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let workspace = Workspace()
        guard SystemIO.fileExists(workspace.storePath) else {
            if format == .text { SystemIO.writeStandardOutput("No decisions recorded yet (no store at \(workspace.storePath)).\n") }
            return
        }
        let store = try Store(path: workspace.storePath, create: false, readOnly: true)
        var skipped = 0
        let records = try store.auditRecords(types: [.verdict]).compactMap { record -> JSON? in
            guard let json = record.json else {
                skipped += 1
                return nil
            }
            return json
        }
        let selected = records.filter { record in
            if let decision, record["decision"]?.stringValue != decision { return false }
            if let agent, record["agent"]?.stringValue != agent, record["source"]?.stringValue != agent { return false }
            return true
        }.suffix(limit)
        if selected.isEmpty && format == .text {
            SystemIO.writeStandardOutput("No decisions recorded in \(workspace.storePath) match.\n")
        }
        for record in selected {
            switch format {
            case .json:
                SystemIO.writeStandardOutput(record.serialized() + "\n")
            case .text:
                let time = record["time"]?.stringValue ?? "?"
                let decision = (record["decision"]?.stringValue ?? "?").uppercased()
                let who = record["agent"]?.stringValue ?? record["source"]?.stringValue ?? "?"
                let environment = record["environment"]?.stringValue ?? "?"
                let command = (record["command"]?.stringValue ?? "").replacingAll("\n", with: "⏎")
                SystemIO.writeStandardOutput(
                    "\(time)  \(decision.padding(5))  \(who.padding(11))  \(environment.padding(11))  \(command.prefix(120))\n")
                if decision != "ALLOW", let summary = record["summary"]?.stringValue {
                    SystemIO.writeStandardOutput("    \(summary.prefix(300))\n")
                }
            }
        }
        if skipped > 0 {
            SystemIO.writeStandardError(
                "blastwall: warning: \(skipped) unreadable record(s) in \(workspace.storePath); run `blastwall audit verify`\n")
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

import ArgumentParser
import BlastwallCore

/// `blastwall replay FILE`: what the gate would have said about a shell history, before anything
/// is installed. Runs nothing and records nothing.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what Blastwall would have decided for every command of a shell history; runs nothing.",
        discussion: """
            Reads bash's history (with or without HISTTIMEFORMAT's #timestamp lines), zsh's extended
            history (`: 1700000000:0;command`), fish's, or any file with one command a line, and judges
            each command as `blastwall check` would in --cwd (default: the current directory) under your
            policy. Prints the shares allowed, asked and denied, and the commands it would have stopped,
            with passwords, tokens and keys replaced by ‹redacted›. Nothing is run, nothing is written to
            the audit log, so it is safe on a history full of production work.

            Examples:
              blastwall replay ~/.bash_history
              blastwall replay ~/.zsh_history --env production --limit 40
              blastwall replay - --format json < commands.txt
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The history file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "The directory the commands are judged in (default: the current directory).")
    var cwd: String?

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "How many stopped commands to list (most frequent first).")
    var limit = 20

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let bytes: [UInt8]
        do {
            if file == "-" {
                bytes = try SystemIO.readStandardInput(limit: 256 << 20)
            } else {
                guard let read = try SystemIO.readFile(file, limit: 256 << 20) else { throw fail("no history file at \(file)") }
                bytes = read
            }
        } catch let failure as SystemIO.Failure {
            throw fail("\(file) could not be read: \(failure)")
        }
        // History files hold whatever was typed, in any encoding: undecodable bytes become U+FFFD.
        let commands = ShellHistory.commands(in: String(decoding: bytes, as: UTF8.self))
        let workspace = Workspace(cwd: cwd)
        let policy: Policy
        do {
            policy = try decision.loadPolicy(workspace)
        } catch {
            throw fail("the policy could not be loaded: \(error)")
        }
        let report = ReplayReport.judge(commands, gate: CommandGate(policy: policy), workspace: workspace, environment: decision.env)
        switch format {
        case .json: SystemIO.writeStandardOutput(report.json(limit: limit).pretty() + "\n")
        case .text: SystemIO.writeStandardOutput(report.text(limit: limit, source: file))
        }
    }
}

/// The judged history: counts per decision and the stopped commands, redacted and grouped.
struct ReplayReport {
    struct Stopped {
        var command: String
        var decision: Decision
        var rule: String
        var message: String
        var count: Int
    }

    var total = 0
    var counts: [Decision: Int] = [:]
    var unparsable = 0
    var stopped: [Stopped] = []

    static func judge(_ commands: [String], gate: CommandGate, workspace: Workspace, environment: String?) -> ReplayReport {
        var report = ReplayReport()
        var index: [String: Int] = [:]
        let context = workspace.analysisContext(for: "")
        for command in commands {
            report.total += 1
            let decision: Decision
            var rule = "input-error"
            var message = ""
            do {
                let verdict = try gate.evaluate(command: command, context: context, forcedEnvironment: environment).verdict
                decision = verdict.decision
                if let top = verdict.decisive.first {
                    rule = top.effect.ruleID
                    message = top.effect.message
                }
            } catch {
                decision = .deny
                report.unparsable += 1
                message = error.message
            }
            report.counts[decision, default: 0] += 1
            guard decision != .allow else { continue }
            let shown = Redaction.redact(command)
            if let position = index[shown] {
                report.stopped[position].count += 1
            } else {
                index[shown] = report.stopped.count
                report.stopped.append(Stopped(command: shown, decision: decision, rule: rule, message: Redaction.redact(message), count: 1))
            }
        }
        report.stopped.sort { ($0.count, $0.decision == .deny ? 1 : 0) > ($1.count, $1.decision == .deny ? 1 : 0) }
        return report
    }

    func share(_ decision: Decision) -> String {
        guard total > 0 else { return "0.0 %" }
        let tenths = Int((Double(counts[decision] ?? 0) * 1000 / Double(total)).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }

    func text(limit: Int, source: String) -> String {
        var out = "\(total) command\(total == 1 ? "" : "s") from \(source == "-" ? "standard input" : source), judged without running any\n"
        for decision in [Decision.allow, .ask, .deny] {
            out += "  \(decision.rawValue.padding(6)) \(String(counts[decision] ?? 0).padding(7)) \(share(decision))\n"
        }
        if unparsable > 0 { out += "  (\(unparsable) of the denied could not be parsed)\n" }
        if !stopped.isEmpty, limit > 0 {
            out += "\nWould have stopped (most frequent first):\n"
            for entry in stopped.prefix(limit) {
                let times = entry.count > 1 ? " ×\(entry.count)" : ""
                out +=
                    "  \(entry.decision.rawValue.uppercased().padding(5)) \(entry.rule)\(times)\n      \(TerminalText.escapeLine(entry.command).prefix(200))\n"
                if !entry.message.isEmpty { out += "      \(TerminalText.escapeLine(entry.message).prefix(200))\n" }
            }
            if stopped.count > limit { out += "  … and \(stopped.count - limit) more distinct commands (--limit N shows more)\n" }
        }
        return out
    }

    func json(limit: Int) -> JSON {
        .object([
            ("commands", .number(String(total))),
            ("allow", .number(String(counts[.allow] ?? 0))),
            ("ask", .number(String(counts[.ask] ?? 0))),
            ("deny", .number(String(counts[.deny] ?? 0))),
            ("unparsable", .number(String(unparsable))),
            (
                "stopped",
                .array(
                    stopped.prefix(limit).map { entry in
                        .object([
                            ("command", .string(entry.command)), ("decision", .string(entry.decision.rawValue)),
                            ("rule", .string(entry.rule)), ("message", .string(entry.message)), ("count", .number(String(entry.count))),
                        ])
                    })
            ),
        ])
    }
}

import ArgumentParser
import BlastwallCore
import BlastwallStore

struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "File a request for a second person to approve a command Blastwall asks about or denies.",
        discussion: """
            The request is bound to the command's digest (command + directory + resolved environment):
            an approval covers exactly this, never an edited version. You get a request id, not a
            token; a person with an enrolled approver key approves it with `blastwall approve ID`.
            Agent hooks file requests on their own when they deny; for a Terraform plan use
            `blastwall plan PLAN --request --reason …`.

            Examples:
              blastwall request --command 'terraform destroy' --cwd envs/staging --reason 'retire the legacy stack'
              blastwall request --break-glass --command 'aws rds reboot-db-instance --db-instance-identifier prod' --reason 'INC-231: database hung'
            """)

    @Option(name: .long, help: "The command line, exactly as it would run.")
    var command: String

    @Option(name: .long, help: "The directory it would run in (default: the current directory).")
    var cwd: String?

    @Option(name: .long, help: "Why it is needed, shown to the approver.")
    var reason: String

    @Flag(name: .long, help: "An emergency: one approver suffices, the grant is short-lived and the record is flagged.")
    var breakGlass = false

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
        if reason.trimmingNewlines.allSatisfy({ $0 == " " }) { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let evaluation = try Gatekeeper.evaluateCommand(
            command: command, fromStandardInput: false, cwd: cwd, sessionVariables: [], options: decision, format: format,
            log: true, source: "request", fileRequest: RequestFiling(reason: reason, breakGlass: breakGlass, explicit: true))
        if evaluation.verdict.decision == .allow {
            SystemIO.writeStandardError("blastwall: nothing to approve: this command is allowed as it is\n")
        } else if evaluation.verdict.request == nil {
            throw fail("no request filed: guard-tamper is never approved through Blastwall; change Blastwall's own files yourself")
        }
        throw ExitCode(evaluation.verdict.decision.exitCode)
    }
}

struct Requests: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List requests waiting for approval, with everything an approver needs to judge them.",
        discussion: "Examples:\n  blastwall requests\n  blastwall requests --all --format json")

    @Flag(name: .long, help: "Include decided and expired requests.")
    var all = false

    @Option(name: .long, help: "Output format: text, or json (one object a line).")
    var format: OutputFormat = .text

    func run() throws {
        let workspace = Workspace()
        let store = try AuditRecorder(workspace: workspace, source: "requests").open()
        let (requests, tampered) = try store.requests(all: all, now: UTCTime.now())
        for entry in tampered {
            SystemIO.writeStandardError("blastwall: warning: \(TerminalText.escapeLine(entry.reason))\n")
        }
        if let weakness = try workspace.trustRoot().weakness, format == .text {
            SystemIO.writeStandardError("blastwall: note: \(weakness); \(TrustRoot.strengthenAdvice)\n")
        }
        if requests.isEmpty && format == .text { SystemIO.writeStandardOutput(all ? "No requests.\n" : "No pending requests.\n") }
        for request in requests {
            switch format {
            case .json: SystemIO.writeStandardOutput(request.json.serialized() + "\n")
            case .text: SystemIO.writeStandardOutput(RequestText.render(request) + "\n")
            }
        }
    }
}

/// How a request is shown to the person deciding it: the whole action, never a summary alone.
enum RequestText {
    /// Every field that came from the agent is escaped: a carriage return or an ANSI sequence in
    /// a command cannot repaint the lines the approver reads.
    static func render(_ request: ApprovalRequest) -> String {
        let line = TerminalText.escapeLine
        var text = "\(request.id)  \(request.status.uppercased())\(request.breakGlass ? "  BREAK-GLASS" : "")\n"
        text += "  requested by  \(line(request.requester)) (through \(line(request.agent))) at \(UTCTime.iso8601(request.created))\n"
        text += "  expires       \(UTCTime.iso8601(request.expires))\n"
        text += "  environment   \(line(request.environment))\n"
        text += "  directory     \(line(request.cwd))\n"
        text +=
            "  \(request.kind == "plan" ? "plan" : "command")       \(request.kind == "plan" ? TerminalText.escape(request.action) : line(request.action))\n"
        text += "  digest        \(request.digest)\n"
        text += "  reason        \(line(request.reason))\n"
        text += "  verdict       \(line(request.summary))\n"
        for effect in (try? JSON.parse(request.effects))?.arrayValue ?? [] where effect["decision"]?.stringValue != "allow" {
            let resources = effect["resources"]?.arrayValue?.compactMap(\.stringValue) ?? []
            text +=
                "    - [\(effect["decision"]?.stringValue ?? "?")] \(line(effect["rule"]?.stringValue ?? "?")): \(line(effect["message"]?.stringValue ?? ""))"
            if !resources.isEmpty { text += " (\(line(resources.joined(separator: ", "))))" }
            text += "\n"
        }
        return text
    }
}

import ArgumentParser
import BlastwallCore
import BlastwallStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide allow, ask or deny for a shell command, without running it.",
        discussion: """
            Exit status: 0 allow, 3 ask, 2 deny, 1 the command could not be handled (treat as deny).

            Examples:
              blastwall check --command 'terraform destroy' --env production
              blastwall check --command 'aws --profile prod rds delete-db-instance --db-instance-identifier db' --format json
              blastwall check --command 'rm -rf build' --cwd ~/src/app
            """)

    @Option(name: .long, help: "The command line to check, exactly as the shell would receive it.")
    var command: String?

    @Flag(name: .long, help: "Read the command from standard input instead of --command.")
    var stdin = false

    @Option(name: .long, help: "The directory the command would run in (default: the current directory).")
    var cwd: String?

    @Option(
        name: .long,
        help: ArgumentHelp("A variable of the session the command runs in, as NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var envVar: [String] = []

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Do not record the verdict in the audit log (and so apply no grant).")
    var noLog = false

    @Flag(name: .long, help: "When the verdict is ask or deny, file a request for a second person to approve.")
    var request = false

    func validate() throws {
        if command == nil && !stdin { throw ValidationError("give the command with --command STRING or --stdin") }
        if command != nil && stdin { throw ValidationError("use either --command or --stdin, not both") }
    }

    func run() throws {
        let evaluation = try Gatekeeper.evaluateCommand(
            command: command, fromStandardInput: stdin, cwd: cwd, sessionVariables: envVar, options: decision,
            format: format, log: !noLog, source: "check", fileRequest: request ? RequestFiling(explicit: true) : nil)
        throw ExitCode(evaluation.verdict.decision.exitCode)
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the full reasoning for a command: every step of analysis, every effect and what decided it.",
        discussion: "Example: blastwall explain --command 'sudo bash -c \"terraform -chdir=envs/prod destroy\"'")

    @Option(name: .long, help: "The command line to explain.")
    var command: String

    @Option(name: .long, help: "The directory the command would run in.")
    var cwd: String?

    @Option(name: .long, help: ArgumentHelp("A session variable, NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var envVar: [String] = []

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        let evaluation = try Gatekeeper.evaluateCommand(
            command: command, fromStandardInput: false, cwd: cwd, sessionVariables: envVar, options: decision,
            format: format, log: false, source: "explain", explain: true)
        throw ExitCode(evaluation.verdict.decision.exitCode)
    }
}

/// Shared by check and explain: read, evaluate, print, log.
enum Gatekeeper {
    static func evaluateCommand(
        command: String?, fromStandardInput: Bool, cwd: String?, sessionVariables: [String], options: DecisionOptions,
        format: OutputFormat, log: Bool, source: String, explain: Bool = false, fileRequest: RequestFiling? = nil
    ) throws -> CommandGate.Evaluation {
        let text: String
        do {
            if fromStandardInput {
                text = try InputValidation.command(from: try SystemIO.readStandardInput(limit: InputValidation.maximumCommandBytes + 1))
            } else {
                text = try InputValidation.command(from: Array((command ?? "").utf8))
            }
        } catch let error as GateError {
            throw report(error, command: command ?? "", format: format)
        }
        var workspace = Workspace(cwd: cwd)
        var session = workspace.environment
        for assignment in sessionVariables {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw fail("--env-var takes NAME=VALUE, got '\(assignment)'")
            }
            session[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        workspace.environment = session
        let policy: Policy
        do {
            policy = try options.loadPolicy(workspace)
        } catch {
            throw report(
                GateError(code: "policy-error", message: "the policy could not be loaded: \(error)"), command: text, format: format)
        }
        let gate = CommandGate(policy: policy)
        var evaluation: CommandGate.Evaluation
        do {
            evaluation = try gate.evaluate(
                command: text, context: workspace.analysisContext(for: text), forcedEnvironment: options.env)
            evaluation.verdict = SavedPlans.review(evaluation.verdict, policy: policy, environment: workspace.environment)
            BlastRadius.annotate(&evaluation.verdict)
        } catch {
            if log { AuditRecorder(workspace: workspace, source: source).recordFailure(error, input: text, cwd: workspace.cwd) }
            throw report(error, command: text, format: format)
        }
        if log {
            // Recorded (and lifted by any grant) before it is printed: a verdict that cannot be
            // recorded is not given, so a full or broken store makes check deny.
            do {
                evaluation.verdict = try AuditRecorder(workspace: workspace, source: source).record(
                    evaluation.verdict, policy: policy, cwd: workspace.cwd, fileRequest: fileRequest)
            } catch {
                throw report(
                    GateError(
                        code: "store-error", message: "the verdict could not be recorded in \(workspace.storePath): \(error.message)"),
                    command: text, format: format)
            }
        }
        switch format {
        case .json:
            SystemIO.writeStandardOutput(evaluation.verdict.json(trace: explain ? evaluation.trace : nil).pretty() + "\n")
        case .text:
            let color = SystemIO.isTerminal(1) && workspace.environment["NO_COLOR"] == nil
            SystemIO.writeStandardOutput(
                TextReport(verdict: evaluation.verdict, color: color).render(trace: explain ? evaluation.trace : nil))
        }
        return evaluation
    }

    /// An input the gate could not handle: say what and where, and exit 1 (which doors treat as deny).
    static func report(_ error: GateError, command: String, format: OutputFormat) -> ExitCode {
        switch format {
        case .json:
            var members: [(String, JSON)] = [
                ("decision", .string("deny")),
                ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
                ("rules", .array([])), ("environment", .string("unknown")), ("effects", .array([])),
                ("digest", .string("sha256:" + SHA256.hex(command.utf8))),
            ]
            if let offset = error.offset { members.append(("offset", .number(String(offset)))) }
            SystemIO.writeStandardOutput(JSON.object(members).pretty() + "\n")
        case .text:
            var message = "blastwall: error: [\(error.code)] \(error.message)\n"
            if let offset = error.offset, !command.contains("\n") {
                message += "  \(command)\n  \(String(repeating: " ", count: TextReport.column(of: offset, in: command)))^\n"
            }
            message += "  Blastwall cannot judge what it cannot read, so every hook treats this as deny.\n"
            SystemIO.writeStandardError(message)
        }
        return ExitCode(1)
    }
}

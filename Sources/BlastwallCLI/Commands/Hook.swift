import ArgumentParser
import BlastwallCore
import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer an agent's pre-execution hook: read its JSON on standard input, reply in its own format.",
        discussion: """
            AGENT is one of: \(Agent.allCases.map(\.rawValue).joined(separator: ", ")).
            Any failure (bad JSON, a broken policy, a command that cannot be parsed, a crash) denies.
            Codex, Gemini and Copilot cannot show an ask prompt, so ask is answered as deny there.
            Install it with `blastwall install AGENT`.
            """)

    @ArgumentParser.Argument(help: "The agent whose protocol to speak.")
    var agent: String

    @OptionGroup var decision: DecisionOptions

    func run() throws {
        guard let agent = Agent(rawValue: agent) else {
            throw fail("unknown agent '\(self.agent)'; expected one of \(Agent.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let response = HookRunner(
            agent: agent, environment: decision.env, policyFiles: decision.policy, headless: decision.headless
        ).respond()
        SystemIO.writeStandardOutput(response.standardOutput)
        SystemIO.writeStandardError(response.standardError)
        CrashGuard.disarm()
        throw ExitCode(response.exitCode)
    }
}

/// Everything between the agent's bytes and Blastwall's answer; every failure becomes a deny.
struct HookRunner {
    let agent: Agent
    let environment: String?
    let policyFiles: [String]
    let headless: Bool

    /// `blastwall hook AGENT [--env NAME] [--policy FILE]… [--headless]`, read without the
    /// argument parser, whose start-up cost is larger than the whole decision. Anything else
    /// (`--help`, a typo) returns nil and goes through the full parser.
    static func fastPath(_ arguments: [String]) -> HookRunner? {
        guard arguments.count >= 2, arguments[0] == "hook", let agent = Agent(rawValue: arguments[1]) else { return nil }
        var environment: String?
        var policies: [String] = []
        var headless = false
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--headless" {
                headless = true
                index += 1
            } else if argument == "--env" || argument == "--policy", index + 1 < arguments.count {
                if argument == "--env" { environment = arguments[index + 1] } else { policies.append(arguments[index + 1]) }
                index += 2
            } else if argument.hasPrefix("--env=") {
                environment = String(argument.dropFirst(6))
                index += 1
            } else if argument.hasPrefix("--policy=") {
                policies.append(String(argument.dropFirst(9)))
                index += 1
            } else {
                return nil
            }
        }
        return HookRunner(agent: agent, environment: environment, policyFiles: policies, headless: headless)
    }

    /// Answers and exits.
    func run() -> Never {
        let response = respond()
        SystemIO.writeStandardOutput(response.standardOutput)
        SystemIO.writeStandardError(response.standardError)
        CrashGuard.disarm()
        exit(response.exitCode)
    }

    func respond() -> HookResponse {
        let workspace = Workspace()
        var recorder = AuditRecorder(workspace: workspace, source: "hook", agent: agent.rawValue)
        let input: [UInt8]
        do {
            input = try SystemIO.readStandardInput(limit: 8 << 20)
        } catch {
            return deny("Blastwall could not read the hook input: \(error)")
        }
        let request: HookRequest
        do {
            request = try AgentHooks.parse(agent, input: input)
        } catch {
            recorder.recordFailure(error, input: String(decoding: input.prefix(4096), as: UTF8.self), cwd: workspace.cwd)
            return deny("Blastwall denies: \(error.message)")
        }
        recorder.toolUseID = request.toolUseID
        // After the call ran (Claude Code's PostToolUse): record that it ran, answer nothing.
        if request.event == "PostToolUse" {
            if let id = request.toolUseID, case .shell(let command) = request.action {
                do {
                    try recorder.recordOutcome(toolUseID: id, command: command, cwd: request.cwd ?? workspace.cwd)
                } catch {
                    SystemIO.writeStandardError("blastwall: warning: the outcome was not recorded: \(error)\n")
                }
            }
            return .silent
        }
        var session = workspace
        if let cwd = request.cwd, !cwd.isEmpty { session = Workspace(cwd: cwd, environment: workspace.environment) }
        var policy: Policy
        do {
            policy = try session.loadPolicy(extra: policyFiles)
            if headless { policy.isHeadless = true }
        } catch {
            return deny("Blastwall denies because its policy could not be loaded: \(error)")
        }
        let gate = CommandGate(policy: policy)
        let evaluation: CommandGate.Evaluation
        do {
            switch request.action {
            case .untouched:
                return AgentHooks.respond(agent, decision: .allow, reason: "\(request.toolName) is not a tool Blastwall gates")
            case .shell(let command):
                let text = try InputValidation.command(from: Array(command.utf8))
                evaluation = try gate.evaluate(command: text, context: session.analysisContext(for: text), forcedEnvironment: environment)
            case .fileWrite(let paths):
                evaluation = try gate.evaluate(
                    fileWrites: paths, tool: request.toolName, context: session.analysisContext(for: ""),
                    forcedEnvironment: environment)
            }
        } catch {
            let shown: String
            if case .shell(let command) = request.action { shown = command } else { shown = "" }
            recorder.recordFailure(error, input: shown, cwd: session.cwd)
            return deny("Blastwall denies: \(error.message). It cannot judge what it cannot read; write the command so it parses.")
        }
        var verdict = SavedPlans.review(evaluation.verdict, policy: policy, environment: session.environment)
        BlastRadius.annotate(&verdict)
        do {
            // Grants are applied and a request filed in the same transaction that records the
            // verdict, which is synced before the agent hears the answer.
            verdict = try recorder.record(
                verdict, policy: policy, cwd: session.cwd,
                // An agent that can put ask to its user needs no request for it; one that
                // cannot turns ask into deny, and the request is how a person can still say yes.
                fileRequest: verdict.decision == .deny || !agent.supportsAsk ? RequestFiling() : nil)
        } catch {
            // A decision that cannot be recorded is not made: a full disk must not open the gate.
            let advice =
                ["swapped", "trust-root", "clock"].contains(error.code)
                ? "a person must look at this: `blastwall doctor` and `blastwall audit verify` say more"
                : "free space or repair \(workspace.storePath)"
            return deny("Blastwall denies because it could not record the decision (\(error.message)); \(advice)")
        }
        return AgentHooks.respond(agent, decision: verdict.decision, reason: verdict.summary)
    }

    func deny(_ reason: String) -> HookResponse {
        AgentHooks.respond(agent, decision: .deny, reason: reason)
    }
}

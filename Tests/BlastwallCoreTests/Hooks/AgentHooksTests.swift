import Foundation
import Testing

@testable import BlastwallCore

/// Recorded hook inputs of each agent (Tests/Fixtures/hooks), decided and answered in that
/// agent's own protocol.
@Suite struct AgentHooksTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/hooks")

    static func input(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name + ".json")))
    }

    /// What the hook would answer for a fixture, through the real gate.
    static func answer(_ agent: Agent, _ fixture: String) throws -> (HookRequest, HookResponse) {
        let request = try AgentHooks.parse(agent, input: try input(fixture))
        let context = AnalysisContext(cwd: request.cwd ?? "/", home: "/home/dev", workspace: WorkspaceFacts(gitRoot: "/home/dev/project"))
        let gate = CommandGate()
        let decision: Decision
        let reason: String
        switch request.action {
        case .shell(let command):
            let verdict = try gate.evaluate(command: command, context: context).verdict
            (decision, reason) = (verdict.decision, verdict.summary)
        case .fileWrite(let paths):
            let verdict = try gate.evaluate(fileWrites: paths, tool: request.toolName, context: context).verdict
            (decision, reason) = (verdict.decision, verdict.summary)
        case .untouched:
            (decision, reason) = (.allow, "untouched")
        }
        return (request, AgentHooks.respond(agent, decision: decision, reason: reason))
    }

    static func json(_ response: HookResponse) throws -> JSON {
        try JSON.parse(response.standardOutput)
    }

    @Test func claudeCode() throws {
        let (request, deny) = try Self.answer(.claudeCode, "claude-code-bash-destroy")
        #expect(request.action == .shell("terraform destroy -auto-approve"))
        #expect(deny.exitCode == 2 && deny.standardError.contains("terraform.destroy"))
        let output = try Self.json(deny)["hookSpecificOutput"]
        #expect(output?["hookEventName"]?.stringValue == "PreToolUse")
        #expect(output?["permissionDecision"]?.stringValue == "deny")
        #expect(output?["permissionDecisionReason"]?.stringValue?.contains("production") == true)

        let (_, ask) = try Self.answer(.claudeCode, "claude-code-bash-apply")
        #expect(ask.exitCode == 0 && ask.standardError.isEmpty)
        #expect(try Self.json(ask)["hookSpecificOutput"]?["permissionDecision"]?.stringValue == "ask")

        let (_, allow) = try Self.answer(.claudeCode, "claude-code-bash-ls")
        #expect(
            allow == HookResponse(standardOutput: "", standardError: "", exitCode: 0), "allow leaves the agent's own permission flow alone")

        let (write, tamper) = try Self.answer(.claudeCode, "claude-code-write-settings")
        #expect(write.action == .fileWrite(["/home/dev/project/.claude/settings.json"]))
        #expect(tamper.exitCode == 2 && tamper.standardError.contains("file-tool.guard-tamper"))

        let (read, untouched) = try Self.answer(.claudeCode, "claude-code-read")
        #expect(read.action == .untouched && untouched.exitCode == 0)
    }

    @Test func codexAnswersAskAsDeny() throws {
        let (_, deny) = try Self.answer(.codex, "codex-bash-destroy")
        #expect(deny.exitCode == 2 && !deny.standardError.isEmpty, "Codex only blocks on exit 2 with a non-empty reason")
        #expect(try Self.json(deny)["hookSpecificOutput"]?["permissionDecision"]?.stringValue == "deny")
        let (_, ask) = try Self.answer(.codex, "codex-bash-apply")
        #expect(ask.exitCode == 2)
        #expect(try Self.json(ask)["hookSpecificOutput"]?["permissionDecision"]?.stringValue == "deny")
        #expect(ask.standardError.contains("cannot ask"))
        // Only documented fields: Codex's output schema rejects others.
        let keys = try Self.json(ask)["hookSpecificOutput"]?.objectValue?.map(\.0)
        #expect(keys == ["hookEventName", "permissionDecision", "permissionDecisionReason"])

        let (patch, tamper) = try Self.answer(.codex, "codex-apply-patch-hooks")
        #expect(patch.action == .fileWrite([".codex/hooks.json"]))
        #expect(tamper.exitCode == 2)
    }

    @Test func gemini() throws {
        let (_, deny) = try Self.answer(.gemini, "gemini-shell-destroy")
        #expect(deny.exitCode == 2)
        #expect(try Self.json(deny)["decision"]?.stringValue == "deny")
        #expect(try Self.json(deny)["reason"]?.stringValue?.isEmpty == false)
        let (_, allow) = try Self.answer(.gemini, "gemini-shell-ls")
        #expect(allow.exitCode == 0 && allow.standardOutput.isEmpty, "Gemini wants silence on stdout unless it is JSON")
    }

    @Test func cursorTakesTheTopLevelCommand() throws {
        let (request, deny) = try Self.answer(.cursor, "cursor-shell-destroy")
        #expect(request.action == .shell("terraform destroy -auto-approve"))
        #expect(deny.exitCode == 2)
        #expect(try Self.json(deny)["permission"]?.stringValue == "deny")
        #expect(try Self.json(deny)["agent_message"]?.stringValue?.contains("terraform") == true)
        let (_, ask) = try Self.answer(.cursor, "cursor-shell-apply")
        #expect(ask.exitCode == 0)
        #expect(try Self.json(ask)["permission"]?.stringValue == "ask")
        let (_, allow) = try Self.answer(.cursor, "cursor-shell-ls")
        #expect(allow.exitCode == 0)
        #expect(try Self.json(allow)["permission"]?.stringValue == "allow")
    }

    @Test func copilotParsesToolArgsTwice() throws {
        let (request, deny) = try Self.answer(.copilot, "copilot-bash-destroy")
        #expect(request.action == .shell("terraform destroy -auto-approve"))
        #expect(deny.exitCode == 2)
        #expect(try Self.json(deny)["permissionDecision"]?.stringValue == "deny")
        let (_, allow) = try Self.answer(.copilot, "copilot-bash-rm")
        #expect(allow.exitCode == 0)
        let (edit, tamper) = try Self.answer(.copilot, "copilot-edit-hooks")
        #expect(edit.action == .fileWrite([".github/hooks/blastwall.json"]))
        #expect(tamper.exitCode == 2)
    }

    @Test(arguments: Agent.allCases)
    func malformedInputIsAnError(_ agent: Agent) {
        for input in [
            "", "not json", "[]", "{\"tool_name\": 3}", "{\"toolName\":\"bash\",\"toolArgs\":\"{broken\"}",
            "{\"tool_name\":\"Bash\",\"tool_input\":{}}",
        ] {
            #expect(throws: GateError.self, "\(agent.rawValue): \(input)") { try AgentHooks.parse(agent, input: Array(input.utf8)) }
        }
    }
}

/// The coding agents whose pre-execution hooks Blastwall answers.
public enum Agent: String, Sendable, CaseIterable {
    case claudeCode = "claude-code"
    case codex
    case gemini
    case cursor
    case copilot

    /// Agents that cannot show an `ask` prompt (or ignore it and run the call): there `ask` is
    /// answered as `deny`, because an unanswered question must not become a yes.
    public var supportsAsk: Bool {
        switch self {
        case .claudeCode, .cursor: true
        case .codex, .gemini, .copilot: false
        }
    }
}

/// What an agent's hook input asks about.
public struct HookRequest: Sendable {
    public enum Action: Sendable, Equatable {
        case shell(String)
        /// Files an edit or write tool would change.
        case fileWrite([String])
        /// A tool Blastwall does not gate (reads, searches, web fetches).
        case untouched
    }

    public var agent: Agent
    public var toolName: String
    public var action: Action
    public var cwd: String?
    /// `hook_event_name` (`PreToolUse`, `PostToolUse`), when the agent sends one.
    public var event: String? = nil
    /// The agent's id for this tool call (`tool_use_id`).
    public var toolUseID: String? = nil
}

/// What the hook prints and how it exits.
public struct HookResponse: Sendable, Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32

    /// Nothing to say: exit 0 with no output (the answer to an event that decides nothing).
    public static let silent = HookResponse(standardOutput: "", standardError: "", exitCode: 0)
}

/// Translates each agent's hook protocol (../shared/docs/AGENT-HOOKS.md) to and from Blastwall's
/// decisions. No policy lives here.
public enum AgentHooks {
    static let shellTools: Set<String> = [
        "Bash", "PowerShell", "bash", "shell", "Shell", "run_shell_command", "exec_command", "local_shell", "terminal",
    ]
    static let writeTools: Set<String> = [
        "Write", "Edit", "MultiEdit", "NotebookEdit", "write_file", "replace", "edit", "create", "apply_patch", "edit_file",
        "str_replace_editor", "write",
    ]

    public static func parse(_ agent: Agent, input: [UInt8]) throws(GateError) -> HookRequest {
        guard input.count <= 8 << 20 else {
            throw GateError(code: "hook-input-too-large", message: "the hook input is \(input.count) bytes; the limit is \(8 << 20)")
        }
        let text = String(decoding: input, as: UTF8.self)
        let root: JSON
        do {
            root = try JSON.parse(text)
        } catch {
            throw GateError(code: "hook-input-invalid", message: "the hook input is not valid JSON: \(error)")
        }
        guard case .object = root else {
            throw GateError(code: "hook-input-invalid", message: "the hook input is not a JSON object")
        }
        let cwd = root["cwd"]?.stringValue ?? root["workspace_roots"]?.arrayValue?.first?.stringValue
        switch agent {
        case .cursor:
            if let command = root["command"]?.stringValue {
                return HookRequest(agent: agent, toolName: "shell", action: .shell(command), cwd: cwd)
            }
            return try toolRequest(agent, root, toolName: root["tool_name"]?.stringValue, input: root["tool_input"], cwd: cwd)
        case .copilot:
            let toolName = root["toolName"]?.stringValue
            var arguments: JSON?
            if let raw = root["toolArgs"]?.stringValue {
                do {
                    arguments = try JSON.parse(raw)
                } catch {
                    throw GateError(code: "hook-input-invalid", message: "toolArgs is not valid JSON: \(error)")
                }
            } else {
                arguments = root["toolArgs"]
            }
            return try toolRequest(agent, root, toolName: toolName, input: arguments, cwd: cwd)
        case .claudeCode, .codex, .gemini:
            var request = try toolRequest(agent, root, toolName: root["tool_name"]?.stringValue, input: root["tool_input"], cwd: cwd)
            request.event = root["hook_event_name"]?.stringValue
            request.toolUseID = root["tool_use_id"]?.stringValue
            return request
        }
    }

    static func toolRequest(_ agent: Agent, _ root: JSON, toolName: String?, input: JSON?, cwd: String?) throws(GateError) -> HookRequest {
        guard let toolName else {
            throw GateError(
                code: "hook-input-invalid",
                message: "the hook input names no tool (\(agent == .copilot ? "toolName" : "tool_name") is missing)")
        }
        if shellTools.contains(toolName) {
            guard let command = input?["command"]?.stringValue ?? input?["cmd"]?.stringValue else {
                if let parts = input?["command"]?.arrayValue {
                    // Codex sends argv arrays for some shell tools.
                    let words = parts.compactMap(\.stringValue)
                    return HookRequest(
                        agent: agent, toolName: toolName, action: .shell(words.map(shellQuote).joined(separator: " ")), cwd: cwd)
                }
                throw GateError(code: "hook-input-invalid", message: "the \(toolName) tool input has no command")
            }
            return HookRequest(agent: agent, toolName: toolName, action: .shell(command), cwd: cwd)
        }
        if writeTools.contains(toolName) {
            var paths: [String] = []
            for key in ["file_path", "path", "filePath", "notebook_path", "absolute_path", "target_file"] {
                if let path = input?[key]?.stringValue { paths.append(path) }
            }
            for key in ["patch", "input", "command"] {
                if let patch = input?[key]?.stringValue { paths += patchedFiles(patch) }
            }
            if let edits = input?["edits"]?.arrayValue {
                for edit in edits { if let path = edit["file_path"]?.stringValue ?? edit["path"]?.stringValue { paths.append(path) } }
            }
            guard !paths.isEmpty else {
                throw GateError(code: "hook-input-invalid", message: "the \(toolName) tool input names no file")
            }
            return HookRequest(agent: agent, toolName: toolName, action: .fileWrite(paths), cwd: cwd)
        }
        return HookRequest(agent: agent, toolName: toolName, action: .untouched, cwd: cwd)
    }

    /// Files named by an `apply_patch` envelope (`*** Update File: path`).
    static func patchedFiles(_ patch: String) -> [String] {
        var paths: [String] = []
        for line in patch.split(separator: "\n") {
            for marker in ["*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: ", "+++ b/", "--- a/"]
            where line.hasPrefix(marker) {
                paths.append(String(line.dropFirst(marker.count)).trimmingBlanks)
            }
        }
        return paths
    }

    static func shellQuote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }) { return word }
        return "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    /// The agent's native answer. `deny` is sent three ways at once (native JSON, a reason on
    /// standard error, exit 2), which every supported agent honours; `allow` prints nothing
    /// where the agent would otherwise skip its own permission prompt.
    public static func respond(_ agent: Agent, decision: Decision, reason: String) -> HookResponse {
        let effective = decision == .ask && !agent.supportsAsk ? Decision.deny : decision
        let reason =
            decision == .ask && effective == .deny
            ? reason + " (this agent cannot ask a person, so Blastwall denies; run the command yourself or get a grant)"
            : reason
        switch (agent, effective) {
        case (.claudeCode, .allow), (.codex, .allow), (.gemini, .allow), (.copilot, .allow):
            return HookResponse(standardOutput: "", standardError: "", exitCode: 0)
        case (.claudeCode, _), (.codex, _):
            let output = JSON.object([
                (
                    "hookSpecificOutput",
                    .object([
                        ("hookEventName", .string("PreToolUse")),
                        ("permissionDecision", .string(effective.rawValue)),
                        ("permissionDecisionReason", .string(reason)),
                    ])
                )
            ]).serialized()
            return finish(output, effective, reason)
        case (.gemini, _):
            let output = JSON.object([("decision", .string("deny")), ("reason", .string(reason))]).serialized()
            return finish(output, effective, reason)
        case (.cursor, _):
            var members: [(String, JSON)] = [("permission", .string(effective.rawValue))]
            if effective != .allow {
                members.append(("user_message", .string(reason)))
                members.append(("agent_message", .string(reason)))
            }
            return finish(JSON.object(members).serialized(), effective, reason)
        case (.copilot, _):
            let output = JSON.object([
                ("permissionDecision", .string(effective.rawValue)),
                ("permissionDecisionReason", .string(reason)),
            ]).serialized()
            return finish(output, effective, reason)
        }
    }

    static func finish(_ output: String, _ decision: Decision, _ reason: String) -> HookResponse {
        if decision == .deny {
            return HookResponse(standardOutput: output + "\n", standardError: reason + "\n", exitCode: 2)
        }
        return HookResponse(standardOutput: output + "\n", standardError: "", exitCode: 0)
    }
}

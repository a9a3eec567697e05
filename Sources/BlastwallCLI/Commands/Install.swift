import ArgumentParser
import BlastwallCore

struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add Blastwall's hook to an agent's configuration, keeping everything already there.",
        discussion: """
            Writes (or merges into) the agent's hook file. Existing hooks and settings are kept; an
            existing Blastwall entry is updated in place; a file that is not valid JSON is left alone
            and reported. The previous file is kept beside it as .bak.

              claude-code  .claude/settings.json     (~/.claude/settings.json with --user)
              codex        .codex/hooks.json         (~/.codex/hooks.json), plus the codex_hooks feature flag
              gemini       .gemini/settings.json     (~/.gemini/settings.json)
              cursor       .cursor/hooks.json        (~/.cursor/hooks.json)
              copilot      .github/hooks/blastwall.json (project only)

            Agents cannot run this themselves: changing hook configuration is guard-tamper.
            """)

    @ArgumentParser.Argument(help: "The agent: \(Agent.allCases.map(\.rawValue).joined(separator: ", ")).")
    var agent: String

    @Flag(name: .long, help: "Install for this project (the default): the repository root, or the current directory.")
    var project = false

    @Flag(name: .long, help: "Install for your user account, in every project.")
    var user = false

    @Option(name: .long, help: "The blastwall executable the hook should run (default: this one).")
    var executable: String?

    @Flag(name: .long, help: "Print what would be written without writing it.")
    var dryRun = false

    func validate() throws {
        if project && user { throw ValidationError("choose --project or --user, not both") }
        if Agent(rawValue: agent) == nil {
            throw ValidationError("unknown agent '\(agent)'; expected one of \(Agent.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if user && agent == Agent.copilot.rawValue {
            throw ValidationError("Copilot CLI reads hooks from the project's .github/hooks only; use --project")
        }
    }

    func run() throws {
        guard let agent = Agent(rawValue: agent) else { return }
        let workspace = Workspace()
        let base = user ? workspace.home : (workspace.gitRoot() ?? workspace.cwd)
        let binary = executable.map { Paths.resolve($0, cwd: workspace.cwd, home: workspace.home) } ?? SystemIO.executablePath()
        if binary.contains("/.build/") {
            SystemIO.writeStandardError(
                "blastwall: warning: \(binary) is inside a build folder; install a release build somewhere stable and pass --executable\n")
        }
        let plan = HookInstaller(agent: agent, base: base, executable: binary)
        let path = plan.configurationPath
        let existing: String?
        do {
            existing = try SystemIO.readText(path, limit: 16 << 20)
        } catch {
            throw fail("cannot read \(path): \(error)")
        }
        let outcome = Result { () throws(HookInstaller.MergeError) -> JSON in try plan.merge(into: existing) }
        guard case .success(let merged) = outcome else {
            if case .failure(let error) = outcome { throw fail("\(path): \(error.message); nothing was changed") }
            return
        }
        let text = merged.pretty() + "\n"
        if dryRun {
            SystemIO.writeStandardOutput("Would write \(path):\n\(text)")
            return
        }
        do {
            if let existing { try SystemIO.writeFileAtomically(path + ".bak", Array(existing.utf8)) }
            try SystemIO.writeFileAtomically(path, Array(text.utf8))
        } catch {
            throw fail("could not write \(path): \(error)")
        }
        SystemIO.writeStandardOutput("Installed the Blastwall hook for \(agent.rawValue) in \(path)\n")
        if agent == .codex {
            try enableCodexHooks(base: base)
        }
        SystemIO.writeStandardOutput("Check it with: blastwall doctor\n")
    }

    /// Codex only runs hooks with `[features] codex_hooks = true` in its config.toml.
    func enableCodexHooks(base: String) throws {
        let path = base + "/.codex/config.toml"
        let text = (try? SystemIO.readText(path, limit: 4 << 20)) ?? nil
        if let text, text.contains("codex_hooks") {
            if !text.contains("codex_hooks = true") {
                SystemIO.writeStandardOutput("Note: \(path) mentions codex_hooks but not `codex_hooks = true`; set it under [features].\n")
            }
            return
        }
        if let text, text.contains("[features]") {
            SystemIO.writeStandardOutput("Add `codex_hooks = true` under [features] in \(path) so Codex runs the hook.\n")
            return
        }
        let updated = (text ?? "") + ((text?.isEmpty ?? true) ? "" : "\n") + "[features]\ncodex_hooks = true\n"
        do {
            try SystemIO.writeFileAtomically(path, Array(updated.utf8))
        } catch {
            throw fail("could not enable hooks in \(path): \(error)")
        }
        SystemIO.writeStandardOutput("Enabled hooks in \(path) ([features] codex_hooks = true)\n")
    }
}

/// Where each agent keeps its hooks and the entry Blastwall adds there.
struct HookInstaller {
    struct MergeError: Error { var message: String }

    let agent: Agent
    let base: String
    let executable: String

    var command: String {
        let quoted = executable.contains(" ") ? "'\(executable)'" : executable
        return "\(quoted) hook \(agent.rawValue)"
    }

    var configurationPath: String {
        switch agent {
        case .claudeCode: base + "/.claude/settings.json"
        case .codex: base + "/.codex/hooks.json"
        case .gemini: base + "/.gemini/settings.json"
        case .cursor: base + "/.cursor/hooks.json"
        case .copilot: base + "/.github/hooks/blastwall.json"
        }
    }

    /// The event key and the matcher entry for the agent.
    var entry: (event: String, value: JSON) {
        switch agent {
        case .claudeCode:
            return (
                "PreToolUse",
                .object([
                    ("matcher", .string("Bash|PowerShell|Write|Edit|MultiEdit|NotebookEdit")),
                    (
                        "hooks",
                        .array([.object([("type", .string("command")), ("command", .string(command)), ("timeout", .number("30"))])])
                    ),
                ])
            )
        case .codex:
            return (
                "PreToolUse",
                .object([
                    ("matcher", .string("^(Bash|apply_patch)$")),
                    (
                        "hooks",
                        .array([.object([("type", .string("command")), ("command", .string(command)), ("timeout", .number("30"))])])
                    ),
                ])
            )
        case .gemini:
            return (
                "BeforeTool",
                .object([
                    ("matcher", .string("run_shell_command|write_file|replace")),
                    (
                        "hooks",
                        .array([
                            .object([
                                ("type", .string("command")), ("command", .string(command)), ("name", .string("blastwall")),
                                ("timeout", .number("30000")),
                            ])
                        ])
                    ),
                ])
            )
        case .cursor:
            return ("beforeShellExecution", .object([("command", .string(command)), ("failClosed", .bool(true))]))
        case .copilot:
            return ("preToolUse", .object([("type", .string("command")), ("bash", .string(command)), ("timeoutSec", .number("30"))]))
        }
    }

    /// Adds (or replaces) Blastwall's entry, keeping every other key and hook as it was.
    func merge(into existing: String?) throws(MergeError) -> JSON {
        var root: JSON = .object([])
        if let existing, !existing.trimmingWhitespace.isEmpty {
            do {
                root = try JSON.parse(existing)
            } catch {
                throw MergeError(message: "the existing file is not valid JSON (\(error))")
            }
        }
        guard case .object = root else { throw MergeError(message: "the existing file is not a JSON object") }
        if agent == .cursor || agent == .copilot, root["version"] == nil { root.set("version", .number("1")) }
        var hooks = root["hooks"] ?? .object([])
        guard case .object = hooks else { throw MergeError(message: "\"hooks\" is not an object") }
        let (event, value) = entry
        var list = hooks[event]?.arrayValue ?? []
        if hooks[event] != nil, hooks[event]?.arrayValue == nil {
            throw MergeError(message: "\"hooks.\(event)\" is not a list")
        }
        list.removeAll { Self.isBlastwallEntry($0) }
        list.append(value)
        hooks.set(event, .array(list))
        // Claude Code reports which calls ran (PostToolUse): an ask followed by its outcome was
        // approved, which `blastwall learn` reads.
        if agent == .claudeCode {
            guard hooks["PostToolUse"] == nil || hooks["PostToolUse"]?.arrayValue != nil else {
                throw MergeError(message: "\"hooks.PostToolUse\" is not a list")
            }
            var after = hooks["PostToolUse"]?.arrayValue ?? []
            after.removeAll { Self.isBlastwallEntry($0) }
            after.append(
                .object([
                    ("matcher", .string("Bash")),
                    (
                        "hooks",
                        .array([.object([("type", .string("command")), ("command", .string(command)), ("timeout", .number("30"))])])
                    ),
                ]))
            hooks.set("PostToolUse", .array(after))
        }
        root.set("hooks", hooks)
        return root
    }

    /// Whether a hook entry (or a matcher group) runs `blastwall hook`.
    static func isBlastwallEntry(_ entry: JSON) -> Bool {
        entry.serialized().contains(" hook ") && entry.serialized().contains("blastwall")
    }
}

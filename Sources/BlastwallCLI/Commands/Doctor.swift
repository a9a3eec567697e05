import ArgumentParser
import BlastwallCore
import BlastwallStore

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report which agents are protected by Blastwall's hook, and whether the policy and log work.",
        usage: "blastwall doctor\nblastwall doctor terraform [<DIR>] [<options>]",
        discussion: """
            Exit status: 0 when at least one agent is protected and nothing is broken, 1 otherwise.

            `blastwall doctor terraform [DIR]` checks a Terraform configuration's posture instead.
            """,
        subcommands: [DoctorTerraform.self])

    func run() throws {
        let workspace = Workspace()
        var problems = 0
        var protected = 0
        SystemIO.writeStandardOutput("Agents\n")
        let project = workspace.gitRoot() ?? workspace.cwd
        for agent in Agent.allCases {
            for (scope, base) in [("project", project), ("user", workspace.home)] {
                if agent == .copilot && scope == "user" { continue }
                let installer = HookInstaller(agent: agent, base: base, executable: "")
                let path = installer.configurationPath
                guard let text = try? SystemIO.readText(path, limit: 16 << 20) else { continue }
                guard let root = try? JSON.parse(text) else {
                    SystemIO.writeStandardOutput("  ✗ \(agent.rawValue) (\(scope)): \(path) is not valid JSON\n")
                    problems += 1
                    continue
                }
                let entries = Self.commands(in: root["hooks"])
                guard let command = entries.first(where: { $0.contains(" hook \(agent.rawValue)") }) else {
                    SystemIO.writeStandardOutput("  - \(agent.rawValue) (\(scope)): \(path) has no Blastwall hook\n")
                    continue
                }
                var executable = String(command.prefix { $0 != " " })
                if executable.hasPrefix("'") { executable = String(command.dropFirst().prefix { $0 != "'" }) }
                if executable.hasPrefix("/") && !SystemIO.isExecutable(executable) {
                    SystemIO.writeStandardOutput(
                        "  ✗ \(agent.rawValue) (\(scope)): the hook runs \(executable), which is missing or not executable — the agent would run commands unchecked\n"
                    )
                    problems += 1
                    continue
                }
                if agent == .codex {
                    let config = (try? SystemIO.readText(base + "/.codex/config.toml", limit: 4 << 20)) ?? nil
                    if !(config?.contains("codex_hooks = true") ?? false) {
                        SystemIO.writeStandardOutput(
                            "  ✗ codex (\(scope)): hooks are installed but [features] codex_hooks = true is missing in \(base)/.codex/config.toml\n"
                        )
                        problems += 1
                        continue
                    }
                }
                SystemIO.writeStandardOutput("  ✓ \(agent.rawValue) (\(scope)): \(path)\n")
                protected += 1
            }
        }
        if protected == 0 {
            SystemIO.writeStandardOutput(
                "  No agent is protected. Run: blastwall install claude-code (or codex, gemini, cursor, copilot)\n")
        }
        SystemIO.writeStandardOutput("Policy\n")
        do {
            let policy = try workspace.loadPolicy()
            SystemIO.writeStandardOutput(
                "  ✓ \(policy.sources.joined(separator: " → ")): \(policy.environments.count) environments, \(policy.rules.count) rules\(policy.isHeadless ? ", headless" : "")\n"
            )
            for layer in policy.unapprovedLayers {
                SystemIO.writeStandardOutput(
                    "  ! \(layer) is not approved: it can tighten but not loosen anything until a second person runs `blastwall policy approve`\n"
                )
            }
        } catch {
            SystemIO.writeStandardOutput("  ✗ \(error) — every hook denies until this is fixed\n")
            problems += 1
        }
        SystemIO.writeStandardOutput("Store and audit log\n")
        do {
            let store = try AuditRecorder(workspace: workspace, source: "doctor").open()
            let verification = try store.verifyAudit(anchors: AuditAnchor(path: workspace.anchorPath).notes())
            if let failure = verification.failure {
                SystemIO.writeStandardOutput("  ✗ \(workspace.storePath): audit log broken at record \(failure.seq): \(failure.reason)\n")
                problems += 1
            } else {
                SystemIO.writeStandardOutput(
                    "  ✓ \(workspace.storePath): \(verification.records) records verified, anchored up to \(verification.anchoredSize)\n")
            }
        } catch {
            SystemIO.writeStandardOutput("  ✗ \(error) — hooks deny when they cannot record a decision\n")
            problems += 1
        }
        SystemIO.writeStandardOutput("Trust root\n")
        do {
            let root = try workspace.trustRoot()
            let keys = root.keys.keys.filter { $0.revoked == nil }
            SystemIO.writeStandardOutput("  \(keys.isEmpty ? "·" : "✓") \(keys.count) approver key(s) in \(root.keys.source)\n")
            if let weakness = root.weakness {
                SystemIO.writeStandardOutput(
                    "  ! approvals are weak: \(weakness)\n    To make them strong: \(TrustRoot.strengthenAdvice)\n")
            } else {
                SystemIO.writeStandardOutput("  ✓ \(root.directory) is out of this user's reach: only its keys make a grant valid\n")
            }
            if workspace.trustAnchorPath == nil {
                SystemIO.writeStandardOutput(
                    "  ! the audit anchor \(workspace.anchorPath) is writable by this user: `sudo blastwall trust init --user \(Principal.current())` makes an append-only one\n"
                )
            }
        } catch {
            SystemIO.writeStandardOutput("  ✗ \(error) — no grant is valid until the trust root can be read\n")
            problems += 1
        }
        // An approver's secret the agent can read is not a second person's secret.
        for file in (try? SystemIO.listDirectory(workspace.keyDirectory)) ?? [] where file.hasSuffix(".key") {
            let path = workspace.keyDirectory + "/" + file
            if let text = try? SystemIO.readText(path, limit: 1 << 16), !ApproverKey.isSealed(text) {
                SystemIO.writeStandardOutput(
                    "  ! \(path) holds an unsealed secret readable by this user, and so by any agent it runs: keep approver keys under another user or seal them with a passphrase\n"
                )
            }
        }
        if problems > 0 || protected == 0 { throw ExitCode(1) }
    }

    /// Every `command`/`bash` string under a hooks object.
    static func commands(in node: JSON?) -> [String] {
        guard let node else { return [] }
        switch node {
        case .object(let members):
            return members.flatMap { key, value -> [String] in
                if key == "command" || key == "bash", let text = value.stringValue { return [text] }
                return commands(in: value)
            }
        case .array(let values):
            return values.flatMap { commands(in: $0) }
        default:
            return []
        }
    }
}

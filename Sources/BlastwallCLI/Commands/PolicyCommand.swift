import ArgumentParser
import BlastwallCore
import BlastwallStore

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate, show or start a policy file.",
        subcommands: [PolicyCheck.self, PolicyShow.self, PolicyDefault.self, PolicyApprove.self])
}

struct PolicyCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate policy files; errors are printed as file:line: error: [code] message.",
        discussion: "Exit status: 0 when every file is valid, 1 otherwise.")

    @ArgumentParser.Argument(help: "Policy files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one policy file") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                guard let text = try SystemIO.readText(file, limit: 4 << 20) else {
                    SystemIO.writeStandardError("\(file): error: no such file\n")
                    failed = true
                    continue
                }
                let policy = try PolicyLoader.load(text, file: file)
                SystemIO.writeStandardOutput(
                    "\(file): ok (\(policy.environments.count) environments, \(policy.rules.count) rules\(policy.isHeadless ? ", headless" : ""))\n"
                )
            } catch let error as PolicyError {
                SystemIO.writeStandardError("\(error)\n")
                failed = true
            } catch {
                SystemIO.writeStandardError("\(file): error: \(error)\n")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct PolicyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the effective policy: its layers, environments, rules and defaults.")

    @OptionGroup var decision: DecisionOptions

    func run() throws {
        let workspace = Workspace()
        let policy: Policy
        do {
            policy = try decision.loadPolicy(workspace)
        } catch {
            throw fail("\(error)")
        }
        var out = "Layers: \(policy.sources.joined(separator: " → "))\n"
        out += "Headless: \(policy.isHeadless)\n\nEnvironments:\n"
        for environment in policy.environments {
            out += "  \(environment.name) (\(environment.tier.rawValue), \(environment.origin))\n"
            for kind in TargetHint.Kind.allCases {
                if let patterns = environment.matchers[kind] { out += "    \(kind.rawValue): \(patterns.joined(separator: ", "))\n" }
            }
        }
        out += "\nRules:\n"
        if policy.rules.isEmpty { out += "  (none)\n" }
        for rule in policy.rules {
            out += "  \(rule.id): \(rule.decision.rawValue) (\(rule.origin))\n"
        }
        out += "\nDefaults (tier: class=decision):\n"
        for tier in Tier.allCases {
            let grades = EffectClass.allCases.map { "\($0.rawValue)=\(policy.grades[tier]?[$0]?.rawValue ?? "ask")" }
            out += "  \(tier.rawValue): \(grades.joined(separator: " "))\n"
        }
        SystemIO.writeStandardOutput(out)
    }
}

struct PolicyDefault: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default", abstract: "Print the built-in policy, a starting point for your own file.")

    func run() throws {
        SystemIO.writeStandardOutput(DefaultPolicy.text + "\n")
    }
}

/// A policy change is itself an action: a layer the agent's user can write loosens nothing until
/// someone whose key is in the trust root approves its fingerprint.
struct PolicyApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve the policy layers that changed, with your approver key: until then they can only tighten.",
        discussion: """
            Shows each layer this user can write (~/.config/blastwall/policy.yaml, the project's
            .blastwall/policy.yaml, --policy files) whose content no approver signed, in full, and
            signs its fingerprint. The person whose agent the policy guards cannot approve it,
            unless the trust root's policy allows self-approval for production.
            Run this in your own terminal: from inside an agent session the command gate denies it.
            Example: blastwall policy approve --key ~/.config/blastwall/keys/alice.key
            """)

    @OptionGroup var signer: ApproverKeyOptions

    @Option(name: .long, help: ArgumentHelp("A policy file layered on top of the others (repeatable).", valueName: "file"))
    var policy: [String] = []

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    func run() throws {
        let workspace = Workspace()
        let loaded = try workspace.loadPolicy(extra: policy)
        guard !loaded.unapprovedLayers.isEmpty else {
            SystemIO.writeStandardOutput("Every policy layer in force is approved (\(loaded.sources.joined(separator: " → "))).\n")
            return
        }
        let key = try signer.load(workspace)
        let me = Principal.current()
        if PrincipalName.same(key.principal, me) && !loaded.approvals.allowsSelfApproval(in: "production") {
            throw fail(
                "refused [self-approval]: \(key.principal) is the user whose agent this policy guards; a second person approves a policy change"
            )
        }
        let trust = try workspace.trustRoot()
        guard trust.keys.keys.contains(where: { $0.keyID == key.keyID && $0.revoked == nil }) else {
            throw fail("refused [unknown-key]: key \(key.keyID) is not in the trust root \(trust.keys.source)")
        }
        var lines = ""
        for layer in loaded.unapprovedLayers {
            guard let open = layer.lastIndex(of: "(") else { continue }
            let path = String(layer[..<open]).trimmingWhitespace
            let fingerprint = String(layer[layer.index(after: open)...].dropLast())
            // What is shown is what is signed: the fingerprint is taken again from the very bytes
            // shown, and must still be the one the policy was loaded with.
            let text = try SystemIO.readText(Paths.resolve(path, cwd: workspace.cwd, home: workspace.home), limit: 4 << 20) ?? ""
            guard PolicyApprovals.fingerprint(path: path, text: text) == fingerprint else {
                throw fail("refused [changed]: \(path) changed while it was being read; nothing was approved — run this again")
            }
            SystemIO.writeStandardOutput("Layer \(TerminalText.escapeLine(path)) (\(fingerprint)):\n")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                SystemIO.writeStandardOutput("  | \(TerminalText.escapeLine(String(line)))\n")
            }
            lines += try PolicyApprovals.line(approving: fingerprint, path: path, with: key, now: UTCTime.now())
        }
        if !yes && !Passphrase.confirm("Approve these layers as \(key.principal)? [y/N] ") {
            throw fail("not approved (answer y on a terminal, or pass --yes)")
        }
        try SystemIO.appendLocked(workspace.policyApprovalsPath, Array(lines.utf8))
        try Enrollment.log(
            .policy,
            [
                ("action", .string("approve")), ("layers", .array(loaded.unapprovedLayers.map(JSON.string))),
                ("principal", .string(key.principal)),
            ],
            workspace: workspace)
        SystemIO.writeStandardOutput("Approved \(loaded.unapprovedLayers.count) layer(s) as \(key.principal).\n")
    }
}

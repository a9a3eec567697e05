import ArgumentParser
import BlastwallCore
import BlastwallStore

/// `blastwall learn`: the narrowest allow rules that would have spared the asks a person approved
/// several times and never declined. Suggestions only: nothing is written to any policy.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Suggest allow rules for asks a person approved again and again and never declined.",
        discussion: """
            Reads the audit log. An ask counts as approved when the agent reported afterwards that the
            call ran (Claude Code's PostToolUse, which `blastwall install claude-code` subscribes to,
            carries the same tool_use_id), and as declined when it never did. For every group of asks
            with the same rules, environment and resources approved at least --min times and never
            declined, it prints the narrowest policy rule that would allow them, re-runs every command
            in the log through the gate with that rule added, and keeps it only if the commands it
            lowers are exactly that group's. Never suggested: anything denied, production, guard
            tampering, opaque code, deletions, or commands that carry secrets.

            Nothing is applied: copy a suggestion into a policy file (`blastwall policy check` it)
            if you agree with it.

            Examples:
              blastwall learn
              blastwall learn --min 5 --format json
            """)

    @Option(name: .long, help: "How many approvals, with no decline, a group needs before a rule is suggested.")
    var min = 3

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var target: EnvironmentOptions

    func validate() throws {
        if min < 1 { throw ValidationError("--min must be at least 1") }
    }

    func run() throws {
        let workspace = Workspace()
        guard SystemIO.fileExists(workspace.storePath) else {
            throw fail("no audit log yet at \(workspace.storePath): install a hook and use the agent first")
        }
        let store = try Store(path: workspace.storePath, create: false, readOnly: true)
        let records = try store.auditRecords(types: [.verdict, .outcome]).compactMap(\.json)
        let policy: Policy
        do {
            policy = try workspace.loadPolicy(extra: target.policy)
        } catch {
            throw fail("the policy could not be loaded: \(error)")
        }
        let learner = Learner(policy: policy, records: records)
        let suggestions = learner.suggestions(minimum: min)
        switch format {
        case .json:
            SystemIO.writeStandardOutput(JSON.array(suggestions.map(\.json)).pretty() + "\n")
        case .text:
            SystemIO.writeStandardOutput(learner.report(suggestions, minimum: min))
        }
    }
}

/// The asks of an audit log, grouped, with the rules they suggest.
struct Learner {
    struct Ask {
        var command: String
        var cwd: String
        var toolUseID: String?
    }

    struct Group {
        var rules: [String]
        var environment: String
        var resources: [String]
        var asks: [Ask] = []
        var approved = 0
        var declined = 0
        var unknown = 0
    }

    struct Suggestion {
        var group: Group
        var rule: PolicyRule
        var lowered: Int
        var rejection: String?

        var yaml: String {
            var text = "  - id: \(rule.id)\n    decision: allow\n    rules: [\(rule.analyzerRules?.joined(separator: ", ") ?? "")]\n"
            text += "    environments: [\(rule.environments?.joined(separator: ", ") ?? "")]\n"
            if let resources = rule.resources { text += "    resources: [\(resources.map { "\"\($0)\"" }.joined(separator: ", "))]\n" }
            text += "    reason: \(rule.reason ?? "")\n"
            return text
        }

        var json: JSON {
            .object([
                ("id", .string(rule.id)), ("rules", .array((rule.analyzerRules ?? []).map(JSON.string))),
                ("environment", .string(group.environment)), ("resources", .array(group.resources.map(JSON.string))),
                ("approved", .number(String(group.approved))), ("declined", .number(String(group.declined))),
                ("lowers", .number(String(lowered))), ("accepted", .bool(rejection == nil)),
                ("rejection", rejection.map(JSON.string) ?? .null), ("yaml", .string(yaml)),
            ])
        }
    }

    let policy: Policy
    let records: [JSON]

    /// Classes no learned rule may ever allow.
    static let neverLearned: Set<EffectClass> = [.guardTamper, .opaque, .irreversible, .destroy, .unknown]

    func verdict(_ command: String, cwd: String, under policy: Policy) -> Verdict? {
        let workspace = Workspace(cwd: cwd)
        return try? CommandGate(policy: policy).evaluate(command: command, context: workspace.analysisContext(for: command)).verdict
    }

    /// Asks grouped by what decided them, as the gate decides them today.
    func groups() -> [Group] {
        let ran = Set(records.filter { $0["type"]?.stringValue == "outcome" }.compactMap { $0["tool_use_id"]?.stringValue })
        var groups: [String: Group] = [:]
        var order: [String] = []
        for record in records where record["type"]?.stringValue == "verdict" && record["decision"]?.stringValue == "ask" {
            guard let command = record["command"]?.stringValue, let cwd = record["cwd"]?.stringValue,
                Redaction.redact(command) == command,
                let verdict = verdict(command, cwd: cwd, under: policy), verdict.decision == .ask
            else { continue }
            let decisive = verdict.decisive
            guard !decisive.isEmpty, decisive.allSatisfy({ !Self.neverLearned.contains($0.effect.effectClass) }),
                decisive.allSatisfy({ $0.effect.target.tier != .production })
            else { continue }
            let environments = Set(decisive.map(\.effect.target.environment))
            guard environments.count == 1, let environment = environments.first else { continue }
            let rules = Array(Set(decisive.map(\.effect.ruleID))).sorted()
            let resources = Array(Set(decisive.flatMap(\.effect.resources))).sorted()
            let key = rules.joined(separator: ",") + "|" + environment + "|" + resources.joined(separator: ",")
            if groups[key] == nil {
                groups[key] = Group(rules: rules, environment: environment, resources: resources)
                order.append(key)
            }
            let id = record["tool_use_id"]?.stringValue
            groups[key]?.asks.append(Ask(command: command, cwd: cwd, toolUseID: id))
            if let id {
                if ran.contains(id) { groups[key]?.approved += 1 } else { groups[key]?.declined += 1 }
            } else {
                groups[key]?.unknown += 1
            }
        }
        return order.compactMap { groups[$0] }
    }

    func suggestions(minimum: Int) -> [Suggestion] {
        let candidates = groups().filter { $0.approved >= minimum && $0.declined == 0 }
        // Every distinct command of the log, for the proof that a rule lowers only its group.
        var seen: Set<String> = []
        var everything: [(command: String, cwd: String)] = []
        for record in records where record["type"]?.stringValue == "verdict" {
            guard let command = record["command"]?.stringValue, let cwd = record["cwd"]?.stringValue,
                seen.insert(cwd + "\u{0}" + command).inserted
            else { continue }
            everything.append((command, cwd))
        }
        return candidates.enumerated().map { index, group in
            let slug = (group.rules.first ?? "rule").replacingAll(".", with: "-")
            let rule = PolicyRule(
                id: "learned-\(slug)-\(group.environment)\(index > 0 ? "-\(index + 1)" : "")", decision: .allow,
                environments: [group.environment], analyzerRules: group.rules,
                resources: group.resources.isEmpty ? nil : group.resources,
                reason: "approved \(group.approved) times and never declined (blastwall learn)", origin: "blastwall learn")
            var loosened = policy
            loosened.rules.append(rule)
            let members = Set(group.asks.map { $0.cwd + "\u{0}" + $0.command })
            var lowered = 0
            var rejection: String?
            for (command, cwd) in everything {
                guard let before = verdict(command, cwd: cwd, under: policy), let after = verdict(command, cwd: cwd, under: loosened),
                    after.decision < before.decision
                else { continue }
                if !members.contains(cwd + "\u{0}" + command) || before.decision == .deny {
                    rejection = "it would also allow `\(Redaction.redact(command))` in \(cwd), which it was not learned from"
                    break
                }
                lowered += 1
            }
            return Suggestion(group: group, rule: rule, lowered: lowered, rejection: rejection)
        }
    }

    func report(_ suggestions: [Suggestion], minimum: Int) -> String {
        let all = groups()
        let asks = all.reduce(0) { $0 + $1.asks.count }
        var out = "\(asks) ask\(asks == 1 ? "" : "s") that a rule could lift, in \(all.count) group\(all.count == 1 ? "" : "s")\n"
        let unknown = all.reduce(0) { $0 + $1.unknown }
        if unknown > 0 {
            out += "  \(unknown) came from agents that do not report whether a call ran; they count neither way\n"
        }
        let accepted = suggestions.filter { $0.rejection == nil }
        if accepted.isEmpty {
            out += "\nNo rule to suggest: no group was approved \(minimum) times or more without a decline.\n"
        } else {
            out += "\nSuggested (add under `rules:` in a policy file if you agree; nothing was changed):\n\n"
            for suggestion in accepted {
                out +=
                    "  # lowers \(suggestion.group.asks.count) ask(s) of \(suggestion.lowered) distinct command(s) and nothing else in the log, e.g. \(TerminalText.escape(suggestion.group.asks[0].command).prefix(120))\n"
                out += suggestion.yaml + "\n"
            }
        }
        for suggestion in suggestions where suggestion.rejection != nil {
            out += "Not suggested for \(suggestion.group.rules.joined(separator: ", ")): \(suggestion.rejection ?? "")\n"
        }
        return out
    }
}

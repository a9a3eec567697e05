import ArgumentParser
import BlastwallCore

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate, show or start a policy file.",
        subcommands: [PolicyCheck.self, PolicyShow.self, PolicyDefault.self])
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

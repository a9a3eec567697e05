import ArgumentParser
import BlastwallCore

/// Where a decision lands and under which policy: shared by every deciding command and the
/// posture doctor.
struct EnvironmentOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Force the target environment of every effect (a declared name or a tier: production, staging, development, local, unknown).")
    var env: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A policy file layered on top of the built-in, system, user and project policies (repeatable).", valueName: "file"))
    var policy: [String] = []
}

/// Options every deciding command shares.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var target: EnvironmentOptions

    @Flag(name: .long, help: "Nobody is there to answer: ask becomes deny.")
    var headless = false

    var env: String? { target.env }
    var policy: [String] { target.policy }

    func loadPolicy(_ workspace: Workspace) throws -> Policy {
        var policy = try workspace.loadPolicy(extra: self.policy)
        if headless { policy.isHeadless = true }
        return policy
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Prints a problem the way STYLE.md asks (`error: …`) and exits 1.
func fail(_ message: String) -> ExitCode {
    SystemIO.writeStandardError("blastwall: error: \(message)\n")
    return ExitCode(1)
}

import ArgumentParser
import BlastwallCore

/// The `blastwall` command: a thin layer that reads options, calls the core and maps the
/// verdict to output and an exit status.
public struct BlastwallCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "blastwall",
        abstract: "A deterministic gate between coding agents and production.",
        discussion: """
            For every proposed action Blastwall decides allow, ask or deny, explains why, and names a
            safer way. Exit status of check: 0 allow, 3 ask, 2 deny, 1 the input could not be handled.

            Start with `blastwall demo`, then `blastwall install claude-code --project`.
            """,
        subcommands: [
            Check.self, Explain.self, Plan.self, Hook.self, Install.self, Doctor.self, Log.self, PolicyCommand.self, Rules.self,
            Demo.self, RequestCommand.self, Requests.self, Approve.self, DenyRequest.self, Grants.self, Revoke.self, Keys.self,
            Audit.self, SQLCommand.self, ProxyCommand.self, Replay.self, Learn.self, Trust.self,
        ])

    public init() {}
}

public enum BlastwallMain {
    public static func run() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The hook path arms its fail-closed crash handler before anything else runs.
        if arguments.first == "hook", arguments.count >= 2, let agent = Agent(rawValue: arguments[1]) {
            CrashGuard.arm(for: agent)
            HookRunner.fastPath(arguments)?.run()
        }
        BlastwallCommand.main(arguments)
    }
}

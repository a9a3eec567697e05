/// What the words of a program no family knows say it does. Most such programs work on this
/// machine (a project's own scripts, a tool installed for one job), but one whose subcommand says
/// it deletes or deploys (`restic forget`, `velero backup delete`, `wrangler d1 delete`,
/// `firebase firestore:delete`) is judged as that remote action, wherever it points: Blastwall
/// cannot tell a backup repository from a scratch folder without knowing the tool.
enum UnrecognisedPrograms {
    /// Subcommand words that delete what a service holds.
    static let deletingWords: Set<String> = [
        "delete", "destroy", "drop", "purge", "wipe", "forget", "prune", "nuke", "teardown", "erase", "rb", "flushall",
        "flushdb", "obliterate", "expunge", "truncate", "deprovision", "decommission",
    ]
    /// Subcommand words that change what a service runs.
    static let deployingWords: Set<String> = [
        "deploy", "publish", "release", "promote", "rollout", "migrate", "rollback", "undeploy", "provision", "restore", "upload",
        "approve", "yank", "merge",
    ]
    /// Programs whose whole job is to run things on other hosts: configuration management and
    /// fleet tools.
    static let remotePrograms: Set<String> = [
        "ansible", "ansible-playbook", "ansible-pull", "salt", "salt-ssh", "pssh", "parallel-ssh", "pdsh", "fab", "cap", "knife",
        "puppet", "chef-client", "mina", "clush", "sftp", "mosh",
    ]
    /// Options that say the same.
    static let deletingFlags: Set<String> = [
        "--delete", "--purge", "--prune", "--wipe", "--destroy", "--force-delete", "--delete-all", "--all-collections",
    ]

    /// What makes a fleet tool's run a read: listing hosts, a check or syntax run, or a module that
    /// only gathers facts.
    static func fleetRead(_ invocation: Invocation) -> Argument? {
        if let flag = invocation.flagArgument(["--list-hosts", "--list-tasks", "--list-tags", "--syntax-check", "--check", "-C"]) {
            return flag
        }
        guard invocation.program == "ansible", let module = invocation.optionArgument(["-m", "--module-name"]),
            ["ping", "setup", "gather_facts", "debug", "stat", "command_info"].contains(module.value)
        else { return nil }
        return invocation.flagArgument(["-m", "--module-name"]) ?? invocation.arguments.first
    }

    /// Commands of any CLI that only touch this machine's session with the service: signing in
    /// and out, shell completions, opening the dashboard in a browser.
    static let sessionCommands: Set<String> = [
        "login", "logout", "auth login", "auth logout", "auth refresh", "auth status", "auth whoami", "completion", "completions",
        "open", "dashboard", "docs", "whoami", "version", "help",
    ]

    /// The session command an invocation no rule of its family matched is, with its span.
    static func sessionWords(_ invocation: Invocation) -> (String, SourceSpan)? {
        let words = invocation.positionals().prefix(2)
        guard let first = words.first, let text = first.text else { return nil }
        if let second = words.dropFirst().first, let next = second.text, sessionCommands.contains(text + " " + next) {
            return (text + " " + next, first.span.union(second.span))
        }
        return sessionCommands.contains(text) ? (text, first.span) : nil
    }

    /// The word that makes an unrecognised invocation a remote deletion or deploy, and its class.
    static func remoteVerb(_ invocation: Invocation) -> (Argument, EffectClass)? {
        for argument in invocation.arguments {
            guard let text = argument.text else { continue }
            if deletingFlags.contains(text) || deletingFlags.contains(where: { text.hasPrefix($0 + "=") }) {
                return (argument, .destroy)
            }
        }
        // Only the leading words name the subcommand: `tool backup delete ID`, `tool d1:delete`.
        for argument in invocation.positionals().prefix(3) {
            guard let text = argument.text, !text.contains("/"), !text.contains("."), !text.contains("=") else { return nil }
            for word in text.lowercased().split(whereSeparator: { $0 == ":" || $0 == "-" || $0 == "_" }).map(String.init) {
                if deletingWords.contains(word) { return (argument, .destroy) }
                if deployingWords.contains(word) { return (argument, .write) }
            }
        }
        return nil
    }
}

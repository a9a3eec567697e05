/// What analysis knows about where a command runs. Values only: the edge gathers them.
public struct AnalysisContext: Sendable {
    /// The working directory, absolute.
    public var cwd: String
    public var home: String
    /// The session's environment variables (the hook's process, or `--env-var` given to `check`).
    public var environment: [String: String]
    /// Facts read from disk at the edge (terraform workspace, git branch), passed in as a value.
    public var workspace: WorkspaceFacts
    /// Paths whose change would weaken Blastwall or an agent's hooks.
    public var protectedPaths: ProtectedPaths
    /// PostgreSQL's own parser, when the edge links it; the SQL lexer reads psql's SQL otherwise.
    public var postgres: (any PostgresReader)?

    public init(
        cwd: String, home: String = "/root", environment: [String: String] = [:],
        workspace: WorkspaceFacts = WorkspaceFacts(), protectedPaths: ProtectedPaths = ProtectedPaths(),
        postgres: (any PostgresReader)? = nil
    ) {
        self.cwd = cwd.isEmpty ? "/" : cwd
        self.home = home
        self.environment = environment
        self.workspace = workspace
        self.protectedPaths = protectedPaths
        self.postgres = postgres
    }
}

/// Facts about the working directory the edge read before analysis.
public struct WorkspaceFacts: Sendable, Hashable {
    /// The selected terraform workspace of a directory (from `.terraform/environment`), by directory.
    public var terraformWorkspaces: [String: String]
    /// The git repository's top directory, if the working directory is inside one.
    public var gitRoot: String?
    public var gitBranch: String?
    /// Remote names to URLs.
    public var gitRemotes: [String: String]
    /// The current kube context (from the kubeconfig), if known.
    public var kubeContext: String?
    /// This machine's host name: the machine is production only when an environment's `hosts`
    /// matches it.
    public var hostname: String?

    public init(
        terraformWorkspaces: [String: String] = [:], gitRoot: String? = nil, gitBranch: String? = nil,
        gitRemotes: [String: String] = [:], kubeContext: String? = nil, hostname: String? = nil
    ) {
        self.terraformWorkspaces = terraformWorkspaces
        self.gitRoot = gitRoot
        self.gitBranch = gitBranch
        self.gitRemotes = gitRemotes
        self.kubeContext = kubeContext
        self.hostname = hostname
    }
}

/// The files that make up the gate itself. Changing them is a `guard-tamper` effect.
public struct ProtectedPaths: Sendable, Hashable {
    /// Blastwall's own files: policies, keys, the store and the log (absolute paths or globs).
    public var blastwall: [String]

    public init(blastwall: [String] = []) {
        self.blastwall = blastwall
    }

    /// Agent hook configuration, relative to a project or a home directory.
    public static let agentConfiguration = [
        ".claude/settings.json", ".claude/settings.local.json", ".claude/hooks", ".codex/hooks.json",
        ".codex/config.toml", ".gemini/settings.json", ".cursor/hooks.json", ".github/hooks",
        ".config/blastwall", ".blastwall", ".local/state/blastwall", "/etc/blastwall",
        "/etc/claude-code/managed-settings.json",
    ]

    /// Why changing `path` (absolute, normalised) would weaken the gate, or nil.
    public func reason(for path: String) -> String? {
        for pattern in blastwall where Glob.matches(pattern, path) || path == pattern {
            return "\(path) is Blastwall's own file"
        }
        for entry in Self.agentConfiguration {
            if entry.hasPrefix("/") {
                if path == entry || path.hasPrefix(entry + "/") { return "\(path) is protected configuration" }
                continue
            }
            if path.hasSuffix("/" + entry) || path.contains("/" + entry + "/") {
                return entry.contains("blastwall")
                    ? "\(path) is Blastwall's own configuration or store"
                    : "\(path) is an agent's hook configuration"
            }
        }
        return nil
    }
}

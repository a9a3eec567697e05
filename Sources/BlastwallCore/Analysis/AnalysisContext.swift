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
    /// Where an existing path really leads, its symbolic links followed (`realpath(3)`), when the
    /// edge can look; nil keeps analysis to the paths as written. A write through a link
    /// (`/tmp/c/blastwall/policy.yaml` after `ln -s ~/.config /tmp/c`) is judged where it lands.
    public var realPath: (@Sendable (String) -> String?)?
    /// The text of a script file the command runs (`bash deploy.sh`, `./run.sh`, `python3 x.py`),
    /// when the edge can read it; nil keeps analysis to the command line.
    public var readScript: (@Sendable (String) -> String?)?
    /// What `readScript` answers for a file that exists but is too large to read.
    public static let scriptTooLarge = "\u{0}blastwall: script too large\u{0}"
    /// False once a `cd` earlier in the line went somewhere only known at run time (`cd "$dir"`,
    /// `cd -`): `cwd` is then the last directory known, and relative paths may be anywhere.
    public internal(set) var isDirectoryKnown = true
    /// Links made earlier in the line (`ln -s ~/.config /tmp/c`), link to target, both absolute:
    /// they do not exist yet when the edge resolves paths, so analysis follows them itself.
    var linksMade: [String: String] = [:]

    public init(
        cwd: String, home: String = "/root", environment: [String: String] = [:],
        workspace: WorkspaceFacts = WorkspaceFacts(), protectedPaths: ProtectedPaths = ProtectedPaths(),
        postgres: (any PostgresReader)? = nil, realPath: (@Sendable (String) -> String?)? = nil,
        readScript: (@Sendable (String) -> String?)? = nil
    ) {
        self.cwd = cwd.isEmpty ? "/" : cwd
        self.home = home
        self.environment = environment
        self.workspace = workspace
        self.protectedPaths = protectedPaths
        self.postgres = postgres
        self.realPath = realPath
        self.readScript = readScript
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
    /// Protected paths that exist under the git root or the working directory (absolute), as the
    /// edge found them: `git checkout .`, `git stash -u`, `git clean -fdx` and `git reset --hard`
    /// rewrite whole trees and would change them. Empty when the edge did not look, and then only
    /// the paths such a command names are checked.
    public var protectedFiles: [String]

    public init(
        terraformWorkspaces: [String: String] = [:], gitRoot: String? = nil, gitBranch: String? = nil,
        gitRemotes: [String: String] = [:], kubeContext: String? = nil, hostname: String? = nil, protectedFiles: [String] = []
    ) {
        self.terraformWorkspaces = terraformWorkspaces
        self.gitRoot = gitRoot
        self.gitBranch = gitBranch
        self.gitRemotes = gitRemotes
        self.kubeContext = kubeContext
        self.hostname = hostname
        self.protectedFiles = protectedFiles
    }
}

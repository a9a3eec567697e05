import BlastwallCore
import BlastwallSQL
import BlastwallStore

/// Reads what analysis needs to know about the machine: the layered policy, where Blastwall
/// keeps its files, and facts about the working directory.
public struct Workspace {
    public var cwd: String
    public var home: String
    public var environment: [String: String]

    public init(cwd: String? = nil, environment: [String: String] = SystemIO.environmentVariables()) {
        self.environment = environment
        self.home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? SystemIO.homeDirectory()
        let directory = cwd ?? SystemIO.currentDirectory()
        self.cwd = Paths.resolve(directory, cwd: SystemIO.currentDirectory(), home: home)
        anchor = Anchor()
        anchor.path = Self.anchorPath(of: self)
    }

    /// Where the anchor is, worked out once from the process's own environment (the hook asks
    /// twice, and a session's variables handed to `check` never move Blastwall's own files).
    private var anchor: Anchor
    final class Anchor {
        var path = ""
    }

    // MARK: - Where things live

    public var configDirectory: String {
        (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/blastwall"
    }

    /// Blastwall's state: the decision log (and later the store). `BLASTWALL_HOME` moves it.
    public var stateDirectory: String {
        if let explicit = environment["BLASTWALL_HOME"], !explicit.isEmpty { return explicit }
        return (environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state") + "/blastwall"
    }

    /// The store: audit log, requests, approvals, grants, enrolled approver keys.
    public var storePath: String { stateDirectory + "/store.sqlite" }

    /// Where checkpoints are copied so a rewritten or rolled-back log is caught: `BLASTWALL_ANCHOR`,
    /// else the append-only anchor `trust init --user` made in the trust root, else a file in the
    /// config directory. Point it at a file the agent cannot write (another
    /// user's, a mounted share) to make the anchor worth its name.
    /// A store moved by `BLASTWALL_HOME` gets an anchor file of its own (named after the store's
    /// path), so checkpoints of one log are never checked against another; a store replaced at the
    /// same path still meets its predecessor's anchor and is caught.
    public var anchorPath: String { anchor.path }

    static func anchorPath(of workspace: Workspace) -> String {
        // The trust root's append-only anchor first: no variable moves the log's anchor away from it.
        if let anchor = workspace.trustAnchorPath { return anchor }
        if let explicit = workspace.environment["BLASTWALL_ANCHOR"], !explicit.isEmpty { return explicit }
        if let moved = workspace.environment["BLASTWALL_HOME"], !moved.isEmpty {
            return workspace.configDirectory + "/audit-anchor-"
                + String(Hex.encode(Sodium.sha256(Array(workspace.storePath.utf8))).prefix(12)) + ".checkpoints"
        }
        return workspace.configDirectory + "/audit-anchor.checkpoints"
    }

    /// Approver keys made by `blastwall keys create`.
    public var keyDirectory: String { configDirectory + "/keys" }

    /// The trust root: approver keys, the system policy and the audit anchors, in a directory
    /// the agent's user cannot write (`sudo blastwall trust init`). `BLASTWALL_TRUST` moves it
    /// (another account's directory, a test's); wherever it is, it counts as strong only when
    /// this user can change none of it (`TrustRoot.weakness`).
    public var trustDirectory: String {
        if let explicit = environment["BLASTWALL_TRUST"], !explicit.isEmpty { return explicit }
        return "/etc/blastwall"
    }

    public var systemPolicyPath: String { trustDirectory + "/policy.yaml" }

    /// Signed approvals of the policy layers this user can write (`blastwall policy approve`):
    /// the append-only file `trust init --user` made in the trust root, else one in the config
    /// directory.
    public var policyApprovalsPath: String {
        let path = trustDirectory + "/anchors/" + Principal.current() + ".policy-approvals"
        return SystemIO.fileExists(path) ? path : configDirectory + "/policy-approvals"
    }

    /// The approver keys grants are verified against. A trust root that exists but cannot be
    /// read is an error, never a fallback to the user's own keys.
    public func trustRoot() throws -> TrustRoot {
        let root = try TrustRoot.load(system: trustDirectory, user: configDirectory)
        // A variable that points away from a strong /etc/blastwall to a weaker place is not
        // followed: whoever set it would choose the keys.
        if !root.isStrong, trustDirectory != "/etc/blastwall", SystemIO.fileExists("/etc/blastwall/" + TrustRoot.approversFile) {
            let system = try TrustRoot.load(system: "/etc/blastwall", user: configDirectory)
            if system.isStrong { return system }
        }
        return root
    }

    /// The append-only anchor `trust init --user` made for this user in the trust root, if any.
    public var trustAnchorPath: String? {
        let path = trustDirectory + "/anchors/" + Principal.current() + ".checkpoints"
        return SystemIO.fileExists(path) ? path : nil
    }
    public var userPolicyPath: String { configDirectory + "/policy.yaml" }

    /// The nearest `.blastwall/policy.yaml` from the working directory up to the repository root.
    public var projectPolicyPath: String? {
        var directory = cwd
        while true {
            let candidate = directory + "/.blastwall/policy.yaml"
            if SystemIO.fileExists(candidate) { return candidate }
            if SystemIO.fileExists(directory + "/.git") || directory == "/" { return nil }
            directory = SystemIO.parentDirectory(directory)
        }
    }

    // MARK: - Policy

    /// Built-in → system → user → project → `--policy` files. A file that exists but cannot be
    /// read or parsed is an error: a broken policy never silently falls back to a weaker one.
    ///
    /// The system layer sits in the trust root. Every other layer can be written by the agent's
    /// user, so what it loosens counts only once a second person approved its fingerprint
    /// (`blastwall policy approve`); until then the policy carries a baseline without it, and
    /// nothing is decided more loosely than the baseline decides it. Tightening counts at once.
    public func loadPolicy(extra: [String] = []) throws -> Policy {
        var policy = DefaultPolicy.policy
        var layers: [(path: String, text: String, writable: Bool)] = []
        if let text = try SystemIO.readText(systemPolicyPath, limit: 4 << 20) { layers.append((systemPolicyPath, text, false)) }
        var paths = [userPolicyPath]
        if let project = projectPolicyPath { paths.append(project) }
        for path in paths {
            guard let text = try SystemIO.readText(path, limit: 4 << 20) else { continue }
            layers.append((path, text, true))
        }
        for path in extra {
            let resolved = Paths.resolve(path, cwd: SystemIO.currentDirectory(), home: home)
            guard let text = try SystemIO.readText(resolved, limit: 4 << 20) else {
                throw SystemIO.Failure(path: path, message: "no such policy file")
            }
            layers.append((path, text, true))
        }
        var hasher = SHA256()
        var baseline = policy
        var unapproved: [String] = []
        let approved = layers.contains(where: \.writable) ? try approvedPolicyLayers() : [:]
        for layer in layers {
            let loaded = try PolicyLoader.load(layer.text, file: layer.path)
            // Self-approval is the trust root's to allow; another layer can only narrow it.
            policy = policy.merging(loaded)
            if !layer.writable { policy.approvals.selfApproval = loaded.approvals.selfApproval }
            hasher.update(Array((layer.path + "\n" + layer.text + "\n").utf8))
            let fingerprint = PolicyApprovals.fingerprint(path: layer.path, text: layer.text)
            if !layer.writable || approved[layer.path]?.fingerprint == fingerprint {
                baseline = baseline.merging(loaded)
                if !layer.writable { baseline.approvals.selfApproval = loaded.approvals.selfApproval }
            } else {
                unapproved.append("\(layer.path) (\(fingerprint))")
            }
        }
        if !unapproved.isEmpty {
            policy.unapprovedLayers = unapproved
            policy.baseline = Policy.Baseline(baseline)
            // The one approval setting a layer can loosen, the clock tolerance, waits too.
            policy.approvals.clockTolerance = min(policy.approvals.clockTolerance, baseline.approvals.clockTolerance)
        }
        if policy.sources.count > 1 { policy.fingerprint = "sha256:" + SHA256.hex(hasher.finalize()) }
        if environment["BLASTWALL_HEADLESS"].map({ ["1", "true", "yes"].contains($0.lowercased()) }) == true {
            policy.isHeadless = true
        }
        return policy
    }

    /// For each policy layer path, the fingerprint last approved by someone whose key is in the
    /// trust root, and by whom. The requester's own signature counts only where the trust root
    /// allows self-approval for production.
    func approvedPolicyLayers() throws -> [String: (fingerprint: String, approvers: [String])] {
        guard let text = try SystemIO.readText(policyApprovalsPath, limit: 4 << 20) else { return [:] }
        let trust = try trustRoot()
        let me = Principal.current()
        var selfAllowed = false
        if let systemText = try SystemIO.readText(systemPolicyPath, limit: 4 << 20) {
            selfAllowed = try PolicyLoader.load(systemText, file: systemPolicyPath).approvals.allowsSelfApproval(in: "production")
        }
        let approvals = PolicyApprovals.verified(text, trust: trust.keys).approvals
        return PolicyApprovals.current(approvals) { selfAllowed || !PrincipalName.same($0, me) }
    }

    /// Blastwall's own files, whose change is `guard-tamper`.
    public var protectedPaths: ProtectedPaths {
        ProtectedPaths(blastwall: [
            configDirectory, configDirectory + "/**", stateDirectory, stateDirectory + "/**", "/etc/blastwall", "/etc/blastwall/**",
            trustDirectory, trustDirectory + "/**",
            SystemIO.executablePath(), anchorPath,
        ])
    }

    // MARK: - Facts

    /// The analysis context for a command run in `cwd`, with facts read from disk.
    public func analysisContext(for command: String, sessionEnvironment: [String: String]? = nil) -> AnalysisContext {
        AnalysisContext(
            cwd: cwd, home: home, environment: sessionEnvironment ?? environment,
            workspace: facts(for: command), protectedPaths: protectedPaths, postgres: PostgresClassifier(),
            realPath: SystemIO.realPath, readScript: SystemIO.readScript)
    }

    /// The workspace `terraform workspace select` recorded in `directory`, if any.
    static func selectedTerraformWorkspace(in directory: String) -> String? {
        guard let text = try? SystemIO.readText(directory + "/.terraform/environment", limit: 4096) else { return nil }
        let name = text.trimmingWhitespace
        return name.isEmpty ? nil : name
    }

    /// The workspace terraform uses in `directory` and how that is known: `TF_WORKSPACE` wins, as
    /// in terraform itself, then the recorded selection; nil means `default`.
    static func terraformWorkspace(of directory: String, environment: [String: String]) -> (name: String, source: String)? {
        if let variable = environment["TF_WORKSPACE"], !variable.isEmpty { return (variable, "TF_WORKSPACE") }
        return selectedTerraformWorkspace(in: directory).map { ($0, "the selected workspace of \(directory)") }
    }

    func facts(for command: String) -> WorkspaceFacts {
        var facts = WorkspaceFacts()
        // Terraform workspaces of the working directory and of any -chdir= directory named.
        var directories = [cwd]
        var rest = Substring(command)
        while let range = rest.firstRange(of: "-chdir=") {
            let value = rest[range.upperBound...].prefix { $0 != " " && $0 != ";" && $0 != "&" && $0 != "'" && $0 != "\"" }
            directories.append(Paths.resolve(String(value), cwd: cwd, home: home))
            rest = rest[range.upperBound...]
        }
        for directory in directories.prefix(8) {
            facts.terraformWorkspaces[directory] = Self.selectedTerraformWorkspace(in: directory)
        }
        if let root = gitRoot() {
            facts.gitRoot = root
            if let head = try? SystemIO.readText(root + "/.git/HEAD", limit: 4096) {
                let trimmed = head.trimmingWhitespace
                if trimmed.hasPrefix("ref: refs/heads/") { facts.gitBranch = String(trimmed.dropFirst("ref: refs/heads/".count)) }
            }
            if let config = try? SystemIO.readText(root + "/.git/config", limit: 1 << 20) {
                facts.gitRemotes = Self.remotes(fromGitConfig: config)
            }
        }
        // Protected files a whole-tree git command (`git checkout .`, `git stash -u`) would rewrite.
        // Only looked for when the command mentions git: the hook pays nothing otherwise.
        if command.contains("git") {
            for base in Set([cwd, facts.gitRoot].compactMap { $0 }) {
                for entry in ProtectedPaths.agentConfiguration where !entry.hasPrefix("/") {
                    let path = base + "/" + entry
                    if SystemIO.fileExists(path) { facts.protectedFiles.append(path) }
                }
            }
        }
        facts.kubeContext = kubeContext()
        facts.hostname = SystemIO.hostname()
        return facts
    }

    func gitRoot() -> String? {
        var directory = cwd
        for _ in 0..<64 {
            if SystemIO.fileExists(directory + "/.git") { return directory }
            if directory == "/" { return nil }
            directory = SystemIO.parentDirectory(directory)
        }
        return nil
    }

    static func remotes(fromGitConfig text: String) -> [String: String] {
        var remotes: [String: String] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            let trimmed = String(line).trimmingWhitespace
            if trimmed.hasPrefix("[remote \""), let end = trimmed.dropFirst(9).firstIndex(of: "\"") {
                current = String(trimmed.dropFirst(9)[..<end])
            } else if trimmed.hasPrefix("[") {
                current = nil
            } else if let current, trimmed.hasPrefix("url") {
                if let equals = trimmed.firstIndex(of: "=") {
                    remotes[current] = String(trimmed[trimmed.index(after: equals)...]).trimmingWhitespace
                }
            }
        }
        return remotes
    }

    /// `current-context:` of the first kubeconfig file (KUBECONFIG or ~/.kube/config).
    func kubeContext() -> String? {
        let path = environment["KUBECONFIG"]?.split(separator: ":").first.map(String.init) ?? home + "/.kube/config"
        guard let text = try? SystemIO.readText(path, limit: 4 << 20) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("current-context:") {
            var value = String(line.dropFirst("current-context:".count)).trimmingWhitespace
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}

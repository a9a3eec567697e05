/// One thing a proposed action would do, as analysis understands it.
public struct Effect: Sendable, Hashable {
    /// The rule that recognised it (`terraform.destroy`), which policy rules and tests name.
    public var ruleID: String
    public var effectClass: EffectClass
    /// The tool family (`terraform`, `aws`, `git`, `shell`, …).
    public var tool: String
    /// What happens, in one sentence a person can read.
    public var message: String
    /// A safer way to get the job done, when there is one.
    public var safer: String?
    /// The part of the input that shows it.
    public var span: SourceSpan
    /// What it touches: resource addresses, paths, bucket or database names.
    public var resources: [String]
    /// Where it acts: on this machine, on a remote system, or on the code host. Decides which
    /// environment grades it (DESIGN.md, "An effect lands where it acts").
    public var locality: Locality = .here
    /// Where it lands, filled in by environment resolution.
    public var target: TargetResolution
    /// Facts a door needs to look further, by name (`planfile`, `directory`, `program` for a
    /// saved Terraform plan that the CLI reads and judges).
    public var details: [String: String] = [:]
    /// The directory it acts in: the working directory after any `cd` before it. A scoped grant
    /// for a directory covers an effect only when this lies under it.
    public var directory: String = ""
    /// What the action resolved to besides its text (`terraform_workspaces=prod`,
    /// `kube_contexts=prod-eu`), so an approval of one command in one workspace or context does
    /// not carry over to another.
    public var bindings: [String] = []

    public init(
        ruleID: String, effectClass: EffectClass, tool: String, message: String, safer: String? = nil,
        span: SourceSpan, resources: [String] = [], target: TargetResolution = .unresolved, locality: Locality = .here
    ) {
        self.locality = locality
        self.ruleID = ruleID
        self.effectClass = effectClass
        self.tool = tool
        self.message = message
        self.safer = safer
        self.span = span
        self.resources = resources
        self.target = target
    }
}

/// Where an effect acts. Work on this machine is graded in the machine's own tier wherever the
/// directory is and whatever `--env` names; remote effects take the target environment; the code
/// host (a topic branch pushed, a pull request commented on) is its own target, recognised only by
/// `git_remotes` and `git_branches`.
public enum Locality: String, Sendable, Hashable {
    case here
    case remote
    case codeHost = "code-host"
}

/// The environment an effect resolved to, and how it was recognised.
public struct TargetResolution: Sendable, Hashable {
    public var environment: String
    public var tier: Tier
    /// How it was recognised, e.g. `--profile prod-admin matches aws_profiles "prod*"`.
    public var reason: String

    public init(environment: String, tier: Tier, reason: String) {
        self.environment = environment
        self.tier = tier
        self.reason = reason
    }

    public static let unresolved = TargetResolution(
        environment: "unknown", tier: .unknown, reason: "not resolved")
}

/// How much an environment matters. Environments a policy declares each carry one; the built-in
/// `local` and `unknown` environments carry their own.
public enum Tier: String, Sendable, CaseIterable, Comparable {
    case development
    case local
    case staging
    case unknown
    case production

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

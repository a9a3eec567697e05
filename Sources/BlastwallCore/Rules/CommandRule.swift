/// One thing analysis recognises in a command, with the examples that prove it: `triggering`
/// must fire the rule and `nonTriggering` must not. In a triggering example, `«` and `»` mark
/// the part of the command the verdict must highlight.
public struct CommandRule: Sendable {
    public let id: String
    public let effectClass: EffectClass
    public let summary: String
    public let safer: String?
    public let triggering: [String]
    public let nonTriggering: [String]
    /// Where what it recognises acts, when that differs from its family's (`terraform fmt` works
    /// on this machine although terraform is a remote tool).
    public let locality: Locality?
    let matcher: @Sendable (Invocation, AnalysisContext) -> RuleMatch?

    public init(
        _ id: String, _ effectClass: EffectClass, summary: String, safer: String? = nil,
        triggering: [String], nonTriggering: [String], acts locality: Locality? = nil,
        match: @escaping @Sendable (Invocation, AnalysisContext) -> RuleMatch?
    ) {
        self.locality = locality
        self.id = id
        self.effectClass = effectClass
        self.summary = summary
        self.safer = safer
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.matcher = match
    }

    public func match(_ invocation: Invocation, in context: AnalysisContext) -> RuleMatch? {
        matcher(invocation, context)
    }
}

/// What a rule found: the evidence, what it touches, and optionally a more specific message or
/// a different class than the rule's default.
public struct RuleMatch: Sendable {
    public var span: SourceSpan
    public var resources: [String]
    public var message: String?
    public var effectClass: EffectClass?
    /// Facts a door needs to look further (see `Effect.details`).
    public var details: [String: String] = [:]
    /// Where this particular invocation acts, when it differs from the rule's.
    public var locality: Locality?

    public init(
        span: SourceSpan, resources: [String] = [], message: String? = nil, effectClass: EffectClass? = nil,
        acts locality: Locality? = nil
    ) {
        self.locality = locality
        self.span = span
        self.resources = resources
        self.message = message
        self.effectClass = effectClass
    }
}

/// Something in a command that says where it lands: a profile, a context, a directory, a host.
public struct TargetHint: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case awsProfile = "aws_profiles"
        case awsAccount = "aws_accounts"
        case kubeContext = "kube_contexts"
        case kubeNamespace = "kube_namespaces"
        case terraformWorkspace = "terraform_workspaces"
        case directory = "directories"
        case databaseHost = "database_hosts"
        case databaseURL = "database_urls"
        case gcpProject = "gcp_projects"
        case azureSubscription = "azure_subscriptions"
        case gitRemote = "git_remotes"
        case gitBranch = "git_branches"
        case host = "hosts"
        /// Stacks, apps, stages and releases named on the command line (pulumi, heroku, fly, sls).
        case name = "names"
    }

    public var kind: Kind
    public var value: String
    /// How the value was found, for the explanation: `--profile`, `AWS_PROFILE in the environment`.
    public var source: String

    public init(_ kind: Kind, _ value: String, source: String) {
        self.kind = kind
        self.value = value
        self.source = source
    }
}

/// A family of tools (one file under `Rules/`): which programs it covers, how it finds where a
/// command lands, its rules in order (the first that matches wins), and what an invocation no
/// rule recognises counts as.
public struct ToolFamily: Sendable {
    public let name: String
    public let programs: Set<String>
    /// Remote tools resolve to `unknown` when nothing names an environment; local ones act on this
    /// machine. A rule (or one match) can say otherwise.
    public let isRemote: Bool
    public let rules: [CommandRule]
    public let unmatchedClass: EffectClass
    /// Whether its rules look at every program's invocation, before the program's own family
    /// (`GuardRules`: any program can be pointed at the gate's own files).
    public let appliesToEveryProgram: Bool
    let hintFinder: @Sendable (Invocation, AnalysisContext) -> [TargetHint]

    public init(
        name: String, programs: Set<String>, isRemote: Bool, unmatchedClass: EffectClass = .write,
        appliesToEveryProgram: Bool = false, rules: [CommandRule],
        hints: @escaping @Sendable (Invocation, AnalysisContext) -> [TargetHint] = { _, _ in [] }
    ) {
        self.name = name
        self.programs = programs
        self.isRemote = isRemote
        self.rules = rules
        self.unmatchedClass = unmatchedClass
        self.appliesToEveryProgram = appliesToEveryProgram
        self.hintFinder = hints
    }

    public var locality: Locality { isRemote ? .remote : .here }

    public func hints(for invocation: Invocation, in context: AnalysisContext) -> [TargetHint] {
        hintFinder(invocation, context)
    }
}

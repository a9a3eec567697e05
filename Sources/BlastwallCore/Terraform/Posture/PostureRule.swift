/// One posture check with the examples that prove it (STYLE.md §1): each triggering example
/// must produce a finding of this rule on the line marked with `«`, and no non-triggering
/// example may produce one.
public struct PostureRule: Sendable {
    public let id: String
    /// The severity in production; `PostureSeverity.weighted(for:)` lowers it elsewhere.
    public let severity: PostureSeverity
    /// One line: what the rule finds.
    public let summary: String
    /// Why it matters and what to do, for `--help`-like listings and SARIF.
    public let help: String
    public let triggering: [PostureExample]
    public let nonTriggering: [PostureExample]
    let check: @Sendable (PostureRule, PostureInput) -> [PostureFinding]

    public init(
        id: String, severity: PostureSeverity, summary: String, help: String, triggering: [PostureExample],
        nonTriggering: [PostureExample], check: @escaping @Sendable (PostureRule, PostureInput) -> [PostureFinding]
    ) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.help = help
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.check = check
    }

    public func findings(in input: PostureInput) -> [PostureFinding] { check(self, input) }

    /// A finding of this rule, weighted for the input's environment.
    func finding(
        _ message: String, at location: (file: String, line: Int), resource: String?, fix: String, severity: PostureSeverity? = nil,
        in input: PostureInput
    ) -> PostureFinding {
        PostureFinding(
            rule: id, severity: (severity ?? self.severity).weighted(for: input.tier), message: message, file: location.file,
            line: location.line, resource: resource, fix: fix)
    }
}

/// A configuration (as `main.tf`), optionally a state (as `terraform.tfstate`), and the tier of
/// the environment they belong to. `«` marks the line a finding must point at, in either text.
public struct PostureExample: Sendable, ExpressibleByStringLiteral {
    public var configuration: String
    public var state: String?
    public var initializedBackend: String?
    public var tier: Tier

    public init(_ configuration: String, state: String? = nil, initializedBackend: String? = nil, tier: Tier = .production) {
        self.configuration = configuration
        self.state = state
        self.initializedBackend = initializedBackend
        self.tier = tier
    }

    public init(stringLiteral value: String) { self.init(value) }
}

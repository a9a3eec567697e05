/// How much a posture finding matters; `--fail-on` compares against it.
public enum PostureSeverity: String, Sendable, CaseIterable, Comparable {
    case note, warning, error

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: PostureSeverity, rhs: PostureSeverity) -> Bool { lhs.rank < rhs.rank }

    /// The weight of a finding in an environment: full where the data is production's, or where
    /// nobody has said whose it is (unknown is never treated as safe); at most a warning in
    /// staging; a note in development and on this machine, where losing data is routine.
    public func weighted(for tier: Tier) -> PostureSeverity {
        switch tier {
        case .production, .unknown: self
        case .staging: min(self, .warning)
        case .development, .local: .note
        }
    }
}

/// One thing in a Terraform configuration or state that turns a mistake into data loss.
public struct PostureFinding: Sendable, Equatable {
    /// `terraform-posture.no-deletion-protection`, …
    public var rule: String
    public var severity: PostureSeverity
    /// Names the resource address and the attribute.
    public var message: String
    public var file: String
    /// 1-based.
    public var line: Int
    /// The resource address, when the finding is about one resource.
    public var resource: String?
    /// What to write (HCL, or a command when there is nothing to write).
    public var fix: String

    public init(
        rule: String, severity: PostureSeverity, message: String, file: String, line: Int, resource: String?, fix: String
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.resource = resource
        self.fix = fix
    }
}

/// What the doctor looks at: the configuration, the state when there is one, and the
/// environment the policy gives the directory.
public struct PostureInput: Sendable {
    public var configuration: TerraformConfiguration
    public var state: TerraformState?
    /// The `backend` object `terraform init` records in `.terraform/terraform.tfstate`: it holds the
    /// settings given with `-backend-config`, which the configuration itself does not show.
    public var initializedBackend: JSON?
    public var environment: String
    public var tier: Tier

    public init(
        configuration: TerraformConfiguration, state: TerraformState? = nil, initializedBackend: JSON? = nil,
        environment: String, tier: Tier
    ) {
        self.configuration = configuration
        self.state = state
        self.initializedBackend = initializedBackend
        self.environment = environment
        self.tier = tier
    }
}

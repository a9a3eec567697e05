/// The Terraform posture doctor: finds what would turn one mistaken command into data loss
/// (no deletion protection, no final snapshot, backups in the same state as their database, a
/// production state in a local file) before the mistake.
public enum TerraformPosture {
    /// Every posture rule, in the order they are listed. Adding a rule is adding it here.
    public static let rules: [PostureRule] = [
        ProtectionRules.noDeletionProtection,
        ProtectionRules.skipFinalSnapshot,
        ProtectionRules.noFinalSnapshotName,
        ProtectionRules.automatedBackupsDeleted,
        ProtectionRules.noBackupRetention,
        ProtectionRules.forceDestroy,
        LifecycleRules.noPreventDestroy,
        SameStateBackupRule.rule,
        LifecycleRules.orphanedInState,
        BackendRules.localBackendProduction,
        BackendRules.noStateLocking,
        AppliedProtectionRules.notApplied,
        AppliedProtectionRules.unverified,
    ]

    /// Every finding, ordered by file and line, then the most severe first.
    public static func analyze(_ input: PostureInput) -> [PostureFinding] {
        rules.flatMap { $0.findings(in: input) }.sorted {
            if $0.file != $1.file { return $0.file < $1.file }
            if $0.line != $1.line { return $0.line < $1.line }
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            return $0.rule < $1.rule
        }
    }

    /// Reads an example's texts as they would be on disk (`main.tf`, `terraform.tfstate`), for
    /// the rule examples and for tests.
    public static func input(
        configuration: String, state: String? = nil, initializedBackend: String? = nil, environment: String? = nil, tier: Tier
    ) throws -> PostureInput {
        var parsedState: TerraformState?
        if let state { parsedState = try TerraformState.parse(state, path: "terraform.tfstate") }
        var backend: JSON?
        if let initializedBackend { backend = try JSON.parse(initializedBackend) }
        return PostureInput(
            configuration: try TerraformConfiguration.parse([("main.tf", configuration)]), state: parsedState, initializedBackend: backend,
            environment: environment ?? tier.rawValue, tier: tier)
    }
}

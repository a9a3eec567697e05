/// Every tool family in one place. Adding a family is adding one file and one line here; one
/// test runs every rule's examples from this list.
public struct RuleRegistry: Sendable {
    public let families: [ToolFamily]
    /// The families that look at every invocation first (see `ToolFamily.appliesToEveryProgram`).
    public let everyProgram: [ToolFamily]
    private let byProgram: [String: Int]

    public init(families: [ToolFamily]) {
        self.families = families
        var index: [String: Int] = [:]
        for (position, family) in families.enumerated() {
            for program in family.programs where index[program] == nil { index[program] = position }
        }
        self.byProgram = index
        self.everyProgram = families.filter(\.appliesToEveryProgram)
    }

    public func family(for program: String) -> ToolFamily? {
        if let position = byProgram[program] { return families[position] }
        // `python3.12`, `terraform1.5` and friends.
        let trimmed = String(program.prefix { !$0.isNumber && $0 != "." })
        if trimmed != program, let position = byProgram[trimmed] { return families[position] }
        return nil
    }

    public var rules: [CommandRule] { families.flatMap(\.rules) }

    public static let standard = RuleRegistry(families: [
        TerraformRules.family,
        FilesystemRules.family,
        GitRules.family,
        AWSRules.family,
        GoogleCloudRules.family,
        AzureRules.family,
        KubernetesRules.family,
        ContainerRules.family,
        InfraToolRules.family,
        DatabaseRules.family,
        FrameworkRules.family,
        PlatformRules.family,
        StorageRules.family,
        SystemRules.family,
        HTTPRules.family,
        BlastwallRules.family,
        GuardRules.family,
    ])
}

/// The decision function for Terraform plans: read the changes, find what a careful reviewer
/// would stop at, resolve the environment, grade. Pure: the CLI runs `terraform show` and hands
/// over the JSON.
public struct PlanGate: Sendable {
    public let policy: Policy
    public let rules: [PlanRule]

    public init(policy: Policy = DefaultPolicy.policy, rules: [PlanRule] = PlanRules.all) {
        self.policy = policy
        self.rules = rules
    }

    /// Where a plan (or a Terraform directory) lands: what `--env` forces, else the workspace,
    /// else the directory. The posture doctor resolves its directory the same way.
    public struct Target: Sendable {
        public var forcedEnvironment: String?
        public var workspace: String?
        /// How the workspace was found (`TF_WORKSPACE`, `.terraform/environment of DIR`).
        public var workspaceSource: String
        public var directory: String?

        public init(
            forcedEnvironment: String? = nil, workspace: String? = nil, workspaceSource: String = "workspace", directory: String? = nil
        ) {
            self.forcedEnvironment = forcedEnvironment
            self.workspace = workspace
            self.workspaceSource = workspaceSource
            self.directory = directory
        }

        public func resolution(under policy: Policy) throws(GateError) -> TargetResolution {
            let forced = try policy.forcedEnvironment(forcedEnvironment)
            var hints: [TargetHint] = []
            if let workspace, workspace != "default" {
                hints.append(TargetHint(.terraformWorkspace, workspace, source: workspaceSource))
            }
            if let directory { hints.append(TargetHint(.directory, directory, source: "the directory")) }
            return EnvironmentResolver(environments: policy.environments, forced: forced).resolve(hints: hints, isRemote: true)
        }
    }

    public struct Evaluation: Sendable {
        public var verdict: Verdict
        public var plan: TerraformPlan
        public var identity: PlanIdentity
        public var summary: PlanSummary
    }

    public func evaluate(_ plan: TerraformPlan, identity: PlanIdentity, target: Target, label: String) throws(GateError) -> Evaluation {
        let effects = effects(in: plan, landing: try target.resolution(under: policy))
        var verdict = policy.verdict(for: effects, input: label, digest: identity.digest)
        // An unapproved layer may loosen neither a grade nor where the plan lands.
        if let baseline = policy.baseline?.policy {
            let landing: TargetResolution
            do { landing = try target.resolution(under: baseline) } catch  where error.code == "unknown-environment" {
                throw policy.unapprovedEnvironment(error)
            }
            let strict = baseline.verdict(for: self.effects(in: plan, landing: landing), input: label, digest: identity.digest)
            verdict = policy.holding(verdict, to: strict)
        }
        return Evaluation(verdict: verdict, plan: plan, identity: identity, summary: PlanSummary(plan))
    }

    /// Every rule's effects on the plan, landing where `resolution` says.
    func effects(in plan: TerraformPlan, landing resolution: TargetResolution) -> [Effect] {
        rules.flatMap { rule in
            rule.effects(in: plan).map { effect in
                var effect = effect
                effect.locality = .remote
                effect.target = resolution
                return effect
            }
        }
    }
}

/// What an approval binds to: the plan's bytes, and the workspace and state it was made against.
/// Two plans with the same changes made against different state serials are different plans.
public struct PlanIdentity: Sendable, Equatable {
    /// sha256 of the planfile (or of the JSON when that is what was given).
    public var contentSHA256: String
    public var workspace: String?
    public var lineage: String?
    public var serial: Int?

    public init(contentSHA256: String, workspace: String? = nil, lineage: String? = nil, serial: Int? = nil) {
        self.contentSHA256 = contentSHA256
        self.workspace = workspace
        self.lineage = lineage
        self.serial = serial
    }

    /// `sha256:` over the canonical JSON of all four.
    public var digest: String {
        "sha256:" + SHA256.hex(canonical.utf8)
    }

    public var canonical: String {
        JSON.object([
            ("kind", .string("terraform-plan")),
            ("sha256", .string(contentSHA256)),
            ("workspace", workspace.map(JSON.string) ?? .null),
            ("lineage", lineage.map(JSON.string) ?? .null),
            ("serial", serial.map { .number(String($0)) } ?? .null),
        ]).serialized()
    }
}

/// The counts a reviewer reads first.
public struct PlanSummary: Sendable {
    public var counts: [String: Int]
    /// Data-holding resources deleted or replaced, by address.
    public var dataLosses: [String]
    public var moved: [(from: String, to: String)]
    public var drift: Int

    public init(_ plan: TerraformPlan) {
        var counts: [String: Int] = [:]
        var losses: [String] = []
        var moved: [(String, String)] = []
        for change in plan.managedChanges {
            counts[change.action.verb, default: 0] += 1
            if change.action.destroysObject, DataResources.kind(of: change.type) != nil { losses.append(change.displayAddress) }
            if let previous = change.previousAddress, previous != change.address { moved.append((previous, change.address)) }
        }
        self.counts = counts
        self.dataLosses = losses
        self.moved = moved
        self.drift = plan.resourceDrift.count
    }

    /// `2 to delete, 1 to replace, 3 to create` in a fixed order.
    public var line: String {
        let order = ["delete", "replace", "forget", "forget+create", "update", "create", "read", "unknown"]
        let parts = order.compactMap { verb in counts[verb].map { "\($0) \(verb)" } }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }
}

extension PlanGate {
    /// Judges `terraform apply PLANFILE` by the plan inside the file: each
    /// `terraform.apply-saved-plan` effect of a command verdict is replaced by the effects of its
    /// plan, pointed at the planfile argument. A plan that cannot be read becomes an `unknown`
    /// effect, never an allow. `load` is the door's I/O (it runs `terraform show -json`).
    /// Static, so a verdict without a saved plan (nearly every hook call) costs one scan and
    /// never builds the plan rules.
    public static func judgingSavedPlans(
        in verdict: Verdict, policy: Policy, load: (Effect) -> Result<(TerraformPlan, PlanIdentity), PlanError>
    ) -> Verdict {
        guard verdict.findings.contains(where: { $0.effect.ruleID == "terraform.apply-saved-plan" }) else { return verdict }
        let gate = PlanGate(policy: policy)
        var effects: [Effect] = []
        var digests = [verdict.digest]
        for finding in verdict.findings {
            let effect = finding.effect
            guard effect.ruleID == "terraform.apply-saved-plan", effect.details["planfile"] != nil else {
                effects.append(effect)
                continue
            }
            let name = effect.resources.first ?? "the plan"
            switch load(effect) {
            case .success(let (plan, identity)):
                digests.append(identity.digest)
                for var planEffect in gate.effects(in: plan, landing: effect.target) {
                    planEffect.span = effect.span
                    planEffect.message = "\(name): \(planEffect.message)"
                    effects.append(planEffect)
                }
            case .failure(let error):
                effects.append(
                    Effect(
                        ruleID: "terraform.saved-plan-unreadable", effectClass: .unknown, tool: "terraform",
                        message: "Applies \(name), but Blastwall could not read the plan inside it: \(error.message)",
                        safer: "Check the plan with blastwall plan \(name) first", span: effect.span, resources: effect.resources,
                        target: effect.target))
            }
        }
        let digest = "sha256:" + SHA256.hex(digests.joined(separator: "\n").utf8)
        return policy.verdict(for: effects, input: verdict.input, digest: digest)
    }
}

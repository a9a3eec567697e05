/// What Blastwall decides for each effect: environments and how to recognise them, a grade for
/// every tier × effect class, and rules that refine it. Layers (built-in → system → user →
/// project) merge so a later layer can add but never weaken: environments accumulate, grades
/// take the strictest, headless mode once on stays on, and every rule applies to every effect.
public struct Policy: Sendable {
    public var environments: [EnvironmentDefinition]
    public var grades: [Tier: [EffectClass: Decision]]
    public var rules: [PolicyRule]
    /// With nobody there to answer, `ask` becomes `deny`.
    public var isHeadless: Bool
    /// Extra paths (globs) whose change is `guard-tamper`.
    public var protectedPaths: [String]
    /// The files merged in, in order.
    public var sources: [String]
    /// Who approves, how many, and how long requests and grants live.
    public var approvals = ApprovalSettings()
    /// SHA-256 over the text of every file merged in, so a change is recorded in the audit log.
    public var fingerprint = "built-in"
    /// Layers the agent's user can write whose content no second person approved, each as
    /// `path (fingerprint)`. What they loosen is denied; what they tighten applies at once.
    public var unapprovedLayers: [String] = []
    /// The policy without the unapproved layers: no decision may be looser than its.
    public var baseline: Baseline?

    /// A policy held by reference, so a policy can carry the one it must not loosen.
    public final class Baseline: Sendable {
        public let policy: Policy
        public init(_ policy: Policy) { self.policy = policy }
    }

    public init(
        environments: [EnvironmentDefinition] = [], grades: [Tier: [EffectClass: Decision]] = [:],
        rules: [PolicyRule] = [], isHeadless: Bool = false, protectedPaths: [String] = [], sources: [String] = []
    ) {
        self.environments = environments
        self.grades = grades
        self.rules = rules
        self.isHeadless = isHeadless
        self.protectedPaths = protectedPaths
        self.sources = sources
    }

    /// Adds a layer on top of this one. Nothing in `layer` can make a decision more permissive
    /// than this policy's own rules; it can only add environments, rules and stricter grades.
    public func merging(_ layer: Policy) -> Policy {
        var merged = self
        merged.environments += layer.environments
        for (tier, classes) in layer.grades {
            for (effectClass, decision) in classes {
                let current = merged.grades[tier]?[effectClass] ?? .allow
                merged.grades[tier, default: [:]][effectClass] = max(current, decision)
            }
        }
        merged.rules += layer.rules
        merged.isHeadless = merged.isHeadless || layer.isHeadless
        merged.protectedPaths += layer.protectedPaths
        merged.sources += layer.sources
        merged.approvals = approvals.merging(layer.approvals)
        merged.approvals.productionEnvironments =
            Set(["production"]).union(merged.environments.filter { $0.tier == .production }.map(\.name))
        return merged
    }

    public func environment(named name: String) -> EnvironmentDefinition? {
        if let declared = environments.last(where: { $0.name == name }) { return declared }
        if let tier = Tier(rawValue: name) {
            return EnvironmentDefinition(name: name, tier: tier, matchers: [:], origin: "built-in tier")
        }
        return nil
    }

    /// The environment `--env NAME` forces, nil when none is named; an unknown name is an error
    /// that lists the names there are, so every door refuses it the same way.
    public func forcedEnvironment(_ name: String?) throws(GateError) -> EnvironmentDefinition? {
        guard let name else { return nil }
        guard let environment = environment(named: name) else {
            let known = Set(environments.map(\.name) + Tier.allCases.map(\.rawValue)).sorted()
            throw GateError(code: "unknown-environment", message: "no environment named '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return environment
    }

    /// The decision for one effect, and what made it.
    public func decide(_ effect: Effect) -> (decision: Decision, reason: String) {
        let matching = rules.filter { $0.matches(effect, environments: environments) }
        var decision: Decision
        var reason: String
        if let strictest = matching.max(by: { $0.decision < $1.decision }) {
            decision = strictest.decision
            reason = "policy rule '\(strictest.id)' (\(strictest.origin))"
        } else {
            decision = grades[effect.target.tier]?[effect.effectClass] ?? .ask
            reason = "default for \(effect.effectClass.rawValue) in a \(effect.target.tier.rawValue) environment"
        }
        if isHeadless && decision == .ask {
            decision = .deny
            reason += "; headless mode turns ask into deny"
        }
        if let baseline = baseline?.policy {
            let (strict, strictReason) = baseline.decide(effect)
            if decision < strict {
                return (
                    .deny,
                    "\(reason) would loosen this from \(strict.rawValue) (\(strictReason)), but the policy layer \(unapprovedLayers.joined(separator: ", ")) changed and no second person approved it: denied until someone runs `blastwall policy approve`"
                )
            }
        }
        return (decision, reason)
    }
}

/// A policy rule: when an effect matches every field given, the rule's decision applies.
/// Among matching rules the strictest wins; with none, the tier × class grade decides.
public struct PolicyRule: Sendable, Hashable {
    public var id: String
    public var decision: Decision
    public var classes: Set<EffectClass>?
    /// Environment names or tiers.
    public var environments: [String]?
    public var tools: [String]?
    /// Analyzer rule ids (globs): `terraform.destroy`, `aws.*`.
    public var analyzerRules: [String]?
    /// Resource globs: `aws_db_instance.legacy_*`, `s3://scratch-*`.
    public var resources: [String]?
    public var reason: String?
    public var origin: String

    public init(
        id: String, decision: Decision, classes: Set<EffectClass>? = nil, environments: [String]? = nil,
        tools: [String]? = nil, analyzerRules: [String]? = nil, resources: [String]? = nil, reason: String? = nil,
        origin: String
    ) {
        self.id = id
        self.decision = decision
        self.classes = classes
        self.environments = environments
        self.tools = tools
        self.analyzerRules = analyzerRules
        self.resources = resources
        self.reason = reason
        self.origin = origin
    }

    func matches(_ effect: Effect, environments declared: [EnvironmentDefinition]) -> Bool {
        if let classes, !classes.contains(effect.effectClass) { return false }
        if let environments {
            let names = [effect.target.environment, effect.target.tier.rawValue]
            guard environments.contains(where: { pattern in names.contains { Glob.matches(pattern, $0) } }) else {
                return false
            }
        }
        if let tools, !tools.contains(where: { Glob.matches($0, effect.tool) }) { return false }
        if let analyzerRules, !analyzerRules.contains(where: { Glob.matches($0, effect.ruleID) }) { return false }
        if let resources {
            // Every resource the effect touches must be covered, so a rule for `scratch-*` does
            // not also cover `scratch-1 prod-db` in one command.
            guard !effect.resources.isEmpty,
                effect.resources.allSatisfy({ resource in resources.contains { Glob.matches($0, resource) } })
            else { return false }
        }
        return true
    }
}

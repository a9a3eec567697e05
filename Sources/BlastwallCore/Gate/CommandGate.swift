/// The decision function for shell commands: parse, analyse, resolve environments, grade.
/// Pure: everything it needs is passed in, and it runs nothing.
public struct CommandGate: Sendable {
    public let policy: Policy
    public let registry: RuleRegistry

    public init(policy: Policy = DefaultPolicy.policy, registry: RuleRegistry = .standard) {
        self.policy = policy
        self.registry = registry
    }

    public struct Evaluation: Sendable {
        public var verdict: Verdict
        /// Each step analysis took, for `blastwall explain`.
        public var trace: [String]
    }

    /// Decides a command line. Throws only for input that cannot be handled at all (which the
    /// doors turn into a deny).
    ///
    /// Under a policy with unapproved layers the command is judged twice, with and without them:
    /// a layer that would loosen the verdict — through a rule, or an environment it declares that
    /// moves the target to a gentler tier — gets a deny instead, until it is approved.
    public func evaluate(
        command: String, context: AnalysisContext, forcedEnvironment: String? = nil
    ) throws(GateError) -> Evaluation {
        let evaluation = try evaluateUnderOwnPolicy(command: command, context: context, forcedEnvironment: forcedEnvironment)
        guard let baseline = policy.baseline?.policy else { return evaluation }
        let strict: Evaluation
        do {
            strict = try CommandGate(policy: baseline, registry: registry).evaluateUnderOwnPolicy(
                command: command, context: context, forcedEnvironment: forcedEnvironment)
        } catch  where error.code == "unknown-environment" {
            throw policy.unapprovedEnvironment(error)
        }
        let held = policy.holding(evaluation.verdict, to: strict.verdict)
        let trace = policy.sameLanding(held, evaluation.verdict) ? evaluation.trace : strict.trace
        return Evaluation(verdict: held, trace: trace + ["judged under the approved policy too: \(held.decision.rawValue)"])
    }

    func evaluateUnderOwnPolicy(
        command: String, context: AnalysisContext, forcedEnvironment: String?
    ) throws(GateError) -> Evaluation {
        if command.trimmingBlanks.isEmpty {
            throw GateError(code: "empty-command", message: "the command is empty")
        }
        let forced = try policy.forcedEnvironment(forcedEnvironment)
        let script: Script
        do {
            script = try ShellParser.parse(command)
        } catch {
            throw GateError(
                code: "parse-error", message: "the command could not be parsed: \(error.message) at byte \(error.offset)",
                offset: error.offset)
        }
        var context = context
        context.protectedPaths.blastwall += policy.protectedPaths
        let resolver = EnvironmentResolver(environments: policy.environments, forced: forced)
        var analyzer = CommandAnalyzer(source: command, context: context, registry: registry, environments: resolver)
        analyzer.analyze(script)
        let verdict = grade(analyzer.effects, input: command, cwd: context.cwd, kind: "command")
        return Evaluation(verdict: verdict, trace: analyzer.trace)
    }

    /// Grades effects under the policy, with the digest of the canonical command.
    public func grade(_ effects: [Effect], input: String, cwd: String, kind: String) -> Verdict {
        let environments = Set(effects.map(\.target.environment)).sorted()
        var members: [(String, JSON)] = [
            ("kind", .string(kind)),
            ("input", .string(input)),
            ("cwd", .string(cwd)),
            ("environments", .array(environments.map(JSON.string))),
        ]
        // The workspace, context and profile the command resolved to bind the approval too; left
        // out when there are none, so digests of actions without them stay as they were.
        let bindings = Set(effects.flatMap(\.bindings)).sorted()
        if !bindings.isEmpty { members.append(("bindings", .array(bindings.map(JSON.string)))) }
        let canonical = JSON.object(members).serialized()
        return policy.verdict(for: effects, input: input, digest: "sha256:" + SHA256.hex(canonical.utf8))
    }
}

extension Policy {
    /// `loose`, made under this policy, when it is stricter than `strict`, made under its
    /// baseline (a tightening counts at once) or decides alike; otherwise `strict` with what
    /// decides it turned into a deny that says which unapproved layer would have loosened it.
    ///
    /// Where the unapproved layer moved an effect to another environment, the approved reading is
    /// kept whatever the decisions (raised to `loose`'s when that is stricter): a grant matches
    /// environments by name, and a layer that renames where an action lands must not make a grant
    /// for that name cover it.
    public func holding(_ loose: Verdict, to strict: Verdict) -> Verdict {
        let same = sameLanding(loose, strict)
        if loose.decision > strict.decision {
            guard !same else { return loose }
            var raised = strict
            for index in raised.findings.indices where raised.findings[index].decision == strict.decision {
                raised.findings[index].decision = loose.decision
                raised.findings[index].decidedBy +=
                    "; made \(loose.decision.rawValue) by the unapproved policy layer \(unapprovedLayers.joined(separator: ", "))"
            }
            raised.regrade()
            return raised
        }
        guard strict.decision > loose.decision else { return same ? loose : strict }
        var held = strict
        for index in held.findings.indices where held.findings[index].decision == strict.decision {
            held.findings[index].decision = .deny
            held.findings[index].decidedBy =
                "\(held.findings[index].decidedBy); the policy layer \(unapprovedLayers.joined(separator: ", ")) would make this \(loose.decision.rawValue) (in \(loose.environment)), but it changed and no second person approved it: denied until someone runs `blastwall policy approve`"
        }
        held.regrade()
        return held
    }

    /// Whether two readings of one action put every effect in the same environments.
    func sameLanding(_ first: Verdict, _ second: Verdict) -> Bool {
        Set(first.findings.map(\.effect.target.environment)) == Set(second.findings.map(\.effect.target.environment))
    }

    /// The error for an environment only an unapproved layer declares.
    func unapprovedEnvironment(_ error: GateError) -> GateError {
        GateError(
            code: "unapproved-policy",
            message:
                "\(error.message): the environment is declared only by a policy layer nobody approved (\(unapprovedLayers.joined(separator: ", "))); run `blastwall policy approve`"
        )
    }

    /// Grades effects: each gets its decision, and the strictest decides. Shared by every kind of
    /// action (commands, plans, file writes).
    public func verdict(for effects: [Effect], input: String, digest: String) -> Verdict {
        let findings = effects.map { effect -> Finding in
            let (decision, reason) = decide(effect)
            return Finding(effect: effect, decision: decision, decidedBy: reason)
        }
        var verdict = Verdict(
            decision: .allow, findings: findings, environment: "local", environmentReason: "nothing to resolve", digest: digest,
            isHeadless: isHeadless, input: input)
        verdict.regrade()
        return verdict
    }
}

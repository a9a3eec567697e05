import BlastwallCore

/// The SQL door's decision: every statement classified on PostgreSQL's parser becomes an effect
/// in the environment the connection lands in, and the policy grades them like any other.
public struct SQLGate: Sendable {
    public let policy: Policy
    let classifier = PostgresClassifier()

    public init(policy: Policy) {
        self.policy = policy
    }

    public struct Evaluation: Sendable {
        public var verdict: Verdict
        public var statements: [SQLStatementVerdict]
    }

    /// `hints` say where the connection goes (`--host`, `PGHOST`); `forcedEnvironment` is `--env`.
    public func evaluate(
        sql: String, hints: [TargetHint] = [], forcedEnvironment: String? = nil, session: inout SQLSession
    ) throws(GateError) -> Evaluation {
        let forced = try policy.forcedEnvironment(forcedEnvironment)
        let target = EnvironmentResolver(environments: policy.environments, forced: forced).resolve(hints: hints, isRemote: true)
        let statements = classifier.classify(sql, session: &session)
        let effects = statements.map { statement in
            let evidence = statement.evidence ?? statement.range
            var effect = Effect(
                ruleID: statement.ruleID, effectClass: statement.effectClass, tool: "postgres",
                message: "`\(statement.display)` \(statement.consequence) [\(statement.sqlClass.rawValue)]", safer: statement.safer,
                span: SourceSpan(evidence.lowerBound, evidence.upperBound), resources: statement.resources, target: target)
            effect.details["sql_class"] = statement.sqlClass.rawValue
            effect.locality = .remote
            return effect
        }
        let canonical = JSON.object([
            ("kind", .string("sql")), ("input", .string(sql)), ("environments", .array([.string(target.environment)])),
        ]).serialized()
        var verdict = policy.verdict(for: effects, input: sql, digest: "sha256:" + SHA256.hex(canonical.utf8))
        if effects.isEmpty {
            verdict.environment = target.environment
            verdict.environmentReason = target.reason
        }
        return Evaluation(verdict: verdict, statements: statements)
    }
}

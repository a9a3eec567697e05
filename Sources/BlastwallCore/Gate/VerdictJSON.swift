/// The machine-readable form of a verdict: the `--format json` contract of DESIGN.md.
extension Verdict {
    public func json(trace: [String]? = nil) -> JSON {
        var seen: Set<String> = []
        var rules: [JSON] = []
        for finding in decisive where !seen.contains(finding.effect.ruleID + "\(finding.effect.span)") {
            seen.insert(finding.effect.ruleID + "\(finding.effect.span)")
            rules.append(Self.ruleJSON(finding))
        }
        var members: [(String, JSON)] = [
            ("decision", .string(decision.rawValue)),
            ("rules", .array(rules)),
            ("environment", .string(environment)),
            ("environment_reason", .string(environmentReason)),
            ("effects", .array(findings.map(Self.effectJSON))),
            ("digest", .string(digest)),
            ("headless", .bool(isHeadless)),
            ("command", .string(input)),
        ]
        if let grant {
            members.append(
                (
                    "grant",
                    .object([
                        ("id", .string(grant.id)), ("kind", .string(grant.kind)), ("scope", .string(grant.scope)),
                        ("approvers", .array(grant.approvers.map(JSON.string))), ("expires", .number(String(grant.expires))),
                    ])
                ))
        }
        if !refusedGrants.isEmpty { members.append(("refused_grants", .array(refusedGrants.map(JSON.string)))) }
        if let request {
            members.append(
                (
                    "request",
                    .object([
                        ("id", .string(request.id)), ("expires", .number(String(request.expires))),
                        ("how_to_approve", .string(request.instructions)),
                    ])
                ))
        }
        if let trace { members.append(("trace", .array(trace.map(JSON.string)))) }
        return .object(members)
    }

    static func ruleJSON(_ finding: Finding) -> JSON {
        var members: [(String, JSON)] = [
            ("id", .string(finding.effect.ruleID)),
            ("message", .string(finding.effect.message)),
            ("span", .array([.number(String(finding.effect.span.start)), .number(String(finding.effect.span.end))])),
            ("class", .string(finding.effect.effectClass.rawValue)),
            ("environment", .string(finding.effect.target.environment)),
        ]
        if let safer = finding.effect.safer { members.append(("safer", .string(safer))) }
        return .object(members)
    }

    static func effectJSON(_ finding: Finding) -> JSON {
        var members: [(String, JSON)] = [
            ("rule", .string(finding.effect.ruleID)),
            ("class", .string(finding.effect.effectClass.rawValue)),
            ("tool", .string(finding.effect.tool)),
            ("message", .string(finding.effect.message)),
            ("span", .array([.number(String(finding.effect.span.start)), .number(String(finding.effect.span.end))])),
            ("resources", .array(finding.effect.resources.map(JSON.string))),
            ("environment", .string(finding.effect.target.environment)),
            ("tier", .string(finding.effect.target.tier.rawValue)),
            ("environment_reason", .string(finding.effect.target.reason)),
            ("acts", .string(finding.effect.locality.rawValue)),
            ("decision", .string(finding.decision.rawValue)),
            ("decided_by", .string(finding.decidedBy)),
        ]
        if let safer = finding.effect.safer { members.append(("safer", .string(safer))) }
        if let radius = finding.effect.details["blast_radius"] { members.append(("blast_radius", .string(radius))) }
        return .object(members)
    }

    /// One line a person (or an agent) can act on: the decision, the rule, the environment and
    /// the safer way.
    public var summary: String {
        guard let top = findings.first, decision != .allow || !top.effect.message.isEmpty else {
            return "\(decision.rawValue): nothing in the command needs a check"
        }
        var text =
            "Blastwall \(decision.rawValue == "ask" ? "asks" : decision.rawValue == "deny" ? "denies" : "allows"): \(top.effect.message) [\(top.effect.ruleID), environment \(top.effect.target.environment)]"
        if let grant {
            text += ". Allowed by grant \(grant.id) (\(grant.kind): \(grant.scope)), approved by \(grant.approvers.joined(separator: ", "))"
        }
        // A policy's own rule, or a changed layer held back, is named: the default grade is not.
        if decision != .allow, let decisive = findings.first(where: { $0.decision == decision }),
            decisive.decidedBy.hasPrefix("policy rule") || decisive.decidedBy.contains("no second person approved")
        {
            text += ". Decided by \(decisive.decidedBy)"
        }
        if decision != .allow, let safer = top.effect.safer { text += ". Safer: \(safer)" }
        if decision != .allow {
            for refusal in refusedGrants { text += ". Grant not used: \(refusal)" }
            if let request { text += ". " + request.instructions }
        }
        return text
    }
}

/// Reads a policy file's text into a `Policy` layer, naming the file and line of every problem.
public enum PolicyLoader {
    static let topLevelKeys: Set<String> = ["version", "environments", "defaults", "rules", "settings", "approvals"]
    static let approvalKeys: Set<String> = [
        "required", "approvers", "requests", "request_minutes", "exact_minutes", "scoped_minutes",
        "break_glass_minutes", "clock_tolerance_seconds", "self",
    ]
    static let environmentKeys: Set<String> = ["tier", "match"]
    static let ruleKeys: Set<String> = [
        "id", "decision", "effect", "effects", "environment", "environments", "tool",
        "tools", "rule", "rules", "resource", "resources", "reason",
    ]
    static let settingsKeys: Set<String> = ["headless", "protected_paths"]

    public static func load(_ text: String, file: String) throws(PolicyError) -> Policy {
        let root = try PolicyYAML.parse(text, file: file)
        guard case .mapping(let members, _) = root else {
            throw PolicyError(code: "bad-value", file: file, line: root.line, message: "a policy is a mapping of keys")
        }
        var policy = Policy(sources: [file])
        for (key, value, line) in members {
            switch key {
            case "version":
                guard case .scalar(let version, _) = value, version == "1" else {
                    throw PolicyError(code: "bad-value", file: file, line: line, message: "only 'version: 1' is understood")
                }
            case "environments":
                policy.environments = try environments(value, file: file)
            case "defaults":
                policy.grades = try grades(value, file: file)
            case "rules":
                policy.rules = try rules(value, file: file)
            case "settings":
                try settings(value, into: &policy, file: file)
            case "approvals":
                policy.approvals = try approvals(value, file: file)
            default:
                throw unknownKey(key, line: line, file: file, known: topLevelKeys)
            }
        }
        return policy
    }

    static func unknownKey(_ key: String, line: Int, file: String, known: Set<String>) -> PolicyError {
        PolicyError(
            code: "unknown-key", file: file, line: line,
            message: "unknown key '\(key)'; expected one of \(known.sorted().joined(separator: ", "))")
    }

    static func mapping(_ node: YAMLNode, _ what: String, file: String) throws(PolicyError) -> [(key: String, value: YAMLNode, line: Int)] {
        if case .mapping(let members, _) = node { return members }
        if case .scalar("", _) = node { return [] }
        throw PolicyError(code: "bad-value", file: file, line: node.line, message: "\(what) must be a mapping")
    }

    static func strings(_ node: YAMLNode, _ what: String, file: String) throws(PolicyError) -> [String] {
        switch node {
        case .scalar(let value, _): return [value]
        case .sequence(let items, _):
            var values: [String] = []
            for item in items {
                guard case .scalar(let value, _) = item else {
                    throw PolicyError(code: "bad-value", file: file, line: item.line, message: "\(what) must be a list of strings")
                }
                values.append(value)
            }
            return values
        case .mapping(_, let line):
            throw PolicyError(code: "bad-value", file: file, line: line, message: "\(what) must be a string or a list of strings")
        }
    }

    static func environments(_ node: YAMLNode, file: String) throws(PolicyError) -> [EnvironmentDefinition] {
        var result: [EnvironmentDefinition] = []
        for (name, value, line) in try mapping(node, "environments", file: file) {
            if ["local", "unknown"].contains(name) {
                throw PolicyError(code: "bad-value", file: file, line: line, message: "'\(name)' is built in and cannot be redefined")
            }
            var tier: Tier?
            var matchers: [TargetHint.Kind: [String]] = [:]
            for (key, inner, innerLine) in try mapping(value, "environment '\(name)'", file: file) {
                switch key {
                case "tier":
                    guard case .scalar(let text, _) = inner, let parsed = parseTier(text) else {
                        throw PolicyError(
                            code: "bad-value", file: file, line: innerLine,
                            message: "tier must be one of production, staging, development, sandbox")
                    }
                    tier = parsed
                case "match":
                    for (kind, patterns, kindLine) in try mapping(inner, "match", file: file) {
                        guard let hintKind = TargetHint.Kind(rawValue: kind) else {
                            throw unknownKey(kind, line: kindLine, file: file, known: Set(TargetHint.Kind.allCases.map(\.rawValue)))
                        }
                        matchers[hintKind, default: []] += try strings(patterns, kind, file: file)
                    }
                default:
                    throw unknownKey(key, line: innerLine, file: file, known: environmentKeys)
                }
            }
            result.append(
                EnvironmentDefinition(
                    name: name, tier: tier ?? (parseTier(name) ?? .production), matchers: matchers,
                    origin: "\(file):\(line)"))
        }
        return result
    }

    static func parseTier(_ text: String) -> Tier? {
        switch text.lowercased() {
        case "production", "prod": .production
        case "staging", "stage": .staging
        case "development", "dev", "sandbox": .development
        default: nil
        }
    }

    static func decision(_ node: YAMLNode, file: String) throws(PolicyError) -> Decision {
        guard case .scalar(let text, _) = node, let decision = Decision(rawValue: text) else {
            throw PolicyError(code: "bad-value", file: file, line: node.line, message: "a decision is allow, ask or deny")
        }
        return decision
    }

    static func effectClasses(_ node: YAMLNode, file: String) throws(PolicyError) -> Set<EffectClass> {
        var classes: Set<EffectClass> = []
        for name in try strings(node, "effect", file: file) {
            guard let effectClass = EffectClass(rawValue: name) else {
                throw PolicyError(
                    code: "bad-value", file: file, line: node.line,
                    message:
                        "unknown effect class '\(name)'; expected one of \(EffectClass.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            classes.insert(effectClass)
        }
        return classes
    }

    static func grades(_ node: YAMLNode, file: String) throws(PolicyError) -> [Tier: [EffectClass: Decision]] {
        var grades: [Tier: [EffectClass: Decision]] = [:]
        for (tierName, value, line) in try mapping(node, "defaults", file: file) {
            guard let tier = Tier(rawValue: tierName) ?? parseTier(tierName) else {
                throw PolicyError(
                    code: "bad-value", file: file, line: line,
                    message: "unknown tier '\(tierName)'; expected production, staging, development, local or unknown")
            }
            for (className, decisionNode, classLine) in try mapping(value, "defaults.\(tierName)", file: file) {
                guard let effectClass = EffectClass(rawValue: className) else {
                    throw PolicyError(code: "bad-value", file: file, line: classLine, message: "unknown effect class '\(className)'")
                }
                grades[tier, default: [:]][effectClass] = try decision(decisionNode, file: file)
            }
        }
        return grades
    }

    static func rules(_ node: YAMLNode, file: String) throws(PolicyError) -> [PolicyRule] {
        guard case .sequence(let items, _) = node else {
            if case .scalar("", _) = node { return [] }
            throw PolicyError(code: "bad-value", file: file, line: node.line, message: "rules must be a list")
        }
        var result: [PolicyRule] = []
        for item in items {
            var id: String?
            var chosen: Decision?
            var rule = PolicyRule(id: "", decision: .ask, origin: "\(file):\(item.line)")
            for (key, value, line) in try mapping(item, "a rule", file: file) {
                switch key {
                case "id": id = try strings(value, "id", file: file).first
                case "decision": chosen = try decision(value, file: file)
                case "effect", "effects": rule.classes = try effectClasses(value, file: file)
                case "environment", "environments": rule.environments = try strings(value, key, file: file)
                case "tool", "tools": rule.tools = try strings(value, key, file: file)
                case "rule", "rules": rule.analyzerRules = try strings(value, key, file: file)
                case "resource", "resources": rule.resources = try strings(value, key, file: file)
                case "reason": rule.reason = try strings(value, key, file: file).first
                default: throw unknownKey(key, line: line, file: file, known: ruleKeys)
                }
            }
            guard let id, !id.isEmpty else {
                throw PolicyError(code: "missing-key", file: file, line: item.line, message: "every rule needs an 'id'")
            }
            guard let chosen else {
                throw PolicyError(code: "missing-key", file: file, line: item.line, message: "rule '\(id)' needs a 'decision'")
            }
            rule.id = id
            rule.decision = chosen
            result.append(rule)
        }
        return result
    }

    static func approvals(_ node: YAMLNode, file: String) throws(PolicyError) -> ApprovalSettings {
        var settings = ApprovalSettings()
        func number(_ value: YAMLNode, _ key: String, _ range: ClosedRange<Int64>) throws(PolicyError) -> Int64 {
            guard case .scalar(let text, _) = value, let number = Int64(text), range.contains(number) else {
                throw PolicyError(
                    code: "bad-value", file: file, line: value.line,
                    message: "\(key) is a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        for (key, value, line) in try mapping(node, "approvals", file: file) {
            switch key {
            case "required": settings.required = Int(try number(value, key, 1...16))
            case "approvers": settings.approvers = Set(try strings(value, key, file: file).map(ApprovalSettings.normalise))
            case "requests":
                guard case .scalar(let text, _) = value, ["true", "false"].contains(text) else {
                    throw PolicyError(code: "bad-value", file: file, line: line, message: "requests is true or false")
                }
                settings.fileRequests = text == "true"
            case "request_minutes": settings.requestLifetime = try number(value, key, 1...10_080) * 60
            case "exact_minutes": settings.exactLifetime = try number(value, key, 1...60) * 60
            case "scoped_minutes": settings.scopedLifetime = try number(value, key, 1...43_200) * 60
            case "break_glass_minutes": settings.breakGlassLifetime = try number(value, key, 1...60) * 60
            case "self":
                if case .scalar(let text, _) = value, ["true", "false"].contains(text) {
                    settings.selfApproval = text == "true" ? ["*"] : []
                } else {
                    settings.selfApproval = try strings(value, key, file: file)
                }
            case "clock_tolerance_seconds":
                settings.clockTolerance = try number(value, key, 0...300)
                settings.toleranceIsExplicit = true
            default:
                throw unknownKey(key, line: line, file: file, known: approvalKeys)
            }
        }
        return settings
    }

    static func settings(_ node: YAMLNode, into policy: inout Policy, file: String) throws(PolicyError) {
        for (key, value, line) in try mapping(node, "settings", file: file) {
            switch key {
            case "headless":
                guard case .scalar(let text, _) = value, text == "true" || text == "false" else {
                    throw PolicyError(code: "bad-value", file: file, line: line, message: "headless is true or false")
                }
                policy.isHeadless = text == "true"
            case "protected_paths":
                policy.protectedPaths = try strings(value, key, file: file)
            default:
                throw unknownKey(key, line: line, file: file, known: settingsKeys)
            }
        }
    }
}

import BlastwallCore

/// The posture doctor's findings for people (`file:line: severity: [rule] message` and the fix),
/// for programs (one JSON object) and for code scanning (SARIF).
struct PostureReport {
    let directory: String
    let environment: TargetResolution
    let files: [String]
    let statePath: String?
    let findings: [PostureFinding]

    var counts: [PostureSeverity: Int] {
        Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
    }

    func text() -> String {
        var out =
            "Terraform posture of \(directory): environment \(environment.environment) (\(environment.tier.rawValue)) — \(environment.reason)\n"
        for finding in findings {
            out += "\n\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.message)\n"
            out += "    fix:\n"
            for line in finding.fix.split(separator: "\n", omittingEmptySubsequences: false) { out += "      \(line)\n" }
        }
        let read = "\(files.count) file\(files.count == 1 ? "" : "s")" + (statePath.map { " and the state \($0)" } ?? ", no local state")
        if findings.isEmpty {
            out += "\nNo posture problems found (read \(read)).\n"
        } else {
            let summary = PostureSeverity.allCases.reversed().map { severity -> String in
                let count = counts[severity] ?? 0
                return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
            }
            out += "\n\(summary.joined(separator: ", ")) (read \(read)).\n"
        }
        return out
    }

    func json() -> JSON {
        .object([
            ("directory", .string(directory)),
            ("environment", .string(environment.environment)),
            ("tier", .string(environment.tier.rawValue)),
            ("environment_reason", .string(environment.reason)),
            ("files", .array(files.map(JSON.string))),
            ("state", statePath.map(JSON.string) ?? .null),
            (
                "findings",
                .array(
                    findings.map { finding in
                        .object([
                            ("rule", .string(finding.rule)), ("severity", .string(finding.severity.rawValue)),
                            ("message", .string(finding.message)), ("file", .string(finding.file)),
                            ("line", .number(String(finding.line))), ("resource", finding.resource.map(JSON.string) ?? .null),
                            ("fix", .string(finding.fix)),
                        ])
                    })
            ),
            ("counts", .object(PostureSeverity.allCases.reversed().map { ($0.rawValue, .number(String(counts[$0] ?? 0))) })),
        ])
    }

    func sarif() -> JSON {
        let rules = TerraformPosture.rules.map { rule in
            SARIFRule(id: rule.id, shortDescription: rule.summary, help: rule.help, defaultLevel: SARIFLevel(rule.severity))
        }
        let results = findings.map { finding in
            SARIFResult(
                ruleID: finding.rule, level: SARIFLevel(finding.severity), message: "\(finding.message)\n\nFix:\n\(finding.fix)",
                path: finding.file, startLine: finding.line)
        }
        return SARIF.log(rules: rules, results: results)
    }
}

extension SARIFLevel {
    init(_ severity: PostureSeverity) {
        switch severity {
        case .error: self = .error
        case .warning: self = .warning
        case .note: self = .note
        }
    }
}

import BlastwallCore

/// A plan verdict in the four forms its readers want: a terminal, a machine, a pull-request
/// comment, a code-scanning UI. Long runs of the same finding (20,000 creates) are folded.
struct PlanReport {
    let evaluation: PlanGate.Evaluation
    var color = false
    /// Findings shown per rule before the rest are counted.
    var perRule = 8

    var verdict: Verdict { evaluation.verdict }

    /// The findings worth showing, grouped by rule in decision order, each group cut to `perRule`.
    func groups() -> [(rule: String, decision: Decision, shown: [Finding], hidden: Int)] {
        var order: [String] = []
        var byRule: [String: [Finding]] = [:]
        for finding in verdict.findings {
            if byRule[finding.effect.ruleID] == nil { order.append(finding.effect.ruleID) }
            byRule[finding.effect.ruleID, default: []].append(finding)
        }
        return order.map { rule in
            let findings = byRule[rule] ?? []
            return (rule, findings.map(\.decision).max() ?? .allow, Array(findings.prefix(perRule)), max(0, findings.count - perRule))
        }
    }

    var identityLines: [String] {
        let identity = evaluation.identity
        var lines = ["plan sha256: \(identity.contentSHA256)", "workspace: \(identity.workspace ?? "default")"]
        if let lineage = identity.lineage { lines.append("state lineage: \(lineage), serial \(identity.serial.map(String.init) ?? "?")") }
        lines.append("digest: \(verdict.digest)")
        return lines
    }

    var header: String {
        let plan = evaluation.plan
        var parts = ["Plan: \(evaluation.summary.line)"]
        if let version = plan.terraformVersion { parts.append("terraform \(version)") }
        parts.append("format \(plan.formatVersion)")
        if evaluation.summary.drift > 0 { parts.append("\(evaluation.summary.drift) drifted") }
        return parts.joined(separator: " · ")
    }

    // MARK: - Text

    func text() -> String {
        let report = TextReport(verdict: verdict, color: color)
        var out = "\(report.label(verdict.decision))  environment: \(verdict.environment) — \(verdict.environmentReason)"
        if verdict.isHeadless { out += "  (headless: ask becomes deny)" }
        out += "\n  \(header)\n"
        if !evaluation.summary.dataLosses.isEmpty {
            out += "  Data lost if applied: \(evaluation.summary.dataLosses.prefix(10).joined(separator: ", "))"
            out += evaluation.summary.dataLosses.count > 10 ? " (+\(evaluation.summary.dataLosses.count - 10) more)\n" : "\n"
        }
        for (from, to) in evaluation.summary.moved.prefix(10) { out += "  moved: \(from) → \(to)\n" }
        if verdict.findings.isEmpty { out += "\n  Nothing in this plan changes anything.\n" }
        for group in groups() {
            for finding in group.shown {
                out +=
                    "\n  \(report.label(finding.decision)) \(report.paint(finding.effect.ruleID, "1")) (\(finding.effect.effectClass.rawValue)): \(finding.effect.message)\n"
                if finding.decision != .allow, group.shown.first?.effect.message == finding.effect.message {
                    out += "    decided by: \(finding.decidedBy)\n"
                    if let safer = finding.effect.safer { out += "    safer: \(safer)\n" }
                }
            }
            if group.hidden > 0 { out += "\n  … and \(group.hidden) more \(group.rule) findings (--format json lists them all)\n" }
        }
        out += "\n" + identityLines.map { "  \($0)\n" }.joined()
        return out
    }

    // MARK: - JSON

    func json() -> JSON {
        var root = verdict.json()
        let plan = evaluation.plan
        let summary = evaluation.summary
        let identity = evaluation.identity
        root.set(
            "plan",
            .object([
                ("format_version", .string(plan.formatVersion)),
                ("terraform_version", plan.terraformVersion.map(JSON.string) ?? .null),
                ("counts", .object(summary.counts.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) })),
                ("data_losses", .array(summary.dataLosses.map(JSON.string))),
                ("moved", .array(summary.moved.map { .object([("from", .string($0.from)), ("to", .string($0.to))]) })),
                ("drift", .number(String(summary.drift))),
                ("prior_state", .bool(plan.hasPriorState)),
                ("sha256", .string(identity.contentSHA256)),
                ("workspace", identity.workspace.map(JSON.string) ?? .null),
                ("lineage", identity.lineage.map(JSON.string) ?? .null),
                ("serial", identity.serial.map { .number(String($0)) } ?? .null),
            ]))
        return root
    }

    // MARK: - Markdown

    func markdown() -> String {
        let badge = ["allow": "✅ **ALLOW**", "ask": "⚠️ **ASK** — needs a person's approval", "deny": "⛔ **DENY**"][
            verdict.decision.rawValue]!
        var out = "### Blastwall plan review: \(badge)\n\n"
        out += "Environment **\(escape(verdict.environment))** (\(escape(verdict.environmentReason))). \(escape(header)).\n\n"
        if !evaluation.summary.dataLosses.isEmpty {
            out +=
                "**Data lost if applied:** " + evaluation.summary.dataLosses.prefix(20).map { "`\($0)`" }.joined(separator: ", ") + "\n\n"
        }
        let shown = groups().filter { $0.decision != .allow || verdict.decision == .allow }
        if !shown.isEmpty {
            out += "| | Rule | Resource | What happens |\n|---|---|---|---|\n"
            for group in shown {
                for finding in group.shown {
                    let resource = finding.effect.resources.first.map { "`\($0)`" } ?? "(plan)"
                    out +=
                        "| \(finding.decision.rawValue) | `\(finding.effect.ruleID)` | \(resource) | \(escape(finding.effect.message)) |\n"
                }
                if group.hidden > 0 { out += "| | `\(group.rule)` | … | \(group.hidden) more |\n" }
            }
            out += "\n"
        }
        var safer: [String] = []
        for group in shown where group.decision != .allow {
            if let text = group.shown.first?.effect.safer, !safer.contains(text) { safer.append(text) }
        }
        if !safer.isEmpty { out += "**Safer ways:**\n" + safer.map { "- \(escape($0))\n" }.joined() + "\n" }
        out += "<sub>" + identityLines.map(escape).joined(separator: " · ") + "</sub>\n"
        return out
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: - SARIF

    func sarif() -> JSON {
        let rules = PlanRules.all.map { rule in
            SARIFRule(id: rule.id, shortDescription: rule.summary, help: rule.safer, defaultLevel: nil)
        }
        let results = verdict.findings.filter { $0.decision != .allow }.map { finding in
            SARIFResult(
                ruleID: finding.effect.ruleID,
                level: finding.decision == .deny ? .error : .warning,
                message: "\(finding.decision.rawValue): \(finding.effect.message) [environment \(finding.effect.target.environment)]",
                path: verdict.input == "-" ? "plan.json" : verdict.input, startLine: nil,
                byteRange: finding.effect.span.isEmpty
                    ? nil : (finding.effect.span.start, finding.effect.span.end - finding.effect.span.start),
                logicalName: finding.effect.resources.first)
        }
        return SARIF.log(rules: rules, results: results)
    }
}

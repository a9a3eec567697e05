import BlastwallCore

/// The verdict for people: the decision, each rule with the part of the command it points at,
/// the environment and how it was recognised, and a safer way.
struct TextReport {
    let verdict: Verdict
    let color: Bool

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func label(_ decision: Decision) -> String {
        switch decision {
        case .allow: paint("ALLOW", "1;32")
        case .ask: paint("ASK", "1;33")
        case .deny: paint("DENY", "1;31")
        }
    }

    func render(trace: [String]? = nil) -> String {
        var out = "\(label(verdict.decision))  environment: \(verdict.environment)"
        if verdict.isHeadless { out += "  (headless: ask becomes deny)" }
        out += "\n"
        let shown = trace == nil ? verdict.findings.filter { $0.decision == verdict.decision || $0.decision != .allow } : verdict.findings
        if shown.isEmpty {
            out += "  Nothing in this command needs a check.\n"
        }
        var seen: Set<String> = []
        for finding in shown {
            let key = "\(finding.effect.ruleID)\(finding.effect.span)\(finding.effect.target.environment)"
            if seen.contains(key) { continue }
            seen.insert(key)
            out +=
                "\n  \(label(finding.decision)) \(paint(finding.effect.ruleID, "1")) (\(finding.effect.effectClass.rawValue)): \(finding.effect.message)\n"
            out += underline(finding.effect.span)
            out += "    environment: \(finding.effect.target.environment) — \(finding.effect.target.reason)\n"
            out += "    acts: \(Self.locality(finding.effect.locality))\n"
            out += "    decided by: \(finding.decidedBy)\n"
            if finding.decision != .allow, let safer = finding.effect.safer { out += "    safer: \(safer)\n" }
        }
        if let trace {
            out += "\n  Analysis:\n"
            for step in trace { out += "    - \(step)\n" }
        }
        out += "\n  digest: \(verdict.digest)\n"
        if let grant = verdict.grant {
            out += "  grant: \(grant.id) — \(grant.scope); approved by \(grant.approvers.joined(separator: ", "))\n"
        }
        for refusal in verdict.refusedGrants { out += "  grant not used: \(refusal)\n" }
        if let request = verdict.request { out += "  request: \(request.instructions)\n" }
        return out
    }

    /// Where an effect acts, in words: which environment grades it follows from that.
    static func locality(_ locality: Locality) -> String {
        switch locality {
        case .here: "on this machine (graded in the machine's own environment, whatever the directory or --env says)"
        case .remote: "remotely (graded in the target environment)"
        case .codeHost: "on the code host (graded by its remote and branch)"
        }
    }

    /// The line of the command holding the span, with carets under it.
    func underline(_ span: SourceSpan) -> String {
        let bytes = Array(verdict.input.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start < span.end else { return "" }
        var lineStart = span.start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = span.start
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        let line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        guard line.count <= 240 else { return "" }
        let startColumn = String(decoding: bytes[lineStart..<span.start], as: UTF8.self).count
        let width = max(1, String(decoding: bytes[span.start..<min(span.end, lineEnd)], as: UTF8.self).count)
        return "      \(line)\n      \(String(repeating: " ", count: startColumn))\(paint(String(repeating: "^", count: width), "1;31"))\n"
    }

    /// The character column of a byte offset.
    static func column(of offset: Int, in text: String) -> Int {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[0..<min(max(offset, 0), bytes.count)], as: UTF8.self).count
    }
}

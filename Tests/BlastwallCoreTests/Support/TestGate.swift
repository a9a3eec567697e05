import BlastwallCore

/// The context rule examples and corpus entries run in: a project checked out under a home
/// directory, on its `feature` branch.
enum TestGate {
    static let context = AnalysisContext(
        cwd: "/home/dev/project", home: "/home/dev", environment: ["PATH": "/usr/bin:/bin"],
        workspace: WorkspaceFacts(
            gitRoot: "/home/dev/project", gitBranch: "feature", gitRemotes: ["origin": "git@github.com:acme/app.git"]),
        protectedPaths: ProtectedPaths(blastwall: ["/home/dev/.config/blastwall/**"]))

    static let gate = CommandGate()

    static func evaluate(
        _ command: String, context: AnalysisContext = context, environment: String? = nil, gate: CommandGate = gate
    ) throws -> CommandGate.Evaluation {
        try gate.evaluate(command: command, context: context, forcedEnvironment: environment)
    }

    static func decision(_ command: String, environment: String? = nil, context: AnalysisContext = context) throws -> Decision {
        try evaluate(command, context: context, environment: environment).verdict.decision
    }
}

/// Examples mark the evidence with « and »; this removes the marks and returns the byte span.
enum Marked {
    static func parse(_ example: String) -> (String, SourceSpan?) {
        var bytes: [UInt8] = []
        var start: Int?
        var end: Int?
        for scalar in example.unicodeScalars {
            if scalar == "«" {
                start = bytes.count
            } else if scalar == "»" {
                end = bytes.count
            } else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start, let end else { return (text, nil) }
        return (text, SourceSpan(start, end))
    }

    static func slice(_ text: String, _ span: SourceSpan) -> String {
        let bytes = Array(text.utf8)
        guard span.start >= 0, span.end <= bytes.count else { return "<out of range \(span)>" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }
}

/// Blastwall's answer for one action: the decision, every effect with the decision it got and
/// why, the environment that mattered, and the digest an approval would bind to.
public struct Verdict: Sendable {
    public var decision: Decision
    public var findings: [Finding]
    /// The environment of the finding that decided (the strictest), or `local` with none.
    public var environment: String
    public var environmentReason: String
    /// `sha256:…` of the canonical action.
    public var digest: String
    public var isHeadless: Bool
    /// The action as given (the command line).
    public var input: String

    /// The findings that carry the final decision, strictest first.
    public var decisive: [Finding] { findings.filter { $0.decision == decision } }
}

/// One effect and the decision the policy gave it.
public struct Finding: Sendable {
    public var effect: Effect
    public var decision: Decision
    /// What decided: a policy rule, or the default grade for the tier and class.
    public var decidedBy: String
}

/// Input the gate could not handle at all: adapters turn this into a deny.
public struct GateError: Error, Sendable, CustomStringConvertible {
    /// `empty-command`, `parse-error`, `unknown-environment`, `invalid-utf8`, …
    public var code: String
    public var message: String
    /// Where in the input, when known.
    public var offset: Int?

    public init(code: String, message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

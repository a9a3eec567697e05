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
    /// The grant that lifted this verdict, when one did.
    public var grant: AppliedGrant?
    /// Grants that would have applied but were refused, each with its reason.
    public var refusedGrants: [String] = []
    /// The request filed for a person to approve, when the door filed one.
    public var request: FiledRequest?

    /// The findings that carry the final decision, strictest first.
    public var decisive: [Finding] { findings.filter { $0.decision == decision } }
}

/// A grant that lifted a verdict: which one, who approved it, and what it covered.
public struct AppliedGrant: Sendable, Equatable {
    public var id: String
    public var approvers: [String]
    /// `exact` or `scoped`.
    public var kind: String
    /// What it covers, in words.
    public var scope: String
    public var expires: Int64

    public init(id: String, approvers: [String], kind: String, scope: String, expires: Int64) {
        self.id = id
        self.approvers = approvers
        self.kind = kind
        self.scope = scope
        self.expires = expires
    }
}

/// A request filed for approval: its id and how a person approves it.
public struct FiledRequest: Sendable, Equatable {
    public var id: String
    public var expires: Int64
    /// True when an identical pending request existed and was reused.
    public var reused: Bool
    /// Set when there is no trust root out of the agent's reach: how strong an approval here is,
    /// and the command that makes it strong.
    public var trustWarning: String?

    public init(id: String, expires: Int64, reused: Bool) {
        self.id = id
        self.expires = expires
        self.reused = reused
    }

    /// What an agent is told: never a token, only where a person approves.
    public var instructions: String {
        "Request \(id) is waiting for a second person: they review it with `blastwall requests` and approve it with "
            + "`blastwall approve \(id)` in their own terminal; then retry the same command."
            + (trustWarning.map { " Note: \($0)." } ?? "")
    }
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

extension Verdict {
    /// Orders the findings strictest first (then by position in the input) and takes the
    /// verdict's decision and environment from them: when a policy grades effects, and again
    /// after a door changed some findings' decisions (a read-only session, say).
    public mutating func regrade() {
        findings.sort { lhs, rhs in
            if lhs.decision != rhs.decision { return lhs.decision > rhs.decision }
            return lhs.effect.span.start < rhs.effect.span.start
        }
        decision = findings.map(\.decision).max() ?? .allow
        if let top = findings.first {
            environment = top.effect.target.environment
            environmentReason = top.effect.target.reason
        }
    }
}

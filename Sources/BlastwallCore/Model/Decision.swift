/// What Blastwall answers for a proposed action. Ordered from most to least permissive, so the
/// strictest of several decisions is their maximum.
public enum Decision: String, Sendable, Comparable, CaseIterable {
    case allow
    case ask
    case deny

    private var strictness: Int {
        switch self {
        case .allow: 0
        case .ask: 1
        case .deny: 2
        }
    }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.strictness < rhs.strictness }

    /// The process exit status of the CLI contract: 0 allow, 2 deny, 3 ask.
    public var exitCode: Int32 {
        switch self {
        case .allow: 0
        case .deny: 2
        case .ask: 3
        }
    }
}

/// What kind of change an effect makes, which is what the policy grades.
public enum EffectClass: String, Sendable, CaseIterable, Comparable {
    case read
    case write
    case privilege
    case opaque
    case unknown
    case destroy
    case irreversible
    case guardTamper = "guard-tamper"

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: EffectClass, rhs: EffectClass) -> Bool { lhs.rank < rhs.rank }
}

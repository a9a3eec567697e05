/// How approvals work under this policy (the `approvals:` section). Layers only tighten: more
/// approvals, a smaller group, shorter lifetimes, a smaller clock tolerance.
public struct ApprovalSettings: Sendable, Equatable {
    /// Distinct approvers needed, none of them the requester.
    public var required: Int = 1
    /// The principals who may approve; nil lets any enrolled key's principal approve.
    public var approvers: Set<String>?
    /// Whether a door files a request for an ask or deny it could not let through.
    public var fileRequests: Bool = true
    /// A request nobody decides expires after this many seconds.
    public var requestLifetime: Int64 = 3600
    /// An exact grant (one digest, single use) lives at most this long.
    public var exactLifetime: Int64 = 900
    /// A scoped grant lives at most this long.
    public var scopedLifetime: Int64 = 8 * 3600
    /// A break-glass grant lives at most this long.
    public var breakGlassLifetime: Int64 = 900
    /// How far a grant's times may be off the clock and still count (at most 300 s). Unlike the
    /// rest, the last layer that names it sets it: machines with skewed clocks need more.
    public var clockTolerance: Int64 = 1
    var toleranceIsExplicit = false
    /// Environments (names or tiers, globs) where the requester may approve their own agent's
    /// request with their own sealed key, typed at their terminal (`approvals.self`): "sudo" for
    /// one person. Nil, the default, keeps the two-person rule everywhere. Only the trust root's
    /// policy can set it; every other layer can only narrow it.
    public var selfApproval: [String]?
    /// Environments of the production tier, which `self: true` does not reach: production is
    /// covered only where a policy names it.
    public var productionEnvironments: Set<String> = ["production"]

    public init() {}

    func merging(_ layer: ApprovalSettings) -> ApprovalSettings {
        var merged = self
        merged.required = max(required, layer.required)
        if let group = layer.approvers { merged.approvers = approvers.map { $0.intersection(group) } ?? group }
        merged.fileRequests = fileRequests && layer.fileRequests
        merged.requestLifetime = min(requestLifetime, layer.requestLifetime)
        merged.exactLifetime = min(exactLifetime, layer.exactLifetime)
        merged.scopedLifetime = min(scopedLifetime, layer.scopedLifetime)
        merged.breakGlassLifetime = min(breakGlassLifetime, layer.breakGlassLifetime)
        if let narrowed = layer.selfApproval {
            merged.selfApproval = selfApproval.map { current in current.filter { narrowed.contains($0) } }
        }
        if layer.toleranceIsExplicit {
            merged.clockTolerance = layer.clockTolerance
            merged.toleranceIsExplicit = true
        }
        return merged
    }

    /// Whether the requester may approve their own request for `environment`.
    public func allowsSelfApproval(in environment: String) -> Bool {
        guard let selfApproval else { return false }
        if selfApproval.contains(environment) { return true }
        if productionEnvironments.contains(environment) { return false }
        return selfApproval.contains { Glob.matches($0, environment) }
    }

    /// A principal name as compared everywhere: its canonical form (`PrincipalName`), so `Alice`,
    /// `ａｌｉｃｅ` and `ali\u{200B}ce` are one person.
    public static func normalise(_ principal: String) -> String { PrincipalName.normalised(principal) }
}

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
        if layer.toleranceIsExplicit {
            merged.clockTolerance = layer.clockTolerance
            merged.toleranceIsExplicit = true
        }
        return merged
    }

    /// A principal name as compared everywhere: trimmed and lower-cased, so `Alice` and `alice`
    /// are one person.
    public static func normalise(_ principal: String) -> String {
        String(principal.unicodeScalars.filter { !$0.properties.isWhitespace }).lowercased()
    }
}

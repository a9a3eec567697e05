import BlastwallCore

/// Whether and how a door files a request when a verdict stops an action.
public struct RequestFiling: Sendable {
    public var reason: String?
    public var breakGlass: Bool
    /// Asked for by a person (`blastwall request`), so filed even where the policy turns
    /// automatic requests off.
    public var explicit: Bool

    public init(reason: String? = nil, breakGlass: Bool = false, explicit: Bool = false) {
        self.reason = reason
        self.breakGlass = breakGlass
        self.explicit = explicit
    }
}

extension Store {
    /// The door's one call after the gate has judged an action: apply any grant that covers the
    /// whole verdict (consuming a single-use one), file a request when the verdict still stops the
    /// action, and append the verdict to the audit log — all in one transaction, committed and
    /// synced before the door answers. If this throws, the door must deny.
    public func record(
        _ verdict: Verdict, context: ActionContext, settings: ApprovalSettings, fileRequest: RequestFiling?,
        extra: [(String, JSON)] = [], consumesGrants: Bool = true, now: Int64
    ) throws(StoreError) -> Verdict {
        try write { () throws(StoreError) -> Verdict in
            var verdict = verdict
            try recordPolicyChange(context, now: now)
            if verdict.decision != .allow {
                try applyGrants(to: &verdict, context: context, settings: settings, consumes: consumesGrants, now: now)
            }
            let stopsOnlyForApproval = !verdict.decisive.contains { $0.effect.effectClass == .guardTamper }
            if verdict.decision != .allow, let filing = fileRequest, filing.explicit || settings.fileRequests, stopsOnlyForApproval {
                verdict.request = try fileRequestLocked(
                    for: verdict, context: context,
                    reason: filing.reason ?? "filed by \(context.agent) when Blastwall answered \(verdict.decision.rawValue)",
                    breakGlass: filing.breakGlass, settings: settings, now: now)
            }
            try appendAudit(.verdict, Self.verdictFields(verdict, context: context) + extra, now: now)
            return verdict
        }
    }

    /// Allowed actions for `recordAllowed`: one verdict, the principal it was made for, and the
    /// text of every action it allowed, in order — the verdict's own input each time, or, for a
    /// verdict made for a shape (the same statement with other constants), each statement's text.
    public struct AllowedActions: Sendable {
        public var verdict: Verdict
        public var context: ActionContext
        public var inputs: [String]

        public init(verdict: Verdict, context: ActionContext, inputs: [String]) {
            self.verdict = verdict
            self.context = context
            self.inputs = inputs
        }
    }

    /// The most statements one record lists.
    public static let statementsPerRecord = 256

    /// Appends verdicts the door already answered with allow and that needed no grant, in one
    /// transaction: the group commit of a stream of allowed statements (the SQL proxy), where a
    /// synced transaction per statement would cost more than the statement. A verdict used
    /// several times is one record with a `count`; one made for a shape lists the texts it
    /// allowed under `statements` (up to `statementsPerRecord` a record).
    public func recordAllowed(_ groups: [AllowedActions], now: Int64) throws(StoreError) {
        guard !groups.isEmpty else { return }
        try write { () throws(StoreError) in
            var fingerprints: Set<String> = []
            for group in groups where !group.inputs.isEmpty {
                // The policy is looked up once per batch and fingerprint, not once per verdict.
                if let fingerprint = group.context.policyFingerprint, fingerprints.insert(fingerprint).inserted {
                    try recordPolicyChange(group.context, now: now)
                }
                let shared = group.inputs.contains { $0 != group.verdict.input }
                var start = 0
                while start < group.inputs.count {
                    let end = shared ? min(group.inputs.count, start + Self.statementsPerRecord) : group.inputs.count
                    var fields = Self.verdictFields(group.verdict, context: group.context)
                    if end - start > 1 { fields.append(("count", .number(String(end - start)))) }
                    if shared {
                        fields.append(("statements", .array(group.inputs[start..<end].map { .string(String($0.prefix(4096))) })))
                    }
                    try appendAudit(.verdict, fields, now: now)
                    start = end
                }
            }
        }
    }

    /// Appends a `policy` record when the policy in force is not the one last recorded: a policy
    /// edited out of band shows in the log next to the first verdict made under it.
    func recordPolicyChange(_ context: ActionContext, now: Int64) throws(StoreError) {
        guard let fingerprint = context.policyFingerprint else { return }
        let recorded = try Self.meta(database)["policy"].map { String(decoding: $0, as: UTF8.self) }
        guard recorded != fingerprint else { return }
        try database.query("INSERT OR REPLACE INTO meta (key, value) VALUES ('policy', ?)", [.blob(Array(fingerprint.utf8))])
        try appendAudit(
            .policy,
            [
                ("fingerprint", .string(fingerprint)), ("previous", recorded.map(JSON.string) ?? .null),
                ("sources", .array(context.policySources.map(JSON.string))), ("principal", .string(context.requester)),
            ], now: now)
    }

    /// Records that an agent ran the tool call `toolUseID` names, after whatever verdict it had.
    public func recordOutcome(toolUseID: String, command: String, context: ActionContext, now: Int64) throws(StoreError) {
        try write { () throws(StoreError) in
            try appendAudit(
                .outcome,
                [
                    ("source", .string(context.source)), ("agent", .string(context.agent)), ("principal", .string(context.requester)),
                    ("tool_use_id", .string(toolUseID)), ("command", .string(String(command.prefix(4096)))), ("cwd", .string(context.cwd)),
                ], now: now)
        }
    }

    /// Records a verdict that could not be made (bad input): always a deny.
    public func recordFailure(code: String, message: String, input: String, context: ActionContext, now: Int64) throws(StoreError) {
        try write { () throws(StoreError) in
            try appendAudit(
                .verdict,
                [
                    ("source", .string(context.source)), ("agent", .string(context.agent)), ("principal", .string(context.requester)),
                    ("decision", .string("deny")), ("environment", .string("unknown")), ("rules", .array([.string("input." + code)])),
                    ("summary", .string("Blastwall denies: \(message)")), ("command", .string(String(input.prefix(4096)))),
                    ("cwd", .string(context.cwd)),
                ], now: now)
        }
    }

    static func verdictFields(_ verdict: Verdict, context: ActionContext) -> [(String, JSON)] {
        var fields: [(String, JSON)] = [
            ("source", .string(context.source)), ("agent", .string(context.agent)), ("principal", .string(context.requester)),
            ("decision", .string(verdict.decision.rawValue)), ("environment", .string(verdict.environment)),
            ("rules", .array(Array(Set(verdict.decisive.map(\.effect.ruleID))).sorted().map(JSON.string))),
            ("summary", .string(verdict.summary)), ("digest", .string(verdict.digest)),
            ("command", .string(String(verdict.input.prefix(4096)))), ("cwd", .string(context.cwd)),
        ]
        if let toolUseID = context.toolUseID { fields.append(("tool_use_id", .string(toolUseID))) }
        if let grant = verdict.grant {
            fields.append(("grant", .string(grant.id)))
            fields.append(("approvers", .array(grant.approvers.map(JSON.string))))
        }
        if !verdict.refusedGrants.isEmpty { fields.append(("refused_grants", .array(verdict.refusedGrants.map(JSON.string)))) }
        if let request = verdict.request { fields.append(("request", .string(request.id))) }
        return fields
    }

    /// Finds a grant that covers every finding that stops the action, verifies it offline, and
    /// lifts those findings to allow. Refused grants are named in the verdict.
    /// A dry run (`consumes` false, `blastwall check`) says which grant would apply without using
    /// a single-use one up.
    func applyGrants(
        to verdict: inout Verdict, context: ActionContext, settings: ApprovalSettings, consumes: Bool = true, now: Int64
    ) throws(StoreError) {
        let rows = try database.query(
            """
            SELECT id, status FROM grants
            WHERE (kind = 'scoped' OR digest = ?) AND expires > ? ORDER BY kind, created LIMIT 32
            """, [.text(verdict.digest), .integer(now - 3600)])
        guard !rows.isEmpty else { return }
        let keys = trustedKeys.byID
        let stopping = verdict.findings.filter { $0.decision != .allow }
        for row in rows {
            guard let id = row[0].text, let status = row[1].text else { continue }
            let tokens = try database.query("SELECT principal, key_id, token FROM grant_tokens WHERE grant_id = ?", [.text(id)])
            let verified: (claims: GrantClaims, approvers: [String])
            do {
                verified = try Self.verifyGrant(
                    id: id, tokens: tokens.compactMap { row in row[2].text.map { (row[0].text ?? "", row[1].text ?? "", $0) } },
                    keys: keys, audience: audience, actionDigest: verdict.digest, requester: context.requester, settings: settings,
                    now: now)
            } catch {
                // A grant for some other scope that simply does not apply is not worth a word;
                // a broken, expired or foreign one that would have applied is.
                if error.code != "not-this-action" { verdict.refusedGrants.append("\(id): \(error.message)") }
                continue
            }
            let claims = verified.claims
            guard stopping.allSatisfy({ claims.covers($0, cwd: context.cwd) }) else {
                if claims.kind == .exact {
                    verdict.refusedGrants.append("\(id): it does not cover \(uncovered(stopping, claims, context))")
                }
                continue
            }
            do {
                try Self.checkValidity(claims, approvers: verified.approvers, settings: settings, now: now)
            } catch {
                verdict.refusedGrants.append("\(id): \(error.message)")
                continue
            }
            // The grant's row can be rewritten by whoever writes the store; its revocation and
            // single use are also in the audit log, whose rewriting `audit verify` catches.
            if let settled = try settledInLog(id) {
                verdict.refusedGrants.append("\(id): \(settled)")
                continue
            }
            switch status {
            case "active": break
            case "used":
                verdict.refusedGrants.append("\(id): single-use grant already used")
                continue
            case "revoked":
                verdict.refusedGrants.append("\(id): revoked")
                continue
            default:
                verdict.refusedGrants.append("\(id): waiting for more approvals")
                continue
            }
            var note = ""
            if claims.kind == .exact && !consumes {
                note = " (a dry run: the single-use grant is not used up)"
            } else if claims.kind == .exact {
                try database.query(
                    "UPDATE grants SET status = 'used', used = ? WHERE id = ? AND status = 'active'", [.integer(now), .text(id)])
                guard database.changes == 1 else {
                    verdict.refusedGrants.append("\(id): single-use grant already used")
                    continue
                }
                try appendAudit(.grantUse, [("grant", .string(id)), ("digest", .string(verdict.digest))], now: now)
            }
            let applied = AppliedGrant(
                id: id, approvers: verified.approvers, kind: claims.kind.rawValue, scope: claims.scopeDescription, expires: claims.expires)
            for index in verdict.findings.indices where verdict.findings[index].decision != .allow {
                verdict.findings[index].decision = .allow
                verdict.findings[index].decidedBy = "grant \(id) approved by \(verified.approvers.joined(separator: ", "))\(note)"
            }
            verdict.decision = verdict.findings.map(\.decision).max() ?? .allow
            verdict.grant = applied
            verdict.refusedGrants = []
            return
        }
    }

    /// Whether the audit log says grant `id` was revoked (or its request was) or, being single
    /// use, already used.
    func settledInLog(_ id: String) throws(StoreError) -> String? {
        let requestID = try database.query("SELECT request_id FROM grants WHERE id = ?", [.text(id)]).first?.first?.text
        for record in try database.query(
            "SELECT record FROM audit WHERE CAST(record AS TEXT) LIKE ? OR CAST(record AS TEXT) LIKE ?",
            [.text("%\"\(id)\"%"), .text("%\"\(requestID ?? id)\"%")])
        {
            // The type is read from the record's own (hashed) bytes, never from the `type`
            // column beside it, which anyone who writes the store can change unnoticed.
            guard let json = record[0].blob.flatMap({ try? JSON.parse(String(decoding: $0, as: UTF8.self)) }) else { continue }
            switch json["type"]?.stringValue {
            case "revocation" where [id, requestID].contains(json["id"]?.stringValue):
                return "revoked (audit log)"
            case "grant-use" where json["grant"]?.stringValue == id:
                return "single-use grant already used (audit log)"
            case "refusal" where json["code"]?.stringValue == "denied" && json["request"]?.stringValue == requestID:
                return "its request was denied (audit log)"
            default: continue
            }
        }
        return nil
    }

    private func uncovered(_ stopping: [Finding], _ claims: GrantClaims, _ context: ActionContext) -> String {
        guard let finding = stopping.first(where: { !claims.covers($0, cwd: context.cwd) }) else { return "this action" }
        return "\(finding.effect.ruleID) (\(finding.effect.effectClass.rawValue) in \(finding.effect.target.environment))"
    }

    /// Verifies one grant offline: every approver's token signed by an enrolled, unrevoked key of
    /// that principal, over the same claims, for this audience and (exact grants) this action's
    /// digest, within its time window, for this requester, with enough distinct approvers none of
    /// whom is the requester.
    static func verifyGrant(
        id: String, tokens: [(principal: String, keyID: String, token: String)], keys: [String: EnrolledKey], audience: String,
        actionDigest: String, requester: String, settings: ApprovalSettings, now: Int64
    ) throws(GrantRefusal) -> (claims: GrantClaims, approvers: [String]) {
        var shared: GrantClaims?
        var approvers: Set<String> = []
        var firstProblem: GrantRefusal?
        for entry in tokens {
            do throws(GrantRefusal) {
                let claims = try verifyToken(entry.token, keys: keys, audience: audience, actionDigest: actionDigest)
                guard claims.id == id else {
                    throw GrantRefusal(code: "forged", message: "a token of another grant (\(claims.id)) was attached")
                }
                if let shared, shared != claims.shared {
                    throw GrantRefusal(code: "forged", message: "its approvers signed different terms")
                }
                shared = claims.shared
                if PrincipalName.same(claims.approver, claims.requester) && !settings.allowsSelfApproval(in: claims.environment) {
                    throw GrantRefusal(code: "self-approval", message: "\(claims.approver) approved their own request")
                }
                if let group = settings.approvers, !group.contains(where: { PrincipalName.same($0, claims.approver) }) { continue }
                approvers.insert(claims.approver)
            } catch {
                if firstProblem == nil { firstProblem = error }
            }
        }
        if let firstProblem { throw firstProblem }
        guard let claims = shared else { throw GrantRefusal(code: "forged", message: "it carries no approver's signature") }
        if claims.kind == .exact, claims.digest != actionDigest {
            throw GrantRefusal(code: "not-this-action", message: "it is for another action")
        }
        guard claims.requester == requester else {
            throw GrantRefusal(code: "not-this-action", message: "it was granted to \(claims.requester), not \(requester)")
        }
        return (claims, approvers.sorted())
    }

    /// The checks that need the clock and the policy: the time window (with the policy's
    /// tolerance) and the number of distinct approvers.
    static func checkValidity(_ claims: GrantClaims, approvers: [String], settings: ApprovalSettings, now: Int64) throws(GrantRefusal) {
        guard now + settings.clockTolerance >= claims.notBefore else {
            throw GrantRefusal(
                code: "not-yet-valid",
                message: "not valid until \(UTCTime.iso8601(claims.notBefore)) (clock tolerance \(settings.clockTolerance) s)")
        }
        // Exclusive: at the instant of `exp` the grant is over. `now` is whole seconds, floored,
        // so with a tolerance of 1 s a grant is refused at most 1 s after its expiry.
        guard now - settings.clockTolerance < claims.expires else {
            throw GrantRefusal(
                code: "expired", message: "expired at \(UTCTime.iso8601(claims.expires)) (clock tolerance \(settings.clockTolerance) s)")
        }
        let required = claims.breakGlass ? 1 : settings.required
        guard approvers.count >= required else {
            throw GrantRefusal(code: "quorum", message: "approved by \(approvers.count) of the \(required) people the policy requires")
        }
    }

    /// One approver's token: the key its footer names must be enrolled and unrevoked, and the
    /// signature must verify over this installation and action.
    public static func verifyToken(_ token: String, keys: [String: EnrolledKey], audience: String, actionDigest: String)
        throws(GrantRefusal)
        -> GrantClaims
    {
        let footer: [UInt8]
        do { footer = try PASETO.untrustedFooter(token) } catch { throw GrantRefusal(code: "forged", message: error.message) }
        guard let keyID = (try? JSON.parse(String(decoding: footer, as: UTF8.self)))?["kid"]?.stringValue else {
            throw GrantRefusal(code: "forged", message: "its token names no key")
        }
        guard let key = keys[keyID] else {
            throw GrantRefusal(code: "unknown-key", message: "signed by key \(keyID), which is not enrolled here")
        }
        guard key.revoked == nil else { throw GrantRefusal(code: "revoked", message: "signed by key \(keyID), which was revoked") }
        // Try the exact-grant context first, then the scoped one: which applies is only known
        // once the signature has been checked.
        var payload: [UInt8]?
        for digest in [actionDigest, nil] as [String?] {
            if let message = try? PASETO.verify(
                token, publicKey: key.publicKey, implicitAssertion: GrantClaims.implicitAssertion(audience: audience, actionDigest: digest))
            {
                payload = message
                break
            }
        }
        guard let payload, let json = try? JSON.parse(String(decoding: payload, as: UTF8.self)) else {
            throw GrantRefusal(
                code: "forged",
                message:
                    "the signature of \(key.principal)'s token does not verify here: it was changed, or is for another action or installation"
            )
        }
        let claims = try GrantClaims(json: json)
        guard claims.audience == audience else { throw GrantRefusal(code: "wrong-audience", message: "it is for another installation") }
        guard claims.kind == .exact || claims.digest == nil else {
            throw GrantRefusal(code: "forged", message: "a scoped grant names a digest")
        }
        guard PrincipalName.same(claims.approver, key.principal) else {
            throw GrantRefusal(code: "forged", message: "the token says \(claims.approver) but key \(keyID) belongs to \(key.principal)")
        }
        return claims
    }
}

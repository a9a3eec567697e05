import BlastwallCore

/// What an approver chose to grant.
public enum GrantScope: Sendable {
    /// This request's action only: its digest, once, for at most the policy's exact lifetime.
    case exact
    /// Effects up to `effectClass` in `environment`, on resources matching `resources` (or any
    /// resource), in directories matching `directory`, for `lifetime` seconds.
    case scoped(
        environment: String?, effectClass: EffectClass?, resources: [String], anyResource: Bool, directory: String?,
        lifetime: Int64?)
}

/// The result of one approval.
public struct ApprovalOutcome: Sendable {
    public var grantID: String
    public var claims: GrantClaims
    public var approvers: [String]
    public var required: Int
    public var isActive: Bool { approvers.count >= required }
}

/// A stored grant, for listing.
public struct StoredGrant: Sendable {
    public var id: String
    public var requestID: String?
    public var claims: GrantClaims
    public var status: String
    public var approvers: [String]
    public var required: Int
    /// Each approver's signed token, for an outside verifier.
    public var tokens: [String]
}

extension Store {
    // MARK: - Approving

    /// Approves a request with an approver's key. Refusals (self-approval, an expired request,
    /// an approver outside the group, a second approval by the same person) are recorded in the
    /// audit log and thrown.
    public func approve(
        _ requestID: String, key: ApproverKey, scope: GrantScope, settings: ApprovalSettings, typedAtTerminal: Bool = false,
        now: Int64
    ) throws(StoreError) -> ApprovalOutcome {
        let principal: String
        do { principal = try PrincipalName.canonical(key.principal) } catch {
            throw StoreError(code: "invalid-principal", message: error.message)
        }
        let result = try write { () throws(StoreError) -> Result<ApprovalOutcome, GrantRefusal> in
            let request = try request(requestID)
            func refuse(_ code: String, _ message: String) throws(StoreError) -> Result<ApprovalOutcome, GrantRefusal> {
                try appendAudit(
                    .refusal,
                    [
                        ("request", .string(requestID)), ("principal", .string(principal)), ("key_id", .string(key.keyID)),
                        ("code", .string(code)), ("reason", .string(message)),
                    ], now: now)
                return .failure(GrantRefusal(code: code, message: message))
            }
            guard request.status == "pending" else {
                return try refuse("not-pending", "request \(requestID) is \(request.status), not pending")
            }
            guard request.expires > now else {
                try database.query("UPDATE requests SET status = 'expired' WHERE id = ?", [.text(requestID)])
                return try refuse(
                    "expired", "request \(requestID) expired at \(UTCTime.iso8601(request.expires)); the agent must ask again")
            }
            guard let enrolled = trustedKeys.keys.first(where: { $0.keyID == key.keyID }), enrolled.revoked == nil,
                enrolled.publicKey == key.publicKey, PrincipalName.same(enrolled.principal, principal)
            else {
                return try refuse(
                    "unknown-key", "key \(key.keyID) of \(principal) is not in the trust root \(trustedKeys.source) (or was revoked there)")
            }
            if PrincipalName.same(principal, request.requester) {
                guard settings.allowsSelfApproval(in: request.environment) else {
                    return try refuse(
                        "self-approval",
                        "\(principal) filed request \(requestID) (through \(request.agent)) and cannot approve it in \(request.environment): a second person must (the trust root's policy allows self-approval only where `approvals.self` names the environment)"
                    )
                }
                guard typedAtTerminal else {
                    return try refuse(
                        "self-approval",
                        "approving your own request needs your sealed key's passphrase typed at your terminal, not read from a file")
                }
            }
            if let group = settings.approvers, !group.contains(where: { PrincipalName.same($0, principal) }) {
                return try refuse(
                    "not-an-approver", "\(principal) is not among the policy's approvers (\(group.sorted().joined(separator: ", ")))")
            }
            if try database.query("SELECT principal FROM approvals WHERE request_id = ?", [.text(requestID)]).contains(where: {
                PrincipalName.same($0[0].text ?? "", principal)
            }) {
                return try refuse(
                    "duplicate", "\(principal) already decided request \(requestID); another key of the same person does not count twice")
            }
            var claims: GrantClaims
            var grantID: String
            if let existing = try database.query(
                "SELECT id, claims FROM grants WHERE request_id = ? AND status = 'pending'", [.text(requestID)]
            ).first, let id = existing[0].text, let text = existing[1].text, let json = try? JSON.parse(text) {
                grantID = id
                do throws(GrantRefusal) { claims = try GrantClaims(json: json) } catch { return try refuse(error.code, error.message) }
                if case .scoped = scope, claims.kind == .exact {
                    return try refuse(
                        "scope-mismatch", "the first approver granted \(claims.scopeDescription); approve that, or deny the request")
                }
            } else {
                grantID = Identifier.random(prefix: "grant")
                switch makeClaims(grantID, request: request, scope: scope, settings: settings, now: now) {
                case .success(let made): claims = made
                case .failure(let refusal): return try refuse(refusal.code, refusal.message)
                }
                try database.query(
                    "INSERT INTO grants (id, request_id, claims, kind, digest, environment, required, status, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                    [
                        .text(grantID), .text(requestID), .text(claims.json.serialized()), .text(claims.kind.rawValue),
                        claims.digest.map(SQLValue.text) ?? .null, .text(claims.environment),
                        .integer(Int64(request.breakGlass ? 1 : settings.required)), .integer(now), .integer(claims.expires),
                    ])
            }
            claims.approver = principal
            let token = try key.sign(
                claims, implicitAssertion: GrantClaims.implicitAssertion(audience: audience, actionDigest: claims.digest))
            try database.query(
                "INSERT INTO approvals (request_id, principal, key_id, decision, time) VALUES (?, ?, ?, 'approve', ?)",
                [.text(requestID), .text(principal), .text(key.keyID), .integer(now)])
            try database.query(
                "INSERT INTO grant_tokens (grant_id, principal, key_id, token) VALUES (?, ?, ?, ?)",
                [.text(grantID), .text(principal), .text(key.keyID), .text(token)])
            let approvers = try database.query("SELECT principal FROM grant_tokens WHERE grant_id = ? ORDER BY principal", [.text(grantID)])
                .compactMap { $0[0].text }
            let required = request.breakGlass ? 1 : settings.required
            try appendAudit(
                .approval,
                [
                    ("request", .string(requestID)), ("grant", .string(grantID)), ("principal", .string(principal)),
                    ("key_id", .string(key.keyID)), ("approvals", .number(String(approvers.count))),
                    ("required", .number(String(required))),
                    ("self_approval", .bool(PrincipalName.same(principal, request.requester))),
                ], now: now)
            if approvers.count >= required {
                try database.query("UPDATE grants SET status = 'active' WHERE id = ?", [.text(grantID)])
                try database.query("UPDATE requests SET status = 'approved' WHERE id = ?", [.text(requestID)])
                try appendAudit(
                    .grant,
                    [
                        ("grant", .string(grantID)), ("request", .string(requestID)), ("kind", .string(claims.kind.rawValue)),
                        ("scope", .string(claims.scopeDescription)), ("requester", .string(request.requester)),
                        ("approvers", .array(approvers.map(JSON.string))), ("break_glass", .bool(request.breakGlass)),
                        ("expires", .string(UTCTime.iso8601(claims.expires))),
                    ], now: now)
            }
            claims.approver = ""
            return .success(ApprovalOutcome(grantID: grantID, claims: claims, approvers: approvers, required: required))
        }
        switch result {
        case .success(let outcome): return outcome
        case .failure(let refusal): throw StoreError(code: refusal.code, message: refusal.message)
        }
    }

    private func makeClaims(
        _ id: String, request: ApprovalRequest, scope: GrantScope, settings: ApprovalSettings, now: Int64
    ) -> Result<GrantClaims, GrantRefusal> {
        let cap = request.breakGlass ? settings.breakGlassLifetime : nil
        switch scope {
        case .exact:
            let lifetime = min(settings.exactLifetime, cap ?? .max)
            var claims = GrantClaims(
                id: id, requestID: request.id, requester: request.requester, audience: audience, kind: .exact,
                environment: request.environment, issuedAt: now, expires: now + lifetime)
            claims.digest = request.digest
            claims.breakGlass = request.breakGlass
            return .success(claims)
        case .scoped(let environment, let effectClass, let resources, let anyResource, let directory, let lifetime):
            let effects = (try? JSON.parse(request.effects))?.arrayValue ?? []
            let strictest = effects.compactMap { $0["class"]?.stringValue.flatMap(EffectClass.init(rawValue:)) }.max()
            guard let granted = effectClass ?? strictest else {
                return .failure(GrantRefusal(code: "invalid", message: "name the effect class to grant with --class"))
            }
            guard granted != .guardTamper else {
                return .failure(GrantRefusal(code: "invalid", message: "guard-tamper cannot be granted: change Blastwall's files yourself"))
            }
            let limit = min(settings.scopedLifetime, cap ?? .max)
            let asked = lifetime ?? limit
            guard asked > 0, asked <= limit else {
                return .failure(
                    GrantRefusal(code: "invalid", message: "a scoped grant lasts at most \(limit / 60) minutes under this policy"))
            }
            var claims = GrantClaims(
                id: id, requestID: request.id, requester: request.requester, audience: audience, kind: .scoped,
                environment: environment ?? request.environment, issuedAt: now, expires: now + asked)
            claims.effectClass = granted
            claims.resources = resources
            claims.anyResource = anyResource || resources.isEmpty
            claims.directory = directory
            claims.breakGlass = request.breakGlass
            return .success(claims)
        }
    }

    /// Refuses a request. The requester may withdraw their own; anyone else needs an enrolled key.
    public func refuse(_ requestID: String, principal: String, keyID: String?, reason: String, now: Int64) throws(StoreError) {
        try write { () throws(StoreError) in
            let request = try request(requestID)
            guard request.status == "pending" else {
                throw StoreError(code: "not-pending", message: "request \(requestID) is \(request.status), not pending")
            }
            try database.query("UPDATE requests SET status = 'denied' WHERE id = ?", [.text(requestID)])
            try database.query("UPDATE grants SET status = 'revoked' WHERE request_id = ? AND status = 'pending'", [.text(requestID)])
            try appendAudit(
                .refusal,
                [
                    ("request", .string(requestID)), ("principal", .string(ApprovalSettings.normalise(principal))),
                    ("key_id", keyID.map(JSON.string) ?? .null), ("code", .string("denied")), ("reason", .string(reason)),
                ], now: now)
        }
    }

    /// Revokes a grant, or a request and every grant made from it.
    public func revoke(_ id: String, by principal: String, reason: String, now: Int64) throws(StoreError) {
        try write { () throws(StoreError) in
            if id.hasPrefix("req_") {
                try database.query("UPDATE requests SET status = 'revoked' WHERE id = ? AND status IN ('pending', 'approved')", [.text(id)])
                let requestChanged = database.changes
                try database.query(
                    "UPDATE grants SET status = 'revoked' WHERE request_id = ? AND status IN ('pending', 'active')", [.text(id)])
                guard requestChanged + database.changes > 0 else {
                    throw StoreError(code: "not-found", message: "no pending or approved request \(id)")
                }
            } else {
                try database.query("UPDATE grants SET status = 'revoked' WHERE id = ? AND status IN ('pending', 'active')", [.text(id)])
                guard database.changes == 1 else { throw StoreError(code: "not-found", message: "no pending or active grant \(id)") }
            }
            try appendAudit(
                .revocation, [("id", .string(id)), ("by", .string(ApprovalSettings.normalise(principal))), ("reason", .string(reason))],
                now: now)
        }
    }

    public func grants(all: Bool, now: Int64) throws(StoreError) -> [StoredGrant] {
        let filter = all ? "" : "WHERE status IN ('pending', 'active') AND expires > \(now)"
        return try database.query("SELECT id, request_id, claims, status, required FROM grants \(filter) ORDER BY created DESC, id")
            .compactMap { row -> StoredGrant? in
                guard let id = row[0].text, let text = row[2].text, let json = try? JSON.parse(text),
                    let claims = try? GrantClaims(json: json), let status = row[3].text, let required = row[4].integer
                else { return nil }
                let signed =
                    (try? database.query("SELECT principal, token FROM grant_tokens WHERE grant_id = ? ORDER BY principal", [.text(id)]))
                    ?? []
                return StoredGrant(
                    id: id, requestID: row[1].text, claims: claims, status: status, approvers: signed.compactMap { $0[0].text },
                    required: Int(required), tokens: signed.compactMap { $0[1].text })
            }
    }
}

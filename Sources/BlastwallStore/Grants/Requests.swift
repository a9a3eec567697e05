import BlastwallCore

/// A request for a person to approve one action, bound to its digest.
public struct ApprovalRequest: Sendable {
    public var id: String
    public var created: Int64
    public var expires: Int64
    public var requester: String
    /// `command`, `plan`, `file-write`.
    public var kind: String
    public var digest: String
    public var environment: String
    /// The whole action: the full command line, or the plan's impact summary.
    public var action: String
    public var cwd: String
    public var summary: String
    /// The verdict's effects as JSON, for the approver to read.
    public var effects: String
    public var reason: String
    public var agent: String
    /// `pending`, `approved`, `denied`, `expired`, `revoked`.
    public var status: String
    public var breakGlass: Bool

    init?(row: [SQLValue]) {
        guard row.count == 15, let id = row[0].text, let created = row[1].integer, let expires = row[2].integer,
            let requester = row[3].text, let kind = row[4].text, let digest = row[5].text, let environment = row[6].text,
            let action = row[7].text, let cwd = row[8].text, let summary = row[9].text, let effects = row[10].text,
            let reason = row[11].text, let agent = row[12].text, let status = row[13].text, let breakGlass = row[14].integer
        else { return nil }
        self.id = id
        self.created = created
        self.expires = expires
        self.requester = requester
        self.kind = kind
        self.digest = digest
        self.environment = environment
        self.action = action
        self.cwd = cwd
        self.summary = summary
        self.effects = effects
        self.reason = reason
        self.agent = agent
        self.status = status
        self.breakGlass = breakGlass != 0
    }

    /// SHA-256 over every column but the status, in column order: what a person approves.
    static func seal(of row: [SQLValue]) -> String {
        var fields: [JSON] = []
        for (index, value) in row.enumerated() where index != 13 {
            switch value {
            case .text(let text): fields.append(.string(text))
            case .integer(let number): fields.append(.number(String(number)))
            default: fields.append(.null)
            }
        }
        return "sha256:" + SHA256.hex(JSON.array(fields).serialized().utf8)
    }

    static let columns =
        "id, created, expires, requester, kind, digest, environment, action, cwd, summary, effects, reason, agent, status, break_glass"

    public var json: JSON {
        .object([
            ("id", .string(id)), ("status", .string(status)), ("requester", .string(requester)), ("agent", .string(agent)),
            ("kind", .string(kind)), ("environment", .string(environment)), ("action", .string(action)), ("cwd", .string(cwd)),
            ("digest", .string(digest)), ("summary", .string(summary)), ("reason", .string(reason)),
            ("break_glass", .bool(breakGlass)), ("created", .string(UTCTime.iso8601(created))),
            ("expires", .string(UTCTime.iso8601(expires))), ("effects", (try? JSON.parse(effects)) ?? .array([])),
        ])
    }
}

/// What the door knows about the action when it files a request or records a verdict.
public struct ActionContext: Sendable {
    public var requester: String
    public var agent: String
    public var source: String
    public var cwd: String
    /// `command`, `plan`, `file-write`.
    public var kind: String
    /// The policy in force, recorded in the log whenever it differs from the last one recorded.
    public var policyFingerprint: String?
    public var policySources: [String] = []
    /// The agent's id for the tool call (`tool_use_id`), so its reported outcome can be matched.
    public var toolUseID: String?

    public init(requester: String, agent: String, source: String, cwd: String, kind: String = "command") {
        self.requester = ApprovalSettings.normalise(requester)
        self.agent = agent
        self.source = source
        self.cwd = cwd
        self.kind = kind
    }
}

extension Store {
    // MARK: - Keys

    /// An approver's public key as a trust root lists it.
    public struct EnrolledKey: Sendable {
        public init(keyID: String, principal: String, publicKey: [UInt8], enrolled: Int64, revoked: Int64? = nil) {
            self.keyID = keyID
            self.principal = principal
            self.publicKey = publicKey
            self.enrolled = enrolled
            self.revoked = revoked
        }

        public var keyID: String
        public var principal: String
        public var publicKey: [UInt8]
        public var enrolled: Int64
        public var revoked: Int64?
    }

    // MARK: - Requests

    /// Files a request for `verdict`, or returns the pending one for the same digest and
    /// requester, so an agent retrying a command does not flood the approvers.
    public func fileRequest(
        for verdict: Verdict, context: ActionContext, reason: String, breakGlass: Bool = false, settings: ApprovalSettings,
        now: Int64
    ) throws(StoreError) -> FiledRequest {
        try write { () throws(StoreError) -> FiledRequest in
            try fileRequestLocked(for: verdict, context: context, reason: reason, breakGlass: breakGlass, settings: settings, now: now)
        }
    }

    func fileRequestLocked(
        for verdict: Verdict, context: ActionContext, reason: String, breakGlass: Bool, settings: ApprovalSettings, now: Int64
    ) throws(StoreError) -> FiledRequest {
        if let row = try database.query(
            "SELECT id, expires FROM requests WHERE digest = ? AND requester = ? AND status = 'pending' AND expires > ? AND break_glass = ? LIMIT 1",
            [.text(verdict.digest), .text(context.requester), .integer(now), .integer(breakGlass ? 1 : 0)]
        ).first, let id = row[0].text, let expires = row[1].integer {
            return FiledRequest(id: id, expires: expires, reused: true)
        }
        let id = Identifier.random(prefix: "req")
        let expires = now + (breakGlass ? min(settings.requestLifetime, settings.breakGlassLifetime) : settings.requestLifetime)
        let effects = JSON.array(verdict.json()["effects"]?.arrayValue ?? []).serialized()
        let row: [SQLValue] = [
            .text(id), .integer(now), .integer(expires), .text(context.requester), .text(context.kind), .text(verdict.digest),
            .text(verdict.environment), .text(verdict.input), .text(context.cwd), .text(verdict.summary), .text(effects),
            .text(reason), .text(context.agent), .text("pending"), .integer(breakGlass ? 1 : 0),
        ]
        try database.query(
            "INSERT INTO requests (\(ApprovalRequest.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        try appendAudit(
            breakGlass ? .breakGlass : .request,
            [
                ("request", .string(id)), ("requester", .string(context.requester)), ("agent", .string(context.agent)),
                ("environment", .string(verdict.environment)), ("digest", .string(verdict.digest)),
                ("decision", .string(verdict.decision.rawValue)), ("action", .string(String(verdict.input.prefix(4096)))),
                ("cwd", .string(context.cwd)), ("reason", .string(reason)), ("expires", .string(UTCTime.iso8601(expires))),
                ("seal", .string(ApprovalRequest.seal(of: row))),
            ], now: now)
        return FiledRequest(id: id, expires: expires, reused: false)
    }

    /// A request as it was filed. Its row is checked against the seal its audit record carries,
    /// so a row rewritten after filing (the action or summary swapped for something harmless
    /// before a person reads it) is refused, never shown.
    public func request(_ id: String) throws(StoreError) -> ApprovalRequest {
        guard let row = try database.query("SELECT \(ApprovalRequest.columns) FROM requests WHERE id = ?", [.text(id)]).first,
            let request = ApprovalRequest(row: row)
        else { throw StoreError(code: "not-found", message: "no request \(id); `blastwall requests --all` lists them") }
        let pattern = "%\"request\":\"\(id)\"%"
        let sealed = try database.query(
            "SELECT record FROM audit WHERE CAST(record AS TEXT) LIKE ? ORDER BY seq", [.text(pattern)]
        ).lazy.compactMap { $0.first?.blob.flatMap { try? JSON.parse(String(decoding: $0, as: UTF8.self)) } }
            // The filing record is the first whose own bytes say it is a request for this id.
            .first { ["request", "break-glass"].contains($0["type"]?.stringValue) && $0["request"]?.stringValue == id }
        guard let sealed, sealed["request"]?.stringValue == id else {
            throw StoreError(
                code: "tampered",
                message: "request \(id) has no filing record in the audit log: it was not filed by Blastwall; refusing to show it")
        }
        guard sealed["seal"]?.stringValue == ApprovalRequest.seal(of: row) else {
            throw StoreError(
                code: "tampered",
                message:
                    "request \(id) was changed after it was filed (its stored text no longer matches the seal of its filing record); refusing to show or approve it"
            )
        }
        return request
    }

    /// Requests, newest first; pending and unexpired ones only unless `all`. Each is checked
    /// against its seal; those that fail are listed apart with the reason, never shown as filed.
    public func requests(all: Bool, now: Int64) throws(StoreError) -> (
        requests: [ApprovalRequest], tampered: [(id: String, reason: String)]
    ) {
        let filter = all ? "" : "WHERE status = 'pending' AND expires > \(now)"
        var requests: [ApprovalRequest] = []
        var tampered: [(id: String, reason: String)] = []
        for row in try database.query("SELECT id FROM requests \(filter) ORDER BY created DESC, id") {
            guard let id = row[0].text else { continue }
            do { requests.append(try request(id)) } catch  where error.code == "tampered" { tampered.append((id, error.message)) }
        }
        return (requests, tampered)
    }
}

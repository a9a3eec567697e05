import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

/// What one approver signs: a PASETO v4.public token whose payload is these claims. A grant
/// holds one such token per approver, all with the same claims but `apr`.
public struct GrantClaims: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// One action digest, single use.
        case exact
        /// Environment + effect class + resource and directory patterns, for a time.
        case scoped
    }

    public var id: String
    public var requestID: String?
    /// The principal the grant is for (`sub`); never one of its approvers.
    public var requester: String
    /// The store (installation) it is valid in.
    public var audience: String
    public var kind: Kind
    public var environment: String
    /// `exact`: the action digest.
    public var digest: String?
    /// `scoped`: the strictest effect class covered (never guard-tamper).
    public var effectClass: EffectClass?
    /// `scoped`: globs every touched resource must match; empty covers effects without naming
    /// resources only when `anyResource` is set.
    public var resources: [String] = []
    public var anyResource = false
    /// `scoped`: a glob the working directory must match.
    public var directory: String?
    public var issuedAt: Int64
    public var notBefore: Int64
    public var expires: Int64
    public var breakGlass = false
    /// The approver whose token this is (`apr`).
    public var approver: String = ""

    public init(
        id: String, requestID: String?, requester: String, audience: String, kind: Kind, environment: String,
        issuedAt: Int64, expires: Int64
    ) {
        self.id = id
        self.requestID = requestID
        self.requester = requester
        self.audience = audience
        self.kind = kind
        self.environment = environment
        self.issuedAt = issuedAt
        self.notBefore = issuedAt
        self.expires = expires
    }

    /// The token payload, members in a fixed order.
    public var json: JSON {
        var members: [(String, JSON)] = [
            ("iss", .string("blastwall")), ("jti", .string(id)), ("sub", .string(requester)), ("aud", .string(audience)),
            ("apr", .string(approver)), ("kind", .string(kind.rawValue)), ("env", .string(environment)),
        ]
        if let requestID { members.append(("rid", .string(requestID))) }
        if let digest { members.append(("dig", .string(digest))) }
        if let effectClass { members.append(("cls", .string(effectClass.rawValue))) }
        if !resources.isEmpty { members.append(("res", .array(resources.map(JSON.string)))) }
        if anyResource { members.append(("anyres", .bool(true))) }
        if let directory { members.append(("dir", .string(directory))) }
        if breakGlass { members.append(("brk", .bool(true))) }
        members += [
            ("iat", .number(String(issuedAt))), ("nbf", .number(String(notBefore))), ("exp", .number(String(expires))),
        ]
        return .object(members)
    }

    public init(json: JSON) throws(GrantRefusal) {
        func string(_ key: String) throws(GrantRefusal) -> String {
            guard let value = json[key]?.stringValue else { throw GrantRefusal(code: "malformed", message: "the grant lacks '\(key)'") }
            return value
        }
        func number(_ key: String) throws(GrantRefusal) -> Int64 {
            guard case .number(let text)? = json[key], let value = Int64(text) else {
                throw GrantRefusal(code: "malformed", message: "the grant's '\(key)' is not a time")
            }
            return value
        }
        guard try string("iss") == "blastwall" else {
            throw GrantRefusal(code: "malformed", message: "the grant was not issued by blastwall")
        }
        guard let kind = Kind(rawValue: try string("kind")) else {
            throw GrantRefusal(code: "malformed", message: "unknown grant kind '\(json["kind"]?.stringValue ?? "")'")
        }
        self.init(
            id: try string("jti"), requestID: json["rid"]?.stringValue, requester: try string("sub"), audience: try string("aud"),
            kind: kind, environment: try string("env"), issuedAt: try number("iat"), expires: try number("exp"))
        notBefore = try number("nbf")
        approver = try string("apr")
        digest = json["dig"]?.stringValue
        if let name = json["cls"]?.stringValue {
            guard let parsed = EffectClass(rawValue: name) else {
                throw GrantRefusal(code: "malformed", message: "unknown effect class '\(name)'")
            }
            effectClass = parsed
        }
        resources = json["res"]?.arrayValue?.compactMap(\.stringValue) ?? []
        anyResource = json["anyres"] == .bool(true)
        directory = json["dir"]?.stringValue
        breakGlass = json["brk"] == .bool(true)
        if kind == .exact, digest == nil { throw GrantRefusal(code: "malformed", message: "an exact grant names no digest") }
        if kind == .scoped, effectClass == nil { throw GrantRefusal(code: "malformed", message: "a scoped grant names no effect class") }
    }

    /// The claims every approver of one grant signs alike.
    var shared: GrantClaims {
        var copy = self
        copy.approver = ""
        return copy
    }

    /// The context signed but not carried: the installation, and for an exact grant the digest
    /// of the action being checked, so a changed plan or command fails on the signature itself.
    static func implicitAssertion(audience: String, actionDigest: String?) -> [UInt8] {
        Array("blastwall-grant-v1\n\(audience)\n\(actionDigest ?? "scoped")".utf8)
    }

    /// What it covers, in words.
    public var scopeDescription: String {
        switch kind {
        case .exact:
            return "exactly \(digest ?? "?") in \(environment), once"
        case .scoped:
            var text = "\(effectClass?.rawValue ?? "?") and below in \(environment)"
            if !resources.isEmpty { text += " on \(resources.joined(separator: ", "))" }
            if let directory { text += " under \(directory)" }
            return text
        }
    }

    /// `path` with every symbolic link resolved, when it exists.
    static func existingRealPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` with every symbolic link resolved; the longest existing prefix is resolved when the
    /// whole path does not exist yet.
    static func realPath(_ path: String) -> String {
        Paths.resolvingLinks(path, home: "/", realPath: existingRealPath) ?? path
    }

    /// Whether this grant covers one finding of a verdict. Guard-tamper is never covered.
    func covers(_ finding: Finding, cwd: String) -> Bool {
        let effect = finding.effect
        guard effect.effectClass != .guardTamper else { return false }
        let names = [effect.target.environment, effect.target.tier.rawValue]
        guard names.contains(environment) else { return false }
        switch kind {
        case .exact:
            return true
        case .scoped:
            guard let effectClass, effect.effectClass <= effectClass else { return false }
            // A directory covers itself and everything below it; a glob covers what it matches.
            // What is checked is where the effect acts (after any `cd`), with symbolic links
            // resolved, so neither `cd ../production` nor a link into it escapes the scope.
            if let directory {
                // "…": a `cd` earlier in the line went somewhere only known at run time.
                guard effect.directory != "…" else { return false }
                // A directory that does not exist yet (made or linked later in the same line,
                // `xargs -I{}`) cannot be shown to lie inside the scope: not covered.
                // The door's own working directory is taken as given when it cannot be resolved.
                let actingDirectory = effect.directory.isEmpty ? cwd : effect.directory
                guard let acting = Self.existingRealPath(actingDirectory) ?? (actingDirectory == cwd ? actingDirectory : nil) else {
                    return false
                }
                let scope = Self.realPath(directory)
                guard acting == scope || acting.hasPrefix(scope + "/") || Glob.matches(directory, acting) else { return false }
            }
            if !resources.isEmpty {
                return !effect.resources.isEmpty
                    && effect.resources.allSatisfy { resource in resources.contains { Glob.matches($0, resource) } }
            }
            return anyResource
        }
    }
}

/// Why a grant was not used, said to the person (and the agent) in the verdict.
public struct GrantRefusal: Error, Sendable, CustomStringConvertible {
    /// `forged`, `unknown-key`, `expired`, `not-yet-valid`, `self-approval`, `wrong-scope`,
    /// `wrong-audience`, `used`, `revoked`, `quorum`, `malformed`.
    public var code: String
    public var message: String
    public var description: String { message }

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

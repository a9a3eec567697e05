import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

/// Blastwall's store: one SQLite file (WAL, fsync on every commit) holding the audit log,
/// requests, approvals and grants — never the keys that make a grant valid (see `TrustRoot`). Many hook processes write at once; every
/// write that touches the log runs inside `BEGIN IMMEDIATE`, so sequence numbers and chain hashes
/// are assigned under one lock and never fork. A process killed mid-write leaves the last
/// committed state, which SQLite's journal guarantees.
public final class Store {
    /// The schema this build reads and writes. A store with a larger number was written by a
    /// newer Blastwall and is refused rather than misread.
    public static let schemaVersion: Int64 = 1

    let database: SQLiteDatabase
    public let path: String
    /// A random identifier of this store, carried as the audience of every grant so a grant
    /// for one installation does not work in another.
    public let audience: String
    /// The key that signs checkpoints. It lives in the store, so whoever can write the store can
    /// re-sign a rewritten history: only an anchor outside the agent's reach catches that.
    let logKey: Ed25519KeyPair
    /// The approver keys grants are verified against, read by the door from a trust root. The
    /// store's own `keys` table (schema 1) is never consulted: whoever can write the store could
    /// enroll a key there.
    public var trust = TrustedKeys()
    /// Re-reads the trust root each time a grant is examined, for a long-running door (the
    /// proxy), so a key added or revoked there counts at once. Takes precedence over `trust`.
    public var trustProvider: (@Sendable () -> TrustedKeys)?
    var trustedKeys: TrustedKeys { trustProvider?() ?? trust }

    public var origin: String { "blastwall.local/audit/" + audience }

    /// Opens the store at `path`, creating it (and its schema) when `create` is set.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        if !create || readOnly {
            guard Self.fileExists(path) else {
                throw StoreError(code: "not-found", message: "no store at \(path)")
            }
        }
        database = try SQLiteDatabase(path: path, readOnly: readOnly)
        let version = try database.query("PRAGMA user_version").first?.first?.integer ?? 0
        if version > Self.schemaVersion {
            throw StoreError(
                code: "newer-version",
                message:
                    "the store at \(path) has schema version \(version), newer than this Blastwall's \(Self.schemaVersion); upgrade Blastwall"
            )
        }
        if !readOnly {
            try database.execute("PRAGMA journal_mode=WAL")
            try database.execute("PRAGMA synchronous=FULL")
            if version < Self.schemaVersion { try Self.migrate(database) }
        } else if version == 0 {
            throw StoreError(
                code: "corrupt", message: "\(path) holds no Blastwall store (no schema): it is empty, or another program's file")
        }
        let meta = try Self.meta(database)
        guard let audience = meta["audience"].map({ String(decoding: $0, as: UTF8.self) }), let seed = meta["log_key"],
            let key = try? Ed25519KeyPair(secret: seed)
        else { throw StoreError(code: "corrupt", message: "the store at \(path) lacks its identity (audience, log key)") }
        self.audience = audience
        self.logKey = key
    }

    private static func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func meta(_ database: SQLiteDatabase) throws(StoreError) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for row in try database.query("SELECT key, value FROM meta") {
            if let key = row[0].text, let value = row[1].blob { result[key] = value }
        }
        return result
    }

    private static func migrate(_ database: SQLiteDatabase) throws(StoreError) {
        try database.immediateTransaction { () throws(StoreError) in
            // Another process may have created the schema while this one waited for the lock.
            let version = try database.query("PRAGMA user_version").first?.first?.integer ?? 0
            guard version < schemaVersion else { return }
            try database.execute(
                """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY, record BLOB NOT NULL, leaf BLOB NOT NULL,
                    type TEXT NOT NULL, time INTEGER NOT NULL);
                CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, time INTEGER NOT NULL, note TEXT NOT NULL);
                CREATE TABLE keys (
                    key_id TEXT PRIMARY KEY, principal TEXT NOT NULL, public_key BLOB NOT NULL,
                    enrolled INTEGER NOT NULL, revoked INTEGER);
                CREATE TABLE requests (
                    id TEXT PRIMARY KEY, created INTEGER NOT NULL, expires INTEGER NOT NULL,
                    requester TEXT NOT NULL, kind TEXT NOT NULL, digest TEXT NOT NULL,
                    environment TEXT NOT NULL, action TEXT NOT NULL, cwd TEXT NOT NULL,
                    summary TEXT NOT NULL, effects TEXT NOT NULL, reason TEXT NOT NULL,
                    agent TEXT NOT NULL, status TEXT NOT NULL, break_glass INTEGER NOT NULL);
                CREATE INDEX requests_digest ON requests (digest, requester, status);
                CREATE TABLE approvals (
                    request_id TEXT NOT NULL, principal TEXT NOT NULL, key_id TEXT NOT NULL,
                    decision TEXT NOT NULL, time INTEGER NOT NULL, UNIQUE (request_id, principal));
                CREATE TABLE grants (
                    id TEXT PRIMARY KEY, request_id TEXT, claims TEXT NOT NULL, kind TEXT NOT NULL,
                    digest TEXT, environment TEXT NOT NULL, required INTEGER NOT NULL,
                    status TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,
                    used INTEGER);
                CREATE INDEX grants_active ON grants (status, expires);
                CREATE TABLE grant_tokens (
                    grant_id TEXT NOT NULL, principal TEXT NOT NULL, key_id TEXT NOT NULL,
                    token TEXT NOT NULL, UNIQUE (grant_id, principal));
                """)
            try database.query(
                "INSERT INTO meta (key, value) VALUES ('audience', ?), ('log_key', ?), ('frontier', ?)",
                [
                    .blob(Array(Identifier.random(prefix: "bw").utf8)), .blob(Array(Ed25519KeyPair.generate().secretKey)),
                    .blob(MerkleFrontier().serialized),
                ])
            try database.execute("PRAGMA user_version = \(schemaVersion)")
        }
    }

    /// Runs `body` holding the store's write lock, as one transaction.
    public func write<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try database.immediateTransaction(body)
    }
}

/// Random identifiers: a prefix and 16 base32 characters (80 bits).
public enum Identifier {
    private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)

    public static func random(prefix: String) -> String {
        let bytes = Sodium.randomBytes(16)
        return prefix + "_" + String(decoding: bytes.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}

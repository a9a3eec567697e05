import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

/// The approver keys a grant may be verified against, and where they came from. The per-user
/// store never holds one: a key the agent's user can write is a key the agent can enroll.
public struct TrustedKeys: Sendable {
    public var keys: [Store.EnrolledKey]
    /// Where the keys were read, for messages: `/etc/blastwall/approvers`.
    public var source: String
    /// Why approvals verified against these keys are weaker than a second person (the trust
    /// root's `weakness`), for the note every request carries.
    public var weakness: String?

    public init(_ keys: [Store.EnrolledKey] = [], source: String = "no trust root") {
        self.keys = keys
        self.source = source
    }

    /// Keys given directly (tests, and a verifier handed public keys).
    public init(approvers: [ApproverKey], source: String = "given keys") {
        self.init(
            approvers.map {
                .init(keyID: $0.keyID, principal: PrincipalName.normalised($0.principal), publicKey: $0.publicKey, enrolled: 0)
            },
            source: source)
    }

    public var byID: [String: Store.EnrolledKey] {
        Dictionary(keys.map { ($0.keyID, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Where the things that decide who may approve live: the approver keys, the system policy (its
/// `approvals:` settings among them), the approved fingerprints of the policy layers the agent's
/// user can write, and the audit anchor.
///
/// A trust root is a directory (`/etc/blastwall`, or `BLASTWALL_TRUST`) holding an `approvers`
/// file. It is **strong** when the process's user can change none of it: not the directory, not
/// the files in it, not a directory above it (a sticky one like `/tmp` counts only when someone
/// else owns the entry), and the process is not root — root reaches every file, so on a machine
/// where the agent runs as root only a trust root on another machine holds. Without one, keys
/// come from the user's own `approvers` file and approvals are only as strong as the user account.
public struct TrustRoot: Sendable {
    public var directory: String
    public var keys: TrustedKeys
    /// Nil when strong; otherwise why approvals here are weaker, in one sentence.
    public var weakness: String?
    /// Whether the directory is a trust root (`trust init` made it) or the user's fallback.
    public var isSystem: Bool

    public var isStrong: Bool { weakness == nil }

    public static let approversFile = "approvers"
    static let magic = "# blastwall approvers v1"
    /// An approvers file with no keys yet.
    public static let emptyFile = magic + "\n"

    /// The one command that makes approvals strong, for messages.
    public static let strengthenAdvice =
        "run `sudo blastwall trust init` and `sudo blastwall trust add-approver` so approver keys live where the agent's user cannot write"

    /// Reads the trust root at `system` when it holds an approvers file, else the user's fallback
    /// directory. A file that exists and cannot be read or parsed is an error: a broken trust root
    /// never falls back to a weaker one.
    public static func load(system: String, user: String) throws(StoreError) -> TrustRoot {
        let systemFile = system + "/" + approversFile
        if access(systemFile, F_OK) == 0 {
            let keys = try readApprovers(systemFile)
            return TrustRoot(directory: system, keys: keys, weakness: weakness(of: [system, systemFile]), isSystem: true)
        }
        let userFile = user + "/" + approversFile
        let keys = access(userFile, F_OK) == 0 ? try readApprovers(userFile) : TrustedKeys(source: userFile + " (none yet)")
        return TrustRoot(
            directory: user, keys: keys,
            weakness:
                "there is no trust root (\(systemFile) does not exist): approver keys live in \(userFile), which the agent's user can write, so approvals on this machine are only as strong as that user account",
            isSystem: false)
    }

    /// Why `paths` are within the current user's reach, or nil when they are not.
    public static func weakness(of paths: [String]) -> String? {
        if geteuid() == 0 {
            return
                "Blastwall runs as root, which can change every file of this machine, the trust root included: only a trust root on another machine (the team server) holds against an agent running as root"
        }
        for path in paths {
            if let reason = writable(path) { return "\(path) \(reason)" }
        }
        var directory = paths.first ?? "/"
        while directory != "/" && !directory.isEmpty {
            directory = Paths.parent(directory)
            if let reason = writable(directory, asAncestor: true) { return "\(directory) \(reason)" }
        }
        return nil
    }

    private static func writable(_ path: String, asAncestor: Bool = false) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFLNK && !asAncestor {
            var target = stat()
            if stat(path, &target) == 0, target.st_uid == geteuid() { return "is a symbolic link to a file this user owns" }
        }
        if info.st_uid == geteuid() { return "is owned by this user (uid \(geteuid()))" }
        if access(path, W_OK) == 0 {
            // In a sticky directory (like /tmp) only an entry's owner may rename or remove it.
            if asAncestor && (info.st_mode & S_ISVTX) != 0 { return nil }
            return "is writable by this user"
        }
        return nil
    }

    /// Parses an approvers file: `key PRINCIPAL BASE64-PUBLIC-KEY [ENROLLED]` and
    /// `revoke KEY-ID [TIME]` lines, `#` comments. Every malformed line is named.
    public static func readApprovers(_ path: String) throws(StoreError) -> TrustedKeys {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(code: "trust-root", message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            guard bytes.count < 4 << 20 else { throw StoreError(code: "trust-root", message: "\(path) is larger than 4 MiB") }
        }
        return try parseApprovers(String(decoding: bytes, as: UTF8.self), path: path)
    }

    public static func parseApprovers(_ text: String, path: String) throws(StoreError) -> TrustedKeys {
        var keys: [Store.EnrolledKey] = []
        var revoked: [String: Int64] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: " ").map(String.init)
            guard let word = line.first, !word.hasPrefix("#") else { continue }
            func bad(_ message: String) -> StoreError {
                StoreError(code: "trust-root", message: "\(path):\(index + 1): \(message)")
            }
            switch word {
            case "key":
                guard line.count >= 3, let publicKey = Base64.decode(line[2]), publicKey.count == 32 else {
                    throw bad("expected 'key PRINCIPAL BASE64-PUBLIC-KEY', with a 32-byte key")
                }
                let principal: String
                do { principal = try PrincipalName.canonical(line[1]) } catch { throw bad(error.message) }
                keys.append(
                    .init(
                        keyID: ApproverKey.keyID(for: publicKey), principal: principal, publicKey: publicKey,
                        enrolled: line.count > 3 ? Int64(line[3]) ?? 0 : 0))
            case "revoke":
                guard line.count >= 2 else { throw bad("expected 'revoke KEY-ID'") }
                revoked[line[1]] = line.count > 2 ? Int64(line[2]) ?? 0 : 0
            default:
                throw bad("unknown line '\(TerminalText.escapeLine(word))'; expected key or revoke")
            }
        }
        for index in keys.indices { keys[index].revoked = revoked[keys[index].keyID] }
        return TrustedKeys(keys, source: path)
    }

    /// The approvers file with one more key, as text.
    public static func adding(_ key: ApproverKey, to text: String?, now: Int64) -> String {
        var text = text ?? magic + "\n"
        if !text.hasSuffix("\n") { text += "\n" }
        return text + "key \(PrincipalName.normalised(key.principal)) \(Base64.encode(key.publicKey)) \(now)\n"
    }

    /// The approvers file with a key revoked, as text.
    public static func revoking(_ keyID: String, in text: String, now: Int64) -> String {
        var text = text
        if !text.hasSuffix("\n") { text += "\n" }
        return text + "revoke \(keyID) \(now)\n"
    }
}

import BlastwallCore
import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

/// The doors' link to the store: opened (and created) on first use, every verdict recorded —
/// and lifted by a grant that covers it — before the door answers. A verdict that cannot be
/// recorded is not made: the door denies.
struct AuditRecorder {
    let workspace: Workspace
    let source: String
    var agent: String?
    /// The agent's id for the tool call being judged, when its hook input carries one.
    var toolUseID: String?

    var storePath: String { workspace.storePath }

    /// Opens the store, refusing one the agent could have put there: a state directory or store
    /// file that is a symbolic link or belongs to another user, or a store that is not the one
    /// the audit anchor was kept for (another log key) or is older than the anchor says. Grants
    /// are verified against the trust root's keys, never the store's.
    ///
    /// `checkingIdentity` false skips the anchor comparison for a verdict that is already allow:
    /// no grant can lift it, so nothing in the store is trusted, and records written to a swapped
    /// store are still caught by `audit verify` against the append-only anchor. Everything that
    /// can be lifted by a grant, and every person's command, checks it.
    func open(checkingIdentity: Bool = true) throws(StoreError) -> Store {
        do {
            try SystemIO.createDirectories(workspace.stateDirectory)
        } catch {
            throw StoreError(code: "read-only", message: "cannot create \(workspace.stateDirectory): \(error)")
        }
        try Self.refuseSwapped(workspace.stateDirectory, what: "the state directory")
        try Self.refuseSwapped(storePath, what: "the store")
        let store = try Store(path: storePath)
        do {
            let root = try workspace.trustRoot()
            store.trust = root.keys
            store.trust.weakness = root.weakness
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: "trust-root", message: "\(error)")
        }
        if checkingIdentity { try Self.checkIdentity(store, anchor: workspace.anchorPath) }
        return store
    }

    /// A path Blastwall keeps its state in must be this user's own, and not a link elsewhere.
    static func refuseSwapped(_ path: String, what: String) throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw StoreError(
                code: "swapped",
                message: "\(what) \(path) is a symbolic link: Blastwall keeps its log and grants only in a real directory of its own")
        }
        // Root may work on another user's store (an approver with sudo); nobody else may.
        if info.st_uid != geteuid() && geteuid() != 0 {
            throw StoreError(
                code: "swapped", message: "\(what) \(path) belongs to uid \(info.st_uid), not to this user (uid \(geteuid())): refusing it")
        }
    }

    /// The newest anchored checkpoint must be this store's (signed by its log key) and no larger
    /// than its log: a store swapped for another, or rolled back, is refused before it is used.
    /// The anchor's first entry says which log it was started for, its last how far that log
    /// has been seen: a store that is not the first one's (even after the agent anchored an
    /// allowed verdict of its replacement), or holds less than the last saw, is refused.
    static func checkIdentity(_ store: Store, anchor: String) throws(StoreError) {
        let file = AuditAnchor(path: anchor)
        guard let last = (try? file.lastNote()) ?? nil else { return }
        // The first entry is read for its origin alone (which names the log's random audience).
        if let first = (try? file.firstNote()) ?? nil, Self.origin(ofAnchorEntry: first) != store.origin {
            throw StoreError(
                code: "swapped",
                message:
                    "the store at \(store.path) is not the one the audit anchor \(anchor) was started for (\(Self.origin(ofAnchorEntry: first))): it was replaced; refusing it (`blastwall audit verify` says more)"
            )
        }
        var newest: Checkpoint?
        for note in [last] {
            do {
                if let head = try Store.head(fromAnchorLine: note, origin: store.origin) {
                    newest = head
                } else {
                    newest = try Checkpoint.open(note, name: store.origin, publicKey: store.logPublicKey, verifySignature: false)
                }
            } catch {
                throw StoreError(
                    code: "swapped",
                    message:
                        "the store at \(store.path) is not the one the audit anchor \(anchor) was kept for (\(error.message)): it was replaced; refusing it (`blastwall audit verify` says more)"
                )
            }
        }
        let size = try store.auditHead
        if let newest, newest.size > size {
            throw StoreError(
                code: "swapped",
                message:
                    "the store at \(store.path) holds \(size) audit records but the anchor \(anchor) saw \(newest.size): it was rolled back or truncated; refusing it"
            )
        }
    }

    /// The log an anchor entry names: a note's first line, or a head line's second word.
    static func origin(ofAnchorEntry entry: String) -> Substring {
        let line = entry.prefix { $0 != "\n" }
        guard line.hasPrefix("head ") else { return line }
        return line.dropFirst(5).prefix { $0 != " " }
    }

    func context(cwd: String, kind: String = "command") -> ActionContext {
        var context = ActionContext(requester: Principal.current(), agent: agent ?? source, source: source, cwd: cwd, kind: kind)
        context.toolUseID = toolUseID
        return context
    }

    /// Records that the agent ran a tool call (its `PostToolUse`), for `blastwall learn`.
    func recordOutcome(toolUseID: String, command: String, cwd: String) throws(StoreError) {
        try open().recordOutcome(toolUseID: toolUseID, command: command, context: context(cwd: cwd), now: UTCTime.now())
    }

    /// Applies grants, files a request when asked to, appends the verdict; returns what the door
    /// must answer.
    func record(
        _ verdict: Verdict, policy: Policy, cwd: String, kind: String = "command", fileRequest: RequestFiling? = nil,
        extra: [(String, JSON)] = []
    ) throws(StoreError) -> Verdict {
        var context = context(cwd: cwd, kind: kind)
        context.policyFingerprint = policy.fingerprint
        context.policySources = policy.sources
        let store = try open(checkingIdentity: verdict.decision != .allow)
        var recorded = try store.record(
            verdict, context: context, settings: policy.approvals, fileRequest: fileRequest, extra: extra,
            consumesGrants: source != "check", now: UTCTime.now())
        if recorded.request != nil, let weakness = store.trust.weakness {
            recorded.request?.trustWarning = "\(weakness); to make them strong, \(TrustRoot.strengthenAdvice)"
        }
        // A grant used or a request filed is anchored at once, so deleting the records of what a
        // grant let through is caught by `audit verify`, not only the next person's command.
        // A new request was checkpointed as it was appended: that signed checkpoint is copied. A
        // grant's use is not, so one is signed for it.
        var note: String?
        if recorded.grant != nil {
            note = try? store.checkpointNow(now: UTCTime.now())
        } else if let request = recorded.request, !request.reused {
            note = (try? store.latestCheckpoint()) ?? nil
        }
        if let note {
            try? AuditAnchor(path: workspace.anchorPath).append(note)
        } else if workspace.trustAnchorPath != nil, let head = try? store.headLine() {
            // Where the anchor is append-only, every record is pinned as it is written.
            try? AuditAnchor(path: workspace.anchorPath).append(head)
        }
        return recorded
    }

    /// Records input that could not be judged; a failure to record it is reported, not fatal,
    /// since the answer is deny either way.
    func recordFailure(_ error: GateError, input: String, cwd: String) {
        do {
            try open().recordFailure(code: error.code, message: error.message, input: input, context: context(cwd: cwd), now: UTCTime.now())
        } catch {
            SystemIO.writeStandardError("blastwall: warning: the refusal was not recorded: \(error)\n")
        }
    }
}

/// Who is acting: the login name of the process's user. Deliberately not read from an
/// environment variable, which an agent could set to pose as someone else.
enum Principal {
    /// Looked up once a process: `getpwuid` reads the password database, and the hook asks more
    /// than once.
    private static let name: String = {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(getuid())"
    }()

    static func current() -> String { name }
}

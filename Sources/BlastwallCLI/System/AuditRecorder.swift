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

    func open() throws(StoreError) -> Store {
        do {
            try SystemIO.createDirectories(workspace.stateDirectory)
        } catch {
            throw StoreError(code: "read-only", message: "cannot create \(workspace.stateDirectory): \(error)")
        }
        return try Store(path: storePath)
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
        return try open().record(
            verdict, context: context, settings: policy.approvals, fileRequest: fileRequest, extra: extra,
            now: UTCTime.now())
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
    static func current() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(getuid())"
    }
}

import BlastwallCore
import BlastwallSQL
import BlastwallStore
import Dispatch
import Synchronization

/// What the proxy does with one statement.
enum Judgement {
    /// Send it on; `rewritten` replaces the text (an approved write in a read-only session).
    case forward(rewritten: String?)
    case refuse(sqlState: String, message: String, hint: String?)
}

/// The proxy's decision for each statement: the SQL gate's verdict under the policy, made
/// stricter for a read-only session, recorded in the store, lifted by a grant that covers it.
final class StatementGuard: Sendable {
    let gate: SQLGate
    let environment: String?
    let readOnly: Bool
    let recorder: ProxyRecorder?
    /// Texts already judged allowed, and their verdicts. The verdict of a text depends only on
    /// the text, the policy and the environment — all fixed for this guard — except where it
    /// reads or changes the session's prepared statements, which are never kept here. Drivers
    /// send the same Parse text for every execution, so most lookups hit.
    private let allowed = Mutex<[String: Verdict]>([:])
    /// Allowed shapes (PostgreSQL's normalised text, constants as `$n`) and the verdict made for
    /// the shape itself: a driver that inlines its values sends a new text each time, and each
    /// is allowed by its shape's verdict — only for shapes whose reading looks at no constant
    /// (`StatementShape.ignoresConstants`), and only when the shape and the first text of it
    /// were judged alike.
    private let allowedShapes = Mutex<[String: Verdict]>([:])
    static let maximumCachedTexts = 4096

    init(policy: Policy, environment: String?, readOnly: Bool, recorder: ProxyRecorder?) {
        gate = SQLGate(policy: policy)
        self.environment = environment
        self.readOnly = readOnly
        self.recorder = recorder
    }

    /// `inTransactionBlock`: the session is inside BEGIN … (ReadyForQuery status T or E).
    func judge(_ sql: String, session: inout SQLSession, user: String, inTransactionBlock: Bool) -> Judgement {
        // A shape's verdict was made for the shape's own text, so it is that text's verdict too.
        if let verdict = allowed.withLock({ $0[sql] }) ?? allowedShapes.withLock({ $0[sql] }) {
            recorder?.enqueueAllowed(verdict, input: sql, user: user)
            return .forward(rewritten: nil)
        }
        let shape = StatementShape.normalized(sql)
        if let shape, let verdict = allowedShapes.withLock({ $0[shape] }) {
            recorder?.enqueueAllowed(verdict, input: sql, user: user)
            return .forward(rewritten: nil)
        }
        let preparedBefore = session.prepared.count
        let evaluation: SQLGate.Evaluation
        var verdict: Verdict
        let readOnlyStops: Bool
        do {
            (evaluation, verdict, readOnlyStops) = try judged(sql, session: &session)
        } catch {
            return .refuse(sqlState: "42501", message: "Blastwall refuses: \(error.message)", hint: nil)
        }
        guard verdict.decision != .allow else {
            recorder?.enqueueAllowed(verdict, input: sql, user: user)
            let touchesSession =
                session.prepared.count != preparedBefore
                || evaluation.statements.contains { ["sql.execute", "sql.prepare"].contains($0.ruleID) }
                || evaluation.statements.contains {
                    $0.consequence.hasPrefix("runs the prepared statement") || $0.consequence.hasPrefix("prepares a statement")
                }
            if !touchesSession {
                Self.remember(sql, verdict, in: allowed)
                if let shape, shape != sql, StatementShape.ignoresConstants(sql) { rememberShape(shape, like: verdict) }
            }
            return .forward(rewritten: nil)
        }
        if let recorder {
            do {
                verdict = try recorder.recordNow(verdict, user: user)
            } catch {
                return .refuse(
                    sqlState: "42501", message: "Blastwall refuses: the decision could not be recorded (\(error.message))",
                    hint: "free space or repair the Blastwall store")
            }
        }
        if verdict.decision == .allow {
            let writes = evaluation.statements.contains { $0.sqlClass != .read }
            guard readOnly && writes else { return .forward(rewritten: nil) }
            // The session runs with default_transaction_read_only; an approved write gets a
            // read-write implicit transaction of its own.
            guard !inTransactionBlock else {
                return .refuse(
                    sqlState: "25006",
                    message:
                        "Blastwall: grant \(verdict.grant?.id ?? "") covers this statement, but the session is inside a read-only transaction",
                    hint: "Run it outside BEGIN … COMMIT")
            }
            return .forward(rewritten: "SET transaction_read_only = off;\n" + sql)
        }
        let sqlState =
            readOnlyStops && verdict.decisive.allSatisfy { $0.decidedBy.hasPrefix("this proxy session is read-only") } ? "25006" : "42501"
        let top = verdict.decisive.first?.effect
        let message =
            "Blastwall \(verdict.decision == .ask ? "needs a person's approval for this" : "denies"): \(top?.message ?? "the statement") [\(top?.ruleID ?? "?"), environment \(verdict.environment)]"
        var hints: [String] = []
        if let safer = top?.safer { hints.append("Safer: \(safer).") }
        if let request = verdict.request { hints.append(request.instructions) }
        for refusal in verdict.refusedGrants { hints.append("Grant not used: \(refusal).") }
        return .refuse(sqlState: sqlState, message: message, hint: hints.isEmpty ? nil : hints.joined(separator: " "))
    }

    /// The gate's verdict for `sql`, made stricter for a read-only session: every finding that is
    /// not a read is stopped, and ask becomes deny (nobody on the wire can answer a question).
    /// `readOnlyStops`: the session being read-only stopped something the policy allowed.
    private func judged(_ sql: String, session: inout SQLSession) throws(GateError) -> (
        evaluation: SQLGate.Evaluation, verdict: Verdict, readOnlyStops: Bool
    ) {
        let evaluation = try gate.evaluate(sql: sql, forcedEnvironment: environment, session: &session)
        var verdict = evaluation.verdict
        var readOnlyStops = false
        if readOnly {
            for index in verdict.findings.indices where verdict.findings[index].effect.details["sql_class"] != SQLClass.read.rawValue {
                // A finding the policy already stops keeps its reason; one it allows is stopped
                // by the session being read-only.
                guard verdict.findings[index].decision == .allow else {
                    verdict.findings[index].decision = .deny
                    continue
                }
                readOnlyStops = true
                verdict.findings[index].decision = .deny
                verdict.findings[index].decidedBy = "this proxy session is read-only; writes need a grant"
            }
        }
        verdict.regrade()
        return (evaluation, verdict, readOnlyStops)
    }

    /// Keeps the verdict made for the shape itself (its record then shows `… = $1`, not the first
    /// text's constants) when it allows what the text's own verdict allowed, by the same rules.
    private func rememberShape(_ shape: String, like textVerdict: Verdict) {
        var scratch = SQLSession()
        guard let (_, verdict, _) = try? judged(shape, session: &scratch), verdict.decision == .allow,
            Set(verdict.findings.map(\.effect.ruleID)) == Set(textVerdict.findings.map(\.effect.ruleID))
        else { return }
        Self.remember(shape, verdict, in: allowedShapes)
    }

    private static func remember(_ key: String, _ verdict: Verdict, in cache: borrowing Mutex<[String: Verdict]>) {
        cache.withLock { cache in
            if cache.count >= maximumCachedTexts { cache.removeAll(keepingCapacity: true) }
            cache[key] = verdict
        }
    }
}

/// The proxy's link to the store. Verdicts that stop a statement are recorded (and grants
/// applied) synchronously before the client hears the answer; allowed ones are group-committed
/// every `flushInterval` so a stream of reads does not pay a synced transaction each.
final class ProxyRecorder: Sendable {
    let storePath: String
    let policy: Policy
    let flushInterval: DispatchTimeInterval
    /// One connection, used by one thread at a time under `lock`.
    private nonisolated(unsafe) let store: Store
    private let lock = Mutex(())
    /// Allowed verdicts waiting for their group commit, one entry per verdict and user with the
    /// texts it allowed, in the order of first use.
    private let pending = Mutex(Pending())
    private let queue = DispatchQueue(label: "blastwall.proxy.recorder")

    struct Pending {
        struct Key: Hashable {
            var digest: String
            var user: String
        }
        var groups: [Store.AllowedActions] = []
        var index: [Key: Int] = [:]
        var count = 0
        var scheduled = false
    }

    init(
        storePath: String, policy: Policy, trust: @escaping @Sendable () -> TrustedKeys = { TrustedKeys() },
        flushInterval: DispatchTimeInterval = .milliseconds(50)
    ) throws(StoreError) {
        self.storePath = storePath
        self.policy = policy
        self.flushInterval = flushInterval
        store = try Store(path: storePath)
        store.trustProvider = trust
    }

    /// Each user's context, built once: building one normalises the user name.
    private let contexts = Mutex<[String: ActionContext]>([:])

    func context(user: String) -> ActionContext {
        if let context = contexts.withLock({ $0[user] }) { return context }
        var context = ActionContext(requester: user, agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        context.policyFingerprint = policy.fingerprint
        context.policySources = policy.sources
        contexts.withLock { $0[user] = context }
        return context
    }

    func recordNow(_ verdict: Verdict, user: String) throws(StoreError) -> Verdict {
        try flush()
        return try withStore { store throws(StoreError) in
            try store.record(
                verdict, context: context(user: user), settings: policy.approvals, fileRequest: RequestFiling(), now: UTCTime.now())
        }
    }

    /// The most allowed verdicts that may wait for their group commit: past it, the statement
    /// that finds the backlog full writes it before going on, so a log that cannot keep up slows
    /// the proxy instead of growing in memory (and a crash loses at most this many).
    static let maximumBacklog = 2048

    /// `input`: the statement's text (another than the verdict's when it was made for its shape).
    func enqueueAllowed(_ verdict: Verdict, input: String, user: String) {
        let key = Pending.Key(digest: verdict.digest, user: user)
        // The first use of a verdict in a batch adds a group, whose context is built outside the lock.
        var newGroup: Store.AllowedActions?
        while true {
            let outcome = pending.withLock { state -> (schedule: Bool, full: Bool)? in
                if let index = state.index[key] {
                    state.groups[index].inputs.append(input)
                } else if var group = newGroup {
                    group.inputs.append(input)
                    state.index[key] = state.groups.count
                    state.groups.append(group)
                } else {
                    return nil
                }
                state.count += 1
                defer { state.scheduled = true }
                return (!state.scheduled, state.count >= Self.maximumBacklog)
            }
            if let outcome {
                afterEnqueue(schedule: outcome.schedule, full: outcome.full)
                return
            }
            newGroup = Store.AllowedActions(verdict: verdict, context: context(user: user), inputs: [])
        }
    }

    private func afterEnqueue(schedule: Bool, full: Bool) {
        if full {
            do throws(StoreError) { try flush() } catch { reportFlushFailure(error) }
        } else if schedule {
            queue.asyncAfter(deadline: .now() + flushInterval) { [self] in
                do throws(StoreError) { try flush() } catch { reportFlushFailure(error) }
            }
        }
    }

    /// Writes every pending allowed verdict in one transaction.
    func flush() throws(StoreError) {
        let groups = pending.withLock { state in
            defer { state = Pending() }
            return state.groups
        }
        guard !groups.isEmpty else { return }
        try withStore { store throws(StoreError) in try store.recordAllowed(groups, now: UTCTime.now()) }
    }

    private func withStore<T>(_ body: (Store) throws(StoreError) -> T) throws(StoreError) -> T {
        try lock.withLock { _ throws(StoreError) -> T in try body(store) }
    }

    private func reportFlushFailure(_ error: StoreError) {
        // The statements were answered; the failure to keep their record is reported loudly.
        let message = "blastwall proxy: error: allowed statements could not be recorded: \(error.message)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

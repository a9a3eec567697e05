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
    static let maximumCachedTexts = 4096

    init(policy: Policy, environment: String?, readOnly: Bool, recorder: ProxyRecorder?) {
        gate = SQLGate(policy: policy)
        self.environment = environment
        self.readOnly = readOnly
        self.recorder = recorder
    }

    /// `inTransactionBlock`: the session is inside BEGIN … (ReadyForQuery status T or E).
    func judge(_ sql: String, session: inout SQLSession, user: String, inTransactionBlock: Bool) -> Judgement {
        if let verdict = allowed.withLock({ $0[sql] }) {
            recorder?.enqueueAllowed(verdict, user: user)
            return .forward(rewritten: nil)
        }
        let preparedBefore = session.prepared.count
        var evaluation: SQLGate.Evaluation
        do {
            evaluation = try gate.evaluate(sql: sql, forcedEnvironment: environment, session: &session)
        } catch {
            return .refuse(sqlState: "42501", message: "Blastwall refuses: \(error.message)", hint: nil)
        }
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
        // Nobody on the wire can answer a question: ask is refused unless a grant answers it.
        verdict.regrade()
        guard verdict.decision != .allow else {
            recorder?.enqueueAllowed(verdict, user: user)
            let touchesSession =
                session.prepared.count != preparedBefore
                || evaluation.statements.contains { ["sql.execute", "sql.prepare"].contains($0.ruleID) }
                || evaluation.statements.contains {
                    $0.consequence.hasPrefix("runs the prepared statement") || $0.consequence.hasPrefix("prepares a statement")
                }
            if !touchesSession {
                allowed.withLock { cache in
                    if cache.count >= Self.maximumCachedTexts { cache.removeAll(keepingCapacity: true) }
                    cache[sql] = verdict
                }
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
    private let pending: Mutex<(items: [(verdict: Verdict, context: ActionContext)], scheduled: Bool)> = Mutex(([], false))
    private let queue = DispatchQueue(label: "blastwall.proxy.recorder")

    init(storePath: String, policy: Policy, flushInterval: DispatchTimeInterval = .milliseconds(50)) throws(StoreError) {
        self.storePath = storePath
        self.policy = policy
        self.flushInterval = flushInterval
        store = try Store(path: storePath)
    }

    func context(user: String) -> ActionContext {
        var context = ActionContext(requester: user, agent: "postgres-proxy", source: "proxy", cwd: "", kind: "sql")
        context.policyFingerprint = policy.fingerprint
        context.policySources = policy.sources
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

    func enqueueAllowed(_ verdict: Verdict, user: String) {
        let (schedule, full) = pending.withLock { state -> (Bool, Bool) in
            state.items.append((verdict, context(user: user)))
            defer { state.scheduled = true }
            return (!state.scheduled, state.items.count >= Self.maximumBacklog)
        }
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
        let items = pending.withLock { state in
            defer { state = ([], false) }
            return state.items
        }
        guard !items.isEmpty else { return }
        try withStore { store throws(StoreError) in try store.recordAllowed(items, now: UTCTime.now()) }
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

import ArgumentParser
import BlastwallCore
import BlastwallStore

/// Options every command that signs with an approver key shares.
struct ApproverKeyOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Your approver key file (default: the only one in ~/.config/blastwall/keys).", valueName: "file"))
    var key: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Read the key's passphrase from this file instead of the terminal (for automation).", valueName: "file"))
    var passphraseFile: String?

    /// Whether the key's passphrase will be typed at a terminal (no --passphrase-file) and the
    /// key is sealed: what a self-approval needs, so the agent, which holds no terminal, cannot.
    func typedAtTerminal(_ workspace: Workspace) throws -> Bool {
        guard passphraseFile == nil else { return false }
        let path = try keyPath(workspace)
        guard let text = try SystemIO.readText(path, limit: 1 << 16) else { return false }
        return ApproverKey.isSealed(text)
    }

    func keyPath(_ workspace: Workspace) throws -> String {
        if let key { return key }
        let files = ((try? SystemIO.listDirectory(workspace.keyDirectory)) ?? []).filter { $0.hasSuffix(".key") }
        guard files.count == 1 else {
            throw fail(
                files.isEmpty
                    ? "no approver key in \(workspace.keyDirectory); create one with `blastwall keys create --principal NAME` or pass --key FILE"
                    : "several keys in \(workspace.keyDirectory); choose one with --key FILE")
        }
        return workspace.keyDirectory + "/" + files[0]
    }

    func load(_ workspace: Workspace) throws -> ApproverKey {
        try Passphrase.loadKey(try keyPath(workspace), passphraseFile: passphraseFile)
    }
}

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Approve a request with your approver key: shows exactly what will run, then signs a grant.",
        discussion: """
            You cannot approve a request you filed (two-person rule), and a second key of yours
            does not count twice. By default the grant is exact: this one command or plan, once,
            for at most 15 minutes. --scoped grants effects up to a class in one environment,
            optionally limited to resources and a directory, for a time.
            Run this in your own terminal: from inside an agent session the command gate denies it.

            Examples:
              blastwall approve req_k3…
              blastwall approve req_k3… --scoped --env staging --class destroy --dir '/src/infra/envs/staging' --minutes 30
              blastwall approve req_k3… --scoped --env staging --class destroy --resource 'aws_db_instance.legacy_*'
            """)

    @ArgumentParser.Argument(help: "The request id (from `blastwall requests`).")
    var id: String

    @OptionGroup var signer: ApproverKeyOptions

    @Flag(name: .long, help: "Grant a scope instead of the exact action.")
    var scoped = false

    @Option(name: .long, help: "Scoped: the environment (default: the request's).")
    var env: String?

    @Option(name: .long, help: "Scoped: the strictest effect class covered (default: the request's strictest).")
    var `class`: String?

    @Option(name: .long, help: ArgumentHelp("Scoped: a glob every touched resource must match (repeatable).", valueName: "glob"))
    var resource: [String] = []

    @Option(name: .long, help: ArgumentHelp("Scoped: a glob the working directory must match.", valueName: "glob"))
    var dir: String?

    @Option(name: .long, help: "Scoped: how long the grant lasts, in minutes (default and cap: the policy's).")
    var minutes: Int?

    @Option(name: .long, help: "Scoped: how long the grant lasts, in seconds, instead of --minutes.")
    var seconds: Int?

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Option(name: .long, help: ArgumentHelp("A policy file layered on top of the others (repeatable).", valueName: "file"))
    var policy: [String] = []

    func validate() throws {
        if !scoped && (env != nil || `class` != nil || !resource.isEmpty || dir != nil || minutes != nil || seconds != nil) {
            throw ValidationError("--env, --class, --resource, --dir, --minutes and --seconds describe a scope: add --scoped")
        }
        if minutes != nil && seconds != nil { throw ValidationError("give --minutes or --seconds, not both") }
        if let seconds, seconds < 1 { throw ValidationError("--seconds must be at least 1") }
        if let name = `class`, EffectClass(rawValue: name) == nil {
            throw ValidationError("--class is one of \(EffectClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let minutes, minutes < 1 { throw ValidationError("--minutes must be at least 1") }
    }

    func run() throws {
        let workspace = Workspace()
        let policy = try workspace.loadPolicy(extra: self.policy)
        let store = try AuditRecorder(workspace: workspace, source: "approve").open()
        // What the approver reads is re-derived from the log: the request's row must match the
        // seal of its filing record, and the log up to it must verify against the anchor.
        let verification = try store.verifyAudit(anchors: AuditAnchor(path: workspace.anchorPath).notes())
        if let problem = verification.failure {
            throw fail(
                "refused [tampered]: the audit log does not verify (record \(problem.seq): \(problem.reason)); nothing in it can be approved until `blastwall audit verify` passes"
            )
        }
        let request: ApprovalRequest
        do { request = try store.request(id) } catch { throw fail("refused [\(error.code)]: \(error.message)") }
        SystemIO.writeStandardOutput(RequestText.render(request))
        let root = try workspace.trustRoot()
        if let weakness = root.weakness { SystemIO.writeStandardOutput("Note: \(weakness).\n  \(TrustRoot.strengthenAdvice).\n") }
        let scope: GrantScope =
            scoped
            ? .scoped(
                environment: env, effectClass: `class`.flatMap(EffectClass.init(rawValue:)), resources: resource, anyResource: false,
                directory: dir.map { Paths.resolve($0, cwd: workspace.cwd, home: workspace.home) },
                lifetime: minutes.map { Int64($0) * 60 } ?? seconds.map(Int64.init)
            )
            : .exact
        let typed = try signer.typedAtTerminal(workspace)
        let key = try signer.load(workspace)
        if !yes && !Passphrase.confirm("Approve as \(key.principal) (\(scoped ? "scoped" : "exactly this, once"))? [y/N] ") {
            throw fail("not approved (answer y on a terminal, or pass --yes)")
        }
        let outcome: ApprovalOutcome
        do {
            outcome = try store.approve(
                id, key: key, scope: scope, settings: policy.approvals, typedAtTerminal: typed && Passphrase.hasTerminal, now: UTCTime.now()
            )
        } catch {
            throw fail("refused [\(error.code)]: \(error.message)")
        }
        if outcome.isActive {
            SystemIO.writeStandardOutput(
                "Granted \(outcome.grantID): \(outcome.claims.scopeDescription), until \(UTCTime.iso8601(outcome.claims.expires)); approved by \(outcome.approvers.joined(separator: ", ")).\n"
            )
        } else {
            SystemIO.writeStandardOutput(
                "Approved by \(outcome.approvers.joined(separator: ", ")): \(outcome.approvers.count) of \(outcome.required) approvals; grant \(outcome.grantID) waits for another approver.\n"
            )
        }
        try Anchoring.copyLatest(store, workspace: workspace)
    }
}

struct DenyRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny",
        abstract: "Refuse a request (the requester may also withdraw their own).",
        discussion: "Example: blastwall deny req_k3… --reason 'use a targeted destroy instead'")

    @ArgumentParser.Argument(help: "The request id.")
    var id: String

    @Option(name: .long, help: "Why, recorded and shown to the requester.")
    var reason: String

    @OptionGroup var signer: ApproverKeyOptions

    func run() throws {
        let workspace = Workspace()
        let store = try AuditRecorder(workspace: workspace, source: "deny").open()
        let request = try store.request(id)
        let principal: String
        let keyID: String?
        if ApprovalSettings.normalise(Principal.current()) == request.requester && signer.key == nil {
            (principal, keyID) = (Principal.current(), nil)
        } else {
            let key = try signer.load(workspace)
            (principal, keyID) = (key.principal, key.keyID)
        }
        try store.refuse(id, principal: principal, keyID: keyID, reason: reason, now: UTCTime.now())
        SystemIO.writeStandardOutput("Denied \(id).\n")
        try Anchoring.copyLatest(store, workspace: workspace)
    }
}

struct Grants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List grants: who approved what, for whom, until when.",
        discussion: "Examples:\n  blastwall grants\n  blastwall grants --all --format json")

    @Flag(name: .long, help: "Include used, revoked and expired grants.")
    var all = false

    @Option(name: .long, help: "Output format: text, or json (one object a line).")
    var format: OutputFormat = .text

    func run() throws {
        let store = try AuditRecorder(workspace: Workspace(), source: "grants").open()
        let grants = try store.grants(all: all, now: UTCTime.now())
        if grants.isEmpty && format == .text { SystemIO.writeStandardOutput(all ? "No grants.\n" : "No active grants.\n") }
        for grant in grants {
            switch format {
            case .json:
                var json = grant.claims.json
                json.set("status", .string(grant.status))
                json.set("approvers", .array(grant.approvers.map(JSON.string)))
                json.set("required", .number(String(grant.required)))
                json.set("tokens", .array(grant.tokens.map(JSON.string)))
                SystemIO.writeStandardOutput(json.serialized() + "\n")
            case .text:
                SystemIO.writeStandardOutput(
                    "\(grant.id)  \(grant.status.uppercased())  for \(grant.claims.requester): \(grant.claims.scopeDescription)\n"
                        + "  approved by \(grant.approvers.joined(separator: ", ")) (\(grant.approvers.count)/\(grant.required)), until \(UTCTime.iso8601(grant.claims.expires))\(grant.requestID.map { ", request \($0)" } ?? "")\n"
                )
            }
        }
    }
}

struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revoke a grant, or a request and every grant made from it.",
        discussion: "Example: blastwall revoke grant_7x… --reason 'done with the migration'")

    @ArgumentParser.Argument(help: "A grant id (grant_…) or request id (req_…).")
    var id: String

    @Option(name: .long, help: "Why, for the audit log.")
    var reason: String = "revoked"

    func run() throws {
        let workspace = Workspace()
        let store = try AuditRecorder(workspace: workspace, source: "revoke").open()
        try store.revoke(id, by: Principal.current(), reason: reason, now: UTCTime.now())
        SystemIO.writeStandardOutput("Revoked \(id).\n")
        try Anchoring.copyLatest(store, workspace: workspace)
    }
}

/// A person's command (approve, deny, revoke, keys) copies the newest checkpoint to the anchor,
/// so the log's state when a person last looked is kept outside the store.
enum Anchoring {
    static func copyLatest(_ store: Store, workspace: Workspace) throws {
        let note = try store.checkpointNow(now: UTCTime.now())
        do {
            try AuditAnchor(path: workspace.anchorPath).append(note)
        } catch {
            SystemIO.writeStandardError("blastwall: warning: the checkpoint was not anchored in \(workspace.anchorPath): \(error)\n")
        }
    }
}

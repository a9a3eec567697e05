import ArgumentParser
import BlastwallCore
import BlastwallStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify, show and export the tamper-evident audit log.",
        discussion: """
            Every verdict, request, approval, refusal, grant, revocation, key change and policy
            change is a record holding the hash of the one before, under a Merkle tree (RFC 6962)
            whose heads are signed as checkpoints. Copies of checkpoints in the anchor file
            ($BLASTWALL_ANCHOR, default ~/.config/blastwall/audit-anchor.checkpoints) catch a
            truncated, rolled-back or wholly rewritten log; point it at a file the agent cannot write.
            """,
        subcommands: [Verify.self, Show.self, Export.self, CheckpointCommand.self, Anchor.self, Proof.self],
        defaultSubcommand: Show.self)

    static func openStore(_ workspace: Workspace) throws -> Store {
        guard SystemIO.fileExists(workspace.storePath) else { throw fail("no store at \(workspace.storePath) yet") }
        return try Store(path: workspace.storePath, create: false, readOnly: true)
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove the log intact: exit 0 if so, 5 and the first bad record if not.",
            discussion: "Example: blastwall audit verify --anchor /mnt/audit/laptop.checkpoints")

        @Option(
            name: .long,
            help: ArgumentHelp("Anchor file(s) of checkpoints to check against (default: the configured one).", valueName: "file"))
        var anchor: [String] = []

        @Option(name: .long, help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let workspace = Workspace()
            let store = try openStore(workspace)
            var notes: [String] = []
            for path in anchor.isEmpty ? [workspace.anchorPath] : anchor {
                notes += try AuditAnchor(path: path).notes()
            }
            let result = try store.verifyAudit(anchors: notes)
            switch format {
            case .json:
                var members: [(String, JSON)] = [
                    ("intact", .bool(result.isIntact)), ("records", .number(String(result.records))),
                    ("checkpoints_verified", .number(String(result.checkpointsVerified))),
                    ("anchored_size", .number(String(result.anchoredSize))), ("unanchored", .number(String(result.unanchored))),
                    ("root", .string(Base64.encode(result.root))), ("origin", .string(store.origin)),
                    ("log_public_key", .string(Base64.encode(store.logPublicKey))),
                ]
                if let failure = result.failure {
                    members.append(("first_bad_record", .number(String(failure.seq))))
                    members.append(("reason", .string(failure.reason)))
                }
                SystemIO.writeStandardOutput(JSON.object(members).pretty() + "\n")
            case .text:
                if let failure = result.failure {
                    SystemIO.writeStandardOutput("TAMPERED: record \(failure.seq): \(failure.reason)\n")
                } else {
                    var text = "verified: \(result.records) records, \(result.checkpointsVerified) signed checkpoints"
                    if result.anchorsChecked == 0 {
                        text += "; nothing anchored — a rewritten or truncated log would only be caught against an anchor"
                    } else {
                        text += "; anchored up to \(result.anchoredSize); \(result.unanchored) record(s) not yet anchored"
                    }
                    SystemIO.writeStandardOutput(text + "\n")
                }
            }
            if !result.isIntact { throw ExitCode(5) }
        }
    }

    /// Filters shared by show and export.
    struct Filters: ParsableArguments {
        @Option(name: .long, help: "Only records of this type: \(AuditType.allCases.map(\.rawValue).joined(separator: ", ")) (repeatable).")
        var type: [String] = []

        @Option(name: .long, help: "Only records at or after this time (ISO 8601 prefix, e.g. 2026-11-25 or 2026-11-25T10:00).")
        var since: String?

        @Option(name: .long, help: "Only records before this time (ISO 8601 prefix).")
        var until: String?

        @Option(name: .long, help: "Only records in this environment.")
        var env: String?

        @Option(name: .long, help: "Only this decision: allow, ask or deny.")
        var decision: String?

        @Option(name: .long, help: "Only records naming this principal (requester, approver or actor).")
        var principal: String?

        func validate() throws {
            for name in type where AuditType(rawValue: name) == nil {
                throw ValidationError("--type is one of \(AuditType.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'")
            }
            if let decision, Decision(rawValue: decision) == nil { throw ValidationError("--decision is allow, ask or deny") }
        }

        func select(_ store: Store) throws -> [(seq: Int64, json: JSON)] {
            let types = type.compactMap(AuditType.init(rawValue:))
            return try store.auditRecords(types: types).compactMap { record in
                guard let json = record.json else { return (record.seq, .object([("unreadable", .bool(true))])) }
                let time = json["time"]?.stringValue ?? ""
                if let since, time < since { return nil }
                if let until, time >= until { return nil }
                if let env, json["environment"]?.stringValue != env { return nil }
                if let decision, json["decision"]?.stringValue != decision { return nil }
                if let principal {
                    let wanted = ApprovalSettings.normalise(principal)
                    let named =
                        ["principal", "requester", "by"].compactMap { json[$0]?.stringValue }
                        + (json["approvers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                    if !named.contains(wanted) { return nil }
                }
                return (record.seq, json)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show audit records, newest last.",
            discussion:
                "Examples:\n  blastwall audit show --type grant --type approval\n  blastwall audit show --env production --decision deny --since 2026-11-25"
        )

        @OptionGroup var filters: Filters

        @Option(name: .long, help: "How many of the newest matching records to show.")
        var limit = 50

        @Option(name: .long, help: "Output format: text, or json (one record a line, exactly as stored).")
        var format: OutputFormat = .text

        func run() throws {
            let selected = try filters.select(openStore(Workspace())).suffix(limit)
            if selected.isEmpty && format == .text { SystemIO.writeStandardOutput("No audit records match.\n") }
            for (seq, json) in selected {
                switch format {
                case .json: SystemIO.writeStandardOutput(json.serialized() + "\n")
                case .text: SystemIO.writeStandardOutput("\(seq)  \(AuditText.line(json))\n")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write matching records as JSON lines, exactly as stored (for a SIEM or an independent verifier).",
            discussion: "Example: blastwall audit export --since 2026-11-01 > audit.jsonl")

        @OptionGroup var filters: Filters

        func run() throws {
            let store = try openStore(Workspace())
            let unfiltered =
                filters.type.isEmpty && filters.since == nil && filters.until == nil && filters.env == nil && filters.decision == nil
                && filters.principal == nil
            if unfiltered {
                // The stored bytes themselves, so an outside verifier can recompute every hash.
                for record in try store.auditRecords() {
                    SystemIO.writeStandardOutput(String(decoding: record.bytes, as: UTF8.self) + "\n")
                }
                return
            }
            for (_, json) in try filters.select(store) { SystemIO.writeStandardOutput(json.serialized() + "\n") }
        }
    }

    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint", abstract: "Sign a checkpoint of the log as it is now and print it (a C2SP signed note).")

        func run() throws {
            let workspace = Workspace()
            let store = try AuditRecorder(workspace: workspace, source: "audit").open()
            SystemIO.writeStandardOutput(try store.checkpointNow(now: UTCTime.now()))
        }
    }

    struct Anchor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a fresh checkpoint to the anchor file (or --to another), where the agent cannot rewrite it.",
            discussion: "Example (from cron, as another user): blastwall audit anchor --to /var/lib/blastwall-anchor/laptop.checkpoints")

        @Option(name: .long, help: ArgumentHelp("The anchor file to append to.", valueName: "file"))
        var to: String?

        func run() throws {
            let workspace = Workspace()
            let store = try AuditRecorder(workspace: workspace, source: "audit").open()
            let note = try store.checkpointNow(now: UTCTime.now())
            let path = to ?? workspace.anchorPath
            try AuditAnchor(path: path).append(note)
            SystemIO.writeStandardOutput("Anchored in \(path):\n\(note)")
        }
    }

    struct Proof: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an inclusion proof that a record is in the log (C2SP tlog-proof: index, hashes, checkpoint).",
            discussion: "Example: blastwall audit proof 42 > approval-42.proof")

        @ArgumentParser.Argument(help: "The record's sequence number.")
        var seq: Int64

        func run() throws {
            SystemIO.writeStandardOutput(try openStore(Workspace()).inclusionProof(seq: seq))
        }
    }
}

/// One audit record on one line, for people.
enum AuditText {
    static func line(_ json: JSON) -> String {
        let time = json["time"]?.stringValue ?? "?"
        let type = json["type"]?.stringValue ?? "?"
        func field(_ name: String) -> String { json[name]?.stringValue ?? "" }
        let detail: String
        switch type {
        case "verdict":
            detail =
                "\(field("decision").uppercased()) \(field("environment")) \(field("agent")) \(field("command").prefix(100))"
                + (json["grant"] != nil ? " [grant \(field("grant"))]" : "")
                + (json["request"] != nil ? " [request \(field("request"))]" : "")
                + (json["count"].map { " ×\($0.serialized())" } ?? "")
        case "request", "break-glass":
            detail = "\(field("request")) by \(field("requester")) in \(field("environment")): \(field("action").prefix(100))"
        case "approval":
            detail =
                "\(field("request")) approved by \(field("principal")) (\(json["approvals"].map { $0.serialized() } ?? "?")/\(json["required"].map { $0.serialized() } ?? "?"))"
        case "refusal":
            detail = "\(field("request")) \(field("code")) by \(field("principal")): \(field("reason"))"
        case "grant":
            detail =
                "\(field("grant")) for \(field("requester")): \(field("scope")), approved by \((json["approvers"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", "))"
        case "grant-use":
            detail = "\(field("grant")) used for \(field("digest"))"
        case "revocation":
            detail = "\(field("id")) by \(field("by")): \(field("reason"))"
        case "policy":
            let sources = (json["sources"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            let previous = json["previous"]?.stringValue.map { " (was \($0))" } ?? " (first load)"
            detail = "\(field("fingerprint"))\(previous) from \(sources), loaded by \(field("principal"))"
        case "key":
            detail = "\(field("action")) \(field("key_id")) \(field("principal"))\(field("by"))"
        default:
            detail = json.serialized().prefix(120).description
        }
        return "\(time)  \(type.padding(11))  \(detail)"
    }
}

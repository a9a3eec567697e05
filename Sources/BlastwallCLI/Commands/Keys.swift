import ArgumentParser
import BlastwallCore
import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, enroll, list and revoke approver keys (Ed25519).",
        discussion: """
            An approver key is what makes an approval someone else's: keep it where the agent's
            process cannot use it — sealed with a passphrase read from your terminal (the default),
            under another user account, or on another machine (create it there with --no-enroll,
            then enroll its public key here with `keys enroll`).
            Public keys are enrolled in the trust root (see `blastwall trust`): with one set up
            (`sudo blastwall trust init`), only root adds keys, with `sudo blastwall trust add-approver`;
            without one, in ~/.config/blastwall/approvers, as strong as your user account.
            From inside an agent session the command gate denies every `blastwall keys` command.
            """,
        subcommands: [Create.self, Enroll.self, List.self, RevokeKey.self], defaultSubcommand: List.self)

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key pair for a principal, save it, and enroll its public half in this store.",
            discussion: "Example: blastwall keys create --principal alice")

        @Option(name: .long, help: "Who the key belongs to: one person, never the account the agent runs as.")
        var principal: String

        @Option(
            name: .long,
            help: ArgumentHelp("Where to write the key file (default: ~/.config/blastwall/keys/PRINCIPAL.key).", valueName: "file"))
        var out: String?

        @Option(name: .long, help: ArgumentHelp("Read the new passphrase from this file instead of the terminal.", valueName: "file"))
        var passphraseFile: String?

        @Flag(name: .long, help: "Store the secret unsealed (only for a key kept under another user or on another machine).")
        var noPassphrase = false

        @Flag(name: .long, help: "Only write the key file; print the public key for `keys enroll` elsewhere.")
        var noEnroll = false

        func run() throws {
            let workspace = Workspace()
            let name: String
            do { name = try PrincipalName.canonical(principal) } catch { throw fail(error.message) }
            let path = out ?? workspace.keyDirectory + "/\(name).key"
            if SystemIO.fileExists(path) { throw fail("\(path) exists; choose another --out or remove it yourself") }
            let key = ApproverKey.generate(principal: name)
            let passphrase =
                noPassphrase ? nil : try Passphrase.read(prompt: "New passphrase for \(name)'s key: ", file: passphraseFile, confirm: true)
            try SystemIO.createDirectories(SystemIO.parentDirectory(path))
            try SystemIO.writeFileAtomically(path, Array(try key.fileText(passphrase: passphrase).utf8), mode: 0o600)
            SystemIO.writeStandardOutput("Wrote \(path) (\(passphrase == nil ? "unsealed" : "sealed with your passphrase"))\n")
            if noEnroll {
                SystemIO.writeStandardOutput(
                    "Enroll it where approvals happen with:\n  blastwall keys enroll --principal \(name) --public-key \(Base64.encode(key.publicKey))\n"
                )
                return
            }
            try Enrollment.enroll(key, workspace: workspace)
        }
    }

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enroll another person's public key, made with `keys create --no-enroll` on their machine or account.")

        @Option(name: .long, help: "The key's owner.")
        var principal: String

        @Option(name: .long, help: "The public key, base64 (as `keys create --no-enroll` printed it).")
        var publicKey: String

        func run() throws {
            guard let bytes = Base64.decode(publicKey), bytes.count == 32 else { throw fail("--public-key must be 32 bytes of base64") }
            let name: String
            do { name = try PrincipalName.canonical(principal) } catch { throw fail(error.message) }
            try Enrollment.enroll(ApproverKey(publicKey: bytes, principal: name), workspace: Workspace())
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List enrolled approver keys.")

        @Option(name: .long, help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let keys = try Workspace().trustRoot().keys.keys
            if keys.isEmpty && format == .text {
                SystemIO.writeStandardOutput("No approver keys enrolled. Create one with `blastwall keys create --principal NAME`.\n")
            }
            for key in keys {
                switch format {
                case .json:
                    SystemIO.writeStandardOutput(
                        JSON.object([
                            ("key_id", .string(key.keyID)), ("principal", .string(key.principal)),
                            ("public_key", .string(Base64.encode(key.publicKey))), ("enrolled", .string(UTCTime.iso8601(key.enrolled))),
                            ("revoked", key.revoked.map { .string(UTCTime.iso8601($0)) } ?? .null),
                        ]).serialized() + "\n")
                case .text:
                    SystemIO.writeStandardOutput(
                        "\(key.keyID)  \(key.principal)  enrolled \(UTCTime.iso8601(key.enrolled))\(key.revoked.map { "  REVOKED \(UTCTime.iso8601($0))" } ?? "")\n"
                    )
                }
            }
        }
    }

    struct RevokeKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke an enrolled key: grants it signed stop working at once.")

        @ArgumentParser.Argument(help: "The key id (k_…).")
        var keyID: String

        func run() throws {
            let workspace = Workspace()
            try Enrollment.revoke(keyID, in: try workspace.trustRoot())
            try Enrollment.log(.key, [("action", .string("revoke")), ("key_id", .string(keyID))], workspace: workspace)
            SystemIO.writeStandardOutput("Revoked \(keyID).\n")
        }
    }
}

/// Enrolling a public key: into the trust root's approvers file, or — without a trust root — the
/// user's own, with the change recorded in the audit log either way.
enum Enrollment {
    static func enroll(_ key: ApproverKey, workspace: Workspace) throws {
        let root = try workspace.trustRoot()
        let name = PrincipalName.normalised(key.principal)
        if root.isSystem && geteuid() != 0 {
            SystemIO.writeStandardOutput(
                "\(root.directory) is this machine's trust root: only root adds approvers there. Run:\n  sudo blastwall trust add-approver --principal \(name) --public-key \(Base64.encode(key.publicKey))\n"
            )
            return
        }
        if let clash = root.keys.keys.first(where: { $0.keyID == key.keyID }) {
            throw fail("key \(key.keyID) is already enrolled for \(clash.principal)")
        }
        try TrustFile.update(root.directory + "/" + TrustRoot.approversFile, system: root.isSystem) {
            TrustRoot.adding(key, to: $0, now: UTCTime.now())
        }
        try log(
            .key,
            [
                ("action", .string("enroll")), ("key_id", .string(key.keyID)), ("principal", .string(name)),
                ("public_key", .string(Base64.encode(key.publicKey))), ("trust_root", .string(root.directory)),
            ], workspace: workspace)
        SystemIO.writeStandardOutput("Enrolled \(key.keyID) for \(name) in \(root.directory)/\(TrustRoot.approversFile)\n")
        if let weakness = root.weakness { SystemIO.writeStandardOutput("Note: \(weakness).\n  \(TrustRoot.strengthenAdvice).\n") }
    }

    /// Revokes a key in the trust root's (or the user's) approvers file.
    static func revoke(_ keyID: String, in root: TrustRoot) throws {
        guard root.keys.keys.contains(where: { $0.keyID == keyID && $0.revoked == nil }) else {
            throw fail("no enrolled, unrevoked key \(keyID) in \(root.keys.source)")
        }
        try TrustFile.update(root.directory + "/" + TrustRoot.approversFile, system: root.isSystem) {
            TrustRoot.revoking(keyID, in: $0 ?? "", now: UTCTime.now())
        }
    }

    static func log(_ type: AuditType, _ fields: [(String, JSON)], workspace: Workspace) throws {
        let store = try AuditRecorder(workspace: workspace, source: "keys").open()
        try store.write { () throws(StoreError) in
            _ = try store.appendAudit(type, fields + [("by", .string(Principal.current()))], now: UTCTime.now())
        }
        try Anchoring.copyLatest(store, workspace: workspace)
    }
}

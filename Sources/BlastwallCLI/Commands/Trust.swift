import ArgumentParser
import BlastwallCore
import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set up and show the trust root: the approver keys and policy the agent's user cannot change.",
        discussion: """
            Approvals are only as strong as the place their keys live. The trust root is a directory (/etc/blastwall, or \
            $BLASTWALL_TRUST) owned by root, holding the approver keys (`approvers`), the system policy (`policy.yaml`, whose \
            `approvals:` section sets who approves and how) and one append-only audit anchor per user \
            (`anchors/USER.checkpoints`). Grants verify only against its keys; keys kept anywhere the agent's user can write \
            never make a grant valid.

            Set it up once, as root:
              sudo blastwall trust init --user "$USER" --approver alice=BASE64
            (`trust add-approver` adds more later.)

            Without it, approver keys live in ~/.config/blastwall/approvers and every request says that approvals are only as strong as your user account. An agent running as root (containers, CI) \
            can reach every file: there only a trust root on another machine holds.
            """,
        subcommands: [Initialise.self, AddApprover.self, RemoveApprover.self, Show.self], defaultSubcommand: Show.self)

    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the trust root (as root): the approvers file, and an append-only anchor for each --user.",
            discussion: "Example: sudo blastwall trust init --user dev --approver alice=8Qm…=")

        @Option(
            name: .long,
            help: ArgumentHelp("A user whose agent Blastwall guards: gets an append-only audit anchor (repeatable).", valueName: "name"))
        var user: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "An approver's public key to list at once, as PRINCIPAL=BASE64 (repeatable); each fingerprint is shown and asked about.",
                valueName: "principal=key"))
        var approver: [String] = []

        @Flag(name: .long, help: "Do not ask for confirmation of the approvers' fingerprints.")
        var yes = false

        func run() throws {
            let workspace = Workspace()
            let directory = workspace.trustDirectory
            guard geteuid() == 0 else {
                throw fail("the trust root must be owned by root: run `sudo blastwall trust init`")
            }
            try SystemIO.createDirectories(directory + "/anchors")
            for path in [directory, directory + "/anchors"] {
                guard chown(path, 0, 0) == 0, chmod(path, 0o755) == 0 else { throw fail("cannot secure \(path): \(SystemIO.errorText())") }
            }
            let approvers = directory + "/" + TrustRoot.approversFile
            if !SystemIO.fileExists(approvers) {
                try SystemIO.writeFileAtomically(approvers, Array(TrustRoot.emptyFile.utf8), mode: 0o644)
            }
            SystemIO.writeStandardOutput("Trust root \(directory): approvers in \(approvers)\n")
            for name in user {
                guard let entry = getpwnam(name) else { throw fail("no user '\(name)' on this machine") }
                // Append-only (chattr +a): its user can add checkpoints and policy approvals but
                // never rewrite, truncate or delete the ones there, and only root can lift the flag.
                for (file, what) in [("\(name).checkpoints", "Anchor"), ("\(name).policy-approvals", "Policy approvals")] {
                    let path = directory + "/anchors/" + file
                    let appendOnly = try AppendOnly.create(path, owner: entry.pointee.pw_uid, group: entry.pointee.pw_gid, user: name)
                    SystemIO.writeStandardOutput(
                        "\(what) for \(name): \(path)"
                            + (appendOnly
                                ? " (append-only)\n"
                                : " — WARNING: this file system refused the append-only flag; \(name) can rewrite it\n"))
                }
            }
            for entry in approver {
                guard let equals = entry.firstIndex(of: "=") else { throw fail("--approver takes PRINCIPAL=BASE64, got '\(entry)'") }
                try AddApprover.add(
                    principal: String(entry[..<equals]), publicKey: String(entry[entry.index(after: equals)...]), confirmed: yes)
            }
            if approver.isEmpty {
                SystemIO.writeStandardOutput(
                    "Add approvers with `sudo blastwall trust add-approver --principal NAME --public-key BASE64`.\n")
            }
        }
    }

    struct AddApprover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-approver",
            abstract: "Add a person's public key to the trust root: shows its fingerprint and asks on the terminal.",
            discussion: """
                The key is made by its owner, on their account or machine: `blastwall keys create
                --principal alice --no-enroll` prints the public key to pass here. Compare the
                fingerprint shown with the one its owner reads out to you.
                Example: sudo blastwall trust add-approver --principal alice --public-key 8Qm…=
                """)

        @Option(name: .long, help: "The key's owner: one person.")
        var principal: String

        @Option(name: .long, help: ArgumentHelp("The public key, base64, as `keys create --no-enroll` printed it.", valueName: "base64"))
        var publicKey: String

        @Flag(name: .long, help: "Do not ask for confirmation on the terminal.")
        var yes = false

        func run() throws { try Self.add(principal: principal, publicKey: publicKey, confirmed: yes) }

        static func add(principal: String, publicKey: String, confirmed yes: Bool) throws {
            guard let bytes = Base64.decode(publicKey), bytes.count == 32 else { throw fail("--public-key must be 32 bytes of base64") }
            let name: String
            do { name = try PrincipalName.canonical(principal) } catch { throw fail(error.message) }
            let workspace = Workspace()
            let root = try workspace.trustRoot()
            let key = ApproverKey(publicKey: bytes, principal: name)
            if let clash = root.keys.keys.first(where: {
                $0.revoked == nil && PrincipalName.skeleton($0.principal) == PrincipalName.skeleton(name) && $0.principal != name
            }) {
                throw fail("'\(name)' looks the same as the approver '\(clash.principal)' already listed: use that name, or another")
            }
            if root.keys.keys.contains(where: { $0.keyID == key.keyID }) {
                throw fail("key \(key.keyID) is already in \(root.keys.source)")
            }
            let path = root.directory + "/" + TrustRoot.approversFile
            SystemIO.writeStandardOutput(
                "Adding \(name)'s key \(key.keyID) to \(path)\n  fingerprint SHA256:\(Base64.encode(Sodium.sha256(bytes)))\n")
            if !yes && !Passphrase.confirm("Is this the fingerprint \(name) gave you? [y/N] ") {
                throw fail("not added (answer y on a terminal, or pass --yes)")
            }
            try TrustFile.update(path, system: root.isSystem) { TrustRoot.adding(key, to: $0, now: UTCTime.now()) }
            SystemIO.writeStandardOutput("Added \(key.keyID) for \(name).\n")
        }
    }

    struct RemoveApprover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-approver", abstract: "Revoke a key in the trust root: grants it signed stop working at once.")

        @ArgumentParser.Argument(help: "The key id (k_…).")
        var keyID: String

        func run() throws {
            try Enrollment.revoke(keyID, in: try Workspace().trustRoot())
            SystemIO.writeStandardOutput("Revoked \(keyID).\n")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where approver keys are read from, how strong that is, and the keys.")

        @Option(name: .long, help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let workspace = Workspace()
            let root = try workspace.trustRoot()
            switch format {
            case .json:
                SystemIO.writeStandardOutput(
                    JSON.object([
                        ("directory", .string(root.directory)), ("source", .string(root.keys.source)), ("strong", .bool(root.isStrong)),
                        ("weakness", root.weakness.map(JSON.string) ?? .null),
                        ("anchor", .string(workspace.anchorPath)),
                        (
                            "keys",
                            .array(
                                root.keys.keys.map { key in
                                    .object([
                                        ("key_id", .string(key.keyID)), ("principal", .string(key.principal)),
                                        ("public_key", .string(Base64.encode(key.publicKey))), ("revoked", .bool(key.revoked != nil)),
                                    ])
                                })
                        ),
                    ]).serialized() + "\n")
            case .text:
                var text = "Approver keys: \(root.keys.source)\n"
                text +=
                    root.isStrong
                    ? "Strength: strong — this user cannot change them\n"
                    : "Strength: WEAK — \(root.weakness ?? "")\n  To make it strong: \(TrustRoot.strengthenAdvice)\n"
                text += "Audit anchor: \(workspace.anchorPath)\n"
                if root.keys.keys.isEmpty { text += "No approver keys yet.\n" }
                for key in root.keys.keys {
                    text += "  \(key.keyID)  \(key.principal)\(key.revoked != nil ? "  REVOKED" : "")\n"
                }
                SystemIO.writeStandardOutput(text)
            }
        }
    }
}

/// Changes to an approvers file: read, change, write atomically, under a lock; the system one
/// stays root's, mode 0644.
enum TrustFile {
    static func update(_ path: String, system: Bool, _ change: (String?) -> String) throws {
        if system && geteuid() != 0 {
            throw fail("\(path) is the trust root: change it as root (`sudo blastwall trust …`)")
        }
        try SystemIO.createDirectories(SystemIO.parentDirectory(path))
        try SystemIO.withLock(path + ".lock") { () throws -> Void in
            let text = try SystemIO.readText(path, limit: 4 << 20)
            let updated = change(text)
            _ = try TrustRoot.parseApprovers(updated, path: path)
            try SystemIO.writeFileAtomically(path, Array(updated.utf8), mode: system ? 0o644 : 0o600)
        }
    }
}

/// A file its user may only append to.
enum AppendOnly {
    /// Creates (or keeps) `path`, gives it to the user, marks it append-only; false when the file
    /// system refuses the flag.
    static func create(_ path: String, owner: uid_t, group: gid_t, user: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw fail("cannot create \(path): \(SystemIO.errorText())") }
        defer { close(descriptor) }
        guard fchown(descriptor, owner, group) == 0 else { throw fail("cannot give \(path) to \(user): \(SystemIO.errorText())") }
        return SystemIO.setAppendOnly(descriptor)
    }
}

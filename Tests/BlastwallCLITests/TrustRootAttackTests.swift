import Foundation
import Testing

/// The attacks of issue 13, each run from the agent's position: a real unprivileged user
/// (`nobody`, through `setpriv`) in a throw-away home, with real `blastwall`, `sqlite3` and `ln`
/// processes, against a trust root owned by root. Each must be refused with a named reason and a
/// record, or — for the log — caught by `audit verify`.
@Suite(.serialized) struct TrustRootAttackTests {
    static let agentUID = 65534

    /// A home owned by the agent's user, a trust root owned by root listing alice's key, and an
    /// append-only audit anchor for the agent.
    struct Machine {
        let cli: CLI
        let trust: String
        let staging: String
        let production: String
        let alicePassphrase: String
        let aliceKey: String
        let agentName: String

        var environment: [String: String] { ["BLASTWALL_TRUST": trust] }

        /// The binary, copied where the agent's user can run it: the build folder may sit under a
        /// directory only root can enter (a clone in `mktemp -d`).
        static let agentBinary: String = {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-bin-\(UUID().uuidString)").path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o755)
            let copy = directory + "/blastwall"
            try? FileManager.default.copyItem(atPath: CLI.binary.path, toPath: copy)
            chmod(copy, 0o755)
            return copy
        }()

        init(selfApproval: String? = nil) throws {
            guard geteuid() == 0 else {
                Issue.record("these tests run the agent as another user and need root (setpriv); run the suite as root")
                throw CancellationError()
            }
            cli = try CLI()
            agentName = String(cString: getpwuid(uid_t(TrustRootAttackTests.agentUID)).pointee.pw_name)
            trust = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-trust-\(UUID().uuidString)").path
            staging = cli.home.appendingPathComponent("infra/envs/staging").path
            production = cli.home.appendingPathComponent("infra/envs/production").path
            for path in [staging, production] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
            // Alice's key lives outside the agent's home, sealed; the test plays alice.
            let approverHome = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-alice-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: approverHome, withIntermediateDirectories: true)
            alicePassphrase = approverHome.appendingPathComponent("alice.pass").path
            aliceKey = approverHome.appendingPathComponent("alice.key").path
            try "correct horse battery staple\n".write(toFile: alicePassphrase, atomically: true, encoding: .utf8)
            let created = try cli.run([
                "keys", "create", "--principal", "alice", "--passphrase-file", alicePassphrase, "--out", aliceKey, "--no-enroll",
            ])
            #expect(created.status == 0, "\(created.standardError)")
            let publicKey = try #require(
                created.standardOutput.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
            // One command sets up the trust root, with alice's key in it.
            let initialised = try cli.run(
                ["trust", "init", "--user", agentName, "--approver", "alice=\(publicKey)", "--yes"], environment: ["BLASTWALL_TRUST": trust]
            )
            #expect(initialised.status == 0, "\(initialised.standardError)")
            #expect(initialised.standardOutput.contains("append-only"), "\(initialised.standardOutput)")
            #expect(initialised.standardOutput.contains("fingerprint SHA256:"))
            if let selfApproval {
                try "version: 1\napprovals:\n  self: \(selfApproval)\n".write(
                    toFile: trust + "/policy.yaml", atomically: true, encoding: .utf8)
            }
            // Alice's files are readable by the agent's user only where a test says so.
            for path in [aliceKey, alicePassphrase] { chmod(path, 0o644) }
            try Self.chown(cli.home.path, to: TrustRootAttackTests.agentUID)
        }

        static func chown(_ path: String, to uid: Int) throws {
            let result = try Self.shell("chown -R \(uid):\(uid) '\(path)'")
            #expect(result.status == 0)
        }

        static func shell(_ script: String) throws -> CLI.Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLI.Result(status: process.terminationStatus, standardOutput: String(decoding: data, as: UTF8.self), standardError: "")
        }

        /// Runs `blastwall` as the agent's user.
        @discardableResult
        func agent(_ arguments: [String], input: Data? = nil, cwd: String? = nil, extra: [String: String] = [:]) throws -> CLI.Result {
            try cli.run(
                [
                    "--reuid=\(TrustRootAttackTests.agentUID)", "--regid=\(TrustRootAttackTests.agentUID)", "--clear-groups",
                    Machine.agentBinary,
                ]
                    + arguments, input: input, cwd: cwd.map { URL(fileURLWithPath: $0) }, environment: environment.merging(extra) { $1 },
                executable: "/usr/bin/setpriv")
        }

        /// Runs a shell script as the agent's user: what the agent does when the hook is not asked.
        @discardableResult
        func agentShell(_ script: String, cwd: String? = nil) throws -> CLI.Result {
            try cli.run(
                [
                    "--reuid=\(TrustRootAttackTests.agentUID)", "--regid=\(TrustRootAttackTests.agentUID)", "--clear-groups", "/bin/bash",
                    "-c", script,
                ],
                cwd: cwd.map { URL(fileURLWithPath: $0) }, environment: environment, executable: "/usr/bin/setpriv")
        }

        func hook(_ command: String, cwd: String) throws -> CLI.Result {
            try agent(["hook", "codex"], input: ApprovalFlowTests.hookInput(command, cwd: cwd), cwd: cwd)
        }

        var store: String { cli.stateDirectory.appendingPathComponent("store.sqlite").path }

        /// A production policy, so `terraform destroy` in the production directory is a deny.
        func declareEnvironments() throws {
            let text = """
                version: 1
                environments:
                  production:
                    tier: production
                    match:
                      directories: ["*/envs/production*"]
                  staging:
                    tier: staging
                    match:
                      directories: ["*/envs/staging*"]
                """
            try text.write(toFile: trust + "/policy.yaml", atomically: true, encoding: .utf8)
        }

        func cleanUp() {
            _ = try? Self.shell("chattr -a '\(trust)'/anchors/* 2>/dev/null; rm -rf '\(trust)' '\(cli.home.path)'")
        }
    }

    static func requestID(_ text: String) -> String? { ApprovalFlowTests.requestID(in: text) }

    // MARK: - 1, 2: the store's tables are not a trust root

    @Test func aKeyAndGrantWrittenIntoTheStoreGrantNothing() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let denied = try machine.hook(destroy, cwd: machine.production)
        #expect(denied.status == 2)
        let id = try #require(Self.requestID(denied.standardOutput))
        // The hook refuses the store write itself, as guard-tamper.
        let insert = try machine.hook(
            "sqlite3 \(machine.store) \"INSERT INTO keys VALUES ('k_x', 'mallory', x'00', 0, NULL)\"", cwd: machine.production)
        #expect(insert.status == 2, "\(insert.standardOutput)")
        #expect(insert.standardOutput.contains("guard-tamper") || insert.standardOutput.contains("Blastwall"), "\(insert.standardOutput)")
        // Done anyway: the agent makes its own key, points a blastwall of its own at a trust root
        // it controls, and approves its request as "mallory" — the grant lands in the store.
        let forged = try machine.agentShell(
            """
            set -e
            mkdir -p "$HOME/fake"
            export BLASTWALL_TRUST="$HOME/fake"
            \(Machine.agentBinary) keys create --principal mallory --no-passphrase --out "$HOME/mallory.key"
            \(Machine.agentBinary) approve \(id) --key "$HOME/mallory.key" --yes
            """)
        #expect(forged.status == 0, "the forgery itself should run: \(forged.standardOutput) \(forged.standardError)")
        #expect(forged.standardOutput.contains("Granted grant_"), "\(forged.standardOutput)")
        // The real hook verifies against the root-owned trust root only.
        let retried = try machine.hook(destroy, cwd: machine.production)
        #expect(retried.status == 2)
        #expect(retried.standardOutput.contains("not enrolled here"), "\(retried.standardOutput)")
        // A used or revoked grant made active again in the row is still used or revoked: the log says so.
        let alice = try machine.agent(
            ["approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
        #expect(alice.status != 0, "a second approval of an approved request: \(alice.standardOutput)")
        let refusals = try machine.agent(["audit", "show", "--format", "json"])
        #expect(refusals.standardOutput.contains("\"type\":\"verdict\""))
    }

    @Test func aUsedGrantMadeActiveAgainInTheStoreStaysUsed() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        let approved = try machine.agent(
            ["approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
        #expect(approved.status == 0, "\(approved.standardError)")
        // A dry run shows the grant without using it up.
        let dryRun = try machine.agent(["check", "--command", destroy, "--cwd", machine.staging, "--format", "json"])
        #expect(dryRun.standardOutput.contains("dry run"), "\(dryRun.standardOutput)")
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 0)
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 2)
        // Un-use and un-revoke through the store's rows.
        let reset = try machine.agentShell("sqlite3 '\(machine.store)' \"UPDATE grants SET status = 'active', used = NULL\"")
        #expect(reset.status == 0, "\(reset.standardOutput)")
        let again = try machine.hook(destroy, cwd: machine.staging)
        #expect(again.status == 2)
        #expect(again.standardOutput.contains("already used (audit log)"), "\(again.standardOutput)")
    }

    @Test func deletingTheLogsTailIsCaughtAgainstTheAppendOnlyAnchor() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        _ = try machine.hook("terraform destroy -auto-approve", cwd: machine.production)
        for _ in 0..<3 { _ = try machine.hook("ls", cwd: machine.staging) }
        // The anchor cannot be rewritten, even by its owner.
        let truncate = try machine.agentShell(": > '\(machine.trust)/anchors/\(machine.agentName).checkpoints'")
        #expect(truncate.status != 0, "the append-only anchor was truncated: \(truncate.standardOutput)")
        // The agent deletes the records of its request and resets the tree head to match.
        let rewrite = try machine.agentShell(
            "sqlite3 '\(machine.store)' \"DELETE FROM audit WHERE seq > 1; DELETE FROM checkpoints WHERE size > 1;\"")
        #expect(rewrite.status == 0, "\(rewrite.standardOutput)")
        let verify = try machine.agent(["audit", "verify"])
        #expect(verify.status != 0, "\(verify.standardOutput)")
        // The hook refuses the rolled-back store before trusting it with anything a grant could
        // lift (an allowed `ls` trusts nothing in it, and its record is caught by verify).
        let hook = try machine.hook("terraform destroy -auto-approve", cwd: machine.staging)
        #expect(hook.status == 2)
        #expect(hook.standardOutput.contains("rolled back"), "\(hook.standardOutput)")
    }

    @Test func allowedVerdictsRolledBackWithABackupAreCaught() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        _ = try machine.hook("ls", cwd: machine.staging)
        #expect(try machine.agentShell("sqlite3 '\(machine.store)' \".backup $HOME/snap\"").status == 0)
        // Allowed verdicts the agent would rather nobody saw…
        for command in ["git status", "ls -la"] { #expect(try machine.hook(command, cwd: machine.staging).status == 0) }
        // …taken back by restoring the backup.
        #expect(try machine.agentShell("sqlite3 '\(machine.store)' \".restore $HOME/snap\"").status == 0)
        let verify = try machine.agent(["audit", "verify"])
        #expect(verify.status != 0, "\(verify.standardOutput)")
    }

    // MARK: - 3, 9: what the approver reads

    @Test func aRequestRewrittenBeforeApprovalIsRefusedAndOutputIsEscaped() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let id = try #require(Self.requestID(try machine.hook("terraform destroy -auto-approve", cwd: machine.staging).standardOutput))
        let rewrite = try machine.agentShell(
            "sqlite3 '\(machine.store)' \"UPDATE requests SET action = 'terraform plan', summary = 'harmless' WHERE id = '\(id)'\"")
        #expect(rewrite.status == 0)
        let listed = try machine.agent(["requests"])
        #expect(!listed.standardOutput.contains("terraform plan"), "\(listed.standardOutput)")
        #expect(listed.standardError.contains("changed after it was filed"), "\(listed.standardError)")
        let approve = try machine.agent(
            ["approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
        #expect(approve.status != 0)
        #expect(approve.standardError.contains("tampered"), "\(approve.standardError)")

        // A command with a carriage return and an ANSI sequence cannot repaint the approver's screen.
        let sneaky = "terraform destroy -auto-approve #\r\u{1B}[2K\u{1B}[1Aterraform plan"
        let filed = try machine.agent(
            ["request", "--command", sneaky, "--cwd", machine.staging, "--reason", "cleanup\r\u{1B}[31m"], cwd: machine.staging)
        #expect(Self.requestID(filed.standardOutput + filed.standardError) != nil, "\(filed.standardOutput)")
        let shown = try machine.agent(["requests"])
        #expect(!shown.standardOutput.contains("\u{1B}"))
        #expect(!shown.standardOutput.contains("\r"))
        #expect(shown.standardOutput.contains("\\u{1b}[2K"), "\(shown.standardOutput)")
    }

    // MARK: - 4: a policy change is an action

    @Test func aLoosenedUserPolicyDeniesUntilAnotherPersonApprovesIt() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let loosening = """
            version: 1
            rules:
              - id: let-it-go
                decision: allow
                effect: destroy
                environment: production
            """
        let written = try machine.agentShell(
            "mkdir -p ~/.config/blastwall && printf '%s\\n' '\(loosening.replacingOccurrences(of: "'", with: "'\\''"))' > ~/.config/blastwall/policy.yaml"
        )
        #expect(written.status == 0, "\(written.standardOutput)")
        let denied = try machine.hook(destroy, cwd: machine.production)
        #expect(denied.status == 2)
        #expect(denied.standardOutput.contains("no second person approved it"), "\(denied.standardOutput)")
        let doctor = try machine.agent(["doctor"])
        #expect(doctor.standardOutput.contains("is not approved"), "\(doctor.standardOutput)")
        // The agent's own signature, with a key it made, is not an approval.
        let own = try machine.agentShell(
            """
            BLASTWALL_TRUST="$HOME/nowhere" \(Machine.agentBinary) keys create --principal mallory --no-passphrase --out "$HOME/m.key" >/dev/null
            \(Machine.agentBinary) policy approve --key "$HOME/m.key" --yes
            """)
        #expect(own.status != 0)
        #expect(
            own.standardOutput.contains("unknown-key") || own.standardError.contains("unknown-key"),
            "\(own.standardOutput)\(own.standardError)")
        #expect(try machine.hook(destroy, cwd: machine.production).status == 2)
        // Alice approves the layer: now it counts.
        let approved = try machine.agent(
            ["policy", "approve", "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
        #expect(approved.status == 0, "\(approved.standardError)")
        #expect(approved.standardOutput.contains("let-it-go"))
        #expect(try machine.hook(destroy, cwd: machine.production).status == 0)
        // Changed again: denied again until approved again; tightening counts at once.
        let tightened = try machine.agentShell(
            "printf 'version: 1\\nrules:\\n  - id: no-ls\\n    decision: deny\\n    rule: \"*\"\\n    environment: staging\\n' > ~/.config/blastwall/policy.yaml"
        )
        #expect(tightened.status == 0)
        #expect(try machine.hook(destroy, cwd: machine.production).status == 2)
        let stricter = try machine.hook("terraform apply -auto-approve", cwd: machine.staging)
        #expect(stricter.status == 2, "\(stricter.standardOutput)")
        #expect(stricter.standardOutput.contains("no-ls"), "\(stricter.standardOutput)")
    }

    @Test func anEnvironmentDeclaredByAnUnapprovedLayerCannotMakeATargetGentler() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        let live = machine.cli.home.appendingPathComponent("infra/blue").path
        #expect(try machine.agentShell("mkdir -p '\(live)'").status == 0)
        let destroy = "terraform destroy -auto-approve"
        let before = try machine.agent(["check", "--command", destroy, "--cwd", live, "--format", "json"])
        let strict = try machine.cli.json(before.standardOutput)["decision"] as? String
        #expect(strict != "allow", "\(before.standardOutput)")
        let gentler = try machine.agentShell(
            "mkdir -p ~/.config/blastwall && printf 'version: 1\\nenvironments:\\n  sandbox:\\n    tier: development\\n    match:\\n      directories: [\"**/infra/blue\"]\\n' > ~/.config/blastwall/policy.yaml"
        )
        #expect(gentler.status == 0, "\(gentler.standardOutput)")
        let held = try machine.agent(["check", "--command", destroy, "--cwd", live, "--format", "json"])
        let verdict = try machine.cli.json(held.standardOutput)
        #expect(verdict["decision"] as? String == "deny", "\(held.standardOutput)")
        #expect(held.standardOutput.contains("no second person approved it"), "\(held.standardOutput)")
    }

    // MARK: - 5: look-alike principals

    @Test func lookAlikePrincipalsAreOnePersonOrRefused() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.home) }
        let me = String(cString: getpwuid(getuid()).pointee.pw_name)
        let staging = cli.home.appendingPathComponent("staging").path
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let id = try #require(
            Self.requestID(
                try cli.run(["hook", "codex"], input: ApprovalFlowTests.hookInput("terraform destroy", cwd: staging)).standardOutput))
        let fullwidth = String(me.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
        let zeroWidth = String(me.prefix(1)) + "\u{200B}" + me.dropFirst()
        for (index, name) in [fullwidth, zeroWidth, me.uppercased()].enumerated() {
            let key = cli.home.appendingPathComponent("k\(index).key").path
            let created = try cli.run(["keys", "create", "--principal", name, "--no-passphrase", "--out", key])
            #expect(created.status == 0, "\(created.standardError)")
            #expect(created.standardOutput.contains("for \(me)"), "\(name) is \(me): \(created.standardOutput)")
            let attempt = try cli.run(["approve", id, "--key", key, "--yes"])
            #expect(attempt.status != 0)
            #expect(attempt.standardError.contains("self-approval"), "\(attempt.standardError)")
        }
        // A name with no ASCII form is refused, not guessed at (Cyrillic о).
        let cyrillic = try cli.run([
            "keys", "create", "--principal", "r\u{043E}\u{043E}t", "--no-passphrase", "--out", cli.home.path + "/c.key",
        ])
        #expect(cyrillic.status != 0)
        #expect(cyrillic.standardError.contains("U+043E"), "\(cyrillic.standardError)")
        let refusals = try cli.run(["audit", "show", "--type", "refusal", "--format", "json"])
        #expect(refusals.standardOutput.components(separatedBy: "self-approval").count > 3)
    }

    // MARK: - 6: scopes and digests bind where the action lands

    @Test func aScopedDirectoryGrantDoesNotFollowCdOrSymlinksAndWorkspacesBindTheDigest() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        let approved = try machine.agent([
            "approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes", "--scoped", "--env", "staging",
            "--class", "destroy", "--dir", machine.staging, "--minutes", "30",
        ])
        #expect(approved.status == 0, "\(approved.standardError)")
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 0)
        let escaped = try machine.hook("cd ../production && \(destroy)", cwd: machine.staging)
        #expect(escaped.status == 2, "\(escaped.standardOutput)")
        #expect(escaped.standardOutput.contains("production"), "\(escaped.standardOutput)")
        // A link inside staging that leads to production.
        let link = machine.staging + "/prod-link"
        #expect(try machine.agentShell("ln -s '\(machine.production)' '\(link)'").status == 0)
        let linked = try machine.hook(destroy, cwd: link)
        #expect(linked.status == 2, "\(linked.standardOutput)")

        // An exact grant approved in one Terraform workspace does not carry over to another.
        let workspaceDirectory = machine.production + "/ws"
        #expect(
            try machine.agentShell(
                "mkdir -p '\(workspaceDirectory)/.terraform' && echo blue > '\(workspaceDirectory)/.terraform/environment'"
            ).status == 0)
        let apply = "terraform apply -auto-approve"
        let request = try #require(Self.requestID(try machine.hook(apply, cwd: workspaceDirectory).standardOutput))
        let exact = try machine.agent(
            ["approve", request, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
        #expect(exact.status == 0, "\(exact.standardError)")
        #expect(try machine.agentShell("echo green > '\(workspaceDirectory)/.terraform/environment'").status == 0)
        let other = try machine.hook(apply, cwd: workspaceDirectory)
        #expect(other.status == 2, "\(other.standardOutput)")
        #expect(try machine.agentShell("echo blue > '\(workspaceDirectory)/.terraform/environment'").status == 0)
        #expect(try machine.hook(apply, cwd: workspaceDirectory).status == 0)
    }

    // MARK: - 7: the store cannot be swapped

    @Test func aSwappedStateDirectoryIsRefused() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        // A request is anchored at once in the append-only anchor.
        _ = try machine.hook("terraform destroy -auto-approve", cwd: machine.staging)
        let state = machine.cli.stateDirectory.path
        let swapped = try machine.agentShell(
            "mkdir -p ~/prepared && mv '\(state)' ~/real-state && ln -s ~/prepared '\(state)'")
        #expect(swapped.status == 0, "\(swapped.standardOutput)")
        let hook = try machine.hook("ls", cwd: machine.staging)
        #expect(hook.status == 2, "\(hook.standardOutput)")
        #expect(hook.standardOutput.contains("symbolic link"), "\(hook.standardOutput)")
        // A fresh store prepared in place of the real one does not match the anchor.
        let fresh = try machine.agentShell(
            "rm '\(state)' && mkdir '\(state)' && BLASTWALL_ANCHOR=~/other \(Machine.agentBinary) check --command ls >/dev/null; true")
        #expect(fresh.status == 0)
        let replaced = try machine.hook("terraform destroy -auto-approve", cwd: machine.staging)
        #expect(replaced.status == 2, "\(replaced.standardOutput)")
        #expect(replaced.standardOutput.contains("replaced"), "\(replaced.standardOutput)")
    }

    // MARK: - 8: sudo for one person

    @Test func selfApprovalNeedsThePolicyAndATerminal() throws {
        let machine = try Machine(selfApproval: "[staging]")
        defer { machine.cleanUp() }
        try
            "version: 1\napprovals:\n  self: [staging]\nenvironments:\n  staging:\n    tier: staging\n    match:\n      directories: [\"*/envs/staging*\"]\n  production:\n    tier: production\n    match:\n      directories: [\"*/envs/production*\"]\n"
            .write(toFile: machine.trust + "/policy.yaml", atomically: true, encoding: .utf8)
        // The agent's user has its own sealed key in the trust root.
        let ownKey = machine.cli.home.appendingPathComponent("own.key").path
        let passphrase = machine.cli.home.appendingPathComponent("own.pass").path
        #expect(try machine.agentShell("printf 'my own passphrase\\n' > '\(passphrase)'").status == 0)
        let created = try machine.agent([
            "keys", "create", "--principal", machine.agentName, "--passphrase-file", passphrase, "--out", ownKey,
        ])
        #expect(created.status == 0, "\(created.standardError)")
        let publicKey = try #require(
            created.standardOutput.components(separatedBy: "--public-key ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(
            try machine.cli.run(
                ["trust", "add-approver", "--principal", machine.agentName, "--public-key", publicKey, "--yes"],
                environment: machine.environment
            ).status == 0)
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        // From a file (what an agent could do): refused.
        let fromFile = try machine.agent(["approve", id, "--key", ownKey, "--passphrase-file", passphrase, "--yes"])
        #expect(fromFile.status != 0)
        #expect(fromFile.standardError.contains("typed at your terminal"), "\(fromFile.standardError)")
        // Typed at a terminal (script gives it one): a recorded self-approval.
        let typed = try machine.agentShell(
            "printf 'my own passphrase\\n' | script -qec '\(Machine.agentBinary) approve \(id) --key \(ownKey) --yes' /dev/null")
        #expect(typed.standardOutput.contains("Granted grant_"), "\(typed.standardOutput)")
        let approvals = try machine.agent(["audit", "show", "--type", "approval", "--format", "json"])
        #expect(approvals.standardOutput.contains("\"self_approval\":true"), "\(approvals.standardOutput)")
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 0)
        // Production keeps the two-person rule.
        let production = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.production).standardOutput))
        let refused = try machine.agentShell(
            "printf 'my own passphrase\\n' | script -qec '\(Machine.agentBinary) approve \(production) --key \(ownKey) --yes' /dev/null")
        #expect(refused.standardOutput.contains("self-approval"), "\(refused.standardOutput)")
        #expect(!refused.standardOutput.contains("Granted"))
    }

    // MARK: - found by a second attacker

    @Test func aLayerThatRenamesWhereACommandLandsCannotBorrowAGrantForThatName() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        let approved = try machine.agent([
            "approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes", "--scoped", "--env", "staging",
            "--class", "destroy", "--minutes", "30",
        ])
        #expect(approved.status == 0, "\(approved.standardError)")
        // "Tightening": staging redeclared as production-tier, matched by a variable the agent sets.
        let renamed = try machine.agentShell(
            "mkdir -p ~/.config/blastwall && printf 'version: 1\\nenvironments:\\n  staging:\\n    tier: production\\n    match:\\n      gcp_projects: [evil]\\n' > ~/.config/blastwall/policy.yaml"
        )
        #expect(renamed.status == 0)
        let borrowed = try machine.hook("CLOUDSDK_CORE_PROJECT=evil \(destroy)", cwd: machine.production)
        #expect(borrowed.status == 2, "\(borrowed.standardOutput)")
        #expect(borrowed.standardOutput.contains("environment production"), "\(borrowed.standardOutput)")
    }

    @Test func aScopedDirectoryGrantDoesNotReachStateOrLinksNamedElsewhere() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        let approved = try machine.agent([
            "approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes", "--scoped", "--env", "staging",
            "--class", "destroy", "--dir", machine.staging, "--minutes", "30",
        ])
        #expect(approved.status == 0, "\(approved.standardError)")
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 0)
        for escape in [
            "\(destroy) -state=../production/terraform.tfstate", "ln -sfn ../production p && cd p && \(destroy)",
            "ln -sfn ../production p && terraform -chdir=p destroy -auto-approve",
            "echo ../production | xargs -I{} terraform -chdir={} destroy -auto-approve",
            "TF_DATA_DIR=../production/.terraform \(destroy)",
        ] {
            let result = try machine.hook(escape, cwd: machine.staging)
            #expect(result.status == 2, "\(escape): \(result.standardOutput)")
        }
    }

    @Test func relabellingTheLogsRecordsHidesNoUseOrRevocation() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let id = try #require(Self.requestID(try machine.hook(destroy, cwd: machine.staging).standardOutput))
        #expect(
            try machine.agent(["approve", id, "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"]).status == 0
        )
        #expect(try machine.hook(destroy, cwd: machine.staging).status == 0)
        let relabel = try machine.agentShell(
            "sqlite3 '\(machine.store)' \"UPDATE audit SET type = 'verdict' WHERE type IN ('grant-use', 'revocation'); UPDATE grants SET status = 'active', used = NULL\""
        )
        #expect(relabel.status == 0, "\(relabel.standardOutput)")
        let again = try machine.hook(destroy, cwd: machine.staging)
        #expect(again.status == 2, "\(again.standardOutput)")
        #expect(again.standardOutput.contains("already used (audit log)"), "\(again.standardOutput)")
        let verify = try machine.agent(["audit", "verify"])
        #expect(verify.status != 0)
        #expect(verify.standardOutput.contains("relabelled"), "\(verify.standardOutput)")
    }

    @Test func onlyTheTextLastApprovedForALayerCounts() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let destroy = "terraform destroy -auto-approve"
        let loose = "version: 1\\nrules:\\n  - id: let-it-go\\n    decision: allow\\n    effect: destroy\\n    environment: production\\n"
        let tight = "version: 1\\nrules:\\n  - id: no-git\\n    decision: deny\\n    tool: git\\n"
        func write(_ text: String) throws {
            #expect(
                try machine.agentShell("mkdir -p ~/.config/blastwall && printf '\(text)' > ~/.config/blastwall/policy.yaml").status == 0)
        }
        func approve() throws {
            let result = try machine.agent(
                ["policy", "approve", "--key", machine.aliceKey, "--passphrase-file", machine.alicePassphrase, "--yes"])
            #expect(result.status == 0, "\(result.standardError)")
        }
        try write(loose)
        try approve()
        #expect(try machine.hook(destroy, cwd: machine.production).status == 0)
        try write(tight)
        try approve()
        // The loose text, approved once, restored after the tight one was approved: no longer counts.
        try write(loose)
        let restored = try machine.hook(destroy, cwd: machine.production)
        #expect(restored.status == 2, "\(restored.standardOutput)")
        // The approvals sit in an append-only file of the trust root: no line can be taken back.
        let path = "\(machine.trust)/anchors/\(machine.agentName).policy-approvals"
        #expect(try machine.agentShell("test -s '\(path)' && sed -i '$d' '\(path)'").status != 0)
    }

    @Test func aScriptFileRunsWhatItSays() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let written = try machine.agentShell(
            "printf 'terraform destroy -auto-approve\\n' > d.sh && printf \"sqlite3 \(machine.store) 'DELETE FROM audit'\\n\" > s.sh && chmod +x d.sh",
            cwd: machine.production)
        #expect(written.status == 0, "\(written.standardOutput)")
        for command in ["bash d.sh", "./d.sh", "source d.sh", "sh ./d.sh"] {
            let result = try machine.hook(command, cwd: machine.production)
            #expect(result.status == 2, "\(command): \(result.standardOutput)")
            #expect(result.standardOutput.contains("terraform.destroy"), "\(command): \(result.standardOutput)")
        }
        let tamper = try machine.hook("bash s.sh", cwd: machine.production)
        #expect(tamper.status == 2, "\(tamper.standardOutput)")
    }

    // MARK: - 8: every tool that writes a protected path

    @Test func toolsThatWriteProtectedPathsAreGuardTamperAndTimeWrappersAreTransparent() throws {
        let machine = try Machine()
        defer { machine.cleanUp() }
        try machine.declareEnvironments()
        let home = machine.cli.home.path
        let project = machine.staging
        #expect(
            try machine.agentShell(
                "mkdir -p ~/.config/blastwall '\(project)/.claude' && echo '{}' > '\(project)/.claude/settings.json' && cd '\(project)' && git init -q . && ln -s ~/.config /tmp/bw-c-\(getpid())"
            ).status == 0)
        defer { unlink("/tmp/bw-c-\(getpid())") }
        let config = "\(home)/.config/blastwall"
        let tamper = [
            "perl -pi -e 's/deny/allow/' \(config)/policy.yaml",
            "ruby -i -pe 'gsub(/deny/, \"allow\")' \(config)/policy.yaml",
            "vim -es -c '%d|x' \(config)/policy.yaml",
            "ex -sc '%d|x' \(config)/policy.yaml",
            "echo '{}' | sponge \(project)/.claude/settings.json",
            "tar -xf /tmp/a.tar -C \(config)",
            "unzip -o /tmp/a.zip -d \(project)/.claude",
            "cp --target-directory=\(config) /tmp/policy.yaml",
            "cd \(config) && sed -i 's/deny/allow/' policy.yaml",
            "git stash -u",
            "sqlite3 \(machine.store) 'DELETE FROM audit'",
        ]
        for command in tamper {
            let result = try machine.hook(command, cwd: project)
            #expect(result.status == 2, "\(command): \(result.standardOutput)")
            #expect(
                result.standardOutput.contains("guard") || result.standardOutput.contains("Blastwall's own"),
                "\(command): \(result.standardOutput)")
        }
        // An edit tool through a link to the config directory lands on the policy.
        let write =
            #"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/tmp/bw-c-\#(getpid())/blastwall/policy.yaml","content":"version: 1"},"cwd":"\#(project)"}"#
        let linked = try machine.agent(["hook", "claude-code"], input: Data(write.utf8), cwd: project)
        #expect(linked.standardOutput.contains("\"deny\""), "\(linked.standardOutput)")
        // Wrappers that only change time or terminal run the destroy they wrap: the same deny.
        let destroy = "terraform destroy -auto-approve"
        #expect(try machine.hook(destroy, cwd: machine.production).status == 2)
        for wrapped in [
            "faketime '2020-01-01' \(destroy)", "script -qc '\(destroy)' /dev/null", "expect -c 'spawn \(destroy); interact'",
            "tmux new-session -d '\(destroy)'",
        ] {
            let check = try machine.agent(["check", "--command", wrapped, "--cwd", machine.production, "--format", "json"])
            #expect(try machine.cli.json(check.standardOutput)["decision"] as? String == "deny", "\(wrapped): \(check.standardOutput)")
        }
        // Near misses stay quiet.
        for harmless in ["perl -pi -e 's/a/b/' notes.txt", "tar -xf /tmp/a.tar -C build", "git stash"] {
            let check = try machine.agent(["check", "--command", harmless, "--cwd", project, "--format", "json"])
            #expect(try machine.cli.json(check.standardOutput)["decision"] as? String == "allow", "\(harmless): \(check.standardOutput)")
        }
    }

    // MARK: - where no trust root exists

    @Test func withoutATrustRootEveryRequestSaysHowWeakApprovalsAre() throws {
        let cli = try CLI()
        defer { try? FileManager.default.removeItem(at: cli.home) }
        let missing = cli.home.appendingPathComponent("no-trust-root").path
        let staging = cli.home.path
        let denied = try cli.run(
            ["hook", "codex"], input: ApprovalFlowTests.hookInput("terraform destroy", cwd: staging),
            environment: ["BLASTWALL_TRUST": missing])
        #expect(denied.standardOutput.contains("only as strong as that user account"), "\(denied.standardOutput)")
        #expect(denied.standardOutput.contains("sudo blastwall trust init"))
        let doctor = try cli.run(["doctor"], environment: ["BLASTWALL_TRUST": missing])
        #expect(doctor.standardOutput.contains("approvals are weak"), "\(doctor.standardOutput)")
        // Root reaches every file: a trust root on this machine is weak for a root agent too.
        let rooted = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-rooted-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: rooted) }
        #expect(try cli.run(["trust", "init"], environment: ["BLASTWALL_TRUST": rooted]).status == 0)
        let shown = try cli.run(["trust", "show"], environment: ["BLASTWALL_TRUST": rooted])
        #expect(shown.standardOutput.contains("runs as root"), "\(shown.standardOutput)")
    }
}

import Foundation
import Testing

/// The two-person flow end to end, with real processes and a real SQLite file: an agent's hook
/// is denied and files a request, a second person approves it with their own key, and the
/// agent's retry is allowed there and nowhere else.
@Suite struct ApprovalFlowTests {
    static func hookInput(_ command: String, cwd: String) -> Data {
        let escaped = command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return Data(
            #"{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"\#(escaped)"},"cwd":"\#(cwd)"}"#
                .utf8)
    }

    /// A scratch home with alice's sealed approver key enrolled.
    static func withApprover() throws -> (cli: CLI, staging: String, production: String, passphrase: String) {
        let cli = try CLI()
        let staging = cli.home.appendingPathComponent("infra/envs/staging").path
        let production = cli.home.appendingPathComponent("infra/envs/production").path
        for path in [staging, production] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let passphrase = try cli.write("correct horse battery staple\n", to: "alice.pass").path
        let created = try cli.run(["keys", "create", "--principal", "alice", "--passphrase-file", passphrase])
        #expect(created.status == 0, "\(created.standardError)")
        return (cli, staging, production, passphrase)
    }

    static func requestID(in text: String) -> String? {
        guard let range = text.range(of: #"req_[a-z0-9]+"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    @Test func theIncidentDeniedRequestedApprovedInStagingStillDeniedInProduction() throws {
        let (cli, staging, production, passphrase) = try Self.withApprover()
        let destroy = "terraform destroy -auto-approve"
        let denied = try cli.run(["hook", "codex"], input: Self.hookInput(destroy, cwd: staging))
        #expect(denied.status == 2)
        let id = try #require(Self.requestID(in: denied.standardOutput))
        // The agent is told how a person approves, never handed anything it could use itself.
        #expect(denied.standardOutput.contains("blastwall approve \(id)"))
        #expect(!denied.standardOutput.contains("v4.public"))
        // Retrying does not flood the approvers with requests.
        let retried = try cli.run(["hook", "codex"], input: Self.hookInput(destroy, cwd: staging))
        #expect(Self.requestID(in: retried.standardOutput) == id)

        let pending = try cli.run(["requests"])
        #expect(pending.standardOutput.contains(destroy))
        #expect(pending.standardOutput.contains("staging"))

        // The approver sees exactly what will run, then signs a scoped grant for the directory.
        let approved = try cli.run([
            "approve", id, "--passphrase-file", passphrase, "--yes", "--scoped", "--env", "staging", "--class", "destroy", "--dir",
            staging, "--minutes", "30",
        ])
        #expect(approved.status == 0, "\(approved.standardError)")
        #expect(approved.standardOutput.contains(destroy))
        #expect(approved.standardOutput.contains("Granted grant_"))

        let allowed = try cli.run(["hook", "codex"], input: Self.hookInput(destroy, cwd: staging))
        #expect(allowed.status == 0)
        let inProduction = try cli.run(["hook", "codex"], input: Self.hookInput(destroy, cwd: production))
        #expect(inProduction.status == 2)
        #expect(inProduction.standardOutput.contains("production"))

        let check = try cli.run(["check", "--command", destroy, "--cwd", staging, "--format", "json"])
        let verdict = try cli.json(check.standardOutput)
        #expect(verdict["decision"] as? String == "allow")
        let grant = try #require(verdict["grant"] as? [String: Any])
        #expect(grant["approvers"] as? [String] == ["alice"])

        let grants = try cli.run(["audit", "show", "--type", "grant", "--format", "json"])
        #expect(grants.standardOutput.contains("\"approvers\":[\"alice\"]"))
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("anchored up to"))
    }

    @Test func theRequesterCannotApproveTheirOwnRequest() throws {
        let (cli, staging, _, _) = try Self.withApprover()
        // A key enrolled for the account the agent runs as is the requester's own key.
        let me = try #require(
            ProcessInfo.processInfo.environment["USER"] ?? (getpwuid(getuid())).map { String(cString: $0.pointee.pw_name) })
        let own = try cli.run([
            "keys", "create", "--principal", me.uppercased(), "--no-passphrase", "--out", cli.home.appendingPathComponent("own.key").path,
        ])
        #expect(own.status == 0)
        let denied = try cli.run(["hook", "codex"], input: Self.hookInput("terraform destroy", cwd: staging))
        let id = try #require(Self.requestID(in: denied.standardOutput))
        let attempt = try cli.run(["approve", id, "--key", cli.home.appendingPathComponent("own.key").path, "--yes"])
        #expect(attempt.status != 0)
        #expect(attempt.standardError.contains("self-approval"))
        let refusals = try cli.run(["audit", "show", "--type", "refusal", "--format", "json"])
        #expect(refusals.standardOutput.contains("self-approval"))
        #expect(try cli.run(["hook", "codex"], input: Self.hookInput("terraform destroy", cwd: staging)).status == 2)
    }

    @Test func aWrongPassphraseApprovesNothing() throws {
        let (cli, staging, _, _) = try Self.withApprover()
        let denied = try cli.run(["hook", "codex"], input: Self.hookInput("terraform destroy", cwd: staging))
        let id = try #require(Self.requestID(in: denied.standardOutput))
        let wrong = try cli.write("not the passphrase\n", to: "wrong.pass").path
        let attempt = try cli.run(["approve", id, "--passphrase-file", wrong, "--yes"])
        #expect(attempt.status != 0)
        #expect(attempt.standardError.contains("wrong passphrase"))
    }

    /// A single-use grant raced by eight hook processes at once: exactly one is allowed.
    @Test func aSingleUseGrantIsUsedExactlyOnceUnderConcurrency() async throws {
        let (cli, staging, _, passphrase) = try Self.withApprover()
        let input = Self.hookInput("terraform destroy", cwd: staging)
        let id = try #require(Self.requestID(in: try cli.run(["hook", "codex"], input: input).standardOutput))
        #expect(try cli.run(["approve", id, "--passphrase-file", passphrase, "--yes"]).status == 0)
        let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<8 { group.addTask { try cli.run(["hook", "codex"], input: input).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 0 }.count == 1)
        #expect(statuses.filter { $0 == 2 }.count == 7)
        let uses = try cli.run(["audit", "show", "--type", "grant-use", "--format", "json"])
        #expect(uses.standardOutput.split(separator: "\n").count == 1)
    }

    /// A short scoped grant with no clock tolerance, and a real wait: refused once it expires.
    @Test func anExpiredGrantIsRefusedWithinASecond() throws {
        let (cli, staging, _, passphrase) = try Self.withApprover()
        let policy = try cli.write("version: 1\napprovals:\n  clock_tolerance_seconds: 0\n", to: ".config/blastwall/policy.yaml")
        #expect(FileManager.default.fileExists(atPath: policy.path))
        let input = Self.hookInput("terraform destroy", cwd: staging)
        let id = try #require(Self.requestID(in: try cli.run(["hook", "codex"], input: input).standardOutput))
        #expect(try cli.run(["approve", id, "--passphrase-file", passphrase, "--yes", "--scoped", "--seconds", "2"]).status == 0)
        #expect(try cli.run(["hook", "codex"], input: input).status == 0)
        Thread.sleep(forTimeInterval: 3.2)
        let expired = try cli.run(["hook", "codex"], input: input)
        #expect(expired.status == 2)
        #expect(expired.standardOutput.contains("expired"))
    }

    @Test func aBrokenStoreDeniesAndSaysWhy() throws {
        let cli = try CLI()
        try FileManager.default.createDirectory(at: cli.stateDirectory, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: cli.stateDirectory.appendingPathComponent("store.sqlite"))
        let hook = try cli.run(["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-ls.json"))
        #expect(hook.status == 2)
        #expect(hook.standardError.contains("could not record"))
        let check = try cli.run(["check", "--command", "ls", "--format", "json"])
        #expect(check.status == 1)
        #expect(try cli.json(check.standardOutput)["decision"] as? String == "deny")
    }

    /// A store that cannot grow under a stream of hooks (a file-size limit stands in for a full
    /// disk: SQLite reports it as a write error rather than SQLITE_FULL): every hook that answered
    /// allow is in the log, the ones that could not write deny and say so, and the store verifies.
    @Test func aFullDiskDeniesAndLosesNothingAnswered() throws {
        let cli = try CLI()
        let input = try cli.fixture("hooks/claude-code-bash-ls.json")
        #expect(try cli.run(["hook", "claude-code"], input: input).status == 0)
        let store = cli.stateDirectory.appendingPathComponent("store.sqlite")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int)
        // Room for a few records in the write-ahead log and then none.
        var answered = 1
        var refusals: [String] = []
        for _ in 0..<30 {
            let hook = try cli.run(["hook", "claude-code"], input: input, fileSizeLimitKiB: size / 1024 + 2)
            if hook.status == 0 { answered += 1 } else { refusals.append(hook.standardError) }
        }
        #expect(answered > 1, "some hooks fit before the disk filled")
        #expect(!refusals.isEmpty, "the limit must have been reached")
        #expect(refusals.allSatisfy { $0.contains("could not record the decision") }, "\(refusals.first ?? "")")
        let verify = try cli.json(try cli.run(["audit", "verify", "--format", "json"]).standardOutput)
        #expect(verify["intact"] as? Bool == true)
        let verdicts = try cli.run(["audit", "export", "--type", "verdict"]).standardOutput.split(separator: "\n")
        #expect(verdicts.count == answered)
        // Space again: the next hook records and the chain goes on.
        #expect(try cli.run(["hook", "claude-code"], input: input).status == 0)
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    /// The log and the grants verify with an independent implementation in Python (its own
    /// RFC 6962 and PASETO code, and pyseto).
    @Test func anIndependentVerifierAgrees() throws {
        let (cli, staging, _, passphrase) = try Self.withApprover()
        let input = Self.hookInput("terraform destroy", cwd: staging)
        let id = try #require(Self.requestID(in: try cli.run(["hook", "codex"], input: input).standardOutput))
        #expect(try cli.run(["approve", id, "--passphrase-file", passphrase, "--yes"]).status == 0)
        for _ in 0..<70 { try cli.run(["check", "--command", "ls -la"]) }
        try cli.run(["audit", "anchor"])
        let export = try cli.run(["audit", "export"])
        let records = try cli.write(export.standardOutput, to: "audit.jsonl")
        let info = try cli.json(try cli.run(["audit", "verify", "--format", "json"]).standardOutput)
        let key = try #require(info["log_public_key"] as? String)
        // BLASTWALL_HOME moves the store, so its anchor file is named after the store's path.
        let config = cli.home.appendingPathComponent(".config/blastwall")
        let anchorName = try #require(
            try FileManager.default.contentsOfDirectory(atPath: config.path).first { $0.hasPrefix("audit-anchor-") })
        let anchor = config.appendingPathComponent(anchorName).path
        let script = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/verify_audit.py").path
        let verified = try Self.python([script, "log", "--records", records.path, "--public-key", key, "--checkpoints", anchor])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("ok: "))

        // Alice's grant token verifies with pyseto and the script's own PASETO code, over the
        // installation and the action's digest as implicit assertion.
        let grant = try cli.json(try cli.run(["grants", "--all", "--format", "json"]).standardOutput)
        let token = try #require((grant["tokens"] as? [String])?.first)
        let keys = try cli.json(try cli.run(["keys", "list", "--format", "json"]).standardOutput)
        let assertion = "blastwall-grant-v1\n\(try #require(grant["aud"] as? String))\n\(try #require(grant["dig"] as? String))"
        let publicKey = try #require(keys["public_key"] as? String)
        let checked = try Self.python([script, "grant", "--token", token, "--public-key", publicKey, "--implicit-assertion", assertion])
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("\"apr\":\"alice\""))
        let otherAction = try Self.python([
            script, "grant", "--token", token, "--public-key", publicKey, "--implicit-assertion", assertion + "0",
        ])
        #expect(otherAction.status == 1)

        // One byte changed in the export: the independent verifier catches it too.
        var lines = export.standardOutput.split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: "\"time\":\"2", with: "\"time\":\"3")
        let tampered = try cli.write(lines.joined(separator: "\n") + "\n", to: "tampered.jsonl")
        #expect(try Self.python([script, "log", "--records", tampered.path, "--public-key", key, "--checkpoints", anchor]).status == 1)
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

import Foundation
import Testing

@Suite struct ReplayCommandTests {
    /// A zsh history with ordinary work, one production destroy and a password: the shares, the
    /// stopped commands, the redaction, and nothing written to the audit log.
    @Test func replayJudgesAHistoryAndRunsNothing() throws {
        let cli = try CLI()
        let marker = cli.home.appendingPathComponent("ran")
        let history = try cli.write(
            """
            : 1700000000:0;git status
            : 1700000001:0;npm test
            : 1700000002:0;AWS_PROFILE=prod terraform destroy -auto-approve
            : 1700000003:0;mysql --password hunter2 -h prod-db -e 'DROP TABLE users'
            : 1700000004:0;touch \(marker.path)
            """, to: "zsh_history")
        let result = try cli.run(["replay", history.path, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try cli.json(result.standardOutput)
        #expect(object["commands"] as? Int == 5)
        #expect(object["allow"] as? Int == 3)
        #expect(object["deny"] as? Int == 2)
        let stopped = object["stopped"] as? [[String: Any]] ?? []
        #expect(stopped.map { $0["rule"] as? String }.contains("terraform.destroy"))
        #expect(!result.standardOutput.contains("hunter2"))
        #expect(result.standardOutput.contains("‹redacted›"))
        #expect(!FileManager.default.fileExists(atPath: marker.path), "replay ran a command")
        #expect(!FileManager.default.fileExists(atPath: cli.stateDirectory.appendingPathComponent("store.sqlite").path))
    }

    @Test func textSharesAndAMissingFile() throws {
        let cli = try CLI()
        let history = try cli.write("git status\nrm -rf ~\n", to: "history")
        let text = try cli.run(["replay", history.path])
        #expect(text.standardOutput.contains("2 commands"))
        #expect(text.standardOutput.contains("50.0 %"))
        #expect(text.standardOutput.contains("filesystem.rm-catastrophic"))
        let missing = try cli.run(["replay", cli.home.appendingPathComponent("nope").path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no history file"))
    }
}

@Suite struct BlastRadiusTests {
    /// An asked deletion says what is at stake: files, bytes, recent changes, a .git and the
    /// irreplaceable files inside, read from the file system.
    @Test func anAskedDeletionShowsWhatIsAtStake() throws {
        let cli = try CLI()
        // Outside the temporary directory (where everything counts as temporary) and outside the
        // build folder (regenerated): a scratch folder at the package's top (ignored by git), or,
        // for a checkout that itself sits in /tmp, one under /var/lib or /srv.
        let packageRoot = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let base = [packageRoot.path, "/var/lib", "/srv"].first { path in
            !["/tmp", "/var/tmp", "/dev/shm", "/private/tmp"].contains { path == $0 || path.hasPrefix($0 + "/") }
                && FileManager.default.isWritableFile(atPath: path)
        }
        let root = try #require(base, "no writable directory outside /tmp for the scratch project")
        let project = URL(fileURLWithPath: root).appendingPathComponent(".test-scratch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: project) }
        for (path, text) in [
            ("data/.env", "SECRET=1\n"), ("data/app.db", String(repeating: "x", count: 2_000)), ("data/repo/.git/HEAD", "ref: x\n"),
        ] {
            let url = project.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let result = try cli.run(["check", "--command", "rm -rf data", "--format", "json"], cwd: project)
        #expect(result.status == 3, "\(result.standardOutput)")
        let object = try cli.json(result.standardOutput)
        let effect = (object["effects"] as? [[String: Any]])?.first { $0["rule"] as? String == "filesystem.rm-recursive" }
        let radius = try #require(effect?["blast_radius"] as? String)
        #expect(radius.contains("3 files"), "\(radius)")
        #expect(radius.contains("3 changed in the last 24 hours"), "\(radius)")
        #expect(radius.contains("holds a .git"), "\(radius)")
        #expect(radius.contains("app.db") && radius.contains(".env"), "\(radius)")
        // The hook's reason carries it too, through the verdict's message.
        #expect((effect?["message"] as? String)?.contains("at stake") == true)
    }

    @Test func allowedDeletionsAreNotMeasured() throws {
        let cli = try CLI()
        _ = try cli.write("x", to: "project/node_modules/a.js")
        let result = try cli.run(
            ["check", "--command", "rm -rf node_modules", "--format", "json"], cwd: cli.home.appendingPathComponent("project"))
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("blast_radius"))
    }
}

@Suite struct LearnCommandTests {
    func hook(_ cli: CLI, event: String, command: String, id: String) throws -> CLI.Result {
        let input = """
            {"session_id":"s","cwd":"\(cli.home.path)","hook_event_name":"\(event)","tool_name":"Bash",\
            "tool_input":{"command":"\(command)"},"tool_use_id":"\(id)"}
            """
        return try cli.run(["hook", "claude-code"], input: Data(input.utf8))
    }

    /// Three approved asks of one command give one suggestion that lowers only them; a command
    /// asked once and declined (no PostToolUse) gives none; PostToolUse itself answers nothing.
    @Test func suggestsOnlyWhatWasApprovedAndNeverDeclined() throws {
        let cli = try CLI()
        for index in 1...3 {
            #expect(
                try hook(cli, event: "PreToolUse", command: "sudo systemctl restart nginx", id: "a\(index)").standardOutput.contains("ask"))
            let after = try hook(cli, event: "PostToolUse", command: "sudo systemctl restart nginx", id: "a\(index)")
            #expect(after.status == 0 && after.standardOutput.isEmpty)
        }
        for index in 1...3 {
            _ = try hook(cli, event: "PreToolUse", command: "sudo systemctl restart postgresql", id: "b\(index)")
            if index < 3 { _ = try hook(cli, event: "PostToolUse", command: "sudo systemctl restart postgresql", id: "b\(index)") }
        }
        let result = try cli.run(["learn", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let suggestions = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]] ?? []
        #expect(suggestions.count == 1)
        #expect(suggestions.first?["resources"] as? [String] == ["nginx"])
        #expect(suggestions.first?["accepted"] as? Bool == true)
        #expect(suggestions.first?["approved"] as? Int == 3)
        #expect((suggestions.first?["yaml"] as? String)?.contains("rules: [system.service-change]") == true)
        // The log still verifies with the outcome records in it.
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test func productionAndDeniesAreNeverLearned() throws {
        let cli = try CLI()
        for index in 1...4 {
            _ = try hook(cli, event: "PreToolUse", command: "AWS_PROFILE=prod aws ec2 run-instances --image-id ami-1", id: "p\(index)")
            _ = try hook(cli, event: "PostToolUse", command: "AWS_PROFILE=prod aws ec2 run-instances --image-id ami-1", id: "p\(index)")
        }
        let result = try cli.run(["learn", "--format", "json"])
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}

import Foundation
import Testing

@Suite struct InstallCommandTests {
    @Test func mergesWithoutClobbering() throws {
        let cli = try CLI()
        let repo = cli.home.appendingPathComponent("repo")
        _ = try cli.write("ref: refs/heads/main\n", to: "repo/.git/HEAD")
        let existing =
            #"{"model":"opus","hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"other-guard"}]}],"Stop":[{"hooks":[]}]}}"#
        let settings = try cli.write(existing, to: "repo/.claude/settings.json")
        #expect(try cli.run(["install", "claude-code", "--project"], cwd: repo).status == 0)
        #expect(try cli.run(["install", "claude-code"], cwd: repo).status == 0, "installing twice updates in place")
        let object = try cli.json(try String(contentsOf: settings, encoding: .utf8))
        #expect(object["model"] as? String == "opus")
        let hooks = object["hooks"] as? [String: Any]
        #expect(hooks?["Stop"] != nil)
        let preToolUse = hooks?["PreToolUse"] as? [[String: Any]] ?? []
        #expect(preToolUse.count == 2)
        let text = String(data: try JSONSerialization.data(withJSONObject: preToolUse), encoding: .utf8) ?? ""
        #expect(text.contains("other-guard"))
        #expect(text.contains("hook claude-code"))
        #expect(FileManager.default.fileExists(atPath: settings.path + ".bak"))
        let doctor = try cli.run(["doctor"], cwd: repo)
        #expect(doctor.standardOutput.contains("✓ claude-code (project)"))
        #expect(doctor.status == 0)
    }

    @Test func refusesToOverwriteInvalidJSON() throws {
        let cli = try CLI()
        let settings = try cli.write("{ this is not json", to: ".gemini/settings.json")
        let result = try cli.run(["install", "gemini", "--user"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("not valid JSON"))
        #expect(try String(contentsOf: settings, encoding: .utf8) == "{ this is not json")
    }

    @Test(arguments: ["codex", "gemini", "cursor", "copilot"])
    func writesEachAgentsFormat(_ agent: String) throws {
        let cli = try CLI()
        let result = try cli.run(["install", agent, "--project"])
        #expect(result.status == 0, "\(result.standardError)")
        let paths = [
            "codex": ".codex/hooks.json", "gemini": ".gemini/settings.json", "cursor": ".cursor/hooks.json",
            "copilot": ".github/hooks/blastwall.json",
        ]
        let text = try String(contentsOf: cli.home.appendingPathComponent(paths[agent] ?? ""), encoding: .utf8)
        #expect(text.contains("hook \(agent)"))
        if agent == "codex" {
            let config = try String(contentsOf: cli.home.appendingPathComponent(".codex/config.toml"), encoding: .utf8)
            #expect(config.contains("codex_hooks = true"))
        }
        #expect(try cli.run(["doctor"]).standardOutput.contains("✓ \(agent)"))
    }

    @Test func doctorReportsNothingProtected() throws {
        let cli = try CLI()
        let result = try cli.run(["doctor"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("No agent is protected"))
    }
}

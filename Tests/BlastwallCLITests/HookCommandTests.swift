import Foundation
import Testing

@Suite struct HookCommandTests {
    @Test(arguments: [
        ("claude-code", "hooks/claude-code-bash-destroy.json"), ("codex", "hooks/codex-bash-destroy.json"),
        ("gemini", "hooks/gemini-shell-destroy.json"), ("cursor", "hooks/cursor-shell-destroy.json"),
        ("copilot", "hooks/copilot-bash-destroy.json"),
    ])
    func everyAgentIsDeniedTheIncident(_ example: (String, String)) throws {
        let cli = try CLI()
        let result = try cli.run(["hook", example.0], input: try cli.fixture(example.1))
        #expect(result.status == 2)
        #expect(result.standardError.contains("terraform.destroy"))
        #expect(try cli.json(result.standardOutput).isEmpty == false)
    }

    @Test(arguments: ["claude-code", "codex", "gemini", "cursor", "copilot"])
    func everyFailureDenies(_ agent: String) throws {
        let cli = try CLI()
        for input in [
            "", "{not json",
            "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo 'x\"},\"command\":\"echo 'x\",\"toolName\":\"bash\",\"toolArgs\":\"{\\\"command\\\":\\\"echo 'x\\\"}\"}",
        ] {
            let result = try cli.run(["hook", agent], input: Data(input.utf8))
            #expect(result.status == 2, "\(agent) with \(input)")
            #expect(!result.standardError.isEmpty)
        }
        // A broken policy file denies too.
        _ = try cli.write("version: 1\nrules: [\n", to: ".config/blastwall/policy.yaml")
        let fixtures = [
            "claude-code": "claude-code-bash-ls", "codex": "codex-bash-apply", "gemini": "gemini-shell-ls", "cursor": "cursor-shell-ls",
            "copilot": "copilot-bash-rm",
        ]
        let result = try cli.run(["hook", agent], input: try cli.fixture("hooks/\(fixtures[agent] ?? "").json"))
        #expect(result.status == 2)
        #expect(result.standardError.contains("policy"))
    }

    @Test func askBecomesDenyWhereTheAgentCannotAsk() throws {
        let cli = try CLI()
        let claude = try cli.run(["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-apply.json"))
        #expect(claude.status == 0)
        #expect(claude.standardOutput.contains("\"ask\""))
        let codex = try cli.run(["hook", "codex"], input: try cli.fixture("hooks/codex-bash-apply.json"))
        #expect(codex.status == 2)
        let headless = try cli.run(["hook", "claude-code", "--headless"], input: try cli.fixture("hooks/claude-code-bash-apply.json"))
        #expect(headless.status == 2)
        let headlessByEnvironment = try cli.run(
            ["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-apply.json"), environment: ["BLASTWALL_HEADLESS": "1"])
        #expect(headlessByEnvironment.status == 2)
    }

    @Test func decisionsAreLoggedAndShown() throws {
        let cli = try CLI()
        try cli.run(["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-destroy.json"))
        try cli.run(["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-ls.json"))
        try cli.run(["check", "--command", "rm -rf /"])
        let log = try cli.run(["log", "--format", "json"])
        let lines = log.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try cli.json(String(lines[0]))
        #expect(first["agent"] as? String == "claude-code")
        #expect(first["decision"] as? String == "deny")
        let denies = try cli.run(["log", "--decision", "deny"])
        #expect(denies.standardOutput.contains("terraform destroy"))
        #expect(!denies.standardOutput.contains("ls -la"))
    }

    @Test func anUnwritableLogDenies() throws {
        let cli = try CLI()
        let blocker = try cli.write("a file where the state directory should be", to: "state-file")
        let result = try cli.run(
            ["hook", "claude-code"], input: try cli.fixture("hooks/claude-code-bash-ls.json"),
            environment: ["BLASTWALL_HOME": blocker.path + "/sub"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("could not record"))
    }
}

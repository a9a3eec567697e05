import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func exitStatusFollowsTheContract() throws {
        let cli = try CLI()
        #expect(try cli.run(["check", "--command", "ls -la"]).status == 0)
        #expect(try cli.run(["check", "--command", "terraform apply", "--env", "production"]).status == 3)
        #expect(try cli.run(["check", "--command", "terraform destroy", "--env", "production"]).status == 2)
        let broken = try cli.run(["check", "--command", "echo 'unterminated"])
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("unterminated single quote"))
        #expect(broken.standardError.contains("^"))
        #expect(try cli.run(["check", "--command", ""]).status == 1)
        #expect(try cli.run(["check", "--command", "ls", "--env", "nowhere"]).status == 1)
    }

    @Test func jsonCarriesTheContractFields() throws {
        let cli = try CLI()
        let result = try cli.run(["check", "--command", "AWS_PROFILE=prod terraform destroy -auto-approve", "--format", "json"])
        #expect(result.status == 2)
        let object = try cli.json(result.standardOutput)
        #expect(object["decision"] as? String == "deny")
        #expect(object["environment"] as? String == "production")
        #expect((object["digest"] as? String)?.hasPrefix("sha256:") == true)
        let rules = object["rules"] as? [[String: Any]] ?? []
        #expect(rules.first?["id"] as? String == "terraform.destroy")
        #expect(rules.first?["span"] as? [Int] == [27, 34])
        #expect((rules.first?["message"] as? String)?.isEmpty == false)
        #expect((object["effects"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func parseErrorsInJSONStillSayDeny() throws {
        let cli = try CLI()
        let result = try cli.run(["check", "--command", "echo $(", "--format", "json"])
        #expect(result.status == 1)
        let object = try cli.json(result.standardOutput)
        #expect(object["decision"] as? String == "deny")
        #expect((object["error"] as? [String: Any])?["code"] as? String == "parse-error")
    }

    @Test func textOutputExplains() throws {
        let cli = try CLI()
        let result = try cli.run(["check", "--command", "sudo rm -rf /", "--cwd", "/tmp"])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("DENY"))
        #expect(result.standardOutput.contains("filesystem.rm-catastrophic"))
        #expect(result.standardOutput.contains("safer:"))
        #expect(result.standardOutput.contains("environment: local"))
    }

    @Test func stdinAndSessionVariables() throws {
        let cli = try CLI()
        let result = try cli.run(["check", "--stdin", "--env-var", "TF_WORKSPACE=prod"], input: Data("terraform destroy".utf8))
        #expect(result.status == 2)
        let invalid = try cli.run(["check", "--stdin"], input: Data([0x72, 0x6D, 0xFF, 0x20, 0x2F]))
        #expect(invalid.status == 1)
        #expect(invalid.standardError.contains("not valid UTF-8"))
    }

    @Test func explainShowsTheTrace() throws {
        let cli = try CLI()
        let result = try cli.run(["explain", "--command", "t=terraform; sudo bash -c \"$t destroy\"", "--env", "production"])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("Analysis:"))
        #expect(result.standardOutput.contains("sudo wraps bash"))
        #expect(result.standardOutput.contains("bash -c runs: terraform destroy"))
    }

    @Test func aBrokenPolicyIsAnErrorNotAFallback() throws {
        let cli = try CLI()
        let policy = try cli.write("version: 1\nrules:\n  - id: x\n    decision: perhaps\n", to: "bad.yaml")
        let result = try cli.run(["check", "--command", "ls", "--policy", policy.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("bad.yaml:4: error: [policy.bad-value]"))
        let checked = try cli.run(["policy", "check", policy.path])
        #expect(checked.status == 1)
        #expect(checked.standardError.contains(":4: error:"))
        let good = try cli.write(
            "version: 1\nenvironments:\n  payments:\n    tier: production\n    match:\n      aws_profiles: [payments]\n", to: "good.yaml")
        #expect(try cli.run(["policy", "check", good.path]).status == 0)
        #expect(try cli.run(["check", "--command", "AWS_PROFILE=payments terraform destroy", "--policy", good.path]).status == 2)
    }

    @Test func projectPolicyIsFoundFromTheWorkingDirectory() throws {
        let cli = try CLI()
        _ = try cli.write("", to: "repo/.git/HEAD")
        _ = try cli.write("version: 1\nsettings:\n  headless: true\n", to: "repo/.blastwall/policy.yaml")
        let sub = cli.home.appendingPathComponent("repo/src")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let result = try cli.run(["check", "--command", "terraform apply", "--env", "production"], cwd: sub)
        #expect(result.status == 2, "headless from the project layer turns ask into deny")
    }

    @Test func demoRuns() throws {
        let cli = try CLI()
        let result = try cli.run(["demo"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("DENY"))
        #expect(result.standardOutput.contains("terraform.destroy"))
        let json = try cli.run(["demo", "--format", "json"])
        let steps = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        #expect((steps?.count ?? 0) >= 6)
    }

    @Test func helpTeaches() throws {
        let cli = try CLI()
        let help = try cli.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("Exit status: 0 allow, 3 ask, 2 deny"))
    }
}

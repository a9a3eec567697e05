import Foundation
import Testing

/// `blastwall plan` as a user runs it: the exit contract, the four formats, and every kind of
/// input it must refuse without ever allowing.
@Suite struct PlanCommandTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/terraform")

    static let destroyPlan = """
        {"format_version":"1.2","terraform_version":"1.11.4","planned_values":{},
         "resource_changes":[
          {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","change":{"actions":["delete"],
           "before":{"deletion_protection":false,"password":"hunter2-secret"},"after":null,"before_sensitive":{"password":true}}},
          {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main","change":{"actions":["delete"],"before":{},"after":null}}],
         "prior_state":{"values":{"root_module":{"resources":[{"address":"aws_db_instance.main","mode":"managed"},{"address":"aws_vpc.main","mode":"managed"}]}}}}
        """

    @Test func destroyPlanIsDeniedInProductionWithEveryFormat() throws {
        let cli = try CLI()
        let plan = try cli.write(Self.destroyPlan, to: "plan.json")
        let text = try cli.run(["plan", plan.path, "--env", "production"])
        #expect(text.status == 2)
        #expect(text.standardOutput.contains("DENY"))
        #expect(text.standardOutput.contains("terraform-plan.data-delete"))
        #expect(text.standardOutput.contains("aws_db_instance.main"))
        #expect(!text.standardOutput.contains("hunter2"), "sensitive values are never printed")

        let json = try cli.json(try cli.run(["plan", plan.path, "--env", "production", "--format", "json"]).standardOutput)
        #expect(json["decision"] as? String == "deny")
        #expect((json["digest"] as? String)?.hasPrefix("sha256:") == true)
        let rules = (json["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(rules.contains("terraform-plan.data-delete") && rules.contains("terraform-plan.destroy-all"))
        let details = json["plan"] as? [String: Any] ?? [:]
        #expect(details["data_losses"] as? [String] == ["aws_db_instance.main"])
        #expect(details["workspace"] as? String == "default")

        let markdown = try cli.run(["plan", plan.path, "--env", "production", "--format", "markdown"])
        #expect(markdown.status == 2)
        #expect(markdown.standardOutput.hasPrefix("### Blastwall plan review: ⛔ **DENY**"))
        #expect(markdown.standardOutput.contains("| deny | `terraform-plan.data-delete` | `aws_db_instance.main` |"))

        let sarif = try cli.json(try cli.run(["plan", plan.path, "--env", "production", "--format", "sarif"]).standardOutput)
        #expect(sarif["version"] as? String == "2.1.0")
        let run = (sarif["runs"] as? [[String: Any]])?.first ?? [:]
        let results = run["results"] as? [[String: Any]] ?? []
        #expect(results.contains { $0["ruleId"] as? String == "terraform-plan.data-delete" && $0["level"] as? String == "error" })
    }

    @Test func planFromStandardInputAndTheDigestFollowsTheBytesAndWorkspace() throws {
        let cli = try CLI()
        let first = try cli.json(
            try cli.run(["plan", "-", "--format", "json", "--env", "staging"], input: Data(Self.destroyPlan.utf8)).standardOutput)
        let again = try cli.json(
            try cli.run(["plan", "-", "--format", "json", "--env", "staging"], input: Data(Self.destroyPlan.utf8)).standardOutput)
        let otherWorkspace = try cli.json(
            try cli.run(["plan", "-", "--format", "json", "--env", "staging", "--workspace", "blue"], input: Data(Self.destroyPlan.utf8))
                .standardOutput)
        let otherBytes = try cli.json(
            try cli.run(["plan", "-", "--format", "json", "--env", "staging"], input: Data((Self.destroyPlan + " ").utf8)).standardOutput)
        #expect(first["decision"] as? String == "ask")
        #expect(first["digest"] as? String == again["digest"] as? String)
        #expect(first["digest"] as? String != otherWorkspace["digest"] as? String)
        #expect(first["digest"] as? String != otherBytes["digest"] as? String)
    }

    @Test func theWorkspaceOfThePlansDirectoryDecidesTheEnvironment() throws {
        let cli = try CLI()
        let plan = try cli.write(Self.destroyPlan, to: "infra/plan.json")
        _ = try cli.write("prod\n", to: "infra/.terraform/environment")
        let result = try cli.run(["plan", plan.path, "--format", "json"])
        let json = try cli.json(result.standardOutput)
        #expect(result.status == 2)
        #expect(json["environment"] as? String == "production")
        #expect((json["environment_reason"] as? String)?.contains("prod") == true)
    }

    /// Input the gate cannot read is refused with exit 1 and a named reason; JSON says deny.
    @Test(arguments: [
        ("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"change\":{\"actions\":[\"delete\"]", "invalid-json"),
        ("this is not json", "not-a-plan"),
        ("", "empty"),
        ("{\"version\":4,\"terraform_version\":\"1.11.4\",\"serial\":3,\"lineage\":\"x\",\"resources\":[]}", "state-not-plan"),
        ("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{}}}", "state-not-plan"),
        ("{\"resource_changes\":[]}", "not-a-plan"),
        ("{\"format_version\":\"1.2\",\"resource_changes\":[],\"resource_changes\":[]}", "invalid-json"),
        ("[1,2,3]", "not-a-plan"),
        ("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"change\":{}}]}", "invalid-json"),
    ])
    func unreadablePlansAreRefused(_ text: String, _ code: String) throws {
        let cli = try CLI()
        let plan = try cli.write(text, to: "plan.json")
        let result = try cli.run(["plan", plan.path, "--format", "json"])
        #expect(result.status == 1)
        let json = try cli.json(result.standardOutput)
        #expect(json["decision"] as? String == "deny")
        #expect((json["error"] as? [String: Any])?["code"] as? String == code, "\(result.standardError)")
        #expect(result.standardError.contains("[\(code)]"))
    }

    @Test func aBinaryPlanfileTerraformCannotReadIsRefused() throws {
        let cli = try CLI()
        let plan = try cli.write("PK\u{3}\u{4}not really a planfile", to: "broken.tfplan")
        let result = try cli.run(["plan", plan.path], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("[terraform-show-failed]"))
        let missing = try cli.run(["plan", plan.path, "--terraform", "/nonexistent/terraform"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("could not run"))
    }

    @Test func noChangesIsAllowedAndUnknownEnvironmentsAreNamed() throws {
        let cli = try CLI()
        let plan = try cli.write("{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[]}", to: "p.json")
        #expect(try cli.run(["plan", plan.path, "--env", "production"]).status == 0)
        let wrong = try cli.run(["plan", plan.path, "--env", "nowhere"])
        #expect(wrong.status == 1)
        #expect(wrong.standardError.contains("no environment named 'nowhere'"))
    }

    /// `terraform apply PLANFILE` is judged by what the plan does, in `check` and in the hook.
    @Test func applyingASavedPlanIsJudgedByItsContent() throws {
        let cli = try CLI()
        _ = try cli.write(Self.destroyPlan, to: "infra/tfplan")
        _ = try cli.write("{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[]}", to: "infra/empty.tfplan")
        let infra = cli.home.appendingPathComponent("infra")
        let destroy = try cli.run(["check", "--command", "terraform apply tfplan", "--env", "production", "--format", "json"], cwd: infra)
        #expect(destroy.status == 2)
        let rules = (try cli.json(destroy.standardOutput)["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(rules.contains("terraform-plan.data-delete"))
        #expect(try cli.run(["check", "--command", "terraform apply empty.tfplan", "--env", "production"], cwd: infra).status == 0)
        #expect(try cli.run(["check", "--command", "terraform -chdir=infra apply tfplan", "--env", "production"]).status == 2)
        let notYet = try cli.run(["check", "--command", "terraform apply later.tfplan", "--env", "production"], cwd: infra)
        #expect(notYet.status == 2)
        #expect(notYet.standardOutput.contains("does not exist yet"))
        #expect(try cli.run(["check", "--command", "terraform apply", "--env", "unknown"]).status == 3)

        let hookInput = """
            {"session_id":"s","transcript_path":"/tmp/t","cwd":"\(infra.path)","hook_event_name":"PreToolUse","tool_name":"Bash",
             "tool_input":{"command":"terraform apply -auto-approve tfplan"}}
            """
        let hook = try cli.run(["hook", "claude-code", "--env", "production"], input: Data(hookInput.utf8), cwd: infra)
        #expect(hook.status == 2)
        #expect(hook.standardError.contains("aws_db_instance.main"))
    }

    /// Every public plan in ../shared is read, with the counts its README gives. The folder sits
    /// beside the repository on development and CI machines; where it is absent the test is
    /// reported as skipped, never as passed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared.path), "../shared/fixtures/terraform is not beside this clone"))
    func publicFixturesAreReadFaithfully() throws {
        let expected: [String: (String, [String: Int])] = [
            "checkov_fv0.1_tf0.12.23_terragoat_55_creates.json": ("ask", ["create": 55]),
            "conftest_fv0.1_tf0.12.0beta2_gke.json": ("ask", ["create": 2]),
            "infracost_fv0.1_tf0.14.11_rds_posture_large.json": ("ask", ["create": 12, "update": 1, "no-op": 13]),
            "snyk_fv0.1_tf0.15.0_destroy_aws_incl_s3.json": ("deny", ["delete": 8]),
            "tfcompliance_fv0.1_tf1.0.0_deletes_drift_aws.json": ("ask", ["create": 5, "update": 1, "delete": 2, "no-op": 7]),
            "tfjson_fv0.1_tf0.12.11_replace_depends_on.json": ("ask", ["replace": 1, "no-op": 1]),
            "tfjson_fv0.2_tf1.1.0dev_sensitive_values.json": ("ask", ["create": 7]),
            "tfjson_fv1.0_tf1.1.0dev_basic.json": ("ask", ["create": 7]),
            "tfjson_fv1.1_tf1.2.0rc1_basic.json": ("ask", ["create": 7]),
            "tfjson_fv1.2_tf1.13.0dev_importing_identity.json": ("ask", ["update": 1]),
            "tfjson_fv1.2_tf1.15.0_replace_tainted.json": ("ask", ["replace": 1]),
            "tfjson_fv1.2_tf1.5.4_checks.json": ("ask", ["create": 2]),
        ]
        let cli = try CLI()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.shared.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(expected.keys), "a new shared fixture needs an expectation here")
        for file in files.sorted() {
            let result = try cli.run(["plan", Self.shared.appendingPathComponent(file).path, "--env", "production", "--format", "json"])
            let json = try cli.json(result.standardOutput)
            #expect(json["decision"] as? String == expected[file]?.0, "\(file): \(result.standardError)")
            let counts = (json["plan"] as? [String: Any])?["counts"] as? [String: Int]
            #expect(counts == expected[file]?.1, "\(file)")
        }
        let drift = try cli.json(
            try cli.run([
                "plan", Self.shared.appendingPathComponent("tfcompliance_fv0.1_tf1.0.0_deletes_drift_aws.json").path, "--format", "json",
            ]).standardOutput)
        #expect((drift["plan"] as? [String: Any])?["drift"] as? Int == 15)
        let tainted = try cli.run(["plan", Self.shared.appendingPathComponent("tfjson_fv1.2_tf1.15.0_replace_tainted.json").path])
        #expect(tainted.standardOutput.contains("because it is tainted"))
    }
}

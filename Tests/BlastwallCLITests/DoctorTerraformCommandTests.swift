import Foundation
import Testing

@Suite struct DoctorTerraformCommandTests {
    static let incident = CLI.fixtures.appendingPathComponent("terraform/incident").path
    static let hardened = CLI.fixtures.appendingPathComponent("terraform/hardened").path

    func findings(_ object: [String: Any]) -> [[String: Any]] { object["findings"] as? [[String: Any]] ?? [] }

    @Test func theIncidentFailsWithEveryProblemNamed() throws {
        let cli = try CLI()
        let result = try cli.run(["doctor", "terraform", Self.incident, "--env", "production", "--format", "json"])
        #expect(result.status == 4)
        let object = try cli.json(result.standardOutput)
        #expect(object["environment"] as? String == "production")
        #expect(object["directory"] as? String == Self.incident)
        let found = findings(object)
        let rules = Set(found.compactMap { $0["rule"] as? String })
        for rule in [
            "terraform-posture.local-backend-production", "terraform-posture.no-deletion-protection",
            "terraform-posture.skip-final-snapshot", "terraform-posture.automated-backups-deleted",
            "terraform-posture.backups-in-same-state", "terraform-posture.no-prevent-destroy", "terraform-posture.no-backup-retention",
        ] {
            #expect(rules.contains(rule), "\(rule) not found in \(rules.sorted())")
        }
        for finding in found {
            #expect((finding["file"] as? String)?.hasSuffix("/incident/main.tf") == true)
            #expect((finding["line"] as? Int ?? 0) > 0)
            #expect((finding["fix"] as? String)?.isEmpty == false)
            #expect(["error", "warning", "note"].contains(finding["severity"] as? String ?? ""))
        }
        let sameState = try #require(found.first { $0["rule"] as? String == "terraform-posture.backups-in-same-state" })
        #expect(sameState["resource"] as? String == "aws_db_snapshot.main")
        let counts = object["counts"] as? [String: Int] ?? [:]
        #expect((counts["error"] ?? 0) >= 5)
        #expect(counts["error"] == found.filter { $0["severity"] as? String == "error" }.count)
    }

    @Test func theHardenedStackPasses() throws {
        let cli = try CLI()
        #expect(try cli.run(["doctor", "terraform", Self.hardened]).status == 0)
        let result = try cli.run(["doctor", "terraform", Self.hardened, "--env", "production", "--format", "json"])
        #expect(result.status == 0)
        let object = try cli.json(result.standardOutput)
        #expect(!findings(object).contains { $0["severity"] as? String == "error" })
        #expect((object["counts"] as? [String: Int])?["error"] == 0)
    }

    @Test func textReadsLikeCompilerDiagnostics() throws {
        let cli = try CLI()
        try FileManager.default.copyItem(atPath: Self.incident, toPath: cli.home.appendingPathComponent("infra").path)
        let result = try cli.run(["doctor", "terraform", "infra", "--env", "production"], cwd: cli.home)
        #expect(result.status == 4)
        let out = result.standardOutput
        #expect(out.contains("environment production (production) — forced by --env production"))
        #expect(
            out.contains(
                "\ninfra/main.tf:69: error: [terraform-posture.no-deletion-protection] aws_db_instance.main sets deletion_protection = false"
            ))
        #expect(out.contains("\ninfra/main.tf:70: error: [terraform-posture.skip-final-snapshot]"))
        #expect(out.contains("    fix:\n      resource \"aws_db_instance\" \"main\" {\n        deletion_protection = true\n      }\n"))
        #expect(out.contains(" errors, "))
    }

    @Test func sarifForCodeScanning() throws {
        let cli = try CLI()
        try FileManager.default.copyItem(atPath: Self.incident, toPath: cli.home.appendingPathComponent("my infra").path)
        let result = try cli.run(["doctor", "terraform", "my infra", "--env", "production", "--format", "sarif"], cwd: cli.home)
        #expect(result.status == 4)
        let log = try cli.json(result.standardOutput)
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "blastwall")
        let rules = driver["rules"] as? [[String: Any]] ?? []
        #expect(rules.contains { $0["id"] as? String == "terraform-posture.no-deletion-protection" })
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
        }
        let results = run["results"] as? [[String: Any]] ?? []
        #expect(!results.isEmpty)
        for item in results {
            let ruleID = item["ruleId"] as? String
            #expect(rules.indices.contains(item["ruleIndex"] as? Int ?? -1))
            #expect(rules[item["ruleIndex"] as? Int ?? 0]["id"] as? String == ruleID)
            #expect(["error", "warning", "note"].contains(item["level"] as? String ?? ""))
            #expect(((item["message"] as? [String: Any])?["text"] as? String)?.contains("Fix:") == true)
            let physical = (item["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "my%20infra/main.tf")
            #expect(((physical?["region"] as? [String: Any])?["startLine"] as? Int ?? 0) > 0)
        }
    }

    @Test func failOnChoosesTheThreshold() throws {
        let cli = try CLI()
        _ = try cli.write(
            """
            terraform {
              backend "s3" {
                bucket       = "state"
                key          = "app/terraform.tfstate"
                use_lockfile = true
              }
            }

            resource "aws_s3_bucket" "uploads" {
              bucket = "uploads"
            }
            """, to: "warn/main.tf")
        let directory = cli.home.appendingPathComponent("warn").path
        #expect(try cli.run(["doctor", "terraform", directory, "--env", "production"]).status == 0)
        #expect(try cli.run(["doctor", "terraform", directory, "--env", "production", "--fail-on", "warning"]).status == 4)
        #expect(try cli.run(["doctor", "terraform", directory, "--env", "production", "--fail-on", "note"]).status == 4)
        #expect(try cli.run(["doctor", "terraform", Self.incident, "--env", "production", "--fail-on", "never"]).status == 0)
        #expect(try cli.run(["doctor", "terraform", directory, "--fail-on", "sometimes"]).status != 0)
    }

    @Test func inputThatCannotBeReadExitsOne() throws {
        let cli = try CLI()
        _ = try cli.write("resource \"aws_db_instance\" \"main\" {\n  engine = \"postgres\"\n", to: "broken/main.tf")
        let broken = try cli.run(["doctor", "terraform", "broken"], cwd: cli.home)
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("broken/main.tf:1:35: error: [hcl.unterminated] this block is not closed"))

        let missing = try cli.run(["doctor", "terraform", "nowhere"], cwd: cli.home)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("nowhere: not a directory"))

        try FileManager.default.createDirectory(at: cli.home.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try cli.run(["doctor", "terraform", "empty"], cwd: cli.home)
        #expect(empty.status == 1)
        #expect(empty.standardError.contains("holds no .tf files"))

        let unknown = try cli.run(["doctor", "terraform", Self.hardened, "--env", "nowhere"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no environment named 'nowhere'"))

        _ = try cli.write("terraform {\n  cloud {}\n}\n", to: "badstate/main.tf")
        _ = try cli.write("{\"version\": 4, ", to: "badstate/terraform.tfstate")
        let badState = try cli.run(["doctor", "terraform", "badstate"], cwd: cli.home)
        #expect(badState.status == 1)
        #expect(badState.standardError.contains("badstate/terraform.tfstate: error: [terraform-state] not valid JSON"))

        let noState = try cli.run(["doctor", "terraform", Self.hardened, "--state", "missing.json"], cwd: cli.home)
        #expect(noState.status == 1)
        #expect(noState.standardError.contains("missing.json: no such state file"))
    }

    @Test func theStateOfTheSelectedWorkspaceIsRead() throws {
        let cli = try CLI()
        _ = try cli.write("terraform {\n  backend \"local\" {}\n}\n\nresource \"aws_db_instance\" \"main\" {}\n", to: "stack/main.tf")
        _ = try cli.write("prod\n", to: "stack/.terraform/environment")
        let state = """
            {
              "version": 4,
              "resources": [
                {
                  "mode": "managed",
                  "type": "aws_db_snapshot",
                  "name": "nightly",
                  "instances": [{"attributes": {"db_instance_identifier": "orders"}}]
                },
                {
                  "mode": "managed",
                  "type": "aws_db_instance",
                  "name": "main",
                  "instances": [{"attributes": {"identifier": "orders", "deletion_protection": true}}]
                }
              ]
            }
            """
        _ = try cli.write(state, to: "stack/terraform.tfstate.d/prod/terraform.tfstate")
        let result = try cli.run(["doctor", "terraform", "stack", "--format", "json"], cwd: cli.home)
        #expect(result.status == 4)
        let object = try cli.json(result.standardOutput)
        // The workspace "prod" is production in the built-in policy.
        #expect(object["environment"] as? String == "production")
        #expect(object["state"] as? String == "stack/terraform.tfstate.d/prod/terraform.tfstate")
        let found = findings(object)
        let orphan = try #require(found.first { $0["rule"] as? String == "terraform-posture.orphaned-in-state" })
        #expect(orphan["resource"] as? String == "aws_db_snapshot.nightly")
        #expect(orphan["file"] as? String == "stack/terraform.tfstate.d/prod/terraform.tfstate")
        #expect(orphan["line"] as? Int == 6)
        let sameState = try #require(found.first { $0["rule"] as? String == "terraform-posture.backups-in-same-state" })
        #expect(sameState["resource"] as? String == "aws_db_snapshot.nightly")
        #expect(found.contains { $0["rule"] as? String == "terraform-posture.protection-not-applied" } == false)
        #expect(found.contains { $0["rule"] as? String == "terraform-posture.local-backend-production" })
    }

    @Test func thePolicyNamesTheEnvironment() throws {
        let cli = try CLI()
        let policy = try cli.write(
            "version: 1\nenvironments:\n  payments:\n    tier: production\n    match:\n      directories: [\"**/payments\"]\n",
            to: "policy.yaml")
        _ = try cli.write("resource \"aws_s3_bucket\" \"ledger\" {}\n", to: "payments/main.tf")
        let result = try cli.run(
            ["doctor", "terraform", "payments", "--policy", policy.path, "--format", "json"], cwd: cli.home)
        let object = try cli.json(result.standardOutput)
        #expect(object["environment"] as? String == "payments")
        #expect(object["tier"] as? String == "production")
        let local = findings(object).first { $0["rule"] as? String == "terraform-posture.local-backend-production" }
        #expect((local?["message"] as? String)?.contains("this is production (environment 'payments')") == true)
        #expect(local?["line"] as? Int == 1)
    }

    @Test func backendSettingsGivenAtInitCount() throws {
        let cli = try CLI()
        _ = try cli.write("terraform {\n  backend \"s3\" {}\n}\n", to: "partial/main.tf")
        let partial = try cli.run(["doctor", "terraform", "partial", "--env", "production", "--format", "json"], cwd: cli.home)
        let before = findings(try cli.json(partial.standardOutput)).first { $0["rule"] as? String == "terraform-posture.no-state-locking" }
        #expect(before?["severity"] as? String == "warning")
        _ = try cli.write(
            #"{"version": 3, "backend": {"type": "s3", "config": {"bucket": "state", "use_lockfile": true, "dynamodb_table": null}}}"#,
            to: "partial/.terraform/terraform.tfstate")
        let initialized = try cli.run(["doctor", "terraform", "partial", "--env", "production", "--format", "json"], cwd: cli.home)
        #expect(initialized.status == 0)
        #expect(findings(try cli.json(initialized.standardOutput)).isEmpty)
    }

    @Test func plainDoctorStillChecksTheHooks() throws {
        let cli = try CLI()
        let plain = try cli.run(["doctor"])
        #expect(plain.status == 1)
        #expect(plain.standardOutput.contains("Agents\n"))
        #expect(plain.standardOutput.contains("Policy\n"))
        let help = try cli.run(["doctor", "--help"])
        #expect(help.standardOutput.contains("terraform"))
        let terraformHelp = try cli.run(["doctor", "terraform", "--help"])
        #expect(terraformHelp.status == 0)
        let words = terraformHelp.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("4 findings at or above --fail-on"))
        #expect(words.contains("1 DIR, a file, the state or the policy could not be read"))
        #expect(words.contains("not subdirectories"))
        #expect(help.standardOutput.contains("blastwall doctor\n"))
    }
}

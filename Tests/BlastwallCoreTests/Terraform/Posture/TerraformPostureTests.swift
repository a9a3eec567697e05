import Testing

@testable import BlastwallCore

@Suite struct TerraformPostureTests {
    /// The incident in miniature: every problem found, each at the line that causes it.
    static let incident = """
        resource "aws_db_instance" "main" {
          identifier          = "orders"
          deletion_protection = false
          skip_final_snapshot = true
        }

        resource "aws_db_snapshot" "main" {
          db_instance_identifier = aws_db_instance.main.identifier
          db_snapshot_identifier = "orders-manual"
        }
        """

    @Test func theIncidentInProduction() throws {
        let findings = TerraformPosture.analyze(try TerraformPosture.input(configuration: Self.incident, tier: .production))
        let summary = Set(findings.map { "\($0.rule)@\($0.line):\($0.severity.rawValue)" })
        #expect(summary.contains("terraform-posture.local-backend-production@1:error"))
        #expect(summary.contains("terraform-posture.no-deletion-protection@3:error"))
        #expect(summary.contains("terraform-posture.skip-final-snapshot@4:error"))
        #expect(summary.contains("terraform-posture.automated-backups-deleted@1:error"))
        #expect(summary.contains("terraform-posture.no-prevent-destroy@1:warning"))
        #expect(summary.contains("terraform-posture.backups-in-same-state@7:error"))
        #expect(!findings.contains { $0.rule == "terraform-posture.no-final-snapshot-name" }, "skipped snapshots need no name")
        let deletion = try #require(findings.first { $0.rule == "terraform-posture.no-deletion-protection" })
        #expect(deletion.resource == "aws_db_instance.main")
        #expect(deletion.message.contains("aws_db_instance.main sets deletion_protection = false"))
        #expect(deletion.fix == "resource \"aws_db_instance\" \"main\" {\n  deletion_protection = true\n}")
        let snapshot = try #require(findings.first { $0.rule == "terraform-posture.skip-final-snapshot" })
        #expect(
            snapshot.fix
                == "resource \"aws_db_instance\" \"main\" {\n  skip_final_snapshot       = false\n  final_snapshot_identifier = \"main-final\"\n}"
        )
        let sameState = try #require(findings.first { $0.rule == "terraform-posture.backups-in-same-state" })
        #expect(sameState.message.contains("aws_db_snapshot.main is a snapshot of aws_db_instance.main"))
        #expect(sameState.fix.contains("removed {\n  from = aws_db_snapshot.main\n  lifecycle {\n    destroy = false\n  }\n}"))
    }

    @Test func severityFollowsTheEnvironment() throws {
        func severities(_ tier: Tier) throws -> Set<PostureSeverity> {
            Set(TerraformPosture.analyze(try TerraformPosture.input(configuration: Self.incident, tier: tier)).map(\.severity))
        }
        #expect(try severities(.production).contains(.error))
        #expect(try severities(.unknown).contains(.error))
        #expect(try severities(.staging) == [.warning])
        #expect(try severities(.development) == [.note])
    }

    @Test func findingsAreOrderedByFileAndLine() throws {
        let findings = TerraformPosture.analyze(try TerraformPosture.input(configuration: Self.incident, tier: .production))
        let lines = findings.map(\.line)
        #expect(lines == lines.sorted())
    }

    @Test func modulesAreJudgedFromTheState() throws {
        let state = """
            {"version": 4, "resources": [
              {"module": "module.db", "mode": "managed", "type": "aws_db_instance", "name": "main",
               "instances": [{"attributes": {"deletion_protection": true, "skip_final_snapshot": true,
                 "delete_automated_backups": false, "final_snapshot_identifier": null, "backup_retention_period": 7}}]}]}
            """
        let input = try TerraformPosture.input(
            configuration: "terraform {\n  cloud {}\n}\nmodule \"db\" {\n  source = \"./db\"\n}", state: state, tier: .production)
        let findings = TerraformPosture.analyze(input)
        #expect(findings.map(\.rule) == ["terraform-posture.skip-final-snapshot"])
        #expect(findings.first?.file == "terraform.tfstate" && findings.first?.line == 2)
        #expect(findings.first?.message.contains("module.db.aws_db_instance.main (recorded in the state)") == true)
    }

    @Test func stateThatIsNotTerraformStateIsAnError() {
        let cases = ["not json", "[]", "{\"resources\": []}", "{\"version\": 3, \"resources\": []}"]
        for text in cases {
            #expect(throws: TerraformStateError.self) { try TerraformState.parse(text, path: "s.json") }
        }
        let error = TerraformStateError(file: "s.json", message: "not valid JSON")
        #expect(error.description == "s.json: error: [terraform-state] not valid JSON")
    }

    @Test func secretsInTheConfigurationStayOutOfMessages() throws {
        let configuration = """
            resource "aws_db_instance" "main" {
              password            = "hunter2-secret"
              deletion_protection = false
            }
            """
        let findings = TerraformPosture.analyze(try TerraformPosture.input(configuration: configuration, tier: .production))
        #expect(!findings.isEmpty)
        #expect(!findings.contains { $0.message.contains("hunter2") || $0.fix.contains("hunter2") })
    }

    @Test func aProtectionFromAVariableIsANoteThatNamesItsDefault() throws {
        let configuration = """
            variable "protect" {
              default = false
            }

            resource "aws_db_instance" "main" {
              deletion_protection = var.protect
            }
            """
        let findings = TerraformPosture.analyze(try TerraformPosture.input(configuration: configuration, tier: .production))
        #expect(!findings.contains { $0.rule == "terraform-posture.no-deletion-protection" })
        let note = try #require(findings.first { $0.rule == "terraform-posture.protection-unverified" })
        #expect(note.severity == .note && note.line == 6)
        #expect(note.message.contains("sets deletion_protection from var.protect; its default is false, which is not safe"))
    }

    @Test func backendFixFollowsTheProvider() {
        #expect(BackendRules.remoteBackendFix(for: "google").contains("backend \"gcs\""))
        #expect(BackendRules.remoteBackendFix(for: "azurerm").contains("backend \"azurerm\""))
        #expect(BackendRules.remoteBackendFix(for: "aws").contains("use_lockfile = true"))
    }
}

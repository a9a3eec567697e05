import BlastwallCore
import Foundation
import Testing

/// The repository's own real plans (scripts/generate-terraform-fixtures.sh, real terraform and
/// AWS provider against moto): what the gate decides for each in production, and which rules say so.
@Suite struct PlanFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/terraform/plans")

    static let expectations: [(file: String, decision: Decision, rules: Set<String>)] = [
        ("noop.json", .allow, []),
        ("destroy.json", .deny, ["terraform-plan.data-delete", "terraform-plan.destroy-all", "terraform-plan.delete"]),
        ("destroy-protected.json", .deny, ["terraform-plan.data-delete", "terraform-plan.destroy-all", "terraform-plan.delete"]),
        ("replace-forced.json", .deny, ["terraform-plan.data-replace"]),
        ("replace-requested.json", .deny, ["terraform-plan.data-replace"]),
        ("rename.json", .deny, ["terraform-plan.data-replace", "terraform-plan.update"]),
        ("protection-downgrade.json", .deny, ["terraform-plan.protection-downgrade", "terraform-plan.update"]),
        ("bucket-downgrade.json", .deny, ["terraform-plan.protection-downgrade", "terraform-plan.update"]),
        ("missing-state.json", .ask, ["terraform-plan.missing-state", "terraform-plan.create"]),
        ("benign.json", .ask, ["terraform-plan.update"]),
        ("forget.json", .ask, ["terraform-plan.forget"]),
        ("import.json", .ask, ["terraform-plan.import"]),
        ("drift.json", .ask, ["terraform-plan.drift-deleted", "terraform-plan.create"]),
        ("moved.json", .allow, []),
    ]

    static func evaluate(_ file: String, environment: String) throws -> PlanGate.Evaluation {
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
        let plan = try PlanReader.read(bytes)
        return try PlanGate().evaluate(
            plan, identity: PlanIdentity(contentSHA256: SHA256.hex(bytes)), target: .init(forcedEnvironment: environment), label: file)
    }

    @Test func everyFixtureHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations.map(\.file))
    func productionVerdict(_ file: String) throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let evaluation = try Self.evaluate(file, environment: "production")
        #expect(evaluation.verdict.decision == expected.decision)
        #expect(Set(evaluation.verdict.findings.map(\.effect.ruleID)) == expected.rules)
    }

    /// The details a reviewer needs are read from the real plans, not just the verdict.
    @Test func realPlansAreReadInDetail() throws {
        let forced = try Self.evaluate("replace-forced.json", environment: "production").plan
        let database = try #require(forced.resourceChanges.first { $0.address == "aws_db_instance.main" })
        #expect(database.action == .replaceDeletingFirst)
        #expect(database.actionReason == "replace_because_cannot_update")
        #expect(database.replacePaths.contains("username"))

        let downgrade = try Self.evaluate("protection-downgrade.json", environment: "production")
        let message = try #require(downgrade.verdict.findings.first { $0.effect.ruleID == "terraform-plan.protection-downgrade" })
        for part in ["deletion_protection true → false", "skip_final_snapshot false → true", "backup_retention_period 7 → 0"] {
            #expect(message.effect.message.contains(part), "\(message.effect.message)")
        }

        let moved = try Self.evaluate("moved.json", environment: "production")
        #expect(moved.summary.moved.contains { $0.from == "aws_s3_bucket.assets" && $0.to == "aws_s3_bucket.static_assets" })
        #expect(try Self.evaluate("forget.json", environment: "production").plan.resourceChanges.contains { $0.action == .forget })
        #expect(try Self.evaluate("import.json", environment: "production").plan.resourceChanges.contains { $0.isImporting })
        let missing = try Self.evaluate("missing-state.json", environment: "production").plan
        #expect(!missing.hasPriorState)
        #expect(try Self.evaluate("destroy.json", environment: "production").plan.priorStateResourceCount == 6)
    }

    /// In development the same destroy is routine; the environment is the point.
    @Test func destroyIsRoutineInDevelopment() throws {
        #expect(try Self.evaluate("destroy.json", environment: "development").verdict.decision == .allow)
        #expect(try Self.evaluate("destroy.json", environment: "staging").verdict.decision == .ask)
    }
}

import BlastwallCore
import Testing

/// Every plan rule against its own examples: triggering ones must make it fire, the others must
/// not. The examples are small plans (see `PlanExample`).
@Suite struct PlanRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: String
        let example: String
        let triggers: Bool
        var testDescription: String { "\(rule) \(triggers ? "fires on" : "ignores") \(example)" }
    }

    static let cases: [Case] = PlanRules.all.flatMap { rule in
        rule.triggering.map { Case(rule: rule.id, example: $0, triggers: true) }
            + rule.nonTriggering.map { Case(rule: rule.id, example: $0, triggers: false) }
    }

    @Test(arguments: cases)
    func example(_ testCase: Case) throws {
        let plan = try PlanReader.read(PlanExample.json(testCase.example))
        let rule = try #require(PlanRules.all.first { $0.id == testCase.rule })
        let effects = rule.effects(in: plan)
        if testCase.triggers {
            #expect(!effects.isEmpty, "expected \(testCase.rule) to fire")
            for effect in effects {
                #expect(effect.ruleID == testCase.rule)
                #expect(!effect.message.isEmpty)
                // A per-resource finding points at that resource's entry in the JSON.
                if effect.resources.count == 1, let address = effect.resources.first,
                    plan.resourceChanges.contains(where: { $0.address == address })
                {
                    let text = Array(PlanExample.json(testCase.example).utf8)
                    let slice = String(decoding: text[effect.span.start..<effect.span.end], as: UTF8.self)
                    #expect(slice.contains("\"\(address)\""), "the span must cover \(address)'s entry")
                }
            }
        } else {
            #expect(effects.isEmpty, "expected \(testCase.rule) not to fire, got: \(effects.map(\.message))")
        }
    }

    @Test func everyRuleHasExamplesOfBothKinds() {
        for rule in PlanRules.all {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            #expect(rule.id.hasPrefix("terraform-plan."))
        }
        #expect(Set(PlanRules.all.map(\.id)).count == PlanRules.all.count, "rule ids must be unique")
    }

    /// What the default policy does in production with the cases the issue names.
    @Test(arguments: [
        ("aws_db_instance.main delete", Decision.deny),
        ("aws_db_instance.main delete,create", .deny),
        ("aws_db_instance.main create,delete", .deny),
        ("aws_db_instance.main update deletion_protection=true>false", .deny),
        ("aws_security_group.web delete; aws_vpc.main no-op", .ask),
        ("no-prior-state; aws_vpc.main create; aws_db_instance.main create", .ask),
        ("aws_s3_bucket.assets forget", .ask),
        ("aws_s3_bucket.assets update", .ask),
        ("aws_s3_bucket.assets no-op", .allow),
        ("aws_s3_bucket.assets teleport", .deny),
        ("format=7.0; aws_s3_bucket.assets no-op", .deny),
    ])
    func productionDefaults(_ example: String, _ expected: Decision) throws {
        let plan = try PlanReader.read(PlanExample.json(example))
        let evaluation = try PlanGate().evaluate(
            plan, identity: PlanIdentity(contentSHA256: "x"), target: .init(forcedEnvironment: "production"), label: "example")
        #expect(evaluation.verdict.decision == expected)
    }

    /// The missing-state warning asks even where writes are allowed, except in development.
    @Test(arguments: [("unknown", Decision.ask), ("staging", .ask), ("development", .allow)])
    func missingStateOutsideProduction(_ environment: String, _ expected: Decision) throws {
        let plan = try PlanReader.read(PlanExample.json("no-prior-state; aws_vpc.main create"))
        let evaluation = try PlanGate().evaluate(
            plan, identity: PlanIdentity(contentSHA256: "x"), target: .init(forcedEnvironment: environment), label: "example")
        #expect(evaluation.verdict.decision == expected)
    }
}

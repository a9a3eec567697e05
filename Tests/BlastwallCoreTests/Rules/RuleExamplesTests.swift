import BlastwallCore
import BlastwallSQL
import Testing

/// Every rule's own examples, run from the registry (STYLE.md §1): each triggering example must
/// fire its rule with the marked evidence, and no non-triggering example may fire it.
@Suite struct RuleExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let ruleID: String
        let command: String
        let triggers: Bool
        var testDescription: String { "\(ruleID) \(triggers ? "fires on" : "ignores") \(command)" }
    }

    static let examples: [Example] = RuleRegistry.standard.rules.flatMap { rule in
        rule.triggering.map { Example(ruleID: rule.id, command: $0, triggers: true) }
            + rule.nonTriggering.map { Example(ruleID: rule.id, command: $0, triggers: false) }
    }

    @Test func everyRuleHasExamples() {
        for rule in RuleRegistry.standard.rules {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }

    @Test func ruleIDsAreUnique() {
        var seen: Set<String> = []
        for rule in RuleRegistry.standard.rules {
            #expect(!seen.contains(rule.id), "duplicate rule id \(rule.id)")
            seen.insert(rule.id)
        }
    }

    @Test(arguments: examples)
    func example(_ example: Example) throws {
        try check(example, context: TestGate.context)
    }

    /// The same examples with PostgreSQL's own parser reading psql's SQL, as the CLI runs them.
    @Test(arguments: examples.filter { $0.command.contains("psql") })
    func exampleWithPostgresParser(_ example: Example) throws {
        var context = TestGate.context
        context.postgres = PostgresClassifier()
        try check(example, context: context)
    }

    func check(_ example: Example, context: AnalysisContext) throws {
        let (command, marked) = Marked.parse(example.command)
        let evaluation = try TestGate.evaluate(command, context: context)
        let fired = evaluation.verdict.findings.filter { $0.effect.ruleID == example.ruleID }
        if example.triggers {
            #expect(!fired.isEmpty, "\(example.ruleID) did not fire; fired: \(evaluation.verdict.findings.map(\.effect.ruleID))")
            if let marked, !fired.isEmpty {
                let spans = fired.map(\.effect.span)
                #expect(
                    spans.contains(marked),
                    "evidence \(spans.map { Marked.slice(command, $0) }) is not the marked «\(Marked.slice(command, marked))»")
            }
        } else {
            #expect(fired.isEmpty, "\(example.ruleID) fired on a non-triggering example: \(fired.map(\.effect.message))")
        }
    }
}

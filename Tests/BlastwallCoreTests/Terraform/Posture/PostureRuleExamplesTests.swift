import Testing

@testable import BlastwallCore

/// Every posture rule's own examples, run from the registry (STYLE.md §1): each triggering
/// example must produce a finding of its rule on the line marked `«`, and no non-triggering
/// example may produce one.
@Suite struct PostureRuleExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let ruleID: String
        let example: PostureExample
        let triggers: Bool
        var testDescription: String {
            "\(ruleID) \(triggers ? "fires on" : "ignores") \((example.configuration.isEmpty ? example.state ?? "" : example.configuration).prefix(60).debugDescription)"
        }
    }

    static let examples: [Example] = TerraformPosture.rules.flatMap { rule in
        rule.triggering.map { Example(ruleID: rule.id, example: $0, triggers: true) }
            + rule.nonTriggering.map { Example(ruleID: rule.id, example: $0, triggers: false) }
    }

    @Test func everyRuleHasExamples() {
        for rule in TerraformPosture.rules {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }

    @Test func ruleIDsAreUniqueAndNamespaced() {
        var seen: Set<String> = []
        for rule in TerraformPosture.rules {
            #expect(!seen.contains(rule.id), "duplicate rule id \(rule.id)")
            #expect(rule.id.hasPrefix("terraform-posture."))
            #expect(!rule.summary.isEmpty && !rule.help.isEmpty)
            seen.insert(rule.id)
        }
    }

    /// Every kind of protection in the table is reported by some rule.
    @Test func everyProtectionPurposeHasARule() {
        let registered = Set(TerraformPosture.rules.map(\.id))
        for purpose in Protection.Purpose.allCases {
            let rule = ProtectionRules.byPurpose[purpose]
            #expect(rule.map { registered.contains($0.id) } == true, "no registered rule reports \(purpose.rawValue)")
        }
    }

    @Test(arguments: examples)
    func example(_ example: Example) throws {
        let (configuration, configurationLine) = Marker.strip(example.example.configuration)
        let (state, stateLine) = example.example.state.map(Marker.strip) ?? (nil, nil)
        let input = try TerraformPosture.input(
            configuration: configuration, state: state, initializedBackend: example.example.initializedBackend, tier: example.example.tier)
        let fired = TerraformPosture.analyze(input).filter { $0.rule == example.ruleID }
        if example.triggers {
            #expect(!fired.isEmpty, "\(example.ruleID) did not fire")
            let expected: (String, Int)? = configurationLine.map { ("main.tf", $0) } ?? stateLine.map { ("terraform.tfstate", $0) }
            if let (file, line) = expected, !fired.isEmpty {
                #expect(
                    fired.contains { $0.file == file && $0.line == line },
                    "reported at \(fired.map { "\($0.file):\($0.line)" }), not the marked \(file):\(line)")
            }
            for finding in fired {
                #expect(!finding.message.isEmpty && !finding.fix.isEmpty)
            }
        } else {
            #expect(fired.isEmpty, "\(example.ruleID) fired on a non-triggering example: \(fired.map(\.message))")
        }
    }
}

/// Posture examples mark the line a finding must point at with `«`.
enum Marker {
    static func strip(_ text: String) -> (String, Int?) {
        var line: Int?
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where content.contains("«") {
            line = index + 1
        }
        return (String(text.unicodeScalars.filter { $0 != "«" && $0 != "»" }.map(Character.init)), line)
    }
}

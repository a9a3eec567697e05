import Testing

@testable import BlastwallCore

@Suite struct PolicyTests {
    @Test func builtInPolicyEqualsItsDocumentedText() throws {
        let parsed = try PolicyLoader.load(DefaultPolicy.text, file: "<built-in>")
        let builtIn = DefaultPolicy.builtIn
        #expect(parsed.environments.map(\.name) == builtIn.environments.map(\.name))
        for (a, b) in zip(parsed.environments, builtIn.environments) {
            #expect(a.tier == b.tier)
            #expect(a.matchers == b.matchers, "matchers of \(a.name) differ")
        }
        #expect(parsed.grades == builtIn.grades)
        // Origins differ (a file line against <built-in>); everything that decides must match.
        #expect(
            parsed.rules.map { [$0.id, $0.decision.rawValue, "\($0.environments ?? [])", "\($0.analyzerRules ?? [])", $0.reason ?? ""] }
                == builtIn.rules.map {
                    [$0.id, $0.decision.rawValue, "\($0.environments ?? [])", "\($0.analyzerRules ?? [])", $0.reason ?? ""]
                })
        #expect(parsed.rules.allSatisfy { $0.classes == nil && $0.tools == nil && $0.resources == nil })
        #expect(parsed.isHeadless == builtIn.isHeadless)
        for tier in Tier.allCases {
            #expect(builtIn.grades[tier]?.count == EffectClass.allCases.count, "\(tier) grades every class")
        }
    }

    @Test func errorsNameFileAndLine() {
        let cases: [(String, String, Int)] = [
            ("version: 1\nrules:\n  - id: x\n    decision: maybe\n", "bad-value", 4),
            ("version: 1\nenvironments:\n  prod:\n    tier: production\n    match:\n      aws_profile: [p]\n", "unknown-key", 6),
            ("version: 1\nrulez: []\n", "unknown-key", 2),
            ("version: 1\nrules:\n  - decision: deny\n", "missing-key", 3),
            ("version: 1\nrules:\n\t- id: x\n", "syntax", 3),
            ("version: 1\nsettings:\n  headless: yes please\n", "bad-value", 3),
            ("version: 1\nversion: 1\n", "duplicate-key", 2),
            ("version: 2\n", "bad-value", 1),
            ("version: 1\nrules:\n  - id: x\n    decision: deny\n    effect: explode\n", "bad-value", 5),
            ("version: 1\nenvironments: {a: b}\n", "syntax", 2),
        ]
        for (text, code, line) in cases {
            #expect {
                _ = try PolicyLoader.load(text, file: "p.yaml")
            } throws: { error in
                guard let error = error as? PolicyError else { return false }
                return error.code == code && error.line == line && error.description.hasPrefix("p.yaml:\(line): error: [policy.\(code)]")
            }
        }
    }

    static let projectPolicy = """
        version: 1
        environments:
          payments-prod:
            tier: production
            match:
              aws_profiles: [payments]   # a name the built-in patterns miss
          scratch:
            tier: development
            match:
              directories: ["/home/dev/scratch/**"]
        rules:
          - id: allow-destroy-of-legacy-in-staging
            decision: allow
            effect: destroy
            environment: staging
            rule: terraform.destroy
          - id: never-delete-snapshots
            decision: deny
            rule: "aws.*snapshot*"
        """

    @Test func declaredEnvironmentsAndRules() throws {
        let policy = DefaultPolicy.policy.merging(try PolicyLoader.load(Self.projectPolicy, file: "project.yaml"))
        let gate = CommandGate(policy: policy)
        let context = TestGate.context
        #expect(try gate.evaluate(command: "AWS_PROFILE=payments terraform destroy", context: context).verdict.decision == .deny)
        #expect(try gate.evaluate(command: "terraform destroy", context: context, forcedEnvironment: "staging").verdict.decision == .allow)
        #expect(
            try gate.evaluate(command: "terraform destroy", context: context, forcedEnvironment: "production").verdict.decision == .deny)
        var scratch = context
        scratch.cwd = "/home/dev/scratch/app"
        #expect(try gate.evaluate(command: "terraform destroy", context: scratch).verdict.decision == .allow)
    }

    @Test func aLaterLayerCannotWeakenAnEarlierOne() throws {
        let strict = try PolicyLoader.load(
            "version: 1\nrules:\n  - id: no-destroy-anywhere\n    decision: deny\n    effect: destroy\n", file: "system.yaml")
        let loose = try PolicyLoader.load(
            "version: 1\ndefaults:\n  production:\n    destroy: allow\nrules:\n  - id: yolo\n    decision: allow\n    effect: [destroy, irreversible]\nsettings:\n  headless: false\n",
            file: "project.yaml")
        let headless = try PolicyLoader.load("version: 1\nsettings:\n  headless: true\n", file: "user.yaml")
        let policy = DefaultPolicy.policy.merging(strict).merging(headless).merging(loose)
        #expect(policy.grades[.production]?[.destroy] == .deny, "a later layer's default cannot loosen")
        #expect(policy.isHeadless, "headless stays on once a layer sets it")
        let gate = CommandGate(policy: policy)
        let verdict = try gate.evaluate(command: "terraform destroy", context: TestGate.context, forcedEnvironment: "development").verdict
        #expect(verdict.decision == .deny, "the strictest matching rule wins over a later allow")
        #expect(verdict.findings.first?.decidedBy.contains("no-destroy-anywhere") == true)
    }

    @Test func headlessTurnsAskIntoDeny() throws {
        var policy = DefaultPolicy.policy
        #expect(
            try CommandGate(policy: policy).evaluate(command: "terraform apply", context: TestGate.context, forcedEnvironment: "production")
                .verdict.decision == .ask)
        policy.isHeadless = true
        let verdict = try CommandGate(policy: policy).evaluate(
            command: "terraform apply", context: TestGate.context, forcedEnvironment: "production"
        ).verdict
        #expect(verdict.decision == .deny)
        #expect(verdict.findings.first?.decidedBy.contains("headless") == true)
    }

    @Test func resourcePatternsMustCoverEveryResource() throws {
        let policy = DefaultPolicy.policy.merging(
            try PolicyLoader.load(
                "version: 1\nrules:\n  - id: scratch-ok\n    decision: allow\n    resource: [\"/home/dev/project/scratch*\"]\n",
                file: "p.yaml"))
        let gate = CommandGate(policy: policy)
        #expect(try gate.evaluate(command: "rm -rf scratch1", context: TestGate.context).verdict.decision == .allow)
        #expect(try gate.evaluate(command: "rm -rf scratch1 src", context: TestGate.context).verdict.decision == .ask)
    }

    @Test func unknownForcedEnvironmentIsAnError() {
        #expect(throws: GateError.self) { try TestGate.evaluate("ls", environment: "prodd") }
    }
}

import BlastwallCore
import Testing

/// A policy layer nobody approved tightens at once and loosens nothing: not through a rule, and
/// not through an environment it declares that moves a target to a gentler tier, for commands
/// and plans alike.
@Suite struct UnapprovedLayerTests {
    static let gentler = """
        version: 1
        environments:
          sandbox:
            tier: development
            match:
              directories: ["**/blue"]
        rules:
          - id: let-it-go
            decision: allow
            effect: destroy
            environment: production
          - id: no-git
            decision: deny
            tool: git
        """

    /// The built-in policy with `gentler` on top, unapproved.
    static func policy() throws -> Policy {
        let baseline = DefaultPolicy.policy
        var policy = baseline.merging(try PolicyLoader.load(gentler, file: "/home/dev/.config/blastwall/policy.yaml"))
        policy.unapprovedLayers = ["/home/dev/.config/blastwall/policy.yaml (sha256:test)"]
        policy.baseline = Policy.Baseline(baseline)
        return policy
    }

    static func decide(_ command: String, cwd: String, env: String? = nil, under policy: Policy) throws -> Verdict {
        try CommandGate(policy: policy).evaluate(command: command, context: AnalysisContext(cwd: cwd), forcedEnvironment: env).verdict
    }

    @Test func aRuleThatLoosensIsHeldAsDeny() throws {
        let policy = try Self.policy()
        let verdict = try Self.decide("terraform destroy -auto-approve", cwd: "/srv/infra/production", env: "production", under: policy)
        #expect(verdict.decision == .deny)
        #expect(verdict.findings.first?.decidedBy.contains("no second person approved it") == true)
        #expect(verdict.summary.contains("no second person approved it"))
    }

    @Test func anEnvironmentThatMakesATargetGentlerIsHeld() throws {
        let policy = try Self.policy()
        let loose = try Self.decide(
            "terraform destroy -auto-approve", cwd: "/srv/blue",
            under: policy.baseline!.policy.merging(
                try PolicyLoader.load(Self.gentler, file: "approved")))
        #expect(loose.decision == .allow, "approved, the layer would allow it: \(loose.summary)")
        let held = try Self.decide("terraform destroy -auto-approve", cwd: "/srv/blue", under: policy)
        #expect(held.decision == .deny)
        #expect(held.environment == "unknown")
    }

    @Test func aTighteningLayerThatRenamesTheTargetKeepsTheApprovedName() throws {
        let renaming = """
            version: 1
            environments:
              staging:
                tier: production
                match:
                  gcp_projects: [evil]
            rules:
              - id: tighten
                decision: deny
                rule: "*"
                environment: staging
            """
        let baseline = DefaultPolicy.policy
        var policy = baseline.merging(try PolicyLoader.load(renaming, file: "/home/dev/.config/blastwall/policy.yaml"))
        policy.unapprovedLayers = ["/home/dev/.config/blastwall/policy.yaml (sha256:test)"]
        policy.baseline = Policy.Baseline(baseline)
        let verdict = try Self.decide(
            "CLOUDSDK_CORE_PROJECT=evil terraform apply -auto-approve", cwd: "/srv/infra/production", under: policy)
        #expect(verdict.decision == .deny)
        #expect(verdict.environment != "staging", "\(verdict.summary)")
    }

    @Test func tighteningCountsAtOnce() throws {
        let verdict = try Self.decide("git commit -m wip", cwd: "/srv/app", under: try Self.policy())
        #expect(verdict.decision == .deny)
        #expect(verdict.findings.first?.decidedBy.contains("no-git") == true)
        #expect(try Self.decide("ls", cwd: "/srv/app", under: try Self.policy()).decision == .allow)
    }

    @Test func aPlanLandingInAGentlerEnvironmentIsHeld() throws {
        let plan = try PlanReader.read(
            Array(
                #"{"format_version":"1.2","resource_changes":[{"address":"aws_db_instance.legacy","mode":"managed","type":"aws_db_instance","name":"legacy","change":{"actions":["delete"],"before":{"identifier":"legacy"},"after":null}}]}"#
                    .utf8))
        let target = PlanGate.Target(directory: "/srv/blue")
        let identity = PlanIdentity(contentSHA256: "00")
        let policy = try Self.policy()
        let approved = policy.baseline!.policy.merging(try PolicyLoader.load(Self.gentler, file: "approved"))
        let loose = try PlanGate(policy: approved).evaluate(plan, identity: identity, target: target, label: "tfplan").verdict
        let held = try PlanGate(policy: policy).evaluate(plan, identity: identity, target: target, label: "tfplan").verdict
        #expect(held.decision > loose.decision, "held \(held.decision) vs approved \(loose.decision)")
        #expect(held.decision == .deny)
        // An environment only the unapproved layer declares cannot be forced either.
        #expect(throws: GateError.self) {
            try PlanGate(policy: policy).evaluate(
                plan, identity: identity, target: PlanGate.Target(forcedEnvironment: "sandbox"), label: "tfplan")
        }
    }
}

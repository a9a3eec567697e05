import BlastwallCore
import Foundation
import Testing

@testable import BlastwallStore

/// The two-person rule and grant verification, against a real SQLite store. Times are passed
/// in, so expiry is tested exactly; the CLI tests use real clocks and real sleeps.
@Suite struct GrantTests {
    static let now: Int64 = 1_800_000_000
    static let staging = "/srv/infra/envs/staging"
    static let production = "/srv/infra/envs/production"

    static func verdict(_ command: String, cwd: String = staging) throws -> Verdict {
        try CommandGate(policy: DefaultPolicy.policy).evaluate(command: command, context: AnalysisContext(cwd: cwd)).verdict
    }

    static func context(_ cwd: String = staging, requester: String = "dev") -> ActionContext {
        ActionContext(requester: requester, agent: "codex", source: "hook", cwd: cwd)
    }

    /// A store with alice's and bob's keys enrolled and a request for `command` filed by dev.
    struct Fixture {
        let store: Store
        let alice = ApproverKey.generate(principal: "alice")
        let bob = ApproverKey.generate(principal: "bob")
        let request: FiledRequest
        let verdict: Verdict

        init(_ command: String = "terraform destroy -auto-approve", cwd: String = staging, settings: ApprovalSettings = ApprovalSettings())
            throws
        {
            store = try scratchStore()
            store.trust = TrustedKeys(approvers: [alice, bob])
            verdict = try GrantTests.verdict(command, cwd: cwd)
            let recorded = try store.record(
                verdict, context: GrantTests.context(cwd), settings: settings, fileRequest: RequestFiling(), now: now)
            request = try #require(recorded.request)
        }

        func decide(
            _ verdict: Verdict? = nil, cwd: String = staging, settings: ApprovalSettings = ApprovalSettings(), at time: Int64 = now + 10
        ) throws -> Verdict {
            try store.record(verdict ?? self.verdict, context: GrantTests.context(cwd), settings: settings, fileRequest: nil, now: time)
        }
    }

    @Test func anExactGrantLiftsItsActionOnceAndSaysWhoApproved() throws {
        let fixture = try Fixture()
        #expect(fixture.verdict.decision != .allow)
        let outcome = try fixture.store.approve(
            fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now + 5)
        #expect(outcome.isActive)
        let lifted = try fixture.decide()
        #expect(lifted.decision == .allow)
        #expect(lifted.grant?.id == outcome.grantID)
        #expect(lifted.grant?.approvers == ["alice"])
        #expect(lifted.summary.contains("approved by alice"))
        let again = try fixture.decide()
        #expect(again.decision != .allow)
        #expect(again.refusedGrants.contains { $0.contains("already used") })
        let log = try fixture.store.auditRecords(types: [.grantUse])
        #expect(log.count == 1)
    }

    @Test func selfApprovalIsRefusedDirectlyAndInDisguiseAndRecorded() throws {
        let fixture = try Fixture()
        // The requester's own name, and look-alikes of it: case, fullwidth letters, a zero-width
        // space, a confusable digit.
        let keys = ["dev", " DEV", "ｄｅｖ", "d\u{200B}ev", "de\u{2060}v"].map { ApproverKey.generate(principal: $0) }
        fixture.store.trust = TrustedKeys(approvers: [fixture.alice, fixture.bob] + keys)
        for key in keys {
            #expect {
                try fixture.store.approve(fixture.request.id, key: key, scope: .exact, settings: ApprovalSettings(), now: Self.now + 1)
            } throws: {
                ($0 as? StoreError)?.code == "self-approval"
            }
        }
        let refusals = try fixture.store.auditRecords(types: [.refusal]).compactMap { $0.json?["code"]?.stringValue }
        #expect(refusals.contains("self-approval"))
        #expect(try fixture.decide().decision != .allow)
    }

    @Test func aSecondKeyOfTheSamePersonDoesNotCountTwice() throws {
        var settings = ApprovalSettings()
        settings.required = 2
        let fixture = try Fixture(settings: settings)
        let aliceAgain = ApproverKey.generate(principal: "ａlice")
        fixture.store.trust.keys += TrustedKeys(approvers: [aliceAgain]).keys
        let first = try fixture.store.approve(fixture.request.id, key: fixture.alice, scope: .exact, settings: settings, now: Self.now + 1)
        #expect(!first.isActive)
        #expect {
            try fixture.store.approve(fixture.request.id, key: aliceAgain, scope: .exact, settings: settings, now: Self.now + 2)
        } throws: {
            ($0 as? StoreError)?.code == "duplicate"
        }
        #expect(try fixture.decide(settings: settings).decision != .allow)
        let second = try fixture.store.approve(fixture.request.id, key: fixture.bob, scope: .exact, settings: settings, now: Self.now + 3)
        #expect(second.isActive)
        #expect(second.approvers == ["alice", "bob"])
        let lifted = try fixture.decide(settings: settings)
        #expect(lifted.decision == .allow)
        #expect(lifted.grant?.approvers == ["alice", "bob"])
    }

    @Test func approversOutsideThePolicyGroupAreRefused() throws {
        var settings = ApprovalSettings()
        settings.approvers = ["bob"]
        let fixture = try Fixture(settings: settings)
        #expect {
            try fixture.store.approve(fixture.request.id, key: fixture.alice, scope: .exact, settings: settings, now: Self.now + 1)
        } throws: {
            ($0 as? StoreError)?.code == "not-an-approver"
        }
    }

    @Test func expiredAndNotYetValidGrantsAreRefusedWithTheTolerance() throws {
        let fixture = try Fixture()
        let outcome = try fixture.store.approve(
            fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)
        let expires = outcome.claims.expires
        // Before a grant is valid: another store, since this one's clock may not run backwards.
        let other = try Fixture()
        _ = try other.store.approve(other.request.id, key: other.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now + 30)
        let early = try other.decide(at: Self.now + 10)
        #expect(early.refusedGrants.contains { $0.contains("not valid until") })
        // The bound is exclusive: with a tolerance of 1 s, whole second `exp + 1` (at least a
        // full second late) is refused, `exp` itself still counts.
        let late = try fixture.decide(at: expires + 1)
        #expect(late.decision != .allow)
        #expect(late.refusedGrants.contains { $0.contains("expired") })
        let strict = try Fixture()
        let strictOutcome = try strict.store.approve(
            strict.request.id, key: strict.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)
        #expect(try strict.decide(at: strictOutcome.claims.expires).decision == .allow)
    }

    /// A clock set back beyond the tolerance records nothing, so nothing is allowed on it.
    @Test func aClockSetBackRecordsNothing() throws {
        let fixture = try Fixture()
        #expect(throws: StoreError.self) { try fixture.decide(at: Self.now - Store.clockStepTolerance - 1) }
        #expect(try fixture.decide(at: Self.now - Store.clockStepTolerance + 1).decision != .allow)
    }

    @Test func anExpiredRequestCannotBeApproved() throws {
        let fixture = try Fixture()
        #expect {
            try fixture.store.approve(
                fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: fixture.request.expires + 1)
        } throws: { ($0 as? StoreError)?.code == "expired" }
        #expect(try fixture.store.request(fixture.request.id).status == "expired")
    }

    @Test func aScopedGrantCoversItsEnvironmentAndDirectoryOnly() throws {
        let fixture = try Fixture()
        let scope = GrantScope.scoped(
            environment: "staging", effectClass: .destroy, resources: [], anyResource: true, directory: Self.staging + "/**",
            lifetime: 1800)
        _ = try fixture.store.approve(fixture.request.id, key: fixture.alice, scope: scope, settings: ApprovalSettings(), now: Self.now)
        // Another destroy in the same staging directory: covered, and more than once.
        let other = try Self.verdict("terraform destroy -target=aws_instance.web", cwd: Self.staging + "/app")
        #expect(try fixture.decide(other, cwd: Self.staging + "/app").decision == .allow)
        #expect(try fixture.decide(other, cwd: Self.staging + "/app").decision == .allow)
        // Production is not covered.
        let production = try Self.verdict("terraform destroy -auto-approve", cwd: Self.production)
        let denied = try fixture.decide(production, cwd: Self.production)
        #expect(denied.decision == .deny)
        #expect(denied.grant == nil)
        // Nor is guard-tamper, in staging or anywhere.
        let tamper = try Self.verdict("blastwall uninstall claude-code", cwd: Self.staging)
        #expect(try fixture.decide(tamper).decision == .deny)
    }

    @Test func aScopedGrantLimitedToResourcesCoversOnlyThose() throws {
        let fixture = try Fixture("aws rds delete-db-instance --db-instance-identifier legacy-reports --profile staging", cwd: "/srv")
        let scope = GrantScope.scoped(
            environment: nil, effectClass: nil, resources: ["legacy-*"], anyResource: false, directory: nil, lifetime: nil)
        let outcome = try fixture.store.approve(
            fixture.request.id, key: fixture.alice, scope: scope, settings: ApprovalSettings(), now: Self.now)
        #expect(outcome.claims.effectClass != nil)
        #expect(try fixture.decide(cwd: "/srv").decision == .allow)
        let other = try Self.verdict("aws rds delete-db-instance --db-instance-identifier orders --profile staging", cwd: "/srv")
        #expect(try fixture.decide(other, cwd: "/srv").decision != .allow)
    }

    @Test func forgedChangedAndRevokedGrantsAreRefusedWithAReason() throws {
        let fixture = try Fixture()
        let outcome = try fixture.store.approve(
            fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)
        let stored = try #require(try fixture.store.database.query("SELECT token FROM grant_tokens").first?.first?.text)

        // One byte of the signed payload changed.
        var bytes = Array(stored.utf8)
        bytes[40] = bytes[40] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try fixture.store.database.query("UPDATE grant_tokens SET token = ?", [.text(String(decoding: bytes, as: UTF8.self))])
        let changed = try fixture.decide()
        #expect(changed.decision != .allow)
        #expect(changed.refusedGrants.contains { $0.contains("does not verify") })

        // Signed by a key nobody enrolled, claiming to be alice.
        let mallory = ApproverKey(
            principal: "alice", keyID: fixture.alice.keyID, publicKey: fixture.alice.publicKey, keyPair: Ed25519KeyPair.generate())
        var claims = outcome.claims
        claims.approver = "alice"
        let forged = try mallory.sign(
            claims, implicitAssertion: GrantClaims.implicitAssertion(audience: fixture.store.audience, actionDigest: claims.digest))
        try fixture.store.database.query("UPDATE grant_tokens SET token = ?", [.text(forged)])
        #expect(try fixture.decide().refusedGrants.contains { $0.contains("does not verify") })

        // The genuine token back, then revoked.
        try fixture.store.database.query("UPDATE grant_tokens SET token = ?", [.text(stored)])
        try fixture.store.revoke(outcome.grantID, by: "alice", reason: "test", now: Self.now + 1)
        let revoked = try fixture.decide()
        #expect(revoked.decision != .allow)
        #expect(revoked.refusedGrants.contains { $0.contains("revoked") })
        let recorded = try fixture.store.auditRecords(types: [.verdict]).last?.json?["refused_grants"]?.arrayValue
        #expect(recorded?.isEmpty == false)
    }

    @Test func aGrantIsBoundToItsInstallation() throws {
        let fixture = try Fixture()
        let outcome = try fixture.store.approve(
            fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)
        let token = try #require(try fixture.store.database.query("SELECT token FROM grant_tokens").first?.first?.text)
        let keys = fixture.store.trust.byID
        #expect(throws: GrantRefusal.self) {
            try Store.verifyToken(token, keys: keys, audience: "bw_another", actionDigest: fixture.verdict.digest)
        }
        #expect(
            try Store.verifyToken(token, keys: keys, audience: fixture.store.audience, actionDigest: fixture.verdict.digest).id
                == outcome.grantID)
    }

    @Test func aRevokedKeyInvalidatesItsGrants() throws {
        let fixture = try Fixture()
        _ = try fixture.store.approve(fixture.request.id, key: fixture.alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)
        // Revoked in the trust root: the grant's token no longer verifies.
        let approvers = "key alice \(Base64.encode(fixture.alice.publicKey))\nrevoke \(fixture.alice.keyID)\n"
        fixture.store.trust = try TrustRoot.parseApprovers(approvers, path: "approvers")
        let result = try fixture.decide()
        #expect(result.decision != .allow)
        #expect(result.refusedGrants.contains { $0.contains("revoked") })
    }

    /// An approval is bound to the plan it approved: every one-attribute change of the plan
    /// gives another digest, which no grant covers.
    @Test func anApprovedPlanChangedInOneAttributeIsNotCovered() throws {
        let plan =
            #"{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[{"address":"aws_db_instance.legacy","mode":"managed","type":"aws_db_instance","name":"legacy","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["delete"],"before":{"identifier":"legacy","deletion_protection":false,"allocated_storage":20,"engine":"postgres","instance_class":"db.t3.micro","skip_final_snapshot":true,"backup_retention_period":0,"multi_az":false,"storage_encrypted":false,"publicly_accessible":false},"after":null}}]}"#
        func planVerdict(_ text: String, workspace: String = "staging", serial: Int = 7) throws -> Verdict {
            let identity = PlanIdentity(contentSHA256: SHA256.hex(text.utf8), workspace: workspace, lineage: "7f1c-lineage", serial: serial)
            return try PlanGate(policy: DefaultPolicy.policy).evaluate(
                try PlanReader.read(Array(text.utf8)), identity: identity, target: PlanGate.Target(workspace: workspace), label: "tfplan"
            ).verdict
        }
        let store = try scratchStore()
        let alice = ApproverKey.generate(principal: "alice")
        store.trust = TrustedKeys(approvers: [alice])
        let approved = try planVerdict(plan)
        #expect(approved.decision != .allow)
        let context = ActionContext(requester: "dev", agent: "codex", source: "plan", cwd: "/srv/infra", kind: "plan")
        let request = try #require(
            try store.record(approved, context: context, settings: ApprovalSettings(), fileRequest: RequestFiling(), now: Self.now).request)
        _ = try store.approve(request.id, key: alice, scope: .exact, settings: ApprovalSettings(), now: Self.now)

        var mutations = [
            ("false", "true"), ("20", "21"), ("postgres", "mysql"), ("db.t3.micro", "db.t3.small"), ("legacy\",", "legacy2\","),
            ("1.11.4", "1.11.5"), ("\"delete\"", "\"delete\" "), ("\"multi_az\":false", "\"multi_az\":true"),
        ].compactMap { old, new -> String? in
            plan.contains(old) ? plan.replacingOccurrences(of: old, with: new, options: [], range: plan.range(of: old)) : nil
        }
        for index in 0..<44 {
            mutations.append(
                plan.replacingOccurrences(of: "\"backup_retention_period\":0", with: "\"backup_retention_period\":\(index + 1)"))
        }
        var refused = 0
        for mutated in mutations {
            let verdict = try planVerdict(mutated)
            let decided = try store.record(verdict, context: context, settings: ApprovalSettings(), fileRequest: nil, now: Self.now + 1)
            if decided.decision != .allow { refused += 1 }
        }
        // Same bytes, other state: a newer serial or another workspace.
        for (workspace, serial) in [("staging", 8), ("production", 7), ("default", 7), ("staging", 6)] {
            let decided = try store.record(
                try planVerdict(plan, workspace: workspace, serial: serial), context: context, settings: ApprovalSettings(),
                fileRequest: nil,
                now: Self.now + 1)
            if decided.decision != .allow { refused += 1 }
        }
        #expect(mutations.count + 4 >= 50)
        #expect(refused == mutations.count + 4)
        // The approved plan itself is allowed, once.
        #expect(
            try store.record(approved, context: context, settings: ApprovalSettings(), fileRequest: nil, now: Self.now + 2).decision
                == .allow)
    }
}

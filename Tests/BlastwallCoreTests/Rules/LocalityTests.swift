import BlastwallCore
import Testing

/// "An effect lands where it acts": local work is graded in the machine's own tier wherever the
/// directory is and whatever `--env` says; remote effects take the target; what on this machine
/// stands for production keeps its weight.
@Suite struct LocalityTests {
    static let production = AnalysisContext(
        cwd: "/srv/infra/envs/production", home: "/home/dev", environment: ["AWS_PROFILE": "prod"],
        workspace: WorkspaceFacts(gitRoot: "/srv/infra", gitBranch: "feature", hostname: "dev-laptop"))

    static func verdict(_ command: String, context: AnalysisContext = production, env: String? = "production") throws -> Verdict {
        try TestGate.evaluate(command, context: context, environment: env).verdict
    }

    /// The issue's own list of ordinary work, in a production directory with AWS_PROFILE=prod and
    /// `--env production`.
    @Test(arguments: [
        "git commit -m x", "git checkout -b feature/x", "git add -A", "git push -u origin feature", "mkdir -p infra/modules/db",
        "npm test", "npm install", "cargo build --release", "pytest -q", "swift test", "make lint", "terraform fmt -recursive",
        "rm -rf node_modules", "rm -rf /tmp/build-1234", "aws logs start-live-tail --log-group-identifiers arn:x",
        "az container logs -n a -g b", "gh pr comment 123 --body ok", "git lfs ls-files", "node --version", "make -n",
        "cp -r src src.bak", "cp app.db app.db.bak", "cp terraform.tfstate terraform.tfstate.bak", "pg_dump -F c db > out.dump",
        "rm -rf \"$TMPDIR/scratch\"", "d=$(mktemp -d); rm -rf \"$d\"", "rm -f .git/index.lock",
        "find . -name __pycache__ -type d -exec rm -rf {} +", "git tag -d v1", "gh cache delete -a",
        "kubectl completion fish > ~/.config/fish/completions/kubectl.fish", "sudo wipefs /dev/sdb",
        "python3 -c 'print(\"blastwall\")'", "local arr=(1 2)",
    ])
    func ordinaryWorkIsAllowedInProduction(_ command: String) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.decision == .allow, "\(command): \(verdict.findings.map { "\($0.effect.ruleID)@\($0.effect.target.environment)" })")
    }

    /// Remote effects and what stands for production are still stopped there.
    @Test(arguments: [
        ("terraform destroy -auto-approve", Decision.deny), ("terraform apply", .ask), ("aws s3 rb s3://data --force", .deny),
        ("git push --force origin main", .deny), ("git push origin main", .ask), ("kubectl delete ns payments", .deny),
        ("rm terraform.tfstate", .deny), ("rm -rf .git", .deny), ("echo x > terraform.tfstate", .deny),
        ("cp other.tfstate terraform.tfstate", .deny), ("scp app.tar.gz web-1:/srv/app/", .ask),
        ("restic -r s3:s3.amazonaws.com/backups forget --prune --keep-last 1", .deny), ("mytool backup delete nightly", .deny),
        ("rm -rf src", .ask), ("kubectl config use-context prod-eu && kubectl delete ns payments", .deny),
        ("ssh prod-web-1 'rm -rf /srv/app'", .deny), ("systemctl -H prod-db-1 stop postgresql", .deny),
    ])
    func remoteAndRepresentativeEffectsKeepTheirWeight(_ command: String, _ expected: Decision) throws {
        let verdict = try Self.verdict(command)
        #expect(
            verdict.decision == expected,
            "\(command): \(verdict.findings.map { "\($0.effect.ruleID)=\($0.decision.rawValue)@\($0.effect.target.environment)" })")
    }

    @Test func localWorkIsGradedInTheMachinesTierAndSaysSo() throws {
        let verdict = try Self.verdict("git commit -m x")
        let effect = try #require(verdict.findings.first?.effect)
        #expect(effect.locality == .here)
        #expect(effect.target.tier == .local)
        #expect(effect.target.reason.contains("on this machine 'dev-laptop'"))
    }

    /// This machine is production only where the policy says so: its host name matched by `hosts`.
    @Test func aMachineNamedForProductionGradesLocalWorkThere() throws {
        var context = Self.production
        context.workspace.hostname = "prod-web-1"
        let verdict = try Self.verdict("rm -rf src", context: context, env: nil)
        #expect(verdict.decision == .deny)
        #expect(verdict.findings.first?.effect.target.environment == "production")
        #expect(verdict.findings.first?.effect.target.reason.contains("this machine's host name 'prod-web-1'") == true)
    }

    @Test func remoteEffectsTakeTheForcedEnvironment() throws {
        let verdict = try Self.verdict("aws ec2 run-instances --image-id ami-1", env: "production")
        let effect = try #require(verdict.findings.first?.effect)
        #expect(effect.locality == .remote)
        #expect(effect.target.environment == "production")
        #expect(verdict.decision == .ask)
    }

    @Test func topicBranchesLandOnTheCodeHost() throws {
        let push = try #require(try Self.verdict("git push -u origin feature").findings.first?.effect)
        #expect(push.locality == .codeHost)
        #expect(push.target.environment == "code-host")
        // A branch the policy names as production is graded there, even on the code host.
        let release = try Self.verdict("git push --force origin production")
        #expect(release.decision == .deny)
    }

    /// Unknown programs are local writes, unless their words say they delete or deploy remotely.
    @Test(arguments: [
        ("./scripts/build.sh", Decision.allow), ("mytool sync ./a ./b", .allow), ("mytool backup delete nightly", .deny),
        ("firebase firestore:delete --all-collections", .deny), ("borg delete ::archive", .deny), ("make deploy", .ask),
        ("cargo publish", .ask), ("cargo publish --dry-run", .allow), ("/tmp/x/echo hi", .ask),
    ])
    func unrecognisedPrograms(_ command: String, _ expected: Decision) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.decision == expected, "\(command): \(verdict.findings.map { "\($0.effect.ruleID)=\($0.decision.rawValue)" })")
    }

    /// Every example of the catalogue is known, and the gate grades it as local work.
    @Test(arguments: ProgramCatalogue.examples)
    func theProgramCatalogueKnowsItsExamples(_ name: String) throws {
        #expect(ProgramCatalogue.kind(of: name) != nil, "\(name) is not catalogued")
        let effect = try #require(try Self.verdict(name + " x").findings.first?.effect)
        #expect(effect.ruleID == "shell.local-program", "\(name): \(effect.ruleID)")
        #expect(effect.locality == .here)
    }
}

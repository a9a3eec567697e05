import ArgumentParser
import BlastwallCore
import BlastwallStore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide allow, ask or deny for a Terraform or OpenTofu plan, the way a careful reviewer reads it.",
        discussion: """
            PLAN is the JSON of `terraform show -json PLANFILE` (a file, or - for standard input), or the binary
            planfile itself, which Blastwall reads by running `terraform show -json` in the planfile's directory
            (or --chdir). It looks for deletes and replacements of resources that hold data, protections turned
            off, whole-environment destruction, a plan that creates everything because the state is missing,
            forgotten and deposed objects, drift that shows something already gone, and anything it cannot read.

            Every verdict carries the plan's digest (its bytes, workspace, and the lineage and serial of the state
            it was made against): an approval binds to exactly that plan.

            Exit status: 0 allow, 3 ask, 2 deny, 1 the plan could not be read (treat as deny).

            Examples:
              terraform plan -out=tfplan && blastwall plan tfplan --env production
              terraform show -json tfplan | blastwall plan - --format markdown > plan-review.md
              blastwall plan tfplan --format sarif > blastwall.sarif
              blastwall plan tfplan --terraform tofu
            """)

    @ArgumentParser.Argument(
        help: ArgumentHelp("The plan: JSON from terraform show -json, a binary planfile, or - for standard input.", valueName: "plan"))
    var path: String

    @OptionGroup var decision: DecisionOptions

    @Option(name: .long, help: "Output format: text, json, markdown (for a pull-request comment) or sarif (for code scanning).")
    var format: PlanFormat = .text

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The terraform or tofu executable that reads a binary planfile (default: terraform, else tofu).", valueName: "path"))
    var terraform: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The Terraform working directory of the plan (default: the planfile's directory).", valueName: "dir"))
    var chdir: String?

    @Option(name: .long, help: "The workspace the plan was made in (default: TF_WORKSPACE, else the directory's selected workspace).")
    var workspace: String?

    @Flag(name: .long, help: "Do not record the verdict in the audit log (and so apply no grant).")
    var noLog = false

    @Flag(name: .long, help: "When the verdict is ask or deny, file a request for a second person to approve the plan.")
    var request = false

    @Option(name: .long, help: "Why the change is needed, shown to the approver (with --request).")
    var reason: String?

    func run() throws {
        let workspace = Workspace()
        let policy: Policy
        do {
            policy = try decision.loadPolicy(workspace)
        } catch {
            throw report(PlanError(code: "policy-error", message: "the policy could not be loaded: \(error)"))
        }
        let loader = PlanLoader(program: terraform, directory: chdir, workspace: self.workspace, environment: workspace.environment)
        let loaded: PlanLoader.Loaded
        do {
            loaded = try loader.load(path, cwd: workspace.cwd)
        } catch {
            if !noLog { AuditRecorder(workspace: workspace, source: "plan").recordFailure(error, input: path, cwd: workspace.cwd) }
            throw report(error)
        }
        var evaluation: PlanGate.Evaluation
        do {
            let target = PlanGate.Target(
                forcedEnvironment: decision.env, workspace: loaded.identity.workspace, workspaceSource: loaded.workspaceSource,
                directory: loaded.directory)
            evaluation = try PlanGate(policy: policy).evaluate(loaded.plan, identity: loaded.identity, target: target, label: path)
        } catch {
            throw report(error)
        }
        if !noLog {
            do {
                evaluation.verdict = try AuditRecorder(workspace: workspace, source: "plan").record(
                    evaluation.verdict, policy: policy, cwd: loaded.directory, kind: "plan",
                    fileRequest: request ? RequestFiling(reason: reason, explicit: true) : nil)
            } catch {
                throw report(
                    PlanError(code: "store-error", message: "the verdict could not be recorded in \(workspace.storePath): \(error.message)")
                )
            }
        }
        let report = PlanReport(evaluation: evaluation, color: SystemIO.isTerminal(1) && workspace.environment["NO_COLOR"] == nil)
        switch format {
        case .text: SystemIO.writeStandardOutput(report.text())
        case .json: SystemIO.writeStandardOutput(report.json().pretty() + "\n")
        case .markdown: SystemIO.writeStandardOutput(report.markdown())
        case .sarif: SystemIO.writeStandardOutput(report.sarif().pretty() + "\n")
        }
        throw ExitCode(evaluation.verdict.decision.exitCode)
    }

    /// A plan that cannot be judged: say why, print a deny for machines, exit 1.
    func report(_ error: PlanError) -> ExitCode {
        switch format {
        case .json, .sarif:
            var members: [(String, JSON)] = [
                ("decision", .string("deny")),
                ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
                ("rules", .array([])), ("environment", .string("unknown")), ("effects", .array([])),
            ]
            if let offset = error.offset { members.append(("offset", .number(String(offset)))) }
            if format == .json { SystemIO.writeStandardOutput(JSON.object(members).pretty() + "\n") }
            SystemIO.writeStandardError("blastwall: error: [\(error.code)] \(error.message)\n")
        case .text, .markdown:
            SystemIO.writeStandardError(
                "blastwall: error: [\(error.code)] \(error.message)\n  Blastwall cannot judge a plan it cannot read, so this counts as deny.\n"
            )
        }
        return ExitCode(1)
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, sarif
}

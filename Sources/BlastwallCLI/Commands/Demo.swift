import ArgumentParser
import BlastwallCore
import BlastwallSQL

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the February 2026 incident's commands and show what Blastwall decides for each.",
        discussion: "Runs nothing: every command is only analysed, with the built-in policy and no files.")

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    struct Step {
        let story: String
        let command: String
        let cwd: String
        let variables: [String: String]
    }

    static let steps: [Step] = [
        Step(
            story: "The agent inspects the production Terraform directory.", command: "terraform plan", cwd: "/srv/infra/production",
            variables: [:]),
        Step(
            story: "The state file is missing, so the plan says 'create everything'; the agent applies it without a saved plan.",
            command: "terraform apply -auto-approve", cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "The old state is restored over the new one by hand.",
            command: "cp ~/Downloads/terraform.tfstate.backup terraform.tfstate", cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "Now the plan says 'destroy everything', and the agent tidies up.", command: "terraform destroy -auto-approve",
            cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "The same, hidden in a wrapper and a variable.",
            command: "t=terraform; timeout 600 bash -c \"$t destroy -auto-approve\"", cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "The database's automated snapshots lived in the same blast radius.",
            command: "aws --profile production rds delete-db-snapshot --db-snapshot-identifier app-2026-02-01",
            cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "Turning off the protection that would have stopped it.",
            command: "aws rds modify-db-instance --db-instance-identifier app --no-deletion-protection --apply-immediately",
            cwd: "/srv/infra/production", variables: ["AWS_PROFILE": "production"]),
        Step(
            story: "The same destroy in a scratch sandbox is routine.", command: "terraform destroy -auto-approve",
            cwd: "/home/dev/sandbox", variables: ["TF_WORKSPACE": "sandbox"]),
        Step(
            story: "The reviewed path: save the plan and read it.", command: "terraform plan -out=tfplan",
            cwd: "/srv/infra/production", variables: [:]),
        Step(
            story: "Applying exactly that plan still asks a person in production.",
            command: "terraform apply tfplan", cwd: "/srv/infra/production", variables: [:]),
    ]

    func run() throws {
        let gate = CommandGate()
        var out = format == .text ? "Blastwall demo: the incident, command by command (nothing is run).\n\n" : ""
        var results: [JSON] = []
        let color = SystemIO.isTerminal(1) && SystemIO.environment("NO_COLOR") == nil
        for (index, step) in Self.steps.enumerated() {
            let context = AnalysisContext(cwd: step.cwd, home: "/home/dev", environment: step.variables, postgres: PostgresClassifier())
            let evaluation = try gate.evaluate(command: step.command, context: context)
            let verdict = evaluation.verdict
            switch format {
            case .text:
                out += "\(index + 1). \(step.story)\n"
                let prefix = step.variables.map { "\($0.key)=\($0.value) " }.sorted().joined()
                out += "   $ \(prefix)\(step.command)    (in \(step.cwd))\n"
                out +=
                    TextReport(verdict: verdict, color: color).render().split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "   " + $0 }.joined(separator: "\n") + "\n"
            case .json:
                var record = verdict.json()
                record.set("story", .string(step.story))
                record.set("cwd", .string(step.cwd))
                results.append(record)
            }
        }
        if format == .json {
            out = JSON.array(results).pretty() + "\n"
        }
        SystemIO.writeStandardOutput(out)
    }
}

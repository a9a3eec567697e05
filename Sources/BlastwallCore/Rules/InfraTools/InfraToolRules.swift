/// pulumi, cdk, cdktf, serverless and sst: destroying stacks, replacing resources, deploying
/// without review.
public enum InfraToolRules {
    /// Options that take a separate value, per program.
    static let optionsWithValues: [String: Set<String>] = [
        "pulumi": [
            "-C", "--cwd", "-s", "--stack", "--color", "--config-file", "-c", "--config", "-m", "--message", "-t", "--target",
            "--replace", "--target-replace", "-p", "--parallel", "--secrets-provider", "--exclude", "--tracing",
            "--exec-kind", "--policy-pack", "--policy-pack-config", "--plan", "-v", "--verbose", "--tracing-header",
            "--attach-debugger", "--stack-tag", "-j", "--from", "--to",
        ],
        "cdk": [
            "--profile", "-a", "--app", "-c", "--context", "-o", "--output", "--role-arn", "-r", "--require-approval",
            "--parameters", "--outputs-file", "-O", "--toolkit-stack-name", "--method", "-m", "--notification-arns", "--tags",
            "-t", "--concurrency", "--build-exclude", "-E", "--plugin", "-p", "--proxy", "--ca-bundle-path", "--change-set-name",
            "--asset-parallelism", "--rollback",
        ],
        "cdktf": [
            "--app", "-a", "--output", "-o", "--var", "--var-file", "--parallelism", "--outputs-file", "--language",
        ],
        "serverless": [
            "--stage", "-s", "--region", "-r", "--aws-profile", "--config", "-c", "--function", "-f", "--param", "--data",
            "-d", "--path", "-p", "--timestamp", "-t", "--org", "--app",
        ],
        "sst": ["--stage", "--config", "--region", "--profile", "--from", "--to", "--target"],
    ]

    /// An infra tool command line: the program (`sls` read as `serverless`), the verb and its operands.
    struct Command {
        let invocation: Invocation
        let program: String
        let words: [Argument]

        init(_ invocation: Invocation) {
            self.invocation = invocation
            program = invocation.program == "sls" ? "serverless" : invocation.program
            words = invocation.positionals(optionsWithValues: InfraToolRules.optionsWithValues[program] ?? [])
        }

        var verb: Argument? { words.first }
        var verbText: String { words.first?.text ?? "" }
        var action: Argument? { words.dropFirst().first }
        var actionText: String { action?.text ?? "" }
        var operands: [String] { words.dropFirst().map(\.approximation) }

        func flag(_ names: String...) -> Argument? { invocation.flagArgument(names) }

        /// The stack or stage the command acts on, for messages.
        var target: String {
            if let stack = invocation.option("--stack") ?? (program == "pulumi" ? invocation.option("-s") : nil) {
                return " of stack \(stack)"
            }
            if let stage = invocation.option("--stage") ?? (program == "serverless" ? invocation.option("-s") : nil) {
                return " of stage \(stage)"
            }
            return ""
        }
    }

    /// The stage a cdk app is told about in its context (`-c stage=prod`).
    static func cdkStages(_ invocation: Invocation) -> [String] {
        var stages: [String] = []
        var index = 0
        let arguments = invocation.arguments
        while index < arguments.count {
            let text = arguments[index].approximation
            var value: String?
            if text == "-c" || text == "--context", index + 1 < arguments.count {
                value = arguments[index + 1].approximation
                index += 1
            } else if text.hasPrefix("--context=") {
                value = String(text.dropFirst("--context=".count))
            }
            if let value, let equals = value.firstIndex(of: "=") {
                let key = value[..<equals].lowercased()
                if ["stage", "env", "environment", "stack", "account"].contains(key) {
                    stages.append(String(value[value.index(after: equals)...]))
                }
            }
            index += 1
        }
        return stages
    }

    public static let family = ToolFamily(
        name: "infra", programs: ["pulumi", "cdk", "serverless", "sls", "cdktf", "sst"], isRemote: true,
        rules: [
            CommandRule(
                "infra.help", .read, summary: "Shows help; changes nothing",
                triggering: ["pulumi destroy «--help»", "cdk destroy «-h»", "sls «help»", "serverless remove «--help»"],
                nonTriggering: ["pulumi destroy", "cdk destroy --all"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.verbText == "help", let verb = command.verb { return RuleMatch(span: verb.span) }
                guard let flag = invocation.flagArgument(["--help", "-h"]) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "infra.preview-only", .read, summary: "Previews what would change; changes nothing",
                triggering: ["pulumi destroy «--preview-only»", "pulumi refresh --stack prod «--preview-only»", "sls deploy «--noDeploy»"],
                nonTriggering: ["pulumi destroy --yes", "pulumi up"]
            ) { invocation, _ in
                guard let flag = invocation.flagArgument(["--preview-only", "--noDeploy", "--no-deploy"]) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "infra.stack-remove", .destroy,
                summary: "Removes a Pulumi stack with its configuration and deployment history",
                safer: "Destroy the stack's resources first (pulumi destroy, reviewed), then remove the empty stack",
                triggering: [
                    "pulumi «stack rm» dev", "pulumi «stack rm» prod --force --yes",
                    "pulumi -C infra «stack rm» --stack acme/web/staging -y",
                ],
                nonTriggering: ["pulumi stack ls", "pulumi stack select prod", "pulumi stack output"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.program == "pulumi", command.verbText == "stack", ["rm", "remove"].contains(command.actionText),
                    let verb = command.verb, let action = command.action
                else { return nil }
                let name = command.words.dropFirst(2).first?.approximation ?? invocation.option("--stack", "-s")
                let span = verb.span.union(action.span)
                if command.flag("--force", "-f") != nil {
                    return RuleMatch(
                        span: span, resources: name.map { [$0] } ?? [],
                        message:
                            "Removes the stack \(name ?? "") even though it still has resources: they are orphaned and its state and history are gone",
                        effectClass: .irreversible)
                }
                return RuleMatch(
                    span: span, resources: name.map { [$0] } ?? [],
                    message: "Removes the stack \(name ?? "") with its configuration and deployment history")
            },
            CommandRule(
                "infra.env-remove", .irreversible,
                summary: "Deletes a Pulumi ESC environment with every secret and setting in it",
                safer: "Export it first (pulumi env get NAME --show-secrets > backup), then remove only the keys you mean",
                triggering: ["pulumi «env rm» acme/prod", "pulumi «env remove» staging --yes"],
                nonTriggering: ["pulumi env rm acme/prod db.password", "pulumi env ls", "pulumi env get acme/prod"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.program == "pulumi", command.verbText == "env", ["rm", "remove"].contains(command.actionText),
                    let verb = command.verb, let action = command.action
                else { return nil }
                let operands = command.words.dropFirst(2).filter { !($0.text ?? "-").hasPrefix("-") }
                // With a key after the name only that value goes.
                guard operands.count == 1 else { return nil }
                return RuleMatch(span: verb.span.union(action.span), resources: operands.map(\.approximation))
            },
            CommandRule(
                "infra.unprotect", .irreversible,
                summary: "Removes the protection that stops Pulumi deleting resources",
                safer: "Leave resources protected; change `protect` in code through a reviewed change",
                triggering: [
                    "pulumi «state unprotect» 'urn:pulumi:prod::app::aws:rds/instance:Instance::db'",
                    "pulumi --stack prod «state unprotect» --all",
                ],
                nonTriggering: ["pulumi state protect urn:x", "pulumi stack export"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.program == "pulumi", command.verbText == "state", command.actionText == "unprotect",
                    let verb = command.verb, let action = command.action
                else { return nil }
                return RuleMatch(span: verb.span.union(action.span), resources: Array(command.operands.dropFirst()))
            },
            CommandRule(
                "infra.state-delete", .destroy,
                summary: "Deletes resources from the Pulumi state: they keep running but are no longer managed",
                safer: "Remove the resource from code with `retainOnDelete`, or use pulumi state move, through a reviewed change",
                triggering: [
                    "pulumi «state delete» 'urn:pulumi:prod::app::aws:s3/bucket:Bucket::assets'",
                    "pulumi -s prod «state delete» urn:x --force",
                ],
                nonTriggering: ["pulumi state edit", "pulumi stack export --file state.json"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.program == "pulumi", command.verbText == "state", ["delete", "rm"].contains(command.actionText),
                    let verb = command.verb, let action = command.action
                else { return nil }
                return RuleMatch(span: verb.span.union(action.span), resources: Array(command.operands.dropFirst()))
            },
            CommandRule(
                "infra.destroy", .destroy,
                summary: "Destroys every resource of the stack or stage",
                safer:
                    "Remove the resources from code and deploy a reviewed change; preview first (pulumi destroy --preview-only, cdk diff)",
                triggering: [
                    "pulumi «destroy» --yes", "pulumi --stack prod «destroy»", "pulumi «down» -s acme/web/prod --skip-preview",
                    "cdk «destroy» --all --force", "cdk --profile prod-admin «destroy» ApiStack", "sls «remove» --stage prod",
                    "serverless «remove» -s dev --aws-profile acme-dev", "cdktf «destroy» --auto-approve", "sst «remove» --stage prod",
                ],
                nonTriggering: ["pulumi preview", "cdk diff", "sls deploy --stage prod", "pulumi destroy --preview-only"]
            ) { invocation, _ in
                let command = Command(invocation)
                let verbs: Set<String> =
                    switch command.program {
                    case "pulumi": ["destroy", "down", "dn"]
                    case "cdk", "cdktf": ["destroy"]
                    case "serverless", "sst": ["remove"]
                    default: []
                    }
                guard verbs.contains(command.verbText), let verb = command.verb else { return nil }
                let stacks = command.operands
                let what = stacks.isEmpty ? "every resource\(command.target)" : "the stacks \(stacks.joined(separator: ", "))"
                return RuleMatch(span: verb.span, resources: stacks, message: "Destroys \(what)")
            },
            CommandRule(
                "infra.replace", .destroy,
                summary: "Forces resources to be deleted and created again",
                safer: "Preview the replacement first (pulumi preview --replace URN) and check what data the resource holds",
                triggering: [
                    "pulumi up «--replace urn:pulumi:prod::app::aws:rds/instance:Instance::db»", "pulumi up --yes «--target-replace=urn:x»",
                ],
                nonTriggering: ["pulumi preview --replace urn:x", "pulumi up"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.program == "pulumi", ["up", "update"].contains(command.verbText),
                    let found = invocation.optionArgument(["--replace", "--target-replace"])
                else { return nil }
                return RuleMatch(
                    span: found.span, resources: [found.value],
                    message: "Deletes and recreates \(found.value); data it holds is lost")
            },
            CommandRule(
                "infra.deploy", .write,
                summary: "Deploys changes to the stack or stage",
                safer: "Preview first (pulumi preview, cdk diff, sst diff) and deploy through the reviewed pipeline",
                triggering: [
                    "pulumi «up» --yes", "pulumi --stack prod «refresh»", "cdk «deploy» --all --require-approval never",
                    "cdk «deploy» --hotswap ApiStack", "sls «deploy» --stage prod", "cdktf «deploy» api", "sst «deploy» --stage staging",
                    "serverless «invoke» -f hello --stage dev",
                ],
                nonTriggering: ["pulumi preview", "cdk synth", "sls info --stage prod"]
            ) { invocation, _ in
                let command = Command(invocation)
                let verbs: Set<String> =
                    switch command.program {
                    case "pulumi": ["up", "update", "refresh", "import", "cancel"]
                    case "cdk": ["deploy", "bootstrap", "import", "migrate", "watch", "rollback", "refactor"]
                    case "cdktf": ["deploy", "apply", "watch"]
                    case "serverless": ["deploy", "rollback", "invoke"]
                    case "sst": ["deploy", "dev", "refresh", "unlock"]
                    default: []
                    }
                guard verbs.contains(command.verbText), let verb = command.verb else { return nil }
                var notes: [String] = []
                if command.flag("--yes", "-y", "--skip-preview", "--auto-approve", "-f") != nil, command.program != "serverless" {
                    notes.append("without a preview or confirmation")
                }
                if let approval = invocation.option("--require-approval"), approval == "never" {
                    notes.append("without approving security changes")
                }
                if command.flag("--hotswap", "--hotswap-fallback") != nil { notes.append("hot-swapping around CloudFormation") }
                let message = notes.isEmpty ? nil : "Deploys changes\(command.target) " + notes.joined(separator: ", ")
                return RuleMatch(span: verb.span, resources: command.operands, message: message)
            },
            CommandRule(
                "infra.local", .write,
                summary: "Creates a project, selects a stack or configures the CLI on this machine; nothing is deployed",
                triggering: [
                    "pulumi «new» aws-typescript", "pulumi «stack select» prod", "pulumi «stack init» dev", "pulumi «login»",
                    "pulumi «config set» aws:region eu-west-1", "pulumi «org set-default» acme", "cdk «init» app --language typescript",
                ],
                nonTriggering: ["pulumi up", "pulumi stack rm dev", "pulumi env rm prod", "cdk deploy"],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard let verb = command.verb else { return nil }
                let single: [String: Set<String>] = [
                    "pulumi": [
                        "new", "login", "logout", "console", "install", "convert", "gen-completion", "completion", "whoami", "about",
                    ],
                    "cdk": ["init", "bootstrap-template", "acknowledge", "ack", "context"], "cdktf": ["init", "get", "provider"],
                    "serverless": ["create", "install", "config", "plugin", "login", "logout"], "sst": ["install", "add", "telemetry"],
                ]
                if single[command.program]?.contains(command.verbText) == true { return RuleMatch(span: verb.span) }
                guard command.program == "pulumi", let action = command.action else { return nil }
                let pairs: [String: Set<String>] = [
                    "stack": ["select", "init", "change-secrets-provider", "unselect"],
                    "config": ["set", "set-all", "rm", "rm-all", "refresh", "cp", "env"],
                    "org": ["set-default"], "plugin": ["install", "rm"], "policy": ["new"],
                ]
                guard pairs[command.verbText]?.contains(command.actionText) == true else { return nil }
                return RuleMatch(span: verb.span.union(action.span))
            },
            CommandRule(
                "infra.read", .read, summary: "Previews, diffs, synthesises or lists; changes nothing",
                triggering: [
                    "pulumi «preview» --stack prod", "pulumi «stack ls»", "pulumi «stack output» url", "cdk «diff» ApiStack",
                    "cdk «synth»", "cdk «ls»", "sls «info» --stage prod", "cdktf «diff»", "sst «diff» --stage prod",
                ],
                nonTriggering: ["pulumi up", "cdk deploy", "pulumi stack rm dev"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let verb = command.verb else { return nil }
                let reads: Set<String> =
                    switch command.program {
                    case "pulumi": ["preview", "pre", "whoami", "version", "about", "logs", "help"]
                    case "cdk": ["diff", "synth", "synthesize", "ls", "list", "doctor", "docs", "notices", "metadata", "version", "drift"]
                    case "cdktf": ["diff", "synth", "list", "output", "plan", "help"]
                    case "serverless": ["info", "print", "logs", "metrics", "package", "help", "--version", "version"]
                    case "sst": ["diff", "version", "help"]
                    default: []
                    }
                if reads.contains(command.verbText) { return RuleMatch(span: verb.span) }
                if command.program == "pulumi" {
                    let subReads: [String: Set<String>] = [
                        "stack": ["ls", "output", "history", "export", "graph", "tag"], "config": ["get"], "plugin": ["ls"],
                        "org": ["get-default"], "policy": ["ls"], "env": ["ls", "get", "diff", "version"],
                    ]
                    if ["stack", "config"].contains(command.verbText), command.action == nil { return RuleMatch(span: verb.span) }
                    if let allowed = subReads[command.verbText], let action = command.action, allowed.contains(command.actionText) {
                        if command.verbText == "stack", command.actionText == "tag", command.words.dropFirst(2).first?.text != "ls" {
                            return nil
                        }
                        return RuleMatch(span: verb.span.union(action.span))
                    }
                }
                if command.program == "cdk", command.verbText == "context", command.flag("--clear", "--reset", "-e") == nil {
                    return RuleMatch(span: verb.span)
                }
                return nil
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            let command = Command(invocation)
            switch command.program {
            case "pulumi":
                if let stack = invocation.option("--stack", "-s") {
                    builder.add(.name, Paths.lastComponent(stack), source: "--stack \(stack)")
                }
                if command.verbText == "stack", ["rm", "remove", "select", "init"].contains(command.actionText),
                    let name = command.words.dropFirst(2).first?.text
                {
                    builder.add(.name, Paths.lastComponent(name), source: "pulumi stack \(command.actionText)")
                }
                if let directory = invocation.option("--cwd", "-C") {
                    builder.add(.directory, Paths.resolve(directory, cwd: context.cwd, home: context.home), source: "--cwd")
                }
                if let (stack, source) = invocation.variable("PULUMI_STACK", in: context) {
                    builder.add(.name, Paths.lastComponent(stack), source: source)
                }
                builder.variable(.awsProfile, "AWS_PROFILE")
            case "cdk":
                builder.flag(.awsProfile, "--profile")
                for stage in cdkStages(invocation) { builder.add(.name, stage, source: "cdk context") }
                for stack in command.operands { builder.add(.name, stack, source: "cdk stack \(stack)") }
                builder.variable(.awsProfile, "AWS_PROFILE")
            case "cdktf":
                for stack in command.operands { builder.add(.name, stack, source: "cdktf stack \(stack)") }
                builder.variable(.awsProfile, "AWS_PROFILE")
            case "serverless":
                builder.flag(.name, "--stage", "-s")
                builder.flag(.awsProfile, "--aws-profile")
                builder.variable(.name, "SLS_STAGE")
                builder.variable(.awsProfile, "AWS_PROFILE")
            case "sst":
                builder.flag(.name, "--stage")
                builder.flag(.awsProfile, "--profile")
                builder.variable(.name, "SST_STAGE")
                builder.variable(.awsProfile, "AWS_PROFILE")
            default:
                break
            }
            return builder.hints
        })
}

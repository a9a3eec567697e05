/// terraform, OpenTofu and Terragrunt: whole-state destruction, replacements, state surgery and
/// applies that nobody reviewed.
public enum TerraformRules {
    /// A terraform command line split the way terraform reads it: global options, then the
    /// subcommand (with Terragrunt's `run-all`/`run --all --` prefixes removed), then its arguments.
    struct Command {
        var chdir: String?
        var subcommand: Argument?
        var rest: [Argument]
        var allModules: Bool

        init(_ invocation: Invocation) {
            var arguments = invocation.arguments[...]
            var allModules = false
            while let first = arguments.first, let text = first.text {
                if text.hasPrefix("-chdir=") || text.hasPrefix("--chdir=") {
                    chdir = String(text.split(separator: "=", maxSplits: 1).last ?? "")
                } else if ["--terragrunt-working-dir", "--working-dir"].contains(text) {
                    arguments = arguments.dropFirst()
                    chdir = arguments.first?.text
                } else if ["run-all", "--all", "-all", "--"].contains(text) {
                    allModules = allModules || text != "--"
                } else if text == "run" && invocation.program == "terragrunt" {
                    // `terragrunt run [--all] [--] destroy`
                } else if !text.hasPrefix("-") || ["-version", "--version", "-help", "--help"].contains(text) {
                    break
                }
                arguments = arguments.dropFirst()
            }
            if let first = arguments.first, let text = first.text, text.hasSuffix("-all"),
                invocation.program == "terragrunt"
            {
                // Legacy `terragrunt destroy-all`.
                allModules = true
                subcommand = Argument(text: String(text.dropLast(4)), span: first.span)
            } else {
                subcommand = arguments.first
            }
            rest = Array(arguments.dropFirst())
            self.allModules = allModules
        }

        var name: String? { subcommand?.text }

        func flag(_ names: String...) -> Argument? {
            rest.first { argument in
                guard let text = argument.text else { return false }
                return names.contains { text == $0 || text.hasPrefix($0 + "=") }
            }
        }

        /// Positional arguments of the subcommand (options are all `-name[=value]` in terraform).
        var operands: [Argument] {
            rest.filter { !($0.text ?? "").hasPrefix("-") }
        }

        /// Values of a repeatable `-name=value` option.
        func values(of name: String) -> [String] {
            rest.compactMap { argument in
                guard let text = argument.text else { return nil }
                for prefix in [name + "=", "-" + name + "="] where text.hasPrefix(prefix) {
                    return String(text.dropFirst(prefix.count))
                }
                return nil
            }
        }

        /// Values of an option given as `-name=value` or `-name value` (terraform's flag package
        /// takes both).
        func spacedValues(of name: String) -> [String] {
            var values = self.values(of: name)
            for (index, argument) in rest.enumerated() where argument.text == name || argument.text == "-" + name {
                if let value = rest.dropFirst(index + 1).first?.text { values.append(value) }
            }
            return values
        }

        var isHelp: Bool { rest.contains { ["-help", "--help", "-h"].contains($0.text ?? "") } || name == "help" }
        var scope: String { allModules ? " in every module" : "" }
    }

    static let readSubcommands: Set<String> = [
        "plan", "show", "validate", "output", "version", "providers", "graph", "console", "help", "-version",
        "--version", "-help", "--help", "get", "metadata", "render-json", "graph-dependencies", "hclfmt",
        "output-module-groups", "info", "find", "list", "stacks",
    ]

    public static let family = ToolFamily(
        name: "terraform", programs: ["terraform", "tofu", "terragrunt", "opentofu"], isRemote: true,
        rules: [
            CommandRule(
                "terraform.help", .read, summary: "Shows help; changes nothing",
                triggering: ["terraform «destroy -help»", "tofu «apply --help»"],
                nonTriggering: ["terraform destroy", "terraform plan"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.isHelp, let subcommand = command.subcommand else { return nil }
                return RuleMatch(span: subcommand.span.union(command.rest.last?.span ?? subcommand.span))
            },
            CommandRule(
                "terraform.destroy", .destroy,
                summary: "Destroys every resource in the state",
                safer:
                    "Remove the resources from the configuration and apply a reviewed plan: terraform plan -out=tfplan, review it, then terraform apply tfplan",
                triggering: [
                    "terraform «destroy»", "tofu -chdir=prod «destroy» -auto-approve", "terraform apply «-destroy»",
                    "terraform apply «-destroy=true» -auto-approve", "terragrunt run-all «destroy»",
                    "terragrunt run --all -- «destroy»", "terragrunt «destroy-all»", "terraform «destroy» -target=aws_s3_bucket.logs",
                ],
                nonTriggering: [
                    "terraform plan -destroy -out=p", "echo terraform destroy", "terraform apply -destroy=false",
                    "terraform destroy -help", "git commit -m 'terraform destroy'",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                let targets = command.values(of: "-target")
                if command.name == "destroy", let subcommand = command.subcommand {
                    return RuleMatch(
                        span: subcommand.span, resources: targets,
                        message: targets.isEmpty
                            ? "Destroys every resource in the state\(command.scope)"
                            : "Destroys \(targets.joined(separator: ", "))\(command.scope)")
                }
                if command.name == "apply", let flag = command.flag("-destroy", "--destroy"),
                    flag.text != "-destroy=false"
                {
                    return RuleMatch(
                        span: flag.span, resources: targets,
                        message: "apply -destroy destroys every resource in the state\(command.scope)")
                }
                return nil
            },
            CommandRule(
                "terraform.replace", .destroy,
                summary: "Forces resources to be destroyed and created again",
                safer: "Plan the replacement with -out, review what the replacement loses, then apply that plan",
                triggering: [
                    "terraform apply «-replace=aws_db_instance.main»", "tofu apply -auto-approve «-replace=module.db.aws_rds_cluster.this»",
                ],
                nonTriggering: ["terraform plan -replace=aws_db_instance.main -out=p", "terraform apply tfplan"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "apply", let flag = command.flag("-replace") else { return nil }
                let addresses = command.values(of: "-replace")
                return RuleMatch(
                    span: flag.span, resources: addresses,
                    message: "Destroys and recreates \(addresses.joined(separator: ", ")); data they hold is lost")
            },
            CommandRule(
                "terraform.state-push", .irreversible,
                summary: "Overwrites the remote state with a local file",
                safer: "Back up the current state (terraform state pull > backup.tfstate) and fix it with moved/import blocks instead",
                triggering: ["terraform «state push» terraform.tfstate", "terraform «state push» -force old.tfstate"],
                nonTriggering: ["terraform state pull", "terraform state list"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "state", let action = command.operands.first, action.text == "push",
                    let subcommand = command.subcommand
                else { return nil }
                return RuleMatch(span: subcommand.span.union(action.span))
            },
            CommandRule(
                "terraform.state-remove", .destroy,
                summary: "Removes resources from the state: terraform stops managing them, and a later apply may create duplicates",
                safer: "Use a `removed` block in configuration so the change is planned and reviewed",
                triggering: ["terraform «state rm» aws_db_instance.main", "tofu -chdir=envs/prod «state rm» 'module.db'"],
                nonTriggering: ["terraform state list", "terraform state show aws_db_instance.main"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "state", let action = command.operands.first, action.text == "rm",
                    let subcommand = command.subcommand
                else { return nil }
                return RuleMatch(
                    span: subcommand.span.union(action.span),
                    resources: command.operands.dropFirst().map(\.approximation))
            },
            CommandRule(
                "terraform.state-move", .write,
                summary: "Moves resources within the state",
                safer: "Use a `moved` block so the move is planned and reviewed",
                triggering: ["terraform «state mv» aws_s3_bucket.a aws_s3_bucket.b", "terraform «state replace-provider» a b"],
                nonTriggering: ["terraform state list"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "state", let action = command.operands.first,
                    action.text == "mv" || action.text == "replace-provider", let subcommand = command.subcommand
                else { return nil }
                return RuleMatch(
                    span: subcommand.span.union(action.span), resources: command.operands.dropFirst().map(\.approximation))
            },
            CommandRule(
                "terraform.workspace-delete", .destroy,
                summary: "Deletes a workspace and its state",
                safer: "Destroy the workspace's resources through a reviewed plan first, and keep a state backup",
                triggering: ["terraform «workspace delete» staging", "tofu «workspace delete» -force prod"],
                nonTriggering: ["terraform workspace list", "terraform workspace select prod"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "workspace", let action = command.operands.first, action.text == "delete",
                    let subcommand = command.subcommand
                else { return nil }
                let forced = command.flag("-force") != nil
                return RuleMatch(
                    span: subcommand.span.union(action.span), resources: command.operands.dropFirst().map(\.approximation),
                    message: forced
                        ? "Deletes a workspace even though its state still tracks resources, which are then orphaned"
                        : nil,
                    effectClass: forced ? .irreversible : nil)
            },
            CommandRule(
                "terraform.force-unlock", .destroy,
                summary: "Breaks the state lock; if another run is still applying, the state can be corrupted",
                safer: "Confirm no other run holds the lock (check the CI job or the lock's owner) before unlocking",
                triggering: ["terraform «force-unlock» 6f1c2a", "tofu «force-unlock» -force 6f1c2a"],
                nonTriggering: ["terraform plan -lock-timeout=5m"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "force-unlock", let subcommand = command.subcommand else { return nil }
                return RuleMatch(span: subcommand.span)
            },
            CommandRule(
                "terraform.taint", .destroy,
                summary: "Marks a resource for destruction and re-creation on the next apply",
                safer: "Use terraform plan -replace=ADDRESS -out=tfplan and review the plan",
                triggering: ["terraform «taint» aws_db_instance.main"],
                nonTriggering: ["terraform untaint aws_db_instance.main"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "taint", let subcommand = command.subcommand else { return nil }
                return RuleMatch(span: subcommand.span, resources: command.operands.map(\.approximation))
            },
            CommandRule(
                "terraform.import", .write,
                summary: "Brings an existing resource under this state's management (a later destroy would delete it)",
                safer: "Use an `import` block so the import is planned and reviewed",
                triggering: ["terraform «import» aws_db_instance.main prod-db"],
                nonTriggering: ["terraform plan"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "import", let subcommand = command.subcommand else { return nil }
                return RuleMatch(span: subcommand.span, resources: command.operands.prefix(1).map(\.approximation))
            },
            CommandRule(
                "terraform.apply-saved-plan", .write,
                summary: "Applies a saved plan file; what it changes is in the plan, which `blastwall plan` judges",
                safer: "Review the plan first: blastwall plan PLANFILE",
                triggering: ["terraform apply «tfplan»", "tofu -chdir=infra apply -auto-approve «prod.plan»"],
                nonTriggering: ["terraform apply", "terraform apply -auto-approve -var-file=prod.tfvars"]
            ) { invocation, context in
                let command = Command(invocation)
                guard command.name == "apply", let plan = command.operands.first else { return nil }
                let directory = command.chdir.map { Paths.resolve($0, cwd: context.cwd, home: context.home) } ?? context.cwd
                var match = RuleMatch(
                    span: plan.span, resources: [plan.approximation],
                    message: "Applies the saved plan \(plan.approximation)\(command.scope); its changes are whatever the plan holds")
                if let path = plan.text {
                    match.details = [
                        "planfile": Paths.resolve(path, cwd: directory, home: context.home), "directory": directory,
                        "program": invocation.program,
                    ]
                }
                return match
            },
            CommandRule(
                "terraform.apply-unreviewed", .write,
                summary: "Applies changes that were never saved as a plan and reviewed",
                safer: "terraform plan -out=tfplan, review it (blastwall plan tfplan), then terraform apply tfplan",
                triggering: ["terraform «apply»", "terraform «apply» -auto-approve", "terragrunt run-all «apply»", "terraform «refresh»"],
                nonTriggering: ["terraform apply tfplan", "terraform plan -out=tfplan"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "apply" || command.name == "refresh", let subcommand = command.subcommand else {
                    return nil
                }
                let auto = command.flag("-auto-approve") != nil
                return RuleMatch(
                    span: subcommand.span,
                    message: command.name == "refresh"
                        ? "Rewrites the state from what exists now, without a reviewed plan"
                        : "Applies changes\(command.scope) that were never saved as a plan and reviewed"
                            + (auto ? ", without even the interactive confirmation (-auto-approve)" : ""))
            },
            CommandRule(
                "terraform.init-migrate-state", .write,
                summary: "Moves or copies state to another backend",
                safer: "Back up the state first (terraform state pull > backup.tfstate)",
                triggering: ["terraform init «-migrate-state»", "terraform init «-force-copy»"],
                nonTriggering: ["terraform init", "terraform init -upgrade"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.name == "init", let flag = command.flag("-migrate-state", "-force-copy") else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "terraform.local", .write,
                summary: "Formats, initialises or configures the working directory on this machine; nothing remote changes",
                triggering: [
                    "terraform «fmt» -recursive", "terraform «init» -upgrade", "tofu «providers lock»", "terraform «workspace select» prod",
                    "terraform «login»", "terraform «logout» app.terraform.io", "terragrunt «hclfmt»",
                ],
                nonTriggering: ["terraform init -migrate-state", "terraform apply", "terraform workspace new prod", "terraform test"],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard let name = command.name, let subcommand = command.subcommand else { return nil }
                let action = command.operands.first
                switch name {
                case "fmt", "hclfmt", "login", "logout":
                    return RuleMatch(span: subcommand.span)
                case "init" where !invocation.hasFlag("-migrate-state", "-force-copy", "-reconfigure"):
                    return RuleMatch(span: subcommand.span)
                case "providers" where ["lock", "mirror"].contains(action?.text ?? ""):
                    return RuleMatch(span: action.map { subcommand.span.union($0.span) } ?? subcommand.span)
                case "workspace" where action?.text == "select":
                    return RuleMatch(span: subcommand.span.union(action?.span ?? subcommand.span))
                default:
                    return nil
                }
            },
            CommandRule(
                "terraform.read", .read, summary: "Plans, shows or validates; changes nothing",
                triggering: [
                    "terraform «plan»", "terraform «plan» -destroy -out=p", "tofu «show» -json tfplan", "terraform «validate»",
                    "terraform «state list»", "terraform «workspace show»", "terraform «output»", "terraform «-version»",
                ],
                nonTriggering: ["terraform apply", "terraform state rm x"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let name = command.name, let subcommand = command.subcommand else { return nil }
                if readSubcommands.contains(name) { return RuleMatch(span: subcommand.span) }
                let action = command.operands.first
                if name == "state", let action, ["list", "show", "pull"].contains(action.text ?? "") {
                    return RuleMatch(span: subcommand.span.union(action.span))
                }
                if name == "workspace", let action, ["list", "show"].contains(action.text ?? "") {
                    return RuleMatch(span: subcommand.span.union(action.span))
                }
                return nil
            },
            .commandTable(
                "terraform.command", .terraform, tool: "terraform",
                triggering: ["terraform «untaint» aws_instance.web", "terraform «test»", "terraform «modules»"],
                nonTriggering: ["terraform no-such-command", "terraform plan"]
            ) { invocation in
                let command = Command(invocation)
                return [command.subcommand].compactMap { $0 } + command.operands.prefix(1)
            },
        ],
        hints: { invocation, context in
            let command = Command(invocation)
            var builder = HintBuilder(invocation, context)
            let directory = command.chdir.map { Paths.resolve($0, cwd: context.cwd, home: context.home) }
            if command.name == "workspace", let action = command.operands.first,
                ["delete", "select", "new"].contains(action.text ?? ""), let name = command.operands.dropFirst().first
            {
                builder.add(.terraformWorkspace, name.text, source: "terraform workspace \(action.approximation)")
            }
            if let directory { builder.add(.directory, directory, source: "-chdir") }
            // A state file named elsewhere is where the command acts: `-state=../production/…`.
            for option in ["-state", "-state-out", "-backup"] {
                for file in command.spacedValues(of: option) {
                    let path = Paths.resolve(file, cwd: directory ?? context.cwd, home: context.home)
                    builder.add(.directory, Paths.parent(path), source: "\(option)=\(file)")
                }
            }
            // TF_CLI_ARGS(_cmd) add arguments nobody sees on the line (`-state=…` among them):
            // where the command then acts is not known.
            if (invocation.assignments.keys.contains { $0.hasPrefix("TF_CLI_ARGS") })
                || (context.environment.keys.contains { $0.hasPrefix("TF_CLI_ARGS") })
            {
                builder.add(.directory, "…", source: "TF_CLI_ARGS adds arguments to the command")
            }
            if let data = invocation.assignments["TF_DATA_DIR"] ?? context.environment["TF_DATA_DIR"] {
                let path = Paths.resolve(data, cwd: directory ?? context.cwd, home: context.home)
                builder.add(.directory, Paths.parent(path), source: "TF_DATA_DIR=\(data)")
            }
            for file in command.values(of: "-var-file") {
                let base = Paths.lastComponent(file).split(separator: ".").first.map(String.init)
                builder.add(.name, base, source: "-var-file=\(file)")
            }
            builder.variable(.terraformWorkspace, "TF_WORKSPACE")
            let workspaceDirectory = directory ?? context.cwd
            builder.add(
                .terraformWorkspace, context.workspace.terraformWorkspaces[workspaceDirectory],
                source: "the selected workspace of \(workspaceDirectory)")
            builder.variable(.awsProfile, "AWS_PROFILE")
            return builder.hints
        })
}

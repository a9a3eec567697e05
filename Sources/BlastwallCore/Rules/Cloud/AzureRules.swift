/// az: deleting resource groups, databases, storage and their protections.
public enum AzureRules {
    /// az options that never take a value; every other `--option` is read as taking one.
    static let booleanOptions: Set<String> = [
        "--yes", "-y", "--no-wait", "--debug", "--verbose", "--only-show-errors", "--help", "-h", "--force",
        "--dryrun", "--dry-run", "--recursive", "--all", "--no-prompt", "--no-progress", "--overwrite",
        "--auth-mode-login", "--use-device-code", "--allow-no-subscriptions", "--identity", "--no-logs",
        "--disable-logs", "--no-shallow", "--show-details", "-d", "--include-deleted", "--expand", "--skip-assignment",
        "--no-fail",
    ]

    static let readVerbs: Set<String> = [
        "list", "show", "version", "find", "download", "download-batch", "tail", "check-name", "exists", "query",
        "what-if", "validate", "browse", "list-locations", "show-connection-string", "logs", "wait",
    ]

    static let changingVerbs: Set<String> = [
        "delete", "create", "update", "set", "purge", "add", "remove", "start", "stop", "restart", "deallocate",
        "disable", "enable", "deploy", "import", "export", "restore", "scale", "upgrade", "reset", "assign",
        "delete-batch", "upload", "upload-batch", "sync", "copy", "invoke", "run-command", "execute", "swap",
        "set-policy", "delete-policy", "create-for-rbac", "login", "logout", "get-credentials", "recover",
        "failover", "rotate", "resize", "redeploy", "reimage", "generalize", "capture", "grant", "revoke",
        "admin-consent", "set-permission", "renew", "regenerate-key", "keys", "rollback",
    ]

    /// An az command line: the subcommand path, skipping options and their values wherever
    /// they appear (az accepts global options anywhere).
    struct Command {
        let invocation: Invocation
        let path: [Argument]

        init(_ invocation: Invocation) {
            self.invocation = invocation
            var path: [Argument] = []
            let arguments = invocation.arguments
            var index = 0
            while index < arguments.count {
                let text = arguments[index].approximation
                if text == "--" { break }
                if text.hasPrefix("-"), text.count > 1 {
                    if text.contains("=") || AzureRules.booleanOptions.contains(text) {
                        index += 1
                        continue
                    }
                    let next = index + 1 < arguments.count ? arguments[index + 1].approximation : "-"
                    index += next.hasPrefix("-") && next.count > 1 ? 1 : 2
                    continue
                }
                path.append(arguments[index])
                index += 1
            }
            self.path = path
        }

        var texts: [String] { path.map(\.approximation) }

        /// Whether the path starts with `pattern` (a `*` matches any one word).
        func starts(with pattern: [String]) -> Bool {
            guard path.count >= pattern.count else { return false }
            return zip(path, pattern).allSatisfy { $1 == "*" || $0.text == $1 }
        }

        func first(of patterns: [[String]]) -> (pattern: [String], span: SourceSpan)? {
            for pattern in patterns where starts(with: pattern) {
                return (pattern, path[0].span.union(path[pattern.count - 1].span))
            }
            return nil
        }

        /// The first word of the path that is a verb.
        var verb: (text: String, index: Int)? {
            for (index, word) in path.prefix(6).enumerated() {
                guard let text = word.text else { return nil }
                if index == 0 {
                    if ["version", "find", "login", "logout", "upgrade", "configure", "init", "rest"].contains(text) {
                        return (text, 0)
                    }
                    continue
                }
                if AzureRules.changingVerbs.contains(text) || AzureRules.isReadVerb(text) { return (text, index) }
            }
            return nil
        }

        var verbSpan: SourceSpan? {
            guard let verb, let first = path.first else { return nil }
            return first.span.union(path[verb.index].span)
        }

        func option(_ names: String...) -> String? { invocation.optionArgument(names)?.value }

        /// What the command names: `--name`, then the resource group.
        var names: [String] {
            var names: [String] = []
            for option in [["--name", "-n"], ["--account-name"], ["--server", "-s"], ["--vault-name"], ["--resource-group", "-g"]] {
                if let value = invocation.optionArgument(option)?.value { names.append(value) }
            }
            return names
        }

        /// A named thing for messages: `--name` value or the resource group.
        var label: String {
            names.first.map { " \($0)" } ?? ""
        }
    }

    static func isReadVerb(_ text: String) -> Bool {
        if readVerbs.contains(text) { return true }
        if text == "get-credentials" { return false }
        return text.hasPrefix("list-") || text.hasPrefix("show-") || text.hasPrefix("get-")
    }

    static let databasePaths: [[String]] = [
        ["sql", "db", "delete"], ["sql", "server", "delete"], ["sql", "mi", "delete"], ["sql", "midb", "delete"],
        ["sql", "dw", "delete"], ["sql", "db", "ltr-backup", "delete"], ["sql", "midb", "ltr-backup", "delete"],
        ["cosmosdb", "delete"], ["cosmosdb", "*", "database", "delete"], ["cosmosdb", "*", "container", "delete"],
        ["cosmosdb", "*", "collection", "delete"], ["cosmosdb", "*", "keyspace", "delete"],
        ["cosmosdb", "*", "table", "delete"], ["cosmosdb", "*", "graph", "delete"],
        ["postgres", "server", "delete"], ["postgres", "flexible-server", "delete"], ["postgres", "db", "delete"],
        ["postgres", "flexible-server", "db", "delete"], ["mysql", "server", "delete"],
        ["mysql", "flexible-server", "delete"], ["mysql", "db", "delete"], ["mysql", "flexible-server", "db", "delete"],
        ["mariadb", "server", "delete"], ["mariadb", "db", "delete"], ["synapse", "sql", "pool", "delete"],
        ["kusto", "database", "delete"], ["kusto", "cluster", "delete"],
    ]

    static let storagePaths: [[String]] = [
        ["storage", "account", "delete"], ["storage", "container", "delete"], ["storage", "container-rm", "delete"],
        ["storage", "share", "delete"], ["storage", "share-rm", "delete"], ["storage", "fs", "delete"],
        ["storage", "fs", "directory", "delete"], ["storage", "blob", "delete-batch"],
        ["storage", "file", "delete-batch"], ["storage", "table", "delete"], ["storage", "directory", "delete"],
        ["netappfiles", "volume", "delete"],
    ]

    static let diskPaths: [[String]] = [
        ["disk", "delete"], ["snapshot", "delete"], ["backup", "vault", "delete"], ["restore-point", "delete"],
        ["restore-point", "collection", "delete"], ["sig", "image-version", "delete"], ["dataprotection", "backup-vault", "delete"],
        ["dataprotection", "backup-instance", "delete"],
    ]

    static let lockPaths: [[String]] = [
        ["lock", "delete"], ["resource", "lock", "delete"], ["group", "lock", "delete"], ["account", "lock", "delete"],
        ["monitor", "diagnostic-settings", "delete"], ["monitor", "log-analytics", "workspace", "delete"],
    ]

    public static let family = ToolFamily(
        name: "azure", programs: ["az"], isRemote: true,
        rules: [
            CommandRule(
                "azure.help", .read, summary: "Shows help; changes nothing",
                triggering: ["az group delete «--help»", "az sql db delete «-h»"],
                nonTriggering: ["az group delete -n rg-dev --yes", "az group list"]
            ) { invocation, _ in
                guard let flag = invocation.flagArgument(["--help", "-h"]) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "azure.delete-resource-group", .irreversible,
                summary: "Deletes a resource group and every resource and all data in it",
                safer: "Delete individual resources through reviewed infrastructure code; keep resource locks on production groups",
                triggering: [
                    "az «group delete» --name rg-prod --yes", "az --subscription prod-sub «group delete» -n app-rg -y --no-wait",
                    "az «group delete» -g rg-staging", "az «group delete» --name rg-dev --subscription 1234 --only-show-errors",
                ],
                nonTriggering: ["az group list", "az group show -n rg-prod", "az group lock delete -g rg-prod -n nodelete"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: [["group", "delete"]]) else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.names,
                    message: "Deletes the resource group\(command.label) with every resource and all data in it")
            },
            CommandRule(
                "azure.delete-database", .irreversible,
                summary: "Deletes a database or database server with its data",
                safer: "Export the data first (az sql db export) and delete through reviewed infrastructure code",
                triggering: [
                    "az «sql db delete» -g rg-prod -s sql-prod -n orders --yes", "az «sql server delete» -n sql-main -g rg",
                    "az «cosmosdb delete» -n acme-cosmos -g rg --yes", "az «cosmosdb sql database delete» -a acct -n app -g rg",
                    "az --subscription prod-sub «postgres flexible-server delete» -n pg-main -g rg -y",
                ],
                nonTriggering: [
                    "az sql db list -g rg -s sql", "az sql server firewall-rule delete -g rg -s sql -n office",
                    "az cosmosdb show -n x -g rg",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: databasePaths) else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.names,
                    message:
                        "Deletes \(found.pattern.dropLast().map { $0 == "*" ? "" : $0 }.filter { !$0.isEmpty }.joined(separator: " "))\(command.label) and the data in it"
                )
            },
            CommandRule(
                "azure.delete-storage", .irreversible,
                summary: "Deletes a storage account, container, share or many blobs, with their data",
                safer: "Copy the data elsewhere first (azcopy), and keep soft delete and versioning on",
                triggering: [
                    "az «storage account delete» -n acmeprodstore -g rg-prod --yes",
                    "az «storage container delete» --name backups --account-name acme",
                    "az «storage blob delete-batch» --source logs --account-name acme",
                    "az «storage share delete» -n files --account-name acme",
                ],
                nonTriggering: [
                    "az storage account list", "az storage blob list -c logs --account-name acme", "az storage blob upload -f a -c c -n a",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: storagePaths) else { return nil }
                var names = command.names
                if let source = command.option("--source", "-s") { names.insert(source, at: 0) }
                return RuleMatch(
                    span: found.span, resources: names,
                    message:
                        "Deletes the storage \(found.pattern.dropFirst().dropLast().joined(separator: " ")) \(names.first ?? "") with the data in it"
                )
            },
            CommandRule(
                "azure.delete-disk", .irreversible,
                summary: "Deletes managed disks, snapshots, restore points or backup vaults, with the data on them",
                safer: "Take a snapshot first and keep it; delete through reviewed infrastructure code",
                triggering: [
                    "az «disk delete» -n data-disk -g rg --yes", "az «snapshot delete» -n nightly -g rg",
                    "az «backup vault delete» -n vault -g rg --force", "az -o none «disk delete» --ids /subscriptions/x/disks/d",
                ],
                nonTriggering: ["az disk list -g rg", "az snapshot create -n s -g rg --source d", "az vm delete -n web -g rg"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: diskPaths) else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.names,
                    message: "Deletes \(found.pattern.dropLast().joined(separator: " "))\(command.label) and the data in it")
            },
            CommandRule(
                "azure.delete-cluster", .irreversible,
                summary: "Deletes an AKS cluster with its workloads and the volumes they hold",
                safer: "Back up persistent volumes first (Velero or disk snapshots); delete through reviewed infrastructure code",
                triggering: [
                    "az «aks delete» -n aks-prod -g rg-prod --yes",
                    "az --subscription prod-sub «aks delete» --name main --resource-group rg --no-wait",
                ],
                nonTriggering: [
                    "az aks list", "az aks get-credentials -n aks-prod -g rg", "az aks nodepool delete --cluster-name c -n np -g rg",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: [["aks", "delete"]]) else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.names,
                    message: "Deletes the AKS cluster\(command.label) with every workload and volume in it")
            },
            CommandRule(
                "azure.keyvault-purge", .irreversible,
                summary: "Purges a deleted key vault, key, secret or certificate: it can no longer be recovered",
                safer: "Leave deleted vaults and secrets in soft-delete until retention expires; recover them if needed",
                triggering: [
                    "az «keyvault purge» --name kv-prod", "az «keyvault secret purge» --vault-name kv -n db-password",
                    "az «keyvault key purge» --vault-name kv --name signing",
                ],
                nonTriggering: [
                    "az keyvault delete --name kv-old", "az keyvault secret show --vault-name kv -n x", "az keyvault recover --name kv",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let found = command.first(of: [["keyvault", "purge"], ["keyvault", "*", "purge"]]) else { return nil }
                return RuleMatch(
                    span: found.span, resources: command.names,
                    message:
                        "Purges \(found.pattern.count == 2 ? "the key vault" : "the \(command.texts[1])")\(command.label); it can no longer be recovered"
                )
            },
            CommandRule(
                "azure.protection-off", .irreversible,
                summary: "Removes a protection: a resource lock, backup data, soft delete, versioning or diagnostic logs",
                safer: "Leave the protection on; change it through reviewed infrastructure code if it really must go",
                triggering: [
                    "az «lock delete» --name no-delete -g rg-prod", "az «group lock delete» -g rg -n protect",
                    "az backup protection disable -c c -i i -v vault -g rg «--delete-backup-data true» --yes",
                    "az storage account blob-service-properties update -n acme -g rg «--enable-versioning false»",
                    "az backup vault backup-properties set -n v -g rg «--soft-delete-feature-state Disable»",
                    "az «monitor diagnostic-settings delete» --name audit --resource /subscriptions/x",
                ],
                nonTriggering: [
                    "az lock list -g rg", "az lock create -n x -g rg --lock-type CanNotDelete",
                    "az storage account blob-service-properties update -n a -g rg --enable-versioning true",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                if let found = command.first(of: lockPaths) {
                    let lock = found.pattern.contains("lock")
                    return RuleMatch(
                        span: found.span, resources: command.names,
                        message: lock
                            ? "Deletes the resource lock\(command.label), the protection that stops resources being deleted"
                            : "Deletes \(found.pattern.dropLast().joined(separator: " "))\(command.label): audit and diagnostic logs stop")
                }
                let disabling: [(option: String, values: Set<String>, message: String)] = [
                    ("--delete-backup-data", ["true", "yes"], "Stops protection and deletes the backup data"),
                    ("--enable-versioning", ["false", "no"], "Turns off blob versioning"),
                    ("--enable-delete-retention", ["false", "no"], "Turns off blob soft delete"),
                    ("--enable-container-delete-retention", ["false", "no"], "Turns off container soft delete"),
                    ("--soft-delete-feature-state", ["disable", "disabled"], "Turns off soft delete for backups"),
                    ("--enable-soft-delete", ["false", "no"], "Turns off soft delete"),
                    ("--enable-purge-protection", ["false", "no"], "Turns off purge protection"),
                    ("--deletion-protection", ["disabled", "false"], "Turns off deletion protection"),
                ]
                for (name, values, message) in disabling {
                    if let found = invocation.optionArgument([name]), values.contains(found.value.lowercased()) {
                        return RuleMatch(span: found.span, resources: command.names, message: message)
                    }
                }
                return nil
            },
            CommandRule(
                "azure.access", .privilege,
                summary: "Changes who may do what (role assignments, role definitions, credentials, access policies, public access)",
                safer: "Grant the narrowest role on the narrowest scope, through reviewed infrastructure code",
                triggering: [
                    "az «role assignment create» --assignee a@acme.com --role Owner --scope /subscriptions/x",
                    "az --subscription prod-sub «role assignment create» --role Contributor --assignee-object-id 1 -g rg",
                    "az «ad sp create-for-rbac» --name ci --role contributor",
                    "az «keyvault set-policy» -n kv --upn a@acme.com --secret-permissions get list",
                    "az storage account update -n acme -g rg «--allow-blob-public-access true»",
                ],
                nonTriggering: [
                    "az role assignment list --assignee a@acme.com", "az role definition list",
                    "az storage account update -n acme -g rg --sku Standard_GRS",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                let paths: [[String]] = [
                    ["role", "assignment", "create"], ["role", "assignment", "delete"], ["role", "assignment", "update"],
                    ["role", "definition", "create"], ["role", "definition", "update"], ["ad", "sp", "create-for-rbac"],
                    ["ad", "sp", "credential", "reset"], ["ad", "app", "credential", "reset"], ["ad", "app", "permission", "grant"],
                    ["ad", "app", "permission", "admin-consent"], ["keyvault", "set-policy"], ["ad", "group", "member", "add"],
                    ["storage", "container", "set-permission"], ["sql", "server", "firewall-rule", "create"],
                    ["policy", "assignment", "delete"], ["policy", "exemption", "create"],
                ]
                if let found = command.first(of: paths) {
                    return RuleMatch(span: found.span, resources: command.names)
                }
                if let found = invocation.optionArgument(["--allow-blob-public-access", "--public-network-access"]),
                    ["true", "enabled", "yes"].contains(found.value.lowercased())
                {
                    return RuleMatch(span: found.span, resources: command.names, message: "Opens the resource to public access")
                }
                return nil
            },
            CommandRule(
                "azure.delete", .destroy,
                summary: "Deletes an Azure resource",
                safer: "Delete through reviewed infrastructure code, or stop or deallocate the resource instead",
                triggering: [
                    "az «vm delete» -n web-1 -g rg --yes", "az «keyvault delete» --name kv-old",
                    "az «webapp delete» --name api -g rg", "az --subscription prod-sub «functionapp delete» -n fn -g rg",
                    "az «storage blob delete» -c logs -n app.log --account-name acme",
                    "az backup protection «disable» -c c -i i -v vault -g rg --yes",
                ],
                nonTriggering: ["az vm list", "az vm deallocate -n web-1 -g rg", "az vm show -n web-1 -g rg"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.starts(with: ["backup", "protection", "disable"]) {
                    return RuleMatch(
                        span: command.path[2].span, resources: command.names,
                        message: "Stops backing up the item; existing recovery points are kept but nothing new is protected")
                }
                guard let verb = command.verb, verb.text == "delete" || verb.text == "delete-batch", let span = command.verbSpan else {
                    return nil
                }
                let what = command.texts.prefix(verb.index).joined(separator: " ")
                return RuleMatch(
                    span: span, resources: command.names,
                    message: "Deletes the \(what)\(command.label)")
            },
            CommandRule(
                "azure.local", .write,
                summary: "Configures the CLI or signs in on this machine; nothing in the subscription changes",
                triggering: [
                    "az «login»", "az «account set» --subscription prod", "az «config» set defaults.group=rg",
                    "az «extension» add --name aks-preview",
                    "az «aks get-credentials» -g rg -n prod", "az «aks»",
                ],
                nonTriggering: ["az account list", "az group delete -n rg", "az aks delete -g rg -n prod"],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard
                    let found = command.first(of: [
                        ["login"], ["logout"], ["account", "set"], ["account", "clear"], ["config"], ["extension"], ["upgrade"], ["init"],
                        ["configure"], ["aks", "get-credentials"], ["acr", "login"], ["cloud", "set"], ["interactive"], ["feedback"],
                        ["find"], ["bicep", "install"], ["bicep", "upgrade"], ["bicep", "build"], ["bicep", "decompile"],
                        ["bicep", "uninstall"],
                        ["devops", "login"], ["devops", "logout"], ["devops", "configure"],
                    ])
                else {
                    // `az aks` alone prints the group's commands.
                    if command.path.count == 1, command.verb == nil,
                        !invocation.arguments.contains(where: { ($0.text ?? "").hasPrefix("-") }),
                        let only = command.path.first
                    {
                        return RuleMatch(
                            span: only.span, message: "az \(only.approximation) alone prints the group's commands", effectClass: .read)
                    }
                    return nil
                }
                return RuleMatch(span: found.span)
            },
            CommandRule(
                "azure.write", .write,
                summary: "Creates, updates, deploys or otherwise changes Azure resources",
                safer: "Make the change through reviewed infrastructure code",
                triggering: [
                    "az --subscription prod-sub webapp «restart» -n api -g rg", "az vm «create» -n web-3 -g rg --image Ubuntu2204",
                    "az aks «scale» -n aks -g rg --node-count 5",
                ],
                nonTriggering: ["az vm list", "az vm delete -n web-1 -g rg"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let verb = command.verb, changingVerbs.contains(verb.text) else { return nil }
                return RuleMatch(
                    span: command.path[verb.index].span, resources: command.names,
                    message: "az \(command.texts.prefix(verb.index + 1).joined(separator: " ")) changes Azure resources")
            },
            CommandRule(
                "azure.read", .read, summary: "Lists or shows; changes nothing",
                triggering: [
                    "az group «list»", "az --subscription prod-sub sql db «show» -g rg -s sql -n orders",
                    "az account «show»", "az role assignment «list» --all", "az «version»", "az aks «show» -n aks-prod -g rg-prod",
                ],
                nonTriggering: ["az group delete -n list", "az aks get-credentials -n aks -g rg", "az account set -s prod-sub"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let verb = command.verb, isReadVerb(verb.text) else { return nil }
                return RuleMatch(span: command.path[verb.index].span)
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            let command = Command(invocation)
            builder.flag(.azureSubscription, "--subscription")
            if command.starts(with: ["account", "set"]) { builder.flag(.azureSubscription, "-s", "--name", "-n") }
            builder.variable(.azureSubscription, "AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID")
            builder.flag(.name, "--resource-group", "-g")
            if command.path.first?.text == "group" { builder.flag(.name, "--name", "-n") }
            builder.variable(.name, "AZURE_DEFAULTS_GROUP")
            return builder.hints
        })
}

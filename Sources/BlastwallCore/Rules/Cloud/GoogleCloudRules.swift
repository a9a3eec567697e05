/// gcloud and gsutil: deleting projects, instances, databases, buckets and their protections.
public enum GoogleCloudRules {
    /// gcloud options that take a separate value (`--project p`); gcloud accepts them anywhere.
    static let gcloudOptionsWithValues: Set<String> = [
        "--project", "--account", "--configuration", "--format", "--verbosity", "--impersonate-service-account",
        "--billing-project", "--flags-file", "--flatten", "--filter", "--limit", "--page-size", "--sort-by",
        "--zone", "--region", "--location", "--instance", "--cluster", "--database", "--trace-token", "--keyring",
        "--key", "--member", "--role", "--condition", "--machine-type", "--image", "--image-family",
        "--image-project", "--network", "--subnet", "--tier", "--database-version", "--backup-start-time",
        "--delete-disks", "--keep-disks", "--source", "--runtime", "--entry-point", "--memory",
        "--service-account", "--iam-account", "--description", "--labels", "--node-pool", "--num-nodes",
        "--instance-config", "--edition", "--type", "--secret",
    ]

    /// gsutil's top-level options that take a value (`-o Boto:x=y`, `-h header`, `-u project`).
    static let gsutilOptionsWithValues: Set<String> = ["-o", "-h", "-u", "-i", "-p"]

    static let readVerbs: Set<String> = [
        "list", "describe", "get-iam-policy", "get", "get-value", "read", "tail", "info", "version", "ls", "cat", "du",
        "hash", "print-access-token", "print-identity-token", "search", "show", "browse", "stat", "help",
        "list-grantable-roles", "get-ancestors", "get-ancestors-iam-policy", "get-serial-port-output",
        "configurations", "wait",
    ]

    static let changingVerbs: Set<String> = [
        "delete", "create", "update", "patch", "set", "deploy", "add-iam-policy-binding", "remove-iam-policy-binding",
        "set-iam-policy", "rm", "cp", "mv", "rsync", "restore", "import", "export", "start", "stop", "reset", "resize",
        "restart", "ssh", "scp", "submit", "run", "enable", "disable", "undelete", "destroy", "clone", "failover",
        "promote-replica", "apply", "activate", "login", "revoke", "init", "unset", "get-credentials", "rb", "mb",
        "upgrade", "rollback", "detach-disk", "attach-disk", "switchover", "add-metadata", "remove-metadata",
    ]

    /// A gcloud (or gsutil) command line: the command path without `alpha`/`beta`, and the
    /// positional operands after it.
    struct Command {
        let invocation: Invocation
        let isGsutil: Bool
        let words: [Argument]

        init(_ invocation: Invocation) {
            self.invocation = invocation
            isGsutil = invocation.program == "gsutil"
            var words = invocation.positionals(
                optionsWithValues: isGsutil ? GoogleCloudRules.gsutilOptionsWithValues : GoogleCloudRules.gcloudOptionsWithValues)
            if !isGsutil, let first = words.first?.text, ["alpha", "beta", "preview"].contains(first) {
                words.removeFirst()
            }
            self.words = words
        }

        var texts: [String] { words.map(\.approximation) }

        /// Whether the command path starts with `path` (a `*` matches any one word).
        func starts(with path: [String]) -> Bool {
            guard words.count >= path.count else { return false }
            return zip(words, path).allSatisfy { $1 == "*" || $0.text == $1 }
        }

        /// The first matching path among `paths`, with its evidence span and the operands after it.
        func first(of paths: [[String]]) -> (path: [String], span: SourceSpan, operands: [String])? {
            for path in paths where starts(with: path) {
                let span = words[0].span.union(words[path.count - 1].span)
                return (path, span, words.dropFirst(path.count).map(\.approximation))
            }
            return nil
        }

        /// The verb: the first word of the path that is a known verb.
        var verb: (text: String, index: Int)? {
            for (index, word) in words.prefix(5).enumerated() {
                guard let text = word.text else { return nil }
                // The first word is a group (`run`, `deploy` are groups) except for a few commands.
                if index == 0 {
                    if ["info", "version", "help", "init", "cheat-sheet", "feedback"].contains(text) { return (text, 0) }
                    continue
                }
                if GoogleCloudRules.readVerbs.contains(text) || GoogleCloudRules.changingVerbs.contains(text)
                    || GoogleCloudRules.isReadVerb(text)
                {
                    return (text, index)
                }
            }
            return nil
        }

        /// The span from the first path word through the verb.
        var verbSpan: SourceSpan? {
            guard let verb, let first = words.first else { return nil }
            return first.span.union(words[verb.index].span)
        }

        var operandsAfterVerb: [String] {
            guard let verb else { return [] }
            return words.dropFirst(verb.index + 1).map(\.approximation)
        }

        func flag(_ names: String...) -> Argument? { invocation.flagArgument(names) }
    }

    static func isReadVerb(_ text: String) -> Bool {
        if readVerbs.contains(text) { return true }
        if text == "get-credentials" { return false }
        return text.hasPrefix("list-") || text.hasPrefix("describe-") || text.hasPrefix("get-")
    }

    static let databasePaths: [[String]] = [
        ["sql", "instances", "delete"], ["sql", "databases", "delete"], ["sql", "backups", "delete"],
        ["spanner", "databases", "delete"], ["spanner", "instances", "delete"], ["spanner", "backups", "delete"],
        ["bigtable", "instances", "tables", "delete"], ["bigtable", "instances", "delete"],
        ["bigtable", "tables", "delete"], ["bigtable", "backups", "delete"], ["firestore", "databases", "delete"],
        ["firestore", "backups", "delete"], ["alloydb", "clusters", "delete"], ["alloydb", "backups", "delete"],
    ]

    static let storagePaths: [[String]] = [
        ["storage", "buckets", "delete"], ["filestore", "instances", "delete"], ["filestore", "backups", "delete"],
    ]

    static let diskPaths: [[String]] = [
        ["compute", "disks", "delete"], ["compute", "snapshots", "delete"], ["compute", "machine-images", "delete"],
        ["compute", "resource-policies", "delete"], ["backup-dr", "backup-vaults", "delete"],
    ]

    static let secretPaths: [[String]] = [
        ["secrets", "delete"], ["secrets", "versions", "destroy"], ["kms", "keys", "versions", "destroy"],
        ["logging", "sinks", "delete"], ["logging", "buckets", "delete"], ["logging", "logs", "delete"],
    ]

    static let protectionFlags: [String: String] = [
        "--no-deletion-protection": "turns off deletion protection",
        "--deletion-protection=false": "turns off deletion protection",
        "--no-backup": "turns off automated backups",
        "--backup=false": "turns off automated backups",
        "--no-enable-point-in-time-recovery": "turns off point-in-time recovery",
        "--no-enable-bin-log": "turns off binary logging, which point-in-time recovery needs",
        "--no-enable-drop-protection": "turns off drop protection",
        "--no-delete-protection": "turns off delete protection",
        "--delete-protection-state=DELETE_PROTECTION_DISABLED": "turns off delete protection",
        "--no-versioning": "turns off object versioning",
        "--clear-soft-delete": "turns off soft delete",
        "--soft-delete-duration=0": "turns off soft delete",
        "--clear-retention-period": "removes the retention period",
    ]

    public static let family = ToolFamily(
        name: "gcloud", programs: ["gcloud", "gsutil"], isRemote: true,
        rules: [
            CommandRule(
                "gcloud.help", .read, summary: "Shows help; changes nothing",
                triggering: [
                    "gcloud projects delete «--help»", "gcloud sql instances delete «-h»", "gcloud «help» compute instances delete",
                    "gsutil «help» rm",
                ],
                nonTriggering: ["gcloud projects delete acme-dev", "gsutil -h 'Cache-Control:no-cache' cp a gs://b/a"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.words.first?.text == "help", let first = command.words.first { return RuleMatch(span: first.span) }
                if command.isGsutil { return nil }
                guard let flag = invocation.flagArgument(["--help", "-h"]) else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "gcloud.delete-project", .irreversible,
                summary: "Deletes a whole Google Cloud project and everything in it",
                safer:
                    "Shut down individual resources through reviewed infrastructure code; have the project owner delete projects from the console",
                triggering: [
                    "gcloud «projects delete» acme-prod", "gcloud --quiet «projects delete» acme-staging",
                    "gcloud «projects delete» acme-prod -q", "gcloud beta «projects delete» my-project --verbosity debug",
                ],
                nonTriggering: ["gcloud projects describe acme-prod", "gcloud projects list", "gcloud projects undelete acme-prod"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil, let found = command.first(of: [["projects", "delete"]]) else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes the project \(found.operands.joined(separator: ", ")) with every resource and all data in it")
            },
            CommandRule(
                "gcloud.delete-database", .irreversible,
                summary: "Deletes a database, database instance or its backups, with the data in them",
                safer:
                    "Export or back up the data first, and delete through reviewed infrastructure code with deletion protection in place",
                triggering: [
                    "gcloud «sql instances delete» prod-db", "gcloud --project acme-prod «sql instances delete» main-db --quiet",
                    "gcloud «spanner databases delete» orders --instance=main", "gcloud «bigtable instances delete» analytics",
                    "gcloud «firestore databases delete» --database=users", "gcloud «sql backups delete» 1700000000 --instance=db",
                ],
                nonTriggering: [
                    "gcloud sql instances describe prod-db", "gcloud sql instances list",
                    "gcloud sql instances patch db --tier=db-n1-standard-2",
                    "gcloud sql databases list --instance=db",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil, let found = command.first(of: databasePaths) else { return nil }
                let what = found.path.dropLast().joined(separator: " ")
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes \(what) \(found.operands.joined(separator: ", ")) and the data in it; nothing brings it back")
            },
            CommandRule(
                "gcloud.delete-storage", .irreversible,
                summary: "Deletes buckets or objects in Cloud Storage; without versioning they cannot be recovered",
                safer: "Copy the data elsewhere first (gcloud storage cp -r), or set a lifecycle rule that a person reviews",
                triggering: [
                    "gcloud «storage buckets delete» gs://acme-prod-assets", "gcloud storage rm «--recursive» gs://acme-backups",
                    "gcloud storage rm «-r» gs://acme-backups/2023", "gsutil -m rm «-r» gs://acme-prod-logs", "gsutil «rb» gs://acme-old",
                    "gsutil rm «gs://acme-data/**»", "gsutil «rm» gs://acme-data/report.csv",
                ],
                nonTriggering: [
                    "gsutil ls gs://acme-prod-assets", "gcloud storage ls gs://acme", "gsutil cp a.txt gs://acme/a.txt",
                    "gcloud storage buckets describe gs://acme",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.isGsutil {
                    guard let verb = command.words.first, let text = verb.text else { return nil }
                    let targets = command.words.dropFirst()
                    if text == "rb" {
                        return RuleMatch(
                            span: verb.span, resources: targets.map(\.approximation),
                            message: "Deletes the bucket \(targets.map(\.approximation).joined(separator: ", "))")
                    }
                    guard text == "rm" else { return nil }
                    return storageRemoval(command, targets: Array(targets), verb: verb)
                }
                if let found = command.first(of: storagePaths) {
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Deletes \(found.path.dropLast().joined(separator: " ")) \(found.operands.joined(separator: ", "))")
                }
                if command.starts(with: ["storage", "rm"]) {
                    return storageRemoval(command, targets: Array(command.words.dropFirst(2)), verb: command.words[1])
                }
                return nil
            },
            CommandRule(
                "gcloud.delete-disk", .irreversible,
                summary: "Deletes disks, snapshots or machine images, with the data on them",
                safer: "Take a snapshot first and keep it; delete through reviewed infrastructure code",
                triggering: [
                    "gcloud «compute disks delete» data-disk-1 --zone=europe-west1-b", "gcloud «compute snapshots delete» nightly-2024",
                    "gcloud compute instances delete web-1 «--delete-disks=all»",
                    "gcloud --project=acme-prod «compute disks delete» pg-data -q",
                ],
                nonTriggering: [
                    "gcloud compute disks list", "gcloud compute snapshots describe nightly",
                    "gcloud compute instances delete web-1 --keep-disks=boot",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil else { return nil }
                if let found = command.first(of: diskPaths) {
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message:
                            "Deletes \(found.path.dropLast().joined(separator: " ")) \(found.operands.joined(separator: ", ")) and the data on them"
                    )
                }
                if command.starts(with: ["compute", "instances", "delete"]),
                    let found = invocation.optionArgument(["--delete-disks"]), ["all", "data"].contains(found.value)
                {
                    return RuleMatch(
                        span: found.span, resources: command.words.dropFirst(3).map(\.approximation),
                        message: "Deletes the instances together with their \(found.value == "all" ? "" : "data ")disks")
                }
                return nil
            },
            CommandRule(
                "gcloud.delete-cluster", .irreversible,
                summary: "Deletes a GKE cluster with its workloads and the volumes they hold",
                safer: "Drain workloads and back up persistent volumes first; delete through reviewed infrastructure code",
                triggering: [
                    "gcloud «container clusters delete» prod-eu --region europe-west1",
                    "gcloud --project acme-prod «container clusters delete» main -q",
                    "gcloud beta «container clusters delete» dev",
                ],
                nonTriggering: [
                    "gcloud container clusters list", "gcloud container clusters get-credentials prod-eu",
                    "gcloud container node-pools list --cluster main",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil, let found = command.first(of: [["container", "clusters", "delete"]]) else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes the GKE cluster \(found.operands.joined(separator: ", ")) with every workload and volume in it")
            },
            CommandRule(
                "gcloud.delete-secret-key-or-log", .irreversible,
                summary: "Deletes secrets, destroys key versions, or deletes logs and log sinks: none of it comes back",
                safer: "Disable the secret or key version instead of destroying it; keep logs and their sinks",
                triggering: [
                    "gcloud «secrets delete» db-password", "gcloud «kms keys versions destroy» 3 --key=k --keyring=r --location=global",
                    "gcloud «logging sinks delete» audit-to-bq", "gcloud «secrets versions destroy» 2 --secret=api-key",
                ],
                nonTriggering: [
                    "gcloud secrets versions access latest --secret=api-key", "gcloud secrets versions disable 2 --secret=api-key",
                    "gcloud logging sinks list",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil, let found = command.first(of: secretPaths) else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message:
                        "\(found.path.last == "destroy" ? "Destroys" : "Deletes") \(found.path.dropLast().joined(separator: " ")) \(found.operands.joined(separator: ", ")); it cannot be recovered"
                )
            },
            CommandRule(
                "gcloud.protection-off", .irreversible,
                summary: "Turns off a protection (deletion protection, backups, versioning, recovery)",
                safer: "Leave the protection on; change it through reviewed infrastructure code if it really must go",
                triggering: [
                    "gcloud sql instances patch prod-db «--no-deletion-protection»", "gcloud sql instances patch db «--no-backup»",
                    "gcloud compute instances update web-1 «--no-deletion-protection»",
                    "gcloud storage buckets update gs://acme «--no-versioning»",
                    "gsutil versioning set «off» gs://acme-prod",
                    "gcloud spanner databases update orders --instance=main «--no-enable-drop-protection»",
                ],
                nonTriggering: [
                    "gcloud sql instances patch db --deletion-protection", "gcloud sql instances patch db --backup-start-time=03:00",
                    "gsutil versioning set on gs://acme",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.isGsutil {
                    guard command.texts.prefix(2) == ["versioning", "set"], command.words.count > 2,
                        command.words[2].text?.lowercased() == "off"
                    else { return nil }
                    return RuleMatch(
                        span: command.words[2].span, resources: command.words.dropFirst(3).map(\.approximation),
                        message: "Turns off object versioning: overwritten and deleted objects can no longer be recovered")
                }
                guard let verb = command.verb, ["patch", "update"].contains(verb.text) else { return nil }
                for argument in invocation.arguments {
                    guard let text = argument.text else { continue }
                    if text == "--" { break }
                    if let what = protectionFlags[text] {
                        return RuleMatch(
                            span: argument.span, resources: command.operandsAfterVerb,
                            message: "\(command.texts.prefix(verb.index + 1).joined(separator: " ")) \(what)")
                    }
                }
                return nil
            },
            CommandRule(
                "gcloud.iam-policy", .privilege,
                summary: "Changes who may do what (IAM policy bindings, roles, keys, ACLs)",
                safer: "Grant the narrowest role on the narrowest resource, through reviewed infrastructure code",
                triggering: [
                    "gcloud projects «add-iam-policy-binding» acme-prod --member=user:x@acme.com --role=roles/owner",
                    "gcloud --project acme-prod iam service-accounts «add-iam-policy-binding» sa@acme.iam.gserviceaccount.com --member=user:a --role=roles/iam.serviceAccountUser",
                    "gcloud projects «set-iam-policy» acme-prod policy.json",
                    "gcloud «iam service-accounts keys create» key.json --iam-account=sa@x",
                    "gsutil «iam ch» allUsers:objectViewer gs://acme-public",
                    "gcloud «iam roles create» deployer --project=acme --permissions=a",
                ],
                nonTriggering: ["gcloud projects get-iam-policy acme-prod", "gcloud iam service-accounts list", "gsutil iam get gs://acme"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.isGsutil {
                    guard let first = command.words.first, ["iam", "acl", "defacl"].contains(first.text ?? ""),
                        command.words.count > 1, ["ch", "set"].contains(command.words[1].text ?? "")
                    else { return nil }
                    return RuleMatch(
                        span: first.span.union(command.words[1].span), resources: command.words.dropFirst(2).map(\.approximation))
                }
                if let verb = command.verb, ["add-iam-policy-binding", "remove-iam-policy-binding", "set-iam-policy"].contains(verb.text) {
                    return RuleMatch(span: command.words[verb.index].span, resources: command.operandsAfterVerb)
                }
                let paths: [[String]] = [
                    ["iam", "service-accounts", "keys", "create"], ["iam", "service-accounts", "keys", "upload"],
                    ["iam", "roles", "create"], ["iam", "roles", "update"], ["iam", "roles", "delete"],
                    ["iam", "policies", "create"], ["iam", "policies", "update"],
                ]
                guard let found = command.first(of: paths) else { return nil }
                return RuleMatch(span: found.span, resources: found.operands)
            },
            CommandRule(
                "gcloud.delete", .destroy,
                summary: "Deletes a Google Cloud resource",
                safer: "Delete through reviewed infrastructure code, or stop or scale the resource down instead",
                triggering: [
                    "gcloud «compute instances delete» web-1 --zone=us-central1-a", "gcloud -q «functions delete» resize-image",
                    "gcloud «run services delete» api --region=europe-west1",
                    "gcloud --project acme-prod «compute instances delete» web-1 web-2 --quiet",
                    "gcloud «pubsub topics delete» events",
                ],
                nonTriggering: ["gcloud compute instances list", "gcloud compute instances stop web-1", "gcloud run services describe api"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard !command.isGsutil, let verb = command.verb, verb.text == "delete", let span = command.verbSpan else { return nil }
                let what = command.texts.prefix(verb.index).joined(separator: " ")
                return RuleMatch(
                    span: span, resources: command.operandsAfterVerb,
                    message: "Deletes \(what) \(command.operandsAfterVerb.joined(separator: ", "))")
            },
            CommandRule(
                "gcloud.local", .write,
                summary: "Configures the SDK or signs in on this machine; nothing in the project changes",
                triggering: [
                    "gcloud «config set» project acme-prod", "gcloud «auth login»", "gcloud «components» install kubectl",
                    "gcloud «container clusters get-credentials» prod --region europe-west1", "gcloud «init»",
                    "gsutil «cp» gs://acme-data/a.csv .",
                ],
                nonTriggering: [
                    "gcloud config list", "gcloud projects delete acme", "gcloud container clusters delete prod",
                    "gsutil cp a.csv gs://acme-data/",
                ],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                // `gsutil cp gs://b/o ./local`: a download.
                if command.isGsutil, let verb = command.words.first, ["cp", "rsync"].contains(verb.text ?? ""), command.words.count == 3,
                    command.words[1].approximation.hasPrefix("gs://"), !command.words[2].approximation.hasPrefix("gs://"),
                    !invocation.hasFlag("-d")
                {
                    return RuleMatch(span: verb.span, resources: command.words.dropFirst().map(\.approximation))
                }
                guard !command.isGsutil,
                    let found = command.first(of: [
                        ["config", "set"], ["config", "unset"], ["config", "configurations"], ["auth", "login"],
                        ["auth", "activate-service-account"],
                        ["auth", "application-default"], ["auth", "configure-docker"], ["auth", "revoke"], ["components"], ["init"],
                        ["container", "clusters", "get-credentials"], ["topic"], ["cheat-sheet"], ["feedback"], ["survey"],
                    ])
                else { return nil }
                return RuleMatch(span: found.span, resources: found.operands)
            },
            CommandRule(
                "gcloud.write", .write,
                summary: "Creates, updates, deploys or otherwise changes Google Cloud resources",
                safer: "Make the change through reviewed infrastructure code",
                triggering: [
                    "gcloud --project acme-prod run «deploy» api --image gcr.io/acme/api", "gcloud compute instances «create» web-3",
                    "gcloud sql instances «patch» main --tier=db-custom-4-16384", "gsutil «cp» dump.sql gs://acme-backups/",
                ],
                nonTriggering: ["gcloud compute instances list", "gcloud compute instances delete web-1"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.isGsutil {
                    guard let first = command.words.first, ["cp", "mv", "rsync", "mb", "setmeta", "compose"].contains(first.text ?? "")
                    else {
                        return nil
                    }
                    return RuleMatch(span: first.span, resources: command.words.dropFirst().map(\.approximation))
                }
                guard let verb = command.verb, changingVerbs.contains(verb.text) else { return nil }
                return RuleMatch(
                    span: command.words[verb.index].span, resources: command.operandsAfterVerb,
                    message: "\(command.texts.prefix(verb.index + 1).joined(separator: " ")) changes Google Cloud resources")
            },
            CommandRule(
                "gcloud.read", .read, summary: "Lists, describes or reads; changes nothing",
                triggering: [
                    "gcloud compute instances «list»", "gcloud --project acme-prod sql instances «describe» main",
                    "gcloud projects «get-iam-policy» acme-prod", "gcloud «config list»", "gsutil «ls» -l gs://acme",
                    "gcloud logging «read» 'severity>=ERROR' --limit 10", "gcloud «version»",
                ],
                nonTriggering: ["gcloud compute instances delete list", "gsutil rm gs://a/b", "gcloud config set project acme-prod"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.isGsutil {
                    guard let first = command.words.first, let text = first.text else { return nil }
                    if ["ls", "cat", "du", "stat", "version", "hash", "help"].contains(text) { return RuleMatch(span: first.span) }
                    if ["iam", "acl", "defacl", "versioning", "lifecycle", "cors", "logging", "label", "retention", "web"].contains(text),
                        command.words.count > 1, command.words[1].text == "get"
                    {
                        return RuleMatch(span: first.span.union(command.words[1].span))
                    }
                    return nil
                }
                if command.starts(with: ["config", "list"]) || command.starts(with: ["config", "get-value"])
                    || command.starts(with: ["config", "configurations", "list"])
                {
                    return RuleMatch(
                        span: command.words[0].span.union(command.words[command.starts(with: ["config", "configurations"]) ? 2 : 1].span))
                }
                guard let verb = command.verb, isReadVerb(verb.text) else { return nil }
                return RuleMatch(span: command.words[verb.index].span)
            },
            .commandTable(
                "gcloud.command", .gcloud, tool: "gcloud",
                triggering: ["gcloud «compute»", "gcloud «ai-platform models»"],
                nonTriggering: ["gcloud compute no-such-thing", "gcloud compute instances list", "gsutil ls"]
            ) { invocation in
                let command = Command(invocation)
                return command.isGsutil ? [] : command.words
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            let command = Command(invocation)
            builder.flag(.gcpProject, "--project")
            if !command.isGsutil, command.words.first?.text == "projects", command.words.count > 2 {
                builder.add(.gcpProject, command.words[2].text, source: "gcloud projects \(command.words[1].approximation)")
            }
            builder.variable(.gcpProject, "CLOUDSDK_CORE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT")
            builder.flag(.name, "--configuration")
            builder.variable(.name, "CLOUDSDK_ACTIVE_CONFIG_NAME")
            for word in command.words {
                guard let text = word.text, text.hasPrefix("gs://") else { continue }
                let bucket = text.dropFirst(5).split(separator: "/").first.map(String.init)
                builder.add(.name, bucket, source: "bucket \(text)")
            }
            return builder.hints
        })

    /// `gsutil rm` and `gcloud storage rm`: recursive or wildcard removal loses whole trees;
    /// removing named objects is a destroy.
    static func storageRemoval(_ command: Command, targets: [Argument], verb: Argument) -> RuleMatch? {
        let paths = targets.map(\.approximation)
        if let recursive = command.flag("--recursive", "-r", "-R", "--all-versions", "-a") {
            let allVersions = ["-a", "--all-versions"].contains(recursive.text ?? "")
            return RuleMatch(
                span: recursive.span, resources: paths,
                message: allVersions
                    ? "Deletes every version of \(paths.joined(separator: ", ")), including the noncurrent ones versioning keeps for recovery"
                    : "Deletes everything under \(paths.joined(separator: ", "))")
        }
        if let wildcard = targets.first(where: { $0.approximation.contains("*") }) {
            return RuleMatch(
                span: wildcard.span, resources: paths,
                message: "Deletes every object matching \(wildcard.approximation)")
        }
        guard !targets.isEmpty else { return nil }
        return RuleMatch(
            span: verb.span, resources: paths,
            message: "Deletes the objects \(paths.joined(separator: ", ")); they come back only if the bucket keeps versions",
            effectClass: .destroy)
    }
}

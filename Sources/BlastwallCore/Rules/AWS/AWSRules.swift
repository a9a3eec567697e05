/// aws: the AWS CLI (`aws [global options] SERVICE OPERATION [arguments]`). Deleting databases,
/// snapshots, backups, tables, volumes, buckets and keys; turning off the protections that make
/// such loss recoverable (deletion protection, backup retention, versioning, audit trails);
/// privilege changes; remote command execution; scaling to zero; and the reads, help and dry runs
/// that change nothing. Where the command lands comes from `--profile`, then `AWS_PROFILE` /
/// `AWS_DEFAULT_PROFILE`, then the account ids of ARNs on the command line, then the profile the
/// CLI falls back to (`default`).
public enum AWSRules {
    /// Global options that take a value; the CLI accepts them anywhere on the line.
    static let globalOptionsWithValues: Set<String> = [
        "--profile", "--region", "--endpoint-url", "--output", "--query", "--ca-bundle", "--cli-read-timeout",
        "--cli-connect-timeout", "--color", "--cli-binary-format",
    ]
    static let globalFlags: Set<String> = [
        "--debug", "--no-verify-ssl", "--no-paginate", "--no-cli-pager", "--no-sign-request", "--cli-auto-prompt",
        "--no-cli-auto-prompt", "--version",
    ]

    /// An aws command line split the way the CLI reads it: the service, the operation, and the
    /// operation's arguments with the global options taken out.
    struct Command {
        var service: Argument?
        var operation: Argument?
        var rest: [Argument] = []
        var version: Argument?

        init(_ invocation: Invocation) {
            let arguments = invocation.arguments
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                let text = argument.approximation
                if AWSRules.globalOptionsWithValues.contains(text) {
                    index += 2
                    continue
                }
                if text.hasPrefix("--"), let equals = text.firstIndex(of: "="),
                    AWSRules.globalOptionsWithValues.contains(String(text[..<equals]))
                {
                    index += 1
                    continue
                }
                if AWSRules.globalFlags.contains(text) {
                    if text == "--version" { version = argument }
                    index += 1
                    continue
                }
                if operation != nil {
                    rest.append(argument)
                } else if text.hasPrefix("-") && text.count > 1 {
                    // An option before the operation: the CLI refuses unknown ones; keep it for
                    // `--help` and `--dry-run` checks.
                    rest.append(argument)
                } else if service == nil {
                    service = argument
                } else {
                    operation = argument
                }
                index += 1
            }
        }

        var serviceName: String? { service?.text }
        var operationName: String? { operation?.text }

        /// Whether `service operation` is one of `keys` (written `"rds delete-db-instance"`). A
        /// service only known at run time matches any service with that operation.
        func isOne(of keys: Set<String>) -> Bool { lookup(keys.contains) }

        func value<V>(in table: [String: V]) -> V? {
            var found: V?
            _ = lookup { key in
                found = table[key]
                return found != nil
            }
            return found
        }

        private func lookup(_ test: (String) -> Bool) -> Bool {
            guard let operation = operationName else { return false }
            if let service = serviceName { return test("\(service) \(operation)") }
            guard service != nil else { return false }
            for name in AWSRules.knownServices where test("\(name) \(operation)") { return true }
            return false
        }

        /// The first argument equal to one of `names` (or `name=…`).
        func flag(_ names: String...) -> Argument? { flag(names) }

        func flag(_ names: [String]) -> Argument? {
            rest.first { argument in
                guard let text = argument.text else { return false }
                return names.contains { text == $0 || text.hasPrefix($0 + "=") }
            }
        }

        /// The value of `--name value` or `--name=value`, with the span of both.
        func option(_ names: String...) -> (text: String, span: SourceSpan)? {
            for (index, argument) in rest.enumerated() {
                guard let text = argument.text else { continue }
                for name in names {
                    if text == name, index + 1 < rest.count {
                        return (rest[index + 1].approximation, argument.span.union(rest[index + 1].span))
                    }
                    if text.hasPrefix(name + "=") { return (String(text.dropFirst(name.count + 1)), argument.span) }
                }
            }
            return nil
        }

        /// Every value given to a list option: `--instance-ids i-1 i-2`.
        func values(_ name: String) -> [String] {
            guard let start = rest.firstIndex(where: { $0.text == name }) else {
                if let joined = rest.first(where: { $0.text?.hasPrefix(name + "=") == true })?.text {
                    return [String(joined.dropFirst(name.count + 1))]
                }
                return []
            }
            var result: [String] = []
            for argument in rest[(start + 1)...] {
                if argument.approximation.hasPrefix("--") { break }
                result.append(argument.approximation)
            }
            return result
        }

        /// The paths of an `aws s3` command (`aws s3 sync SOURCE DESTINATION`), skipping option values.
        var s3Operands: [Argument] {
            var result: [Argument] = []
            var index = 0
            while index < rest.count {
                let text = rest[index].approximation
                if text.hasPrefix("--") {
                    index += AWSRules.s3OptionsWithValues.contains(text) ? 2 : 1
                    continue
                }
                result.append(rest[index])
                index += 1
            }
            return result
        }

        /// The S3 paths among the arguments (`s3://bucket/prefix`).
        var s3Paths: [Argument] { rest.filter { $0.approximation.hasPrefix("s3://") } }

        /// What the operation names: its identifier options, or its S3 paths.
        var resources: [String] {
            if let bucket = option("--bucket")?.text {
                if let key = option("--key")?.text { return ["s3://\(bucket)/\(key)"] }
                return ["s3://\(bucket)"]
            }
            for name in AWSRules.identifierOptions {
                let found = values(name)
                if !found.isEmpty { return found }
            }
            return s3Paths.map(\.approximation)
        }

        /// ` name` when the command names what it touches, else nothing: `Deletes the DB instance db1`.
        var resourceText: String {
            let names = resources
            return names.isEmpty ? "" : " " + names.joined(separator: ", ")
        }

        /// ` (name)` after a full sentence, or nothing.
        var resourceSuffix: String {
            let names = resources
            return names.isEmpty ? "" : " (" + names.joined(separator: ", ") + ")"
        }

        /// ` on name`, ` for name`, or nothing.
        func resourcePhrase(_ preposition: String) -> String {
            let names = resources
            return names.isEmpty ? "" : " \(preposition) " + names.joined(separator: ", ")
        }

        /// Parameters given as inline JSON/YAML through `--cli-input-json` / `--cli-input-yaml`,
        /// or nil when there are none. `unreadable` is set when they come from a file.
        var cliInput: (text: String?, given: Bool) {
            guard let input = option("--cli-input-json", "--cli-input-yaml") else { return (nil, false) }
            if input.text.hasPrefix("file://") || input.text.hasPrefix("fileb://") || input.text.contains("…") {
                return (nil, true)
            }
            return (AWSRules.squeezed(input.text), true)
        }
    }

    /// Services the tables below name, for matching when the service is only known at run time.
    static let knownServices: [String] = [
        "rds", "neptune", "docdb", "docdb-elastic", "redshift", "elasticache", "memorydb", "s3", "s3api", "s3control",
        "ec2", "dynamodb", "cloudformation", "eks", "efs", "fsx", "kms", "backup", "route53", "secretsmanager", "logs",
        "iam", "lambda", "ecs", "elbv2", "elb", "sqs", "sns", "ecr", "opensearch", "es", "organizations", "cloudtrail",
        "configservice", "guardduty", "securityhub", "kinesis", "glacier", "timestream-write", "keyspaces", "cognito-idp",
        "kafka", "qldb", "autoscaling", "ssm", "rds-data", "redshift-data", "athena", "sts", "apigateway",
        "cloudfront", "events", "stepfunctions",
    ]

    /// Options of the `aws s3` commands that take a value.
    static let s3OptionsWithValues: Set<String> = [
        "--exclude", "--include", "--acl", "--storage-class", "--sse", "--sse-kms-key-id", "--sse-c", "--sse-c-key",
        "--sse-c-copy-source", "--sse-c-copy-source-key", "--grants", "--website-redirect", "--content-type",
        "--cache-control", "--content-disposition", "--content-encoding", "--content-language", "--expires",
        "--metadata", "--metadata-directive", "--source-region", "--page-size", "--request-payer",
        "--checksum-algorithm", "--checksum-mode", "--copy-props", "--expected-size", "--region",
    ]

    /// Options that name what an operation touches, most specific first.
    static let identifierOptions: [String] = [
        "--db-instance-identifier", "--db-cluster-identifier", "--db-snapshot-identifier",
        "--db-cluster-snapshot-identifier", "--snapshot-identifier", "--cluster-identifier", "--replication-group-id",
        "--cache-cluster-id", "--serverless-cache-name", "--snapshot-name", "--table-name", "--backup-arn",
        "--stack-name", "--nodegroup-name", "--fargate-profile-name", "--function-name", "--service", "--cluster",
        "--cluster-name", "--instance-ids", "--instance-id", "--volume-id", "--snapshot-id", "--image-id",
        "--file-system-id", "--key-id", "--secret-id", "--log-stream-name", "--log-group-name", "--hosted-zone-id",
        "--user-name", "--role-name", "--group-name", "--policy-arn", "--load-balancer-arn", "--target-group-arn",
        "--listener-arn", "--recovery-point-arn", "--backup-vault-name", "--backup-plan-id", "--queue-url",
        "--topic-arn", "--repository-name", "--domain-name", "--stream-name", "--trail-name", "--name",
        "--auto-scaling-group-name", "--global-cluster-identifier", "--detector-id", "--configuration-recorder-name",
        "--vault-name", "--archive-id", "--keyspace-name", "--database-name", "--user-pool-id", "--cluster-arn",
        "--state-machine-arn", "--rest-api-id", "--group-id", "--target", "--task", "--id", "--account-id", "--resource-arn", "--arn",
    ]

    /// Lower-cased, without spaces or quotes, so `{"Status": "Suspended"}` reads `{status:suspended}`.
    static func squeezed(_ text: String) -> String {
        String(text.lowercased().filter { $0 != " " && $0 != "\"" && $0 != "'" && $0 != "\n" && $0 != "\t" })
    }

    /// Whether a shorthand or JSON value sets `key` to `value`: `Key=false`, `{"Key": false}`.
    static func sets(_ text: String, _ key: String, to value: String) -> Bool {
        let text = squeezed(text)
        return text.contains("\(key)=\(value)") || text.contains("\(key):\(value)")
    }

    /// The twelve-digit account ids in the ARNs (`arn:aws:rds:eu-west-1:123456789012:db:x`) and SQS
    /// queue URLs of a text.
    static func accounts(in text: String) -> [String] {
        var found: [String] = []
        for chunk in text.split(separator: "arn:", omittingEmptySubsequences: false).dropFirst() {
            let parts = chunk.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count >= 5, parts[0].hasPrefix("aws") else { continue }
            let account = parts[3]
            if account.count == 12, account.allSatisfy(\.isNumber) { found.append(String(account)) }
        }
        // SQS queue URLs: https://sqs.REGION.amazonaws.com/ACCOUNT/NAME
        if text.hasPrefix("https://sqs.") || text.hasPrefix("https://queue.amazonaws.com/") {
            let parts = text.split(separator: "/")
            if parts.count >= 4, parts[2].count == 12, parts[2].allSatisfy(\.isNumber) { found.append(String(parts[2])) }
        }
        return found
    }

    // MARK: - Tables

    /// Deleting a database or cache cluster: the options that keep or skip a final snapshot.
    struct DatabaseDeletion {
        var kind: String
        var skip: String?
        var finalSnapshot: String
        /// Whether deleting without naming a final snapshot loses the data (no other copy exists).
        var withoutSnapshotIsLoss: Bool
    }

    static let databaseDeletions: [String: DatabaseDeletion] = {
        var table: [String: DatabaseDeletion] = [:]
        for service in ["rds", "neptune", "docdb"] {
            table["\(service) delete-db-instance"] = DatabaseDeletion(
                kind: "DB instance", skip: "--skip-final-snapshot", finalSnapshot: "--final-db-snapshot-identifier",
                withoutSnapshotIsLoss: false)
            table["\(service) delete-db-cluster"] = DatabaseDeletion(
                kind: "DB cluster", skip: "--skip-final-snapshot", finalSnapshot: "--final-db-snapshot-identifier",
                withoutSnapshotIsLoss: false)
        }
        table["redshift delete-cluster"] = DatabaseDeletion(
            kind: "Redshift cluster", skip: "--skip-final-cluster-snapshot",
            finalSnapshot: "--final-cluster-snapshot-identifier", withoutSnapshotIsLoss: false)
        table["elasticache delete-replication-group"] = DatabaseDeletion(
            kind: "ElastiCache replication group", skip: nil, finalSnapshot: "--final-snapshot-identifier",
            withoutSnapshotIsLoss: true)
        table["elasticache delete-cache-cluster"] = DatabaseDeletion(
            kind: "ElastiCache cluster", skip: nil, finalSnapshot: "--final-snapshot-identifier",
            withoutSnapshotIsLoss: true)
        table["elasticache delete-serverless-cache"] = DatabaseDeletion(
            kind: "ElastiCache serverless cache", skip: nil, finalSnapshot: "--final-snapshot-name",
            withoutSnapshotIsLoss: true)
        table["memorydb delete-cluster"] = DatabaseDeletion(
            kind: "MemoryDB cluster", skip: nil, finalSnapshot: "--final-snapshot-name", withoutSnapshotIsLoss: true)
        return table
    }()

    /// Snapshots, backups and recovery points: the copies that make other loss recoverable.
    static let backupDeletions: [String: String] = {
        var table: [String: String] = [
            "rds delete-db-instance-automated-backup": "Deletes the retained automated backups of a DB instance",
            "rds delete-db-cluster-automated-backup": "Deletes the retained automated backups of a DB cluster",
            "ec2 delete-snapshot": "Deletes an EBS snapshot",
            "dynamodb delete-backup": "Deletes a DynamoDB table backup",
            "backup delete-recovery-point": "Deletes an AWS Backup recovery point",
            "backup delete-backup-vault": "Deletes an AWS Backup vault",
            "elasticache delete-snapshot": "Deletes an ElastiCache snapshot",
            "redshift delete-cluster-snapshot": "Deletes a Redshift cluster snapshot",
            "redshift batch-delete-cluster-snapshots": "Deletes Redshift cluster snapshots",
            "memorydb delete-snapshot": "Deletes a MemoryDB snapshot",
            "fsx delete-backup": "Deletes an FSx backup",
            "lightsail delete-instance-snapshot": "Deletes a Lightsail instance snapshot",
        ]
        for service in ["rds", "neptune", "docdb"] {
            table["\(service) delete-db-snapshot"] = "Deletes a DB snapshot"
            table["\(service) delete-db-cluster-snapshot"] = "Deletes a DB cluster snapshot"
        }
        return table
    }()

    /// Stores whose deletion loses data nobody can bring back.
    static let dataDeletions: [String: String] = [
        "dynamodb delete-table": "Deletes a DynamoDB table and every item in it",
        "ec2 delete-volume": "Deletes an EBS volume and the data on it",
        "efs delete-file-system": "Deletes an EFS file system and every file on it",
        "fsx delete-file-system": "Deletes an FSx file system and every file on it",
        "logs delete-log-group": "Deletes a log group and all of its logs",
        "logs delete-log-stream": "Deletes a log stream and its events",
        "kms schedule-key-deletion": "Schedules a KMS key for deletion; everything encrypted with it becomes unreadable for good",
        "kms disable-key": "Disables a KMS key; everything encrypted with it becomes unreadable until it is enabled again",
        "kms delete-imported-key-material":
            "Deletes a KMS key's imported key material; data encrypted with it is unreadable without the original material",
        "secretsmanager delete-secret": "Deletes a secret",
        "route53 delete-hosted-zone": "Deletes a hosted zone; its name servers are gone and the zone cannot be recreated with them",
        "opensearch delete-domain": "Deletes an OpenSearch domain and all of its indices",
        "es delete-elasticsearch-domain": "Deletes an Elasticsearch domain and all of its indices",
        "kinesis delete-stream": "Deletes a Kinesis stream and the records in it",
        "sqs purge-queue": "Purges every message from a queue",
        "glacier delete-vault": "Deletes a Glacier vault",
        "glacier delete-archive": "Deletes a Glacier archive",
        "timestream-write delete-database": "Deletes a Timestream database",
        "timestream-write delete-table": "Deletes a Timestream table and its data",
        "keyspaces delete-keyspace": "Deletes a Keyspaces keyspace and its tables",
        "keyspaces delete-table": "Deletes a Keyspaces table and its data",
        "docdb-elastic delete-cluster": "Deletes a DocumentDB elastic cluster and its data",
        "cognito-idp delete-user-pool": "Deletes a Cognito user pool and every user in it",
        "kafka delete-cluster": "Deletes an MSK cluster and the data in its topics",
        "qldb delete-ledger": "Deletes a QLDB ledger and its journal",
        "organizations close-account": "Closes an AWS account and everything in it",
    ]

    /// Turning off auditing and threat detection.
    static let auditOperations: [String: String] = [
        "cloudtrail stop-logging": "Stops a CloudTrail trail: API activity is no longer audited",
        "cloudtrail delete-trail": "Deletes a CloudTrail trail: API activity is no longer audited",
        "configservice stop-configuration-recorder": "Stops AWS Config recording: configuration changes are no longer tracked",
        "configservice delete-configuration-recorder": "Deletes the AWS Config recorder: configuration changes are no longer tracked",
        "guardduty delete-detector": "Deletes the GuardDuty detector: threat detection stops",
        "securityhub disable-security-hub": "Disables Security Hub: security findings are no longer collected",
    ]

    /// Removing the backup plans that keep resources backed up.
    static let backupOperations: [String: String] = [
        "backup delete-backup-plan": "Deletes a backup plan: its resources are no longer backed up",
        "backup delete-backup-selection": "Deletes a backup selection: its resources are no longer backed up",
        "backup delete-backup-vault-lock-configuration": "Removes a backup vault's lock, so its recovery points can be deleted",
    ]

    /// Ordinary deletions with a better message than the generic one.
    static let deletionMessages: [String: String] = [
        "ec2 terminate-instances": "Terminates EC2 instances; their instance-store data and volumes marked DeleteOnTermination are lost",
        "cloudformation delete-stack": "Deletes a CloudFormation stack and every resource it created that is not retained",
        "eks delete-cluster": "Deletes an EKS cluster with every Kubernetes object in it",
        "eks delete-nodegroup": "Deletes an EKS node group; its nodes and their pods go away",
        "lambda delete-function": "Deletes a Lambda function",
        "ecs delete-service": "Deletes an ECS service; its tasks stop",
        "ecs delete-cluster": "Deletes an ECS cluster",
        "elbv2 delete-load-balancer": "Deletes a load balancer; traffic to it stops",
        "elb delete-load-balancer": "Deletes a classic load balancer; traffic to it stops",
        "sqs delete-queue": "Deletes an SQS queue and the messages in it",
        "sns delete-topic": "Deletes an SNS topic and its subscriptions",
        "ecr delete-repository": "Deletes an ECR repository",
        "autoscaling delete-auto-scaling-group": "Deletes an Auto Scaling group",
        "ec2 release-address": "Releases an Elastic IP address; the address may never come back",
        "ec2 deregister-image": "Deregisters an AMI",
        "rds delete-global-cluster": "Deletes an Aurora global database cluster",
        "organizations remove-account-from-organization": "Removes an account from the organization and its policies",
        "organizations leave-organization": "Leaves the organization and its policies",
        "organizations delete-organization": "Deletes the organization",
    ]

    /// Operations that open or widen access.
    static let privilegeOperations: Set<String> = [
        "iam attach-user-policy", "iam attach-role-policy", "iam attach-group-policy", "iam put-user-policy",
        "iam put-role-policy", "iam put-group-policy", "iam create-access-key", "iam create-login-profile",
        "iam update-login-profile", "iam add-user-to-group", "iam update-assume-role-policy",
        "iam create-policy-version", "iam set-default-policy-version", "iam detach-user-policy",
        "iam detach-role-policy", "iam detach-group-policy", "iam remove-user-from-group",
        "iam put-user-permissions-boundary", "iam put-role-permissions-boundary", "iam create-user", "iam create-role",
        "iam update-access-key", "iam add-role-to-instance-profile", "iam upload-ssh-public-key",
        "iam create-service-specific-credential", "iam create-saml-provider", "iam create-open-id-connect-provider",
        "iam create-policy",
        "s3api put-bucket-policy", "s3api put-bucket-acl", "s3api put-object-acl", "s3api delete-public-access-block",
        "s3api put-public-access-block", "s3control delete-public-access-block", "s3control put-public-access-block",
        "lambda add-permission", "lambda add-layer-version-permission", "lambda create-function-url-config",
        "kms create-grant", "kms put-key-policy", "secretsmanager put-resource-policy", "ecr set-repository-policy",
        "sqs add-permission", "sns add-permission", "ec2 authorize-security-group-ingress",
        "ec2 authorize-security-group-egress", "ec2 modify-snapshot-attribute", "ec2 modify-image-attribute",
        "rds modify-db-snapshot-attribute", "rds modify-db-cluster-snapshot-attribute", "eks create-access-entry",
        "eks associate-access-policy", "organizations attach-policy", "organizations detach-policy",
        "ssm modify-document-permission", "glue put-resource-policy", "ec2-instance-connect send-ssh-public-key",
    ]

    /// Operations that run commands nobody can check beforehand.
    static let remoteExecution: [String: String] = [
        "ssm send-command": "Runs commands on instances through SSM; what they do cannot be checked here",
        "ssm start-session": "Opens an interactive session on an instance; what is typed there cannot be checked",
        "ecs execute-command": "Runs a command inside a running container; what it does cannot be checked here",
    ]

    /// Stopping things that serve traffic.
    static let stopOperations: [String: String] = [
        "ec2 stop-instances": "Stops EC2 instances",
        "rds stop-db-instance": "Stops a DB instance",
        "rds stop-db-cluster": "Stops a DB cluster",
        "redshift pause-cluster": "Pauses a Redshift cluster",
    ]

    static let readPrefixes: [String] = [
        "describe-", "list-", "get-", "head-", "search-", "batch-get-", "lookup-", "filter-", "simulate-",
        "estimate-", "validate-", "test-", "preview-",
    ]
    static let readOperations: Set<String> = [
        "ls", "presign", "wait", "tail", "query", "scan", "help", "decode-authorization-message",
    ]
    static let sqlOperations: Set<String> = [
        "rds-data execute-statement", "rds-data batch-execute-statement", "redshift-data execute-statement",
        "redshift-data batch-execute-statement", "athena start-query-execution", "dynamodb execute-statement",
        "dynamodb batch-execute-statement",
    ]

    /// The SQL an operation runs, if it is written on the command line.
    static func sql(_ command: Command) -> (text: String, span: SourceSpan)? {
        guard command.isOne(of: sqlOperations) else { return nil }
        return command.option("--sql", "--query-string", "--statement", "--statements")
    }

    // MARK: - Rules

    public static let family = ToolFamily(
        name: "aws", programs: ["aws"], isRemote: true,
        rules: [
            CommandRule(
                "aws.local", .write,
                summary: "Configures the CLI or signs in on this machine; nothing in the account changes",
                triggering: [
                    "aws «configure set» region eu-west-1", "aws «sso login» --profile prod", "aws «configure»",
                    "aws «eks update-kubeconfig» --name prod-eu", "aws «sso logout»", "aws «s3 sync» s3://acme-data ./data",
                ],
                nonTriggering: [
                    "aws configure list", "aws eks delete-cluster --name x", "aws s3 ls", "aws s3 sync ./data s3://acme-data",
                    "aws s3 sync s3://acme-data ./data --delete",
                ],
                acts: .here
            ) { invocation, _ in
                let command = Command(invocation)
                guard let service = command.service else { return nil }
                let local: [String: Set<String>] = [
                    "configure": ["set", "import", "add-model", "sso", "sso-session", "export-credentials", "wizard"],
                    "sso": ["login", "logout"], "eks": ["update-kubeconfig"], "codeartifact": ["login"],
                ]
                if service.text == "configure", command.operation == nil { return RuleMatch(span: service.span) }
                // `aws s3 cp|sync s3://b/k ./local`: a download reads the bucket and writes here.
                if service.text == "s3", let operation = command.operation, ["cp", "sync"].contains(operation.text ?? ""),
                    command.s3Operands.count == 2, command.s3Operands[0].approximation.hasPrefix("s3://"),
                    !command.s3Operands[1].approximation.hasPrefix("s3://"), command.flag("--delete") == nil
                {
                    return RuleMatch(
                        span: service.span.union(operation.span), resources: command.s3Operands.map(\.approximation),
                        message: "Downloads from \(command.s3Operands[0].approximation) onto this machine")
                }
                // Assuming a role hands out credentials; it changes nothing in the account.
                if service.text == "sts", let operation = command.operation, (operation.text ?? "").hasPrefix("assume-role") {
                    return RuleMatch(span: service.span.union(operation.span), message: "Gets temporary credentials for a role")
                }
                guard let operation = command.operation, let allowed = local[service.text ?? ""], allowed.contains(operation.text ?? "")
                else { return nil }
                return RuleMatch(span: service.span.union(operation.span))
            },
            CommandRule(
                "aws.help", .read, summary: "Shows help; changes nothing",
                triggering: [
                    "aws «help»", "aws rds «help»", "aws --profile prod rds delete-db-instance «help»",
                    "aws s3 rb «--help»", "aws «s3»",
                ],
                nonTriggering: [
                    "aws rds delete-db-instance --db-instance-identifier help --skip-final-snapshot",
                    "aws rds delete-db-instance --db-instance-identifier db1 --skip-final-snapshot",
                    "echo rb s3://data --force | xargs aws s3", "aws --version",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                if let service = command.service, service.text == "help" { return RuleMatch(span: service.span) }
                if let operation = command.operation, operation.text == "help" { return RuleMatch(span: operation.span) }
                if command.operation != nil, command.rest.count == 1, let only = command.rest.first, only.text == "help" {
                    return RuleMatch(span: only.span)
                }
                if let flag = command.rest.first(where: { $0.text == "--help" }) { return RuleMatch(span: flag.span) }
                // Without an operation the CLI only prints its usage.
                if command.operation == nil, command.version == nil, !invocation.takesRuntimeArguments,
                    !invocation.arguments.contains(where: \.isDynamic)
                {
                    return RuleMatch(
                        span: command.service?.span ?? invocation.programSpan,
                        message: "Without an operation the AWS CLI only prints its usage")
                }
                return nil
            },
            CommandRule(
                "aws.dry-run", .read,
                summary: "A dry run: the CLI checks permissions or prints what it would do, and changes nothing",
                triggering: [
                    "aws ec2 terminate-instances --instance-ids i-0abc «--dry-run»",
                    "aws --profile prod ec2 delete-volume «--dry-run» --volume-id vol-1",
                    "aws s3 rm s3://logs/2024/ --recursive «--dryrun»",
                    "aws s3 sync . s3://site --delete «--dryrun»",
                    "aws rds delete-db-instance --db-instance-identifier db1 «--generate-cli-skeleton»",
                ],
                nonTriggering: [
                    "aws ec2 terminate-instances --instance-ids i-0abc",
                    "aws ec2 terminate-instances --dry-run --no-dry-run --instance-ids i-0abc",
                    "aws s3 rm s3://logs/ --recursive --dry-run",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.operation != nil else { return nil }
                if let skeleton = command.flag("--generate-cli-skeleton") { return RuleMatch(span: skeleton.span) }
                if command.serviceName == "s3" {
                    guard let flag = command.flag("--dryrun") else { return nil }
                    return RuleMatch(span: flag.span, message: "aws s3 --dryrun prints what it would do and changes nothing")
                }
                // The last of --dry-run / --no-dry-run wins.
                guard let last = command.rest.last(where: { $0.text == "--dry-run" || $0.text == "--no-dry-run" }),
                    last.text == "--dry-run"
                else { return nil }
                return RuleMatch(span: last.span, message: "--dry-run only checks permissions; nothing is changed")
            },
            CommandRule(
                "aws.deletion-protection-off", .irreversible,
                summary: "Turns off deletion or termination protection, the guard against deleting the resource by mistake",
                safer: "Leave the protection on; if the resource really must go, have a person turn it off and delete it",
                triggering: [
                    "aws rds modify-db-instance --db-instance-identifier prod-db «--no-deletion-protection» --apply-immediately",
                    "aws --profile prod rds modify-db-cluster «--no-deletion-protection» --db-cluster-identifier main",
                    "aws dynamodb update-table --table-name orders «--no-deletion-protection-enabled»",
                    "aws ec2 modify-instance-attribute --instance-id i-1 «--no-disable-api-termination»",
                    "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1 «--attributes Key=deletion_protection.enabled,Value=false»",
                    "aws cloudformation update-termination-protection «--no-enable-termination-protection» --stack-name core",
                ],
                nonTriggering: [
                    "aws rds modify-db-instance --db-instance-identifier prod-db --deletion-protection",
                    "aws dynamodb update-table --table-name orders --deletion-protection-enabled",
                    "aws elbv2 modify-load-balancer-attributes --load-balancer-arn x --attributes Key=deletion_protection.enabled,Value=true",
                    "aws rds describe-db-instances --db-instance-identifier prod-db",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let name = command.operationName,
                    ["modify-", "update-", "put-", "set-"].contains(where: name.hasPrefix)
                else { return nil }
                let resources = command.resources
                let downgrades: [(String, String)] = [
                    ("--no-deletion-protection", "Turns off deletion protection"),
                    ("--no-deletion-protection-enabled", "Turns off deletion protection"),
                    ("--no-enable-termination-protection", "Turns off stack termination protection"),
                    ("--no-disable-api-termination", "Turns off termination protection"),
                ]
                for (flag, message) in downgrades {
                    if let argument = command.flag(flag) {
                        return RuleMatch(span: argument.span, resources: resources, message: "\(message)\(command.resourcePhrase("on"))")
                    }
                }
                if let found = command.option("--disable-api-termination"), sets(found.text, "value", to: "false") {
                    return RuleMatch(
                        span: found.span, resources: resources,
                        message: "Turns off termination protection\(command.resourcePhrase("on"))")
                }
                if let attribute = command.option("--attribute"), attribute.text.lowercased() == "disableapitermination",
                    let value = command.option("--value"), value.text.lowercased() == "false"
                {
                    return RuleMatch(
                        span: attribute.span.union(value.span), resources: resources,
                        message: "Turns off termination protection\(command.resourcePhrase("on"))")
                }
                if let found = command.option("--attributes") {
                    // Shorthand `Key=deletion_protection.enabled,Value=false` or the JSON list.
                    let text = squeezed(command.rest.map(\.approximation).joined(separator: " "))
                    if let range = text.firstRange(of: "deletion_protection.enabled") {
                        let after = text[range.upperBound...]
                        let before = text[..<range.lowerBound]
                        if after.hasPrefix(",value=false") || after.hasPrefix(",value:false")
                            || before.hasSuffix("value:false,key:")
                        {
                            let last = command.rest.last { $0.approximation.contains("deletion_protection") }?.span ?? found.span
                            return RuleMatch(
                                span: found.span.union(last), resources: resources,
                                message: "Turns off load balancer deletion protection\(command.resourcePhrase("on"))")
                        }
                    }
                }
                if let input = command.cliInput.text, input.contains("deletionprotection:false") {
                    let span = command.flag("--cli-input-json", "--cli-input-yaml")?.span ?? operation.span
                    return RuleMatch(
                        span: span, resources: resources,
                        message: "Turns off deletion protection\(command.resourcePhrase("on")) through its input parameters")
                }
                return nil
            },
            CommandRule(
                "aws.backups-off", .irreversible,
                summary: "Turns off backups, point-in-time recovery or versioning, so later loss cannot be undone",
                safer: "Keep backups and versioning on; shorten retention in reviewed infrastructure code if cost is the concern",
                triggering: [
                    "aws --profile prod rds modify-db-instance --db-instance-identifier main «--backup-retention-period 0»",
                    "aws dynamodb update-continuous-backups --table-name orders «--point-in-time-recovery-specification PointInTimeRecoveryEnabled=false»",
                    "aws s3api put-bucket-versioning --bucket data «--versioning-configuration Status=Suspended»",
                    "aws s3api put-bucket-versioning --bucket data «--versioning-configuration '{\"Status\": \"Suspended\"}'»",
                    "aws backup «delete-backup-plan» --backup-plan-id 1234",
                    "aws elasticache modify-replication-group --replication-group-id sessions «--snapshot-retention-limit 0»",
                ],
                nonTriggering: [
                    "aws rds modify-db-instance --db-instance-identifier db --backup-retention-period 7",
                    "aws s3api put-bucket-versioning --bucket data --versioning-configuration Status=Enabled",
                    "aws dynamodb update-continuous-backups --table-name t --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
                    "aws backup list-backup-plans",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let name = command.operationName else { return nil }
                let resources = command.resources
                if let message = command.value(in: backupOperations) {
                    return RuleMatch(span: operation.span, resources: resources, message: "\(message)\(command.resourceSuffix)")
                }
                guard ["modify-", "update-", "put-", "set-"].contains(where: name.hasPrefix) else { return nil }
                for option in ["--backup-retention-period", "--snapshot-retention-limit"] {
                    if let found = command.option(option), found.text == "0" {
                        return RuleMatch(
                            span: found.span, resources: resources,
                            message:
                                "Sets backup retention to 0\(command.resourcePhrase("on")): automated backups stop and existing ones are deleted"
                        )
                    }
                }
                if let found = command.option("--point-in-time-recovery-specification"),
                    sets(found.text, "pointintimerecoveryenabled", to: "false")
                {
                    return RuleMatch(
                        span: found.span, resources: resources,
                        message: "Turns off point-in-time recovery\(command.resourcePhrase("on"))")
                }
                if let found = command.option("--versioning-configuration"), sets(found.text, "status", to: "suspended") {
                    return RuleMatch(
                        span: found.span, resources: resources,
                        message:
                            "Suspends versioning\(command.resourcePhrase("on")): overwritten and deleted objects can no longer be recovered"
                    )
                }
                if let input = command.cliInput.text,
                    input.contains("backupretentionperiod:0,") || input.contains("backupretentionperiod:0}")
                {
                    let span = command.flag("--cli-input-json", "--cli-input-yaml")?.span ?? operation.span
                    return RuleMatch(
                        span: span, resources: resources,
                        message: "Sets backup retention to 0\(command.resourcePhrase("on")) through its input parameters")
                }
                return nil
            },
            CommandRule(
                "aws.audit-off", .irreversible,
                summary: "Stops or deletes an audit trail or threat detector: what happens next is no longer recorded",
                safer: "Leave auditing on; change trails and detectors through reviewed infrastructure code",
                triggering: [
                    "aws cloudtrail «stop-logging» --name org-trail",
                    "aws --profile prod cloudtrail «delete-trail» --name org-trail",
                    "aws configservice «stop-configuration-recorder» --configuration-recorder-name default",
                    "aws guardduty «delete-detector» --detector-id 12abc34d567e8fa901bc2d34e56789f0",
                ],
                nonTriggering: [
                    "aws cloudtrail start-logging --name org-trail", "aws cloudtrail describe-trails",
                    "aws cloudtrail lookup-events --max-results 5",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let message = command.value(in: auditOperations) else { return nil }
                return RuleMatch(span: operation.span, resources: command.resources, message: "\(message)\(command.resourceSuffix)")
            },
            CommandRule(
                "aws.database-delete", .irreversible,
                summary: "Deletes a database or cache cluster without keeping a final snapshot",
                safer:
                    "Keep a final snapshot (--final-db-snapshot-identifier) and check deletion protection stays on for production; let a person run the deletion",
                triggering: [
                    "aws rds «delete-db-instance» --db-instance-identifier prod-db --skip-final-snapshot",
                    "aws --profile prod-admin --region eu-west-1 rds «delete-db-cluster» --db-cluster-identifier main --skip-final-snapshot",
                    "aws rds «delete-db-instance» --db-instance-identifier db1 --final-db-snapshot-identifier db1-final",
                    "aws redshift «delete-cluster» --cluster-identifier dw --skip-final-cluster-snapshot",
                    "aws elasticache «delete-replication-group» --replication-group-id sessions",
                    "aws docdb «delete-db-cluster» --db-cluster-identifier docs --skip-final-snapshot",
                ],
                nonTriggering: [
                    "aws rds describe-db-instances --db-instance-identifier prod-db",
                    "aws rds delete-db-snapshot --db-snapshot-identifier old",
                    "aws rds create-db-instance --db-instance-identifier db1",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let deletion = command.value(in: databaseDeletions) else {
                    return nil
                }
                let resources = command.resources
                let skipped = deletion.skip.flatMap { command.flag($0) } != nil
                let keptSnapshot = command.option(deletion.finalSnapshot)
                let dropsBackups = command.flag("--delete-automated-backups") != nil
                let input = command.cliInput
                let inputSkips = input.given && (input.text == nil || input.text!.contains("skipfinalsnapshot:true"))
                let what = "\(deletion.kind)\(command.resourceText)"
                if skipped || inputSkips || (keptSnapshot == nil && (deletion.withoutSnapshotIsLoss || dropsBackups)) {
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes the \(what) without a final snapshot: its data is gone for good")
                }
                if let keptSnapshot {
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes the \(what), keeping the final snapshot \(keptSnapshot.text)"
                            + (dropsBackups ? "; its automated backups are deleted" : ""),
                        effectClass: .destroy)
                }
                return RuleMatch(
                    span: operation.span, resources: resources,
                    message:
                        "Deletes the \(what) (an Aurora member instance keeps its data in the cluster; otherwise the CLI asks for a final snapshot choice)",
                    effectClass: .destroy)
            },
            CommandRule(
                "aws.backup-delete", .irreversible,
                summary: "Deletes snapshots, backups or recovery points: the copies that make other loss recoverable",
                safer: "Let retention policies expire backups; delete one by hand only after a person checked a newer copy exists",
                triggering: [
                    "aws rds «delete-db-snapshot» --db-snapshot-identifier prod-db-2024-01-01",
                    "aws --profile production rds «delete-db-cluster-snapshot» --db-cluster-snapshot-identifier main-final",
                    "aws ec2 «delete-snapshot» --snapshot-id snap-0123",
                    "aws dynamodb «delete-backup» --backup-arn arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/1",
                    "aws backup «delete-recovery-point» --backup-vault-name Default --recovery-point-arn arn:aws:backup:x",
                    "aws backup «delete-backup-vault» --backup-vault-name Default",
                ],
                nonTriggering: [
                    "aws rds create-db-snapshot --db-instance-identifier db --db-snapshot-identifier s",
                    "aws ec2 describe-snapshots --owner-ids self",
                    "aws ec2 delete-snapshot --snapshot-id snap-0123 --dry-run",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let message = command.value(in: backupDeletions) else { return nil }
                return RuleMatch(
                    span: operation.span, resources: command.resources, message: "\(message)\(command.resourceSuffix)")
            },
            CommandRule(
                "aws.data-delete", .irreversible,
                summary: "Deletes a store of data (table, volume, file system, log group, key, secret, stream, hosted zone)",
                safer: "Back the data up first and have a person run the deletion; for secrets keep the recovery window",
                triggering: [
                    "aws dynamodb «delete-table» --table-name orders",
                    "aws --region us-east-1 ec2 «delete-volume» --volume-id vol-0abc",
                    "aws kms «schedule-key-deletion» --key-id 1234abcd --pending-window-in-days 7",
                    "aws logs «delete-log-group» --log-group-name /aws/lambda/api",
                    "aws secretsmanager «delete-secret» --secret-id prod/db --force-delete-without-recovery",
                    "aws route53 «delete-hosted-zone» --id Z123",
                ],
                nonTriggering: [
                    "aws dynamodb describe-table --table-name orders",
                    "aws kms cancel-key-deletion --key-id 1234abcd",
                    "aws logs create-log-group --log-group-name x",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let message = command.value(in: dataDeletions) else { return nil }
                let resources = command.resources
                if command.serviceName == "secretsmanager" || (command.serviceName == nil && command.operationName == "delete-secret") {
                    if command.flag("--force-delete-without-recovery") != nil {
                        return RuleMatch(
                            span: operation.span, resources: resources,
                            message: "Deletes the secret\(command.resourceText) at once, without a recovery window")
                    }
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes the secret\(command.resourceText); it can be restored during its recovery window",
                        effectClass: .destroy)
                }
                return RuleMatch(span: operation.span, resources: resources, message: "\(message)\(command.resourceSuffix)")
            },
            CommandRule(
                "aws.s3-delete", .irreversible,
                summary: "Deletes S3 objects or buckets",
                safer: "Run it with --dryrun first and check the bucket has versioning on; let a person delete production data",
                triggering: [
                    "aws s3 «rb» s3://acme-prod-data --force",
                    "aws s3 «rm» s3://acme-logs/2024/ --recursive",
                    "aws --profile prod s3 «rm» --recursive s3://acme-uploads",
                    "aws s3 «sync» ./empty s3://acme-site --delete",
                    "aws s3api «delete-objects» --bucket data --delete file://keys.json",
                    "aws s3api «delete-object» --bucket data --key a.csv",
                ],
                nonTriggering: [
                    "aws s3 ls s3://acme-logs/", "aws s3 cp a.txt s3://acme-logs/a.txt", "aws s3 sync ./site s3://acme-site",
                    "aws s3 rm s3://acme-logs/2024/ --recursive --dryrun",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let name = command.operationName else { return nil }
                let resources = command.resources
                let list = resources.joined(separator: ", ")
                switch (command.serviceName, name) {
                case ("s3", "rb"):
                    if command.flag("--force") != nil {
                        return RuleMatch(
                            span: operation.span, resources: resources,
                            message: "Deletes every object in \(list) and then the bucket itself")
                    }
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes the bucket \(list) (it must already be empty)", effectClass: .destroy)
                case ("s3", "rm"):
                    if command.flag("--recursive") != nil {
                        return RuleMatch(
                            span: operation.span, resources: resources, message: "Deletes every object under \(list)")
                    }
                    return RuleMatch(
                        span: operation.span, resources: resources, message: "Deletes the object \(list)",
                        effectClass: .destroy)
                case ("s3", "sync"):
                    guard command.flag("--delete") != nil else { return nil }
                    let destination = command.s3Operands.dropFirst().first
                    let remote = destination?.approximation.hasPrefix("s3://") ?? false
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message:
                            "sync --delete deletes everything at \(destination?.approximation ?? "the destination") that is not in the source",
                        effectClass: remote ? .irreversible : .destroy)
                case ("s3api", "delete-objects"):
                    return RuleMatch(span: operation.span, resources: resources, message: "Deletes objects from \(list)")
                case ("s3api", "delete-object"):
                    if command.option("--version-id") != nil {
                        return RuleMatch(
                            span: operation.span, resources: resources,
                            message: "Permanently deletes a version of \(list)")
                    }
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes \(list) (a versioned bucket keeps the old version)", effectClass: .destroy)
                case ("s3api", "delete-bucket"):
                    return RuleMatch(
                        span: operation.span, resources: resources,
                        message: "Deletes the bucket \(list) (it must be empty; someone else can then claim the name)",
                        effectClass: .destroy)
                default:
                    return nil
                }
            },
            CommandRule(
                "aws.dns-record-delete", .destroy,
                summary: "Deletes DNS records from a hosted zone",
                safer: "Export the zone first (aws route53 list-resource-record-sets) and let a person apply the change",
                triggering: [
                    "aws route53 «change-resource-record-sets» --hosted-zone-id Z1 --change-batch '{\"Changes\":[{\"Action\":\"DELETE\",\"ResourceRecordSet\":{\"Name\":\"api.example.com\"}}]}'",
                    "aws --profile prod route53 «change-resource-record-sets» --hosted-zone-id Z1 --change-batch 'Changes=[{Action=DELETE,ResourceRecordSet={Name=a.example.com,Type=A}}]'",
                ],
                nonTriggering: [
                    "aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{\"Changes\":[{\"Action\":\"UPSERT\"}]}'",
                    "aws route53 list-resource-record-sets --hosted-zone-id Z1",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, command.isOne(of: ["route53 change-resource-record-sets"]),
                    let batch = command.option("--change-batch"), sets(batch.text, "action", to: "delete")
                else { return nil }
                return RuleMatch(
                    span: operation.span, resources: command.resources,
                    message:
                        "Deletes DNS records in the hosted zone\(command.resourceText); sites and services behind them become unreachable")
            },
            CommandRule(
                "aws.sql-drop", .irreversible,
                summary: "Runs SQL through the AWS API that drops, truncates or empties tables",
                safer: "Back the table up first and let a person run the statement",
                triggering: [
                    "aws rds-data «execute-statement» --resource-arn arn:aws:rds:us-east-1:123456789012:cluster:db --secret-arn s --sql 'DROP TABLE users'",
                    "aws redshift-data «execute-statement» --cluster-identifier dw --database prod --sql 'truncate events'",
                ],
                nonTriggering: [
                    "aws rds-data execute-statement --resource-arn a --secret-arn s --sql 'SELECT * FROM users'",
                    "aws rds-data execute-statement --resource-arn a --secret-arn s --sql 'DELETE FROM users WHERE id = 1'",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let statement = sql(command) else { return nil }
                let words = statement.text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }
                let dangerous =
                    words.contains("drop") || words.contains("truncate")
                    || (words.contains("delete") && !words.contains("where"))
                guard dangerous else { return nil }
                return RuleMatch(
                    span: operation.span, resources: command.resources,
                    message: "Runs \(statement.text.prefix(80)), which drops or empties data")
            },
            CommandRule(
                "aws.privilege", .privilege,
                summary: "Changes who may do what: IAM policies, credentials, resource policies or network access",
                safer: "Make the change in reviewed infrastructure code, scoped to the least privilege needed",
                triggering: [
                    "aws iam «attach-role-policy» --role-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
                    "aws iam «create-access-key» --user-name deploy",
                    "aws --profile staging iam «put-user-policy» --user-name bot --policy-name p --policy-document file://p.json",
                    "aws s3api «put-bucket-policy» --bucket site --policy file://public.json",
                    "aws ec2 «authorize-security-group-ingress» --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0",
                ],
                nonTriggering: [
                    "aws iam list-attached-role-policies --role-name ci", "aws iam get-user",
                    "aws iam delete-access-key --user-name deploy --access-key-id AKIA",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, command.isOne(of: privilegeOperations) else { return nil }
                return RuleMatch(
                    span: operation.span, resources: command.resources,
                    message: "\(command.serviceName ?? "aws") \(operation.approximation) changes access\(command.resourcePhrase("for"))")
            },
            CommandRule(
                "aws.remote-exec", .opaque,
                summary: "Runs commands on instances or containers; what they do cannot be checked here",
                safer: "Run the specific command through a reviewed runbook, or check it with blastwall first",
                triggering: [
                    "aws ssm «send-command» --instance-ids i-1 --document-name AWS-RunShellScript --parameters commands='rm -rf /data'",
                    "aws --profile prod ssm «start-session» --target i-0abc",
                    "aws ecs «execute-command» --cluster web --task t1 --interactive --command /bin/sh",
                ],
                nonTriggering: ["aws ssm describe-instance-information", "aws ssm get-parameter --name /app/db-url"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let message = command.value(in: remoteExecution) else { return nil }
                return RuleMatch(span: operation.span, resources: command.resources, message: message)
            },
            CommandRule(
                "aws.scale-to-zero", .write,
                summary: "Scales a service to zero or stops it: it stops serving",
                safer: "Check nothing depends on it first, and prefer a scheduled, announced change in production",
                triggering: [
                    "aws ecs update-service --cluster web --service api «--desired-count 0»",
                    "aws --profile prod autoscaling set-desired-capacity --auto-scaling-group-name web «--desired-capacity 0»",
                    "aws eks update-nodegroup-config --cluster-name main --nodegroup-name ng «--scaling-config minSize=0,maxSize=0,desiredSize=0»",
                    "aws ec2 «stop-instances» --instance-ids i-1 i-2",
                    "aws rds «stop-db-instance» --db-instance-identifier db1",
                ],
                nonTriggering: [
                    "aws ecs update-service --cluster web --service api --desired-count 3",
                    "aws ecs update-service --cluster web --service api --desired-count 10",
                    "aws ec2 start-instances --instance-ids i-1",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation else { return nil }
                let resources = command.resources
                if let message = command.value(in: stopOperations) {
                    return RuleMatch(span: operation.span, resources: resources, message: "\(message)\(command.resourceSuffix)")
                }
                guard let name = command.operationName, name.hasPrefix("update-") || name.hasPrefix("set-") else { return nil }
                for option in ["--desired-count", "--desired-capacity", "--max-size", "--max-capacity"] {
                    if let found = command.option(option), found.text == "0" {
                        return RuleMatch(
                            span: found.span, resources: resources,
                            message: "Scales\(command.resourceText) to zero: it stops serving")
                    }
                }
                if let found = command.option("--scaling-config"),
                    sets(found.text, "desiredsize", to: "0,")
                        || sets(found.text, "desiredsize", to: "0}") || squeezed(found.text).hasSuffix("desiredsize=0")
                {
                    return RuleMatch(
                        span: found.span, resources: resources, message: "Scales the node group\(command.resourceText) to zero")
                }
                return nil
            },
            CommandRule(
                "aws.delete", .destroy,
                summary: "Deletes or terminates an AWS resource",
                safer: "Remove it through reviewed infrastructure code (terraform/CloudFormation), or let a person delete it",
                triggering: [
                    "aws ec2 «terminate-instances» --instance-ids i-0abc i-0def",
                    "aws --profile prod-admin cloudformation «delete-stack» --stack-name core-network",
                    "aws eks «delete-cluster» --name main",
                    "aws ecs «delete-service» --cluster web --service api --force",
                    "aws elbv2 «delete-load-balancer» --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
                    "aws iam «delete-role» --role-name ci",
                ],
                nonTriggering: [
                    "aws ec2 describe-instances", "aws ec2 delete-tags --resources i-1 --tags Key=a",
                    "aws cloudformation create-stack --stack-name x --template-body file://t.yaml",
                    "aws ec2 terminate-instances --instance-ids i-0abc --dry-run",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let name = command.operationName else { return nil }
                let resources = command.resources
                if var message = command.value(in: deletionMessages) {
                    if name == "delete-repository", command.flag("--force") != nil { message += " and every image in it" }
                    return RuleMatch(span: operation.span, resources: resources, message: "\(message)\(command.resourceSuffix)")
                }
                let deletes = name.hasPrefix("delete-") || name.hasPrefix("batch-delete-") || name.hasPrefix("terminate-")
                guard deletes, !name.hasSuffix("-tags"), !name.hasSuffix("-tagging"), name != "delete-change-set" else {
                    return nil
                }
                return RuleMatch(
                    span: operation.span, resources: resources,
                    message:
                        "Deletes\(command.resourceText.isEmpty ? " a resource" : command.resourceText) (\(command.serviceName ?? "aws") \(name))"
                )
            },
            CommandRule(
                "aws.dynamic-operation", .opaque,
                summary: "The service or operation is only known at run time, so the command cannot be checked",
                safer: "Write the service and operation out literally",
                triggering: [
                    "aws rds «$OP» --db-instance-identifier db1", "aws «$(cat svc.txt)» reset-everything --all",
                    "cat operations.txt | xargs aws «s3»",
                ],
                nonTriggering: [
                    "aws rds describe-db-instances", "aws s3 rm \"s3://$BUCKET/x\"",
                    "aws \"$SVC\" delete-table --table-name orders",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                if let service = command.service, service.isDynamic { return RuleMatch(span: service.span) }
                if let operation = command.operation, operation.isDynamic { return RuleMatch(span: operation.span) }
                if command.operation == nil, invocation.takesRuntimeArguments {
                    return RuleMatch(
                        span: command.service?.span ?? invocation.programSpan,
                        message: "The operation arrives at run time (xargs, find -exec), so the command cannot be checked")
                }
                return nil
            },
            CommandRule(
                "aws.read", .read, summary: "Describes, lists or reads; changes nothing",
                triggering: [
                    "aws rds «describe-db-instances»", "aws --profile prod s3 «ls» s3://acme-logs/",
                    "aws sts «get-caller-identity»", "aws «--version»",
                    "aws rds-data «execute-statement» --resource-arn a --secret-arn s --sql 'SELECT count(*) FROM users'",
                ],
                nonTriggering: ["aws rds delete-db-instance --db-instance-identifier x", "aws s3 cp a s3://b/a"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let operation = command.operation, let name = command.operationName else {
                    if command.service == nil, let version = command.version { return RuleMatch(span: version.span) }
                    return nil
                }
                if readPrefixes.contains(where: name.hasPrefix) || readOperations.contains(name) {
                    return RuleMatch(span: operation.span)
                }
                if command.serviceName == "configure", ["list", "get", "list-profiles", "export-credentials"].contains(name) {
                    return RuleMatch(span: operation.span)
                }
                if let statement = sql(command) {
                    let words = statement.text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != ";" }
                    let single = !words.dropLast().contains { $0.contains(";") }
                    let first = words.first.map { String($0) } ?? ""
                    if single, ["select", "show", "describe", "explain"].contains(first),
                        !words.contains("analyze"), !words.contains("into")
                    {
                        return RuleMatch(span: operation.span, message: "Runs a query that only reads")
                    }
                }
                return nil
            },
            .commandTable(
                "aws.operation", .aws, tool: "aws",
                triggering: [
                    "aws «logs start-live-tail» --log-group-identifiers arn:aws:logs:eu-west-1:1:log-group:app",
                    "aws «sns publish» --topic-arn arn:aws:sns:eu-west-1:1:t --message m",
                    "aws «ec2 allocate-address»", "aws «iot cancel-job» --job-id j",
                ],
                nonTriggering: [
                    "aws ec2 describe-instances", "aws ec2 no-such-operation", "aws rds delete-db-instance --db-instance-identifier x",
                ]
            ) { invocation in
                let command = Command(invocation)
                return [command.service, command.operation].compactMap { $0 }
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            builder.flag(.awsProfile, "--profile")
            builder.variable(.awsProfile, "AWS_PROFILE", "AWS_DEFAULT_PROFILE")
            let hasProfile = builder.hints.contains { $0.kind == .awsProfile }
            var seen: Set<String> = []
            for argument in invocation.arguments {
                for account in accounts(in: argument.approximation) where seen.insert(account).inserted {
                    builder.add(.awsAccount, account, source: "an ARN or queue URL on the command line")
                }
            }
            if let endpoint = invocation.option("--endpoint-url") {
                var host = Substring(endpoint)
                if let range = host.firstRange(of: "://") { host = host[range.upperBound...] }
                host = host.prefix { $0 != "/" && $0 != ":" }
                builder.add(.host, String(host), source: "--endpoint-url")
            }
            if !hasProfile {
                builder.add(.awsProfile, "default", source: "no profile given, so the AWS CLI uses the profile")
            }
            return builder.hints
        })
}

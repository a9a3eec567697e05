/// What Blastwall knows about Terraform resource types whose loss cannot be undone by applying
/// again: which ones hold data, and which of their attributes keep a delete recoverable. The plan
/// gate reads it to weigh deletes and spot protection downgrades; the posture doctor reads it to
/// find data left unprotected in configuration. One table, so both agree.
public enum DataResources {
    /// The kind of a data-holding resource type, or nil for types whose delete loses nothing
    /// that an apply cannot recreate.
    public static func kind(of type: String) -> DataKind? {
        if let kind = kinds[type] { return kind }
        // Families named by pattern rather than one by one.
        if type.hasPrefix("aws_fsx_"), type.hasSuffix("_file_system") { return .volume }
        return nil
    }

    /// The attributes that keep a delete of `type` recoverable, in the order people check them.
    public static func protections(of type: String) -> [Protection] {
        protectionsByType[type] ?? []
    }

    /// The paths of `protections(of:)`, whole and split, precomputed for the plan reader.
    public static func protectionPaths(of type: String) -> [(full: String, rest: ArraySlice<String>)] {
        pathsByType[type] ?? []
    }

    /// Every protection path of every type, for a resource whose type is not known yet.
    public static let allProtectionPaths: [(full: String, rest: ArraySlice<String>)] = Set(
        protectionsByType.values.flatMap { $0.map(\.path) }
    ).sorted().map(split)

    private static let pathsByType: [String: [(full: String, rest: ArraySlice<String>)]] = protectionsByType.mapValues {
        $0.map { split($0.path) }
    }

    private static func split(_ path: String) -> (full: String, rest: ArraySlice<String>) {
        (path, path.split(separator: ".").map(String.init)[...])
    }

    private static let kinds: [String: DataKind] = {
        var table: [String: DataKind] = [:]
        func add(_ kind: DataKind, _ types: [String]) { for type in types { table[type] = kind } }
        add(
            .database,
            [
                "aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster", "aws_docdb_cluster", "aws_docdb_elastic_cluster",
                "aws_neptune_cluster", "aws_redshift_cluster", "aws_redshiftserverless_namespace", "aws_dynamodb_table",
                "aws_dynamodb_global_table", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_timestream_table",
                "aws_keyspaces_table", "aws_qldb_ledger", "aws_lightsail_database",
                "google_sql_database_instance", "google_sql_database", "google_spanner_instance", "google_spanner_database",
                "google_bigtable_instance", "google_bigtable_table", "google_bigquery_dataset", "google_bigquery_table",
                "google_firestore_database", "google_alloydb_cluster", "google_datastore_index",
                "azurerm_postgresql_flexible_server", "azurerm_postgresql_server", "azurerm_postgresql_database",
                "azurerm_mssql_server", "azurerm_mssql_database", "azurerm_mysql_flexible_server", "azurerm_mysql_server",
                "azurerm_cosmosdb_account", "azurerm_cosmosdb_sql_database", "azurerm_cosmosdb_mongo_database",
            ])
        add(
            .cache,
            [
                "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_serverless_cache",
                "aws_memorydb_cluster", "google_redis_instance", "google_memcache_instance", "azurerm_redis_cache",
            ])
        add(
            .stream,
            ["aws_kinesis_stream", "aws_msk_cluster", "aws_mq_broker", "google_pubsub_topic", "azurerm_eventhub_namespace"])
        add(
            .backup,
            [
                "aws_db_snapshot", "aws_db_snapshot_copy", "aws_db_cluster_snapshot", "aws_rds_cluster_snapshot_copy", "aws_ebs_snapshot",
                "aws_ebs_snapshot_copy", "aws_backup_vault",
                "aws_backup_plan", "aws_backup_selection", "aws_db_instance_automated_backups_replication",
                "aws_redshift_snapshot_schedule", "aws_dlm_lifecycle_policy", "aws_glacier_vault",
                "google_compute_snapshot", "google_compute_resource_policy", "google_backup_dr_backup_vault",
                "azurerm_snapshot", "azurerm_recovery_services_vault", "azurerm_backup_policy_vm",
                "azurerm_data_protection_backup_vault",
            ])
        add(
            .bucket,
            [
                "aws_s3_bucket", "aws_s3_directory_bucket", "aws_s3tables_table_bucket", "google_storage_bucket",
                "azurerm_storage_account", "azurerm_storage_container", "azurerm_storage_share",
            ])
        add(
            .volume,
            [
                "aws_ebs_volume", "aws_efs_file_system", "google_compute_disk", "google_compute_region_disk",
                "google_filestore_instance", "azurerm_managed_disk", "kubernetes_persistent_volume",
                "kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1",
            ])
        add(
            .encryptionKey,
            [
                "aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "google_kms_crypto_key", "google_kms_key_ring",
                "azurerm_key_vault", "azurerm_key_vault_key",
            ])
        add(
            .secret,
            [
                "aws_secretsmanager_secret", "google_secret_manager_secret", "azurerm_key_vault_secret",
                "vault_mount", "vault_kv_secret_v2",
            ])
        add(.dnsZone, ["aws_route53_zone", "google_dns_managed_zone", "azurerm_dns_zone", "azurerm_private_dns_zone"])
        add(
            .logs,
            [
                "aws_cloudwatch_log_group", "aws_cloudtrail", "google_logging_project_bucket_config",
                "azurerm_log_analytics_workspace",
            ])
        add(
            .cluster,
            [
                "aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster", "kubernetes_namespace",
                "kubernetes_namespace_v1", "azurerm_resource_group", "google_project", "aws_organizations_account",
            ])
        return table
    }()

    private static let protectionsByType: [String: [Protection]] = {
        let deletionProtection = Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: false)
        let skipFinalSnapshot = Protection("skip_final_snapshot", safe: .equals(.bool(false)), absentIsSafe: true)
        let finalSnapshotName = Protection("final_snapshot_identifier", safe: .nonEmpty, absentIsSafe: false)
        let retention = Protection("backup_retention_period", safe: .positive, absentIsSafe: true)
        let keepAutomatedBackups = Protection("delete_automated_backups", safe: .equals(.bool(false)), absentIsSafe: false)
        let noForceDestroy = Protection("force_destroy", safe: .equals(.bool(false)), absentIsSafe: true)
        let rdsLike = [deletionProtection, skipFinalSnapshot, finalSnapshotName, retention]
        return [
            "aws_db_instance": rdsLike + [keepAutomatedBackups],
            "aws_rds_cluster": rdsLike + [keepAutomatedBackups],
            "aws_docdb_cluster": rdsLike,
            "aws_neptune_cluster": rdsLike,
            "aws_redshift_cluster": [
                Protection("skip_final_snapshot", safe: .equals(.bool(false)), absentIsSafe: true),
                Protection("final_snapshot_identifier", safe: .nonEmpty, absentIsSafe: false),
                Protection("automated_snapshot_retention_period", safe: .positive, absentIsSafe: true),
            ],
            "aws_dynamodb_table": [
                Protection("deletion_protection_enabled", safe: .equals(.bool(true)), absentIsSafe: false),
                Protection("point_in_time_recovery.0.enabled", safe: .equals(.bool(true)), absentIsSafe: false),
            ],
            "aws_s3_bucket": [
                noForceDestroy,
                Protection("versioning.0.enabled", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false),
            ],
            "aws_s3_bucket_versioning": [
                Protection("versioning_configuration.0.status", safe: .equals(.string("Enabled")), absentIsSafe: false)
            ],
            "aws_instance": [Protection("disable_api_termination", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)],
            "aws_lb": [Protection("enable_deletion_protection", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)],
            "aws_alb": [Protection("enable_deletion_protection", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)],
            "aws_elasticache_replication_group": [
                Protection("snapshot_retention_limit", safe: .positive, absentIsSafe: false, reportsMissing: false),
                Protection("final_snapshot_identifier", safe: .nonEmpty, absentIsSafe: false, reportsMissing: false),
            ],
            "aws_secretsmanager_secret": [Protection("recovery_window_in_days", safe: .positive, absentIsSafe: true)],
            "aws_kms_key": [Protection("deletion_window_in_days", safe: .atLeast(30), absentIsSafe: true, reportsMissing: false)],
            "aws_cloudwatch_log_group": [
                Protection("skip_destroy", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)
            ],
            "aws_cognito_user_pool": [Protection("deletion_protection", safe: .equals(.string("ACTIVE")), absentIsSafe: false)],
            "aws_ebs_volume": [Protection("final_snapshot", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)],
            "google_sql_database_instance": [
                Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: true),
                Protection(
                    "settings.0.deletion_protection_enabled", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false),
                Protection("settings.0.backup_configuration.0.enabled", safe: .equals(.bool(true)), absentIsSafe: false),
            ],
            "google_storage_bucket": [
                Protection("force_destroy", safe: .equals(.bool(false)), absentIsSafe: true),
                Protection("versioning.0.enabled", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false),
            ],
            "google_bigquery_table": [Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: true)],
            "google_bigquery_dataset": [
                Protection("delete_contents_on_destroy", safe: .equals(.bool(false)), absentIsSafe: true)
            ],
            "google_container_cluster": [Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: true)],
            "google_spanner_database": [Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: true)],
            "google_bigtable_instance": [Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: true)],
            "google_bigtable_table": [
                Protection("deletion_protection", safe: .equals(.string("PROTECTED")), absentIsSafe: false, reportsMissing: false)
            ],
            "google_alloydb_cluster": [Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: false)],
            "google_firestore_database": [
                Protection("delete_protection_state", safe: .equals(.string("DELETE_PROTECTION_ENABLED")), absentIsSafe: false)
            ],
            "google_compute_instance": [
                Protection("deletion_protection", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false)
            ],
            "azurerm_key_vault": [Protection("purge_protection_enabled", safe: .equals(.bool(true)), absentIsSafe: false)],
            "azurerm_postgresql_flexible_server": [Protection("backup_retention_days", safe: .positive, absentIsSafe: true)],
            "azurerm_mssql_database": [
                Protection("short_term_retention_policy.0.retention_days", safe: .positive, absentIsSafe: true, reportsMissing: false)
            ],
            "azurerm_storage_account": [
                Protection("blob_properties.0.versioning_enabled", safe: .equals(.bool(true)), absentIsSafe: false, reportsMissing: false),
                Protection(
                    "blob_properties.0.delete_retention_policy.0.days", safe: .positive, absentIsSafe: false, reportsMissing: false),
            ],
            "azurerm_kubernetes_cluster": [],
        ]
    }()

    /// Whether a resource of `type` is itself a copy of data taken at one moment (a snapshot), so
    /// deleting the resource deletes the copy. Other `.backup` types are vaults and schedules.
    public static func isSnapshot(_ type: String) -> Bool { snapshotTypes.contains(type) }

    private static let snapshotTypes: Set<String> = [
        "aws_db_snapshot", "aws_db_snapshot_copy", "aws_db_cluster_snapshot", "aws_rds_cluster_snapshot_copy", "aws_ebs_snapshot",
        "aws_ebs_snapshot_copy", "google_compute_snapshot", "azurerm_snapshot",
    ]
}

/// Why a resource type matters when it goes away.
public enum DataKind: String, Sendable, CaseIterable {
    case database, cache, stream, backup, bucket, volume
    case encryptionKey = "encryption-key"
    case secret
    case dnsZone = "dns-zone"
    case logs, cluster

    /// What is lost, for messages: "the data in it", "the backups it holds".
    public var loss: String {
        switch self {
        case .database: "the database and every row in it"
        case .cache: "the cached data and any persistence it keeps"
        case .stream: "the messages not yet consumed"
        case .backup: "the backups or the schedule that makes them"
        case .bucket: "every object stored in it"
        case .volume: "the files on the volume"
        case .encryptionKey: "every piece of data encrypted with the key"
        case .secret: "the secret's value and its history"
        case .dnsZone: "every record in the zone, and its name servers"
        case .logs: "the logs or audit trail it keeps"
        case .cluster: "everything running in it and the data attached"
        }
    }
}

/// One attribute that keeps a delete recoverable: `deletion_protection = true`,
/// `skip_final_snapshot = false`, a retention above zero.
public struct Protection: Sendable {
    /// Dotted path into the resource's attributes; a number indexes a nested block
    /// (`point_in_time_recovery.0.enabled`).
    public var path: String
    public var safe: SafeValue
    /// Whether leaving the attribute unset (or null) is safe: the provider's default.
    public var absentIsSafe: Bool
    /// Whether the posture doctor should report the attribute when it is missing. Off for
    /// protections that are good practice on some resources but noisy to demand on all.
    public var reportsMissing: Bool

    public init(_ path: String, safe: SafeValue, absentIsSafe: Bool, reportsMissing: Bool = true) {
        self.path = path
        self.safe = safe
        self.absentIsSafe = absentIsSafe
        self.reportsMissing = reportsMissing
    }

    public var pathComponents: [String] { path.split(separator: ".").map(String.init) }

    /// What the attribute guards against, read from its name so the table above stays one line a
    /// protection. Names not listed keep a recoverable copy (retention, versioning, recovery windows).
    public var purpose: Purpose {
        switch pathComponents.last ?? path {
        case "deletion_protection", "deletion_protection_enabled", "enable_deletion_protection", "disable_api_termination",
            "delete_protection_state", "purge_protection_enabled", "skip_destroy":
            .deletionProtection
        case "skip_final_snapshot", "final_snapshot": .finalSnapshot
        case "final_snapshot_identifier": .finalSnapshotName
        case "delete_automated_backups": .retainedBackups
        case "force_destroy", "delete_contents_on_destroy": .keepsContents
        default: .backupRetention
        }
    }

    /// The risk a protection attribute addresses, so the posture doctor can name it.
    public enum Purpose: String, Sendable, CaseIterable {
        /// The provider refuses the delete: `deletion_protection = true`.
        case deletionProtection = "deletion-protection"
        /// A delete leaves a last snapshot: `skip_final_snapshot = false`.
        case finalSnapshot = "final-snapshot"
        /// The name of that snapshot; without it the delete fails until someone skips the snapshot.
        case finalSnapshotName = "final-snapshot-name"
        /// Automated backups outlive the resource: `delete_automated_backups = false`.
        case retainedBackups = "retained-backups"
        /// Backups, versions or a recovery window exist at all: a retention above zero, PITR, versioning.
        case backupRetention = "backup-retention"
        /// A delete refuses to take the contents with it: `force_destroy = false`.
        case keepsContents = "keeps-contents"
    }

    /// Whether a value keeps the resource protected. `nil` is an absent or null attribute;
    /// values Terraform does not know yet (`(known after apply)`) count as safe, since the
    /// plan does not show a downgrade.
    public func isSafe(_ value: PlanValue?) -> Bool {
        guard let value, value != .null else { return absentIsSafe }
        switch (safe, value) {
        case (_, .unknown): return true
        case (.equals(let expected), _): return value == expected
        case (.nonEmpty, .string(let text)): return !text.isEmpty
        case (.positive, .number(let number)): return number > 0
        case (.atLeast(let minimum), .number(let number)): return number >= minimum
        default: return false
        }
    }

    /// What the safe setting is, for messages: `deletion_protection = true`.
    public var safeDescription: String {
        switch safe {
        case .equals(let value): "\(path) = \(value)"
        case .nonEmpty: "\(path) set"
        case .positive: "\(path) above 0"
        case .atLeast(let minimum): "\(path) at least \(Int(minimum))"
        }
    }
}

/// The condition a protection attribute must meet.
public enum SafeValue: Sendable {
    case equals(PlanValue)
    case nonEmpty
    case positive
    case atLeast(Double)
}

/// A scalar attribute value as the plan gate and the doctor compare it.
public enum PlanValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// Known only after apply, or a value that is not a scalar.
    case unknown

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): "\"\(value)\""
        case .unknown: "(known after apply)"
        }
    }
}

extension PlanValue {
    /// A JSON attribute (from a plan or a state) as the protection table compares it;
    /// collections are not scalars.
    init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let text): self = Double(text).map(PlanValue.number) ?? .unknown
        case .string(let value): self = .string(value)
        case .array, .object: self = .unknown
        }
    }
}

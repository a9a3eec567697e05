/// Rules over the protection attributes `DataResources` lists, one rule for each purpose: a
/// protection that is off, or left at a default that is off, is a finding where the resource is.
enum ProtectionRules {
    static let noDeletionProtection = rule(
        .deletionProtection, id: "terraform-posture.no-deletion-protection", severity: .error,
        summary: "A data-holding resource the provider would delete without a second thought",
        help: """
            With deletion protection on, the provider refuses to delete the resource, so a `terraform destroy`, \
            a removed block or a replacement fails instead of taking the data. Set it on every resource that holds \
            data you cannot recreate.
            """,
        triggering: [
            """
            «resource "aws_db_instance" "main" {
              engine = "postgres"
            }
            """,
            """
            resource "aws_rds_cluster" "orders" {
              «deletion_protection = false
            }
            """,
            """
            resource "aws_dynamodb_table" "events" {
              hash_key = "id"
              «deletion_protection_enabled = false
            }
            """,
            PostureExample(
                "",
                state: """
                    {"version": 4, "resources": [
                      {"module": "module.db", «"mode": "managed", "type": "aws_db_instance", "name": "main",
                       "instances": [{"attributes": {"deletion_protection": false}}]}]}
                    """),
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              deletion_protection = true
            }
            """,
            """
            resource "aws_db_instance" "main" {
              deletion_protection = var.protect
            }
            """,
            "resource \"aws_instance\" \"web\" {}",
            "resource \"google_sql_database_instance\" \"main\" {}",
            "resource \"aws_iam_role\" \"deployer\" {}",
        ])

    static let skipFinalSnapshot = rule(
        .finalSnapshot, id: "terraform-posture.skip-final-snapshot", severity: .error,
        summary: "Deleting the database leaves no final snapshot",
        help: """
            `skip_final_snapshot = true` tells the provider to delete the database without taking a last snapshot, \
            so a destroy leaves nothing to restore. Take the final snapshot and name it.
            """,
        triggering: [
            """
            resource "aws_db_instance" "main" {
              «skip_final_snapshot = true
            }
            """,
            """
            resource "aws_ebs_volume" "data" {
              «final_snapshot = false
            }
            """,
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              skip_final_snapshot       = false
              final_snapshot_identifier = "main-final"
            }
            """,
            "resource \"aws_db_instance\" \"main\" {}",
            "resource \"aws_ebs_volume\" \"data\" {}",
        ])

    static let noFinalSnapshotName = rule(
        .finalSnapshotName, id: "terraform-posture.no-final-snapshot-name", severity: .warning,
        summary: "A final snapshot is wanted but never named",
        help: """
            Without `final_snapshot_identifier`, deleting the database fails; the quick way past that failure is \
            `skip_final_snapshot = true`, which loses the last snapshot. Name it now so a delete leaves one.
            """,
        triggering: [
            """
            «resource "aws_rds_cluster" "orders" {
              engine = "aurora-postgresql"
            }
            """
        ],
        nonTriggering: [
            """
            resource "aws_rds_cluster" "orders" {
              final_snapshot_identifier = "orders-final"
            }
            """,
            """
            resource "aws_rds_cluster" "orders" {
              skip_final_snapshot = true
            }
            """,
        ])

    static let automatedBackupsDeleted = rule(
        .retainedBackups, id: "terraform-posture.automated-backups-deleted", severity: .error,
        summary: "The automated backups are deleted together with the database",
        help: """
            `delete_automated_backups` defaults to true: deleting the instance deletes its automated backups and \
            point-in-time recovery with it. Set it to false so the backups outlive the database for their retention period.
            """,
        triggering: [
            """
            «resource "aws_db_instance" "main" {
              deletion_protection = true
            }
            """,
            """
            resource "aws_db_instance" "main" {
              «delete_automated_backups = true
            }
            """,
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              delete_automated_backups = false
            }
            """,
            "resource \"aws_docdb_cluster\" \"docs\" {}",
        ])

    static let noBackupRetention = rule(
        .backupRetention, id: "terraform-posture.no-backup-retention", severity: .error, missingSeverity: .warning,
        summary: "No backups, versions or recovery window to restore from",
        help: """
            A retention of zero, point-in-time recovery off, or versioning off means there is no earlier copy of the \
            data to go back to after a bad write or a delete. Keep backups for at least a week.
            """,
        triggering: [
            """
            resource "aws_db_instance" "main" {
              «backup_retention_period = 0
            }
            """,
            """
            «resource "aws_dynamodb_table" "events" {
              hash_key = "id"
            }
            """,
            """
            resource "aws_secretsmanager_secret" "db" {
              «recovery_window_in_days = 0
            }
            """,
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              backup_retention_period = 7
            }
            """,
            """
            resource "aws_dynamodb_table" "events" {
              point_in_time_recovery {
                enabled = true
              }
            }
            """,
            "resource \"aws_db_instance\" \"main\" {}",
        ])

    static let forceDestroy = rule(
        .keepsContents, id: "terraform-posture.force-destroy", severity: .error,
        summary: "A destroy empties the bucket or dataset instead of failing",
        help: """
            `force_destroy = true` (and `delete_contents_on_destroy = true`) make the provider delete every object \
            first, so a destroy that would have failed on a non-empty bucket takes its contents. Leave it off.
            """,
        triggering: [
            """
            resource "aws_s3_bucket" "uploads" {
              «force_destroy = true
            }
            """,
            """
            resource "google_bigquery_dataset" "analytics" {
              «delete_contents_on_destroy = true
            }
            """,
        ],
        nonTriggering: [
            "resource \"aws_s3_bucket\" \"uploads\" {}",
            """
            resource "aws_s3_bucket" "uploads" {
              force_destroy = false
            }
            """,
        ])

    /// The purposes above, each with its rule; a test checks every purpose has one.
    static let byPurpose: [Protection.Purpose: PostureRule] = [
        .deletionProtection: noDeletionProtection, .finalSnapshot: skipFinalSnapshot, .finalSnapshotName: noFinalSnapshotName,
        .retainedBackups: automatedBackupsDeleted, .backupRetention: noBackupRetention, .keepsContents: forceDestroy,
    ]

    /// A rule reporting every protection of one purpose that is off (at `severity`) or missing
    /// with an unsafe default (at `missingSeverity`).
    static func rule(
        _ purpose: Protection.Purpose, id: String, severity: PostureSeverity, missingSeverity: PostureSeverity? = nil,
        summary: String, help: String, triggering: [PostureExample], nonTriggering: [PostureExample]
    ) -> PostureRule {
        PostureRule(
            id: id, severity: severity, summary: summary, help: help, triggering: triggering, nonTriggering: nonTriggering
        ) { rule, input in
            var findings: [PostureFinding] = []
            for resource in input.resources {
                let protections = DataResources.protections(of: resource.type)
                for protection in protections where protection.purpose == purpose {
                    let (reading, line) = resource.read(protection)
                    let explicit: PlanValue
                    switch reading {
                    case .expression:
                        continue
                    case .absent:
                        guard !protection.absentIsSafe, protection.reportsMissing else { continue }
                        // A final snapshot name matters only while the final snapshot is wanted.
                        if purpose == .finalSnapshotName, resource.read(["skip_final_snapshot"]).reading == .known(.bool(true)) {
                            continue
                        }
                        explicit = .null
                    case .known(let value):
                        guard !protection.isSafe(value) else { continue }
                        explicit = value
                    }
                    let fixed = protections.filter {
                        $0.path == protection.path || (purpose == .finalSnapshot && $0.purpose == .finalSnapshotName)
                    }
                    let name = PostureFix.attributeName(protection)
                    let state = explicit == .null ? "does not set \(name)" : "sets \(name) = \(explicit)"
                    findings.append(
                        rule.finding(
                            "\(resource.described) \(state): \(consequence(of: purpose, for: resource.type, safe: protection))",
                            at: (resource.file, line), resource: resource.address,
                            fix: PostureFix.resource(
                                resource.type, resource.name, PostureFix.items(setting: fixed, resourceName: resource.name)),
                            severity: explicit == .null ? missingSeverity : nil, in: input))
                }
            }
            return findings
        }
    }

    static func consequence(of purpose: Protection.Purpose, for type: String, safe protection: Protection) -> String {
        let loss = DataResources.kind(of: type)?.loss ?? "what it holds"
        let want = PostureFix.wanted(protection)
        switch purpose {
        case .deletionProtection:
            return
                "nothing makes the provider refuse a delete, so one destroy or deleted block loses \(loss) (want \(want))"
        case .finalSnapshot:
            return "a delete takes no final snapshot, so it loses \(loss) for good (want \(want))"
        case .finalSnapshotName:
            return "a delete fails for want of a final snapshot name, and the usual way past that is skip_final_snapshot = true"
        case .retainedBackups:
            return "the automated backups are deleted with it (the default), so a destroy leaves nothing to restore from"
        case .backupRetention:
            return "there is no backup, earlier version or recovery window to restore \(loss) from (want \(want))"
        case .keepsContents:
            return "a destroy deletes \(loss) instead of failing (want \(want))"
        }
    }
}

/// The incident's shape: the snapshots that would restore a database were managed in the same
/// state as the database, so the one `terraform destroy` that took the database took them too.
enum SameStateBackupRule {
    static let rule = PostureRule(
        id: "terraform-posture.backups-in-same-state", severity: .error,
        summary: "Backups or snapshots live in the same state as the data they protect",
        help: """
            A destroy (or a lost and restored state) acts on everything in one state at once. A snapshot managed next \
            to its database goes with it; a backup plan or vault managed next to it stops or goes with it. Keep \
            backups in a separate configuration and state, ideally in another account, and stop managing them here \
            with a `removed` block that does not destroy them.
            """,
        triggering: [
            """
            resource "aws_db_instance" "main" {
              identifier = "orders"
            }

            «resource "aws_db_snapshot" "before_upgrade" {
              db_instance_identifier = aws_db_instance.main.identifier
              db_snapshot_identifier = "orders-before-upgrade"
            }
            """,
            """
            resource "aws_db_instance" "main" {}
            resource "aws_backup_plan" "nightly" {}
            «resource "aws_backup_selection" "orders" {
              plan_id   = aws_backup_plan.nightly.id
              resources = [aws_db_instance.main.arn]
            }
            """,
            PostureExample(
                "",
                state: """
                    {"version": 4, "resources": [
                      {"mode": "managed", "type": "aws_db_instance", "name": "main", "instances": [{"attributes": {"identifier": "orders"}}]},
                      «{"mode": "managed", "type": "aws_db_snapshot", "name": "nightly", "instances": [{"attributes": {"db_instance_identifier": "orders"}}]}
                    ]}
                    """),
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              identifier = "orders"
            }
            """,
            """
            resource "aws_db_snapshot" "imported" {
              db_instance_identifier = "orders"
              db_snapshot_identifier = "orders-2024"
            }
            """,
            """
            resource "aws_db_instance" "main_replica" {}
            resource "aws_db_snapshot" "other" {
              db_instance_identifier = aws_db_instance.main_replica_old.identifier
            }
            """,
        ]
    ) { rule, input in
        var findings: [PostureFinding] = []
        var reported: Set<String> = []
        let declared = input.configuration.resources
        let holders = declared.filter { isDataHolder($0.type) }
        for backup in declared where DataResources.kind(of: backup.type) == .backup {
            let texts = backup.body.allAttributes.map(\.source)
            let protected = holders.filter { holder in texts.contains { references($0, holder.address) } }
            guard !protected.isEmpty else { continue }
            reported.insert(backup.address)
            findings.append(
                finding(
                    rule, backup: backup.address, type: backup.type, of: protected.map { ($0.address, $0.type) },
                    at: (backup.file, backup.line), in: input))
        }
        guard let state = input.state else { return findings }
        let identities = state.resources.filter { isDataHolder($0.type) }.map { holder in
            (holder, Set(identifyingValues(holder.instances.first)))
        }
        for backup in state.resources where DataResources.kind(of: backup.type) == .backup && !reported.contains(backup.address) {
            let values = Set(referencedValues(backup.instances.first))
            let protected = identities.filter { !$0.1.isDisjoint(with: values) }.map(\.0)
            guard !protected.isEmpty else { continue }
            findings.append(
                finding(
                    rule, backup: backup.address, type: backup.type, of: protected.map { ($0.address, $0.type) },
                    at: (state.path, backup.line), in: input))
        }
        return findings
    }

    static func finding(
        _ rule: PostureRule, backup: String, type: String, of protected: [(address: String, type: String)],
        at location: (file: String, line: Int),
        in input: PostureInput
    ) -> PostureFinding {
        let names = protected.map(\.address).joined(separator: ", ")
        let loss = protected.first.flatMap { DataResources.kind(of: $0.type)?.loss } ?? "the data"
        let isSnapshot = DataResources.isSnapshot(type)
        let message =
            isSnapshot
            ? "\(backup) is a snapshot of \(names), managed in the same state: one terraform destroy deletes both \(loss), and the snapshot that would restore it"
            : "\(backup) backs up \(names) from the same state: one terraform destroy deletes both \(loss), and the backups or the schedule that makes them"
        let fix = PostureFix.render(
            [.comment("Stop managing \(backup) here without deleting it (Terraform 1.7+):")] + PostureFix.forget(backup) + [
                .comment("then take and keep backups from a separate configuration and state, ideally in another account"),
                .comment("(for AWS: AWS Backup with a locked vault), so no destroy here can reach them."),
            ])
        return rule.finding(message, at: location, resource: backup, fix: fix, severity: isSnapshot ? .error : .warning, in: input)
    }

    /// Types whose loss is the data itself, not a copy of it.
    static func isDataHolder(_ type: String) -> Bool {
        guard let kind = DataResources.kind(of: type) else { return false }
        return kind != .backup
    }

    /// Whether an expression names `address` (`aws_db_instance.main.identifier`), not a longer one.
    static func references(_ text: String, _ address: String) -> Bool {
        let bytes = Array(text.utf8)
        let needle = Array(address.utf8)
        guard needle.count <= bytes.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            guard bytes[start..<(start + needle.count)].elementsEqual(needle) else { continue }
            let before = start > 0 ? bytes[start - 1] : nil
            let after = start + needle.count < bytes.count ? bytes[start + needle.count] : nil
            if before != UInt8(ascii: ".") && !HCLScanner.isIdentifierContinue(before) && !HCLScanner.isIdentifierContinue(after) {
                return true
            }
        }
        return false
    }

    /// The recorded values that name a data-holding resource, which a backup of it would hold.
    static func identifyingValues(_ attributes: JSON?) -> [String] {
        ["id", "arn", "identifier", "cluster_identifier", "self_link"].compactMap { key in
            guard let value = attributes?[key]?.stringValue, value.count >= 4 else { return nil }
            return value
        }
    }

    /// The string values a backup records (its own id and name aside), including lists of them.
    static func referencedValues(_ attributes: JSON?) -> [String] {
        guard let members = attributes?.objectValue else { return [] }
        return members.flatMap { key, value -> [String] in
            guard !["id", "arn", "name", "tags", "tags_all"].contains(key) else { return [] }
            if let text = value.stringValue { return [text] }
            return value.arrayValue?.compactMap(\.stringValue) ?? []
        }
    }
}

/// Rules about whether a protection the configuration writes is really in force: set by an
/// expression nobody can read without Terraform, or written but not yet applied.
enum AppliedProtectionRules {
    static let unverified = PostureRule(
        id: "terraform-posture.protection-unverified", severity: .note,
        summary: "A protection is set by an expression, so its value is only known at plan time",
        help: """
            The doctor reads configuration without evaluating it, so `deletion_protection = var.protect` could be \
            either. Write the literal value for production, or check the planned value with `blastwall plan`.
            """,
        triggering: [
            """
            resource "aws_db_instance" "main" {
              «deletion_protection = var.environment == "production"
            }
            """,
            """
            variable "protect" {
              default = false
            }

            resource "aws_db_instance" "main" {
              «deletion_protection = var.protect
            }
            """,
            """
            resource "aws_dynamodb_table" "events" {
              «dynamic "point_in_time_recovery" {
                for_each = var.pitr ? [1] : []
                content {
                  enabled = true
                }
              }
            }
            """,
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              deletion_protection = true
            }
            """,
            "resource \"aws_db_instance\" \"main\" {}",
        ]
    ) { rule, input in
        var findings: [PostureFinding] = []
        for resource in input.resources {
            for protection in DataResources.protections(of: resource.type) {
                guard case (.expression(let text), let line) = resource.read(protection) else { continue }
                var fallback = ""
                if text.hasPrefix("var."), let value = input.configuration.variableDefault(String(text.dropFirst(4))) {
                    fallback = "; its default is \(value)\(protection.isSafe(value) ? "" : ", which is not safe")"
                }
                findings.append(
                    rule.finding(
                        "\(resource.address) sets \(PostureFix.attributeName(protection)) from \(text)\(fallback): only Terraform knows the value, so check it in the plan (want \(PostureFix.wanted(protection)))",
                        at: (resource.file, line), resource: resource.address,
                        fix: PostureFix.resource(
                            resource.type, resource.name, PostureFix.items(setting: [protection], resourceName: resource.name)),
                        in: input))
            }
        }
        return findings
    }

    static let notApplied = PostureRule(
        id: "terraform-posture.protection-not-applied", severity: .warning,
        summary: "The configuration protects a resource, but the state shows the protection is not applied yet",
        help: """
            Until the next apply, the live resource keeps the setting the state records, so it is as exposed as if \
            the configuration said nothing. Apply a reviewed plan to put the protection in force.
            """,
        triggering: [
            PostureExample(
                """
                resource "aws_db_instance" "main" {
                  «deletion_protection = true
                }
                """,
                state: """
                    {"version": 4, "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
                      "instances": [{"attributes": {"deletion_protection": false}}]}]}
                    """)
        ],
        nonTriggering: [
            PostureExample(
                """
                resource "aws_db_instance" "main" {
                  deletion_protection = true
                }
                """,
                state: """
                    {"version": 4, "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
                      "instances": [{"attributes": {"deletion_protection": true}}]}]}
                    """),
            """
            resource "aws_db_instance" "main" {
              deletion_protection = true
            }
            """,
        ]
    ) { rule, input in
        var findings: [PostureFinding] = []
        for resource in input.resources {
            guard let recorded = input.recorded(resource) else { continue }
            for protection in DataResources.protections(of: resource.type) {
                guard case (.known(let wanted), let line) = resource.read(protection), protection.isSafe(wanted),
                    case .known(let live) = recorded.read(protection).reading, !protection.isSafe(live)
                else { continue }
                findings.append(
                    rule.finding(
                        "\(resource.address) sets \(PostureFix.attributeName(protection)) = \(wanted), but the state (\(recorded.file)) records \(live): the live resource is unprotected until the next apply",
                        at: (resource.file, line), resource: resource.address,
                        fix: "terraform plan -out=tfplan, review that the plan only changes protections, then terraform apply tfplan",
                        in: input))
            }
        }
        return findings
    }
}

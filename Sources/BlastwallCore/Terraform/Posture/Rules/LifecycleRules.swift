/// Rules about what Terraform itself will do to data-holding resources: plan their deletion
/// without stopping, or delete them because the configuration no longer declares them.
enum LifecycleRules {
    static let noPreventDestroy = PostureRule(
        id: "terraform-posture.no-prevent-destroy", severity: .warning,
        summary: "Terraform would plan the deletion of a data-holding resource without stopping",
        help: """
            `lifecycle { prevent_destroy = true }` makes any plan that deletes the resource fail: `terraform destroy`, \
            a forced replacement, a renamed block. It is the guard that stops the mistake inside Terraform, before the \
            provider's own deletion protection is even asked.
            """,
        triggering: [
            """
            «resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
            }
            """,
            """
            resource "aws_db_instance" "main" {
              lifecycle {
                «prevent_destroy = false
              }
            }
            """,
        ],
        nonTriggering: [
            """
            resource "aws_db_instance" "main" {
              lifecycle {
                prevent_destroy = true
              }
            }
            """,
            "resource \"aws_db_instance\" \"main\" { lifecycle { prevent_destroy = true } }",
            "resource \"aws_iam_role\" \"deployer\" {}",
        ]
    ) { rule, input in
        input.configuration.resources.compactMap { resource -> PostureFinding? in
            guard let kind = DataResources.kind(of: resource.type) else { return nil }
            var line = resource.line
            switch resource.body.lookup(["lifecycle", "0", "prevent_destroy"]) {
            case .value(.bool(true), _), .value(.raw, _), .value(.template, _), .dynamic:
                return nil
            case .value(_, let at):
                line = at
            case .absent:
                break
            }
            return rule.finding(
                "\(resource.address) has no lifecycle { prevent_destroy = true }: Terraform plans its deletion (a destroy, a replacement, a removed block) without stopping, taking \(kind.loss) with it",
                at: (resource.file, line), resource: resource.address,
                fix: PostureFix.resource(
                    resource.type, resource.name, [.block("lifecycle", [.attribute("prevent_destroy", "true")])]),
                in: input)
        }
    }

    static let orphanedInState = PostureRule(
        id: "terraform-posture.orphaned-in-state", severity: .warning,
        summary: "A data-holding resource is in the state but not in the configuration, so the next apply destroys it",
        help: """
            Terraform deletes what its state holds and its configuration does not declare. A block deleted by \
            mistake, or a state restored from another copy, turns the next apply into a destroy. Put the block back, \
            or forget the resource with a `removed` block that does not destroy it.
            """,
        triggering: [
            PostureExample(
                "resource \"aws_db_instance\" \"main\" {}",
                state: """
                    {"version": 4, "resources": [
                      {"mode": "managed", "type": "aws_db_instance", "name": "main", "instances": [{"attributes": {}}]},
                      «{"mode": "managed", "type": "aws_db_instance", "name": "legacy", "instances": [{"attributes": {}}]}
                    ]}
                    """)
        ],
        nonTriggering: [
            PostureExample(
                """
                removed {
                  from = aws_db_instance.legacy
                  lifecycle {
                    destroy = false
                  }
                }
                """,
                state: """
                    {"version": 4, "resources": [
                      {"mode": "managed", "type": "aws_db_instance", "name": "legacy", "instances": [{"attributes": {}}]}]}
                    """),
            PostureExample(
                "module \"db\" {\n  source = \"./db\"\n}",
                state: """
                    {"version": 4, "resources": [{"module": "module.db", "mode": "managed", "type": "aws_db_instance",
                      "name": "main", "instances": [{"attributes": {}}]}]}
                    """),
            PostureExample(
                "",
                state: """
                    {"version": 4, "resources": [{"mode": "managed", "type": "aws_iam_role", "name": "old",
                      "instances": [{"attributes": {}}]}]}
                    """),
        ]
    ) { rule, input in
        guard let state = input.state else { return [] }
        let declared = Set(input.configuration.resources.map(\.address))
        let accounted = input.configuration.accountedForAddresses
        return state.resources.compactMap { resource -> PostureFinding? in
            guard resource.module == nil, let kind = DataResources.kind(of: resource.type), !declared.contains(resource.address),
                !accounted.contains(resource.address)
            else { return nil }
            return rule.finding(
                "\(resource.address) is in the state but no configuration in this directory declares it: the next terraform apply destroys it, taking \(kind.loss) with it",
                at: (state.path, resource.line), resource: resource.address,
                fix: PostureFix.render(
                    [.comment("Put its resource block back, or stop managing it without deleting it (Terraform 1.7+):")]
                        + PostureFix.forget(resource.address)),
                in: input)
        }
    }
}

/// Rules about where the state lives: the state is what a destroy acts on, so a production
/// state kept in one local file, or written by two applies at once, is a loss waiting to happen.
enum BackendRules {
    static let localBackendProduction = PostureRule(
        id: "terraform-posture.local-backend-production", severity: .error,
        summary: "The state of a production environment is kept in a local file",
        help: """
            With no backend (or `backend "local"`), the state is one `terraform.tfstate` on one machine: lose it, \
            overwrite it or restore an old copy, and Terraform no longer knows what it manages, or plans against a \
            stale picture. Keep production state in a remote backend with versioning and locking.
            """,
        triggering: [
            """
            «terraform {
              required_version = ">= 1.6"
            }
            """,
            """
            «resource "aws_db_instance" "main" {}
            """,
            """
            terraform {
              «backend "local" {
                path = "prod.tfstate"
              }
            }
            """,
            PostureExample("«resource \"aws_db_instance\" \"main\" {}", tier: .unknown),
        ],
        nonTriggering: [
            """
            terraform {
              backend "s3" {
                bucket       = "acme-tfstate"
                key          = "prod/terraform.tfstate"
                region       = "eu-west-1"
                use_lockfile = true
              }
            }
            """,
            """
            terraform {
              cloud {
                organization = "acme"
              }
            }
            """,
            PostureExample("resource \"aws_db_instance\" \"main\" {}", tier: .development),
            PostureExample("resource \"aws_db_instance\" \"main\" {}", tier: .staging),
        ]
    ) { rule, input in
        let backend = input.configuration.backend
        guard backend.type == "local", input.tier == .production || input.tier == .unknown else { return [] }
        let kept =
            backend.isImplicit
            ? "no backend is configured, so the state lives in a local terraform.tfstate"
            : "backend \"local\" keeps the state in a local file"
        let consequence =
            "one lost, overwritten or restored-from-an-old-copy file and Terraform no longer knows what it manages, or plans against a stale picture"
        let message =
            input.tier == .production
            ? "this is production\(input.environment == "production" ? "" : " (environment '\(input.environment)')"), but \(kept): \(consequence)"
            : "the policy does not say which environment this is, and \(kept); if it is production, \(consequence)"
        return [
            rule.finding(
                message, at: (backend.file, backend.line), resource: nil, fix: remoteBackendFix(for: input.configuration.mainProvider),
                severity: input.tier == .production ? .error : .warning, in: input)
        ]
    }

    static let noStateLocking = PostureRule(
        id: "terraform-posture.no-state-locking", severity: .error,
        summary: "The backend does not lock the state, so two runs can write it at once",
        help: """
            Without a lock, two applies (or an apply and an agent's destroy) run against the same state at the same \
            time and the last write wins, leaving a state that no longer matches what exists. For S3 set \
            `use_lockfile = true` (Terraform 1.10+) or `dynamodb_table`.
            """,
        triggering: [
            """
            terraform {
              «backend "s3" {
                bucket = "acme-tfstate"
                key    = "prod/terraform.tfstate"
                region = "eu-west-1"
              }
            }
            """,
            """
            terraform {
              «backend "s3" {}
            }
            """,
            """
            terraform {
              «backend "consul" {
                path = "tfstate/prod"
                lock = false
              }
            }
            """,
        ],
        nonTriggering: [
            """
            terraform {
              backend "s3" {
                bucket       = "acme-tfstate"
                key          = "prod/terraform.tfstate"
                use_lockfile = true
              }
            }
            """,
            """
            terraform {
              backend "s3" {
                bucket         = "acme-tfstate"
                dynamodb_table = "terraform-locks"
              }
            }
            """,
            PostureExample(
                "terraform {\n  backend \"s3\" {}\n}",
                initializedBackend: #"{"type": "s3", "config": {"bucket": "acme-tfstate", "use_lockfile": true, "dynamodb_table": null}}"#),
            "terraform {\n  backend \"gcs\" {\n    bucket = \"acme-tfstate\"\n  }\n}",
            "terraform {\n  backend \"local\" {}\n}",
        ]
    ) { rule, input in
        let backend = input.configuration.backend
        guard let body = backend.body else { return [] }
        // Settings given at `terraform init -backend-config=…` are only recorded under .terraform/.
        let recorded = input.initializedBackend.flatMap { $0["type"]?.stringValue == backend.type ? $0["config"] : nil }
        func setting(_ name: String) -> PlanValue? {
            if let attribute = body.attribute(name) { return attribute.value.planValue ?? .unknown }
            return recorded?[name].map(PlanValue.init)
        }
        func isSet(_ name: String) -> Bool {
            switch setting(name) {
            case .string(let text): !text.isEmpty
            case .unknown: true
            case nil, .null, .bool, .number: false
            }
        }
        let isLocked: Bool
        let how: String
        switch backend.type {
        case "s3":
            isLocked = setting("use_lockfile") == .bool(true) || setting("use_lockfile") == .unknown || isSet("dynamodb_table")
            how = "neither use_lockfile = true nor dynamodb_table is set"
        case "oss":
            isLocked = isSet("tablestore_table")
            how = "no tablestore_table is set"
        case "http":
            isLocked = isSet("lock_address")
            how = "no lock_address is set"
        case "consul":
            isLocked = setting("lock") != .bool(false)
            how = "lock = false turns locking off"
        default:
            return []
        }
        guard !isLocked else { return [] }
        let isPartial = body.attributes.isEmpty && body.blocks.isEmpty && recorded == nil
        let message =
            isPartial
            ? "backend \"\(backend.type)\" is configured at terraform init (-backend-config) and .terraform/ holds no record of it, so state locking cannot be confirmed: \(how) here"
            : "backend \"\(backend.type)\" does not lock the state (\(how)): two runs at once can both write it, and the last write wins"
        return [
            rule.finding(
                message, at: (backend.file, backend.line), resource: nil, fix: lockingFix(for: backend.type),
                severity: isPartial ? .warning : nil, in: input)
        ]
    }

    static func remoteBackendFix(for provider: String) -> String {
        let backend: PostureFix.Item
        switch provider {
        case "google":
            backend = .block(
                "backend \"gcs\"",
                [
                    .comment("a bucket with object versioning; GCS locks the state itself"), .attribute("bucket", "\"<state bucket>\""),
                    .attribute("prefix", "\"<environment>\""),
                ])
        case "azurerm":
            backend = .block(
                "backend \"azurerm\"",
                [
                    .comment("blob versioning on; Azure leases lock the state"), .attribute("resource_group_name", "\"<group>\""),
                    .attribute("storage_account_name", "\"<account>\""), .attribute("container_name", "\"tfstate\""),
                    .attribute("key", "\"<environment>.terraform.tfstate\""),
                ])
        default:
            backend = .block(
                "backend \"s3\"",
                [
                    .comment("a bucket with versioning on, ideally in a separate account"), .attribute("bucket", "\"<state bucket>\""),
                    .attribute("key", "\"<environment>/terraform.tfstate\""), .attribute("region", "\"<region>\""),
                    .attribute("use_lockfile", "true"),
                ])
        }
        return PostureFix.render([.block("terraform", [backend])]) + "\n# then: terraform init -migrate-state"
    }

    static func lockingFix(for type: String) -> String {
        let settings: [PostureFix.Item]
        switch type {
        case "s3":
            settings = [
                .comment("keep your settings, and add (Terraform 1.10+; before that, dynamodb_table = \"<lock table>\"):"),
                .attribute("use_lockfile", "true"),
            ]
        case "oss": settings = [.comment("keep your settings, and add:"), .attribute("tablestore_table", "\"<lock table>\"")]
        case "http": settings = [.comment("keep your settings, and add:"), .attribute("lock_address", "\"<lock URL>\"")]
        default: settings = [.attribute("lock", "true")]
        }
        return PostureFix.render([.block("terraform", [.block("backend \"\(type)\"", settings)])])
    }
}

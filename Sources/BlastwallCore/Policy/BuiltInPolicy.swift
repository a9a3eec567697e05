/// The built-in policy as values, so the hook pays nothing to load it. `DefaultPolicy.text` is
/// the same policy in the file language; a test proves the two are equal.
extension DefaultPolicy {
    static let builtIn = Policy(
        environments: [
            EnvironmentDefinition(
                name: "production", tier: .production,
                matchers: [
                    .awsProfile: ["prod", "production", "prd", "live", "prod-*", "*-prod", "*_prod", "prod_*", "*-prod-*", "*production*"],
                    .kubeContext: [
                        "prod", "production", "prd", "live", "prod-*", "*-prod", "*_prod", "*-prod-*", "*production*", "*/prod", "*/prod-*",
                        "*/prd",
                    ],
                    .kubeNamespace: ["prod", "production", "prd", "live", "prod-*", "*-prod"],
                    .terraformWorkspace: ["prod", "production", "prd", "live", "prod-*", "*-prod", "*production*"],
                    .directory: [
                        "**/prod", "**/prod/**", "**/production", "**/production/**", "**/prd", "**/prd/**", "**/live", "**/live/**",
                    ],
                    .databaseHost: ["*prod*", "*prd*"],
                    .databaseURL: ["*prod*", "*prd*"],
                    .gcpProject: ["*prod*", "*prd*"],
                    .azureSubscription: ["*prod*", "*prd*"],
                    .gitBranch: ["production", "prod", "live"],
                    .host: ["prod*", "*-prod*", "*.prod.*", "*production*"],
                    .name: ["prod", "production", "prd", "live", "prod-*", "*-prod", "*_prod", "*-prod-*", "*production*"],
                ], origin: "<built-in>"),
            EnvironmentDefinition(
                name: "staging", tier: .staging,
                matchers: [
                    .awsProfile: ["staging", "stage", "stg", "uat", "staging-*", "*-staging", "stg-*", "*-stg", "*-uat"],
                    .kubeContext: ["staging", "stage", "stg", "uat", "staging-*", "*-staging", "*-stg"],
                    .kubeNamespace: ["staging", "stage", "stg", "uat"],
                    .terraformWorkspace: ["staging", "stage", "stg", "uat"],
                    .directory: ["**/staging", "**/staging/**", "**/stage", "**/stage/**", "**/stg", "**/stg/**"],
                    .databaseHost: ["*staging*", "*stg*"],
                    .databaseURL: ["*staging*", "*stg*"],
                    .gcpProject: ["*staging*", "*stg*"],
                    .name: ["staging", "stage", "stg", "uat", "*-staging", "staging-*"],
                ], origin: "<built-in>"),
            EnvironmentDefinition(
                name: "development", tier: .development,
                matchers: [
                    .awsProfile: ["dev", "development", "sandbox", "scratch", "dev-*", "*-dev", "sandbox-*", "*-sandbox"],
                    .kubeContext: ["kind-*", "minikube", "docker-desktop", "rancher-desktop", "k3d-*", "dev", "dev-*", "*-dev"],
                    .kubeNamespace: ["dev", "development", "sandbox"],
                    .terraformWorkspace: ["dev", "development", "sandbox", "scratch", "default-dev"],
                    .databaseHost: ["localhost", "127.0.0.1", "::1", "*.local", "*.localhost"],
                    .databaseURL: ["*://localhost*", "*@localhost*", "*127.0.0.1*", "sqlite:*"],
                    .host: ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "::1", "[::1]*", "*.local", "*.localhost", "*.test"],
                    .name: ["dev", "development", "sandbox", "scratch", "dev-*", "*-dev", "*-sandbox"],
                ], origin: "<built-in>"),
        ],
        grades: [
            .production: [
                .read: .allow, .write: .ask, .privilege: .ask, .opaque: .ask, .unknown: .deny, .destroy: .deny, .irreversible: .deny,
                .guardTamper: .deny,
            ],
            .staging: [
                .read: .allow, .write: .allow, .privilege: .ask, .opaque: .ask, .unknown: .ask, .destroy: .ask, .irreversible: .ask,
                .guardTamper: .deny,
            ],
            .unknown: [
                .read: .allow, .write: .allow, .privilege: .ask, .opaque: .ask, .unknown: .ask, .destroy: .ask, .irreversible: .ask,
                .guardTamper: .deny,
            ],
            .local: [
                .read: .allow, .write: .allow, .privilege: .ask, .opaque: .ask, .unknown: .ask, .destroy: .ask, .irreversible: .deny,
                .guardTamper: .deny,
            ],
            .development: [
                .read: .allow, .write: .allow, .privilege: .allow, .opaque: .ask, .unknown: .ask, .destroy: .allow, .irreversible: .ask,
                .guardTamper: .deny,
            ],
        ],
        rules: [
            PolicyRule(
                id: "apply-without-reviewed-plan", decision: .ask, environments: ["production", "staging", "unknown"],
                analyzerRules: ["terraform.apply-unreviewed"],
                reason: "An apply without a saved plan changes whatever terraform finds at that moment; plan -out, review, apply the plan",
                origin: "<built-in>"),
            PolicyRule(
                id: "plan-with-missing-state", decision: .ask, environments: ["production", "staging", "unknown"],
                analyzerRules: ["terraform-plan.missing-state"],
                reason: "A plan that creates everything with no prior state is what a lost state looks like", origin: "<built-in>"),
        ],
        sources: ["<built-in>"])
}

/// The policy in force with no file at all. It is written in the policy language itself so
/// `blastwall policy default` can print it as a starting point.
public enum DefaultPolicy {
    public static let text = """
        # Blastwall's built-in policy. Files layered on top (system, user, project) can add
        # environments, rules and stricter defaults; they cannot weaken anything here except
        # through explicit rules.
        version: 1

        environments:
          production:
            tier: production
            match:
              aws_profiles: [prod, production, prd, live, "prod-*", "*-prod", "*_prod", "prod_*", "*-prod-*", "*production*"]
              kube_contexts: [prod, production, prd, live, "prod-*", "*-prod", "*_prod", "*-prod-*", "*production*", "*/prod", "*/prod-*", "*/prd"]
              kube_namespaces: [prod, production, prd, live, "prod-*", "*-prod"]
              terraform_workspaces: [prod, production, prd, live, "prod-*", "*-prod", "*production*"]
              directories: ["**/prod", "**/prod/**", "**/production", "**/production/**", "**/prd", "**/prd/**", "**/live", "**/live/**"]
              database_hosts: ["*prod*", "*prd*"]
              database_urls: ["*prod*", "*prd*"]
              gcp_projects: ["*prod*", "*prd*"]
              azure_subscriptions: ["*prod*", "*prd*"]
              git_branches: [production, prod, live]
              hosts: ["prod*", "*-prod*", "*.prod.*", "*production*"]
              names: [prod, production, prd, live, "prod-*", "*-prod", "*_prod", "*-prod-*", "*production*"]
          staging:
            tier: staging
            match:
              aws_profiles: [staging, stage, stg, uat, "staging-*", "*-staging", "stg-*", "*-stg", "*-uat"]
              kube_contexts: [staging, stage, stg, uat, "staging-*", "*-staging", "*-stg"]
              kube_namespaces: [staging, stage, stg, uat]
              terraform_workspaces: [staging, stage, stg, uat]
              directories: ["**/staging", "**/staging/**", "**/stage", "**/stage/**", "**/stg", "**/stg/**"]
              database_hosts: ["*staging*", "*stg*"]
              database_urls: ["*staging*", "*stg*"]
              gcp_projects: ["*staging*", "*stg*"]
              names: [staging, stage, stg, uat, "*-staging", "staging-*"]
          development:
            tier: development
            match:
              aws_profiles: [dev, development, sandbox, scratch, "dev-*", "*-dev", "sandbox-*", "*-sandbox"]
              kube_contexts: [kind-*, minikube, docker-desktop, rancher-desktop, "k3d-*", "dev", "dev-*", "*-dev"]
              kube_namespaces: [dev, development, sandbox]
              terraform_workspaces: [dev, development, sandbox, scratch, default-dev]
              database_hosts: [localhost, "127.0.0.1", "::1", "*.local", "*.localhost"]
              database_urls: ["*://localhost*", "*@localhost*", "*127.0.0.1*", "sqlite:*"]
              hosts: [localhost, "localhost:*", "127.0.0.1", "127.0.0.1:*", "::1", "[::1]*", "*.local", "*.localhost", "*.test"]
              names: [dev, development, sandbox, scratch, "dev-*", "*-dev", "*-sandbox"]

        # What each kind of effect gets in each tier when no rule says otherwise.
        defaults:
          production:
            read: allow
            write: ask
            privilege: ask
            opaque: ask
            unknown: deny
            destroy: deny
            irreversible: deny
            guard-tamper: deny
          staging:
            read: allow
            write: allow
            privilege: ask
            opaque: ask
            unknown: ask
            destroy: ask
            irreversible: ask
            guard-tamper: deny
          unknown:
            read: allow
            write: allow
            privilege: ask
            opaque: ask
            unknown: ask
            destroy: ask
            irreversible: ask
            guard-tamper: deny
          local:
            read: allow
            write: allow
            privilege: ask
            opaque: ask
            unknown: ask
            destroy: ask
            irreversible: deny
            guard-tamper: deny
          development:
            read: allow
            write: allow
            privilege: allow
            opaque: ask
            unknown: ask
            destroy: allow
            irreversible: ask
            guard-tamper: deny

        # Rules refine the defaults for particular analyzer rules (strictest matching rule wins).
        rules:
          - id: apply-without-reviewed-plan
            decision: ask
            rules: [terraform.apply-unreviewed]
            environments: [production, staging, unknown]
            reason: An apply without a saved plan changes whatever terraform finds at that moment; plan -out, review, apply the plan
          - id: plan-with-missing-state
            decision: ask
            rules: [terraform-plan.missing-state]
            environments: [production, staging, unknown]
            reason: A plan that creates everything with no prior state is what a lost state looks like

        settings:
          headless: false
        """

    /// The built-in policy, built as values (see `BuiltInPolicy.swift`) so loading it costs nothing.
    public static var policy: Policy { builtIn }
}

/// Blastwall's own command line, run from inside an agent session: anything that changes hooks,
/// approvals or keys is `guard-tamper`; checking and reading are fine.
public enum BlastwallRules {
    static let tampering: Set<String> = ["install", "uninstall", "approve", "grant", "keys", "revoke", "deny", "disable", "reset"]

    public static let family = ToolFamily(
        name: "blastwall", programs: ["blastwall"], isRemote: false,
        rules: [
            CommandRule(
                "blastwall.self-modify", .guardTamper,
                summary: "Changes Blastwall's hooks, approvals or keys from inside a session it guards",
                safer: "Run it yourself, in your own terminal, outside the agent",
                triggering: [
                    "blastwall «install» claude-code --user", "sudo blastwall «uninstall»", "blastwall «approve» 42",
                    "blastwall «grant» --env staging", "blastwall «keys» create --principal mallory",
                    "blastwall «deny» req_x --reason no", "blastwall «revoke» grant_x", "blastwall «keys»",
                ],
                nonTriggering: ["blastwall check --command 'terraform destroy'", "blastwall log", "blastwall install --help"]
            ) { invocation, _ in
                guard !invocation.asksForHelp, let verb = invocation.positionals().first, let text = verb.text,
                    tampering.contains(text)
                else { return nil }
                return RuleMatch(span: verb.span)
            },
            CommandRule(
                "blastwall.read", .read, summary: "Checks, explains, shows or files a request; weakens nothing",
                triggering: [
                    "blastwall «check» --command 'rm -rf /'", "blastwall «log» --decision deny", "blastwall «doctor»",
                    "blastwall «policy» check p.yaml", "blastwall «requests»", "blastwall «grants» --all",
                    "blastwall «audit» verify", "blastwall «request» --command 'terraform destroy' --reason cleanup",
                ],
                nonTriggering: ["blastwall install codex"]
            ) { invocation, _ in
                guard let verb = invocation.positionals().first, let text = verb.text,
                    [
                        "check", "explain", "log", "doctor", "policy", "rules", "demo", "hook", "help", "requests", "grants", "audit",
                        "request", "plan",
                    ].contains(text)
                else {
                    return invocation.asksForHelp ? RuleMatch(span: invocation.programSpan) : nil
                }
                return RuleMatch(span: verb.span)
            },
        ])
}

/// Blastwall's own command line, run from inside an agent session: anything that changes hooks,
/// approvals or keys is `guard-tamper`; checking and reading are fine.
public enum BlastwallRules {
    static let tampering: Set<String> = [
        "install", "uninstall", "approve", "grant", "keys", "revoke", "deny", "disable", "reset", "trust",
    ]
    /// Subcommands of a tampering verb that only read (`trust show`).
    static let reading: [String: Set<String>] = ["trust": ["show"]]
    /// A reading verb's subcommands that change something (`policy approve`).
    static let changing: [String: Set<String>] = ["policy": ["approve"]]

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
                    "sudo blastwall «trust» init --user dev", "blastwall «trust» add-approver --principal m --public-key x",
                    "blastwall policy «approve» --key m.key --yes",
                ],
                nonTriggering: [
                    "blastwall check --command 'terraform destroy'", "blastwall log", "blastwall install --help", "blastwall trust show",
                    "blastwall policy show",
                ]
            ) { invocation, _ in
                let positionals = invocation.positionals()
                guard !invocation.asksForHelp, let verb = positionals.first, let text = verb.text else { return nil }
                let subcommand = positionals.dropFirst().first
                if tampering.contains(text) {
                    if let sub = subcommand?.text, reading[text]?.contains(sub) == true { return nil }
                    return RuleMatch(span: verb.span)
                }
                if let subcommand, let sub = subcommand.text, changing[text]?.contains(sub) == true {
                    return RuleMatch(span: subcommand.span)
                }
                return nil
            },
            CommandRule(
                "blastwall.read", .read, summary: "Checks, explains, shows or files a request; weakens nothing",
                triggering: [
                    "blastwall «check» --command 'rm -rf /'", "blastwall «log» --decision deny", "blastwall «doctor»",
                    "blastwall «policy» check p.yaml", "blastwall «requests»", "blastwall «grants» --all",
                    "blastwall «audit» verify", "blastwall «request» --command 'terraform destroy' --reason cleanup",
                    "blastwall «trust» show",
                ],
                nonTriggering: ["blastwall install codex"]
            ) { invocation, _ in
                guard let verb = invocation.positionals().first, let text = verb.text,
                    [
                        "check", "explain", "log", "doctor", "policy", "rules", "demo", "hook", "help", "requests", "grants", "audit",
                        "request", "plan", "trust",
                    ].contains(text)
                else {
                    return invocation.asksForHelp ? RuleMatch(span: invocation.programSpan) : nil
                }
                return RuleMatch(span: verb.span)
            },
        ])
}

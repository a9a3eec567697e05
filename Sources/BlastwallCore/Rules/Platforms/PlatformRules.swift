/// Platform CLIs: GitHub, Heroku, Fly.io, DigitalOcean, Supabase, Vault, Consul, etcd, Railway,
/// Kamal and Modal. Deleting repositories, apps, databases, volumes, secrets and key-value data;
/// privilege changes; deploys and one-off commands run on the platform.
public enum PlatformRules {
    /// Options that take a value, per tool, so the command words are found around them.
    static let optionsWithValues: [String: Set<String>] = [
        "gh": [
            "-R", "--repo", "--hostname", "-X", "--method", "-f", "-F", "--field", "--raw-field", "-H", "--header",
            "--jq", "-q", "--template", "-t", "--title", "-b", "--body", "--body-file", "-B", "--base", "-l", "--label",
            "-L", "--limit", "-s", "--state", "-a", "--assignee", "--json", "-e", "--env", "--org", "-o", "--app",
            "--input", "--visibility", "-m", "--milestone", "--author", "-A", "--head", "--notes", "-n", "--target",
            "--reviewer", "-r", "--subject", "--match-head-commit", "--branch",
        ],
        "heroku": ["-a", "--app", "-r", "--remote", "--confirm", "-s", "--size", "-e", "--env", "--team", "--type", "-n", "--num"],
        "fly": [
            "-a", "--app", "-c", "--config", "-o", "--org", "-r", "--region", "-t", "--access-token", "-i", "--image",
            "--strategy", "--vm-size", "-s", "--size", "--process-group", "-e", "--env", "--vm-memory", "--vm-cpus",
            "--build-arg", "--dockerfile", "--label", "--wait-timeout", "-C", "--command", "-u", "--user",
        ],
        "doctl": [
            "--context", "-t", "--access-token", "-o", "--output", "--format", "-c", "--config", "-u", "--api-url",
            "--region", "--size", "--image", "--tag-name", "--tag", "--ssh-keys", "--engine", "--num-nodes",
            "--version", "--node-pool", "--http-retry-max", "--record-id", "--ssh-command", "--ssh-user", "--ssh-key-path",
        ],
        "supabase": [
            "--project-ref", "--db-url", "-p", "--password", "--workdir", "--schema", "-s", "--output", "-o",
            "--env-file", "--profile", "--org-id", "--name", "--region", "--db-password", "--version", "-f", "--file",
        ],
        "vault": [
            "-address", "-namespace", "-ns", "-mount", "-format", "-field", "-versions", "-path", "-policy", "-ttl",
            "-method", "-description", "-plugin-name", "-role", "-display-name", "-token", "-ca-cert",
        ],
        "consul": [
            "-http-addr", "-datacenter", "-token", "-token-file", "-separator", "-ca-file", "-namespace", "-partition",
            "-policy-name", "-description", "-rules", "-name", "-id",
        ],
        "etcdctl": [
            "--endpoints", "--cacert", "--cert", "--key", "--user", "--password", "-w", "--write-out", "--dial-timeout",
            "--command-timeout", "--discovery-srv", "--limit", "--rev", "--sort-by", "--order",
        ],
        "railway": ["-s", "--service", "-e", "--environment", "-p", "--project"],
        "kamal": ["-d", "--destination", "-c", "--config-file", "-r", "--roles", "-h", "--hosts", "-P", "--primary"],
        "modal": ["-e", "--env", "-n", "--name"],
    ]

    /// A platform command line: the tool and its command words (Heroku's `pg:backups:delete`
    /// split into `pg backups delete`).
    struct Command {
        var tool: String
        var words: [Argument]
        /// How many leading words name the command (Heroku's topic token; otherwise all words).
        var commandLength: Int
        var invocation: Invocation

        init?(_ invocation: Invocation) {
            let tool = invocation.program == "flyctl" ? "fly" : invocation.program
            guard let options = PlatformRules.optionsWithValues[tool] else { return nil }
            self.tool = tool
            self.invocation = invocation
            var words = invocation.positionals(optionsWithValues: options)
            commandLength = words.count
            if tool == "heroku", let first = words.first {
                let parts = (first.text ?? "").split(separator: ":").map { Argument(text: String($0), span: first.span) }
                words = parts + words.dropFirst()
                commandLength = parts.count
            }
            self.words = words
        }

        /// What a path matched: the span of its words and the words after it.
        struct Found {
            var span: SourceSpan
            var rest: [Argument]
            var path: String
            /// The words after the path as written (`web=0`, `rails db:migrate`).
            var words: [String] { rest.map(\.approximation) }
            /// The words after the path with any `=value` dropped, fit to show as resources:
            /// `KEY=secret` gives `KEY`.
            var operands: [String] {
                rest.map { word in
                    word.approximation.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                }
            }
        }

        /// Matches `path` (`"gh repo delete"`, `|` between alternatives, `*` any word, `auth/*`
        /// any word starting with `auth/`) against
        /// the tool and its first words. A Heroku command must match its whole topic token.
        func match(_ path: String) -> Found? {
            let parts = path.split(separator: " ")
            guard let tool = parts.first, tool == self.tool else { return nil }
            let pattern = parts.dropFirst()
            guard words.count >= pattern.count, !pattern.isEmpty else { return nil }
            if self.tool == "heroku", pattern.count != commandLength { return nil }
            for (part, word) in zip(pattern, words) {
                let text = word.text ?? "…"
                let matches = part.split(separator: "|").contains { alternative in
                    alternative == "*" || alternative == text
                        || (alternative.hasSuffix("*") && text.hasPrefix(alternative.dropLast()))
                }
                guard matches else { return nil }
            }
            return Found(
                span: words[0].span.union(words[pattern.count - 1].span), rest: Array(words.dropFirst(pattern.count)),
                path: String(path))
        }

        func first(_ paths: [String]) -> Found? {
            for path in paths { if let found = match(path) { return found } }
            return nil
        }

        func flag(_ names: String...) -> Argument? { invocation.flagArgument(names) }
        func option(_ names: String...) -> String? { invocation.optionArgument(names)?.value }
    }

    /// A rule that fires when the command starts with one of `paths`; `refine` may add a message
    /// or another class, or decline. By default the words after the path are the resources.
    static func pathRule(
        _ id: String, _ effectClass: EffectClass, paths: [String], summary: String, safer: String? = nil,
        triggering: [String], nonTriggering: [String],
        refine: @escaping @Sendable (Command, Command.Found) -> RuleMatch? = { _, found in
            RuleMatch(span: found.span, resources: found.operands)
        }
    ) -> CommandRule {
        CommandRule(id, effectClass, summary: summary, safer: safer, triggering: triggering, nonTriggering: nonTriggering) {
            invocation, _ in
            guard let command = Command(invocation), let found = command.first(paths) else { return nil }
            return refine(command, found)
        }
    }

    /// `gh api`: the HTTP method it will use (POST as soon as fields are given) and the endpoint.
    struct GitHubAPI {
        var method: String
        var evidence: SourceSpan
        var endpoint: String

        init?(_ command: Command) {
            guard let found = command.match("gh api") else { return nil }
            endpoint = found.rest.first?.approximation ?? ""
            let fields = command.invocation.flagArgument(["-f", "-F", "--field", "--raw-field", "--input"])
            if let explicit = command.invocation.optionArgument(["-X", "--method"]) {
                method = explicit.value.uppercased()
                evidence = explicit.span
            } else if let fields {
                method = "POST"
                evidence = fields.span
            } else {
                method = "GET"
                evidence = found.span
            }
            if endpoint == "graphql", method == "POST" {
                // GraphQL sends every query as POST; only a mutation (or a query read from a file) writes.
                let texts = command.invocation.arguments.compactMap(\.text)
                let writes = texts.contains { $0.contains("mutation") } || texts.contains { $0.hasPrefix("query=@") }
                if !writes { method = "GET" }
            }
        }
    }

    /// Whether supabase works on the local stack (its default for these commands) rather than a
    /// linked project or a database URL.
    static func supabaseIsLocal(_ command: Command) -> Bool {
        if command.flag("--local") != nil { return true }
        if command.flag("--linked", "--db-url", "--project-ref") != nil { return false }
        let localByDefault = [
            "supabase db reset", "supabase db diff", "supabase db lint", "supabase start", "supabase stop", "supabase status",
            "supabase migration up", "supabase test db",
        ]
        return command.first(localByDefault) != nil
    }

    /// What a command run on the platform plainly does to data, judged by the words it uses
    /// (it is not parsed: it runs elsewhere).
    static func remoteCommandHarm(_ text: String) -> (EffectClass, String)? {
        let upper = text.uppercased()
        let dropsData = [
            "DB:DROP", "DB:RESET", "DB:SCHEMA:LOAD", "MIGRATE:FRESH", "MIGRATE:RESET", "DROPDB", "FLUSHALL", "FLUSHDB",
            "DROP DATABASE", "DROP TABLE", "DROP SCHEMA", "TRUNCATE",
        ]
        if dropsData.contains(where: { upper.contains($0) }) { return (.irreversible, "drops, resets or empties a database") }
        if upper.contains("DELETE FROM") { return (.destroy, "deletes rows from a database") }
        if upper.contains("RM -RF") || upper.contains("RM -FR") || upper.contains("RM -R ") {
            return (.destroy, "deletes files recursively")
        }
        return nil
    }

    static let readPaths = [
        "gh pr list|view|status|diff|checks", "gh issue list|view|status", "gh repo view|list", "gh run list|view|watch",
        "gh release list|view", "gh workflow list|view", "gh secret list", "gh variable list|get", "gh label list",
        "gh cache list", "gh gist list|view", "gh search", "gh status", "gh browse", "gh auth status", "gh version",
        "gh org list", "gh ruleset|rs list|ls|view|check", "gh project list|view|field-list|item-list", "gh codespace list",
        "gh extension list|ls|search|browse", "gh config get|list", "gh ssh-key|gpg-key list|ls", "gh alias list|ls", "gh auth token",
        "gh attestation verify", "gh label list|ls", "gh cache list|ls", "gh org list|ls",
        "heroku apps", "heroku apps info", "heroku info", "heroku logs", "heroku ps", "heroku config",
        "heroku config get", "heroku releases", "heroku releases info", "heroku pg", "heroku pg info",
        "heroku pg backups", "heroku pg backups info", "heroku pg diagnose", "heroku pg ps", "heroku pg locks",
        "heroku pg outliers", "heroku pg blocking", "heroku pg settings", "heroku addons", "heroku addons info",
        "heroku domains", "heroku access", "heroku status", "heroku auth whoami", "heroku whoami",
        "heroku pipelines", "heroku pipelines info", "heroku regions", "heroku stack", "heroku buildpacks",
        "heroku features", "heroku drains", "heroku certs", "heroku spaces", "heroku teams", "heroku maintenance",
        "heroku redis info", "heroku version",
        "fly status", "fly logs", "fly apps list", "fly volumes|volume|vol list|ls|show", "fly machine|machines|m list|ls|status",
        "fly secrets list", "fly releases", "fly info", "fly version", "fly doctor", "fly ips list", "fly config show",
        "fly scale show", "fly regions list", "fly checks list", "fly image show", "fly postgres|pg list", "fly auth whoami",
        "fly orgs list", "fly history", "fly dig", "fly ping", "fly platform",
        "supabase status", "supabase projects list", "supabase functions list", "supabase migration list",
        "supabase db diff", "supabase db dump", "supabase db lint", "supabase inspect", "supabase gen",
        "supabase secrets list", "supabase branches list|get", "supabase storage ls", "supabase orgs list",
        "supabase services",
        "vault read", "vault list", "vault kv get|list", "vault kv metadata get", "vault status", "vault secrets list",
        "vault auth list", "vault policy list|read", "vault token lookup|capabilities", "vault version",
        "vault audit list", "vault path-help", "vault print", "vault operator raft list-peers",
        "consul kv get|export", "consul members", "consul catalog", "consul info", "consul version", "consul monitor",
        "consul operator raft list-peers", "consul acl * list|read", "consul config read|list",
        "consul intention check|get|list", "consul snapshot save|inspect",
        "etcdctl get", "etcdctl watch", "etcdctl member list", "etcdctl endpoint", "etcdctl version", "etcdctl check",
        "etcdctl alarm list", "etcdctl lease list|timetolive", "etcdctl user list|get", "etcdctl role list|get",
        "etcdctl snapshot save|status", "etcdctl ls",
        "railway status", "railway logs", "railway list", "railway whoami", "railway variables",
        "kamal details", "kamal audit", "kamal config", "kamal version", "kamal app details|logs|containers|images",
        "kamal proxy details|logs", "kamal accessory details|logs", "kamal lock status",
        "modal app list|logs", "modal volume list|ls|get", "modal secret list", "modal profile current|list",
        "modal container list|logs",
    ]

    public static let family = ToolFamily(
        name: "platform",
        programs: [
            "gh", "heroku", "flyctl", "fly", "doctl", "supabase", "vault", "consul", "etcdctl", "railway", "kamal",
            "modal",
        ],
        isRemote: true,
        rules: [
            CommandRule(
                "platform.help", .read, summary: "Shows help or a dry run; changes nothing",
                triggering: [
                    "gh repo delete «--help»", "heroku «help» apps:destroy", "fly apps destroy «-h»", "vault kv destroy «-help»",
                    "supabase db push «--dry-run»",
                ],
                nonTriggering: ["gh repo delete acme/app --yes", "kamal -h web-1 remove", "supabase db push --dry-run=false"]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                let helps: Set<String> =
                    command.tool == "kamal" ? ["--help", "help"] : ["--help", "-help", "-h", "help", "--dry-run", "--dry-run=true"]
                let first = command.words.first?.text
                guard
                    let help = invocation.arguments.first(where: {
                        helps.contains($0.text ?? "") && ($0.text != "help" || $0.text == first)
                    })
                else { return nil }
                return RuleMatch(span: help.span)
            },

            // MARK: GitHub

            pathRule(
                "platform.gh-repo-delete", .irreversible, paths: ["gh repo delete"],
                summary: "Deletes a GitHub repository with its issues, pull requests, wiki, releases and Actions history",
                safer: "Archive it instead (gh repo archive), which keeps everything and can be undone",
                triggering: [
                    "gh «repo delete» acme/app --yes", "gh «repo delete»",
                    "GH_HOST=github.example.com gh «repo delete» acme/infra-prod --yes",
                ],
                nonTriggering: ["gh repo view acme/app", "gh repo archive acme/app", "gh repo delete --help"]
            ) { _, found in
                let repository = found.rest.first?.approximation
                return RuleMatch(
                    span: found.span, resources: repository.map { [$0] } ?? [],
                    message:
                        "Deletes the repository \(repository ?? "of the current directory") with its issues, pull requests, wiki and releases"
                )
            },
            CommandRule(
                "platform.gh-api-delete", .destroy, summary: "Sends DELETE to the GitHub API",
                safer: "Use the gh subcommand for the object, which says what it deletes, or archive instead of deleting",
                triggering: [
                    "gh api «-X DELETE» repos/acme/app/environments/production", "gh api «--method DELETE» /repos/acme/app/hooks/12",
                    "gh api repos/acme/app/git/refs/heads/old «--method=DELETE»",
                ],
                nonTriggering: ["gh api repos/acme/app/hooks", "gh api -X PATCH repos/acme/app -f description=x"]
            ) { invocation, _ in
                guard let command = Command(invocation), let api = GitHubAPI(command), api.method == "DELETE" else { return nil }
                return RuleMatch(span: api.evidence, resources: [api.endpoint], message: "Sends DELETE to the GitHub API: \(api.endpoint)")
            },
            pathRule(
                "platform.gh-delete", .destroy,
                paths: [
                    "gh release delete|delete-asset", "gh issue delete", "gh label delete", "gh gist delete", "gh run delete",
                    "gh codespace delete", "gh variable delete|remove", "gh secret delete|remove",
                    "gh ssh-key delete", "gh gpg-key delete", "gh repo deploy-key delete", "gh project delete",
                    "gh ruleset delete", "gh repo autolink delete",
                ],
                summary: "Deletes a GitHub object: a release, issue, secret, variable, key, gist or workflow run",
                safer: "Check what depends on it first; for releases, edit them into drafts instead of deleting",
                triggering: [
                    "gh «release delete» v1.2.0 --yes --cleanup-tag", "gh «secret delete» DEPLOY_KEY --env production",
                    "gh «issue delete» 42 --yes", "gh «variable delete» API_URL",
                ],
                nonTriggering: [
                    "gh release list", "gh secret list", "gh issue close 42", "gh release create v1.3.0", "gh cache delete --all",
                ]
            ),
            CommandRule(
                "platform.gh-privilege", .privilege,
                summary: "Sets a secret or a key, or changes who can see the repository",
                triggering: [
                    "gh «secret set» AWS_SECRET_ACCESS_KEY --body x", "gh «secret set» TOKEN --org acme --visibility all",
                    "gh «repo deploy-key add» key.pub --allow-write", "gh «ssh-key add» ~/.ssh/id_ed25519.pub",
                    "gh repo edit acme/app «--visibility public» --accept-visibility-change-consequences",
                ],
                nonTriggering: ["gh secret list", "gh repo edit --description x", "gh variable set A --body 1"]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                if let found = command.first(["gh secret set", "gh repo deploy-key add", "gh ssh-key add", "gh gpg-key add"]) {
                    return RuleMatch(span: found.span, resources: found.operands)
                }
                guard command.match("gh repo edit") != nil,
                    let visibility = invocation.optionArgument(["--visibility"]), visibility.value == "public"
                else { return nil }
                return RuleMatch(
                    span: visibility.span, message: "Makes the repository public: its code and history become readable by anyone")
            },
            pathRule(
                "platform.gh-pr-merge", .write, paths: ["gh pr merge"], summary: "Merges a pull request",
                triggering: ["gh «pr merge» 123 --squash", "gh «pr merge» --auto --merge", "gh pr merge 7 «--admin»"],
                nonTriggering: ["gh pr view 123", "gh pr checks 123"]
            ) { command, found in
                if let admin = command.flag("--admin") {
                    return RuleMatch(
                        span: admin.span, resources: found.operands,
                        message: "Merges with --admin, bypassing branch protection and required reviews", effectClass: .privilege)
                }
                return RuleMatch(span: found.span, resources: found.operands)
            },
            pathRule(
                "platform.gh-repo-archive", .write, paths: ["gh repo archive"],
                summary: "Archives a repository: it becomes read-only for everyone",
                triggering: ["gh «repo archive» acme/old-service --yes"],
                nonTriggering: ["gh repo unarchive acme/old-service", "gh repo view"]
            ),
            CommandRule(
                "platform.gh-api-write", .write, summary: "Sends a request that changes something through the GitHub API",
                triggering: [
                    "gh api «-X PATCH» repos/acme/app -f description=x", "gh api repos/acme/app/issues «-f» title=bug",
                    "gh api graphql «-f» query='mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }'",
                ],
                nonTriggering: [
                    "gh api repos/acme/app", "gh api graphql -f query='query { viewer { login } }'", "gh api -X DELETE repos/acme/app",
                ]
            ) { invocation, _ in
                guard let command = Command(invocation), let api = GitHubAPI(command), api.method != "GET", api.method != "HEAD" else {
                    return nil
                }
                return RuleMatch(
                    span: api.evidence, resources: [api.endpoint], message: "Sends \(api.method) to the GitHub API: \(api.endpoint)")
            },

            // MARK: Heroku

            pathRule(
                "platform.heroku-destroy", .irreversible,
                paths: [
                    "heroku apps destroy", "heroku apps delete", "heroku destroy", "heroku pg reset", "heroku addons destroy",
                    "heroku addons remove", "heroku pg backups delete", "heroku pg backups restore", "heroku pg copy",
                    "heroku pg push", "heroku spaces destroy", "heroku redis reset",
                ],
                summary: "Destroys a Heroku app, database, add-on or backup, or overwrites a database: the data is gone",
                safer:
                    "Capture a backup first (heroku pg:backups:capture), and turn the app off with maintenance:on or ps:scale instead of destroying it",
                triggering: [
                    "heroku «pg:reset» DATABASE_URL -a myapp-prod --confirm myapp-prod",
                    "heroku «apps:destroy» --app myapp --confirm myapp",
                    "heroku «addons:destroy» heroku-postgresql -a myapp", "heroku «pg:backups:delete» b101 -a myapp",
                    "heroku «pg:backups:restore» b101 DATABASE_URL -a myapp", "heroku «destroy» myapp",
                ],
                nonTriggering: [
                    "heroku pg:backups -a myapp", "heroku pg:backups:capture -a myapp", "heroku apps:info -a myapp", "heroku addons",
                ]
            ) { _, found in
                let message: String
                switch found.path {
                case "heroku pg reset":
                    message = "Drops every table of \(found.operands.first.map { "the database \($0)" } ?? "the app's database")"
                case "heroku pg backups delete": message = "Deletes the backup \(found.operands.first ?? ""), the way back after a mistake"
                case "heroku pg backups restore", "heroku pg copy", "heroku pg push":
                    message = "Overwrites a database with other data; what it held is lost"
                case "heroku addons destroy", "heroku addons remove":
                    message = "Destroys the add-on \(found.operands.first ?? "") and the data it holds"
                default: message = "Destroys the app with its add-ons, databases and config"
                }
                return RuleMatch(span: found.span, resources: found.operands, message: message)
            },
            pathRule(
                "platform.heroku-delete", .destroy,
                paths: [
                    "heroku pipelines destroy", "heroku domains remove", "heroku domains clear", "heroku certs remove",
                    "heroku drains remove", "heroku webhooks remove",
                ],
                summary: "Removes a pipeline, domain, certificate, log drain or webhook from Heroku",
                triggering: [
                    "heroku «domains:remove» www.example.com -a myapp", "heroku «domains:clear» -a myapp",
                    "heroku «drains:remove» https://logs.example.com -a myapp",
                ],
                nonTriggering: ["heroku domains -a myapp", "heroku domains:add www.example.com"]
            ),
            pathRule(
                "platform.heroku-access", .privilege,
                paths: [
                    "heroku access add", "heroku access remove", "heroku access update", "heroku apps transfer",
                    "heroku members add", "heroku members remove", "heroku members set", "heroku authorizations create",
                    "heroku pg credentials create",
                ],
                summary: "Changes who can reach a Heroku app or its database",
                triggering: [
                    "heroku «access:add» bob@example.com -a myapp", "heroku «apps:transfer» acme-team -a myapp",
                    "heroku «authorizations:create»",
                ],
                nonTriggering: ["heroku access -a myapp", "heroku authorizations"]
            ),
            pathRule(
                "platform.heroku-change", .write,
                paths: [
                    "heroku ps scale", "heroku ps stop", "heroku ps restart", "heroku ps kill", "heroku restart",
                    "heroku config unset", "heroku config set", "heroku config add", "heroku config remove",
                    "heroku maintenance on", "heroku releases rollback", "heroku rollback", "heroku pg killall", "heroku pg kill",
                    "heroku pg promote", "heroku pg unfollow", "heroku pg upgrade", "heroku stack set", "heroku container release",
                ],
                summary: "Changes a running Heroku app: scaling, restarts, config vars, rollbacks",
                triggering: [
                    "heroku «ps:scale» web=0 -a myapp-prod", "heroku «config:unset» STRIPE_KEY -a myapp", "heroku «ps:restart» -a myapp",
                    "heroku «releases:rollback» v41 -a myapp", "heroku «maintenance:on» -a myapp",
                ],
                nonTriggering: ["heroku ps -a myapp", "heroku config -a myapp", "heroku releases -a myapp"]
            ) { _, found in
                let scaledToZero = found.path == "heroku ps scale" ? found.words.filter { $0.hasSuffix("=0") || $0.hasSuffix("=0:") } : []
                let message: String?
                if !scaledToZero.isEmpty {
                    message =
                        "Scales \(scaledToZero.map { String($0.split(separator: "=").first ?? "") }.joined(separator: ", ")) to zero: the app stops serving"
                } else if found.path == "heroku config unset" || found.path == "heroku config remove" {
                    message = "Removes the config vars \(found.operands.joined(separator: ", ")); the app restarts without them"
                } else {
                    message = nil
                }
                return RuleMatch(span: found.span, resources: found.operands, message: message)
            },

            // MARK: Fly.io

            pathRule(
                "platform.fly-destroy", .irreversible,
                paths: [
                    "fly apps destroy|delete|remove|rm", "fly destroy", "fly volumes|volume|vol destroy|delete|rm",
                    "fly postgres|pg|redis|mysql|storage|mpg|tigris destroy|delete|rm",
                ],
                summary: "Destroys a Fly app, volume or database with the data on it",
                safer:
                    "Take a snapshot first (fly volumes snapshots create), and stop the app with fly scale count 0 instead of destroying it",
                triggering: [
                    "fly «apps destroy» myapp-prod --yes", "flyctl «volumes destroy» vol_123abc -y", "fly «vol delete» vol_x",
                    "fly «postgres destroy» mydb", "fly «destroy» myapp",
                ],
                nonTriggering: ["fly apps list", "fly volumes list -a myapp", "fly machine destroy 1234", "fly apps destroy --help"]
            ),
            pathRule(
                "platform.fly-delete", .destroy,
                paths: ["fly machine|machines|m destroy|remove|rm|delete", "fly ips release", "fly certs remove|delete"],
                summary: "Destroys a Fly machine, releases an IP address or removes a certificate",
                triggering: [
                    "fly «machine destroy» 1781973f --force -a myapp", "fly «ips release» 137.66.1.1 -a myapp",
                    "fly «certs remove» www.example.com",
                ],
                nonTriggering: ["fly machine list", "fly ips list", "fly machine stop 1781973f"]
            ),
            pathRule(
                "platform.fly-access", .privilege, paths: ["fly tokens create|revoke", "fly orgs invite|remove", "fly ssh issue"],
                summary: "Creates or revokes Fly access tokens or organisation members",
                triggering: ["fly «tokens create» deploy -a myapp", "fly «orgs invite» acme bob@example.com"],
                nonTriggering: ["fly tokens list", "fly orgs list"]
            ),
            pathRule(
                "platform.fly-change", .write,
                paths: [
                    "fly deploy", "fly secrets unset|set|import", "fly scale count|vm|memory",
                    "fly machine|machines|m stop|kill|restart|update",
                    "fly apps restart", "fly postgres|pg restart|failover", "fly launch",
                ],
                summary: "Deploys, scales or reconfigures a Fly app",
                triggering: [
                    "fly «deploy» -a myapp", "fly «secrets unset» DATABASE_URL -a myapp", "fly «scale count» 0 -a myapp-prod",
                    "flyctl «machine stop» 1781973f", "fly -a myapp «deploy» --strategy immediate",
                ],
                nonTriggering: ["fly status -a myapp", "fly secrets list", "fly scale show"]
            ) { command, found in
                if found.path.hasPrefix("fly scale"), command.words[1].text == "count",
                    found.words.contains(where: { $0 == "0" || $0.hasSuffix("=0") })
                {
                    return RuleMatch(
                        span: found.span, resources: found.operands, message: "Scales the app to zero machines: it stops serving")
                }
                if found.path.hasPrefix("fly secrets unset") {
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Removes the secrets \(found.operands.joined(separator: ", ")) and restarts the app without them")
                }
                return RuleMatch(span: found.span, resources: found.operands)
            },

            // MARK: Commands run on the platform

            pathRule(
                "platform.remote-command", .write,
                paths: [
                    "heroku run", "heroku run detached", "heroku run inside", "heroku pg psql", "heroku redis cli", "heroku console",
                    "fly ssh console", "fly console", "fly machine|machines|m exec", "fly postgres|pg connect",
                    "railway run|shell|connect", "doctl compute ssh", "kamal app exec", "kamal console", "modal shell", "modal run",
                ],
                summary: "Runs a command or a shell on the platform (or with its credentials); what it does there is not checked",
                safer: "Run the specific command in full so it can be read, against a staging app first",
                triggering: [
                    "heroku «run» rails db:migrate -a myapp-prod", "heroku «run:detached» rake cleanup -a myapp",
                    "heroku «pg:psql» -a myapp", "fly «ssh console» -a myapp -C 'ls /data'", "railway «run» npm run migrate",
                    "kamal «app exec» 'bin/rails db:seed'", "heroku «run» rails db:drop -a myapp",
                    "heroku «pg:psql» -a myapp -c 'DROP TABLE users'",
                ],
                nonTriggering: ["heroku logs -a myapp", "fly ssh issue", "railway status"]
            ) { command, found in
                // Where the command to run is: an option for ssh-like commands, else the operands.
                let given: String?
                switch found.path {
                case "fly ssh console", "fly console", "fly machine|machines|m exec": given = command.option("-C", "--command")
                case "doctl compute ssh": given = command.option("--ssh-command")
                case "heroku pg psql": given = command.option("-c", "--command")
                default: given = found.words.isEmpty ? nil : found.words.joined(separator: " ")
                }
                let what = given ?? "an interactive session"
                let place =
                    command.tool == "railway" ? "locally with the Railway environment's variables and credentials" : "on the platform"
                let resources = given == nil || found.path.hasPrefix("doctl") ? found.operands : []
                if let given, let (effectClass, harm) = remoteCommandHarm(given) {
                    return RuleMatch(
                        span: found.span, resources: resources, message: "Runs \(what) \(place): it \(harm)", effectClass: effectClass)
                }
                return RuleMatch(
                    span: found.span, resources: resources, message: "Runs \(what) \(place); what it does there is not checked")
            },

            // MARK: DigitalOcean

            pathRule(
                "platform.doctl-destroy", .irreversible,
                paths: [
                    "doctl databases|database|db|dbs|d delete|rm|del", "doctl databases|database|db|dbs|d db delete|rm|del",
                    "doctl compute volume|volumes|v delete|rm|del", "doctl compute snapshot|snapshots|s delete|rm|del",
                    "doctl compute image|images|i delete|rm|del",
                    "doctl kubernetes|k8s|kube|k cluster|clusters|c delete|rm|del", "doctl registry|reg|r delete|rm|del",
                ],
                summary: "Deletes a DigitalOcean database, volume, snapshot, image, Kubernetes cluster or registry with its data",
                safer: "Take a backup or snapshot first and check nothing still uses it; prefer resizing down to deleting",
                triggering: [
                    "doctl «databases delete» 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30 --force", "doctl «compute volume delete» vol-1 -f",
                    "doctl --context prod «kubernetes cluster delete» main --dangerous", "doctl «registry delete» --force",
                    "doctl «db db delete» 9cc1 defaultdb",
                ],
                nonTriggering: [
                    "doctl databases list", "doctl compute volume list", "doctl compute droplet delete web-1",
                    "doctl databases pool delete x y",
                ]
            ),
            CommandRule(
                "platform.doctl-delete", .destroy,
                summary: "Deletes a DigitalOcean resource: a droplet, app, load balancer, firewall, domain record or pool",
                safer: "Snapshot droplets before deleting them, and check the resource ID with a get first",
                triggering: [
                    "doctl compute droplet «delete» web-prod-1 --force", "doctl apps «delete» 4f6c71e2 --force",
                    "doctl compute domain records «delete» example.com --record-id 123",
                    "doctl --context staging compute firewall «rm» fw-1",
                ],
                nonTriggering: ["doctl compute droplet list", "doctl apps get 4f6c71e2", "doctl compute d list"]
            ) { invocation, _ in
                guard let command = Command(invocation), command.tool == "doctl",
                    let index = command.words.prefix(4).firstIndex(where: { ["delete", "rm", "del"].contains($0.text ?? "") })
                else { return nil }
                let what = command.words[..<index].map(\.approximation).joined(separator: " ")
                let resources = command.words[(index + 1)...].map(\.approximation)
                return RuleMatch(
                    span: command.words[index].span, resources: resources,
                    message: "Deletes the \(what) \(resources.joined(separator: ", "))")
            },

            // MARK: Supabase

            pathRule(
                "platform.supabase-destroy", .irreversible, paths: ["supabase db reset", "supabase projects delete", "supabase stop"],
                summary: "Resets a Supabase database, deletes a project, or deletes the local stack's data volumes",
                safer: "Dump the data first (supabase db dump --data-only -f backup.sql); reset only the local stack",
                triggering: [
                    "supabase «db reset»", "supabase «db reset» --linked", "supabase «projects delete» abcdefghijklmnopqrst",
                    "npx supabase «db reset» --db-url postgresql://postgres:pw@db.prod.example.com:5432/postgres",
                    "supabase «stop --no-backup»",
                ],
                nonTriggering: ["supabase db push", "supabase stop", "supabase projects list", "supabase db reset --help"]
            ) { command, found in
                if found.path == "supabase stop" {
                    guard let flag = command.flag("--no-backup") else { return nil }
                    return RuleMatch(span: found.span.union(flag.span), message: "Stops the local stack and deletes its data volumes")
                }
                if found.path == "supabase projects delete" {
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Deletes the project \(found.operands.first ?? "") with its database, storage and functions")
                }
                let target =
                    supabaseIsLocal(command)
                    ? "the local database" : command.flag("--linked") != nil ? "the linked project's database" : "the database"
                return RuleMatch(span: found.span, message: "Drops and recreates \(target): every row is lost")
            },
            pathRule(
                "platform.supabase-delete", .destroy,
                paths: [
                    "supabase functions delete", "supabase branches delete", "supabase storage rm", "supabase sso remove",
                    "supabase domains delete",
                ],
                summary: "Deletes a Supabase function, branch, stored files or SSO provider",
                triggering: [
                    "supabase «functions delete» send-email --project-ref abc", "supabase «storage rm» -r ss:///avatars --experimental",
                    "supabase «branches delete» preview-1",
                ],
                nonTriggering: ["supabase functions list", "supabase functions deploy send-email", "supabase storage ls ss:///"]
            ),
            pathRule(
                "platform.supabase-write", .write,
                paths: [
                    "supabase db push", "supabase migration repair|squash|up", "supabase functions deploy", "supabase secrets set|unset",
                    "supabase config push",
                ],
                summary: "Applies migrations, deploys functions or changes secrets of a Supabase project",
                triggering: [
                    "supabase «db push»", "supabase «db push» --linked --include-all", "supabase «functions deploy» hello",
                    "supabase «secrets unset» STRIPE_KEY",
                ],
                nonTriggering: ["supabase migration list", "supabase db push --dry-run", "supabase db diff"]
            ) { command, found in
                if found.path == "supabase db push" {
                    let target =
                        supabaseIsLocal(command)
                        ? "the local database"
                        : command.flag("--db-url") != nil ? "the database at --db-url" : "the linked project's database"
                    return RuleMatch(span: found.span, message: "Applies pending migrations to \(target)")
                }
                return RuleMatch(span: found.span, resources: found.operands)
            },

            // MARK: Vault

            CommandRule(
                "platform.vault-destroy", .irreversible,
                summary:
                    "Destroys Vault secrets for good: disables a secrets engine, destroys versions or metadata, deletes an encryption key, or stops auditing",
                safer: "Read and back up the secrets first; use vault kv delete, which can be undone with vault kv undelete",
                triggering: [
                    "vault «secrets disable» secret/", "vault «kv destroy» -versions=1,2 secret/app",
                    "vault «kv metadata delete» -mount=secret app",
                    "vault «audit disable» file/", "vault «delete» transit/keys/orders",
                    "VAULT_ADDR=https://vault.prod.example.com:8200 vault «secrets disable» kv",
                    "vault write transit/keys/orders/config «deletion_allowed=true»",
                ],
                nonTriggering: [
                    "vault kv delete secret/app", "vault secrets list", "vault kv metadata get secret/app", "vault delete secret/app",
                ]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                if let found = command.first([
                    "vault secrets disable", "vault kv destroy", "vault kv metadata delete", "vault audit disable",
                    "vault operator raft snapshot restore",
                ]) {
                    let message =
                        found.path == "vault secrets disable"
                        ? "Disables the secrets engine at \(found.operands.first ?? "its path") and deletes every secret in it"
                        : found.path == "vault audit disable"
                            ? "Turns off the audit device \(found.operands.first ?? ""): actions are no longer recorded" : nil
                    return RuleMatch(span: found.span, resources: found.operands, message: message)
                }
                if let found = command.match("vault delete"), let path = found.rest.first?.text, path.contains("/keys/") {
                    return RuleMatch(
                        span: found.span, resources: [path],
                        message: "Deletes the encryption key \(path); data encrypted with it can never be decrypted")
                }
                if command.match("vault write") != nil, let flag = invocation.arguments.first(where: { $0.text == "deletion_allowed=true" })
                {
                    return RuleMatch(span: flag.span, message: "Allows the encryption key to be deleted, removing its protection")
                }
                return nil
            },
            pathRule(
                "platform.vault-privilege", .privilege,
                paths: [
                    "vault policy write|delete", "vault token create|revoke", "vault auth enable|disable|tune|move",
                    "vault operator generate-root|rekey", "vault write|delete auth/*|sys/auth/*|sys/policy/*|sys/policies/*",
                ],
                summary: "Changes Vault policies, auth methods or tokens: who can read which secrets",
                triggering: [
                    "vault «policy write» admin admin.hcl", "vault «token create» -policy=root", "vault «auth enable» userpass",
                    "vault -address=https://vault.internal:8200 «auth disable» github", "vault «write auth/userpass/users/bob» password=x",
                ],
                nonTriggering: ["vault policy read admin", "vault token lookup", "vault auth list"]
            ) { command, found in
                // `vault write auth/userpass/users/bob password=…`: the path is the resource, never the values.
                if found.path.hasPrefix("vault write|delete") {
                    return RuleMatch(span: found.span, resources: [command.words[1].approximation])
                }
                return RuleMatch(span: found.span, resources: found.operands)
            },
            pathRule(
                "platform.vault-delete", .destroy,
                paths: ["vault kv delete", "vault delete", "vault operator seal", "vault lease revoke", "vault operator raft remove-peer"],
                summary: "Deletes Vault secrets or leases, or seals Vault so nothing can read any secret",
                safer: "vault kv delete can be undone with vault kv undelete; read the secret first to be sure",
                triggering: [
                    "vault «kv delete» secret/app/db", "vault «delete» secret/legacy", "vault «operator seal»",
                    "vault «lease revoke» -prefix aws/creds",
                ],
                nonTriggering: ["vault kv get secret/app/db", "vault kv undelete -versions=3 secret/app", "vault read secret/legacy"]
            ) { _, found in
                let message =
                    found.path == "vault operator seal"
                    ? "Seals Vault: every application that reads secrets from it stops working until it is unsealed" : nil
                return RuleMatch(span: found.span, resources: found.operands, message: message)
            },

            // MARK: Consul

            CommandRule(
                "platform.consul-kv-delete-tree", .irreversible,
                summary: "Deletes a whole Consul key-value tree, or restores a snapshot over the cluster's state",
                safer: "Export the tree first (consul kv export PREFIX > backup.json), then delete single keys",
                triggering: [
                    "consul kv delete «-recurse» config/", "consul kv delete «-recurse»", "consul «snapshot restore» backup.snap",
                ],
                nonTriggering: [
                    "consul kv delete config/app/timeout", "consul kv get -recurse config/", "consul snapshot save backup.snap",
                ]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                if let found = command.match("consul snapshot restore") {
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Replaces the cluster's whole state (keys, catalog, ACLs) with the snapshot")
                }
                guard let found = command.match("consul kv delete"),
                    let recurse = invocation.arguments.first(where: { ["-recurse", "--recurse", "-recurse=true"].contains($0.text ?? "") })
                else { return nil }
                let prefix = found.operands.first ?? ""
                return RuleMatch(
                    span: recurse.span, resources: prefix.isEmpty ? [] : [prefix],
                    message: prefix.isEmpty ? "Deletes every key in Consul's key-value store" : "Deletes every key under \(prefix)")
            },
            pathRule(
                "platform.consul-delete", .destroy,
                paths: [
                    "consul kv delete", "consul services deregister", "consul operator raft remove-peer", "consul config delete",
                    "consul intention delete", "consul force-leave",
                ],
                summary: "Deletes a Consul key, service registration or configuration, or removes a server",
                triggering: [
                    "consul «kv delete» config/app/timeout", "consul «services deregister» -id=web-1", "consul «force-leave» node-3",
                ],
                nonTriggering: ["consul kv get config/app/timeout", "consul kv put config/app/timeout 30"]
            ),
            pathRule(
                "platform.consul-acl", .privilege, paths: ["consul acl"],
                summary: "Changes Consul ACLs: tokens, policies and roles that grant access",
                triggering: [
                    "consul «acl» token create -policy-name=global-management", "consul «acl» bootstrap",
                    "consul «acl» set-agent-token agent x",
                ],
                nonTriggering: ["consul acl token list", "consul acl policy read -name=x", "consul members"]
            ) { command, found in
                let verb = found.rest.count >= 2 ? found.rest[1].text : nil
                if let verb, ["list", "read"].contains(verb) { return nil }
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(2)))
            },

            // MARK: etcd

            CommandRule(
                "platform.etcd-delete-range", .irreversible,
                summary: "Deletes a whole range of etcd keys (for Kubernetes, the cluster's state)",
                safer: "Take a snapshot first (etcdctl snapshot save backup.db) and delete single keys",
                triggering: [
                    "etcdctl del «--prefix» /registry", "etcdctl --endpoints=https://etcd-prod-0:2379 del /app «--prefix»",
                    "etcdctl del \"\" «--from-key»", "ETCDCTL_API=2 etcdctl rm «--recursive» /app",
                ],
                nonTriggering: ["etcdctl del /app/config", "etcdctl get --prefix /registry", "etcdctl rm /app/key"]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                if let found = command.match("etcdctl del|rm|rmdir"),
                    let flag = invocation.flagArgument(["--prefix", "--from-key", "--recursive", "-r"])
                {
                    let key = found.operands.first ?? ""
                    return RuleMatch(
                        span: flag.span, resources: key.isEmpty ? [] : [key],
                        message: key.isEmpty || key == "/" ? "Deletes every key in etcd" : "Deletes every key under \(key)")
                }
                if let found = command.match("etcdctl del"), found.rest.count >= 2 {
                    return RuleMatch(
                        span: found.rest[1].span, resources: found.words,
                        message: "Deletes every key from \(found.words[0]) to \(found.words[1])")
                }
                return nil
            },
            pathRule(
                "platform.etcd-delete", .destroy, paths: ["etcdctl del|rm|rmdir", "etcdctl member remove", "etcdctl lease revoke"],
                summary: "Deletes etcd keys, removes a cluster member, or revokes a lease with the keys attached to it",
                triggering: [
                    "etcdctl «del» /app/config", "etcdctl «member remove» 8e9e05c52164694d", "etcdctl «lease revoke» 694d77aa9e38260f",
                ],
                nonTriggering: ["etcdctl get /app/config", "etcdctl member list"]
            ),
            pathRule(
                "platform.etcd-auth", .privilege, paths: ["etcdctl user|role|auth"],
                summary: "Changes etcd users, roles or authentication",
                triggering: ["etcdctl «user» add admin", "etcdctl «auth» disable", "etcdctl «role» grant-permission app readwrite /app/"],
                nonTriggering: ["etcdctl user list", "etcdctl role get app"]
            ) { _, found in
                if let verb = found.rest.first?.text, ["list", "get"].contains(verb) { return nil }
                return RuleMatch(span: found.span, resources: found.operands)
            },

            // MARK: Railway, Kamal, Modal

            pathRule(
                "platform.app-remove", .destroy,
                paths: [
                    "railway down", "kamal remove", "kamal app remove", "kamal proxy remove", "kamal accessory remove",
                    "modal volume delete", "modal volume rm", "modal secret delete",
                ],
                summary: "Takes down a deployment or removes an app from its servers",
                safer: "Stop it instead (kamal app stop, modal app stop), which can be started again",
                triggering: [
                    "railway «down» -y", "kamal «remove» -d production", "kamal «app remove»", "kamal «accessory remove» db -y",
                    "modal «volume delete» training-data",
                ],
                nonTriggering: ["railway up", "kamal deploy", "kamal app stop", "modal volume list"]
            ) { _, found in
                switch found.path {
                case "kamal accessory remove":
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Removes the accessory \(found.operands.first ?? "") with its container, image and data directory",
                        effectClass: .irreversible)
                case "modal volume delete":
                    return RuleMatch(
                        span: found.span, resources: found.operands,
                        message: "Deletes the volume \(found.operands.first ?? "") and every file on it", effectClass: .irreversible)
                case "modal volume rm":
                    return RuleMatch(
                        span: found.span, resources: found.operands, message: "Deletes files from the volume \(found.operands.first ?? "")")
                default:
                    return RuleMatch(span: found.span, resources: found.operands)
                }
            },
            pathRule(
                "platform.app-release", .write,
                paths: ["railway up|redeploy", "kamal deploy|redeploy|rollback", "kamal app stop|boot", "modal deploy", "modal app stop"],
                summary: "Deploys, rolls back or stops an app",
                triggering: [
                    "railway «up» --detach", "kamal «deploy» -d staging", "kamal «app stop»", "modal «app stop» my-app",
                    "modal «deploy» app.py",
                ],
                nonTriggering: ["railway status", "kamal details", "modal app list"]
            ) { command, found in
                let stops = found.path == "modal app stop" || (command.tool == "kamal" && command.words.dropFirst().first?.text == "stop")
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: stops ? "Stops the app: it no longer serves requests until deployed again" : nil)
            },

            // MARK: Work on this machine and on the code host

            CommandRule(
                "platform.gh-local", .write,
                summary: "Configures gh or copies from GitHub onto this machine; nothing on GitHub changes",
                triggering: [
                    "gh «alias» set pv 'pr view'", "gh «auth login»", "gh «repo clone» acme/app", "gh «pr checkout» 12",
                    "gh «extension» install owner/gh-ext", "gh «run download» 42", "gh «completion» -s zsh",
                ],
                nonTriggering: ["gh pr merge 12", "gh secret set X", "gh repo delete acme/app"],
                acts: .here
            ) { invocation, _ in
                guard let command = Command(invocation),
                    let found = command.first([
                        "gh alias", "gh config set", "gh auth login|logout|setup-git|switch", "gh repo clone",
                        "gh gist clone", "gh pr checkout", "gh run download", "gh release download", "gh extension|ext|extensions",
                        "gh completion", "gh codespace ssh|code|cp|jupyter|ports", "gh a11y|accessibility|formatting|environment|reference",
                        "gh help|exit-codes|mintty",
                    ])
                else { return nil }
                return RuleMatch(span: found.span, resources: found.operands)
            },
            CommandRule(
                "platform.gh-collaborate", .write,
                summary: "Opens, comments on or edits pull requests, issues, gists or labels on the code host; nothing deploys from them",
                triggering: [
                    "gh «pr create» --fill", "gh «pr comment» 123 --body x", "gh «issue create» --title t",
                    "gh «pr review» 5 --comment -b x",
                    "gh «gist create» notes.md", "gh -R acme/app «cache delete» --all",
                ],
                nonTriggering: ["gh pr merge 123", "gh issue delete 4", "gh workflow run deploy.yml", "gh pr review 5 --approve"],
                acts: .codeHost
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                // A review that only comments is collaboration; an approval stands in for the
                // person the review is meant to need, and is judged where the repository lands.
                if let review = command.match("gh pr review") {
                    return command.flag("--approve", "-a") == nil ? RuleMatch(span: review.span, resources: review.operands) : nil
                }
                guard
                    let found = command.first([
                        "gh pr create|new|comment|edit|close|reopen|ready|lock|unlock|update-branch",
                        "gh issue create|new|comment|edit|close|reopen|develop|pin|unpin|lock|unlock|transfer",
                        "gh gist create|new|edit|rename", "gh label create|edit|clone", "gh repo fork|sync|create|new",
                        "gh project create|edit|item-add|item-create|item-edit|field-create|link|unlink|copy|close",
                        // Actions caches are rebuilt by the next run that needs them.
                        "gh cache delete",
                    ])
                else { return nil }
                return RuleMatch(span: found.span, resources: found.operands)
            },

            // MARK: Reads

            CommandRule(
                "platform.read", .read, summary: "Lists, shows or reads; changes nothing",
                triggering: [
                    "gh «pr list»", "gh «issue view» 42", "gh «api» repos/acme/app/pulls --paginate", "heroku «apps:info» -a myapp",
                    "heroku «logs» --tail -a myapp-prod", "fly «status» -a myapp", "doctl compute droplet «list»",
                    "doctl --context prod databases «get» 9cc1", "supabase «migration list»", "vault «kv get» secret/app",
                    "vault «read» -field=password database/creds/app", "consul «kv get» -recurse config/",
                    "etcdctl «get» --prefix /registry",
                    "kamal «app logs» -d production", "railway «status»", "modal «app list»",
                ],
                nonTriggering: [
                    "gh repo delete", "heroku apps:destroy -a myapp", "vault kv delete secret/app", "gh api -X DELETE x",
                    "doctl compute droplet delete x",
                ]
            ) { invocation, _ in
                guard let command = Command(invocation) else { return nil }
                if let api = GitHubAPI(command) {
                    return api.method == "GET" || api.method == "HEAD" ? RuleMatch(span: api.evidence, resources: [api.endpoint]) : nil
                }
                if let found = command.first(readPaths) { return RuleMatch(span: found.span, resources: found.operands) }
                // `gh ssh-key` or `gh` alone prints the group's usage.
                if command.tool == "gh", command.words.count <= 1, invocation.arguments.allSatisfy({ !($0.text ?? "-").hasPrefix("-") }) {
                    return RuleMatch(
                        span: command.words.first?.span ?? invocation.programSpan, message: "gh prints the usage of the command group")
                }
                if command.tool == "doctl",
                    let verb = command.words.prefix(4).first(where: {
                        ["get", "list", "ls", "g", "logs"].contains($0.text ?? "") || ($0.text ?? "").hasPrefix("list-")
                    })
                {
                    return RuleMatch(span: verb.span)
                }
                if let version = invocation.arguments.first(where: { $0.text == "--version" || $0.text == "-version" }) {
                    return RuleMatch(span: version.span)
                }
                return nil
            },
            .commandTable(
                "platform.gh-command", .gh, tool: "gh",
                triggering: ["gh «repo rename» new-name", "gh «workflow enable» ci.yml", "gh «codespace create»"],
                nonTriggering: ["gh no-such-command", "heroku apps", "gh pr list"]
            ) { invocation in
                guard invocation.program == "gh", let command = Command(invocation) else { return [] }
                return command.words
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            guard let command = Command(invocation) else { return [] }
            func hosts(_ value: String?, source: String) {
                for address in (value ?? "").split(separator: ",") {
                    builder.add(.host, HTTPRules.host(ofURL: String(address)), source: source)
                }
            }
            func lastComponent(_ value: String?) -> String? {
                value.flatMap { $0.split(separator: "/").last.map(String.init) }
            }
            /// The repository or app a git remote points at: `git@github.com:acme/app.git` gives `app`.
            func remoteName(_ remote: String) -> String? {
                guard let url = context.workspace.gitRemotes[remote],
                    let last = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).last
                else { return nil }
                return last.hasSuffix(".git") ? String(last.dropLast(4)) : String(last)
            }
            switch command.tool {
            case "gh":
                builder.add(.name, lastComponent(command.option("-R", "--repo")), source: "--repo")
                builder.add(.name, lastComponent(invocation.variable("GH_REPO", in: context)?.value), source: "GH_REPO")
                if let found = command.first(["gh repo delete|archive|edit|view|rename"]) {
                    builder.add(.name, lastComponent(found.rest.first?.text), source: "the repository named")
                    // With no repository named, gh acts on the one the current directory pushes to.
                    if found.rest.isEmpty { builder.add(.name, remoteName("origin"), source: "the git remote origin") }
                }
                hosts(command.option("--hostname"), source: "--hostname")
                hosts(invocation.variable("GH_HOST", in: context)?.value, source: "GH_HOST")
            case "heroku":
                builder.flag(.name, "-a", "--app")
                builder.flag(.name, "--confirm")
                builder.flag(.name, "-r", "--remote")
                builder.variable(.name, "HEROKU_APP")
                if let found = command.first(["heroku apps destroy", "heroku destroy", "heroku apps delete"]) {
                    builder.add(.name, found.rest.first?.text, source: "the app named")
                }
                builder.add(.name, remoteName("heroku"), source: "the git remote heroku")
            case "fly":
                builder.flag(.name, "-a", "--app")
                builder.variable(.name, "FLY_APP")
                if let found = command.first(["fly apps destroy|delete|remove|rm", "fly destroy"]) {
                    builder.add(.name, found.rest.first?.text, source: "the app named")
                }
                builder.add(.name, lastComponent(command.option("-c", "--config")), source: "--config")
            case "doctl":
                builder.flag(.name, "--context")
                builder.variable(.name, "DIGITALOCEAN_CONTEXT")
                if let index = command.words.prefix(4).firstIndex(where: { ["delete", "rm", "del", "get", "ssh"].contains($0.text ?? "") })
                {
                    for word in command.words[(index + 1)...] { builder.add(.name, word.text, source: "the resource named") }
                }
            case "supabase":
                builder.flag(.name, "--project-ref")
                if let url = command.option("--db-url") {
                    builder.add(.databaseURL, url, source: "--db-url")
                    // Matched on its own too: URL patterns cannot see past the `/` of `postgresql://`.
                    builder.add(.databaseHost, HTTPRules.host(ofURL: url), source: "the host in --db-url")
                }
                if let found = command.match("supabase projects delete") {
                    builder.add(.name, found.rest.first?.text, source: "the project named")
                }
                if supabaseIsLocal(command) {
                    builder.add(.databaseHost, "127.0.0.1", source: "supabase's local stack")
                }
            case "vault":
                hosts(command.option("-address"), source: "-address")
                hosts(invocation.variable("VAULT_ADDR", in: context)?.value, source: "VAULT_ADDR")
                builder.flag(.name, "-namespace", "-ns")
                builder.variable(.name, "VAULT_NAMESPACE")
            case "consul":
                hosts(command.option("-http-addr"), source: "-http-addr")
                hosts(invocation.variable("CONSUL_HTTP_ADDR", in: context)?.value, source: "CONSUL_HTTP_ADDR")
                builder.flag(.name, "-datacenter")
            case "etcdctl":
                hosts(command.option("--endpoints"), source: "--endpoints")
                hosts(invocation.variable("ETCDCTL_ENDPOINTS", in: context)?.value, source: "ETCDCTL_ENDPOINTS")
            case "railway":
                builder.flag(.name, "-e", "--environment")
                builder.variable(.name, "RAILWAY_ENVIRONMENT")
            case "kamal":
                builder.flag(.name, "-d", "--destination")
                hosts(command.option("-h", "--hosts"), source: "--hosts")
            case "modal":
                builder.flag(.name, "-e", "--env")
                builder.variable(.name, "MODAL_ENVIRONMENT")
            default:
                break
            }
            return builder.hints
        })
}

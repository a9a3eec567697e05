/// Backup, object-storage and hosted-platform CLIs: restic, borg and borgmatic, kopia, velero,
/// rclone, the MinIO client, s3cmd, azcopy, duplicity and Backblaze's b2; Cloudflare's wrangler,
/// vercel, netlify and firebase; the database platforms neonctl, pscale and turso; and mdadm,
/// whose rules act on this machine's disks. Forgetting snapshots, deleting archives, buckets,
/// databases, sites and deployments; syncs that delete on the target; deploys and uploads; and the
/// listings, help and dry runs that change nothing. Where a tool names its target (a repository,
/// a remote, a bucket, a project, an environment) the hints say so.
public enum StorageRules {
    /// Options that take a separate value, per tool, so the command words are found around them.
    static let optionsWithValues: [String: Set<String>] = [
        "restic": [
            "-r", "--repo", "--repository-file", "-p", "--password-file", "--password-command", "--cache-dir", "--cacert",
            "--key-hint", "--limit-download", "--limit-upload", "-o", "--option", "--tls-client-cert", "--pack-size",
            "--compression", "--retry-lock", "--tag", "--host", "-H", "--path", "--keep-last", "-l", "--keep-hourly",
            "--keep-daily", "-d", "--keep-weekly", "-w", "--keep-monthly", "-m", "--keep-yearly", "-y", "--keep-within",
            "--keep-tag", "--group-by", "-g", "--exclude", "-e", "--iexclude", "--exclude-file", "--files-from", "--target", "-t",
            "--include", "-i", "--parent", "--stdin-filename", "--time", "--max-unused", "--max-repack-size",
            "--read-data-subset", "--from-repo", "--from-password-file", "--new-password-file", "--exclude-larger-than",
        ],
        "borg": [
            "-r", "--repo", "--remote-path", "--rsh", "--lock-wait", "--umask", "--upload-ratelimit", "--upload-buffer",
            "--debug-topic", "-a", "--glob-archives", "--match-archives", "-P", "--prefix", "--keep-within", "--keep-last",
            "--keep-secondly", "--keep-minutely", "-H", "--keep-hourly", "-d", "--keep-daily", "-w", "--keep-weekly", "-m",
            "--keep-monthly", "-y", "--keep-yearly", "--format", "--sort-by", "--first", "--last", "-e", "--exclude",
            "--exclude-from", "--pattern", "--patterns-from", "-C", "--compression", "--comment", "--timestamp",
            "--chunker-params", "--files-cache", "-c", "--checkpoint-interval", "--threshold", "--encryption",
            "--strip-components", "-o", "--max-duration",
        ],
        "borgmatic": [
            "-c", "--config", "--override", "-v", "--verbosity", "--syslog-verbosity", "--log-file", "--log-file-verbosity",
            "--log-file-format", "--monitoring-verbosity", "--repository", "--archive", "--database", "--schema", "--hostname",
            "--port", "--username", "--original-hostname", "--original-port", "--destination", "--path", "--strip-components",
            "-a", "--match-archives", "--format",
        ],
        "kopia": [
            "--config-file", "--log-level", "--file-log-level", "--log-dir", "--cache-directory", "--password", "-p",
            "--keep-latest", "--tags", "--description", "--override-source", "--snapshot-time", "--parallel", "--bucket",
            "--prefix", "--endpoint", "--region", "--access-key", "--secret-access-key", "--path", "--url",
            "--server-cert-fingerprint", "--owner", "--username", "--hostname", "--user", "--access", "--target",
        ],
        "velero": [
            "-n", "--namespace", "--kubecontext", "--kubeconfig", "-o", "--output", "-l", "--selector", "--features",
            "--include-namespaces", "--exclude-namespaces", "--include-resources", "--exclude-resources", "--from-backup",
            "--from-schedule", "--schedule", "--ttl", "--storage-location", "--volume-snapshot-locations", "--provider",
            "--bucket", "--secret-file", "--backup-location-config", "--snapshot-location-config", "--plugins", "--image",
            "--namespace-mappings", "--existing-resource-policy", "--timeout",
        ],
        "rclone": [
            "--config", "--transfers", "--checkers", "--bwlimit", "--include", "--exclude", "--filter", "--include-from",
            "--exclude-from", "--filter-from", "--files-from", "--min-age", "--max-age", "--min-size", "--max-size",
            "--max-depth", "--log-file", "--log-level", "--stats", "--backup-dir", "--suffix", "--order-by", "--max-transfer",
            "--retries", "--low-level-retries", "--timeout", "--contimeout", "--user-agent", "--cache-dir", "--compare-dest",
            "--copy-dest", "--max-delete", "--multi-thread-streams", "--buffer-size", "--tpslimit", "--dedupe-mode", "--format",
            "--separator", "--header", "--exclude-if-present", "--password-command", "--expire",
        ],
        "mc": [
            "--config-dir", "-C", "--limit-upload", "--limit-download", "--custom-header", "-H", "--resolve", "--older-than",
            "--newer-than", "--storage-class", "--attr", "--tags", "--encrypt-key", "--rewind", "--version-id", "--region",
            "--name", "--exclude", "--path", "--api", "--lookup", "--expire", "--max-depth", "--policy", "--user", "--group",
        ],
        "s3cmd": [
            "-c", "--config", "--access_key", "--secret_key", "--access_token", "--region", "--host", "--host-bucket",
            "--exclude", "--include", "--exclude-from", "--include-from", "--rexclude", "--rinclude", "--mime-type",
            "--storage-class", "--acl-grant", "--acl-revoke", "--expiry-days", "--expiry-date", "--expiry-prefix",
            "--bucket-location", "--add-header", "--remove-header", "--encoding", "--server-side-encryption-kms-id",
            "--multipart-chunk-size-mb", "--limit-rate", "--cache-file", "--ws-index", "--ws-error", "--add-destination",
            "--max-delete", "--limit", "--restore-days", "--restore-priority", "--proxy-host", "--proxy-port", "--ca-certs",
        ],
        "azcopy": [
            "--from-to", "--include-pattern", "--exclude-pattern", "--include-path", "--exclude-path", "--list-of-files",
            "--log-level", "--cap-mbps", "--block-size-mb", "--blob-type", "--block-blob-tier", "--page-blob-tier", "--metadata",
            "--content-type", "--overwrite", "--output-type", "--trusted-microsoft-suffixes", "--include-before",
            "--include-after", "--tenant-id", "--aad-endpoint", "--application-id", "--certificate-path", "--delete-destination",
            "--compare-hash", "--output-level", "--list-of-versions", "--exclude-blob-type", "--exclude-attributes",
            "--include-attributes", "--with-status",
        ],
        "duplicity": [
            "--encrypt-key", "--sign-key", "--hidden-encrypt-key", "--archive-dir", "--name", "--file-to-restore", "-r", "--time",
            "-t", "--restore-time", "--exclude", "--include", "--exclude-filelist", "--include-filelist", "--exclude-regexp",
            "--include-regexp", "--full-if-older-than", "--volsize", "--log-file", "--log-fd", "--verbosity", "-v",
            "--gpg-options", "--gpg-binary", "--ssh-options", "--tempdir", "--file-prefix", "--file-prefix-manifest",
            "--file-prefix-archive", "--file-prefix-signature", "--num-retries", "--backend-retry-delay", "--ssl-cacert-file",
            "--max-blocksize", "--timeout", "--s3-region-name", "--s3-endpoint-url", "--path-to-restore",
        ],
        "b2": [
            "--profile", "--threads", "--content-type", "--info", "--sha1", "--exclude-regex", "--include-regex",
            "--exclude-dir-regex", "--exclude-if-modified-after", "--keep-days", "--compare-versions", "--compare-threshold",
            "--lifecycle-rules", "--lifecycle-rule", "--cors-rules", "--bucket-info", "--default-server-side-encryption",
            "--destination-server-side-encryption", "--source-server-side-encryption", "--file-retention-mode", "--retain-until",
            "--legal-hold", "--replication", "--duration", "--bucket", "--name-prefix", "--sync-threads", "--download-threads",
            "--upload-threads",
        ],
        "wrangler": [
            "-c", "--config", "-e", "--env", "--name", "--compatibility-date", "--compatibility-flags", "--compatibility-flag",
            "--var", "--define", "--outdir", "--routes", "--route", "--triggers", "--schedule", "--binding", "--namespace-id",
            "--command", "--file", "--project-name", "--branch", "--commit-hash", "--commit-message", "--message", "--tag",
            "--version-id", "--deployment-id", "--jurisdiction", "--storage-class", "--timestamp", "--bookmark", "--format",
            "--output", "--metadata", "--ttl", "--expiration", "--expiration-ttl", "--location", "--port", "--ip", "--persist-to",
            "--dimensions", "--metric", "--preset", "--cwd", "--script", "--main", "--assets",
        ],
        "vercel": [
            "-t", "--token", "-S", "--scope", "-T", "--team", "--cwd", "-A", "--local-config", "-Q", "--global-config", "-e",
            "--env", "-b", "--build-env", "-m", "--meta", "--regions", "--target", "--archive", "--environment", "--since",
            "--until", "--timeout", "--project", "--git-branch", "--output",
        ],
        "netlify": [
            "-s", "--site", "--auth", "-d", "--dir", "-f", "--functions", "-a", "--alias", "-m", "--message", "--filter",
            "--context", "--scope", "-n", "--name", "--account-slug", "--data", "--timeout", "--port", "--branch",
        ],
        "firebase": [
            "-P", "--project", "--account", "--token", "-c", "--config", "--only", "--except", "-m", "--message", "--instance",
            "--database", "--data", "-d", "--site", "--expires", "--import", "--export-on-exit", "--port", "-p", "--host", "-o",
            "--output", "--region", "--location", "--data-file", "--filter",
        ],
        "neonctl": [
            "--api-key", "--config-dir", "-o", "--output", "--project-id", "--org-id", "--context-file", "--name", "--compute",
            "--type", "--cu", "--branch", "--database", "--database-name", "--role", "--role-name", "--region-id",
            "--preserve-under-name", "--source", "--expires-at", "--suspend-timeout", "--endpoint-type", "--owner-name", "--ssl",
        ],
        "pscale": [
            "--org", "--service-token", "--service-token-id", "--config", "-f", "--format", "--api-url", "--region", "--from",
            "--backup", "--dir", "--port", "--host", "--role", "--ttl", "--cluster-size", "--name", "--notes", "--into-branch",
            "--database", "--keyspace",
        ],
        "turso": [
            "--group", "--location", "--from-db", "--from-file", "--from-dump", "--from-dump-url", "--from-csv",
            "--csv-table-name", "--timestamp", "--expiration", "-e", "--instance", "--type", "--schema", "--size-limit",
        ],
    ]

    /// Other names the tools are installed under.
    static let aliases: [String: String] = ["neon": "neonctl", "mcli": "mc", "backblaze-b2": "b2"]

    /// Tools whose command words are joined by `:` (`firestore:delete`, `sites:delete`, `kv:namespace`).
    static let colonTools: Set<String> = ["firebase", "netlify", "wrangler"]

    /// restic's backend prefixes (`s3:`, `sftp:`, `rest:https://…`), dropped before a location is read.
    static let backends: Set<String> = ["s3", "sftp", "rest", "b2", "azure", "gs", "swift", "rclone", "local"]

    /// Commands that only build, serve, log in or configure on this machine.
    static let localCommands: [String: [String]] = [
        "vercel": ["build", "dev", "pull", "link", "unlink", "init", "env pull", "login", "logout", "switch"],
        "netlify": [
            "build", "dev", "serve", "link", "unlink", "functions create|build|serve", "login", "logout", "switch", "completion",
        ],
        "firebase": [
            "init", "use", "emulators", "serve", "functions shell", "target apply|clear|remove", "login", "logout", "setup",
        ],
        "wrangler": ["dev", "init", "generate", "types", "login", "logout", "d1 migrations create"],
        "rclone": ["config", "genautocomplete", "completion", "gendocs", "obscure"],
        "restic": ["generate", "cache"],
        "borgmatic": ["config generate|bootstrap"],
        "velero": ["completion", "client config set"],
        "neonctl": ["auth", "set-context", "completion"],
        "pscale": ["auth login|logout", "org switch", "completion"],
        "turso": ["auth login|logout", "dev", "org switch", "completion"],
        "mc": ["alias set|remove|rm|import"],
        "azcopy": ["login", "logout", "jobs remove|clean"],
        "b2": ["account authorize|clear", "authorize-account", "clear-account"],
    ]

    /// A storage tool's command line: the tool (aliases resolved) and its command words, options
    /// and their values left out.
    struct Command {
        let tool: String
        let invocation: Invocation
        /// The positional words; for firebase, netlify and wrangler the first one split at `:`.
        let words: [Argument]

        init?(_ invocation: Invocation) {
            let tool = StorageRules.aliases[invocation.program] ?? invocation.program
            guard let options = StorageRules.optionsWithValues[tool] else { return nil }
            self.tool = tool
            self.invocation = invocation
            var words = invocation.positionals(optionsWithValues: options)
            if StorageRules.colonTools.contains(tool), let first = words.first, let text = first.text, text.contains(":") {
                words = text.split(separator: ":").map { Argument(text: String($0), span: first.span) } + words.dropFirst()
            }
            self.words = words
        }

        /// What a path matched: the words it took, their span and the words after them.
        struct Found {
            var matched: [String]
            var span: SourceSpan
            var rest: [Argument]
            var command: String { matched.joined(separator: " ") }
            /// The words after the path, fit to show: URLs lose credentials and query strings.
            var operands: [String] { rest.map { StorageRules.shown($0.approximation) } }
            var target: String { operands.first ?? "" }
        }

        /// The first of `paths` the command words start with. A path is words separated by blanks;
        /// a word may list alternatives (`snapshot|snap delete`).
        func first(_ paths: [String]) -> Found? {
            candidates: for path in paths {
                let parts = path.split(separator: " ")
                guard !parts.isEmpty, parts.count <= words.count else { continue }
                var matched: [String] = []
                for (part, word) in zip(parts, words) {
                    let text = word.text ?? "…"
                    guard part.split(separator: "|").contains(where: { $0 == text }) else { continue candidates }
                    matched.append(text)
                }
                return Found(
                    matched: matched, span: words[0].span.union(words[parts.count - 1].span),
                    rest: Array(words.dropFirst(parts.count)))
            }
            return nil
        }

        func flag(_ names: String...) -> Argument? { invocation.flagArgument(names) }
        func option(_ names: String...) -> (value: String, span: SourceSpan)? { invocation.optionArgument(names) }

        /// The argument that asks for help or the version, if any.
        var helpArgument: Argument? {
            var flags = ["--help", "--version"]
            // kopia and neonctl do not document -h; borg and firebase spell the version -V, vercel and wrangler -v.
            if !["kopia", "neonctl"].contains(tool) { flags.append("-h") }
            if ["borg", "firebase"].contains(tool) { flags.append("-V") }
            if ["vercel", "wrangler"].contains(tool) { flags.append("-v") }
            if let flag = invocation.flagArgument(flags) { return flag }
            // `mc version` manages bucket versioning; duplicity reads a first word as a path.
            guard let first = words.first, tool != "duplicity" else { return nil }
            if first.text == "help" || (first.text == "version" && tool != "mc") { return first }
            return nil
        }

        /// Where the command is a dry run, and what that means; nil when it is not one. Only flags
        /// the tool honours for that command count.
        var dryRun: (span: SourceSpan, message: String)? {
            let flags: [String]
            switch tool {
            case "restic", "borg", "borgmatic", "rclone": flags = ["--dry-run", "-n"]
            case "mc", "azcopy", "duplicity", "b2": flags = ["--dry-run"]
            case "s3cmd" where first(["sync|put|get|cp|mv"]) != nil: flags = ["--dry-run", "-n"]
            case "wrangler" where first(["deploy|publish", "versions upload"]) != nil: flags = ["--dry-run"]
            case "firebase" where first(["deploy"]) != nil: flags = ["--dry-run"]
            default: flags = []
            }
            if let flag = invocation.flagArgument(flags) {
                return (flag.span, "\(flag.text ?? "--dry-run") only shows what would change; nothing is changed")
            }
            if tool == "kopia", flag("--delete") == nil, let found = first(["snapshot|snap delete|expire", "blob gc"]) {
                return (found.span, "Without --delete, kopia only lists what it would delete")
            }
            if tool == "duplicity", flag("--force") == nil,
                let found = first(["remove-older-than|remove-all-but-n-full|remove-all-inc-of-but-n-full|cleanup"])
            {
                return (found.span, "Without --force, duplicity only lists the backup files it would delete")
            }
            return nil
        }

        /// borg's repository operand: the first word after the command (after two for `key export`).
        var repositoryOperand: String? {
            words.dropFirst(["key", "benchmark"].contains(words.first?.text ?? "") ? 2 : 1).first?.text
        }

        /// Whether the backup repository the command names is a directory on this machine, so what
        /// is done to it is done here (`restic -r /srv/restic`, `borg create ./repo::a`).
        func repositoryIsLocal(in context: AnalysisContext) -> Bool {
            switch tool {
            case "restic":
                let location = invocation.option("-r", "--repo") ?? invocation.variable("RESTIC_REPOSITORY", in: context)?.value
                return location.map(StorageRules.isLocalPath) ?? false
            case "borg":
                let location =
                    invocation.option("-r", "--repo") ?? repositoryOperand.flatMap(StorageRules.borgRepository)
                    ?? invocation.variable("BORG_REPO", in: context)?.value
                return location.map(StorageRules.isLocalPath) ?? false
            case "kopia":
                return first(["repository|repo create filesystem"]) != nil
            case "duplicity":
                return words.contains { ($0.text ?? "").hasPrefix("file://") }
            default:
                return false
            }
        }

        /// Whether the command writes only on this machine, from a repository elsewhere (a restore,
        /// an extract, connecting kopia): the repository's host then says where the data comes
        /// from, not where the command acts.
        var landsHere: Bool {
            switch tool {
            case "restic": first(["restore"]) != nil
            case "borg", "borgmatic": first(["extract", "export-tar"]) != nil
            case "kopia": first(["restore", "snapshot|snap restore", "repository|repo connect|disconnect"]) != nil
            case "duplicity": first(["restore"]) != nil || (words.count >= 2 && words[0].approximation.contains("://"))
            default: false
            }
        }

        /// The SQL an option carries (`--command SQL`, `--command=SQL`) and the option's span; the
        /// source is nil when the SQL is only known at run time.
        func sqlArgument(_ name: String) -> (source: DatabaseRules.Source?, span: SourceSpan)? {
            let arguments = invocation.arguments
            for (index, argument) in arguments.enumerated() {
                let text = argument.approximation
                if text == "--" { return nil }
                if text == name, index + 1 < arguments.count {
                    return (DatabaseRules.Source(arguments[index + 1]), argument.span.union(arguments[index + 1].span))
                }
                if text.hasPrefix(name + "=") {
                    return (DatabaseRules.Source(argument, valueOffset: name.utf8.count + 1), argument.span)
                }
            }
            return nil
        }
    }

    /// A rule that fires when `tool`'s command words start with one of `paths`; `refine` may add a
    /// message or another class, or decline. By default the words after the path are the resources.
    /// What is done to a repository on this machine acts here.
    static func rule(
        _ id: String, _ effectClass: EffectClass, _ tool: String, _ paths: [String], summary: String, safer: String? = nil,
        triggering: [String], nonTriggering: [String],
        refine: @escaping @Sendable (Command, Command.Found) -> RuleMatch? = { _, found in
            RuleMatch(span: found.span, resources: found.operands)
        }
    ) -> CommandRule {
        CommandRule(id, effectClass, summary: summary, safer: safer, triggering: triggering, nonTriggering: nonTriggering) {
            invocation, context in
            guard let command = Command(invocation), command.tool == tool, let found = command.first(paths),
                var match = refine(command, found)
            else { return nil }
            if match.locality == nil, command.repositoryIsLocal(in: context) { match.locality = .here }
            return match
        }
    }

    /// A location as it may be shown: a URL keeps its scheme but loses credentials and query
    /// strings (SAS tokens, keys).
    static func shown(_ text: String) -> String {
        guard let scheme = text.firstRange(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + HTTPRules.displayURL(text)
    }

    /// Whether a repository location is a directory on this machine rather than a server or bucket.
    static func isLocalPath(_ location: String) -> Bool {
        guard !location.isEmpty, !location.contains("…") else { return false }
        if location.hasPrefix("local:") || location.hasPrefix("file://") { return true }
        return location.hasPrefix("/") || location.hasPrefix(".") || location.hasPrefix("~") || !location.contains(":")
    }

    /// Whether an rclone path names a remote (`s3:bucket/key`, `:s3:bucket`) rather than a local path.
    static func isRcloneRemote(_ path: String) -> Bool {
        if path.hasPrefix(":") { return true }
        guard let colon = path.firstIndex(of: ":") else { return false }
        return colon != path.startIndex && !path[..<colon].contains("/")
    }

    static func isURL(_ text: String) -> Bool { text.hasPrefix("https://") || text.hasPrefix("http://") }

    /// Whether a copy goes from a remote to this machine: the first operand is remote, the last local.
    static func downloads(_ found: Command.Found, remote isRemote: (String) -> Bool) -> Bool {
        guard found.rest.count >= 2, let source = found.rest.first?.text, let destination = found.rest.last?.text else {
            return false
        }
        return isRemote(source) && !isRemote(destination)
    }

    /// The repository part of a borg location (`/srv/borg::monday` gives `/srv/borg`); nil for
    /// `::monday`, which takes the repository from BORG_REPO.
    static func borgRepository(_ operand: String) -> String? {
        guard let separator = operand.firstRange(of: "::") else { return operand }
        let repository = String(operand[..<separator.lowerBound])
        return repository.isEmpty ? nil : repository
    }

    /// A file's name without directory or extension: `/etc/borgmatic.d/prod.yaml` gives `prod`.
    static func stem(_ path: String) -> String {
        let name = Paths.lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// What a backup or storage location says about where it lands: the host of
    /// `sftp:backup@nas.prod.example.com:/srv/restic` or `rest:https://…`, and its path's parts as
    /// names (`s3:s3.amazonaws.com/prod-backups` names `prod-backups`). Never credentials.
    static func locationHints(_ location: String, source: String) -> [TargetHint] {
        var text = Substring(location)
        if let colon = text.firstIndex(of: ":"), backends.contains(String(text[..<colon])),
            !text[text.index(after: colon)...].hasPrefix("//")
        {
            text = text[text.index(after: colon)...]
        }
        let address = HTTPRules.displayURL(String(text))
        var hints = [TargetHint(.name, address, source: source)]
        if text.contains("://") {
            if let host = HTTPRules.host(ofURL: String(text)) { hints.append(TargetHint(.host, host, source: source)) }
        } else if let colon = address.firstIndex(of: ":"), colon != address.startIndex, !address[..<colon].contains("/") {
            hints.append(TargetHint(.host, address[..<colon].lowercased(), source: source))
        }
        for part in address.split(whereSeparator: { $0 == "/" || $0 == ":" }).prefix(6) {
            let component = String(part)
            if [".", "..", "~"].contains(component) || component.allSatisfy(\.isNumber) { continue }
            hints.append(TargetHint(.name, component, source: source))
        }
        return hints
    }

    /// `s3-prod:assets/images` names the remote `s3-prod` and the bucket or folder `assets`;
    /// `:s3:assets` (a backend given inline) only the bucket.
    static func rcloneHints(_ path: String) -> [TargetHint] {
        let inline = path.hasPrefix(":")
        let rest = inline ? path.dropFirst() : Substring(path)
        guard let colon = rest.firstIndex(of: ":") else { return [] }
        var hints: [TargetHint] = []
        if !inline { hints.append(TargetHint(.name, String(rest[..<colon]), source: "the rclone remote")) }
        if let bucket = rest[rest.index(after: colon)...].split(separator: "/").first {
            hints.append(TargetHint(.name, String(bucket), source: "the bucket or folder on the rclone remote"))
        }
        return hints
    }

    /// The strictest of the operations the database rules read from SQL, as this rule's finding.
    static func strictest(_ operations: [DatabaseRules.Operation]) -> RuleMatch? {
        guard var worst = operations.first else { return nil }
        for operation in operations.dropFirst() where operation.effectClass > worst.effectClass { worst = operation }
        return RuleMatch(span: worst.span, resources: worst.resources, message: worst.message, effectClass: worst.effectClass)
    }

    /// A sync that deletes on its destination what the source lacks, as `flag` asks.
    static func deletingSync(_ flag: SourceSpan, _ found: Command.Found) -> RuleMatch {
        RuleMatch(
            span: flag, resources: found.operands,
            message: "Syncs into \(found.operands.last ?? "the destination"), deleting what is there that the source lacks",
            effectClass: .destroy)
    }

    /// Deleting a bucket: with every object in it, or only once it is empty.
    static func bucketDeletion(_ found: Command.Found, withObjects: Bool) -> RuleMatch {
        let message =
            withObjects ? "Deletes the bucket \(found.target) with all its objects" : "Deletes the empty bucket \(found.target)"
        return RuleMatch(span: found.span, resources: found.operands, message: message, effectClass: withObjects ? nil : .destroy)
    }

    /// Deleting objects: everything under a prefix (or every version), or only the objects named.
    static func objectDeletion(_ found: Command.Found, everything: Bool) -> RuleMatch {
        let message =
            everything
            ? "Deletes every object (or version) under \(found.target)" : "Deletes \(found.operands.joined(separator: ", "))"
        return RuleMatch(span: found.span, resources: found.operands, message: message, effectClass: everything ? nil : .destroy)
    }

    public static let family = ToolFamily(
        name: "storage",
        programs: [
            "restic", "borg", "borgmatic", "kopia", "velero", "rclone", "mc", "mcli", "s3cmd", "azcopy", "duplicity", "b2",
            "backblaze-b2", "wrangler", "vercel", "netlify", "firebase", "neonctl", "neon", "pscale", "turso", "mdadm",
        ],
        isRemote: true,
        rules: generalRules + backupRules + objectStorageRules + platformRules + databasePlatformRules + mdadmRules,
        hints: { invocation, context in StorageRules.hints(invocation, context) })

    // MARK: - Help, dry runs, work on this machine

    static let generalRules: [CommandRule] = [
        CommandRule(
            "storage.help", .read, summary: "Shows help or the version; changes nothing",
            triggering: [
                "restic forget «--help»", "rclone «help» sync", "vercel «--version»", "firebase deploy «-h»", "borg «-V»",
                "velero «version»",
            ],
            nonTriggering: ["restic forget --keep-last 3 --prune", "mc version suspend prod/assets"]
        ) { invocation, _ in
            guard let command = Command(invocation), let help = command.helpArgument else { return nil }
            return RuleMatch(span: help.span)
        },
        CommandRule(
            "storage.dry-run", .read, summary: "A dry run: shows what would change and changes nothing",
            triggering: [
                "rclone sync «--dry-run» ./site s3:acme-site", "restic forget «-n» --keep-daily 7 --prune",
                "borg prune «--dry-run» --list --keep-daily 7 /srv/borg", "kopia «snapshot delete» k1a2b3c4",
                "duplicity «remove-older-than» 6M s3://acme-backups/app", "wrangler deploy «--dry-run» --outdir dist",
            ],
            nonTriggering: [
                "rclone sync --dry-run=false ./site s3:acme-site", "kopia snapshot delete k1a2b3c4 --delete",
                "duplicity remove-older-than 6M --force s3://acme-backups/app", "wrangler d1 delete prod-db --dry-run",
            ]
        ) { invocation, _ in
            guard let command = Command(invocation), let (span, message) = command.dryRun else { return nil }
            return RuleMatch(span: span, message: message)
        },
        CommandRule(
            "storage.local-work", .write,
            summary: "Builds, serves, links or configures the project on this machine; nothing remote changes",
            triggering: [
                "vercel «build»", "netlify «dev»", "firebase «emulators:start»", "wrangler «dev»", "rclone «config»",
                "s3cmd «--configure»",
            ],
            nonTriggering: ["wrangler dev --remote", "vercel deploy", "netlify deploy --prod", "firebase deploy"],
            acts: .here
        ) { invocation, _ in
            guard let command = Command(invocation) else { return nil }
            if command.tool == "s3cmd", let configure = command.flag("--configure") { return RuleMatch(span: configure.span) }
            guard let paths = localCommands[command.tool], let found = command.first(paths) else { return nil }
            // `wrangler dev --remote` runs the worker on Cloudflare's network.
            if command.tool == "wrangler", found.command == "dev", command.flag("--remote") != nil { return nil }
            return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
    ]

    // MARK: - Backups: restic, borg, borgmatic, kopia, velero, duplicity

    static let backupRules: [CommandRule] = [
        rule(
            "storage.restic-read", .read, "restic",
            ["snapshots", "ls", "cat", "check", "diff", "stats", "find", "dump", "mount", "list", "key list"],
            summary: "Lists, checks or reads a restic repository; changes nothing",
            triggering: [
                "restic -r s3:s3.amazonaws.com/acme-backups «snapshots»", "restic «ls» latest",
                "RESTIC_REPOSITORY=/srv/restic restic «check» --read-data",
            ],
            nonTriggering: ["restic forget --keep-last 5", "restic backup ~/work"]),
        rule(
            "storage.restic-forget", .irreversible, "restic", ["forget", "prune", "rewrite"],
            summary: "Forgets restic snapshots or prunes their data: they cannot be restored again",
            safer: "Run restic forget --dry-run first and keep the snapshots you need with --keep-*",
            triggering: [
                "restic «forget» --keep-daily 7 --keep-weekly 4 --prune",
                "restic -r sftp:backup@nas:/srv/restic «forget» 4bba301e", "restic «prune»",
                "restic «rewrite» --exclude '*.log' --forget latest",
            ],
            nonTriggering: [
                "restic forget --dry-run --keep-last 3", "restic snapshots", "restic rewrite --exclude '*.log' latest",
            ]
        ) { command, found in
            switch found.command {
            case "prune":
                return RuleMatch(
                    span: found.span, message: "Deletes the data of forgotten snapshots from the repository for good")
            case "rewrite":
                guard command.flag("--forget") != nil else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Rewrites snapshots without the excluded files and forgets the originals")
            default:
                let what =
                    found.rest.isEmpty ? "every snapshot the --keep-* rules do not keep" : found.operands.joined(separator: ", ")
                let pruned = command.flag("--prune") != nil
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Forgets \(what)"
                        + (pruned ? " and prunes their data: they cannot be restored" : "; the next prune deletes their data"))
            }
        },
        rule(
            "storage.restic-key", .privilege, "restic", ["key add|passwd|remove"],
            summary: "Adds, changes or removes a password that opens the restic repository",
            triggering: ["restic «key add» --new-password-file new.txt", "restic «key remove» 2a3f1c9e"],
            nonTriggering: ["restic key list", "restic snapshots"]),
        rule(
            "storage.restic-restore", .write, "restic", ["restore"],
            summary: "Restores a snapshot onto this machine, overwriting files in the target directory",
            safer: "Restore into an empty directory (--target /tmp/restore) and compare before replacing anything",
            triggering: ["restic «restore» latest --target /srv/app", "restic restore 79766175 --target . «--delete»"],
            nonTriggering: ["restic restore --dry-run latest --target /tmp/r", "restic snapshots latest"]
        ) { command, found in
            let target = command.option("--target", "-t")?.value ?? "the target directory"
            if let delete = command.flag("--delete") {
                return RuleMatch(
                    span: delete.span, resources: found.operands + [target],
                    message: "Restores into \(target) and deletes the files there that the snapshot lacks", effectClass: .destroy,
                    acts: .here)
            }
            return RuleMatch(
                span: found.span, resources: found.operands,
                message: "Restores \(found.operands.first ?? "a snapshot") into \(target), overwriting files there", acts: .here)
        },
        rule(
            "storage.restic-write", .write, "restic",
            ["backup", "init", "copy", "tag", "recover", "repair", "rewrite", "migrate", "unlock", "rebuild-index"],
            summary: "Takes a backup or changes the repository's snapshots, tags or index",
            triggering: [
                "restic «backup» ~/work --tag nightly", "restic -r /srv/restic «init»",
                "restic «copy» --from-repo /srv/old latest",
            ],
            nonTriggering: ["restic snapshots", "restic forget 4bba301e"]),

        rule(
            "storage.borg-read", .read, "borg",
            ["list", "info", "diff", "mount", "umount", "check", "rlist", "rinfo", "repo-list", "repo-info"],
            summary: "Lists, checks or mounts a borg repository; changes nothing",
            triggering: [
                "borg «list» /srv/borg", "BORG_REPO=ssh://backup@nas/./repo borg «info» ::daily-2024-05-01",
                "borg «check» --verify-data /srv/borg",
            ],
            nonTriggering: ["borg check --repair /srv/borg", "borg delete /srv/borg::old"]
        ) { command, found in
            if found.command == "check", command.flag("--repair") != nil { return nil }
            return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
        rule(
            "storage.borg-delete", .irreversible, "borg", ["delete", "prune", "rdelete", "repo-delete"],
            summary: "Deletes borg archives or a whole repository",
            safer: "Run it with --dry-run --list first, and delete single archives rather than the repository",
            triggering: [
                "borg «delete» /srv/borg::2024-01-01", "borg «prune» --keep-daily 7 --keep-weekly 4 /srv/borg",
                "borg «delete» ssh://backup@nas/./repo",
            ],
            nonTriggering: [
                "borg prune --dry-run --keep-daily 7 /srv/borg", "borg list /srv/borg", "borg compact /srv/borg",
                "borg delete --cache-only /srv/borg",
            ]
        ) { command, found in
            let location = found.operands.first ?? "the repository in BORG_REPO"
            switch found.command {
            case "prune":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes every archive in \(location) that the --keep-* rules do not keep")
            case "delete":
                // `--cache-only` deletes the local cache, not the repository.
                if command.flag("--cache-only") != nil { return nil }
                let selects =
                    command.flag("-a", "--glob-archives", "--match-archives", "-P", "--prefix", "--first", "--last") != nil
                let names = found.operands.contains { $0.contains("::") && !$0.hasSuffix("::") } || found.rest.count > 1
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: selects || names
                        ? "Deletes the archives \(found.operands.joined(separator: ", ")) with their data"
                        : "Deletes the whole repository \(location) with every archive in it")
            default:
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes the whole repository \(location) with every archive in it")
            }
        },
        rule(
            "storage.borg-key", .privilege, "borg", ["key change-passphrase|import|migrate-to-repokey|change-location"],
            summary: "Changes or replaces the key or passphrase that opens the borg repository",
            triggering: ["borg «key change-passphrase» /srv/borg", "borg «key import» /srv/borg key.txt"],
            nonTriggering: ["borg key export /srv/borg key.txt", "borg info /srv/borg"]),
        rule(
            "storage.borg-write", .write, "borg",
            [
                "create", "init", "rcreate", "repo-create", "compact", "rename", "recreate", "upgrade", "transfer", "import-tar",
                "export-tar", "extract", "break-lock", "check", "delete",
            ],
            summary: "Takes a backup, extracts an archive or changes the borg repository",
            triggering: [
                "borg «create» /srv/borg::daily-2024-05-01 ~/work", "borg «compact» /srv/borg", "borg «check» --repair /srv/borg",
            ],
            nonTriggering: ["borg list /srv/borg", "borg prune --keep-daily 7 /srv/borg"]
        ) { _, found in
            switch found.command {
            case "extract":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Extracts \(found.target) into the working directory, overwriting files there", acts: .here)
            case "compact":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Frees the space of deleted archives; nothing still in an archive is removed")
            case "check":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Repairs the repository; damaged data may be dropped")
            case "delete":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Deletes only the local cache of the repository")
            default: return RuleMatch(span: found.span, resources: found.operands)
            }
        },

        rule(
            "storage.borgmatic-read", .read, "borgmatic",
            ["list", "info", "rlist", "rinfo", "repo-list", "repo-info", "config validate", "check", "mount", "umount"],
            summary: "Lists, checks or mounts the configured borg repositories; changes nothing",
            triggering: ["borgmatic «list» --archive latest", "borgmatic -c /etc/borgmatic/prod.yaml «info»"],
            nonTriggering: ["borgmatic prune", "borgmatic", "borgmatic check --repair"]
        ) { command, found in
            if found.command == "check", command.flag("--repair") != nil { return nil }
            return RuleMatch(span: found.span)
        },
        rule(
            "storage.borgmatic-delete", .irreversible, "borgmatic", ["delete", "repo-delete", "rdelete", "restore", "prune"],
            summary: "Deletes archives or a repository, or restores database dumps over the live databases",
            safer: "Run it with --dry-run first; restore into a scratch database (--database, --hostname) before the live one",
            triggering: [
                "borgmatic «delete» --archive host-2024-01-01", "borgmatic «restore» --archive latest", "borgmatic «prune»",
            ],
            nonTriggering: ["borgmatic --dry-run prune", "borgmatic list"]
        ) { command, found in
            switch found.command {
            case "prune":
                return RuleMatch(
                    span: found.span, message: "Deletes the archives the configured retention no longer keeps",
                    effectClass: .destroy)
            case "restore":
                return RuleMatch(
                    span: found.span,
                    message: "Restores database dumps from an archive into the configured databases, replacing what they hold")
            case "delete":
                let archive = command.option("--archive")?.value
                return RuleMatch(
                    span: found.span, resources: archive.map { [$0] } ?? [],
                    message: "Deletes \(archive.map { "the archive \($0)" } ?? "archives") from the configured repositories")
            default:
                return RuleMatch(span: found.span, message: "Deletes a whole repository with every archive in it")
            }
        },
        CommandRule(
            "storage.borgmatic-run", .write,
            summary: "Runs borgmatic's backup actions: create, prune by the configured retention, compact and check",
            triggering: [
                "«borgmatic»", "borgmatic «create» --stats", "borgmatic «extract» --archive latest",
                "borgmatic «borg» delete ::old",
            ],
            nonTriggering: ["borgmatic list", "borgmatic --dry-run"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "borgmatic" else { return nil }
            if command.words.isEmpty { return RuleMatch(span: invocation.programSpan) }
            let paths = ["create", "compact", "extract", "repo-create", "rcreate", "init", "export-tar", "transfer", "check"]
            guard let found = command.first(paths + ["borg"]) else { return nil }
            switch found.command {
            case "borg":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "borgmatic borg passes \(found.operands.joined(separator: " ")) to borg, which is not checked here",
                    effectClass: .opaque)
            case "extract":
                return RuleMatch(
                    span: found.span, message: "Extracts an archive onto this machine, overwriting files there", acts: .here)
            case "check": return RuleMatch(span: found.span, message: "Repairs the repositories; damaged data may be dropped")
            default: return RuleMatch(span: found.span)
            }
        },

        rule(
            "storage.kopia-read", .read, "kopia",
            [
                "ls", "show", "diff", "mount", "snapshot|snap list|ls|verify|estimate",
                "repository|repo status|validate-provider", "policy list|ls|show|get", "maintenance info",
                "content list|ls|show|stats|verify", "blob list|ls|show|stats", "index list|ls|inspect", "manifest list|ls|show",
                "cache info", "server status", "user list|info", "acl list", "logs list|show",
            ],
            summary: "Lists, shows or verifies what a kopia repository holds; changes nothing",
            triggering: ["kopia «snapshot list» /home/dev", "kopia «repository status»", "kopia «policy show» --global"],
            nonTriggering: ["kopia snapshot create /home/dev", "kopia snapshot delete k1a2b3c4 --delete"]),
        rule(
            "storage.kopia-delete", .irreversible, "kopia",
            ["snapshot|snap delete|expire", "manifest delete|rm", "blob delete|rm|gc", "content delete|rm"],
            summary: "Deletes kopia snapshots or the blobs and contents they are made of",
            safer: "Run it without --delete first to see what would go, and let the retention policy expire snapshots",
            triggering: [
                "kopia «snapshot delete» k1a2b3c4 --delete", "kopia «snapshot expire» --all --delete",
                "kopia «blob delete» p0123abcd",
            ],
            nonTriggering: ["kopia snapshot delete k1a2b3c4", "kopia snapshot list"]
        ) { _, found in
            let message =
                switch found.matched.first ?? "" {
                case "snapshot", "snap":
                    found.matched.last == "expire"
                        ? "Deletes every snapshot the retention policy no longer keeps"
                        : "Deletes the snapshots \(found.operands.joined(separator: ", "))"
                case "manifest": "Deletes repository manifests: the snapshots and policies they describe are gone"
                default: "Deletes raw repository data; snapshots that still use it become unreadable"
                }
            return RuleMatch(span: found.span, resources: found.operands, message: message)
        },
        rule(
            "storage.kopia-privilege", .privilege, "kopia",
            ["user add|set|delete", "acl add|delete|enable", "repository|repo change-password"],
            summary: "Changes who can open the kopia repository: users, access rules or its password",
            triggering: ["kopia «user add» alice@laptop", "kopia «repository change-password»"],
            nonTriggering: ["kopia user list", "kopia acl list"]),
        rule(
            "storage.kopia-write", .write, "kopia",
            [
                "snapshot|snap create|restore|copy-history|move-history|fix|migrate|pin", "restore",
                "repository|repo create|connect|disconnect|sync-to|set-parameters|set-client|upgrade|throttle",
                "policy set|edit|delete|import", "maintenance run|set", "cache clear|set|sync", "server start",
                "index optimize|recover", "content rewrite",
            ],
            summary: "Takes or restores a snapshot, or changes the kopia repository, its policies or maintenance",
            triggering: [
                "kopia «snapshot create» /home/dev", "kopia «repository connect» s3 --bucket acme-backups",
                "kopia «maintenance run» --full",
            ],
            nonTriggering: ["kopia snapshot list", "kopia snapshot delete k1 --delete"]
        ) { command, found in
            switch found.matched.last ?? "" {
            case "sync-to" where command.flag("--delete") != nil:
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Copies the repository to \(found.target) and deletes what is there that the source lacks",
                    effectClass: .destroy)
            case "restore":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Restores a snapshot onto this machine", acts: .here)
            case "connect", "disconnect":
                // Only kopia's configuration on this machine changes.
                return RuleMatch(span: found.span, resources: found.operands, acts: .here)
            default:
                return RuleMatch(span: found.span, resources: found.operands)
            }
        },

        rule(
            "storage.velero-read", .read, "velero",
            [
                "get", "describe", "logs", "backup get|describe|logs|download", "restore get|describe|logs",
                "schedule get|describe", "backup-location get", "snapshot-location get", "plugin get", "repo get",
                "client config get", "debug",
            ],
            summary: "Lists, describes or downloads Velero backups and their logs; changes nothing",
            triggering: [
                "velero «backup get»", "velero «get» backups",
                "velero --kubecontext prod-eu «backup describe» nightly-20240501 --details",
            ],
            nonTriggering: ["velero backup delete nightly-20240501 --confirm", "velero restore create --from-backup nightly"]),
        rule(
            "storage.velero-backup-delete", .irreversible, "velero", ["backup delete", "delete backup|backups"],
            summary: "Deletes Velero backups with their data in object storage and their volume snapshots",
            safer: "Let backups expire by their --ttl; check that a newer backup restores before deleting one",
            triggering: [
                "velero «backup delete» nightly-20240501 --confirm", "velero «delete backup» --all --confirm",
                "velero «backup delete» --selector app=web",
            ],
            nonTriggering: ["velero backup get", "velero backup create nightly"]
        ) { command, found in
            let what =
                command.flag("--all") != nil ? "every Velero backup" : "the backups \(found.operands.joined(separator: ", "))"
            return RuleMatch(
                span: found.span, resources: found.operands,
                message: "Deletes \(what) with their data in object storage and their volume snapshots")
        },
        rule(
            "storage.velero-schedule-delete", .destroy, "velero",
            [
                "schedule delete|pause", "delete schedule|schedules", "uninstall", "backup-location delete",
                "snapshot-location delete", "delete backup-location|backup-locations",
            ],
            summary: "Deletes or pauses a backup schedule, a backup location or Velero itself: backups stop being taken",
            safer: "Keep the schedule and change its --schedule or --ttl instead",
            triggering: [
                "velero «schedule delete» daily --confirm", "velero «schedule pause» daily", "velero «uninstall» --force",
            ],
            nonTriggering: ["velero schedule get", "velero schedule unpause daily"]),
        rule(
            "storage.velero-write", .write, "velero",
            [
                "backup create", "create backup|restore|schedule", "restore create|delete", "delete restore|restores",
                "schedule create|unpause", "install", "backup-location create|set", "snapshot-location create|set",
                "plugin add|remove", "repo", "client config set",
            ],
            summary: "Takes a backup, restores one into the cluster, or changes Velero's schedules, locations or plugins",
            triggering: [
                "velero «backup create» pre-upgrade --include-namespaces shop",
                "velero «restore create» --from-backup nightly-20240501",
                "velero «install» --provider aws --bucket velero-backups",
            ],
            nonTriggering: ["velero backup get", "velero backup delete nightly-20240501 --confirm"]),

        rule(
            "storage.duplicity-read", .read, "duplicity", ["verify", "collection-status", "list-current-files"],
            summary: "Lists or verifies duplicity backups; changes nothing",
            triggering: [
                "duplicity «collection-status» s3://acme-backups/app",
                "duplicity «list-current-files» --time 3D sftp://backup@nas//srv/dup",
            ],
            nonTriggering: [
                "duplicity remove-older-than 6M --force s3://acme-backups/app", "duplicity full /srv/app s3://acme-backups/app",
            ]),
        rule(
            "storage.duplicity-remove", .irreversible, "duplicity",
            ["remove-older-than", "remove-all-but-n-full", "remove-all-inc-of-but-n-full"],
            summary: "Deletes duplicity backup sets: what they held can no longer be restored",
            safer: "Run it without --force first to list what would be deleted",
            triggering: [
                "duplicity «remove-older-than» 6M --force s3://acme-backups/app",
                "duplicity «remove-all-but-n-full» 2 --force sftp://backup@nas//srv/dup",
            ],
            nonTriggering: [
                "duplicity remove-older-than 6M s3://acme-backups/app", "duplicity collection-status s3://acme-backups/app",
            ]),
        CommandRule(
            "storage.duplicity-backup", .write, summary: "Takes a duplicity backup, or restores one onto this machine",
            triggering: [
                "duplicity «full» /srv/app s3://acme-backups/app", "duplicity «restore» s3://acme-backups/app /srv/app-restored",
                "duplicity «/srv/app s3://acme-backups/app»",
            ],
            nonTriggering: [
                "duplicity collection-status s3://acme-backups/app", "duplicity --dry-run /srv/app s3://acme-backups/app",
            ]
        ) { invocation, context in
            guard let command = Command(invocation), command.tool == "duplicity" else { return nil }
            let local: Locality? = command.repositoryIsLocal(in: context) ? .here : nil
            if let found = command.first(["full|incremental|inc|incr|backup|cleanup", "restore"]) {
                let restores = found.command == "restore"
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: restores ? "Restores \(found.target) onto this machine, overwriting files there" : nil,
                    acts: restores ? .here : local)
            }
            guard command.words.count >= 2 else { return nil }
            let source = command.words[0]
            let target = command.words[1]
            let restores = source.approximation.contains("://")
            return RuleMatch(
                span: source.span.union(target.span), resources: [shown(source.approximation), shown(target.approximation)],
                message: restores
                    ? "Restores \(shown(source.approximation)) into \(target.approximation), overwriting files there"
                    : "Backs up \(source.approximation) to \(shown(target.approximation))",
                acts: restores ? .here : local)
        },
    ]

    // MARK: - Object storage: rclone, mc, s3cmd, azcopy, b2

    static let objectStorageRules: [CommandRule] = [
        rule(
            "storage.rclone-read", .read, "rclone",
            [
                "ls", "lsd", "lsl", "lsf", "lsjson", "tree", "cat", "check", "cryptcheck", "checksum", "md5sum", "sha1sum",
                "hashsum", "size", "about", "listremotes", "backend features", "mount", "copy|copyto",
            ],
            summary: "Lists, checks, mounts or downloads from a remote; the remote is not changed",
            triggering: [
                "rclone «lsd» remote:", "rclone «size» s3:acme-assets/images", "rclone «copy» s3:acme-backups/db.dump ./restore",
            ],
            nonTriggering: ["rclone copy ./dist s3:acme-site", "rclone delete s3:acme-assets/tmp"]
        ) { _, found in
            switch found.command {
            case "copy", "copyto":
                guard downloads(found, remote: isRcloneRemote) else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Downloads \(found.target) to \(found.operands.last ?? "") on this machine; the remote is only read")
            case "mount":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Mounts \(found.target) on this machine; files changed through the mount change the remote")
            default:
                return RuleMatch(span: found.span, resources: found.operands)
            }
        },
        rule(
            "storage.rclone-delete", .irreversible, "rclone", ["purge", "delete", "cleanup", "deletefile", "dedupe"],
            summary: "Deletes files on a remote (or empties its trash and old versions)",
            safer: "Run it with --dry-run (or -i to confirm each file) first; keep versioning on the bucket",
            triggering: [
                "rclone «purge» s3:acme-tmp/build-cache", "rclone «delete» --min-age 30d s3:acme-logs",
                "rclone «deletefile» s3:acme-assets/old.png",
            ],
            nonTriggering: ["rclone delete --dry-run s3:acme-logs", "rclone ls s3:acme-logs"]
        ) { _, found in
            switch found.command {
            case "purge":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Deletes \(found.target) and everything in it")
            case "cleanup":
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Empties the trash or deletes old file versions of \(found.target)")
            case "deletefile":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Deletes the file \(found.target)",
                    effectClass: .destroy)
            case "dedupe":
                return RuleMatch(
                    span: found.span, resources: found.operands, message: "Deletes or renames duplicate files in \(found.target)",
                    effectClass: .destroy)
            default:
                return RuleMatch(span: found.span, resources: found.operands, message: "Deletes the files in \(found.target)")
            }
        },
        rule(
            "storage.rclone-sync", .destroy, "rclone", ["sync", "bisync"],
            summary: "Makes the destination match the source: files there that the source lacks are deleted",
            safer: "Preview with --dry-run, or use rclone copy, which deletes nothing; keep --backup-dir for what sync replaces",
            triggering: [
                "rclone «sync» ./site s3:acme-site", "rclone «sync» s3:acme-backups /srv/restore",
                "rclone «bisync» gdrive:docs ~/docs",
            ],
            nonTriggering: ["rclone sync --dry-run ./site s3:acme-site", "rclone copy ./site s3:acme-site"]
        ) { _, found in
            let destination = found.operands.last ?? ""
            return RuleMatch(
                span: found.span, resources: found.operands,
                message: found.command == "bisync"
                    ? "Syncs \(found.target) and \(destination) both ways: a deletion on either side is made on the other"
                    : "Makes \(destination) match \(found.target): files in \(destination) that the source lacks are deleted")
        },
        rule(
            "storage.rclone-link", .privilege, "rclone", ["link"],
            summary: "Creates a public link to a file or folder on the remote",
            triggering: ["rclone «link» gdrive:reports/q1.pdf", "rclone «link» --expire 1d s3:acme-share/file.zip"],
            nonTriggering: ["rclone link --unlink gdrive:reports/q1.pdf", "rclone ls gdrive:reports"]
        ) { command, found in
            command.flag("--unlink") != nil ? nil : RuleMatch(span: found.span, resources: found.operands)
        },
        rule(
            "storage.rclone-write", .write, "rclone",
            [
                "copy", "copyto", "move", "moveto", "copyurl", "mkdir", "rmdir", "rmdirs", "touch", "rcat", "settier", "serve",
                "link",
            ],
            summary: "Uploads, copies or moves files on a remote, or creates directories there",
            triggering: [
                "rclone «copy» ./dist s3:acme-site", "rclone «move» ./exports remote:archive",
                "rclone «mkdir» remote:archive/2024",
            ],
            nonTriggering: ["rclone ls remote:", "rclone sync ./dist s3:acme-site"]),

        rule(
            "storage.mc-read", .read, "mc",
            [
                "ls", "cat", "head", "find", "du", "stat", "tree", "diff", "sql", "ping", "ready", "watch", "get",
                "alias list|ls", "version info", "tag list", "retention info", "legalhold info", "ilm ls", "ilm rule ls|list",
                "replicate ls|status", "event ls|list", "anonymous get|list|links", "admin info", "admin user list|ls|info",
                "admin policy list|ls|info", "admin group list|ls|info", "admin trace", "admin config get", "admin top",
                "license info",
            ],
            summary: "Lists, reads or downloads from MinIO or S3 storage; changes nothing",
            triggering: ["mc «ls» --recursive prod/assets", "mc «du» local/backups", "mc «stat» play/photos/cat.jpg"],
            nonTriggering: ["mc rb --force prod/assets", "mc cp ./a.txt local/bucket/", "mc find prod/logs --exec 'mc rm {}'"]
        ) { command, found in
            // `mc find --exec` runs a command for every object it finds.
            if found.command == "find", command.flag("--exec") != nil { return nil }
            return RuleMatch(span: found.span, resources: found.operands)
        },
        rule(
            "storage.mc-delete", .irreversible, "mc", ["rb", "rm", "mirror"],
            summary: "Deletes a bucket or objects from MinIO or S3 storage",
            safer: "Run mc rm with --dry-run first; keep versioning on, and delete single objects rather than whole prefixes",
            triggering: [
                "mc «rb» --force prod/assets", "mc «rm» --recursive --force local/backups/2023", "mc «rm» play/photos/cat.jpg",
                "mc mirror «--remove» ./site prod/site",
            ],
            nonTriggering: [
                "mc rm --dry-run --recursive --force local/backups", "mc ls local/backups", "mc mirror ./site prod/site",
            ]
        ) { command, found in
            switch found.command {
            case "mirror": return command.flag("--remove").map { deletingSync($0.span, found) }
            case "rb": return bucketDeletion(found, withObjects: command.flag("--force") != nil)
            default:
                let everything =
                    command.flag("--versions", "--purge", "--bypass") != nil
                    || (command.flag("--recursive", "-r") != nil && command.flag("--force") != nil)
                return objectDeletion(found, everything: everything)
            }
        },
        rule(
            "storage.mc-protection-off", .irreversible, "mc", ["version suspend", "retention clear", "legalhold clear"],
            summary: "Turns off versioning, retention or a legal hold: the protection against deleting objects by mistake",
            safer: "Leave the protection on; if the data really must go, have a person lift it",
            triggering: [
                "mc «version suspend» prod/assets", "mc «retention clear» --default prod/audit",
                "mc «legalhold clear» prod/audit/q1.pdf",
            ],
            nonTriggering: ["mc version enable prod/assets", "mc version info prod/assets"]),
        rule(
            "storage.mc-privilege", .privilege, "mc",
            ["anonymous set|set-json", "policy set", "share", "admin user|group|policy|idp|accesskey|svcacct|service-account"],
            summary: "Opens a bucket to anonymous access, shares an object by link, or changes users and their policies",
            triggering: [
                "mc «anonymous set» download prod/assets", "mc «share» download prod/reports/q1.pdf",
                "mc «admin policy» attach prod readwrite --user alice",
            ],
            nonTriggering: ["mc anonymous get prod/assets", "mc admin user list prod", "mc anonymous set none prod/assets"]
        ) { _, found in
            guard found.matched.first == "anonymous" || found.matched.first == "policy" else {
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(2)))
            }
            let level = found.target
            if ["none", "private"].contains(level) { return nil }
            let bucket = found.operands.dropFirst().first ?? "the bucket"
            return RuleMatch(
                span: found.span, resources: [bucket], message: "Gives anyone \(level) access to \(bucket) without credentials")
        },
        rule(
            "storage.mc-write", .write, "mc",
            [
                "mb", "cp", "mv", "mirror", "put", "pipe", "undo", "tag set|remove", "ilm", "replicate", "event", "encrypt",
                "quota", "batch", "version enable", "retention set", "legalhold set", "anonymous set", "admin",
            ],
            summary: "Creates buckets, uploads, copies or moves objects, or changes bucket settings",
            triggering: [
                "mc «mb» prod/new-bucket", "mc «cp» --recursive ./dist/ prod/site/", "mc «mirror» --overwrite ./site prod/site",
            ],
            nonTriggering: ["mc ls prod/site", "mc rb prod/site"]),

        rule(
            "storage.s3cmd-read", .read, "s3cmd",
            [
                "ls", "la", "du", "info", "get", "listmp", "getlifecycle", "getpolicy", "ws-info", "cflist", "cfinfo",
                "cfinvalinfo", "sync",
            ],
            summary: "Lists or downloads from S3 storage; changes nothing there",
            triggering: [
                "s3cmd «ls» s3://acme-assets", "s3cmd «du» -H s3://acme-logs", "s3cmd «get» s3://acme-backups/db.dump ./db.dump",
                "s3cmd «sync» s3://acme-backups/ ./backups/",
            ],
            nonTriggering: ["s3cmd del s3://acme-assets/a.png", "s3cmd sync ./site/ s3://acme-site/"]
        ) { command, found in
            if found.command == "sync" {
                guard command.flag("--delete-removed") == nil, downloads(found, remote: { $0.hasPrefix("s3://") }) else {
                    return nil
                }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Downloads \(found.target) to \(found.operands.last ?? "") on this machine; the bucket is only read")
            }
            return RuleMatch(span: found.span, resources: found.operands)
        },
        rule(
            "storage.s3cmd-delete", .irreversible, "s3cmd", ["rb", "del|rm", "sync"],
            summary: "Deletes a bucket or objects from S3 storage",
            safer: "List what would go first (s3cmd ls --recursive), and keep versioning on the bucket",
            triggering: [
                "s3cmd «rb» --recursive s3://acme-tmp", "s3cmd «del» --recursive --force s3://acme-logs/2023/",
                "s3cmd «rb» s3://acme-empty", "s3cmd sync «--delete-removed» ./site/ s3://acme-site/",
            ],
            nonTriggering: ["s3cmd ls s3://acme-tmp", "s3cmd sync ./site/ s3://acme-site/"]
        ) { command, found in
            switch found.command {
            case "sync": return command.flag("--delete-removed").map { deletingSync($0.span, found) }
            case "rb": return bucketDeletion(found, withObjects: command.flag("--recursive", "-r", "--force", "-f") != nil)
            default: return objectDeletion(found, everything: command.flag("--recursive", "-r") != nil)
            }
        },
        CommandRule(
            "storage.s3cmd-public", .privilege,
            summary: "Makes objects public, sets a bucket policy or ACL grant, or signs a URL that grants access",
            triggering: [
                "s3cmd put «--acl-public» report.pdf s3://acme-share/", "s3cmd «setpolicy» policy.json s3://acme-assets",
                "s3cmd setacl «--acl-grant=read:alice@example.com» s3://acme-share/report.pdf",
            ],
            nonTriggering: ["s3cmd put report.pdf s3://acme-share/", "s3cmd setacl --acl-private s3://acme-share/report.pdf"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "s3cmd" else { return nil }
            let buckets = command.words.map { shown($0.approximation) }.filter { $0.hasPrefix("s3://") }
            if let flag = command.flag("--acl-public", "-P") {
                return RuleMatch(span: flag.span, resources: buckets, message: "Makes what it stores readable by anyone")
            }
            if let found = command.first(["setpolicy", "signurl"]) { return RuleMatch(span: found.span, resources: buckets) }
            if command.first(["setacl"]) != nil, let grant = command.option("--acl-grant") {
                return RuleMatch(
                    span: grant.span, resources: buckets, message: "Grants \(grant.value) on \(buckets.joined(separator: ", "))")
            }
            return nil
        },
        rule(
            "storage.s3cmd-write", .write, "s3cmd",
            [
                "mb", "put", "cp", "mv", "sync", "modify", "setacl", "restore", "expire", "setlifecycle", "dellifecycle",
                "setcors", "delcors", "delpolicy", "payer", "multipart", "abortmp", "accesslog", "fixbucket", "ws-create",
                "ws-delete", "cfcreate", "cfdelete", "cfmodify", "cfinval",
            ],
            summary: "Creates buckets, uploads, copies or moves objects, or changes bucket settings",
            triggering: [
                "s3cmd «mb» s3://acme-new", "s3cmd «put» --recursive ./dist/ s3://acme-site/",
                "s3cmd «sync» ./site/ s3://acme-site/",
            ],
            nonTriggering: ["s3cmd ls s3://acme-site", "s3cmd rb s3://acme-site"]),

        rule(
            "storage.azcopy-read", .read, "azcopy", ["list|ls", "jobs list|show", "env", "doc", "login status", "copy|cp"],
            summary: "Lists Azure storage or azcopy's jobs, or downloads to this machine; changes nothing remote",
            triggering: [
                "azcopy «list» 'https://acme.blob.core.windows.net/backups?sv=2022&sig=x'", "azcopy «jobs list»",
                "azcopy «copy» 'https://acme.blob.core.windows.net/exports/report.csv' ./report.csv",
            ],
            nonTriggering: [
                "azcopy copy ./dist 'https://acme.blob.core.windows.net/$web' --recursive",
                "azcopy remove 'https://acme.blob.core.windows.net/tmp' --recursive",
            ]
        ) { _, found in
            guard found.matched.first == "copy" || found.matched.first == "cp" else {
                return RuleMatch(span: found.span, resources: found.operands)
            }
            guard downloads(found, remote: isURL) else { return nil }
            return RuleMatch(
                span: found.span, resources: found.operands,
                message: "Downloads \(found.target) to \(found.operands.last ?? "") on this machine; the account is only read")
        },
        rule(
            "storage.azcopy-remove", .irreversible, "azcopy", ["remove|rm", "sync"],
            summary: "Deletes blobs or files from Azure storage",
            safer: "Run it with --dry-run first, and keep soft delete on the storage account",
            triggering: [
                "azcopy «remove» 'https://acme.blob.core.windows.net/tmp' --recursive",
                "azcopy «rm» 'https://acme.blob.core.windows.net/tmp/a.txt'",
                "azcopy sync ./site 'https://acme.blob.core.windows.net/$web' «--delete-destination=true»",
            ],
            nonTriggering: [
                "azcopy remove --dry-run 'https://acme.blob.core.windows.net/tmp' --recursive",
                "azcopy sync ./site 'https://acme.blob.core.windows.net/$web'",
            ]
        ) { command, found in
            if found.command == "sync" {
                guard let delete = command.option("--delete-destination"),
                    ["true", "prompt"].contains(delete.value.lowercased())
                else { return nil }
                return deletingSync(delete.span, found)
            }
            return objectDeletion(found, everything: command.flag("--recursive") != nil)
        },
        rule(
            "storage.azcopy-write", .write, "azcopy", ["copy|cp", "sync", "make", "set-properties", "jobs resume", "bench"],
            summary: "Uploads or copies to Azure storage, or creates containers and shares",
            triggering: [
                "azcopy «copy» ./dist 'https://acme.blob.core.windows.net/$web' --recursive",
                "azcopy «make» 'https://acme.blob.core.windows.net/newcontainer'",
                "azcopy «sync» ./site 'https://acme.blob.core.windows.net/$web'",
            ],
            nonTriggering: [
                "azcopy list 'https://acme.blob.core.windows.net/x'",
                "azcopy remove 'https://acme.blob.core.windows.net/x' --recursive",
            ]),

        rule(
            "storage.b2-read", .read, "b2",
            [
                "ls", "cat", "bucket get|list", "file info|url|download|cat", "key list", "account get", "list-buckets",
                "list-keys", "list-parts", "list-unfinished-large-files", "get-bucket", "get-file-info", "get-account-info",
                "download-file-by-name", "download-file-by-id", "download-file", "get-url", "replication-status", "sync",
            ],
            summary: "Lists or downloads from Backblaze B2; changes nothing there",
            triggering: [
                "b2 «ls» --recursive b2://acme-backups", "b2 «bucket list»",
                "b2 «file download» b2://acme-backups/db.dump ./db.dump",
            ],
            nonTriggering: ["b2 rm --recursive --versions b2://acme-backups/tmp", "b2 file upload acme-backups ./db.dump db.dump"]
        ) { command, found in
            if found.command == "sync" {
                guard command.flag("--delete") == nil, downloads(found, remote: { $0.hasPrefix("b2://") }) else { return nil }
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Downloads \(found.target) to \(found.operands.last ?? "") on this machine; the bucket is only read")
            }
            return RuleMatch(span: found.span, resources: found.operands)
        },
        rule(
            "storage.b2-delete", .irreversible, "b2", ["bucket delete", "delete-bucket", "delete-file-version", "rm", "sync"],
            summary: "Deletes a Backblaze B2 bucket, file versions or files",
            safer: "Hide files instead (b2 file hide), which keeps earlier versions, and run b2 rm with --dry-run first",
            triggering: [
                "b2 «bucket delete» acme-tmp", "b2 «rm» --recursive --versions b2://acme-backups/tmp",
                "b2 «delete-file-version» db.dump 4_zabc", "b2 sync «--delete» ./site b2://acme-site",
            ],
            nonTriggering: [
                "b2 rm --dry-run --recursive b2://acme-backups/tmp", "b2 bucket list", "b2 sync ./site b2://acme-site",
            ]
        ) { command, found in
            switch found.command {
            case "sync": return command.flag("--delete").map { deletingSync($0.span, found) }
            case "rm": return objectDeletion(found, everything: command.flag("--recursive", "-r", "--versions") != nil)
            case "delete-file-version":
                return RuleMatch(
                    span: found.span, resources: Array(found.operands.prefix(1)), message: "Deletes a file version for good")
            // B2 deletes only an empty bucket.
            default: return bucketDeletion(found, withObjects: false)
            }
        },
        rule(
            "storage.b2-privilege", .privilege, "b2",
            ["key create|delete", "create-key", "delete-key", "bucket update", "update-bucket"],
            summary: "Creates or deletes a B2 application key, or makes a bucket public",
            triggering: [
                "b2 «key create» --bucket acme-backups ci-key listFiles,readFiles", "b2 «delete-key» 0014ab2c",
                "b2 bucket update acme-share «allPublic»",
            ],
            nonTriggering: ["b2 key list", "b2 bucket update acme-share allPrivate"]
        ) { _, found in
            guard found.matched.last == "update" || found.command == "update-bucket" else {
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
            }
            guard let scope = found.rest.first(where: { $0.text == "allPublic" }) else { return nil }
            return RuleMatch(
                span: scope.span, resources: Array(found.operands.prefix(1)),
                message: "Makes the bucket \(found.target) readable by anyone")
        },
        rule(
            "storage.b2-write", .write, "b2",
            [
                "bucket create|update", "create-bucket", "update-bucket", "file upload|hide|unhide|copy-by-id|update",
                "upload-file", "upload-unbound-stream", "hide-file", "copy-file-by-id", "sync",
                "replication-setup|replication-delete|replication-pause|replication-unpause", "replication",
                "update-file-retention", "update-file-legal-hold", "cancel-large-file", "cancel-all-unfinished-large-files",
            ],
            summary: "Creates buckets, uploads, hides or copies files, or changes bucket settings on Backblaze B2",
            triggering: [
                "b2 «file upload» acme-backups ./db.dump db.dump", "b2 «sync» ./site b2://acme-site",
                "b2 «bucket create» acme-new allPrivate",
            ],
            nonTriggering: ["b2 ls b2://acme-site", "b2 bucket delete acme-site"]),
    ]

    // MARK: - Hosting platforms: wrangler, vercel, netlify, firebase

    static let platformRules: [CommandRule] = [
        rule(
            "storage.wrangler-read", .read, "wrangler",
            [
                "whoami", "tail", "docs", "deployments list|status|view", "versions list|view", "versions secret list",
                "d1 list|info|export", "d1 migrations list", "d1 time-travel info", "kv namespace list", "kv key list|get",
                "kv bulk get", "r2 bucket list|info", "r2 object get", "secret list", "pages project list",
                "pages deployment list|tail", "pages secret list", "queues list|info", "hyperdrive list|get",
                "vectorize list|get|info|query", "dispatch-namespace list|get", "workflows list|describe",
            ],
            summary: "Lists, tails or reads Cloudflare Workers resources; changes nothing",
            triggering: [
                "wrangler «whoami»", "wrangler «tail» api-worker --env production", "wrangler «d1 list»",
                "wrangler «kv:key get» --binding CACHE session-1",
            ],
            nonTriggering: ["wrangler d1 delete prod-db", "wrangler deploy"]),
        rule(
            "storage.wrangler-delete-data", .irreversible, "wrangler",
            ["d1 delete", "r2 bucket delete", "kv namespace delete", "vectorize delete"],
            summary: "Deletes a D1 database, an R2 bucket, a KV namespace or a vector index with everything in it",
            safer: "Export it first (wrangler d1 export, rclone copy from R2) and check nothing still binds to it",
            triggering: [
                "wrangler «d1 delete» prod-db", "wrangler «r2 bucket delete» acme-uploads",
                "wrangler «kv namespace delete» --binding CACHE", "wrangler «kv:namespace delete» --namespace-id 0f2ac74b",
            ],
            nonTriggering: ["wrangler d1 list", "wrangler r2 bucket create acme-uploads"]
        ) { command, found in
            let name = found.operands.first ?? command.option("--binding", "--namespace-id")?.value ?? ""
            let what =
                switch found.matched.first ?? "" {
                case "d1": "the D1 database \(name) with all its data"
                case "r2": "the R2 bucket \(name) with every object in it"
                case "kv": "the KV namespace \(name) with every key in it"
                default: "the vector index \(name) with every vector in it"
                }
            return RuleMatch(span: found.span, resources: name.isEmpty ? [] : [name], message: "Deletes \(what)")
        },
        rule(
            "storage.wrangler-delete", .destroy, "wrangler",
            [
                "delete", "secret delete", "versions secret delete", "pages secret delete", "kv key delete", "kv bulk delete",
                "r2 object delete", "queues delete", "pages project delete", "pages deployment delete", "hyperdrive delete",
                "dispatch-namespace delete", "d1 time-travel restore", "workflows delete",
            ],
            summary: "Deletes a Worker, a secret, keys, objects, a queue or a Pages project, or rewinds a D1 database",
            safer: "Roll back to an earlier version (wrangler rollback) instead of deleting, and export data first",
            triggering: [
                "wrangler «delete» --name api-worker", "wrangler «secret delete» API_KEY --env production",
                "wrangler «r2 object delete» acme-uploads/avatars/1.png",
            ],
            nonTriggering: ["wrangler deploy", "wrangler secret list"]
        ) { command, found in
            switch found.command {
            case "delete":
                let name = command.option("--name")?.value ?? found.operands.first ?? "the Worker in the configuration"
                return RuleMatch(
                    span: found.span, resources: [name], message: "Deletes the Worker \(name) with its routes and triggers")
            case "d1 time-travel restore":
                return RuleMatch(
                    span: found.span, resources: Array(found.operands.prefix(1)),
                    message: "Rewinds the D1 database \(found.target) to an earlier point: the changes since are undone")
            default:
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
            }
        },
        CommandRule(
            "storage.wrangler-d1-execute", .write, summary: "Runs SQL on a Cloudflare D1 database",
            safer: "Export the database first (wrangler d1 export) and try destructive statements on --local",
            triggering: [
                "wrangler d1 execute prod-db --remote --command '«DROP TABLE users»'",
                "wrangler d1 execute app-db --command=\"«SELECT count(*) FROM users»\"",
                "wrangler d1 execute prod-db --remote «--file=./seed.sql»",
            ],
            nonTriggering: ["wrangler d1 list", "wrangler d1 migrations apply prod-db --remote"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "wrangler", let found = command.first(["d1 execute"]) else {
                return nil
            }
            let database = found.operands.first ?? "the database"
            let local: Locality? = command.flag("--local") != nil ? .here : nil
            let client = "wrangler d1 execute on \(database)"
            if let sql = command.sqlArgument("--command") {
                guard let source = sql.source else {
                    return RuleMatch(
                        span: sql.span, resources: [database],
                        message: "\(client) runs SQL only known at run time, so it cannot be checked",
                        effectClass: .opaque, acts: local)
                }
                guard var match = strictest(DatabaseRules.sql(source, dialect: .sqlite, client: client)) else { return nil }
                match.locality = local
                return match
            }
            if let file = command.option("--file") {
                return RuleMatch(
                    span: file.span, resources: [database, file.value],
                    message: "\(client) runs the SQL file \(file.value), whose statements are not checked here",
                    effectClass: local == nil ? .opaque : .write, acts: local)
            }
            return RuleMatch(span: found.span, resources: [database], acts: local)
        },
        rule(
            "storage.wrangler-secret", .privilege, "wrangler",
            ["secret put|bulk", "versions secret put|bulk", "pages secret put|bulk"],
            summary: "Sets secrets a Worker or Pages project runs with",
            triggering: ["wrangler «secret put» STRIPE_KEY --env production", "wrangler «secret bulk» secrets.json"],
            nonTriggering: ["wrangler secret list", "wrangler secret delete STRIPE_KEY"]
        ) { _, found in
            RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
        rule(
            "storage.wrangler-deploy", .write, "wrangler",
            [
                "deploy", "publish", "rollback", "versions upload|deploy", "triggers deploy", "pages deploy|publish",
                "pages project create", "d1 create", "d1 migrations apply", "r2 bucket create", "r2 object put",
                "kv namespace create|rename", "kv key put", "kv bulk put", "queues create", "hyperdrive create|update",
                "vectorize create|insert|upsert", "dispatch-namespace create",
            ],
            summary: "Deploys or rolls back a Worker or Pages project, or creates and writes Cloudflare resources",
            triggering: [
                "wrangler «deploy» --env production", "wrangler «pages deploy» ./dist --project-name acme-site --branch main",
                "wrangler «d1 migrations apply» prod-db --remote",
            ],
            nonTriggering: ["wrangler deploy --dry-run --outdir dist", "wrangler whoami"]
        ) { command, found in
            let local = ["d1", "kv", "r2"].contains(found.matched.first ?? "") && command.flag("--local") != nil
            return RuleMatch(span: found.span, resources: Array(found.operands.prefix(2)), acts: local ? .here : nil)
        },

        rule(
            "storage.vercel-read", .read, "vercel",
            [
                "ls|list", "inspect", "logs", "whoami", "project|projects ls|list|inspect", "env ls|list",
                "domains ls|list|inspect", "dns ls|list", "certs ls|list", "alias|aliases ls|list", "teams ls|list",
                "blob ls|list", "target ls|list",
            ],
            summary: "Lists or inspects Vercel deployments, projects, domains or logs; changes nothing",
            triggering: ["vercel «ls»", "vercel «logs» https://acme-web-abc123.vercel.app", "vercel «env ls» production"],
            nonTriggering: ["vercel --prod", "vercel rm acme-web-abc123.vercel.app --yes"]),
        rule(
            "storage.vercel-remove", .destroy, "vercel",
            [
                "remove|rm", "project|projects rm|remove", "env rm|remove", "domains rm|remove", "dns rm|remove",
                "certs rm|remove", "alias|aliases rm|remove", "blob del|rm|delete", "blob store rm|remove",
            ],
            summary: "Removes Vercel deployments, a project, an environment variable, a domain, an alias or stored blobs",
            safer: "Roll back or promote another deployment instead (vercel rollback, vercel promote)",
            triggering: [
                "vercel «rm» acme-web-abc123.vercel.app --yes", "vercel «remove» acme-web --safe", "vercel «project rm» acme-web",
                "vercel «env rm» DATABASE_URL production",
            ],
            nonTriggering: ["vercel ls", "vercel env add DATABASE_URL production"]
        ) { command, found in
            if found.matched.count == 3 {
                return RuleMatch(
                    span: found.span, resources: found.operands,
                    message: "Deletes the Blob store \(found.target) with every file in it",
                    effectClass: .irreversible)
            }
            guard found.matched.count == 1 else { return RuleMatch(span: found.span, resources: found.operands) }
            let message =
                command.flag("--safe") != nil
                ? "Removes the deployments of \(found.target) that no alias points at"
                : "Removes \(found.operands.joined(separator: ", ")): those deployments (or all of the project's) stop serving"
            return RuleMatch(span: found.span, resources: found.operands, message: message)
        },
        CommandRule(
            "storage.vercel-deploy", .write,
            summary: "Deploys, promotes or rolls back a Vercel project, or changes its domains, aliases or environment",
            triggering: [
                "vercel «--prod»", "vercel deploy «--prod»", "vercel «promote» https://acme-web-abc123.vercel.app", "«vercel»",
            ],
            nonTriggering: ["vercel ls", "vercel rm acme-web --yes"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "vercel" else { return nil }
            let production =
                command.flag("--prod")?.span ?? command.option("--target").flatMap { $0.value == "production" ? $0.span : nil }
            let message = production != nil ? "Deploys to production" : "Deploys a preview of the project"
            // With no command, or a directory as the first word, vercel deploys.
            if let first = command.words.first?.text, !(first.hasPrefix(".") || first.hasPrefix("/") || first.contains("/")) {
                guard
                    let found = command.first([
                        "deploy", "promote", "rollback", "redeploy", "alias|aliases set", "domains add|move|buy|transfer-in",
                        "dns add|import", "certs add|issue", "env add|update", "blob put|copy|cp", "blob store add",
                        "project|projects add", "teams invite", "git connect|disconnect", "integration",
                    ])
                else { return nil }
                if found.command == "deploy" { return RuleMatch(span: production ?? found.span, message: message) }
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
            }
            return RuleMatch(
                span: production ?? command.words.first?.span ?? invocation.programSpan,
                resources: command.words.first.map { [$0.approximation] } ?? [], message: message)
        },

        rule(
            "storage.netlify-read", .read, "netlify",
            ["status", "logs", "env list|get", "sites list", "functions list", "blobs get|list", "open", "watch", "api"],
            summary: "Shows the status, logs, sites or settings of Netlify; changes nothing",
            triggering: ["netlify «status»", "netlify «env:list» --context production", "netlify «api» listSites"],
            nonTriggering: ["netlify sites:delete 1a2b3c4d", "netlify deploy --prod"]
        ) { _, found in
            if found.command == "api" {
                let method = found.target.lowercased()
                guard method.hasPrefix("get") || method.hasPrefix("list") else { return nil }
            }
            return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
        rule(
            "storage.netlify-delete", .irreversible, "netlify", ["sites delete", "env unset", "blobs delete", "api"],
            summary: "Deletes a Netlify site with its deploys, forms and settings, or removes variables and blobs",
            safer: "Lock deploys or unpublish instead; export the site's environment variables before deleting it",
            triggering: [
                "netlify «sites:delete» 1a2b3c4d --force", "netlify «env:unset» API_KEY --context production",
                "netlify «api» deleteSite --data '{\"site_id\": \"1a2b\"}'",
            ],
            nonTriggering: ["netlify sites:list", "netlify api getSite --data '{\"site_id\": \"1a2b\"}'"]
        ) { _, found in
            switch found.command {
            case "api":
                guard found.target.lowercased().hasPrefix("delete") else { return nil }
                return RuleMatch(
                    span: found.span, resources: Array(found.operands.prefix(1)),
                    message: "Calls the Netlify API's \(found.target)",
                    effectClass: found.target == "deleteSite" ? .irreversible : .destroy)
            case "sites delete":
                return RuleMatch(
                    span: found.span, resources: Array(found.operands.prefix(1)),
                    message: "Deletes the site \(found.target) with its deploys, forms and environment variables")
            default:
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)), effectClass: .destroy)
            }
        },
        rule(
            "storage.netlify-deploy", .write, "netlify",
            ["deploy", "env set|import|clone", "sites create|create-template", "blobs set", "init", "functions invoke", "api"],
            summary: "Deploys a Netlify site (a draft, or production with --prod), creates sites or sets variables",
            triggering: [
                "netlify deploy «--prod» --dir dist", "netlify «deploy» --dir dist",
                "netlify «env:set» API_URL https://api.acme.dev",
            ],
            nonTriggering: ["netlify status", "netlify sites:delete 1a2b3c4d"]
        ) { command, found in
            guard found.command == "deploy" else {
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
            }
            if let production = command.flag("--prod", "--prod-if-unlocked") {
                return RuleMatch(span: production.span, message: "Deploys to the site's production URL")
            }
            return RuleMatch(span: found.span, message: "Creates a draft deploy at a preview URL")
        },

        rule(
            "storage.firebase-read", .read, "firebase",
            [
                "projects|project list", "apps list|sdkconfig", "functions list|log", "functions config get",
                "functions secrets get|access|describe", "firestore indexes", "firestore databases list|get",
                "firestore backups list|get", "database get|profile", "database instances list", "database settings get",
                "hosting channel list|open", "hosting sites list|get", "remoteconfig get", "remoteconfig versions list",
                "ext list|info", "login list", "open",
            ],
            summary: "Lists or reads Firebase projects, functions, databases or hosting; changes nothing",
            triggering: [
                "firebase «projects:list»", "firebase «database:get» /users --project acme-prod",
                "firebase «functions:log» --only api",
            ],
            nonTriggering: ["firebase database:remove /users --project acme-prod", "firebase deploy --only hosting"]),
        rule(
            "storage.firebase-delete-data", .irreversible, "firebase",
            ["firestore delete", "database remove", "database set", "firestore databases delete", "firestore backups delete"],
            summary: "Deletes Firestore or Realtime Database data, a Firestore database or a backup",
            safer: "Export the data first (gcloud firestore export, firebase database:get) and delete the narrowest path",
            triggering: [
                "firebase «firestore:delete» --all-collections --project acme-prod",
                "firebase «firestore:delete» users -r --force", "firebase «database:remove» /users --project acme-prod",
                "firebase «firestore:delete» users/alice",
            ],
            nonTriggering: ["firebase database:get /users", "firebase firestore:indexes"]
        ) { command, found in
            let path = found.target
            switch found.command {
            case "firestore delete":
                if command.flag("--all-collections") != nil {
                    return RuleMatch(span: found.span, message: "Deletes every collection and document in the Firestore database")
                }
                if command.flag("-r", "--recursive") != nil {
                    return RuleMatch(
                        span: found.span, resources: [path],
                        message: "Deletes \(path) and every document and subcollection under it")
                }
                return RuleMatch(
                    span: found.span, resources: [path], message: "Deletes the document \(path)", effectClass: .destroy)
            case "database remove":
                let whole = path.isEmpty || path == "/"
                return RuleMatch(
                    span: found.span, resources: [path],
                    message: whole
                        ? "Deletes the whole Realtime Database" : "Deletes everything at \(path) in the Realtime Database")
            case "database set":
                return RuleMatch(
                    span: found.span, resources: [path],
                    message: "Replaces everything at \(path) with the given data; what was there is gone",
                    effectClass: .destroy)
            case "firestore databases delete":
                return RuleMatch(
                    span: found.span, resources: [path], message: "Deletes the Firestore database \(path) with all its documents")
            default:
                return RuleMatch(span: found.span, resources: [path], message: "Deletes a Firestore backup")
            }
        },
        rule(
            "storage.firebase-delete", .destroy, "firebase",
            [
                "functions delete", "functions secrets destroy", "hosting disable", "hosting channel delete",
                "hosting sites delete", "ext uninstall",
            ],
            summary: "Deletes Cloud Functions, a secret, a hosting channel or site, or takes hosting offline",
            safer: "Deploy an earlier version instead of deleting, and keep the site up while you check",
            triggering: [
                "firebase «functions:delete» sendMail --region us-central1", "firebase «hosting:disable» --project acme-prod",
                "firebase «hosting:channel:delete» pr-42",
            ],
            nonTriggering: ["firebase functions:list", "firebase hosting:channel:deploy pr-42"]),
        rule(
            "storage.firebase-secret", .privilege, "firebase", ["functions secrets set", "apphosting secrets set|grantaccess"],
            summary: "Sets a secret that Cloud Functions or App Hosting run with",
            triggering: [
                "firebase «functions:secrets:set» STRIPE_KEY", "firebase «apphosting:secrets:set» API_KEY --project acme-prod",
            ],
            nonTriggering: ["firebase functions:secrets:get STRIPE_KEY", "firebase functions:list"]
        ) { _, found in
            RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
        rule(
            "storage.firebase-deploy", .write, "firebase",
            [
                "deploy", "hosting channel deploy|create", "hosting clone", "hosting sites create", "database update|push",
                "database instances create", "database settings set", "firestore databases create|update|restore",
                "functions config set|unset|clone", "functions secrets prune", "auth import",
                "ext install|update|configure|export", "remoteconfig rollback", "projects create|addfirebase", "apps create",
                "appdistribution distribute",
            ],
            summary: "Deploys to Firebase, or writes to its databases, configuration or projects",
            triggering: [
                "firebase «deploy» --only hosting --project acme-prod", "firebase «database:update» /config config.json",
                "firebase deploy --only functions «--force»",
            ],
            nonTriggering: ["firebase deploy --dry-run", "firebase projects:list"]
        ) { command, found in
            if found.command == "deploy", let force = command.flag("--force", "-f") {
                return RuleMatch(
                    span: force.span,
                    message: "Deploys, and with --force deletes deployed functions that are missing from the source",
                    effectClass: .destroy)
            }
            return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)))
        },
    ]

    // MARK: - Database platforms: neonctl, pscale, turso

    static let databasePlatformRules: [CommandRule] = [
        rule(
            "storage.neonctl-read", .read, "neonctl",
            [
                "me", "orgs list", "projects|project list|get", "branches|branch list|get|schema-diff",
                "databases|database|db list", "roles|role list", "operations|operation list", "connection-string", "cs",
                "ip-allow list",
            ],
            summary: "Lists or shows Neon projects, branches, databases or roles; changes nothing",
            triggering: [
                "neonctl «projects list»", "neon «branches list» --project-id misty-fog-123456",
                "neonctl «connection-string» main --database-name app",
            ],
            nonTriggering: [
                "neonctl branches delete preview-42 --project-id misty-fog-123456", "neonctl projects create --name acme",
            ]),
        rule(
            "storage.neonctl-delete", .irreversible, "neonctl",
            [
                "projects|project delete", "branches|branch delete", "databases|database|db delete",
                "branches|branch reset|restore", "roles|role delete",
            ],
            summary: "Deletes a Neon project, branch, database or role, or resets a branch over its current data",
            safer: "Branch first, or reset and restore with --preserve-under-name so the current state is kept",
            triggering: [
                "neonctl «projects delete» misty-fog-123456",
                "neonctl «branches delete» preview-42 --project-id misty-fog-123456", "neonctl «branches reset» dev --parent",
            ],
            nonTriggering: ["neonctl branches list", "neonctl branches create --name preview-43"]
        ) { command, found in
            switch found.matched.last ?? "" {
            case "reset", "restore":
                if command.option("--preserve-under-name") != nil {
                    return RuleMatch(
                        span: found.span, resources: Array(found.operands.prefix(1)),
                        message: "Resets the branch \(found.target), keeping its current state under another name",
                        effectClass: .destroy)
                }
                return RuleMatch(
                    span: found.span, resources: Array(found.operands.prefix(1)),
                    message: "Resets the branch \(found.target): the changes made on it are lost")
            default:
                let kind = (found.matched.first ?? "").hasPrefix("role") ? EffectClass.destroy : .irreversible
                return RuleMatch(span: found.span, resources: Array(found.operands.prefix(1)), effectClass: kind)
            }
        },
        rule(
            "storage.neonctl-privilege", .privilege, "neonctl", ["ip-allow add|remove|reset", "roles|role create"],
            summary: "Changes which addresses may connect to a Neon project, or creates a database role",
            triggering: ["neonctl «ip-allow add» 203.0.113.0/24", "neonctl «roles create» --name app_admin"],
            nonTriggering: ["neonctl ip-allow list", "neonctl roles list"]),
        rule(
            "storage.neonctl-write", .write, "neonctl",
            [
                "projects|project create|update", "branches|branch create|rename|set-default|add-compute|set-expiration",
                "databases|database|db create",
            ],
            summary: "Creates or changes Neon projects, branches or databases",
            triggering: ["neonctl «branches create» --name preview-43", "neonctl «projects create» --name acme"],
            nonTriggering: ["neonctl projects list", "neonctl projects delete misty-fog-123456"]),

        rule(
            "storage.pscale-read", .read, "pscale",
            [
                "database|db list|show|dump", "branch list|show|diff|schema|lint", "deploy-request|dr list|show|diff",
                "backup list|show", "password list", "service-token list|show-access", "org list|show", "region list",
                "audit-log list", "ping", "auth check",
            ],
            summary: "Lists, shows or dumps PlanetScale databases, branches and deploy requests; changes nothing",
            triggering: [
                "pscale «database list» --org acme", "pscale «branch diff» app-db add-index",
                "pscale «deploy-request list» app-db",
            ],
            nonTriggering: ["pscale branch delete app-db main --force", "pscale deploy-request deploy app-db 12"]),
        rule(
            "storage.pscale-delete", .irreversible, "pscale", ["database|db delete", "branch delete", "backup delete"],
            summary: "Deletes a PlanetScale database, branch or backup with its data",
            safer: "Take a backup first (pscale backup create) and delete a branch only after its deploy request is merged",
            triggering: [
                "pscale «database delete» app-db --force", "pscale «branch delete» app-db add-index",
                "pscale «backup delete» app-db main 2024-05-01-backup",
            ],
            nonTriggering: ["pscale database list", "pscale branch create app-db add-index"]),
        rule(
            "storage.pscale-privilege", .privilege, "pscale",
            ["password create|delete|renew", "service-token create|delete|add-access|delete-access"],
            summary: "Creates or revokes passwords and service tokens that reach PlanetScale databases",
            triggering: [
                "pscale «password create» app-db main ci-runner --role admin",
                "pscale «service-token add-access» 9x8y7z read_branch",
            ],
            nonTriggering: ["pscale password list app-db", "pscale service-token list"]
        ) { _, found in
            RuleMatch(span: found.span, resources: Array(found.operands.prefix(2)))
        },
        CommandRule(
            "storage.pscale-shell", .write, summary: "Runs SQL on a PlanetScale branch through pscale shell",
            safer: "Pass the statements on standard input (pscale shell db branch <<< 'SELECT …') so each one is checked",
            triggering: ["pscale shell app-db main <<< '«DROP TABLE users»'", "«pscale» shell app-db main"],
            nonTriggering: ["pscale database list", "pscale branch delete app-db dev"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "pscale", let found = command.first(["shell"]) else {
                return nil
            }
            let client = "pscale shell \(found.operands.prefix(2).joined(separator: " "))"
            let operations = DatabaseRules.standardInput(invocation, client: client) {
                DatabaseRules.sql($0, dialect: .mysql, client: client)
            }
            return strictest(operations)
        },
        rule(
            "storage.pscale-write", .write, "pscale",
            [
                "database|db create|restore-dump", "branch create|promote|demote|refresh-schema|safe-migrations",
                "deploy-request|dr create|deploy|apply|close|review|revert|skip-revert|cancel|edit", "backup create|restore",
                "connect",
            ],
            summary: "Creates databases and branches, deploys schema changes or restores backups on PlanetScale",
            triggering: ["pscale «deploy-request deploy» app-db 12", "pscale «branch create» app-db add-index"],
            nonTriggering: ["pscale database list", "pscale database delete app-db --force"]),

        rule(
            "storage.turso-read", .read, "turso",
            [
                "db list|show|inspect|locations|export", "group list|show", "group locations list", "org list",
                "org members list", "auth whoami|token", "plan show",
            ],
            summary: "Lists or shows Turso databases, groups and organisations; changes nothing",
            triggering: ["turso «db list»", "turso «db show» acme-prod --url", "turso «org list»"],
            nonTriggering: ["turso db destroy acme-prod --yes", "turso db create acme-staging"]),
        rule(
            "storage.turso-destroy", .irreversible, "turso", ["db destroy", "group destroy", "org destroy"],
            summary: "Destroys a Turso database, a group with every database in it, or an organisation",
            safer: "Export the database first (turso db export) and check nothing still connects to it",
            triggering: ["turso «db destroy» acme-prod --yes", "turso «group destroy» default"],
            nonTriggering: ["turso db list", "turso group create eu --location fra"]),
        CommandRule(
            "storage.turso-shell", .write, summary: "Runs SQL on a Turso database through turso db shell",
            safer: "Give the statement on the command line (turso db shell db 'SELECT …') so it is checked",
            triggering: [
                "turso db shell acme-prod '«DELETE FROM sessions»'", "«turso» db shell acme-dev",
                "turso db shell acme-dev <<< '«SELECT count(*) FROM users»'",
            ],
            nonTriggering: ["turso db list", "turso db destroy acme-dev --yes"]
        ) { invocation, _ in
            guard let command = Command(invocation), command.tool == "turso", let found = command.first(["db shell"]) else {
                return nil
            }
            let client = "turso db shell \(found.target)"
            guard found.rest.count >= 2 else {
                let operations = DatabaseRules.standardInput(invocation, client: client) {
                    DatabaseRules.sql($0, dialect: .sqlite, client: client)
                }
                return strictest(operations)
            }
            let statement = found.rest[1]
            guard let source = DatabaseRules.Source(statement) else {
                return RuleMatch(
                    span: statement.span, resources: [found.target],
                    message: "\(client) runs SQL only known at run time, so it cannot be checked",
                    effectClass: .opaque)
            }
            return strictest(DatabaseRules.sql(source, dialect: .sqlite, client: client))
        },
        rule(
            "storage.turso-write", .write, "turso",
            [
                "db create|import|config|tokens", "group create|update|transfer|unarchive|tokens", "group locations add|remove",
                "org create|members", "auth api-tokens",
            ],
            summary: "Creates or changes Turso databases, groups, tokens or organisation members",
            triggering: ["turso «db create» acme-staging --group default", "turso «group locations add» default fra"],
            nonTriggering: ["turso db list", "turso db destroy acme-staging"]
        ) { _, found in
            let grants = found.matched.contains { ["tokens", "api-tokens", "members"].contains($0) }
            return RuleMatch(
                span: found.span, resources: Array(found.operands.prefix(1)),
                message: grants ? "Creates or revokes tokens or members that can reach the databases" : nil,
                effectClass: grants ? .privilege : nil)
        },
    ]

    // MARK: - mdadm: software RAID on this machine's disks

    /// mdadm options that change an array or its devices (for `--detail` and friends to be reads).
    static let mdadmChanges = [
        "--create", "-C", "--build", "-B", "--grow", "-G", "--zero-superblock", "--add", "-a", "--add-spare", "--remove", "-r",
        "--fail", "-f", "--set-faulty", "--re-add", "--replace", "--stop", "-S", "--assemble", "-A", "--run", "-R", "--readonly",
        "-o", "--readwrite", "-w", "--kill-subarray", "--update-subarray", "--incremental", "-I", "--update", "-U",
    ]

    /// The devices an mdadm command names.
    static func mdadmDevices(_ invocation: Invocation) -> [String] {
        invocation.arguments.compactMap(\.text).filter { $0.hasPrefix("/dev/") }
    }

    static let mdadmRules: [CommandRule] = [
        CommandRule(
            "storage.mdadm-help", .read, summary: "Shows mdadm's help or version; changes nothing",
            triggering: ["mdadm «--help»", "mdadm --create «--help»", "mdadm «-V»"],
            nonTriggering: ["mdadm --detail /dev/md0", "mdadm --zero-superblock /dev/sdb1"],
            acts: .here
        ) { invocation, _ in
            guard invocation.program == "mdadm", let help = invocation.flagArgument(["--help", "-h", "--version", "-V"]) else {
                return nil
            }
            return RuleMatch(span: help.span)
        },
        CommandRule(
            "storage.mdadm-read", .read, summary: "Shows or monitors RAID arrays and their devices; changes nothing",
            triggering: [
                "mdadm «--detail» /dev/md0", "mdadm «--examine» /dev/sdb1", "mdadm «-D» --scan", "mdadm «--monitor» --scan -f",
            ],
            nonTriggering: ["mdadm --zero-superblock /dev/sdb1", "mdadm /dev/md0 --fail /dev/sdb1", "mdadm --assemble --scan"],
            acts: .here
        ) { invocation, _ in
            guard invocation.program == "mdadm" else { return nil }
            // In monitor mode -f means --daemonise.
            if let monitor = invocation.flagArgument(["--monitor", "--follow", "-F"]),
                invocation.flagArgument(mdadmChanges.filter { $0.hasPrefix("--") }) == nil
            {
                return RuleMatch(span: monitor.span)
            }
            let reads = ["--detail", "-D", "--examine", "-E", "--query", "-Q", "--detail-platform", "--examine-bitmap", "-X"]
            guard let read = invocation.flagArgument(reads), invocation.flagArgument(mdadmChanges) == nil
            else { return nil }
            return RuleMatch(span: read.span, resources: mdadmDevices(invocation))
        },
        CommandRule(
            "storage.mdadm-wipe", .irreversible,
            summary: "Writes RAID metadata over disks (creating an array, adding a device) or erases it; what they held is lost",
            safer: "Check every device with mdadm --examine and lsblk first, and keep a backup of what is on them",
            triggering: [
                "mdadm «--zero-superblock» /dev/sdb1", "mdadm «--create» /dev/md0 --level=1 --raid-devices=2 /dev/sdb1 /dev/sdc1",
                "mdadm «-C» /dev/md1 -l5 -n3 /dev/sdb1 /dev/sdc1 /dev/sdd1", "mdadm /dev/md0 «--add» /dev/sdd1",
            ],
            nonTriggering: ["mdadm --detail /dev/md0", "mdadm --assemble --scan", "mdadm /dev/md0 --re-add /dev/sdb1"],
            acts: .here
        ) { invocation, _ in
            guard invocation.program == "mdadm" else { return nil }
            let devices = mdadmDevices(invocation)
            if let flag = invocation.flagArgument(["--zero-superblock"]) {
                return RuleMatch(
                    span: flag.span, resources: devices,
                    message: "Erases the RAID superblock on \(devices.joined(separator: ", ")); no array assembles from them")
            }
            if let flag = invocation.flagArgument(["--create", "-C", "--build", "-B"]) {
                return RuleMatch(
                    span: flag.span, resources: devices,
                    message: "Builds a new array over \(devices.dropFirst().joined(separator: ", ")), overwriting what they held")
            }
            if let flag = invocation.flagArgument(["--kill-subarray"]) {
                return RuleMatch(span: flag.span, resources: devices, message: "Deletes a subarray from its container's metadata")
            }
            // Manage mode (no --assemble, where -a means --auto): an added device is overwritten by the resync.
            guard invocation.flagArgument(["--assemble", "-A", "--incremental", "-I"]) == nil,
                let add = invocation.flagArgument(["--add", "-a", "--add-spare", "--replace"])
            else { return nil }
            return RuleMatch(
                span: add.span, resources: devices,
                message: "Adds \(devices.dropFirst().joined(separator: ", ")) to the array: the resync overwrites what it held")
        },
        CommandRule(
            "storage.mdadm-degrade", .destroy,
            summary: "Fails, removes or stops RAID devices: the array loses redundancy or goes offline",
            safer: "Check mdadm --detail first: fail a device only when the array has redundancy to spare",
            triggering: [
                "mdadm /dev/md0 «--fail» /dev/sdb1", "mdadm --manage /dev/md0 «-f» /dev/sdc1", "mdadm «--stop» /dev/md0",
                "mdadm /dev/md0 «-r» /dev/sdb1", "mdadm «--grow» /dev/md0 --raid-devices=4",
            ],
            nonTriggering: ["mdadm --assemble -f /dev/md0 /dev/sdb1 /dev/sdc1", "mdadm --detail /dev/md0"],
            acts: .here
        ) { invocation, _ in
            guard invocation.program == "mdadm" else { return nil }
            let devices = mdadmDevices(invocation)
            // With --assemble or --build, -f means --force.
            let assembles = invocation.flagArgument(["--assemble", "-A", "--build", "-B", "--incremental", "-I"]) != nil
            if !assembles, let fail = invocation.flagArgument(["--fail", "-f", "--set-faulty"]) {
                return RuleMatch(
                    span: fail.span, resources: devices,
                    message: "Marks \(devices.dropFirst().joined(separator: ", ")) as failed")
            }
            if let stop = invocation.flagArgument(["--stop", "-S"]) {
                return RuleMatch(
                    span: stop.span, resources: devices,
                    message: "Stops \(devices.first ?? "the array"): file systems on it go offline")
            }
            if !assembles, let remove = invocation.flagArgument(["--remove", "-r"]) {
                return RuleMatch(
                    span: remove.span, resources: devices,
                    message: "Removes \(devices.dropFirst().joined(separator: ", ")) from the array")
            }
            if let grow = invocation.flagArgument(["--grow", "-G"]) {
                return RuleMatch(
                    span: grow.span, resources: devices,
                    message: "Reshapes \(devices.first ?? "the array"): a smaller size or fewer devices loses data")
            }
            return nil
        },
        CommandRule(
            "storage.mdadm-manage", .write, summary: "Assembles, runs or re-adds RAID arrays and devices",
            triggering: ["mdadm «--assemble» --scan", "mdadm /dev/md0 «--re-add» /dev/sdb1", "mdadm «--readonly» /dev/md0"],
            nonTriggering: ["mdadm --detail /dev/md0", "mdadm --zero-superblock /dev/sdb1"],
            acts: .here
        ) { invocation, _ in
            guard invocation.program == "mdadm",
                let flag = invocation.flagArgument([
                    "--assemble", "-A", "--re-add", "--run", "-R", "--readonly", "-o", "--readwrite", "-w", "--incremental", "-I",
                    "--update-subarray", "--update", "-U",
                ])
            else { return nil }
            return RuleMatch(span: flag.span, resources: mdadmDevices(invocation))
        },
    ]

    // MARK: - Where a command lands

    static func hints(_ invocation: Invocation, _ context: AnalysisContext) -> [TargetHint] {
        guard let command = Command(invocation) else { return [] }
        var builder = HintBuilder(invocation, context)
        func location(_ value: String?, source: String) {
            if let value, !value.isEmpty { builder.hints += locationHints(value, source: source) }
        }
        func operand(of paths: [String], source: String) {
            if let name = command.first(paths)?.rest.first?.text { builder.add(.name, name, source: source) }
        }
        switch command.tool {
        case "restic":
            location(invocation.option("-r", "--repo"), source: "--repo")
            location(invocation.option("--from-repo"), source: "--from-repo")
            if let (value, source) = invocation.variable("RESTIC_REPOSITORY", in: context) { location(value, source: source) }
        case "borg":
            location(invocation.option("-r", "--repo"), source: "--repo")
            location(command.repositoryOperand.flatMap(borgRepository), source: "the repository named")
            if let (value, source) = invocation.variable("BORG_REPO", in: context) { location(value, source: source) }
        case "borgmatic":
            location(invocation.option("--repository"), source: "--repository")
            if let config = invocation.option("-c", "--config") { builder.add(.name, stem(config), source: "--config") }
        case "kopia":
            builder.flag(.name, "--bucket")
            location(invocation.option("--url"), source: "--url")
            if let config = invocation.option("--config-file") { builder.add(.name, stem(config), source: "--config-file") }
        case "velero":
            builder.flag(.kubeContext, "--kubecontext")
            builder.variable(.kubeContext, "KUBECONTEXT")
            builder.add(.kubeContext, context.workspace.kubeContext, source: "the current kube context")
        case "rclone":
            for word in command.words.dropFirst() {
                if let text = word.text, isRcloneRemote(text) { builder.hints += rcloneHints(text) }
            }
        case "mc":
            if let found = command.first(["alias set|add"]) {
                // Only mc's configuration on this machine changes.
                builder.add(.name, found.rest.first?.text, source: "the alias named")
            } else {
                for word in command.words.dropFirst() {
                    let local = ["/", ".", "~"].contains { (word.text ?? "").hasPrefix($0) }
                    guard let text = word.text, text.contains("/"), !local else { continue }
                    let parts = text.split(separator: "/")
                    builder.add(.name, parts.first.map(String.init), source: "the mc alias")
                    if parts.count > 1 { builder.add(.name, String(parts[1]), source: "the bucket") }
                }
            }
        case "s3cmd", "b2":
            for word in command.words.dropFirst() {
                if let text = word.text, text.contains("://") {
                    builder.add(.name, HTTPRules.host(ofURL: text), source: "the bucket")
                }
            }
            if let host = invocation.option("--host") { builder.add(.host, HTTPRules.host(ofURL: host), source: "--host") }
            builder.flag(.name, "--profile")
            operand(of: ["bucket delete|get|update", "delete-bucket", "get-bucket", "update-bucket"], source: "the bucket named")
        case "azcopy", "duplicity":
            for word in command.words {
                if let text = word.text, text.contains("://"), !text.hasPrefix("file://") { location(text, source: "the URL") }
            }
        case "wrangler":
            builder.flag(.name, "-e", "--env")
            builder.variable(.name, "CLOUDFLARE_ENV")
            builder.flag(.name, "--name")
            builder.flag(.name, "--project-name")
            builder.flag(.name, "--branch")
            operand(
                of: [
                    "d1 delete|execute|export|info|create", "d1 migrations apply|list", "d1 time-travel restore|info",
                    "r2 bucket delete|info|create", "queues delete", "vectorize delete", "pages project delete", "delete", "tail",
                ],
                source: "the resource named")
        case "vercel":
            builder.flag(.name, "-S", "--scope", "-T", "--team")
            builder.flag(.name, "--target", "--environment")
            if command.flag("--prod") != nil { builder.add(.name, "production", source: "--prod") }
            if let found = command.first(["env add|rm|remove|ls|list|pull|update"]),
                let environment = found.rest.last?.text, ["production", "preview", "development"].contains(environment)
            {
                builder.add(.name, environment, source: "the environment named")
            }
            operand(of: ["rm|remove", "project|projects rm|remove|inspect"], source: "the project or deployment named")
        case "netlify":
            builder.flag(.name, "-s", "--site")
            builder.flag(.name, "--context")
            if command.flag("--prod", "--prod-if-unlocked") != nil { builder.add(.name, "production", source: "--prod") }
            operand(of: ["sites delete"], source: "the site named")
        case "firebase":
            builder.flag(.gcpProject, "-P", "--project")
            builder.flag(.name, "-P", "--project")
            builder.variable(.gcpProject, "GCLOUD_PROJECT")
        case "neonctl":
            builder.flag(.name, "--project-id")
            builder.flag(.name, "--branch")
            builder.flag(.name, "--org-id")
            operand(
                of: ["branches|branch delete|reset|restore|get|rename|set-default", "projects|project delete|get|update"],
                source: "the project or branch named")
        case "pscale":
            builder.flag(.name, "--org")
            let skip = ["shell", "connect"].contains(command.words.first?.text ?? "") ? 1 : 2
            for word in command.words.dropFirst(skip).prefix(2) {
                builder.add(.name, word.text, source: "the database or branch named")
            }
        case "turso":
            builder.flag(.name, "--group")
            let named = command.first(["db destroy|shell|show|inspect|config|tokens", "group destroy|update"])
            if let name = named?.rest.first?.text {
                if name.contains("://") {
                    builder.add(.host, HTTPRules.host(ofURL: name), source: "the database URL")
                } else {
                    builder.add(.name, name, source: "the database or group named")
                }
            }
        default:
            break
        }
        return command.landsHere ? builder.hints.filter { $0.kind != .host } : builder.hints
    }
}

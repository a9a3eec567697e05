/// System administration on this machine: powering it off, stopping the services it runs,
/// wiping its cron table and firewall, killing every process, and changing who may log in or
/// become root. `systemctl -H host` lands on that host; everything else is local (commands sent
/// over `ssh` inherit the ssh host from the core).
public enum SystemRules {
    static let systemctlOptions: Set<String> = [
        "-H", "--host", "-M", "--machine", "-t", "--type", "-p", "--property", "-s", "--signal", "--state", "-n",
        "--lines", "-o", "--output", "--root", "--image", "--job-mode", "--kill-whom", "--kill-value", "--what",
        "--timestamp", "--boot-loader-entry", "--reboot-argument", "--message", "--when", "--preset-mode",
    ]
    static let powerVerbs: Set<String> = [
        "poweroff", "reboot", "halt", "kexec", "soft-reboot", "suspend", "hibernate", "hybrid-sleep",
        "suspend-then-hibernate", "rescue", "emergency",
    ]
    /// Targets that `systemctl isolate` can switch to which stop (nearly) everything.
    static let stoppingTargets: Set<String> = [
        "rescue", "emergency", "poweroff", "reboot", "halt", "kexec", "runlevel0", "runlevel1", "runlevel6",
    ]
    static let stopVerbs: Set<String> = ["stop", "disable", "mask", "kill"]
    static let startVerbs: Set<String> = [
        "start", "restart", "reload", "try-restart", "reload-or-restart", "try-reload-or-restart", "enable", "unmask",
        "reenable", "daemon-reload", "daemon-reexec", "set-property", "edit", "revert", "preset", "link",
        "set-default", "set-environment", "unset-environment", "reset-failed", "freeze", "thaw", "clean", "cancel",
    ]
    static let systemctlReads: Set<String> = [
        "status", "show", "cat", "help", "list-units", "list-unit-files", "list-sockets", "list-timers", "list-jobs",
        "list-dependencies", "list-machines", "list-automounts", "list-paths", "is-active", "is-enabled",
        "is-failed", "is-system-running", "get-default", "show-environment",
    ]
    /// Services whose stop takes data, access to the machine, or a cluster node away: databases
    /// and stores, sshd, container runtimes, kubelet and the network.
    static let criticalServicePrefixes = [
        "postgres", "mysql", "mariadb", "mongod", "redis", "etcd", "elasticsearch", "opensearch", "rabbitmq", "kafka",
        "zookeeper", "cassandra", "clickhouse", "influxdb", "consul", "vault", "sshd", "docker", "containerd",
        "kubelet", "k3s", "rke2", "crio", "cri-o", "networkmanager", "systemd-networkd",
    ]
    static let criticalServiceNames: Set<String> = ["ssh", "openssh-server", "network", "networking"]

    /// Whether a unit or process name is a critical service (`postgresql@14-main.service` is).
    static func isCritical(_ name: String) -> Bool {
        var unit = Substring(name.lowercased())
        if let dot = unit.lastIndex(of: "."), [".service", ".socket"].contains(String(unit[dot...])) {
            unit = unit[..<dot]
        }
        if let at = unit.firstIndex(of: "@") { unit = unit[..<at] }
        return criticalServiceNames.contains(String(unit)) || criticalServicePrefixes.contains { unit.hasPrefix($0) }
    }

    /// A service action: `systemctl stop x y` or `service x stop`.
    struct ServiceAction {
        var verb: String
        var evidence: SourceSpan
        var units: [String]

        init?(_ invocation: Invocation) {
            switch invocation.program {
            case "systemctl":
                let words = invocation.positionals(optionsWithValues: SystemRules.systemctlOptions)
                guard let first = words.first, let verb = first.text else { return nil }
                self.verb = verb
                evidence = first.span
                units = words.dropFirst().map(\.approximation)
            case "service":
                let words = invocation.positionals()
                guard words.count >= 2, let verb = words[1].text else { return nil }
                self.verb = verb
                evidence = words[1].span
                units = [words[0].approximation]
            default:
                return nil
            }
        }
    }

    /// The process ids `kill` signals (`kill -9 -1` signals -1, everything; `kill -1 42` sends
    /// signal 1 to 42), and whether it only lists signals or checks a process exists.
    struct Kill {
        var targets: [Argument] = []
        var signal: String?
        var onlyLooks = false

        init(_ invocation: Invocation) {
            var afterDoubleDash = false
            var index = 0
            let arguments = invocation.arguments
            while index < arguments.count {
                let text = arguments[index].approximation
                index += 1
                if afterDoubleDash || !text.hasPrefix("-") || text.count == 1 {
                    targets.append(arguments[index - 1])
                } else if text == "--" {
                    afterDoubleDash = true
                } else if ["-l", "-L", "--list", "--table"].contains(text) || text.hasPrefix("-l") {
                    onlyLooks = true
                } else if ["-s", "-n", "--signal"].contains(text), signal == nil {
                    signal = index < arguments.count ? arguments[index].approximation : nil
                    index += 1
                } else if signal == nil {
                    signal = String(text.dropFirst())
                } else {
                    targets.append(arguments[index - 1])  // a negative id: a process group, or -1
                }
            }
            if signal == "0" { onlyLooks = true }
        }
    }

    /// Words of an `nft` command, which may be given as one quoted argument (`nft 'flush ruleset'`).
    static func nftWords(_ invocation: Invocation) -> [String] {
        invocation.positionals(optionsWithValues: ["-f", "--file", "-I", "--includepath", "-D", "--define"])
            .flatMap { $0.approximation.split(separator: " ").map(String.init) }
    }

    static let accountPrograms: Set<String> = [
        "userdel", "deluser", "passwd", "chpasswd", "usermod", "useradd", "adduser", "gpasswd",
    ]
    static let adminGroups: Set<String> = ["sudo", "wheel", "admin", "root", "adm", "docker", "lxd", "disk"]

    public static let family = ToolFamily(
        name: "system",
        programs: [
            "shutdown", "reboot", "halt", "poweroff", "init", "telinit", "systemctl", "service", "launchctl", "crontab",
            "iptables", "ip6tables", "nft", "ufw", "kill", "killall", "pkill", "userdel", "deluser", "passwd",
            "chpasswd", "usermod", "useradd", "adduser", "gpasswd", "visudo", "sudoedit", "setenforce", "swapoff",
            "journalctl",
        ],
        isRemote: false,
        rules: [
            CommandRule(
                "system.help", .read, summary: "Shows help; changes nothing",
                triggering: ["shutdown «--help»", "systemctl stop «--help»", "crontab «--help»"],
                nonTriggering: ["shutdown -h now", "systemctl stop nginx"]
            ) { invocation, _ in
                guard invocation.asksForHelp,
                    let help = invocation.arguments.first(where: { ["--help", "-help", "help"].contains($0.text ?? "") })
                else { return nil }
                return RuleMatch(span: help.span)
            },
            CommandRule(
                "system.shutdown-cancel", .write,
                summary: "Cancels a pending shutdown, or only warns logged-in users",
                triggering: ["shutdown «-c»", "sudo shutdown «-c» 'maintenance postponed'", "shutdown «-k» +5"],
                nonTriggering: ["shutdown -h now", "shutdown -r +5"]
            ) { invocation, _ in
                guard invocation.program == "shutdown", let flag = invocation.flagArgument(["-c", "-k"]) else { return nil }
                return RuleMatch(
                    span: flag.span,
                    message: flag.text == "-k" ? "Only sends the shutdown warning; nothing is shut down" : nil)
            },
            CommandRule(
                "system.shutdown", .destroy,
                summary: "Powers off or restarts the machine: everything running on it stops, and it is unreachable until it comes back",
                safer:
                    "Restart only the service that needs it (systemctl restart NAME), or schedule the reboot with the people who run the machine",
                triggering: [
                    "«shutdown» -h now", "sudo «reboot»", "«poweroff»", "«halt» -f", "sudo init «0»", "telinit «6»",
                    "systemctl «poweroff»", "sudo systemctl -i «reboot»", "systemctl «isolate» rescue.target",
                    "sudo launchctl «reboot»",
                ],
                nonTriggering: [
                    "shutdown -c", "systemctl restart nginx", "init q", "systemctl isolate multi-user.target",
                    "echo reboot",
                ]
            ) { invocation, _ in
                switch invocation.program {
                case "shutdown", "reboot", "halt", "poweroff":
                    return RuleMatch(span: invocation.programSpan)
                case "init", "telinit":
                    guard let level = invocation.positionals().first, let text = level.text,
                        ["0", "6", "1", "s", "S", "single", "emergency"].contains(text)
                    else { return nil }
                    let what =
                        text == "0"
                        ? "Powers off" : text == "6" ? "Reboots" : "Drops to single-user mode, which stops every service and the network on"
                    return RuleMatch(span: level.span, message: "\(what) the machine")
                case "systemctl":
                    guard let action = ServiceAction(invocation) else { return nil }
                    if powerVerbs.contains(action.verb) {
                        return RuleMatch(span: action.evidence, message: "systemctl \(action.verb) takes the whole machine down")
                    }
                    if action.verb == "isolate", let target = action.units.first,
                        stoppingTargets.contains(String(target.lowercased().split(separator: ".").first ?? ""))
                    {
                        return RuleMatch(
                            span: action.evidence, resources: [target], message: "Switches to \(target), which stops every other service")
                    }
                    return nil
                case "launchctl":
                    guard let verb = invocation.positionals().first, verb.text == "reboot" else { return nil }
                    return RuleMatch(span: verb.span)
                default:
                    return nil
                }
            },
            CommandRule(
                "system.stop-critical-service", .destroy,
                summary:
                    "Stops a database, sshd, the container runtime, kubelet or the network: data becomes unavailable or the machine unreachable",
                safer: "Restart it instead (systemctl restart NAME), or stop it only in a maintenance window agreed with its users",
                triggering: [
                    "sudo systemctl «stop» postgresql", "systemctl «disable» --now docker.service",
                    "systemctl «mask» sshd", "sudo service mysql «stop»", "systemctl --no-block «stop» redis-server kubelet",
                    "sudo pkill -9 «postgres»", "killall «mongod»",
                ],
                nonTriggering: [
                    "systemctl stop nginx", "systemctl restart postgresql", "systemctl status sshd", "pkill -f webpack",
                ]
            ) { invocation, _ in
                if invocation.program == "pkill" || invocation.program == "killall" {
                    let names = invocation.positionals(optionsWithValues: [
                        "-s", "--signal", "-u", "--user", "-U", "-g", "-G", "-P", "-t", "-F", "-o", "--older-than", "-y", "--younger-than",
                        "--ns", "--nslist", "-Z", "--context",
                    ])
                    guard let critical = names.first(where: { isCritical($0.approximation) }) else { return nil }
                    return RuleMatch(
                        span: critical.span, resources: [critical.approximation],
                        message: "Kills \(critical.approximation), which its clients depend on; a killed database may need recovery")
                }
                guard let action = ServiceAction(invocation), stopVerbs.contains(action.verb) else { return nil }
                let critical = action.units.filter(isCritical)
                guard !critical.isEmpty else { return nil }
                return RuleMatch(
                    span: action.evidence, resources: action.units,
                    message: "\(action.verb) \(critical.joined(separator: ", ")): what depends on it goes down with it")
            },
            CommandRule(
                "system.stop-service", .privilege,
                summary: "Stops, disables or masks a system service: administration of the machine",
                triggering: ["systemctl «stop» nginx", "sudo service apache2 «stop»", "systemctl --user «disable» syncthing"],
                nonTriggering: ["systemctl stop postgresql", "systemctl status nginx", "systemctl start nginx"]
            ) { invocation, _ in
                guard let action = ServiceAction(invocation), stopVerbs.contains(action.verb) else { return nil }
                return RuleMatch(
                    span: action.evidence, resources: action.units, message: "\(action.verb) \(action.units.joined(separator: ", "))",
                    effectClass: invocation.hasFlag("--user") ? .write : nil)
            },
            CommandRule(
                "system.service-change", .privilege,
                summary: "Starts, restarts, reloads or enables a system service: administration of the machine",
                triggering: [
                    "sudo systemctl «restart» nginx", "systemctl «start» postgresql", "sudo service redis «restart»",
                    "systemctl «daemon-reload»", "launchctl «unload» ~/Library/LaunchAgents/com.example.plist",
                ],
                nonTriggering: ["systemctl status nginx", "launchctl list", "systemctl stop nginx"]
            ) { invocation, _ in
                if invocation.program == "launchctl" {
                    guard let verb = invocation.positionals().first, let text = verb.text,
                        ![
                            "list", "print", "print-disabled", "print-cache", "blame", "version", "managername", "getenv",
                            "dumpstate", "help", "error", "examine", "hostinfo", "resolveport", "limit",
                        ].contains(text)
                    else { return nil }
                    return RuleMatch(span: verb.span, message: "launchctl \(text) changes which launchd services run")
                }
                guard let action = ServiceAction(invocation), startVerbs.contains(action.verb) else { return nil }
                // A user's own units (`systemctl --user`) are that user's business.
                return RuleMatch(
                    span: action.evidence, resources: action.units, effectClass: invocation.hasFlag("--user") ? .write : nil)
            },
            CommandRule(
                "system.firewall-flush", .destroy,
                summary:
                    "Flushes or disables the firewall: depending on the default policy this cuts off every connection, ssh included, or opens every port",
                safer: "Change single rules (iptables -D / ufw delete), and keep a console open that does not depend on the network",
                triggering: [
                    "sudo iptables «-F»", "iptables -t nat «--flush»", "iptables «-X»", "iptables «-P INPUT DROP»",
                    "ip6tables «-P FORWARD REJECT»", "sudo nft «flush ruleset»", "nft '«flush ruleset»'",
                    "nft «delete table» inet filter", "sudo ufw «disable»", "ufw --force «reset»",
                ],
                nonTriggering: [
                    "iptables -L -n", "iptables -nvL", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT", "nft list ruleset",
                    "ufw status verbose", "ufw allow 22/tcp",
                ]
            ) { invocation, _ in
                switch invocation.program {
                case "iptables", "ip6tables":
                    if let flag = invocation.flagArgument(["-F", "--flush", "-X", "--delete-chain"]) {
                        let chain = invocation.positionals(optionsWithValues: ["-t", "--table"]).first?.approximation
                        return RuleMatch(
                            span: flag.span, resources: chain.map { [$0] } ?? [],
                            message: flag.text == "-X" || flag.text == "--delete-chain"
                                ? "Deletes firewall chains" : "Flushes \(chain.map { "the chain \($0)" } ?? "every firewall rule")")
                    }
                    let arguments = invocation.arguments
                    guard let index = arguments.firstIndex(where: { $0.text == "-P" || $0.text == "--policy" }),
                        index + 2 < arguments.count, let target = arguments[index + 2].text,
                        ["DROP", "REJECT"].contains(target.uppercased())
                    else { return nil }
                    return RuleMatch(
                        span: arguments[index].span.union(arguments[index + 2].span), resources: [arguments[index + 1].approximation],
                        message:
                            "Drops everything the rules do not allow on \(arguments[index + 1].approximation), ssh included unless a rule allows it"
                    )
                case "nft":
                    let words = nftWords(invocation)
                    guard words.count >= 2, ["flush", "delete", "destroy"].contains(words[0]),
                        ["ruleset", "table", "chain"].contains(words[1])
                    else { return nil }
                    let arguments = invocation.positionals(optionsWithValues: ["-f", "--file", "-I", "--includepath", "-D", "--define"])
                    let span: SourceSpan
                    if arguments.count >= 2, arguments[0].text == words[0] {
                        span = arguments[0].span.union(arguments[1].span)
                    } else {
                        // `nft 'flush ruleset'`: the two words are inside one quoted argument.
                        let first = arguments[0].span
                        span = SourceSpan(first.start + 1, first.start + 1 + words[0].utf8.count + 1 + words[1].utf8.count)
                    }
                    return RuleMatch(
                        span: span, resources: Array(words.dropFirst(2)), message: "nft \(words[0]) \(words[1]) removes firewall rules")
                case "ufw":
                    guard let verb = invocation.positionals().first, let text = verb.text, text == "disable" || text == "reset",
                        !invocation.hasFlag("--dry-run")
                    else { return nil }
                    return RuleMatch(
                        span: verb.span,
                        message: text == "disable" ? "Turns the firewall off" : "Deletes every firewall rule and turns the firewall off")
                default:
                    return nil
                }
            },
            CommandRule(
                "system.firewall-open", .privilege,
                summary: "Makes the firewall accept everything it has no rule for",
                triggering: ["iptables «-P INPUT ACCEPT»", "sudo ufw «default allow» incoming"],
                nonTriggering: ["iptables -P INPUT DROP", "ufw default deny incoming", "ufw allow 443"]
            ) { invocation, _ in
                if invocation.program == "ufw" {
                    let words = invocation.positionals()
                    guard words.count >= 2, words[0].text == "default", words[1].text == "allow" else { return nil }
                    return RuleMatch(span: words[0].span.union(words[1].span))
                }
                guard invocation.program == "iptables" || invocation.program == "ip6tables" else { return nil }
                let arguments = invocation.arguments
                guard let index = arguments.firstIndex(where: { $0.text == "-P" || $0.text == "--policy" }),
                    index + 2 < arguments.count, arguments[index + 2].text?.uppercased() == "ACCEPT"
                else { return nil }
                return RuleMatch(
                    span: arguments[index].span.union(arguments[index + 2].span), resources: [arguments[index + 1].approximation])
            },
            CommandRule(
                "system.crontab-remove", .irreversible,
                summary: "Removes every cron job of the user at once, without a backup",
                safer: "Save it first (crontab -l > crontab.bak), then edit out the jobs you mean with crontab -e",
                triggering: ["«crontab -r»", "sudo «crontab -u deploy -r»", "«crontab -ir»", "«crontab /dev/null»"],
                nonTriggering: ["crontab -l", "crontab -e", "crontab -l > crontab.bak"]
            ) { invocation, _ in
                guard invocation.program == "crontab" else { return nil }
                let user = invocation.option("-u")
                if let flag = invocation.flagArgument(["-r", "--remove"]) {
                    return RuleMatch(
                        span: invocation.programSpan.union(flag.span), resources: user.map { [$0] } ?? [],
                        message: "Removes every cron job\(user.map { " of \($0)" } ?? ""), without a backup")
                }
                if let file = invocation.positionals(optionsWithValues: ["-u"]).first, file.text == "/dev/null" {
                    return RuleMatch(
                        span: invocation.programSpan.union(file.span),
                        message: "Replaces the crontab with nothing: every cron job is removed")
                }
                return nil
            },
            CommandRule(
                "system.crontab-change", .write,
                summary: "Edits or replaces the crontab",
                triggering: [
                    "crontab «-e»", "crontab «jobs.cron»", "(crontab -l; echo '0 * * * * x') | crontab «-»", "sudo crontab «-e» -u deploy",
                ],
                nonTriggering: ["crontab -l", "crontab -r"]
            ) { invocation, _ in
                guard invocation.program == "crontab", !invocation.hasFlag("-l") else { return nil }
                // Another user's crontab (`-u NAME`) runs code as that user.
                let other = invocation.optionArgument(["-u"]).map { _ in EffectClass.privilege }
                if let edit = invocation.flagArgument(["-e"]) { return RuleMatch(span: edit.span, effectClass: other) }
                guard let file = invocation.positionals(optionsWithValues: ["-u"]).first else { return nil }
                return RuleMatch(
                    span: file.span, resources: [file.approximation],
                    message:
                        "Replaces the whole crontab with \(file.text == "-" ? "standard input" : file.approximation); jobs not in it are removed",
                    effectClass: other ?? .destroy)
            },
            CommandRule(
                "system.kill-everything", .destroy,
                summary: "Signals every process the user may signal (pid -1), the shell and session included",
                safer: "Kill the specific process by its pid, after checking it with ps",
                triggering: ["kill -9 «-1»", "sudo kill -KILL «-1»", "kill -s TERM «-1»", "kill -- «-1»"],
                nonTriggering: ["kill -9 1234", "kill -1 1234", "kill -l", "kill -0 4321"]
            ) { invocation, _ in
                guard invocation.program == "kill" else { return nil }
                let kill = Kill(invocation)
                guard !kill.onlyLooks, let all = kill.targets.first(where: { $0.text == "-1" }) else { return nil }
                return RuleMatch(span: all.span)
            },
            CommandRule(
                "system.kill", .write,
                summary: "Sends a signal to processes",
                triggering: ["«kill» -9 1234", "«pkill» -f 'npm run dev'", "«killall» node", "sudo «kill» -HUP $(cat /run/nginx.pid)"],
                nonTriggering: ["kill -l", "kill -0 1234", "ps aux"]
            ) { invocation, _ in
                guard ["kill", "pkill", "killall"].contains(invocation.program) else { return nil }
                if invocation.program == "kill" && Kill(invocation).onlyLooks { return nil }
                return RuleMatch(span: invocation.programSpan)
            },
            CommandRule(
                "system.user-remove", .destroy,
                summary: "Deletes a user account together with its home directory and mail",
                safer: "Lock the account instead (usermod -L NAME) and archive its home directory",
                triggering: ["sudo userdel «-r» bob", "userdel «--remove» olduser", "deluser «--remove-home» bob"],
                nonTriggering: ["userdel bob", "id bob"]
            ) { invocation, _ in
                switch invocation.program {
                case "userdel":
                    guard let flag = invocation.flagArgument(["-r", "--remove"]) else { return nil }
                    return RuleMatch(
                        span: flag.span,
                        resources: invocation.positionals(optionsWithValues: ["-R", "--root", "-P", "--prefix"]).map(\.approximation))
                case "deluser":
                    guard let flag = invocation.flagArgument(["--remove-home", "--remove-all-files"]) else { return nil }
                    return RuleMatch(span: flag.span, resources: invocation.positionals().map(\.approximation))
                default:
                    return nil
                }
            },
            CommandRule(
                "system.account-change", .privilege,
                summary: "Changes user accounts, passwords or group memberships",
                triggering: [
                    "sudo usermod «-aG» sudo agent", "«passwd» root", "sudo «useradd» -m deploy", "«userdel» bob",
                    "gpasswd «-a» bob wheel", "echo 'bob:pw' | sudo «chpasswd»",
                ],
                nonTriggering: ["passwd -S bob", "id bob", "groups bob"]
            ) { invocation, _ in
                guard accountPrograms.contains(invocation.program) else { return nil }
                if invocation.program == "passwd", invocation.hasFlag("-S", "--status") { return nil }
                // The groups an account is added to: `usermod -aG sudo bob`, `gpasswd -a bob wheel`,
                // `adduser bob sudo`, `useradd -G docker bob`.
                var groups = (invocation.option("-G", "--groups") ?? "").split(separator: ",").map(String.init)
                let operands = invocation.positionals(optionsWithValues: [
                    "-G", "--groups", "-g", "--gid", "-a", "--add", "-d", "-M", "-A", "-s", "-c", "-u", "-e", "-f", "-p", "-l",
                ]).compactMap(\.text)
                switch invocation.program {
                case "usermod": groups += operands.dropLast()
                case "gpasswd", "adduser": groups += operands.dropFirst(invocation.program == "adduser" ? 1 : 0).prefix(1)
                default: break
                }
                let admin = groups.first { adminGroups.contains($0) }
                let span: SourceSpan
                switch invocation.program {
                case "usermod":
                    span = invocation.flagArgument(["-aG", "-G", "--groups", "-a", "--append"])?.span ?? invocation.programSpan
                case "gpasswd":
                    span = invocation.flagArgument(["-a", "--add", "-d", "--delete", "-A", "-M"])?.span ?? invocation.programSpan
                default:
                    span = invocation.programSpan
                }
                return RuleMatch(
                    span: span, resources: invocation.positionals().map(\.approximation),
                    message: admin.map { "Adds an account to the \($0) group, which grants administrator rights" })
            },
            CommandRule(
                "system.sudoers-edit", .privilege,
                summary: "Edits who may run commands as root",
                triggering: ["sudo «visudo»", "«visudo» -f /etc/sudoers.d/agent", "«sudoedit» /etc/sudoers"],
                nonTriggering: ["visudo -c", "sudoedit notes.txt"]
            ) { invocation, _ in
                if invocation.program == "visudo", !invocation.hasFlag("-c", "--check") { return RuleMatch(span: invocation.programSpan) }
                if invocation.program == "sudoedit",
                    invocation.positionals().contains(where: { ($0.text ?? "…").hasPrefix("/etc/sudoers") })
                {
                    return RuleMatch(span: invocation.programSpan)
                }
                return nil
            },
            CommandRule(
                "system.selinux-permissive", .privilege,
                summary: "Switches SELinux to permissive: its policy stops blocking anything",
                safer: "Fix the denial with a targeted policy module (audit2allow) instead of turning enforcement off",
                triggering: ["sudo setenforce «0»", "setenforce «Permissive»"],
                nonTriggering: ["setenforce 1", "getenforce"]
            ) { invocation, _ in
                guard invocation.program == "setenforce", let mode = invocation.positionals().first,
                    mode.text == "0" || mode.text?.lowercased() == "permissive"
                else { return nil }
                return RuleMatch(span: mode.span)
            },
            CommandRule(
                "system.journal-vacuum", .irreversible,
                summary: "Deletes archived system logs for good: the machine's audit trail",
                safer: "Export what may be needed first (journalctl --since … > logs.txt), or cap the size in journald.conf",
                triggering: ["sudo journalctl «--vacuum-time=2d»", "journalctl «--vacuum-size=500M»"],
                nonTriggering: ["journalctl -u nginx --since today", "journalctl -f"]
            ) { invocation, _ in
                guard invocation.program == "journalctl",
                    let flag = invocation.flagArgument(["--vacuum-time", "--vacuum-size", "--vacuum-files"])
                else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "system.read", .read, summary: "Shows the state of services, schedules, firewall rules or logs; changes nothing",
                triggering: [
                    "systemctl «status» nginx", "«systemctl»", "systemctl -H web-1 «list-units» --failed", "crontab «-l»",
                    "sudo iptables «-L» -n", "iptables «-nvL»", "nft «list» ruleset", "ufw «status» verbose",
                    "service nginx «status»", "service «--status-all»", "«journalctl» -u nginx -n 100", "kill «-l»",
                    "launchctl «list»", "visudo «-c»", "passwd «-S» bob",
                ],
                nonTriggering: ["systemctl stop nginx", "crontab -r", "iptables -F", "ufw disable"]
            ) { invocation, _ in
                switch invocation.program {
                case "systemctl":
                    guard let action = ServiceAction(invocation) else { return RuleMatch(span: invocation.programSpan) }
                    return systemctlReads.contains(action.verb) ? RuleMatch(span: action.evidence, resources: action.units) : nil
                case "service":
                    if let all = invocation.flagArgument(["--status-all"]) { return RuleMatch(span: all.span) }
                    guard let action = ServiceAction(invocation), action.verb == "status" else { return nil }
                    return RuleMatch(span: action.evidence, resources: action.units)
                case "crontab":
                    return invocation.flagArgument(["-l"]).map { RuleMatch(span: $0.span) }
                case "iptables", "ip6tables":
                    return invocation.flagArgument(["-L", "--list", "-S", "--list-rules", "-C", "--check"]).map { RuleMatch(span: $0.span) }
                case "nft":
                    let words = invocation.positionals(optionsWithValues: ["-f", "--file", "-I", "--includepath", "-D", "--define"])
                    guard let first = words.first, first.text == "list" || first.text?.hasPrefix("list ") == true else {
                        return invocation.hasFlag("-c", "--check") ? RuleMatch(span: invocation.programSpan) : nil
                    }
                    return RuleMatch(span: first.span)
                case "ufw":
                    guard let verb = invocation.positionals().first, let text = verb.text else { return nil }
                    return ["status", "show", "version", "app"].contains(text) || invocation.hasFlag("--dry-run")
                        ? RuleMatch(span: verb.span) : nil
                case "journalctl":
                    let changes = [
                        "--rotate", "--flush", "--sync", "--relinquish-var", "--smart-relinquish-var", "--setup-keys", "--update-catalog",
                    ]
                    return invocation.arguments.contains(where: { changes.contains($0.text ?? "") })
                        ? nil : RuleMatch(span: invocation.programSpan)
                case "kill":
                    guard Kill(invocation).onlyLooks else { return nil }
                    return RuleMatch(span: invocation.arguments.first?.span ?? invocation.programSpan)
                case "launchctl":
                    guard let verb = invocation.positionals().first,
                        ["list", "print", "print-disabled", "blame", "version", "managername", "getenv", "help"].contains(verb.text ?? "")
                    else { return nil }
                    return RuleMatch(span: verb.span)
                case "visudo":
                    return invocation.flagArgument(["-c", "--check"]).map { RuleMatch(span: $0.span) }
                case "passwd":
                    return invocation.flagArgument(["-S", "--status"]).map { RuleMatch(span: $0.span) }
                default:
                    return nil
                }
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            if invocation.program == "systemctl" || invocation.program == "journalctl",
                let host = invocation.option("-H", "--host")
            {
                let name = host.split(separator: "@").last.map(String.init) ?? host
                builder.add(.host, name, source: "\(invocation.program) --host")
            }
            return builder.hints
        })
}

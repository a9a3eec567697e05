/// docker, podman and compose: removing volumes, pruning, and tearing stacks down.
public enum ContainerRules {
    /// Options before the subcommand that take a value (`docker -H host`, `podman -c conn`).
    static let globalOptionsWithValues: Set<String> = [
        "-H", "--host", "--context", "-c", "--config", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey",
        "--connection", "--url", "--identity", "--root", "--runroot", "--storage-driver", "--cgroup-manager",
        "--namespace", "-n", "--address", "-a", "--snapshotter", "--cni-path", "--data-root",
    ]

    /// Compose options before its subcommand that take a value.
    static let composeOptionsWithValues: Set<String> = [
        "-f", "--file", "-p", "--project-name", "--project-directory", "--profile", "--env-file", "--ansi",
        "--parallel", "--progress", "-H", "--host", "--context", "-c",
    ]

    /// Management commands whose next word is the action (`docker volume rm`).
    static let managementCommands: Set<String> = [
        "container", "image", "volume", "network", "system", "builder", "buildx", "context", "plugin", "secret",
        "config", "service", "stack", "node", "swarm", "manifest", "trust", "pod", "machine",
    ]

    /// Old-style top-level verbs and the management command they belong to.
    static let shorthand: [String: (String, String)] = [
        "rm": ("container", "rm"), "rmi": ("image", "rm"), "run": ("container", "run"), "create": ("container", "create"),
        "exec": ("container", "exec"), "ps": ("container", "ls"), "images": ("image", "ls"), "logs": ("container", "logs"),
        "kill": ("container", "kill"), "stop": ("container", "stop"), "start": ("container", "start"),
        "restart": ("container", "restart"), "pause": ("container", "pause"), "unpause": ("container", "unpause"),
        "inspect": ("container", "inspect"), "top": ("container", "top"), "stats": ("container", "stats"),
        "port": ("container", "port"), "diff": ("container", "diff"), "attach": ("container", "attach"),
        "cp": ("container", "cp"), "commit": ("container", "commit"), "wait": ("container", "wait"),
        "history": ("image", "history"), "pull": ("image", "pull"), "push": ("image", "push"), "build": ("image", "build"),
        "tag": ("image", "tag"), "save": ("image", "save"), "load": ("image", "load"), "import": ("image", "import"),
        "export": ("container", "export"), "rename": ("container", "rename"), "update": ("container", "update"),
        "info": ("system", "info"), "events": ("system", "events"), "version": ("system", "version"),
        "search": ("image", "search"), "login": ("registry", "login"), "logout": ("registry", "logout"),
    ]

    /// A container CLI command line: global options, whether it is compose, the verb and its
    /// arguments; `docker volume rm x` becomes group `volume`, action `rm`.
    struct Command {
        let invocation: Invocation
        var globals: [(name: String, value: String)] = []
        var isCompose = false
        var group = ""
        var action = ""
        /// The words that name the command (`volume rm`, `compose down`, `rmi`).
        var commandArguments: [Argument] = []
        var rest: [Argument] = []

        init(_ invocation: Invocation) {
            self.invocation = invocation
            var arguments = invocation.arguments[...]
            let standaloneCompose = ["docker-compose", "podman-compose"].contains(invocation.program)
            if !standaloneCompose { readOptions(&arguments, ContainerRules.globalOptionsWithValues) }
            if standaloneCompose {
                isCompose = true
            } else if let first = arguments.first, first.text == "compose" {
                isCompose = true
                commandArguments.append(first)
                arguments = arguments.dropFirst()
            }
            if isCompose {
                readOptions(&arguments, ContainerRules.composeOptionsWithValues)
                group = "compose"
                if let verb = arguments.first {
                    action = verb.text ?? ""
                    commandArguments.append(verb)
                    arguments = arguments.dropFirst()
                }
                rest = Array(arguments)
                return
            }
            guard let verb = arguments.first, let text = verb.text else { return }
            commandArguments.append(verb)
            arguments = arguments.dropFirst()
            if ContainerRules.managementCommands.contains(text) {
                group = text
                // Options between the group and its action are rare; skip flags without values.
                while let next = arguments.first, (next.text ?? "").hasPrefix("-") { arguments = arguments.dropFirst() }
                if let next = arguments.first {
                    action = ContainerRules.canonicalAction(next.text ?? "")
                    commandArguments.append(next)
                    arguments = arguments.dropFirst()
                }
            } else if let (group, action) = ContainerRules.shorthand[text] {
                self.group = group
                self.action = action
            } else {
                group = text
            }
            rest = Array(arguments)
        }

        /// Reads leading options, and the values of those in `withValues`, into `globals`.
        mutating func readOptions(_ arguments: inout ArraySlice<Argument>, _ withValues: Set<String>) {
            while let first = arguments.first, let text = first.text, text.hasPrefix("-"), text.count > 1 {
                arguments = arguments.dropFirst()
                if let equals = text.firstIndex(of: "="), text.hasPrefix("--") {
                    globals.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
                } else if withValues.contains(text), let value = arguments.first {
                    globals.append((text, value.approximation))
                    arguments = arguments.dropFirst()
                }
            }
        }

        func `is`(_ group: String, _ actions: String...) -> Bool {
            self.group == group && actions.contains(action)
        }

        /// The span of the words that name the command.
        var commandSpan: SourceSpan? {
            guard let first = commandArguments.first, let last = commandArguments.last else { return nil }
            return first.span.union(last.span)
        }

        /// A flag among the subcommand's arguments (short flags also inside bundles like `-fv`).
        func flag(_ names: String...) -> Argument? {
            rest.first { argument in
                guard let text = argument.text else { return false }
                if text == "--" { return false }
                for name in names {
                    if text == name || (name.hasPrefix("--") && text.hasPrefix(name + "=")) { return true }
                    if !name.hasPrefix("--"), name.count == 2, text.hasPrefix("-"), !text.hasPrefix("--"), text.count > 2,
                        text.dropFirst().allSatisfy({ $0.isLetter }), text.contains(name.last ?? " ")
                    {
                        return true
                    }
                }
                return false
            }
        }

        /// The subcommand's operands (arguments not starting with `-`; values of options may slip in).
        var operands: [String] { rest.filter { !($0.text ?? "").hasPrefix("-") }.map(\.approximation) }

        func global(_ names: String...) -> String? {
            globals.first { names.contains($0.name) }?.value
        }
    }

    static func canonicalAction(_ text: String) -> String {
        switch text {
        case "remove", "delete": return "rm"
        case "list": return "ls"
        default: return text
        }
    }

    /// The host in a daemon address: `ssh://deploy@prod-1:22` gives `prod-1`; local sockets give nil.
    static func hostName(_ address: String) -> String? {
        var text = Substring(address)
        if text.hasPrefix("unix://") || text.hasPrefix("npipe://") || text.hasPrefix("/") { return nil }
        if let scheme = text.firstRange(of: "://") { text = text[scheme.upperBound...] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        if let colon = text.firstIndex(of: ":") { text = text[..<colon] }
        return text.isEmpty ? nil : String(text)
    }

    /// Host paths whose bind mount gives a container control of the host.
    static let sensitiveMounts: Set<String> = [
        "/", "/etc", "/root", "/var/run/docker.sock", "/run/docker.sock", "/var/lib/docker", "/proc", "/sys", "/dev",
        "/boot", "/run/podman/podman.sock", "/var/run", "/run", "/usr", "/bin", "/sbin", "/lib", "/home",
    ]

    /// What makes a `run`/`create`/`exec` privileged, with the argument that shows it.
    static func privilege(_ command: Command) -> (SourceSpan, String)? {
        var index = 0
        let rest = command.rest
        while index < rest.count {
            let argument = rest[index]
            guard let text = argument.text else {
                index += 1
                continue
            }
            if text == "--" { break }
            let nextValue = index + 1 < rest.count ? rest[index + 1].approximation : ""
            if text == "--privileged" || text == "--privileged=true" {
                return (argument.span, "Runs a privileged container: it has full access to the host")
            }
            var value: String?
            var name = text
            if let equals = text.firstIndex(of: "="), text.hasPrefix("--") {
                name = String(text[..<equals])
                value = String(text[text.index(after: equals)...])
            } else if ["-v", "--volume", "--mount", "--pid", "--cap-add", "--security-opt", "--userns", "--ipc", "--uts"].contains(text) {
                value = nextValue
            } else if text.hasPrefix("-v"), text.count > 2, !text.hasPrefix("--") {
                name = "-v"
                value = String(text.dropFirst(2))
            }
            if let value {
                let span = value == nextValue && name == text ? argument.span.union(rest[index + 1].span) : argument.span
                switch name {
                case "-v", "--volume":
                    let source = String(value.split(separator: ":", omittingEmptySubsequences: false).first ?? "")
                    if sensitiveMounts.contains(source)
                        || (source.count > 1 && source.hasSuffix("/") && sensitiveMounts.contains(String(source.dropLast())))
                    {
                        return (span, "Mounts the host's \(source) into the container, which gives it control of the host")
                    }
                case "--mount":
                    for part in value.split(separator: ",") where part.hasPrefix("source=") || part.hasPrefix("src=") {
                        let source = String(part.split(separator: "=", maxSplits: 1).last ?? "")
                        if sensitiveMounts.contains(source) {
                            return (span, "Mounts the host's \(source) into the container, which gives it control of the host")
                        }
                    }
                case "--pid", "--userns", "--ipc", "--uts":
                    if value == "host" { return (span, "Shares the host's \(name.dropFirst(2)) namespace with the container") }
                case "--cap-add":
                    let capability = value.uppercased()
                    if ["ALL", "SYS_ADMIN", "CAP_SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "NET_ADMIN"].contains(capability) {
                        return (span, "Grants the container the \(capability) capability")
                    }
                case "--security-opt":
                    if value.hasSuffix("unconfined") || value == "no-new-privileges=false" || value.hasPrefix("label=disable")
                        || value == "label:disable"
                    {
                        return (span, "Turns off the container's security profile (\(value))")
                    }
                default:
                    break
                }
            }
            index += 1
        }
        return nil
    }

    public static let family = ToolFamily(
        name: "containers", programs: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose"], isRemote: true,
        rules: [
            CommandRule(
                "containers.help", .read, summary: "Shows help; changes nothing",
                triggering: ["docker volume rm «--help»", "docker compose down «--help»", "podman «help» system", "docker run «--help»"],
                nonTriggering: ["docker volume rm data", "docker run -h myhost alpine true", "docker run --privileged alpine app --help"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.group == "help", let first = command.commandArguments.first { return RuleMatch(span: first.span) }
                guard let flag = invocation.flagArgument(["--help"]) else { return nil }
                // `docker run IMAGE cmd --help` passes --help to the container's command.
                if command.is("container", "run", "create", "exec") || command.is("compose", "run", "exec"),
                    let operand = command.rest.first(where: { !($0.text ?? "").hasPrefix("-") }), operand.span.start < flag.span.start
                {
                    return nil
                }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "containers.volume-remove", .destroy,
                summary: "Deletes volumes and the data in them",
                safer: "Back up the volume first (docker run --rm -v VOLUME:/data -v $PWD:/backup alpine tar czf /backup/volume.tgz /data)",
                triggering: [
                    "docker «volume rm» pgdata", "docker «volume prune» -f", "docker system prune -a «--volumes»",
                    "docker compose down «-v»", "docker-compose -f docker-compose.prod.yml down «--volumes»",
                    "podman «volume rm» --all", "docker --context prod-eu «volume rm» app_db", "docker rm «--volumes» db",
                ],
                nonTriggering: ["docker volume ls", "docker compose down", "docker system prune -a", "docker volume create data"]
            ) { invocation, _ in
                let command = Command(invocation)
                if command.is("volume", "rm", "prune"), let span = command.commandSpan {
                    return RuleMatch(
                        span: span, resources: command.operands,
                        message: command.action == "prune"
                            ? "Deletes every volume no container uses, with its data"
                            : "Deletes the volume \(command.operands.joined(separator: ", ")) and its data")
                }
                if command.is("system", "prune"), let flag = command.flag("--volumes") {
                    return RuleMatch(span: flag.span, message: "Prunes the system including every unused volume and its data")
                }
                if command.is("system", "reset"), let span = command.commandSpan {
                    return RuleMatch(span: span, message: "Resets storage: every container, image and volume is deleted")
                }
                if command.is("container", "rm"), let flag = command.flag("--volumes", "-v") {
                    return RuleMatch(
                        span: flag.span, resources: command.operands,
                        message: "Removes the containers with their anonymous volumes and the data in them")
                }
                if command.is("compose", "down", "rm"), let flag = command.flag("--volumes", "-v") {
                    return RuleMatch(
                        span: flag.span,
                        message: command.action == "down"
                            ? "Tears the compose project down and deletes its volumes with their data"
                            : "Removes the service containers and their anonymous volumes")
                }
                return nil
            },
            CommandRule(
                "containers.privileged", .privilege,
                summary: "Runs a container with control of the host (privileged, host mounts, host namespaces)",
                safer: "Mount only the directory the container needs, read-only, and drop --privileged",
                triggering: [
                    "docker run «--privileged» -it ubuntu bash", "docker run --rm «-v /:/host» alpine chroot /host",
                    "docker run «-v /var/run/docker.sock:/var/run/docker.sock» ci-runner", "podman run «--pid=host» alpine ps",
                    "docker run «--mount type=bind,source=/,target=/host» alpine", "docker exec «--privileged» web sh",
                ],
                nonTriggering: [
                    "docker run --rm -v $PWD:/app node:20 npm test", "docker run -v data:/var/lib/postgresql/data postgres", "docker ps",
                ]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("container", "run", "create", "exec") || command.is("compose", "run", "exec") else { return nil }
                guard let (span, message) = privilege(command) else { return nil }
                return RuleMatch(span: span, message: message)
            },
            CommandRule(
                "containers.system-prune-all", .destroy,
                summary: "Deletes every stopped container, unused network, unused image and the build cache",
                safer: "Prune one kind at a time (docker image prune, docker container prune) and look at the list first",
                triggering: ["docker system prune «-a»", "docker system prune «--all» -f", "podman system prune «-af»"],
                nonTriggering: ["docker system prune", "docker system df", "docker image prune -a"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("system", "prune"), let flag = command.flag("--all", "-a") else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "containers.remove-container", .destroy,
                summary: "Force-removes containers, running ones included; their writable layer is lost",
                safer: "Stop the container first (docker stop) and remove it without -f",
                triggering: [
                    "docker rm «-f» web", "docker container rm «--force» api worker", "podman pod rm «-f» app",
                ],
                nonTriggering: ["docker rm web", "docker ps -a", "docker rmi -f alpine"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("container", "rm") || command.is("pod", "rm"), let flag = command.flag("--force", "-f") else { return nil }
                return RuleMatch(
                    span: flag.span, resources: command.operands,
                    message:
                        "Force-removes \(command.operands.isEmpty ? "the containers" : command.operands.joined(separator: ", ")), stopping them if running; their writable layer is lost"
                )
            },
            CommandRule(
                "containers.secret-remove", .irreversible,
                summary: "Deletes swarm secrets, whose values cannot be read back from the swarm",
                safer: "Rotate the secret (create the new one, point services at it) and remove the old one once nothing uses it",
                triggering: ["docker «secret rm» db_password", "docker «secret remove» a b", "podman «secret rm» --all"],
                nonTriggering: ["docker secret ls", "docker secret create db_password ./pw.txt", "docker config rm x"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("secret", "rm", "remove"), let span = command.commandSpan else { return nil }
                return RuleMatch(span: span, resources: command.operands)
            },
            CommandRule(
                "containers.cleanup", .write,
                summary: "Removes stopped containers, images or networks, which can be pulled or created again",
                safer: "List first (docker ps -a, docker images) and remove by name",
                triggering: [
                    "docker «rmi» node:18", "docker «image prune» -a", "docker «container prune» -f", "docker «network prune»",
                    "docker «rm» old-web", "docker «system prune»", "docker «builder prune» --all",
                ],
                nonTriggering: ["docker images", "docker volume prune", "docker system prune -a"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard let span = command.commandSpan else { return nil }
                // The build cache is this machine's; images live on whichever daemon DOCKER_HOST names.
                if command.is("builder", "prune") || command.is("buildx", "prune") {
                    return RuleMatch(span: span, resources: command.operands, acts: .here)
                }
                if command.is("image", "rm", "prune") || command.is("container", "rm", "prune") || command.is("network", "rm", "prune")
                    || command.is("system", "prune")
                    || command.is("pod", "rm", "prune")
                {
                    return RuleMatch(span: span, resources: command.operands)
                }
                return nil
            },
            CommandRule(
                "containers.compose-down", .write,
                summary: "Stops and removes the compose project's containers and networks (they can be created again)",
                safer: "docker compose stop keeps the containers",
                triggering: [
                    "docker compose «down»", "docker-compose «down» --remove-orphans", "docker compose -f prod.yml «down» --rmi all",
                    "podman-compose «down»",
                ],
                nonTriggering: ["docker compose down -v", "docker compose ps", "docker compose up -d"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("compose", "down", "rm", "kill"), let verb = command.commandArguments.last else { return nil }
                return RuleMatch(span: verb.span)
            },
            CommandRule(
                "containers.exec", .write,
                summary: "Runs a command inside a running container (the command itself is checked separately)",
                safer: "Prefer reads (docker logs, docker inspect)",
                triggering: [
                    "docker «exec» -it web sh -c 'ls'", "docker compose «exec» db psql -U app", "podman «exec» api env",
                    "docker «cp» web:/tmp/a .",
                    "docker-compose «exec» web rm -rf /srv/app",
                ],
                nonTriggering: ["docker logs web", "docker ps"]
            ) { invocation, _ in
                let command = Command(invocation)
                guard command.is("container", "exec", "attach", "cp") || command.is("compose", "exec", "cp", "attach"),
                    let verb = command.commandArguments.last
                else { return nil }
                // The core looks inside `docker|podman|nerdctl [compose] exec`, not inside the
                // standalone docker-compose/podman-compose programs: their command goes unchecked.
                if ["docker-compose", "podman-compose"].contains(invocation.program), command.action == "exec",
                    command.operands.count > 1
                {
                    return RuleMatch(
                        span: verb.span, resources: command.operands.prefix(1).map { $0 },
                        message: "\(invocation.program) exec runs a command inside \(command.operands[0]) that is not checked here",
                        effectClass: .opaque)
                }
                // `docker cp web:/var/log/app.log .` copies out of the container onto this machine.
                if command.action == "cp", command.operands.count == 2, command.operands[0].contains(":"),
                    !command.operands[1].contains(":")
                {
                    return RuleMatch(span: verb.span, resources: command.operands, acts: .here)
                }
                return RuleMatch(span: verb.span, resources: command.operands.prefix(1).map { $0 })
            },
            CommandRule(
                "containers.write", .write,
                summary: "Runs, starts, stops or builds containers and images",
                triggering: [
                    "docker «run» --rm alpine echo hi", "docker «build» -t app .", "docker compose «up» -d", "docker «stop» web",
                    "docker «push» registry.acme.com/app:1",
                ],
                nonTriggering: ["docker ps", "docker compose logs -f"]
            ) { invocation, _ in
                let command = Command(invocation)
                let containerWrites: Set<String> = [
                    "run", "create", "start", "stop", "restart", "kill", "pause", "unpause", "commit", "rename", "update", "export", "wait",
                ]
                let composeWrites: Set<String> = [
                    "up", "run", "start", "stop", "restart", "build", "pull", "push", "create", "pause", "unpause", "watch",
                ]
                let imageWrites: Set<String> = ["pull", "push", "build", "tag", "save", "load", "import"]
                // Building, pulling and saving images, a throw-away `run --rm`, the local VM and
                // registry logins work on this machine; containers and services are what a daemon
                // (anywhere DOCKER_HOST or --context points) runs.
                let localImageWork: Set<String> = ["pull", "build", "tag", "save", "load", "import"]
                guard let verb = command.commandArguments.last else { return nil }
                if command.group == "image", imageWrites.contains(command.action) {
                    return RuleMatch(
                        span: verb.span, resources: command.operands.prefix(1).map { $0 },
                        acts: localImageWork.contains(command.action) ? .here : nil)
                }
                if command.group == "container", containerWrites.contains(command.action) {
                    let local = command.action == "export" || command.action == "commit"
                    return RuleMatch(span: verb.span, resources: command.operands.prefix(1).map { $0 }, acts: local ? .here : nil)
                }
                if command.group == "compose", composeWrites.contains(command.action) {
                    return RuleMatch(span: verb.span, acts: ["build", "pull"].contains(command.action) ? .here : nil)
                }
                if ["machine", "registry", "buildx", "context"].contains(command.group), command.flag("--push") == nil {
                    return RuleMatch(
                        span: verb.span, message: "\(invocation.program) \(command.group) \(command.action) works on this machine",
                        acts: .here)
                }
                return nil
            },
            CommandRule(
                "containers.read", .read, summary: "Lists, inspects or reads logs; changes nothing",
                triggering: [
                    "docker «ps» -a", "docker «images»", "docker «logs» -f web", "docker «volume ls»", "docker «compose ps»",
                    "docker --context prod-eu «inspect» web", "podman «system df»", "docker «version»",
                ],
                nonTriggering: ["docker rm web", "docker volume rm data", "docker compose down"]
            ) { invocation, _ in
                let command = Command(invocation)
                let reads: [String: Set<String>] = [
                    "container": ["ls", "logs", "inspect", "top", "stats", "port", "diff"],
                    "image": ["ls", "inspect", "history", "search"],
                    "volume": ["ls", "inspect"], "network": ["ls", "inspect"], "context": ["ls", "show", "inspect"],
                    "system": ["df", "info", "events", "version"], "buildx": ["ls", "inspect", "version", "du"],
                    "manifest": ["inspect"], "stack": ["ls", "ps", "services"], "service": ["ls", "ps", "logs", "inspect"],
                    "node": ["ls", "inspect", "ps"], "plugin": ["ls", "inspect"], "secret": ["ls", "inspect"], "config": ["ls", "inspect"],
                    "pod": ["ls", "ps", "inspect", "logs", "top", "stats"], "machine": ["ls", "list", "inspect", "info"],
                    "compose": ["ps", "logs", "config", "ls", "images", "top", "version", "events", "port", "stats"],
                    "trust": ["inspect"], "builder": ["ls", "du"],
                ]
                guard let span = command.commandSpan else { return nil }
                if let allowed = reads[command.group], allowed.contains(command.action) { return RuleMatch(span: span) }
                if command.group == "swarm", command.action == "join-token" || command.action == "ca",
                    command.flag("--rotate") == nil
                {
                    return RuleMatch(span: span)
                }
                if command.group == "ps" || command.group == "images" { return RuleMatch(span: span) }
                return nil
            },
            // Deleting verbs left here (a context, a checkpoint, a plugin) remove what can be created
            // again; the rules above catch volumes, secrets and forced removals.
            .commandTable(
                "containers.command", .docker, tool: "docker", deletion: .write,
                triggering: ["docker «checkpoint create» web cp1", "docker «plugin install» vieux/sshfs", "docker «swarm unlock-key»"],
                nonTriggering: ["podman machine init", "docker no-such-command", "docker ps"]
            ) { invocation in
                invocation.program == "docker" ? invocation.positionals(optionsWithValues: globalOptionsWithValues) : []
            },
            .commandTable(
                "containers.podman-command", .podman, tool: "podman", deletion: .write,
                triggering: ["podman «generate systemd» web", "podman «kube play» pod.yaml"],
                nonTriggering: ["docker generate systemd web", "podman ps"]
            ) { invocation in
                invocation.program == "podman" ? invocation.positionals(optionsWithValues: globalOptionsWithValues) : []
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            let command = Command(invocation)
            if let name = command.global("--context", "--connection") ?? (invocation.program == "nerdctl" ? nil : command.global("-c")) {
                builder.add(.host, name, source: "--context")
            }
            if let address = command.global("-H", "--host", "--url") {
                builder.add(.host, hostName(address), source: "--host \(address)")
            }
            for name in ["DOCKER_HOST", "CONTAINER_HOST"] {
                if let (value, source) = invocation.variable(name, in: context) { builder.add(.host, hostName(value), source: source) }
            }
            builder.variable(.host, "DOCKER_CONTEXT", "CONTAINER_CONNECTION")
            return builder.hints
        })
}

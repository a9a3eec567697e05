/// Programs that run another program: analysis looks through them to the command inside.
extension CommandAnalyzer {
    /// Options that take a value, per wrapper, so the wrapped command is found after them.
    static let wrapperOptions: [String: Set<String>] = [
        "sudo": [
            "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R", "--user", "--group",
            "--chdir", "--host", "--prompt", "--role", "--type", "--other-user", "--close-from",
        ],
        "doas": ["-u", "-C"],
        "nice": ["-n", "--adjustment"],
        "ionice": ["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
        "stdbuf": ["-i", "-o", "-e", "--input", "--output", "--error"],
        "timeout": ["-s", "-k", "--signal", "--kill-after"],
        "exec": ["-a"],
        "command": [],
        "builtin": [],
        "nohup": [],
        "time": ["-f", "-o", "--format", "--output"],
        "chrt": [],
        "taskset": [],
        "unbuffer": [],
        "caffeinate": [],
        "rtk": [],
        "flock": ["-w", "-E", "--timeout", "--conflict-exit-code"],
        "setsid": [],
        "faketime": ["--date-prog"],
        "datefudge": [],
        "chronic": [],
        "ifne": [],
        "rlwrap": ["-b", "-C", "-D", "-e", "-f", "-F", "-g", "-H", "-l", "-O", "-p", "-P", "-q", "-s", "-S", "-t", "-w", "-z"],
        "coproc": [],
        "busybox": [],
        "systemd-run": ["-u", "-p", "--unit", "--property", "-E", "--setenv", "--uid", "--gid"],
    ]

    /// Runners that start a package's binary: `npx prisma …`, `bundle exec rails …`.
    static let runnerPrefixes: [[String]] = [
        ["npx"], ["bunx"], ["pnpx"], ["pnpm", "exec"], ["pnpm", "dlx"], ["yarn", "exec"], ["yarn", "dlx"],
        ["npm", "exec"], ["bundle", "exec"], ["poetry", "run"], ["uv", "run"], ["uvx"], ["pipenv", "run"],
        ["pdm", "run"], ["hatch", "run"], ["rye", "run"], ["dotenv"], ["doppler", "run"], ["op", "run"],
        ["infisical", "run"], ["direnv", "exec"], ["with-contenv"], ["chamber", "exec"],
    ]

    static let shells: Set<String> = ["bash", "sh", "zsh", "dash", "ksh", "mksh", "ash", "fish"]

    /// Looks through a wrapper; returns true when the wrapped command has been analysed.
    mutating func unwrap(_ invocation: Invocation) -> Bool {
        let program = invocation.program
        if let optionsWithValue = Self.wrapperOptions[program] {
            if program == "command", invocation.hasFlag("-v", "-V") {
                record(
                    Effect(
                        ruleID: "shell.read-only-program", effectClass: .read, tool: "shell",
                        message: "command -v only looks a program up", span: invocation.programSpan),
                    family: nil, invocation: invocation)
                return true
            }
            var rest = Self.dropOptions(invocation.arguments, optionsWithValue: optionsWithValue)
            var inner = invocation
            // Only sudo's own options count: `sudo crontab -e` runs crontab with its -e.
            let ownOptions = invocation.arguments.prefix(invocation.arguments.count - rest.count)
            if program == "sudo",
                ownOptions.contains(where: { option in
                    guard let text = option.text else { return false }
                    return text == "--edit" || (text.hasPrefix("-") && !text.hasPrefix("--") && text.dropFirst().contains("e"))
                })
            {
                // `sudo -e FILE` is sudoedit: the operands are files to edit, not a command.
                inner.program = "sudoedit"
                inner.arguments = rest
                inner.wrappers.append("sudo")
                analyze(inner)
                return true
            }
            if program == "sudo" || program == "doas" {
                // `sudo NAME=value cmd` sets variables for cmd, like `env`.
                while let first = rest.first?.text, let equals = first.firstIndex(of: "="), first.first != "=",
                    first[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                {
                    inner.assignments[String(first[..<equals])] = String(first[first.index(after: equals)...])
                    rest.removeFirst()
                }
            }
            // The duration, or the time the command is made to see.
            if program == "timeout" || program == "faketime" || program == "datefudge", !rest.isEmpty { rest.removeFirst() }
            if program == "chrt" || program == "taskset", !rest.isEmpty { rest.removeFirst() }
            if program == "flock", !rest.isEmpty {
                rest.removeFirst()
                if rest.first?.text == "-c" { return runShellString(invocation, rest.dropFirst().first, wrapper: "flock -c") }
            }
            if rest.isEmpty {
                if program == "sudo" || program == "doas", invocation.hasFlag("-s", "-i") {
                    record(
                        Effect(
                            ruleID: "shell.root-shell", effectClass: .privilege, tool: "shell",
                            message: "\(program) opens a root shell whose commands cannot be checked",
                            safer: "Run the specific command with \(program) instead of opening a shell",
                            span: invocation.span),
                        family: nil, invocation: invocation)
                }
                return true
            }
            // `sudo -D DIR cmd` runs cmd in DIR.
            let directory =
                program == "sudo"
                ? Invocation(program: program, programSpan: invocation.programSpan, arguments: Array(ownOptions), span: invocation.span)
                    .optionArgument(["-D", "--chdir"]).map { Argument(text: $0.value, span: $0.span) } : nil
            return inDirectory(directory) { $0.rewrap(inner, rest, wrapper: program) }
        }
        switch program {
        case "env":
            return unwrapEnv(invocation)
        case "script":
            return unwrapScript(invocation)
        case "expect":
            return unwrapExpect(invocation)
        case "tmux":
            return unwrapTmux(invocation)
        case "screen":
            return unwrapScreen(invocation)
        case "xargs":
            let rest = Self.dropOptions(
                invocation.arguments,
                optionsWithValue: [
                    "-I", "-L", "-n", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-procs",
                    "--delimiter", "--arg-file", "--max-lines", "--replace", "--eof",
                ])
            var inner = invocation
            inner.takesRuntimeArguments = true
            if rest.isEmpty { return true }
            // Text piped into xargs becomes arguments: `echo 'rm -rf /' | xargs -0 sh -c`.
            if case .text(let text, let span, _) = invocation.standardInput {
                let whole = invocation.hasFlag("-0", "--null") || invocation.option("-d", "--delimiter") != nil
                let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
                let words = whole ? [trimmed] : trimmed.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
                inner.takesRuntimeArguments = false
                inner.standardInput = .terminal
                return rewrap(inner, rest + words.map { Argument(text: $0, span: span) }, wrapper: "xargs")
            }
            return rewrap(inner, rest, wrapper: "xargs")
        case "watch":
            let rest = Self.dropOptions(
                invocation.arguments, optionsWithValue: ["-n", "--interval", "-q", "--equexit", "--differences"])
            if invocation.hasFlag("-x", "--exec") { return rewrap(invocation, rest, wrapper: "watch") }
            return runShellWords(invocation, rest, wrapper: "watch")
        case "find":
            analyzeFindExec(invocation)
            return false
        case "aws-vault":
            // `aws-vault exec PROFILE -- cmd` runs cmd with that profile's credentials.
            let positionals = invocation.positionals(optionsWithValues: ["--duration", "--region", "--mfa-token", "-d", "-t"])
            guard positionals.first?.text == "exec", positionals.count >= 3,
                let profileIndex = invocation.arguments.firstIndex(where: {
                    $0.span == positionals[1].span && $0.text == positionals[1].text
                })
            else { return false }
            var inner = invocation
            if let profile = positionals[1].text { inner.assignments["AWS_PROFILE"] = profile }
            // The command is everything after the profile (and its own options), with `--` dropped.
            let command = Self.dropOptions(
                Array(invocation.arguments[(profileIndex + 1)...]), optionsWithValue: ["--duration", "--region", "--mfa-token", "-d", "-t"])
            return rewrap(inner, command, wrapper: "aws-vault exec")
        default:
            break
        }
        for prefix in Self.runnerPrefixes where prefix[0] == program {
            let words = invocation.arguments.map(\.text)
            guard words.count >= prefix.count - 1,
                zip(prefix.dropFirst(), words).allSatisfy({ $0 == $1 })
            else { continue }
            let afterPrefix = Array(invocation.arguments.dropFirst(prefix.count - 1))
            let rest = Self.dropOptions(
                afterPrefix,
                optionsWithValue: [
                    "-p", "--package", "-c", "--call", "--with", "--from", "-e", "--env-file", "--project", "--config", "-e",
                ])
            guard !rest.isEmpty else { return false }
            return rewrap(invocation, rest, wrapper: prefix.joined(separator: " "))
        }
        return false
    }

    /// Drops leading options (and the values of those that take one) up to the first operand.
    static func dropOptions(_ arguments: [Argument], optionsWithValue: Set<String>) -> [Argument] {
        var index = 0
        while index < arguments.count {
            guard let text = arguments[index].text else { break }
            if text == "--" { return Array(arguments.dropFirst(index + 1)) }
            guard text.hasPrefix("-"), text.count > 1 else { break }
            if optionsWithValue.contains(text) {
                index += 2
                continue
            }
            if text.hasPrefix("--"), text.contains("=") {
                index += 1
                continue
            }
            index += 1
        }
        return Array(arguments.dropFirst(min(index, arguments.count)))
    }

    /// Analyses `rest` as the command a wrapper runs.
    mutating func rewrap(_ invocation: Invocation, _ rest: [Argument], wrapper: String) -> Bool {
        guard let first = rest.first else { return true }
        guard let name = first.text else {
            record(
                opaque(
                    "shell.dynamic-command",
                    "\(wrapper) runs a program computed at run time (\(first.approximation))", span: first.span))
            return true
        }
        var inner = invocation
        inner.program = Self.programName(name)
        inner.programSpan = first.span
        inner.arguments = Array(rest.dropFirst())
        inner.wrappers.append(wrapper)
        trace.append("\(wrapper) wraps \(inner.program)")
        analyze(inner)
        return true
    }

    mutating func unwrapEnv(_ invocation: Invocation) -> Bool {
        var inner = invocation
        var arguments = invocation.arguments[...]
        // `env -C DIR cmd` runs cmd in DIR.
        var directory: Argument?
        while let argument = arguments.first, let text = argument.text {
            if text == "--" {
                arguments = arguments.dropFirst()
                break
            } else if ["-C", "--chdir"].contains(text) {
                directory = arguments.dropFirst().first
                arguments = arguments.dropFirst(2)
            } else if text.hasPrefix("--chdir=") {
                directory = Argument(text: String(text.dropFirst("--chdir=".count)), span: argument.span)
                arguments = arguments.dropFirst()
            } else if ["-u", "--unset"].contains(text) {
                arguments = arguments.dropFirst(2)
            } else if text == "--split-string" || text.hasPrefix("--split-string=")
                || (text.hasPrefix("-") && !text.hasPrefix("--") && text.contains("S"))
            {
                // `env -S 'terraform destroy'` (also `-S'…'`, `-iS…`) splits its argument into words.
                var attached: String?
                if text.hasPrefix("--split-string=") {
                    attached = String(text.dropFirst("--split-string=".count))
                } else if let index = text.firstIndex(of: "S"), text.index(after: index) < text.endIndex {
                    attached = String(text[text.index(after: index)...])
                }
                let value = attached ?? arguments.dropFirst().first?.text ?? ""
                let split = value.split(separator: " ").map { Argument(text: String($0), span: argument.span) }
                arguments = arguments.dropFirst(attached != nil ? 1 : 2)
                return inDirectory(directory) { $0.rewrap(inner, split + arguments, wrapper: "env -S") }
            } else if text.hasPrefix("-") {
                arguments = arguments.dropFirst()
            } else if let equals = text.firstIndex(of: "="), text.first != "=" {
                inner.assignments[String(text[..<equals])] = String(text[text.index(after: equals)...])
                arguments = arguments.dropFirst()
            } else {
                break
            }
        }
        if arguments.isEmpty {
            record(
                Effect(
                    ruleID: "shell.read-only-program", effectClass: .read, tool: "shell",
                    message: "env prints the environment", span: invocation.programSpan),
                family: nil, invocation: invocation)
            return true
        }
        return inDirectory(directory) { $0.rewrap(inner, Array(arguments), wrapper: "env") }
    }

    /// A stand-in for the files `find` finds when its name filters (`-name __pycache__`,
    /// `-name '*.pyc'`) all name regenerated files and none is negated: `ROOT/__pycache__`.
    static func foundFileName(_ arguments: [Argument]) -> String? {
        var patterns: [String] = []
        for (index, argument) in arguments.enumerated() {
            let text = argument.text ?? ""
            if text == "!" || text == "-not" || text == "-o" || text == "-or" { return nil }
            if ["-exec", "-execdir", "-ok", "-okdir"].contains(text) { break }
            if ["-name", "-iname"].contains(text), index + 1 < arguments.count {
                guard let pattern = arguments[index + 1].text else { return nil }
                patterns.append(pattern)
            }
        }
        guard let pattern = patterns.first, patterns.allSatisfy(FilesystemRules.namesRegeneratedFiles) else { return nil }
        let root = arguments.first.flatMap { $0.text }.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "."
        return root + "/" + pattern.replacingAll("*", with: "found")
    }

    /// `find … -exec cmd {} ;` runs cmd once per file found.
    mutating func analyzeFindExec(_ invocation: Invocation) {
        var index = 0
        let arguments = invocation.arguments
        while index < arguments.count {
            let text = arguments[index].text ?? ""
            guard ["-exec", "-execdir", "-ok", "-okdir"].contains(text) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < arguments.count, arguments[end].text != ";", arguments[end].text != "+" { end += 1 }
            let found = Self.foundFileName(arguments)
            let command = arguments[(index + 1)..<end].map { argument -> Argument in
                guard argument.text == "{}" else { return argument }
                // Where every name filter names regenerated files, what find hands over is one of them.
                return found.map { Argument(text: $0, span: argument.span) }
                    ?? Argument(text: nil, approximation: "{found file}", span: argument.span)
            }
            var inner = invocation
            inner.takesRuntimeArguments = true
            // -execdir/-okdir run the command in each found file's directory.
            let known = context.isDirectoryKnown
            if text.hasSuffix("dir") { context.isDirectoryKnown = false }
            _ = rewrap(inner, Array(command), wrapper: "find \(text)")
            context.isDirectoryKnown = known
            index = end + 1
        }
    }

    // MARK: - Interpreters

    /// Shells, `eval`, `ssh`, `kubectl exec`, `docker exec` and language interpreters given
    /// inline code; returns true when the invocation was handled here.
    mutating func interpret(_ invocation: Invocation) -> Bool {
        let program = invocation.program
        if Self.shells.contains(program) { return interpretShell(invocation) }
        // A script run by its path (`./deploy.sh`): what it runs, read from the file.
        if ["make", "gmake", "just"].contains(program) { runRecipes(invocation) }
        if let path = invocation.programPath {
            runScriptFile(
                Paths.resolve(path, cwd: context.cwd, home: context.home), span: invocation.span, invocation: invocation,
                wrapper: path)
        }
        switch program {
        case "eval":
            return runShellWords(invocation, invocation.arguments, wrapper: "eval", sameShell: true)
        case "trap":
            // `trap 'cmd' EXIT` runs cmd later in the same shell.
            let operands = invocation.arguments.drop { $0.text == "--" || $0.text == "-p" || $0.text == "-l" }
            guard let action = operands.first, operands.count >= 2 else { return false }
            return runShellString(invocation, action, wrapper: "trap")
        case "source", ".":
            if let script = invocation.arguments.first,
                let path = script.text.map({ Paths.resolve($0, cwd: context.cwd, home: context.home) })
            {
                if let text = scope.writtenFiles[path] {
                    return runShellText(
                        text, span: script.span, exact: false, invocation: invocation, wrapper: "\(program) \(script.approximation)",
                        sameShell: true)
                }
                runScriptFile(path, span: script.span, invocation: invocation, wrapper: "\(program) \(script.approximation)")
            }
            record(
                Effect(
                    ruleID: "shell.script-file", effectClass: .write, tool: "shell",
                    message: "\(program) runs the commands in \(invocation.words.first ?? "a file"), which are not checked here",
                    safer: "Run the script's commands directly so each one is checked", span: invocation.span),
                family: nil, invocation: invocation)
            return true
        case "ssh":
            return interpretSSH(invocation)
        case "kubectl", "oc":
            return interpretKubectlExec(invocation)
        case "docker", "podman", "nerdctl", "docker-compose", "podman-compose":
            return interpretContainerExec(invocation)
        default:
            break
        }
        if InlineCode.interpreters[program] != nil { return interpretInlineCode(invocation) }
        return false
    }

    mutating func interpretShell(_ invocation: Invocation) -> Bool {
        let arguments = invocation.arguments
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard let text = argument.text else { break }
            if text == "-o" || text == "+o" || text == "-O" || text == "+O" || text == "--rcfile" || text == "--init-file" {
                index += 2
                continue
            }
            if text.hasPrefix("--") || text.hasPrefix("+") {
                index += 1
                continue
            }
            if text.hasPrefix("-"), text.count > 1 {
                if text.contains("c") {
                    return runShellString(invocation, arguments.dropFirst(index + 1).first, wrapper: "\(invocation.program) -c")
                }
                index += 1
                continue
            }
            break
        }
        if index < arguments.count {
            let script = arguments[index]
            if let path = script.text.map({ Paths.resolve($0, cwd: context.cwd, home: context.home) }) {
                if let text = scope.writtenFiles[path] {
                    return runShellText(
                        text, span: script.span, exact: false, invocation: invocation,
                        wrapper: "\(invocation.program) \(script.approximation)")
                }
                runScriptFile(path, span: script.span, invocation: invocation, wrapper: "\(invocation.program) \(script.approximation)")
            }
            record(
                Effect(
                    ruleID: "shell.script-file", effectClass: .write, tool: "shell",
                    message: "\(invocation.program) runs the script \(script.approximation), whose commands are not checked here",
                    safer: "Run the script's commands directly so each one is checked", span: invocation.span),
                family: nil, invocation: invocation)
            return true
        }
        // No -c and no script: the shell reads its commands from standard input.
        switch invocation.standardInput {
        case .text(let text, let span, let isExact):
            return runShellText(
                text, span: span, exact: isExact, invocation: invocation, wrapper: "\(invocation.program) reading standard input")
        case .pipe(let from, _):
            let downloaded = ["curl", "wget", "fetch", "http", "https", "iwr"].contains(from)
            let decoded = from.contains("decode") || ["xxd", "openssl", "gunzip", "zcat", "rev", "tr"].contains(from)
            record(
                opaque(
                    downloaded ? "shell.download-piped-to-shell" : decoded ? "shell.decoded-piped-to-shell" : "shell.piped-to-shell",
                    downloaded
                        ? "A script downloaded by \(from) is piped into \(invocation.program) and runs unseen"
                        : "The output of \(from) is piped into \(invocation.program) and runs as commands nobody has checked",
                    span: invocation.span))
            return true
        case .file(let path, let span):
            runScriptFile(
                Paths.resolve(path, cwd: context.cwd, home: context.home), span: span, invocation: invocation,
                wrapper: "\(invocation.program) < \(path)")
            record(
                Effect(
                    ruleID: "shell.script-file", effectClass: .write, tool: "shell",
                    message: "\(invocation.program) runs the commands in \(path), which are not checked here",
                    safer: "Run the script's commands directly so each one is checked", span: invocation.span),
                family: nil, invocation: invocation)
            return true
        case .terminal:
            record(
                Effect(
                    ruleID: "shell.interactive-shell", effectClass: .opaque, tool: "shell",
                    message: "\(invocation.program) starts an interactive shell whose commands cannot be checked",
                    span: invocation.span),
                family: nil, invocation: invocation)
            return true
        }
    }

    /// The commands a script file would run, read by the edge (`AnalysisContext.readScript`),
    /// judged as what they are: a shell script's command lines, or the shell commands a Python,
    /// Node, Perl, Ruby or PHP file spells out in `os.system("…")` and the like. Only what is
    /// recognised is added; what the file does beyond that (its loops, its `eval`s, library calls
    /// that delete) stays as the caller records it, so a build script nobody needs to ask about
    /// is not made opaque by its own internals.
    mutating func runScriptFile(
        _ path: String, span: SourceSpan, invocation: Invocation, wrapper: String, language: InlineCode.Language? = nil
    ) {
        guard let text = context.readScript?(path) else { return }
        if text == AnalysisContext.scriptTooLarge {
            record(
                opaque(
                    "shell.script-too-large", "\(wrapper) runs a file too large to read (over 256 KiB): its commands cannot be checked",
                    span: span))
            return
        }
        runScriptText(text, span: span, invocation: invocation, wrapper: wrapper, language: language)
    }

    /// What `runScriptFile` judges, for text already in hand (a make recipe).
    mutating func runScriptText(
        _ text: String, span: SourceSpan, invocation: Invocation, wrapper: String, language: InlineCode.Language? = nil
    ) {
        let start = effects.count
        let overridden = spanOverride
        spanOverride = spanOverride ?? span
        defer { spanOverride = overridden }
        let language = language ?? InlineCode.language(ofScript: text)
        if let language {
            for command in InlineCode.analyze(text, language: language).shellCommands {
                _ = runShellText(command, span: span, exact: false, invocation: invocation, wrapper: "\(wrapper) (the file)")
            }
        } else if InlineCode.isShellScript(text) {
            _ = runShellText(text, span: span, exact: false, invocation: invocation, wrapper: "\(wrapper) (the file)")
        }
        var added = Array(effects[start...])
        effects.removeSubrange(start...)
        // A script's own dynamic parts stay as they were; a payload it decodes or downloads into
        // a shell is opaque wherever it is written.
        let kept: Set<String> = ["shell.decoded-piped-to-shell", "shell.download-piped-to-shell"]
        added.removeAll { ($0.effectClass == .opaque || $0.effectClass == .unknown) && !kept.contains($0.ruleID) }
        effects += added
    }

    /// `make destroy`, `just deploy`: the recipes of the targets named (or the first one), and of
    /// the targets they depend on, read from the Makefile or justfile and judged as shell lines.
    mutating func runRecipes(_ invocation: Invocation) {
        let isJust = invocation.program == "just"
        var directory = context.cwd
        var file: String?
        var targets: [String] = []
        var arguments = invocation.arguments[...]
        while let argument = arguments.popFirst() {
            guard let text = argument.text else { continue }
            if ["-C", "--directory", "-d", "--working-directory"].contains(text), let value = arguments.popFirst()?.text {
                directory = Paths.resolve(value, cwd: context.cwd, home: context.home)
            } else if ["-f", "--file", "--makefile", "--justfile"].contains(text), let value = arguments.popFirst()?.text {
                file = value
            } else if text.hasPrefix("--file=") || text.hasPrefix("--makefile=") || text.hasPrefix("--justfile=") {
                file = String(text.drop { $0 != "=" }.dropFirst())
            } else if text.hasPrefix("-f"), text.count > 2, !isJust {
                file = String(text.dropFirst(2))
            } else if !text.hasPrefix("-"), !text.contains("=") {
                targets.append(text)
            }
        }
        let names = file.map { [$0] } ?? (isJust ? ["justfile", "Justfile", ".justfile"] : ["GNUmakefile", "makefile", "Makefile"])
        for name in names {
            let path = Paths.resolve(name, cwd: directory, home: context.home)
            guard let text = context.readScript?(path), text != AnalysisContext.scriptTooLarge else { continue }
            let recipes = Self.recipes(text, indentedBySpaces: isJust)
            var wanted = targets.isEmpty ? Array(recipes.order.prefix(1)) : targets
            var seen: Set<String> = []
            var lines: [String] = []
            while let target = wanted.first, seen.count < 32 {
                wanted.removeFirst()
                guard seen.insert(target).inserted, let recipe = recipes.byName[target] else { continue }
                wanted += recipe.prerequisites
                lines += recipe.lines
            }
            if !lines.isEmpty {
                runScriptText(
                    lines.joined(separator: "\n"), span: invocation.span, invocation: invocation,
                    wrapper: "\(invocation.program) \(targets.joined(separator: " ")) (\(name))")
            }
            return
        }
    }

    /// A Makefile's or justfile's targets: their prerequisites and recipe lines (make's `@ - +`
    /// prefixes dropped). Enough to see which commands a target runs, not a make implementation.
    static func recipes(_ text: String, indentedBySpaces: Bool) -> (
        byName: [String: (prerequisites: [String], lines: [String])], order: [String]
    ) {
        var byName: [String: (prerequisites: [String], lines: [String])] = [:]
        var order: [String] = []
        var current: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indented = line.hasPrefix("\t") || (indentedBySpaces && line.hasPrefix(" "))
            if indented, !current.isEmpty {
                var command = Substring(line.drop { $0 == "\t" || $0 == " " })
                while let first = command.first, "@-+".contains(first) { command = command.dropFirst() }
                for target in current { byName[target]?.lines.append(String(command)) }
                continue
            }
            current = []
            guard !line.hasPrefix("#"), !line.hasPrefix("."), let colon = line.firstIndex(of: ":"),
                !line[line.index(after: colon)...].hasPrefix("=")
            else { continue }
            let names = line[..<colon].split(separator: " ").map { String($0.prefix { $0 != "(" }) }.filter {
                !$0.isEmpty && !$0.contains("=")
            }
            let prerequisites = line[line.index(after: colon)...].split(separator: "#").first?.split(separator: " ").map(String.init) ?? []
            for name in names {
                if byName[name] == nil {
                    byName[name] = ([], [])
                    order.append(name)
                }
                byName[name]?.prerequisites += prerequisites
            }
            current = names
        }
        return (byName, order)
    }

    /// Runs the text of one argument as a shell script (`bash -c '…'`).
    mutating func runShellString(_ invocation: Invocation, _ argument: Argument?, wrapper: String) -> Bool {
        guard let argument else { return true }
        guard let text = argument.text else {
            record(
                opaque(
                    "shell.dynamic-script", "\(wrapper) runs a script only known at run time (\(argument.approximation))",
                    span: argument.span))
            return true
        }
        return runShellText(text, span: argument.span, exact: true, invocation: invocation, wrapper: wrapper)
    }

    /// Runs words joined by spaces as a script (`eval a b`, `ssh host a b`, `watch a b`).
    mutating func runShellWords(_ invocation: Invocation, _ words: [Argument], wrapper: String, sameShell: Bool = false) -> Bool {
        guard let first = words.first, let last = words.last else { return true }
        if let dynamic = words.first(where: \.isDynamic) {
            record(
                opaque("shell.dynamic-script", "\(wrapper) runs code only known at run time (\(dynamic.approximation))", span: dynamic.span)
            )
            return true
        }
        let text = words.map(\.approximation).joined(separator: " ")
        let single = words.count == 1
        return runShellText(
            text, span: first.span.union(last.span), exact: single, invocation: invocation, wrapper: wrapper, sameShell: sameShell)
    }

    /// Runs text as a script: in a shell of its own (`bash -c`, `ssh host`, `watch`), whose `cd`
    /// moves only itself, or with `sameShell` in this one (`eval`, `source`), whose `cd` stays.
    mutating func runShellText(
        _ text: String, span: SourceSpan, exact: Bool, invocation: Invocation, wrapper: String, sameShell: Bool = false
    ) -> Bool {
        guard nesting < Self.maximumNesting else {
            record(opaque("shell.too-deep", "\(wrapper) nests shells deeper than \(Self.maximumNesting) levels", span: span))
            return true
        }
        // When the text is a verbatim slice of the input (inside quotes or not), spans map exactly.
        var base: Int?
        if exact, spanOverride == nil {
            let bytes = Array(text.utf8)
            for offset in [span.start, span.start + 1, span.start + 2] where offset >= 0 && offset + bytes.count <= source.count {
                if Array(source[offset..<(offset + bytes.count)]) == bytes {
                    base = offset
                    break
                }
            }
        }
        var parser = ShellParser(bytes: Array(text.utf8), baseOffset: base ?? 0, depth: 0)
        let script: Script
        do {
            script = try parser.parseWholeScript()
        } catch {
            record(
                Effect(
                    ruleID: "shell.unparsable-script", effectClass: .unknown, tool: "shell",
                    message: "\(wrapper) runs text that is not valid shell: \(error.message)",
                    safer: "Write the command so it parses", span: span))
            return true
        }
        trace.append("\(wrapper) runs: \(text.count > 200 ? String(text.prefix(200)) + "…" : text)")
        let savedOverride = spanOverride
        let savedHints = inheritedHints
        if base == nil { spanOverride = spanOverride ?? span }
        nesting += 1
        // Variables set on the outer command are in the inner shell's environment.
        let savedScope = scope
        let savedDirectory = directoryState
        for (name, value) in invocation.assignments { scope.variables[name] = .some(value) }
        analyze(script)
        scope = savedScope
        if !sameShell { directoryState = savedDirectory }
        nesting -= 1
        spanOverride = savedOverride
        inheritedHints = savedHints
        return true
    }

    mutating func interpretSSH(_ invocation: Invocation) -> Bool {
        let positionals = invocation.positionals(
            optionsWithValues: [
                "-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-E", "-e", "-I",
                "-m", "-O", "-Q", "-S", "-W", "-w", "-B",
            ])
        guard let host = positionals.first,
            let hostIndex = invocation.arguments.firstIndex(where: { $0.span == host.span && $0.text == host.text })
        else { return false }
        // Everything after the host is the remote command, its own options included.
        let remote = Array(invocation.arguments[(hostIndex + 1)...])
        // `-o ProxyCommand=…` and `-o LocalCommand=…` run on this machine.
        for option in invocation.arguments.indices where (invocation.arguments[option].text ?? "").hasPrefix("-o") {
            let text =
                invocation.arguments[option].text == "-o"
                ? invocation.arguments.dropFirst(option + 1).first?.text ?? ""
                : String((invocation.arguments[option].text ?? "").dropFirst(2))
            for key in ["proxycommand", "localcommand", "knownhostscommand"] where text.lowercased().hasPrefix(key) {
                let value = text.dropFirst(key.count).drop { $0 == "=" || $0 == " " }
                _ = runShellText(
                    String(value), span: invocation.arguments[option].span, exact: false, invocation: invocation, wrapper: "ssh -o \(key)")
            }
        }
        let hostName = host.approximation.split(separator: "@").last.map(String.init) ?? host.approximation
        let hint = TargetHint(.host, hostName, source: "ssh host \(host.approximation)")
        // `ssh -N -L 9999:db:5432 host`: only a tunnel, no command runs on the host.
        if remote.isEmpty, invocation.hasFlag("-N") {
            var tunnel = Effect(
                ruleID: "shell.ssh-tunnel", effectClass: .read, tool: "ssh",
                message: "ssh only forwards ports to \(hostName) (-N runs no command there)", span: invocation.span)
            tunnel.locality = .here
            record(tunnel, family: nil, invocation: invocation)
            return true
        }
        guard !remote.isEmpty else {
            let savedHints = inheritedHints
            inheritedHints.insert(hint, at: 0)
            record(
                Effect(
                    ruleID: "shell.remote-shell", effectClass: .opaque, tool: "ssh",
                    message: "ssh opens an interactive shell on \(hostName); its commands cannot be checked",
                    safer: "Pass the command to ssh so it is checked", span: invocation.span),
                family: nil, invocation: invocation)
            inheritedHints = savedHints
            return true
        }
        let savedHints = inheritedHints
        inheritedHints.insert(hint, at: 0)
        _ = runShellWords(invocation, remote, wrapper: "ssh \(hostName)")
        inheritedHints = savedHints
        return true
    }

    mutating func interpretKubectlExec(_ invocation: Invocation) -> Bool {
        let globals: Set<String> = [
            "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server", "-c", "--container", "-f",
            "--filename",
        ]
        let positionals = invocation.positionals(optionsWithValues: globals)
        guard positionals.first?.text == "exec" || positionals.first?.text == "debug",
            let dash = invocation.arguments.firstIndex(where: { $0.text == "--" })
        else { return false }
        var hints = KubernetesHints.find(invocation, context)
        if hints.isEmpty, let current = context.workspace.kubeContext {
            hints.append(TargetHint(.kubeContext, current, source: "the current kube context"))
        }
        let savedHints = inheritedHints
        inheritedHints = hints + inheritedHints
        _ = rewrap(invocation, Array(invocation.arguments[(dash + 1)...]), wrapper: "\(invocation.program) exec")
        inheritedHints = savedHints
        // The exec itself is a write into a running container.
        return false
    }

    mutating func interpretContainerExec(_ invocation: Invocation) -> Bool {
        let options: Set<String> = [
            "-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys", "-H", "--host", "--context", "-f", "--file",
            "-p", "--project-name",
        ]
        let positionals = invocation.positionals(optionsWithValues: options)
        let isCompose = positionals.first?.text == "compose" && !invocation.program.hasSuffix("-compose")
        let words = isCompose ? Array(positionals.dropFirst()) : positionals
        guard words.first?.text == "exec", words.count >= 3 else { return false }
        // Positionals after the container (or service) name are the command; take them from
        // the raw arguments so the command's own options are kept.
        guard let containerIndex = invocation.arguments.firstIndex(where: { $0.span == words[1].span && $0.text == words[1].text }) else {
            return false
        }
        let command = Array(invocation.arguments[(containerIndex + 1)...])
        // The command inside lands wherever the container's engine is (`--context`, `-H`, DOCKER_HOST).
        let savedHints = inheritedHints
        inheritedHints = ContainerRules.family.hints(for: invocation, in: context) + inheritedHints
        _ = rewrap(invocation, command, wrapper: "\(invocation.program) exec \(words[1].approximation)")
        inheritedHints = savedHints
        return false
    }

    mutating func interpretInlineCode(_ invocation: Invocation) -> Bool {
        guard let language = InlineCode.interpreters[invocation.program] else { return false }
        guard let code = invocation.optionArgument(language.codeFlags) else {
            // `python3 tool.py`: the shell commands the file spells out are judged.
            if let file = invocation.positionals().first, let name = file.text, !name.hasPrefix("-") || name == "-" {
                if name != "-" {
                    runScriptFile(
                        Paths.resolve(name, cwd: context.cwd, home: context.home), span: file.span, invocation: invocation,
                        wrapper: "\(invocation.program) \(name)", language: language)
                    return false
                }
            }
            // `python3 - < tool.py`, `node < tool.js`: the program is read from standard input.
            if case .file(let path, let span) = invocation.standardInput {
                runScriptFile(
                    Paths.resolve(path, cwd: context.cwd, home: context.home), span: span, invocation: invocation,
                    wrapper: "\(invocation.program) < \(path)", language: language)
            }
            return false
        }
        let analysis = InlineCode.analyze(code.value, language: language)
        if InlineCode.couldChangeFiles(code.value),
            let fragment = ProtectedPaths.agentConfiguration.first(where: { code.value.contains($0) })
                ?? (code.value.contains("blastwall") ? "blastwall" : nil)
        {
            record(
                Effect(
                    ruleID: "shell.inline-code-guard-tamper", effectClass: .guardTamper, tool: invocation.program,
                    message:
                        "\(invocation.program) runs inline code that names \(fragment), which holds Blastwall's policy or an agent's hooks",
                    safer: "Change policy and hook configuration yourself, outside the agent", span: code.span),
                family: nil, invocation: invocation)
        }
        for command in analysis.shellCommands {
            _ = runShellText(command, span: code.span, exact: false, invocation: invocation, wrapper: "\(invocation.program) inline code")
        }
        if let reason = analysis.opaqueReason {
            record(
                Effect(
                    ruleID: "shell.inline-code", effectClass: .opaque, tool: invocation.program,
                    message: "\(invocation.program) runs inline code that \(reason)",
                    safer: "Run the commands the code would run directly, so each one is checked", span: code.span),
                family: nil, invocation: invocation)
        } else {
            record(
                Effect(
                    ruleID: "shell.inline-code-plain", effectClass: .write, tool: invocation.program,
                    message: "\(invocation.program) runs inline code that neither runs commands nor deletes files",
                    span: code.span),
                family: nil, invocation: invocation)
        }
        return true
    }
}

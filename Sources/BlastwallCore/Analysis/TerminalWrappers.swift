/// Programs that only give a command a terminal of its own: `script -c`, `expect`'s `spawn`,
/// `tmux` and `screen` (a session, a window, keys typed into one). What they run is judged as
/// itself, the way `bash -c` is. (Wrappers that only change time or scheduling, such as
/// `faketime`, `unbuffer`, `stdbuf` and `setsid`, are plain entries of `wrapperOptions`.)
extension CommandAnalyzer {
    /// `script -qc 'CMD' /dev/null` (util-linux), `script -q /dev/null CMD …` (BSD, macOS).
    mutating func unwrapScript(_ invocation: Invocation) -> Bool {
        let options = ShortOptions(
            invocation.arguments, values: ["c", "E", "I", "O", "B", "T", "m", "o"],
            long: [
                "--command": "c", "--echo": "E", "--log-in": "I", "--log-out": "O", "--log-io": "B", "--log-timing": "T",
                "--logging-format": "m", "--output-limit": "o",
            ], permute: true)
        if let command = options.last("c") { return runShellString(invocation, command, wrapper: "script -c") }
        guard options.operands.count >= 2 else { return false }
        return rewrap(invocation, Array(options.operands.dropFirst()), wrapper: "script")
    }

    /// `expect -c 'spawn CMD; interact'`: each `spawn`, `exec` and `system` runs its command; text
    /// sent to a spawned shell (`send "CMD\r"`) runs as a command line.
    mutating func unwrapExpect(_ invocation: Invocation) -> Bool {
        let options = ShortOptions(invocation.arguments, values: ["c", "f", "D"], permute: false)
        let scripts = options.all("c")
        guard !scripts.isEmpty else { return false }
        var drivesShell = false
        for script in scripts {
            guard let text = script.text else {
                record(
                    opaque(
                        "shell.dynamic-script", "expect runs a script only known at run time (\(script.approximation))", span: script.span))
                continue
            }
            for words in TclScript.commands(text) {
                guard let name = words.first ?? nil else { continue }
                let arguments = words.dropFirst().map { Argument(text: $0, span: script.span) }
                switch name {
                case "spawn", "exec":
                    let valued: Set<String> = ["-ignore", "-open"]
                    var rest = arguments[...]
                    while let first = rest.first?.text, first.hasPrefix("-") {
                        rest = rest.dropFirst(valued.contains(first) ? 2 : 1)
                        if first == "--" { break }
                    }
                    if let program = rest.first?.text, Self.shells.contains(Self.programName(program)), rest.count == 1 {
                        drivesShell = true
                        continue
                    }
                    _ = rewrap(invocation, Array(rest), wrapper: "expect \(name)")
                case "system":
                    _ = runShellWords(invocation, Array(arguments), wrapper: "expect system")
                case "send" where drivesShell:
                    let typed = arguments.filter { !($0.text ?? "").hasPrefix("-") }
                    guard typed.allSatisfy({ !$0.isDynamic }) else {
                        record(opaque("shell.dynamic-script", "expect types text only known at run time into a shell", span: script.span))
                        continue
                    }
                    let lines = typed.compactMap(\.text).joined(separator: " ").split(whereSeparator: { $0 == "\r" || $0 == "\n" })
                    for line in lines {
                        _ = runShellText(String(line), span: script.span, exact: false, invocation: invocation, wrapper: "expect send")
                    }
                default:
                    break
                }
            }
        }
        return true
    }

    /// Option letters that take a value, per tmux command (and its alias).
    static let tmuxCommands: [String: (canonical: String, values: Set<Character>)] = [
        "new-session": ("new-session", ["c", "e", "f", "F", "n", "s", "t", "x", "y"]),
        "new": ("new-session", ["c", "e", "f", "F", "n", "s", "t", "x", "y"]),
        "new-window": ("new-window", ["c", "e", "F", "n", "t"]), "neww": ("new-window", ["c", "e", "F", "n", "t"]),
        "split-window": ("new-window", ["c", "e", "l", "t", "F", "p"]), "splitw": ("new-window", ["c", "e", "l", "t", "F", "p"]),
        "respawn-pane": ("new-window", ["c", "e", "t"]), "respawnp": ("new-window", ["c", "e", "t"]),
        "respawn-window": ("new-window", ["c", "e", "t"]), "respawnw": ("new-window", ["c", "e", "t"]),
        "display-popup": ("new-window", ["b", "c", "d", "e", "h", "s", "S", "t", "T", "w", "x", "y"]),
        "popup": ("new-window", ["b", "c", "d", "e", "h", "s", "S", "t", "T", "w", "x", "y"]),
        "run-shell": ("run-shell", ["c", "d", "t"]), "run": ("run-shell", ["c", "d", "t"]),
        "pipe-pane": ("run-shell", ["t"]), "pipep": ("run-shell", ["t"]),
        "if-shell": ("if-shell", ["t"]), "if": ("if-shell", ["t"]),
        "send-keys": ("send-keys", ["N", "t"]), "send": ("send-keys", ["N", "t"]),
    ]

    /// `tmux new-session -d 'CMD'`, `tmux new -d CMD …`, `tmux send-keys -t x 'CMD' Enter`,
    /// `tmux run-shell CMD`, commands chained with `\;`; `-c DIR` is where a new pane starts.
    mutating func unwrapTmux(_ invocation: Invocation) -> Bool {
        let global = ShortOptions(invocation.arguments, values: ["c", "f", "L", "S", "T"], permute: false)
        if let command = global.last("c") { return runShellString(invocation, command, wrapper: "tmux -c") }
        var handled = false
        var commands: [[Argument]] = [[]]
        for argument in global.operands {
            if argument.text == ";" {
                commands.append([])
            } else if let text = argument.text, text.hasSuffix(";"), !text.hasSuffix("\\;"), text.count > 1 {
                commands[commands.count - 1].append(Argument(text: String(text.dropLast()), span: argument.span))
                commands.append([])
            } else {
                commands[commands.count - 1].append(argument)
            }
        }
        for words in commands {
            guard let name = words.first?.text, let (canonical, values) = Self.tmuxCommands[name] else { continue }
            let options = ShortOptions(Array(words.dropFirst()), values: values, permute: false)
            let operands = options.operands
            switch canonical {
            case "new-session", "new-window":
                guard let first = operands.first else { continue }
                handled = true
                _ = inDirectory(options.last("c")) { analyzer in
                    operands.count == 1
                        ? analyzer.runShellString(invocation, first, wrapper: "tmux \(name)")
                        : analyzer.rewrap(invocation, operands, wrapper: "tmux \(name)")
                }
            case "run-shell":
                guard let first = operands.first else { continue }
                handled = true
                _ = inDirectory(options.last("c")) { $0.runShellString(invocation, first, wrapper: "tmux \(name)") }
            case "if-shell":
                guard let condition = operands.first else { continue }
                handled = true
                _ = runShellString(invocation, condition, wrapper: "tmux if-shell")
                // The branches are tmux commands themselves.
                for branch in operands.dropFirst().prefix(2) {
                    guard let text = branch.text else {
                        record(opaque("shell.dynamic-script", "tmux if-shell runs a command only known at run time", span: branch.span))
                        continue
                    }
                    _ = runShellText("tmux " + text, span: branch.span, exact: false, invocation: invocation, wrapper: "tmux if-shell")
                }
            case "send-keys":
                if options.has("X") || options.has("H") { continue }
                handled = true
                typeKeys(operands, literal: options.has("l"), invocation: invocation, wrapper: "tmux \(name)")
            default:
                break
            }
        }
        return handled
    }

    /// Keys typed into a shell (`tmux send-keys 'CMD' Enter`, `screen -X stuff 'CMD^M'`): every
    /// line, and what is left typed at the prompt, runs as a command line.
    mutating func typeKeys(_ keys: [Argument], literal: Bool, invocation: Invocation, wrapper: String) {
        guard let first = keys.first, let last = keys.last else { return }
        let span = first.span.union(last.span)
        if let dynamic = keys.first(where: \.isDynamic) {
            record(
                opaque(
                    "shell.dynamic-script", "\(wrapper) types text only known at run time (\(dynamic.approximation))", span: dynamic.span))
            return
        }
        var lines: [String] = []
        var line = ""
        for key in keys.compactMap(\.text) {
            switch literal ? "" : key {
            case "Enter", "C-m", "KPEnter", "C-j":
                lines.append(line)
                line = ""
            case "Space": line += " "
            case "Tab", "C-i": line += "\t"
            case "C-c", "C-u": line = ""
            case _ where !literal && Self.isKeyName(key): break
            default: line += key
            }
        }
        lines.append(line)
        for text in lines.flatMap({ $0.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) }) {
            _ = runShellText(String(text), span: span, exact: keys.count == 1, invocation: invocation, wrapper: wrapper)
        }
    }

    /// tmux key names other than the ones `typeKeys` turns into text: `C-x`, `M-x`, `Escape`, `Up`, `F5`…
    static func isKeyName(_ key: String) -> Bool {
        if key.count >= 3, ["C-", "M-", "S-"].contains(String(key.prefix(2))) { return true }
        if key.count >= 2, key.first == "F", key.dropFirst().allSatisfy(\.isNumber) { return true }
        return [
            "Escape", "BSpace", "Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "PgUp", "PgDn", "PPage",
            "NPage", "IC", "DC", "Insert", "Delete", "BTab", "Any",
        ].contains(key) || key.hasPrefix("KP")
    }

    /// `screen -dm CMD …`, `screen -S name -X stuff 'CMD^M'`, `screen -X screen CMD`.
    mutating func unwrapScreen(_ invocation: Invocation) -> Bool {
        let options = ShortOptions(
            invocation.arguments, values: ["c", "e", "h", "p", "s", "S", "t", "T"],
            long: ["-Logfile": "L", "-ls": "l", "-list": "l", "-wipe": "w", "-fn": "f", "-fa": "f", "-ln": "n"], permute: false)
        let operands = options.operands
        guard let first = operands.first else { return false }
        guard options.has("X") else {
            // `screen -r NAME`, `screen -x NAME`, `screen -d NAME` name a session to attach or detach.
            if options.has("r") || options.has("R") || options.has("x") || (options.has("d") || options.has("D")) && !options.has("m") {
                return false
            }
            return rewrap(invocation, operands, wrapper: "screen")
        }
        switch first.text {
        case "stuff":
            let typed = operands.dropFirst().map { argument in
                argument.text.map {
                    Argument(
                        text: $0.replacingAll("^M", with: "\n").replacingAll("\\n", with: "\n").replacingAll("\\r", with: "\n")
                            .replacingAll("\\015", with: "\n"), span: argument.span)
                } ?? argument
            }
            typeKeys(Array(typed), literal: true, invocation: invocation, wrapper: "screen -X stuff")
            return true
        case "screen", "exec":
            let command = operands.dropFirst().drop { ($0.text ?? "").hasPrefix("-") || ($0.text ?? "").hasPrefix("!") || $0.text == "." }
            return rewrap(invocation, Array(command), wrapper: "screen -X \(first.approximation)")
        default:
            return false
        }
    }
}

/// Tcl's word rules, enough to find the commands an expect script runs: words split on blanks,
/// commands on newlines and `;`, `{…}` literal, `"…"` with backslash escapes. A word with a
/// `$variable` or a `[command]` in it is only known at run time (nil).
enum TclScript {
    static func commands(_ script: String) -> [[String?]] {
        var commands: [[String?]] = []
        var words: [String?] = []
        let characters = Array(script)
        var index = 0
        func endCommand() {
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" {
                index += 1
            } else if character == "\n" || character == ";" {
                endCommand()
                index += 1
            } else if character == "#", words.isEmpty {
                while index < characters.count, characters[index] != "\n" { index += 1 }
            } else if character == "{" {
                var depth = 1
                var word = ""
                index += 1
                while index < characters.count {
                    let next = characters[index]
                    index += 1
                    if next == "{" { depth += 1 }
                    if next == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    word.append(next)
                }
                words.append(word)
            } else {
                let quoted = character == "\""
                if quoted { index += 1 }
                var word = ""
                var known = true
                while index < characters.count {
                    let next = characters[index]
                    if quoted ? next == "\"" : (next == " " || next == "\t" || next == "\n" || next == ";") { break }
                    if next == "\\", index + 1 < characters.count {
                        let escaped = characters[index + 1]
                        word.append(["r": "\r", "n": "\n", "t": "\t"][escaped] ?? escaped)
                        index += 2
                        continue
                    }
                    if next == "$" || next == "[" { known = false }
                    word.append(next)
                    index += 1
                }
                if quoted { index += 1 }
                words.append(known ? word : nil)
            }
        }
        endCommand()
        return commands
    }
}

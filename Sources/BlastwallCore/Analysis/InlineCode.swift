/// Inline code given to a language interpreter (`python -c`, `node -e`, `perl -e`, `ruby -e`):
/// what it would run in a shell, and whether it does anything that cannot be checked.
enum InlineCode {
    struct Language: Sendable {
        let codeFlags: [String]
        /// Calls that run a shell command given as their first string argument.
        let shellCalls: [String]
        /// Calls that run programs, delete files or evaluate code in ways analysis cannot follow.
        let riskyCalls: [String]
    }

    static let python = Language(
        codeFlags: ["-c"],
        shellCalls: [
            "os.system(", "os.popen(", "subprocess.run(", "subprocess.call(", "subprocess.check_call(",
            "subprocess.check_output(", "subprocess.Popen(", "subprocess.getoutput(", "subprocess.getstatusoutput(",
        ],
        riskyCalls: [
            "os.system", "os.popen", "subprocess", "os.exec", "os.spawn", "pty.spawn", "shutil.rmtree",
            "os.remove", "os.unlink", "os.rmdir", "eval(", "exec(", "__import__", "compile(", "base64", "codecs.decode",
            "drop table", "drop database", "truncate",
        ])
    static let node = Language(
        codeFlags: ["-e", "--eval", "-p", "--print"],
        shellCalls: ["execSync(", "exec(", "spawnSync(", "spawn(", "execFileSync(", "execFile("],
        riskyCalls: [
            "child_process", "execSync", "spawn", "fs.rm", "rmSync", "unlink", "rmdir", "eval(",
            "Function(", "Buffer.from", "atob(", "drop table", "drop database", "truncate",
        ])
    static let perl = Language(
        codeFlags: ["-e", "-E"],
        shellCalls: ["system(", "system ", "exec(", "exec ", "qx(", "qx{", "`"],
        riskyCalls: [
            "system", "exec", "qx", "`", "unlink", "rmtree", "remove_tree", "eval", "decode_base64",
            "drop table", "drop database",
        ])
    static let ruby = Language(
        codeFlags: ["-e"],
        shellCalls: ["system(", "system ", "exec(", "exec ", "%x(", "%x{", "`", "spawn(", "Open3.capture2(", "IO.popen("],
        riskyCalls: [
            "system", "exec", "%x", "`", "spawn", "Open3", "IO.popen", "FileUtils.rm", "File.delete",
            "rm_rf", "eval", "Base64", "drop table", "drop database",
        ])
    static let php = Language(
        codeFlags: ["-r"],
        shellCalls: ["shell_exec(", "system(", "exec(", "passthru(", "popen(", "proc_open(", "`"],
        riskyCalls: [
            "shell_exec", "system", "exec", "passthru", "popen", "proc_open", "`", "unlink", "rmdir",
            "eval", "base64_decode",
        ])

    /// The language a script file's `#!` line names, if it is one of these.
    static func language(ofScript text: String) -> Language? {
        guard text.hasPrefix("#!") else { return nil }
        let line = text.prefix { $0 != "\n" }
        let words = line.dropFirst(2).split(separator: " ").map { String($0.split(separator: "/").last ?? "") }
        let interpreter = words.first == "env" ? words.dropFirst().first { !$0.hasPrefix("-") } : words.first
        return interpreter.flatMap { interpreters[$0] }
    }

    /// Whether a file run by its path is a shell script: a `#!` naming a shell, or no `#!` at all
    /// (the shell then runs it itself).
    static func isShellScript(_ text: String) -> Bool {
        guard text.hasPrefix("#!") else { return !text.utf8.contains(0) }
        let line = text.prefix { $0 != "\n" }
        let words = line.dropFirst(2).split(separator: " ").map { String($0.split(separator: "/").last ?? "") }
        let interpreter = words.first == "env" ? words.dropFirst().first { !$0.hasPrefix("-") } : words.first
        return ["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh"].contains(interpreter ?? "")
    }

    static let interpreters: [String: Language] = [
        "python": python, "python3": python, "python2": python, "pypy": python, "pypy3": python,
        "node": node, "nodejs": node, "deno": node, "bun": node,
        "perl": perl, "ruby": ruby, "php": php,
    ]

    /// Words of code that opens, changes, moves or deletes files, or runs anything, in any of the
    /// languages: code that only names a protected path without one of them (`print("blastwall")`)
    /// cannot change it.
    static let fileChangingTokens = [
        "open", "write", "rename", "replace", "unlink", "remove", "rm", "chmod", "chown", "truncate", "copy", "move", "symlink",
        "dump", "fs.", "file.", "fileutils", "path", "shutil", "os.", "io.", "system", "exec", "spawn", "popen", "`", "eval",
        "import", "require", ">", "sync", "put", "save", "touch", "mkdir", "link", "sqlite",
    ]

    /// Whether the code could change a file it names.
    static func couldChangeFiles(_ code: String) -> Bool {
        let lowered = code.lowercased()
        return fileChangingTokens.contains { lowered.contains($0) }
    }

    struct Analysis {
        /// Shell command lines found as string literals passed to shell-running calls.
        var shellCommands: [String] = []
        /// Why the code cannot be fully checked, or nil if it does nothing risky.
        var opaqueReason: String?
    }

    static func analyze(_ code: String, language: Language) -> Analysis {
        var analysis = Analysis()
        let lowered = code.lowercased()
        for call in language.shellCalls {
            var searchStart = code.startIndex
            while let range = code[searchStart...].firstRange(of: call) {
                searchStart = range.upperBound
                if call == "`" {
                    if let close = code[range.upperBound...].firstIndex(of: "`") {
                        analysis.shellCommands.append(String(code[range.upperBound..<close]))
                        searchStart = code.index(after: close)
                    }
                    continue
                }
                let rest = code[range.upperBound...]
                if let literal = firstStringLiteral(rest) {
                    analysis.shellCommands.append(literal)
                } else if let list = firstStringList(rest) {
                    analysis.shellCommands.append(list)
                }
            }
        }
        if let risky = language.riskyCalls.first(where: { lowered.contains($0.lowercased()) }) {
            analysis.opaqueReason = "uses \(risky.trimmingBlanks), which can run commands or delete data in ways that cannot be checked"
        }
        return analysis
    }

    /// The first quoted string at the start of `text` (after blanks and an opening parenthesis).
    static func firstStringLiteral(_ text: Substring) -> String? {
        var rest = text.drop(while: { $0 == " " || $0 == "(" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        var value = ""
        var escaped = false
        for character in rest {
            if escaped {
                value.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == quote {
                return value
            } else {
                value.append(character)
            }
        }
        return nil
    }

    /// A list of string literals (`["rm", "-rf", "/"]`) as one command line, quoting each word.
    static func firstStringList(_ text: Substring) -> String? {
        let rest = text.drop(while: { $0 == " " || $0 == "(" })
        guard rest.first == "[" else { return nil }
        var words: [String] = []
        var cursor = rest.dropFirst()
        while true {
            cursor = cursor.drop(while: { $0 == " " || $0 == "," })
            if cursor.first == "]" || cursor.isEmpty { break }
            guard let word = firstStringLiteral(cursor) else { return nil }
            words.append("'" + word.replacingAll("'", with: "'\\''") + "'")
            // Skip past the literal: opening quote, body, closing quote.
            let length = word.count + 2 + word.filter { $0 == "\\" }.count
            cursor = cursor.dropFirst(length)
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

extension String {
    /// Every occurrence of `target` replaced (the core has no Foundation to do it).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

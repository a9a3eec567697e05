/// Settings whose value is itself a command that a program will run: `GIT_SSH_COMMAND=…`,
/// `PAGER=…`, `git -c core.fsmonitor=…`, `--upload-pack=…`. Their values are analysed as shell.
extension CommandAnalyzer {
    /// Variables a program runs as a command, when set on the command line or exported earlier.
    static let commandVariables: Set<String> = [
        "GIT_SSH_COMMAND", "GIT_SSH", "GIT_PAGER", "PAGER", "MANPAGER", "GIT_EDITOR", "EDITOR", "VISUAL", "GIT_ASKPASS",
        "SSH_ASKPASS", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "PROMPT_COMMAND", "LESSOPEN", "LESSCLOSE", "SUDO_ASKPASS",
        "GIT_SEQUENCE_EDITOR", "SYSTEMD_PAGER", "BROWSER",
    ]
    /// Variables whose value is expanded by the shell when it prints a prompt or a trace line.
    static let promptVariables: Set<String> = ["PS1", "PS2", "PS4"]
    /// Variables naming a file of commands a shell reads at start-up.
    static let startupFileVariables: Set<String> = ["BASH_ENV", "ENV"]

    /// git configuration keys (lower case; `*` for any subsection) whose value runs a command.
    static let gitCommandKeys = [
        "core.sshcommand", "core.pager", "core.fsmonitor", "core.editor", "core.askpass", "core.gitproxy", "diff.external",
        "diff.*.textconv", "diff.*.command", "merge.*.driver", "filter.*.clean", "filter.*.smudge", "filter.*.process",
        "credential.helper", "credential.*.helper", "gpg.program", "gpg.*.program", "sequence.editor", "pager.*", "alias.*",
        "uploadpack.packobjectshook", "receive.procreceiverefs", "core.hookspath", "include.path", "includeif.*.path",
    ]

    mutating func analyzeCommandValuedSettings(_ invocation: Invocation) {
        for (name, value) in invocation.assignments.sorted(by: { $0.key < $1.key }) {
            if Self.commandVariables.contains(name) {
                let command = name == "LESSOPEN" || name == "LESSCLOSE" ? String(value.drop { $0 == "|" || $0 == "-" }) : value
                _ = runShellText(command, span: invocation.span, exact: false, invocation: invocation, wrapper: "\(name)")
            } else if Self.promptVariables.contains(name) {
                _ = runShellText(": \"" + value + "\"", span: invocation.span, exact: false, invocation: invocation, wrapper: "\(name)")
            } else if Self.startupFileVariables.contains(name) {
                runStartupFile(value, invocation: invocation, what: name)
            }
        }
        if let count = invocation.assignments["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
            for index in 0..<min(count, 32) {
                if let key = invocation.assignments["GIT_CONFIG_KEY_\(index)"],
                    let value = invocation.assignments["GIT_CONFIG_VALUE_\(index)"]
                {
                    analyzeGitSetting(key: key, value: value, invocation: invocation, span: invocation.span)
                }
            }
        }
        if invocation.program == "git" { analyzeGitOptions(invocation) }
    }

    mutating func runStartupFile(_ path: String, invocation: Invocation, what: String) {
        let resolved = Paths.resolve(path, cwd: context.cwd, home: context.home)
        if let text = scope.writtenFiles[resolved] {
            _ = runShellText(text, span: invocation.span, exact: false, invocation: invocation, wrapper: "\(what)=\(path)")
        } else {
            record(
                opaque(
                    "shell.startup-file", "\(what)=\(path) makes the shell run the commands in \(path) first, which are not checked",
                    span: invocation.span))
        }
    }

    mutating func analyzeGitOptions(_ invocation: Invocation) {
        var index = 0
        let arguments = invocation.arguments
        while index < arguments.count {
            let argument = arguments[index]
            guard let text = argument.text else {
                index += 1
                continue
            }
            if text == "-c", index + 1 < arguments.count, let pair = arguments[index + 1].text,
                let equals = pair.firstIndex(of: "=")
            {
                analyzeGitSetting(
                    key: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]), invocation: invocation,
                    span: argument.span.union(arguments[index + 1].span))
                index += 2
                continue
            }
            if text.hasPrefix("--config-env=") {
                record(
                    opaque("git.config-from-environment", "git takes a setting from an environment variable (\(text))", span: argument.span)
                )
            }
            for option in ["--upload-pack=", "--receive-pack=", "--exec="] where text.hasPrefix(option) {
                _ = runShellText(
                    String(text.dropFirst(option.count)), span: argument.span, exact: false, invocation: invocation,
                    wrapper: "git \(option.dropLast())")
            }
            if ["--upload-pack", "--receive-pack", "--exec", "-u"].contains(text), index + 1 < arguments.count,
                let value = arguments[index + 1].text,
                arguments.prefix(index).contains(where: {
                    ["ls-remote", "fetch", "clone", "pull", "push", "archive"].contains($0.text ?? "")
                })
            {
                _ = runShellText(
                    value, span: argument.span.union(arguments[index + 1].span), exact: false, invocation: invocation,
                    wrapper: "git \(text)")
            }
            if text.hasPrefix("ext::") {
                _ = runShellText(
                    String(text.dropFirst(5)).replacingAll("% ", with: " "), span: argument.span, exact: false, invocation: invocation,
                    wrapper: "git ext:: transport")
            }
            index += 1
        }
    }

    mutating func analyzeGitSetting(key: String, value: String, invocation: Invocation, span: SourceSpan) {
        let lowered = key.lowercased()
        guard Self.gitCommandKeys.contains(where: { Glob.matches($0, lowered, pathAware: false) }) else { return }
        if lowered.hasPrefix("include") || lowered == "core.hookspath" {
            record(opaque("git.untrusted-config", "git is pointed at \(key)=\(value), whose commands are not checked", span: span))
            return
        }
        if lowered.hasPrefix("alias."), !value.hasPrefix("!") { return }
        let command = value.hasPrefix("!") ? String(value.dropFirst()) : value
        _ = runShellText(command, span: span, exact: false, invocation: invocation, wrapper: "git -c \(key)")
    }
}

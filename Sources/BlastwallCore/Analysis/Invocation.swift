/// One argument of a command after expansion, as far as it can be known without running anything.
public struct Argument: Sendable, Hashable {
    /// The value, or nil when it depends on something only known at run time (`$(…)`, `$RANDOM`).
    public var text: String?
    /// The value with `…` standing for whatever is only known at run time.
    public var approximation: String
    public var span: SourceSpan

    public init(text: String?, approximation: String? = nil, span: SourceSpan) {
        self.text = text
        self.approximation = approximation ?? text ?? "…"
        self.span = span
    }

    public var isDynamic: Bool { text == nil }
}

/// Where a command's standard input comes from.
public enum StandardInput: Sendable, Hashable {
    case terminal
    /// Text known before running: a here-document, a here-string, or `echo`/`printf` piped in.
    case text(String, span: SourceSpan, isExact: Bool)
    /// The output of another command in a pipeline, named by its program.
    case pipe(from: String, span: SourceSpan)
    case file(String, span: SourceSpan)
}

/// A simple command ready for the rules: the program, its arguments with wrappers removed, the
/// variables it runs with, and where its input comes from.
public struct Invocation: Sendable {
    /// The program's base name (`/usr/bin/rm` and `\rm` both give `rm`).
    public var program: String
    /// The program as written, when it was named by a path (`./deploy.sh`, `/usr/local/bin/x`).
    public var programPath: String?
    /// The word that named the program, as written.
    public var programSpan: SourceSpan
    public var arguments: [Argument]
    /// Variables set for this command only (`A=1 cmd`, `env A=1 cmd`).
    public var assignments: [String: String]
    public var redirections: [Redirection]
    public var standardInput: StandardInput
    /// The wrappers it was found inside, outermost first (`sudo`, `timeout`, `bash -c`).
    public var wrappers: [String]
    /// Set when more arguments arrive at run time (`xargs`, `find -exec`).
    public var takesRuntimeArguments: Bool
    /// The span of the whole command.
    public var span: SourceSpan

    public init(
        program: String, programSpan: SourceSpan, arguments: [Argument], assignments: [String: String] = [:],
        redirections: [Redirection] = [], standardInput: StandardInput = .terminal, wrappers: [String] = [],
        takesRuntimeArguments: Bool = false, span: SourceSpan
    ) {
        self.program = program
        self.programSpan = programSpan
        self.arguments = arguments
        self.assignments = assignments
        self.redirections = redirections
        self.standardInput = standardInput
        self.wrappers = wrappers
        self.takesRuntimeArguments = takesRuntimeArguments
        self.span = span
    }

    /// The argument texts, with `…` for dynamic ones.
    public var words: [String] { arguments.map(\.approximation) }

    /// Whether any argument equals one of `flags`, or (for `--long` flags) starts with `flag=`.
    /// Short flags are also found inside bundles: `-rf` contains `-r` and `-f`.
    public func hasFlag(_ flags: String...) -> Bool { flagArgument(flags) != nil }

    public func flagArgument(_ flags: [String]) -> Argument? {
        for argument in arguments {
            guard let text = argument.text else { continue }
            if text == "--" { return nil }
            for flag in flags {
                if text == flag { return argument }
                if flag.hasPrefix("--"), text.hasPrefix(flag + "=") {
                    // `--help=false`, `--dry-run=0` say the flag is off.
                    let value = text.dropFirst(flag.count + 1).lowercased()
                    if ["false", "0", "f", "no", "off", "none"].contains(value) { continue }
                    return argument
                }
                if !flag.hasPrefix("--"), flag.count == 2, text.hasPrefix("-"), !text.hasPrefix("--"),
                    text.count > 2, text.dropFirst().allSatisfy({ $0.isLetter }),
                    text.contains(flag.last ?? " ")
                {
                    return argument
                }
            }
        }
        return nil
    }

    /// The value of an option given as `--name value`, `--name=value` or `-n value`.
    public func option(_ names: String...) -> String? { optionArgument(names)?.value }

    public func optionArgument(_ names: [String]) -> (value: String, span: SourceSpan)? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard let text = argument.text else {
                index += 1
                continue
            }
            if text == "--" { return nil }
            for name in names {
                if text == name, index + 1 < arguments.count {
                    let next = arguments[index + 1]
                    return (next.approximation, argument.span.union(next.span))
                }
                if text.hasPrefix(name + "=") {
                    return (String(text.dropFirst(name.count + 1)), argument.span)
                }
                // `-nprod` style for single-letter options.
                if name.count == 2, !name.hasPrefix("--"), text.hasPrefix(name), text.count > 2,
                    !text.hasPrefix("--"), !text.contains("=")
                {
                    return (String(text.dropFirst(2)), argument.span)
                }
            }
            index += 1
        }
        return nil
    }

    /// The positional arguments, skipping options and the values of the options named in
    /// `optionsWithValues`. Everything after `--` is positional.
    public func positionals(optionsWithValues: Set<String> = []) -> [Argument] {
        var result: [Argument] = []
        var index = 0
        var afterDoubleDash = false
        while index < arguments.count {
            let argument = arguments[index]
            let text = argument.approximation
            if afterDoubleDash {
                result.append(argument)
            } else if text == "--" {
                afterDoubleDash = true
            } else if text.hasPrefix("-") && text.count > 1 {
                if optionsWithValues.contains(text) { index += 1 }
            } else {
                result.append(argument)
            }
            index += 1
        }
        return result
    }

    /// The leading positional words that name a subcommand (`state rm` of `terraform state rm x`),
    /// skipping global options first.
    public func subcommands(optionsWithValues: Set<String> = [], count: Int) -> [Argument] {
        Array(positionals(optionsWithValues: optionsWithValues).prefix(count))
    }

    /// The value of a variable as this command sees it: its own assignments first, then the
    /// session's environment.
    public func variable(_ name: String, in context: AnalysisContext) -> (value: String, source: String)? {
        if let value = assignments[name] { return (value, "\(name) set on the command line") }
        if let value = context.environment[name] { return (value, "\(name) in the environment") }
        return nil
    }
}

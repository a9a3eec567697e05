/// Small helpers the rule families share for reading command lines.
extension Invocation {
    /// The arguments after the leading options, with the values of `optionsWithValues` skipped:
    /// the subcommand path and everything after it, options included. `aws --profile p s3 rb x`
    /// gives `s3 rb x`.
    public func afterGlobalOptions(_ optionsWithValues: Set<String>) -> [Argument] {
        var index = 0
        while index < arguments.count {
            let text = arguments[index].approximation
            if text == "--" { return Array(arguments.dropFirst(index + 1)) }
            guard text.hasPrefix("-"), text.count > 1 else { break }
            index += optionsWithValues.contains(text) ? 2 : 1
        }
        return Array(arguments.dropFirst(min(index, arguments.count)))
    }

    /// The non-option words after global options: the subcommand path. `kubectl -n x delete pod y`
    /// gives `delete pod y`.
    public func commandWords(globalOptions: Set<String>) -> [Argument] {
        positionals(optionsWithValues: globalOptions)
    }

    /// Whether the first positional words (after global options) are exactly `path`.
    public func hasSubcommand(_ path: [String], globalOptions: Set<String> = []) -> Bool {
        let words = positionals(optionsWithValues: globalOptions).prefix(path.count).map(\.text)
        return words.count == path.count && zip(words, path).allSatisfy { $0 == $1 }
    }

    /// The span of the first argument whose text is one of `texts` (or starts with `prefix=`).
    public func span(ofFirst texts: String..., orPrefix prefix: String? = nil) -> SourceSpan? {
        arguments.first { argument in
            guard let text = argument.text else { return false }
            if texts.contains(text) { return true }
            if let prefix, text.hasPrefix(prefix) { return true }
            return false
        }?.span
    }

    /// Whether the command asks for help rather than doing anything.
    public var asksForHelp: Bool {
        arguments.contains { ["--help", "-help"].contains($0.text ?? "") }
            || arguments.first?.text == "help"
    }

    /// The span from the program name to the end of the given argument.
    public func spanThrough(_ argument: Argument?) -> SourceSpan {
        guard let argument else { return programSpan }
        return programSpan.union(argument.span)
    }
}

/// Builds the hints every family shares: a flag, then the command's own variable, then the
/// session's variable.
struct HintBuilder {
    let invocation: Invocation
    let context: AnalysisContext
    var hints: [TargetHint] = []

    init(_ invocation: Invocation, _ context: AnalysisContext) {
        self.invocation = invocation
        self.context = context
    }

    /// Every occurrence of the flag, the last first: command-line tools take the last one, and a
    /// `--profile dev --profile prod` pair must not hide the second.
    mutating func flag(_ kind: TargetHint.Kind, _ names: String...) {
        var rest = invocation
        var found: [String] = []
        while let occurrence = rest.optionArgument(names), found.count < 8 {
            found.append(occurrence.value)
            guard let index = rest.arguments.firstIndex(where: { occurrence.span.start <= $0.span.start }) else { break }
            let consumed = rest.arguments[index].span.end >= occurrence.span.end ? 1 : 2
            rest.arguments.removeSubrange(index..<min(rest.arguments.count, index + consumed))
        }
        for value in found.reversed() { hints.append(TargetHint(kind, value, source: names[0])) }
    }

    mutating func variable(_ kind: TargetHint.Kind, _ names: String...) {
        for name in names {
            if let (value, source) = invocation.variable(name, in: context) {
                hints.append(TargetHint(kind, value, source: source))
            }
        }
    }

    mutating func add(_ kind: TargetHint.Kind, _ value: String?, source: String) {
        if let value, !value.isEmpty { hints.append(TargetHint(kind, value, source: source)) }
    }
}

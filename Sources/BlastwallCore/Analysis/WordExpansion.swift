/// What analysis knows of the shell's variables, aliases and functions while it walks a line.
struct ShellScope: Sendable {
    /// Variables assigned earlier in the line. A nil value is set to something unknowable.
    var variables: [String: String?] = [:]
    /// Variables exported earlier in the line (`export AWS_PROFILE=prod; aws …`): later
    /// commands run with them in their environment.
    var exported: [String: String] = [:]
    var aliases: [String: String] = [:]
    /// Arrays assigned earlier (`x=(a b)`), and the positional parameters inside a function call
    /// (stored under `@`): `"${x[@]}"` and `"$@"` expand to one word per element.
    var arrays: [String: [String]] = [:]
    /// Functions defined earlier, so a call analyses the body with its arguments.
    var functions: [String: Command] = [:]
    /// Files this line wrote with text known before running (`echo … > x.sh`), so running them
    /// later in the line (`bash x.sh`) is analysed too.
    var writtenFiles: [String: String] = [:]
    /// Whether a changed PATH has been reported already.
    var pathWarned = false
    /// Variables holding what `mktemp` made (`d=$(mktemp -d)`): a fresh temporary path.
    var temporaryVariables: Set<String> = []
}

/// Turns words into arguments the way the shell would (parameter expansion, brace expansion,
/// field splitting, quote removal), keeping whatever is only known at run time marked dynamic.
struct WordExpander {
    let scope: ShellScope
    let environment: [String: String]
    let home: String

    private enum Segment {
        case fixed(String, splittable: Bool)
        case dynamic
        /// A temporary directory only known at run time: `$TMPDIR` not set in the session, or what
        /// `mktemp` made. Shown as `$TMPDIR` in the approximation, so the path stays recognisable.
        case temporary
    }

    /// The placeholder the approximation of a temporary directory starts with.
    static let temporaryMarker = "$TMPDIR"

    /// Whether `name` names a temporary directory whose value is only known at run time.
    func isTemporary(_ name: String, operation: String?) -> Bool {
        guard operation == nil else { return false }
        if scope.temporaryVariables.contains(name) { return true }
        return ["TMPDIR", "TMP", "TEMP", "TEMPDIR"].contains(name) && scope.variables[name] == nil && environment[name] == nil
    }

    func expand(_ word: Word) -> [Argument] {
        // A word made only of unquoted literal text gets brace expansion first: `{rm,-rf,/}`.
        if let braceable = plainLiteral(word), braceable.contains("{"), braceable.contains(",") || braceable.contains("..") {
            let expanded = BraceExpansion.expand(braceable)
            if expanded.count > 1 {
                return expanded.map { Argument(text: expandTilde($0), span: word.span) }
            }
        }
        var segments: [Segment] = []
        collect(word.parts, quoted: false, into: &segments)
        return split(segments, span: word.span, isQuoted: word.isQuoted)
    }

    /// The value of one word without field splitting (assignments, here-strings).
    func expandJoined(_ word: Word) -> Argument {
        var segments: [Segment] = []
        collect(word.parts, quoted: true, into: &segments)
        var text = ""
        var approximation = ""
        var isDynamic = false
        for segment in segments {
            switch segment {
            case .fixed(let value, _):
                text += value
                approximation += value
            case .dynamic:
                isDynamic = true
                approximation += "…"
            case .temporary:
                isDynamic = true
                approximation += Self.temporaryMarker
            }
        }
        if case .literal(let first, false)? = word.parts.first, first.hasPrefix("~") {
            text = expandTilde(text)
            approximation = expandTilde(approximation)
        }
        return Argument(text: isDynamic ? nil : text, approximation: approximation, span: word.span)
    }

    private func plainLiteral(_ word: Word) -> String? {
        var text = ""
        for part in word.parts {
            guard case .literal(let value, false) = part else { return nil }
            text += value
        }
        return text
    }

    private func collect(_ parts: [WordPart], quoted: Bool, into segments: inout [Segment]) {
        for part in parts {
            switch part {
            case .literal(let text, _), .singleQuoted(let text), .ansiC(let text):
                segments.append(.fixed(text, splittable: false))
            case .doubleQuoted(let inner):
                collect(inner, quoted: true, into: &segments)
            case .parameter(let name, nil, nil, _) where arrayElements(name) != nil:
                // Each element is its own word, even inside double quotes.
                let elements = arrayElements(name) ?? []
                for (index, element) in elements.enumerated() {
                    if index > 0 { segments.append(.fixed(" ", splittable: true)) }
                    segments.append(.fixed(element, splittable: false))
                }
            case .parameter(let name, let operation, let operand, _):
                if let value = parameterValue(name: name, operation: operation, operand: operand) {
                    segments.append(.fixed(value, splittable: !quoted))
                } else {
                    segments.append(isTemporary(name, operation: operation) ? .temporary : .dynamic)
                }
            case .commandSubstitution(let script, _):
                if let output = Self.staticOutput(of: script, expander: self) {
                    segments.append(.fixed(output, splittable: !quoted))
                } else {
                    segments.append(.dynamic)
                }
            case .processSubstitution:
                segments.append(.fixed("/dev/fd/63", splittable: false))
            case .arithmetic(let expression, _, _):
                let trimmed = expression.trimmingBlanks
                if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber) {
                    segments.append(.fixed(trimmed, splittable: false))
                } else {
                    segments.append(.dynamic)
                }
            }
        }
    }

    /// The elements of `x[@]`, `x[*]`, `@` or `*` when they are known.
    private func arrayElements(_ name: String) -> [String]? {
        if name == "@" || name == "*" { return scope.arrays["@"] }
        for suffix in ["[@]", "[*]"] where name.hasSuffix(suffix) {
            return scope.arrays[String(name.dropLast(3))]
        }
        return nil
    }

    private func parameterValue(name: String, operation: String?, operand: Word?) -> String? {
        if let index = Int(name), let arguments = scope.arrays["@"] {
            return index >= 1 && index <= arguments.count ? arguments[index - 1] : ""
        }
        if name.hasSuffix("]"), let open = name.firstIndex(of: "["),
            let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]),
            let elements = scope.arrays[String(name[..<open])]
        {
            return index >= 0 && index < elements.count ? elements[index] : ""
        }
        let current: String??
        if let assigned = scope.variables[name] {
            current = .some(assigned)
        } else if name == "IFS" {
            current = .some(" \t\n")
        } else if name == "HOME" {
            current = .some(home)
        } else if let value = environment[name] {
            current = .some(value)
        } else {
            current = .none
        }
        switch operation {
        case nil:
            return current ?? nil
        case ":-", "-":
            switch current {
            case .some(.some(let value)) where !(operation == ":-" && value.isEmpty): return value
            case .some(.none): return nil
            default: return operand.flatMap { expandJoined($0).text }
            }
        default:
            // Other operations (`${x#…}`, `${x/…}`, `${x:+…}`) are not evaluated.
            return nil
        }
    }

    /// What `$(echo terraform)` prints, when the inner command is a plain `echo` or `printf %s`
    /// of static words. Anything else is only known at run time.
    static func staticOutput(of script: Script, expander: WordExpander) -> String? {
        guard script.items.count == 1, let list = script.items.first, list.pipelines.count == 1,
            list.pipelines[0].commands.count == 1, case .simple(let command) = list.pipelines[0].commands[0],
            command.redirections.isEmpty
        else { return nil }
        var words: [String] = []
        for word in command.words {
            for argument in expander.expand(word) {
                guard let text = argument.text else { return nil }
                words.append(text)
            }
        }
        guard let program = words.first else { return nil }
        var arguments = Array(words.dropFirst())
        switch program {
        case "echo":
            while let first = arguments.first, ["-n", "-e", "-E", "-ne", "-en"].contains(first) {
                arguments.removeFirst()
            }
            return arguments.joined(separator: " ")
        case "printf":
            if arguments.count == 2, arguments[0] == "%s" { return arguments[1] }
            if arguments.count == 1, !arguments[0].contains("%"), !arguments[0].contains("\\") { return arguments[0] }
            return nil
        default:
            return nil
        }
    }

    private func split(_ segments: [Segment], span: SourceSpan, isQuoted: Bool) -> [Argument] {
        let separators: Set<Character> = {
            if let assigned = scope.variables["IFS"], let value = assigned { return Set(value) }
            return [" ", "\t", "\n"]
        }()
        var fields: [Argument] = []
        var text = ""
        var approximation = ""
        var isDynamic = false
        var hasContent = isQuoted
        func finish() {
            if hasContent || !text.isEmpty || isDynamic {
                fields.append(Argument(text: isDynamic ? nil : text, approximation: approximation, span: span))
            }
            text = ""
            approximation = ""
            isDynamic = false
            hasContent = false
        }
        for segment in segments {
            switch segment {
            case .dynamic:
                isDynamic = true
                approximation += "…"
                hasContent = true
            case .temporary:
                isDynamic = true
                approximation += Self.temporaryMarker
                hasContent = true
            case .fixed(let value, false):
                text += value
                approximation += value
                if !value.isEmpty { hasContent = true }
            case .fixed(let value, true):
                for character in value {
                    if separators.contains(character) {
                        if !text.isEmpty || isDynamic || hasContent { finish() }
                    } else {
                        text.append(character)
                        approximation.append(character)
                        hasContent = true
                    }
                }
            }
        }
        finish()
        if fields.count == 1, let first = fields.first, let value = first.text, value.hasPrefix("~"), !isQuoted {
            return [Argument(text: expandTilde(value), span: span)]
        }
        return fields
    }

    func expandTilde(_ text: String) -> String {
        if text == "~" { return home }
        if text.hasPrefix("~/") { return home + text.dropFirst() }
        return text
    }
}

/// Bash brace expansion of an unquoted word: `a{b,c}d` → `abd acd`, `{1..3}` → `1 2 3`.
enum BraceExpansion {
    static let maximumResults = 256

    static func expand(_ text: String) -> [String] {
        var results = expandOnce(Array(text))
        if results.count > maximumResults { results = Array(results.prefix(maximumResults)) }
        return results
    }

    private static func expandOnce(_ chars: [Character]) -> [String] {
        // Find the first top-level `{…}` holding a comma or a `..` range.
        var index = 0
        while index < chars.count {
            if chars[index] == "{", let (close, alternatives) = alternatives(chars, from: index) {
                let prefix = String(chars[..<index])
                let suffixes = expandOnce(Array(chars[(close + 1)...]))
                var results: [String] = []
                for alternative in alternatives {
                    for expanded in expandOnce(Array(alternative)) {
                        for suffix in suffixes {
                            results.append(prefix + expanded + suffix)
                            if results.count > maximumResults { return results }
                        }
                    }
                }
                return results
            }
            index += 1
        }
        return [String(chars)]
    }

    private static func alternatives(_ chars: [Character], from open: Int) -> (Int, [String])? {
        var level = 0
        var parts: [String] = []
        var current = ""
        var index = open + 1
        while index < chars.count {
            let character = chars[index]
            if character == "{" {
                level += 1
            } else if character == "}" {
                if level == 0 {
                    parts.append(current)
                    if parts.count > 1 { return (index, parts) }
                    if let range = sequence(current) { return (index, range) }
                    return nil
                }
                level -= 1
            } else if character == ",", level == 0 {
                parts.append(current)
                current = ""
                index += 1
                continue
            }
            current.append(character)
            index += 1
        }
        return nil
    }

    private static func sequence(_ body: String) -> [String]? {
        let ends = body.split(separator: ".", omittingEmptySubsequences: true)
        guard body.contains(".."), ends.count == 2 else { return nil }
        if let low = Int(ends[0]), let high = Int(ends[1]), abs(high - low) < maximumResults {
            return (low <= high ? Array(low...high) : Array((high...low).reversed())).map(String.init)
        }
        if ends[0].count == 1, ends[1].count == 1, let low = ends[0].unicodeScalars.first?.value,
            let high = ends[1].unicodeScalars.first?.value
        {
            let range = low <= high ? Array(low...high) : Array((high...low).reversed())
            return range.compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
        }
        return nil
    }
}

extension String {
    var trimmingBlanks: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\n" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\n" { view = view.dropLast() }
        return String(view)
    }
}

/// Parses a command line the way a POSIX shell (with common bash extensions) reads it, without
/// expanding or running anything.
///
/// The parser works on UTF-8 bytes so every node's span is a byte range of the input. It bounds
/// its own work: nesting deeper than `maximumDepth` and input longer than `maximumLength` are
/// syntax errors, never a crash or a hang.
public struct ShellParser {
    public static let maximumDepth = 200
    public static let maximumLength = 4 << 20

    let bytes: [UInt8]
    /// Added to every span, so a script parsed out of a larger text reports offsets in that text.
    let baseOffset: Int
    var pos = 0
    var depth: Int
    var pendingHeredocs: [(heredoc: Heredoc, operatorOffset: Int)] = []

    init(bytes: [UInt8], baseOffset: Int = 0, depth: Int = 0) {
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.depth = depth
    }

    /// Parses a whole command line.
    public static func parse(_ text: String) throws(ShellSyntaxError) -> Script {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength else {
            throw ShellSyntaxError(
                code: "too-long",
                message: "the command is \(bytes.count) bytes long; the limit is \(maximumLength)",
                offset: maximumLength)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw ShellSyntaxError(code: "nul-byte", message: "the command contains a NUL byte", offset: nul)
        }
        var parser = ShellParser(bytes: bytes)
        return try parser.parseWholeScript()
    }

    mutating func parseWholeScript() throws(ShellSyntaxError) -> Script {
        let script = try parseList(.init())
        skipBlanks()
        if pos < bytes.count {
            throw error("unexpected-token", "unexpected '\(tokenText())'")
        }
        if let pending = pendingHeredocs.first {
            throw ShellSyntaxError(
                code: "unterminated-heredoc",
                message: "here-document delimited by '\(pending.heredoc.delimiter)' has no body",
                offset: pending.operatorOffset + baseOffset)
        }
        return script
    }

    // MARK: - Lists

    /// Where a list stops: at a closing parenthesis, at a reserved word, or at a `case` item end.
    struct Terminators {
        var closingParen = false
        var words: Set<String> = []
        var caseItemEnd = false
    }

    mutating func parseList(_ terminators: Terminators) throws(ShellSyntaxError) -> Script {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error("too-deep", "the command nests deeper than \(Self.maximumDepth) levels")
        }
        let start = pos
        var items: [AndOrList] = []
        while true {
            try skipSeparatorsAndNewlines()
            if pos >= bytes.count || atTerminator(terminators) { break }
            var list = try parseAndOr()
            skipBlanks()
            if peek(";") && !peek(";;") && !peek(";&") {
                pos += 1
            } else if peek("&") && !peek("&&") && !peek("&>") {
                pos += 1
                list.isBackground = true
            } else if peek("\n") {
                try consumeNewline()
            } else if pos < bytes.count && !atTerminator(terminators) {
                throw error("unexpected-token", "unexpected '\(tokenText())'")
            }
            items.append(list)
        }
        return Script(items: items, span: span(start, pos))
    }

    func atTerminator(_ terminators: Terminators) -> Bool {
        if terminators.closingParen && peek(")") { return true }
        if terminators.caseItemEnd && (peek(";;") || peek(";&")) { return true }
        if !terminators.words.isEmpty, let word = peekReservedWord(), terminators.words.contains(word) {
            return true
        }
        return false
    }

    mutating func skipSeparatorsAndNewlines() throws(ShellSyntaxError) {
        while true {
            skipBlanks()
            if peek("\n") {
                try consumeNewline()
            } else {
                return
            }
        }
    }

    mutating func parseAndOr() throws(ShellSyntaxError) -> AndOrList {
        var pipelines = [try parsePipeline()]
        var operators: [String] = []
        while true {
            skipBlanks()
            guard peek("&&") || peek("||") else { break }
            operators.append(peek("&&") ? "&&" : "||")
            pos += 2
            try skipSeparatorsAndNewlines()
            pipelines.append(try parsePipeline())
        }
        return AndOrList(pipelines: pipelines, operators: operators, isBackground: false)
    }

    mutating func parsePipeline() throws(ShellSyntaxError) -> Pipeline {
        skipBlanks()
        let start = pos
        var negated = false
        while peekReservedWord() == "!" {
            negated.toggle()
            pos += 1
            skipBlanks()
        }
        var commands = [try parseCommand()]
        while true {
            skipBlanks()
            guard peek("|") && !peek("||") else { break }
            pos += peek("|&") ? 2 : 1
            try skipSeparatorsAndNewlines()
            commands.append(try parseCommand())
        }
        return Pipeline(isNegated: negated, commands: commands, span: span(start, pos))
    }

    // MARK: - Commands

    mutating func parseCommand() throws(ShellSyntaxError) -> Command {
        skipBlanks()
        let start = pos
        if peek("((") {
            return .compound(try parseArithmeticCommand())
        }
        if peek("(") {
            pos += 1
            let body = try parseList(.init(closingParen: true))
            try expect(")", "expected ')' to close the subshell opened at byte \(start + baseOffset)")
            return .compound(
                try withRedirections(
                    CompoundCommand(
                        kind: .subshell, bodies: [body], variable: nil, words: [], redirections: [],
                        span: span(start, pos))))
        }
        switch peekReservedWord() {
        case "{":
            pos += 1
            let body = try parseList(.init(words: ["}"]))
            try expectWord("}", opened: "{", at: start)
            return .compound(try withRedirections(compound(.group, [body], start)))
        case "if": return .compound(try parseIf())
        case "while": return .compound(try parseWhile(.whileLoop))
        case "until": return .compound(try parseWhile(.untilLoop))
        case "for": return .compound(try parseFor(.forLoop))
        case "select": return .compound(try parseFor(.selectLoop))
        case "case": return .compound(try parseCase())
        case "[[": return .compound(try parseConditional())
        case "function": return .function(try parseFunctionKeyword())
        case let word? where ["then", "else", "elif", "fi", "do", "done", "esac", "}", "in"].contains(word):
            throw error("unexpected-token", "unexpected reserved word '\(word)'")
        default:
            break
        }
        let simple = try parseSimpleCommand()
        // `name () body` defines a function.
        if simple.words.count == 1, simple.assignments.isEmpty, simple.redirections.isEmpty {
            skipBlanks()
            if peek("(") {
                let save = pos
                pos += 1
                skipBlanks()
                if peek(")"), let name = simple.words[0].staticText {
                    pos += 1
                    try skipSeparatorsAndNewlines()
                    let body = try parseCommand()
                    return .function(FunctionDefinition(name: name, body: body, span: span(start, pos)))
                }
                pos = save
            }
        }
        if simple.words.isEmpty && simple.assignments.isEmpty && simple.redirections.isEmpty {
            if pos >= bytes.count {
                throw error("unexpected-end", "the command ends where a command was expected")
            }
            throw error("unexpected-token", "unexpected '\(tokenText())' where a command was expected")
        }
        return .simple(simple)
    }

    func compound(_ kind: CompoundCommand.Kind, _ bodies: [Script], _ start: Int, words: [Word] = [])
        -> CompoundCommand
    {
        CompoundCommand(
            kind: kind, bodies: bodies, variable: nil, words: words, redirections: [],
            span: span(start, pos))
    }

    mutating func withRedirections(_ command: CompoundCommand) throws(ShellSyntaxError) -> CompoundCommand {
        var command = command
        while true {
            skipBlanks()
            guard atRedirection() else { break }
            command.redirections.append(try parseRedirection())
        }
        command.span = SourceSpan(command.span.start, pos + baseOffset)
        return command
    }

    mutating func parseIf() throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += 2
        var bodies: [Script] = []
        bodies.append(try parseList(.init(words: ["then"])))
        try expectWord("then", opened: "if", at: start)
        bodies.append(try parseList(.init(words: ["elif", "else", "fi"])))
        while true {
            if peekReservedWord() == "elif" {
                pos += 4
                bodies.append(try parseList(.init(words: ["then"])))
                try expectWord("then", opened: "elif", at: start)
                bodies.append(try parseList(.init(words: ["elif", "else", "fi"])))
            } else if peekReservedWord() == "else" {
                pos += 4
                bodies.append(try parseList(.init(words: ["fi"])))
            } else {
                break
            }
        }
        try expectWord("fi", opened: "if", at: start)
        return try withRedirections(compound(.ifClause, bodies, start))
    }

    mutating func parseWhile(_ kind: CompoundCommand.Kind) throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += kind == .whileLoop ? 5 : 5
        let condition = try parseList(.init(words: ["do"]))
        let body = try parseDoGroup(opened: kind.rawValue, at: start)
        return try withRedirections(compound(kind, [condition, body], start))
    }

    mutating func parseDoGroup(opened: String, at start: Int) throws(ShellSyntaxError) -> Script {
        try skipSeparatorsAndNewlines()
        try expectWord("do", opened: opened, at: start)
        let body = try parseList(.init(words: ["done"]))
        try expectWord("done", opened: opened, at: start)
        return body
    }

    mutating func parseFor(_ kind: CompoundCommand.Kind) throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += kind == .forLoop ? 3 : 6
        skipBlanks()
        if kind == .forLoop && peek("((") {
            let header = try parseArithmeticCommand()
            skipBlanks()
            if peek(";") { pos += 1 }
            let body = try parseDoGroup(opened: "for", at: start)
            return try withRedirections(compound(.forLoop, header.bodies + [body], start))
        }
        guard let name = readName() else {
            throw error("expected-name", "expected a variable name after '\(kind.rawValue)'")
        }
        var words: [Word] = []
        try skipSeparatorsAndNewlines()
        if peekReservedWord() == "in" {
            pos += 2
            while true {
                skipBlanks()
                if peek(";") || peek("\n") || pos >= bytes.count { break }
                guard let word = try parseWord() else {
                    throw error("unexpected-token", "unexpected '\(tokenText())' in the '\(kind.rawValue)' list")
                }
                words.append(word)
            }
            if peek(";") { pos += 1 }
        } else if peek(";") {
            pos += 1
        }
        let body = try parseDoGroup(opened: kind.rawValue, at: start)
        var command = compound(kind, [body], start, words: words)
        command.variable = name
        return try withRedirections(command)
    }

    mutating func parseCase() throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += 4
        skipBlanks()
        guard let subject = try parseWord() else {
            throw error("expected-word", "expected a word after 'case'")
        }
        var words = [subject]
        var bodies: [Script] = []
        try skipSeparatorsAndNewlines()
        try expectWord("in", opened: "case", at: start)
        while true {
            try skipSeparatorsAndNewlines()
            if peekReservedWord() == "esac" { break }
            if pos >= bytes.count {
                throw ShellSyntaxError(
                    code: "unterminated-compound", message: "'case' at byte \(start + baseOffset) has no 'esac'",
                    offset: start + baseOffset)
            }
            if peek("(") { pos += 1 }
            while true {
                skipBlanks()
                guard let pattern = try parseWord() else {
                    throw error("unexpected-token", "unexpected '\(tokenText())' in a 'case' pattern")
                }
                words.append(pattern)
                skipBlanks()
                if peek("|") {
                    pos += 1
                } else {
                    break
                }
            }
            try expect(")", "expected ')' after a 'case' pattern")
            bodies.append(try parseList(.init(words: ["esac"], caseItemEnd: true)))
            if peek(";;&") {
                pos += 3
            } else if peek(";;") || peek(";&") {
                pos += 2
            }
        }
        try expectWord("esac", opened: "case", at: start)
        return try withRedirections(compound(.caseClause, bodies, start, words: words))
    }

    mutating func parseConditional() throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += 2
        var words: [Word] = []
        while true {
            skipBlanks()
            while peek("\n") { try consumeNewline() }
            if peekReservedWord() == "]]" {
                pos += 2
                break
            }
            if pos >= bytes.count {
                throw ShellSyntaxError(
                    code: "unterminated-compound", message: "'[[' at byte \(start + baseOffset) has no ']]'",
                    offset: start + baseOffset)
            }
            let operatorStart = pos
            for op in ["&&", "||", "(", ")", "<", ">", "!"] where peek(op) {
                pos += op.utf8.count
                words.append(Word(parts: [.literal(op, isEscaped: false)], span: span(operatorStart, pos)))
                break
            }
            if pos != operatorStart { continue }
            guard let word = try parseWord() else {
                throw error("unexpected-token", "unexpected '\(tokenText())' inside '[[ ]]'")
            }
            words.append(word)
        }
        return try withRedirections(compound(.conditional, [], start, words: words))
    }

    mutating func parseArithmeticCommand() throws(ShellSyntaxError) -> CompoundCommand {
        let start = pos
        pos += 2
        let (_, substitutions) = try scanArithmetic(openedAt: start)
        return try withRedirections(compound(.arithmetic, substitutions, start))
    }

    mutating func parseFunctionKeyword() throws(ShellSyntaxError) -> FunctionDefinition {
        let start = pos
        pos += 8
        skipBlanks()
        let nameStart = pos
        while pos < bytes.count && !isMetacharacter(bytes[pos]) && !isBlank(bytes[pos]) { pos += 1 }
        guard pos > nameStart else { throw error("expected-name", "expected a function name after 'function'") }
        let name = text(nameStart, pos)
        skipBlanks()
        if peek("(") {
            pos += 1
            skipBlanks()
            try expect(")", "expected ')' after '\(name) ('")
        }
        try skipSeparatorsAndNewlines()
        let body = try parseCommand()
        return FunctionDefinition(name: name, body: body, span: span(start, pos))
    }

    mutating func parseSimpleCommand() throws(ShellSyntaxError) -> SimpleCommand {
        skipBlanks()
        let start = pos
        var assignments: [Assignment] = []
        var words: [Word] = []
        var redirections: [Redirection] = []
        var end = pos
        while true {
            skipBlanks()
            guard pos < bytes.count else { break }
            if atRedirection() {
                redirections.append(try parseRedirection())
                end = pos
                continue
            }
            if words.isEmpty, let assignment = try parseAssignment() {
                assignments.append(assignment)
                end = pos
                continue
            }
            // `local arr=(1 2)`: the declaration builtins take array assignments as arguments.
            if words.count >= 1, let builtin = words[0].staticText, Self.declarationBuiltins.contains(builtin),
                let array = try parseArrayArgument()
            {
                words.append(array)
                end = pos
                continue
            }
            guard let word = try parseWord() else { break }
            words.append(word)
            end = pos
        }
        return SimpleCommand(
            assignments: assignments, words: words, redirections: redirections, span: span(start, end))
    }

    static let declarationBuiltins: Set<String> = ["declare", "local", "typeset", "export", "readonly"]

    /// `name=(a b)` as an argument of a declaration builtin, kept as one word `name=(a b)` whose
    /// parts are the elements' (so substitutions inside are still seen); nil when the text here
    /// is not an array assignment.
    mutating func parseArrayArgument() throws(ShellSyntaxError) -> Word? {
        let start = pos
        guard let assignment = try parseAssignment(), assignment.value == nil else {
            pos = start
            return nil
        }
        var parts: [WordPart] = [.literal(assignment.name + (assignment.isAppend ? "+=(" : "=("), isEscaped: false)]
        for (index, value) in assignment.arrayValues.enumerated() {
            if index > 0 { parts.append(.literal(" ", isEscaped: true)) }
            parts += value.parts
        }
        parts.append(.literal(")", isEscaped: false))
        return Word(parts: parts, span: assignment.span)
    }

    mutating func parseAssignment() throws(ShellSyntaxError) -> Assignment? {
        let start = pos
        guard let name = readName() else { return nil }
        var isAppend = false
        if peek("+=") {
            isAppend = true
            pos += 2
        } else if peek("=") {
            pos += 1
        } else {
            pos = start
            return nil
        }
        if peek("(") {
            pos += 1
            var values: [Word] = []
            while true {
                try skipSeparatorsAndNewlines()
                if peek(")") {
                    pos += 1
                    break
                }
                guard let word = try parseWord() else {
                    throw error("unexpected-token", "unexpected '\(tokenText())' in the array assigned to \(name)")
                }
                values.append(word)
            }
            return Assignment(name: name, value: nil, arrayValues: values, isAppend: isAppend, span: span(start, pos))
        }
        let value = try parseWord()
        return Assignment(name: name, value: value, arrayValues: [], isAppend: isAppend, span: span(start, pos))
    }

    // MARK: - Redirections and here-documents

    func atRedirection() -> Bool {
        var index = pos
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
            // `<(` and `>(` at the start of a word are process substitutions, not redirections.
            if index == pos, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") { return false }
            return true
        }
        return index == pos && (peek("&>"))
    }

    mutating func parseRedirection() throws(ShellSyntaxError) -> Redirection {
        let start = pos
        var descriptor: Int?
        let digitsStart = pos
        while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
        if pos > digitsStart { descriptor = Int(text(digitsStart, pos)) }
        let operators = ["<<<", "<<-", "&>>", "<<", "<>", "<&", ">>", ">&", ">|", "&>", "<", ">"]
        guard let op = operators.first(where: { peek($0) }) else {
            throw error("unexpected-token", "expected a redirection operator")
        }
        pos += op.utf8.count
        skipBlanks()
        guard let target = try parseWord() else {
            throw error("expected-word", "expected a word after '\(op)'")
        }
        var heredoc: Heredoc?
        if op == "<<" || op == "<<-" {
            let delimiter = Self.heredocDelimiter(target)
            let document = Heredoc(delimiter: delimiter, isQuoted: target.isQuoted || Self.hasEscape(target), stripsTabs: op == "<<-")
            pendingHeredocs.append((document, start))
            heredoc = document
        }
        return Redirection(
            op: op, fileDescriptor: descriptor, target: target, heredoc: heredoc, span: span(start, pos))
    }

    static func heredocDelimiter(_ word: Word) -> String {
        word.parts.map { part -> String in
            switch part {
            case .literal(let text, _), .singleQuoted(let text), .ansiC(let text): text
            case .doubleQuoted(let inner): heredocDelimiter(Word(parts: inner, span: word.span))
            case .parameter(let name, _, _, _): "$" + name
            default: ""
            }
        }.joined()
    }

    static func hasEscape(_ word: Word) -> Bool {
        word.parts.contains {
            if case .literal(_, true) = $0 { return true }
            return false
        }
    }

    /// Consumes a newline and then the bodies of any here-documents begun on that line.
    mutating func consumeNewline() throws(ShellSyntaxError) {
        pos += 1
        let pending = pendingHeredocs
        pendingHeredocs = []
        for (heredoc, operatorOffset) in pending {
            let bodyStart = pos
            var found = false
            while pos < bytes.count {
                let lineStart = pos
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
                var contentStart = lineStart
                if heredoc.stripsTabs {
                    while contentStart < pos && bytes[contentStart] == UInt8(ascii: "\t") { contentStart += 1 }
                }
                let line = text(contentStart, pos)
                if line == heredoc.delimiter {
                    heredoc.body = text(bodyStart, lineStart)
                    heredoc.bodySpan = span(bodyStart, lineStart)
                    if !heredoc.isQuoted {
                        var inner = ShellParser(
                            bytes: Array(bytes[bodyStart..<lineStart]), baseOffset: baseOffset + bodyStart,
                            depth: depth)
                        heredoc.expandedBody = try inner.parseHeredocBody()
                    }
                    if pos < bytes.count { pos += 1 }
                    found = true
                    break
                }
                if pos < bytes.count { pos += 1 }
            }
            if !found {
                throw ShellSyntaxError(
                    code: "unterminated-heredoc",
                    message: "here-document has no closing '\(heredoc.delimiter)' line",
                    offset: operatorOffset + baseOffset)
            }
        }
    }

    mutating func parseHeredocBody() throws(ShellSyntaxError) -> Word {
        let parts = try parseDoubleQuotedContent(heredoc: true)
        return Word(parts: parts, span: span(0, bytes.count))
    }

    // MARK: - Words

    mutating func parseWord() throws(ShellSyntaxError) -> Word? {
        let start = pos
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self), isEscaped: false))
                literal = []
            }
        }
        while pos < bytes.count {
            let byte = bytes[pos]
            if pos == start && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">"))
                && peek(byte == UInt8(ascii: "<") ? "<(" : ">(")
            {
                let partStart = pos
                pos += 2
                let script = try parseNested(closing: ")", what: "process substitution", openedAt: partStart)
                parts.append(
                    .processSubstitution(script, isInput: byte == UInt8(ascii: "<"), span: span(partStart, pos)))
                continue
            }
            if isMetacharacter(byte) || isBlank(byte) {
                // Extended globs like `@(a|b)` keep their parentheses inside the word.
                if byte == UInt8(ascii: "("), let last = literal.last,
                    [UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "*")]
                        .contains(last)
                {
                    let groupStart = pos
                    var level = 0
                    while pos < bytes.count {
                        if bytes[pos] == UInt8(ascii: "(") { level += 1 }
                        if bytes[pos] == UInt8(ascii: ")") { level -= 1 }
                        pos += 1
                        if level == 0 { break }
                    }
                    guard level == 0 else {
                        throw ShellSyntaxError(
                            code: "unterminated-group", message: "unclosed '(' in a pattern",
                            offset: groupStart + baseOffset)
                    }
                    literal.append(contentsOf: bytes[groupStart..<pos])
                    continue
                }
                break
            }
            switch byte {
            case UInt8(ascii: "\\"):
                if pos + 1 >= bytes.count {
                    literal.append(byte)
                    pos += 1
                } else if bytes[pos + 1] == UInt8(ascii: "\n") {
                    pos += 2
                } else {
                    flush()
                    let end = scalarEnd(pos + 1)
                    parts.append(.literal(text(pos + 1, end), isEscaped: true))
                    pos = end
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "`"):
                flush()
                parts.append(try parseQuotedOrExpansion())
            default:
                literal.append(byte)
                pos += 1
            }
        }
        flush()
        guard pos > start else { return nil }
        return Word(parts: parts, span: span(start, pos))
    }

    /// A quoted string, `$…` expansion or backquote substitution starting at the cursor (outside
    /// double quotes).
    mutating func parseQuotedOrExpansion() throws(ShellSyntaxError) -> WordPart {
        let quoteStart = pos
        switch bytes[pos] {
        case UInt8(ascii: "'"):
            pos += 1
            guard let close = bytes[pos...].firstIndex(of: UInt8(ascii: "'")) else {
                throw ShellSyntaxError(
                    code: "unterminated-quote", message: "unterminated single quote", offset: quoteStart + baseOffset)
            }
            defer { pos = close + 1 }
            return .singleQuoted(text(pos, close))
        case UInt8(ascii: "\""):
            pos += 1
            let inner = try parseDoubleQuotedContent(heredoc: false)
            guard peek("\"") else {
                throw ShellSyntaxError(
                    code: "unterminated-quote", message: "unterminated double quote", offset: quoteStart + baseOffset)
            }
            pos += 1
            return .doubleQuoted(inner)
        case UInt8(ascii: "$"):
            return try parseDollar(inDoubleQuotes: false)
        default:
            return try parseBackquote()
        }
    }

    /// Reads the inside of double quotes (up to, not including, the closing quote), or a whole
    /// here-document body when `heredoc` is set.
    mutating func parseDoubleQuotedContent(heredoc: Bool) throws(ShellSyntaxError) -> [WordPart] {
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self), isEscaped: false))
                literal = []
            }
        }
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") && !heredoc { break }
            switch byte {
            case UInt8(ascii: "\\"):
                if pos + 1 < bytes.count {
                    let next = bytes[pos + 1]
                    if next == UInt8(ascii: "\n") {
                        pos += 2
                    } else if next == UInt8(ascii: "$") || next == UInt8(ascii: "`") || next == UInt8(ascii: "\\")
                        || (next == UInt8(ascii: "\"") && !heredoc)
                    {
                        literal.append(next)
                        pos += 2
                    } else {
                        literal.append(byte)
                        pos += 1
                    }
                } else {
                    literal.append(byte)
                    pos += 1
                }
            case UInt8(ascii: "$"):
                flush()
                parts.append(try parseDollar(inDoubleQuotes: true))
            case UInt8(ascii: "`"):
                flush()
                parts.append(try parseBackquote())
            default:
                literal.append(byte)
                pos += 1
            }
        }
        flush()
        return parts
    }

    mutating func parseDollar(inDoubleQuotes: Bool) throws(ShellSyntaxError) -> WordPart {
        let start = pos
        pos += 1
        guard pos < bytes.count else { return .literal("$", isEscaped: false) }
        let byte = bytes[pos]
        if byte == UInt8(ascii: "'") && !inDoubleQuotes {
            return .ansiC(try parseANSICString(openedAt: start))
        }
        if byte == UInt8(ascii: "\"") && !inDoubleQuotes {
            pos += 1
            let inner = try parseDoubleQuotedContent(heredoc: false)
            guard peek("\"") else {
                throw ShellSyntaxError(
                    code: "unterminated-quote", message: "unterminated double quote", offset: start + baseOffset)
            }
            pos += 1
            return .doubleQuoted(inner)
        }
        if peek("((") {
            pos += 2
            let (expression, substitutions) = try scanArithmetic(openedAt: start)
            return .arithmetic(expression, substitutions: substitutions, span: span(start, pos))
        }
        if byte == UInt8(ascii: "(") {
            pos += 1
            let script = try parseNested(closing: ")", what: "command substitution", openedAt: start)
            return .commandSubstitution(script, span: span(start, pos))
        }
        if byte == UInt8(ascii: "{") {
            pos += 1
            return try parseBracedParameter(openedAt: start)
        }
        if let name = readName() {
            return .parameter(name: name, operation: nil, operand: nil, span: span(start, pos))
        }
        if "0123456789@*#?-$!".utf8.contains(byte) {
            pos += 1
            return .parameter(name: text(pos - 1, pos), operation: nil, operand: nil, span: span(start, pos))
        }
        return .literal("$", isEscaped: false)
    }

    mutating func parseBracedParameter(openedAt start: Int) throws(ShellSyntaxError) -> WordPart {
        var name = ""
        if peek("#") || peek("!") {
            // `${#name}` (length) and `${!name}` (indirection) keep the sigil in the name.
            name = text(pos, pos + 1)
            pos += 1
        }
        if let identifier = readName() {
            name += identifier
        } else if pos < bytes.count, "0123456789@*#?-$!".utf8.contains(bytes[pos]) {
            name += text(pos, pos + 1)
            pos += 1
        }
        if peek("[") {
            guard let close = bytes[pos...].firstIndex(of: UInt8(ascii: "]")) else {
                throw ShellSyntaxError(
                    code: "unterminated-parameter", message: "unterminated '${'", offset: start + baseOffset)
            }
            name += text(pos, close + 1)
            pos = close + 1
        }
        if peek("}") {
            pos += 1
            return .parameter(name: name, operation: nil, operand: nil, span: span(start, pos))
        }
        let operations = [
            ":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,", "-", "=", "?", "+", "#", "%", "/", "^", ",", ":", "@",
        ]
        if pos >= bytes.count {
            throw ShellSyntaxError(
                code: "unterminated-parameter", message: "unterminated '${'", offset: start + baseOffset)
        }
        guard let operation = operations.first(where: { peek($0) }) else {
            throw ShellSyntaxError(
                code: "bad-substitution", message: "bad substitution in '${'", offset: start + baseOffset)
        }
        pos += operation.utf8.count
        let operandStart = pos
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        var braces = 0
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self), isEscaped: false))
                literal = []
            }
        }
        while true {
            guard pos < bytes.count else {
                throw ShellSyntaxError(
                    code: "unterminated-parameter", message: "unterminated '${'", offset: start + baseOffset)
            }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "}") && braces == 0 { break }
            switch byte {
            case UInt8(ascii: "{"):
                braces += 1
                literal.append(byte)
                pos += 1
            case UInt8(ascii: "}"):
                braces -= 1
                literal.append(byte)
                pos += 1
            case UInt8(ascii: "\\"):
                let end = scalarEnd(min(pos + 1, bytes.count - 1))
                literal.append(contentsOf: bytes[(pos + 1)..<max(pos + 1, end)])
                pos = max(pos + 1, end)
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "`"):
                flush()
                parts.append(try parseQuotedOrExpansion())
            default:
                literal.append(byte)
                pos += 1
            }
        }
        flush()
        let operand = Word(parts: parts, span: span(operandStart, pos))
        pos += 1
        return .parameter(name: name, operation: operation, operand: operand, span: span(start, pos))
    }

    /// Scans `$((…))` or `((…))` after the opening parentheses; returns the expression text and
    /// the command substitutions inside it.
    mutating func scanArithmetic(openedAt start: Int) throws(ShellSyntaxError) -> (String, [Script]) {
        let expressionStart = pos
        var level = 0
        var substitutions: [Script] = []
        while true {
            guard pos < bytes.count else {
                throw ShellSyntaxError(
                    code: "unterminated-arithmetic", message: "unterminated arithmetic '(('",
                    offset: start + baseOffset)
            }
            if peek("$(") && !peek("$((") {
                let substitutionStart = pos
                pos += 2
                substitutions.append(
                    try parseNested(closing: ")", what: "command substitution", openedAt: substitutionStart))
                continue
            }
            if peek("`") {
                if case .commandSubstitution(let script, _) = try parseBackquote() { substitutions.append(script) }
                continue
            }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "(") {
                level += 1
            } else if byte == UInt8(ascii: ")") {
                if level == 0 {
                    guard peek("))") else {
                        throw error("unexpected-token", "expected '))' to close the arithmetic expression")
                    }
                    let expression = text(expressionStart, pos)
                    pos += 2
                    return (expression, substitutions)
                }
                level -= 1
            }
            pos += 1
        }
    }

    mutating func parseNested(closing: String, what: String, openedAt start: Int) throws(ShellSyntaxError) -> Script {
        let script = try parseList(.init(closingParen: true))
        skipBlanks()
        guard peek(closing) else {
            if pos >= bytes.count {
                throw ShellSyntaxError(
                    code: "unterminated-substitution", message: "unterminated \(what) opened at byte \(start + baseOffset)",
                    offset: start + baseOffset)
            }
            throw error("unexpected-token", "unexpected '\(tokenText())' in \(what)")
        }
        pos += closing.utf8.count
        return script
    }

    mutating func parseBackquote() throws(ShellSyntaxError) -> WordPart {
        let start = pos
        pos += 1
        var inner: [UInt8] = []
        while true {
            guard pos < bytes.count else {
                throw ShellSyntaxError(
                    code: "unterminated-substitution", message: "unterminated backquote", offset: start + baseOffset)
            }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "`") { break }
            if byte == UInt8(ascii: "\\"), pos + 1 < bytes.count,
                [UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: "$")].contains(bytes[pos + 1])
            {
                inner.append(bytes[pos + 1])
                pos += 2
                continue
            }
            inner.append(byte)
            pos += 1
        }
        pos += 1
        var nested = ShellParser(bytes: inner, baseOffset: baseOffset + start + 1, depth: depth)
        let script = try nested.parseWholeScript()
        return .commandSubstitution(script, span: span(start, pos))
    }

    mutating func parseANSICString(openedAt start: Int) throws(ShellSyntaxError) -> String {
        pos += 1
        var decoded: [UInt8] = []
        while true {
            guard pos < bytes.count else {
                throw ShellSyntaxError(
                    code: "unterminated-quote", message: "unterminated $'…' string", offset: start + baseOffset)
            }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "'") {
                pos += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\"), pos + 1 < bytes.count else {
                decoded.append(byte)
                pos += 1
                continue
            }
            let escape = bytes[pos + 1]
            pos += 2
            switch escape {
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "a"): decoded.append(0x07)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "e"), UInt8(ascii: "E"): decoded.append(0x1B)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "v"): decoded.append(0x0B)
            case UInt8(ascii: "x"):
                decoded.append(contentsOf: readNumericEscape(radix: 16, maxDigits: 2))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = readNumber(radix: 16, maxDigits: escape == UInt8(ascii: "u") ? 4 : 8) ?? 0
                decoded.append(contentsOf: Array(String(Unicode.Scalar(value).map(Character.init) ?? "?").utf8))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                pos -= 1
                decoded.append(contentsOf: readNumericEscape(radix: 8, maxDigits: 3))
            case UInt8(ascii: "c"):
                if pos < bytes.count {
                    decoded.append(bytes[pos] & 0x1F)
                    pos += 1
                }
            default:
                decoded.append(escape)
            }
        }
    }

    mutating func readNumericEscape(radix: Int, maxDigits: Int) -> [UInt8] {
        guard let value = readNumber(radix: radix, maxDigits: maxDigits) else { return [] }
        return [UInt8(truncatingIfNeeded: value)]
    }

    mutating func readNumber(radix: Int, maxDigits: Int) -> UInt32? {
        var value: UInt32 = 0
        var count = 0
        while count < maxDigits, pos < bytes.count,
            let digit = Int(String(UnicodeScalar(bytes[pos])), radix: radix)
        {
            value = value * UInt32(radix) + UInt32(digit)
            pos += 1
            count += 1
        }
        return count == 0 ? nil : value
    }

    // MARK: - Scanning helpers

    func isMetacharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\n"):
            true
        default: false
        }
    }

    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    mutating func skipBlanks() {
        while pos < bytes.count {
            let byte = bytes[pos]
            if isBlank(byte) {
                pos += 1
            } else if byte == UInt8(ascii: "\\"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "\n") {
                pos += 2
            } else if byte == UInt8(ascii: "#") {
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else {
                return
            }
        }
    }

    func peek(_ literal: String) -> Bool {
        var index = pos
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
        }
        return true
    }

    /// The unquoted word at the cursor, if it stands alone (the only place a reserved word counts).
    func peekReservedWord() -> String? {
        var end = pos
        while end < bytes.count {
            let byte = bytes[end]
            if isBlank(byte) || isMetacharacter(byte) { break }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "`")
            {
                return nil
            }
            end += 1
        }
        guard end > pos else { return nil }
        let word = text(pos, end)
        return [
            "{", "}", "!", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while",
            "until", "for", "select", "in", "function", "[[", "]]",
        ].contains(word) ? word : nil
    }

    mutating func readName() -> String? {
        let start = pos
        guard pos < bytes.count, isNameStart(bytes[pos]) else { return nil }
        pos += 1
        while pos < bytes.count, isNameStart(bytes[pos]) || (bytes[pos] >= 0x30 && bytes[pos] <= 0x39) { pos += 1 }
        return text(start, pos)
    }

    func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }

    mutating func expect(_ literal: String, _ message: String) throws(ShellSyntaxError) {
        skipBlanks()
        guard peek(literal) else {
            if pos >= bytes.count { throw error("unexpected-end", message) }
            throw error("unexpected-token", message + ", found '\(tokenText())'")
        }
        pos += literal.utf8.count
    }

    mutating func expectWord(_ word: String, opened: String, at start: Int) throws(ShellSyntaxError) {
        skipBlanks()
        guard peekReservedWord() == word else {
            throw ShellSyntaxError(
                code: "unterminated-compound",
                message: "'\(opened)' at byte \(start + baseOffset) expects '\(word)'"
                    + (pos < bytes.count ? ", found '\(tokenText())'" : " before the end of the command"),
                offset: pos + baseOffset)
        }
        pos += word.utf8.count
    }

    /// The end of the UTF-8 scalar that starts at `index`.
    func scalarEnd(_ index: Int) -> Int {
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return min(end, bytes.count)
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func tokenText() -> String {
        guard pos < bytes.count else { return "end of input" }
        var end = pos + 1
        while end < bytes.count, end - pos < 20, !isBlank(bytes[end]), bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return text(pos, end)
    }

    func span(_ start: Int, _ end: Int) -> SourceSpan { SourceSpan(start + baseOffset, end + baseOffset) }

    func error(_ code: String, _ message: String) -> ShellSyntaxError {
        ShellSyntaxError(code: code, message: message, offset: pos + baseOffset)
    }
}

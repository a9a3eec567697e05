/// A small, conservative SQL lexer for SQL given on command lines (`psql -c`, heredocs,
/// `mysql -e`, `sqlite3 db "…"`): it skips comments, strings, quoted identifiers and dollar
/// quotes, splits statements on `;` outside them and keeps byte offsets. It is not a parser: the
/// classifier built on it takes leading keywords and fails closed (unknown) when unsure.
enum SQLDialect: Sendable {
    /// PostgreSQL and psql: nested `/* */`, `E'…'`, `$tag$…$tag$`, `\` meta-commands.
    case postgres
    /// MySQL and MariaDB: `#` comments, `-- ` needs a blank, backslash escapes in strings,
    /// backtick identifiers, executable `/*! … */` comments, `DELIMITER`.
    case mysql
    /// SQLite: `.` dot-commands at the start of a line, `[…]` identifiers.
    case sqlite
    /// CQL, ClickHouse, CockroachDB and anything else: the common ground only.
    case generic
}

/// One token of SQL text, with its byte range in the text that was lexed.
struct SQLToken: Sendable {
    enum Kind: Sendable { case word, quotedIdentifier, string, number, parameter, symbol }
    var kind: Kind
    var start: Int
    var end: Int
    /// The token as written (for strings and quoted identifiers, with the quotes).
    var text: String
    /// Parenthesis depth the token sits at (an opening parenthesis has the depth outside it).
    var depth: Int

    /// Upper-cased text of an unquoted word; empty for every other kind, so a quoted `"DROP"`
    /// never reads as a keyword.
    var keyword: String { kind == .word ? text.uppercased() : "" }
}

/// One statement, or one client meta-command (`\i file`, `.read file`, `source file`).
struct SQLStatement: Sendable {
    var tokens: [SQLToken]
    var start: Int
    var end: Int
    /// The source text from the first token to the last.
    var text: String
    /// A client command handled by the shell (psql `\…`, sqlite `.…`, mysql `source`) rather than
    /// sent to the server.
    var isClientCommand: Bool
    /// A quote, comment or parenthesis runs off the end: the server sees something else.
    var isUnterminated: Bool

    /// The statement for messages: whitespace collapsed, passwords hidden, at most `limit` characters.
    func display(limit: Int = 120) -> String {
        var bytes = Array(text.utf8)
        // Hide every string literal after PASSWORD or IDENTIFIED (BY …), from the end so earlier
        // offsets stay valid.
        var secrets: [SQLToken] = []
        var afterPassword = false
        for token in tokens {
            if ["PASSWORD", "IDENTIFIED"].contains(token.keyword) { afterPassword = true }
            if afterPassword && token.kind == .string { secrets.append(token) }
        }
        for token in secrets.reversed() {
            let lower = token.start - start
            let upper = token.end - start
            guard lower >= 0, upper <= bytes.count, lower < upper else { continue }
            bytes.replaceSubrange(lower..<upper, with: Array("'…'".utf8))
        }
        var result = ""
        var lastWasSpace = false
        for character in String(decoding: bytes, as: UTF8.self) {
            if character.isWhitespace {
                if !lastWasSpace && !result.isEmpty { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        while result.last == " " { result.removeLast() }
        if result.count > limit { result = String(result.prefix(limit - 1)) + "…" }
        return result
    }
}

enum SQLLexer {
    static func statements(in text: String, dialect: SQLDialect) -> [SQLStatement] {
        var scanner = Scanner(bytes: Array(text.utf8), dialect: dialect)
        scanner.run()
        return scanner.statements
    }

    /// Client commands in mysql and cqlsh that end at the end of their line even without `;`.
    static let mysqlLineCommands: Set<String> = [
        "USE", "SOURCE", "SYSTEM", "CONNECT", "QUIT", "EXIT", "STATUS", "CHARSET", "WARNINGS", "NOWARNING",
        "REHASH", "TEE", "NOTEE", "PAGER", "NOPAGER", "PRINT", "PROMPT", "HELP", "CLEAR", "EDIT", "EGO", "GO",
        "RESETCONNECTION", "QUERY_ATTRIBUTES",
    ]
    static let cqlLineCommands: Set<String> = [
        "CONSISTENCY", "SERIAL", "SOURCE", "CAPTURE", "DESCRIBE", "DESC", "EXPAND", "PAGING", "TRACING", "SHOW",
        "HELP", "LOGIN", "EXIT", "QUIT", "CLEAR", "CLS",
    ]

    private struct Scanner {
        let bytes: [UInt8]
        let dialect: SQLDialect
        var index = 0
        var statements: [SQLStatement] = []
        var tokens: [SQLToken] = []
        var depth = 0
        var unterminated = false
        var delimiter: [UInt8] = [UInt8(ascii: ";")]
        /// Open MySQL `/*! … */` comments, whose contents the server runs.
        var executableComments = 0
        /// Inside `BEGIN ATOMIC … END` of a PostgreSQL function body, where `;` does not split.
        var atomicBody = false
        var caseDepth = 0

        init(bytes: [UInt8], dialect: SQLDialect) {
            self.bytes = bytes
            self.dialect = dialect
        }

        func byte(at offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

        static func isIdentifierStart(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
        }

        static func isIdentifierPart(_ byte: UInt8) -> Bool {
            isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x24
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
        }

        func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self) }

        mutating func emit(_ kind: SQLToken.Kind, _ start: Int, _ end: Int, depth: Int? = nil) {
            tokens.append(SQLToken(kind: kind, start: start, end: end, text: text(start, end), depth: depth ?? self.depth))
        }

        mutating func finishStatement() {
            defer {
                tokens = []
                depth = 0
                unterminated = false
                atomicBody = false
                caseDepth = 0
            }
            guard let first = tokens.first, let last = tokens.last else { return }
            statements.append(
                SQLStatement(
                    tokens: tokens, start: first.start, end: last.end, text: text(first.start, last.end),
                    isClientCommand: false, isUnterminated: unterminated || depth != 0 || atomicBody))
        }

        /// A client command from `start` to the end of its line (or, for word commands, the delimiter).
        mutating func clientCommand(from start: Int, stopAtDelimiter: Bool) {
            finishStatement()
            var end = start
            while end < bytes.count, bytes[end] != 0x0A {
                if stopAtDelimiter, matchesDelimiter(at: end) { break }
                end += 1
            }
            var trimmed = end
            while trimmed > start, Self.isBlank(bytes[trimmed - 1]) { trimmed -= 1 }
            let body = text(start, trimmed)
            var words: [SQLToken] = []
            var cursor = start
            while cursor < trimmed {
                while cursor < trimmed, Self.isBlank(bytes[cursor]) { cursor += 1 }
                let wordStart = cursor
                while cursor < trimmed, !Self.isBlank(bytes[cursor]) { cursor += 1 }
                if cursor > wordStart {
                    words.append(SQLToken(kind: .word, start: wordStart, end: cursor, text: text(wordStart, cursor), depth: 0))
                }
            }
            statements.append(
                SQLStatement(tokens: words, start: start, end: trimmed, text: body, isClientCommand: true, isUnterminated: false))
            index = end
            if stopAtDelimiter, matchesDelimiter(at: end) { index += delimiter.count }
        }

        func matchesDelimiter(at offset: Int) -> Bool {
            guard offset + delimiter.count <= bytes.count else { return false }
            for (position, expected) in delimiter.enumerated() where bytes[offset + position] != expected { return false }
            return true
        }

        var atLineStart: Bool {
            var cursor = index - 1
            while cursor >= 0 {
                if bytes[cursor] == 0x0A { return true }
                if !Self.isBlank(bytes[cursor]) { return false }
                cursor -= 1
            }
            return true
        }

        /// Whether `;` ends the statement here: at depth 0 in PostgreSQL (psql keeps parenthesised
        /// `;` together, as in `CREATE RULE … DO (a; b)`), and outside a `BEGIN ATOMIC` body.
        var splitsHere: Bool {
            if dialect == .postgres { return depth == 0 && !atomicBody }
            return true
        }

        mutating func run() {
            while index < bytes.count {
                let current = bytes[index]
                let next = byte(at: index + 1)
                if delimiter != [UInt8(ascii: ";")], matchesDelimiter(at: index) {
                    finishStatement()
                    index += delimiter.count
                    continue
                }
                if current == UInt8(ascii: ";") && delimiter == [UInt8(ascii: ";")] && splitsHere {
                    finishStatement()
                    index += 1
                    continue
                }
                if Self.isBlank(current) {
                    index += 1
                    continue
                }
                switch current {
                case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                    // MySQL only treats `-- ` (with a blank after it) as a comment: `1--1` is arithmetic.
                    if dialect == .mysql, let after = byte(at: index + 2), !Self.isBlank(after) && after >= 0x20 {
                        emit(.symbol, index, index + 1)
                        index += 1
                    } else {
                        skipLine()
                    }
                case UInt8(ascii: "#") where dialect == .mysql:
                    skipLine()
                case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                    if dialect == .mysql, byte(at: index + 2) == UInt8(ascii: "!") {
                        // `/*!50000 DROP TABLE t */` runs on the server: lex its contents.
                        index += 3
                        while let digit = byte(at: index), Self.isDigit(digit) { index += 1 }
                        executableComments += 1
                    } else {
                        skipBlockComment(nested: dialect == .postgres)
                    }
                case UInt8(ascii: "*") where next == UInt8(ascii: "/") && executableComments > 0:
                    executableComments -= 1
                    index += 2
                case UInt8(ascii: "'"):
                    lexQuoted(quote: current, kind: .string, start: index, backslashEscapes: dialect == .mysql)
                case UInt8(ascii: "\""):
                    if dialect == .mysql {
                        lexQuoted(quote: current, kind: .string, start: index, backslashEscapes: true)
                    } else {
                        lexQuoted(quote: current, kind: .quotedIdentifier, start: index, backslashEscapes: false)
                    }
                case UInt8(ascii: "`") where dialect != .postgres:
                    lexQuoted(quote: current, kind: .quotedIdentifier, start: index, backslashEscapes: false)
                case UInt8(ascii: "[") where dialect == .sqlite:
                    lexUntil(UInt8(ascii: "]"), kind: .quotedIdentifier)
                case UInt8(ascii: "$") where dialect == .postgres || dialect == .generic:
                    lexDollar()
                case UInt8(ascii: "\\") where dialect == .postgres || dialect == .mysql:
                    clientCommand(from: index, stopAtDelimiter: false)
                case UInt8(ascii: ".") where dialect == .sqlite && tokens.isEmpty && atLineStart:
                    clientCommand(from: index, stopAtDelimiter: false)
                case UInt8(ascii: "("):
                    emit(.symbol, index, index + 1)
                    depth += 1
                    index += 1
                case UInt8(ascii: ")"):
                    depth = max(0, depth - 1)
                    emit(.symbol, index, index + 1)
                    index += 1
                default:
                    if Self.isDigit(current) || (current == UInt8(ascii: ".") && next.map(Self.isDigit) == true) {
                        let start = index
                        while let byte = byte(at: index), Self.isIdentifierPart(byte) || byte == UInt8(ascii: ".") { index += 1 }
                        emit(.number, start, index)
                    } else if Self.isIdentifierStart(current) {
                        lexWord()
                    } else {
                        let start = index
                        let pair = next.map { String(decoding: [current, $0], as: UTF8.self) } ?? ""
                        index += ["<>", "!=", "<=", ">=", "::", "||", ":="].contains(pair) ? 2 : 1
                        emit(.symbol, start, index)
                    }
                }
            }
            if executableComments > 0 { unterminated = true }
            finishStatement()
        }

        mutating func lexWord() {
            let start = index
            while let byte = byte(at: index), Self.isIdentifierPart(byte) { index += 1 }
            // PostgreSQL's E'…' strings take backslash escapes.
            if dialect == .postgres, index - start == 1, bytes[start] | 0x20 == UInt8(ascii: "e"),
                byte(at: index) == UInt8(ascii: "'")
            {
                index = start + 1
                lexQuoted(quote: UInt8(ascii: "'"), kind: .string, start: start, backslashEscapes: true)
                return
            }
            let word = text(start, index).uppercased()
            if tokens.isEmpty {
                if dialect == .mysql, word == "DELIMITER" {
                    setDelimiter(commandStart: start)
                    return
                }
                let lineCommands: Set<String> =
                    dialect == .mysql ? SQLLexer.mysqlLineCommands : dialect == .generic ? SQLLexer.cqlLineCommands : []
                if lineCommands.contains(word) {
                    clientCommand(from: start, stopAtDelimiter: true)
                    return
                }
            }
            emit(.word, start, index)
            if dialect == .postgres {
                let previous = tokens.count >= 2 ? tokens[tokens.count - 2].keyword : ""
                if word == "ATOMIC", previous == "BEGIN", tokens.first?.keyword == "CREATE" {
                    atomicBody = true
                } else if atomicBody, word == "CASE" {
                    caseDepth += 1
                } else if atomicBody, word == "END" {
                    if caseDepth > 0 { caseDepth -= 1 } else { atomicBody = false }
                }
            }
        }

        /// `DELIMITER //` in the mysql client: later statements end at `//` instead of `;`.
        mutating func setDelimiter(commandStart: Int) {
            var cursor = index
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            let valueStart = cursor
            while cursor < bytes.count, !Self.isBlank(bytes[cursor]) { cursor += 1 }
            if cursor > valueStart { delimiter = Array(bytes[valueStart..<cursor]) }
            index = commandStart
            clientCommand(from: commandStart, stopAtDelimiter: false)
        }

        mutating func skipLine() {
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        }

        mutating func skipBlockComment(nested: Bool) {
            let start = index
            var level = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "/"), byte(at: index + 1) == UInt8(ascii: "*") {
                    if level > 0 && !nested {
                        index += 2
                        continue
                    }
                    level += 1
                    index += 2
                } else if bytes[index] == UInt8(ascii: "*"), byte(at: index + 1) == UInt8(ascii: "/") {
                    level -= 1
                    index += 2
                    if level == 0 { return }
                } else {
                    index += 1
                }
            }
            unterminated = true
            // An unterminated comment still counts as part of the statement being built.
            if tokens.isEmpty { emit(.symbol, start, bytes.count) }
        }

        mutating func lexQuoted(quote: UInt8, kind: SQLToken.Kind, start: Int, backslashEscapes: Bool) {
            index += 1
            while index < bytes.count {
                let current = bytes[index]
                if backslashEscapes && current == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if current == quote {
                    if byte(at: index + 1) == quote {
                        index += 2
                        continue
                    }
                    index += 1
                    emit(kind, start, index)
                    return
                }
                index += 1
            }
            index = bytes.count
            unterminated = true
            emit(kind, start, index)
        }

        mutating func lexUntil(_ close: UInt8, kind: SQLToken.Kind) {
            let start = index
            index += 1
            while index < bytes.count, bytes[index] != close { index += 1 }
            if index >= bytes.count { unterminated = true } else { index += 1 }
            emit(kind, start, min(index, bytes.count))
        }

        /// `$1` (a parameter), `$tag$ … $tag$` (a dollar-quoted string; CQL and others know only `$$`).
        mutating func lexDollar() {
            let start = index
            if let next = byte(at: index + 1), Self.isDigit(next) {
                index += 1
                while let byte = byte(at: index), Self.isDigit(byte) { index += 1 }
                emit(.parameter, start, index)
                return
            }
            var cursor = index + 1
            if dialect == .postgres, let first = byte(at: cursor), Self.isIdentifierStart(first) {
                while let byte = byte(at: cursor), Self.isIdentifierPart(byte) && byte != UInt8(ascii: "$") { cursor += 1 }
            }
            guard byte(at: cursor) == UInt8(ascii: "$") else {
                emit(.symbol, index, index + 1)
                index += 1
                return
            }
            let tag = Array(bytes[start...cursor])
            var search = cursor + 1
            while search + tag.count <= bytes.count {
                if Array(bytes[search..<(search + tag.count)]) == tag {
                    index = search + tag.count
                    emit(.string, start, index)
                    return
                }
                search += 1
            }
            index = bytes.count
            unterminated = true
            emit(.string, start, index)
        }
    }
}

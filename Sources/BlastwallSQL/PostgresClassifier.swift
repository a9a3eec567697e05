import BlastwallCore

/// Classifies PostgreSQL text on PostgreSQL's own parse tree. Every statement gets a verdict; the
/// strictest decides. Text the parser rejects goes to the lexer, and what the lexer reads as
/// harmless becomes `unknown` there: doubt is never allowed.
public struct PostgresClassifier: PostgresReader {
    public init() {}

    public func classify(_ text: String) -> [SQLStatementVerdict] {
        var session = SQLSession()
        return classify(text, session: &session)
    }

    /// Classifies with a session's memory: `PREPARE` bodies seen earlier decide what `EXECUTE`
    /// runs, and the session learns the ones in this text.
    public func classify(_ text: String, session: inout SQLSession) -> [SQLStatementVerdict] {
        // psql's meta-commands are not SQL: only the lexer knows where they end.
        if text.contains("\\"), SQLLexerReading.hasClientCommands(text) {
            return SQLLexerReading.split(text).flatMap { part in
                if let command = part.clientCommand { return [command] }
                let bytes = Array(text.utf8)[part.range]
                return classifySQL(String(decoding: bytes, as: UTF8.self), session: &session).map { $0.shifted(by: part.range.lowerBound) }
            }
        }
        return classifySQL(text, session: &session)
    }

    func classifySQL(_ text: String, session: inout SQLSession) -> [SQLStatementVerdict] {
        let bytes = Array(text.utf8)
        switch PgQuery.parse(text) {
        case .success(let statements):
            return verdicts(statements, bytes: bytes, batchSize: statements.count, session: &session)
        case .failure(let error):
            return unparsed(text, bytes: bytes, error: error, session: &session)
        }
    }

    /// One verdict per statement the parser found in `bytes`; `batchSize` is the number of
    /// statements in the whole text (transaction control means something else in a batch).
    func verdicts(_ statements: [PgQuery.ParsedStatement], bytes: [UInt8], batchSize: Int, session: inout SQLSession)
        -> [SQLStatementVerdict]
    {
        let reader = StatementReader(bytes: bytes, batchSize: batchSize)
        return statements.compactMap { statement in
            let range = Trim.statement(bytes, statement.range)
            guard !range.isEmpty else { return nil }
            return reader.verdict(statement.node, range: range, session: &session)
        }
    }

    /// Text PostgreSQL 15 rejects: each statement the scanner finds is parsed on its own, so one
    /// statement of newer syntax does not hide what the others do.
    func unparsed(_ text: String, bytes: [UInt8], error: PgQuery.ParseError, session: inout SQLSession) -> [SQLStatementVerdict] {
        guard let ranges = PgQuery.scannerSplit(text), ranges.count > 1 else {
            return Self.doubtful(text, bytes: bytes, range: 0..<bytes.count, error: error)
        }
        var verdicts: [SQLStatementVerdict] = []
        for range in ranges {
            let trimmed = Trim.statement(bytes, range)
            guard !trimmed.isEmpty else { continue }
            let pieceBytes = Array(bytes[trimmed])
            let piece = String(decoding: pieceBytes, as: UTF8.self)
            switch PgQuery.parse(piece) {
            case .success(let statements):
                verdicts += self.verdicts(statements, bytes: pieceBytes, batchSize: ranges.count, session: &session).map {
                    $0.shifted(by: trimmed.lowerBound)
                }
            case .failure(let pieceError):
                verdicts += Self.doubtful(piece, bytes: Array(piece.utf8), range: 0..<piece.utf8.count, error: pieceError).map {
                    $0.shifted(by: trimmed.lowerBound)
                }
            }
        }
        return verdicts
    }

    /// The lexer's reading of text the parser rejected, never milder than `unknown`.
    static func doubtful(_ text: String, bytes: [UInt8], range: Range<Int>, error: PgQuery.ParseError) -> [SQLStatementVerdict] {
        let where_ = error.position.map { " at byte \($0)" } ?? ""
        let reason = "is rejected by PostgreSQL 15's parser (\(error.message)\(where_))"
        var verdicts = SQLLexerReading.classify(text)
        if verdicts.isEmpty {
            let trimmed = Trim.statement(bytes, range)
            verdicts = [
                SQLStatementVerdict(
                    range: trimmed, sqlClass: .unknown, effectClass: .unknown, kind: .unknown, ruleID: "sql.unparsable",
                    consequence: reason, display: Display.text(bytes, trimmed))
            ]
        }
        return verdicts.map { verdict in
            var verdict = verdict
            if verdict.effectClass < .unknown {
                verdict.effectClass = .unknown
                verdict.sqlClass = .unknown
                verdict.kind = .unknown
                verdict.ruleID = "sql.unparsable"
                verdict.consequence = "\(reason); the fallback lexer reads that it \(verdict.consequence), which is not trusted to allow"
            } else {
                verdict.consequence += " (read by the fallback lexer: it \(reason))"
            }
            return verdict
        }
    }
}

/// What a session remembers between texts: the statements it prepared.
public struct SQLSession: Sendable {
    public var prepared: [String: SQLStatementVerdict] = [:]
    public init() {}
}

extension SQLStatementVerdict {
    func shifted(by offset: Int) -> SQLStatementVerdict {
        var copy = self
        copy.range = (range.lowerBound + offset)..<(range.upperBound + offset)
        copy.evidence = evidence.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
        return copy
    }
}

/// Statement boundaries without the blanks and comments around them.
enum Trim {
    static func statement(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var start = max(0, range.lowerBound)
        var end = min(bytes.count, range.upperBound)
        while start < end {
            let byte = bytes[start]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x3B {
                start += 1
            } else if byte == 0x2D, start + 1 < end, bytes[start + 1] == 0x2D {
                while start < end && bytes[start] != 0x0A { start += 1 }
            } else if byte == 0x2F, start + 1 < end, bytes[start + 1] == 0x2A {
                // Block comments nest in PostgreSQL.
                var depth = 0
                var index = start
                while index + 1 < end {
                    if bytes[index] == 0x2F && bytes[index + 1] == 0x2A {
                        depth += 1
                        index += 2
                    } else if bytes[index] == 0x2A && bytes[index + 1] == 0x2F {
                        depth -= 1
                        index += 2
                        if depth == 0 { break }
                    } else {
                        index += 1
                    }
                }
                start = depth == 0 ? index : end
            } else {
                break
            }
        }
        while end > start, [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x3B].contains(bytes[end - 1]) { end -= 1 }
        return start..<end
    }
}

enum Display {
    /// Blanks collapsed, passwords hidden, at most 120 characters. Only text that mentions a
    /// password needs the lexer to find its string literals.
    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let slice = bytes[range]
        if mentionsPassword(slice) { return SQLLexerReading.display(String(decoding: slice, as: UTF8.self)) }
        var result: [UInt8] = []
        result.reserveCapacity(min(slice.count, 480))
        var lastWasSpace = false
        for byte in slice {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if !lastWasSpace && !result.isEmpty { result.append(0x20) }
                lastWasSpace = true
            } else {
                result.append(byte)
                lastWasSpace = false
            }
            if result.count > 480 { break }
        }
        let text = String(decoding: result, as: UTF8.self)
        return text.count > 120 ? String(text.prefix(119)) + "…" : text
    }

    static func mentionsPassword(_ bytes: ArraySlice<UInt8>) -> Bool {
        let needle = Array("passw".utf8)
        guard bytes.count >= needle.count else { return false }
        var index = bytes.startIndex
        while index <= bytes.endIndex - needle.count {
            var matched = true
            for offset in 0..<needle.count where bytes[index + offset] | 0x20 != needle[offset] {
                matched = false
                break
            }
            if matched { return true }
            index += 1
        }
        return false
    }
}

import BlastwallCore
import CPgQuery

/// PostgreSQL 15's parser through libpg_query: the parse tree as JSON, statements with their
/// byte ranges, and the parser's own error with its position.
enum PgQuery {
    struct ParsedStatement {
        /// The statement's bytes as the parser reports them: from just after the previous `;`
        /// (leading blanks and comments included) up to, not including, its own `;`.
        var range: Range<Int>
        var node: JSON
    }

    struct ParseError: Error {
        var message: String
        /// The byte offset the parser stopped at, when it says.
        var position: Int?
    }

    /// Parses the whole text, or says where the parser gave up.
    static func parse(_ text: String) -> Result<[ParsedStatement], ParseError> {
        let byteCount = text.utf8.count
        let result = pg_query_parse(text)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "the parser rejected it"
            let cursor = Int(error.pointee.cursorpos)
            // cursorpos counts characters from 1; turned into a byte offset for the caller.
            return .failure(ParseError(message: message, position: cursor > 0 ? byteOffset(ofCharacter: cursor - 1, in: text) : nil))
        }
        guard let tree = result.parse_tree else { return .failure(ParseError(message: "the parser returned nothing")) }
        let json: JSON
        do {
            json = try JSON.parse(String(cString: tree))
        } catch {
            // Nesting deeper than the JSON reader allows: too deep to judge.
            return .failure(ParseError(message: "the statement is nested too deeply to read (\(error.message))"))
        }
        var statements: [ParsedStatement] = []
        for entry in json["stmts"]?.arrayValue ?? [] {
            let location = entry["stmt_location"].flatMap(\.intValue) ?? 0
            let length = entry["stmt_len"].flatMap(\.intValue) ?? 0
            let end = length == 0 ? byteCount : min(byteCount, location + length)
            guard let node = entry["stmt"], location <= end else { continue }
            statements.append(ParsedStatement(range: location..<end, node: node))
        }
        return .success(statements)
    }

    /// The statements of text the parser rejects, split by PostgreSQL's scanner (quotes, dollar
    /// quotes and comments respected), or nil when even the scanner fails.
    static func scannerSplit(_ text: String) -> [Range<Int>]? {
        let result = pg_query_split_with_scanner(text)
        defer { pg_query_free_split_result(result) }
        guard result.error == nil else { return nil }
        let byteCount = text.utf8.count
        var ranges: [Range<Int>] = []
        for index in 0..<Int(result.n_stmts) {
            guard let statement = result.stmts[index]?.pointee else { continue }
            let location = Int(statement.stmt_location)
            let end = statement.stmt_len == 0 ? byteCount : min(byteCount, location + Int(statement.stmt_len))
            if location <= end { ranges.append(location..<end) }
        }
        return ranges
    }

    static func byteOffset(ofCharacter index: Int, in text: String) -> Int {
        var count = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            if count == index { return offset }
            count += 1
            offset += String(scalar).utf8.count
        }
        return offset
    }
}

extension JSON {
    /// An integer member of a parse tree (`"ival": 5`, `"location": 12`).
    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var boolValue: Bool {
        if case .bool(let value) = self { return value }
        return false
    }

    /// The single node type and body of a node (`{"DeleteStmt": {…}}`).
    var node: (type: String, body: JSON)? {
        guard let members = objectValue, members.count == 1 else { return nil }
        return (members[0].0, members[0].1)
    }
}

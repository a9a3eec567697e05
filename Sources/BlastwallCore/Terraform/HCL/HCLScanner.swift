/// The byte-level half of the HCL reader: positions, whitespace and comments, identifiers,
/// numbers, quoted strings and heredocs. The grammar of bodies and expressions is in
/// `HCLParser.swift`.
struct HCLScanner {
    let bytes: [UInt8]
    let file: String
    /// Offsets where each line starts, for turning an offset into a line and column.
    let lineStarts: [Int]
    var pos = 0
    var depth = 0

    init(text: String, file: String) {
        bytes = Array(text.utf8)
        self.file = file
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == Byte.newline { starts.append(offset + 1) }
        lineStarts = starts
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
    }

    // MARK: - Positions and errors

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = pos + offset
        return index < bytes.count ? bytes[index] : nil
    }

    /// 1-based line and column (in characters) of a byte offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let column = String(decoding: bytes[start..<min(max(offset, start), bytes.count)], as: UTF8.self).count + 1
        return (low + 1, column)
    }

    func error(_ code: String, _ message: String, at offset: Int? = nil) -> HCLError {
        let (line, column) = position(of: offset ?? pos)
        return HCLError(code: code, file: file, line: line, column: column, message: message)
    }

    /// What is at the cursor, for "expected …, found …" messages.
    func describeNext() -> String {
        guard let byte = peek() else { return "the end of the file" }
        if byte == Byte.newline { return "the end of the line" }
        if byte < 0x20 || byte == 0x7F { return "the control character 0x\(String(byte, radix: 16))" }
        let character = String(decoding: bytes[pos..<min(pos + 4, bytes.count)], as: UTF8.self).first ?? "?"
        return "'\(character)'"
    }

    /// Every nested construct goes through here, so no input can nest deep enough to exhaust the stack.
    mutating func enter(at offset: Int) throws(HCLError) {
        depth += 1
        if depth > HCL.maximumDepth {
            throw error("too-deep", "nested more than \(HCL.maximumDepth) levels deep", at: offset)
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Whitespace and comments

    /// Skips spaces, tabs, carriage returns and comments, stopping at a newline.
    mutating func skipInlineSpace() throws(HCLError) {
        while let byte = peek() {
            if byte == Byte.space || byte == Byte.tab || byte == Byte.carriageReturn {
                pos += 1
            } else if startsLineComment {
                skipToEndOfLine()
            } else if byte == Byte.slash && peek(1) == Byte.star {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    /// Skips whitespace, comments and newlines.
    mutating func skipSpaceAndNewlines() throws(HCLError) {
        while true {
            try skipInlineSpace()
            guard peek() == Byte.newline else { return }
            pos += 1
        }
    }

    var startsLineComment: Bool {
        peek() == Byte.hash || (peek() == Byte.slash && peek(1) == Byte.slash)
    }

    mutating func skipToEndOfLine() {
        while let byte = peek(), byte != Byte.newline { pos += 1 }
    }

    mutating func skipBlockComment() throws(HCLError) {
        let open = pos
        pos += 2
        while pos + 1 < bytes.count {
            if bytes[pos] == Byte.star && bytes[pos + 1] == Byte.slash {
                pos += 2
                return
            }
            pos += 1
        }
        pos = bytes.count
        throw error("unterminated", "this comment is not closed: expected '*/'", at: open)
    }

    // MARK: - Tokens

    static func isIdentifierStart(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == Byte.underscore || byte >= 0x80
    }

    static func isIdentifierContinue(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return isIdentifierStart(byte) || isDigit(byte) || byte == Byte.minus
    }

    static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Reads an identifier; the cursor must be at one.
    mutating func identifier() -> String {
        let start = pos
        pos += 1
        while Self.isIdentifierContinue(peek()) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    /// Whether the identifier at the cursor is exactly `word` (not a longer name starting with it).
    func atKeyword(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard pos + expected.count <= bytes.count, Array(bytes[pos..<(pos + expected.count)]) == expected else { return false }
        return !Self.isIdentifierContinue(pos + expected.count < bytes.count ? bytes[pos + expected.count] : nil)
    }

    /// A number literal, with an optional leading minus; nil (cursor unmoved) if there is none.
    mutating func number() -> Double? {
        let start = pos
        if peek() == Byte.minus { pos += 1 }
        guard Self.isDigit(peek()) else {
            pos = start
            return nil
        }
        while Self.isDigit(peek()) { pos += 1 }
        if peek() == Byte.dot && Self.isDigit(peek(1)) {
            pos += 1
            while Self.isDigit(peek()) { pos += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == Byte.plus || peek(1) == Byte.minus ? 1 : 0
            if Self.isDigit(peek(1 + sign)) {
                pos += 1 + sign
                while Self.isDigit(peek()) { pos += 1 }
            }
        }
        return Double(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    // MARK: - Strings

    /// A quoted string at `"`: its text with escapes decoded, and whether it holds `${…}` or
    /// `%{…}` (kept as written, since only Terraform can evaluate them).
    mutating func quotedString() throws(HCLError) -> (text: String, isTemplate: Bool) {
        let open = pos
        try enter(at: open)
        defer { leave() }
        pos += 1
        var out: [UInt8] = []
        var isTemplate = false
        while true {
            guard let byte = peek() else {
                throw error("unterminated", "this string is not closed: expected '\"'", at: open)
            }
            if byte == Byte.quote {
                pos += 1
                return (String(decoding: out, as: UTF8.self), isTemplate)
            } else if byte == Byte.newline {
                throw error(
                    "unterminated", "this string is not closed on its line: expected '\"' (text over several lines needs a heredoc, <<EOT)",
                    at: open)
            } else if byte == Byte.backslash {
                try escape(into: &out)
            } else if (byte == Byte.dollar || byte == Byte.percent) && peek(1) == byte && peek(2) == Byte.openBrace {
                // `$${` and `%%{` write a literal `${` and `%{`.
                out += [byte, Byte.openBrace]
                pos += 3
            } else if (byte == Byte.dollar || byte == Byte.percent) && peek(1) == Byte.openBrace {
                isTemplate = true
                let start = pos
                pos += 2
                _ = try rawText(until: .interpolation)
                guard peek() == Byte.closeBrace else {
                    throw error("unterminated", "this interpolation is not closed: expected '}'", at: start)
                }
                pos += 1
                out += bytes[start..<pos]
            } else {
                out.append(byte)
                pos += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(HCLError) {
        let start = pos
        pos += 1
        guard let letter = peek() else { throw error("unterminated", "this escape sequence is not finished", at: start) }
        pos += 1
        switch letter {
        case UInt8(ascii: "n"): out.append(Byte.newline)
        case UInt8(ascii: "r"): out.append(Byte.carriageReturn)
        case UInt8(ascii: "t"): out.append(Byte.tab)
        case Byte.quote, Byte.backslash: out.append(letter)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let width = letter == UInt8(ascii: "u") ? 4 : 8
            guard pos + width <= bytes.count,
                let value = UInt32(String(decoding: bytes[pos..<(pos + width)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(value)
            else {
                throw error(
                    "syntax", "expected \(width) hexadecimal digits naming a character after '\\\(Character(Unicode.Scalar(letter)))'",
                    at: start)
            }
            pos += width
            out += Array(String(Character(scalar)).utf8)
        default:
            let shown = letter >= 0x21 && letter < 0x7F ? String(Character(Unicode.Scalar(letter))) : "…"
            throw error(
                "syntax", "unknown escape sequence '\\\(shown)': HCL knows \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN", at: start)
        }
    }

    /// Whether a heredoc (`<<ID` or `<<-ID`) starts at the cursor.
    var atHeredoc: Bool {
        guard peek() == Byte.less && peek(1) == Byte.less else { return false }
        return Self.isIdentifierStart(peek(2)) || (peek(2) == Byte.minus && Self.isIdentifierStart(peek(3)))
    }

    /// A heredoc at `<<`. The cursor ends after the closing marker, before its newline, so the
    /// newline ends the attribute as usual.
    mutating func heredoc() throws(HCLError) -> HCLExpression {
        let open = pos
        pos += 2
        let indented = peek() == Byte.minus
        if indented { pos += 1 }
        let marker = identifier()
        if peek() == Byte.carriageReturn { pos += 1 }
        guard peek() == Byte.newline else {
            throw error("syntax", "expected a new line after the heredoc marker <<\(indented ? "-" : "")\(marker), found \(describeNext())")
        }
        pos += 1
        let markerBytes = Array(marker.utf8)
        var lines: [ArraySlice<UInt8>] = []
        while true {
            guard pos < bytes.count else {
                throw error("unterminated", "this heredoc is not closed: expected a line holding only \(marker)", at: open)
            }
            let start = pos
            while let byte = peek(), byte != Byte.newline { pos += 1 }
            var line = bytes[start..<pos]
            if line.last == Byte.carriageReturn { line = line.dropLast() }
            if line.drop(while: { $0 == Byte.space || $0 == Byte.tab }).elementsEqual(markerBytes) {
                return Self.heredocValue(lines, indented: indented)
            }
            lines.append(line)
            if pos < bytes.count { pos += 1 }
        }
    }

    private static func heredocValue(_ lines: [ArraySlice<UInt8>], indented: Bool) -> HCLExpression {
        var lines = lines
        if indented {
            let margins = lines.compactMap { line -> Int? in
                let margin = line.prefix { $0 == Byte.space || $0 == Byte.tab }.count
                return margin == line.count ? nil : margin
            }
            let margin = margins.min() ?? 0
            lines = lines.map { $0.dropFirst(min(margin, $0.prefix { $0 == Byte.space || $0 == Byte.tab }.count)) }
        }
        let text = lines.map { String(decoding: $0, as: UTF8.self) + "\n" }.joined()
        return isTemplate(text) ? .template(text) : .string(text)
    }

    /// Whether text holds `${` or `%{` that is not escaped as `$${` or `%%{`.
    static func isTemplate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index + 1 < bytes.count {
            if (bytes[index] == Byte.dollar || bytes[index] == Byte.percent) && bytes[index + 1] == bytes[index] {
                index += 2
            } else if (bytes[index] == Byte.dollar || bytes[index] == Byte.percent) && bytes[index + 1] == Byte.openBrace {
                return true
            } else {
                index += 1
            }
        }
        return false
    }
}

extension HCLScanner {
    /// The ASCII bytes the reader looks for.
    enum Byte {
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let tab = UInt8(ascii: "\t")
        static let space = UInt8(ascii: " ")
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let hash = UInt8(ascii: "#")
        static let slash = UInt8(ascii: "/")
        static let star = UInt8(ascii: "*")
        static let dollar = UInt8(ascii: "$")
        static let percent = UInt8(ascii: "%")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let openParen = UInt8(ascii: "(")
        static let closeParen = UInt8(ascii: ")")
        static let comma = UInt8(ascii: ",")
        static let equals = UInt8(ascii: "=")
        static let colon = UInt8(ascii: ":")
        static let greater = UInt8(ascii: ">")
        static let less = UInt8(ascii: "<")
        static let minus = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+")
        static let dot = UInt8(ascii: ".")
        static let underscore = UInt8(ascii: "_")
    }
}

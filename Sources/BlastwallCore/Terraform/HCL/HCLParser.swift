/// Reads HCL native syntax, the language of Terraform's `.tf` files, as far as posture checks
/// need: blocks with labels, attributes, literals, lists and objects. Any other expression is kept
/// as written, so syntax the reader does not model never stops it; input that is not HCL at all is
/// an `HCLError` with its line and column. Nesting is bounded, so no input can crash or hang it.
public enum HCL {
    /// How deep blocks, collections and interpolations may nest.
    public static let maximumDepth = 100

    public static func parse(_ text: String, file: String) throws(HCLError) -> HCLFile {
        var scanner = HCLScanner(text: text, file: file)
        return HCLFile(path: file, body: try scanner.body(openedAt: nil))
    }
}

extension HCLScanner {
    /// Where an expression ends: the bytes that close it when no bracket is open.
    enum ExpressionEnd {
        /// A body attribute: a newline, or the `}` of a one-line block.
        case attribute
        /// A list element: `,` or `]`; newlines do not count inside brackets.
        case listElement
        case objectKey
        /// An object value: `,`, a newline or `}`.
        case objectValue
        /// Inside `${…}` or `%{…}`: the closing `}`.
        case interpolation

        var endsAtNewline: Bool { self == .attribute || self == .objectKey || self == .objectValue }

        func isEnd(_ byte: UInt8, next: UInt8?) -> Bool {
            switch self {
            case .attribute: byte == Byte.newline || byte == Byte.closeBrace
            case .listElement: byte == Byte.comma || byte == Byte.closeBracket
            case .objectKey:
                byte == Byte.colon || byte == Byte.newline || byte == Byte.comma || byte == Byte.closeBrace
                    || (byte == Byte.equals && next != Byte.equals && next != Byte.greater)
            case .objectValue: byte == Byte.comma || byte == Byte.newline || byte == Byte.closeBrace
            case .interpolation: byte == Byte.closeBrace
            }
        }
    }

    // MARK: - Bodies

    /// The attributes and blocks up to the end of the file, or up to the `}` that closes the
    /// block whose `{` is at `openedAt`.
    mutating func body(openedAt open: Int?) throws(HCLError) -> HCLBody {
        var body = HCLBody()
        while true {
            try skipSpaceAndNewlines()
            guard let byte = peek() else {
                if let open {
                    throw error("unterminated", "this block is not closed: expected '}' before the end of the file", at: open)
                }
                return body
            }
            if byte == Byte.closeBrace {
                guard open != nil else { throw error("syntax", "unexpected '}': no block is open here") }
                pos += 1
                return body
            }
            guard Self.isIdentifierStart(byte) else {
                throw error("syntax", "expected an attribute name or a block type, found \(describeNext())")
            }
            let start = pos
            let (line, column) = position(of: start)
            let name = identifier()
            try skipInlineSpace()
            if peek() == Byte.equals && peek(1) != Byte.equals {
                pos += 1
                let (value, source) = try expression(ending: .attribute)
                body.attributes.append(HCLAttribute(name: name, value: value, source: source, line: line, column: column))
                try endOfItem(insideBlock: open != nil, what: "the value of '\(name)'")
                continue
            }
            var labels: [String] = []
            while true {
                if peek() == Byte.quote {
                    let labelStart = pos
                    let (text, isTemplate) = try quotedString()
                    if isTemplate { throw error("syntax", "a block label cannot hold an interpolation", at: labelStart) }
                    labels.append(text)
                } else if Self.isIdentifierStart(peek()) {
                    labels.append(identifier())
                } else {
                    break
                }
                try skipInlineSpace()
            }
            guard peek() == Byte.openBrace else {
                let after = labels.isEmpty ? "'\(name)'" : "the labels of '\(name)'"
                throw error("syntax", "expected \(labels.isEmpty ? "'=' or " : "")'{' after \(after), found \(describeNext())")
            }
            let brace = pos
            pos += 1
            try enter(at: brace)
            let inner = try self.body(openedAt: brace)
            leave()
            body.blocks.append(HCLBlock(type: name, labels: labels, body: inner, line: line, column: column))
            try endOfItem(insideBlock: open != nil, what: "the block '\(name)'")
        }
    }

    /// After an attribute or a block: a newline, the end of the file, or the `}` of the block around it.
    private mutating func endOfItem(insideBlock: Bool, what: String) throws(HCLError) {
        try skipInlineSpace()
        guard let byte = peek() else { return }
        if byte == Byte.newline {
            pos += 1
        } else if byte != Byte.closeBrace || !insideBlock {
            throw error("syntax", "expected a new line after \(what), found \(describeNext())")
        }
    }

    // MARK: - Expressions

    /// One expression and its source text. Literals, lists and objects are read; anything else
    /// (or a literal followed by an operator, an index or a call) is kept as written.
    mutating func expression(ending end: ExpressionEnd) throws(HCLError) -> (HCLExpression, String) {
        try enter(at: pos)
        defer { leave() }
        if end.endsAtNewline { try skipInlineSpace() } else { try skipSpaceAndNewlines() }
        let start = pos
        do throws(HCLError) {
            if let value = try literal() {
                let valueEnd = pos
                if end.endsAtNewline { try skipInlineSpace() } else { try skipSpaceAndNewlines() }
                if let byte = peek(), !end.isEnd(byte, next: peek(1)) {
                    // An operator, index or call follows: the whole expression is only known to Terraform.
                } else {
                    return (value, String(decoding: bytes[start..<valueEnd], as: UTF8.self))
                }
            }
        } catch {
            // A construct the literal reader does not model (`{ a = 1 b = 2 }`) is still read
            // as raw text, as long as its brackets and strings balance.
            if error.code != "syntax" { throw error }
        }
        pos = start
        let text = try rawText(until: end)
        return (.raw(text), text)
    }

    /// A literal, list or object at the cursor; nil (cursor unmoved) for any other expression.
    private mutating func literal() throws(HCLError) -> HCLExpression? {
        guard let byte = peek() else { return nil }
        switch byte {
        case Byte.quote:
            let (text, isTemplate) = try quotedString()
            return isTemplate ? .template(text) : .string(text)
        case Byte.less where atHeredoc:
            return try heredoc()
        case Byte.openBracket:
            return try list()
        case Byte.openBrace:
            return try object()
        case Byte.minus, UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number().map(HCLExpression.number)
        default:
            guard Self.isIdentifierStart(byte) else { return nil }
            let start = pos
            switch identifier() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                pos = start
                return nil
            }
        }
    }

    private mutating func list() throws(HCLError) -> HCLExpression? {
        guard let open = try openCollection() else { return nil }
        var elements: [HCLExpression] = []
        while true {
            if try closeCollection(Byte.closeBracket, "list", openedAt: open) { return .list(elements) }
            elements.append(try expression(ending: .listElement).0)
            try skipSpaceAndNewlines()
            if peek() == Byte.comma {
                pos += 1
            } else if peek() != nil && peek() != Byte.closeBracket {
                throw error("syntax", "expected ',' or ']' after a list element, found \(describeNext())")
            }
        }
    }

    private mutating func object() throws(HCLError) -> HCLExpression? {
        guard let open = try openCollection() else { return nil }
        var items: [HCLObjectItem] = []
        while true {
            if try closeCollection(Byte.closeBrace, "object", openedAt: open) { return .object(items) }
            let byte = peek()
            let key: String
            if byte == Byte.quote {
                key = try quotedString().text
            } else if Self.isIdentifierStart(byte) {
                key = identifier()
            } else if byte == Byte.openParen {
                key = try rawText(until: .objectKey)
            } else {
                throw error("syntax", "expected a key in the object, found \(describeNext())")
            }
            try skipInlineSpace()
            guard peek() == Byte.colon || (peek() == Byte.equals && peek(1) != Byte.equals) else {
                throw error("syntax", "expected '=' or ':' after the object key '\(key)', found \(describeNext())")
            }
            pos += 1
            items.append(HCLObjectItem(key: key, value: try expression(ending: .objectValue).0))
            try skipInlineSpace()
            if peek() == Byte.comma {
                pos += 1
            } else if peek() != nil && peek() != Byte.newline && peek() != Byte.closeBrace {
                throw error("syntax", "expected ',', a new line or '}' after an object value, found \(describeNext())")
            }
        }
    }

    /// Consumes the `[` or `{` of a collection and returns where it was; nil (cursor unmoved)
    /// when it opens a `for` expression, which only Terraform can evaluate.
    private mutating func openCollection() throws(HCLError) -> Int? {
        let open = pos
        pos += 1
        try skipSpaceAndNewlines()
        guard !atKeyword("for") else {
            pos = open
            return nil
        }
        return open
    }

    /// Skips to the next element; true, having consumed it, when that is the closing bracket.
    private mutating func closeCollection(_ closer: UInt8, _ what: String, openedAt open: Int) throws(HCLError) -> Bool {
        try skipSpaceAndNewlines()
        guard let byte = peek() else {
            throw error("unterminated", "this \(what) is not closed: expected '\(Character(Unicode.Scalar(closer)))'", at: open)
        }
        guard byte == closer else { return false }
        pos += 1
        return true
    }

    /// Skips an expression the reader does not model, checking only that its brackets, strings,
    /// heredocs and comments are closed, and returns it as written (without trailing comments).
    mutating func rawText(until end: ExpressionEnd) throws(HCLError) -> String {
        let start = pos
        var lastToken = pos
        var open: [(closer: UInt8, at: Int)] = []
        // Two operands side by side (`1 b`) mean a value ran into the next item. Template
        // directives (`%{ if x }`) are the exception, so interpolations are not checked.
        var endsOperand = false
        scan: while let byte = peek() {
            if open.isEmpty && end.isEnd(byte, next: peek(1)) { break }
            let startsOperand = byte == Byte.quote || atHeredoc || Self.isIdentifierStart(byte) || Self.isDigit(byte)
            if open.isEmpty && endsOperand && startsOperand && lastToken < pos && end != .interpolation {
                throw error("syntax", "expected an operator, or a new line to end the value, found \(describeNext())")
            }
            let openBefore = open.count
            switch byte {
            case Byte.openParen, Byte.openBracket, Byte.openBrace:
                if depth + open.count >= HCL.maximumDepth {
                    throw error("too-deep", "nested more than \(HCL.maximumDepth) levels deep")
                }
                let closer = byte == Byte.openParen ? Byte.closeParen : byte == Byte.openBracket ? Byte.closeBracket : Byte.closeBrace
                open.append((closer, pos))
                pos += 1
            case Byte.closeParen, Byte.closeBracket, Byte.closeBrace:
                guard let innermost = open.last else {
                    throw error("syntax", "unexpected \(describeNext()): no bracket is open here")
                }
                guard innermost.closer == byte else {
                    let (line, column) = position(of: innermost.at)
                    throw error(
                        "syntax",
                        "expected '\(Character(Unicode.Scalar(innermost.closer)))' to close the bracket at \(line):\(column), found \(describeNext())"
                    )
                }
                open.removeLast()
                pos += 1
            case Byte.quote:
                _ = try quotedString()
            case Byte.less where atHeredoc:
                _ = try heredoc()
            case _ where startsLineComment:
                if open.isEmpty && end.endsAtNewline { break scan }
                skipToEndOfLine()
                continue scan
            case Byte.slash where peek(1) == Byte.star:
                try skipBlockComment()
                continue scan
            case Byte.space, Byte.tab, Byte.carriageReturn, Byte.newline:
                pos += 1
                continue scan
            default:
                pos += 1
            }
            let closes = byte == Byte.closeParen || byte == Byte.closeBracket || byte == Byte.closeBrace
            endsOperand = (openBefore == 0 && startsOperand) || (closes && openBefore == 1)
            lastToken = pos
        }
        if let innermost = open.last {
            throw error(
                "unterminated", "this bracket is not closed: expected '\(Character(Unicode.Scalar(innermost.closer)))'", at: innermost.at)
        }
        guard lastToken > start else {
            throw error("syntax", "expected an expression, found \(describeNext())")
        }
        return String(decoding: bytes[start..<lastToken], as: UTF8.self)
    }
}

/// The YAML subset policy files are written in: block mappings and sequences, one-line flow
/// sequences (`[a, b]`), plain and quoted scalars, and comments. Anything else (anchors, tags,
/// multi-line scalars, flow mappings) is an error with its line number, never a guess.
public indirect enum YAMLNode: Sendable {
    case scalar(String, line: Int)
    case sequence([YAMLNode], line: Int)
    case mapping([(key: String, value: YAMLNode, line: Int)], line: Int)

    public var line: Int {
        switch self {
        case .scalar(_, let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }
}

public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// A stable code to match on: `syntax`, `unknown-key`, `bad-value`, …
    public var code: String
    public var file: String
    public var line: Int
    public var message: String

    public init(code: String, file: String, line: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: [code] message`, the shape editors read.
    public var description: String { "\(file):\(line): error: [policy.\(code)] \(message)" }
}

enum PolicyYAML {
    private struct Line {
        let number: Int
        let indent: Int
        let text: String
    }

    static func parse(_ text: String, file: String) throws(PolicyError) -> YAMLNode {
        var lines: [Line] = []
        // Lines are cut and trimmed as bytes: policy files load on every hook call.
        let bytes = Array(text.utf8)
        var number = 0
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            number += 1
            var contentEnd = stripComment(bytes, start, end)
            while contentEnd > start, bytes[contentEnd - 1] == 0x20 || bytes[contentEnd - 1] == 0x09 || bytes[contentEnd - 1] == 0x0D {
                contentEnd -= 1
            }
            var indentEnd = start
            while indentEnd < contentEnd, bytes[indentEnd] == 0x20 || bytes[indentEnd] == 0x09 { indentEnd += 1 }
            if indentEnd < contentEnd {
                if bytes[start..<indentEnd].contains(0x09) {
                    throw PolicyError(code: "syntax", file: file, line: number, message: "tabs cannot indent YAML; use spaces")
                }
                let content = String(decoding: bytes[indentEnd..<contentEnd], as: UTF8.self)
                if content != "---" && content != "..." {
                    lines.append(Line(number: number, indent: indentEnd - start, text: content))
                }
            }
            start = end + 1
        }
        guard !lines.isEmpty else { return .mapping([], line: 1) }
        var index = 0
        let node = try parseBlock(lines, &index, indent: lines[0].indent, file: file)
        if index < lines.count {
            throw PolicyError(
                code: "syntax", file: file, line: lines[index].number,
                message: "unexpected indentation of '\(lines[index].text)'")
        }
        return node
    }

    /// The end of a line's content before a comment: `#` at the start or after a blank, outside quotes.
    private static func stripComment(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var quote: UInt8 = 0
        var previous: UInt8 = 0x20
        var index = start
        while index < end {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                if [0x20, 0x5B, 0x2C, 0x3A, 0x2D].contains(previous) { quote = byte }
            } else if byte == 0x23, previous == 0x20 || previous == 0x09 {
                return index
            }
            previous = byte
            index += 1
        }
        return end
    }

    private static func parseBlock(_ lines: [Line], _ index: inout Int, indent: Int, file: String) throws(PolicyError) -> YAMLNode {
        let first = lines[index]
        if first.text.hasPrefix("- ") || first.text == "-" {
            var items: [YAMLNode] = []
            while index < lines.count, lines[index].indent == indent,
                lines[index].text.hasPrefix("- ") || lines[index].text == "-"
            {
                let line = lines[index]
                let rest = String(line.text.dropFirst(1)).trimmingBlanks
                if rest.isEmpty {
                    index += 1
                    guard index < lines.count, lines[index].indent > indent else {
                        throw PolicyError(code: "syntax", file: file, line: line.number, message: "empty list item")
                    }
                    items.append(try parseBlock(lines, &index, indent: lines[index].indent, file: file))
                } else if keyValue(rest) != nil {
                    // `- key: value` starts a mapping whose other keys sit under the first key.
                    let itemIndent = indent + (line.text.count - rest.count)
                    var synthetic = lines
                    synthetic[index] = Line(number: line.number, indent: itemIndent, text: rest)
                    items.append(try parseBlock(synthetic, &index, indent: itemIndent, file: file))
                } else {
                    items.append(try scalarOrFlow(rest, line: line.number, file: file))
                    index += 1
                }
            }
            return .sequence(items, line: first.number)
        }
        var members: [(key: String, value: YAMLNode, line: Int)] = []
        while index < lines.count, lines[index].indent == indent {
            let line = lines[index]
            guard let (key, value) = keyValue(line.text) else {
                throw PolicyError(
                    code: "syntax", file: file, line: line.number,
                    message: "expected 'key: value', found '\(line.text)'")
            }
            if members.contains(where: { $0.key == key }) {
                throw PolicyError(code: "duplicate-key", file: file, line: line.number, message: "'\(key)' is given twice")
            }
            index += 1
            if value.isEmpty {
                if index < lines.count, lines[index].indent > indent {
                    members.append((key, try parseBlock(lines, &index, indent: lines[index].indent, file: file), line.number))
                } else if index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("-") {
                    // A sequence may sit at the same indentation as its key.
                    members.append((key, try parseBlock(lines, &index, indent: indent, file: file), line.number))
                } else {
                    members.append((key, .scalar("", line: line.number), line.number))
                }
            } else {
                members.append((key, try scalarOrFlow(value, line: line.number, file: file), line.number))
            }
        }
        if index < lines.count, lines[index].indent > indent {
            throw PolicyError(
                code: "syntax", file: file, line: lines[index].number,
                message: "unexpected indentation of '\(lines[index].text)'")
        }
        return .mapping(members, line: first.number)
    }

    /// Splits `key: value` (the key may be quoted); nil when the line is not a mapping entry.
    private static func keyValue(_ text: String) -> (String, String)? {
        var key = ""
        var rest = Substring(text)
        if let quote = rest.first, quote == "\"" || quote == "'" {
            guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
            key = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            return (key, String(rest.dropFirst()).trimmingBlanks)
        }
        guard let colon = text.firstIndex(where: { $0 == ":" }) else { return nil }
        let after = text.index(after: colon)
        guard after == text.endIndex || text[after] == " " else { return nil }
        key = String(text[..<colon]).trimmingBlanks
        guard !key.isEmpty, !key.hasPrefix("["), !key.hasPrefix("{") else { return nil }
        return (key, String(text[after...]).trimmingBlanks)
    }

    private static func scalarOrFlow(_ text: String, line: Int, file: String) throws(PolicyError) -> YAMLNode {
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else {
                throw PolicyError(code: "syntax", file: file, line: line, message: "a '[' list must close on the same line")
            }
            let inner = text.dropFirst().dropLast()
            var items: [YAMLNode] = []
            var current = ""
            var quote: Character?
            for character in inner {
                if let open = quote {
                    current.append(character)
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                    current.append(character)
                } else if character == "," {
                    items.append(.scalar(try unquote(current.trimmingBlanks, line: line, file: file), line: line))
                    current = ""
                } else if character == "[" || character == "{" {
                    throw PolicyError(code: "syntax", file: file, line: line, message: "nested flow collections are not supported")
                } else {
                    current.append(character)
                }
            }
            if !current.trimmingBlanks.isEmpty {
                items.append(.scalar(try unquote(current.trimmingBlanks, line: line, file: file), line: line))
            }
            return .sequence(items, line: line)
        }
        if text.hasPrefix("{") {
            throw PolicyError(
                code: "syntax", file: file, line: line, message: "flow mappings ('{ … }') are not supported; use indented keys")
        }
        for unsupported in ["&", "*", "!", "|", ">"] where text.hasPrefix(unsupported) {
            throw PolicyError(
                code: "syntax", file: file, line: line,
                message: "'\(unsupported)' (anchors, aliases, tags and block scalars) is not supported in policy files")
        }
        return .scalar(try unquote(text, line: line, file: file), line: line)
    }

    private static func unquote(_ text: String, line: Int, file: String) throws(PolicyError) -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return text }
        guard text.count >= 2, text.last == quote else {
            throw PolicyError(code: "syntax", file: file, line: line, message: "unterminated quoted string \(text)")
        }
        let body = String(text.dropFirst().dropLast())
        if quote == "'" { return body.replacingAll("''", with: "'") }
        var out = ""
        var escaped = false
        for character in body {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

}

/// A JSON value with object keys kept in order, so configuration files Blastwall merges into
/// come back out the way their owners wrote them.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [(String, JSON)]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Sets (or replaces) a member of an object; does nothing to other values.
    public mutating func set(_ key: String, _ value: JSON) {
        guard case .object(var members) = self else { return }
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
        self = .object(members)
    }

    // MARK: - Writing

    /// Compact JSON with keys in their stored order.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON for files people read.
    public func pretty() -> String {
        var out = ""
        write(into: &out, indent: "  ", level: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += value
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                value.write(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                Self.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: indent, count: level)
    }

    static func writeString(_ value: String, into out: inout String) {
        out += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    // MARK: - Reading

    public static let maximumDepth = 512

    /// Parses JSON text (RFC 8259). Errors name the byte offset.
    public static func parse(_ text: String) throws(JSONError) -> JSON {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.pos == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var pos = 0

        func error(_ message: String) -> JSONError { JSONError(message: message, offset: pos) }

        mutating func skipWhitespace() {
            while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
        }

        mutating func value(depth: Int) throws(JSONError) -> JSON {
            guard depth < JSON.maximumDepth else { throw error("nested more than \(JSON.maximumDepth) levels") }
            guard pos < bytes.count else { throw error("unexpected end of input") }
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                pos += 1
                var members: [(String, JSON)] = []
                skipWhitespace()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                    let key = try string()
                    skipWhitespace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    pos += 1
                    skipWhitespace()
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    guard pos < bytes.count else { throw error("unterminated object") }
                    if bytes[pos] == UInt8(ascii: ",") {
                        pos += 1
                        continue
                    }
                    guard bytes[pos] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                    pos += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                pos += 1
                var values: [JSON] = []
                skipWhitespace()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    return .array(values)
                }
                while true {
                    skipWhitespace()
                    values.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard pos < bytes.count else { throw error("unterminated array") }
                    if bytes[pos] == UInt8(ascii: ",") {
                        pos += 1
                        continue
                    }
                    guard bytes[pos] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                    pos += 1
                    return .array(values)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try keyword("true", .bool(true))
            case UInt8(ascii: "f"): return try keyword("false", .bool(false))
            case UInt8(ascii: "n"): return try keyword("null", .null)
            default:
                return try number()
            }
        }

        mutating func keyword(_ word: String, _ value: JSON) throws(JSONError) -> JSON {
            let word = Array(word.utf8)
            guard pos + word.count <= bytes.count, Array(bytes[pos..<(pos + word.count)]) == word else {
                throw error("unexpected character")
            }
            pos += word.count
            return value
        }

        mutating func number() throws(JSONError) -> JSON {
            let start = pos
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            var digits = 0
            while pos < bytes.count,
                (0x30...0x39).contains(bytes[pos])
                    || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[pos])
            {
                if (0x30...0x39).contains(bytes[pos]) { digits += 1 }
                pos += 1
            }
            guard digits > 0 else {
                pos = start
                throw error("unexpected character")
            }
            return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
        }

        mutating func string() throws(JSONError) -> String {
            pos += 1
            var out: [UInt8] = []
            while true {
                guard pos < bytes.count else { throw error("unterminated string") }
                let byte = bytes[pos]
                if byte == UInt8(ascii: "\"") {
                    pos += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { throw error("control character in a string") }
                if byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    pos += 1
                    continue
                }
                pos += 1
                guard pos < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[pos]
                pos += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
                        bytes[pos + 1] == UInt8(ascii: "u")
                    {
                        pos += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(character)).utf8))
                default:
                    throw error("invalid escape")
                }
            }
        }

        mutating func hex4() throws(JSONError) -> UInt32 {
            guard pos + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[pos..<(pos + 4)], as: UTF8.self), radix: 16)
            else { throw error("invalid \\u escape") }
            pos += 4
            return value
        }
    }
}

public struct JSONError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

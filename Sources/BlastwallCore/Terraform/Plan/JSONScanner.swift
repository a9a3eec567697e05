/// A forward-only reader over JSON bytes that builds nothing it is not asked for. A 16 MB plan is
/// mostly attribute values the gate never looks at; the scanner steps over them at memory speed
/// and materialises only the few members a rule reads.
///
/// Skipped values are checked for balanced brackets and terminated strings (so truncation is
/// always caught) but not for every detail of number syntax.
struct JSONScanner: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static let maximumDepth = 512

    var isAtEnd: Bool { pos >= bytes.count }

    func error(_ message: String) -> JSONError { JSONError(message: message, offset: min(pos, bytes.count)) }

    mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < bytes.count ? bytes[pos] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
        skipWhitespace()
        guard pos < bytes.count else { throw error("unexpected end of input: expected \(what)") }
        guard bytes[pos] == byte else { throw error("expected \(what)") }
        pos += 1
    }

    /// Calls `body` for each member of the object at the cursor with its key; `body` must read or
    /// skip the value. Returns the span of the whole object.
    @discardableResult
    mutating func members(_ body: (String, inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) -> Range<Int> {
        skipWhitespace()
        let start = pos
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return start..<pos
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                throw error(isAtEnd ? "unexpected end of input in an object" : "expected a string key")
            }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':'")
            try body(key, &self)
            guard let next = peek() else { throw error("unexpected end of input in an object") }
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            guard next == UInt8(ascii: "}") else {
                pos -= 1
                throw error("expected ',' or '}'")
            }
            return start..<pos
        }
    }

    /// Calls `body` for each element of the array at the cursor; `body` must read or skip it.
    mutating func elements(_ body: (inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) {
        try expect(UInt8(ascii: "["), "'['")
        if peek() == UInt8(ascii: "]") {
            pos += 1
            return
        }
        while true {
            try body(&self)
            guard let next = peek() else { throw error("unexpected end of input in an array") }
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            guard next == UInt8(ascii: "]") else {
                pos -= 1
                throw error("expected ',' or ']'")
            }
            return
        }
    }

    /// Whether the value at the cursor is `null` (consumed if so).
    mutating func takeNull() -> Bool {
        guard peek() == UInt8(ascii: "n"), pos + 4 <= bytes.count, bytes[pos + 1] == UInt8(ascii: "u"),
            bytes[pos + 2] == UInt8(ascii: "l"), bytes[pos + 3] == UInt8(ascii: "l")
        else { return false }
        pos += 4
        return true
    }

    /// A string value, or nil (consumed) for `null`.
    mutating func optionalString() throws(JSONError) -> String? {
        if takeNull() { return nil }
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        return try string()
    }

    mutating func bool() throws(JSONError) -> Bool? {
        if takeNull() { return nil }
        switch try value(depth: 0) {
        case .bool(let value): return value
        default: throw error("expected true or false")
        }
    }

    /// The string at the cursor (which must be at its opening quote), escapes decoded.
    mutating func string() throws(JSONError) -> String {
        pos += 1
        let start = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            pos += 1
        }
        // Escapes: decode through the full reader from the opening quote.
        pos = start - 1
        guard case .string(let text) = try value(depth: 0) else { throw error("expected a string") }
        return text
    }

    /// Steps over one value of any kind.
    mutating func skipValue() throws(JSONError) {
        skipWhitespace()
        guard pos < bytes.count else { throw error("unexpected end of input: expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer()
        default:
            let start = pos
            while pos < bytes.count {
                switch bytes[pos] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    guard pos > start else { throw error("expected a value") }
                    return
                case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: ":"):
                    throw error("unexpected character")
                default: pos += 1
                }
            }
        }
    }

    private mutating func skipString() throws(JSONError) {
        pos += 1
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                pos += 1
                return
            }
            pos += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw error("unterminated string")
    }

    /// Balanced-bracket skip with a stack of the open kinds, so `{]` is caught.
    private mutating func skipContainer() throws(JSONError) {
        var stack: [UInt8] = []
        while pos < bytes.count {
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: "\""):
                try skipString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels") }
                stack.append(byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard stack.last == byte else { throw error("unbalanced '\(Character(Unicode.Scalar(byte)))'") }
                stack.removeLast()
                if stack.isEmpty {
                    pos += 1
                    return
                }
            default: break
            }
            pos += 1
        }
        throw error("unexpected end of input: \(stack.count) bracket\(stack.count == 1 ? "" : "s") left open")
    }

    /// What `extract` found for one path: the value at its end, or a scalar met on the way there
    /// (`complete` false), which tells `after_unknown: true` on a parent block apart from a miss.
    struct Found {
        var value: JSON
        var complete: Bool
    }

    /// Reads only the members on `paths` of the value at the cursor, stepping over the rest, so
    /// a resource's two protection attributes cost what they weigh, not what the resource weighs.
    mutating func extract(_ paths: [(full: String, rest: ArraySlice<String>)], into found: inout [String: Found], depth: Int = 0)
        throws(JSONError)
    {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels") }
        switch peek() {
        case UInt8(ascii: "{"):
            try members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
                try scanner.descend(paths, key, into: &found, depth: depth)
            }
        case UInt8(ascii: "["):
            var index = 0
            try elements { (scanner: inout JSONScanner) throws(JSONError) in
                try scanner.descend(paths, String(index), into: &found, depth: depth)
                index += 1
            }
        default:
            let value = try value(depth: depth)
            for path in paths { found[path.full] = Found(value: value, complete: path.rest.isEmpty) }
        }
    }

    private mutating func descend(
        _ paths: [(full: String, rest: ArraySlice<String>)], _ key: String, into found: inout [String: Found], depth: Int
    ) throws(JSONError) {
        let matching = paths.filter { $0.rest.first == key }.map { (full: $0.full, rest: $0.rest.dropFirst()) }
        if matching.isEmpty {
            try skipValue()
        } else if matching.allSatisfy({ $0.rest.isEmpty }) {
            let value = try value(depth: depth + 1)
            for path in matching { found[path.full] = Found(value: value, complete: true) }
        } else {
            try extract(matching, into: &found, depth: depth + 1)
        }
    }

    /// Materialises the value at the cursor.
    mutating func value(depth: Int) throws(JSONError) -> JSON {
        skipWhitespace()
        let start = pos
        try skipValue()
        let end = pos
        // Small values go through the full reader, which validates every detail.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        do {
            return try JSON.parse(text)
        } catch {
            throw JSONError(message: error.message, offset: start + error.offset)
        }
    }
}

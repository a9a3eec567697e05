/// Checks raw input bytes before they become a command: the gate refuses what it cannot read
/// faithfully rather than guessing.
public enum InputValidation {
    public static let maximumCommandBytes = ShellParser.maximumLength

    /// Decodes strictly: invalid UTF-8 and NUL bytes are errors that name the offset.
    public static func command(from bytes: [UInt8]) throws(GateError) -> String {
        try text(from: bytes, limit: maximumCommandBytes, subject: "the command")
    }

    /// The same for any input a gate reads (`subject` names it in errors: "the SQL"): at most
    /// `limit` bytes, no NUL byte (C parsers would stop reading there), valid UTF-8.
    public static func text(from bytes: [UInt8], limit: Int, subject: String) throws(GateError) -> String {
        if bytes.count > limit {
            throw GateError(code: "too-long", message: "\(subject) is \(bytes.count) bytes; the limit is \(limit)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw GateError(code: "nul-byte", message: "\(subject) contains a NUL byte at byte \(nul)", offset: nul)
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var text = ""
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.unicodeScalars.append(scalar)
                offset += String(scalar).utf8.count
            case .emptyInput:
                return text
            case .error:
                throw GateError(code: "invalid-utf8", message: "\(subject) is not valid UTF-8 near byte \(offset)", offset: offset)
            }
        }
    }
}

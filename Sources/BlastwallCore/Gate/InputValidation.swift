/// Checks raw input bytes before they become a command: the gate refuses what it cannot read
/// faithfully rather than guessing.
public enum InputValidation {
    public static let maximumCommandBytes = ShellParser.maximumLength

    /// Decodes strictly: invalid UTF-8 and NUL bytes are errors that name the offset.
    public static func command(from bytes: [UInt8]) throws(GateError) -> String {
        if bytes.count > maximumCommandBytes {
            throw GateError(code: "too-long", message: "the command is \(bytes.count) bytes; the limit is \(maximumCommandBytes)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw GateError(code: "nul-byte", message: "the command contains a NUL byte at byte \(nul)", offset: nul)
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
                throw GateError(code: "invalid-utf8", message: "the command is not valid UTF-8 near byte \(offset)", offset: offset)
            }
        }
    }
}

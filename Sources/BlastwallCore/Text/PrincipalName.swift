/// A principal's name as every part of Blastwall compares it: two names that look the same to a
/// person are the same person. Canonical form is the compatibility-folded, case-folded name with
/// format characters (zero-width spaces, joiners, bidi marks) and whitespace removed, restricted
/// to ASCII letters, digits and `. _ @ -`; its confusable skeleton (Unicode TR39, the
/// ASCII-to-ASCII mappings of `confusables.txt`: `0`→`o`, `1`/`I`/`|`→`l`, `rn`→`m`, `vv`→`w`)
/// is what two names are compared by. A name that does not fold into that alphabet (`rооt` with
/// Cyrillic o, `ℝoot`) is refused rather than guessed at.
public enum PrincipalName {
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var name: String
        public var message: String
        public var description: String { message }
    }

    /// The canonical name, or a refusal that names the character that could not be folded.
    public static func canonical(_ raw: String) throws(Refusal) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .format || properties.isWhitespace || properties.isDefaultIgnorableCodePoint { continue }
            var folded = scalar.value
            // Fullwidth forms of ASCII (U+FF01…U+FF5E) fold to ASCII, as NFKC folds them.
            if (0xFF01...0xFF5E).contains(folded) { folded -= 0xFEE0 }
            guard folded < 0x80, let ascii = Unicode.Scalar(folded) else {
                throw Refusal(
                    name: raw,
                    message:
                        "the principal '\(TerminalText.escape(raw))' contains \(TerminalText.escape(String(scalar))) (U+\(Self.hex(scalar.value))), which has no ASCII form: a principal is ASCII letters, digits and . _ @ -"
                )
            }
            let character = Character(ascii).lowercased()
            guard character.allSatisfy({ $0.isLetter || $0.isNumber || "._@-".contains($0) }) else {
                throw Refusal(
                    name: raw,
                    message: "the principal '\(TerminalText.escape(raw))' contains '\(character)': use letters, digits and . _ @ -")
            }
            out += character
        }
        guard !out.isEmpty else { throw Refusal(name: raw, message: "a principal needs a name") }
        return out
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The canonical name, or the raw text escaped and marked when it cannot be canonicalised,
    /// for places that compare what was recorded before names were checked.
    public static func normalised(_ raw: String) -> String {
        (try? canonical(raw)) ?? "invalid:" + TerminalText.escape(raw)
    }

    /// The TR39 skeleton of a canonical name: the form two names are compared in, so `rn` and `m`,
    /// `0` and `o`, `1` and `l` are one person.
    public static func skeleton(_ canonical: String) -> String {
        var text = canonical
        for (from, to) in [("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l")] {
            text = text.replacing(from, with: to)
        }
        return text
    }

    /// Whether two names are the same person.
    public static func same(_ first: String, _ second: String) -> Bool {
        skeleton(normalised(first)) == skeleton(normalised(second))
    }
}

/// Text from the outside (a command, a reason, a request's summary) made safe to print on a
/// terminal: control characters (CR, ESC and the rest of C0/C1), bidi overrides, zero-width and
/// other format or default-ignorable characters (U+115F), and every blank but the plain space
/// (U+3000, U+2028) are shown as `\u{…}` escapes, so they cannot repaint or hide what a person reads.
public enum TerminalText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let properties = scalar.properties
            if value < 0x20 && value != 0x0A && value != 0x09 || value == 0x7F || (0x80..<0xA0).contains(value)
                || properties.generalCategory == .format || properties.isDefaultIgnorableCodePoint
                || (properties.isWhitespace && value > 0x20)
            {
                out += "\\u{\(String(value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One line: also newlines and tabs escaped.
    public static func escapeLine(_ text: String) -> String {
        escape(text).replacing("\n", with: "\\n").replacing("\t", with: "\\t")
    }
}

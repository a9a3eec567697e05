import BlastwallStore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads an approver's passphrase from the controlling terminal with echo off, or from a file
/// for automation. An agent has no terminal to type into, which is the point.
enum Passphrase {
    static func read(prompt: String, file: String?, confirm: Bool = false) throws -> String {
        if let file {
            guard let text = try SystemIO.readText(file, limit: 4096) else { throw fail("no passphrase file \(file)") }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw fail("the passphrase file \(file) is empty") }
            return line
        }
        let terminal = open("/dev/tty", O_RDWR)
        guard terminal >= 0 else {
            throw fail("a passphrase is needed and there is no terminal to read it from; use --passphrase-file FILE")
        }
        defer { close(terminal) }
        let first = try prompted(prompt, terminal: terminal)
        if confirm {
            guard try prompted("Repeat it: ", terminal: terminal) == first else { throw fail("the passphrases differ") }
        }
        guard first.count >= 8 else { throw fail("use a passphrase of at least 8 characters") }
        return first
    }

    private static func prompted(_ prompt: String, terminal: Int32) throws -> String {
        _ = prompt.withCString { write(terminal, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(terminal, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(terminal, TCSANOW, &silent)
        defer {
            tcsetattr(terminal, TCSANOW, &saved)
            _ = write(terminal, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(terminal, &byte, 1) == 1, byte != 0x0a, bytes.count < 1024 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Loads an approver key file, asking for its passphrase when it is sealed.
    static func loadKey(_ path: String, passphraseFile: String?) throws -> ApproverKey {
        guard let text = try SystemIO.readText(path, limit: 1 << 16) else { throw fail("no key file \(path)") }
        let passphrase = ApproverKey.isSealed(text) ? try read(prompt: "Passphrase for \(path): ", file: passphraseFile) : nil
        return try ApproverKey(fileText: text, passphrase: passphrase, path: path)
    }

    /// Whether this process has a controlling terminal to read from.
    static var hasTerminal: Bool {
        let terminal = open("/dev/tty", O_RDWR)
        guard terminal >= 0 else { return false }
        close(terminal)
        return true
    }

    /// Asks "y/N" on the terminal; false without one.
    static func confirm(_ question: String) -> Bool {
        let terminal = open("/dev/tty", O_RDWR)
        guard terminal >= 0 else { return false }
        defer { close(terminal) }
        _ = question.withCString { write(terminal, $0, strlen($0)) }
        var byte: UInt8 = 0
        var answer: [UInt8] = []
        while Glibc.read(terminal, &byte, 1) == 1, byte != 0x0a, answer.count < 16 { answer.append(byte) }
        return ["y", "yes"].contains(String(decoding: answer, as: UTF8.self).lowercased())
    }
}

/// The file that checkpoints are copied to, one signed note after another, separated by a line
/// holding only `--`.
struct AuditAnchor {
    let path: String

    func notes() throws -> [String] {
        guard let text = try SystemIO.readText(path, limit: 64 << 20) else { return [] }
        return text.components(separatedByLine: "--").filter { !$0.isEmpty }
    }

    /// The newest note, read from the file's end so a long anchor costs the hook one small read.
    func lastNote() throws -> String? {
        guard let tail = try SystemIO.readTail(path, bytes: 4096) else { return nil }
        // Entries end with a line `--`: the last one lies between the last two such lines.
        var bytes = Array(tail.utf8)
        while bytes.last == 0x0A { bytes.removeLast() }
        guard bytes.count >= 2, bytes.suffix(2) == [0x2D, 0x2D] else { return nil }
        bytes.removeLast(2)
        let separator: [UInt8] = [0x0A, 0x2D, 0x2D, 0x0A]
        var start = 0
        var index = bytes.count - separator.count
        while index >= 0 {
            if bytes[index] == 0x0A, bytes[index..<index + separator.count].elementsEqual(separator) {
                start = index + separator.count
                break
            }
            index -= 1
        }
        let entry = String(decoding: bytes[start...], as: UTF8.self)
        return entry.isEmpty ? nil : entry
    }

    /// The beginning of the oldest entry: the log the anchor was started for.
    func firstNote() throws -> String? {
        // The file starts with its first entry; its first line is all the caller reads.
        guard let head = try SystemIO.readHead(path, bytes: 512), !head.isEmpty else { return nil }
        return head
    }

    func append(_ note: String) throws {
        try SystemIO.appendLocked(path, Array((note + "--\n").utf8))
    }
}

extension String {
    /// Splits on lines equal to `separator`, keeping each part's newlines.
    func components(separatedByLine separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            if line == separator {
                parts.append(current)
                current = ""
            } else {
                current += line + "\n"
            }
        }
        if !current.trimmingNewlines.isEmpty { parts.append(current) }
        return parts.map { $0.trimmingNewlines.isEmpty ? "" : $0 }
    }

    var trimmingNewlines: Substring {
        var text = self[...]
        while text.last == "\n" { text = text.dropLast() }
        return text
    }
}

/// A shell history file read back into commands: bash's (`#1700000000` timestamp lines before
/// entries, when `HISTTIMEFORMAT` is set), zsh's extended format (`: 1700000000:0;command`, with a
/// trailing backslash continuing an entry on the next line), fish's (`- cmd: …`), or one command a
/// line.
public enum ShellHistory {
    public static func commands(in text: String) -> [String] {
        var commands: [String] = []
        var pending: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if let open = pending {
                // zsh writes a multi-line entry with each inner newline escaped.
                if line.hasSuffix("\\") {
                    pending = open + "\n" + String(line.dropLast())
                } else {
                    commands.append(open + "\n" + line)
                    pending = nil
                }
                continue
            }
            if line.isEmpty { continue }
            if line.first == "#", line.dropFirst().allSatisfy(\.isNumber), line.count > 1 { continue }
            if line.hasPrefix(": "), let semicolon = line.firstIndex(of: ";") {
                let stamp = line[line.index(line.startIndex, offsetBy: 2)..<semicolon]
                if stamp.allSatisfy({ $0.isNumber || $0 == ":" }) { line = String(line[line.index(after: semicolon)...]) }
            } else if line.hasPrefix("- cmd: ") {
                line = String(line.dropFirst(7))
            } else if line.hasPrefix("  when: ") || line.hasPrefix("  paths:") || line.hasPrefix("    - ") {
                continue
            }
            if line.hasSuffix("\\"), !line.hasSuffix("\\\\") {
                pending = String(line.dropLast())
                continue
            }
            if !line.trimmingBlanks.isEmpty { commands.append(line) }
        }
        if let pending { commands.append(pending) }
        return commands
    }
}

/// Secrets taken out of a command before it is shown: values of options and variables whose names
/// say they hold one, passwords in URLs, bearer tokens and well-known key formats.
public enum Redaction {
    static let secretWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "auth", "credential", "private"]
    static let marker = "‹redacted›"

    public static func redact(_ command: String) -> String {
        var words = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < words.count {
            let word = words[index]
            let lower = word.lowercased()
            if let equals = word.firstIndex(of: "="), secretWords.contains(where: { lower[..<equals].contains($0) }) {
                words[index] = String(word[...equals]) + marker
            } else if lower.hasPrefix("-"), secretWords.contains(where: lower.contains),
                index + 1 < words.count, !words[index + 1].hasPrefix("-")
            {
                words[index + 1] = marker
                index += 1
            } else if lower == "bearer", index + 1 < words.count {
                words[index + 1] = marker
                index += 1
            } else if let at = word.firstIndex(of: "@"), let scheme = word.firstRange(of: "://"), scheme.upperBound < at,
                let colon = word[scheme.upperBound..<at].firstIndex(of: ":")
            {
                words[index] = String(word[..<word.index(after: colon)]) + marker + String(word[at...])
            } else if looksLikeKey(word) {
                words[index] = marker
            }
            index += 1
        }
        return words.joined(separator: " ")
    }

    /// AWS access keys, GitHub and Slack tokens, JWTs, long hex or base64 runs.
    static func looksLikeKey(_ word: String) -> Bool {
        let trimmed = word.trimmingCharacters(in: "'\"")
        for prefix in ["AKIA", "ASIA", "ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "sk-", "glpat-", "eyJ"]
        where trimmed.hasPrefix(prefix) && trimmed.count >= 16 {
            return true
        }
        return trimmed.count >= 32 && trimmed.allSatisfy { $0.isLetter || $0.isNumber || "+/=_-".contains($0) }
            && trimmed.contains(where: \.isNumber) && !trimmed.contains("/")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

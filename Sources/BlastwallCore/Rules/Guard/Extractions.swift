/// Archivers: what they unpack lands in a directory (`-C`, `-d`, `-o`, or the working directory)
/// under names only the archive knows; what they pack writes the archive file.
extension WrittenPaths {
    static func extractions(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        switch invocation.program {
        case "tar", "gtar", "bsdtar": tar(invocation, context)
        case "unzip": unzip(invocation, context)
        case "7z", "7za", "7zr": sevenZip(invocation, context)
        case "unrar": unrar(invocation, context)
        case "cpio": cpio(invocation, context)
        default: []
        }
    }

    /// Where an extraction lands: each directory named, or the working directory; the members
    /// named on the command line are files under it.
    static func unpacked(
        into directories: [WrittenPath], members: [Argument], flat: Bool = false, _ invocation: Invocation, _ context: AnalysisContext
    ) -> [WrittenPath] {
        let targets =
            directories.isEmpty ? [WrittenPath(".", extent: .contents, span: invocation.programSpan, context: context)] : directories
        var paths = targets
        for member in members {
            guard let name = member.text, let last = targets.last else { continue }
            let file = last.written + "/" + (flat ? Paths.lastComponent(name) : name)
            paths.append(WrittenPath(file, span: member.span, context: context))
        }
        return paths
    }

    /// Long options of tar that take the next argument as their value.
    static let tarLongValues: Set<String> = [
        "--file", "--directory", "--exclude", "--transform", "--xform", "--strip-components", "--owner", "--group", "--mode",
        "--mtime", "--use-compress-program", "--index-file", "--listed-incremental", "--newer", "--after-date",
        "--newer-mtime", "--files-from", "--exclude-from", "--label", "--suffix", "--format", "--blocking-factor",
        "--record-size", "--tape-length", "--to-command", "--checkpoint-action", "--occurrence", "--sort", "--warning",
    ]
    /// Letters of tar's short options that take a value, in a dash bundle or the old bundle.
    static let tarValueLetters: Set<Character> = ["f", "C", "b", "T", "X", "K", "N", "V", "g", "L", "I", "F", "H"]

    /// `tar -xf a.tar -C DIR`, `tar xf a.tar --directory=DIR`, `tar -C DIR -xf a.tar`, the old
    /// bundle `tar xfC a.tar DIR`; `tar -cf OUT …` writes OUT.
    static func tar(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let arguments = invocation.arguments
        var mode: Character?
        var archive: Argument?
        var directories: [WrittenPath] = []
        var operands: [Argument] = []
        var toStandardOutput = false
        var index = 0
        func take(_ letter: Character, _ value: Argument?) {
            guard let value, let text = value.text else { return }
            if letter == "f" { archive = value }
            if letter == "C" { directories.append(WrittenPath(text, extent: .contents, span: value.span, context: context)) }
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard let text = argument.text else {
                operands.append(argument)
                continue
            }
            if text == "--" {
                operands += arguments.dropFirst(index)
                break
            }
            if text.hasPrefix("--") {
                let name = String(text.prefix { $0 != "=" })
                let attached = text.contains("=") ? Argument(text: String(text.drop { $0 != "=" }.dropFirst()), span: argument.span) : nil
                var value = attached
                if value == nil, tarLongValues.contains(name), index < arguments.count {
                    value = arguments[index]
                    index += 1
                }
                switch name {
                case "--extract", "--get": mode = "x"
                case "--create": mode = "c"
                case "--append": mode = "r"
                case "--update": mode = "u"
                case "--catenate", "--concatenate": mode = "A"
                case "--delete": mode = "D"
                case "--list": mode = "t"
                case "--diff", "--compare": mode = "d"
                case "--to-stdout", "--to-command": toStandardOutput = true
                case "--file": take("f", value)
                case "--directory": take("C", value)
                default: break
                }
                continue
            }
            // The first word may be the old bundle without a dash (`xzf a.tgz`), whose values
            // follow it in the order of their letters.
            let oldStyle = index == 1 && !text.hasPrefix("-")
            guard text.hasPrefix("-") || oldStyle, text.count > 1 || oldStyle else {
                operands.append(argument)
                continue
            }
            let letters = Array(oldStyle ? Substring(text) : text.dropFirst())
            for (position, letter) in letters.enumerated() {
                if "xcruAtd".contains(letter) { mode = letter }
                if letter == "O" { toStandardOutput = true }
                guard tarValueLetters.contains(letter) else { continue }
                if oldStyle {
                    take(letter, index < arguments.count ? arguments[index] : nil)
                    index += 1
                    continue
                }
                let rest = String(letters[(position + 1)...])
                if !rest.isEmpty {
                    take(letter, Argument(text: rest, span: argument.span))
                } else if index < arguments.count {
                    take(letter, arguments[index])
                    index += 1
                }
                break
            }
        }
        switch mode {
        case "x" where !toStandardOutput:
            return unpacked(into: directories, members: operands, invocation, context)
        case "c", "r", "u", "A", "D":
            guard let archive, archive.text != "-" else { return [] }
            return path(archive, context).map { [$0] } ?? []
        default:
            return []
        }
    }

    /// `unzip a.zip -d DIR` (options anywhere); `-l`, `-t`, `-p`, `-c`, `-v`, `-z` and `-Z` only
    /// list, test or print.
    static func unzip(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let arguments = invocation.arguments
        var directory: WrittenPath?
        var operands: [Argument] = []
        var excluding = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard let text = argument.text, text.hasPrefix("-"), text.count > 1 else {
                if !excluding { operands.append(argument) }
                continue
            }
            let letters = Array(text.dropFirst())
            for (position, letter) in letters.enumerated() {
                if "ltpcvzZ".contains(letter) { return [] }
                if letter == "x" { excluding = true }
                guard letter == "d" || letter == "P" else { continue }
                let rest = String(letters[(position + 1)...])
                var value = rest.isEmpty ? nil : Argument(text: rest, span: argument.span)
                if value == nil, index < arguments.count {
                    value = arguments[index]
                    index += 1
                }
                if letter == "d", let value, let written = value.text {
                    directory = WrittenPath(written, extent: .contents, span: value.span, context: context)
                }
                break
            }
        }
        return unpacked(into: directory.map { [$0] } ?? [], members: Array(operands.dropFirst()), invocation, context)
    }

    /// `7z x a.7z -oDIR`, `7z e …` (flat); `7z a OUT …` writes OUT.
    static func sevenZip(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let words = invocation.arguments.filter { !($0.text ?? "").hasPrefix("-") }
        guard let command = words.first?.text else { return [] }
        switch command {
        case "x", "e":
            let output = invocation.arguments.first { ($0.text ?? "").hasPrefix("-o") }
            let directory = output.flatMap { argument in
                argument.text.map { WrittenPath(String($0.dropFirst(2)), extent: .contents, span: argument.span, context: context) }
            }
            return unpacked(
                into: directory.map { [$0] } ?? [], members: Array(words.dropFirst(2)), flat: command == "e", invocation, context)
        case "a", "u", "d", "rn":
            return words.dropFirst().first.flatMap { path($0, context) }.map { [$0] } ?? []
        default:
            return []
        }
    }

    /// `unrar x a.rar [files…] [DIR/]`: a last operand ending in `/` is where it unpacks.
    static func unrar(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        var words = invocation.arguments.filter { !($0.text ?? "").hasPrefix("-") }
        guard let command = words.first?.text, command == "x" || command == "e", words.count >= 2 else { return [] }
        var directories: [WrittenPath] = []
        if words.count >= 3, let last = words.last, let text = last.text, text.hasSuffix("/") {
            directories.append(WrittenPath(text, extent: .contents, span: last.span, context: context))
            words.removeLast()
        }
        return unpacked(into: directories, members: Array(words.dropFirst(2)), flat: command == "e", invocation, context)
    }

    /// `cpio -i` (`--extract`) unpacks into `-D DIR` or the working directory.
    static func cpio(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let extracting =
            invocation.hasFlag("--extract")
            || invocation.arguments.contains { text in
                guard let text = text.text, text.hasPrefix("-"), !text.hasPrefix("--") else { return false }
                return text.contains("i")
            }
        guard extracting else { return [] }
        let directory = invocation.optionArgument(["-D", "--directory"]).map {
            WrittenPath($0.value, extent: .contents, span: $0.span, context: context)
        }
        return unpacked(into: directory.map { [$0] } ?? [], members: [], invocation, context)
    }
}

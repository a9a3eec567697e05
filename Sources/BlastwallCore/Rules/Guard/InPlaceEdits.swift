/// Programs that rewrite the files they are given: editors (an interactive one opened on a file
/// can write it), `perl -i`, `ruby -i`, `sponge`, in-place modes of stream tools, compressors that
/// replace a file with its archive.
extension WrittenPaths {
    static let editors: Set<String> = [
        "vim", "vi", "nvim", "gvim", "view", "vimdiff", "ex", "ed", "red", "nano", "pico", "emacs", "emacsclient", "micro",
        "helix", "hx", "kak", "joe", "jed", "ne", "mg", "code", "code-insiders", "codium", "cursor", "subl", "mate", "gedit",
        "kate", "zed", "sudoedit", "editor", "sensible-editor",
    ]
    /// Replace each file with its compressed (or decompressed) form unless told to keep it.
    static let compressors: Set<String> = [
        "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "lzma", "unlzma", "lzip", "pigz", "pbzip2", "compress", "uncompress",
    ]

    static func inPlaceEdits(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let program = invocation.program
        let operands: [Argument]
        switch program {
        case _ where editors.contains(program):
            // `+42` and `+/pattern` position the cursor; option values are judged as paths too,
            // which only costs a false alarm on a value that names a protected file.
            operands = invocation.positionals().filter { !($0.text ?? "").hasPrefix("+") }
        case "perl", "ruby":
            return interpreterInPlace(invocation, context)
        case "sponge", "dos2unix", "unix2dos", "mac2unix", "unix2mac":
            operands = invocation.positionals()
        case "gsed":
            guard invocation.arguments.contains(where: { ($0.text ?? "").hasPrefix("-i") || $0.text == "--in-place" }) else { return [] }
            operands = invocation.positionals()
        case "awk", "gawk":
            // gawk's inplace extension: `gawk -i inplace '{…}' FILE`.
            let included = invocation.optionArgument(["-i", "--include"])?.value
            guard included == "inplace" || included == "inplace.awk" else { return [] }
            let words = invocation.positionals(optionsWithValues: ["-i", "--include", "-f", "--file", "-v", "--assign", "-F", "-e"])
            operands = invocation.option("-f", "--file") == nil ? Array(words.dropFirst()) : words
        case "yq":
            guard invocation.hasFlag("-i", "--inplace") else { return [] }
            operands = invocation.positionals(optionsWithValues: ["-o", "--output-format", "-p", "--input-format", "--from-file"])
        case "sd":
            guard !invocation.hasFlag("-p", "--preview") else { return [] }
            operands = Array(invocation.positionals(optionsWithValues: ["-f", "--flags", "-n", "--max-replacements"]).dropFirst(2))
        case "patch":
            return patched(invocation, context)
        case _ where compressors.contains(program):
            if invocation.hasFlag("-c", "--stdout", "--to-stdout", "-k", "--keep", "-t", "--test", "-l", "--list") { return [] }
            let files = invocation.positionals(optionsWithValues: ["-S", "--suffix", "-b", "-p", "--processes", "-T", "--threads"])
            // The decompressed file is the name without its suffix.
            return files.flatMap { file -> [WrittenPath] in
                guard let text = file.text else { return [] }
                let stripped = text.split(separator: ".").count > 1 ? String(text[..<(text.lastIndex(of: ".") ?? text.endIndex)]) : text
                return [WrittenPath(text, span: file.span, context: context), WrittenPath(stripped, span: file.span, context: context)]
            }
        default:
            return []
        }
        return operands.compactMap { path($0, context) }
    }

    /// `perl -pi -e 's/a/b/' FILE`, `perl -i.bak -pe …`, `ruby -i -pe … FILE`: `-i`, alone or in a
    /// bundle, with or without a backup suffix, edits the files named after the code. Each
    /// bundle is read the way the interpreter reads its switches: a letter that takes a value
    /// takes the rest of the bundle, or the next argument when nothing is left.
    static func interpreterInPlace(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let isPerl = invocation.program == "perl"
        let separateValue: Set<Character> = isPerl ? ["e", "E", "I"] : ["e", "I", "r", "C", "X", "E", "F"]
        let attachedValue: Set<Character> = isPerl ? ["x", "d", "D", "V", "F", "m", "M", "C"] : ["x", "W", "T", "K"]
        let digitValue: Set<Character> = ["0", "l"]
        var inPlace = false
        var hasCode = false
        var directory: String?
        var index = 0
        let arguments = invocation.arguments
        options: while index < arguments.count {
            guard let text = arguments[index].text, text.hasPrefix("-"), text != "-" else { break }
            index += 1
            if text == "--" { break }
            let letters = Array(text.dropFirst())
            var position = 0
            while position < letters.count {
                let letter = letters[position]
                let rest = String(letters[(position + 1)...])
                if letter == "i" {
                    inPlace = true
                    continue options
                }
                if separateValue.contains(letter) {
                    var value = rest
                    if rest.isEmpty, index < arguments.count {
                        value = arguments[index].text ?? ""
                        index += 1
                    }
                    if letter == "e" || (letter == "E" && isPerl) { hasCode = true }
                    if !isPerl, letter == "C" || letter == "X" { directory = value }
                    continue options
                }
                if attachedValue.contains(letter) { continue options }
                position += 1
                if digitValue.contains(letter) {
                    while position < letters.count, letters[position].isHexDigit || letters[position] == "x" { position += 1 }
                }
            }
        }
        guard inPlace else { return [] }
        // Without -e the first operand is the script, not a file it edits.
        let files = arguments.dropFirst(index).dropFirst(hasCode ? 0 : 1)
        var inDirectory = context
        if let directory { inDirectory.cwd = Paths.resolve(directory, cwd: context.cwd, home: context.home) }
        return files.compactMap { path($0, inDirectory) }
    }

    /// `patch FILE`, `patch -o OUT`, and with no file named, whatever the patch names under
    /// `-d DIR` or the working directory.
    static func patched(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let values: Set<String> = [
            "-p", "-d", "--directory", "-o", "--output", "-i", "--input", "-r", "--reject-file", "-B", "-D", "-F", "-V", "-z", "-Y",
        ]
        var paths = invocation.positionals(optionsWithValues: values).prefix(1).compactMap { path($0, context) }
        if let output = invocation.optionArgument(["-o", "--output"]) {
            paths.append(WrittenPath(output.value, span: output.span, context: context))
        }
        if let directory = invocation.optionArgument(["-d", "--directory"]) {
            paths.append(WrittenPath(directory.value, extent: .contents, span: directory.span, context: context))
        } else {
            paths.append(WrittenPath(".", extent: .contents, span: invocation.programSpan, context: context))
        }
        return paths
    }
}

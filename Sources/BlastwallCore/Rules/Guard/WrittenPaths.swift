/// A path a command writes, and how much of it: the file itself, or a directory it fills with
/// files whose names are not known before it runs (an archive's members, a copied tree).
struct WrittenPath {
    enum Extent {
        case file
        /// Files of unknown names land inside (see `ProtectedPaths.reason(forContentsOf:)`).
        case contents
        /// A checkout's tree: also every protected file the edge found under it.
        case worktree
    }

    /// Absolute and normalised.
    var path: String
    /// As written, joined to nothing: relative paths land wherever the shell is.
    var written: String
    var extent: Extent
    /// The evidence: the argument that names the path (or the program, for the working directory).
    var span: SourceSpan

    init(_ written: String, extent: Extent = .file, span: SourceSpan, context: AnalysisContext) {
        self.written = written
        self.path = Paths.resolve(written, cwd: context.cwd, home: context.home)
        self.extent = extent
        self.span = span
    }

    /// The path as written, one level down: `dir/name`.
    func appending(_ name: String, extent: Extent, context: AnalysisContext) -> WrittenPath {
        WrittenPath(written + "/" + name, extent: extent, span: span, context: context)
    }

    /// Why writing it would weaken the gate, or nil.
    func protectedReason(_ context: AnalysisContext) -> String? {
        // `rm ~/.claude/*.json`, `cd ~/.claude && rm -rf *`: what the wildcard may match.
        if Paths.lastComponent(path).contains(where: { "*?[".contains($0) }), let reason = context.protectedReason(forMatchesOf: path) {
            return reason
        }
        switch extent {
        case .file:
            return context.protectedReason(for: path, written: Paths.absolute(written, cwd: context.cwd, home: context.home))
        case .contents:
            return context.protectedReason(forContentsOf: path)
        case .worktree:
            if let reason = context.protectedReason(forContentsOf: path) { return reason }
            guard let file = context.workspace.protectedFiles.first(where: { Paths.isInside($0, path) }) else { return nil }
            return "\(file) lies under \(path): " + (context.protectedReason(for: file) ?? "it is protected")
        }
    }
}

/// What each program writes, read from its command line, for the rules that keep agents off the
/// gate's own files (`GuardRules`, `filesystem.guard-tamper`). One table, so a program is taught
/// once and every check (protected here, protected through a link, in a directory only known at
/// run time) sees it.
enum WrittenPaths {
    /// Every path the invocation writes, by any of the tables below.
    static func all(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        fileTools(invocation, context) + databases(invocation, context) + inPlaceEdits(invocation, context)
            + extractions(invocation, context) + GitWorktree.paths(invocation, context)
    }

    /// A static argument as a written path.
    static func path(_ argument: Argument, extent: WrittenPath.Extent = .file, _ context: AnalysisContext) -> WrittenPath? {
        argument.text.map { WrittenPath($0, extent: extent, span: argument.span, context: context) }
    }

    // MARK: - File tools

    static let fileToolPrograms: Set<String> = [
        "rm", "rmdir", "unlink", "shred", "srm", "mv", "cp", "install", "ln", "tee", "sed", "truncate", "chmod", "chown",
        "chgrp", "trash", "trash-put", "rsync", "dd",
    ]

    /// Options of the copying tools that take a value, so the operands are found after them.
    static let copyValues: [String: Set<String>] = [
        "cp": ["-t", "--target-directory", "-S", "--suffix"], "mv": ["-t", "--target-directory", "-S", "--suffix"],
        "ln": ["-t", "--target-directory", "-S", "--suffix"],
        "install": ["-t", "--target-directory", "-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix"],
        "rsync": FilesystemRules.copyOptionsWithValues,
    ]

    /// `rm`, `cp`, `tee`, `sed -i`, `dd of=`…: every operand (sources too, as the filesystem rule
    /// always judged them), and where a copy, move or link lands: `DIR/name` under a target
    /// directory (`-t DIR`, or a last operand that is a directory).
    static func fileTools(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        let program = invocation.program
        guard fileToolPrograms.contains(program) else { return [] }
        if program == "sed" { return sedFiles(invocation).compactMap { path($0, context) } }
        // What `rm -r`, `trash`, `chmod -R` or `mv` (its sources) is given goes with everything
        // inside it.
        let recursive = invocation.hasFlag("-r", "-R", "--recursive")
        let trees =
            ["mv", "trash", "trash-put"].contains(program) || (recursive && ["rm", "srm", "chmod", "chown", "chgrp"].contains(program))
        var operands = invocation.positionals(optionsWithValues: copyValues[program] ?? [])
        var destination: Argument?
        if program == "mv", operands.count >= 2, invocation.optionArgument(["-t", "--target-directory"]) == nil {
            destination = operands.removeLast()
        }
        var paths = operands.compactMap { path($0, extent: trees ? .contents : .file, context) }
        if let destination, let written = path(destination, context) { paths.append(written) }
        if program == "dd", let output = invocation.arguments.first(where: { $0.text?.hasPrefix("of=") == true }), let value = output.text {
            paths.append(WrittenPath(String(value.dropFirst(3)), span: output.span, context: context))
        }
        if let values = copyValues[program] { paths += landings(invocation, optionsWithValues: values, context) }
        return paths
    }

    /// The files `sed -i` edits: its operands after the script (the first operand, unless `-e`
    /// or `-f` gives it).
    static func sedFiles(_ invocation: Invocation) -> [Argument] {
        let options = ShortOptions(
            invocation.arguments, values: ["e", "f", "l"], attached: ["i"],
            long: ["--expression": "e", "--file": "f", "--line-length": "l", "--in-place": "i"], permute: true)
        guard options.has("i") else { return [] }
        return options.has("e") || options.has("f") ? options.operands : Array(options.operands.dropFirst())
    }

    /// Where each source of `cp`, `mv`, `install`, `ln` or `rsync` lands. A moved or recursively
    /// copied source is a tree; a destination that may not exist yet becomes the tree itself
    /// (`mv x ~/.claude`), unless a trailing `/` says it is an existing directory.
    static func landings(_ invocation: Invocation, optionsWithValues: Set<String>, _ context: AnalysisContext) -> [WrittenPath] {
        let program = invocation.program
        var operands = invocation.positionals(optionsWithValues: optionsWithValues)
        let trees = program == "mv" || program == "rsync" || invocation.hasFlag("-r", "-R", "-a", "--recursive", "--archive")
        let extent: WrittenPath.Extent = trees ? .contents : .file
        var directory: WrittenPath?
        var named = false
        if program != "rsync", let option = invocation.optionArgument(["-t", "--target-directory"]) {
            directory = WrittenPath(option.value, span: option.span, context: context)
            named = true
        } else if operands.count >= 2 || program == "ln", let last = operands.last {
            // `ln -s TARGET` alone makes the link in the working directory.
            let single = operands.count == 1
            guard let written = single ? "." : last.text, FilesystemRules.remoteHost(written) == nil else { return [] }
            directory = WrittenPath(written, span: last.span, context: context)
            if !single { operands.removeLast() }
        }
        guard let directory else { return [] }
        var paths: [WrittenPath] = []
        if trees, !named, !directory.written.hasSuffix("/"), program != "rsync" {
            paths.append(WrittenPath(directory.written, extent: .contents, span: directory.span, context: context))
        }
        for source in operands {
            guard let text = source.text, FilesystemRules.remoteHost(text) == nil else { continue }
            // rsync copies what is inside `src/`, not `src` itself.
            if program == "rsync", text.hasSuffix("/") {
                paths.append(WrittenPath(directory.written, extent: .contents, span: directory.span, context: context))
            } else {
                paths.append(directory.appending(Paths.lastComponent(text), extent: extent, context: context))
            }
        }
        return paths
    }

    // MARK: - Database files

    /// `sqlite3 FILE`, `duckdb FILE`, `litecli FILE`, `sqlite-utils insert FILE …`: a client that
    /// opens a database file can write it, whatever the SQL says (`.shell`, `.open`, `ATTACH`);
    /// only `-readonly` with nothing but reads and harmless dot-commands is left out.
    static func databases(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        switch invocation.program {
        case "sqlite3", "sqlite", "duckdb":
            let options = DatabaseRules.Options(
                invocation.arguments,
                longValues: [
                    "-cmd", "-init", "-separator", "-newline", "-nullvalue", "-vfs", "-mmap", "-heap", "-maxsize", "-escape", "-c", "-s",
                ], singleDash: true)
            guard let file = options.positionals.first, file.text != ":memory:", file.text?.isEmpty == false else { return [] }
            if options.first("-readonly") != nil, readsOnly(invocation, options) { return [] }
            return path(file, context).map { [$0] } ?? []
        case "litecli":
            let file = invocation.optionArgument(["-D", "--database"]).map { Argument(text: $0.value, span: $0.span) }
            let database =
                file
                ?? invocation.positionals(optionsWithValues: ["-e", "--execute", "-R", "--prompt", "-l", "--logfile", "--liteclirc"]).first
            return database.flatMap { path($0, context) }.map { [$0] } ?? []
        case "sqlite-utils", "sqlitebrowser", "sqlitestudio", "datasette":
            // `sqlite-utils FILE SQL` or `sqlite-utils COMMAND FILE …`: the file is one of the first two.
            return invocation.positionals().prefix(2).compactMap { path($0, context) }
        default:
            return []
        }
    }

    /// Dot-commands that only read or set how output looks.
    static let readingDotCommands: Set<String> = [
        ".dump", ".schema", ".fullschema", ".tables", ".table", ".indexes", ".indices", ".mode", ".headers", ".header", ".width",
        ".separator", ".nullvalue", ".databases", ".show", ".help", ".quit", ".exit", ".print", ".timer", ".eqp", ".changes",
        ".echo", ".stats", ".dbinfo", ".bail",
    ]

    /// Whether every command a `-readonly` client is given is SQL (which the read-only connection
    /// refuses to write) or a reading dot-command: `.open`, `.restore` or `.shell` could still write.
    static func readsOnly(_ invocation: Invocation, _ options: DatabaseRules.Options) -> Bool {
        if options.first("-init") != nil { return false }
        var texts = options.positionals.dropFirst().map(\.text) + options.all("-cmd", "-c", "-s").map(\.value)
        if options.positionals.count < 2 {
            guard case .text(let input, _, _) = invocation.standardInput else { return false }
            texts.append(input)
        }
        return texts.allSatisfy { text in
            guard let text else { return false }
            return text.split(separator: "\n").allSatisfy { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix(".") else { return true }
                return readingDotCommands.contains(String(trimmed.prefix { $0 != " " && $0 != "\t" }))
            }
        }
    }
}

/// The shell's working directory as analysis follows it through one command line: `cd`, `pushd`
/// and `popd` move it, so later relative paths, the `directory` of later effects and the
/// directories environments are recognised by are the ones the commands really run in. A
/// subshell (`( … )`, a pipeline's stages, `$( … )`, a command sent to the background, `bash -c`)
/// moves only its own copy.
extension CommandAnalyzer {
    /// Where the shell is: the directory (the last one known when `isKnown` is false) and the
    /// `pushd` stack, whose entries are nil where they are not known.
    struct DirectoryState {
        var cwd: String
        var isKnown: Bool
        var stack: [String?]
    }

    static let directoryBuiltins: Set<String> = ["cd", "pushd", "popd"]

    var directoryState: DirectoryState {
        get { DirectoryState(cwd: context.cwd, isKnown: context.isDirectoryKnown, stack: directoryStack) }
        set {
            context.cwd = newValue.cwd
            context.isDirectoryKnown = newValue.isKnown
            directoryStack = newValue.stack
        }
    }

    /// Analyses `body` the way bash runs a subshell: a `cd` inside does not move the shell.
    mutating func inSubshell(_ body: (inout CommandAnalyzer) -> Void) {
        let saved = directoryState
        body(&self)
        directoryState = saved
    }

    /// Runs `body` for a command a wrapper starts in another directory (`env -C DIR`,
    /// `sudo -D DIR`, `tmux new -c DIR`), then returns to the shell's own.
    mutating func inDirectory(_ directory: Argument?, _ body: (inout CommandAnalyzer) -> Bool) -> Bool {
        guard let directory else { return body(&self) }
        let saved = directoryState
        moveTo(directory, by: "the wrapper's directory option")
        let handled = body(&self)
        directoryState = saved
        return handled
    }

    /// `cd DIR`, `cd` (home), `cd -`, `pushd DIR`, `pushd` (swap), `popd`. Only the shell's own
    /// builtin moves the shell (`builtin cd`, `command cd` and bash's `time cd` too): `sudo cd x`
    /// or `xargs cd` run a program in a process of its own.
    mutating func followDirectoryChange(_ invocation: Invocation) {
        guard invocation.wrappers.allSatisfy({ ["builtin", "command", "time"].contains($0) }) else { return }
        var operands = invocation.arguments[...]
        var noChange = false
        while let first = operands.first, let text = first.text, text.hasPrefix("-"), text.count > 1, text != "--",
            !(invocation.program != "cd" && text.dropFirst().allSatisfy(\.isNumber))
        {
            if text == "-n" { noChange = true }
            operands = operands.dropFirst()
        }
        if operands.first?.text == "--" { operands = operands.dropFirst() }
        let operand = operands.first
        switch invocation.program {
        case "cd":
            if let operand {
                moveTo(operand, by: "cd")
            } else {
                directoryState.cwd = context.home
                directoryState.isKnown = true
                trace.append("cd: later commands in this line run in \(context.home)")
            }
        case "pushd":
            if let operand, let text = operand.text, text.hasPrefix("+") || text.hasPrefix("-"), text.count > 1 {
                // `pushd +2` rotates a stack that may hold directories from before this line.
                unknownDirectory(because: "pushd \(text) rotates the directory stack")
            } else if let operand {
                let current: String? = context.isDirectoryKnown ? context.cwd : nil
                if noChange {
                    directoryStack.insert(operand.text.map { Paths.resolve($0, cwd: context.cwd, home: context.home) }, at: 0)
                } else {
                    directoryStack.insert(current, at: 0)
                    moveTo(operand, by: "pushd")
                }
            } else if let top = directoryStack.first {
                directoryStack[0] = context.isDirectoryKnown ? context.cwd : nil
                move(to: top, by: "pushd")
            } else {
                unknownDirectory(because: "pushd swaps with a directory stack from before this line")
            }
        case "popd":
            if operand != nil {
                unknownDirectory(because: "popd \(operand?.approximation ?? "") changes a directory stack from before this line")
            } else if directoryStack.isEmpty {
                unknownDirectory(because: "popd returns to a directory from before this line")
            } else if noChange {
                directoryStack.removeFirst()
            } else {
                move(to: directoryStack.removeFirst(), by: "popd")
            }
        default:
            break
        }
    }

    /// Moves to a directory given as an argument: literal paths are followed; `-`, `~user`,
    /// a name looked up in CDPATH, or anything only known at run time leaves the directory unknown.
    mutating func moveTo(_ argument: Argument, by what: String) {
        guard let text = argument.text else {
            return unknownDirectory(because: "\(what) \(argument.approximation) goes to a directory only known at run time")
        }
        // CDPATH set in the session or earlier in the line (a shell variable, exported or not).
        let cdPath: String? = scope.variables["CDPATH"].map { $0 ?? "…" } ?? context.environment["CDPATH"]
        let searchesCDPath =
            !(cdPath ?? "").isEmpty
            && !text.hasPrefix("/") && !text.hasPrefix(".") && !text.hasPrefix("~")
        if text == "-" || (text.hasPrefix("~") && text != "~" && !text.hasPrefix("~/")) || searchesCDPath {
            return unknownDirectory(because: "\(what) \(text) goes to a directory analysis cannot follow")
        }
        if !context.isDirectoryKnown, !text.hasPrefix("/"), !text.hasPrefix("~") {
            return unknownDirectory(because: "\(what) \(text) is relative to a directory only known at run time")
        }
        move(to: Paths.resolve(text, cwd: context.cwd, home: context.home), by: what)
    }

    mutating func move(to directory: String?, by what: String) {
        guard let directory else { return unknownDirectory(because: "\(what) returns to a directory only known at run time") }
        context.cwd = directory
        context.isDirectoryKnown = true
        trace.append("\(what): later commands in this line run in \(directory)")
    }

    mutating func unknownDirectory(because reason: String) {
        context.isDirectoryKnown = false
        trace.append("\(reason); relative paths after it may be anywhere (still resolved against \(context.cwd))")
    }

    /// `ln -s TARGET LINK` earlier in the line: paths through LINK lead to TARGET, which the edge
    /// could not see because the link did not exist yet.
    mutating func rememberLink(_ invocation: Invocation) {
        guard invocation.program == "ln" else { return }
        let operands = invocation.positionals(optionsWithValues: ["-t", "--target-directory", "-S", "--suffix"])
        guard operands.count == 2, let target = operands[0].text, let link = operands[1].text else { return }
        let linkPath = Paths.resolve(link, cwd: context.cwd, home: context.home)
        // A relative target is relative to the link's own directory.
        let base = invocation.hasFlag("-s", "--symbolic") && !target.hasPrefix("/") ? Paths.parent(linkPath) : context.cwd
        context.linksMade[linkPath] = Paths.resolve(target, cwd: base.isEmpty ? "/" : base, home: context.home)
    }
}

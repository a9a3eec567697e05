/// git commands that rewrite files in the working tree: restoring paths (`git checkout -- P`,
/// `git restore P`), removing them (`git rm`, `git clean`), stashing them away (`git stash -u`)
/// and resetting the whole tree (`git reset --hard`).
///
/// A path named on the command line is judged as written. A command that names no path (or `.`)
/// rewrites a whole tree whose files are not on the command line: it is judged by the protected
/// files the edge found there (`WorkspaceFacts.protectedFiles`). When the edge did not look, only
/// a tree that is itself protected or holds protected files by name (`.claude`, `~/.config`) is
/// caught, and `git stash -u` in a checkout with an untracked `.claude/settings.local.json` is not.
enum GitWorktree {
    static func paths(_ invocation: Invocation, _ context: AnalysisContext) -> [WrittenPath] {
        guard invocation.program == "git" else { return [] }
        var context = context
        // `git -C DIR` runs in DIR; `--work-tree` names the tree itself.
        var workTree: String?
        var index = 0
        let arguments = invocation.arguments
        while index < arguments.count, let text = arguments[index].text, text.hasPrefix("-") {
            let value = index + 1 < arguments.count ? arguments[index + 1].text : nil
            if text == "-C", let value {
                context.cwd = Paths.resolve(value, cwd: context.cwd, home: context.home)
            } else if text == "--work-tree", let value {
                workTree = value
            } else if text.hasPrefix("--work-tree=") {
                workTree = String(text.dropFirst("--work-tree=".count))
            }
            index += GitRules.globalOptions.contains(text) ? 2 : 1
        }
        guard let (name, word, rest) = GitRules.subcommand(invocation) else { return [] }
        let root: String
        if let workTree {
            root = workTree
        } else if context.isDirectoryKnown, let gitRoot = context.workspace.gitRoot, Paths.isInside(context.cwd, gitRoot) {
            root = gitRoot
        } else {
            root = "."
        }
        let tree = WrittenPath(root, extent: .worktree, span: word.span, context: context)
        let here = WrittenPath(".", extent: .worktree, span: word.span, context: context)
        func named(_ operands: [Argument]) -> [WrittenPath] {
            operands.compactMap { WrittenPaths.path($0, extent: .worktree, context) }
        }
        let afterDash = rest.firstIndex { $0.text == "--" }.map { Array(rest[(rest.index(after: $0))...]) }
        switch name {
        case "checkout":
            if GitRules.has(rest, "-b", "-B", "--orphan") != nil, afterDash == nil { return [] }
            let operands = afterDash ?? rest.filter { !($0.text ?? "-").hasPrefix("-") }
            // `git checkout main` switches branches (named as a path it is judged as one, which a
            // branch name never protects); `-f` throws away every change in the tree.
            if GitRules.has(rest, "-f", "--force") != nil, afterDash == nil { return [tree] + named(operands) }
            return named(operands)
        case "restore":
            if GitRules.has(rest, "--staged", "-S") != nil, GitRules.has(rest, "--worktree", "-W") == nil { return [] }
            return named(afterDash ?? positionals(rest, skipping: ["-s", "--source"]))
        case "clean":
            if GitRules.has(rest, "--dry-run") != nil || GitRules.hasShort(rest, "n") != nil { return [] }
            let operands = afterDash ?? positionals(rest, skipping: ["-e", "--exclude"])
            // Without paths git clean works from the current directory down.
            return operands.isEmpty ? [here] : named(operands)
        case "stash":
            let words = positionals(rest, skipping: ["-m", "--message"])
            let verb = words.first?.text
            guard verb == nil || verb == "push" || verb == "save" else { return [] }
            let untracked =
                GitRules.has(rest, "-u", "--include-untracked", "-a", "--all") != nil || GitRules.hasShort(rest, "u") != nil
                || GitRules.hasShort(rest, "a") != nil
            let operands = afterDash ?? (verb == "push" ? Array(words.dropFirst()) : [])
            if !operands.isEmpty { return named(operands) }
            return untracked ? [tree] : []
        case "reset":
            return GitRules.has(rest, "--hard") != nil ? [tree] : []
        case "switch":
            return GitRules.has(rest, "--discard-changes", "-f", "--force") != nil ? [tree] : []
        case "rm":
            if GitRules.has(rest, "--cached") != nil { return [] }
            return named(afterDash ?? rest.filter { !($0.text ?? "-").hasPrefix("-") })
        case "mv":
            return named(rest.filter { !($0.text ?? "-").hasPrefix("-") })
        default:
            return []
        }
    }

    /// The operands of a subcommand, with the values of the options named skipped.
    static func positionals(_ rest: [Argument], skipping options: Set<String>) -> [Argument] {
        var operands: [Argument] = []
        var index = 0
        while index < rest.count {
            let text = rest[index].approximation
            if options.contains(text) {
                index += 2
                continue
            }
            if !text.hasPrefix("-") { operands.append(rest[index]) }
            index += 1
        }
        return operands
    }
}

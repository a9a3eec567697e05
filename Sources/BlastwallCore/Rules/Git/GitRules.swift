/// git: rewriting or deleting shared branches, and throwing away local work.
public enum GitRules {
    static let globalOptions: Set<String> = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"]
    static let defaultBranches: Set<String> = ["main", "master", "trunk", "develop", "production", "prod", "release"]

    /// `git [globals] push [options] [remote] [refspec…]`, read the way git reads it.
    struct Push {
        var remote: Argument?
        var refspecs: [Argument]
        var force: Argument?
        var delete: Argument?

        init?(_ invocation: Invocation) {
            let words = invocation.afterGlobalOptions(GitRules.globalOptions)
            guard words.first?.text == "push" else { return nil }
            var operands: [Argument] = []
            var index = 1
            while index < words.count {
                let argument = words[index]
                let text = argument.approximation
                if ["--force", "-f", "--force-with-lease", "--force-if-includes", "--mirror"].contains(text)
                    || text.hasPrefix("--force-with-lease=")
                    || (text.hasPrefix("-") && !text.hasPrefix("--") && text.contains("f"))
                {
                    force = force ?? argument
                } else if text == "--delete" || text == "-d" || text == "--prune" {
                    delete = argument
                } else if ["--repo", "-o", "--push-option", "--receive-pack", "--exec"].contains(text) {
                    index += 1
                } else if !text.hasPrefix("-") {
                    operands.append(argument)
                }
                index += 1
            }
            remote = operands.first
            refspecs = Array(operands.dropFirst())
        }

        /// The branch each refspec updates on the remote (`+a:b` → `b`, `:b` → `b`).
        func destinations(currentBranch: String?) -> [(branch: String, argument: Argument?, forced: Bool, deleting: Bool)] {
            if refspecs.isEmpty {
                return currentBranch.map { [($0, nil, force != nil, delete != nil)] } ?? []
            }
            return refspecs.map { refspec in
                var text = refspec.approximation
                let plus = text.hasPrefix("+")
                if plus { text.removeFirst() }
                let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let deleting = delete != nil || (parts.count == 2 && parts[0].isEmpty)
                var destination = String(parts.last ?? "")
                if destination == "HEAD", let currentBranch { destination = currentBranch }
                if destination.hasPrefix("refs/heads/") { destination.removeFirst("refs/heads/".count) }
                return (destination, refspec, plus || force != nil, deleting)
            }
        }
    }

    static func subcommand(_ invocation: Invocation) -> (name: String, argument: Argument, rest: [Argument])? {
        let words = invocation.afterGlobalOptions(globalOptions)
        guard let first = words.first, let name = first.text else { return nil }
        return (name, first, Array(words.dropFirst()))
    }

    static func has(_ rest: [Argument], _ flags: String...) -> Argument? {
        rest.first { argument in
            guard let text = argument.text else { return false }
            return flags.contains(text) || flags.contains { $0.hasPrefix("--") && text.hasPrefix($0 + "=") }
        }
    }

    static func hasShort(_ rest: [Argument], _ letter: Character) -> Argument? {
        rest.first { argument in
            guard let text = argument.text, text.hasPrefix("-"), !text.hasPrefix("--") else { return false }
            return text.dropFirst().contains(letter)
        }
    }

    public static let family = ToolFamily(
        name: "git", programs: ["git"], isRemote: false,
        rules: [
            CommandRule(
                "git.force-push-default-branch", .irreversible,
                summary: "Rewrites or deletes a shared default branch on the remote",
                safer: "Push to a new branch and open a pull request; revert commits instead of rewriting history",
                triggering: [
                    "git push «--force» origin main", "git push origin «+main»", "git push «-f» origin HEAD:master",
                    "git push origin «--delete» main", "git push origin «:main»", "git -C repo push «--force-with-lease» origin main",
                    "git push «--mirror» origin",
                ],
                nonTriggering: ["git push origin main", "git push --force origin feature/x", "git push -u origin feature"]
            ) { invocation, context in
                guard let push = Push(invocation) else { return nil }
                if let mirror = push.force, mirror.text == "--mirror" {
                    return RuleMatch(span: mirror.span, message: "push --mirror overwrites and deletes every ref on the remote")
                }
                for destination in push.destinations(currentBranch: context.workspace.gitBranch)
                where defaultBranches.contains(destination.branch) && (destination.forced || destination.deleting) {
                    let evidence: SourceSpan
                    if destination.deleting, let delete = push.delete {
                        evidence = delete.span
                    } else if let refspec = destination.argument,
                        refspec.approximation.hasPrefix("+") || refspec.approximation.hasPrefix(":")
                    {
                        evidence = refspec.span
                    } else {
                        evidence = push.force?.span ?? destination.argument?.span ?? invocation.span
                    }
                    return RuleMatch(
                        span: evidence, resources: [destination.branch],
                        message: destination.deleting
                            ? "Deletes the shared branch \(destination.branch) on the remote"
                            : "Force-pushes over the shared branch \(destination.branch), discarding commits others have")
                }
                return nil
            },
            CommandRule(
                "git.force-push", .destroy,
                summary: "Force-pushes or deletes a remote branch, discarding commits on the remote",
                safer: "Use --force-with-lease on your own branch, and only after checking nobody else pushed",
                triggering: ["git push «--force» origin feature/x", "git push origin «--delete» old-branch", "git push «-f»"],
                nonTriggering: ["git push origin feature/x", "git push --dry-run --force origin x"]
            ) { invocation, context in
                guard let push = Push(invocation), !invocation.hasFlag("--dry-run", "-n") else { return nil }
                guard
                    let evidence = push.delete ?? push.force
                        ?? push.refspecs.first(where: { $0.approximation.hasPrefix("+") || $0.approximation.hasPrefix(":") })
                else { return nil }
                let branches = push.destinations(currentBranch: context.workspace.gitBranch).map(\.branch)
                return RuleMatch(span: evidence.span, resources: branches)
            },
            CommandRule(
                "git.reset-hard", .destroy,
                summary: "Discards uncommitted changes and moves the branch",
                safer: "git stash (or commit to a temporary branch) first, so the work can come back",
                triggering: ["git reset «--hard»", "git reset «--hard» origin/main", "git -C app reset «--hard» HEAD~3"],
                nonTriggering: ["git reset --soft HEAD~1", "git reset file.txt", "git log --hard"]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation), name == "reset", let flag = has(rest, "--hard", "--merge", "--keep")
                else { return nil }
                return flag.text == "--hard" ? RuleMatch(span: flag.span) : nil
            },
            CommandRule(
                "git.clean", .destroy,
                summary: "Deletes untracked files, which git cannot bring back",
                safer: "Run git clean -n first and read the list; move what you want to keep",
                triggering: ["git clean «-fd»", "git clean «-fdx»", "git clean «--force» -d"],
                nonTriggering: ["git clean -n", "git clean --dry-run -d", "git status"]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation), name == "clean" else { return nil }
                if has(rest, "--dry-run") != nil || hasShort(rest, "n") != nil { return nil }
                guard let flag = has(rest, "--force") ?? hasShort(rest, "f") else { return nil }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "git.discard-changes", .destroy,
                summary: "Throws away uncommitted changes in the working tree",
                safer: "git stash first, so the changes can come back",
                triggering: [
                    "git checkout «--» .", "git checkout «.»", "git restore «.»", "git checkout «-f» main",
                    "git switch «--discard-changes» main", "git stash «drop»", "git stash «clear»",
                ],
                nonTriggering: [
                    "git checkout main", "git checkout -b feature", "git restore --staged file.txt", "git stash", "git stash list",
                ]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation) else { return nil }
                switch name {
                case "checkout":
                    if let force = has(rest, "--force", "-f") { return RuleMatch(span: force.span) }
                    if let dash = rest.first(where: { $0.text == "--" }) { return RuleMatch(span: dash.span) }
                    if let dot = rest.first(where: { $0.text == "." }) { return RuleMatch(span: dot.span) }
                    return nil
                case "restore":
                    if has(rest, "--staged", "-S") != nil && has(rest, "--worktree", "-W") == nil { return nil }
                    guard let target = rest.first(where: { !($0.text ?? "-").hasPrefix("-") }) else { return nil }
                    return RuleMatch(span: target.span, resources: [target.approximation])
                case "switch":
                    guard let flag = has(rest, "--discard-changes", "--force", "-f") else { return nil }
                    return RuleMatch(span: flag.span)
                case "stash":
                    guard let action = rest.first, action.text == "drop" || action.text == "clear" else { return nil }
                    return RuleMatch(span: action.span, message: "Deletes stashed work, which git keeps nowhere else")
                default:
                    return nil
                }
            },
            CommandRule(
                "git.branch-force-delete", .destroy,
                summary: "Deletes a branch even if its commits are merged nowhere",
                safer: "Use git branch -d, which refuses to delete unmerged work",
                triggering: ["git branch «-D» feature", "git branch --delete «--force» old", "git tag «-d» v1.0"],
                nonTriggering: ["git branch -d merged-feature", "git branch -a", "git tag v1.1"]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation) else { return nil }
                if name == "branch" {
                    if let flag = rest.first(where: { $0.text == "-D" }) {
                        return RuleMatch(span: flag.span, resources: rest.filter { !($0.text ?? "-").hasPrefix("-") }.map(\.approximation))
                    }
                    if has(rest, "--delete", "-d") != nil, let force = has(rest, "--force", "-f") { return RuleMatch(span: force.span) }
                }
                if name == "tag", let flag = has(rest, "-d", "--delete") { return RuleMatch(span: flag.span, message: "Deletes a tag") }
                return nil
            },
            CommandRule(
                "git.history-rewrite", .destroy,
                summary: "Rewrites the whole history of the repository",
                safer: "Work on a fresh clone, and coordinate with everyone who has pushed to it",
                triggering: [
                    "git «filter-branch» --tree-filter 'rm -f x' HEAD", "git «filter-repo» --path secrets --invert-paths",
                    "git «update-ref -d» refs/heads/main",
                ],
                nonTriggering: ["git log", "git rebase -i HEAD~3"]
            ) { invocation, _ in
                guard let (name, argument, rest) = subcommand(invocation) else { return nil }
                if name == "filter-branch" || name == "filter-repo" { return RuleMatch(span: argument.span) }
                if name == "update-ref", let flag = rest.first(where: { $0.text == "-d" }) {
                    return RuleMatch(span: argument.span.union(flag.span))
                }
                return nil
            },
            CommandRule(
                "git.expire-recovery", .irreversible,
                summary: "Expires the reflog or prunes unreachable objects: the last way back to lost commits",
                safer: "Leave the reflog alone; git gc without --prune=now keeps two weeks of recovery",
                triggering: ["git reflog «expire» --expire=now --all", "git gc «--prune=now»", "git gc «--prune=all»"],
                nonTriggering: ["git reflog", "git gc", "git reflog show"]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation) else { return nil }
                if name == "reflog", let action = rest.first, action.text == "expire" || action.text == "delete" {
                    return RuleMatch(span: action.span)
                }
                if name == "gc", let prune = rest.first(where: { $0.text == "--prune=now" || $0.text == "--prune=all" }) {
                    return RuleMatch(span: prune.span)
                }
                return nil
            },
            CommandRule(
                "git.read", .read, summary: "Reads history or state; changes nothing",
                triggering: [
                    "git «status»", "git «log» --oneline", "git «diff» HEAD~1", "git -C repo «show» abc123", "git «fetch» origin",
                    "git «branch»", "git «remote» -v",
                ],
                nonTriggering: ["git commit -m x", "git push"]
            ) { invocation, _ in
                guard let (name, argument, rest) = subcommand(invocation) else { return nil }
                let reads: Set<String> = [
                    "status", "log", "diff", "show", "blame", "grep", "ls-files", "ls-tree", "ls-remote", "rev-parse", "rev-list",
                    "describe", "shortlog", "reflog", "fetch", "cat-file", "help", "version", "--version", "whatchanged", "count-objects",
                    "fsck", "name-rev", "merge-base", "for-each-ref", "show-ref", "check-ignore", "range-diff",
                ]
                if reads.contains(name) { return RuleMatch(span: argument.span) }
                if ["branch", "tag", "remote", "stash", "worktree"].contains(name),
                    rest.allSatisfy({
                        [
                            "-a", "-r", "-v", "-vv", "--list", "-l", "list", "show", "--show-current", "--all", "--merged", "--no-merged",
                            "--contains",
                        ].contains($0.text ?? "") || ($0.text ?? "").hasPrefix("--format")
                    })
                {
                    return RuleMatch(span: argument.span)
                }
                if name == "config",
                    rest.contains(where: { ["--get", "--list", "-l", "--get-all", "--show-origin"].contains($0.text ?? "") })
                {
                    return RuleMatch(span: argument.span)
                }
                return nil
            },
        ],
        hints: { invocation, context in
            var builder = HintBuilder(invocation, context)
            if let push = Push(invocation) {
                for destination in push.destinations(currentBranch: context.workspace.gitBranch) {
                    builder.add(.gitBranch, destination.branch, source: "git push to branch")
                }
                if let remote = push.remote?.text {
                    builder.add(.gitRemote, context.workspace.gitRemotes[remote] ?? remote, source: "git remote \(remote)")
                }
            } else {
                builder.add(.gitBranch, context.workspace.gitBranch, source: "the current git branch")
            }
            return builder.hints
        })
}

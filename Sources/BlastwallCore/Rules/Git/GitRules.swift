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
                nonTriggering: ["git push origin main", "git push --force origin feature/x", "git push -u origin feature"],
                acts: .codeHost
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
                nonTriggering: ["git push origin feature/x", "git push --dry-run --force origin x"],
                acts: .codeHost
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
                "git.push", .write,
                summary: "Pushes commits to the remote",
                safer: "Push to a topic branch and open a pull request; let the reviewed merge reach the shared branch",
                triggering: [
                    "git «push» -u origin feature", "git «push» origin main", "git «push --tags»", "git -C app «push» origin HEAD:release",
                ],
                nonTriggering: ["git push --force origin main", "git pull", "git commit -m push"]
            ) { invocation, context in
                guard let push = Push(invocation), let word = invocation.afterGlobalOptions(globalOptions).first else { return nil }
                let destinations = push.destinations(currentBranch: context.workspace.gitBranch)
                // A topic branch lands on the code host and deploys nothing until a reviewed merge;
                // a shared branch or a tag is what pipelines deploy from.
                if let shared = destinations.first(where: { defaultBranches.contains($0.branch) }) {
                    return RuleMatch(
                        span: word.span, resources: [shared.branch],
                        message: "Pushes to the shared branch \(shared.branch), which pipelines may deploy from", acts: .remote)
                }
                if let tags = invocation.arguments.first(where: { $0.text == "--tags" || $0.text == "--follow-tags" }) {
                    return RuleMatch(
                        span: word.span.union(tags.span), message: "Pushes tags, which release pipelines may act on", acts: .remote)
                }
                let branches = destinations.map(\.branch)
                return RuleMatch(
                    span: word.span, resources: branches,
                    message: branches.isEmpty
                        ? "Pushes the current branch to the code host"
                        : "Pushes \(branches.joined(separator: ", ")) to the code host, where nothing deploys from a topic branch",
                    acts: .codeHost)
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
                triggering: ["git clean «-fd»", "git clean «-fdx»", "git clean «--force» -d", "git «clean» -x"],
                nonTriggering: ["git clean -n", "git clean --dry-run -d", "git status"]
            ) { invocation, _ in
                guard let (name, word, rest) = subcommand(invocation), name == "clean" else { return nil }
                if has(rest, "--dry-run") != nil || hasShort(rest, "n") != nil { return nil }
                // Without -f git refuses only while clean.requireForce is on, a setting of the
                // repository this gate cannot see.
                guard let flag = has(rest, "--force") ?? hasShort(rest, "f") else {
                    return RuleMatch(
                        span: word.span, message: "git clean deletes untracked files unless the repository's clean.requireForce stops it")
                }
                return RuleMatch(span: flag.span)
            },
            CommandRule(
                "git.discard-changes", .destroy,
                summary: "Throws away uncommitted changes in the working tree",
                safer: "git stash first, so the changes can come back",
                triggering: [
                    "git checkout «--» .", "git checkout «.»", "git restore «.»", "git checkout «-f» main",
                    "git switch «--discard-changes» main", "git stash «drop»", "git stash «clear»", "git mv «-f» a.txt b.txt",
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
                    guard let target = rest.first(where: { !($0.text ?? "-").hasPrefix("-") }) ?? has(rest, "--patch", "-p") else {
                        return nil
                    }
                    return RuleMatch(span: target.span, resources: [target.approximation])
                case "switch":
                    guard let flag = has(rest, "--discard-changes", "--force", "-f") else { return nil }
                    return RuleMatch(span: flag.span)
                case "mv":
                    guard let force = has(rest, "--force", "-f") else { return nil }
                    return RuleMatch(span: force.span, message: "git mv --force overwrites the destination, even with changes in it")
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
                // A local tag is only a name for a commit that stays; the remote keeps its own copy.
                if name == "tag", let flag = has(rest, "-d", "--delete") {
                    return RuleMatch(span: flag.span, message: "Deletes a local tag; the commit it named stays", effectClass: .write)
                }
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
                triggering: ["git reflog «expire» --expire=now --all", "git gc «--prune=now»", "git gc «--prune=all»", "git «prune» -v"],
                nonTriggering: ["git reflog", "git gc", "git reflog show", "git prune -n", "git prune --dry-run"]
            ) { invocation, _ in
                guard let (name, _, rest) = subcommand(invocation) else { return nil }
                if name == "reflog", let action = rest.first, action.text == "expire" || action.text == "delete" {
                    return RuleMatch(span: action.span)
                }
                if name == "gc", let prune = rest.first(where: { $0.text == "--prune=now" || $0.text == "--prune=all" }) {
                    return RuleMatch(span: prune.span)
                }
                // `git prune` deletes every unreachable object, however recent, unless it only lists them.
                if name == "prune", has(rest, "--dry-run") == nil, hasShort(rest, "n") == nil, let word = subcommand(invocation)?.argument {
                    return RuleMatch(
                        span: word.span, message: "Deletes every unreachable object now: commits only the reflog still knew are gone")
                }
                return nil
            },
            CommandRule(
                "git.extras", .destroy,
                summary: "A git-extras command that discards work, rewrites history, or changes branches and tags on the remote",
                safer: "Run the plain git commands it stands for one at a time, and push to a topic branch",
                triggering: [
                    "git «scp» origin path/to/file", "git «delete-branch» old-feature", "git «delete-tag» v1.0", "git «clear»",
                    "git «obliterate» secrets.txt", "git «magic -fp»", "git «release» 1.2.0", "git «sync»",
                ],
                nonTriggering: ["git magic -m 'msg'", "git squash feature", "git touch a.txt", "git delete-merged-branches", "git undo"]
            ) { invocation, _ in
                guard let (name, argument, rest) = subcommand(invocation) else { return nil }
                // What each git-extras command does, from its manual: where it acts and its class.
                let commands: [String: (EffectClass, Locality, String)] = [
                    "scp": (.write, .remote, "copies working-tree files into a remote's checkout over ssh"),
                    "delete-branch": (.destroy, .remote, "deletes the branch here and on the remote"),
                    "delete-tag": (.destroy, .remote, "deletes the tag here and on the remote"),
                    "rename-branch": (.write, .remote, "renames the branch here and on the remote"),
                    "rename-tag": (.write, .remote, "renames the tag here and on the remote"),
                    "release": (.write, .remote, "commits, tags and pushes a release"),
                    "gh-pages": (.write, .codeHost, "creates and pushes a gh-pages branch"),
                    "clear": (.destroy, .here, "runs git clean -dfx and git reset --hard: untracked and uncommitted work is gone"),
                    "clear-soft": (.destroy, .here, "runs git reset --hard and git clean -d: uncommitted work is gone"),
                    "sync": (.destroy, .here, "resets the branch hard to its remote: local commits and changes are gone"),
                    "reset-file": (.destroy, .here, "throws away the changes to the file"),
                    "obliterate": (.destroy, .here, "rewrites the whole history to erase the file"),
                    "reauthor": (.destroy, .here, "rewrites the history's authors"),
                    "force-clone": (.destroy, .here, "clones over an existing directory, deleting what was there"),
                    "delete-submodule": (.destroy, .here, "deletes the submodule and its checkout"),
                    "fresh-branch": (.destroy, .here, "creates an empty branch and removes every file from the working tree"),
                ]
                if name == "magic", let push = hasShort(rest, "p") ?? has(rest, "--push") {
                    let forced = hasShort(rest, "f") != nil
                    return RuleMatch(
                        span: argument.span.union(push.span),
                        message: forced ? "git magic commits and force-pushes the branch" : "git magic commits and pushes the branch",
                        effectClass: forced ? .destroy : .write, acts: forced ? .remote : .codeHost)
                }
                if name == "undo", let hard = has(rest, "--hard", "-h") {
                    return RuleMatch(span: argument.span.union(hard.span), message: "git undo --hard throws the last commits away")
                }
                guard let (effectClass, locality, what) = commands[name] else { return nil }
                return RuleMatch(
                    span: argument.span, resources: rest.filter { !($0.text ?? "-").hasPrefix("-") }.map(\.approximation),
                    message: "git \(name) \(what)", effectClass: effectClass, acts: locality)
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
            .commandTable(
                "git.command", .git, tool: "git", deletion: .write,
                triggering: ["git «commit» -m x", "git «add» -A", "git «checkout» -b feature/x", "git «cherry-pick» abc123", "git «gc»"],
                nonTriggering: ["git magic -m x", "git status", "git no-such-command"]
            ) { invocation in
                Array(invocation.afterGlobalOptions(globalOptions).prefix(1))
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

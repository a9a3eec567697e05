/// Ordinary programs pointed at the gate's own files: a database client opening Blastwall's
/// store, an editor or `perl -i` on its policy, an archive unpacked into `~/.claude`, git
/// restoring an agent's hook settings. Every program is looked at, whatever family it belongs to
/// (the file tools' own writes are `filesystem.guard-tamper`); what each writes comes from one
/// table, `WrittenPaths`, judged by the one test of protected paths, `AnalysisContext.protectedReason`.
public enum GuardRules {
    /// The first path of `paths` whose change would weaken the gate.
    static func tamper(_ paths: [WrittenPath], _ context: AnalysisContext, _ verb: String) -> RuleMatch? {
        for written in paths {
            guard let reason = written.protectedReason(context) else { continue }
            return RuleMatch(span: written.span, resources: [written.path], message: "\(verb) \(written.path): \(reason)")
        }
        return nil
    }

    static let safer = "Change policy and hooks yourself, outside the agent, and review the diff"

    public static let family = ToolFamily(
        name: "guard", programs: [], isRemote: false, appliesToEveryProgram: true,
        rules: [
            CommandRule(
                "guard.database-open", .guardTamper,
                summary: "Opens Blastwall's store (or another protected file) with a database client that can write it",
                safer: safer,
                triggering: [
                    "sqlite3 «~/.local/state/blastwall/store.sqlite» \"INSERT INTO keys VALUES (1)\"",
                    "sqlite3 «~/.local/state/blastwall/store.sqlite» .dump", "duckdb «~/.local/state/blastwall/store.sqlite»",
                    "litecli «~/.local/state/blastwall/store.sqlite»",
                    "sqlite-utils insert «~/.local/state/blastwall/store.sqlite» keys k.json",
                    "sqlite3 -readonly «~/.local/state/blastwall/store.sqlite» '.shell rm x'",
                ],
                nonTriggering: [
                    "sqlite3 app.db \"INSERT INTO t VALUES (1)\"", "sqlite3 -readonly ~/.local/state/blastwall/store.sqlite 'select 1'",
                    "sqlite3 -readonly ~/.local/state/blastwall/store.sqlite .dump", "duckdb :memory:",
                ],
                acts: .here
            ) { invocation, context in
                tamper(WrittenPaths.databases(invocation, context), context, "Opens")
            },
            CommandRule(
                "guard.in-place-edit", .guardTamper,
                summary: "Edits Blastwall's own files or an agent's hook configuration in place (an editor, perl -i, sponge)",
                safer: safer,
                triggering: [
                    "perl -pi -e 's/a/b/' «~/.config/blastwall/policy.yaml»", "perl -i.bak -pe 's/a/b/' «.claude/settings.json»",
                    "ruby -i -pe 'x' «~/.claude/settings.json»", "vim -es -c '%d|x' «.claude/settings.json»",
                    "ex -sc '%d|x' «~/.codex/hooks.json»", "vi «~/.claude/settings.json»", "nano «~/.config/blastwall/policy.yaml»",
                    "emacs «.gemini/settings.json»", "cat x | sponge «~/.claude/settings.json»", "gzip «.claude/settings.json»",
                ],
                nonTriggering: [
                    "perl -pi -e 's/a/b/' notes.txt", "perl -ne 'print' ~/.claude/settings.json", "vim notes.txt",
                    "cat x | sponge notes.txt", "gzip -k .claude/settings.json", "less .claude/settings.json",
                ],
                acts: .here
            ) { invocation, context in
                tamper(WrittenPaths.inPlaceEdits(invocation, context), context, "Rewrites")
            },
            CommandRule(
                "guard.archive-extract", .guardTamper,
                summary: "Unpacks an archive into Blastwall's own directories or an agent's hook configuration",
                safer: "Unpack into a new directory, read what it holds, and copy what you need yourself",
                triggering: [
                    "tar -xf a.tar -C «~/.config/blastwall»", "tar xf a.tar «--directory=~/.config»", "tar -C «~/.claude» -xf a.tar",
                    "unzip a.zip -d «~/.config/blastwall»", "unzip -o a.zip -d «.claude»", "tar -xzf a.tgz «.claude/settings.json»",
                    "tar -cf «.claude/settings.json» src", "7z x a.7z «-o.claude»",
                ],
                nonTriggering: [
                    "tar -xf a.tar -C build", "unzip a.zip -d out", "tar -xf a.tar", "tar -tf a.tar -C ~/.claude",
                    "unzip -l a.zip -d .claude", "tar -cf out.tar .claude",
                ],
                acts: .here
            ) { invocation, context in
                tamper(WrittenPaths.extractions(invocation, context), context, "Unpacks into")
            },
            CommandRule(
                "guard.git-worktree", .guardTamper,
                summary: "Restores, stashes or deletes an agent's hook configuration or Blastwall's files with git",
                safer: safer,
                triggering: [
                    "git checkout -- «.claude/settings.json»", "git restore «.claude/settings.json»", "git checkout HEAD «.claude»",
                    "git clean -fdx «.claude»", "git stash push -u -- «.blastwall»", "git rm «.claude/settings.local.json»",
                    "git -C ~/.claude checkout «.»",
                ],
                nonTriggering: [
                    "git checkout .", "git stash -u", "git reset --hard", "git checkout main", "git clean -fdx",
                    "git restore --staged .claude/settings.json", "git rm --cached .claude/settings.json", "git stash list",
                ],
                acts: .here
            ) { invocation, context in
                tamper(GitWorktree.paths(invocation, context), context, "Rewrites")
            },
            CommandRule(
                "guard.unknown-directory", .unknown,
                summary: "Writes a relative path after a cd analysis cannot follow, so the file could be Blastwall's own",
                safer: "cd to a literal directory, or name the file by its full path",
                triggering: [
                    "cd \"$d\" && sed -i s/a/b/ «config.yaml»", "cd - && «tar» xf a.tar", "cd $(cat dir.txt); vim «policy.yaml»",
                    "cd \"$d\" && git «reset» --hard",
                ],
                nonTriggering: [
                    "cd build && sed -i s/a/b/ config.yaml", "cd \"$d\" && sed -i s/a/b/ /tmp/config.yaml", "cd \"$d\" && make",
                    "(cd \"$d\"); sed -i s/a/b/ f", "cd \"$d\"; cd /srv/app && vim x",
                ],
                acts: .here
            ) { invocation, context in
                guard !context.isDirectoryKnown,
                    let written = WrittenPaths.all(invocation, context).first(where: {
                        FileTargets.isInUnknownDirectory($0.written, context: context)
                    })
                else { return nil }
                return RuleMatch(
                    span: written.span, resources: [written.path],
                    message:
                        "Writes \(written.written) in a directory only known at run time (after a cd analysis cannot follow), which could be Blastwall's own files"
                )
            },
        ])
}

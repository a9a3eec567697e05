import BlastwallCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ordinary commands that change Blastwall's own files or an agent's hooks are `guard-tamper`
/// (always denied), however they reach them: a database client, an in-place editor, an archive,
/// a target directory, git, a `cd` earlier in the line, a wrapper that only changes time or the
/// terminal, a symbolic link. The near misses on ordinary paths keep the verdict they had.
@Suite struct GuardTamperHolesTests {
    static func verdict(_ command: String, context: AnalysisContext = TestGate.context) throws -> Verdict {
        try TestGate.evaluate(command, context: context).verdict
    }

    static func describe(_ verdict: Verdict) -> String {
        verdict.findings.map { "\($0.effect.ruleID)=\($0.effect.effectClass.rawValue)/\($0.decision.rawValue)" }.joined(separator: ", ")
    }

    static func expectTamper(_ command: String, context: AnalysisContext = TestGate.context) throws {
        let verdict = try Self.verdict(command, context: context)
        #expect(verdict.decision == .deny, "\(command): \(describe(verdict))")
        #expect(verdict.findings.contains { $0.effect.effectClass == .guardTamper }, "\(command): \(describe(verdict))")
    }

    static func expectNoTamper(_ command: String, _ expected: Decision, context: AnalysisContext = TestGate.context) throws {
        let verdict = try Self.verdict(command, context: context)
        #expect(verdict.decision == expected, "\(command): \(describe(verdict))")
        #expect(!verdict.findings.contains { $0.effect.effectClass == .guardTamper }, "\(command): \(describe(verdict))")
    }

    // MARK: - 1. Database clients

    @Test(arguments: [
        "sqlite3 ~/.local/state/blastwall/store.sqlite \"INSERT INTO keys VALUES ('k')\"",
        "sqlite3 ~/.local/state/blastwall/store.sqlite .dump", "sqlite3 -bail ~/.local/state/blastwall/store.sqlite 'DELETE FROM grants'",
        "duckdb ~/.local/state/blastwall/store.sqlite", "litecli ~/.local/state/blastwall/store.sqlite",
        "sqlite-utils insert ~/.local/state/blastwall/store.sqlite keys keys.json",
        "sqlite3 -readonly ~/.local/state/blastwall/store.sqlite '.open ~/.local/state/blastwall/store.sqlite'",
        "echo '.restore old.db' | sqlite3 -readonly ~/.local/state/blastwall/store.sqlite",
        "cat commands.sql | sqlite3 -readonly ~/.local/state/blastwall/store.sqlite",
        "sudo sqlite3 /etc/blastwall/store.sqlite 'select 1'",
    ])
    func databaseClientsOpeningTheStoreAreTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("sqlite3 app.db \"INSERT INTO t VALUES (1)\"", Decision.allow), ("sqlite3 app.db .dump", .allow),
        ("sqlite3 -readonly ~/.local/state/blastwall/store.sqlite 'select count(*) from grants'", .allow),
        ("sqlite3 -readonly ~/.local/state/blastwall/store.sqlite .schema", .allow), ("duckdb analytics.duckdb", .allow),
        ("echo 'DELETE FROM grants;' | sqlite3 -readonly ~/.local/state/blastwall/store.sqlite", .allow),
    ])
    func databaseNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    // MARK: - 2. In-place editors

    @Test(arguments: [
        "perl -pi -e 's/a/b/' ~/.config/blastwall/policy.yaml", "perl -i.bak -pe 's/deny/allow/' ~/.config/blastwall/policy.yaml",
        "perl -pie 's/a/b/' .claude/settings.json", "ruby -i -pe 'gsub(/a/, \"b\")' ~/.claude/settings.json",
        "vim -es -c '%d|x' ~/.claude/settings.json", "ex -sc '%d|x' .claude/settings.json", "vi ~/.claude/settings.json",
        "nano ~/.config/blastwall/policy.yaml", "emacs .codex/hooks.json", "cat x | sponge ~/.claude/settings.json",
        "jq . x.json | sponge .claude/settings.json", "gawk -i inplace '{print}' .claude/settings.json",
    ])
    func inPlaceEditorsAreTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("perl -pi -e 's/a/b/' notes.txt", Decision.allow), ("vim notes.txt", .allow), ("cat x | sponge notes.txt", .allow),
        ("perl -ne 'print' .claude/settings.json", .allow), ("ruby -pe 'x' .claude/settings.json", .allow),
    ])
    func editorNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    // MARK: - 3. Archives

    @Test(arguments: [
        "tar -xf a.tar -C ~/.config/blastwall", "tar xf a.tar --directory=~/.config", "tar -C ~/.claude -xf a.tar",
        "unzip a.zip -d ~/.config/blastwall", "unzip -o a.zip -d .claude", "tar xfC a.tar ~/.claude",
        "tar -xzf a.tgz .claude/settings.json",
        "cd ~/.config/blastwall && tar -xf a.tar", "cd ~/.claude; unzip -o hooks.zip", "bsdtar -x -f a.tar -C .claude",
    ])
    func extractingIntoProtectedDirectoriesIsTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("tar -xf a.tar -C build", Decision.allow), ("unzip a.zip -d out", .allow), ("tar -xf a.tar", .allow), ("unzip a.zip", .allow),
        ("tar -tf a.tar -C ~/.claude", .allow), ("cd build && tar -xf a.tar", .allow),
    ])
    func extractionNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    // MARK: - 4. Target directories and links

    @Test(arguments: [
        "cp --target-directory=~/.config/blastwall x", "cp -t ~/.claude settings.json", "mv -t ~/.claude settings.json",
        "install -t ~/.claude settings.json", "ln -sf x ~/.claude/settings.json", "cp settings.json ~/.claude/",
        "cp -r hooks .claude", "rsync -a conf/ ~/.claude",
    ])
    func targetDirectoriesAreTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("cp -t out x", Decision.allow), ("cp -t ~/.claude notes.txt", .allow), ("mv notes.txt ~/.claude/", .allow),
        ("cp a.txt b.txt", .allow),
    ])
    func targetDirectoryNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    /// Removing, moving or re-permissioning a directory takes the protected files it holds with it.
    @Test(arguments: [
        "rm -rf ~/.claude", "rm -r .claude", "mv ~/.config/blastwall /tmp/x", "mv .claude .claude.off", "trash ~/.config",
        "chmod -R 000 ~/.claude", "rm ~/.claude/*.json", "cd ~/.claude && rm -f *",
    ])
    func treesHoldingProtectedFilesAreTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("rm ~/.claude/*.log", Decision.allow), ("rm -rf node_modules", .allow), ("mv build /tmp/old", .allow),
        ("rm -rf ~/.claude/projects/old", .ask),
    ])
    func treeNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    // MARK: - 5. git

    /// The checkout holds hook settings and Blastwall's project directory, as the edge reports.
    static let checkoutWithHooks: AnalysisContext = {
        var context = TestGate.context
        context.workspace.protectedFiles = ["/home/dev/project/.claude/settings.json", "/home/dev/project/.blastwall"]
        return context
    }()

    @Test(arguments: [
        "git checkout -- .claude/settings.json", "git restore .claude/settings.json", "git restore --source=HEAD~3 .claude",
        "git clean -fdx .claude", "git stash push -- .claude/settings.json", "git rm -r .blastwall", "git -C ~/.claude checkout .",
    ])
    func gitNamingProtectedPathsIsTamper(_ command: String) throws {
        try Self.expectTamper(command)
        try Self.expectTamper(command, context: Self.checkoutWithHooks)
    }

    /// The pathless forms rewrite the whole tree: tamper where the edge found protected files in it.
    @Test(arguments: [
        "git stash -u", "git stash --include-untracked", "git stash --all", "git stash push -u -m wip", "git clean -fdx",
        "git checkout .", "git reset --hard", "git reset --hard origin/main", "git checkout -f", "cd src && git reset --hard",
    ])
    func gitRewritingATreeWithProtectedFilesIsTamper(_ command: String) throws {
        try Self.expectTamper(command, context: Self.checkoutWithHooks)
    }

    /// Without the edge's facts a pathless command cannot know what the tree holds: it keeps the
    /// verdict it had (the limitation `GitWorktree` documents).
    @Test(arguments: [
        ("git stash -u", Decision.allow), ("git checkout .", .ask), ("git reset --hard", .ask), ("git clean -fdx", .ask),
    ])
    func gitPathlessWithoutFactsKeepsItsVerdict(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    @Test(arguments: [
        ("git checkout main", Decision.allow), ("git stash", .allow), ("git restore --staged .claude/settings.json", .allow),
        ("git checkout -- src/app.swift", .ask), ("git clean -fdx build", .ask), ("git stash list", .allow),
    ])
    func gitNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected, context: Self.checkoutWithHooks)
    }

    // MARK: - 6. cd within the line

    @Test(arguments: [
        "cd ~/.config/blastwall && sed -i 's/x/y/' policy.yaml", "cd ~/.config/blastwall; : > policy.yaml",
        "cd ~/.config && rm -rf blastwall", "cd; rm .claude/settings.json", "cd ~ && cd .config/blastwall && tee policy.yaml < x",
        "pushd ~/.claude && cp /tmp/x settings.json", "pushd /tmp; pushd ~/.claude; popd; popd; cd ~/.claude && : > settings.json",
        "builtin cd ~/.codex && echo '{}' > hooks.json", "cd ~/.config/blastwall && (echo x > policy.yaml)",
        "time cd ~/.config/blastwall; : > policy.yaml", "eval 'cd ~/.claude'; : > settings.json",
    ])
    func cdEarlierInTheLineIsFollowed(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: [
        ("cd src && sed -i 's/x/y/' policy.yaml", Decision.allow), ("(cd ~/.config/blastwall); : > policy.yaml", .allow),
        ("cd ~/.config/blastwall | cat; : > policy.yaml", .allow), ("bash -c 'cd ~/.config/blastwall'; : > policy.yaml", .allow),
        ("echo $(cd ~/.config/blastwall) > policy.yaml", .allow), ("cd ~/.config/blastwall & : > policy.yaml", .allow),
        ("sudo cd ~/.config/blastwall; : > policy.yaml", .allow), ("f() { cd ~/.claude; }; : > settings.json", .allow),
        ("pushd ~/.claude; popd; : > settings.json", .allow),
    ])
    func cdThatDoesNotMoveTheShellIsNotFollowed(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    /// After a `cd` analysis cannot follow, a relative write may land anywhere: it is at least an
    /// `unknown` write (ask here), never a silent allow; absolute paths are judged as before.
    @Test(arguments: [
        "cd \"$dir\" && sed -i 's/x/y/' policy.yaml", "cd -; : > policy.yaml", "cd $(cat where) && vim policy.yaml",
        "popd && cp x settings.json", "cd \"$d\" && tar -xf a.tar", "cd ~user && rm notes.txt",
        "CDPATH=~/.config; cd blastwall && : > policy.yaml",
    ])
    func relativeWritesAfterAnUnknownDirectoryAreNotAllowed(_ command: String) throws {
        let verdict = try Self.verdict(command)
        #expect(verdict.decision != .allow, "\(command): \(Self.describe(verdict))")
        #expect(verdict.findings.contains { $0.effect.effectClass >= .unknown }, "\(command): \(Self.describe(verdict))")
    }

    @Test(arguments: [
        ("cd \"$dir\" && make", Decision.allow), ("cd \"$dir\" && sed -i s/a/b/ /tmp/x.txt", .allow),
        ("cd \"$dir\"; cd /home/dev/project && sed -i s/a/b/ x.txt", .allow), ("(cd \"$dir\" && make); sed -i s/a/b/ x.txt", .allow),
    ])
    func unknownDirectoryNearMisses(_ command: String, _ expected: Decision) throws {
        try Self.expectNoTamper(command, expected)
    }

    /// `cd ../production` makes what follows land in production, and every effect after it says
    /// where it acts; a directory only known at run time is `…`, under no directory a grant names.
    @Test func cdMovesTheEnvironmentAndTheEffectsDirectory() throws {
        var staging = TestGate.context
        staging.cwd = "/srv/infra/staging"
        let here = try Self.verdict("terraform destroy -auto-approve", context: staging)
        #expect(here.decision == .ask)
        let moved = try Self.verdict("cd ../production && terraform destroy -auto-approve", context: staging)
        #expect(moved.decision == .deny, "\(Self.describe(moved))")
        let destroy = try #require(moved.findings.first { $0.effect.ruleID == "terraform.destroy" })
        #expect(destroy.effect.target.environment == "production")
        #expect(destroy.effect.directory == "/srv/infra/production")
        let back = try Self.verdict("cd ../production; cd -; terraform destroy -auto-approve", context: staging)
        #expect(back.findings.first { $0.effect.ruleID == "terraform.destroy" }?.effect.directory == "…")
        let subshell = try Self.verdict("(cd ../production && ls) && terraform destroy -auto-approve", context: staging)
        #expect(subshell.findings.first { $0.effect.ruleID == "terraform.destroy" }?.effect.directory == "/srv/infra/staging")
    }

    // MARK: - 7. Wrappers that change only time or the terminal

    static let production = AnalysisContext(
        cwd: "/srv/infra/envs/production", home: "/home/dev", environment: ["PATH": "/usr/bin:/bin"],
        workspace: WorkspaceFacts(gitRoot: "/srv/infra", gitBranch: "feature", hostname: "dev-laptop"))

    @Test(arguments: [
        "faketime '2020-01-01' terraform destroy -auto-approve", "faketime -f '+1d' terraform destroy -auto-approve",
        "datefudge 2020-01-01 terraform destroy -auto-approve", "script -qc 'terraform destroy -auto-approve' /dev/null",
        "script -q -c 'terraform destroy -auto-approve'", "script --command 'terraform destroy -auto-approve' out.log",
        "script -q /dev/null terraform destroy -auto-approve",
        "expect -c 'spawn terraform destroy -auto-approve; interact'",
        "expect -c 'spawn -noecho terraform destroy -auto-approve\nexpect eof'",
        "expect -c 'spawn bash; send \"terraform destroy -auto-approve\\r\"; interact'",
        "tmux new-session -d 'terraform destroy -auto-approve'", "tmux new -d terraform destroy -auto-approve",
        "tmux new -d -s job -n w 'terraform destroy -auto-approve'", "tmux send-keys -t x 'terraform destroy -auto-approve' Enter",
        "tmux send-keys -t x terraform Space destroy Space -auto-approve C-m",
        "tmux new -d \\; send-keys 'terraform destroy -auto-approve' Enter",
        "tmux run-shell 'terraform destroy -auto-approve'", "screen -dm terraform destroy -auto-approve",
        "screen -dmS job terraform destroy -auto-approve", "screen -S job -X stuff 'terraform destroy -auto-approve^M'",
        "unbuffer terraform destroy -auto-approve", "stdbuf -oL terraform destroy -auto-approve", "setsid terraform destroy -auto-approve",
        "ionice -c3 terraform destroy -auto-approve", "chrt 5 terraform destroy -auto-approve",
        "taskset -c 0-3 terraform destroy -auto-approve", "chronic terraform destroy -auto-approve",
        "nohup setsid faketime -f +1d terraform destroy -auto-approve",
    ])
    func wrappersAreJudgedAsWhatTheyRun(_ command: String) throws {
        let plain = try Self.verdict("terraform destroy -auto-approve", context: Self.production)
        #expect(plain.decision == .deny)
        let wrapped = try Self.verdict(command, context: Self.production)
        #expect(wrapped.decision == plain.decision, "\(command): \(Self.describe(wrapped))")
        #expect(wrapped.findings.contains { $0.effect.ruleID == "terraform.destroy" }, "\(command): \(Self.describe(wrapped))")
    }

    /// A wrapper with nothing to run keeps the verdict it had.
    @Test(arguments: [
        "tmux ls", "tmux new -s work", "tmux attach -t work", "screen -ls", "screen -r", "screen -r work", "screen -d -r work",
        "script out.log", "expect deploy.exp",
    ])
    func wrappersWithoutACommandKeepTheirVerdict(_ command: String) throws {
        try Self.expectNoTamper(command, .allow, context: Self.production)
    }

    @Test(arguments: [
        "env -C ~/.config/blastwall sed -i s/a/b/ policy.yaml", "sudo -D ~/.claude cp /tmp/x settings.json",
        "tmux new -d -c ~/.config/blastwall 'sed -i s/a/b/ policy.yaml'", "faketime -f +1d vim ~/.claude/settings.json",
        "script -qc 'sqlite3 ~/.local/state/blastwall/store.sqlite .dump' /dev/null",
    ])
    func wrappersThatMoveOrHideAWriteAreStillTamper(_ command: String) throws {
        try Self.expectTamper(command)
    }

    // MARK: - 8. Links

    /// A fake file system: `/tmp/c` links to `/root/.config`; `policy.yaml` does not exist yet.
    static let linked: AnalysisContext = {
        let existing: Set<String> = ["/", "/tmp", "/root", "/root/.config", "/root/.config/blastwall", "/root/project"]
        return AnalysisContext(
            cwd: "/root/project", home: "/root",
            realPath: { path in
                let real = path == "/tmp/c" || path.hasPrefix("/tmp/c/") ? "/root/.config" + path.dropFirst("/tmp/c".count) : path
                return existing.contains(real) ? real : nil
            })
    }()

    @Test func fileToolWritesThroughALinkedDirectoryAreTamper() throws {
        let evaluation = try TestGate.gate.evaluate(fileWrites: ["/tmp/c/blastwall/policy.yaml"], tool: "Write", context: Self.linked)
        #expect(evaluation.verdict.decision == .deny)
        let effect = try #require(evaluation.verdict.findings.first?.effect)
        #expect(effect.effectClass == .guardTamper && effect.ruleID == "file-tool.guard-tamper")
        #expect(effect.message.contains("/root/.config/blastwall/policy.yaml"))
        // `..` is followed from where the link leads, not folded away first.
        let dotted = try TestGate.gate.evaluate(fileWrites: ["/tmp/c/x/../blastwall/policy.yaml"], tool: "Edit", context: Self.linked)
        #expect(dotted.verdict.decision == .deny)
        // Without a resolver the same path is an ordinary write: the hole this closes.
        var blind = Self.linked
        blind.realPath = nil
        #expect(
            try TestGate.gate.evaluate(fileWrites: ["/tmp/c/blastwall/policy.yaml"], tool: "Write", context: blind).verdict.decision
                == .allow)
        #expect(
            try TestGate.gate.evaluate(fileWrites: ["/tmp/c/notes.txt"], tool: "Write", context: Self.linked).verdict.decision == .allow)
    }

    @Test(arguments: [
        "sed -i s/a/b/ /tmp/c/blastwall/policy.yaml", "echo x > /tmp/c/blastwall/policy.yaml", "vim /tmp/c/blastwall/policy.yaml",
        "cd /tmp/c/blastwall && : > policy.yaml", "tar -xf a.tar -C /tmp/c",
    ])
    func shellWritesThroughALinkedDirectoryAreTamper(_ command: String) throws {
        try Self.expectTamper(command, context: Self.linked)
    }

    /// A link made earlier in the same line does not exist when the edge resolves paths.
    @Test(arguments: [
        "ln -s ~/.config /tmp/c && sed -i s/a/b/ /tmp/c/blastwall/policy.yaml",
        "ln -s ~/.config/blastwall /tmp/b; echo x > /tmp/b/policy.yaml", "ln -sfn ~/.claude l && cp x l/settings.json",
    ])
    func linksMadeInTheLineAreFollowed(_ command: String) throws {
        try Self.expectTamper(command)
    }

    @Test(arguments: ["ln -s ~/.config /tmp/c && ls /tmp/c", "ln -s /tmp/a /tmp/c; echo x > /tmp/c/y"])
    func linkNearMisses(_ command: String) throws {
        try Self.expectNoTamper(command, .allow)
    }

    /// The same with real links on disk and the C library's realpath(3), as the CLI wires it.
    @Test func realLinksOnDiskAreFollowed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("blastwall-links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let home = base.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".config/blastwall"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: base.appendingPathComponent("c"), withDestinationURL: home.appendingPathComponent(".config"))
        let resolve: @Sendable (String) -> String? = { path in
            guard let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        let root = try #require(resolve(base.path))
        let context = AnalysisContext(cwd: root, home: root + "/home", realPath: resolve)
        let write = try TestGate.gate.evaluate(fileWrites: [root + "/c/blastwall/policy.yaml"], tool: "Write", context: context)
        #expect(write.verdict.decision == .deny)
        try Self.expectTamper("sed -i s/a/b/ c/blastwall/policy.yaml", context: context)
        try Self.expectNoTamper("touch c/notes.txt", .allow, context: context)
    }
}

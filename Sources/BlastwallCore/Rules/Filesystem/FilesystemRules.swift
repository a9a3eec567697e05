/// Deleting, overwriting and re-permissioning files: `rm`, `find -delete`, `shred`, `dd`,
/// `mkfs`, `truncate`, `chmod -R`, `rsync --delete`, and writes onto protected files.
public enum FilesystemRules {
    /// The strictest target among path arguments, and all of them.
    static func worst(_ arguments: [Argument], _ context: AnalysisContext) -> (Argument, String, FileTarget, [String])? {
        var best: (Argument, String, FileTarget)?
        var paths: [String] = []
        for argument in arguments {
            let (path, target) = FileTargets.classify(argument, context: context)
            paths.append(path)
            if best == nil || target.deletionClass > best!.2.deletionClass { best = (argument, path, target) }
        }
        guard let best else { return nil }
        return (best.0, best.1, best.2, paths)
    }

    /// Whether a find pattern (`*.pyc`, `__pycache__`) only names files that are regenerated.
    static func namesRegeneratedFiles(_ pattern: String) -> Bool {
        let name = Paths.lastComponent(pattern)
        let stem = String(name.drop { $0 == "*" })
        guard !stem.isEmpty, !stem.contains("*"), !stem.contains("?"), !stem.contains("[") else { return false }
        return FileTargets.regeneratedSuffixes.contains(stem) || FileTargets.regeneratedNames.contains(stem)
    }

    /// Whether a sed script uses the `e` command (`1e cmd`, `e cmd`) or the `s///e` flag.
    static func sedExecutes(_ script: String) -> Bool {
        for command in script.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let trimmed = command.drop { $0 == " " }
            let body = trimmed.drop { $0.isNumber || $0 == "," || $0 == "$" || $0 == " " }
            if body == "e" || body.hasPrefix("e ") { return true }
            if let first = body.first, first == "s", body.count > 3 {
                let delimiter = body[body.index(after: body.startIndex)]
                let parts = body.split(separator: delimiter, omittingEmptySubsequences: false)
                if parts.count >= 4, parts[3].contains("e") { return true }
            }
        }
        return false
    }

    static func isRecursive(_ invocation: Invocation) -> Bool {
        invocation.hasFlag("-r", "-R", "--recursive")
    }

    static let rmOptions: Set<String> = []

    /// The host of an scp/rsync operand written `host:path`, `user@host:path` or `host::module`,
    /// or nil for a local path (`./a:b` and `/x:y` are local).
    static func remoteHost(_ operand: String) -> String? {
        guard let colon = operand.firstIndex(of: ":"), colon != operand.startIndex else { return nil }
        let host = operand[..<colon]
        guard !host.contains("/") else { return nil }
        let name = host.split(separator: "@").last.map(String.init) ?? String(host)
        return name.isEmpty ? nil : name
    }

    static let copyOptionsWithValues: Set<String> = [
        "-e", "--rsh", "--exclude", "--include", "--filter", "-f", "--files-from", "--exclude-from", "--rsync-path", "--backup-dir",
        "-i", "-P", "-o", "-F", "-c", "-l", "-S", "-J", "-D",
    ]

    /// Deleting with `rm`: graded by the worst target.
    static func removal(_ invocation: Invocation, _ context: AnalysisContext, recursiveOnly: Bool) -> (RuleMatch, FileTarget)? {
        let targets = invocation.positionals()
        guard let (argument, path, target, paths) = worst(targets, context) else { return nil }
        let recursive = isRecursive(invocation)
        if recursiveOnly && !recursive { return nil }
        var effectClass = target.deletionClass
        // Deleting a single file outside the dangerous places is an ordinary write; `dir/*`
        // deletes every file in a directory.
        let everything = targets.contains { Paths.lastComponent($0.approximation) == "*" }
        if !recursive, target == .ordinary, !everything { effectClass = .write }
        if !recursive, target == .system || target == .home { effectClass = .destroy }
        if target == .unknown, invocation.takesRuntimeArguments || argument.approximation.hasPrefix("…/") {
            effectClass = recursive ? .destroy : .write
        }
        let what = target == .ordinary ? (recursive ? "the directory tree \(path)" : path) : "\(path) (\(target.description))"
        let message: String
        switch target {
        case .unknown:
            message = "Deletes \(argument.approximation), a path only known at run time (an empty variable would make it start at /)"
        case .regenerated, .temporary:
            message = "Deletes \(what), which is regenerated"
        default:
            message = "Deletes \(what)"
        }
        return (RuleMatch(span: argument.span, resources: paths, message: message, effectClass: effectClass), target)
    }

    public static let family = ToolFamily(
        name: "filesystem",
        programs: [
            "rm", "rmdir", "unlink", "shred", "srm", "dd", "mkfs", "wipefs", "fdisk", "sfdisk", "parted",
            "sgdisk", "gdisk", "mkswap", "truncate", "chmod", "chown", "chgrp", "chattr", "rsync", "find", "mv", "cp",
            "install", "ln", "tee", "sed", "awk", "scp", "gawk", "mawk", "trash", "trash-put", "gio", "blkdiscard", "zpool", "zfs",
            "lvremove", "vgremove", "pvremove", "cryptsetup", "diskutil",
        ],
        isRemote: false,
        rules: [
            CommandRule(
                "filesystem.guard-tamper", .guardTamper,
                summary: "Changes Blastwall's own files or an agent's hook configuration",
                safer: "Change policy and hooks yourself, outside the agent, and review the diff",
                triggering: [
                    "rm «~/.claude/settings.json»", "cp /tmp/x «.claude/settings.json»", "mv «.codex/hooks.json» /tmp/",
                    "sed -i s/blastwall// «.claude/settings.json»", "tee «~/.config/blastwall/policy.yaml»",
                    "cp «--target-directory=~/.config/blastwall» x", "cp «-t ~/.claude» settings.json", "mv «-t ~/.claude» settings.json",
                    "install «-t ~/.claude» settings.json", "cp settings.json «~/.claude/»", "ln -sf x «~/.claude/settings.json»",
                    "cp -r hooks «~/.claude»", "rsync -a conf/ «~/.claude»", "dd if=x «of=.claude/settings.json»",
                    "rm -rf «~/.claude»", "mv «.claude» .claude.off", "rm «~/.claude/*.json»", "chmod -R 000 «~/.config»",
                ],
                nonTriggering: [
                    "cat .claude/settings.json", "cp a.txt b.txt", "rm notes.txt", "cp -t ~/.claude notes.txt", "cp -t out x",
                    "mv notes.txt ~/.claude/", "sed -i s/a/b/ notes.txt", "rsync -a conf/ backup/", "rm ~/.claude/*.log",
                    "rm -rf ~/.claude/projects/old", "rm -rf /etc", "chmod -R u+w build",
                ]
            ) { invocation, context in
                for written in WrittenPaths.fileTools(invocation, context) {
                    // `rm -rf /etc` holds `/etc/blastwall` but is reported for what it is.
                    if written.extent == .contents, [.root, .system, .home].contains(FileTargets.classify(written.path, context: context)) {
                        continue
                    }
                    if let reason = written.protectedReason(context) {
                        return RuleMatch(span: written.span, resources: [written.path], message: "Changes \(written.path): \(reason)")
                    }
                }
                return nil
            },
            CommandRule(
                "filesystem.rm-catastrophic", .irreversible,
                summary: "Recursively deletes the root, a system or home directory, a repository's history, state or database files",
                safer: "Delete the specific files you mean, inside the project, and keep a backup",
                triggering: [
                    "rm -rf «/»", "rm -rf «/*»", "sudo rm -rf «/etc»", "rm -rf «~»", "rm -rf «$HOME»", "rm -fr «~/*»",
                    "rm -rf «.git»", "rm -r «/var/lib/postgresql»", "rm -rf «~/.ssh»", "\\rm -rf «/usr»",
                    "/bin/rm --recursive --force «/home»", "rm -rf «/tmp/x/../../etc»", "rm «terraform.tfstate»",
                    "rm -f «prod.sqlite3»", "rm -rf «/*»", "rm -rf -- «/»",
                ],
                nonTriggering: [
                    "rm -rf node_modules", "rm -rf ./build", "rm notes.txt", "echo rm -rf /", "rm -rf /tmp/scratch",
                    "ls /", "rm -rf dist/ .next/",
                ]
            ) { invocation, context in
                guard ["rm", "unlink", "shred", "srm", "trash", "trash-put"].contains(invocation.program),
                    let (match, target) = removal(invocation, context, recursiveOnly: false),
                    match.effectClass == .irreversible
                else { return nil }
                _ = target
                return match
            },
            CommandRule(
                "filesystem.rm-recursive", .destroy,
                summary: "Deletes a directory tree, or every file of a directory, that is not regenerated (source, documents, data)",
                safer: "Move it aside instead (mv DIR DIR.bak) or commit first so it can be restored",
                triggering: ["rm -rf «src»", "rm -r «docs/»", "rm -rf «$DIR»", "rm -rf «*»", "rm -v «docs/*»"],
                nonTriggering: ["rm -rf node_modules", "rm file.txt", "rm -rf /tmp/build-123", "rm -rf .venv __pycache__"]
            ) { invocation, context in
                guard ["rm", "trash", "trash-put"].contains(invocation.program),
                    let (match, _) = removal(invocation, context, recursiveOnly: false),
                    match.effectClass == .destroy
                else { return nil }
                return match
            },
            CommandRule(
                "filesystem.rm", .write,
                summary: "Deletes files that are regenerated, temporary, or single files in the project",
                triggering: ["rm -rf «node_modules»", "rm «notes.txt»", "rm -rf «/tmp/build-123»", "rm -rf «dist/» .next/", "rmdir «*»"],
                nonTriggering: ["rm -rf /", "rm -rf src", "ls"]
            ) { invocation, context in
                guard ["rm", "rmdir", "unlink", "trash", "trash-put"].contains(invocation.program),
                    var (match, _) = removal(invocation, context, recursiveOnly: false)
                else { return nil }
                // rmdir removes only empty directories: nothing in them is lost.
                if invocation.program == "rmdir", match.effectClass != .guardTamper {
                    match.effectClass = .write
                    match.message = "Removes empty directories"
                    return match
                }
                return match.effectClass == .write ? match : nil
            },
            CommandRule(
                "filesystem.find-delete", .destroy,
                summary: "find deletes what it finds",
                safer: "Run the same find without -delete first and read the list",
                triggering: ["find / «-delete»", "find ~ -mtime +1 «-delete»", "find . -type f «-exec rm -f {} +»"],
                nonTriggering: ["find . -name '*.pyc' -delete", "find . -name '*.log'", "find build -delete"]
            ) { invocation, context in
                guard invocation.program == "find" else { return nil }
                let arguments = invocation.arguments
                let deleting = arguments.first { $0.text == "-delete" }
                let execRemove = arguments.indices.first { index in
                    ["-exec", "-execdir"].contains(arguments[index].text ?? "") && index + 1 < arguments.count
                        && ["rm", "shred", "unlink"].contains(arguments[index + 1].text.map(Paths.lastComponent) ?? "")
                }
                guard deleting != nil || execRemove != nil else { return nil }
                let starts = arguments.prefix { !($0.text ?? "-").hasPrefix("-") && $0.text != "(" && $0.text != "!" }
                let roots = starts.isEmpty ? [Argument(text: ".", span: invocation.programSpan)] : Array(starts)
                guard let (root, path, target, paths) = worst(roots, context) else { return nil }
                // A filter narrows the deletion only when every pattern names regenerated files
                // (`-name '*.pyc'`); `-name '*'`, `! -name x` or `-name '*.go'` still delete real work.
                let patterns = arguments.indices.compactMap { index -> String? in
                    guard ["-name", "-iname", "-path", "-ipath", "-regex", "-iregex", "-wholename"].contains(arguments[index].text ?? ""),
                        index + 1 < arguments.count
                    else { return nil }
                    return arguments[index + 1].approximation
                }
                let negated = arguments.contains { $0.text == "!" || $0.text == "-not" }
                let filtered = !patterns.isEmpty && !negated && patterns.allSatisfy(namesRegeneratedFiles)
                var effectClass = target.deletionClass
                if filtered && (effectClass == .destroy || effectClass == .write || target == .repositoryRoot) { return nil }
                if filtered && effectClass == .irreversible { effectClass = .destroy }
                if effectClass == .write { return nil }
                _ = root
                let evidence: SourceSpan
                if let deleting {
                    evidence = deleting.span
                } else if let execRemove {
                    let end = arguments[(execRemove + 1)...].first { $0.text == ";" || $0.text == "+" } ?? arguments[execRemove + 1]
                    evidence = arguments[execRemove].span.union(end.span)
                } else {
                    evidence = invocation.programSpan
                }
                return RuleMatch(
                    span: evidence, resources: paths,
                    message: "find deletes \(filtered ? "matching files under" : "everything under") \(path) (\(target.description))",
                    effectClass: effectClass)
            },
            CommandRule(
                "filesystem.disk-write", .irreversible,
                summary: "Writes to or formats a disk device, destroying what was on it",
                safer: "Double-check the device with lsblk, and write to an image file instead where you can",
                triggering: [
                    "dd if=/dev/zero «of=/dev/sda» bs=1M", "«mkfs.ext4» /dev/sdb1", "«wipefs» -a /dev/nvme0n1",
                    "«fdisk» /dev/sda", "«parted» /dev/sda mklabel gpt", "«sgdisk» --zap-all /dev/sda", "«blkdiscard» /dev/sda",
                ],
                nonTriggering: [
                    "dd if=/dev/zero of=disk.img bs=1M count=10", "lsblk", "fdisk -l", "wipefs /dev/sdb", "wipefs --all --no-act /dev/sdb",
                    "sgdisk -p /dev/sda", "sgdisk -b table.bak /dev/sda", "parted /dev/sda print", "parted --help",
                ]
            ) { invocation, _ in
                let program = invocation.program.hasPrefix("mkfs") ? "mkfs" : invocation.program
                switch program {
                case "dd":
                    guard let output = invocation.arguments.first(where: { $0.text?.hasPrefix("of=/dev/") == true }),
                        let text = output.text, !["of=/dev/null", "of=/dev/stdout", "of=/dev/stderr"].contains(text)
                    else { return nil }
                    return RuleMatch(span: output.span, resources: [String(text.dropFirst(3))])
                case "fdisk", "sfdisk", "gdisk":
                    if invocation.hasFlag("-l", "--list") { return nil }
                    return RuleMatch(span: invocation.programSpan, resources: invocation.positionals().map(\.approximation))
                case "wipefs"
                where !invocation.hasFlag("-a", "--all", "-o", "--offset", "-f", "--force") || invocation.hasFlag("-n", "--no-act"):
                    // Without -a or -o wipefs only lists the signatures it finds; --no-act changes nothing.
                    return nil
                case "sgdisk"
                where invocation.arguments.allSatisfy({ argument in
                    guard let text = argument.text, text.hasPrefix("-") else { return true }
                    let option = text.split(separator: "=").first.map(String.init) ?? text
                    return [
                        "-p", "--print", "-b", "--backup", "-i", "--info", "-v", "--verify", "-L", "--list-types", "-P", "--pretend",
                        "-O", "--print-mbr", "-V", "--version", "-?", "--help",
                    ].contains(option)
                }):
                    // Printing, verifying and backing up the table only read the disk.
                    return nil
                case "parted"
                where invocation.hasFlag("--help", "-h", "--version", "-v")
                    || (invocation.positionals().count > 1
                        && invocation.positionals().dropFirst().allSatisfy({ ["print", "p", "unit", "help"].contains($0.text ?? "") })):
                    return nil
                case "mkfs", "wipefs", "parted", "sgdisk", "mkswap", "blkdiscard", "cryptsetup":
                    if invocation.program == "parted", invocation.hasFlag("-l", "--list") { return nil }
                    if invocation.program == "cryptsetup",
                        !invocation.arguments.contains(where: { ["luksFormat", "erase", "reencrypt"].contains($0.text ?? "") })
                    {
                        return nil
                    }
                    return RuleMatch(span: invocation.programSpan, resources: invocation.positionals().map(\.approximation))
                case "zpool", "zfs", "lvremove", "vgremove", "pvremove":
                    if ["zpool", "zfs"].contains(invocation.program),
                        !invocation.arguments.contains(where: { ["destroy", "labelclear"].contains($0.text ?? "") })
                    {
                        return nil
                    }
                    return RuleMatch(
                        span: invocation.programSpan.union(invocation.arguments.first?.span ?? invocation.programSpan),
                        resources: invocation.positionals().map(\.approximation))
                case "diskutil":
                    guard let verb = invocation.arguments.first,
                        ["eraseDisk", "eraseVolume", "zeroDisk", "randomDisk", "secureErase", "partitionDisk"].contains(verb.text ?? "")
                    else { return nil }
                    return RuleMatch(span: verb.span)
                default:
                    return nil
                }
            },
            CommandRule(
                "filesystem.shred", .destroy,
                summary: "Overwrites files so they can never be recovered",
                safer: "Delete normally (or move to a trash folder) unless the data must be unrecoverable",
                triggering: ["«shred» -u secrets.txt", "«srm» -r old/"],
                nonTriggering: ["rm secrets.txt"]
            ) { invocation, context in
                guard invocation.program == "shred" || invocation.program == "srm" else { return nil }
                let targets = invocation.positionals()
                let worstTarget = worst(targets, context)
                let effectClass: EffectClass =
                    worstTarget.map { $0.2.deletionClass == .irreversible ? .irreversible : .destroy } ?? .destroy
                return RuleMatch(span: invocation.programSpan, resources: worstTarget?.3 ?? [], effectClass: effectClass)
            },
            CommandRule(
                "filesystem.truncate", .destroy,
                summary: "Empties or cuts a file",
                safer: "Copy the file first, or rotate it (mv f f.1) instead of truncating",
                triggering: ["truncate -s 0 «app.db»", "truncate --size=0 «/var/log/syslog»"],
                nonTriggering: ["truncate -s 10M disk.img"]
            ) { invocation, context in
                guard invocation.program == "truncate" else { return nil }
                let size = invocation.option("-s", "--size") ?? ""
                guard size.hasPrefix("0") || size.hasPrefix("-") || size.hasPrefix("<") || size.hasPrefix("/") else { return nil }
                let targets = invocation.positionals(optionsWithValues: ["-s", "--size", "-r", "--reference"])
                guard let (argument, path, target, paths) = worst(targets, context) else { return nil }
                let effectClass: EffectClass =
                    target == .database || target == .terraformState || target == .device ? .irreversible : .destroy
                return RuleMatch(
                    span: argument.span, resources: paths, message: "Empties \(path) (\(target.description))", effectClass: effectClass)
            },
            CommandRule(
                "filesystem.permissions-system", .irreversible,
                summary: "Recursively changes owners or permissions of the root or a system directory",
                safer: "Change the specific files that need it, not a whole system tree",
                triggering: ["chmod -R 777 «/»", "sudo chown -R me «/usr»", "chmod -R a+w «/etc»", "chown -R user:user «~»"],
                nonTriggering: ["chmod +x script.sh", "chmod -R u+w build", "chown me file.txt"]
            ) { invocation, context in
                guard ["chmod", "chown", "chgrp"].contains(invocation.program), isRecursive(invocation) else { return nil }
                let operands = Array(invocation.positionals().dropFirst())
                guard let (argument, path, target, paths) = worst(operands, context),
                    [.root, .system, .home, .homeSecrets].contains(target)
                else { return nil }
                return RuleMatch(
                    span: argument.span, resources: paths,
                    message:
                        "Recursively changes \(invocation.program == "chmod" ? "permissions" : "ownership") of \(path) (\(target.description))"
                )
            },
            CommandRule(
                "filesystem.permissions-privilege", .privilege,
                summary: "Makes files setuid/setgid or world-writable",
                safer: "Grant the narrowest permission that works (u+x, g+w) on the files that need it",
                triggering: ["chmod «u+s» /usr/local/bin/tool", "chmod «4755» helper", "chmod -R «777» shared/"],
                nonTriggering: ["chmod 755 script.sh", "chmod +x run.sh"]
            ) { invocation, _ in
                guard invocation.program == "chmod", let mode = invocation.positionals().first, let text = mode.text else { return nil }
                let symbolicSetuid = text.contains("+s") || text.contains("=s")
                let octalSetuid = text.count == 4 && text.allSatisfy(\.isNumber) && text.first != "0"
                let worldWritable =
                    text.hasSuffix("7") && text.count >= 3 && text.allSatisfy(\.isNumber) || text.contains("o+w") || text.contains("a+w")
                guard symbolicSetuid || octalSetuid || worldWritable else { return nil }
                return RuleMatch(span: mode.span)
            },
            CommandRule(
                "filesystem.rsync-delete", .destroy,
                summary: "rsync --delete removes files at the destination that the source lacks",
                safer: "Run it with --dry-run first and read what it would delete",
                triggering: ["rsync -a «--delete» src/ backup/", "rsync -av «--delete-before» ./ host:/srv/app/"],
                nonTriggering: ["rsync -a src/ backup/", "rsync -an --delete src/ backup/", "rsync --dry-run --delete a/ b/"]
            ) { invocation, context in
                guard invocation.program == "rsync" else { return nil }
                guard
                    let flag = invocation.arguments.first(where: {
                        ($0.text ?? "").hasPrefix("--delete") || $0.text == "--remove-source-files"
                    })
                else { return nil }
                if invocation.hasFlag("-n", "--dry-run") { return nil }
                let destination = invocation.positionals(optionsWithValues: [
                    "-e", "--rsh", "--exclude", "--include", "--filter", "-f", "--files-from", "--exclude-from", "--rsync-path",
                    "--backup-dir",
                ]).last
                var effectClass: EffectClass = .destroy
                if let destination, destination.text?.contains(":") == false {
                    let (_, target) = FileTargets.classify(destination, context: context)
                    if target.deletionClass == .irreversible { effectClass = .irreversible }
                }
                return RuleMatch(
                    span: flag.span, resources: destination.map { [$0.approximation] } ?? [], effectClass: effectClass,
                    acts: destination.flatMap { remoteHost($0.approximation) } == nil ? nil : .remote)
            },
            CommandRule(
                "filesystem.copy-to-remote", .write,
                summary: "Copies files onto another host",
                safer: "Ship changes through the reviewed deploy instead of copying onto servers",
                triggering: [
                    "scp app.tar.gz «web-1:/srv/app/»", "rsync -az dist/ «deploy@web-1:/var/www/»", "scp -r conf «prod-db:/etc/app»",
                ],
                nonTriggering: ["scp web-1:/var/log/app.log .", "rsync -a src/ backup/", "cp a b"],
                acts: .remote
            ) { invocation, _ in
                guard invocation.program == "scp" || invocation.program == "rsync" else { return nil }
                let operands = invocation.positionals(optionsWithValues: copyOptionsWithValues)
                guard operands.count >= 2, let destination = operands.last, let host = remoteHost(destination.approximation)
                else { return nil }
                return RuleMatch(span: destination.span, resources: [destination.approximation], message: "Copies files onto \(host)")
            },
            CommandRule(
                "filesystem.move-critical", .destroy,
                summary: "Moves a system directory, a repository's history or state out of place",
                safer: "Copy it first, and move only what you need",
                triggering: [
                    "mv «.git» /tmp/old-git", "mv «terraform.tfstate» /tmp/", "sudo mv «/etc» /etc.old", "mv important.db «/dev/null»",
                ],
                nonTriggering: ["mv a.txt b.txt", "mv build/ /tmp/old-build"]
            ) { invocation, context in
                guard invocation.program == "mv" else { return nil }
                let operands = invocation.positionals(optionsWithValues: ["-t", "--target-directory", "-S", "--suffix"])
                guard operands.count >= 2, let last = operands.last else { return nil }
                if last.text == "/dev/null" {
                    return RuleMatch(
                        span: last.span, resources: operands.dropLast().map(\.approximation),
                        message: "Moves files onto /dev/null, which deletes them")
                }
                for source in operands.dropLast() {
                    let (path, target) = FileTargets.classify(source, context: context)
                    if [.root, .system, .home, .gitDirectory, .repositoryRoot, .terraformState, .database].contains(target) {
                        return RuleMatch(
                            span: source.span, resources: [path], message: "Moves \(path) (\(target.description)) out of place")
                    }
                }
                return nil
            },
            CommandRule(
                "filesystem.overwrite-critical", .irreversible,
                summary: "Copies over Terraform state, a database file or a disk device",
                safer: "Keep the current file (cp it aside first) and change state with terraform state commands",
                triggering: [
                    "cp old.tfstate «terraform.tfstate»", "cp ~/Downloads/backup.db «data/app.db»", "install -m 600 x «/dev/sda»",
                ],
                nonTriggering: [
                    "cp terraform.tfstate backup.tfstate.json", "cp a.txt b.txt", "cp app.db app.db.bak",
                    "cp terraform.tfstate terraform.tfstate.bak", "cp -r src src.bak",
                ]
            ) { invocation, context in
                let operands = invocation.positionals(optionsWithValues: [
                    "-t", "--target-directory", "-m", "--mode", "-o", "-g", "-S", "--suffix",
                ])
                guard ["cp", "install", "ln", "rsync"].contains(invocation.program), operands.count >= 2, let destination = operands.last
                else { return nil }
                let (path, target) = FileTargets.classify(destination, context: context)
                guard [.terraformState, .database, .device, .gitDirectory].contains(target) else { return nil }
                // `cp app.db app.db.bak`: a new copy beside its original, not an overwrite.
                let name = Paths.lastComponent(path)
                if operands.dropLast().contains(where: { source in
                    let original = Paths.lastComponent(source.approximation)
                    return !original.isEmpty && name.count > original.count && name.hasPrefix(original)
                }) {
                    return nil
                }
                return RuleMatch(span: destination.span, resources: [path], message: "Overwrites \(path) (\(target.description))")
            },
            CommandRule(
                "filesystem.edit-in-place", .write,
                summary: "Edits or writes files",
                triggering: ["«sed» -i s/a/b/ file.txt", "echo x | «tee» out.txt", "«cp» a b"],
                nonTriggering: ["sed s/a/b/ file.txt", "awk '{print $1}' f"]
            ) { invocation, _ in
                switch invocation.program {
                case "sed":
                    let inPlace = invocation.hasFlag("--in-place") || invocation.arguments.contains { ($0.text ?? "").hasPrefix("-i") }
                    return inPlace ? RuleMatch(span: invocation.programSpan) : nil
                case "tee", "cp", "install", "ln", "mv", "chmod", "chown", "chgrp", "chattr", "rsync", "dd", "mkswap", "gio":
                    return RuleMatch(span: invocation.programSpan)
                default:
                    return nil
                }
            },
            CommandRule(
                "filesystem.awk-system", .opaque,
                summary: "awk runs shell commands built at run time",
                safer: "Print the commands with awk, read them, then run them",
                triggering: ["awk «'{system(\"rm \" $1)}'» files.txt", "awk «'BEGIN{print \"rm -rf /\" | \"sh\"}'»"],
                nonTriggering: ["awk '{print $1}' f", "sed -n 1p f"]
            ) { invocation, _ in
                guard ["awk", "gawk", "mawk"].contains(invocation.program),
                    let program = invocation.positionals(optionsWithValues: ["-F", "-v", "-f"]).first,
                    let text = program.text,
                    text.contains("system(") || text.contains("| getline") || text.contains("|&") || text.contains("| \"")
                        || text.contains("|\"")
                else { return nil }
                return RuleMatch(span: program.span)
            },
            CommandRule(
                "filesystem.sed-execute", .opaque,
                summary: "sed runs its pattern space or a command as a shell command (the e command or the e flag)",
                safer: "Print the commands with sed, read them, then run them",
                triggering: ["sed «'1e rm -rf /'» f", "sed -e «'s/.*/dropdb prod/e'» f", "sed -n «'e terraform destroy'» f"],
                nonTriggering: ["sed -n 1p f", "sed 's/e/E/g' f", "sed -e 's/a/b/' -e 's/x/y/' f"]
            ) { invocation, _ in
                guard invocation.program == "sed" || invocation.program == "gsed" else { return nil }
                let scripts = invocation.arguments.indices.compactMap { index -> Argument? in
                    let previous = index > 0 ? invocation.arguments[index - 1].text : nil
                    if previous == "-e" || previous == "--expression" { return invocation.arguments[index] }
                    return nil
                }
                let candidates = scripts.isEmpty ? Array(invocation.positionals(optionsWithValues: ["-f", "-l"]).prefix(1)) : scripts
                for script in candidates {
                    guard let text = script.text else { continue }
                    if sedExecutes(text) { return RuleMatch(span: script.span) }
                }
                return nil
            },
            CommandRule(
                "filesystem.read", .read, summary: "Reads or prints files",
                triggering: ["«sed» -n 1,5p file", "«awk» '{print $1}' f", "«find» . -name '*.swift'"],
                nonTriggering: ["sed -i s/a/b/ f"]
            ) { invocation, _ in
                guard ["sed", "awk", "gawk", "mawk", "find"].contains(invocation.program) else { return nil }
                return RuleMatch(span: invocation.programSpan)
            },
        ],
        hints: { invocation, _ in
            guard invocation.program == "scp" || invocation.program == "rsync" else { return [] }
            // Where a copy lands: the host of its destination. A copy from a host onto this machine
            // acts here, so its source names no target.
            let operands = invocation.positionals(optionsWithValues: copyOptionsWithValues)
            guard let destination = operands.last, operands.count >= 2, let host = remoteHost(destination.approximation) else { return [] }
            return [TargetHint(.host, host, source: "the destination \(destination.approximation)")]
        })
}

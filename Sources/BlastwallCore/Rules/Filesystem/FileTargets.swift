/// What a path is, as far as losing it goes: the root, a system directory, a home directory,
/// a repository's history, state or data files, Blastwall's own files, or something that is
/// regenerated anyway.
public enum FileTarget: Sendable, Equatable {
    case root
    case system
    case home
    case homeSecrets
    case gitDirectory
    case repositoryRoot
    case terraformState
    case database
    case device
    case protected(String)
    case regenerated
    case temporary
    case ordinary
    case unknown

    /// The effect class of deleting it recursively (or deleting the file).
    var deletionClass: EffectClass {
        switch self {
        case .root, .system, .home, .homeSecrets, .gitDirectory, .repositoryRoot, .terraformState, .database, .device:
            .irreversible
        case .protected: .guardTamper
        case .regenerated, .temporary: .write
        case .ordinary, .unknown: .destroy
        }
    }

    var description: String {
        switch self {
        case .root: "the root of the file system"
        case .system: "a system directory"
        case .home: "a home directory"
        case .homeSecrets: "credentials in a home directory"
        case .gitDirectory: "a repository's history (.git)"
        case .repositoryRoot: "a whole repository, history included"
        case .terraformState: "Terraform state"
        case .database: "a database's files"
        case .device: "a disk device"
        case .protected(let reason): reason
        case .regenerated: "build output or caches that are regenerated"
        case .temporary: "temporary files"
        case .ordinary: "files"
        case .unknown: "a path only known at run time"
        }
    }
}

public enum FileTargets {
    static let systemDirectories: Set<String> = [
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc", "/root",
        "/run", "/sbin", "/srv", "/sys", "/usr", "/var", "/System", "/Library", "/Applications", "/Users",
        "/private", "/snap", "/nix",
    ]
    static let dataDirectories = [
        "/var/lib/postgresql", "/var/lib/mysql", "/var/lib/mongodb", "/var/lib/redis", "/var/lib/docker/volumes",
        "/var/lib/etcd", "/var/lib/elasticsearch", "/data", "/mnt", "/var/backups",
    ]
    static let regeneratedNames: Set<String> = [
        "node_modules", "dist", "build", "target", ".build", "out", "__pycache__", ".cache", "coverage", ".next",
        ".nuxt", ".turbo", ".parcel-cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".venv", "venv",
        ".gradle", "DerivedData", ".terraform", "obj", "tmp", ".tmp", ".sass-cache", ".eslintcache", "cdk.out",
        ".serverless", ".svelte-kit", ".angular", ".expo", ".nyc_output", "htmlcov", ".DS_Store", ".swiftpm",
        ".dart_tool", ".pub-cache", "bower_components", ".webpack", "storybook-static", "site", "_site",
        ".docusaurus", "logs", ".hypothesis", "*.egg-info",
    ]
    static let regeneratedSuffixes = [".pyc", ".pyo", ".o", ".a", ".so", ".class", ".log", ".tmp", ".egg-info", ".tsbuildinfo"]
    /// Credentials under a home directory. `.config` itself holds every program's settings (a shell's
    /// completions, an editor's), so only the credential folders inside it count.
    static let secretDirectories = [
        ".ssh", ".aws", ".gnupg", ".kube/config", ".kube/cache", ".docker/config.json", ".azure", ".gcloud", ".terraform.d",
        ".password-store", ".config/gcloud",
        ".config/gh", ".config/op", ".config/doctl", ".config/hub", ".config/git/credentials", ".config/rclone", ".config/restic",
        ".netrc", ".pgpass", ".git-credentials", ".npmrc", ".pypirc",
    ]
    /// Programs whose output written into a file is a new dump or archive: `pg_dump db > out.dump`
    /// makes a backup rather than overwriting one.
    static let dumpProducers: Set<String> = [
        "pg_dump", "pg_dumpall", "mysqldump", "mariadb-dump", "mongodump", "sqlite3", "gzip", "xz", "zstd", "bzip2", "tar",
        "redis-cli", "etcdctl", "cockroach", "influx",
    ]

    /// Classifies a path (absolute, normalised) given where the command runs; `written` is the
    /// same path before `..` was folded (see `AnalysisContext.protectedReason(for:written:)`).
    public static func classify(_ path: String, written: String? = nil, context: AnalysisContext) -> FileTarget {
        if let reason = context.protectedReason(for: path, written: written) { return .protected(reason) }
        if path == "/" { return .root }
        if path.hasPrefix("/dev/") {
            let name = String(path.dropFirst(5))
            if ["null", "zero", "stdout", "stderr", "stdin", "tty", "random", "urandom", "full"].contains(name)
                || name.hasPrefix("fd/") || name.hasPrefix("pts/")
            {
                return .temporary
            }
            return .device
        }
        let name = Paths.lastComponent(path)
        if name.hasSuffix(".tfstate") || name.hasSuffix(".tfstate.backup") { return .terraformState }
        if [".db", ".sqlite", ".sqlite3", ".mdb", ".ibd", ".dump", ".bak"].contains(where: { name.hasSuffix($0) }) {
            return .database
        }
        if dataDirectories.contains(where: { Paths.isInside(path, $0) }) { return .database }
        // A lock a crashed git left behind (`.git/index.lock`) is only in the way.
        if path.contains("/.git/"), name.hasSuffix(".lock") { return .temporary }
        if name == ".git" || path.contains("/.git/") { return .gitDirectory }
        if let root = context.workspace.gitRoot {
            if path == root { return .repositoryRoot }
            if Paths.isInside(path, root + "/.git") && path.split(separator: "/").count <= root.split(separator: "/").count + 2 {
                return .gitDirectory
            }
        }
        if path == context.home || path == "/home" || path == "/Users" || path == "/root" { return .home }
        for secret in secretDirectories where Paths.isInside(path, context.home + "/" + secret) {
            return .homeSecrets
        }
        if ["/tmp", "/var/tmp", "/private/tmp"].contains(where: { Paths.isInside(path, $0) && path != $0 }) {
            return .temporary
        }
        if let temporary = context.environment["TMPDIR"], temporary != "/", Paths.isInside(path, temporary), path != temporary {
            return .temporary
        }
        let components = path.split(separator: "/").map(String.init)
        if components.contains(where: { component in
            regeneratedNames.contains(component) || (component.hasSuffix(".egg-info"))
        }) {
            return .regenerated
        }
        if regeneratedSuffixes.contains(where: { name.hasSuffix($0) }) { return .regenerated }
        if systemDirectories.contains(path) { return .system }
        if let top = components.first.map({ "/" + $0 }), systemDirectories.contains(top),
            !Paths.isInside(path, context.home), !Paths.isInside(path, context.cwd),
            !(top == "/home" || top == "/Users") || components.count <= 2
        {
            return .system
        }
        return .ordinary
    }

    /// The targets of a path argument: globs are judged by the directory they expand in
    /// (`rm -rf ~/*` is as bad as `rm -rf ~`).
    public static func classify(_ argument: Argument, context: AnalysisContext) -> (path: String, target: FileTarget) {
        guard let text = argument.text else {
            // `"$TMPDIR/build"`, `"$d"` after `d=$(mktemp -d)`: somewhere temporary, whatever its name.
            let rest = argument.approximation.dropFirst(WordExpander.temporaryMarker.count)
            // Not `$TMPDIR/` or `$TMPDIR/*`: with TMPDIR empty those are `/` and `/*`.
            if argument.approximation.hasPrefix(WordExpander.temporaryMarker), !argument.approximation.contains(".."),
                rest.isEmpty || rest.contains(where: { $0 != "/" && $0 != "*" && $0 != "." })
            {
                return (argument.approximation, .temporary)
            }
            // `"$DIR"/x`: if the variable is empty at run time this is `/x`.
            return (argument.approximation, .unknown)
        }
        var path = Paths.resolve(text, cwd: context.cwd, home: context.home)
        let written = Paths.absolute(text, cwd: context.cwd, home: context.home)
        let name = Paths.lastComponent(path)
        if name == "*" || name == ".*" || name == "{*,.*}" {
            path = String(path.dropLast(name.count + 1))
            if path.isEmpty { path = "/" }
            // `*` skips dot files, so it empties a repository's tree but leaves .git.
            let target = classify(path, context: context)
            return (path, name == "*" && target == .repositoryRoot ? .ordinary : target)
        }
        return (path, classify(path, written: written, context: context))
    }

    /// Whether a path as written lands wherever the working directory is, after a `cd` analysis
    /// could not follow (`cd "$dir"`, `cd -`): then it may be any file, Blastwall's own included.
    static func isInUnknownDirectory(_ text: String, context: AnalysisContext) -> Bool {
        !context.isDirectoryKnown && !text.hasPrefix("/") && text != "~" && !text.hasPrefix("~/")
    }

    /// The effect of writing to a file through a redirection (`> path`), or nil for ordinary
    /// files, which are just writes.
    static func redirectionEffect(
        _ redirection: Redirection, target: Argument, program: String?, context: AnalysisContext
    ) -> Effect? {
        let (path, kind) = classify(target, context: context)
        var truncates = redirection.op != ">>" && redirection.op != "&>>"
        // A dump tool writing its dump makes a backup; the file it names is new (or a dump of
        // the same data made again).
        if kind == .database, let program, dumpProducers.contains(program), !path.hasSuffix(".db"), !path.hasSuffix(".sqlite"),
            !path.hasSuffix(".sqlite3")
        {
            truncates = false
        }
        let effectClass: EffectClass
        let message: String
        switch kind {
        case .protected(let reason):
            effectClass = .guardTamper
            message = "Writing to \(path): \(reason)"
        case .device:
            effectClass = .irreversible
            message = "Writes straight onto the disk device \(path)"
        case .terraformState where truncates, .database where truncates, .gitDirectory:
            effectClass = .irreversible
            message = "Overwrites \(kind.description) at \(path)"
        case .system where truncates, .root:
            effectClass = .destroy
            message = "Overwrites the system file \(path)"
        case .homeSecrets where truncates:
            effectClass = .destroy
            message = "Overwrites \(path) (\(kind.description))"
        case _ where target.text.map { isInUnknownDirectory($0, context: context) } == true:
            return Effect(
                ruleID: "guard.unknown-directory", effectClass: .unknown, tool: "shell",
                message:
                    "Writes \(target.approximation) in a directory only known at run time (after a cd analysis cannot follow), which could be Blastwall's own",
                safer: "cd to a literal directory, or name the file by its full path", span: redirection.span, resources: [path])
        default:
            return nil
        }
        return Effect(
            ruleID: "filesystem.redirect-overwrite", effectClass: effectClass, tool: "shell", message: message,
            safer: "Write to a new file and move it into place after checking it", span: redirection.span,
            resources: [path])
    }
}

/// The files that make up the gate itself. Changing them is a `guard-tamper` effect.
public struct ProtectedPaths: Sendable, Hashable {
    /// Blastwall's own files: policies, keys, the store and the log (absolute paths or globs).
    public var blastwall: [String]

    public init(blastwall: [String] = []) {
        self.blastwall = blastwall
    }

    /// Agent hook configuration, relative to a project or a home directory.
    public static let agentConfiguration = [
        ".claude/settings.json", ".claude/settings.local.json", ".claude/hooks", ".codex/hooks.json",
        ".codex/config.toml", ".gemini/settings.json", ".cursor/hooks.json", ".github/hooks",
        ".config/blastwall", ".blastwall", ".local/state/blastwall", "/etc/blastwall",
        "/etc/claude-code/managed-settings.json",
    ]

    /// Why changing `path` (absolute, normalised) would weaken the gate, or nil.
    public func reason(for path: String) -> String? {
        // `/…/blastwall/**` protects the directory itself too: removing it removes them all.
        for pattern in blastwall where Glob.matches(pattern, path) || path == pattern || pattern == path + "/**" {
            return "\(path) is Blastwall's own file"
        }
        for entry in Self.agentConfiguration {
            if entry.hasPrefix("/") {
                if path == entry || path.hasPrefix(entry + "/") { return "\(path) is protected configuration" }
                continue
            }
            if path.hasSuffix("/" + entry) || path.contains("/" + entry + "/") {
                return Self.describe(entry, path)
            }
        }
        return nil
    }

    /// Why putting files whose names are not known (an archive's, a copied tree's, a whole
    /// checkout's) into `directory` could change protected files: the directory is protected, or
    /// it is one that holds them (`~/.claude` holds `settings.json`, `~/.config` holds `blastwall`).
    /// A project or home directory does not count by itself, or every archive unpacked in a
    /// checkout would.
    public func reason(forContentsOf directory: String) -> String? {
        reason(for: directory) ?? held(in: directory).first.map { "\(directory) holds \($0.path): \($0.reason)" }
    }

    /// The protected paths `directory` holds by name, one level down, and why each is protected.
    func held(in directory: String) -> [(path: String, reason: String)] {
        var held: [(path: String, reason: String)] = []
        for entry in Self.agentConfiguration {
            if entry.hasPrefix("/") {
                if Paths.parent(entry) == directory { held.append((entry, "\(entry) is protected configuration")) }
                continue
            }
            let components = entry.split(separator: "/")
            for count in 1..<max(1, components.count) where directory.hasSuffix("/" + components.prefix(count).joined(separator: "/")) {
                let path = directory + "/" + components[count]
                held.append((path, Self.describe(entry, directory + "/" + components.dropFirst(count).joined(separator: "/"))))
            }
        }
        for pattern in blastwall {
            let root = Self.literalRoot(of: pattern)
            if Paths.parent(root) == directory { held.append((root, "\(root) holds Blastwall's own files")) }
        }
        return held
    }

    /// Why a wildcard (`~/.claude/*.json`, `*` in `~/.config/blastwall`) could name a protected
    /// file: it may match one the directory holds, or lies inside a protected directory.
    public func reason(forMatchesOf pattern: String) -> String? {
        let directory = Paths.parent(pattern)
        if let reason = reason(for: directory) { return reason }
        let name = Paths.lastComponent(pattern)
        return held(in: directory).first { Glob.matches(name, Paths.lastComponent($0.path)) }.map {
            "\(pattern) can match \($0.path): \($0.reason)"
        }
    }

    static func describe(_ entry: String, _ path: String) -> String {
        entry.contains("blastwall")
            ? "\(path) is Blastwall's own configuration or store" : "\(path) is an agent's hook configuration"
    }

    /// The directories of a glob before its first wildcard (`/home/dev/.config/blastwall/**` gives
    /// `/home/dev/.config/blastwall`).
    static func literalRoot(of pattern: String) -> String {
        var components: [Substring] = []
        for component in pattern.split(separator: "/") {
            if component.contains(where: { "*?[{".contains($0) }) { break }
            components.append(component)
        }
        return "/" + components.joined(separator: "/")
    }
}

extension AnalysisContext {
    /// Why changing the file at `path` (absolute, normalised) would weaken the gate: as written,
    /// or where its links lead. `written` is the same path before `..` was folded, which only the
    /// file system can follow through a link.
    public func protectedReason(for path: String, written: String? = nil) -> String? {
        if let reason = protectedPaths.reason(for: path) { return reason }
        guard let real = resolvedPath(written ?? path), real != path, let reason = protectedPaths.reason(for: real) else {
            return nil
        }
        return "\(path) leads to \(real): \(reason)"
    }

    /// Why filling `directory` with files of unknown names could change protected files (see
    /// `ProtectedPaths.reason(forContentsOf:)`), as written or where its links lead.
    public func protectedReason(forContentsOf directory: String) -> String? {
        if let reason = protectedPaths.reason(forContentsOf: directory) { return reason }
        guard let real = resolvedPath(directory), real != directory, let reason = protectedPaths.reason(forContentsOf: real) else {
            return nil
        }
        return "\(directory) leads to \(real): \(reason)"
    }

    /// Why a wildcard could name a protected file (see `ProtectedPaths.reason(forMatchesOf:)`), as
    /// written or in the directory its links lead to.
    public func protectedReason(forMatchesOf pattern: String) -> String? {
        if let reason = protectedPaths.reason(forMatchesOf: pattern) { return reason }
        let directory = Paths.parent(pattern)
        guard let real = resolvedPath(directory), real != directory,
            let reason = protectedPaths.reason(forMatchesOf: real + "/" + Paths.lastComponent(pattern))
        else { return nil }
        return "\(directory) leads to \(real): \(reason)"
    }

    /// Where an absolute path really leads: links made earlier in the line first, then the
    /// edge's `realPath` on the longest prefix that exists, with the rest appended (a file not yet
    /// written under a linked directory leads where the directory does). Nil when nothing resolves.
    func resolvedPath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        var path = path
        var followed = false
        // A link made in this line, possibly pointing at another: a few hops at most.
        for _ in 0..<8 {
            guard
                let link = linksMade.keys.filter({ Paths.isInside(path, $0) && $0 != "/" }).max(by: { $0.count < $1.count }),
                let target = linksMade[link]
            else { break }
            path = target + path.dropFirst(link.count)
            followed = true
        }
        if let realPath, let resolved = Paths.resolvingLinks(path, home: home, realPath: realPath) { return resolved }
        return followed ? Paths.resolve(path, cwd: "/", home: home) : nil
    }
}

/// Path arithmetic on strings, so the core needs no file system: joins against the working
/// directory, expands `~`, and folds `.` and `..`.
public enum Paths {
    public static func resolve(_ path: String, cwd: String, home: String) -> String {
        var path = path
        if path == "~" {
            path = home
        } else if path.hasPrefix("~/") {
            path = home + path.dropFirst()
        }
        if !path.hasPrefix("/") { path = cwd + "/" + path }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The path joined to the working directory with `~` expanded, but `..` left in: what the
    /// file system follows, through links, before any folding.
    public static func absolute(_ path: String, cwd: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path.hasPrefix("/") ? path : cwd + "/" + path
    }

    public static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// The directory part of a path as written (`/tmp/x/echo` → `/tmp/x`), empty when there is none.
    /// `path` (absolute) with links resolved by `realPath` on its longest prefix that exists, the
    /// rest appended: a file not yet written under a linked directory leads where the directory
    /// does. Nil when no prefix resolves.
    public static func resolvingLinks(_ path: String, home: String, realPath: (String) -> String?) -> String? {
        var prefix = path
        var rest: [Substring] = []
        while true {
            if let real = realPath(prefix) {
                let joined = rest.isEmpty ? real : real + "/" + rest.reversed().joined(separator: "/")
                return resolve(joined, cwd: "/", home: home)
            }
            guard prefix != "/", let slash = prefix.lastIndex(of: "/") else { return nil }
            let last = prefix[prefix.index(after: slash)...]
            if !last.isEmpty { rest.append(last) }
            prefix = slash == prefix.startIndex ? "/" : String(prefix[..<slash])
        }
    }

    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

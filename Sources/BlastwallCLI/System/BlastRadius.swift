import BlastwallCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a deletion would take, read from the file system within a small time budget, so a person
/// answering an ask sees what the ask is about: how many files and bytes, how many changed in the
/// last day, whether a repository's history is inside, and the files nobody can regenerate (keys,
/// `.env`, database files, dumps, Terraform state). Only the file system is read: running `git` or
/// any other tool in the agent's repository could run the repository's own code.
struct BlastRadius: Equatable {
    var files = 0
    var directories = 0
    var bytes: Int64 = 0
    var changedToday = 0
    var holdsGit = false
    var irreplaceable: [String] = []
    /// The walk stopped at the budget: the figures are lower bounds.
    var incomplete = false
    var missing = false

    static let budgetNanoseconds: Int64 = 40_000_000
    static let maximumEntries = 50_000
    static let shownIrreplaceable = 5

    /// Names that no build regenerates.
    static func isIrreplaceable(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower == ".env" || lower.hasPrefix(".env.") || lower.hasPrefix("id_rsa") || lower.hasPrefix("id_ed25519")
            || lower.hasPrefix("id_ecdsa") || lower == "credentials" || lower == ".netrc" || lower == ".pgpass"
        {
            return true
        }
        return [
            ".pem", ".key", ".p12", ".pfx", ".kdbx", ".db", ".sqlite", ".sqlite3", ".dump", ".bak", ".tfstate", ".tfstate.backup",
            ".gpg", ".age", ".keystore", ".jks",
        ].contains { lower.hasSuffix($0) }
    }

    /// Walks `paths` (absolute), breadth first, until the budget runs out.
    static func measure(_ paths: [String], now: Int64 = Int64(SystemIO.now().seconds)) -> BlastRadius {
        var radius = BlastRadius()
        let started = monotonic()
        var queue: [String] = []
        for path in paths {
            var info = stat()
            if lstat(path, &info) != 0 {
                radius.missing = paths.count == 1
                continue
            }
            queue.append(path)
        }
        var index = 0
        var entries = 0
        while index < queue.count {
            if entries >= maximumEntries || monotonic() - started > budgetNanoseconds {
                radius.incomplete = true
                break
            }
            let path = queue[index]
            index += 1
            entries += 1
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let name = Paths.lastComponent(path)
            if (info.st_mode & S_IFMT) == S_IFDIR {
                radius.directories += 1
                if name == ".git" { radius.holdsGit = true }
                guard let names = try? SystemIO.listDirectory(path) else { continue }
                for child in names { queue.append(path == "/" ? "/" + child : path + "/" + child) }
                continue
            }
            radius.files += 1
            radius.bytes += Int64(info.st_size)
            if now - Int64(info.st_mtim.tv_sec) < 86_400 { radius.changedToday += 1 }
            if name == "HEAD", path.hasSuffix("/.git/HEAD") { radius.holdsGit = true }
            if isIrreplaceable(name), radius.irreplaceable.count < 50 { radius.irreplaceable.append(path) }
        }
        return radius
    }

    static func monotonic() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// One sentence: "412 files (18.3 MB) in 37 directories, 12 changed in the last 24 hours; holds a
    /// .git; irreplaceable: .env, data/app.db".
    var summary: String {
        if missing { return "nothing there yet" }
        let at = incomplete ? "at least " : ""
        var text = "\(at)\(files) file\(files == 1 ? "" : "s") (\(Self.size(bytes)))"
        if directories > 1 { text += " in \(directories) directories" }
        text += ", \(changedToday) changed in the last 24 hours"
        if holdsGit { text += "; holds a .git (a repository's history)" }
        if !irreplaceable.isEmpty {
            let shown = irreplaceable.prefix(Self.shownIrreplaceable).joined(separator: ", ")
            let more = irreplaceable.count > Self.shownIrreplaceable ? " and \(irreplaceable.count - Self.shownIrreplaceable) more" : ""
            text += "; irreplaceable: \(shown)\(more)"
        }
        return text
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// Adds the blast radius to every deletion a verdict asks or denies, in the effect's details
    /// (`blast_radius`, shown by the text report, the JSON and the hook's reason) and its message.
    static func annotate(_ verdict: inout Verdict) {
        guard verdict.decision != .allow else { return }
        for index in verdict.findings.indices {
            let effect = verdict.findings[index].effect
            guard verdict.findings[index].decision != .allow, effect.locality == .here,
                [.destroy, .irreversible].contains(effect.effectClass),
                effect.ruleID.hasPrefix("filesystem.") || effect.ruleID.hasPrefix("git."),
                !effect.resources.isEmpty, effect.resources.allSatisfy({ $0.hasPrefix("/") })
            else { continue }
            let radius = measure(effect.resources)
            verdict.findings[index].effect.details["blast_radius"] = radius.summary
            verdict.findings[index].effect.message += " — at stake: \(radius.summary)"
        }
    }
}

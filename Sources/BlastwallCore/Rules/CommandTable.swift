/// A tool's whole command tree, generated from the tool itself by
/// `scripts/generate-command-tables.py` (the tables under `Rules/Generated/`), with the class each
/// command's verb gives it. Families consult it after their own rules, so a subcommand no rule
/// names is still known for what it is: a read, a change, a deletion, or not a command of that
/// tool at all.
///
/// The tables are string literals, one per first word, so nothing is built at start-up: a lookup
/// is a `switch` on the first word and a scan of that word's entries.
public struct CommandTable: Sendable {
    public enum Kind: Sendable, Equatable {
        case read, write, delete, group

        init?(letter: UInt8) {
            switch letter {
            case UInt8(ascii: "r"): self = .read
            case UInt8(ascii: "w"): self = .write
            case UInt8(ascii: "d"): self = .delete
            case UInt8(ascii: "g"): self = .group
            default: return nil
            }
        }

        /// The effect class a command of this kind has when no rule says more.
        public var effectClass: EffectClass {
            switch self {
            case .read: .read
            case .write, .group: .write
            case .delete: .destroy
            }
        }
    }

    /// A command found in the table: its words, how many of the words looked up it took, its kind.
    public struct Entry: Sendable, Equatable {
        public var path: [String]
        public var kind: Kind
    }

    /// The tool and version the table was generated from (`awscli 1.45.11, botocore 1.43.11`).
    public let source: String
    public let commandCount: Int
    let entries: @Sendable (String) -> String?

    public init(source: String, commandCount: Int, entries: @escaping @Sendable (String) -> String?) {
        self.source = source
        self.commandCount = commandCount
        self.entries = entries
    }

    /// The longest command the words begin with (`compute instances delete web-1` finds
    /// `compute instances delete`), or nil when the first word is not one of the tool's.
    public func lookup(_ words: [String]) -> Entry? {
        guard let first = words.first, let table = entries(first) else { return nil }
        var found: Entry?
        var path = ""
        // The first word itself has the empty path: " =c ".
        for count in 1...min(words.count, 8) {
            if count > 1 { path += (count > 2 ? " " : "") + words[count - 1] }
            guard let kind = Self.find(path, in: table) else {
                // A group's members all start with its path; once nothing matches, nothing longer will.
                if count > 1 { break }
                continue
            }
            found = Entry(path: Array(words.prefix(count)), kind: kind)
        }
        return found
    }

    /// The class letter of the entry `path` in `table`.
    static func find(_ path: String, in table: String) -> Kind? {
        var needle = [UInt8(ascii: " ")]
        needle.append(contentsOf: path.utf8)
        needle.append(UInt8(ascii: "="))
        var table = table
        return table.withUTF8 { bytes -> Kind? in
            guard bytes.count > needle.count else { return nil }
            let first = needle[0]
            var index = 0
            let last = bytes.count - needle.count - 1
            while index <= last {
                // An entry starts after the leading space or after the `=c ` that ends the one
                // before: a path's own words are joined by spaces too.
                if bytes[index] == first, bytes[index + 1] == needle[1], index == 0 || bytes[index - 2] == UInt8(ascii: "=") {
                    var matched = true
                    for offset in 2..<needle.count where bytes[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return Kind(letter: bytes[index + needle.count]) }
                }
                index += 1
            }
            return nil
        }
    }
}

extension CommandTable {
    public static let aws = CommandTable(
        source: AWSCommandTable.source, commandCount: AWSCommandTable.commandCount, entries: AWSCommandTable.entries)
    public static let gcloud = CommandTable(
        source: GCloudCommandTable.source, commandCount: GCloudCommandTable.commandCount, entries: GCloudCommandTable.entries)
    public static let git = CommandTable(
        source: GitCommandTable.source, commandCount: GitCommandTable.commandCount, entries: GitCommandTable.entries)
    public static let kubectl = CommandTable(
        source: KubectlCommandTable.source, commandCount: KubectlCommandTable.commandCount, entries: KubectlCommandTable.entries)
    public static let docker = CommandTable(
        source: DockerCommandTable.source, commandCount: DockerCommandTable.commandCount, entries: DockerCommandTable.entries)
    public static let podman = CommandTable(
        source: PodmanCommandTable.source, commandCount: PodmanCommandTable.commandCount, entries: PodmanCommandTable.entries)
    public static let terraform = CommandTable(
        source: TerraformCommandTable.source, commandCount: TerraformCommandTable.commandCount,
        entries: TerraformCommandTable.entries)
    public static let gh = CommandTable(
        source: GHCommandTable.source, commandCount: GHCommandTable.commandCount, entries: GHCommandTable.entries)

    /// Every generated table, by the program it describes.
    public static let all: [(program: String, table: CommandTable)] = [
        ("aws", .aws), ("gcloud", .gcloud), ("git", .git), ("kubectl", .kubectl), ("docker", .docker), ("podman", .podman),
        ("terraform", .terraform), ("gh", .gh),
    ]
}

extension CommandRule {
    /// The last rule of a family whose tool publishes its command tree: a command no rule above
    /// names is graded by the class of its verb in `table`. `words` gives the command words of an
    /// invocation (options taken out); `deletion` is the class a deleting verb gets in this family.
    static func commandTable(
        _ id: String, _ table: CommandTable, tool: String, deletion: EffectClass = .destroy,
        triggering: [String], nonTriggering: [String], words: @escaping @Sendable (Invocation) -> [Argument]
    ) -> CommandRule {
        CommandRule(
            id, .write,
            summary: "A \(tool) command no rule above names, graded by its verb in the tool's own command tree (\(table.source))",
            triggering: triggering, nonTriggering: nonTriggering
        ) { invocation, _ in
            let arguments = words(invocation)
            guard let entry = table.lookup(arguments.map { $0.text ?? "…" }) else { return nil }
            // A group followed by a word that is none of its commands is not recognised.
            if entry.kind == .group, entry.path.count < arguments.count { return nil }
            let verb: String
            let effectClass: EffectClass
            switch entry.kind {
            case .read: (verb, effectClass) = ("reads", .read)
            case .delete: (verb, effectClass) = ("deletes", deletion)
            case .write: (verb, effectClass) = ("changes", .write)
            case .group: (verb, effectClass) = ("names a command group without a command, which only prints its usage", .read)
            }
            return RuleMatch(
                span: arguments[0].span.union(arguments[entry.path.count - 1].span),
                message: "\(tool) \(entry.path.joined(separator: " ")) \(verb) (by its verb in \(table.source))",
                effectClass: effectClass)
        }
    }
}

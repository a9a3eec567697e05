/// The command tree of a shell command line, as a POSIX shell (with common bash extensions)
/// would build it before expanding anything.
public struct Script: Sendable {
    public var items: [AndOrList]
    public var span: SourceSpan
}

/// `a && b || c`, optionally run in the background with `&`.
public struct AndOrList: Sendable {
    public var pipelines: [Pipeline]
    /// The operator before each pipeline after the first: `&&` or `||`.
    public var operators: [String]
    public var isBackground: Bool
}

/// `! a | b |& c`.
public struct Pipeline: Sendable {
    public var isNegated: Bool
    public var commands: [Command]
    public var span: SourceSpan
}

public indirect enum Command: Sendable {
    case simple(SimpleCommand)
    case compound(CompoundCommand)
    case function(FunctionDefinition)

    public var span: SourceSpan {
        switch self {
        case .simple(let command): command.span
        case .compound(let command): command.span
        case .function(let function): function.span
        }
    }
}

/// Assignments, words and redirections, in any order: `A=1 terraform -chdir=x destroy > log`.
public struct SimpleCommand: Sendable {
    public var assignments: [Assignment]
    public var words: [Word]
    public var redirections: [Redirection]
    public var span: SourceSpan
}

/// `NAME=value`, `NAME+=value` or `NAME=(a b c)`.
public struct Assignment: Sendable {
    public var name: String
    public var value: Word?
    public var arrayValues: [Word]
    public var isAppend: Bool
    public var span: SourceSpan
}

/// Subshells, groups, loops, conditionals and `case`: each is a set of scripts that may run,
/// plus the words it expands itself (a `for` list, a `case` subject and its patterns).
public struct CompoundCommand: Sendable {
    public enum Kind: String, Sendable {
        case subshell, group
        case ifClause = "if"
        case whileLoop = "while"
        case untilLoop = "until"
        case forLoop = "for"
        case selectLoop = "select"
        case caseClause = "case"
        case arithmetic = "(("
        case conditional = "[["
    }

    public var kind: Kind
    public var bodies: [Script]
    /// A `for`/`select` loop's variable name.
    public var variable: String?
    /// A `for` list, a `case` subject and patterns, or a `[[ … ]]` expression's words.
    public var words: [Word]
    public var redirections: [Redirection]
    public var span: SourceSpan
}

public struct FunctionDefinition: Sendable {
    public var name: String
    public var body: Command
    public var span: SourceSpan
}

public struct Redirection: Sendable {
    /// The operator: `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>`, `>|`, `&>`, `&>>`.
    public var op: String
    public var fileDescriptor: Int?
    public var target: Word
    public var heredoc: Heredoc?
    public var span: SourceSpan

    /// Whether it writes to its target (rather than reading it or duplicating a descriptor).
    public var writesToFile: Bool {
        switch op {
        case ">", ">>", ">|", "&>", "&>>", "<>": true
        case ">&": target.staticText.map { Int($0) == nil && $0 != "-" } ?? true
        default: false
        }
    }
}

/// The body of a here-document. Filled in when the parser reaches the line after the operator,
/// so it is a reference; it never changes after parsing ends.
public final class Heredoc: @unchecked Sendable {
    public let delimiter: String
    /// Quoted delimiters (`<<'EOF'`) turn off expansion in the body.
    public let isQuoted: Bool
    public let stripsTabs: Bool
    public internal(set) var body: String = ""
    public internal(set) var bodySpan = SourceSpan(0, 0)
    /// The body parsed as a double-quoted word, for unquoted delimiters (expansions run).
    public internal(set) var expandedBody: Word?

    init(delimiter: String, isQuoted: Bool, stripsTabs: Bool) {
        self.delimiter = delimiter
        self.isQuoted = isQuoted
        self.stripsTabs = stripsTabs
    }
}

/// One shell word before expansion, with the pieces that make it up.
public struct Word: Sendable {
    public var parts: [WordPart]
    public var span: SourceSpan

    /// The word's text when it has no expansions at all (quotes removed), else nil.
    public var staticText: String? {
        var text = ""
        for part in parts {
            guard let piece = part.staticText else { return nil }
            text += piece
        }
        return text
    }

    /// Whether any part of the word is quoted.
    public var isQuoted: Bool {
        parts.contains {
            switch $0 {
            case .singleQuoted, .ansiC, .doubleQuoted: true
            default: false
            }
        }
    }
}

public indirect enum WordPart: Sendable {
    /// Unquoted text with backslash escapes removed. `isEscaped` marks text that came from a
    /// backslash escape, which brace expansion and field splitting must leave alone.
    case literal(String, isEscaped: Bool)
    case singleQuoted(String)
    /// `$'…'`, already decoded.
    case ansiC(String)
    case doubleQuoted([WordPart])
    /// `$name`, `${name}`, `${name:-word}`: `operand` holds what follows the operator.
    case parameter(name: String, operation: String?, operand: Word?, span: SourceSpan)
    /// `$(…)` or `` `…` ``.
    case commandSubstitution(Script, span: SourceSpan)
    /// `<(…)` or `>(…)`.
    case processSubstitution(Script, isInput: Bool, span: SourceSpan)
    /// `$((…))`: its text, and any command substitutions inside it.
    case arithmetic(String, substitutions: [Script], span: SourceSpan)

    var staticText: String? {
        switch self {
        case .literal(let text, _), .singleQuoted(let text), .ansiC(let text): text
        case .doubleQuoted(let parts):
            parts.reduce(String?("")) { acc, part in
                guard let acc, let text = part.staticText else { return nil }
                return acc + text
            }
        default: nil
        }
    }
}

/// Input the shell parser could not read, with the byte offset where it gave up.
public struct ShellSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code tests and callers match on: `unterminated-quote`, `unexpected-token`, …
    public var code: String
    public var message: String
    public var offset: Int

    public init(code: String, message: String, offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

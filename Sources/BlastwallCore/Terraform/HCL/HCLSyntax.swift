/// One `.tf` file read by `HCL.parse`: its path and top-level body.
public struct HCLFile: Sendable, Equatable {
    public var path: String
    public var body: HCLBody

    public init(path: String, body: HCLBody) {
        self.path = path
        self.body = body
    }
}

/// The attributes and blocks of a file or of a block, in the order written.
public struct HCLBody: Sendable, Equatable {
    public var attributes: [HCLAttribute]
    public var blocks: [HCLBlock]

    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) {
        self.attributes = attributes
        self.blocks = blocks
    }

    /// The first attribute with this name (Terraform rejects duplicates).
    public func attribute(_ name: String) -> HCLAttribute? { attributes.first { $0.name == name } }

    public func blocks(_ type: String) -> [HCLBlock] { blocks.filter { $0.type == type } }
}

/// `name = value`, with where it was written.
public struct HCLAttribute: Sendable, Equatable {
    public var name: String
    public var value: HCLExpression
    /// The value as written, for messages and for finding references in it.
    public var source: String
    /// 1-based line and column of the name.
    public var line: Int
    public var column: Int

    public init(name: String, value: HCLExpression, source: String, line: Int, column: Int) {
        self.name = name
        self.value = value
        self.source = source
        self.line = line
        self.column = column
    }
}

/// `type "label" … { body }`, with where it was written.
public struct HCLBlock: Sendable, Equatable {
    public var type: String
    public var labels: [String]
    public var body: HCLBody
    /// 1-based line and column of the block type.
    public var line: Int
    public var column: Int

    public init(type: String, labels: [String], body: HCLBody, line: Int, column: Int) {
        self.type = type
        self.labels = labels
        self.body = body
        self.line = line
        self.column = column
    }
}

/// An attribute's value. Literals and collections of them are read; every other expression
/// (references, function calls, operators, conditionals, `for`) is kept as written, since its
/// value is only known when Terraform evaluates it.
public indirect enum HCLExpression: Sendable, Equatable {
    /// A string with no interpolation, escapes decoded.
    case string(String)
    /// A string or heredoc with `${…}` or `%{…}` in it, kept as written between the delimiters.
    case template(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([HCLExpression])
    case object([HCLObjectItem])
    /// Any other expression, as written.
    case raw(String)
}

/// One `key = value` of an object constructor. A key that is an expression keeps its text.
public struct HCLObjectItem: Sendable, Equatable {
    public var key: String
    public var value: HCLExpression

    public init(key: String, value: HCLExpression) {
        self.key = key
        self.value = value
    }
}

/// What a dotted attribute path finds in a body.
public enum HCLLookup: Sendable, Equatable {
    case absent
    /// The value and the line of the attribute that holds it.
    case value(HCLExpression, line: Int)
    /// Produced by something only Terraform can expand: a `dynamic` block, or an index into an
    /// expression.
    case dynamic(line: Int)
}

extension HCLBody {
    /// Follows a path like `point_in_time_recovery.0.enabled`, where a number picks one of the
    /// nested blocks of that type (or one element of a list written as an attribute).
    public func lookup(_ path: [String]) -> HCLLookup {
        guard let name = path.first else { return .absent }
        let rest = Array(path.dropFirst())
        if rest.isEmpty {
            guard let attribute = attribute(name) else { return .absent }
            return .value(attribute.value, line: attribute.line)
        }
        let index = Int(rest[0])
        let nested = blocks(name)
        if !nested.isEmpty {
            let position = index ?? 0
            guard position < nested.count else { return .absent }
            return nested[position].body.lookup(index == nil ? rest : Array(rest.dropFirst()))
        }
        if let attribute = attribute(name) {
            return Self.lookup(rest, in: attribute.value, line: attribute.line)
        }
        if let generated = blocks("dynamic").first(where: { $0.labels.first == name }) {
            return .dynamic(line: generated.line)
        }
        return .absent
    }

    private static func lookup(_ path: [String], in value: HCLExpression, line: Int) -> HCLLookup {
        guard let step = path.first else { return value == .null ? .absent : .value(value, line: line) }
        switch value {
        case .list(let elements):
            guard let index = Int(step), index >= 0, index < elements.count else { return .absent }
            return lookup(Array(path.dropFirst()), in: elements[index], line: line)
        case .object(let items):
            guard let item = items.first(where: { $0.key == step }) else { return .absent }
            return lookup(Array(path.dropFirst()), in: item.value, line: line)
        case .raw, .template:
            return .dynamic(line: line)
        case .string, .number, .bool, .null:
            return .absent
        }
    }

    /// Every attribute in this body and in the blocks nested in it.
    public var allAttributes: [HCLAttribute] {
        attributes + blocks.flatMap(\.body.allAttributes)
    }
}

/// A configuration file that is not valid HCL: where, and what was expected there.
public struct HCLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `syntax`, `unterminated` or `too-deep`.
    public var code: String
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(code: String, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: [hcl.code] message`, the shape editors read.
    public var description: String { "\(file):\(line):\(column): error: [hcl.\(code)] \(message)" }
}

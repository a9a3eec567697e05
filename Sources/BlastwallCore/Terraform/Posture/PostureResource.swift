/// A resource as the posture rules see it: declared in the configuration, or known only from the
/// state (a resource inside a module, which the doctor does not read, or one the configuration
/// no longer declares).
struct PostureResource {
    enum Source {
        case configuration(HCLBody)
        /// The recorded attributes of its first instance.
        case state(JSON)
    }

    /// What an attribute holds.
    enum Reading: Equatable {
        case absent
        case known(PlanValue)
        /// An expression only Terraform can evaluate, as written.
        case expression(String)
    }

    let type: String
    let name: String
    let address: String
    let file: String
    let line: Int
    let source: Source

    var isFromState: Bool {
        if case .state = source { return true }
        return false
    }

    /// The value at a protection's dotted path, and the line to report it at.
    func read(_ path: [String]) -> (reading: Reading, line: Int) {
        switch source {
        case .configuration(let body):
            switch body.lookup(path) {
            case .absent:
                return (.absent, line)
            case .dynamic(let at):
                return (.expression("a dynamic block"), at)
            case .value(let value, let at):
                if let known = value.planValue { return (known == .null ? .absent : .known(known), at) }
                return (.expression(value.shortText), at)
            }
        case .state(let attributes):
            var node = attributes
            for step in path {
                if let index = Int(step), case .array(let elements) = node {
                    guard index >= 0, index < elements.count else { return (.absent, line) }
                    node = elements[index]
                } else if let next = node[step] {
                    node = next
                } else {
                    return (.absent, line)
                }
            }
            let value = PlanValue(node)
            return (value == .null ? .absent : .known(value), line)
        }
    }

    func read(_ protection: Protection) -> (reading: Reading, line: Int) { read(protection.pathComponents) }

    /// Where it is declared, or where the state records it, for messages.
    var described: String { isFromState ? "\(address) (recorded in the state)" : address }
}

extension PostureInput {
    /// The resources the rules check: every managed resource the configuration declares, then
    /// every one only the state holds.
    var resources: [PostureResource] {
        let declared = configuration.resources.map {
            PostureResource(
                type: $0.type, name: $0.name, address: $0.address, file: $0.file, line: $0.line, source: .configuration($0.body))
        }
        let declaredAddresses = Set(declared.map(\.address))
        let recorded = (state?.resources ?? []).compactMap { resource -> PostureResource? in
            guard !declaredAddresses.contains(resource.address), let attributes = resource.instances.first, let state else { return nil }
            return PostureResource(
                type: resource.type, name: resource.name, address: resource.address, file: state.path, line: resource.line,
                source: .state(attributes))
        }
        return declared + recorded
    }

    /// The state's record of a resource the configuration declares.
    func recorded(_ resource: PostureResource) -> PostureResource? {
        guard let state, !resource.isFromState,
            let entry = state.resources.first(where: { $0.module == nil && $0.type == resource.type && $0.name == resource.name }),
            let attributes = entry.instances.first
        else { return nil }
        return PostureResource(
            type: entry.type, name: entry.name, address: entry.address, file: state.path, line: entry.line, source: .state(attributes))
    }
}

extension HCLExpression {
    /// The value of a literal scalar; nil for anything Terraform must evaluate or that is not a scalar.
    var planValue: PlanValue? {
        switch self {
        case .string(let value): .string(value)
        case .number(let value): .number(value)
        case .bool(let value): .bool(value)
        case .null: .null
        case .template, .list, .object, .raw: nil
        }
    }

    /// The expression as written, shortened for a message.
    var shortText: String {
        let text: String
        switch self {
        case .raw(let raw): text = raw
        case .template(let template): text = "\"\(template)\""
        case .list: text = "a list"
        case .object: text = "an object"
        case .string(let value): text = "\"\(value)\""
        case .number(let value): text = PlanValue.number(value).description
        case .bool(let value): text = value ? "true" : "false"
        case .null: text = "null"
        }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
        return line.count > 60 || line.count < text.count ? String(line.prefix(57)) + "…" : line
    }
}

/// Writes the HCL a finding asks for, formatted the way `terraform fmt` would.
enum PostureFix {
    /// One line of a snippet: an attribute, or a nested block with its own lines.
    indirect enum Item {
        case attribute(String, String)
        case block(String, [Item])
        case comment(String)
    }

    /// `resource "type" "name" { … }` holding the items.
    static func resource(_ type: String, _ name: String, _ items: [Item]) -> String {
        render([.block("resource \"\(type)\" \"\(name)\"", items)])
    }

    /// The items that set each protection to its safe value; numeric path steps are nested blocks.
    static func items(setting protections: [Protection], resourceName: String) -> [Item] {
        var items: [Item] = []
        for protection in protections {
            let steps = protection.pathComponents.filter { Int($0) == nil }
            guard let attribute = steps.last else { continue }
            var item = Item.attribute(attribute, safeValue(protection, resourceName: resourceName))
            for block in steps.dropLast().reversed() { item = .block(block, [item]) }
            items.append(item)
        }
        return items
    }

    /// A value that meets the protection: the value itself, a name for the final snapshot, a week
    /// of retention.
    static func safeValue(_ protection: Protection, resourceName: String) -> String {
        switch protection.safe {
        case .equals(let value): value.description
        case .nonEmpty: "\"\(resourceName.replacingUnderscores)-final\""
        case .positive: "7"
        case .atLeast(let minimum): PlanValue.number(minimum).description
        }
    }

    /// A protection's safe setting as HCL people write it: `deletion_protection = true`,
    /// `point_in_time_recovery { enabled = true }`, `backup_retention_period above 0`.
    static func wanted(_ protection: Protection) -> String {
        let steps = protection.pathComponents.filter { Int($0) == nil }
        let condition: String
        switch protection.safe {
        case .equals(let value): condition = " = \(value)"
        case .nonEmpty: condition = " set"
        case .positive: condition = " above 0"
        case .atLeast(let minimum): condition = " at least \(PlanValue.number(minimum))"
        }
        return steps.dropLast().reversed().reduce((steps.last ?? protection.path) + condition) { "\($1) { \($0) }" }
    }

    /// A protection's attribute named the way HCL nests it: `point_in_time_recovery.enabled`.
    static func attributeName(_ protection: Protection) -> String {
        protection.pathComponents.filter { Int($0) == nil }.joined(separator: ".")
    }

    static func render(_ items: [Item], indent: String = "") -> String {
        var out = ""
        // `terraform fmt` aligns the `=` of attributes on consecutive lines.
        let width =
            items.map { item -> Int in
                if case .attribute(let name, _) = item { return name.count }
                return 0
            }.max() ?? 0
        for item in items {
            switch item {
            case .attribute(let name, let value):
                out += "\(indent)\(name)\(String(repeating: " ", count: width - name.count)) = \(value)\n"
            case .block(let header, let inner):
                out += "\(indent)\(header) {\n" + render(inner, indent: indent + "  ") + "\(indent)}\n"
            case .comment(let text):
                out += "\(indent)# \(text)\n"
            }
        }
        return indent.isEmpty && out.hasSuffix("\n") ? String(out.dropLast()) : out
    }

    /// `removed { from = … lifecycle { destroy = false } }`: Terraform (1.7+) forgets the resource
    /// without deleting it.
    static func forget(_ address: String) -> [Item] {
        [.block("removed", [.attribute("from", address), .block("lifecycle", [.attribute("destroy", "false")])])]
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

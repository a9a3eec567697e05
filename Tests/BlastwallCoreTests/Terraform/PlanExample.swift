import BlastwallCore

/// Builds plan JSON from the one-line examples plan rules carry, so a rule's examples read like
/// what a reviewer sees: `aws_db_instance.main update deletion_protection=true>false`.
///
/// Statements, separated by `;`:
/// - `ADDRESS ACTIONS [attr=BEFORE>AFTER …] [reason=R] [replace=PATH] [deposed=KEY] [importing] [moved=OLD]`,
///   where ACTIONS is a comma list (`delete,create`) and a value is `true`, `false`, a number,
///   `null`, `unknown` (known after apply) or a bare string;
/// - `drift ADDRESS ACTIONS`: a `resource_drift` entry;
/// - `no-prior-state`, `format=X`, `errored`, `not-applyable`, `applyable`, `incomplete`,
///   `complete`, `deferred`.
/// Without `no-prior-state`, the prior state holds every resource the plan does not create.
enum PlanExample {
    static func json(_ example: String) -> String {
        var changes: [JSON] = []
        var drift: [JSON] = []
        var top: [(String, JSON)] = [("format_version", .string("1.2")), ("terraform_version", .string("1.11.4"))]
        var priorState = true
        var existing = 0
        for statement in example.split(separator: ";").map({ $0.split(separator: " ").map(String.init) }) where !statement.isEmpty {
            switch statement[0] {
            case "no-prior-state": priorState = false
            case "errored": top.append(("errored", .bool(true)))
            case "not-applyable": top.append(("applyable", .bool(false)))
            case "applyable": top.append(("applyable", .bool(true)))
            case "incomplete": top.append(("complete", .bool(false)))
            case "complete": top.append(("complete", .bool(true)))
            case "deferred": top.append(("deferred_changes", .array([.object([("reason", .string("provider_config_unknown"))])])))
            case let format where format.hasPrefix("format="): top[0] = ("format_version", .string(String(format.dropFirst(7))))
            case "drift": drift.append(change(Array(statement.dropFirst())))
            default:
                let entry = change(statement)
                if entry["change"]?["actions"] != .array([.string("create")]) { existing += 1 }
                changes.append(entry)
            }
        }
        top.append(("resource_changes", .array(changes)))
        if !drift.isEmpty { top.append(("resource_drift", .array(drift))) }
        if priorState {
            let resources = (0..<existing).map { index in
                JSON.object([
                    ("address", .string("r.\(index)")), ("mode", .string("managed")), ("type", .string("r")), ("name", .string("\(index)")),
                ])
            }
            top.append(
                (
                    "prior_state",
                    .object([
                        ("format_version", .string("1.0")),
                        ("values", .object([("root_module", .object([("resources", .array(resources))]))])),
                    ])
                ))
        }
        top.append(("planned_values", .object([])))
        return JSON.object(top).serialized()
    }

    private static func change(_ words: [String]) -> JSON {
        let address = words[0]
        let parts = address.split(separator: ".").map(String.init)
        let type = parts.count >= 2 ? parts[parts.count - 2] : address
        var before: [(String, JSON)] = []
        var after: [(String, JSON)] = []
        var afterUnknown: [(String, JSON)] = []
        var resource: [(String, JSON)] = [
            ("address", .string(address)), ("mode", .string("managed")), ("type", .string(type)),
            ("name", .string(parts.last ?? "")), ("provider_name", .string("registry.terraform.io/hashicorp/aws")),
        ]
        var change: [(String, JSON)] = [
            ("actions", .array((words.count > 1 ? words[1] : "no-op").split(separator: ",").map { .string(String($0)) }))
        ]
        var tail: [(String, JSON)] = []
        for word in words.dropFirst(2) {
            if word == "importing" {
                change.append(("importing", .object([("id", .string("imported"))])))
            } else if word.hasPrefix("reason=") {
                tail.append(("action_reason", .string(String(word.dropFirst(7)))))
            } else if word.hasPrefix("replace=") {
                change.append(("replace_paths", .array([.array(word.dropFirst(8).split(separator: ".").map { .string(String($0)) })])))
            } else if word.hasPrefix("deposed=") {
                resource.append(("deposed", .string(String(word.dropFirst(8)))))
            } else if word.hasPrefix("moved=") {
                resource.append(("previous_address", .string(String(word.dropFirst(6)))))
            } else if let equals = word.firstIndex(of: "="), let arrow = word.firstIndex(of: ">") {
                let path = word[..<equals].split(separator: ".").map(String.init)
                let old = value(String(word[word.index(after: equals)..<arrow]))
                let new = String(word[word.index(after: arrow)...])
                insert(&before, path, old)
                if new == "unknown" {
                    insert(&afterUnknown, path, .bool(true))
                } else {
                    insert(&after, path, value(new))
                }
            }
        }
        change.append(("before", .object(before)))
        change.append(("after", .object(after)))
        change.append(("after_unknown", .object(afterUnknown)))
        return .object(resource + [("change", .object(change))] + tail)
    }

    /// Sets a value at a dotted path; numeric components make one-element lists (nested blocks).
    private static func insert(_ members: inout [(String, JSON)], _ path: [String], _ value: JSON) {
        guard let first = path.first else { return }
        if path.count == 1 {
            members.append((first, value))
            return
        }
        var nested: [(String, JSON)] = []
        let rest = Array(path.dropFirst())
        if Int(rest[0]) != nil {
            insert(&nested, Array(rest.dropFirst()), value)
            members.append((first, .array([.object(nested)])))
        } else {
            insert(&nested, rest, value)
            members.append((first, .object(nested)))
        }
    }

    private static func value(_ text: String) -> JSON {
        switch text {
        case "true": .bool(true)
        case "false": .bool(false)
        case "null": .null
        default: Double(text) != nil ? .number(text) : .string(text)
        }
    }
}

/// Reads the JSON of `terraform show -json PLANFILE` into a `TerraformPlan`. Unknown keys are
/// stepped over (tools add their own, and newer Terraform adds more); anything that makes the
/// plan unreadable is a `PlanError` naming the byte where reading stopped.
public enum PlanReader {
    /// Plans larger than this are refused rather than read: 512 MiB is about 600,000 resources.
    public static let maximumSize = 512 << 20

    public static func read(_ bytes: [UInt8]) throws(PlanError) -> TerraformPlan {
        guard bytes.count <= maximumSize else {
            throw PlanError(
                code: "too-large", message: "the plan is \(bytes.count >> 20) MiB; plans over \(maximumSize >> 20) MiB are refused")
        }
        let result: Result<TerraformPlan, PlanError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do {
                return .success(try readPlan(&scanner))
            } catch let error as PlanError {
                return .failure(error)
            } catch let error as JSONError {
                return .failure(PlanError(code: "invalid-json", message: "the plan is not valid JSON: \(error)", offset: error.offset))
            } catch {
                return .failure(PlanError(code: "invalid-json", message: "\(error)"))
            }
        }
        return try result.get()
    }

    public static func read(_ text: String) throws(PlanError) -> TerraformPlan {
        try read(Array(text.utf8))
    }

    /// Top-level keys that must not appear twice: a second copy could hide changes from a reader
    /// that keeps the first.
    private static let singleKeys: Set<String> = [
        "format_version", "resource_changes", "resource_drift", "prior_state", "errored", "applyable", "complete",
        "output_changes", "deferred_changes",
    ]

    private static func readPlan(_ scanner: inout JSONScanner) throws -> TerraformPlan {
        guard let first = scanner.peek() else { throw PlanError(code: "empty", message: "the plan is empty") }
        guard first == UInt8(ascii: "{") else {
            throw PlanError(
                code: "not-a-plan", message: "the input is not a Terraform plan: it does not start with a JSON object", offset: scanner.pos)
        }
        var plan = TerraformPlan(
            formatVersion: "", terraformVersion: nil, resourceChanges: [], resourceDrift: [], outputChanges: [], hasPriorState: false,
            priorStateResourceCount: 0, errored: nil, applyable: nil, complete: nil, deferredChangeCount: 0,
            resourceChangesSpan: SourceSpan(0, 0), size: scanner.bytes.count)
        var seen: Set<String> = []
        var stateMarkers: [String] = []
        var hasPlannedValues = false
        var hasResourceChanges = false
        try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
            if singleKeys.contains(key) {
                guard seen.insert(key).inserted else { throw scanner.error("the key \"\(key)\" appears twice") }
            }
            switch key {
            case "format_version": plan.formatVersion = try scanner.optionalString() ?? ""
            case "terraform_version": plan.terraformVersion = try scanner.optionalString()
            case "resource_changes":
                hasResourceChanges = true
                scanner.skipWhitespace()
                let start = scanner.pos
                if !scanner.takeNull() {
                    try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                        plan.resourceChanges.append(try readChange(&scanner))
                    }
                }
                plan.resourceChangesSpan = SourceSpan(start, scanner.pos)
            case "resource_drift":
                if !scanner.takeNull() {
                    try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                        plan.resourceDrift.append(try readChange(&scanner))
                    }
                }
            case "output_changes":
                if !scanner.takeNull() {
                    try scanner.members { (name: String, scanner: inout JSONScanner) throws(JSONError) in
                        var actions: [String] = []
                        try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
                            if key == "actions" { actions = try readActions(&scanner) } else { try scanner.skipValue() }
                        }
                        plan.outputChanges.append(OutputChange(name: name, action: PlanAction(actions)))
                    }
                }
            case "prior_state":
                if !scanner.takeNull() {
                    plan.hasPriorState = true
                    plan.priorStateResourceCount = try countStateResources(&scanner)
                }
            case "errored": plan.errored = try scanner.bool()
            case "applyable": plan.applyable = try scanner.bool()
            case "complete": plan.complete = try scanner.bool()
            case "deferred_changes":
                if !scanner.takeNull() {
                    try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                        plan.deferredChangeCount += 1
                        try scanner.skipValue()
                    }
                }
            case "planned_values":
                hasPlannedValues = true
                try scanner.skipValue()
            case "lineage", "serial", "values", "version", "resources", "check_results":
                stateMarkers.append(key)
                try scanner.skipValue()
            default:
                try scanner.skipValue()
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else {
            throw PlanError(code: "invalid-json", message: "the plan is not valid JSON: text after the plan object", offset: scanner.pos)
        }
        if !hasResourceChanges && !hasPlannedValues {
            if !stateMarkers.isEmpty {
                throw PlanError(
                    code: "state-not-plan",
                    message:
                        "this is Terraform state (it has \(stateMarkers.map { "\"\($0)\"" }.joined(separator: ", ")) but no resource_changes), not a plan: run terraform plan -out=tfplan and give Blastwall the planfile or the output of terraform show -json tfplan"
                )
            }
            throw PlanError(
                code: "not-a-plan",
                message:
                    "the JSON is not a Terraform plan: it has neither resource_changes nor planned_values (expected the output of terraform show -json PLANFILE)"
            )
        }
        guard !plan.formatVersion.isEmpty else {
            throw PlanError(code: "not-a-plan", message: "the plan has no format_version, so it was not written by terraform show -json")
        }
        return plan
    }

    private static func readActions(_ scanner: inout JSONScanner) throws(JSONError) -> [String] {
        var actions: [String] = []
        try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
            guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.error("an action must be a string") }
            actions.append(try scanner.string())
        }
        return actions
    }

    private static func readChange(_ scanner: inout JSONScanner) throws(JSONError) -> ResourceChange {
        var change = ResourceChange(address: "", type: "", action: .unknown([]))
        var actions: [String]?
        var values: [String: [String: JSONScanner.Found]] = [:]
        var index: JSON?
        var sawChange = false
        let range = try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
            switch key {
            case "address": change.address = try scanner.optionalString() ?? ""
            case "previous_address": change.previousAddress = try scanner.optionalString()
            case "module_address": change.moduleAddress = try scanner.optionalString()
            case "mode": change.mode = try scanner.optionalString() ?? "managed"
            case "type": change.type = try scanner.optionalString() ?? ""
            case "name": change.name = try scanner.optionalString() ?? ""
            case "provider_name": change.providerName = try scanner.optionalString()
            case "deposed": change.deposed = try scanner.optionalString()
            case "action_reason": change.actionReason = try scanner.optionalString()
            case "index": index = try scanner.value(depth: 0)
            case "change":
                // A second `change` or `actions` could hide what a reader keeping the first sees.
                guard !sawChange else { throw scanner.error("the key \"change\" appears twice in a resource change") }
                sawChange = true
                try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
                    switch key {
                    case "actions":
                        guard actions == nil else { throw scanner.error("the key \"actions\" appears twice in a change") }
                        actions = try readActions(&scanner)
                    case "before", "after", "after_unknown", "before_sensitive", "after_sensitive":
                        // Only the protection attributes are read; with the type not known yet
                        // (keys in an unusual order) every protection path of any type is.
                        let paths = change.type.isEmpty ? DataResources.allProtectionPaths : DataResources.protectionPaths(of: change.type)
                        if paths.isEmpty {
                            try scanner.skipValue()
                        } else {
                            var found: [String: JSONScanner.Found] = [:]
                            try scanner.extract(paths, into: &found)
                            values[key] = found
                        }
                    case "replace_paths":
                        if !scanner.takeNull() {
                            try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                                change.replacePaths.append(pathText(try scanner.value(depth: 0)))
                            }
                        }
                    case "importing":
                        if !scanner.takeNull() {
                            change.isImporting = true
                            try scanner.skipValue()
                        }
                    default: try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue()
            }
        }
        change.span = SourceSpan(range.lowerBound, range.upperBound)
        guard let actions else { throw scanner.error("a resource change (\(change.address)) has no change.actions") }
        change.action = PlanAction(actions)
        if change.address.isEmpty {
            // Terraform 1.0 wrote drift entries without an address; build it the way Terraform does.
            guard !change.type.isEmpty, !change.name.isEmpty else { throw scanner.error("a resource change has no address") }
            var address = change.moduleAddress.map { $0 + "." } ?? ""
            address += (change.mode == "data" ? "data." : "") + change.type + "." + change.name
            switch index {
            case .number(let number): address += "[\(number)]"
            case .string(let key): address += "[" + JSON.string(key).serialized() + "]"
            default: break
            }
            change.address = address
        }
        for protection in DataResources.protections(of: change.type) {
            let path = protection.path
            change.protectionsBefore[path] = scalar(values["before"]?[path])
            change.protectionsAfter[path] = isMarked(values["after_unknown"]?[path]) ? .unknown : scalar(values["after"]?[path])
            if isMarked(values["before_sensitive"]?[path]) || isMarked(values["after_sensitive"]?[path]) {
                change.sensitivePaths.insert(path)
            }
        }
        return change
    }

    /// The scalar found at a path, `.null` when the path was missing.
    static func scalar(_ found: JSONScanner.Found?) -> PlanValue {
        guard let found, found.complete else { return .null }
        return PlanValue(found.value)
    }

    /// Whether `after_unknown`/`*_sensitive` marks the path, or a parent of it, `true`.
    static func isMarked(_ found: JSONScanner.Found?) -> Bool {
        found?.value == .bool(true)
    }

    private static func pathText(_ path: JSON) -> String {
        guard case .array(let steps) = path else { return path.serialized() }
        return steps.map { step in
            switch step {
            case .string(let name): name
            case .number(let index): index
            default: step.serialized()
            }
        }.joined(separator: ".")
    }

    /// Counts managed resources under `prior_state.values.root_module`, child modules included.
    private static func countStateResources(_ scanner: inout JSONScanner) throws(JSONError) -> Int {
        var count = 0
        try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
            guard key == "values" else { return try scanner.skipValue() }
            if scanner.takeNull() { return }
            try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
                guard key == "root_module" else { return try scanner.skipValue() }
                if scanner.takeNull() { return }
                count += try countModule(&scanner, depth: 0)
            }
        }
        return count
    }

    private static func countModule(_ scanner: inout JSONScanner, depth: Int) throws(JSONError) -> Int {
        guard depth < 64 else { throw scanner.error("modules nested more than 64 levels") }
        var count = 0
        try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
            switch key {
            case "resources":
                if scanner.takeNull() { return }
                try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                    var managed = true
                    try scanner.members { (key: String, scanner: inout JSONScanner) throws(JSONError) in
                        if key == "mode" { managed = try scanner.optionalString() != "data" } else { try scanner.skipValue() }
                    }
                    if managed { count += 1 }
                }
            case "child_modules":
                if scanner.takeNull() { return }
                try scanner.elements { (scanner: inout JSONScanner) throws(JSONError) in
                    count += try countModule(&scanner, depth: depth + 1)
                }
            default:
                try scanner.skipValue()
            }
        }
        return count
    }
}

/// The parts of a Terraform state file (format version 4, written by Terraform 0.12 and later)
/// the posture doctor reads: which resources the state holds and their recorded attributes.
public struct TerraformState: Sendable {
    /// One `resources[]` entry of mode `managed`.
    public struct Resource: Sendable {
        /// `module.db` for a resource inside a module; nil in the root module.
        public var module: String?
        public var type: String
        public var name: String
        /// The `attributes` of each instance (one per `count`/`for_each` key).
        public var instances: [JSON]
        /// The line of the entry in the state file.
        public var line: Int

        public var address: String { (module.map { $0 + "." } ?? "") + "\(type).\(name)" }
    }

    public var path: String
    public var resources: [Resource]

    public init(path: String, resources: [Resource]) {
        self.path = path
        self.resources = resources
    }

    public static func parse(_ text: String, path: String) throws(TerraformStateError) -> TerraformState {
        let root: JSON
        do throws(JSONError) {
            root = try JSON.parse(text)
        } catch {
            throw TerraformStateError(file: path, message: "not valid JSON: \(error.message) at byte \(error.offset)")
        }
        guard case .object = root else { throw TerraformStateError(file: path, message: "not a Terraform state: expected a JSON object") }
        guard case .number(let version) = root["version"] else {
            throw TerraformStateError(file: path, message: "not a Terraform state: it has no \"version\"")
        }
        guard version == "4" else {
            throw TerraformStateError(
                file: path, message: "state format version \(version) is not supported; Terraform 0.12 and later write version 4")
        }
        let locator = LineLocator(text: text)
        var resources: [Resource] = []
        for entry in root["resources"]?.arrayValue ?? [] {
            guard entry["mode"]?.stringValue == "managed", let type = entry["type"]?.stringValue,
                let name = entry["name"]?.stringValue
            else { continue }
            resources.append(
                Resource(
                    module: entry["module"]?.stringValue, type: type, name: name,
                    instances: (entry["instances"]?.arrayValue ?? []).compactMap { $0["attributes"] },
                    line: locator.line(ofType: type, name: name)))
        }
        return TerraformState(path: path, resources: resources)
    }

    /// Finds the line of a resource entry in the text, since the JSON reader keeps no positions:
    /// the line of `"type": "T"` when a `"name": "N"` follows it closely.
    private struct LineLocator {
        let bytes: [UInt8]

        init(text: String) { bytes = Array(text.utf8) }

        func line(ofType type: String, name: String) -> Int {
            let typeValue = Array("\"\(type)\"".utf8)
            let nameValue = Array("\"\(name)\"".utf8)
            var index = 0
            while let found = find(typeValue, from: index) {
                if follows(key: "\"type\"", before: found) {
                    // Up to the next entry's type, so the name is this entry's own.
                    let nextType = find(Array("\"type\"".utf8), from: found + typeValue.count) ?? bytes.count
                    let window = found + typeValue.count..<min(nextType, found + typeValue.count + 400)
                    var probe = window.lowerBound
                    while let candidate = find(nameValue, from: probe), candidate < window.upperBound {
                        if follows(key: "\"name\"", before: candidate) { return 1 + bytes[..<found].count(where: { $0 == 0x0A }) }
                        probe = candidate + 1
                    }
                }
                index = found + 1
            }
            return 1
        }

        /// Whether `key` then `:` (with any whitespace) comes right before `offset`.
        private func follows(key: String, before offset: Int) -> Bool {
            var cursor = offset - 1
            while cursor >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor -= 1 }
            guard cursor >= 0, bytes[cursor] == UInt8(ascii: ":") else { return false }
            cursor -= 1
            while cursor >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor -= 1 }
            let keyBytes = Array(key.utf8)
            let start = cursor + 1 - keyBytes.count
            return start >= 0 && bytes[start...cursor].elementsEqual(keyBytes)
        }

        private func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard !needle.isEmpty, start + needle.count <= bytes.count else { return nil }
            var index = start
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
    }
}

/// A state file that cannot be read as Terraform state.
public struct TerraformStateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): error: [terraform-state] \(message)" }
}

import BlastwallCore

/// SARIF 2.1.0 (the format GitHub code scanning and editors read) for any Blastwall report:
/// callers map their own findings to `SARIFRule` and `SARIFResult`.
/// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
enum SARIF {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// A complete log with one run of `blastwall`.
    static func log(rules: [SARIFRule], results: [SARIFResult]) -> JSON {
        let indexes = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let driver: JSON = .object([
            ("name", .string("blastwall")),
            ("rules", .array(rules.map(json))),
        ])
        let run: JSON = .object([
            ("tool", .object([("driver", driver)])),
            ("results", .array(results.map { json($0, ruleIndex: indexes[$0.ruleID]) })),
        ])
        return .object([("$schema", .string(schema)), ("version", .string("2.1.0")), ("runs", .array([run]))])
    }

    private static func json(_ rule: SARIFRule) -> JSON {
        var members: [(String, JSON)] = [
            ("id", .string(rule.id)),
            ("shortDescription", .object([("text", .string(rule.shortDescription))])),
            ("help", .object([("text", .string(rule.help))])),
        ]
        if let level = rule.defaultLevel {
            members.append(("defaultConfiguration", .object([("level", .string(level.rawValue))])))
        }
        return .object(members)
    }

    private static func json(_ result: SARIFResult, ruleIndex: Int?) -> JSON {
        var members: [(String, JSON)] = [("ruleId", .string(result.ruleID))]
        if let ruleIndex { members.append(("ruleIndex", .number(String(ruleIndex)))) }
        members += [("level", .string(result.level.rawValue)), ("message", .object([("text", .string(result.message))]))]
        if let path = result.path {
            var physical: [(String, JSON)] = [("artifactLocation", .object([("uri", .string(uri(path)))]))]
            if let line = result.startLine {
                physical.append(("region", .object([("startLine", .number(String(max(1, line))))])))
            } else if let range = result.byteRange {
                physical.append(
                    ("region", .object([("byteOffset", .number(String(range.offset))), ("byteLength", .number(String(range.length)))])))
            }
            var location: [(String, JSON)] = [("physicalLocation", .object(physical))]
            if let name = result.logicalName {
                location.append(
                    ("logicalLocations", .array([.object([("fullyQualifiedName", .string(name)), ("kind", .string("resource"))])])))
            }
            members.append(("locations", .array([.object(location)])))
        }
        return .object(members)
    }

    /// A path as a URI reference (RFC 3986): `/` kept, anything outside the unreserved set
    /// percent-encoded, and absolute paths as `file://` URIs.
    static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || [0x2D, 0x2E, 0x5F, 0x7E, 0x2F].contains(byte)
            if isUnreserved {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

enum SARIFLevel: String {
    case error, warning, note, none
}

/// One rule of `tool.driver.rules` (SARIF §3.49).
struct SARIFRule {
    var id: String
    var shortDescription: String
    /// Plain text shown as the rule's help.
    var help: String
    var defaultLevel: SARIFLevel?
}

/// One result (SARIF §3.27): what was found, how bad, and where.
struct SARIFResult {
    var ruleID: String
    var level: SARIFLevel
    var message: String
    /// A path relative to where the tool ran, or absolute; nil for a result with no location.
    var path: String?
    /// 1-based.
    var startLine: Int?
    /// A `[offset, offset + length)` byte range, for inputs without lines worth naming (plan JSON).
    var byteRange: (offset: Int, length: Int)? = nil
    /// The resource the result is about (`aws_db_instance.main`).
    var logicalName: String? = nil
}

import BlastwallCore

/// A rule as SARIF lists it under `tool.driver.rules`.
struct SARIFRule {
    var id: String
    var summary: String
    var help: String
}

/// One result: what fired, how bad, and where — a file line, a byte range, or a named resource.
struct SARIFResult {
    enum Level: String { case error, warning, note }
    var ruleID: String
    var level: Level
    var message: String
    var uri: String
    var line: Int? = nil
    var byteRange: (offset: Int, length: Int)? = nil
    var logicalName: String? = nil
}

/// SARIF 2.1.0, the format code-scanning UIs read.
enum SARIF {
    static func log(rules: [SARIFRule], results: [SARIFResult]) -> JSON {
        let driver = JSON.object([
            ("name", .string("blastwall")),
            ("informationUri", .string("https://github.com/blastwall/blastwall")),
            (
                "rules",
                .array(
                    rules.map { rule in
                        .object([
                            ("id", .string(rule.id)),
                            ("shortDescription", .object([("text", .string(rule.summary))])),
                            ("help", .object([("text", .string(rule.help))])),
                        ])
                    })
            ),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results.map(json)))])])),
        ])
    }

    private static func json(_ result: SARIFResult) -> JSON {
        var physical: [(String, JSON)] = [("artifactLocation", .object([("uri", .string(result.uri))]))]
        if let line = result.line {
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
        return .object([
            ("ruleId", .string(result.ruleID)),
            ("level", .string(result.level.rawValue)),
            ("message", .object([("text", .string(result.message))])),
            ("locations", .array([.object(location)])),
        ])
    }
}

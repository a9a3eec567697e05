import ArgumentParser
import BlastwallCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every analyzer rule: its id (what policy rules name), class, what it catches and an example.",
        discussion: "Example: blastwall rules --family aws")

    @Option(name: .long, help: "Only this tool family (terraform, aws, git, filesystem, …).")
    var family: String?

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        let families = RuleRegistry.standard.families.filter { family == nil || $0.name == family }
        if families.isEmpty {
            throw fail("no family named '\(family ?? "")'; known: \(RuleRegistry.standard.families.map(\.name).joined(separator: ", "))")
        }
        var records: [JSON] = []
        var out = ""
        for family in families {
            out += "\(family.name) (\(family.programs.sorted().joined(separator: ", ")))\n"
            for rule in family.rules {
                let example = (rule.triggering.first ?? "").replacingAll("«", with: "").replacingAll("»", with: "")
                out += "  \(rule.id.padding(36)) \(rule.effectClass.rawValue.padding(12)) \(rule.summary)\n"
                out += "  \(String(repeating: " ", count: 36)) \(String(repeating: " ", count: 12)) e.g. \(example)\n"
                records.append(
                    .object([
                        ("id", .string(rule.id)), ("family", .string(family.name)), ("class", .string(rule.effectClass.rawValue)),
                        ("summary", .string(rule.summary)), ("safer", rule.safer.map(JSON.string) ?? .null),
                        ("triggering", .array(rule.triggering.map(JSON.string))),
                        ("non_triggering", .array(rule.nonTriggering.map(JSON.string))),
                    ]))
            }
        }
        SystemIO.writeStandardOutput(format == .json ? JSON.array(records).pretty() + "\n" : out)
    }
}

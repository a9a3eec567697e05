import BlastwallCore
import Foundation
import Testing

/// The labelled corpus: every `.tsv` file in Tests/Fixtures/corpus holds lines of
/// `decision<TAB>environment<TAB>command`, where environment is a name forced with `--env` or `-`
/// to let the command resolve it in the test context, or `@HOST` to run it on a machine of that host
/// name (work on the machine is graded in the machine's own environment, whatever `--env` says).
/// `error` as the decision means the input
/// must be refused as unhandleable (which every door turns into a deny).
@Suite struct CorpusTests {
    struct Entry: CustomTestStringConvertible, Sendable {
        let file: String
        let line: Int
        let expected: String
        let environment: String?
        let command: String
        var testDescription: String { "\(file):\(line) \(expected) \(command)" }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/corpus")

    static let entries: [Entry] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var entries: [Entry] = []
        for file in files.sorted() where file.hasSuffix(".tsv") {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3 else {
                    entries.append(Entry(file: file, line: index + 1, expected: "malformed", environment: nil, command: String(line)))
                    continue
                }
                let command = String(fields[2]).replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
                entries.append(
                    Entry(
                        file: file, line: index + 1, expected: String(fields[0]),
                        environment: fields[1] == "-" ? nil : String(fields[1]), command: command))
            }
        }
        return entries
    }()

    @Test func corpusIsLargeAndBalanced() {
        #expect(Self.entries.count >= 300, "the corpus has \(Self.entries.count) entries")
        for decision in ["allow", "ask", "deny"] {
            #expect(Self.entries.filter { $0.expected == decision }.count >= 40, "too few \(decision) entries")
        }
    }

    @Test(arguments: entries)
    func entry(_ entry: Entry) throws {
        #expect(["allow", "ask", "deny", "error"].contains(entry.expected), "bad decision column")
        do {
            var context = TestGate.context
            var forced = entry.environment
            if let host = forced, host.hasPrefix("@") {
                context.workspace.hostname = String(host.dropFirst())
                forced = nil
            }
            let evaluation = try TestGate.evaluate(entry.command, context: context, environment: forced)
            let verdict = evaluation.verdict
            #expect(
                verdict.decision.rawValue == entry.expected,
                "got \(verdict.decision.rawValue): \(verdict.findings.map { "\($0.effect.ruleID)=\($0.decision.rawValue)@\($0.effect.target.environment)" })"
            )
        } catch {
            #expect(entry.expected == "error", "refused: \(error)")
        }
    }
}

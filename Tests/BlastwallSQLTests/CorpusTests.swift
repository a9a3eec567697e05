import BlastwallCore
import Foundation
import Testing

@testable import BlastwallSQL

/// The labelled corpus (`Tests/Fixtures/sql/corpus.tsv`): every line's strictest class must be
/// its label, and PostgreSQL's parser as pglast wraps it must split it the same way.
@Suite struct CorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: Int
        var label: String
        var sql: String
        var testDescription: String { "line \(line): \(label) \(sql.prefix(60))" }
    }

    static let corpusPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sql/corpus.tsv").path

    static let cases: [Case] = {
        guard let text = try? String(contentsOfFile: corpusPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard !line.isEmpty, !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            let sql = String(line[line.index(after: tab)...]).replacingOccurrences(of: "\\n", with: "\n")
            return Case(line: index + 1, label: String(line[..<tab]), sql: sql)
        }
    }()

    static func strictest(_ verdicts: [SQLStatementVerdict]) -> SQLClass {
        // The class of the statement the gate would report: strictest by graded class, then SQL class.
        verdicts.reduce(nil as SQLStatementVerdict?) { strictest, next in strictest.map { $0.stricter(next) } ?? next }?.sqlClass
            ?? .read
    }

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count > 250, "expected the corpus at \(Self.corpusPath)")
        let classes = Set(Self.cases.map(\.label))
        #expect(classes == Set(SQLClass.allCases.map(\.rawValue)), "every class has examples")
    }

    @Test(arguments: cases)
    func labelled(_ example: Case) {
        let verdicts = PostgresClassifier().classify(example.sql)
        let found = Self.strictest(verdicts)
        #expect(
            found.rawValue == example.label,
            "line \(example.line): \(example.sql)\n  found \(found.rawValue): \(verdicts.map { "\($0.sqlClass.rawValue) \($0.ruleID) \($0.consequence)" })"
        )
        // Every range lies inside the text and starts at something other than a blank.
        let bytes = Array(example.sql.utf8)
        for verdict in verdicts {
            #expect(verdict.range.lowerBound >= 0 && verdict.range.upperBound <= bytes.count)
            if let first = verdict.range.first { #expect(![0x20, 0x0A, 0x09, 0x3B].contains(bytes[first])) }
        }
    }

    /// pglast (PyPI), which wraps the same libpg_query 15, splits every line into the same
    /// statements, and rejects the same lines.
    @Test func pglastAgreesOnStatementBoundaries() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/sql_oracle.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, Self.corpusPath]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the oracle failed; is pglast installed (scripts/test.sh installs it)?")
        let byLine = Dictionary(uniqueKeysWithValues: Self.cases.map { ($0.line, $0) })
        var compared = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let number = try #require(record["line"] as? Int)
            let example = try #require(byLine[number])
            let bytes = Array(example.sql.utf8)
            switch PgQuery.parse(example.sql) {
            case .success(let statements):
                guard record["ok"] as? Bool == true else {
                    Issue.record("line \(number): libpg_query parses it, pglast does not: \(example.sql)")
                    continue
                }
                let theirs = (record["statements"] as? [[String: Any]] ?? []).map { statement in
                    Trim.statement(bytes, (statement["start"] as? Int ?? 0)..<(statement["end"] as? Int ?? 0))
                }.filter { !$0.isEmpty }
                let ours = statements.map { Trim.statement(bytes, $0.range) }.filter { !$0.isEmpty }
                #expect(ours == theirs, "line \(number): \(example.sql)")
                compared += 1
            case .failure:
                // pglast 5.10 accepts two numeric literals PostgreSQL 15 itself rejects (0x1F, 1_000_000).
                let knownDifference = example.sql.contains("0x1F") || example.sql.contains("1_000_000")
                #expect(record["ok"] as? Bool == false || knownDifference, "line \(number): pglast parses what libpg_query rejects")
                compared += 1
            }
        }
        #expect(compared == Self.cases.count)
    }
}

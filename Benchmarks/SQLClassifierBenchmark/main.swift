import BlastwallCore
import BlastwallSQL

#if canImport(Glibc)
    import Glibc
#endif

// Statements per second through the PostgreSQL classifier, and the latency it adds per statement,
// on the labelled corpus and on the statements pgbench sends; then the proxy's shape lookup
// (PostgreSQL's normalisation), which replaces the classifier for a statement whose shape is known.
// Usage: swift run -c release SQLClassifierBenchmark [seconds] [corpus.tsv]

func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func readCorpus(_ path: String) -> [String] {
    guard let file = fopen(path, "r") else {
        print("cannot open \(path)")
        exit(1)
    }
    defer { fclose(file) }
    var lines: [String] = []
    var buffer = [CChar](repeating: 0, count: 1 << 20)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .trimmingSuffix("\n")
        guard !line.isEmpty, !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { continue }
        var sql = String(line[line.index(after: tab)...])
        while let range = sql.range(of: "\\n") { sql.replaceSubrange(range, with: "\n") }
        lines.append(sql)
    }
    return lines
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
    func range(of needle: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}

/// `body` handles one text and says how many statements it held.
func measure(_ name: String, _ texts: [String], seconds: Double, _ body: (String) -> Int = { PostgresClassifier().classify($0).count }) {
    var latencies: [Double] = []
    var statements = 0
    let start = nanoseconds()
    var index = 0
    while Double(nanoseconds() - start) / 1e9 < seconds {
        let text = texts[index % texts.count]
        let before = nanoseconds()
        statements += body(text)
        latencies.append(Double(nanoseconds() - before) / 1000)
        index += 1
    }
    let elapsed = Double(nanoseconds() - start) / 1e9
    latencies.sort()
    let p50 = latencies[latencies.count / 2]
    let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
    print(
        "\(name): \(Int(Double(statements) / elapsed)) statements/s, \(Int(Double(index) / elapsed)) texts/s; per text p50 \(p50) µs, p99 \(p99) µs (\(index) texts)"
    )
}

let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 3
let corpusPath = CommandLine.arguments.dropFirst(2).first ?? "Tests/Fixtures/sql/corpus.tsv"
measure("corpus (\(readCorpus(corpusPath).count) texts)", readCorpus(corpusPath), seconds: seconds)
measure(
    "pgbench select-only", (1...1000).map { "SELECT abalance FROM pgbench_accounts WHERE aid = \($0 * 997 % 1_000_000);" },
    seconds: seconds)
measure(
    "pgbench tpcb-like update",
    (1...1000).map { "UPDATE pgbench_accounts SET abalance = abalance + \($0 % 5000 - 2500) WHERE aid = \($0 * 997 % 1_000_000);" },
    seconds: seconds)
measure(
    "shape lookup, pgbench select-only", (1...1000).map { "SELECT abalance FROM pgbench_accounts WHERE aid = \($0 * 997 % 1_000_000);" },
    seconds: seconds
) { StatementShape.normalized($0) == nil ? 0 : 1 }
measure(
    "shape lookup, pgbench tpcb-like update",
    (1...1000).map { "UPDATE pgbench_accounts SET abalance = abalance + \($0 % 5000 - 2500) WHERE aid = \($0 * 997 % 1_000_000);" },
    seconds: seconds
) { StatementShape.normalized($0) == nil ? 0 : 1 }

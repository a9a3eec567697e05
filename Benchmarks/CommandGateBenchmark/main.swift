// In-process throughput of the command gate: decisions per second over a corpus of real
// commands (the labelled corpus, every rule's own examples, and wrapped variants of them).
// Run: swift run -c release CommandGateBenchmark [seconds]
import BlastwallCore

#if canImport(Glibc)
    import Glibc
#endif

func readCorpus() -> [String] {
    var commands: [String] = []
    let file = #filePath
    let root = String(file[..<(file.firstRange(of: "/Benchmarks/")?.lowerBound ?? file.endIndex)])
    let directory = root + "/Tests/Fixtures/corpus"
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard name.hasSuffix(".tsv"), let stream = fopen(directory + "/" + name, "r") else { continue }
        defer { fclose(stream) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, stream) > 0, let line {
            let text = String(cString: line).split(separator: "\n").first.map(String.init) ?? ""
            if text.hasPrefix("#") { continue }
            let fields = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            if fields.count == 3 { commands.append(String(fields[2]).replacingAll("\\n", with: "\n")) }
        }
    }
    return commands
}

let examples = RuleRegistry.standard.rules.flatMap { $0.triggering + $0.nonTriggering }
    .map { $0.replacingAll("«", with: "").replacingAll("»", with: "") }
var corpus = readCorpus() + examples
let wrapped = corpus.prefix(600).map { "sudo timeout 60 bash -c " + "'" + $0.replacingAll("'", with: "'\\''") + "'" }
corpus += wrapped
let context = AnalysisContext(
    cwd: "/home/dev/project", home: "/home/dev",
    workspace: WorkspaceFacts(gitRoot: "/home/dev/project", gitBranch: "feature"))
let gate = CommandGate()
let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 3 : 3

var outcomes: [Decision: Int] = [:]
var errors = 0
for command in corpus {
    if let verdict = try? gate.evaluate(command: command, context: context).verdict {
        outcomes[verdict.decision, default: 0] += 1
    } else {
        errors += 1
    }
}

let clock = ContinuousClock()
if CommandLine.arguments.contains("--slowest") {
    // Which commands cost the most, to find the rule that needs attention.
    var costs: [(Duration, String)] = []
    for command in corpus {
        let before = clock.now
        for _ in 0..<5 { _ = try? gate.evaluate(command: command, context: context) }
        costs.append(((clock.now - before) / 5, command))
    }
    for (cost, command) in costs.sorted(by: { $0.0 > $1.0 }).prefix(15) {
        print("\(cost)  \(command.prefix(140))")
    }
    exit(0)
}
var decisions = 0
var latencies: [Duration] = []
let start = clock.now
while clock.now - start < .milliseconds(Int(seconds * 1000)) {
    for command in corpus {
        let before = clock.now
        _ = try? gate.evaluate(command: command, context: context)
        latencies.append(clock.now - before)
        decisions += 1
    }
}
let elapsed = clock.now - start
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
latencies.sort()
func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}
let p50 = microseconds(latencies[latencies.count / 2])
let p99 = microseconds(latencies[latencies.count * 99 / 100])
print(
    "corpus: \(corpus.count) commands (\(outcomes[.allow] ?? 0) allow, \(outcomes[.ask] ?? 0) ask, \(outcomes[.deny] ?? 0) deny, \(errors) refused as unparsable)"
)
print("decisions: \(decisions) in \(format3(elapsedSeconds)) s")
print("throughput: \(Int(Double(decisions) / elapsedSeconds)) decisions/s")
print("latency: p50 \(format3(p50)) µs, p99 \(format3(p99)) µs")

func format3(_ value: Double) -> String {
    let scaled = (value * 10).rounded() / 10
    return String(scaled)
}

// Loading a policy file happens on every hook call that has one; the built-in policy's text is a
// realistic size (about 100 lines).
let loadStart = clock.now
var loads = 0
while clock.now - loadStart < .milliseconds(500) {
    _ = try? PolicyLoader.load(DefaultPolicy.text, file: "bench.yaml")
    loads += 1
}
let loadElapsed = clock.now - loadStart
print(
    "policy file load (\(DefaultPolicy.text.split(separator: "\n").count) lines): \(format3(microseconds(loadElapsed) / Double(loads))) µs")
